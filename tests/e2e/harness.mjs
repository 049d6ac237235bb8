// Shared set-up for the end-to-end tests: serves the fixture pages over HTTPS at real hostnames,
// catches every other request in a local "sink", launches Chromium with the built extension,
// writes (and always removes) the managed policy file, and reads the closed-shadow banner.
//
// Run after scripts/build.sh; the extension under test is dist/chromium.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { extensionId } from "../../scripts/extension-id.mjs";
import { delay, pollUntil } from "./poll.mjs";

export { delay, pollUntil };

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";

export const EXTENSION_DIR = path.resolve(REPO, process.env.SAFEPOST_EXTENSION_DIR ?? "dist/chromium");
export const MANAGED_POLICY_FILE = "/etc/chromium/policies/managed/safepost-e2e.json";

/** Hostnames served from the fixtures; every other host goes to the sink. */
export const FIXTURE_HOSTS = Object.freeze([
  "www.tiktok.com",
  "www.facebook.com",
  "www.youtube.com",
  "x.com",
  "www.instagram.com",
  "social.example-school-staff.org",
  "discord.com",
  "www.linkedin.com",
  "web.whatsapp.com",
  "www.reddit.com",
  "www.threads.com",
  "bsky.app",
  "mastodon.social",
  "it.safepost.test", // the Trust's own server, where a self-hosted CRX is installed from
]);

const manifest = readBuiltManifest();
export const EXTENSION_ID = extensionIdFromKey(manifest.key);
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;

