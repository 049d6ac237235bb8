// Part of the content script (a module of content.js's bundle).
// What staff see while they write: highlights drawn over the words a finding is about, a compact
// panel beside the editor listing each finding (clause, plain-English reason, the words), and the
// dialog shown when they try to post a draft with a medium or high finding. All of it lives in one
// guarded <safepost-compose> host on <html> (shadow-host.js) — never inside the editor.
/** @typedef {import("./pkg/safepost.js").Finding} Finding */
/**
 * A finding as drawn: a deeper-check finding may carry the words that drove it (null: none stood
 * out) and whether they are being found.
 * @typedef {Finding & { rects?: DOMRect[], words?: Array<{ text: string }> | null, explaining?: boolean, wordsFailed?: boolean }} DrawnFinding
 */
import { highlightRegistry } from "./compose-text.js";
import { OVERLAY_HOST_STYLE, attachGuardedHost, element, DIALOG_CSS, askInDialog, acknowledgement } from "./shadow-host.js";

const COMPOSE_TAG = "safepost-compose";

// Short plain-English headings for the engine's finding categories.
const CATEGORY_TITLES = Object.freeze({
  lewd: "Lewd or offensive language",
  threat: "Threatening language",
  abuse: "Insulting or abusive",
  bullying: "Could be bullying",
  discrimination: "Discriminatory language",
  safeguarding: "Safeguarding concern",
  locate_child: "Could help someone find a child",
  pupil_contact: "Contact with pupils or parents",
  confidential: "Confidential information",
  personal_data: "Personal data",
  official_contact: "Official contact details on a personal account",
  disrepute: "Could bring the academy into disrepute",
  defamation: "Could be defamatory",
  extremism: "Extreme views",
  copyright: "Copied material",
  unlawful: "Could be unlawful",
  lesson_time: "Lesson time",
});
const SEVERITY_WORDS = Object.freeze({ low: "For your information", medium: "Please check", high: "Serious" });
const MAX_HIGHLIGHTS = 100;

const COMPOSE_CSS = `
  :host { all: initial; }
  .marks, .scratch { position: fixed; inset: 0; pointer-events: none; }
  .scratch { visibility: hidden; overflow: hidden; width: 0; height: 0; }
  .mark { position: fixed; box-sizing: border-box; pointer-events: none; border-radius: 2px;
    border-bottom: 3px solid #b3261e; background: rgba(179, 38, 30, 0.14); }
  .mark.medium { border-bottom-color: #b35c00; background: rgba(230, 130, 0, 0.16); }
  .mark.low { border-bottom: 2px dashed #0b57d0; background: rgba(11, 87, 208, 0.08); }
  .panel { box-sizing: border-box; color: #1c1c1c; background: #ffffff; text-align: left;
    font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
    position: fixed; pointer-events: auto; width: 340px; max-height: 45vh; overflow: auto;
    padding: 10px 12px; border: 2px solid #7a4b00; border-left-width: 6px; border-radius: 6px;
    box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25); }
  .panel[hidden], .status[hidden] { display: none; }
  .from { margin: 0 0 6px; font-size: 13px; font-weight: 700; color: #5c3900; }
  button.concern { margin-left: 8px; }
  button.explain { margin-left: 6px; padding: 0 6px; font-size: 12px; }
  ul { list-style: none; margin: 0; padding: 0; }
  li { margin: 0; padding: 8px 0; border-top: 1px solid #e4e4e4; }
  li:first-child { border-top: 0; }
  .title { margin: 0; font-weight: 700; }
  .why { margin: 2px 0 0; font-size: 12px; color: #4a4a4a; }
  .severity { font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: 0.03em; }
  .severity.high { color: #b3261e; } .severity.medium { color: #8a4600; } .severity.low { color: #0b57d0; }
  .words { margin: 2px 0; font-style: italic; overflow-wrap: anywhere; }
  .message { margin: 2px 0 0; }
  .status { margin: 0; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
${DIALOG_CSS}`;

/** The overlay for one page (frame). Created on first use; `render` and `ask` draw it. */
export class ComposeOverlay {
  /**
   * `shortcut`: the keys that bring focus from the field to the panel (shown in the panel).
   * @param {{ shortcut?: string }} [options]
   */
  constructor({ shortcut } = {}) {
    this.attached = null;
    this.shortcut = shortcut;
    this.leavePanel = null;
  }

