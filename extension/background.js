// SafePost's service worker. It runs the WASM engine for the content script and the extension's
// pages (WASM cannot be compiled in content scripts on pages whose CSP forbids it), follows the
// IT policy, and keeps block mode's declarativeNetRequest rules in step with that policy.
import init, { SafePost, validatePolicy } from "./pkg/safepost.js";
// The contact guard's own module (§5.3, §5.6): instantiated the first time a person is checked.
import initContact, { SafePostContact, nameForms } from "./pkg/safepost_contact.js";
// The deeper check (the model that reads drafts for meaning): its own module and model file on
// its own thread, loaded when a compose field is first used, never on the keystroke path.
import { askDeepCheck, stopDeepCheck } from "./deep-host.js";
import { MESSAGES } from "./messages.js";
import { errorText, plain } from "./wire.js";
import { ADAPTERS } from "./adapters.js";
import { readPolicySource, EMPTY_MANAGED_RECHECK_MS } from "./policy-source.js";
import { applyBlockRules } from "./block-rules.js";
import { familyMatcher, rememberFamily, listFamily, forgetFamily } from "./family.js";
import { lessonNow, lessonFinding } from "./lesson-time.js";
import { captureConcern } from "./concern-capture.js";

const EXTENSION_ORIGIN = chrome.runtime.getURL("");

// The engine and the status of the policy it enforces: a promise of { engine, status }.
// Chrome stops idle workers and this is lost with them; enforcement() rebuilds it on demand.
let current = null;
// Loads run one after another, so the last policy read is the one whose block rules stay.
/** @type {Promise<unknown>} */
let loading = Promise.resolve();
let recheckTimer = null;

function enforcement() {
  return current ?? reloadPolicy();
}

/** Re-reads the policy and builds a new engine; callers asking meanwhile wait for the new one. */
function reloadPolicy(options = {}) {
  const attempt = loading.then(() => loadEnforcement(options));
  loading = attempt.catch(() => {});
  current = attempt;
  // A failed load must not stick: the next event tries again.
  attempt.catch(() => {
    if (current === attempt) current = null;
  });
  return attempt;
}

async function loadEnforcement({ trustEmpty = false, announce = false } = {}) {
  await init(); // Returns at once when this worker has already instantiated the module.
  const source = await readPolicySource(validatePolicy, { trustEmpty });
  const { engine, status, roster } = createEngine(source);
  status.blockRules = await syncBlockRules(engine);
  // IT switched the deeper check off: a model loaded before goes now, not after its quiet spell.
  if (status.policy.content?.deep_check === false) stopDeepCheck("IT switched the deeper check off.").catch(logFailure);

  clearTimeout(recheckTimer);
  if (source.recheck) {
    recheckTimer = setTimeout(() => reloadPolicy({ trustEmpty: true, announce: true }), EMPTY_MANAGED_RECHECK_MS);
  }
  if (announce) {
    chrome.runtime.sendMessage({ type: MESSAGES.backgroundToPages.policyChanged }).catch(() => {
      // No extension page is open to hear it.
    });
  }
  // Old engines are not freed: a handler may still hold one, and wasm-bindgen's finaliser frees it.
  return { engine, status, roster };
}

/** Builds the engine for the chosen policy, falling back to the built-in policy if it is refused. */
function createEngine(source) {
  const problems = [...source.problems];
  let engine = null;
  let from = source.source;
  if (source.policy) {
    try {
      engine = new SafePost(source.policy);
    } catch (error) {
      problems.push({ path: "", message: `The IT policy could not be used: ${errorText(error)}` });
      from = "default";
    }
  }
  engine ??= SafePost.withDefaultPolicy();
  const { roster, ...policy } = plain(engine.policy());
  const status = {
    source: from,
    // The roster's hashes and key stay in the engine: pages are shown a summary.
    policy: { ...policy, roster: rosterSummary(roster) },
    platformNames: platformNames(engine, policy),
    problems: plain(problems),
    managed: source.managed,
    checkedAt: source.checkedAt,
  };
  // The validated roster, kept whole for the contact module (see contactChecker).
  return { engine, status, roster: roster ?? null };
}

