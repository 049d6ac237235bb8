// Part of the content script (a module of content.js's bundle).
// Reads the plain text of an editable field — textarea, text input or contenteditable editor
// (Lexical, Draft.js, ProseMirror…) — with a map from text offsets back to the DOM, and finds the
// on-screen rectangles of a span of that text. It only reads: no node in the field is ever added,
// removed or changed, and no editor state is written.

// Text offsets are UTF-16 code units, as JavaScript strings and the engine's start16/end16 count.
const COMPOSE_TEXT_LIMITS = Object.freeze({ characters: 200_000, nodes: 50_000 });

const TEXT_INPUT_TYPES = new Set(["", "text", "search", "email", "url"]);
// Elements after which the editor shows a line break (a paragraph, list item, Draft.js block…).
const BLOCK_TAGS = new Set([
  "ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "DD", "DIV", "DL", "DT", "FIGCAPTION", "FIGURE", "FOOTER",
  "H1", "H2", "H3", "H4", "H5", "H6", "HEADER", "HR", "LI", "OL", "P", "PRE", "SECTION", "TABLE", "TR", "UL",
]);
const SKIPPED_TAGS = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"]);

/** The editable field `target` is in (the editing host of a contenteditable), or null. */
export function editableFieldFor(target) {
  if (!(target instanceof Element)) return null;
  // A control or element of another frame fails `instanceof` here: its kind is read by name.
  const control = /** @type {HTMLInputElement | HTMLTextAreaElement} */ (target);
  if (target.localName === "textarea") return control.readOnly || control.disabled ? null : target;
  if (target.localName === "input") {
    const type = (target.getAttribute("type") ?? "").toLowerCase();
    return TEXT_INPUT_TYPES.has(type) && !control.readOnly && !control.disabled ? target : null;
  }
  if (!(/** @type {HTMLElement} */ (target).isContentEditable)) return null;
  let host = target;
  while (host.parentElement?.isContentEditable) host = host.parentElement;
  return host;
}

export function isTextControl(field) {
  return field.localName === "textarea" || field.localName === "input";
}

/**
 * `{ text, segments, truncated }`: the field's text as the user sees it. For contenteditable
 * fields `segments` lists `{ node, start }` for every text node, in order, so offsets map back.
 */
export function readFieldText(field) {
  if (isTextControl(field)) {
    const value = field.value;
    const truncated = value.length > COMPOSE_TEXT_LIMITS.characters;
    return { text: truncated ? value.slice(0, COMPOSE_TEXT_LIMITS.characters) : value, segments: null, truncated };
  }
  const segments = [];
  let text = "";
  let visited = 0;
  let truncated = false;
  const lineBreak = () => {
    if (text && !text.endsWith("\n")) text += "\n";
  };
  // Iterative depth-first walk, so a deeply nested hostile editor cannot overflow the stack.
  const stack = [{ node: field, leaving: false }];
  while (stack.length) {
    const { node, leaving } = stack.pop();
    if (leaving) {
      lineBreak();
      continue;
    }
    if (++visited > COMPOSE_TEXT_LIMITS.nodes || text.length >= COMPOSE_TEXT_LIMITS.characters) {
      truncated = true;
      break;
    }
    if (node.nodeType === Node.TEXT_NODE) {
      segments.push({ node, start: text.length });
      text += node.data;
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || SKIPPED_TAGS.has(node.tagName)) continue;
    if (node.tagName === "BR") {
      text += "\n";
      continue;
    }
    const block = node !== field && BLOCK_TAGS.has(node.tagName);
    if (block) {
      lineBreak();
      stack.push({ node, leaving: true });
    }
    for (let child = node.lastChild; child; child = child.previousSibling) stack.push({ node: child, leaving: false });
  }
  if (text.length > COMPOSE_TEXT_LIMITS.characters) {
    text = text.slice(0, COMPOSE_TEXT_LIMITS.characters);
    truncated = true;
  }
  return { text, segments, truncated };
}

