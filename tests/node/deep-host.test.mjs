// The service worker's side of the deeper check's thread (extension/deep-host.js), with a stand-in
// Worker: replies reach the request they answer whatever their order, a failure reaches the caller
// as an error (so the compose guard sends on the fast verdict and says so), and a Worker that died
// or was let go is started again by the next request, and switching the check off lets the model go
// in both browsers' ways. The real Worker runs in the end-to-end tests.
import assert from "node:assert/strict";
import { test } from "node:test";
import { askDeepCheck, askWorker, stopDeepCheck, stopWorker, waiting } from "../../extension/deep-host.js";

/** A stand-in for `new Worker("deep-worker.js")` that keeps what it is sent until told to answer. */
function fakeWorker() {
  const worker = {
    sent: [],
    terminated: false,
    onmessage: null,
    onerror: null,
    postMessage(data) {
      worker.sent.push(data);
    },
    terminate() {
      worker.terminated = true;
    },
    answer(index, reply) {
      worker.onmessage({ data: { id: worker.sent[index].id, ...reply } });
    },
  };
  return worker;
}

test("replies reach the request they answer, in any order, and errors arrive as errors", async () => {
  const worker = fakeWorker();
  const first = askWorker(() => worker, "check", { text: "one" });
  const second = askWorker(() => assert.fail("a running Worker is reused"), "words", { text: "two" });
  const third = askWorker(() => assert.fail("a running Worker is reused"), "check", { text: "three" });
  assert.deepEqual(worker.sent.map((m) => [m.op, m.args.text]), [["check", "one"], ["words", "two"], ["check", "three"]]);
  assert.equal(waiting(), 3);
  worker.answer(1, { value: { words: ["two"] } });
  worker.answer(0, { value: { findings: [] } });
  worker.answer(2, { error: "The deeper check's model is missing (404)." });
  assert.deepEqual(await second, { words: ["two"] });
  assert.deepEqual(await first, { findings: [] });
  await assert.rejects(third, /model is missing \(404\)/);
  assert.equal(waiting(), 0);
  stopWorker("end of test");
});

test("a Worker that fails fails every request waiting on it, and the next request starts another", async () => {
  const dead = fakeWorker();
  const waitingOne = askWorker(() => dead, "warm", {});
  const waitingTwo = askWorker(() => dead, "check", { text: "x" });
  let prevented = false;
  dead.onerror({ message: "SyntaxError in deep-worker.js", preventDefault: () => (prevented = true) });
  await assert.rejects(waitingOne, /The deeper check stopped: SyntaxError in deep-worker\.js/);
  await assert.rejects(waitingTwo, /The deeper check stopped/);
  assert.ok(dead.terminated && prevented, "the dead Worker is let go, its error handled here");
  const fresh = fakeWorker();
  const again = askWorker(() => fresh, "warm", {});
  fresh.answer(0, { value: {} });
  assert.deepEqual(await again, {});
  stopWorker("end of test");
});

test("letting the Worker go fails what waits on it with the reason, and the next request starts it again", async () => {
  const first = fakeWorker();
  const pending = askWorker(() => first, "words", { text: "long" });
  stopWorker("The deeper check was let go after a quiet spell.");
  await assert.rejects(pending, /let go after a quiet spell/);
  assert.ok(first.terminated);
  assert.equal(waiting(), 0);
  const second = fakeWorker();
  const next = askWorker(() => second, "check", { text: "again" });
  assert.equal(second.sent.length, 1, "a new Worker took the request");
  second.answer(0, { value: { findings: [{ family: "harm" }] } });
  assert.deepEqual(await next, { findings: [{ family: "harm" }] });
  // A late reply from the Worker that was let go reaches no one.
  first.onmessage?.({ data: { id: first.sent[0].id, value: "stale" } });
  stopWorker("end of test");
});

test("switched off in Firefox's way (a background page with Worker): the Worker is let go at once", async () => {
  const started = [];
  globalThis.chrome = { runtime: { getURL: (file) => `moz-extension://id/${file}` } };
  globalThis.Worker = function (url, options) {
    const worker = fakeWorker();
    started.push({ url, options, worker });
    return worker;
  };
  try {
    const warm = askDeepCheck("warm");
    assert.deepEqual(started.map((s) => [s.url, s.options.type]), [["moz-extension://id/deep-worker.js", "module"]]);
    await stopDeepCheck("IT switched the deeper check off.");
    await assert.rejects(warm, /IT switched the deeper check off/);
    assert.ok(started[0].worker.terminated);
  } finally {
    delete globalThis.Worker;
    delete globalThis.chrome;
  }
});

test("switched off in Chromium's way (a service worker without Worker): the offscreen document is closed if open", async () => {
  for (const [contexts, closes] of [[[{ contextType: "OFFSCREEN_DOCUMENT" }], 1], [[], 0], [undefined, 1]]) {
    let closed = 0;
    globalThis.chrome = {
      runtime: contexts === undefined ? {} : { getContexts: async () => contexts },
      offscreen: {
        closeDocument: async () => {
          closed++;
          if (!contexts) throw new Error("No current offscreen document."); // not known to be open: expected
        },
      },
    };
    try {
      await stopDeepCheck("IT switched the deeper check off.");
      assert.equal(closed, closes, `with getContexts answering ${JSON.stringify(contexts)}`);
    } finally {
      delete globalThis.chrome;
    }
  }
});
