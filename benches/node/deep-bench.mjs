// The deeper check's WebAssembly build (pkg-deep/, as the extension loads it) in Node: module and
// model load, then latency for a 280-character and a 2,000-character draft (drafts of the
// corpus's first round, joined to length; then its ordinary posts alone), naming the words that
// drove a finding, and the module's memory. After scripts/build.sh:
//   node benches/node/deep-bench.mjs [runs=40] [model file, default data/model/a2-minilm-q8.gguf]
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { draftOf, ordinaryDraftOf } from "../drafts.mjs";

const root = new URL("../../", import.meta.url);
const runs = Number(process.argv[2] ?? 40);

const t0 = performance.now();
const deep = await import(new URL("pkg-deep/safepost_deep.js", root));
const wasm = deep.initSync({ module: fs.readFileSync(new URL("pkg-deep/safepost_deep_bg.wasm", root)) });
const t1 = performance.now();
const model = fs.readFileSync(process.argv[3] ?? new URL("data/model/a2-minilm-q8.gguf", root));
const t2 = performance.now();
const checker = new deep.SafePostDeep(model);
const t3 = performance.now();
const loadedMemory = wasm.memory.buffer.byteLength / 2 ** 20;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

console.log(`module instantiate ${(t1 - t0).toFixed(0)} ms; model file read ${(t2 - t1).toFixed(0)} ms; model load ${(t3 - t2).toFixed(0)} ms`);
// As the extension runs it: without naming the driving words (see background.js). The
// 280-character drafts' first findings are kept for naming their words below. Most drafts of the
// corpus's first round are breaches, and a finding costs a second pass (each sentence scored
// alone, to point at one); ordinary posts, what staff mostly write, mostly take one.
const firstFindings = [];
for (const [length, ordinary] of [[280, false], [2000, false], [280, true], [2000, true]]) {
  const draft = ordinary ? ordinaryDraftOf : draftOf;
  checker.check(draft(length, 0), { noWords: true }); // warm-up
  const times = [];
  let flagged = 0;
  for (let i = 0; i < runs; i++) {
    const text = draft(length, i * 7 + 1);
    const start = performance.now();
    const result = checker.check(text, { noWords: true });
    times.push(performance.now() - start);
    flagged += result.findings.length ? 1 : 0;
    if (length === 280 && !ordinary && result.findings.length) firstFindings.push({ text, finding: result.findings[0] });
  }
  times.sort((a, b) => a - b);
  console.log(
    `${length} characters${ordinary ? " of ordinary posts" : ""}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${runs} drafts, ${flagged} with findings)`,
  );
}
// The words that drove a finding, named when the member of staff asks (one finding at a time).
{
  const times = [];
  for (const { text, finding } of firstFindings) {
    const start = performance.now();
    checker.words(text, finding.family, finding.start16, finding.end16);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`words named for a 280-character draft's first finding, on request: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${times.length} drafts)`);
}
console.log(`WebAssembly memory ${loadedMemory.toFixed(0)} MB with the model loaded, ${(wasm.memory.buffer.byteLength / 2 ** 20).toFixed(0)} MB at the end; process RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
