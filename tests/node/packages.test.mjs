// The per-browser builds and the packages IT installs (run after scripts/build.sh):
// each browser's manifest, the Firefox build passing Mozilla's add-on linter, and the zip, the
// signed CRX3 and its update manifest, and the .xpi, read back and verified independently.
import assert from "node:assert/strict";
import { createHash, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import AdmZip from "adm-zip";
import webExt from "web-ext";
import { BROWSERS, browserManifest } from "../../scripts/browser-manifest.mjs";
import { extensionId, filesUnder, packageExtensions } from "../../scripts/package.mjs";

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const base = JSON.parse(fs.readFileSync(path.join(REPO, "extension/manifest.json"), "utf8"));

test("the Chromium manifest is extension/manifest.json as it is", () => {
  assert.deepEqual(browserManifest("chromium"), base);
});

test("the Firefox manifest runs the background as a module script, names its gecko ID and drops Chromium's keys and permission", () => {
  const firefox = browserManifest("firefox");
  assert.deepEqual(firefox.background, { scripts: ["background.js"], type: "module" });
  assert.equal(firefox.browser_specific_settings.gecko.id, "safepost@extension");
  for (const key of ["key", "minimum_chrome_version", "storage"]) assert.ok(!(key in firefox), key);
  // Everything else is shared, so a feature cannot be added to one browser only by mistake.
  const shared = (m) => Object.fromEntries(Object.entries(m).filter(([k]) => !["key", "minimum_chrome_version", "storage", "background", "browser_specific_settings", "permissions"].includes(k)));
  assert.deepEqual(shared(firefox), shared(base));
  // Firefox's background page starts the deeper check's Worker itself: no offscreen document.
  assert.deepEqual(firefox.permissions, base.permissions.filter((p) => p !== "offscreen"));
  assert.ok(base.permissions.includes("offscreen"), "Chromium's service worker runs the deeper check through one");
});

test("every browser patch only removes keys the base manifest has (no stale patch)", () => {
  const walk = (patch, target, where) => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) assert.ok(target && key in target, `${where}${key} is removed but the base manifest has none`);
      else if (typeof value === "object" && !Array.isArray(value) && target?.[key] && typeof target[key] === "object") walk(value, target[key], `${where}${key}.`);
    }
  };
  for (const file of fs.readdirSync(path.join(REPO, "extension/browsers")).filter((f) => f.endsWith(".json"))) {
    assert.ok(BROWSERS.includes(path.basename(file, ".json")), `${file} is not a known browser`);
    walk(JSON.parse(fs.readFileSync(path.join(REPO, "extension/browsers", file), "utf8")), base, `${file}: `);
  }
  assert.throws(() => browserManifest("safari"), /unknown browser "safari"/);
});

test("each built folder carries its browser's manifest and the same files otherwise", () => {
  for (const browser of BROWSERS) {
    const written = JSON.parse(fs.readFileSync(path.join(REPO, "dist", browser, "manifest.json"), "utf8"));
    assert.deepEqual(written, browserManifest(browser), browser);
  }
  assert.deepEqual(filesUnder(path.join(REPO, "dist/firefox")), filesUnder(path.join(REPO, "dist/chromium")));
});

test("the Firefox build passes Mozilla's add-on linter with no errors", async () => {
  const result = await webExt.cmd.lint(
    { sourceDir: path.join(REPO, "dist/firefox"), output: "none", selfHosted: true, warningsAsErrors: false },
    { shouldExitProgram: false },
  );
  assert.deepEqual(result.errors.map((e) => `${e.code}: ${e.message} (${e.file ?? ""})`), []);
  // What the linter warns about is listed so a new warning shows in the log.
  for (const warning of result.warnings) console.log(`# web-ext lint warning ${warning.code}: ${warning.message} (${warning.file ?? ""})`);
});

// -- Packages --------------------------------------------------------------------------------

let work;
let packaged;
let keyFile;
let publicDer;
const CRX_URL = "https://it.example.org.uk/safepost/safepost.crx";

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "safepost-packages-"));
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  keyFile = path.join(work, "it-key.pem");
  fs.writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }));
  publicDer = publicKey.export({ type: "spki", format: "der" });
  packaged = await packageExtensions({ out: path.join(work, "out"), key: keyFile, crxUrl: CRX_URL });
});
after(() => fs.rmSync(work, { recursive: true, force: true }));

const packagedFile = (suffix) => packaged.files.find((f) => f.endsWith(suffix));

