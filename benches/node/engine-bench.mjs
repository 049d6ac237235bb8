// Three inference engines on the same trained weights, in WebAssembly with SIMD in Node, one
// thread: candle (pkg-deep/, the shipped GGUF, as the extension runs it), tract (the other Rust
// engine, benches/engines/tract/) and ONNX Runtime Web (the non-Rust reference). tract and ONNX
// Runtime read the same model exported to ONNX by scripts/a2_onnx.py. Each scores one window of
// the same drafts (280 characters, and a full window of 128 tokens): the encoder and head alone,
// without the checker's sentence scoring.
//   pip install onnx==1.23.2 onnxruntime==1.32.0          (once, for the export)
//   python3 scripts/a2_onnx.py --trained target/a2-model --out target/a2-onnx --per-channel
//   npm install --no-save onnxruntime-web@1.31.1           (once: 145 MB, so not in package.json)
//   benches/engines/tract/build.sh                         (tract's module, target/engine-tract/pkg/)
//   node benches/node/engine-bench.mjs
// ORT_MODELS=a.onnx,b.onnx and TRACT_MODELS=… pick other files of target/a2-onnx/. An engine that
// is not installed or built is reported as such, with the command that provides it.
import fs from "node:fs";
import { performance } from "node:perf_hooks";

const root = new URL("../../", import.meta.url);
const onnxDir = new URL("target/a2-onnx/", root);
const bench = JSON.parse(fs.readFileSync(new URL("bench-ids.json", onnxDir), "utf8"));

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms`;
};
const timed = async (label, load) => {
  const start = performance.now();
  const value = await load();
  console.log(`${label}: load ${(performance.now() - start).toFixed(0)} ms`);
  return value;
};

/** name → async (row) => scores, one per engine and model file. */
const engines = {};

// candle: the shipped model, read from the draft's text as the checker reads it.
const deep = await import(new URL("pkg-deep/safepost_deep.js", root));
deep.initSync({ module: fs.readFileSync(new URL("pkg-deep/safepost_deep_bg.wasm", root)) });
const checker = await timed("candle a2-minilm-q8.gguf", () =>
  new deep.SafePostDeep(fs.readFileSync(new URL("data/model/a2-minilm-q8.gguf", root))),
);
engines["candle (int8 file, f32 products)"] = async (row) => checker.scores([row.text])[0];

// tract
const tractPkg = new URL("target/engine-tract/pkg/", root);
if (fs.existsSync(new URL("safepost_engine_tract_bg.wasm", tractPkg))) {
  const tract = await import(new URL("safepost_engine_tract.js", tractPkg));
  tract.initSync({ module: fs.readFileSync(new URL("safepost_engine_tract_bg.wasm", tractPkg)) });
  for (const name of (process.env.TRACT_MODELS ?? "model.onnx").split(",")) {
    const engine = await timed(`tract ${name}`, () => new tract.TractEngine(fs.readFileSync(new URL(name, onnxDir))));
    engines[`tract ${name}`] = async (row) => [...engine.scores(Uint32Array.from(row.ids))];
  }
} else {
  console.log("tract: not built (benches/engines/tract/build.sh)");
}

// ONNX Runtime Web, WebAssembly with SIMD, one thread (as in a service worker without an offscreen document)
let ort = null;
try {
  ort = await import("onnxruntime-web");
} catch {
  console.log("onnxruntime-web: not installed (npm install --no-save onnxruntime-web@1.31.1)");
}
if (ort) {
  ort.env.wasm.numThreads = 1;
  for (const name of (process.env.ORT_MODELS ?? "model-int8.onnx,model.onnx").split(",")) {
    const session = await timed(`onnxruntime-web ${name}`, () =>
      ort.InferenceSession.create(fs.readFileSync(new URL(name, onnxDir)), { executionProviders: ["wasm"] }),
    );
    engines[`onnxruntime-web ${name}`] = async (row) => {
      const out = await session.run({
        ids: new ort.Tensor("int64", BigInt64Array.from(row.ids, BigInt), [1, row.ids.length]),
        mask: new ort.Tensor("int64", new BigInt64Array(row.ids.length).fill(1n), [1, row.ids.length]),
      });
      return [...out.scores.data];
    };
  }
}

for (const [name, rows] of Object.entries(bench)) {
  const tokens = rows.reduce((n, r) => n + r.ids.length, 0) / rows.length;
  const label = `${name === "280" ? "280 characters" : "a full window"} (${tokens.toFixed(0)} tokens on average, ${rows.length} drafts)`;
  for (const [engine, score] of Object.entries(engines)) {
    await score(rows[0]); // warm-up
    const times = [];
    let diff = 0;
    for (const row of rows) {
      const start = performance.now();
      const scores = await score(row);
      times.push(performance.now() - start);
      diff = Math.max(diff, ...scores.map((s, k) => Math.abs(s - row.scores[k])));
    }
    console.log(`${label}: ${engine} ${summary(times)}; largest score difference from PyTorch f32 ${diff.toFixed(3)}`);
  }
}
