// Part of the content script (a module of content.js's bundle).
// The question before a new academy, class or subject channel is created (§3.1, §5.1, §3.3): a
// modal in its own guarded <safepost-channel> host on <html>, never inside the platform's form.
import { OVERLAY_HOST_STYLE, attachGuardedHost, element, DIALOG_CSS, askInDialog, acknowledgement } from "./shadow-host.js";
import { reasonsInWords } from "./channel-name.js";

const CHANNEL_TAG = "safepost-channel";
const CHANNEL_CSS = `
  :host { all: initial; }
  dialog p { margin: 6px 0; }
${DIALOG_CSS}`;

export class ChannelOverlay {
  constructor() {
    this.attached = null;
  }

  dialog() {
    if (this.attached?.host.isConnected === false) this.attached = null;
    if (!this.attached) {
      const attached = attachGuardedHost(CHANNEL_TAG, OVERLAY_HOST_STYLE, CHANNEL_CSS);
      const dialog = element("dialog", { lang: "en-GB", "aria-labelledby": "safepost-channel-title" });
      attached.shadow.append(dialog);
      this.attached = { ...attached, dialog };
    }
    return this.attached.dialog;
  }

  /**
   * Asks before a `what` ("Page", "Group", "channel", "account") named `name` is created.
   * Resolves "cancel" or "continue".
   * @param {{ what: string, name: string, reasons: { kind: string, matched: string }[], platformName: string, official: string[] }} question
   */
  ask({ what, name, reasons, platformName, official }) {
    const register = official.length
      ? `The academy's official accounts on ${platformName} (the §3.3 register): ${official.join(", ")}. Academies have one account on each approved platform (§5.1): perhaps post there instead.`
      : `SafePost knows of no official account on ${platformName}. Academies have one account on each approved platform (§5.1).`;
    const body = [
      element("h2", { id: "safepost-channel-title" }, `Setting up a new ${what}: “${name.trim().slice(0, 80)}”?`),
      element("p", {}, `Its name mentions ${reasonsInWords(reasons)}. Policy A2 §3.1: staff should not set up academy, class or subject-specific social media channels without authorisation from the Marketing and Communications team.`),
      element("p", {}, register),
    ];
    const cancel = element("button", { type: "button", class: "primary" }, `Don't create it`);
    const go = element("button", { type: "button" }, "Continue");
    body.push(acknowledgement("safepost-channel-acknowledge", `Marketing and Communications have authorised this ${what} (§3.1).`, go));
    const actions = element("div", { class: "actions" });
    actions.append(cancel, go);
    body.push(actions);
    return askInDialog(this.dialog(), { body, choices: [[cancel, "cancel"], [go, "continue"]], safeChoice: "cancel", focus: cancel });
  }
}
