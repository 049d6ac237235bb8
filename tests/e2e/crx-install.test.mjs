// The way IT installs SafePost in Chrome and Edge, end to end: a CRX3 signed with the Trust's own
// key (scripts/package.mjs), served with its update.xml from the Trust's server, force-installed
// by the policy file `safepost deploy --target linux-chromium --extension-id …` writes, with the
// Trust's settings in the same file. No unpacked extension is loaded.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { packageExtensions } from "../../scripts/package.mjs";
import { delay, pollUntil, readBanner, startSafePost } from "./harness.mjs";

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const SERVER = "https://it.safepost.test";
// TikTok is excepted by the Trust: no banner there is how the settings are seen to have arrived.
const IT_POLICY = { exceptions: [{ domain: "tiktok.com", note: "the drama department's approved channel" }] };

let work;
let browser;
let crxId;

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "safepost-crx-"));
  const key = path.join(work, "trust-key.pem");
  fs.writeFileSync(key, generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }));
  const packaged = await packageExtensions({ out: path.join(work, "packages"), key, crxUrl: `${SERVER}/safepost.crx` });
  crxId = packaged.crxId;
  const itPolicy = path.join(work, "it-policy.json");
  fs.writeFileSync(itPolicy, JSON.stringify(IT_POLICY));
  const policyFile = path.join(work, "safepost.json");
  execFileSync("cargo", ["run", "--quiet", "--bin", "safepost", "--", "deploy", "--target", "linux-chromium", "--policy", itPolicy,
    "--install-url", `${SERVER}/update.xml`, "--extension-id", crxId, "--out", policyFile], { cwd: REPO, stdio: "pipe" });
  browser = await startSafePost({
    extension: "policy",
    managedPolicyFile: policyFile,
    served: {
      "/update.xml": packaged.files.find((f) => f.endsWith("update.xml")),
      "/safepost.crx": packaged.files.find((f) => f.endsWith(".crx")),
    },
  });
});
after(async () => {
  await browser?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("the browser fetches update.xml and the signed CRX, installs it under the key's ID, and it works", async () => {
  // Installed once SafePost's banner shows on an unapproved platform. (Playwright does not attach
  // to the service worker or pages of an extension a policy installed, so the page is the sign.)
  const discord = await browser.context.newPage();
  const banner = await pollUntil(async () => {
    await discord.goto("https://discord.com/").catch(() => {});
    return readBanner(discord);
  }, (b) => b.present && b.visible, `SafePost (${crxId}) installed by the policy`, 90_000, 1000);
  assert.match(banner.text, /Discord/);
  assert.match(banner.text, /§5\.1/);
  const fetched = browser.fixtures.requests.filter((r) => r.host === "it.safepost.test").map((r) => r.path.split("?")[0]);
  assert.ok(fetched.includes("/update.xml") && fetched.includes("/safepost.crx"), `fetched: ${fetched}`);
  const check = browser.fixtures.requests.find((r) => r.host === "it.safepost.test" && r.path.startsWith("/update.xml"));
  assert.match(decodeURIComponent(check.path), new RegExp(`id=${crxId}&.*installedby=policy`), "the update check names the key's ID");

  // The Trust's settings arrived with the install, for this ID: TikTok is excepted. (Managed
  // storage can read empty just after an install; SafePost reads it again, as at browser start.)
  const tiktok = await browser.context.newPage();
  await pollUntil(async () => {
    await tiktok.goto("https://www.tiktok.com/").catch(() => {});
    await delay(1500);
    return readBanner(tiktok);
  }, (b) => !b.present, "no banner on the Trust's exception, TikTok", 60_000, 1000);
});
