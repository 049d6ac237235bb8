// Drives Debian's Firefox ESR over WebDriver BiDi (built into Firefox: no driver to download),
// with SafePost installed the way IT installs it: a policies.json written by `safepost deploy
// --target firefox` force-installs the packaged .xpi and carries the managed settings.
//
// Every request Firefox makes goes through one local proxy: pages of the fixture hosts are
// served from tests/e2e/fixtures, the .xpi from the IT host, and anything else is recorded and
// refused, so a request SafePost made would be seen.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { packageExtensions } from "../../scripts/package.mjs";

export { pollUntil } from "../e2e/poll.mjs";

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const FIXTURES = path.join(REPO, "tests/e2e/fixtures");
export const FIREFOX = process.env.SAFEPOST_FIREFOX ?? "/usr/bin/firefox-esr";
// Where Firefox on Linux reads enterprise policies from.
const POLICIES_FILE = "/etc/firefox/policies/policies.json";
const IT_HOST = "it.safepost.test";
export const FIXTURE_HOSTS = ["www.tiktok.com", "www.facebook.com", "x.com"];
const CONTENT_TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".xpi": "application/x-xpinstall" };

/** A minimal WebDriver BiDi client: commands, answered by id (the tests subscribe to no event). */
class Bidi {
  constructor(socket) {
    this.socket = socket;
    this.nextId = 1;
    this.pending = new Map();
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString());
      const waiting = message.id && this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.type === "error") waiting.reject(new Error(`${waiting.method}: ${message.error}: ${message.message}`));
      else waiting.resolve(message.result);
    });
  }

  send(method, params = {}) {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, method }));
  }
}

// The .xpi, packaged once for every Firefox this test process starts.
let packaged = null;
function packagedXpi() {
  packaged ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "safepost-firefox-xpi-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    const { files } = await packageExtensions({ out: dir });
    return files.find((file) => file.endsWith(".xpi"));
  })();
  return packaged;
}

/**
 * Starts Firefox with SafePost force-installed, as IT does it: the packaged .xpi and
 * `managedPolicy` (the IT policy) in the policies.json `safepost deploy --target firefox` writes.
 * Returns { bidi, page, requests, close }: `requests` is every request the proxy saw.
 */
export async function startFirefox({ managedPolicy = {} } = {}) {
  if (!fs.existsSync(FIREFOX)) {
    throw new Error(`Firefox ESR is not installed at ${FIREFOX}: run scripts/setup.sh (it installs Debian's firefox-esr), or set SAFEPOST_FIREFOX`);
  }
  const xpi = await packagedXpi();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "safepost-firefox-"));
  const proxy = await startProxy(xpi);
  // The machine's own policies.json (if any) is put back afterwards, even if the run is cut short.
  const previous = fs.existsSync(POLICIES_FILE) ? fs.readFileSync(POLICIES_FILE) : null;
  const restorePolicies = () => (previous ? fs.writeFileSync(POLICIES_FILE, previous) : fs.rmSync(POLICIES_FILE, { force: true }));
  process.once("exit", restorePolicies);
  writePolicies(work, managedPolicy);

  const profile = path.join(work, "profile");
  fs.mkdirSync(profile);
  fs.writeFileSync(path.join(profile, "user.js"), userPrefs(proxy.port));
  const firefox = spawn(FIREFOX, ["--headless", "--no-remote", "--profile", profile, "--remote-debugging-port", "0"], {
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const endpoint = await new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`Firefox did not start its WebDriver BiDi server: ${seen}`)), 60_000);
    firefox.stderr.on("data", (chunk) => {
      seen += chunk;
      const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    firefox.once("exit", (code) => reject(new Error(`Firefox exited (${code}): ${seen}`)));
  });
  const socket = new WebSocket(`${endpoint}/session`);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const bidi = new Bidi(socket);
  await bidi.send("session.new", { capabilities: {} });
  const { contexts } = await bidi.send("browsingContext.getTree", {});
  return {
    bidi,
    requests: proxy.requests,
    page: new Page(bidi, contexts[0].context),
    async close() {
      await bidi.send("session.end").catch(() => {});
      socket.close();
      firefox.kill("SIGTERM");
      await new Promise((resolve) => (firefox.exitCode !== null ? resolve() : firefox.once("exit", resolve)));
      await proxy.close();
      restorePolicies();
      process.removeListener("exit", restorePolicies);
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

/** One tab, driven over BiDi. */
export class Page {
  constructor(bidi, context) {
    this.bidi = bidi;
    this.context = context;
  }

  /** Navigates and waits for the load event; resolves with the URL the tab ended on. */
  async goto(url) {
    await this.bidi.send("browsingContext.navigate", { context: this.context, url, wait: "complete" }).catch((error) => {
      // A navigation redirected to an extension page is reported as aborted: where it ends counts.
      if (!/NS_BINDING_ABORTED|aborted/i.test(error.message)) throw error;
    });
    return this.url();
  }

  async url() {
    const { contexts } = await this.bidi.send("browsingContext.getTree", { root: this.context, maxDepth: 0 });
    return contexts[0].url;
  }

  /** Runs `fn(...args)` in the page (args and result through JSON) and returns its result. */
  async evaluate(fn, ...args) {
    const result = await this.bidi.send("script.callFunction", {
      functionDeclaration: `async function (...args) { return JSON.stringify((await (${fn.toString()})(...args.map((a) => JSON.parse(a)))) ?? null); }`,
      arguments: args.map((value) => ({ type: "string", value: JSON.stringify(value) })),
      target: { context: this.context },
      awaitPromise: true,
      resultOwnership: "none",
      serializationOptions: { maxObjectDepth: 0 },
    }).catch((error) => ({ type: "exception", error }));
    return this.#unwrap(result, fn);
  }

  #unwrap(result, fn) {
    if (result.type === "exception") {
      throw new Error(`${fn.toString().slice(0, 60)}…: ${result.error?.message ?? result.exceptionDetails?.text}`);
    }
    return result.result.type === "string" ? JSON.parse(result.result.value) : null;
  }

  /**
   * Runs `fn` with `this` = the closed shadow root of the page's `<tag>` (WebDriver BiDi hands
   * tests closed roots, which page scripts never see); its return value is passed through
   * JSON. Resolves to null when the page has no such element.
   */
  async inShadowOf(tag, fn) {
    const host = await this.bidi.send("script.evaluate", {
      expression: `document.querySelector(${JSON.stringify(tag)})`,
      target: { context: this.context },
      awaitPromise: false,
      resultOwnership: "root",
      serializationOptions: { maxDomDepth: 1, includeShadowTree: "all" },
    });
    const shadow = host.result?.value?.shadowRoot;
    if (host.result?.type !== "node" || !shadow?.sharedId) return null;
    const result = await this.bidi.send("script.callFunction", {
      functionDeclaration: `function () { return JSON.stringify((${fn.toString()}).call(this)); }`,
      this: { sharedId: shadow.sharedId },
      target: { context: this.context },
      awaitPromise: true,
      resultOwnership: "none",
    });
    return this.#unwrap(result, fn);
  }

  /** Clicks the middle of the page's element matching `selector`. */
  async click(selector) {
    const box = await this.evaluate((s) => {
      const r = document.querySelector(s).getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }, selector);
    await this.clickAt(box);
  }

  async clickAt({ x, y }) {
    await this.bidi.send("input.performActions", {
      context: this.context,
      actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: [
        { type: "pointerMove", x: Math.round(x), y: Math.round(y) },
        { type: "pointerDown", button: 0 },
        { type: "pointerUp", button: 0 },
      ] }],
    });
  }

  /** Types `text` key by key into the focused element. */
  async type(text) {
    const actions = [...text].flatMap((key) => [{ type: "keyDown", value: key }, { type: "keyUp", value: key }]);
    await this.bidi.send("input.performActions", { context: this.context, actions: [{ type: "key", id: "keyboard", actions }] });
  }
}

