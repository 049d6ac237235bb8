// Packages the built extensions (run scripts/build.sh first) for IT to install:
//   node scripts/package.mjs [--key KEY.pem --crx-url URL] [--out DIR]
// writes into DIR (default dist/packages):
//   safepost-chromium-<version>.zip   the Chromium build as a zip (Chrome, Edge)
//   safepost-firefox-<version>.xpi    the Firefox build, unsigned (see the README for signing)
//   safepost-<version>.crx, update.xml  with --key: a CRX3 signed with IT's key, and the update
//                                     manifest that ExtensionInstallForcelist points at (--crx-url
//                                     is where the .crx will be served from)
// The extension ID of a CRX is derived from its key, so IT keeps one key for every release; the
// packaged manifest's `key` is set to that key's public half, so an unpacked copy has the same ID.
import { createWriteStream, readdirSync, mkdtempSync, readFileSync, writeFileSync, renameSync, rmSync, cpSync, existsSync, mkdirSync } from "node:fs";
import { createPrivateKey, createPublicKey } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import crx3 from "crx3";
import yazl from "yazl";
import webExt from "web-ext";
import { extensionId } from "./extension-id.mjs";

export { extensionId };

// Zip entries carry this date, so packaging the same build twice gives the same bytes.
const FIXED_DATE = new Date("2026-01-01T00:00:00Z");
const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/** The SubjectPublicKeyInfo (DER) of a PEM private key. */
export function publicKeyDer(pem) {
  return createPublicKey(createPrivateKey(pem)).export({ type: "spki", format: "der" });
}

/** Every file under `dir`, as paths relative to it with forward slashes, sorted. */
export function filesUnder(dir, prefix = "") {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? filesUnder(dir, relative) : [relative];
    })
    .sort();
}

/** Zips `dir`'s files at the archive's root (manifest.json first level), with a fixed date. */
function zipFolder(dir, file) {
  const zip = new yazl.ZipFile();
  for (const name of filesUnder(dir)) zip.addFile(path.join(dir, name), name, { mtime: FIXED_DATE });
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(file)).on("close", resolve).on("error", reject);
  });
}

/** Writes `file` through a temporary file in the same folder, so no reader sees half of it. */
async function writeAtomically(file, write) {
  const temporary = `${file}.partial-${process.pid}`;
  try {
    await write(temporary);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function built(browser) {
  const dir = path.join(REPO, "dist", browser);
  if (!existsSync(path.join(dir, "manifest.json"))) {
    throw new Error(`${path.relative(REPO, dir)} is missing: run scripts/build.sh first`);
  }
  return dir;
}

function checkCrxUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--crx-url ${JSON.stringify(url)} is not an address`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new Error(`--crx-url ${JSON.stringify(url)} is not an http(s) address`);
  }
}

/**
 * Packages dist/chromium and dist/firefox into `out`. With `key` (a PEM file) also a signed CRX3
 * and its update manifest. Returns what was written: { files, version, crxId }.
 */
export async function packageExtensions({ out = path.join(REPO, "dist", "packages"), key, crxUrl } = {}) {
  if (key && !crxUrl) throw new Error("--key needs --crx-url: the address the .crx will be served from, for update.xml");
  if (crxUrl && !key) throw new Error("--crx-url needs --key: the private key the .crx is signed with");
  if (crxUrl) checkCrxUrl(crxUrl);
  let keyPem = null;
  if (key) {
    if (!existsSync(key)) {
      throw new Error(`no key at ${key}: make one once with "openssl genrsa -out ${key} 2048" and keep it for every release (the extension ID is derived from it)`);
    }
    keyPem = readFileSync(key, "utf8");
    try {
      publicKeyDer(keyPem);
    } catch (error) {
      throw new Error(`${key} is not a PEM private key (${error.message})`);
    }
  }
  const chromium = built("chromium");
  const firefox = built("firefox");
  const { version } = JSON.parse(readFileSync(path.join(chromium, "manifest.json"), "utf8"));
  mkdirSync(out, { recursive: true });
  const files = [];
  const staging = mkdtempSync(path.join(os.tmpdir(), "safepost-package-"));
  try {
    const zip = path.join(out, `safepost-chromium-${version}.zip`);
    await writeAtomically(zip, (temporary) => zipFolder(chromium, temporary));
    files.push(zip);

    let crxId = null;
    if (keyPem) {
      // The packaged copy's manifest carries the signing key, so its ID is the CRX's.
      const copy = path.join(staging, "chromium");
      cpSync(chromium, copy, { recursive: true });
      const manifestFile = path.join(copy, "manifest.json");
      const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
      const spki = publicKeyDer(keyPem);
      manifest.key = spki.toString("base64");
      writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
      crxId = extensionId(spki);
      const crx = path.join(out, `safepost-${version}.crx`);
      const xml = path.join(out, "update.xml");
      await writeAtomically(crx, (crxTemporary) =>
        writeAtomically(xml, (xmlTemporary) =>
          crx3([manifestFile], {
            keyPath: key,
            crxPath: crxTemporary,
            xmlPath: xmlTemporary,
            crxURL: crxUrl,
            appVersion: version,
            browserVersion: manifest.minimum_chrome_version ?? "",
          }),
        ),
      );
      files.push(crx, xml);
    }

    const xpi = path.join(out, `safepost-firefox-${version}.xpi`);
    await writeAtomically(xpi, async (temporary) => {
      const artifacts = path.join(staging, "firefox");
      const result = await webExt.cmd.build(
        { sourceDir: firefox, artifactsDir: artifacts, filename: "safepost.xpi", overwriteDest: true },
        { shouldExitProgram: false },
      );
      renameSync(result.extensionPath, temporary);
    });
    files.push(xpi);
    return { files, version, crxId };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { key: { type: "string" }, "crx-url": { type: "string" }, out: { type: "string" } },
  });
  packageExtensions({ out: values.out && path.resolve(values.out), key: values.key, crxUrl: values["crx-url"] })
    .then(({ files, crxId }) => {
      for (const file of files) console.log(`wrote ${path.relative(process.cwd(), file)}`);
      if (crxId) {
        console.log(`extension ID of the .crx: ${crxId} (give it to safepost deploy with --extension-id ${crxId})`);
      }
    })
    .catch((error) => {
      console.error(`safepost package: ${error.message}`);
      process.exit(1);
    });
}
