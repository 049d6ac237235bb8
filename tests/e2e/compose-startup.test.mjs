// Sends made before the compose guard has started. The guard starts when the service worker has
// answered the page's first check; on the first page after the browser starts that waits for the
// first read of managed storage (~2.5 s). A send in that window is held, then checked once the
// guard has started; on a page SafePost does not guard, it is let through, once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { clickComposeControl, delay, readCompose, useSafePost, waitForCompose, waitForPosted } from "./harness.mjs";

const VIOLATING = "Honestly you are a stupid idiot";

const browser = useSafePost();

// First in this file: the first page of a browser just started.
test("a violating draft sent before the guard has started is held and checked, not posted", async () => {
  const page = await browser.open("https://www.instagram.com/instagram.html");
  await page.click("textarea");
  await page.keyboard.insertText(VIOLATING);
  await page.click("form [role=button]");
  assert.equal((await readCompose(page)).present, false, "sent before the guard had drawn anything");

  const asked = await waitForCompose(page, (s) => s.dialog, "the send dialog");
  assert.match(asked.dialog.text, /§5\.6/);
  assert.deepEqual(await page.evaluate(() => window.posted), [], "nothing was sent");

  await clickComposeControl(page, "checkbox");
  await clickComposeControl(page, "Post anyway");
  await waitForPosted(page, 1);
  await delay(500);
  const posted = await page.evaluate(() => window.posted);
  assert.equal(posted.length, 1, "sent exactly once");
  assert.equal(posted[0].text, VIOLATING);
});

test("on a page SafePost does not guard, a send held while it started goes out once", async () => {
  await browser.stopServiceWorker(); // The next page waits for the worker to start again.
  const page = await browser.open("https://social.example-school-staff.org/compose-generic.html");
  await page.click("#react");
  await page.keyboard.insertText(VIOLATING);
  await page.click("#react-root button");
  await waitForPosted(page, 1);
  await delay(1_000);
  const posted = await page.evaluate(() => window.posted);
  assert.deepEqual(posted, [{ kind: "react", text: VIOLATING }], "sent exactly once, untouched");
  assert.equal((await readCompose(page)).present, false, "no guard on this page");
});
