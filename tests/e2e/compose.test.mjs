// The compose guard on each platform's compose structure (real Lexical, Draft.js and React
// editors at the platforms' hostnames), on pages with no adapter, in shadow roots, in a
// same-origin iframe and under a strict CSP. For each: a violating draft gets highlights and
// the panel with the right clause; sending shows the dialog; "Edit post" keeps the draft
// byte-for-byte; "Post anyway" sends once with the exact text; a benign draft is never interrupted.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clickComposeControl, delay, readCompose, useSafePost, waitForCompose, waitForPosted } from "./harness.mjs";

const VIOLATING = "Honestly you are a stupid idiot";
const BENIGN = "Congratulations to our netball team on a brilliant season!";

const click = (selector) => (page) => page.click(selector);
const press = (keys) => (page) => page.keyboard.press(keys);

// `field`: a Playwright selector (it pierces open shadow roots) or a function focusing the field.
// `kind`: the key of the fixture's window.editorText / window.posted entries.
// `paints`: a rich editor in the page's own tree, whose words are painted as CSS highlights
// (textareas and fields in shadow roots get the drawn overlay).
const CASES = [
  { name: "Facebook post (Lexical), Post button", paints: true, url: "https://www.facebook.com/facebook.html", field: "#composer", kind: "post", send: click("#post") },
  { name: "Facebook comment (Lexical), Enter sends", paints: true, url: "https://www.facebook.com/facebook.html", field: "#comment", kind: "comment", send: press("Enter") },
  { name: "X post (Draft.js), Post button", paints: true, url: "https://x.com/x.html", field: "[data-testid=tweetTextarea_0]", kind: "post", send: click("[data-testid=tweetButtonInline]") },
  { name: "X post (Draft.js), Ctrl+Enter", paints: true, url: "https://x.com/x.html", field: "[data-testid=tweetTextarea_0]", kind: "post", send: press("Control+Enter") },
  { name: "X direct message (Draft.js), Enter sends", paints: true, url: "https://x.com/x.html", field: "[data-testid=dmComposerTextInput]", kind: "message", send: press("Enter") },
  { name: "YouTube comment (contenteditable), Comment button", paints: true, url: "https://www.youtube.com/youtube.html", field: "#contenteditable-root", kind: "comment", send: click("#submit-button") },
  { name: "Instagram comment (React textarea), Enter sends", url: "https://www.instagram.com/instagram.html", field: "textarea", kind: "comment", send: press("Enter") },
  { name: "Instagram comment (React textarea), Post button", url: "https://www.instagram.com/instagram.html", field: "textarea", kind: "comment", send: click("form [role=button]") },
  { name: "Instagram direct message (contenteditable), Enter sends", paints: true, url: "https://www.instagram.com/instagram.html", field: "#message", kind: "message", send: press("Enter") },
  { name: "no adapter: React-controlled textarea", url: "https://www.tiktok.com/compose-generic.html", field: "#react", kind: "react", send: click("#react-root button") },
  { name: "no adapter: textarea in an open shadow root", url: "https://www.tiktok.com/compose-generic.html", field: "open-composer textarea", kind: "open", send: click("open-composer button") },
  {
    name: "no adapter: contenteditable in a closed shadow root",
    url: "https://www.tiktok.com/compose-generic.html",
    field: (page) => clickInBox(page, "closed-composer", 10),
    kind: "closed",
    send: (page) => clickInBox(page, "closed-composer", -8),
  },
  { name: "strict CSP page: textarea in a form", url: "https://www.tiktok.com/strict-csp-compose.html", field: "#post", kind: "post", send: click("button[type=submit]") },
];

/** Clicks inside an element's box, `dy` px from its top (or from its bottom when negative). */
async function clickInBox(page, selector, dy) {
  const box = await page.locator(selector).boundingBox();
  await page.mouse.click(box.x + 20, dy >= 0 ? box.y + dy : box.y + box.height + dy);
}

async function focusField(page, field) {
  if (typeof field === "function") await field(page);
  else await page.click(field);
}

