// Part of the content script (a module of content.js's bundle).
// New academy channels (§3.1, §5.1): on a platform's creation flow for a Page, Group, channel or
// account (the adapter's `channels`, or generically a form with a name field on a URL of a
// creation flow), a click on the create button — or the form's submit — whose name carries an
// academy's or the Trust's name, a class word, a year group or a subject is held, and a dialog asks
// whether Marketing and Communications have authorised it. The name field is only read.
import { replayClick } from "./compose-enter.js";
import { guarded, stop, deepTarget, accountKind } from "./compose.js";
import { channelReasons } from "./channel-name.js";
import { ChannelOverlay } from "./channel-overlay.js";

// A creation flow anywhere: its URL, its name field and its create button, by their usual words.
const GENERIC_FLOW = Object.freeze({
  what: "channel",
  path: "/(?:create|creation|new|signup|sign-up|register)(?:[/_.?#-]|$)",
  name: "input[type='text'], input:not([type])",
  create: "button, [role='button'], input[type='submit']",
});
const NAME_LABEL = /\b(?:page|group|channel|community|server|account|full)?\s*name\b|\btitle\b/i;
const CREATE_LABEL = /^(?:create(?: (?:page|group|channel|community|server|account))?|next|continue|sign up|done)$/i;

/**
 * Starts guarding channel creation in this frame. `adapter` is the page's adapter (or null);
 * `setupReady` resolves to `{ setup, platformName }` once the service worker has answered (the
 * page's compose setup and the platform's display name), or null where the page is not a social
 * platform. On a platform with an adapter it starts before that answer, so a creation in the first
 * seconds is held until it comes, not let through unchecked.
 */
export function startChannelGuard(adapter, setupReady) {
  const overlay = new ChannelOverlay();
  const authorised = new Set(); // names the member of staff said were authorised, on this page
  let replaying = false;
  let known = undefined; // { setup, platformName } or null, once answered
  setupReady.then((answer) => {
    known = answer;
  });

  // The flows' URL patterns, compiled once per adapter (clicks on every page ask).
  const compiled = new WeakMap();
  function flowsOf(source) {
    let flows = compiled.get(source);
    if (!flows) {
      flows = (source.channels ?? []).map((f) => ({ ...f, generic: false, pattern: new RegExp(f.path, "i") }));
      compiled.set(source, flows);
    }
    return flows;
  }
  const generic = { ...GENERIC_FLOW, generic: true, pattern: new RegExp(GENERIC_FLOW.path, "i") };

  /** The creation flow of this URL, or null; none where the page is known not to be social. */
  function flow() {
    if (known === null) return null;
    const source = known?.setup.adapter ?? adapter;
    const path = location.pathname;
    return (source && flowsOf(source).find((f) => f.pattern.test(path))) ?? (generic.pattern.test(path) ? generic : null);
  }

  /** The flow's name field, near `from` (the create button or the form). */
  function nameField(current, from) {
    const scope = from?.closest?.("form") ?? document;
    const fields = [...scope.querySelectorAll(current.name)];
    const field = current.generic ? fields.find((f) => NAME_LABEL.test(accessibleLabel(f))) : fields.find((f) => f.value?.trim() || f.textContent?.trim());
    return field ?? null;
  }

  function createButton(current, target) {
    if (!(target instanceof Element)) return null;
    const button = target.closest(current.create);
    if (!button) return null;
    if (current.generic && !CREATE_LABEL.test(buttonLabel(button))) return null;
    return button;
  }

  /**
   * Whether the creation goes ahead now (true) or is held (false): for the dialog, or until the
   * service worker has answered.
   */
  function check(current, from, proceed) {
    if (known === undefined) {
      if (current.generic) return true; // Only an adapter's own flows are held before the answer.
      setupReady.then(() => (check(current, from, proceed) ? again(proceed) : null));
      return false;
    }
    if (known === null) return true;
    const { setup, platformName } = known;
    if (accountKind(setup) === "official") return true;
    const field = nameField(current, from);
    const name = String(field?.value ?? field?.textContent ?? "").trim();
    const reasons = name ? channelReasons(name, setup.organisation) : [];
    if (!reasons.length || authorised.has(name.toLowerCase())) return true;
    overlay
      .ask({ what: current.what, name, reasons, platformName, official: setup.officialAccounts ?? [] })
      .then((choice) => {
        if (choice !== "continue") return;
        authorised.add(name.toLowerCase());
        again(proceed);
      })
      .catch(() => {});
    return false;
  }

  /** The held creation, exactly once: the same click (or submit) again, which this guard lets through. */
  function again(proceed) {
    replaying = true;
    try {
      proceed();
    } finally {
      replaying = false;
    }
  }

  function onClick(event) {
    if (replaying) return;
    const current = flow();
    if (!current) return;
    const button = createButton(current, deepTarget(event));
    if (!button) return;
    if (!check(current, button, () => replayClick(button, event))) stop(event);
  }

  function onSubmit(event) {
    if (replaying) return;
    const current = flow();
    const form = event.target;
    if (!current || !(form instanceof HTMLFormElement)) return;
    const submitter = event.submitter ?? null;
    if (!check(current, form, () => form.requestSubmit(submitter))) stop(event);
  }

  addEventListener("click", guarded(onClick), true);
  addEventListener("submit", guarded(onSubmit), true);
}

function accessibleLabel(field) {
  const labelled = field.id ? document.querySelector(`label[for="${CSS.escape(field.id)}"]`)?.textContent : "";
  return [field.getAttribute("aria-label"), field.getAttribute("placeholder"), field.getAttribute("name"), labelled, field.closest("label")?.textContent]
    .filter(Boolean)
    .join(" ");
}

function buttonLabel(button) {
  return String(button.getAttribute("aria-label") || button.value || button.textContent || "").trim();
}

