// SafePost in Firefox ESR, installed as IT installs it: the packaged .xpi force-installed by the
// policies.json that `safepost deploy --target firefox` writes, with the managed settings in the
// same file. The same checks as in Chromium: the banner (§5.1), block mode, the compose guard's
// panel and send dialog, the deeper check (its Worker started by the background page), and no
// network requests of its own.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { FIXTURE_HOSTS, pollUntil, startFirefox } from "./firefox.mjs";

const VIOLATING = "Honestly you are a stupid idiot";
// No word here is on a list; what it says about a pupil is what breaks §6.1.
const MEANING_ONLY = "That quiet lad who sits at the back always heads home alone past the old railway bridge around half three";
const WAIT = 20_000;

// Firefox's own connection that its test preferences do not stop (measured with Firefox ESR 140):
// Remote Settings (blocklists, certificate revocation data), a TLS tunnel opened at start-up.
// SafePost has no code that opens a connection; this host is not one the extension could name.
const isFirefoxOwn = (request) => request.method === "CONNECT" && request.host === "firefox.settings.services.mozilla.com";

/** `{ present, text, visible, onTop }` for the page's SafePost banner. */
async function readBanner(page) {
  const text = await page.inShadowOf("safepost-banner", function () {
    return this.textContent.replace(/\s+/g, " ").trim();
  });
  if (text === null) return { present: false, text: "", visible: false, onTop: false };
  const shown = await page.evaluate(() => {
    const host = document.querySelector("safepost-banner");
    const style = getComputedStyle(host);
    const box = host.getBoundingClientRect();
    const visible = style.display !== "none" && style.visibility === "visible" && box.width > 0 && box.height > 0;
    return { visible, onTop: visible && document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) === host };
  });
  return { present: true, text, ...shown };
}

