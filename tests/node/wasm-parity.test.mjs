// The optimised .wasm and the native engine give the same findings, to the byte, for every text
// in the table-driven cases (content, evasion, personal data, ordinary school posts and the
// Scunthorpe list), in two contexts. The extension runs the one, the CLI and the Rust tests the
// other: a difference between them (32-bit offsets, float formatting, a feature left out of the
// WebAssembly build) would otherwise go unseen.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parse } from "smol-toml";

const root = new URL("../../", import.meta.url);
const { initSync, SafePost } = await import(new URL("pkg/safepost.js", root));
initSync({ module: readFileSync(new URL("pkg/safepost_bg.wasm", root)) });

function caseTexts() {
  const texts = [];
  for (const name of ["content", "evasion", "personal_data"]) {
    const file = parse(readFileSync(new URL(`tests/cases/${name}.toml`, root), "utf8"));
    for (const item of file.case) texts.push(item.text);
  }
  for (const name of ["school-posts", "scunthorpe"]) {
    const lines = readFileSync(new URL(`tests/cases/${name}.txt`, root), "utf8").split("\n");
    texts.push(...lines.filter((line) => line.trim() && !line.startsWith("#")));
  }
  // JSON Lines give the CLI one text a line.
  return texts.filter((text) => !/[\n\r]/.test(text));
}

/** The native fast engine's results, one a text, from the CLI (built by cargo if need be). */
function nativeResults(texts, context) {
  const run = spawnSync(
    "cargo",
    ["run", "--quiet", "--features", "cli", "--bin", "safepost", "--",
      "check", "--fast-only", "--format", "jsonl", "--account", context.account, "--surface", context.surface, "-"],
    { cwd: new URL(".", root), input: texts.join("\n") + "\n", encoding: "utf8", maxBuffer: 64 << 20 },
  );
  // Exit code 1 says that something was found at medium or above.
  assert.ok(run.status === 0 || run.status === 1, `safepost check failed (${run.status}): ${run.stderr}`);
  return run.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
}

const texts = caseTexts();

for (const context of [{ account: "unknown", surface: "post" }, { account: "personal", surface: "message" }]) {
  test(`WASM and native findings agree on ${texts.length} case texts (${context.account} account, ${context.surface})`, () => {
    assert.ok(texts.length > 300, `only ${texts.length} case texts were read`);
    const engine = SafePost.withDefaultPolicy();
    const native = nativeResults(texts, context);
    assert.equal(native.length, texts.length, "one native result a text");
    let findings = 0;
    texts.forEach((text, i) => {
      const wasm = engine.checkText(text, context);
      findings += wasm.findings.length;
      assert.deepEqual(wasm.findings, native[i].findings, text);
    });
    // Over half the texts are ordinary posts that must give none; the rest give many.
    assert.ok(findings >= 150, `only ${findings} findings: the cases should give many`);
    engine.free();
  });
}

// Each engine keeps its own copies of findings' fixed strings (clauses, message templates,
// rule ids), which cross from the engine once. An IT policy's added term moves the ids of
// the context rules and personal data after the terms, so engines that shared them would
// name the wrong rule: checks that alternate between two engines must give what each gives
// on its own.
test("engines checking in turn keep to their own rule ids and messages", () => {
  const it = { content: { add_terms: [{ term: "oakies", category: "disrepute", severity: "medium" }] } };
  const alone = (engine) => {
    const results = texts.map((text) => engine.checkText(text).findings);
    engine.free();
    return results;
  };
  const expected = [alone(SafePost.withDefaultPolicy()), alone(new SafePost(it))];
  const engines = [SafePost.withDefaultPolicy(), new SafePost(it)];
  texts.forEach((text, i) => {
    for (const k of [1, 0]) assert.deepEqual(engines[k].checkText(text).findings, expected[k][i], text);
  });
  // The ids that move: those of context rules and personal data, which follow the terms.
  const moved = expected[1].flat().filter((f) => /^(rule|personal-data):/.test(f.rule)).length;
  assert.ok(moved > 50, `only ${moved} findings of context rules and personal data`);
  assert.match(engines[1].checkText("the oakies are a disgrace").findings.map((f) => f.rule).join(), /lexicon:oakies/);
  engines.forEach((engine) => engine.free());
});
