// Two inference engines on the same trained weights, in WebAssembly in Node, one thread: candle
// (pkg-deep/, the shipped GGUF, as the extension runs it) and ONNX Runtime Web (the non-Rust
// reference; the same model exported and quantised to int8 by scripts/a2_onnx.py). Each scores
// one window of the same drafts (280 characters, and a full window of 128 tokens): the encoder
// and head alone, without the checker's sentence scoring.
//   pip install onnx==1.23.2 onnxruntime==1.32.0          (once, for the export)
//   python3 scripts/a2_onnx.py --trained target/a2-model --out target/a2-onnx
//   npm install --no-save onnxruntime-web@1.31.1           (once: 145 MB, so not in package.json)
//   node benches/node/engine-bench.mjs      (ORT_MODELS=a.onnx,b.onnx: other files of target/a2-onnx/)
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import * as ort from "onnxruntime-web";

const root = new URL("../../", import.meta.url);
const onnxDir = new URL("target/a2-onnx/", root);
const bench = JSON.parse(fs.readFileSync(new URL("bench-ids.json", onnxDir), "utf8"));

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms`;
};

// candle
let t = performance.now();
const deep = await import(new URL("pkg-deep/safepost_deep.js", root));
deep.initSync({ module: fs.readFileSync(new URL("pkg-deep/safepost_deep_bg.wasm", root)) });
const checker = new deep.SafePostDeep(fs.readFileSync(new URL("data/model/a2-minilm-q8.gguf", root)));
console.log(`candle: module and model load ${(performance.now() - t).toFixed(0)} ms`);

// ONNX Runtime Web, WebAssembly with SIMD, one thread (as in a service worker without an offscreen document)
ort.env.wasm.numThreads = 1;
const sessions = {};
for (const name of (process.env.ORT_MODELS ?? "model-int8.onnx,model.onnx").split(",")) {
  t = performance.now();
  sessions[name] = await ort.InferenceSession.create(fs.readFileSync(new URL(name, onnxDir)), { executionProviders: ["wasm"] });
  console.log(`onnxruntime-web ${name}: session ${(performance.now() - t).toFixed(0)} ms`);
}
const run = async (session, ids) => {
  const data = BigInt64Array.from(ids, BigInt);
  const out = await session.run({
    ids: new ort.Tensor("int64", data, [1, ids.length]),
    mask: new ort.Tensor("int64", new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
  });
  return [...out.scores.data];
};

for (const [name, rows] of Object.entries(bench)) {
  const tokens = rows.reduce((n, r) => n + r.ids.length, 0) / rows.length;
  const label = `${name === "280" ? "280 characters" : "a full window"} (${tokens.toFixed(0)} tokens on average, ${rows.length} drafts)`;
  checker.scores([rows[0].text]);
  let times = [];
  let diff = 0;
  for (const row of rows) {
    const start = performance.now();
    const [scores] = checker.scores([row.text]);
    times.push(performance.now() - start);
    diff = Math.max(diff, ...scores.map((s, k) => Math.abs(s - row.scores[k])));
  }
  console.log(`${label}: candle int8 ${summary(times)}; largest score difference from PyTorch f32 ${diff.toFixed(3)}`);
  for (const [file, session] of Object.entries(sessions)) {
    await run(session, rows[0].ids);
    times = [];
    diff = 0;
    for (const row of rows) {
      const start = performance.now();
      const scores = await run(session, row.ids);
      times.push(performance.now() - start);
      diff = Math.max(diff, ...scores.map((s, k) => Math.abs(s - row.scores[k])));
    }
    console.log(`${label}: onnxruntime-web ${file} ${summary(times)}; largest score difference from PyTorch f32 ${diff.toFixed(3)}`);
  }
}