/** What the options page shows of the roster: when it was built, and how many entries per academy. */
function rosterSummary(roster) {
  if (!roster) return null;
  return {
    built: roster.built,
    academies: roster.academies.map((a) => ({
      name: a.name,
      pupils: a.pupils.length,
      former_pupils: a.former_pupils.length,
      parents: a.parents.length,
    })),
  };
}

// The contact checker for each loaded policy (its engine): made on the first person checked.
const contactCheckers = new WeakMap();

/** The contact checker for a loaded policy, from the roster and academies its engine validated. */
async function contactChecker(loaded) {
  let checker = contactCheckers.get(loaded.engine);
  if (!checker) {
    await initContact(); // Returns at once once this worker has instantiated the module.
    const academies = loaded.status.policy.organisation?.academies ?? [];
    checker = new SafePostContact(loaded.roster, academies.map((a) => a.name));
    contactCheckers.set(loaded.engine, checker);
  }
  return checker;
}

/** The deep findings for a draft that its fast findings do not already say. */
async function deepFindings(loaded, text, context) {
  const content = loaded.status.policy.content ?? {};
  const fast = plain(loaded.engine.checkText(text, context)).findings;
  // Naming the words that drove a finding scores the sentence once per word (about a second in
  // WebAssembly): the panel offers it on request (deepWords) instead of holding every reading.
  const options = { official: context?.account === "official", noWords: true, categories: content.categories ?? {} };
  return await askDeepCheck("check", { text, options, fast });
}

/** The verdict on a person, with `family`: the member of staff said they are family. */
async function personVerdict(loaded, person, account) {
  const checker = await contactChecker(loaded);
  const [verdict] = await liftFamily(loaded.status.policy, [person], [plain(checker.checkPerson(person, account ?? "unknown"))]);
  return verdict;
}

/**
 * Lifts the warning on each person the member of staff said is family (unless IT switched that
 * choice off), marking each verdict's `family`; the family list is read once for them all.
 */
async function liftFamily(policy, people, verdicts) {
  let isFamily = null;
  for (const [k, verdict] of verdicts.entries()) {
    verdict.family = false;
    if (!verdict.warn || policy.contact?.allow_family === false) continue;
    isFamily ??= await familyMatcher();
    if (await isFamily(nameForms(people[k]))) {
      verdict.family = true;
      verdict.warn = false;
    }
  }
  return verdicts;
}

/**
 * A draft in a conversation with a pupil or a parent: the channel is the problem (§5.3, §5.6),
 * whatever the words, so the finding covers no words and says who the conversation is with.
 */
function conversationFinding(verdict, name) {
  return {
    clause: verdict.clause,
    category: "pupil_contact",
    severity: verdict.severity,
    message: `This conversation is with ${name || "someone"} — ${verdict.message}`,
    start: 0,
    end: 0,
    start16: 0,
    end16: 0,
    matched: "",
    rule: "contact.conversation",
  };
}

/** Whether the sender's page (its tab's top page) is one of IT's exceptions. */
function isException(engine, sender) {
  try {
    return engine.checkUrl(String(sender.tab?.url ?? sender.url)).status === "exception";
  } catch {
    return false;
  }
}

/** Display names of the platforms the policy mentions, for the options page. */
function platformNames(engine, policy) {
  const ids = new Set([...policy.approved, ...Object.keys(policy.official_accounts ?? {})]);
  return Object.fromEntries([...ids].map((id) => [id, engine.platformVerdict(id)?.platform?.name ?? id]));
}

async function syncBlockRules(engine) {
  try {
    const rules = engine.blockRules();
    await applyBlockRules(plain(rules));
    return { count: rules.length, error: null };
  } catch (error) {
    return { count: 0, error: errorText(error) };
  }
}