/** What the page itself holds: the editor's text (from its own state) and its markup. */
function snapshot(page, kind, field) {
  return page.evaluate(
    ([kind, selector]) => {
      const element = selector && document.querySelector(selector);
      const markup = kind === "closed" ? window.closedEditorHTML() : element ? element.value ?? element.innerHTML : null;
      return { text: window.editorText[kind](), markup, posted: window.posted.map((p) => ({ ...p })) };
    },
    [kind, typeof field === "string" && !field.includes(" ") ? field : null],
  );
}

const browser = useSafePost();

for (const testCase of CASES) {
  describe(testCase.name, () => {
    test("a violating draft: highlights and panel; send → dialog; Edit post keeps it; Post anyway sends it once", async () => {
      const page = await browser.open(testCase.url);
      await focusField(page, testCase.field);
      await page.keyboard.type(VIOLATING);

      const shown = await waitForCompose(page, (s) => s.panel && s.marks.length > 0, "the findings panel");
      assert.match(shown.panel.text, /§5\.6 Insulting or abusive/);
      assert.match(shown.panel.text, /“stupid”|“idiot”/);
      assert.match(shown.panel.text, /Policy A2 §5\.6: don't use social media to attack, insult, abuse or defame anyone/);
      await assertBesideNotInside(page, testCase, shown);
      assert.equal(shown.painted > 0, Boolean(testCase.paints), testCase.paints ? "the words are painted as CSS highlights" : "the words are drawn by the overlay");
      if (testCase.paints) {
        assert.ok(shown.marks.every((m) => m.painted), "nothing drawn beside the painted words");
        assert.ok(shown.marks.some((m) => /stupid|idiot/.test(m.text)), `painted: ${JSON.stringify(shown.marks.map((m) => m.text))}`);
      }

      const before = await snapshot(page, testCase.kind, testCase.field);
      assert.equal(before.text.trim(), VIOLATING);
      await testCase.send(page);
      const asked = await waitForCompose(page, (s) => s.dialog, "the send dialog");
      assert.match(asked.dialog.text, /Check this post before it goes out/);
      assert.match(asked.dialog.text, /§5\.6/);
      assert.equal(asked.dialog.controls.find((c) => c.label === "Post anyway").disabled, true, "Post anyway needs the acknowledgement first");
      assert.deepEqual((await snapshot(page, testCase.kind, testCase.field)).posted, [], "nothing was sent");

      await clickComposeControl(page, "Edit post");
      await waitForCompose(page, (s) => !s.dialog, "the dialog to close");
      assert.deepEqual(await snapshot(page, testCase.kind, testCase.field), before, "Edit post leaves the draft exactly as it was");

      await testCase.send(page);
      await waitForCompose(page, (s) => s.dialog, "the send dialog again");
      await clickComposeControl(page, "checkbox");
      await clickComposeControl(page, "Post anyway");
      await waitForPosted(page, 1);
      await delay(500);
      const posted = (await snapshot(page, testCase.kind, testCase.field)).posted;
      assert.equal(posted.length, 1, "the page's own send ran exactly once");
      assert.equal(posted[0].text.trim(), before.text.trim());
      assert.equal(posted[0].text, before.text, "sent with the text untouched");
    });

    test("a benign draft sent straight away is never interrupted", async () => {
      const page = await browser.open(testCase.url);
      await focusField(page, testCase.field);
      await page.keyboard.type(BENIGN);
      await testCase.send(page); // Before the pause in typing: the check happens at send time.
      await waitForPosted(page, 1);
      const state = await readCompose(page);
      assert.equal(state.dialog, null);
      assert.equal(state.panel, null);
      const posted = (await snapshot(page, testCase.kind, testCase.field)).posted;
      assert.equal(posted.length, 1);
      assert.equal(posted[0].text.trim(), BENIGN);
    });
  });
}

test("the panel is announced politely and reachable with the keyboard; Escape returns to the caret", async () => {
  const page = await browser.open("https://www.facebook.com/facebook.html");
  await page.click("#composer");
  await page.keyboard.type(VIOLATING);
  const shown = await waitForCompose(page, (s) => s.panel && s.announced, "the panel and its announcement");
  assert.match(shown.announced, /SafePost: \d+ things? to check before you post/);
  assert.match(shown.panel.text, /Alt\+Shift\+S to reach this panel, Escape to go back/);
  const before = await snapshot(page, "post", "#composer");
  const dismissals = shown.panel.controls.filter((c) => c.label === "Dismiss").length;
  assert.ok(dismissals >= 1);

  await page.keyboard.press("Alt+Shift+S");
  let state = await waitForCompose(page, (s) => s.panel?.controls.some((c) => c.focused), "focus in the panel");
  assert.equal(state.panel.controls.find((c) => c.focused).label, "Dismiss");
  assert.deepEqual(await snapshot(page, "post", "#composer"), before, "the shortcut typed nothing into the draft");

  await page.keyboard.press("Enter"); // Dismiss the first finding; focus stays in the panel or goes back.
  state = await waitForCompose(page, (s) => (s.panel?.controls.filter((c) => c.label === "Dismiss").length ?? 0) < dismissals, "one finding dismissed");
  assert.deepEqual(await snapshot(page, "post", "#composer"), before, "Dismiss leaves the draft alone");
  if (state.panel?.controls.some((c) => c.focused)) await page.keyboard.press("Escape");
  await page.keyboard.type(" indeed");
  const after = await snapshot(page, "post", "#composer");
  assert.equal(after.text.trim(), `${VIOLATING} indeed`, "back in the field with the caret where it was");
});

test("a draft longer than SafePost checks says that only its beginning was checked", async () => {
  const page = await browser.open("https://www.tiktok.com/strict-csp-compose.html");
  const long = "Congratulations to our netball team on a brilliant season! ".repeat(2_000); // 120,000 characters
  await page.fill("#post", long);
  const shown = await waitForCompose(page, (s) => s.panel, "the panel");
  assert.match(shown.panel.text, /SafePost checked only its beginning\. Please check the rest yourself against Trust Policy A2/);
  assert.equal(shown.marks.length, 0);
  assert.equal(await page.inputValue("#post"), long, "the draft is untouched");
});

/** Every highlight lies within the field; the panel does not cover it. */
async function assertBesideNotInside(page, testCase, state) {
  const box = await fieldBox(page, testCase);
  for (const mark of state.marks) {
    assert.ok(
      mark.box.left >= box.left - 1 && mark.box.top >= box.top - 1 &&
        mark.box.left + mark.box.width <= box.right + 1 && mark.box.top + mark.box.height <= box.bottom + 1,
      `highlight ${JSON.stringify(mark.box)} lies within the field ${JSON.stringify(box)}`,
    );
  }
  const panel = state.panel.box;
  const overlaps = panel.left < box.right && panel.left + panel.width > box.left && panel.top < box.bottom && panel.top + panel.height > box.top;
  assert.ok(!overlaps, `panel ${JSON.stringify(panel)} does not cover the field ${JSON.stringify(box)}`);
}

async function fieldBox(page, testCase) {
  const locator = typeof testCase.field === "string" ? page.locator(testCase.field) : page.locator("closed-composer");
  const box = await locator.boundingBox();
  return { left: box.x, top: box.y, right: box.x + box.width, bottom: box.y + box.height };
}

test("a textarea in a same-origin iframe is guarded too", async () => {
  const page = await browser.open("https://www.tiktok.com/compose-generic.html");
  const frame = page.frameLocator("#frame");
  await frame.locator("#t").click();
  await page.keyboard.type(VIOLATING);
  const shown = await waitForCompose(page, (s) => s.panel, "the panel in the iframe");
  assert.match(shown.panel.text, /§5\.6/);
  await frame.locator("button").click();
  await waitForCompose(page, (s) => s.dialog, "the send dialog in the iframe");
  const frameBox = await page.locator("#frame").boundingBox();
  await clickComposeControl(page, "Edit post", { x: frameBox.x + 1, y: frameBox.y + 1 });
  await waitForCompose(page, (s) => !s.dialog, "the dialog to close");
  assert.deepEqual(await page.evaluate(() => window.posted), []);
  assert.equal(await frame.locator("#t").inputValue(), VIOLATING);
});

test("a press on send shares the check already on its way: one engine check for one text", async () => {
  const checkText = "content→background: check text";
  await browser.serviceWorker.evaluate((type) => {
    globalThis.checkTextRequests = 0;
    chrome.runtime.onMessage.addListener((message) => {
      if (message?.type === type) globalThis.checkTextRequests++;
    });
  }, checkText);
  const page = await browser.open("https://www.instagram.com/instagram.html");
  await page.click("textarea");
  await page.keyboard.type(VIOLATING);
  await waitForCompose(page, (s) => s.panel, "the guard to have checked once");
  await browser.serviceWorker.evaluate(() => {
    globalThis.checkTextRequests = 0;
  });
  await page.keyboard.type(" indeed");
  // Before the pause in typing: the press on the button starts a check, and the click that
  // follows (the send) waits for that same check instead of starting its own.
  await page.click("form [role=button]");
  await waitForCompose(page, (s) => s.dialog, "the send dialog");
  await delay(1_000);
  assert.equal(await browser.serviceWorker.evaluate(() => globalThis.checkTextRequests), 1);
  assert.deepEqual(await page.evaluate(() => window.posted), [], "nothing was sent");
});

test("a rich editor's words are painted, not drawn: no element per finding, and they go when the words go", async () => {
  const page = await browser.open("https://www.facebook.com/facebook.html");
  await page.click("#composer");
  await page.keyboard.type(VIOLATING);
  const first = await waitForCompose(page, (s) => s.panel && s.painted > 0, "the painted words");
  const elements = () => page.evaluate(() => document.getElementsByTagName("*").length);
  const before = await elements();
  await page.keyboard.type(". What a moron, and a stupid one");
  const more = await waitForCompose(page, (s) => s.painted > first.painted, "more painted words");
  assert.ok(more.marks.every((m) => m.painted), "no drawn marks");
  assert.equal(await elements(), before, "the page gained no element for the new findings");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await waitForCompose(page, (s) => s.painted === 0 && !s.panel, "the highlights and panel gone with the words");
});

test("highlights in a scrolled textarea follow its text", async () => {
  const page = await browser.open("https://www.tiktok.com/compose-generic.html");
  await page.evaluate(() => Object.assign(document.querySelector("#react").style, { height: "120px", overflowY: "auto" }));
  await page.click("#react");
  await page.keyboard.insertText(`Thank you all.\nThank you all.\n${VIOLATING}\n${"Thank you all.\n".repeat(30)}`);
  await waitForCompose(page, (s) => s.panel, "the panel");
  const scrollTo = (top) => page.evaluate((top) => {
    const field = document.querySelector("#react");
    field.scrollTop = top;
    return field.scrollTop;
  }, top);
  await scrollTo(0);
  const box = await page.locator("#react").boundingBox();
  const top = await waitForCompose(page, (s) => s.marks.length && s.marks[0].box.top >= box.y && s.marks[0].box.top < box.y + box.height, "the highlights in view");
  const scrolled = await scrollTo(16);
  assert.equal(scrolled, 16, "the textarea scrolled");
  const moved = await waitForCompose(page, (s) => s.marks.length && s.marks[0].box.top !== top.marks[0].box.top, "the highlights to move");
  assert.ok(Math.abs(top.marks[0].box.top - moved.marks[0].box.top - scrolled) <= 1,
    `moved up with the text: ${top.marks[0].box.top} → ${moved.marks[0].box.top}, scrolled ${scrolled}`);
  assert.equal(moved.marks[0].box.left, top.marks[0].box.left);
});

test("text a rich editor takes in without an input event (Lexical's own paste handling) is checked without another key", async () => {
  const page = await browser.open("https://www.facebook.com/facebook.html");
  await page.click("#composer");
  // Into an empty Lexical editor, inserted text reaches the page with no `input` event.
  await page.keyboard.insertText(VIOLATING);
  const shown = await waitForCompose(page, (s) => s.panel && s.marks.length > 0, "the findings panel");
  assert.match(shown.panel.text, /§5\.6 Insulting or abusive/);
  assert.equal((await snapshot(page, "post", "#composer")).text.trim(), VIOLATING, "the draft is untouched");
});
