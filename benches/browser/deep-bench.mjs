// Browser benchmark of the deeper check where staff run it: in Chromium's extension (Debian
// Chromium + the built extension, as the end-to-end tests run it), asked through the service
// worker, read in the offscreen document's Worker (extension/deep-host.js). Messages are
// sent from SafePost's content script, as the compose guard sends them, and timed round trip:
//   1. model load: the first "warm deep check" after the worker has the engine (instantiating
//      pkg-deep/, fetching and parsing the model file);
//   2. a deep check of a 280-character and a 2,000-character draft (corpus drafts joined to
//      length, as benches/node/deep-bench.mjs builds them), without naming the driving words;
//      then the same of ordinary posts alone;
//   3. a fast check sent while the deeper check reads (the model runs on its own thread, in the
//      offscreen document's Worker, so the service worker answers meanwhile);
//   4. memory: the resident size of Chromium's extension process (which hosts the worker, the
//      offscreen document and its Worker) before and after the model is loaded, from /proc (Linux only);
//      and the deeper check's Worker alone (its heap, buffers and WebAssembly memory, through the
//      DevTools protocol: worker-memory.mjs), once loaded and after the checks.
// Prints a Markdown table for the README. Run after scripts/build.sh:
//   node benches/browser/deep-bench.mjs [runs=20]
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { draftOf, ordinaryDraftOf } from "../drafts.mjs";
import { evaluateInContentScript, startSafePost } from "../../tests/e2e/harness.mjs";
import { MESSAGES } from "../../extension/messages.js";
import { deepWorkerMemory } from "./worker-memory.mjs";

const runs = Number(process.argv[2] ?? 20);

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Sends `message` from the page's content script and returns [milliseconds, reply]. */
async function timed(page, message) {
  const started = performance.now();
  const reply = await evaluateInContentScript(page, `chrome.runtime.sendMessage(${JSON.stringify(message)})`);
  const ms = performance.now() - started;
  if (!reply?.ok) throw new Error(`the worker answered ${JSON.stringify(reply)}`);
  return [ms, reply];
}

/** Resident memory (MB) of Chromium's extension processes, where the service worker runs. */
function extensionProcessRss() {
  const pids = fs
    .readdirSync("/proc")
    .filter((pid) => /^\d+$/.test(pid))
    .filter((pid) => {
      try {
        // Chromium rewrites its command line into one space-separated string.
        return /(^|[\s\0])--extension-process([\s\0]|$)/.test(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8"));
      } catch {
        return false; // the process ended while the list was read
      }
    });
  if (pids.length === 0) throw new Error("No Chromium extension process was found in /proc: this measure needs Linux.");
  let kb = 0;
  for (const pid of pids) {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return { mb: kb / 1024, processes: pids.length };
}

/** The same call timed in the page without a message: what the round trip itself costs. */
async function messageCost(page) {
  const times = [];
  for (let i = 0; i < 10; i++) times.push((await timed(page, { type: MESSAGES.contentToBackground.keepWarm }))[0]);
  return percentile(times, 50);
}

const browser = await startSafePost();
const rows = [];
try {
  const page = await browser.open("https://www.facebook.com/facebook.html");
  await timed(page, { type: MESSAGES.contentToBackground.keepWarm }); // the engine, not the model
  const message = await messageCost(page);
  const before = extensionProcessRss();
  const [load] = await timed(page, { type: MESSAGES.contentToBackground.warmDeepCheck });
  const after = extensionProcessRss();
  const workerLoaded = await deepWorkerMemory(browser);
  rows.push(["model load (first warm-up message: module, model file fetched and parsed)", `${load.toFixed(0)} ms (a message alone: ${message.toFixed(1)} ms)`]);
  const context = { platform: "facebook", account: "personal", surface: "post" };
  let peak = after.mb;
  // Drafts of the corpus's first round (mostly breaches: a finding costs a second pass, each
  // sentence scored alone to point at one), then its ordinary posts alone (mostly one pass).
  for (const [length, ordinary] of [[280, false], [2000, false], [280, true], [2000, true]]) {
    const draft = ordinary ? ordinaryDraftOf : draftOf;
    await timed(page, { type: MESSAGES.contentToBackground.deepCheck, text: draft(length, 0), context }); // warm-up
    const times = [];
    let withFindings = 0;
    for (let i = 0; i < runs; i++) {
      const [ms, reply] = await timed(page, { type: MESSAGES.contentToBackground.deepCheck, text: draft(length, i * 7 + 1), context });
      times.push(ms);
      if (reply.findings.length) withFindings++;
    }
    peak = Math.max(peak, extensionProcessRss().mb);
    rows.push([
      `deep check, ${length} characters${ordinary ? " of ordinary posts" : ""}, round trip from the content script (${runs} drafts, ${withFindings} with findings)`,
      `p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms`,
    ]);
  }
  // A fast check (a 280-character draft) sent 20 ms after a deep check of 2,000 characters, timed
  // in the content script: the worker answers it while the model reads on its own thread.
  const during = [];
  for (let i = 0; i < runs; i++) {
    const deep = { type: MESSAGES.contentToBackground.deepCheck, text: draftOf(2000, i * 7 + 3), context };
    const fast = { type: MESSAGES.contentToBackground.checkText, text: draftOf(280, i * 7 + 5), context };
    during.push(
      await evaluateInContentScript(
        page,
        `(async () => {
          const deep = chrome.runtime.sendMessage(${JSON.stringify(deep)});
          await new Promise((resolve) => setTimeout(resolve, 20));
          const started = performance.now();
          const reply = await chrome.runtime.sendMessage(${JSON.stringify(fast)});
          const ms = performance.now() - started;
          if (!reply?.ok || !(await deep)?.ok) throw new Error("a check failed");
          return ms;
        })()`,
      ),
    );
  }
  rows.push([
    `fast check of 280 characters sent while the deeper check reads 2,000 (${runs} pairs)`,
    `p50 ${percentile(during, 50).toFixed(1)} ms, p95 ${percentile(during, 95).toFixed(1)} ms`,
  ]);
  const workerAfter = await deepWorkerMemory(browser);
  const inMb = (w) => `${w.totalMb.toFixed(0)} MB (heap ${w.heapMb.toFixed(1)}, buffers ${w.buffersMb.toFixed(1)}, WebAssembly ${w.wasmMb.toFixed(1)})`;
  rows.push([
    "the deeper check's Worker: heap, buffers and WebAssembly memory after a garbage collection (compiled code not counted)",
    `${inMb(workerLoaded)} loaded, ${inMb(workerAfter)} after the checks`,
  ]);
  rows.push([
    `extension process resident memory (${after.processes} process${after.processes === 1 ? "" : "es"})`,
    `${before.mb.toFixed(0)} MB before the model, ${after.mb.toFixed(0)} MB loaded, ${peak.toFixed(0)} MB after the checks`,
  ]);
} finally {
  await browser.close();
}
console.log("| measure | result |");
console.log("|---|---|");
for (const [what, result] of rows) console.log(`| ${what} | ${result} |`);
