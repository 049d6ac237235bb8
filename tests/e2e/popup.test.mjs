// The toolbar popup in Chromium: for the tab it describes, the site's verdict with its clause, the
// account SafePost sees, lesson time and whether SafePost is checking; its Policy A2 page quotes
// the clauses. The popup is opened as a page naming the tab (?tab=), as a click on the toolbar
// button would open it over that tab.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useSafePost, EXTENSION_ORIGIN } from "./harness.mjs";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** Opens `url`, then the popup over its tab; returns what the popup shows, by fact. */
async function popupOver(browser, url) {
  const page = await browser.open(url);
  const tabId = await browser.serviceWorker.evaluate(async (href) => {
    const tabs = await chrome.tabs.query({});
    return tabs.find((t) => t.url === href)?.id;
  }, page.url());
  assert.ok(tabId, `the tab of ${url}`);
  const popup = await browser.open(`${EXTENSION_ORIGIN}/popup.html?tab=${tabId}`);
  await popup.locator("#facts:not([hidden])").waitFor({ timeout: 20_000 });
  const facts = {};
  for (const key of ["site", "account", "lesson", "checking"]) {
    facts[key] = {
      label: await popup.locator(`#${key}-label`).textContent(),
      message: await popup.locator(`#${key}-message`).textContent(),
    };
  }
  return { facts, popup, page };
}

describe("with IT's policy: an exception and a timetable around now", () => {
  const now = new Date();
  const minute = now.getHours() * 60 + now.getMinutes();
  const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  const browser = useSafePost({
    managedPolicy: {
      exceptions: [{ domain: "www.reddit.com", note: "the academy's subject community" }],
      lesson_times: {
        weekdays: { [WEEKDAYS[now.getDay()]]: [{ name: "Period 4", start: hhmm(Math.max(0, minute - 30)), end: hhmm(Math.min(1440, minute + 30)) }] },
      },
    },
  });

  test("an approved platform: its verdict, the personal account it sees, the lesson, checking", async () => {
    const { facts } = await popupOver(browser, "https://www.facebook.com/facebook.html");
    assert.equal(facts.site.label, "Approved platform (§5.1)");
    assert.match(facts.site.message, /Facebook/);
    assert.equal(facts.account.label, "Personal account");
    assert.match(facts.account.message, /§3\.3.*§5\.3, §5\.6/);
    assert.match(facts.lesson.label, /^Yes: Period 4, until \d\d:\d\d$/);
    assert.match(facts.lesson.message, /§5\.3/);
    assert.equal(facts.checking.label, "Yes");
    assert.match(facts.checking.message, /checked before you post.*IT team's policy is in force/);
  });

  test("an unapproved platform says so, citing §5.1", async () => {
    const { facts } = await popupOver(browser, "https://www.tiktok.com/");
    assert.equal(facts.site.label, "Not approved (§5.1)");
    assert.match(facts.site.message, /TikTok.*§5\.1|§5\.1.*TikTok/);
  });

  test("IT's exception is allowed, and the Policy A2 button opens the clauses", async () => {
    const { facts, popup } = await popupOver(browser, "https://www.reddit.com/reddit.html");
    assert.equal(facts.site.label, "Allowed by your IT team");
    const [policyPage] = await Promise.all([browser.context.waitForEvent("page"), popup.click("#open-policy")]);
    await policyPage.waitForLoadState();
    await policyPage.locator("#clause-5\\.3").waitFor();
    const text = await policyPage.locator("#clauses").textContent();
    assert.match(text, /§5\.1 Approved platforms/);
    assert.match(text, /the use of social media accounts during lesson time is not permitted/);
    assert.match(text, /What SafePost does:/);
  });
});
