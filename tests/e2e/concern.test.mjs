// Record a concern (§6.2, §6.3) in Chromium: from the toolbar popup over a page, the screenshot is
// a real PNG of that page with its SHA-256, the form keeps the kind, academy and note; the record
// lists, reports (naming the academy's Designated Safeguarding Lead from IT's policy, with a mailto:),
// exports as a ZIP whose files match, survives a browser restart, and is deleted for good.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { unzipSync, strFromU8 } from "fflate";
import { useSafePost, pollUntil, waitForCompose, clickComposeControl, EXTENSION_ORIGIN } from "./harness.mjs";

const POLICY = {
  organisation: {
    name: "Oak Academy Trust",
    email_domains: ["oaktrust.example.org"],
    academies: [
      { name: "Oak Primary Academy", email_domains: ["oakprimary.example.org"], safeguarding_lead: { name: "Ms A. Patel", email: "dsl@oakprimary.example.org", phone: "01632 960124" } },
      { name: "Ash Secondary Academy", email_domains: ["ash.example.org"] },
    ],
  },
};
const PAGE = "https://www.facebook.com/facebook.html";
const browser = useSafePost({ managedPolicy: POLICY });

/** The saved records, read from the extension's IndexedDB in one of its pages (PNG bytes as arrays). */
function readRecords(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("safepost-concerns");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = await new Promise((resolve) => {
      const request = db.transaction("records").objectStore("records").getAll();
      request.onsuccess = () => resolve(request.result);
    });
    return Promise.all(all.map(async (r) => ({ ...r, screenshot: [...new Uint8Array(await r.screenshot.arrayBuffer())] })));
  });
}

test("a concern recorded from the popup: form, record, report, export, restart, delete", async () => {
  const page = await browser.open(PAGE);
  await page.bringToFront();
  const tabId = await browser.serviceWorker.evaluate(async (href) => (await chrome.tabs.query({})).find((t) => t.url === href)?.id, page.url());
  // The popup in a window of its own, so the page stays the visible tab of its window, as it is
  // under a real popup.
  const popupUrl = `${EXTENSION_ORIGIN}/popup.html?tab=${tabId}`;
  await browser.serviceWorker.evaluate((url) => chrome.windows.create({ url, type: "popup", width: 400, height: 500 }), popupUrl);
  const popup = await pollUntil(() => browser.context.pages().find((p) => p.url() === popupUrl), Boolean, "the popup's window", 10_000);
  await popup.locator("#facts:not([hidden])").waitFor();
  const [form] = await Promise.all([browser.context.waitForEvent("page", (p) => p.url().includes("/concern.html")), popup.click("#record-concern")]);

  await form.locator("#form:not([hidden])").waitFor({ timeout: 20_000 });
  assert.equal(await form.locator("#url").textContent(), PAGE);
  assert.match(await form.locator("#when").textContent(), /\d{4}-\d\d-\d\dT.*Z UTC/);
  await form.check('input[value="safeguarding"]');
  assert.match(await form.locator("#advice").textContent(), /Designated Safeguarding Lead .*§6\.2/);
  await form.selectOption("#academy", "Oak Primary Academy");
  await form.fill("#note", "A comment under the academy's post names a Year 8 pupil and where she walks home.");
  await form.click('button[type="submit"]');
  await form.waitForURL(/records\.html#/);
  await form.locator("#saved:not([hidden])").waitFor();
  assert.equal(await form.locator("#rows tr").count(), 1);

  // The screenshot: a PNG of the visible page, its SHA-256 as recorded.
  const [record] = await readRecords(form);
  const png = Buffer.from(record.screenshot);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG");
  const size = await page.evaluate(() => [innerWidth * devicePixelRatio, innerHeight * devicePixelRatio]);
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], size, "the page's visible size");
  assert.deepEqual([record.width, record.height], size);
  assert.equal(record.screenshotSha256, createHash("sha256").update(png).digest("hex"));
  assert.equal(record.status, "saved");
  assert.equal(record.kind, "safeguarding");
  assert.equal(record.academy, "Oak Primary Academy");
  assert.equal(record.title, await page.title());

  // The report names the academy's DSL from IT's policy and offers an email with the record's text.
  const [report] = await Promise.all([browser.context.waitForEvent("page", (p) => p.url().includes("/report.html")), form.click("#open-report")]);
  await report.locator(".record").waitFor();
  const text = await report.locator("#report").textContent();
  assert.match(text, /Ms A\. Patel, Designated Safeguarding Lead, Oak Primary Academy/);
  assert.ok(text.includes(PAGE) && text.includes(record.screenshotSha256) && text.includes("where she walks home"));
  const mailto = await report.locator("#email").getAttribute("href");
  assert.match(mailto, /^mailto:dsl%40oakprimary\.example\.org\?subject=/);
  assert.match(decodeURIComponent(mailto), /Address of the site: https:\/\/www\.facebook\.com\/facebook\.html/);
  assert.ok(await report.locator(".record img").evaluate((img) => img.complete && img.naturalWidth > 0), "the screenshot shows");

  // The export: the PNG byte for byte, records.json and the report pointing at the PNG.
  const [download] = await Promise.all([form.waitForEvent("download"), form.click("#export")]);
  const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
  const names = Object.keys(files).sort();
  assert.equal(names.length, 3, names.join(", "));
  const pngName = names.find((n) => n.endsWith(".png"));
  assert.ok(Buffer.from(files[pngName]).equals(png), "the exported PNG is the recorded one");
  const [json] = JSON.parse(strFromU8(files["records.json"]));
  assert.equal(json.screenshot, pngName);
  assert.equal(json.screenshotSha256, record.screenshotSha256);
  assert.equal(json.url, PAGE);
  assert.equal(json.reportTo.email, "dsl@oakprimary.example.org");
  assert.ok(strFromU8(files["report.html"]).includes(`src="${pngName}"`));

  // Kept on the device across a restart of the browser; then deleted for good.
  await browser.restart({ managedPolicy: POLICY });
  const records = await browser.open(`${EXTENSION_ORIGIN}/records.html`);
  await records.locator("#records:not([hidden])").waitFor();
  assert.equal(await records.locator("#rows tr").count(), 1);
  records.once("dialog", (dialog) => dialog.accept());
  await records.click("#delete");
  await records.locator("#empty:not([hidden])").waitFor();
  assert.equal((await readRecords(records)).length, 0);
});

test("beside a safeguarding finding (§6.1) the panel offers to record a concern about the page", async () => {
  const page = await browser.open(PAGE);
  await page.bringToFront();
  await page.click("#composer");
  await page.keyboard.type("Jayden Morris lives on the Brookfield estate, the block nearest the garages");
  await waitForCompose(page, (s) => /§6\.1/.test(s.panel?.text ?? "") && s.panel.controls.some((c) => c.label === "Record a concern (§6.2)"), "the panel's Record a concern");
  const [form] = await Promise.all([browser.context.waitForEvent("page", (p) => p.url().includes("/concern.html")), clickComposeControl(page, "Record a concern (§6.2)")]);
  await form.locator("#form:not([hidden])").waitFor({ timeout: 20_000 });
  assert.equal(await form.locator("#url").textContent(), PAGE);
  assert.equal(await page.locator("#composer").textContent(), "Jayden Morris lives on the Brookfield estate, the block nearest the garages", "the draft is untouched");
  await form.click("#discard");
  await form.locator("#missing:not([hidden])").waitFor();
  assert.equal((await readRecords(form)).length, 0, "discarded: nothing kept");
});

