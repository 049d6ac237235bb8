// Chromium's offscreen document for the deeper check (deep.html): starts deep-worker.js, which a
// service worker cannot, and passes the service worker's requests to it. It lets the Worker (and
// the model's memory) go after a quiet spell; the next request starts it again.
import { askWorker, stopWorker, waiting } from "./deep-host.js";
import { MESSAGES } from "./messages.js";
import { errorText } from "./wire.js";

/** How long the model stays loaded with no request: a working session's pauses, not a day. */
const IDLE_MS = 10 * 60 * 1000;
let idleTimer = 0;

function restartIdleTimer() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (waiting() === 0) stopWorker("The deeper check was let go after a quiet spell.");
    else restartIdleTimer();
  }, IDLE_MS);
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message?.type !== MESSAGES.backgroundToOffscreen.deepCheck) return false;
  // Only the extension's own service worker asks; content scripts' messages carry a tab.
  if (sender.id !== chrome.runtime.id || sender.tab) return false;
  restartIdleTimer();
  askWorker(() => new Worker("deep-worker.js", { type: "module" }), message.op, message.args)
    .then(
      (value) => sendResponse({ ok: true, value }),
      (error) => sendResponse({ ok: false, error: errorText(error) }),
    )
    .finally(restartIdleTimer);
  return true; // The reply is sent asynchronously.
});
