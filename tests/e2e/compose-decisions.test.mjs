// Which sends are held, and what each decision is about. An icon-only send button, which only the
// platform's adapter names, is held like a labelled one before the compose guard has started; and
// with two drafts on one page, each send is decided on its own draft's findings, "Post anyway"
// sends only that draft, once, and the other never goes out without a decision of its own.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  clickComposeControl,
  delay,
  evaluateInContentScript,
  pollUntil,
  readCompose,
  useSafePost,
  waitForCompose,
  waitForPosted,
} from "./harness.mjs";

const browser = useSafePost();

// First in this file: only the first page after the browser starts waits ~2.5 s for the guard.
describe("before the guard has started", () => {
  const DRAFT = "Honestly you are a stupid idiot";
  const SEND = "#send"; // An svg in a div[role=button], with no label

  test("a send button known only to the platform's adapter holds a violating draft until it is checked", async () => {
    const page = await browser.open("https://web.whatsapp.com/whatsapp-icon-send.html");
    await page.click("#message");
    await page.keyboard.insertText(DRAFT);
    // The press lands on the icon, as a person's would.
    const pressed = await page.$eval(SEND, (button) => {
      const box = button.getBoundingClientRect();
      return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2).closest("svg") !== null;
    });
    assert.ok(pressed, "the middle of the button is its svg");
    await page.click(SEND);
    assert.equal((await readCompose(page)).present, false, "pressed before the guard had started");
    assert.deepEqual(await page.evaluate(() => window.posted), [], "the press did not send straight away");

    const asked = await waitForCompose(page, (s) => s.dialog, "the send dialog");
    assert.match(asked.dialog.text, /§5\.6/);
    assert.match(asked.dialog.text, /“stupid”/);
    assert.deepEqual(await page.evaluate(() => window.posted), [], "nothing was sent before the decision");

    await clickComposeControl(page, "checkbox");
    await clickComposeControl(page, "Post anyway");
    await waitForPosted(page, 1);
    await delay(500);
    assert.deepEqual(await page.evaluate(() => window.posted), [{ kind: "message", text: DRAFT }], "sent exactly once, untouched");

    // Only the adapter knows this button sends (nor is it a contact button, which is held too):
    // without the adapter, the press would have gone straight out.
    const recognised = await evaluateInContentScript(
      page,
      `(() => {
        const button = document.querySelector(${JSON.stringify(SEND)});
        const field = document.getElementById("message");
        return {
          label: safepost.hasSendLabel(button),
          contact: safepost.contactActionAt(button, safepost.adapters.forHost(location.hostname)),
          withoutAdapter: safepost.isSendButton(button, null, field),
          withAdapter: safepost.isSendButton(button, safepost.adapters.forHost(location.hostname), field),
        };
      })()`,
    );
    assert.deepEqual(recognised, { label: false, contact: null, withoutAdapter: false, withAdapter: true });
  });
});