  parts() {
    if (this.attached?.host.isConnected === false) this.attached = null;
    if (this.attached) return this.attached.parts;
    const attached = attachGuardedHost(COMPOSE_TAG, OVERLAY_HOST_STYLE, COMPOSE_CSS);
    const marks = element("div", { class: "marks" });
    const scratch = element("div", { class: "scratch", "aria-hidden": "true" });
    const panel = element("section", {
      class: "panel",
      lang: "en-GB",
      "aria-label": "SafePost: checks on your post",
      ...(this.shortcut ? { "aria-keyshortcuts": this.shortcut } : {}),
      hidden: "",
    });
    // Escape goes back to the field, caret where it was.
    panel.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !this.leavePanel) return;
      event.preventDefault();
      event.stopPropagation();
      this.returnFromPanel();
    });
    // Announced politely when the findings change, without moving focus from the editor.
    const announcer = element("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    const dialog = element("dialog", { lang: "en-GB", "aria-labelledby": "safepost-dialog-title" });
    attached.shadow.append(marks, scratch, panel, announcer, dialog);
    this.attached = { ...attached, parts: { marks, scratch, panel, announcer, dialog } };
    return this.attached.parts;
  }

  /** The element text-control mirrors are measured in. */
  scratch() {
    return this.parts().scratch;
  }

  /**
   * Draws `findings` (with `rects` each) for the field at `fieldBox`, or a `status` line when
   * SafePost cannot check; the panel goes beside `avoid` (the field and its send buttons).
   * `onDismiss(finding)` hides one finding for this draft; `onRecordConcern()`, offered beside a
   * safeguarding finding (§6.1), records a concern about the page (§6.2, §6.3).
   * @param {{ fieldBox: DOMRect, avoid: object, findings: DrawnFinding[],
   *   status?: string, note?: string, onDismiss?: (finding: Finding) => void, onRecordConcern?: () => void,
   *   onExplain?: (finding: Finding) => void }} drawing
   */
  render({ fieldBox, avoid, findings, status, note, onDismiss, onRecordConcern, onExplain }) {
    const { marks, panel, announcer } = this.parts();
    // The page's document is only touched when what is drawn changes: any DOM change, even in
    // this shadow root, ends the browser's current undo step for the user's typing.
    this.drawMarks(marks, findings, fieldBox, true);
    paintHighlights(findings);

    const summary = status ?? (findings.length || !note ? findingsSummary(findings) : "only part of this post was checked");
    const shown = status || findings.length || note;
    const panelKey = JSON.stringify([status, note, findings.map((f) => [f.rule, f.severity, f.clause, f.matched, f.message, f.explaining, f.wordsFailed, f.words?.map((w) => w.text) ?? f.words])]);
    if (panelKey !== this.panelKey) {
      this.panelKey = panelKey;
      const hadFocus = this.panelHasFocus();
      if (!shown) {
        panel.hidden = true;
        panel.replaceChildren();
      } else {
        const content = status ? [element("p", { class: "status", role: "alert" }, status)] : [findingList(findings, onDismiss, onRecordConcern, onExplain)];
        if (note && !status) content.unshift(element("p", { class: "status" }, note));
        const hint = this.shortcut ? ` · ${this.shortcut} to reach this panel, Escape to go back` : "";
        panel.replaceChildren(element("p", { class: "from" }, `SafePost · Trust Policy A2 · ${summary}${hint}`), ...content);
        panel.hidden = false;
      }
      // Focus inside the panel was on something now gone (the last finding dismissed, say).
      if (hadFocus) {
        const next = panel.hidden ? null : panel.querySelector("button");
        if (next) next.focus();
        else this.returnFromPanel();
      }
      const announcement = shown ? `SafePost: ${summary}.` : this.lastSummary ? "SafePost: nothing to check in this post now." : "";
      if (announcement && announcement !== announcer.textContent) announcer.textContent = announcement;
      this.lastSummary = shown ? summary : "";
    }
    if (shown) placeBeside(panel, avoid ?? fieldBox);
  }

  /** Moves the highlights and panel with the field (scroll, resize) without rebuilding them. */
  follow(fieldBox, avoid, findings) {
    if (!this.attached) return;
    const { marks, panel } = this.parts();
    this.drawMarks(marks, findings, fieldBox, false);
    if (!panel.hidden) placeBeside(panel, avoid);
  }

  drawMarks(marks, findings, fieldBox, rebuild) {
    const specs = [];
    for (const finding of findings) {
      for (const rect of finding.rects ?? []) {
        const clipped = clipRect(rect, fieldBox);
        if (clipped && specs.length < MAX_HIGHLIGHTS) specs.push({ severity: finding.severity, ...clipped });
      }
    }
    const key = JSON.stringify(specs);
    if (key === this.marksKey) return;
    this.marksKey = key;
    const position = (mark, spec) => {
      const css = `left:${spec.left}px;top:${spec.top}px;width:${spec.width}px;height:${spec.height}px`;
      if (mark.style.cssText !== css) mark.style.cssText = css;
    };
    if (!rebuild && specs.length === marks.children.length) {
      specs.forEach((spec, index) => position(marks.children[index], spec));
      return;
    }
    marks.replaceChildren(
      ...specs.map((spec) => {
        const mark = element("div", { class: `mark ${spec.severity}` });
        position(mark, spec);
        return mark;
      }),
    );
  }

  /**
   * Moves focus to the panel's first control (or the panel itself); `onLeave` puts the user back
   * in the field. False when there is no panel to go to.
   */
  focusPanel(onLeave) {
    if (!this.attached) return false;
    const { panel } = this.parts();
    if (panel.hidden) return false;
    this.leavePanel = onLeave;
    const target = panel.querySelector("button") ?? panel;
    if (target === panel) panel.tabIndex = -1;
    target.focus();
    return true;
  }

  panelHasFocus() {
    const active = this.attached?.shadow.activeElement;
    return Boolean(active && this.attached.parts.panel.contains(active));
  }

  returnFromPanel() {
    const leave = this.leavePanel;
    this.leavePanel = null;
    leave?.();
  }

  clear() {
    paintHighlights([]);
    if (!this.attached) return;
    const { marks, panel } = this.parts();
    if (marks.firstChild) marks.replaceChildren();
    if (!panel.hidden) {
      panel.hidden = true;
      panel.replaceChildren();
    }
    this.marksKey = this.panelKey = undefined;
    this.lastSummary = "";
  }

  /**
   * The send dialog. Resolves "post" (after the explicit acknowledgement) or "edit".
   * With `blocking`, only "Edit post" is offered.
   */
  ask({ findings, blocking }) {
    const heading = element("h2", { id: "safepost-dialog-title" }, blocking ? "SafePost cannot let this post go out" : "Check this post before it goes out");
    const intro = element(
      "p",
      {},
      blocking
        ? "Your Trust's policy does not allow posting this. Change the words listed below, then post again."
        : "SafePost found something in your post that Trust Policy A2 (Use of Social Media) asks you to think about.",
    );
    const edit = element("button", { type: "button", class: blocking ? "primary" : "" }, "Edit post");
    const actions = element("div", { class: "actions" });
    actions.append(edit);
    const body = [heading, intro, findingList(findings)];
    const choices = [[edit, "edit"]];
    if (!blocking) {
      const post = element("button", { type: "button" }, "Post anyway");
      body.push(acknowledgement("safepost-acknowledge", "I have read this, and I take responsibility for this post under Policy A2.", post));
      actions.append(post);
      choices.push([post, "post"]);
    }
    body.push(actions);
    return askInDialog(this.parts().dialog, { body, choices, safeChoice: "edit", focus: edit });
  }
}

