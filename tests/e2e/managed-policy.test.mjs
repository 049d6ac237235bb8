// The IT team's managed policy (a Chromium policy file, as IT would push it) and what SafePost
// does with a valid one and an invalid one. The harness always removes the file afterwards.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { delay, readBanner, useSafePost, waitForBanner } from "./harness.mjs";

describe("IT approves only YouTube", () => {
  const browser = useSafePost({ managedPolicy: { approved: ["youtube"] } });

  test("Facebook now gets a banner and YouTube does not", async () => {
    const [facebook, youtube] = await Promise.all([
      browser.open("https://www.facebook.com/"),
      browser.open("https://www.youtube.com/"),
    ]);
    const banner = await waitForBanner(facebook);
    assert.match(banner.text, /Facebook is not an approved/);
    assert.match(banner.text, /§5\.1/);
    assert.match(banner.text, /YouTube/);
    await delay(1000);
    assert.equal((await readBanner(youtube)).present, false, "no banner on the one approved platform");
  });

  test("the options page says the policy is set by the IT team", async () => {
    const options = await browser.openOptions();
    assert.equal((await options.locator("#source").innerText()).trim(), "Set by your IT team");
    assert.deepEqual(await options.locator("#approved li").allInnerTexts(), ["YouTube"]);
    assert.ok(await options.locator("#problems").isHidden(), "no problems shown");
  });
});

describe("IT policy with a typo", () => {
  const browser = useSafePost({ managedPolicy: { approved: ["facebook", "tiktk"] } });

  test("the options page lists the problem with its path and says the built-in policy is in force", async () => {
    const options = await browser.openOptions();
    await options.locator("#problems").waitFor({ state: "visible" });
    const problems = await options.locator("#problem-list li").allInnerTexts();
    assert.ok(
      problems.some((problem) => problem.startsWith("approved[1]") && /tiktk/.test(problem)),
      `problems shown: ${JSON.stringify(problems)}`,
    );
    assert.match(await options.locator("#problems").innerText(), /built-in Trust policy is in force/);
    assert.equal((await options.locator("#source").innerText()).trim(), "SafePost's built-in Trust policy");
    assert.match(await options.locator("#managed-json").innerText(), /"tiktk"/);
  });

  test("TikTok is still flagged and Facebook is not", async () => {
    const [tiktok, facebook] = await Promise.all([
      browser.open("https://www.tiktok.com/"),
      browser.open("https://www.facebook.com/"),
    ]);
    assert.match((await waitForBanner(tiktok)).text, /TikTok is not an approved/);
    await delay(1000);
    assert.equal((await readBanner(facebook)).present, false);
  });
});

describe("IT removes its policy while the browser is closed", () => {
  const browser = useSafePost({ managedPolicy: { approved: ["youtube"] } });

  test("after a restart SafePost follows the built-in policy again", async () => {
    let options = await browser.openOptions();
    assert.equal((await options.locator("#source").innerText()).trim(), "Set by your IT team");

    // Same profile, no policy file: Chromium reports the managed values as removed.
    await browser.restart();
    options = await browser.openOptions();
    await options.locator("#source", { hasText: "SafePost's built-in Trust policy" }).waitFor({ timeout: 20_000 });
    assert.equal(await options.locator("#approved li").count(), 4);
    assert.ok(await options.locator("#problems").isHidden());
  });
});

describe("a saved copy of the IT policy while managed storage stays empty", () => {
  const browser = useSafePost();

  test("is used at first, then dropped for the built-in policy after the re-check", async () => {
    // As if IT's policy had been saved on an earlier run and Chromium raised no change
    // since (the key is the extension's own, in policy-source.js).
    await browser.serviceWorker.evaluate(() =>
      chrome.storage.local.set({ lastGoodManagedPolicy: { approved: ["youtube"] } }),
    );
    await browser.restart();

    const options = await browser.openOptions();
    assert.equal((await options.locator("#source").innerText()).trim(), "Set by your IT team (saved copy)");
    assert.deepEqual(await options.locator("#approved li").allInnerTexts(), ["YouTube"]);
    // About 10 s later SafePost re-checks, trusts the empty storage and tells the page.
    await options.locator("#source", { hasText: "SafePost's built-in Trust policy" }).waitFor({ timeout: 20_000 });
    assert.equal(await options.locator("#approved li").count(), 4);
  });
});

describe("IT replaces a good policy with one that has a mistake", () => {
  const browser = useSafePost({ managedPolicy: { approved: ["youtube"] } });

  test("SafePost keeps the last good IT policy and shows the problem", async () => {
    await browser.openOptions(); // The good policy is read, and saved.
    await browser.restart({ managedPolicy: { approved: ["youtube", "tiktk"] } });

    const options = await browser.openOptions();
    await options.locator("#problems").waitFor({ state: "visible", timeout: 20_000 });
    assert.equal((await options.locator("#source").innerText()).trim(), "Set by your IT team (saved copy)");
    assert.match(await options.locator("#problem-list").innerText(), /approved\[1\]/);
    assert.match(await options.locator("#problems").innerText(), /last valid copy/);
    assert.deepEqual(await options.locator("#approved li").allInnerTexts(), ["YouTube"]);

    const facebook = await browser.open("https://www.facebook.com/");
    assert.match((await waitForBanner(facebook)).text, /Facebook is not an approved/);
  });
});
