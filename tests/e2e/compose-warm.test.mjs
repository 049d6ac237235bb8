// While a field is written in, the compose guard asks the service worker to stay up (Chrome stops
// an idle worker after 30 s, and the next check would wait for it to start again); once the
// field is left, it stops asking.
import assert from "node:assert/strict";
import { test } from "node:test";
import { delay, useSafePost } from "./harness.mjs";

const browser = useSafePost();
const KEEP_WARM = "content→background: keep warm";

async function keepWarmMessages() {
  return browser.serviceWorker.evaluate(() => globalThis.keepWarmMessages ?? 0);
}

test("a field being written in keeps the worker up; a field left alone does not", { timeout: 120_000 }, async () => {
  await browser.serviceWorker.evaluate((type) => {
    globalThis.keepWarmMessages = 0;
    chrome.runtime.onMessage.addListener((message) => {
      if (message?.type === type) globalThis.keepWarmMessages++;
    });
  }, KEEP_WARM);
  const page = await browser.open("https://www.facebook.com/facebook.html");
  await page.click("#composer");
  await page.keyboard.type("Thank you to everyone who came to the summer fair");
  // The first page after the browser starts gets its guard ~2.5 s late; the first message comes
  // 20 s after the guard saw the field.
  await delay(25_000);
  assert.ok((await keepWarmMessages()) >= 1, "asked to stay up while the field has the focus");

  await page.evaluate(() => document.activeElement?.blur());
  const left = await keepWarmMessages();
  await delay(25_000);
  assert.equal(await keepWarmMessages(), left, "not asked once the field was left");
});
