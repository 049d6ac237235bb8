// The contact guard (§5.3, §5.6) in the built extension: a roster built with the real CLI from
// tests/cases/roster.csv and pushed as IT's managed policy; profiles, request lists, a Messenger
// conversation, Instagram, X and a social page without an adapter, at their real hostnames.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { clickComposeControl, clickContactControl, readContact, useSafePost, waitForCompose, waitForContact, pollUntil } from "./harness.mjs";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** The roster of tests/cases/roster.csv, as `safepost roster build` makes it for IT. */
function buildRoster() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "safepost-roster-"));
  try {
    const cli = (...args) => execFileSync("cargo", ["run", "--quiet", "--bin", "safepost", "--", ...args], { cwd: REPO, encoding: "utf8" });
    fs.writeFileSync(path.join(dir, "trust.key"), cli("roster", "key"));
    return JSON.parse(cli("roster", "build", "tests/cases/roster.csv", "--key-file", path.join(dir, "trust.key"), "--date", "2026-12-03"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ROSTER = buildRoster();
const actions = (page) => page.evaluate(() => window.actions);
const dialogOpen = (page, what) => waitForContact(page, (s) => s.dialog, what);

/** Moves the mouse over a control (as a person does before clicking), then clicks it. */
async function hoverThenClick(page, selector) {
  await page.hover(selector);
  await page.waitForTimeout(300);
  await page.click(selector);
}

describe("with IT's roster, from a personal account", () => {
  const browser = useSafePost({ managedPolicy: { roster: ROSTER } });

  test("Add friend on a pupil's profile: the dialog says who and why; Don't send stops it", async () => {
    const page = await browser.open("https://www.facebook.com/facebook-profile.html");
    await page.click("[aria-label='Add friend']");
    const { dialog } = await dialogOpen(page, "the contact dialog");
    assert.match(dialog.text, /Before you send a friend request to Chloe Smith/);
    assert.match(dialog.text, /a pupil at Oak Primary Academy/);
    assert.match(dialog.text, /§5\.6/);
    assert.deepEqual(dialog.controls.map((c) => c.label), ["checkbox", "Don't send", "They are family", "Continue anyway"]);
    assert.ok(dialog.controls[1].focused, "Don't send has the focus");
    assert.ok(dialog.controls[3].disabled, "Continue anyway waits for the acknowledgement");
    await clickContactControl(page, "Don't send");
    await waitForContact(page, (s) => !s.dialog, "the dialog to close");
    assert.deepEqual(await actions(page), [], "the page's own handler never ran");
  });

  test("Escape means Don't: the dialog closes and nothing is sent", async () => {
    const page = await browser.open("https://www.facebook.com/facebook-profile.html");
    await page.click("[aria-label='Add friend']");
    await dialogOpen(page, "the contact dialog");
    await page.keyboard.press("Escape");
    await waitForContact(page, (s) => !s.dialog, "the dialog to close");
    await page.waitForTimeout(300);
    assert.deepEqual(await actions(page), []);
  });

  test("Continue anyway, after the acknowledgement, carries out the action exactly once", async () => {
    const page = await browser.open("https://www.facebook.com/facebook-profile.html");
    await page.click("[aria-label='Message']");
    await dialogOpen(page, "the contact dialog");
    await clickContactControl(page, "checkbox");
    await clickContactControl(page, "Continue anyway");
    await pollUntil(() => actions(page), (a) => a.length > 0, "the action", 5_000);
    await page.waitForTimeout(300);
    assert.deepEqual((await actions(page)).map((a) => a.action), ["message"]);
  });

  test("someone not on the roster: no dialog, and the click passes untouched", async () => {
    const page = await browser.open("https://www.facebook.com/facebook-profile.html?name=Ann%20Other");
    await hoverThenClick(page, "[aria-label='Add friend']");
    await page.waitForTimeout(500);
    assert.equal((await readContact(page)).dialog, null);
    assert.deepEqual(await actions(page), [{ action: "add friend", person: null, trusted: true }]);
  });

  test("They are family: the action goes ahead, and is remembered across reloads", async () => {
    const url = "https://www.facebook.com/facebook-profile.html?name=Mohammed%20Khan";
    const page = await browser.open(url);
    await page.click("[aria-label='Add friend']");
    await dialogOpen(page, "the contact dialog");
    await clickContactControl(page, "They are family");
    await pollUntil(() => actions(page), (a) => a.length === 1, "the action", 5_000);
    await page.reload();
    await hoverThenClick(page, "[aria-label='Add friend']");
    await pollUntil(() => actions(page), (a) => a.length === 1, "the action after the reload", 5_000);
    assert.equal((await readContact(page)).dialog, null, "no dialog for family");

    const options = await browser.openOptions();
    const family = await pollUntil(() => options.locator("#family li").allTextContents(), (items) => items.length === 1, "the family list", 10_000);
    assert.match(family[0], /Facebook/);
  });

  test("friend requests: badges beside the pupil and the parent; Confirm on the parent cites §5.3", async () => {
    const page = await browser.open("https://www.facebook.com/facebook-requests.html");
    const { badges } = await waitForContact(page, (s) => s.badges.length === 2, "two badges");
    assert.deepEqual(badges.map((b) => b.text).sort(), ["Parent — §5.3", "Pupil — §5.6"]);
    const dan = await page.locator("a[href='/dan.smith.12']").boundingBox();
    const parentBadge = badges.find((b) => b.text.startsWith("Parent"));
    assert.ok(Math.abs(parentBadge.box.top + parentBadge.box.height / 2 - (dan.y + dan.height / 2)) < 12, "the badge is beside Dan Smith's name");
    await page.click("[data-person='Dan Smith'][aria-label='Confirm']");
    const { dialog } = await dialogOpen(page, "the contact dialog");
    assert.match(dialog.text, /Before you accept the request from Dan Smith/);
    assert.match(dialog.text, /§5\.3/);
    await clickContactControl(page, "Don't accept");
    await page.click("[data-person='Ann Other'][aria-label='Confirm']");
    await pollUntil(() => actions(page), (a) => a.length === 1, "Ann Other's request confirmed", 5_000);
    assert.equal((await actions(page))[0].person, "Ann Other");
  });

  test("Messenger: any draft in a conversation with a pupil is reported before it is sent", async () => {
    const page = await browser.open("https://www.facebook.com/messenger.html");
    await page.click("#message");
    await page.keyboard.type("See you at the match on Saturday");
    await waitForCompose(page, (s) => s.panel && /This conversation is with Chloe Smith/.test(s.panel.text), "the conversation finding");
    await page.keyboard.press("Enter");
    const asked = await waitForCompose(page, (s) => s.dialog, "the send dialog");
    assert.match(asked.dialog.text, /§5\.6/);
    await clickComposeControl(page, "Edit post");
    assert.deepEqual(await page.evaluate(() => window.posted), []);
  });

  test("Instagram: Follow on a pupil's profile (the username reads as the name)", async () => {
    const page = await browser.open("https://www.instagram.com/instagram-profile.html");
    await page.click("button[data-action='follow']");
    const { dialog } = await dialogOpen(page, "the contact dialog");
    assert.match(dialog.text, /Before you follow chloe\.smith_2014/);
    await clickContactControl(page, "Don't follow");
    assert.deepEqual(await actions(page), []);
  });

  test("X: Follow on a pupil's profile", async () => {
    const page = await browser.open("https://x.com/x-profile.html");
    await page.click("[data-testid$='-follow']");
    const { dialog } = await dialogOpen(page, "the contact dialog");
    assert.match(dialog.text, /Before you follow Chloe Smith/);
  });

  test("a social page with no adapter: a profile saying 'Student at …' warns with no roster match; a teacher does not", async () => {
    const page = await browser.open("https://www.tiktok.com/people.html");
    const { badges } = await waitForContact(page, (s) => s.badges.length === 1, "one badge");
    assert.equal(badges[0].text, "May be a pupil — §5.6");
    await page.click("[data-person='Lily Brown']");
    const { dialog } = await dialogOpen(page, "the contact dialog");
    assert.match(dialog.text, /this profile says “Student at Riverside School/);
    await clickContactControl(page, "Don't follow");
    await hoverThenClick(page, "[data-person='Tom Reed']");
    await pollUntil(() => actions(page), (a) => a.length === 1, "Tom Reed followed", 5_000);
    assert.deepEqual(await actions(page), [{ action: "follow", person: "Tom Reed", trusted: true }]);
  });
});

describe("from the academy's official account, with contact.action block", () => {
  const browser = useSafePost({
    managedPolicy: { roster: ROSTER, official_accounts: { facebook: ["Sam Teacher"] }, contact: { action: "block", allow_family: false } },
  });

  test("adding a parent is what §5.3 asks for: no dialog", async () => {
    const page = await browser.open("https://www.facebook.com/facebook-profile.html?name=Dan%20Smith");
    await hoverThenClick(page, "[aria-label='Add friend']");
    await pollUntil(() => actions(page), (a) => a.length === 1, "the friend request", 5_000);
    assert.equal((await readContact(page)).dialog, null);
  });

  test("a pupil is still flagged (§5.6), and block mode offers no way past", async () => {
    const page = await browser.open("https://www.facebook.com/facebook-profile.html");
    await page.click("[aria-label='Add friend']");
    const { dialog } = await dialogOpen(page, "the contact dialog");
    assert.match(dialog.text, /does not allow this/);
    assert.deepEqual(dialog.controls.map((c) => c.label), ["Don't send"]);
  });
});

describe("with no policy from IT (no roster)", () => {
  const browser = useSafePost({});

  test("a profile saying 'Student at …' still warns (§5.6 covers pupils of any school)", async () => {
    const page = await browser.open("https://www.tiktok.com/people.html");
    const { badges } = await waitForContact(page, (s) => s.badges.length === 1, "one badge");
    assert.equal(badges[0].text, "May be a pupil — §5.6");
    await page.click("[data-person='Lily Brown']");
    const { dialog } = await dialogOpen(page, "the contact dialog");
    assert.match(dialog.text, /whether from an academy or any other school/);
  });

  test("a rostered name means nothing without the roster", async () => {
    const page = await browser.open("https://www.facebook.com/facebook-profile.html");
    await hoverThenClick(page, "[aria-label='Add friend']");
    await pollUntil(() => actions(page), (a) => a.length === 1, "the friend request", 5_000);
    assert.equal((await readContact(page)).dialog, null);
  });
});