function readBuiltManifest() {
  const file = path.join(EXTENSION_DIR, "manifest.json");
  if (!fs.existsSync(path.join(EXTENSION_DIR, "pkg", "safepost_bg.wasm"))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run scripts/build.sh first.`);
  }
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** Chrome's ID for an extension with this manifest key (base64 DER). */
export function extensionIdFromKey(key) {
  return extensionId(Buffer.from(key, "base64"));
}

/**
 * Starts SafePost's browser (`startSafePost(options)`) before the tests of the file or `describe`
 * block it is called in, then awaits `ready(browser)` if given, and closes it after them. Returns
 * the browser, usable from the tests on.
 */
export function useSafePost(options, ready) {
  let started = null;
  before(async () => {
    started = await startSafePost(options);
    await ready?.(started);
  });
  after(async () => {
    await started?.close();
  });
  return new Proxy({}, {
    get(_, key) {
      if (!started) throw new Error("SafePost's browser is used before the tests have started it");
      const value = started[key];
      return typeof value === "function" ? value.bind(started) : value;
    },
  });
}

/**
 * Starts Chromium with a fresh profile and the extension loaded, behind the local servers.
 * `managedPolicy` (optional) is the extension's managed policy, as IT would push it.
 * `managedPolicyFile` (optional) is instead a whole browser policy file to put in place (say, one
 * `safepost deploy --target linux-chromium` wrote). `served` maps URL paths to files the fixture
 * server also serves (say, a packaged CRX and its update.xml).
 * `extension`: true (the built extension), false (none), the directory of another build, or
 * "policy" (none loaded, but extensions enabled, for one the policy force-installs).
 * Call `browser.close()` (e.g. in `after`): it removes everything, including the policy file.
 */
export async function startSafePost({ managedPolicy, managedPolicyFile, served = {}, extension = true } = {}) {
  const cleanups = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  };
  try {
    const releaseLock = await acquireBrowserLock();
    cleanups.push(async () => releaseLock());
    removeManagedPolicyFile(); // A run killed with SIGKILL may have left one behind.
    cleanups.push(async () => removeManagedPolicyFile());
    if (managedPolicy !== undefined) writeManagedPolicyFile(managedPolicy);
    if (managedPolicyFile !== undefined) copyManagedPolicyFile(managedPolicyFile);

    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "safepost-e2e-"));
    tempDirs.add(tempDir);
    cleanups.push(async () => {
      fs.rmSync(tempDir, { recursive: true, force: true });
      tempDirs.delete(tempDir);
    });
    const tls = makeCertificate(tempDir);

    const fixtures = await startFixtureServer(tls, served);
    cleanups.push(() => fixtures.close());
    const sink = await startSinkServer(tls);
    cleanups.push(() => sink.close());

    const launch = () => launchChromium(path.join(tempDir, "profile"), fixtures.port, sink.port, extension);
    const browser = new SafePostBrowser(launch, fixtures, sink, cleanUp, extension);
    cleanups.push(() => browser.context?.close());
    await browser.launch();
    return browser;
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

// Profiles and certificates of browsers still open; removed on exit if a signal cut a run short.
const tempDirs = new Set();
process.once("exit", () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const extensionArgs = (dir) => [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`];

async function launchChromium(profileDir, fixturePort, sinkPort, extension) {
  const policyInstall = extension === "policy";
  const hostRules = [
    ...FIXTURE_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${fixturePort}`),
    `MAP * 127.0.0.1:${sinkPort}`, // Last: anything else stays on this machine, and is seen.
  ].join(", ");
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreHTTPSErrors: true,
    // Our own handlers (below) remove the policy file and exit; Playwright kills Chromium on exit.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    viewport: { width: 1200, height: 800 },
    // Playwright turns extensions off unless one is loaded, and background networking (which
    // stops the extension updater) always: a policy's install needs both on.
    ...(policyInstall ? { ignoreDefaultArgs: ["--disable-extensions", "--disable-background-networking"] } : {}),
    args: [
      // Without the extension: the same browser, for comparing what pages do on their own.
      ...(extension && !policyInstall ? extensionArgs(extension === true ? EXTENSION_DIR : extension) : []),
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      ...(policyInstall ? [] : ["--disable-background-networking"]),
      "--disable-component-update",
      "--disable-sync",
      "--ignore-certificate-errors",
      `--host-resolver-rules=${hostRules}`,
    ],
  });
}

class SafePostBrowser {
  constructor(launch, fixtures, sink, close, withExtension) {
    this.withExtension = withExtension;
    this.launchChromium = launch;
    this.fixtures = fixtures;
    this.sink = sink;
    this.close = close;
    this.context = null;
    this.serviceWorker = null;
    this.opened = []; // Every URL the test opened, for checking what reached the servers.
  }

  async launch() {
    this.context = await this.launchChromium();
    this.serviceWorker = this.withExtension && this.withExtension !== "policy"
      ? this.context.serviceWorkers()[0] ?? (await this.context.waitForEvent("serviceworker"))
      : null;
  }

  /** Restarts the browser on the same profile, with this managed policy (undefined: none). */
  async restart({ managedPolicy } = {}) {
    await this.context.close();
    this.context = null;
    removeManagedPolicyFile();
    if (managedPolicy !== undefined) writeManagedPolicyFile(managedPolicy);
    await this.launch();
  }

  /** Opens `url` in a new tab and waits for it to load. */
  async open(url) {
    const page = await this.context.newPage();
    this.opened.push(url);
    await page.goto(url);
    return page;
  }

  /** Opens the options page and waits until it shows the policy (or an error). */
  async openOptions() {
    const page = await this.open(`${EXTENSION_ORIGIN}/options.html`);
    await page.locator("#status:not([hidden]), #load-error:not([hidden])").first().waitFor({ timeout: 20_000 });
    return page;
  }

  /** Stops the extension's service worker, as Chromium does when it has been idle. */
  async stopServiceWorker() {
    const page = await this.context.newPage();
    const pageCdp = await this.context.newCDPSession(page);
    const browserCdp = await this.context.browser().newBrowserCDPSession();
    try {
      await pageCdp.send("ServiceWorker.enable");
      await pageCdp.send("ServiceWorker.stopAllWorkers");
      for (;;) {
        const { targetInfos } = await browserCdp.send("Target.getTargets");
        if (!targetInfos.some((target) => target.type === "service_worker" && target.url.startsWith(EXTENSION_ORIGIN))) break;
        await delay(100);
      }
    } finally {
      await pageCdp.detach().catch(() => {});
      await browserCdp.detach().catch(() => {});
      await page.close();
    }
  }

  /** Closes the deeper check's offscreen document (deep.html), and its Worker and model with it. */
  async closeDeepCheck() {
    const browserCdp = await this.context.browser().newBrowserCDPSession();
    try {
      const isDeep = (target) => target.url === `${EXTENSION_ORIGIN}/deep.html`;
      const { targetInfos } = await browserCdp.send("Target.getTargets");
      const target = targetInfos.find(isDeep);
      if (!target) throw new Error("The deeper check's offscreen document is not open.");
      await browserCdp.send("Target.closeTarget", { targetId: target.targetId });
      while ((await browserCdp.send("Target.getTargets")).targetInfos.some(isDeep)) await delay(100);
    } finally {
      await browserCdp.detach().catch(() => {});
    }
  }

  /** The declarativeNetRequest dynamic rules currently installed by the extension. */
  dynamicRules() {
    return this.serviceWorker.evaluate(() => chrome.declarativeNetRequest.getDynamicRules());
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the banner inside its closed shadow root (through the DevTools protocol, which pierces it)

const BANNER_NODE_NAME = "SAFEPOST-BANNER";
/** The lesson-time reminder's host element (§5.3), at the bottom of the viewport. */
export const LESSON_NODE_NAME = "SAFEPOST-LESSON";

/** `{ present, text, visible, onTop }` for the page's SafePost banner (or the one named). */
export async function readBanner(page, nodeName = BANNER_NODE_NAME) {
  return withPiercedDom(page, async ({ root, call }) => {
    const host = findNode(root, (node) => node.nodeName === nodeName);
    if (!host) return { present: false, text: "", visible: false, onTop: false };
    const text = (host.shadowRoots ?? []).map(textOf).join(" ").replace(/\s+/g, " ").trim();
    const shown = await call(host, `function () {
      const style = getComputedStyle(this);
      const box = this.getBoundingClientRect();
      const visible = style.display !== "none" && style.visibility === "visible" &&
        Number(style.opacity) > 0 && box.width > 0 && box.height > 0;
      const hit = visible && document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return { visible, onTop: hit === this };
    }`);
    return { present: true, text, ...shown };
  });
}

/** Waits for the banner to be present, visible and on top; returns it. */
export async function waitForBanner(page, timeout = 20_000, nodeName = BANNER_NODE_NAME) {
  return pollUntil(() => readBanner(page, nodeName), (b) => b.present && b.visible && b.onTop, `a visible SafePost banner on ${page.url()}`, timeout, 200);
}

/** Whether the element focused inside the banner's shadow root is a button labelled `label`. */
export async function bannerButtonHasFocus(page, label) {
  return withPiercedDom(page, async ({ root, call }) => {
    const host = findNode(root, (node) => node.nodeName === BANNER_NODE_NAME);
    const button = host && findNode(host, (node) => node.nodeName === "BUTTON" && textOf(node).trim() === label);
    return button ? call(button, "function () { return this.getRootNode().activeElement === this; }") : false;
  });
}

/** Computed styles showing the banner's own CSS applied: `{ hostPosition, panelBackground }`. */
export async function bannerStyles(page) {
  return withPiercedDom(page, async ({ root, call }) => {
    const host = findNode(root, (node) => node.nodeName === BANNER_NODE_NAME);
    const panel = host && findNode(host, (node) => node.nodeName === "SECTION");
    if (!panel) return null;
    const computed = (node, property) =>
      call(node, "function (property) { return getComputedStyle(this).getPropertyValue(property); }", property);
    return { hostPosition: await computed(host, "position"), panelBackground: await computed(panel, "background-color") };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading the compose guard's overlay (<safepost-compose>, closed shadow root) and using it with
// the real mouse and keyboard

const COMPOSE_NODE_NAME = "SAFEPOST-COMPOSE";

/**
 * `{ present, panel, marks, dialog, announced }`: the panel's text and box (null when hidden), the
 * highlight boxes, the open send dialog's text and controls (null when closed), and the text of
 * the polite live region.
 */
export async function readCompose(page) {
  const state = await withPiercedDom(page, async ({ root, call }) => {
    // One overlay per frame: the one asking (its dialog open) is the one the user sees first.
    const states = [];
    for (const host of findNodes(root, (node) => node.nodeName === COMPOSE_NODE_NAME)) {
      const shadow = host.shadowRoots?.[0];
      if (shadow) states.push(await readComposeShadow(call, shadow));
    }
    return states.find((s) => s.dialog) ?? states.find((s) => s.panel) ?? states[0] ?? { present: false, panel: null, marks: [], dialog: null };
  });
  // Words in rich editors are painted as CSS highlights instead of drawn marks: both are marks
  // (`painted` tells them apart), with their boxes in the top page's viewport.
  const painted = await readPaintedHighlights(page);
  return { ...state, marks: [...state.marks, ...painted], painted: painted.length };
}

/** SafePost's CSS highlights in every frame of the page: `{ severity, text, box, painted: true }`. */
export async function readPaintedHighlights(page) {
  const marks = [];
  for (const frame of page.frames()) {
    let offset = { x: 0, y: 0 };
    if (frame !== page.mainFrame()) {
      const element = await frame.frameElement().catch(() => null);
      const box = element && (await element.boundingBox().catch(() => null));
      if (!box) continue;
      offset = box;
    }
    const found = await frame
      .evaluate(() => {
        const out = [];
        for (const severity of ["high", "medium", "low"]) {
          const highlight = globalThis.CSS?.highlights?.get(`safepost-${severity}`);
          for (const range of highlight ?? []) {
            for (const r of range.getClientRects()) {
              if (r.width > 0 && r.height > 0) out.push({ severity, text: range.toString(), box: { left: r.left, top: r.top, width: r.width, height: r.height } });
            }
          }
        }
        return out;
      })
      .catch(() => []);
    for (const mark of found) {
      marks.push({ ...mark, painted: true, box: { ...mark.box, left: mark.box.left + offset.x, top: mark.box.top + offset.y } });
    }
  }
  return marks;
}

function readComposeShadow(call, shadow) {
  return call(shadow, `function () {
      const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, top: r.top, width: r.width, height: r.height }; };
      const text = (el) => el.textContent.replace(/\\s+/g, " ").trim();
      const panel = this.querySelector(".panel");
      const dialog = this.querySelector("dialog");
      const controls = (el) => [...el.querySelectorAll("button, input")].map((c) => ({
        label: c.localName === "input" ? c.type : text(c), disabled: c.disabled, checked: c.checked ?? null,
        focused: this.activeElement === c, box: box(c) }));
      return {
        present: true,
        panel: panel && !panel.hidden ? { text: text(panel), box: box(panel), controls: controls(panel) } : null,
        marks: [...this.querySelectorAll(".mark")].map((m) => ({ severity: m.classList[1], box: box(m) })),
        dialog: dialog?.open ? { text: text(dialog), controls: controls(dialog) } : null,
        announced: this.querySelector("[role=status][aria-live=polite]")?.textContent ?? null,
      };
    }`);
}

/** Polls `readCompose` until `ready(state)`; returns that state. */
export async function waitForCompose(page, ready, what, timeout = 15_000) {
  return pollUntil(() => readCompose(page), ready, `${what} on ${page.url()}`, timeout);
}

/** Waits until a compose fixture page has sent `count` posts (its `window.posted`). */
export async function waitForPosted(page, count, timeout = 10_000) {
  await pollUntil(() => page.evaluate(() => window.posted.length), (sent) => sent >= count, `${count} post(s) sent by ${page.url()}`, timeout);
}

/**
 * Clicks, with the real mouse, the overlay control labelled `label` (in the dialog if open).
 * `offset`: where the overlay's frame sits in the page, for an overlay inside an iframe.
 */
export async function clickComposeControl(page, label, offset = { x: 0, y: 0 }) {
  const state = await readCompose(page);
  const control = [...(state.dialog?.controls ?? []), ...(state.panel?.controls ?? [])].find((c) => c.label === label);
  if (!control) throw new Error(`No SafePost control "${label}" on ${page.url()}: ${JSON.stringify(state)}`);
  await page.mouse.click(offset.x + control.box.left + control.box.width / 2, offset.y + control.box.top + control.box.height / 2);
}

const CONTACT_NODE_NAME = "SAFEPOST-CONTACT";
/** The new-channel dialog's host element (§3.1): read with readContact(page, CHANNEL_NODE_NAME). */
export const CHANNEL_NODE_NAME = "SAFEPOST-CHANNEL";

/**
 * `{ present, dialog, badges }`: the open contact dialog's text and controls (null when closed)
 * and the badges drawn beside people (their text and box). `nodeName`: another dialog host built
 * the same way (the new-channel dialog's).
 */
export async function readContact(page, nodeName = CONTACT_NODE_NAME) {
  return withPiercedDom(page, async ({ root, call }) => {
    const host = findNode(root, (node) => node.nodeName === nodeName);
    const shadow = host?.shadowRoots?.[0];
    if (!shadow) return { present: false, dialog: null, badges: [] };
    return call(shadow, `function () {
        const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, top: r.top, width: r.width, height: r.height }; };
        const text = (el) => el.textContent.replace(/\\s+/g, " ").trim();
        const dialog = this.querySelector("dialog");
        const controls = [...(dialog?.querySelectorAll("button, input") ?? [])].map((c) => ({
          label: c.localName === "input" ? c.type : text(c), disabled: c.disabled, checked: c.checked ?? null,
          focused: this.activeElement === c, box: box(c) }));
        return {
          present: true,
          dialog: dialog?.open ? { text: text(dialog), controls } : null,
          badges: [...this.querySelectorAll(".badge")].filter((b) => b.style.display !== "none").map((b) => ({ text: text(b), box: box(b) })),
        };
      }`);
  });
}

/** Polls `readContact` until `ready(state)`; returns that state. */
export async function waitForContact(page, ready, what, timeout = 15_000, nodeName = CONTACT_NODE_NAME) {
  return pollUntil(() => readContact(page, nodeName), ready, `${what} on ${page.url()}`, timeout);
}

/** Clicks, with the real mouse, the contact dialog's control labelled `label`. */
export async function clickContactControl(page, label, nodeName = CONTACT_NODE_NAME) {
  const state = await readContact(page, nodeName);
  const control = state.dialog?.controls.find((c) => c.label === label);
  if (!control) throw new Error(`No SafePost contact control "${label}" on ${page.url()}: ${JSON.stringify(state)}`);
  await page.mouse.click(control.box.left + control.box.width / 2, control.box.top + control.box.height / 2);
}

/**
 * Waits until SafePost's content script has run in the page's main frame. Chromium injects it
 * after the page's load event (`document_idle`), so a test that types straight after `open`
 * on a busy machine may otherwise type before anything listens.
 */
export async function waitForContentScript(page, timeout = 15_000) {
  const started = Date.now();
  for (;;) {
    const running = await evaluateInContentScript(page, "typeof safepost === 'object'").catch(() => false);
    if (running) return;
    if (Date.now() - started > timeout) throw new Error(`SafePost's content script did not start on ${page.url()}`);
    await delay(50);
  }
}

