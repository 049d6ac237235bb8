// IT's policy as the compose guard applies it: the register of official accounts (read from the
// signed-in handle the Facebook fixture shows, "Sam Teacher") decides whether inviting pupils to
// message is flagged (§5.3, §5.6), and `content.high_action: "block"` leaves only "Edit post".
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useSafePost, waitForCompose } from "./harness.mjs";

const INVITATION = "Year 9, message me on WhatsApp about your homework. It is shit.";

async function panelFor(browser, text) {
  const page = await browser.open("https://www.facebook.com/facebook.html");
  await page.click("#composer");
  await page.keyboard.type(text);
  // The lewd word is flagged either way, so the panel shows once the check has run.
  return { page, state: await waitForCompose(page, (s) => s.panel && /§5\.5/.test(s.panel.text), "the panel") };
}

describe("the signed-in account is in IT's register of official accounts", () => {
  const browser = useSafePost({
    managedPolicy: { official_accounts: { facebook: ["Sam Teacher"] }, content: { high_action: "block" } },
  });

  test("inviting a year group to message is not flagged on the academy's official account", async () => {
    const { state } = await panelFor(browser, INVITATION);
    assert.doesNotMatch(state.panel.text, /Learning Platform/);
  });

  test("with high_action block, a high finding offers Edit post only", async () => {
    const { page } = await panelFor(browser, "Honestly, go kill yourself. What a shit day.");
    await page.click("#post");
    const asked = await waitForCompose(page, (s) => s.dialog, "the send dialog");
    assert.match(asked.dialog.text, /does not allow posting this/);
    assert.deepEqual(asked.dialog.controls.map((c) => c.label), ["Edit post"]);
    assert.deepEqual(await page.evaluate(() => window.posted), []);
  });
});

describe("the signed-in account is not in the register", () => {
  const browser = useSafePost({ managedPolicy: { official_accounts: { facebook: ["Oak Academy"] } } });

  test("the same invitation from a personal account is flagged (§5.6, the Learning Platform)", async () => {
    const { state } = await panelFor(browser, INVITATION);
    assert.match(state.panel.text, /outside the academy's Learning Platform/);
  });
});