/**
 * What the page's compose guard needs, or null where drafts are not checked: fields are checked
 * on social platforms (approved, or unapproved in warn mode) and wherever an adapter applies.
 */
function composeSetup(url, verdict, policy, engineError) {
  let host = "";
  try {
    host = new URL(url).hostname;
  } catch {
    return null;
  }
  const adapter = ADAPTERS.forHost(host);
  const social = verdict && (verdict.status === "approved" || (verdict.status === "unapproved" && verdict.action !== "block"));
  if (!adapter && !social) return null;
  const platform = adapter?.platform ?? verdict?.platform?.id ?? null;
  return {
    platform,
    adapter,
    officialAccounts: (platform && policy?.official_accounts?.[platform]) ?? [],
    // The Trust's and academies' names, for new channels named after them (§3.1).
    organisation: { name: policy?.organisation?.name ?? "", academies: (policy?.organisation?.academies ?? []).map((a) => ({ name: a.name })) },
    engineError,
    // IT may switch the deeper check off (content.deep_check); on unless it says so.
    deepCheck: policy?.content?.deep_check !== false,
  };
}

// Each handler returns the fields of an { ok: true } reply, or throws to give { ok: false }.
const handlers = {
  async [MESSAGES.contentToBackground.checkPage]({ url, signals }, sender) {
    if (!sender.tab) throw new Error("Page checks come from content scripts only.");
    let loaded;
    try {
      loaded = await enforcement();
    } catch (error) {
      // Still guard compose boxes on known platforms, to say that SafePost is not checking.
      return { verdict: null, compose: composeSetup(String(url), null, null, errorText(error)) };
    }
    const verdict = plain(loaded.engine.checkPage(String(url), signals));
    const compose = composeSetup(String(url), verdict, loaded.status.policy, null);
    // Lesson time (§5.3) matters on social platforms, not on the exceptions IT allows.
    const lesson = compose && verdict.status !== "exception" ? plain(lessonNow(loaded.engine)) : null;
    return { verdict, compose, lesson };
  },

  async [MESSAGES.contentToBackground.checkText]({ text, context, recipient }, sender) {
    if (!sender.tab) throw new Error("Drafts come from content scripts only.");
    const loaded = await enforcement();
    const { engine, status } = loaded;
    const result = engine.checkText(String(text), context);
    if (context?.account !== "official" && String(text).trim() && !isException(engine, sender)) {
      const lesson = lessonNow(engine);
      if (lesson) result.findings.unshift(lessonFinding(lesson));
    }
    if (recipient && String(text).trim()) {
      const verdict = await personVerdict(loaded, recipient, context?.account);
      if (verdict.warn) result.findings.unshift(conversationFinding(verdict, recipient.name ?? recipient.handle));
    }
    return { result, highAction: status.policy.content?.high_action ?? "confirm" };
  },

  async [MESSAGES.contentToBackground.deepCheck]({ text, context }, sender) {
    if (!sender.tab) throw new Error("Drafts come from content scripts only.");
    const loaded = await enforcement();
    if (loaded.status.policy.content?.deep_check === false) return { off: true, findings: [] };
    return await deepFindings(loaded, String(text), context);
  },

  async [MESSAGES.contentToBackground.deepWords]({ text, family, start16, end16 }, sender) {
    if (!sender.tab) throw new Error("Drafts come from content scripts only.");
    const loaded = await enforcement();
    if (loaded.status.policy.content?.deep_check === false) throw new Error("The deeper check is off.");
    return await askDeepCheck("words", { text: String(text), family: String(family), start16: Number(start16), end16: Number(end16) });
  },

  async [MESSAGES.contentToBackground.recordConcern]({ selection }, sender) {
    if (!sender.tab) throw new Error("Concerns are recorded from a tab.");
    return { id: await captureConcern(sender.tab, String(selection ?? "")) };
  },

  async [MESSAGES.contentToBackground.keepWarm](_message, sender) {
    if (!sender.tab) throw new Error("Only content scripts keep the worker warm.");
    await enforcement(); // the engine, loaded again if the worker had been stopped
    return {};
  },

  async [MESSAGES.contentToBackground.warmDeepCheck](_message, sender) {
    if (!sender.tab) throw new Error("Only content scripts warm the deeper check.");
    const loaded = await enforcement();
    if (loaded.status.policy.content?.deep_check !== false) await askDeepCheck("warm");
    return {};
  },

  // Drafts in frames, sent from the page around them (see compose-frames.js): the worker only
  // passes messages between a tab's frames, which cannot message each other directly.
  async [MESSAGES.contentToBackground.frameDraft]({ open }, sender) {
    if (!sender.tab || !sender.frameId) throw new Error("Only a frame reports its draft.");
    const message = { type: MESSAGES.backgroundToContent.frameDraft, frameId: sender.frameId, open: open === true };
    await chrome.tabs.sendMessage(sender.tab.id, message, { frameId: 0 }).catch(() => {});
    return {};
  },

  async [MESSAGES.contentToBackground.decideFrameDrafts]({ frameIds }, sender) {
    const ids = topFrameAsking(sender, frameIds);
    const drafts = await Promise.all(
      ids.map(async (frameId) => {
        const reply = await toFrame(sender.tab.id, frameId, { type: MESSAGES.backgroundToContent.decideDraft });
        const findings = Array.isArray(reply?.findings) ? reply.findings : [];
        return { frameId, answered: Boolean(reply?.ok), findings, blocking: reply?.blocking === true };
      }),
    );
    return { drafts };
  },

  async [MESSAGES.contentToBackground.settleFrameDrafts]({ frameIds, choice }, sender) {
    const ids = topFrameAsking(sender, frameIds);
    if (choice !== "post" && choice !== "edit") throw new Error("A choice is post or edit.");
    await Promise.all(ids.map((frameId) => toFrame(sender.tab.id, frameId, { type: MESSAGES.backgroundToContent.settleDraft, choice })));
    return {};
  },

  async [MESSAGES.contentToBackground.checkPerson]({ person, account }, sender) {
    if (!sender.tab) throw new Error("People are checked for content scripts only.");
    const loaded = await enforcement();
    return { verdict: await personVerdict(loaded, person, account), contact: contactSettings(loaded.status.policy) };
  },

  async [MESSAGES.contentToBackground.checkPeople]({ people, account }, sender) {
    if (!sender.tab) throw new Error("People are checked for content scripts only.");
    const loaded = await enforcement();
    const { status } = loaded;
    const list = Array.isArray(people) ? people.slice(0, 1000) : [];
    const verdicts = plain((await contactChecker(loaded)).checkPeople(list, account ?? "unknown"));
    return { verdicts: await liftFamily(status.policy, list, verdicts), contact: contactSettings(status.policy) };
  },

  async [MESSAGES.contentToBackground.rememberFamily]({ person, platform }, sender) {
    if (!sender.tab) throw new Error("Family is remembered for content scripts only.");
    const { status } = await enforcement();
    if (status.policy.contact?.allow_family === false) throw new Error("Your IT team has switched this choice off.");
    await initContact(); // nameForms is the contact module's.
    await rememberFamily(nameForms(person), platform);
    return {};
  },

  async [MESSAGES.optionsToBackground.listFamily](_message, sender) {
    requireExtensionPage(sender);
    return { family: await listFamily() };
  },

  async [MESSAGES.optionsToBackground.forgetFamily]({ id }, sender) {
    requireExtensionPage(sender);
    await forgetFamily(String(id));
    return {};
  },

  async [MESSAGES.optionsToBackground.getPolicyStatus](_message, sender) {
    requireExtensionPage(sender);
    const { status } = await enforcement();
    return { status };
  },

  async [MESSAGES.popupToBackground.describeUrl]({ url }, sender) {
    requireExtensionPage(sender);
    let loaded;
    try {
      loaded = await enforcement();
    } catch (error) {
      return { verdict: null, lesson: null, timetable: false, engine: { ok: false, error: errorText(error) } };
    }
    const { engine, status } = loaded;
    let verdict = null;
    try {
      verdict = /^https?:/i.test(String(url)) ? plain(engine.checkUrl(String(url))) : null;
    } catch {
      // Not a URL SafePost checks: the popup says so.
    }
    return {
      verdict,
      lesson: plain(lessonNow(engine)),
      timetable: Boolean(status.policy.lesson_times),
      engine: { ok: true, source: status.source, problems: status.problems.length },
    };
  },

  async [MESSAGES.popupToBackground.recordConcern]({ tabId, selection }, sender) {
    requireExtensionPage(sender);
    return { id: await captureConcern(await chrome.tabs.get(Number(tabId)), String(selection ?? "")) };
  },

  async [MESSAGES.blockedPageToBackground.getPlatformVerdict]({ platformId }, sender) {
    requireExtensionPage(sender);
    const { engine } = await enforcement();
    const verdict = engine.platformVerdict(String(platformId));
    if (!verdict) throw new Error(`SafePost does not know the platform "${platformId}".`);
    return { verdict: plain(verdict) };
  },
};

