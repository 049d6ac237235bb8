// The in-page banner under the Trust's built-in policy (no IT policy set).
import assert from "node:assert/strict";
import { test } from "node:test";
import { bannerButtonHasFocus, bannerStyles, delay, readBanner, useSafePost, waitForBanner } from "./harness.mjs";

const browser = useSafePost();

test("TikTok gets a banner naming it and §5.1; Facebook gets none", async () => {
  const [tiktok, facebook] = await Promise.all([
    browser.open("https://www.tiktok.com/"),
    browser.open("https://www.facebook.com/"),
  ]);
  const banner = await waitForBanner(tiktok);
  assert.match(banner.text, /TikTok is not an approved/);
  assert.match(banner.text, /Policy A2 §5\.1/);
  for (const approved of ["Facebook", "Instagram", "YouTube", "Twitter"]) assert.match(banner.text, new RegExp(approved));
  assert.match(banner.text, /your IT team/);

  // Both tabs asked the worker at the same time; TikTok's answer is in, so Facebook's is too.
  await delay(1000);
  assert.equal((await readBanner(facebook)).present, false, "no banner on an approved platform");
});

test("an unknown host whose only sign of Discourse is <meta name=generator> gets a banner", async () => {
  const page = await browser.open("https://social.example-school-staff.org/discourse.html");
  const banner = await waitForBanner(page);
  assert.match(banner.text, /Discourse/);
  assert.match(banner.text, /§5\.1/);
});

test("an unknown host whose Open Graph site name says Mastodon gets a banner", async () => {
  const page = await browser.open("https://social.example-school-staff.org/mastodon-og.html");
  const banner = await waitForBanner(page);
  assert.match(banner.text, /Mastodon/);
  assert.match(banner.text, /§5\.1/);
});

test("the banner is keyboard accessible: Tab reaches Dismiss, Enter dismisses", async () => {
  const page = await browser.open("https://www.tiktok.com/");
  await waitForBanner(page);
  await page.bringToFront();

  let focused = false;
  for (let presses = 0; presses < 5 && !focused; presses++) {
    await page.keyboard.press("Tab");
    focused = await bannerButtonHasFocus(page, "Dismiss");
  }
  assert.ok(focused, "Tab reaches the Dismiss button");

  await page.keyboard.press("Enter");
  await delay(500);
  assert.equal((await readBanner(page)).present, false, "Enter on Dismiss removes the banner");
});

test("a page whose CSP forbids inline styles and scripts still gets a working banner", async () => {
  const page = await browser.open("https://www.tiktok.com/strict-csp.html");
  const banner = await waitForBanner(page);
  assert.match(banner.text, /TikTok is not an approved/);
  // Its styles still apply: the host's inline style and the shadow root's own style sheet.
  assert.deepEqual(await bannerStyles(page), { hostPosition: "fixed", panelBackground: "rgb(255, 244, 214)" });
});

test("page CSS cannot hide the banner", async () => {
  const page = await browser.open("https://www.tiktok.com/hostile-css.html");
  const banner = await waitForBanner(page);
  assert.ok(banner.visible && banner.onTop);
});

test("a page script that keeps removing the banner does not get rid of it", async () => {
  const page = await browser.open("https://www.tiktok.com/hostile-remove.html");
  await waitForBanner(page);
  await delay(1500);
  const removals = await page.evaluate(() => window.bannerRemovals);
  assert.ok(removals > 0, "the page's script did remove the banner");
  const banner = await readBanner(page);
  assert.ok(banner.present && banner.visible && banner.onTop, `banner still shown after ${removals} removals`);
});

test("after Chromium stops the idle service worker, the next page still gets its banner", async () => {
  await browser.stopServiceWorker();
  const page = await browser.open("https://www.tiktok.com/");
  assert.match((await waitForBanner(page)).text, /TikTok is not an approved/);
});
