// Plain Enter before the compose guard has started, in a field where Enter sends (a direct
// message). The guard starts when the service worker has answered the page's first check; on the
// first page after the browser starts that takes ~2.5 s. The content script knows from the
// bundled adapters that Enter sends in this field, so the press is held, then checked once the
// guard has started, and sent once when the member of staff confirms. (Its own browser: only
// the first page of a browser just started has the long window.)
import assert from "node:assert/strict";
import { test } from "node:test";
import { clickComposeControl, delay, readCompose, useSafePost, waitForCompose, waitForPosted } from "./harness.mjs";

const VIOLATING = "Honestly you are a stupid idiot";

const browser = useSafePost();

test("plain Enter in a direct message before the guard has started is held and checked, not sent", async () => {
  const page = await browser.open("https://www.instagram.com/instagram.html");
  await page.click("#message");
  await page.keyboard.insertText(VIOLATING);
  await page.keyboard.press("Enter");
  assert.equal((await readCompose(page)).present, false, "pressed before the guard had drawn anything");
  assert.deepEqual(await page.evaluate(() => window.posted), [], "Enter did not send straight away");

  const asked = await waitForCompose(page, (s) => s.dialog, "the send dialog");
  assert.match(asked.dialog.text, /§5\.6/);
  assert.deepEqual(await page.evaluate(() => window.posted), [], "nothing was sent");
  assert.equal(await page.evaluate(() => document.getElementById("message").innerText), VIOLATING, "the draft is untouched");

  await clickComposeControl(page, "checkbox");
  await clickComposeControl(page, "Post anyway");
  await waitForPosted(page, 1);
  await delay(500);
  assert.deepEqual(await page.evaluate(() => window.posted), [{ kind: "message", text: VIOLATING }], "sent exactly once");
});