/** Writes Firefox's policies.json with `safepost deploy --target firefox` and the given settings. */
function writePolicies(work, managedPolicy) {
  const itPolicy = path.join(work, "it-policy.json");
  fs.writeFileSync(itPolicy, JSON.stringify(managedPolicy));
  fs.mkdirSync(path.dirname(POLICIES_FILE), { recursive: true });
  execFileSync("cargo", ["run", "--quiet", "--bin", "safepost", "--", "deploy", "--target", "firefox",
    "--policy", itPolicy, "--install-url", `http://${IT_HOST}/safepost.xpi`, "--out", POLICIES_FILE], { cwd: REPO, stdio: "pipe" });
}

/** Preferences for a quiet test profile: the local proxy for everything, no background services. */
function userPrefs(port) {
  const prefs = {
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": port,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": port,
    "network.proxy.no_proxies_on": "",
    "network.proxy.allow_hijacking_localhost": true,
    // Firefox ESR lets IT install an unsigned add-on (see the README's Firefox section).
    "xpinstall.signatures.required": false,
    "extensions.autoDisableScopes": 0,
    "extensions.update.enabled": false,
    "extensions.getAddons.cache.enabled": false,
    "app.update.enabled": false,
    "browser.shell.checkDefaultBrowser": false,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.safebrowsing.malware.enabled": false,
    "browser.safebrowsing.phishing.enabled": false,
    "browser.safebrowsing.downloads.enabled": false,
    "datareporting.healthreport.uploadEnabled": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "toolkit.telemetry.enabled": false,
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
    "dom.security.https_only_mode": false,
    // The fixture hosts speak plain HTTP, which the proxy serves; it refuses HTTPS. Newer ESRs try
    // HTTPS first, and their HSTS preload list sends www.facebook.com there.
    "dom.security.https_first": false,
    "dom.security.https_first_pbm": false,
    "dom.security.https_first_schemeless": false,
    "network.stricttransportsecurity.preloadlist": false,
    // Firefox's own services, which would otherwise call Mozilla at start-up: the update check
    // (aus5.mozilla.org) and others. (Remote Settings still connects: see the test.)
    "app.update.disabledForTesting": true,
    "app.normandy.enabled": false,
    "browser.region.network.url": "",
    "browser.search.update": false,
    "extensions.blocklist.enabled": false,
  };
  return Object.entries(prefs).map(([key, value]) => `user_pref(${JSON.stringify(key)}, ${JSON.stringify(value)});\n`).join("");
}

/** The proxy: fixture pages for FIXTURE_HOSTS, the .xpi on IT_HOST, everything else recorded and refused. */
async function startProxy(xpi) {
  const requests = [];
  const server = http.createServer((request, response) => {
    let url;
    try {
      url = new URL(request.url);
    } catch {
      url = new URL(request.url, `http://${request.headers.host}`);
    }
    requests.push({ method: request.method, host: url.hostname, path: url.pathname + url.search });
    let file = null;
    if (url.hostname === IT_HOST && url.pathname === "/safepost.xpi") file = xpi;
    else if (FIXTURE_HOSTS.includes(url.hostname)) {
      file = path.join(FIXTURES, url.pathname === "/" ? "index.html" : decodeURIComponent(url.pathname.slice(1)));
      if (!file.startsWith(FIXTURES)) file = null;
    }
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not a fixture");
      return;
    }
    response.writeHead(200, { "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    response.end(fs.readFileSync(file));
  });
  server.on("connect", (request, socket) => {
    requests.push({ method: "CONNECT", host: request.url.split(":")[0], path: "" });
    socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
