// Where the deeper check runs: on its own thread (deep-worker.js), never on the service worker's,
// so page verdicts, fast checks and contact checks are answered while the model reads a draft.
//   - Firefox runs the background as a page, which starts the Worker itself.
//   - A Chromium service worker cannot start Workers: an offscreen document (deep.html,
//     deep-offscreen.js) starts it and passes requests and replies through chrome.runtime.
// The model stays loaded there when Chromium stops an idle service worker; the offscreen document
// lets it go after a quiet spell (deep-offscreen.js).
import { MESSAGES } from "./messages.js";

/** Asks the deeper check's thread: `op` is "warm", "check" or "words" (see deep-worker.js). */
export function askDeepCheck(op, args = {}) {
  return typeof Worker === "function" ? askOwnWorker(op, args) : askOffscreen(op, args);
}

/**
 * Lets the deeper check's thread and its model go (IT switched the check off): the memory is
 * freed at once instead of after the quiet spell. A request made later starts it again.
 */
export async function stopDeepCheck(reason) {
  if (typeof Worker === "function") return stopWorker(reason);
  // Without getContexts (Chromium before 116) whether the document is open is not known: closing
  // one that is not open only fails, and that failure is expected.
  const open = await chrome.runtime.getContexts?.({ contextTypes: ["OFFSCREEN_DOCUMENT"] });
  if (!open || open.length) await chrome.offscreen.closeDocument().catch(() => {});
}

// ---- Firefox (and any background with a DOM): the Worker, started here.

/** @type {Worker | null} */
let worker = null;
let nextId = 1;
/** @type {Map<number, { resolve: (value: any) => void, reject: (error: Error) => void }>} */
const pending = new Map();

/** Sends one request to a Worker running deep-worker.js, starting it first if needed. */
export function askWorker(start, op, args) {
  if (!worker) {
    worker = start();
    worker.onmessage = ({ data }) => settle(data);
    // The Worker failed to start or died: every request waiting on it fails, and the next starts
    // a new one (the compose guard then sends on the fast verdict and says so).
    worker.onerror = (event) => {
      event.preventDefault?.();
      worker?.terminate();
      worker = null;
      failAll(new Error(`The deeper check stopped: ${event.message || "its thread failed to start"}.`));
    };
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

function settle({ id, value, error }) {
  const waiting = pending.get(id);
  if (!waiting) return;
  pending.delete(id);
  if (error === undefined) waiting.resolve(value);
  else waiting.reject(new Error(error));
}

function failAll(error) {
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
}

/** How many requests wait on the Worker. */
export function waiting() {
  return pending.size;
}

/** Lets the Worker go (its model with it); a request waiting on it fails. */
export function stopWorker(reason) {
  worker?.terminate();
  worker = null;
  failAll(new Error(reason));
}

function askOwnWorker(op, args) {
  return askWorker(() => new Worker(chrome.runtime.getURL("deep-worker.js"), { type: "module" }), op, args);
}

// ---- Chromium's service worker: through the offscreen document.

const OFFSCREEN_URL = "deep.html";
/** @type {Promise<void> | null} */
let creating = null;

async function askOffscreen(op, args) {
  await offscreenDocument();
  const reply = await chrome.runtime.sendMessage({ type: MESSAGES.backgroundToOffscreen.deepCheck, op, args });
  // No reply: the document was closed between the check and the message; the next request opens it.
  if (!reply) throw new Error("The deeper check's document did not answer.");
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/** Opens the offscreen document unless it is open (one at a time per extension). */
async function offscreenDocument() {
  const open = await chrome.runtime.getContexts?.({ contextTypes: ["OFFSCREEN_DOCUMENT"] });
  if (open?.length) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: OFFSCREEN_URL,
      reasons: [chrome.offscreen.Reason.WORKERS],
      justification: "Runs SafePost's deeper check (an on-device model) on its own thread, so the extension keeps answering while it reads a draft.",
    })
    .catch((error) => {
      // Two callers raced, or getContexts is missing (Chromium before 116): one document is open.
      if (!/single offscreen document/i.test(String(error?.message))) throw error;
    })
    .finally(() => {
      creating = null;
    });
  await creating;
}
