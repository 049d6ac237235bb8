// A draft in a same-origin iframe sent from the page around it, as blogging platforms and
// learning platforms build TinyMCE's classic editor: the page's Publish waits for the frame's
// draft to be decided, with one dialog in the page; a benign draft is published at once; a form
// with no editor is never held.
import assert from "node:assert/strict";
import { test } from "node:test";
import { clickComposeControl, delay, readCompose, useSafePost, waitForCompose, waitForPosted } from "./harness.mjs";

const URL = "https://www.tiktok.com/cms-iframe.html";
const VIOLATING = "Honestly you are a stupid idiot";
const BENIGN = "Congratulations to our netball team on a brilliant season!";

const browser = useSafePost();

const editor = (page) => page.frameLocator("#content_ifr").locator("body");
const posted = (page) => page.evaluate(() => window.posted.map((p) => ({ ...p })));
const editorText = (page) => page.evaluate(() => window.editorText.cms());

test("the page's Publish waits for the frame's draft: one dialog; Edit post keeps it; Post anyway publishes it once", async () => {
  const page = await browser.open(URL);
  await editor(page).click();
  await page.keyboard.type(VIOLATING);
  // The frame's own guard shows its findings beside the editor, inside the frame.
  const shown = await waitForCompose(page, (s) => s.panel, "the findings panel beside the editor");
  assert.match(shown.panel.text, /§5\.6 Insulting or abusive/);
  const before = await editorText(page);
  assert.equal(before.trim(), VIOLATING);

  await page.click("#publish");
  const asked = await waitForCompose(page, (s) => s.dialog, "the page's send dialog");
  assert.match(asked.dialog.text, /Check this post before it goes out/);
  assert.match(asked.dialog.text, /§5\.6/);
  assert.deepEqual(await posted(page), [], "nothing was published");

  await clickComposeControl(page, "Edit post");
  await waitForCompose(page, (s) => !s.dialog, "the dialog to close");
  assert.equal(await editorText(page), before, "Edit post leaves the draft exactly as it was");
  assert.deepEqual(await posted(page), []);

  await page.click("#publish");
  await waitForCompose(page, (s) => s.dialog, "the dialog again");
  await clickComposeControl(page, "checkbox");
  await clickComposeControl(page, "Post anyway");
  await waitForPosted(page, 1);
  await delay(500);
  assert.deepEqual(await posted(page), [{ kind: "cms", text: before }], "published once, untouched");
});

test("Publish pressed straight after typing, before any check: still held for the decision", async () => {
  const page = await browser.open(URL);
  await editor(page).click();
  await page.keyboard.type(VIOLATING);
  await page.click("#publish");
  await waitForCompose(page, (s) => s.dialog, "the page's send dialog");
  assert.deepEqual(await posted(page), []);
});

test("a benign draft in the frame is published at once, with no dialog", async () => {
  const page = await browser.open(URL);
  await editor(page).click();
  await page.keyboard.type(BENIGN);
  await page.click("#publish");
  await waitForPosted(page, 1);
  assert.equal((await readCompose(page)).dialog, null);
  assert.equal((await posted(page))[0].text.trim(), BENIGN);
});

test("a form with no editor (the search) is never held while the frame's draft is open", async () => {
  const page = await browser.open(URL);
  await editor(page).click();
  await page.keyboard.type(VIOLATING);
  await delay(1_500);
  await page.fill("input[type=search]", "sports day");
  await page.click("#search button");
  await delay(500);
  assert.equal(await page.evaluate(() => window.searches), 1);
  assert.equal((await readCompose(page)).dialog, null);
});
