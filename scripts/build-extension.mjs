// Assembles the loadable extension for each browser (dist/<browser>/) from extension/ and the
// WASM packages that scripts/build.sh has built: each entry point (the content script, the
// service worker, each page) is bundled with what it imports by esbuild; the engine packages
// (pkg/) stay separate modules beside it, as wasm-bindgen finds its .wasm next to its .js.
//   node scripts/build-extension.mjs [chromium firefox]
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { BROWSERS, browserManifest } from "./browser-manifest.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = path.join(REPO, "extension");

/** Each entry point, and the format its context loads: content scripts cannot be modules. */
export const ENTRY_POINTS = [
  { entry: "content.js", format: "iife" },
  { entry: "background.js", format: "esm" },
  { entry: "options.js", format: "esm" },
  { entry: "blocked.js", format: "esm" },
  { entry: "popup.js", format: "esm" },
  { entry: "policy.js", format: "esm" },
  { entry: "concern.js", format: "esm" },
  { entry: "records.js", format: "esm" },
  { entry: "report.js", format: "esm" },
  { entry: "deep-offscreen.js", format: "esm" },
  { entry: "deep-worker.js", format: "esm" },
];

/** Files of extension/ copied as they are: pages, styles, the manifest's schema. */
const COPIED = /\.(html|css)$|^managed_schema\.json$/;

/** The WASM packages' files (pkg, pkg-contact, pkg-deep), copied into dist/<browser>/pkg/. */
const PACKAGES = [
  ["pkg", ["safepost.js", "safepost_bg.wasm", "safepost.d.ts", "snippets"]],
  ["pkg-contact", ["safepost_contact.js", "safepost_contact_bg.wasm", "safepost_contact.d.ts"]],
  ["pkg-deep", ["safepost_deep.js", "safepost_deep_bg.wasm", "safepost_deep.d.ts"]],
];

/** `import list from "safepost:adapter-list"`: adapters/*.json in index.json's order. */
const adapterList = {
  name: "adapter-list",
  setup(build) {
    build.onResolve({ filter: /^safepost:adapter-list$/ }, (args) => ({ path: args.path, namespace: "adapters" }));
    build.onLoad({ filter: /.*/, namespace: "adapters" }, () => {
      const dir = path.join(SOURCE, "adapters");
      const names = JSON.parse(readFileSync(path.join(dir, "index.json"), "utf8"));
      const list = names.map((name) => JSON.parse(readFileSync(path.join(dir, name), "utf8")));
      return { contents: JSON.stringify(list), loader: "json", watchFiles: names.map((n) => path.join(dir, n)) };
    });
  },
};

export async function buildExtension(browser, out = path.join(REPO, "dist", browser)) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, "pkg"), { recursive: true });
  mkdirSync(path.join(out, "model"), { recursive: true });
  for (const name of readdirSync(SOURCE)) {
    if (COPIED.test(name)) cpSync(path.join(SOURCE, name), path.join(out, name));
  }
  writeFileSync(path.join(out, "manifest.json"), `${JSON.stringify(browserManifest(browser), null, 2)}\n`);
  for (const [dir, files] of PACKAGES) {
    for (const file of files) cpSync(path.join(REPO, dir, file), path.join(out, "pkg", file), { recursive: true });
  }
  cpSync(path.join(REPO, "data/model/a2-minilm-q8.gguf"), path.join(out, "model/a2-minilm-q8.gguf"));
  for (const { entry, format } of ENTRY_POINTS) {
    await esbuild.build({
      entryPoints: [path.join(SOURCE, entry)],
      outfile: path.join(out, entry),
      bundle: true,
      format,
      target: ["chrome111", "firefox140"],
      external: ["./pkg/*"],
      plugins: [adapterList],
      legalComments: "none",
      charset: "utf8",
      logLevel: "warning",
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const browsers = process.argv.length > 2 ? process.argv.slice(2) : BROWSERS;
  for (const browser of browsers) {
    if (!BROWSERS.includes(browser)) {
      console.error(`unknown browser "${browser}" (one of: ${BROWSERS.join(", ")})`);
      process.exit(2);
    }
    console.log(`built ${path.relative(REPO, await buildExtension(browser))}`);
  }
}