// One highlight per severity, painted by compose-highlights.css (see paintsHighlights).
const HIGHLIGHT_NAMES = Object.freeze({ high: "safepost-high", medium: "safepost-medium", low: "safepost-low" });
const HIGHLIGHT_PRIORITY = Object.freeze({ high: 3, medium: 2, low: 1 });
let painting = false; // whether SafePost's highlights are registered now

/**
 * Paints the findings that carry a live `range` as CSS highlights (no node is added to the page);
 * at most MAX_HIGHLIGHTS, as drawn marks. An empty list takes SafePost's highlights away.
 */
function paintHighlights(findings) {
  const registry = highlightRegistry();
  if (!registry) return;
  const ranges = { high: [], medium: [], low: [] };
  let count = 0;
  for (const finding of findings) {
    if (finding.range && ranges[finding.severity] && count++ < MAX_HIGHLIGHTS) ranges[finding.severity].push(finding.range);
  }
  if (!count && !painting) return;
  for (const [severity, name] of Object.entries(HIGHLIGHT_NAMES)) {
    if (!ranges[severity].length) {
      registry.delete(name);
      continue;
    }
    const highlight = new Highlight(...ranges[severity]);
    highlight.priority = HIGHLIGHT_PRIORITY[severity];
    registry.set(name, highlight);
  }
  painting = count > 0;
}

function findingsSummary(findings) {
  const count = findings.length;
  return `${count} ${count === 1 ? "thing" : "things"} to check before you post`;
}