/** Reads protobuf fields `{ number: [bytes…] }` of a message made only of length-delimited fields. */
function protobufFields(bytes) {
  const fields = {};
  let at = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const tag = varint();
    assert.equal(tag & 7, 2, "only length-delimited fields are expected in a CRX3 header");
    const length = varint();
    (fields[Math.floor(tag / 8)] ??= []).push(bytes.subarray(at, at + length));
    at += length;
  }
  return fields;
}

test("the CRX3 is signed with IT's key over its header and zip, and names the key's extension ID", () => {
  const crx = fs.readFileSync(packagedFile(".crx"));
  assert.equal(crx.subarray(0, 4).toString("latin1"), "Cr24");
  assert.equal(crx.readUInt32LE(4), 3, "format version 3");
  const headerSize = crx.readUInt32LE(8);
  const header = protobufFields(crx.subarray(12, 12 + headerSize));
  const archive = crx.subarray(12 + headerSize);
  // CrxFileHeader: 2 = sha256_with_rsa proofs, 10000 = signed_header_data (SignedData: 1 = crx_id).
  const signedHeaderData = header[10000][0];
  const crxId = protobufFields(signedHeaderData)[1][0];
  assert.equal(Buffer.from(crxId).toString("hex"), createHash("sha256").update(publicDer).digest("hex").slice(0, 32));
  const proofs = header[2].map(protobufFields);
  const proof = proofs.find((p) => Buffer.from(p[1][0]).equals(publicDer));
  assert.ok(proof, "a proof by IT's public key");
  const length = Buffer.alloc(4);
  length.writeUInt32LE(signedHeaderData.length);
  const signed = Buffer.concat([Buffer.from("CRX3 SignedData\x00", "latin1"), length, signedHeaderData, archive]);
  assert.ok(verify("sha256", signed, createPublicKey({ key: Buffer.from(proof[1][0]), format: "der", type: "spki" }), proof[2][0]), "the signature verifies");

  // The archive is the Chromium build with the manifest's key set to IT's public key.
  const zip = new AdmZip(Buffer.from(archive));
  const manifest = JSON.parse(zip.readAsText("manifest.json"));
  assert.equal(manifest.key, publicDer.toString("base64"));
  assert.deepEqual({ ...manifest, key: base.key }, base);
  assert.deepEqual(zip.getEntries().map((e) => e.entryName).sort(), filesUnder(path.join(REPO, "dist/chromium")));
  assert.equal(packaged.crxId, extensionId(publicDer));
});

test("update.xml offers this version at the CRX's address under the key's ID", () => {
  const xml = fs.readFileSync(packagedFile("update.xml"), "utf8");
  assert.match(xml, new RegExp(`<app appid="${packaged.crxId}">`));
  assert.match(xml, new RegExp(`codebase="${CRX_URL.replaceAll(".", "\\.")}" version="${base.version.replaceAll(".", "\\.")}"`));
  assert.match(xml, new RegExp(`prodversionmin="${base.minimum_chrome_version}"`));
});

test("the zip and the .xpi hold their build's files byte for byte, manifest at the root", () => {
  for (const [suffix, browser] of [[".zip", "chromium"], [".xpi", "firefox"]]) {
    const zip = new AdmZip(packagedFile(suffix));
    const names = zip.getEntries().filter((e) => !e.isDirectory).map((e) => e.entryName).sort();
    assert.deepEqual(names, filesUnder(path.join(REPO, "dist", browser)), browser);
    for (const name of ["manifest.json", "background.js", "pkg/safepost_bg.wasm"]) {
      assert.ok(zip.readFile(name).equals(fs.readFileSync(path.join(REPO, "dist", browser, name))), `${browser}: ${name}`);
    }
  }
});

test("packaging refuses a missing key, a key without an address, and an address that is not http(s)", async () => {
  await assert.rejects(packageExtensions({ out: path.join(work, "bad"), key: path.join(work, "none.pem"), crxUrl: CRX_URL }), /no key at .*none\.pem: make one once/);
  await assert.rejects(packageExtensions({ out: path.join(work, "bad"), key: keyFile }), /--key needs --crx-url/);
  await assert.rejects(packageExtensions({ out: path.join(work, "bad"), key: keyFile, crxUrl: "file:///x.crx" }), /not an http\(s\) address/);
  fs.writeFileSync(path.join(work, "junk.pem"), "not a key");
  await assert.rejects(packageExtensions({ out: path.join(work, "bad"), key: path.join(work, "junk.pem"), crxUrl: CRX_URL }), /is not a PEM private key/);
  assert.ok(!fs.existsSync(path.join(work, "bad")) || fs.readdirSync(path.join(work, "bad")).length === 0, "nothing written");
});
