// Part of the content script (a module of content.js's bundle).
// SafePost's on-page elements: a <safepost-…> host with a closed shadow root, appended to <html>
// (never inside the page's own content, let alone an editor). Its host styles are inline and
// !important, so page CSS cannot restyle or hide it, and it is put back if the page removes or
// alters it.

// Re-attaching is rate-limited so a page that removes the host as fast as we restore it cannot
// trap both scripts in an endless loop that freezes the tab.
const HOST_REATTACH_LIMIT = Object.freeze({ perWindow: 50, windowMs: 1000 });

/** `[[property, value]…]` → an inline style where every declaration is !important. */
export function importantStyle(declarations) {
  return [["all", "initial"], ...declarations].map(([property, value]) => `${property}: ${value} !important;`).join(" ");
}

/**
 * Creates `<tag>` with `hostStyle`, a closed shadow root holding `css`, and keeps it attached.
 * Returns `{ host, shadow, remove() }`.
 */
export function attachGuardedHost(tag, hostStyle, css) {
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

/** The host of an overlay (panel, badges, dialogs): a fixed point that takes no room or clicks itself. */
export const OVERLAY_HOST_STYLE = importantStyle([
  ["display", "block"],
  ["position", "fixed"],
  ["inset", "0"],
  ["width", "0"],
  ["height", "0"],
  ["overflow", "visible"],
  ["pointer-events", "none"],
  ["z-index", "2147483646"],
]);

/** A new element with attributes and (optionally) text; built with DOM calls, never HTML strings. */
export function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// The modal dialogs of the compose guard (before a send) and the contact guard (before a contact
// action) share their look and their mechanics: one choice, Escape for the safe one, and a
// risky choice that waits for an acknowledgement.
export const DIALOG_CSS = `
  dialog { box-sizing: border-box; color: #1c1c1c; background: #ffffff; text-align: left; pointer-events: auto;
    font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
    width: min(560px, calc(100vw - 32px)); max-height: calc(100vh - 64px); overflow: auto;
    padding: 18px 22px; border: 2px solid #7a4b00; border-left-width: 8px; border-radius: 8px; }
  dialog::backdrop { background: rgba(0, 0, 0, 0.45); }
  dialog h2 { margin: 0 0 8px; font-size: 20px; }
  dialog .acknowledge { display: flex; gap: 8px; align-items: flex-start; margin: 12px 0 4px; }
  dialog .acknowledge input { width: 18px; height: 18px; margin-top: 3px; }
  dialog .actions { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 12px; }
  button { font: inherit; font-weight: 600; padding: 4px 12px; margin-top: 6px; border: 2px solid #1c1c1c;
    border-radius: 6px; background: #ffffff; color: #1c1c1c; cursor: pointer; }
  button:hover { background: #f0f0f0; }
  button:disabled { opacity: 0.5; cursor: not-allowed; }
  button:focus-visible, input:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
  button.primary { background: #1c1c1c; color: #ffffff; }
  dialog .actions button { font-size: 16px; padding: 8px 18px; }
`;

/**
 * Shows `dialog` as a modal holding `body`, and resolves the choice of the first of `choices`
 * (`[[button, choice]…]`) clicked while enabled; Escape resolves `safeChoice`. `focus` gets the
 * focus. The dialog is emptied and closed once decided.
 */
// One question at a time per dialog: a second send decided while the first is being asked
// waits its turn, instead of replacing the question the user is reading (and leaving the first
// send waiting forever).
const dialogTurns = new WeakMap();

export function askInDialog(dialog, question) {
  const turn = (dialogTurns.get(dialog) ?? Promise.resolve()).then(() => askNow(dialog, question));
  dialogTurns.set(dialog, turn.catch(() => {}));
  return turn;
}

function askNow(dialog, { body, choices, safeChoice, focus }) {
  return new Promise((resolve) => {
    dialog.replaceChildren(...body);
    const finish = (choice) => {
      dialog.removeEventListener("cancel", onCancel);
      if (dialog.open) dialog.close();
      dialog.replaceChildren();
      resolve(choice);
    };
    const onCancel = (event) => {
      event.preventDefault();
      finish(safeChoice);
    };
    dialog.addEventListener("cancel", onCancel);
    for (const [button, choice] of choices) {
      button.addEventListener("click", () => {
        if (!button.disabled) finish(choice);
      });
    }
    dialog.showModal();
    focus.focus();
  });
}

/** A checkbox row (`id`, `text`) that must be ticked before `button` is enabled. */
export function acknowledgement(id, text, button) {
  button.disabled = true;
  const box = element("input", { type: "checkbox", id });
  box.addEventListener("change", () => {
    button.disabled = !box.checked;
  });
  const row = element("div", { class: "acknowledge" });
  row.append(box, element("label", { for: id }, text));
  return row;
}