/** The compose overlay: `{ panel, marks, dialog }` with each control's label and middle point. */
function readCompose(page) {
  return page.inShadowOf("safepost-compose", function () {
    const text = (el) => el.textContent.replace(/\s+/g, " ").trim();
    const controls = (el) => [...el.querySelectorAll("button, input")].map((c) => {
      const r = c.getBoundingClientRect();
      return { label: c.localName === "input" ? c.type : text(c), disabled: c.disabled, x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    const panel = this.querySelector(".panel");
    const dialog = this.querySelector("dialog");
    return {
      panel: panel && !panel.hidden ? { text: text(panel), controls: controls(panel) } : null,
      marks: this.querySelectorAll(".mark").length,
      dialog: dialog?.open ? { text: text(dialog), controls: controls(dialog) } : null,
    };
  });
}

async function clickControl(page, label) {
  const state = await readCompose(page);
  const control = [...(state?.dialog?.controls ?? []), ...(state?.panel?.controls ?? [])].find((c) => c.label === label);
  assert.ok(control, `no SafePost control "${label}": ${JSON.stringify(state)}`);
  await page.clickAt(control);
}

describe("Firefox with the default policy", () => {
  let firefox;
  before(async () => {
    firefox = await startFirefox({ managedPolicy: {} });
  });
  after(() => firefox?.close());

  test("an unapproved platform shows the banner naming it and §5.1; an approved one does not", async () => {
    const { page } = firefox;
    // The first page may open before the policy's install has finished: reload until it shows.
    const banner = await pollUntil(async () => {
      await page.goto("http://www.tiktok.com/");
      return readBanner(page);
    }, (b) => b.present && b.visible && b.onTop, "the banner on TikTok", 60_000, 1000);
    assert.match(banner.text, /TikTok/);
    assert.match(banner.text, /§5\.1/);
    await page.goto("http://www.facebook.com/");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await readBanner(page)).present, false, "no banner on Facebook");
  });

  test("a compose box shows the panel with its clause, and sending asks first", async () => {
    const { page } = firefox;
    await page.goto("http://www.tiktok.com/strict-csp-compose.html");
    await page.click("#post");
    await page.type(VIOLATING);
    const state = await pollUntil(() => readCompose(page), (s) => s?.panel && s.marks > 0, "the findings panel", WAIT);
    assert.match(state.panel.text, /§5\.\d/);
    assert.match(state.panel.text, /idiot/);

    await page.click("button[type=submit]");
    const asked = await pollUntil(() => readCompose(page), (s) => s?.dialog, "the send dialog", WAIT);
    assert.match(asked.dialog.text, /Check this post before it goes out/);
    assert.match(asked.dialog.text, /§5\.6/);
    assert.equal(asked.dialog.controls.find((c) => c.label === "Post anyway").disabled, true, "Post anyway needs the acknowledgement first");
    assert.deepEqual(await page.evaluate(() => window.posted), [], "nothing sent while the dialog is open");

    await clickControl(page, "Edit post");
    await pollUntil(() => readCompose(page), (s) => !s?.dialog, "the dialog to close", WAIT);
    assert.equal(await page.evaluate(() => document.querySelector("#post").value), VIOLATING, "Edit post keeps the draft as it was");

    await page.click("button[type=submit]");
    await pollUntil(() => readCompose(page), (s) => s?.dialog, "the send dialog again", WAIT);
    await clickControl(page, "checkbox");
    await clickControl(page, "Post anyway");
    const posted = await pollUntil(() => page.evaluate(() => window.posted), (p) => p.length > 0, "the post to be sent", WAIT);
    assert.deepEqual(posted, [{ kind: "post", text: VIOLATING }]);
  });

  test("the deeper check runs on its own thread: a breach no word list catches joins the panel with §6.1", async () => {
    const { page } = firefox;
    await page.goto("http://www.tiktok.com/strict-csp-compose.html");
    await page.click("#post");
    await page.type(MEANING_ONLY);
    const state = await pollUntil(() => readCompose(page), (s) => /Read for meaning/.test(s?.panel?.text ?? ""), "the deeper check's finding", 60_000);
    assert.match(state.panel.text, /§6\.1/);
    assert.equal(await page.evaluate(() => document.querySelector("#post").value), MEANING_ONLY, "the draft is untouched");
  });

  test("browsing and writing send nothing anywhere but the pages opened and IT's .xpi", () => {
    const unexpected = firefox.requests.filter((r) => !FIXTURE_HOSTS.includes(r.host) && r.host !== "it.safepost.test" && !isFirefoxOwn(r));
    assert.deepEqual(unexpected, [], "requests to other hosts");
    for (const request of firefox.requests) {
      assert.ok(!/stupid|idiot/.test(decodeURIComponent(request.path)), `a request carried the draft: ${request.host}${request.path}`);
    }
    assert.ok(firefox.requests.some((r) => r.host === "it.safepost.test" && r.path === "/safepost.xpi"), "the .xpi was fetched as the policy says");
  });
});

describe("Firefox in block mode (set in policies.json)", () => {
  let firefox;
  before(async () => {
    firefox = await startFirefox({ managedPolicy: { unapproved_action: "block" } });
  });
  after(() => firefox?.close());

  test("TikTok ends on the block page, which names TikTok and §5.1; Facebook loads", async () => {
    const { page } = firefox;
    const url = await pollUntil(() => page.goto("http://www.tiktok.com/"), (u) => u.startsWith("moz-extension://"), "the block page", 60_000, 1000);
    assert.match(url, /\/blocked\.html#tiktok$/);
    const text = await pollUntil(() => page.evaluate(() => document.querySelector("main")?.innerText ?? ""), (t) => /TikTok is blocked/.test(t), "the block page's text", WAIT);
    assert.match(text, /TikTok is not an approved/);
    assert.match(text, /Policy A2 §5\.1/);
    assert.equal(await page.goto("http://www.facebook.com/"), "http://www.facebook.com/");
  });
});
