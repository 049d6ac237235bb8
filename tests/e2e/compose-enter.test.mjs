// Enter in boxes SafePost has no adapter for: a chat box's Enter is held like a send button; a
// box where Enter may be a new line is held only for a draft with findings, and a held new line
// comes back as one; a box seen to empty itself after Enter is guarded as a chat box from then
// on, including when that is seen before the guard has started; a confirmed send the page
// ignores tells the user to press Enter again.
import assert from "node:assert/strict";
import { test } from "node:test";
import { clickComposeControl, delay, readCompose, useSafePost, waitForCompose, waitForContentScript, waitForPosted } from "./harness.mjs";

const URL = "https://www.tiktok.com/chat-generic.html";
const VIOLATING = "Honestly you are a stupid idiot";
const BENIGN = "Congratulations to our netball team on a brilliant season!";

const browser = useSafePost();

const editorText = (page, kind) => page.evaluate((kind) => window.editorText[kind](), kind);
const posted = (page) => page.evaluate(() => window.posted.map((p) => ({ ...p })));
// Every test here types at once: the guard must be listening first (a person cannot type within
// milliseconds of the page loading; a test on a busy machine can).
const open = async (url) => {
  const page = await browser.open(url);
  await waitForContentScript(page);
  return page;
};

async function postAnyway(page) {
  await clickComposeControl(page, "checkbox");
  await clickComposeControl(page, "Post anyway");
  await waitForCompose(page, (s) => !s.dialog, "the dialog to close");
}

// First in this file: the first page of a browser just started, where the guard waits ~2.5 s for
// the service worker's first answer. What Enter does is learnt in that wait too.
test("before the guard has started, a box seen to empty itself after Enter holds the next message", async () => {
  const page = await open(URL);
  await page.click("#quick");
  await page.keyboard.insertText(BENIGN);
  await page.keyboard.press("Enter");
  await waitForPosted(page, 1);
  assert.equal((await readCompose(page)).present, false, "sent before the guard had drawn anything");
  await page.keyboard.insertText(VIOLATING);
  await page.keyboard.press("Enter");
  await waitForCompose(page, (s) => s.dialog, "the send dialog");
  assert.deepEqual(await posted(page), [{ kind: "quick", text: BENIGN }], "the second message was held");
});

test("a chat box with no adapter: Enter is held for the dialog; Post anyway sends it once; Shift+Enter is a new line", async () => {
  const page = await open(URL);
  await page.click("#chat");
  await page.keyboard.type("Morning all");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type(VIOLATING);
  assert.equal(await readCompose(page).then((s) => s.dialog), null, "Shift+Enter is not a send");
  assert.equal((await editorText(page, "chat")).replace(/\n+/g, "\n"), `Morning all\n${VIOLATING}`);
  // Straight away, before the pause in typing: the press itself waits for the check.
  await page.keyboard.press("Enter");
  const asked = await waitForCompose(page, (s) => s.dialog, "the send dialog");
  assert.match(asked.dialog.text, /§5\.6/);
  assert.deepEqual(await posted(page), [], "nothing was sent");
  const draft = await editorText(page, "chat");
  await postAnyway(page);
  await waitForPosted(page, 1);
  await delay(300);
  assert.deepEqual(await posted(page), [{ kind: "chat", text: draft }], "sent once, exactly as written");
});

test("a box where Enter is a new line: a benign Enter is untouched; with a finding it is held, and Post anyway gives the new line back", async () => {
  const page = await open(URL);
  await page.click("#notes");
  await page.keyboard.type(BENIGN);
  await page.keyboard.press("Enter");
  assert.equal(await editorText(page, "notes"), `${BENIGN}\n`, "the new line at once");
  assert.equal((await readCompose(page)).dialog, null);

  await page.keyboard.type(VIOLATING);
  await waitForCompose(page, (s) => s.panel, "the findings panel");
  await page.keyboard.press("Enter");
  await waitForCompose(page, (s) => s.dialog, "the dialog for a draft with findings");
  assert.equal(await editorText(page, "notes"), `${BENIGN}\n${VIOLATING}`, "held: no new line yet");
  await clickComposeControl(page, "Edit post");
  await waitForCompose(page, (s) => !s.dialog, "the dialog to close");
  assert.equal(await editorText(page, "notes"), `${BENIGN}\n${VIOLATING}`, "Edit post changes nothing");

  await page.keyboard.press("Enter");
  await waitForCompose(page, (s) => s.dialog, "the dialog again");
  await postAnyway(page);
  const expected = `${BENIGN}\n${VIOLATING}\n`;
  await pollText(page, "notes", expected);
  // The new line is where the caret was, and typing goes on after it.
  await page.keyboard.type("Thanks");
  assert.equal(await editorText(page, "notes"), `${expected}Thanks`);
  assert.deepEqual(await posted(page), []);
});

test("a box seen to empty itself after Enter is guarded as a chat box from then on", async () => {
  const page = await open(URL);
  await page.click("#quick");
  await page.keyboard.type(BENIGN);
  await page.keyboard.press("Enter");
  await waitForPosted(page, 1);
  // Straight on, typed and sent at once, before any check could have found anything: SafePost
  // looks whether the box emptied itself at the next key press, not after a pause.
  await page.keyboard.type(VIOLATING);
  await page.keyboard.press("Enter");
  await waitForCompose(page, (s) => s.dialog, "the send dialog");
  assert.deepEqual(await posted(page), [{ kind: "quick", text: BENIGN }], "the second message was held");
});

test("a confirmed send the page ignores: the panel says to press Enter again, and that press sends it", async () => {
  const page = await open(URL);
  await page.click("#strict");
  await page.keyboard.type(VIOLATING);
  await page.keyboard.press("Enter");
  await waitForCompose(page, (s) => s.dialog, "the send dialog");
  await postAnyway(page);
  const noted = await waitForCompose(page, (s) => s.panel && /press Enter again/.test(s.panel.text), "the note to press Enter again");
  assert.match(noted.panel.text, /did not send it/);
  assert.deepEqual(await posted(page), []);
  await page.click("#strict");
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await waitForPosted(page, 1);
  assert.equal((await readCompose(page)).dialog, null, "no second dialog for the same text");
  assert.equal((await posted(page))[0].text.trim(), VIOLATING);
});

async function pollText(page, kind, expected, timeout = 5_000) {
  const started = Date.now();
  let text;
  while (Date.now() - started < timeout) {
    text = await editorText(page, kind);
    if (text === expected) return;
    await delay(50);
  }
  assert.equal(text, expected);
}
