// The deeper check's own thread: a module Worker that holds the model and answers the service
// worker's requests one at a time. While it reads a draft (a fifth of a second to a few seconds),
// the service worker keeps answering page verdicts and fast checks. Started by deep-host.js:
// from Firefox's background page directly, from Chromium's offscreen document (deep.html), as a
// Chromium service worker cannot start Workers.
//
// Requests: { id, op: "warm" | "check" | "words", args } → { id, value } or { id, error }.
import initDeep, { SafePostDeep } from "./pkg/safepost_deep.js";
import { errorText, plain } from "./wire.js";

const MODEL_URL = new URL("model/a2-minilm-q8.gguf", self.location.href);

/** @type {Promise<SafePostDeep> | null} a promise of the model, dropped if it failed to load */
let checker = null;

function loadChecker() {
  checker ??= (async () => {
    await initDeep();
    const response = await fetch(MODEL_URL);
    if (!response.ok) throw new Error(`The deeper check's model is missing (${response.status}).`);
    // Read tensor by tensor from this array, never copied whole into the module's memory.
    return new SafePostDeep(new Uint8Array(await response.arrayBuffer()));
  })();
  checker.catch(() => {
    checker = null; // the next request tries again
  });
  return checker;
}

const OPS = {
  async warm() {
    await loadChecker();
    return {};
  },
  /** The deep findings the fast ones (`fast`) do not already say. */
  async check({ text, options, fast }) {
    const result = plain((await loadChecker()).check(String(text), options));
    return { findings: plain(SafePostDeep.merge(fast, result.findings)), readBytes: result.read_bytes };
  },
  async words({ text, family, start16, end16 }) {
    const words = (await loadChecker()).words(String(text), String(family), Number(start16), Number(end16));
    return { words: plain(words) };
  },
};

// Requests are answered in order: the model runs on this one thread.
let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  const { id, op, args } = data ?? {};
  queue = queue.then(async () => {
    try {
      if (!Object.hasOwn(OPS, op)) throw new Error(`The deeper check has no request ${JSON.stringify(op)}.`);
      self.postMessage({ id, value: await OPS[op](args ?? {}) });
    } catch (error) {
      self.postMessage({ id, error: errorText(error) });
    }
  });
};
