// What the toolbar popup says (extension/popup-facts.js), for each kind of tab, with verdicts and
// lessons made by the real engine (the built .wasm).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { initSync, SafePost } from "../../pkg/safepost.js";
import { popupFacts } from "../../extension/popup-facts.js";

initSync({ module: readFileSync(new URL("../../pkg/safepost_bg.wasm", import.meta.url)) });

const engine = new SafePost({
  exceptions: [{ domain: "vle.example.org", note: "the Learning Platform" }],
  lesson_times: { weekdays: { monday: [{ name: "Period 2", start: "10:00", end: "11:00" }] } },
});
const worker = (url, lesson = null) => ({
  verdict: engine.checkUrl(url),
  lesson,
  timetable: true,
  engine: { ok: true, source: "managed", problems: 0 },
});
const page = (url, account = null) => ({
  ok: true,
  checked: true,
  verdict: engine.checkUrl(url),
  account,
  guarded: account !== null,
  engineError: null,
});
const PERSONAL = { kind: "personal", handle: "@sam", why: "@sam is not on the register of the academy's official accounts (§3.3)." };

test("an approved platform, a personal account, during a lesson", () => {
  const url = "https://www.facebook.com/";
  const lesson = engine.lessonAt("2026-12-07", 10 * 60 + 15); // a Monday
  assert.ok(lesson, "the engine finds the lesson");
  const facts = popupFacts({ url, fromPage: page(url, PERSONAL), fromWorker: worker(url, lesson) });
  assert.equal(facts.site.label, "Approved platform (§5.1)");
  assert.match(facts.site.message, /§5\.1/);
  assert.equal(facts.account.label, "Personal account");
  assert.match(facts.account.message, /@sam .*§3\.3.*personal accounts apply \(§5\.3, §5\.6\)/);
  assert.equal(facts.lesson.label, "Yes: Period 2, until 11:00");
  assert.match(facts.lesson.message, /§5\.3/);
  assert.equal(facts.lesson.tone, "warn");
  assert.equal(facts.checking.label, "Yes");
  assert.match(facts.checking.message, /checked before you post .*IT team's policy is in force/);
});

test("an unapproved platform warns, and says when it is blocked", () => {
  const url = "https://www.tiktok.com/";
  const facts = popupFacts({ url, fromPage: page(url, PERSONAL), fromWorker: worker(url) });
  assert.equal(facts.site.label, "Not approved (§5.1)");
  assert.equal(facts.site.tone, "warn");
  assert.match(facts.site.message, /TikTok/);
  const blocked = { ...page(url, PERSONAL), verdict: { ...engine.checkUrl(url), action: "block" } };
  assert.equal(popupFacts({ url, fromPage: blocked, fromWorker: worker(url) }).site.label, "Not approved: blocked (§5.1)");
  assert.equal(popupFacts({ url, fromPage: page(url, PERSONAL), fromWorker: worker(url) }).lesson.label, "No");
});

test("IT's exception and a site that is not social", () => {
  for (const [url, label] of [
    ["https://vle.example.org/course/7", "Allowed by your IT team"],
    ["https://www.bbc.co.uk/news", "Not a social platform"],
  ]) {
    const facts = popupFacts({ url, fromPage: page(url), fromWorker: worker(url) });
    assert.equal(facts.site.label, label, url);
    assert.equal(facts.account.label, "Not applicable");
    assert.match(facts.checking.message, /approved list \(§5\.1\)/);
  }
});

test("the official account and an account SafePost cannot see", () => {
  const url = "https://x.com/home";
  const official = { kind: "official", handle: "@OakAcademy", why: "@OakAcademy is on the register of the academy's official accounts (§3.3)." };
  assert.equal(popupFacts({ url, fromPage: page(url, official), fromWorker: worker(url) }).account.label, "Official account");
  const unknown = { kind: "unknown", handle: null, why: "This page does not show which account is signed in." };
  const facts = popupFacts({ url, fromPage: page(url, unknown), fromWorker: worker(url) });
  assert.equal(facts.account.label, "Not known");
  assert.match(facts.account.message, /treats drafts here as from a personal account/);
});

test("a tab SafePost has not reached, a browser page, and an engine that failed", () => {
  const url = "https://www.facebook.com/";
  const stale = popupFacts({ url, fromPage: null, fromWorker: worker(url) });
  assert.equal(stale.checking.label, "Not on this tab yet");
  assert.match(stale.checking.message, /Reload/);
  assert.equal(stale.site.label, "Approved platform (§5.1)", "the worker's verdict on the address stands in");

  const browserPage = popupFacts({ url: "chrome://settings/", fromPage: null, fromWorker: { ...worker("https://a.example/"), verdict: null } });
  assert.equal(browserPage.site.label, "Not checked");
  assert.equal(browserPage.checking.label, "Yes");

  const reading = popupFacts({ url, fromPage: { ...page(url), checked: false }, fromWorker: worker(url) });
  assert.equal(reading.account.label, "Not known yet");

  const failed = popupFacts({ url, fromPage: null, fromWorker: { engine: { ok: false, error: "the engine could not load" } } });
  assert.equal(failed.checking.label, "Not checking");
  assert.equal(failed.checking.tone, "problem");
  assert.match(failed.checking.message, /the engine could not load\. Tell your IT team/);
  assert.equal(failed.lesson.label, "No timetable");
});
