// The names of every message passed between SafePost's parts, grouped by direction.
//
// Imported by the content script, the service worker and the extension's pages (each bundled by
// scripts/build-extension.mjs), so every part names a message the same way.
//
// Every request is `{ type, ...fields }`; every reply is `{ ok: true, ... }` or `{ ok: false, error }`.
export const MESSAGES = Object.freeze({
  contentToBackground: Object.freeze({
    // { url, signals: PageSignals } → { verdict: SiteVerdict | null, compose: ComposeSetup | null }
    checkPage: "content→background: check page",
    // { text, context: CheckContext } → { result: CheckResult, highAction: "confirm" | "block" }
    checkText: "content→background: check text",
    // { selection } → { id }: records a concern about the sender's tab (the §6.1 panel's button).
    recordConcern: "content→background: record concern",
    // { text, context: CheckContext } → { findings: DeepFinding[], readBytes } (the deeper
    // check's findings that the fast ones do not already say) or { off: true, findings: [] }
    deepCheck: "content→background: deep check",
    // { text, family, start16, end16 } (a deep finding's) → { words: DrivingWord[] }: the words
    // that drove it, named when the member of staff asks (it scores the sentence once per word).
    deepWords: "content→background: deep words",
    // {} → {}; loads the deeper check's model ahead of the first draft.
    warmDeepCheck: "content→background: warm deep check",
    // {} → {}; a field is being written in: the worker stays up, its engine loaded.
    keepWarm: "content→background: keep warm",
    // { person: Person, account: AccountKind } → { verdict: PersonVerdict & { family: boolean },
    //   contact: { action: "confirm" | "block", allowFamily: boolean } }
    checkPerson: "content→background: check person",
    // { people: Person[], account: AccountKind } → { verdicts: (PersonVerdict & { family })[] }
    checkPeople: "content→background: check people",
    // { person: Person, platform } → {}; refused when IT switched the family choice off.
    rememberFamily: "content→background: remember family",
    // From a frame: { open } → {}; its draft is open (not yet checked, or findings not decided).
    frameDraft: "content→background: frame draft",
    // From the top frame: { frameIds } → { drafts: { frameId, answered, findings, blocking }[] }
    decideFrameDrafts: "content→background: decide frame drafts",
    // From the top frame: { frameIds, choice: "post" | "edit" } → {}
    settleFrameDrafts: "content→background: settle frame drafts",
  }),
  optionsToBackground: Object.freeze({
    // {} → { status: { source, policy, platformNames, problems, managed, checkedAt, blockRules } }
    getPolicyStatus: "options→background: get policy status",
    // {} → { family: { id, platform, added }[] }
    listFamily: "options→background: list family",
    // { id } → {}
    forgetFamily: "options→background: forget family",
  }),
  popupToBackground: Object.freeze({
    // { url } → { verdict: SiteVerdict | null, lesson: LessonNow | null, timetable: boolean,
    //   engine: { ok: true, source } | { ok: false, error } }
    describeUrl: "popup→background: describe url",
    // { tabId, selection } → { id }: captures the tab (screenshot, address, time, the text the
    // page had selected when the popup opened) as a draft
    // concern and opens its form (§6.2, §6.3).
    recordConcern: "popup→background: record concern",
  }),
  popupToContent: Object.freeze({
    // To a tab's top frame: {} → { verdict: SiteVerdict | null, account: { kind, handle, why } | null,
    //   guarded: boolean (drafts on this page are checked), engineError: string | null,
    //   selection: string (text selected on the page, for a recorded concern) }
    describePage: "popup→content: describe page",
  }),
  blockedPageToBackground: Object.freeze({
    // { platformId } → { verdict: SiteVerdict }
    getPlatformVerdict: "blocked page→background: get platform verdict",
  }),
  backgroundToContent: Object.freeze({
    // To the top frame: { frameId, open } → no reply; a frame's draft opened or closed.
    frameDraft: "background→content: frame draft",
    // To a frame: {} → { findings: Finding[], blocking } for its draft, checked now.
    decideDraft: "background→content: decide draft",
    // To a frame: { choice: "post" | "edit" } → {}
    settleDraft: "background→content: settle draft",
  }),
  backgroundToOffscreen: Object.freeze({
    // To Chromium's offscreen document (deep.html): { op: "warm" | "check" | "words", args } →
    // { value } (deep-worker.js's reply to op): the deeper check, run on its own thread.
    deepCheck: "background→offscreen: deep check",
  }),
  backgroundToPages: Object.freeze({
    // {} → no reply; the active policy changed, so pages showing it should ask again.
    policyChanged: "background→pages: policy changed",
  }),
});
