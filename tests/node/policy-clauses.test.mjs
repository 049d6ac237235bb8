// data/policy-clauses.json (the clauses the extension's Policy A2 page shows): every clause the
// product cites is there, each quote is the policy's own words, and each says what SafePost does.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CLAUSES = JSON.parse(readFileSync(path.join(REPO, "data/policy-clauses.json"), "utf8"));
const POLICY_TEXT = path.join(REPO, "../shared/policy/A2-use-of-social-media.txt");

/** Every file under `dir` (recursively) whose name matches `pattern`. */
function files(dir, pattern) {
  return readdirSync(path.join(REPO, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

test("each clause is well formed, once, in order", () => {
  const numbers = CLAUSES.clauses.map((c) => c.clause);
  assert.deepEqual(numbers, [...new Set(numbers)].sort((a, b) => a.localeCompare(b, "en", { numeric: true })));
  for (const c of CLAUSES.clauses) {
    assert.match(c.clause, /^\d+\.\d+$/);
    assert.ok(c.title.trim() && c.safepost.trim() && c.quotes.length > 0, `§${c.clause} has a title, quotes and what SafePost does`);
  }
});

test("every clause the product cites is on the page", () => {
  const listed = new Set(CLAUSES.clauses.map((c) => c.clause));
  const cited = new Set();
  const sources = [...files("extension", /\.(js|json|html)$/), ...files("src", /\.rs$/), ...files("data", /\.(toml|json)$/)]
    .filter((f) => !f.includes(`${path.sep}corpus${path.sep}`));
  for (const file of sources) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/§(\d+\.\d+)/g)) cited.add(m[1]);
    for (const m of text.matchAll(/\bclause"?\s*[:=]\s*"(\d+\.\d+)"/g)) cited.add(m[1]);
  }
  assert.ok(cited.has("5.1") && cited.has("6.1"), "the scan finds citations");
  const missing = [...cited].filter((c) => !listed.has(c));
  assert.deepEqual(missing, [], "cited but not on the Policy A2 page");
});

test("each quote is the policy's own words", (t) => {
  if (!existsSync(POLICY_TEXT)) {
    t.diagnostic(`${POLICY_TEXT} is not on this machine, so the quotes were not compared with it here`);
    return;
  }
  const squash = (s) => s.replace(/\*\*/g, "").replace(/\s+/g, " ").trim();
  const policy = squash(readFileSync(POLICY_TEXT, "utf8"));
  for (const c of CLAUSES.clauses) {
    for (const quote of c.quotes) assert.ok(policy.includes(squash(quote)), `§${c.clause}: not in the policy: ${quote}`);
  }
});
