// Part of the content script (a module of content.js's bundle).
// Collects the page signals the engine uses to recognise self-hosted federated platforms
// (Mastodon, Discourse...) on domains it does not know. The work is bounded on any page.

const PAGE_SIGNAL_LIMITS = Object.freeze({ meta: 64, metaValueLength: 200, paths: 100, elementsScanned: 1000 });

/** Returns PageSignals: { meta: [{ name, value }], paths: [same-origin link and script paths] }. */
export function collectPageSignals(doc = document) {
  return { meta: collectMeta(doc), paths: collectSameOriginPaths(doc) };
}

function collectMeta(doc) {
  const meta = [];
  for (const element of doc.querySelectorAll("meta[content]")) {
    if (meta.length >= PAGE_SIGNAL_LIMITS.meta) break;
    const name = element.getAttribute("name") ?? element.getAttribute("property");
    if (name === null) continue;
    const value = element.getAttribute("content").slice(0, PAGE_SIGNAL_LIMITS.metaValueLength);
    meta.push({ name, value });
  }
  return meta;
}

function collectSameOriginPaths(doc) {
  const paths = [];
  const origin = doc.location.origin;
  const elements = doc.querySelectorAll("link[href], script[src]");
  const scanned = Math.min(elements.length, PAGE_SIGNAL_LIMITS.elementsScanned);
  for (let i = 0; i < scanned && paths.length < PAGE_SIGNAL_LIMITS.paths; i++) {
    const element = elements[i];
    const address = element.getAttribute(element.localName === "script" ? "src" : "href");
    try {
      const url = new URL(address, doc.baseURI);
      if (url.origin === origin) paths.push(url.pathname);
    } catch {
      // An unparseable address says nothing about the page's software.
    }
  }
  return paths;
}