/** The DOM position of text offset `offset`: `{ node, offset }`, or null past the end. */
function domPositionAt(segments, offset) {
  let low = 0;
  let high = segments.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (segments[middle].start <= offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (found < 0) return segments.length ? { node: segments[0].node, offset: 0 } : null;
  const { node, start } = segments[found];
  return { node, offset: Math.min(offset - start, node.data.length) };
}

/**
 * For each of `spans` (text offsets [start, end) of a field read by readFieldText), the viewport
 * rectangles covering it.
 */
export function spansRects(field, reading, spans, scratch) {
  if (isTextControl(field)) return textControlRects(field, reading.text, spans, scratch);
  return spans.map(([start, end]) => rangeRects(reading, start, end));
}

function rangeRects(reading, start, end) {
  const range = spanRange(reading, start, end);
  return range ? [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0) : [];
}

/** The DOM range of text offsets [start, end) of a rich field's reading; null when empty or gone. */
export function spanRange(reading, start, end) {
  if (end <= start) return null;
  const from = domPositionAt(reading.segments, start);
  const to = domPositionAt(reading.segments, end);
  if (!from || !to || !from.node.isConnected || !to.node.isConnected) return null;
  const range = document.createRange();
  try {
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
  } catch {
    return null; // The editor changed under us; the next check redraws.
  }
  return range;
}

/**
 * Whether a field's findings are painted by the browser with the CSS Custom Highlight API
 * (compose-highlights.css): rich fields in the page's own document tree, whose text is in the
 * DOM. Nothing is added to the page and nothing is laid out, and the browser moves the paint
 * with the words as the page scrolls, so a page's size costs nothing per frame. Text controls
 * (no DOM for their text) and fields in shadow roots (a document's ::highlight styles do not
 * reach into them) keep the drawn overlay.
 */
export function paintsHighlights(field) {
  return !isTextControl(field) && highlightRegistry() !== null && field.getRootNode() === document;
}

/** The document's CSS highlight registry, or null where the browser has no Highlight API. */
export function highlightRegistry() {
  return typeof Highlight === "function" ? (globalThis.CSS?.highlights ?? null) : null;
}

// Style properties a mirror copies so its text wraps exactly as the text control's does.
const MIRRORED_PROPERTIES = [
  "box-sizing", "width", "border-top-width", "border-right-width", "border-bottom-width", "border-left-width",
  "border-style", "padding-top", "padding-right", "padding-bottom", "padding-left", "font-style", "font-variant",
  "font-weight", "font-stretch", "font-size", "font-family", "line-height", "text-align", "text-transform",
  "text-indent", "letter-spacing", "word-spacing", "tab-size", "direction", "overflow-wrap", "word-break",
];

// Where each measured span lies inside its text control's content, per control, for as long as
// the text, width and styles stay the same: scrolling and redrawing then cost no mirror, so the
// page's DOM is touched only when what is measured changes.
const controlLayouts = new WeakMap();

/**
 * Text controls have no DOM for their text, so the spans are laid out in an invisible mirror
 * (inside SafePost's own shadow root, `scratch`) styled like the control, and measured there:
 * one mirror for all the spans not measured yet.
 */
function textControlRects(field, text, spans, scratch) {
  const style = getComputedStyle(field);
  const styles = `${field.clientWidth}|${MIRRORED_PROPERTIES.map((property) => style.getPropertyValue(property)).join("|")}`;
  let layout = controlLayouts.get(field);
  if (layout?.text !== text || layout.styles !== styles) {
    layout = { text, styles, spans: new Map() };
    controlLayouts.set(field, layout);
  }
  const missing = spans.filter(([start, end]) => end > start && !layout.spans.has(`${start}:${end}`));
  if (missing.length) {
    const measured = measureInMirror(field, style, text, missing, scratch);
    missing.forEach(([start, end], k) => layout.spans.set(`${start}:${end}`, measured[k]));
  }
  const box = field.getBoundingClientRect();
  return spans.map(([start, end]) =>
    (end > start ? layout.spans.get(`${start}:${end}`) : []).map((rect) => new DOMRect(
      rect.x + box.left - field.scrollLeft,
      rect.y + box.top - field.scrollTop,
      rect.width,
      rect.height,
    )));
}

/**
 * For each span, its rectangles relative to the control's content box corner. The text is cut at
 * every span's ends, each piece inside a span in an element of its own (cutting an inline run does
 * not change where lines break), so overlapping spans are measured in the one layout; a span's
 * pieces on one line are joined again.
 */
function measureInMirror(field, style, text, spans, scratch) {
  const mirror = document.createElement("div");
  for (const property of MIRRORED_PROPERTIES) mirror.style.setProperty(property, style.getPropertyValue(property));
  const singleLine = field.localName === "input";
  Object.assign(mirror.style, {
    position: "absolute",
    top: "0",
    left: "0",
    visibility: "hidden",
    overflow: "hidden",
    borderColor: "transparent",
    whiteSpace: singleLine ? "pre" : "pre-wrap",
    height: "auto",
  });
  if (!singleLine) {
    // The control's text wraps inside its client width (a scroll bar takes the rest).
    const borders = parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
    mirror.style.boxSizing = "border-box";
    mirror.style.width = `${field.clientWidth + borders}px`;
  }
  const cuts = [...new Set([0, text.length, ...spans.flat()])].sort((a, b) => a - b);
  const pieces = []; // [start, end, element] of the pieces inside a span
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [start, end] = [cuts[k], cuts[k + 1]];
    if (!spans.some(([s, e]) => s <= start && end <= e)) {
      mirror.append(text.slice(start, end));
      continue;
    }
    const piece = document.createElement("span");
    piece.textContent = text.slice(start, end);
    mirror.append(piece);
    pieces.push([start, end, piece]);
  }
  if (!singleLine) mirror.append("\u200b");
  scratch.append(mirror);
  try {
    const origin = mirror.getBoundingClientRect();
    const measured = pieces.map(([start, end, piece]) => [start, end, [...piece.getClientRects()]
      .filter((rect) => rect.width > 0 && rect.height > 0)
      .map((rect) => new DOMRect(rect.left - origin.left, rect.top - origin.top, rect.width, rect.height))]);
    return spans.map(([s, e]) => joinLines(measured.filter(([start, end]) => s <= start && end <= e).flatMap(([, , rects]) => rects)));
  } finally {
    mirror.remove();
  }
}

/** Rectangles in reading order, with those that continue one another on a line made one. */
function joinLines(rects) {
  const joined = [];
  for (const rect of rects) {
    const last = joined[joined.length - 1];
    if (last && Math.abs(last.top - rect.top) < 0.5 && Math.abs(last.height - rect.height) < 0.5 && Math.abs(last.right - rect.left) < 1) {
      joined[joined.length - 1] = new DOMRect(last.x, last.y, rect.right - last.x, last.height);
    } else {
      joined.push(rect);
    }
  }
  return joined;
}
