// Smoke test of the final, optimised pkg/safepost_bg.wasm (the one the extension ships),
// loaded in Node: the Rust tests use a debug build that never goes through wasm-opt.
// Run after scripts/build.sh.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { SafePost, defaultPolicy, initSync, validatePolicy } from "../../pkg/safepost.js";

initSync({ module: readFileSync(new URL("../../pkg/safepost_bg.wasm", import.meta.url)) });
const engine = SafePost.withDefaultPolicy();

test("TikTok is an unapproved platform under §5.1", () => {
  const verdict = engine.checkUrl("https://www.tiktok.com/@someone");
  assert.equal(verdict.status, "unapproved");
  assert.equal(verdict.platform.id, "tiktok");
  assert.equal(verdict.clause, "5.1");
  assert.equal(verdict.action, "warn");
  assert.match(verdict.message, /TikTok/);
  assert.match(verdict.message, /§5\.1/);
});

test("www.facebook.com is an approved platform", () => {
  const verdict = engine.checkUrl("https://www.facebook.com/");
  assert.equal(verdict.status, "approved");
  assert.equal(verdict.platform.id, "facebook");
  assert.equal(verdict.action, "none");
});

test("a URL whose user name merely looks like facebook.com is not social media", () => {
  const verdict = engine.checkUrl("https://facebook.com@evil.example/");
  assert.equal(verdict.status, "not_social");
  assert.equal(verdict.host, "evil.example");
});

test("an unreadable URL throws", () => {
  assert.throws(() => engine.checkUrl("not a url"), Error);
});

test("page signals recognise a self-hosted Mastodon", () => {
  const signals = { meta: [{ name: "og:site_name", value: "Mastodon hosted on social.example-school-staff.org" }], paths: [] };
  const verdict = engine.checkPage("https://social.example-school-staff.org/", signals);
  assert.equal(verdict.status, "unapproved");
  assert.equal(verdict.platform.id, "mastodon");
  assert.equal(verdict.detected_by, "page_signals");
});

test("validatePolicy reports a typo with its path; a valid policy has no problems", () => {
  const problems = validatePolicy({ approved: ["facebook", "tiktk"] });
  assert.equal(problems.length, 1);
  assert.equal(problems[0].path, "approved[1]");
  assert.match(problems[0].message, /tiktk/);
  assert.deepEqual(validatePolicy({ approved: ["youtube"] }), []);
  assert.throws(() => new SafePost({ approved: ["facebook", "tiktk"] }), /tiktk/);
});

test("block mode gives redirect rules to the block page; warn mode gives none", () => {
  assert.deepEqual(engine.blockRules(), []);
  const blocking = new SafePost({ unapproved_action: "block" });
  const rules = blocking.blockRules();
  assert.ok(rules.length > 0);
  assert.equal(rules[0].id, 1);
  assert.ok(rules.some((rule) => rule.action.redirect?.extensionPath === "/blocked.html#tiktok"));
  assert.deepEqual(defaultPolicy().approved, ["facebook", "instagram", "twitter", "youtube"]);
});

test("checkText spans index the JavaScript string, lone surrogates and astral letters included", () => {
  // A lone surrogate, then an emoji (two UTF-16 units), then an insult.
  const text = "\uD800 well 😀 you idiot";
  const result = engine.checkText(text, { account: "personal", surface: "comment" });
  const finding = result.findings.find((f) => f.category === "abuse");
  assert.ok(finding, `expected an abuse finding, got ${JSON.stringify(result.findings)}`);
  assert.equal(text.slice(finding.start16, finding.end16), "idiot");
  assert.equal(finding.clause, "5.6");
  assert.equal(result.truncated, false);
  assert.throws(() => engine.checkText("hello", { account: "someone else's" }), /check context/);
});

test("checkText returns plain objects with every field, in the order of the Rust types", () => {
  const result = engine.checkText("you idiot, call 07700 900123 or mail a@b.com \u{1F600} fuck");
  assert.equal(Object.getPrototypeOf(result), Object.prototype);
  assert.equal(JSON.stringify(result), JSON.stringify({
    findings: [
      { clause: "5.6", category: "abuse", severity: "medium", message: "\"idiot\" is insulting or abusive. Policy A2 §5.6: don't use social media to attack, insult, abuse or defame anyone.", start: 4, end: 9, start16: 4, end16: 9, matched: "idiot", rule: "lexicon:idiot" },
      { clause: "5.5", category: "personal_data", severity: "medium", message: "This looks like a phone number. Posting personal data breaks confidentiality (Policy A2 §5.5) and data protection law (GDPR, §9.1).", start: 16, end: 28, start16: 16, end16: 28, matched: "07700 900123", rule: "personal-data:phone_number" },
      { clause: "5.5", category: "personal_data", severity: "medium", message: "This looks like an email address. Posting personal data breaks confidentiality (Policy A2 §5.5) and data protection law (GDPR, §9.1).", start: 37, end: 44, start16: 37, end16: 44, matched: "a@b.com", rule: "personal-data:email_address" },
      { clause: "5.5", category: "lewd", severity: "medium", message: "\"fuck\" is lewd or offensive language. Policy A2 §5.5: don't post lewd, sexually explicit or offensive comments.", start: 50, end: 54, start16: 48, end16: 52, matched: "fuck", rule: "lexicon:fuck" },
    ],
    truncated: false,
    checked_bytes: 54,
  }));
  assert.deepEqual(engine.checkText(""), { findings: [], truncated: false, checked_bytes: 0 });
});