/** The DevTools execution context of SafePost's content script in the page's main frame. */
export async function evaluateInContentScript(page, expression) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts = [];
    cdp.on("Runtime.executionContextCreated", ({ context }) => contexts.push(context));
    await cdp.send("Runtime.enable");
    const context = contexts.find((c) => c.name === "SafePost" && c.auxData?.isDefault === false && c.auxData?.type === "isolated");
    if (!context) throw new Error("SafePost's content script is not running in this page");
    const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", { expression, contextId: context.id, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(exceptionDetails.text);
    return result.value;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Runs `body({ root, call })` with a DevTools session on the page, which pierces closed shadow
 * roots: `root` is the whole document, and `call(node, functionDeclaration, ...args)` runs a
 * function with `this` = that node and returns its (JSON-able) value.
 */
async function withPiercedDom(page, body) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send("DOM.getDocument", { depth: -1, pierce: true });
    const call = async (node, functionDeclaration, ...args) => {
      const { object } = await cdp.send("DOM.resolveNode", { backendNodeId: node.backendNodeId });
      const { result } = await cdp.send("Runtime.callFunctionOn", {
        objectId: object.objectId,
        returnByValue: true,
        arguments: args.map((value) => ({ value })),
        functionDeclaration,
      });
      return result.value;
    };
    return await body({ root, call });
  } finally {
    await cdp.detach().catch(() => {});
  }
}

