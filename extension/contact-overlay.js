// Part of the content script (a module of content.js's bundle).
// What staff see about contact with pupils and parents (§5.3, §5.6): a small badge beside each
// matching person in request lists and suggestions, and the dialog shown before a contact action
// (Add friend, Confirm, Follow, Message, Connect). Both live in one guarded <safepost-contact>
// host on <html> (shadow-host.js), never inside the platform's own tree.
import { OVERLAY_HOST_STYLE, attachGuardedHost, element, DIALOG_CSS, askInDialog, acknowledgement } from "./shadow-host.js";

const CONTACT_TAG = "safepost-contact";

// Short labels for badges, by relation.
const RELATION_LABELS = Object.freeze({
  pupil: "Pupil",
  former_pupil: "Former pupil",
  parent: "Parent",
  pupil_elsewhere: "May be a pupil",
});

const CONTACT_CSS = `
  :host { all: initial; }
  .badges { position: fixed; inset: 0; pointer-events: none; }
  .badge { position: fixed; box-sizing: border-box; pointer-events: none; white-space: nowrap;
    font: 700 12px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
    padding: 3px 7px; border-radius: 10px; color: #ffffff; background: #b3261e; }
  .badge.medium { background: #8a4600; }
  dialog p { margin: 6px 0; }
  .evidence { font-size: 14px; color: #444444; }
${DIALOG_CSS}`;

/** The contact overlay for one page (frame), created on first use. */
export class ContactOverlay {
  constructor() {
    this.attached = null;
    this.badges = []; // { anchor, node }
  }

  parts() {
    if (this.attached?.host.isConnected === false) this.attached = null;
    if (this.attached) return this.attached.parts;
    const attached = attachGuardedHost(CONTACT_TAG, OVERLAY_HOST_STYLE, CONTACT_CSS);
    const badges = element("div", { class: "badges", "aria-hidden": "true" });
    const dialog = element("dialog", { lang: "en-GB", "aria-labelledby": "safepost-contact-title" });
    attached.shadow.append(badges, dialog);
    this.attached = { ...attached, parts: { badges, dialog } };
    return this.attached.parts;
  }

  /** Draws one badge per `{ anchor, verdict }` (replacing those drawn before). */
  showBadges(marked) {
    if (!marked.length && !this.badges.length) return;
    const { badges } = this.parts();
    this.badges = marked.map(({ anchor, verdict }) => {
      const text = `${RELATION_LABELS[verdict.relation] ?? "Pupil or parent"} — §${verdict.clause}`;
      return { anchor, node: element("span", { class: `badge ${verdict.severity ?? ""}`, title: verdict.message }, text) };
    });
    badges.replaceChildren(...this.badges.map((b) => b.node));
    this.placeBadges();
  }

  /** Puts each badge just after its person's name, where the name is now (hidden when it is not shown). */
  placeBadges() {
    for (const { anchor, node } of this.badges) {
      const box = anchor.isConnected ? anchor.getBoundingClientRect() : null;
      const visible = box && box.width > 0 && box.bottom > 0 && box.top < innerHeight;
      node.style.display = visible ? "" : "none";
      if (!visible) continue;
      node.style.left = `${Math.min(box.right + 6, innerWidth - 140)}px`;
      node.style.top = `${box.top + Math.max(0, (box.height - 18) / 2)}px`;
    }
  }

  /**
   * The dialog before a contact action. Resolves "stop", "family" or "continue".
   * `{ name, verb, verdict, blocking, allowFamily }`: `verb` is the action in words ("follow").
   */
  ask({ name, verb, stopLabel, verdict, blocking, allowFamily }) {
    const body = [element("h2", { id: "safepost-contact-title" }, `Before you ${verb} ${name}`), element("p", {}, verdict.message)];
    for (const evidence of verdict.evidence ?? []) {
      const source = evidence.source === "roster" ? "From your Trust's list of pupils and parents" : "From this person's profile";
      body.push(element("p", { class: "evidence" }, `${source}: ${evidence.says}.`));
    }
    if (blocking) body.push(element("p", {}, "Your Trust does not allow this: it cannot go ahead."));
    const stop = element("button", { type: "button", class: "primary" }, stopLabel);
    const actions = element("div", { class: "actions" });
    actions.append(stop);
    const choices = [[stop, "stop"]];
    if (allowFamily) {
      const family = element("button", { type: "button" }, "They are family");
      actions.append(family);
      choices.push([family, "family"]);
    }
    if (!blocking) {
      const go = element("button", { type: "button" }, "Continue anyway");
      const text = `I have read this, and I take responsibility for this contact under Policy A2 §${verdict.clause}.`;
      body.push(acknowledgement("safepost-contact-acknowledge", text, go));
      actions.append(go);
      choices.push([go, "continue"]);
    }
    body.push(actions);
    return askInDialog(this.parts().dialog, { body, choices, safeChoice: "stop", focus: stop });
  }
}