describe("two drafts on one page", () => {
  const URL = "https://www.facebook.com/facebook.html";

  // These drafts are written with the guard running, whichever tests of the file run before.
  before(async () => {
    const page = await browser.open(URL);
    await page.click("#comment");
    await page.keyboard.type("stupid");
    await waitForCompose(page, (s) => s.panel, "the guard to start");
    await page.close();
  });

  // Different findings, so a dialog shows which draft it is about: §5.6 insults in the post,
  // an email address (§5.5) in the comment.
  const POST = "Honestly, whoever left the minibus keys in the staff room again is a stupid idiot.";
  const COMMENT = "Email me at sam.teacher@gmail.com about the trip";

  /** "post", "comment", or what else the open dialog's findings are about. */
  function dialogAbout(state) {
    const post = /“stupid”/.test(state.dialog.text) && /“idiot”/.test(state.dialog.text);
    const comment = /“sam\.teacher@gmail\.com”/.test(state.dialog.text);
    return post && !comment ? "post" : comment && !post ? "comment" : post ? "both drafts" : "neither draft";
  }

  const posted = (page) => page.evaluate(() => window.posted.map((p) => ({ ...p })));

  /** Each draft's own send, pressed the way its box sends: the Post button, Enter in the comment. */
  async function send(page, kind) {
    if (kind === "post") {
      await page.click("#post");
    } else {
      await page.click("#comment");
      await page.keyboard.press("End");
      await page.keyboard.press("Enter");
    }
  }

  async function postAnyway(page, count) {
    await clickComposeControl(page, "checkbox");
    await clickComposeControl(page, "Post anyway");
    await waitForPosted(page, count);
    await delay(500); // A second send would have happened by now.
  }

  async function writeComment(page) {
    await page.click("#comment");
    await page.keyboard.type(COMMENT);
    await waitForCompose(page, (s) => /sam\.teacher@gmail\.com/.test(s.panel?.text ?? ""), "the comment's findings");
  }

  test("one after the other: each send is decided on its own draft, and Post anyway sends only that one", async () => {
    const page = await browser.open(URL);
    await page.click("#composer");
    await page.keyboard.type(POST);
    await writeComment(page);

    // The comment was written last; the post's own button sends the post.
    await send(page, "post");
    let asked = await waitForCompose(page, (s) => s.dialog, "the post's dialog");
    assert.equal(dialogAbout(asked), "post", `the Post button's dialog is about the post: ${asked.dialog.text}`);
    assert.deepEqual(await posted(page), [], "nothing was sent");
    await clickComposeControl(page, "Edit post");
    await waitForCompose(page, (s) => !s.dialog, "the dialog to close");

    await send(page, "comment");
    asked = await waitForCompose(page, (s) => s.dialog, "the comment's dialog");
    assert.equal(dialogAbout(asked), "comment", `Enter in the comment asks about the comment: ${asked.dialog.text}`);
    assert.deepEqual(await posted(page), [], "nothing was sent");
    await postAnyway(page, 1);
    assert.deepEqual(await posted(page), [{ kind: "comment", text: COMMENT }], "only the comment was sent, once");

    // The post was not decided on: its send still asks.
    await send(page, "post");
    asked = await waitForCompose(page, (s) => s.dialog, "the post's dialog again");
    assert.equal(dialogAbout(asked), "post", `the post's dialog is about the post: ${asked.dialog.text}`);
    assert.equal((await posted(page)).length, 1, "the post was not sent without its own decision");
    await postAnyway(page, 2);
    assert.deepEqual(await posted(page), [{ kind: "comment", text: COMMENT }, { kind: "post", text: POST }], "each sent once, untouched");
  });

  test("at once: a draft sent while another's check is on its way gets its own decision", async () => {
    // A long post: the deeper check (which reads for meaning) takes seconds to read it, and a send
    // waits up to 2.5 s for it, so the post's decision is still on its way when the comment is sent.
    const longPost = [
      "Parents' evening is on Thursday from 4pm in the main hall, and Year 10 tutors will be there to talk through mock results and revision plans.",
      "The library will stay open until 5pm every weekday in the run-up to the exams, with quiet study rooms available to book at reception.",
      "Thank you to everyone who came to the spring concert: the orchestra, the choir and the jazz band were a credit to the school.",
      "Sports day has moved to the following Friday because of the weather forecast, and the timetable for the morning events is on the website.",
      "Year 7 families are welcome at the coffee morning next Wednesday, where the pastoral team will answer questions about the first term.",
      "The geography field trip to the coast returns at 6pm on Tuesday, and pupils should bring a packed lunch, a waterproof coat and sturdy shoes.",
      "Congratulations to our netball team on a brilliant season, and good luck to the under-14 football squad in the county final next month.",
      "The school kitchen is trying new vegetarian dishes this term, and feedback cards are available at the end of the lunch queue.",
      "Reminder that the car park will be closed on Monday morning while the new bike shelters are installed near the sports hall.",
      "Our charity bake sale raised a fantastic amount for the local food bank, so thank you to every baker, buyer and volunteer who helped.",
      POST,
    ].join(" ");
    const text = { post: longPost, comment: COMMENT };

    const page = await browser.open(URL);
    await writeComment(page);
    await page.click("#composer");
    await page.keyboard.insertText(longPost); // In one go, as a paste: first read when it is sent.
    // Both sends at once, with the real mouse and keyboard: the post's button, then Enter in the comment.
    const postButton = await page.locator("#post").boundingBox();
    const commentBox = await page.locator("#comment").boundingBox();
    await page.mouse.click(postButton.x + postButton.width / 2, postButton.y + postButton.height / 2);
    await page.mouse.click(commentBox.x + commentBox.width / 2, commentBox.y + commentBox.height / 2);
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    assert.deepEqual(await posted(page), [], "neither was sent straight away");

    // One modal dialog at a time, about one draft.
    const first = await waitForCompose(page, (s) => s.dialog, "the first dialog");
    const decided = dialogAbout(first);
    assert.ok(decided === "post" || decided === "comment", `the first dialog is about one draft, not ${decided}: ${first.dialog.text}`);
    const other = decided === "post" ? "comment" : "post";
    // Read as a person would, long enough for the other send's checks to have finished.
    await delay(3_000);
    const reread = await readCompose(page);
    assert.equal(reread.dialog && dialogAbout(reread), decided, `the open dialog still shows the ${decided}'s findings: ${reread.dialog?.text}`);
    assert.deepEqual(await posted(page), [], "nothing was sent before a decision");
    await postAnyway(page, 1);
    assert.deepEqual(await posted(page), [{ kind: decided, text: text[decided] }], `Post anyway sent only the ${decided}, once`);

    // The other draft is asked about next, or its send is to be pressed again; never sent unasked.
    let second = await pollUntil(() => readCompose(page), (s) => s.dialog, "a second dialog", 4_000).catch(() => null);
    assert.equal((await posted(page)).length, 1, `the ${other} was not sent without its own decision`);
    if (!second) {
      await page.click(other === "post" ? "#composer" : "#comment");
      await send(page, other);
      second = await waitForCompose(page, (s) => s.dialog, `the ${other}'s dialog when sent again`);
    }
    assert.equal(dialogAbout(second), other, `the second dialog is about the ${other}: ${second.dialog.text}`);
    assert.equal((await posted(page)).length, 1, `the ${other} was not sent without its own decision`);
    await postAnyway(page, 2);
    const sent = await posted(page);
    assert.deepEqual(
      sent.map((p) => p.kind).sort(),
      ["comment", "post"],
      `each draft sent exactly once: ${JSON.stringify(sent)}`,
    );
    assert.deepEqual(sent[1], { kind: other, text: text[other] }, "sent untouched");
  });
});
