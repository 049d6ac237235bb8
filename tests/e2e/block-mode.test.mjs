// Block mode (set by IT): unapproved platforms end on SafePost's block page instead of loading.
import assert from "node:assert/strict";
import { test } from "node:test";
import { EXTENSION_ORIGIN, pollUntil, readBanner, useSafePost } from "./harness.mjs";

// Block rules are installed once the worker has read the managed policy (a few seconds).
const browser = useSafePost({ managedPolicy: { unapproved_action: "block" } }, (started) =>
  pollUntil(() => started.dynamicRules(), (rules) => rules.length > 0, "block mode's rules to be installed", 20_000, 200));

/** Navigates `page` to `url` and waits until the tab has settled on a URL matching `expected`. */
async function navigate(page, url, expected) {
  browser.opened.push(url);
  // Chromium reports a navigation redirected to an extension page as aborted; where it ends is what counts.
  await page.goto(url).catch(() => {});
  await page.waitForURL(expected, { timeout: 20_000 });
  await page.waitForLoadState("load");
}

test("TikTok ends on the block page, which names TikTok and §5.1", async () => {
  const page = await browser.context.newPage();
  await navigate(page, "https://www.tiktok.com/", `${EXTENSION_ORIGIN}/blocked.html#tiktok`);
  await page.locator("#title", { hasText: "TikTok is blocked" }).waitFor();
  const text = await page.locator("main").innerText();
  assert.match(text, /TikTok is not an approved/);
  assert.match(text, /Policy A2 §5\.1/);
  assert.match(text, /your IT team/);
  assert.deepEqual((await page.locator("#approved li").allInnerTexts()).length, 4);
  assert.ok(!browser.fixtures.requests.some((request) => request.host === "www.tiktok.com"), "TikTok's server was never asked");
});

test("Facebook loads normally", async () => {
  const page = await browser.context.newPage();
  await navigate(page, "https://www.facebook.com/", "https://www.facebook.com/");
  assert.equal(await page.title(), "Fixture page");
  assert.equal((await readBanner(page)).present, false);
});

test("a link to TikTok on a page is blocked too, and Back returns to that page", async () => {
  // A navigation a web page starts can only be redirected to blocked.html because it is a
  // web-accessible resource; a typed address is redirected either way.
  const page = await browser.context.newPage();
  await navigate(page, "https://www.facebook.com/link-to-tiktok.html", "https://www.facebook.com/link-to-tiktok.html");
  await page.locator("#tiktok").click();
  await page.waitForURL(`${EXTENSION_ORIGIN}/blocked.html#tiktok`, { timeout: 20_000 });
  await page.locator("#title", { hasText: "TikTok is blocked" }).waitFor();

  await page.getByRole("button", { name: "Back" }).click();
  await page.waitForURL("https://www.facebook.com/link-to-tiktok.html");
});

test("a self-hosted Mastodon, recognised from the page itself, is blocked too", async () => {
  const page = await browser.context.newPage();
  await navigate(page, "https://social.example-school-staff.org/mastodon-og.html", `${EXTENSION_ORIGIN}/blocked.html#mastodon`);
  await page.locator("#title", { hasText: "Mastodon is blocked" }).waitFor();
});

test("the options page shows block mode in force, with its rules installed", async () => {
  const options = await browser.openOptions();
  assert.match(await options.locator("#action").innerText(), /^Block:/);
  assert.ok(await options.locator("#rules-error").isHidden(), await options.locator("#rules-error").innerText());
  assert.ok(await options.locator("#problems").isHidden());
});