function contactSettings(policy) {
  return { action: policy.contact?.action ?? "confirm", allowFamily: policy.contact?.allow_family !== false };
}

/** The frame IDs the top frame of a tab asks about (at most a page's worth, never the top itself). */
function topFrameAsking(sender, frameIds) {
  if (!sender.tab || sender.frameId !== 0) throw new Error("Only the top page asks its frames.");
  return Array.isArray(frameIds) ? [...new Set(frameIds.filter((id) => Number.isInteger(id) && id > 0))].slice(0, 64) : [];
}

/** A frame's answer, or null when it is gone (navigated away, or closed). */
function toFrame(tabId, frameId, message) {
  return chrome.tabs.sendMessage(tabId, message, { frameId }).catch(() => null);
}

function requireExtensionPage(sender) {
  if (!sender.url?.startsWith(EXTENSION_ORIGIN)) throw new Error("Only SafePost's own pages may ask this.");
}

// Listeners are registered synchronously so Chrome can wake the worker for them.
chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = Object.hasOwn(handlers, message?.type) ? handlers[message.type] : null;
  if (!handler) return false;
  answer(handler, message, sender).then(sendResponse);
  return true; // The reply is sent asynchronously.
});

async function answer(handler, message, sender) {
  try {
    return { ok: true, ...(await handler(message, sender)) };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}

chrome.storage.onChanged.addListener((_changes, areaName) => {
  // A managed change is authoritative, so an empty area now really means "no IT policy".
  if (areaName === "managed") reloadPolicy({ trustEmpty: true, announce: true }).catch(logFailure);
});

// Apply the policy (and block rules) as soon as the browser starts, not on the first page.
chrome.runtime.onStartup.addListener(() => enforcement().catch(logFailure));
chrome.runtime.onInstalled.addListener(() => {
  enforcement().catch(logFailure);
  // Record a concern from the page's own menu (§6.2, §6.3), with any text selected on it.
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: RECORD_CONCERN_MENU, title: "Record a concern with SafePost", contexts: ["page", "selection", "link", "image"] });
  });
});

const RECORD_CONCERN_MENU = "safepost-record-concern";
chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId !== RECORD_CONCERN_MENU || !tab) return;
  captureConcern(tab, info.selectionText ?? "").catch((error) => console.error("SafePost could not record the concern:", error));
});

function logFailure(error) {
  console.error("SafePost could not load its policy:", error);
}

