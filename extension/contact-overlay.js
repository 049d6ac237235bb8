// Content script (classic; see manifest.json for the load order).
// What staff see about contact with pupils and parents (§5.3, §5.6): a small badge beside each
// matching person in request lists and suggestions, and the dialog shown before a contact action
// (Add friend, Confirm, Follow, Message, Connect). Both live in one guarded <safepost-contact>
// host on <html> (shadow-host.js), never inside the platform's own tree.

const CONTACT_TAG = "safepost-contact";
const CONTACT_HOST_STYLE = importantStyle([
  ["display", "block"],
  ["position", "fixed"],
  ["inset", "0"],
  ["width", "0"],
  ["height", "0"],
  ["overflow", "visible"],
  ["pointer-events", "none"],
  ["z-index", "2147483646"],
]);

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
  dialog { box-sizing: border-box; color: #1c1c1c; background: #ffffff; text-align: left; pointer-events: auto;
    font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
    width: min(560px, calc(100vw - 32px)); max-height: calc(100vh - 64px); overflow: auto;
    padding: 18px 22px; border: 2px solid #7a4b00; border-left-width: 8px; border-radius: 8px; }
  dialog::backdrop { background: rgba(0, 0, 0, 0.45); }
  h2 { margin: 0 0 8px; font-size: 20px; }
  p { margin: 6px 0; }
  .evidence { font-size: 14px; color: #444444; }
  .acknowledge { display: flex; gap: 8px; align-items: flex-start; margin: 12px 0 4px; }
  .acknowledge input { width: 18px; height: 18px; margin-top: 3px; }
  .actions { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 12px; }
  button { font: inherit; font-weight: 600; font-size: 16px; padding: 8px 18px; border: 2px solid #1c1c1c;
    border-radius: 6px; background: #ffffff; color: #1c1c1c; cursor: pointer; }
  button:hover { background: #f0f0f0; }
  button:disabled { opacity: 0.5; cursor: not-allowed; }
  button:focus-visible, input:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
  button.primary { background: #1c1c1c; color: #ffffff; }
`;

/** The contact overlay for one page (frame), created on first use. */
class ContactOverlay {
  constructor() {
    this.attached = null;
    this.badges = []; // { anchor, node }
  }

  parts() {
    if (this.attached?.host.isConnected === false) this.attached = null;
    if (this.attached) return this.attached.parts;
    const attached = attachGuardedHost(CONTACT_TAG, CONTACT_HOST_STYLE, CONTACT_CSS);
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
    const { dialog } = this.parts();
    return new Promise((resolve) => {
      const heading = element("h2", { id: "safepost-contact-title" }, `Before you ${verb} ${name}`);
      const body = [heading, element("p", {}, verdict.message)];
      for (const evidence of verdict.evidence ?? []) {
        const source = evidence.source === "roster" ? "From your Trust's list of pupils and parents" : "From this person's profile";
        body.push(element("p", { class: "evidence" }, `${source}: ${evidence.says}.`));
      }
      if (blocking) body.push(element("p", {}, "Your Trust does not allow this: it cannot go ahead."));
      const stop = element("button", { type: "button", class: "primary" }, stopLabel);
      const actions = element("div", { class: "actions" });
      actions.append(stop);
      let family = null;
      if (allowFamily) {
        family = element("button", { type: "button" }, "They are family");
        actions.append(family);
      }
      let go = null;
      if (!blocking) {
        const box = element("input", { type: "checkbox", id: "safepost-contact-acknowledge" });
        const label = element(
          "label",
          { for: "safepost-contact-acknowledge" },
          `I have read this, and I take responsibility for this contact under Policy A2 §${verdict.clause}.`,
        );
        const acknowledge = element("div", { class: "acknowledge" });
        acknowledge.append(box, label);
        go = element("button", { type: "button", disabled: "" }, "Continue anyway");
        box.addEventListener("change", () => {
          go.disabled = !box.checked;
        });
        actions.append(go);
        body.push(acknowledge);
      }
      body.push(actions);
      dialog.replaceChildren(...body);

      const finish = (choice) => {
        dialog.removeEventListener("cancel", onCancel);
        if (dialog.open) dialog.close();
        dialog.replaceChildren();
        resolve(choice);
      };
      const onCancel = (event) => {
        event.preventDefault(); // Escape means "don't".
        finish("stop");
      };
      dialog.addEventListener("cancel", onCancel);
      stop.addEventListener("click", () => finish("stop"));
      family?.addEventListener("click", () => finish("family"));
      go?.addEventListener("click", () => {
        if (!go.disabled) finish("continue");
      });
      dialog.showModal();
      stop.focus();
    });
  }
}
