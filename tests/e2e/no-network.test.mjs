// SafePost makes no network requests of its own. Every host without a fixture resolves to a
// local sink, so any request the extension made (to any host) would be seen there.
import assert from "node:assert/strict";
import { test } from "node:test";
import { EXTENSION_ID, EXTENSION_ORIGIN, delay, pollUntil, useSafePost, waitForBanner, waitForCompose } from "./harness.mjs";

// Requests Chromium itself sends at start-up even with --disable-background-networking and
// --disable-component-update (measured with Chromium 156). Neither comes from the extension:
// - accounts.google.com/ListAccounts: the browser's Google account reconcilor;
// - update.googleapis.com/service/update2/json: the component updater asking about the
//   "Optimization Guide On Device Models Manifest" component (ceofaddefefcbblgcgnibnonglccbfja);
// - content-autofill.googleapis.com/v1/pages/…: Chromium's autofill asking about a page's form
//   (a hash of the form's structure in the URL, no body), when a page with a form is opened;
// - redirector.gvt1.com/edgedl/chrome/dict/…: the spellchecker's dictionary, fetched when the
//   user first types into a text field.
const CHROMIUM_OWN_TRAFFIC = [
  { host: "accounts.google.com", path: /^\/ListAccounts\?/ },
  { host: "update.googleapis.com", path: /^\/service\/update2\/json\?/ },
  { host: "content-autofill.googleapis.com", path: /^\/v1\/pages\/[A-Za-z0-9_=-]+\?alt=proto$/ },
  { host: "redirector.gvt1.com", path: /^\/edgedl\/chrome\/dict\/[a-z-]+-\d+-\d+\.bdic$/ },
];
const isChromiumOwn = (request) =>
  CHROMIUM_OWN_TRAFFIC.some(({ host, path }) => request.host === host && path.test(request.path)) &&
  !request.body?.includes(EXTENSION_ID) &&
  !request.origin?.startsWith("chrome-extension:");

// What the compose fixture page loads itself.
const COMPOSE_PAGE_FILES = ["/compose-record.js", "/strict-compose.js", "/strict-compose.css"];

const browser = useSafePost();

test("browsing and writing a draft send nothing anywhere but the pages the test opened", async () => {
  const tiktok = await browser.open("https://www.tiktok.com/");
  await waitForBanner(tiktok);
  const mastodon = await browser.open("https://social.example-school-staff.org/mastodon-og.html");
  await waitForBanner(mastodon); // Recognised from page signals the worker was sent.
  await browser.open("https://www.facebook.com/");
  // A draft is checked on the device: typing it sends nothing.
  const compose = await browser.open("https://www.tiktok.com/strict-csp-compose.html");
  await compose.click("#post");
  await compose.keyboard.type("Year 9, DM me on Snapchat. Sam's mum is on 07700 900123, you idiot.");
  await waitForCompose(compose, (s) => s.panel && s.marks.length > 0, "the findings panel");
  await browser.openOptions();
  const blocked = await browser.open(`${EXTENSION_ORIGIN}/blocked.html#tiktok`);
  await blocked.locator("#title", { hasText: "TikTok is blocked" }).waitFor();
  // The toolbar panel over the draft's page, a concern recorded there (screenshot, form, report)
  // and exported: all of it stays on the device.
  await compose.bringToFront();
  const tabId = await browser.serviceWorker.evaluate(async (href) => (await chrome.tabs.query({})).find((t) => t.url === href)?.id, compose.url());
  const popupUrl = `${EXTENSION_ORIGIN}/popup.html?tab=${tabId}`;
  await browser.serviceWorker.evaluate((url) => chrome.windows.create({ url, type: "popup" }), popupUrl);
  const popup = await pollUntil(() => browser.context.pages().find((p) => p.url() === popupUrl), Boolean, "the popup", 10_000);
  await popup.locator("#facts:not([hidden])").waitFor();
  const [form] = await Promise.all([browser.context.waitForEvent("page", (p) => p.url().includes("/concern.html")), popup.click("#record-concern")]);
  await form.locator("#form:not([hidden])").waitFor();
  await form.check('input[value="abuse_received"]');
  await form.fill("#note", "Snapchat idiot 900123");
  await form.click('button[type="submit"]');
  await form.locator("#saved:not([hidden])").waitFor();
  const [report] = await Promise.all([browser.context.waitForEvent("page", (p) => p.url().includes("/report.html")), form.click("#open-report")]);
  await report.locator(".record img").waitFor();
  await Promise.all([form.waitForEvent("download"), form.click("#export")]);
  await delay(3000); // Time for anything deferred to go out.

  // Not even Chromium's own requests carry the draft's words.
  for (const request of [...browser.sink.requests, ...browser.fixtures.requests]) {
    let sent = `${request.path} ${request.body ?? ""}`;
    try {
      sent = decodeURIComponent(sent);
    } catch {
      // Not percent-encoded text: searched as it is.
    }
    assert.ok(!/900123|Snapchat|idiot/.test(sent), `a request carried the draft: ${request.host}${request.path}`);
  }
  const unexpected = browser.sink.requests.filter((request) => !isChromiumOwn(request));
  assert.deepEqual(unexpected, [], "requests to hosts other than the fixtures");
  const ownHosts = new Set(CHROMIUM_OWN_TRAFFIC.map(({ host }) => host));
  assert.deepEqual(browser.sink.servernames.filter((name) => !ownHosts.has(name)), [], "TLS connections to other hosts");

  // The fixture server saw exactly the page loads, plus the favicon Chromium fetches for each page
  // and the compose page's own script and style.
  const opened = browser.opened
    .filter((url) => url.startsWith("https:"))
    .map((url) => `${new URL(url).host}${new URL(url).pathname}`)
    .sort();
  const seen = browser.fixtures.requests
    .filter((request) => !(request.path === "/favicon.ico" && request.destination === "image"))
    .filter((request) => !(["script", "style"].includes(request.destination) && COMPOSE_PAGE_FILES.includes(request.path)))
    .map((request) => `${request.host}${request.path}`)
    .sort();
  assert.deepEqual(seen, opened);
  assert.ok(browser.fixtures.requests.every((request) => request.origin === null), "no cross-origin or extension fetches");
});
