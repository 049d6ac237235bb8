// One browser's manifest: extension/manifest.json (Chromium's) with that browser's JSON
// merge patch (extension/browsers/<browser>.json, RFC 7396) applied. See extension/browsers/README.md.
import { readFileSync, existsSync } from "node:fs";
import mergePatch from "json-merge-patch";

export const BROWSERS = ["chromium", "firefox"];

/** The manifest for `browser`, from the base manifest and the browser's patch (if it has one). */
export function browserManifest(browser, root = new URL("../extension/", import.meta.url)) {
  if (!BROWSERS.includes(browser)) {
    throw new Error(`unknown browser "${browser}" (one of: ${BROWSERS.join(", ")})`);
  }
  const base = JSON.parse(readFileSync(new URL("manifest.json", root), "utf8"));
  const patchFile = new URL(`browsers/${browser}.json`, root);
  if (!existsSync(patchFile)) return base;
  return mergePatch.apply(base, JSON.parse(readFileSync(patchFile, "utf8")));
}

