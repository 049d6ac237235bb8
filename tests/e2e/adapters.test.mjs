// The compose guard with the adapters for Discord, LinkedIn, WhatsApp Web, Reddit, Threads,
// Bluesky and Mastodon, each on a fixture page at the platform's hostname that mimics its
// composer. For each field: the bundled adapter is the one for the host
// and names the field (with its surface and whether Enter sends), its send button and the
// signed-in account; a violating draft gets the panel, its send opens the dialog and sends
// nothing, and "Post anyway" sends it once, byte for byte; in a chat box Shift+Enter still adds a
// line; a benign draft is sent at once. The adapters' contact selectors are checked on LinkedIn
// and Bluesky profiles.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  clickComposeControl,
  clickContactControl,
  delay,
  evaluateInContentScript,
  readCompose,
  useSafePost,
  waitForCompose,
  waitForContact,
  waitForPosted,
} from "./harness.mjs";

// The drafts of compose.test.mjs: an insult (§5.6) and an ordinary post.
const VIOLATING = "Honestly you are a stupid idiot";
const BENIGN = "Congratulations to our netball team on a brilliant season!";

const click = (selector) => (page) => page.click(selector);
const press = (keys) => (page) => page.keyboard.press(keys);
const ENTER = press("Enter");

// `field`: the fixture's editor; `kind`: its key in window.editorText / window.posted;
// `surface` and `enterSends`: what the adapter must say of it; `button`: the send button the
// adapter must name; `account`: the handle the adapter must read from the page.
const CASES = [
  {
    name: "Discord channel message (Slate), Enter sends",
    url: "https://discord.com/discord.html",
    platform: "discord",
    field: "#message",
    kind: "message",
    surface: "post",
    enterSends: true,
    button: "button[aria-label='Send Message']",
    send: ENTER,
  },
  {
    name: "WhatsApp Web message (Lexical), Enter sends",
    url: "https://web.whatsapp.com/whatsapp.html",
    platform: "whatsapp",
    field: "#message",
    kind: "message",
    surface: "message",
    enterSends: true,
    button: "#send",
    send: ENTER,
  },
  {
    name: "LinkedIn message, Enter sends",
    url: "https://www.linkedin.com/linkedin.html",
    platform: "linkedin",
    field: "#message",
    kind: "message",
    surface: "message",
    enterSends: true,
    button: "#send",
    account: "Sam Teacher",
    send: ENTER,
  },
  {
    name: "LinkedIn post (Quill), Post button",
    url: "https://www.linkedin.com/linkedin.html",
    platform: "linkedin",
    field: "#post",
    kind: "post",
    surface: "post",
    enterSends: false,
    button: "#post-button",
    account: "Sam Teacher",
    send: click("#post-button"),
  },
  {
    name: "Reddit comment (shreddit-composer), Comment button",
    url: "https://www.reddit.com/reddit.html",
    platform: "reddit",
    field: "#comment",
    kind: "comment",
    surface: "comment",
    enterSends: false,
    button: "#submit",
    send: click("#submit"),
  },
  {
    // Threads' Post button has no attribute of its own: compose.js knows it by its label.
    name: "Threads post (Lexical), Post button",
    url: "https://www.threads.com/threads.html",
    platform: "threads",
    field: "#composer",
    kind: "post",
    surface: "post",
    enterSends: false,
    account: "sam.teacher",
    send: click("#post"),
  },
  {
    name: "Bluesky post (ProseMirror), Post button",
    url: "https://bsky.app/bluesky.html",
    platform: "bluesky",
    field: "#post",
    kind: "post",
    surface: "post",
    enterSends: false,
    button: "#publish",
    account: "sam-teacher.bsky.social",
    send: click("#publish"),
  },
  {
    name: "Bluesky chat message (textarea), Enter sends",
    url: "https://bsky.app/bluesky.html",
    platform: "bluesky",
    field: "#message",
    kind: "message",
    surface: "message",
    enterSends: true,
    button: "#send",
    account: "sam-teacher.bsky.social",
    send: ENTER,
  },
  {
    name: "Mastodon post (textarea in a form), Post button",
    url: "https://mastodon.social/mastodon.html",
    platform: "mastodon",
    field: "#post",
    kind: "post",
    surface: "post",
    enterSends: false,
    button: ".compose-form__submit button",
    account: "samteacher",
    send: click(".compose-form__submit button"),
  },
  {
    name: "Mastodon post (textarea in a form), Ctrl+Enter",
    url: "https://mastodon.social/mastodon.html",
    platform: "mastodon",
    field: "#post",
    kind: "post",
    surface: "post",
    enterSends: false,
    button: ".compose-form__submit button",
    account: "samteacher",
    send: press("Control+Enter"),
  },
];

/** What the page itself holds: the editor's text (from its own state) and what it has sent. */
function snapshot(page, kind) {
  return page.evaluate((kind) => ({ text: window.editorText[kind](), posted: window.posted.map((p) => ({ ...p })) }), kind);
}

/**
 * What the adapter bundled in the content script says of the page: its platform, the first field
 * descriptor the field is in (as compose.js picks it), whether a send-button selector names the
 * button, and the handle its account descriptor reads.
 */
