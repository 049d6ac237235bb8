// The deeper check's optimised .wasm (pkg-deep/, as the extension loads it) and the native build
// (`cargo run --example deep_scores`) score the same texts alike: a few hundred drafts of the
// corpus's test part and odd text. Both multiply in exact integer sums (deep/src/products.rs) and
// take the softmax's exp from the same code, so only last bits differ (the final sigmoid's exp,
// for one, is the platform's natively): measured worst case 6.3e-8; allowed 1e-3. The decisions
// (score against threshold) must agree except within 0.01 of a threshold.
// Run after scripts/build.sh.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = new URL("../../", import.meta.url);
const REPO = fileURLToPath(root);
const deep = await import(new URL("pkg-deep/safepost_deep.js", root));
deep.initSync({ module: fs.readFileSync(new URL("pkg-deep/safepost_deep_bg.wasm", root)) });
const model = fs.readFileSync(new URL("data/model/a2-minilm-q8.gguf", root));

/** FNV-1a of the text: the corpus's test part is `% 10 === 0` (see tests/common/corpus.rs). */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, "utf8")) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

function corpusTestPart() {
  const dir = new URL("data/corpus/drafts/", root);
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((name) => fs.readFileSync(new URL(name, dir), "utf8").split("\n").filter(Boolean))
    .map((line) => JSON.parse(line).text)
    .filter((text) => fnv1a(text) % 10 === 0);
}

test("native and WebAssembly scores agree within 1e-3 and decide alike", () => {
  const texts = [...corpusTestPart().slice(0, 300), "", "😀", "A".repeat(3000), "Ünïcödé — “quotes” & <tags>", "line\nbreaks\n\nhere"];
  const checker = new deep.SafePostDeep(model);
  const native = execFileSync("cargo", ["run", "--quiet", "--example", "deep_scores"], {
    cwd: REPO,
    encoding: "utf8",
    input: texts.map((t) => JSON.stringify(t)).join("\n"),
    maxBuffer: 64 * 1024 * 1024,
  })
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  const wasm = checker.scores(texts);
  assert.equal(native.length, texts.length);
  assert.equal(wasm.length, texts.length);
  const thresholds = checker.families().map((f) => f.threshold);
  let worst = 0;
  for (let i = 0; i < texts.length; i++) {
    assert.equal(wasm[i].length, native[i].length);
    for (let k = 0; k < native[i].length; k++) {
      worst = Math.max(worst, Math.abs(wasm[i][k] - native[i][k]));
      if (Math.abs(native[i][k] - thresholds[k]) > 0.01) {
        assert.equal(wasm[i][k] >= thresholds[k], native[i][k] >= thresholds[k], `text ${i}, family ${k}`);
      }
    }
  }
  console.log(`largest difference between native and WebAssembly scores: ${worst.toExponential(2)}`);
  assert.ok(worst <= 1e-3, `largest difference ${worst}`);
  // The texts are not all alike to the model: the parity is not of constant output.
  assert.ok(wasm.some((row) => Math.max(...row) > 0.5) && wasm.some((row) => Math.max(...row) < 0.1));
});

test("a check in WebAssembly gives findings in the documented shape, and bad input is a clear error", () => {
  const checker = new deep.SafePostDeep(model);
  const text = "Year 7's Mia Clarke walks home on her own through Elm Park at 3.30 every day.";
  const result = checker.check(text, { official: false });
  assert.ok(result.findings.length >= 1);
  for (const f of result.findings) {
    assert.equal(text.slice(f.start16, f.end16), f.matched);
    assert.match(f.message, new RegExp(`§${f.clause.replace(".", "\\.")}`));
    assert.ok(f.rule.startsWith("deep/"));
  }
  // A lone surrogate (possible in a JavaScript string) is read, not a crash.
  checker.check("hello \ud800 there", {});
  assert.throws(() => new deep.SafePostDeep(new Uint8Array([1, 2, 3])), /model/);
  // The bytes as a fetch gives them (an ArrayBuffer) read alike; anything else says what it wants.
  const fromBuffer = new deep.SafePostDeep(model.buffer.slice(model.byteOffset, model.byteOffset + model.byteLength));
  assert.deepEqual(fromBuffer.check(text, { official: false }), result);
  for (const wrong of ["model.gguf", 42, null, undefined, [1, 2, 3]]) {
    assert.throws(() => new deep.SafePostDeep(wrong), /must be the model file's bytes \(a Uint8Array or an ArrayBuffer\)/);
  }
  // The file is read from the JavaScript array tensor by tensor: a file cut short is an error too,
  // whether it ends in the header or in the weights.
  assert.throws(() => new deep.SafePostDeep(model.subarray(0, 4096)), /model/);
  assert.throws(() => new deep.SafePostDeep(model.subarray(0, model.length - 1000)), /model/);
  assert.throws(() => checker.check("text", { official: "yes" }), /options/);
  // The words that drove a finding, named on request: inside its span, or a clear error.
  const [first] = result.findings;
  for (const w of checker.words(text, first.family, first.start16, first.end16)) {
    assert.equal(text.slice(w.start16, w.end16), w.text);
    assert.ok(w.start16 >= first.start16 && w.end16 <= first.end16);
  }
  assert.throws(() => checker.words(text, "no_such_family", first.start16, first.end16), /no family/);
  assert.throws(() => checker.words(text, first.family, first.end16, first.start16), /span/);
  assert.throws(() => checker.words("a😀b", first.family, 0, 2), /span/);
  // The same concern over the same words is one finding: merged away against a fast finding of
  // the same category and clause, as severe; a fast `low` hint does not hide it.
  const fast = (severity) =>
    result.findings.map((f) => ({ category: f.category, clause: f.clause, severity, start16: f.start16, end16: f.end16 }));
  assert.deepEqual(deep.SafePostDeep.merge(fast("high"), result.findings), []);
  assert.equal(deep.SafePostDeep.merge(fast("low"), result.findings).length, result.findings.length);
  assert.throws(() => deep.SafePostDeep.merge([{ category: "lewd", start16: 0, end16: 1 }], result.findings), /fast findings/);
});
