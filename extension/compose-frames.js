// Part of the content script (a module of content.js's bundle).
// Drafts in frames, sent from the page around them. Many blogging platforms, school websites and
// learning platforms put the editor in a same-origin iframe (TinyMCE's classic editor) and the
// Publish button in the page. The frame's compose guard checks the draft as anywhere else; here
// it tells the top page, through the service worker, whether its draft is still open (text not
// yet checked, or findings not yet decided), and the top page holds its own sends (a send button,
// a form submit) while any frame's draft is open, asks those frames for their findings, and shows
// one dialog for the page. Only the extension can send these messages: a page cannot fake them.
import { MESSAGES } from "./messages.js";
import { BUTTON_LIKE, isSendButton, sendToWorker } from "./compose.js";

const FRAME_MESSAGES = MESSAGES.backgroundToContent;

/** In the top frame: the frames (by the browser's frame ID) whose drafts are open. */
export const framesWithOpenDrafts = new Set();

// In a frame: how its guard answers the top page, once the guard has started (its setup comes
// from the service worker, up to a few seconds after the page loads). A question asked before
// then waits for it, at most `FRAME_GUARD_WAIT_MS`, then has nothing to decide.
const FRAME_GUARD_WAIT_MS = 5_000;
let guardAnswers;
const frameGuardAnswers = new Promise((resolve) => {
  guardAnswers = resolve;
});

/**
 * Listens for the frame-draft messages of this frame's place: the top frame keeps
 * `framesWithOpenDrafts`; a frame answers the top page's questions. Started once by content.js.
 */
export function listenForFrameDrafts() {
  if (window === window.top) {
    chrome.runtime.onMessage.addListener((message) => {
      if (message?.type !== FRAME_MESSAGES.frameDraft || !Number.isInteger(message.frameId)) return false;
      if (message.open) framesWithOpenDrafts.add(message.frameId);
      else framesWithOpenDrafts.delete(message.frameId);
      return false;
    });
  } else {
    chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
      const question = message?.type === FRAME_MESSAGES.decideDraft ? "decide" : message?.type === FRAME_MESSAGES.settleDraft ? "settle" : null;
      if (!question) return false;
      const late = new Promise((resolve) => setTimeout(() => resolve(null), FRAME_GUARD_WAIT_MS));
      Promise.race([frameGuardAnswers, late])
        .then((answers) => (answers ? answers[question](message) : { findings: [], blocking: false }))
        .then(
          (reply) => sendResponse({ ok: true, ...reply }),
          (error) => sendResponse({ ok: false, error: String(error?.message ?? error) }),
        );
      return true; // answered asynchronously
    });
  }
}

/** In a frame: the last state told to the top page, so typing sends one message per change. */
let reportedOpen = false;

/** In a frame: tells the top page whether its draft is open, when that changes. */
export function reportFrameDraft(open) {
  if (window === window.top || reportedOpen === open) return;
  reportedOpen = open;
  sendToWorker({ type: MESSAGES.contentToBackground.frameDraft, open }).catch(() => {});
}

/** In a frame: how its guard answers "what does your draft need?" and "the user decided". */
export function answerTopFrame(answers) {
  if (window !== window.top) guardAnswers(answers);
}

/** In the top frame: whether a press on `target` (or a submit of its form) may send a frame's draft. */
export function mayPublishFrameDraft(target, adapter) {
  if (!framesWithOpenDrafts.size) return false;
  const button = target instanceof Element ? target.closest(BUTTON_LIKE) : null;
  if (!button) return false;
  if (isSendButton(button, adapter, null)) return true;
  // A submit button of a form that holds a frame: the form's editor is in that frame.
  return button.matches("[type='submit'], button:not([type])") && Boolean(/** @type {HTMLButtonElement} */ (button).form?.querySelector("iframe"));
}

/** In the top frame: whether a form's submit may send a frame's draft. */
export function formMayPublishFrameDraft(form) {
  return framesWithOpenDrafts.size > 0 && form instanceof HTMLFormElement && Boolean(form.querySelector("iframe"));
}

/**
 * In the top frame: asks each frame with an open draft to check it now (both checks, as a send
 * would) and returns `{ findings, blocking, frameIds }` for the ones that need a decision.
 */
export async function decideFrameDrafts() {
  const reply = await sendToWorker({
    type: MESSAGES.contentToBackground.decideFrameDrafts,
    frameIds: [...framesWithOpenDrafts],
  });
  if (!reply?.ok) return { findings: [], blocking: false, frameIds: [] };
  const open = reply.drafts.filter((draft) => draft.findings?.length);
  return {
    findings: open.flatMap((draft) => draft.findings),
    blocking: open.some((draft) => draft.blocking),
    frameIds: open.map((draft) => draft.frameId),
  };
}

/** In the top frame: tells the frames what the user chose ("post" or "edit"). */
export function settleFrameDrafts(frameIds, choice) {
  return sendToWorker({ type: MESSAGES.contentToBackground.settleFrameDrafts, frameIds, choice });
}
