// The README's screenshots of the toolbar panel, the record form and the report (docs/screenshots/),
// taken in Debian's Chromium with the built extension and fixture pages, as the end-to-end tests run.
//   node scripts/screenshots.mjs        (after scripts/build.sh)
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSafePost, pollUntil, EXTENSION_ORIGIN } from "../tests/e2e/harness.mjs";

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../docs/screenshots");
mkdirSync(OUT, { recursive: true });
const now = new Date();
const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const minute = now.getHours() * 60 + now.getMinutes();
const day = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][now.getDay()];

const browser = await startSafePost({
  managedPolicy: {
    organisation: {
      name: "Oak Academy Trust",
      email_domains: ["oaktrust.example.org"],
      academies: [{ name: "Oak Primary Academy", email_domains: ["oakprimary.example.org"], safeguarding_lead: { name: "Ms A. Patel", email: "dsl@oakprimary.example.org", phone: "01632 960124" } }],
    },
    lesson_times: { weekdays: { [day]: [{ name: "Period 3", start: hhmm(Math.max(0, minute - 20)), end: hhmm(Math.min(1440, minute + 40)) }] } },
  },
});
try {
  const page = await browser.open("https://www.facebook.com/facebook.html");
  await page.bringToFront();
  const tabId = await browser.serviceWorker.evaluate(async (href) => (await chrome.tabs.query({})).find((t) => t.url === href)?.id, page.url());
  const popupUrl = `${EXTENSION_ORIGIN}/popup.html?tab=${tabId}`;
  await browser.serviceWorker.evaluate((url) => chrome.windows.create({ url, type: "popup", width: 420, height: 640 }), popupUrl);
  const popup = await pollUntil(() => browser.context.pages().find((p) => p.url() === popupUrl), Boolean, "the popup", 10_000);
  await popup.setViewportSize({ width: 384, height: 600 });
  await popup.locator("#facts:not([hidden])").waitFor();
  await popup.locator("body").screenshot({ path: path.join(OUT, "popup.png") });

  const [form] = await Promise.all([browser.context.waitForEvent("page", (p) => p.url().includes("/concern.html")), popup.click("#record-concern")]);
  await form.setViewportSize({ width: 900, height: 1100 });
  await form.locator("#form:not([hidden])").waitFor();
  await form.check('input[value="safeguarding"]');
  await form.fill("#note", "A comment under the academy's post names a Year 8 pupil and the route she walks home.");
  await form.screenshot({ path: path.join(OUT, "record-form.png"), fullPage: true });
  await form.click('button[type="submit"]');
  await form.locator("#saved:not([hidden])").waitFor();
  const [report] = await Promise.all([browser.context.waitForEvent("page", (p) => p.url().includes("/report.html")), form.click("#open-report")]);
  await report.setViewportSize({ width: 900, height: 1100 });
  await report.locator(".record img").waitFor();
  await report.screenshot({ path: path.join(OUT, "report.png"), fullPage: true });
  console.log(`screenshots in ${path.relative(process.cwd(), OUT)}`);
} finally {
  await browser.close();
}
