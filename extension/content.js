// The content script (bundled with what it imports into one file by scripts/build-extension.mjs).
// Asks the service worker whether this page is an unapproved platform, and if so warns
// (or, in block mode, sends the tab to the block page); starts the compose guard where drafts
// are checked. Nothing here may throw into the page.
import { MESSAGES } from "./messages.js";
import { ADAPTERS } from "./adapters.js";
import { showUnapprovedBanner, showLessonBanner } from "./banner.js";
import { startComposeGuard, holdEarlySends, hasSendLabel, isSendButton, accountKind, accountSeen, COMPOSE_TIMINGS } from "./compose.js";
import { startContactGuard, contactActionAt } from "./contact-guard.js";
import { collectPageSignals } from "./page-signals.js";
import { listenForFrameDrafts } from "./compose-frames.js";
import { startChannelGuard } from "./channel-guard.js";

// What the end-to-end tests and the benchmark read through DevTools. It lives in the content
// script's isolated world, which the page cannot reach.
globalThis.safepost = Object.freeze({ adapters: ADAPTERS, hasSendLabel, isSendButton, contactActionAt, composeTimings: COMPOSE_TIMINGS });

// Runs in every frame: same-origin frames (and about:blank ones) guard their own compose boxes
// under the top page's verdict; only the top frame shows the banner or blocks.

// Sends made before the service worker has answered are held, not let through unchecked; the
// page's adapter (bundled, see adapters.js) tells which fields send on plain Enter.
listenForFrameDrafts();
const pageAdapter = ADAPTERS.forHost(topFrameLocation()?.hostname ?? "") ?? null;
const earlySends = holdEarlySends(pageAdapter);

// Contact with pupils and parents (§5.3, §5.6): guarded from the start on platforms with an
// adapter; elsewhere once the page is known to be social.
let resolveContactSetup;
const contactSetup = new Promise((resolve) => {
  resolveContactSetup = resolve;
});
if (pageAdapter) startContactGuard(pageAdapter, contactSetup);
// New academy channels (§3.1): the same, with the platform's name for the dialog.
const channelSetup = contactSetup.then((setup) => (setup ? { setup, platformName: platformNameOf(setup) } : null));
startChannelGuard(pageAdapter, channelSetup);

// The service worker's answer about this page (its verdict and compose setup), once it has come:
// for the new-channel dialog's platform name and, in the top frame, the toolbar popup.
/** @type {{ verdict: any, compose: any } | null} */
let pageSeen = null;
if (window === window.top) {
  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (message?.type !== MESSAGES.popupToContent.describePage || sender.id !== chrome.runtime.id) return false;
    sendResponse({
      ok: true,
      checked: pageSeen !== null,
      verdict: pageSeen?.verdict ?? null,
      account: pageSeen?.compose ? accountSeen(pageSeen.compose) : null,
      guarded: Boolean(pageSeen?.compose),
      engineError: pageSeen?.compose?.engineError ?? null,
      selection: String(window.getSelection() ?? "").slice(0, 5000),
    });
    return false;
  });
}

(async () => {
  try {
    const top = topFrameLocation();
    if (!top) return; // A cross-origin frame: its own page is checked when it is the top frame.
    const reply = await chrome.runtime.sendMessage({
      type: MESSAGES.contentToBackground.checkPage,
      url: top.href,
      signals: collectPageSignals(top === location ? document : window.top.document),
    });
    if (!reply?.ok) return;
    pageSeen = { verdict: reply.verdict ?? null, compose: reply.compose ?? null };
    if (reply.compose) startComposeGuard(reply.compose, earlySends.lastField());
    if (reply.compose && !pageAdapter) startContactGuard(null, contactSetup);
    resolveContactSetup(reply.compose ?? null);
    earlySends.release();
    const verdict = reply.verdict;
    if (window !== window.top) return;
    // Lesson time (§5.3): a reminder unless the page is signed in to an official account.
    if (reply.lesson && reply.compose && accountKind(reply.compose) !== "official") showLessonBanner(reply.lesson);
    if (verdict?.status !== "unapproved") return;

    // Block mode's network rules only know platforms by domain; a platform recognised from
    // the page itself (e.g. a self-hosted Mastodon) is blocked here instead.
    if (verdict.action === "block" && verdict.platform) {
      location.replace(chrome.runtime.getURL(`blocked.html#${encodeURIComponent(verdict.platform.id)}`));
      return;
    }
    showUnapprovedBanner(verdict);
  } catch {
    // The extension was reloaded or the page is unusual: show nothing rather than break the page.
  } finally {
    earlySends.release(); // Once only: later calls find nothing held.
    resolveContactSetup(null); // No answer (or an error): held contact clicks go through.
  }
})();

/** The platform's display name from the page's verdict, for the new-channel dialog. */
function platformNameOf(setup) {
  return pageSeen?.verdict?.platform?.name ?? setup.platform ?? "this platform";
}

/** The top frame's location when this frame may read it (itself, or a same-origin frame). */
function topFrameLocation() {
  try {
    return window === window.top ? location : window.top.location.href && window.top.location;
  } catch {
    return null;
  }
}
