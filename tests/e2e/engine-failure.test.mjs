// When the engine cannot start (here: a damaged .wasm in a copy of the built extension), the
// compose guard says plainly that SafePost is not checking, and never holds or blocks a post.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { EXTENSION_DIR, delay, readCompose, startSafePost, waitForCompose, waitForPosted } from "./harness.mjs";

const DRAFT = "Honestly you are a stupid idiot";

let browser;
let damaged;
before(async () => {
  damaged = fs.mkdtempSync(path.join(os.tmpdir(), "safepost-damaged-"));
  fs.cpSync(EXTENSION_DIR, damaged, { recursive: true });
  const wasm = path.join(damaged, "pkg", "safepost_bg.wasm");
  fs.writeFileSync(wasm, fs.readFileSync(wasm).subarray(0, 4096)); // a truncated module
  browser = await startSafePost({ extension: damaged });
});
after(async () => {
  await browser?.close();
  if (damaged) fs.rmSync(damaged, { recursive: true, force: true });
});

test("the compose panel says SafePost is not checking, and the post goes out untouched", async () => {
  const page = await browser.open("https://www.facebook.com/facebook.html");
  await page.click("#composer");
  await page.keyboard.type(DRAFT);
  const shown = await waitForCompose(page, (s) => s.panel, "the not-checking panel");
  assert.match(shown.panel.text, /SafePost is not checking this post right now/);
  assert.match(shown.panel.text, /Nothing is blocked: please check it yourself against Trust Policy A2/);
  assert.equal(shown.marks.length, 0, "no highlights without an engine");

  await page.click("#post");
  await waitForPosted(page, 1);
  await delay(300);
  const posted = await page.evaluate(() => window.posted.map((p) => ({ ...p })));
  assert.equal(posted.length, 1, "sent once, without a dialog");
  assert.equal(posted[0].text.trim(), DRAFT);
  assert.equal((await readCompose(page)).dialog, null);
});