/**
 * The line under a deeper-check finding: it was read for meaning, and which words weighed most.
 * @param {DrawnFinding} finding
 */
function whyReadForMeaning(finding) {
  if (finding.explaining) return "Read for meaning; finding the words that weighed most…";
  if (finding.wordsFailed) return "Read for meaning; the words that weighed most could not be named just now. Try again, or read the highlighted sentence.";
  if (finding.words === null) return "Read for meaning; no single word weighed most: it is what the sentence says as a whole.";
  const driving = (finding.words ?? []).map((w) => `“${shorten(w.text, 30)}”`).join(", ");
  return driving ? `Read for meaning; the words that weighed most: ${driving}.` : "Read for meaning.";
}

function findingList(findings, onDismiss, onRecordConcern, onExplain) {
  const list = element("ul");
  for (const finding of findings) {
    const item = element("li");
    const title = element("p", { class: "title" });
    title.append(
      element("span", { class: `severity ${finding.severity}` }, `${SEVERITY_WORDS[finding.severity] ?? finding.severity} · `),
      `§${finding.clause} ${CATEGORY_TITLES[finding.category] ?? finding.category}`,
    );
    // A finding about the conversation itself (§5.3, §5.6) covers no words.
    const words = finding.matched ? [element("p", { class: "words" }, `“${shorten(finding.matched, 120)}”`)] : [];
    item.append(title, ...words, element("p", { class: "message" }, finding.message));
    // The deeper check reads for meaning: say so, and which words weighed most.
    if (finding.rule?.startsWith("deep/")) {
      const line = element("p", { class: "why" }, whyReadForMeaning(finding));
      // Naming the words takes about a second (the sentence scored once per word): only when asked.
      if (onExplain && finding.words !== null && !finding.words?.length && !finding.explaining) {
        const explain = element("button", { type: "button", class: "explain", "aria-label": "Which words weighed most in this finding?" }, "Which words?");
        explain.addEventListener("click", () => onExplain(finding));
        line.append(explain);
      }
      item.append(line);
    }
    if (onDismiss) {
      const dismiss = element("button", { type: "button", "aria-label": `Dismiss: ${finding.matched ? shorten(finding.matched, 40) : "this conversation"}` }, "Dismiss");
      dismiss.addEventListener("click", () => onDismiss(finding));
      item.append(dismiss);
    }
    // Beside a safeguarding finding (§6.1): what is on the page may need reporting to the academy's
    // Designated Safeguarding Lead (§6.2); the same capture as the toolbar button's.
    if (onRecordConcern && finding.clause === "6.1") {
      const record = element("button", { type: "button", class: "concern", "aria-label": "Record a concern about this page for your Designated Safeguarding Lead (§6.2)" }, "Record a concern (§6.2)");
      record.addEventListener("click", () => onRecordConcern());
      item.append(record);
    }
    list.append(item);
  }
  return list;
}

function shorten(text, length) {
  // Controls, zero-width and bidi characters are left out: quoted words must not reorder
  // or hide the panel's own text.
  const flat = String(text)
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** `rect` cut to the visible part of the field and the viewport; null when nothing is left. */
function clipRect(rect, box) {
  const left = Math.max(rect.left, box.left, 0);
  const top = Math.max(rect.top, box.top, 0);
  const right = Math.min(rect.right, box.right, innerWidth);
  const bottom = Math.min(rect.bottom, box.bottom, innerHeight);
  return right > left && bottom > top ? { left, top, width: right - left, height: bottom - top } : null;
}

/** Puts the panel next to the box — right, else left, else below or above — never over it. */
function placeBeside(panel, box) {
  const gap = 8;
  const width = panel.offsetWidth || 340;
  const height = panel.offsetHeight || 120;
  let left;
  let top;
  if (box.right + gap + width <= innerWidth) {
    left = box.right + gap;
    top = Math.min(Math.max(box.top, gap), Math.max(innerHeight - height - gap, gap));
  } else if (box.left - gap - width >= 0) {
    left = box.left - gap - width;
    top = Math.min(Math.max(box.top, gap), Math.max(innerHeight - height - gap, gap));
  } else {
    left = Math.min(Math.max(box.left, gap), Math.max(innerWidth - width - gap, gap));
    top = box.bottom + gap + height <= innerHeight ? box.bottom + gap : Math.max(box.top - gap - height, gap);
  }
  if (panel.style.left !== `${left}px`) panel.style.left = `${left}px`;
  if (panel.style.top !== `${top}px`) panel.style.top = `${top}px`;
}