function findNodes(node, matches, found = []) {
  if (matches(node)) found.push(node);
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? []), ...(node.contentDocument ? [node.contentDocument] : [])]) {
    findNodes(child, matches, found);
  }
  return found;
}

function findNode(node, matches) {
  if (matches(node)) return node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? []), ...(node.contentDocument ? [node.contentDocument] : [])]) {
    const found = findNode(child, matches);
    if (found) return found;
  }
  return null;
}

function textOf(node) {
  if (node.nodeType === 3) return node.nodeValue;
  if (node.nodeName === "STYLE") return "";
  return [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(textOf).join(" ");
}

// ---------------------------------------------------------------------------------------------
// Local servers

// Extra response headers for some fixtures.
const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'";
const FIXTURE_HEADERS = {
  "strict-csp.html": { "content-security-policy": STRICT_CSP },
  "strict-csp-compose.html": { "content-security-policy": STRICT_CSP },
};

// The real editors the platform fixtures are built with, served from node_modules at /vendor/.
const VENDOR_PACKAGES = ["lexical", "@lexical", "@preact/signals-core", "draft-js", "immutable", "react", "react-dom"];
const CONTENT_TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css" };
const IMPORT_MAP_MARK = "<!-- safepost-e2e: import map -->";

/** An import map for the ES-module packages under /vendor/ (Lexical and its dependencies). */
function vendorImportMap() {
  const imports = {};
  const packageDirs = ["lexical", "@preact/signals-core", ...fs.readdirSync(path.join(NODE_MODULES, "@lexical")).map((name) => `@lexical/${name}`)];
  for (const name of packageDirs) {
    const { exports } = JSON.parse(fs.readFileSync(path.join(NODE_MODULES, name, "package.json"), "utf8"));
    for (const [subpath, target] of Object.entries(exports ?? {})) {
      const file = pickExport(target);
      if (file && !subpath.endsWith(".js") && !subpath.includes("*")) imports[name + subpath.slice(1)] = `/vendor/${name}/${file.replace(/^\.\//, "")}`;
    }
  }
  return `<script type="importmap">${JSON.stringify({ imports })}</script>`;
}

function pickExport(target) {
  if (typeof target === "string") return target;
  for (const condition of ["production", "browser", "import", "default"]) {
    if (target?.[condition]) return pickExport(target[condition]);
  }
  return null;
}

const NODE_MODULES = path.join(REPO, "node_modules");

/** HTTPS server for tests/e2e/fixtures: `/` is index.html, `/x.html` is fixtures/x.html, at any host. */
async function startFixtureServer(tls, served = {}) {
  const requests = [];
  let importMap = null;
  const server = https.createServer(tls, (request, response) => {
    requests.push(describeRequest(request));
    const extra = served[new URL(request.url, "https://x").pathname];
    if (extra) {
      response.writeHead(200, { "content-type": extra.endsWith(".xml") ? "text/xml" : "application/x-chrome-extension", "cache-control": "no-store" });
      response.end(fs.readFileSync(extra));
      return;
    }
    const name = request.url === "/" ? "index.html" : decodeURIComponent(new URL(request.url, "https://x").pathname.slice(1));
    const vendor = name.startsWith("vendor/") && VENDOR_PACKAGES.some((dir) => name.startsWith(`vendor/${dir}/`));
    const root = vendor ? NODE_MODULES : FIXTURES;
    const file = path.join(root, vendor ? name.slice("vendor/".length) : name);
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not a fixture");
      return;
    }
    response.writeHead(200, {
      "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
      ...FIXTURE_HEADERS[name],
    });
    let body = fs.readFileSync(file);
    if (!vendor && file.endsWith(".html") && body.includes(IMPORT_MAP_MARK)) {
      importMap ??= vendorImportMap();
      body = body.toString("utf8").replace(IMPORT_MAP_MARK, importMap);
    }
    response.end(body);
  });
  await listen(server);
  return { port: server.address().port, requests, close: () => closeServer(server) };
}

