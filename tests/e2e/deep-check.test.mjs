// The deeper check (the model that reads drafts for meaning) in the built extension: a breach
// with no word a list would catch joins the panel after a pause, with its clause, and names the
// words that weighed most when asked; a send made
// before the model has read the draft waits for it, then asks; a benign draft sent at once goes
// out once, untouched; IT can switch it off; and when the model cannot load, the post is never
// held or lost: the fast verdict decides and the panel says the deeper check did not run.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { EXTENSION_DIR, clickComposeControl, delay, readCompose, startSafePost, useSafePost, waitForCompose, waitForPosted } from "./harness.mjs";

// No word here is on a list; what it says about a pupil is what breaks §6.1.
const MEANING_ONLY = "That quiet lad who sits at the back always heads home alone past the old railway bridge around half three";
const BENIGN = "Congratulations to our netball team on a brilliant season!";
const URL = "https://x.com/x.html";
const FIELD = "[data-testid=tweetTextarea_0]";
const SEND = "[data-testid=tweetButtonInline]";

const posted = (page) => page.evaluate(() => window.posted.map((p) => p.text));

describe("with the deeper check on (the default)", () => {
  const browser = useSafePost();

  test("a breach the words do not show: the deeper check's finding joins the panel, with its clause", async () => {
    const page = await browser.open(URL);
    await page.click(FIELD);
    await page.keyboard.type(MEANING_ONLY);
    const shown = await waitForCompose(page, (s) => /Read for meaning/.test(s.panel?.text ?? ""), "the deeper check's finding", 30_000);
    assert.match(shown.panel.text, /§6\.1 Could help someone find a child/);
    assert.match(shown.panel.text, /Policy A2 §6\.1/);
    assert.ok(shown.marks.length > 0, "its sentence is highlighted beside the editor");
    // Asked, it names the words that weighed most (scored once per word, so only on request),
    // and the draft is untouched.
    await clickComposeControl(page, "Which words?");
    const named = await waitForCompose(page, (s) => /the words that weighed most: “/.test(s.panel?.text ?? ""), "the words named", 30_000);
    assert.match(named.panel.text, /“(home|alone|bridge|past|lad)”/);
    assert.ok(!named.panel.controls.some((c) => c.label === "Which words?"), "asked once, the button goes");
    assert.equal(await page.evaluate(() => window.editorText.post()), MEANING_ONLY);
  });

  test("send at once: held until the deeper check has read the draft, then asked; Edit post keeps it", async () => {
    const page = await browser.open(URL);
    await page.click(FIELD);
    await page.keyboard.type(MEANING_ONLY, { delay: 0 });
    await page.click(SEND);
    const asked = await waitForCompose(page, (s) => s.dialog, "the send dialog", 30_000);
    assert.match(asked.dialog.text, /§6\.1/);
    assert.deepEqual(await posted(page), []);
    await clickComposeControl(page, "Edit post");
    await waitForCompose(page, (s) => !s.dialog, "the dialog closed");
    assert.equal(await page.evaluate(() => window.editorText.post()), MEANING_ONLY);
    assert.deepEqual(await posted(page), []);
  });

  test("a benign draft sent at once goes out once, exactly as typed", async () => {
    const page = await browser.open(URL);
    await page.click(FIELD);
    await page.keyboard.type(BENIGN, { delay: 0 });
    await page.click(SEND);
    await waitForPosted(page, 1, 30_000);
    await delay(300);
    assert.deepEqual(await posted(page), [BENIGN]);
    assert.equal((await readCompose(page)).dialog, null);
  });
});

describe("IT switched the deeper check off (content.deep_check: off)", () => {
  const browser = useSafePost({ managedPolicy: { content: { deep_check: "off" } } });

  test("the fast check alone: the same draft has no finding and goes out when sent", async () => {
    const page = await browser.open(URL);
    await page.click(FIELD);
    await page.keyboard.type(MEANING_ONLY);
    await delay(2_500); // Past the deeper check's pause.
    assert.doesNotMatch((await readCompose(page)).panel?.text ?? "", /Read for meaning/);
    await page.click(SEND);
    await waitForPosted(page, 1);
    assert.deepEqual(await posted(page), [MEANING_ONLY]);
  });
});

describe("the model cannot load (missing from a copy of the built extension)", () => {
  let browser;
  let copy;
  before(async () => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), "safepost-no-model-"));
    fs.cpSync(EXTENSION_DIR, copy, { recursive: true });
    fs.rmSync(path.join(copy, "model"), { recursive: true });
    browser = await startSafePost({ extension: copy });
  });
  after(async () => {
    await browser?.close();
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  test("the post goes out on the fast verdict, once, and the panel says the deeper check did not run", async () => {
    const page = await browser.open(URL);
    await page.click(FIELD);
    await page.keyboard.type(MEANING_ONLY);
    const shown = await waitForCompose(page, (s) => /did not run/.test(s.panel?.text ?? ""), "the note that the deeper check did not run", 30_000);
    assert.match(shown.panel.text, /only its words were checked/);
    await page.click(SEND);
    await waitForPosted(page, 1);
    assert.deepEqual(await posted(page), [MEANING_ONLY]);
  });
});
