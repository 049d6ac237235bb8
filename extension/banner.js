// Content script (classic; see manifest.json for the load order).
// The unapproved-platform banner: a <safepost-banner> element with a closed shadow root. Its
// host styles are inline and !important, so page CSS cannot restyle or hide it, and it is put
// back if the page removes or moves it. It touches no page node except appending itself to <html>.

const BANNER_TAG = "safepost-banner";
// Re-attaching is rate-limited so a page that removes the banner as fast as we restore it
// cannot trap both scripts in an endless loop that freezes the tab.
const BANNER_REATTACH_LIMIT = Object.freeze({ perWindow: 50, windowMs: 1000 });

const BANNER_HOST_STYLE = [
  ["all", "initial"],
  ["display", "block"],
  ["position", "fixed"],
  ["top", "0"],
  ["left", "0"],
  ["right", "0"],
  ["z-index", "2147483647"],
]
  .map(([property, value]) => `${property}: ${value} !important;`)
  .join(" ");

const BANNER_CSS = `
  .banner {
    box-sizing: border-box; display: flex; flex-wrap: wrap; align-items: center; gap: 12px 24px;
    margin: 8px; padding: 14px 18px; border: 2px solid #7a4b00; border-left-width: 8px;
    border-radius: 6px; background: #fff4d6; color: #1c1c1c;
    font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
    box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25); text-align: left;
  }
  .text { flex: 1 1 28em; }
  p { margin: 0; }
  .from { margin-bottom: 4px; font-size: 14px; font-weight: 700; color: #5c3900; }
  .message { font-size: 17px; }
  button {
    font: inherit; font-weight: 600; padding: 8px 18px; border: 2px solid #1c1c1c;
    border-radius: 6px; background: #ffffff; color: #1c1c1c; cursor: pointer;
  }
  button:hover { background: #f0f0f0; }
  button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
`;

/** Shows the banner for an unapproved-platform verdict. */
function showUnapprovedBanner(verdict) {
  const host = document.createElement(BANNER_TAG);
  host.setAttribute("style", BANNER_HOST_STYLE);
  const shadow = host.attachShadow({ mode: "closed" });

  const style = document.createElement("style");
  style.textContent = BANNER_CSS;
  shadow.append(style, bannerContent(verdict, () => dismiss()));

  const guard = guardBanner(host);
  function dismiss() {
    guard.disconnect();
    host.remove();
  }
  document.documentElement.append(host);
}

function bannerContent(verdict, onDismiss) {
  const clause = verdict.clause ?? "5.1";
  const region = element("section", { class: "banner", lang: "en-GB", "aria-label": "SafePost policy warning" });
  // The alert holds only text, so screen readers announce it once when it appears.
  const alert = element("div", { class: "text", role: "alert" });
  alert.append(
    element("p", { class: "from" }, `SafePost · Trust Policy A2 (Use of Social Media) §${clause}`),
    // Names the platform, cites the clause, lists the approved platforms and says to ask IT.
    element("p", { class: "message" }, verdict.message),
  );
  const dismissButton = element("button", { type: "button" }, "Dismiss");
  dismissButton.addEventListener("click", onDismiss);
  region.append(alert, dismissButton);
  return region;
}

function element(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Keeps the host attached to <html> with its own style and attributes only. */
function guardBanner(host) {
  const recentReattaches = [];
  let retryTimer = null;
  let watchedRoot = null;

  const observer = new MutationObserver(() => {
    try {
      restoreHostAttributes(host);
      keepAttached();
    } catch {
      // Never let a page's DOM tricks throw out of our observer.
    }
  });

  function keepAttached() {
    const root = document.documentElement;
    if (!root || host.parentNode === root) return watchRoot(root);
    const now = Date.now();
    while (recentReattaches.length && now - recentReattaches[0] > BANNER_REATTACH_LIMIT.windowMs) recentReattaches.shift();
    if (recentReattaches.length < BANNER_REATTACH_LIMIT.perWindow) {
      recentReattaches.push(now);
      root.append(host);
      watchRoot(root);
    } else if (!retryTimer) {
      retryTimer = setTimeout(() => {
        retryTimer = null;
        keepAttached();
      }, BANNER_REATTACH_LIMIT.windowMs);
    }
  }

  function watchRoot(root) {
    if (!root || root === watchedRoot) return;
    watchedRoot = root;
    observer.observe(root, { childList: true });
  }

  observer.observe(document, { childList: true }); // The page replacing <html> itself.
  observer.observe(host, { attributes: true });
  watchRoot(document.documentElement);
  return {
    disconnect() {
      observer.disconnect();
      clearTimeout(retryTimer);
    },
  };
}

function restoreHostAttributes(host) {
  for (const name of host.getAttributeNames()) {
    if (name !== "style") host.removeAttribute(name); // e.g. hidden, inert
  }
  if (host.getAttribute("style") !== BANNER_HOST_STYLE) host.setAttribute("style", BANNER_HOST_STYLE);
}