/**
 * Catches every connection to a host without a fixture, plain HTTP or TLS on the same port,
 * and records it (TLS ones by the name they asked for, even if the handshake then fails).
 */
async function startSinkServer(tls) {
  const connections = [];
  const servernames = [];
  const requests = [];
  const answer = (request, response) => {
    const record = describeRequest(request);
    requests.push(record);
    const body = [];
    request.on("data", (chunk) => body.push(chunk));
    request.on("end", () => {
      record.body = Buffer.concat(body).toString("utf8").slice(0, 2000);
      response.writeHead(404, { "content-type": "text/plain" }).end("SafePost test sink");
    });
  };
  const httpServer = http.createServer(answer);
  const httpsServer = https.createServer(
    {
      ...tls,
      SNICallback(servername, done) {
        servernames.push(servername);
        done(null, null); // null: use the default context (the test certificate)
      },
    },
    answer,
  );
  httpsServer.on("tlsClientError", () => {});
  const server = net.createServer((socket) => {
    const connection = { tls: null };
    connections.push(connection);
    socket.on("error", () => {});
    socket.once("data", (firstChunk) => {
      socket.pause();
      socket.unshift(firstChunk);
      const isTls = firstChunk[0] === 0x16; // TLS handshake record
      connection.tls = isTls;
      (isTls ? httpsServer : httpServer).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
  });
  await listen(server);
  return {
    port: server.address().port,
    connections,
    servernames,
    requests,
    close: async () => {
      await closeServer(server);
      httpServer.close();
      httpsServer.close();
    },
  };
}

function describeRequest(request) {
  return {
    method: request.method,
    host: request.headers.host,
    path: request.url,
    destination: request.headers["sec-fetch-dest"] ?? null,
    site: request.headers["sec-fetch-site"] ?? null,
    origin: request.headers.origin ?? null,
    userAgent: request.headers["user-agent"] ?? null,
  };
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
}

function closeServer(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A throwaway self-signed certificate (Chromium is told to accept it). */
function makeCertificate(dir) {
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=safepost-e2e",
    "-addext", `subjectAltName=${FIXTURE_HOSTS.map((host) => `DNS:${host}`).join(",")}`,
  ], { stdio: "ignore" });
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

// ---------------------------------------------------------------------------------------------
// The managed policy file: written only for a browser that asks for it, removed always.

let managedPolicyFileWritten = false;

function writeManagedPolicyFile(extensionPolicy) {
  const content = JSON.stringify({ "3rdparty": { extensions: { [EXTENSION_ID]: extensionPolicy } } }, null, 2);
  try {
    fs.mkdirSync(path.dirname(MANAGED_POLICY_FILE), { recursive: true });
    managedPolicyFileWritten = true;
    fs.writeFileSync(MANAGED_POLICY_FILE, content);
  } catch (error) {
    throw new Error(
      `Managed-policy tests must write ${MANAGED_POLICY_FILE} (as root, like IT would); ` +
        `they cannot run as this user: ${error.message}`,
    );
  }
}

function copyManagedPolicyFile(file) {
  fs.mkdirSync(path.dirname(MANAGED_POLICY_FILE), { recursive: true });
  managedPolicyFileWritten = true;
  fs.copyFileSync(file, MANAGED_POLICY_FILE);
}

function removeManagedPolicyFile() {
  fs.rmSync(MANAGED_POLICY_FILE, { force: true });
  managedPolicyFileWritten = false;
}

// Last resort if the test process is interrupted mid-run: never leave our policy behind
// (and never remove one another test process wrote while it holds the browser lock).
function removeOwnManagedPolicyFile() {
  if (managedPolicyFileWritten) removeManagedPolicyFile();
}
process.once("exit", removeOwnManagedPolicyFile);
for (const [signal, number] of [["SIGINT", 2], ["SIGTERM", 15], ["SIGHUP", 1]]) {
  process.once(signal, () => process.exit(128 + number)); // Runs the exit handlers.
}

// ---------------------------------------------------------------------------------------------
// One browser at a time across test files: the managed policy file is machine-wide.

const LOCK_DIR = path.join(os.tmpdir(), "safepost-e2e-browser.lock");
let holdingBrowserLock = false;

async function acquireBrowserLock(timeout = 10 * 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      holdingBrowserLock = true;
      fs.writeFileSync(path.join(LOCK_DIR, "pid"), String(process.pid));
      return releaseBrowserLock;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      if (!lockHolderAlive()) {
        fs.rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Another SafePost e2e browser still holds ${LOCK_DIR}`);
      await delay(250);
    }
  }
}

function releaseBrowserLock() {
  if (!holdingBrowserLock) return;
  fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  holdingBrowserLock = false;
}
process.once("exit", releaseBrowserLock);

function lockHolderAlive() {
  let pid;
  try {
    pid = Number(fs.readFileSync(path.join(LOCK_DIR, "pid"), "utf8"));
  } catch {
    return true; // Being written right now.
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

