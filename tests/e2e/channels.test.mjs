// New academy channels (§3.1, §5.1, §3.3) in Chromium, on a Facebook-like "Create a Page" flow: a
// Page named after an academy is held by a dialog naming the register's official accounts; it is
// created only after "authorised" is ticked and Continue pressed, and not at all after "Don't
// create it"; a neutral name, and the academy's official account, are never asked; the name
// field is never changed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { useSafePost, readContact, waitForContact, clickContactControl, CHANNEL_NODE_NAME, delay } from "./harness.mjs";

const browser = useSafePost({
  managedPolicy: {
    organisation: { name: "Oak Academy Trust", email_domains: ["oaktrust.example.org"], academies: [{ name: "Oak Primary Academy", email_domains: ["oakprimary.example.org"] }] },
    official_accounts: { facebook: ["Oak Primary Academy"] },
  },
});
const CREATE = "https://www.facebook.com/pages/creation.html";
const created = (page) => page.locator("#created li").allTextContents();
const dialogOpen = (state) => state.dialog !== null;

async function createPage(url, name) {
  const page = await browser.open(url);
  await page.fill("#page-name", name);
  await delay(500); // the content script's setup from the worker
  await page.click("#create");
  return page;
}

test("a Page named after the academy waits for the dialog; Continue after ticking creates it once", async () => {
  const name = "Oak Primary Year 6 2026";
  const page = await createPage(CREATE, name);
  const state = await waitForContact(page, dialogOpen, "the new-channel dialog", 15_000, CHANNEL_NODE_NAME);
  assert.match(state.dialog.text, /Setting up a new Page: “Oak Primary Year 6 2026”\?/);
  assert.match(state.dialog.text, /mentions “Oak Primary” and “Year 6”/);
  assert.match(state.dialog.text, /§3\.1.*Marketing and Communications/);
  assert.match(state.dialog.text, /official accounts on Facebook \(the §3\.3 register\): Oak Primary Academy/);
  assert.deepEqual(await created(page), [], "held");
  assert.equal(state.dialog.controls.find((c) => c.label === "Continue").disabled, true, "Continue waits for the acknowledgement");
  await clickContactControl(page, "checkbox", CHANNEL_NODE_NAME);
  await clickContactControl(page, "Continue", CHANNEL_NODE_NAME);
  await page.waitForFunction(() => document.querySelectorAll("#created li").length === 1);
  assert.deepEqual(await created(page), [name]);
  assert.equal(await page.inputValue("#page-name"), name, "the name field is untouched");
});

test("Don't create it: nothing is created, the name stays as typed", async () => {
  const page = await createPage(CREATE, "Oak Primary Maths Club");
  await waitForContact(page, dialogOpen, "the new-channel dialog", 15_000, CHANNEL_NODE_NAME);
  await clickContactControl(page, "Don't create it", CHANNEL_NODE_NAME);
  await delay(300);
  assert.equal((await readContact(page, CHANNEL_NODE_NAME)).dialog, null);
  assert.deepEqual(await created(page), []);
  assert.equal(await page.inputValue("#page-name"), "Oak Primary Maths Club");
});

test("near misses: a neutral name, and Year 9 revision from the academy's official account", async () => {
  const neutral = await createPage(CREATE, "Sam's Garden Diary");
  await neutral.waitForFunction(() => document.querySelectorAll("#created li").length === 1);
  const official = await createPage(`${CREATE}?as=${encodeURIComponent("Oak Primary Academy")}`, "Year 9 revision");
  await official.waitForFunction(() => document.querySelectorAll("#created li").length === 1);
  for (const page of [neutral, official]) assert.equal((await readContact(page, CHANNEL_NODE_NAME)).present, false, "no dialog");
});
