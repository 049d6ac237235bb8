// Part of the content script (a module of content.js's bundle).
// What plain Enter does in a field, for the compose guard: send it, or start a new line.
// An adapter says so for the platforms it knows. Elsewhere the page tells: a one-line field or a
// message box sends; a field seen to empty itself after Enter sends from then on; any other box
// of several lines is "unsure", and its Enter is held only when the draft already has a finding.
// A held Enter that turns out to be a new line is replayed so the user sees no difference.
import { isTextControl, readFieldText } from "./compose-text.js";
import { safeClosest, restoreSelection } from "./compose.js";

// How long a replayed Enter or click is given to have its effect before SafePost looks.
const REPLAY_SETTLE_MS = Object.freeze({ key: 250, click: 1_500 });
// Plain-English notes for a replay the page ignored (some pages act on real key presses only).
const REPLAY_NOTES = Object.freeze({
  key: "SafePost let this message go, but the page did not send it: press Enter again to send it.",
  click: "If your post has not gone, press send again: SafePost has already checked it.",
});

// Field shapes (tag, role and labels) seen to empty themselves after Enter on this page.
const enterSendsHere = new Set();

/**
 * `{ surface, enter }` for a field: what it is for ("post", "comment", "message") and what plain
 * Enter does in it: "sends", "newline" (its adapter says so, or a search box), or "unsure".
 */
export function fieldKind(field, adapter) {
  for (const descriptor of adapter?.fields ?? []) {
    if (safeClosest(field, descriptor.selector)) {
      return { surface: descriptor.surface, enter: descriptor.enter_sends ? "sends" : "newline" };
    }
  }
  const label = [field.getAttribute("aria-label"), field.getAttribute("placeholder"), field.getAttribute("name")].join(" ");
  const surface = /\b(message|chat|dm)\b/i.test(label) ? "message" : /\b(comment|reply|respond)/i.test(label) ? "comment" : "post";
  // Read when asked, not once: what Enter does here may be learnt after the field was first seen
  // (say, by the early-send hold while the guard was starting).
  return {
    surface,
    get enter() {
      return enterFromPage(field, surface);
    },
  };
}

function enterFromPage(field, surface) {
  const type = field.localName === "input" ? (field.getAttribute("type") ?? "text").toLowerCase() : null;
  if (type === "search" || field.getAttribute("role") === "searchbox") return "newline"; // a search, not a post
  // One line (an input, or an editor that says it has one): Enter cannot be a new line.
  if (type !== null || field.getAttribute("aria-multiline") === "false") return "sends";
  if (surface === "message" || enterSendsHere.has(fieldShape(field))) return "sends";
  return "unsure";
}

function fieldShape(field) {
  return [field.localName, field.getAttribute("role"), field.getAttribute("aria-label"), field.getAttribute("placeholder")].join("|");
}

export function isPlainEnter(event) {
  return !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
}

/** True when this key press sends the draft for certain: Ctrl/Cmd+Enter, or Enter where it sends. */
export function enterSends(event, kind) {
  return event.ctrlKey || event.metaKey || (isPlainEnter(event) && kind.enter === "sends");
}

/**
 * After a plain Enter let through in an "unsure" field with text: if the field empties itself,
 * Enter sends here, and this field (and any of the same shape on the page) is guarded as such.
 * SafePost looks at the user's next key press, input, paste or drop in the field, before it writes
 * anything (so a fast typist's next message is guarded however busy the machine is), or after
 * a short while, whichever comes first.
 */
export function learnWhetherEnterSends(field, kind, readText, enter) {
  if (kind.enter !== "unsure" || !readText().trim()) return;
  // beforeinput too: dictation, an emoji picker or an autocomplete writes with no key press.
  const NEXT_INPUT = ["keydown", "beforeinput", "paste", "drop"];
  const look = (event) => {
    if (event === enter) return; // the Enter itself, on its way to the field
    clearTimeout(timer);
    for (const type of NEXT_INPUT) field.removeEventListener(type, look, true);
    if (!field.isConnected || readText().trim()) return;
    enterSendsHere.add(fieldShape(field)); // every kind read from the page now says "sends"
  };
  const timer = setTimeout(look, REPLAY_SETTLE_MS.key);
  for (const type of NEXT_INPUT) field.addEventListener(type, look, true);
}

/**
 * Replays a held Enter to the page (chat apps act on the key in script), then looks: if the page
 * neither sent the draft nor wrote a new line, the key's own default action (which a replayed
 * event does not have) is done for it in an "unsure" field — a new line at the caret, through
 * the editor's own editing command so its undo history keeps it — and otherwise `ignored()`
 * tells the user to press Enter again.
 */
export function replayEnter({ field, kind, target, original, selection, ignored }) {
  const before = readFieldText(field).text;
  replayKey(target, original);
  setTimeout(() => {
    if (!field.isConnected || readFieldText(field).text !== before) return; // sent, or the page wrote the line
    if (kind.enter === "unsure") insertNewLine(field, selection);
    else ignored(REPLAY_NOTES.key);
  }, REPLAY_SETTLE_MS.key);
}

/** Replays a held click; if the draft is still there unchanged a while later, says so. */
export function replayClickAndWatch({ field, target, original, ignored }) {
  const before = field ? readFieldText(field).text : null;
  replayClick(target, original);
  if (!field) return;
  setTimeout(() => {
    if (field.isConnected && readFieldText(field).text === before && before.trim()) ignored(REPLAY_NOTES.click);
  }, REPLAY_SETTLE_MS.click);
}

function insertNewLine(field, selection) {
  field.focus({ preventScroll: true });
  restoreSelection(field, selection);
  // The editing command the browser runs for a real Enter: editors see it as their beforeinput.
  document.execCommand(isTextControl(field) ? "insertLineBreak" : "insertParagraph");
}

export function replayClick(target, original) {
  if (!target.isConnected) return;
  target.dispatchEvent(
    new MouseEvent("click", {
      bubbles: true,
      cancelable: true,
      composed: true,
      view: window,
      detail: original.detail,
      clientX: original.clientX,
      clientY: original.clientY,
      screenX: original.screenX,
      screenY: original.screenY,
      button: original.button,
      buttons: original.buttons,
      ctrlKey: original.ctrlKey,
      shiftKey: original.shiftKey,
      altKey: original.altKey,
      metaKey: original.metaKey,
    }),
  );
}

export function replayKey(target, original) {
  if (!target.isConnected) return;
  target.dispatchEvent(
    new KeyboardEvent("keydown", {
      bubbles: true,
      cancelable: true,
      composed: true,
      view: window,
      key: original.key,
      code: original.code,
      keyCode: original.keyCode,
      which: original.which,
      location: original.location,
      ctrlKey: original.ctrlKey,
      shiftKey: original.shiftKey,
      altKey: original.altKey,
      metaKey: original.metaKey,
    }),
  );
}
