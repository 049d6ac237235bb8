// The memory of the deeper check's own thread (extension/deep-worker.js, the Worker that the
// offscreen document deep.html starts), read through the DevTools protocol: its JavaScript heap,
// the buffers it holds (the model file while it is read) and its WebAssembly memory, after a
// garbage collection. Compiled code is not counted (the protocol does not report it per thread);
// the resident size of the whole extension process, which deep-bench.mjs also reports, does.
//
// The Worker is reached as the offscreen document's child: the browser's session attaches to
// deep.html, which attaches to its workers (Target.setAutoAttach), each step a message inside
// the one before (Target.sendMessageToTarget), as Playwright's sessions carry no child session id.

const MB = 1024 * 1024;

/** {heapMb, buffersMb, wasmMb, totalMb} of the deeper check's Worker in `browser` (a SafePost
 *  browser from tests/e2e/harness.mjs, with the deeper check warmed). */
export async function deepWorkerMemory(browser) {
  const cdp = await browser.context.browser().newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send("Target.getTargets");
    const deep = targetInfos.find((t) => t.url.endsWith("/deep.html"));
    if (!deep) throw new Error("The deeper check's offscreen document is not open.");
    const { sessionId } = await cdp.send("Target.attachToTarget", { targetId: deep.targetId, flatten: false });
    let lastId = 0;
    const pending = new Map();
    let workerFound;
    let timer;
    const worker = new Promise((resolve, reject) => {
      workerFound = resolve;
      timer = setTimeout(() => reject(new Error("The deeper check's Worker did not attach in 10 s.")), 10_000);
    });
    const answer = (message) => {
      const settle = pending.get(message.id);
      if (!settle) return;
      pending.delete(message.id);
      settle(message);
    };
    cdp.on("Target.receivedMessageFromTarget", (event) => {
      if (event.sessionId !== sessionId) return;
      const message = JSON.parse(event.message);
      if (message.method === "Target.attachedToTarget" && message.params.targetInfo.url.endsWith("/deep-worker.js")) {
        workerFound(message.params.sessionId);
      } else if (message.method === "Target.receivedMessageFromTarget") {
        answer(JSON.parse(message.params.message));
      } else {
        answer(message);
      }
    });
    /** Sends `method` to the offscreen document, or through it to its child session `child`. */
    const send = async (method, params = {}, child = null) => {
      const id = ++lastId;
      const reply = new Promise((resolve) => pending.set(id, resolve));
      let message = { id, method, params };
      if (child) message = { id: ++lastId, method: "Target.sendMessageToTarget", params: { sessionId: child, message: JSON.stringify(message) } };
      await cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify(message) });
      const { result, error } = await reply;
      if (error) throw new Error(`${method}: ${error.message}`);
      return result;
    };
    void send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    const child = await worker.finally(() => clearTimeout(timer));
    await send("HeapProfiler.collectGarbage", {}, child);
    const heap = await send("Runtime.getHeapUsage", {}, child);
    // Every WebAssembly.Memory alive in the Worker, summed.
    const { result: proto } = await send("Runtime.evaluate", { expression: "WebAssembly.Memory.prototype" }, child);
    const { objects } = await send("Runtime.queryObjects", { prototypeObjectId: proto.objectId }, child);
    const { result: wasm } = await send(
      "Runtime.callFunctionOn",
      { objectId: objects.objectId, functionDeclaration: "function () { return this.reduce((sum, m) => sum + m.buffer.byteLength, 0); }", returnByValue: true },
      child,
    );
    const heapMb = heap.totalSize / MB;
    const buffersMb = heap.backingStorageSize / MB;
    const wasmMb = wasm.value / MB;
    return { heapMb, buffersMb, wasmMb, totalMb: heapMb + buffersMb + wasmMb };
  } finally {
    await cdp.detach().catch(() => {});
  }
}
