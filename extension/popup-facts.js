// What the toolbar popup says about the current tab, as plain data: the site's verdict (§5.1),
// the account SafePost sees (§3.3), lesson time (§5.3) and whether SafePost is checking.
// Kept apart from the page so every case can be tested without a browser (tests/node/popup.test.mjs).

/** @typedef {{ label: string, message: string, tone: "ok" | "warn" | "problem" }} Fact */

const SOURCES = {
  managed: "Your IT team's policy is in force.",
  "cached-managed": "Your IT team's policy (the last copy this device received) is in force.",
  default: "The built-in policy is in force: your IT team has not set one on this device.",
};

/**
 * @param {{ url: string, fromPage: any, fromWorker: any }} seen
 *   `fromPage`: the tab's content script's answer, or null when it did not answer;
 *   `fromWorker`: the service worker's answer about the URL.
 * @returns {{ site: Fact, account: Fact, lesson: Fact, checking: Fact }}
 */
export function popupFacts({ url, fromPage, fromWorker }) {
  const web = /^https?:/i.test(url ?? "");
  const page = fromPage?.ok ? fromPage : null;
  return {
    site: siteFact(web, page?.verdict ?? fromWorker?.verdict ?? null),
    account: accountFact(web, page),
    lesson: lessonFact(fromWorker),
    checking: checkingFact(web, page, fromWorker),
  };
}

/** @returns {Fact} */
function siteFact(web, verdict) {
  if (!web) return { label: "Not checked", message: "SafePost checks web pages; this is a page of the browser itself.", tone: "ok" };
  if (!verdict) return { label: "Not known", message: "SafePost could not check this address.", tone: "warn" };
  /** @type {Record<string, [string, Fact["tone"]]>} */
  const labels = {
    approved: ["Approved platform (§5.1)", "ok"],
    unapproved: [verdict.action === "block" ? "Not approved: blocked (§5.1)" : "Not approved (§5.1)", "warn"],
    exception: ["Allowed by your IT team", "ok"],
    not_social: ["Not a social platform", "ok"],
  };
  const [label, tone] = labels[verdict.status] ?? ["Not known", "warn"];
  return { label, message: verdict.message, tone };
}

/** @returns {Fact} */
function accountFact(web, page) {
  if (!web) return { label: "Not applicable", message: "Accounts matter on social platforms only.", tone: "ok" };
  if (!page) return { label: "Not known", message: "Reload the page so SafePost can read it.", tone: "warn" };
  if (!page.checked) return { label: "Not known yet", message: "SafePost is still reading this page.", tone: "ok" };
  if (!page.guarded || !page.account) {
    return { label: "Not applicable", message: "Accounts matter on social platforms only.", tone: "ok" };
  }
  const { kind, why } = page.account;
  if (kind === "official") return { label: "Official account", message: why, tone: "ok" };
  if (kind === "personal") {
    return { label: "Personal account", message: `${why} The rules for personal accounts apply (§5.3, §5.6).`, tone: "ok" };
  }
  return { label: "Not known", message: `${why} SafePost treats drafts here as from a personal account.`, tone: "ok" };
}

/** @returns {Fact} */
function lessonFact(fromWorker) {
  const lesson = fromWorker?.lesson;
  if (lesson) return { label: `Yes: ${lesson.period}, until ${lesson.end}`, message: lesson.message, tone: "warn" };
  if (fromWorker?.timetable) {
    return { label: "No", message: "Not during a lesson on the timetable your IT team set (§5.3).", tone: "ok" };
  }
  return { label: "No timetable", message: "Your IT team has not set lesson times, so SafePost does not remind you of them (§5.3).", tone: "ok" };
}

/** @returns {Fact} */
function checkingFact(web, page, fromWorker) {
  const engine = fromWorker?.engine;
  if (!engine?.ok) {
    return { label: "Not checking", message: `SafePost could not start: ${engine?.error ?? "its service did not answer"}. Tell your IT team.`, tone: "problem" };
  }
  const source = SOURCES[engine.source] ?? "";
  if (page?.engineError) {
    return { label: "Not checking", message: `SafePost could not start: ${page.engineError}. Tell your IT team.`, tone: "problem" };
  }
  if (web && !page) {
    return { label: "Not on this tab yet", message: `This tab was open before SafePost started. Reload it to have SafePost check it. ${source}`, tone: "warn" };
  }
  const what = page?.guarded
    ? "What you write here is checked before you post (§5.5, §5.6, §6.1)."
    : "SafePost checks every site you visit against the approved list (§5.1).";
  return { label: "Yes", message: `${what} ${source}`, tone: "ok" };
}
