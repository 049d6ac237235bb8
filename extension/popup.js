// The toolbar popup: the current tab at a glance (popup-facts.js decides what it says), and the
// way to the policy's clauses and to the options page.
import { MESSAGES } from "./messages.js";
import { popupFacts } from "./popup-facts.js";
import { errorText } from "./wire.js";

/** What the tab's content script said when the popup opened (its selection goes with a concern). */
let pageAnswer = null;

async function describe() {
  const tab = await currentTab();
  const url = tab?.url ?? "";
  const [fromWorker, fromPage] = await Promise.all([
    chrome.runtime.sendMessage({ type: MESSAGES.popupToBackground.describeUrl, url }).catch(() => null),
    tab?.id === undefined ? null : askPage(tab.id),
  ]);
  pageAnswer = fromPage;
  const facts = popupFacts({ url, fromPage, fromWorker: fromWorker?.ok ? fromWorker : { engine: { ok: false, error: fromWorker?.error } } });
  for (const [key, fact] of Object.entries(facts)) {
    const label = document.getElementById(`${key}-label`);
    const message = document.getElementById(`${key}-message`);
    label.textContent = fact.label;
    label.className = fact.tone === "ok" ? "" : fact.tone;
    message.textContent = fact.message;
  }
  document.getElementById("loading").hidden = true;
  document.getElementById("facts").hidden = false;
}

/**
 * The tab's own account of itself (its content script's), waiting briefly while the page is still
 * being checked; null when no content script answers (a browser page, or a tab opened before
 * SafePost started).
 */
async function askPage(tabId) {
  for (let attempt = 0; ; attempt += 1) {
    const reply = await chrome.tabs
      .sendMessage(tabId, { type: MESSAGES.popupToContent.describePage }, { frameId: 0 })
      .catch(() => null);
    if (!reply?.ok || reply.checked || attempt === 15) return reply;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The tab the popup describes: the active tab of the window it opened from. Opened as a page with
 * `?tab=<id>` (as the end-to-end tests do), that tab instead.
 * @returns {Promise<chrome.tabs.Tab | undefined>}
 */
async function currentTab() {
  const asked = Number(new URLSearchParams(location.search).get("tab"));
  if (Number.isInteger(asked) && asked > 0) return chrome.tabs.get(asked).catch(() => undefined);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab;
}

document.getElementById("record-concern").addEventListener("click", async () => {
  const tab = await currentTab();
  const message = { type: MESSAGES.popupToBackground.recordConcern, tabId: tab?.id, selection: pageAnswer?.selection ?? "" };
  const reply = tab?.id === undefined ? null : await chrome.runtime.sendMessage(message).catch(() => null);
  if (reply?.ok) {
    window.close();
    return;
  }
  const loading = document.getElementById("loading");
  loading.textContent = `SafePost could not record this tab (${String(reply?.error ?? "it is not a web page").replace(/\.$/, "")}). Take a screen print with your computer instead, and note the time, date and address (§6.3).`;
  loading.className = "problem";
  loading.hidden = false;
});
document.getElementById("open-records").addEventListener("click", () => {
  chrome.tabs.create({ url: chrome.runtime.getURL("records.html") });
  window.close();
});
document.getElementById("open-policy").addEventListener("click", () => {
  chrome.tabs.create({ url: chrome.runtime.getURL("policy.html") });
  window.close();
});
document.getElementById("open-options").addEventListener("click", () => {
  chrome.runtime.openOptionsPage();
  window.close();
});

describe().catch((error) => {
  const loading = document.getElementById("loading");
  loading.textContent = `SafePost could not describe this tab: ${errorText(error)}`;
  loading.className = "problem";
});
