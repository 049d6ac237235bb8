// Content script (classic; see manifest.json for the load order).
// SafePost's on-page elements: a <safepost-…> host with a closed shadow root, appended to <html>
// (never inside the page's own content, let alone an editor). Its host styles are inline and
// !important, so page CSS cannot restyle or hide it, and it is put back if the page removes or
// alters it.

// Re-attaching is rate-limited so a page that removes the host as fast as we restore it cannot
// trap both scripts in an endless loop that freezes the tab.
const HOST_REATTACH_LIMIT = Object.freeze({ perWindow: 50, windowMs: 1000 });

/** `[[property, value]…]` → an inline style where every declaration is !important. */
function importantStyle(declarations) {
  return [["all", "initial"], ...declarations].map(([property, value]) => `${property}: ${value} !important;`).join(" ");
}

/**
 * Creates `<tag>` with `hostStyle`, a closed shadow root holding `css`, and keeps it attached.
 * Returns `{ host, shadow, remove() }`.
 */
function attachGuardedHost(tag, hostStyle, css) {
  const host = document.createElement(tag);
  host.setAttribute("style", hostStyle);
  const shadow = host.attachShadow({ mode: "closed" });
  const style = document.createElement("style");
  style.textContent = css;
  shadow.append(style);
  const guard = guardHost(host, hostStyle);
  document.documentElement.append(host);
  return {
    host,
    shadow,
    remove() {
      guard.disconnect();
      host.remove();
    },
  };
}

function guardHost(host, hostStyle) {
  const recentReattaches = [];
  let retryTimer = null;
  let watchedRoot = null;

  const observer = new MutationObserver(() => {
    try {
      restoreHostAttributes(host, hostStyle);
      keepAttached();
    } catch {
      // Never let a page's DOM tricks throw out of our observer.
    }
  });

  function keepAttached() {
    const root = document.documentElement;
    if (!root || host.parentNode === root) return watchRoot(root);
    const now = Date.now();
    while (recentReattaches.length && now - recentReattaches[0] > HOST_REATTACH_LIMIT.windowMs) recentReattaches.shift();
    if (recentReattaches.length < HOST_REATTACH_LIMIT.perWindow) {
      recentReattaches.push(now);
      root.append(host);
      watchRoot(root);
    } else if (!retryTimer) {
      retryTimer = setTimeout(() => {
        retryTimer = null;
        keepAttached();
      }, HOST_REATTACH_LIMIT.windowMs);
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

function restoreHostAttributes(host, hostStyle) {
  for (const name of host.getAttributeNames()) {
    if (name !== "style") host.removeAttribute(name); // e.g. hidden, inert
  }
  if (host.getAttribute("style") !== hostStyle) host.setAttribute("style", hostStyle);
}

/** A new element with attributes and (optionally) text; built with DOM calls, never HTML strings. */
function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}
