// The deeper check (the model that reads drafts for meaning) in the built extension: a breach
// with no word a list would catch joins the panel after a pause, with its clause, and names the
// words that weighed most when asked (and says so when it cannot), on its own thread, so the
// worker answers fast checks meanwhile; a send made
// before the model has read the draft waits for it, then asks; a benign draft sent at once goes
// out once, untouched; IT can switch it off; and when the model cannot load, the post is never
// held or lost: the fast verdict decides and the panel says the deeper check did not run.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { MESSAGES } from "../../extension/messages.js";
import { EXTENSION_DIR, clickComposeControl, delay, evaluateInContentScript, readCompose, startSafePost, useSafePost, waitForCompose, waitForPosted } from "./harness.mjs";

// No word here is on a list; what it says about a pupil is what breaks §6.1.
const MEANING_ONLY = "The Year 3 girl with the red coat waits alone by the canal gate after school";
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
    // Words that carry where and when to find her (who, what she wears, where, when, alone), not
    // the draft's function words ("the", "with", "by").
    assert.match(named.panel.text, /“(girl|coat|waits|alone|canal|gate|school)”/);
    assert.ok(!named.panel.controls.some((c) => c.label === "Which words?"), "asked once, the button goes");
    assert.equal(await page.evaluate(() => window.editorText.post()), MEANING_ONLY);
  });

  test("while the deeper check names words (seconds of work), the worker answers a fast check at once", async () => {
    const page = await browser.open(URL);
    const long = Array(6).fill(MEANING_ONLY).join(". ");
    const order = await evaluateInContentScript(
      page,
      `(async () => {
        const send = (message) => chrome.runtime.sendMessage(message);
        const warmed = await send({ type: ${JSON.stringify(MESSAGES.contentToBackground.warmDeepCheck)} });
        if (!warmed.ok) throw new Error(warmed.error);
        const order = [];
        const words = send({ type: ${JSON.stringify(MESSAGES.contentToBackground.deepWords)}, text: ${JSON.stringify(long)},
          family: "locate_child", start16: 0, end16: ${long.length} }).then((reply) => order.push(["words", reply.ok]));
        await new Promise((resolve) => setTimeout(resolve, 100)); // the words are being scored
        const fast = await send({ type: ${JSON.stringify(MESSAGES.contentToBackground.checkText)}, text: "You are an idiot",
          context: { platform: "twitter", account: "personal", surface: "post" } });
        order.push(["fast", fast.ok && fast.result.findings.length > 0]);
        await words;
        return order;
      })()`,
    );
    assert.deepEqual(order, [["fast", true], ["words", true]], "the fast check's reply came first, with its finding");
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

/** SafePost loaded from a copy of the built extension, so a test can take its model away. */
function useCopy({ withModel }) {
  const copied = {};
  before(async () => {
    copied.dir = fs.mkdtempSync(path.join(os.tmpdir(), "safepost-deep-"));
    fs.cpSync(EXTENSION_DIR, copied.dir, { recursive: true });
    if (!withModel) copied.removeModel();
    copied.browser = await startSafePost({ extension: copied.dir });
  });
  after(async () => {
    await copied.browser?.close();
    if (copied.dir) fs.rmSync(copied.dir, { recursive: true, force: true });
  });
  copied.removeModel = () => fs.rmSync(path.join(copied.dir, "model"), { recursive: true });
  return copied;
}

describe("the model goes missing after a finding (a copy of the built extension)", () => {
  const copied = useCopy({ withModel: true });

  test("'Which words?' then says the words could not be named, offers to try again, and the draft is untouched", async () => {
    const page = await copied.browser.open(URL);
    await page.click(FIELD);
    await page.keyboard.type(MEANING_ONLY);
    await waitForCompose(page, (s) => /Read for meaning/.test(s.panel?.text ?? ""), "the deeper check's finding", 30_000);
    // The worker is stopped (as Chromium does when idle), the deeper check's thread is let go (as
    // after a quiet spell) and the model cannot load again.
    copied.removeModel();
    await copied.browser.stopServiceWorker();
    await copied.browser.closeDeepCheck();
    await clickComposeControl(page, "Which words?");
    const failed = await waitForCompose(page, (s) => /could not be named/.test(s.panel?.text ?? ""), "the words not named", 30_000);
    assert.match(failed.panel.text, /§6\.1/, "the finding itself stays");
    assert.ok(failed.panel.controls.some((c) => c.label === "Which words?"), "the button stays, to try again");
    assert.equal(await page.evaluate(() => window.editorText.post()), MEANING_ONLY);
  });
});

describe("the model cannot load (missing from a copy of the built extension)", () => {
  const copied = useCopy({ withModel: false });

  test("the post goes out on the fast verdict, once, and the panel says the deeper check did not run", async () => {
    const page = await copied.browser.open(URL);
    await page.click(FIELD);
    await page.keyboard.type(MEANING_ONLY);
    const shown = await waitForCompose(page, (s) => /did not run/.test(s.panel?.text ?? ""), "the note that the deeper check did not run", 30_000);
    assert.match(shown.panel.text, /only its words were checked/);
    await page.click(SEND);
    await waitForPosted(page, 1);
    assert.deepEqual(await posted(page), [MEANING_ONLY]);
  });
});
