// Screenshots of the compose guard for the README (docs/*.png), taken in Debian Chromium with
// the built extension on the Facebook fixture. Run after scripts/build.sh:
//   node scripts/screenshots.mjs
import { fileURLToPath } from "node:url";
import { startSafePost, waitForCompose } from "../tests/e2e/harness.mjs";

const DOCS = fileURLToPath(new URL("../docs/", import.meta.url));
const DRAFT = "Well done to Jack in Year 9 - meet me at the park at 4pm. Honestly the head is a useless idiot.";

const browser = await startSafePost();
try {
  const page = await browser.open("https://www.facebook.com/facebook.html");
  await page.click("#composer");
  await page.keyboard.type(DRAFT);
  await waitForCompose(page, (state) => state.panel && state.marks.length >= 2, "the panel");
  await page.screenshot({ path: `${DOCS}compose-panel.png`, clip: { x: 0, y: 40, width: 1000, height: 520 } });
  await page.click("#post");
  await waitForCompose(page, (state) => state.dialog, "the send dialog");
  await page.screenshot({ path: `${DOCS}send-dialog.png` });
  console.log("wrote docs/compose-panel.png and docs/send-dialog.png");
} finally {
  await browser.close();
}