function adapterReading(page, { field, button }) {
  return evaluateInContentScript(
    page,
    `(() => {
      const adapter = safepost.adapters.forHost(location.hostname);
      const field = document.querySelector(${JSON.stringify(field)});
      const descriptor = adapter?.fields.find((d) => field.closest(d.selector));
      const button = ${JSON.stringify(button ?? null)} && document.querySelector(${JSON.stringify(button ?? "")});
      const hint = adapter?.account;
      const source = hint && document.querySelector(hint.selector);
      const value = source && (hint.attribute ? source.getAttribute(hint.attribute) : source.textContent);
      return {
        platform: adapter?.platform ?? null,
        surface: descriptor?.surface ?? null,
        enterSends: descriptor?.enter_sends ?? null,
        namesButton: Boolean(button && adapter.send_buttons.some((selector) => button.matches(selector))),
        account: (value && new RegExp(hint.pattern, "u").exec(value)?.[1]) ?? null,
      };
    })()`,
  );
}

const browser = useSafePost();

for (const testCase of CASES) {
  describe(testCase.name, () => {
    test("the host's adapter names the field, how it sends and who is signed in", async () => {
      const page = await browser.open(testCase.url);
      const reading = await adapterReading(page, testCase);
      assert.deepEqual(reading, {
        platform: testCase.platform,
        surface: testCase.surface,
        enterSends: testCase.enterSends,
        namesButton: Boolean(testCase.button),
        account: testCase.account ?? null,
      });
    });

    test("a violating draft: panel; send → dialog, nothing sent; Post anyway sends it once, untouched", async () => {
      const page = await browser.open(testCase.url);
      await page.click(testCase.field);
      await page.keyboard.type(VIOLATING);

      const shown = await waitForCompose(page, (s) => s.panel && s.marks.length > 0, "the findings panel");
      assert.match(shown.panel.text, /§5\.6 Insulting or abusive/);
      const before = await snapshot(page, testCase.kind);
      assert.equal(before.text.trim(), VIOLATING);

      await testCase.send(page);
      const asked = await waitForCompose(page, (s) => s.dialog, "the send dialog");
      assert.match(asked.dialog.text, /§5\.6/);
      assert.deepEqual((await snapshot(page, testCase.kind)).posted, [], "nothing was sent");

      await clickComposeControl(page, "checkbox");
      await clickComposeControl(page, "Post anyway");
      await waitForPosted(page, 1);
      await delay(500);
      const { posted } = await snapshot(page, testCase.kind);
      assert.equal(posted.length, 1, "the page's own send ran exactly once");
      assert.equal(posted[0].kind, testCase.kind);
      assert.equal(posted[0].text, before.text, "sent with the text untouched");
    });

    if (testCase.enterSends) {
      test("Shift+Enter adds a line, even to a violating draft, and sends nothing", async () => {
        const page = await browser.open(testCase.url);
        await page.click(testCase.field);
        await page.keyboard.type(VIOLATING);
        await waitForCompose(page, (s) => s.panel, "the findings panel");
        await page.keyboard.press("Shift+Enter");
        await page.keyboard.type("Second line");
        await delay(800);
        const state = await readCompose(page);
        assert.equal(state.dialog, null);
        const { text, posted } = await snapshot(page, testCase.kind);
        assert.deepEqual(text.trim().split(/\n+/), [VIOLATING, "Second line"]);
        assert.deepEqual(posted, []);
      });
    }

    test("a benign draft sent straight away is never interrupted", async () => {
      const page = await browser.open(testCase.url);
      await page.click(testCase.field);
      await page.keyboard.type(BENIGN);
      await testCase.send(page); // Before the pause in typing: the check happens at send time.
      await waitForPosted(page, 1);
      await delay(300);
      const state = await readCompose(page);
      assert.equal(state.dialog, null);
      assert.equal(state.panel, null);
      const { posted } = await snapshot(page, testCase.kind);
      assert.equal(posted.length, 1);
      assert.equal(posted[0].text.trim(), BENIGN);
    });
  });
}

// With no policy from IT there is no roster: only what the profile says can flag the person, and
// only the adapter's profile selectors find it (these pages have no link naming the person, and
// Bluesky's Follow button is labelled with the handle, not "Follow").
const CONTACT_CASES = [
  {
    name: "LinkedIn: Connect on a pupil's profile",
    url: "https://www.linkedin.com/linkedin-profile.html",
    button: "[aria-label='Invite Lily Brown to connect']",
    heading: "Before you connect with Lily Brown",
    says: /Student at Riverside School/,
    stop: "Don't connect",
  },
  {
    name: "Bluesky: Follow on a pupil's profile",
    url: "https://bsky.app/bluesky-profile.html",
    button: "[data-testid=followBtn]",
    heading: "Before you follow Lily Brown",
    says: /Year 9 student at Riverside School/,
    stop: "Don't follow",
  },
];

for (const testCase of CONTACT_CASES) {
  test(`${testCase.name}: the dialog says who and why; ${testCase.stop} stops it`, async () => {
    const page = await browser.open(testCase.url);
    await page.click(testCase.button);
    const { dialog } = await waitForContact(page, (s) => s.dialog, "the contact dialog");
    assert.ok(dialog.text.includes(testCase.heading), dialog.text);
    assert.match(dialog.text, testCase.says);
    await clickContactControl(page, testCase.stop);
    await waitForContact(page, (s) => !s.dialog, "the dialog to close");
    await delay(300);
    assert.deepEqual(await page.evaluate(() => window.actions), []);
  });
}
