// Part of the content script (a module of content.js's bundle).
// The compose guard: finds the field the user is writing in (generically, refined by the
// platform's adapter descriptor in adapters/), checks its text with the engine in the service
// worker after each pause in typing and on blur, draws the findings beside the editor, and
// intercepts the send action (button, Ctrl/Cmd+Enter, Enter in message boxes, form submit)
// when the final text has a medium or high finding. It never writes to the editor: the draft is
// exactly what the user typed, and a send the user confirms happens once, untouched.
import { MESSAGES } from "./messages.js";
import { fieldKind, isPlainEnter, enterSends, learnWhetherEnterSends, replayEnter, replayClickAndWatch, replayClick, replayKey } from "./compose-enter.js";
import { framesWithOpenDrafts, reportFrameDraft, answerTopFrame, mayPublishFrameDraft, formMayPublishFrameDraft, decideFrameDrafts, settleFrameDrafts } from "./compose-frames.js";
import { ComposeOverlay } from "./compose-overlay.js";
import { editableFieldFor, isTextControl, readFieldText, spansRects, spanRange, paintsHighlights } from "./compose-text.js";
import { conversationPerson } from "./contact-guard.js";
import { deepReader } from "./compose-deep.js";

// The deeper check (the model) runs after a longer pause than the fast one, and before a send of
// text it has not read; a send waits for it at most `deepHoldMs`, then the fast verdict decides.
// A change to the editor within `inputEchoMs` of an `input` event is that event's own.
// While a field is written in, the service worker is asked every `warmEveryMs` to stay up (see
// keepWorkerWarm), for at most `warmForMs` after the last key.
const COMPOSE_TIMING = Object.freeze({
  pauseMs: 350,
  deepPauseMs: 1_000,
  deepHoldMs: 2_500,
  inputEchoMs: 100,
  warmEveryMs: 20_000,
  warmForMs: 5 * 60_000,
  timingsKept: 500,
});
// Words on buttons that send a post, comment or message, for pages without an adapter.
const SEND_LABEL = /^(post|post all|reply|send|tweet|comment|share|share now|publish|submit|save)$/i;
export const BUTTON_LIKE = "button, [role='button'], input[type='submit']";
const TRUNCATED_NOTE =
  "This post is very long: SafePost checked only its beginning. Please check the rest yourself against Trust Policy A2.";
const DEEP_MISSED_NOTE =
  "SafePost's deeper check (which reads for meaning) did not run on this draft, so only its words were checked.";
/** Alt+Shift+S (Option+Shift+S) moves from the field to SafePost's panel; Escape goes back. */
const PANEL_SHORTCUT = Object.freeze({ code: "KeyS", altKey: true, shiftKey: true, label: "Alt+Shift+S" });

// Milliseconds from a check being triggered to the overlay showing its result (newest last).
// Only durations: read by the browser benchmark, never sent anywhere.
export const COMPOSE_TIMINGS = [];

/**
 * Starts guarding this frame's editable fields. `setup`: { platform, adapter, officialAccounts,
 * engineError } from the service worker's page check. `lastField`: the field written in before
 * the guard started, if any (see holdEarlySends).
 */
export function startComposeGuard(setup, lastField = null) {
  const overlay = new ComposeOverlay({ shortcut: PANEL_SHORTCUT.label });
  const drafts = new WeakMap(); // field → its draft state
  const draftFields = new Set(); // the fields with a draft state, for finding which a button sends
  let active = null; // the draft of the field being written in (or last written in)
  let composing = false; // inside an IME composition: no checks until it ends

  function draftFor(field) {
    let draft = drafts.get(field);
    if (!draft) {
      draft = {
        field,
        kind: fieldKind(field, setup.adapter),
        timer: null,
        sequence: 0,
        checked: null, // { text, audience, findings, highAction, truncated } of the last completed check
        inFlight: null, // { text, audience, promise } of the check on its way
        deep: null, // { text, audience, findings, missed } of the deeper check's last reading
        deepInFlight: null, // { text, audience, promise } of the deeper check on its way
        deepTimer: null,
        sendButtons: null, // the field's send buttons, found again after each check
        reading: null, // the field reading the drawn findings refer to
        shown: [], // findings on screen, with .rects (drawn) or .range (painted as highlights)
        dismissed: new Set(),
        acknowledgedText: null, // text the user chose to "Post anyway"
        pendingSend: false,
        replayNote: null, // said when a confirmed send was replayed and the page ignored it
        status: setup.engineError ? notCheckingMessage(setup.engineError) : null,
      };
      drafts.set(field, draft);
      draftFields.add(field);
    }
    return draft;
  }

  // ---- Following the user's writing

  function onFocusIn(event) {
    const field = fieldOf(event);
    if (!field) return;
    active = draftFor(field);
    watchEdits(field);
    keepWorkerWarm();
    deeper.warm();
    if (active.status) redraw(active);
    else if (!active.checked) {
      // Text typed before the guard started (or a field focused with text in it) is read too.
      scheduleCheck(active, 0);
      deeper.schedule(active, COMPOSE_TIMING.deepPauseMs);
    } else redraw(active);
  }

  function onInput(event) {
    const field = fieldOf(event);
    if (!field) return;
    active = draftFor(field);
    lastInputAt = performance.now();
    keepWorkerWarm();
    if (event.isComposing || composing) return;
    edited(active);
  }

  // Chrome stops an idle service worker after 30 s, and the next check then waits for it to
  // start and load the engine again (~180 ms). While a field has the focus and was written in
  // lately, a message every 20 s keeps it up, as writing assistants do; never for a page in the
  // background or a field left alone.
  let warmTimer = null;
  let lastActivityAt = 0;
  function keepWorkerWarm() {
    lastActivityAt = performance.now();
    warmTimer ??= setInterval(
      guarded(() => {
        const writing = active?.field.isConnected && deepActiveElement() === active.field;
        if (!writing || document.hidden || performance.now() - lastActivityAt > COMPOSE_TIMING.warmForMs) {
          clearInterval(warmTimer);
          warmTimer = null;
          return;
        }
        sendToWorker({ type: MESSAGES.contentToBackground.keepWarm }).catch(() => {});
      }),
      COMPOSE_TIMING.warmEveryMs,
    );
  }

  function edited(draft) {
    keepMatchingFindings(draft);
    reportDraft(draft);
    scheduleCheck(draft, COMPOSE_TIMING.pauseMs);
    deeper.schedule(draft, COMPOSE_TIMING.deepPauseMs);
  }

  // Rich editors change their text without an `input` event when they handle a paste or a
  // drop themselves (Lexical does): the focused editor's own changes are watched too. Typing,
  // which does fire `input`, is left to onInput.
  let lastInputAt = 0;
  let watched = null;
  const editWatcher = new MutationObserver(
    guarded(() => {
      const draft = watched && drafts.get(watched);
      if (!draft || composing || performance.now() - lastInputAt < COMPOSE_TIMING.inputEchoMs) return;
      if (readFieldText(watched).text !== draft.checked?.text) edited(draft);
    }),
  );

  function watchEdits(field) {
    if (field === watched || isTextControl(field)) return; // a text control's value is no DOM change
    editWatcher.disconnect();
    watched = field;
    editWatcher.observe(field, { childList: true, characterData: true, subtree: true });
  }

  function onFocusOut(event) {
    const field = fieldOf(event);
    if (field && drafts.has(field) && !composing) {
      scheduleCheck(drafts.get(field), 0);
      deeper.schedule(drafts.get(field), 0);
    }
  }

  function onCompositionStart() {
    composing = true;
    if (active) {
      clearTimeout(active.timer);
      clearTimeout(active.deepTimer);
    }
  }

  function onCompositionEnd(event) {
    composing = false;
    const field = fieldOf(event);
    if (field) {
      scheduleCheck(draftFor(field), COMPOSE_TIMING.pauseMs);
      deeper.schedule(draftFor(field), COMPOSE_TIMING.deepPauseMs);
    }
  }

  function scheduleCheck(draft, delay) {
    later(draft, "timer", delay, () => check(draft));
  }

  /** Runs `work` after `delay` unless asked again first or inside an IME composition. */
  function later(draft, timerSlot, delay, work) {
    clearTimeout(draft[timerSlot]);
    draft[timerSlot] = setTimeout(() => {
      if (!composing) work().catch(() => {});
    }, delay);
  }

  /**
   * Checks the field's current text; resolves to the completed check (or null if superseded by
   * a check of other text). A pause, a blur, a press on send and the send itself often ask about
   * the same text at once: they share the check already on its way instead of replacing it.
   */
  async function check(draft) {
    clearTimeout(draft.timer);
    const reading = readFieldText(draft.field);
    const request = checkRequest(draft, reading.text);
    if (sameReading(draft.checked, request) && !draft.status) return draft.checked;
    return shared(draft, "inFlight", request, () => runCheck(draft, reading, request));
  }

  /**
   * The same text to the same audience has the same verdict: a blur or a dialog taking focus
   * after a reading does not ask again, and readings asked for at once share one on its way.
   */
  function sameReading(reading, request) {
    return reading?.text === request.text && reading.audience === request.audience;
  }

  function shared(draft, slot, request, run) {
    if (sameReading(draft[slot], request)) return draft[slot].promise;
    const promise = run();
    const inFlight = { text: request.text, audience: request.audience, promise };
    draft[slot] = inFlight;
    const done = () => {
      if (draft[slot] === inFlight) draft[slot] = null;
    };
    promise.then(done, done);
    return promise;
  }

  // ---- The deeper check: off the keystroke path (compose-deep.js)
  const deeper = deepReader({
    setup,
    holdMs: COMPOSE_TIMING.deepHoldMs,
    send: sendToWorker,
    later,
    shared,
    sameReading,
    request: checkRequest,
    readingChanged(draft) {
      reportDraft(draft);
      if (draft === active) redraw(draft);
    },
    redraw,
  });

  /** A completed check's findings with the deeper check's, when it has read the same text. */
  function allFindings(draft, checked) {
    const deep = draft.deep?.text === checked?.text ? draft.deep.findings : [];
    return [...(checked?.findings ?? []), ...deep];
  }

  /** What the engine is asked about a text: where it is posted, from which account, to whom. */
  function checkRequest(draft, text) {
    const context = { platform: setup.platform ?? null, account: accountKind(setup), surface: draft.kind.surface };
    // In a conversation with a pupil or a parent, any draft is reported (§5.3, §5.6).
    const recipient = draft.kind.surface === "message" ? conversationPerson(setup.adapter) : null;
    return { text, context, recipient, audience: JSON.stringify([context, recipient]) };
  }

  async function runCheck(draft, reading, request) {
    const triggered = performance.now();
    const sequence = ++draft.sequence;
    let checked;
    if (!reading.text.trim()) {
      draft.dismissed.clear();
      checked = { text: reading.text, audience: request.audience, findings: [], highAction: null, truncated: false };
    } else {
      const { text, context, recipient } = request;
      const reply = await sendToWorker({ type: MESSAGES.contentToBackground.checkText, text, context, recipient });
      if (sequence !== draft.sequence) return null; // A check of newer text is on its way.
      if (!reply?.ok) {
        draft.status = notCheckingMessage(reply?.error);
        draft.checked = null;
        redraw(draft);
        return null;
      }
      checked = {
        text: reading.text,
        audience: request.audience,
        findings: reply.result.findings,
        highAction: reply.highAction,
        truncated: reading.truncated || reply.result.truncated,
      };
    }
    if (sequence !== draft.sequence) return null;
    draft.status = null;
    draft.checked = checked;
    reportDraft(draft);
    draft.sendButtons = null; // The page may have changed them since: found again when drawn.
    if (draft === active || draft.shown.length || allFindings(draft, checked).length) redraw(draft);
    recordTiming(performance.now() - triggered);
    return checked;
  }

  /** Redraws a draft's findings from its last check, against the field as it is now. */
  function redraw(draft) {
    if (draft !== active) return;
    if (!draft.field.isConnected) {
      overlay.clear();
      return;
    }
    const fieldBox = draft.field.getBoundingClientRect();
    const avoid = composeArea(draft);
    if (draft.status) {
      draft.shown = [];
      overlay.render({ fieldBox, avoid, findings: [], status: draft.status });
      return;
    }
    const current = readFieldText(draft.field);
    const checkedText = draft.checked?.text ?? "";
    const drawn = allFindings(draft, draft.checked)
      .filter((finding) => !draft.dismissed.has(findingKey(finding)))
      // Only findings whose words are still where they were when checked can be drawn.
      .filter((finding) => current.text.slice(finding.start16, finding.end16) === checkedText.slice(finding.start16, finding.end16));
    if (paintsHighlights(draft.field)) {
      // Painted by the browser from live ranges: no rectangles to measure, now or on scroll.
      draft.shown = drawn.map((finding) => ({ ...finding, rects: [], range: spanRange(current, finding.start16, finding.end16) }));
    } else {
      const rects = spansRects(draft.field, current, drawn.map((f) => [f.start16, f.end16]), overlay.scratch());
      draft.shown = drawn.map((finding, k) => ({ ...finding, rects: rects[k] }));
    }
    draft.reading = current;
    overlay.render({
      fieldBox,
      avoid,
      findings: draft.shown,
      note: notes(draft, checkedText),
      onDismiss(finding) {
        draft.dismissed.add(findingKey(finding));
        redraw(draft);
      },
      onExplain: (finding) => deeper.explain(draft, finding),
      // A safeguarding finding (§6.1): what is on this page may need reporting to the DSL (§6.2).
      onRecordConcern() {
        sendToWorker({ type: MESSAGES.contentToBackground.recordConcern, selection: String(getSelection() ?? "").slice(0, 5000) });
      },
    });
  }

  function notes(draft, checkedText) {
    const missed = draft.deep?.missed && draft.deep.text === checkedText && checkedText.trim();
    const replayed = draft.replayNote && draft.acknowledgedText === checkedText ? draft.replayNote : null;
    const all = [replayed, draft.checked?.truncated ? TRUNCATED_NOTE : null, missed ? DEEP_MISSED_NOTE : null].filter(Boolean);
    return all.length ? all.join(" ") : null;
  }

  /**
   * Work for the next animation frame, one frame queued at most: after an edit, "redraw" reads
   * the field again and keeps the findings whose words are still there; after a scroll or a
   * resize, "follow" moves what is drawn. A burst of key presses or scroll events costs one
   * reading of the field and its layout, in the frame the browser lays out anyway.
   */
  let frameWork = null; // null, "follow" or "redraw" (which does what "follow" does too)
  function inNextFrame(work) {
    if (frameWork === "redraw") return;
    if (!frameWork) requestAnimationFrame(runFrame);
    frameWork = work;
  }

  function runFrame() {
    const work = frameWork;
    frameWork = null;
    try {
      if (!active) return;
      if (work === "redraw" || active.status) redraw(active);
      else if (!active.field.isConnected) overlay.clear();
      else if (active.shown.length) reposition(active);
    } catch {
      // A page mid-update: the next frame or check draws again.
    }
  }

  function keepMatchingFindings(draft) {
    if (draft.shown.length || draft.status) inNextFrame("redraw");
  }

  const follow = () => inNextFrame("follow");

  /** Moves the drawn findings and the panel to where the field's words are now. */
  function reposition(draft) {
    if (paintsHighlights(draft.field)) {
      // The browser moves painted highlights itself; only the panel follows the field.
      overlay.follow(draft.field.getBoundingClientRect(), composeArea(draft), draft.shown);
      return;
    }
    const rects = spansRects(draft.field, draft.reading, draft.shown.map((f) => [f.start16, f.end16]), overlay.scratch());
    draft.shown.forEach((finding, k) => {
      finding.rects = rects[k];
    });
    overlay.follow(draft.field.getBoundingClientRect(), composeArea(draft), draft.shown);
  }

  /** The box the panel must not cover: the field and its send buttons (see findSendButtons). */
  function composeArea(draft) {
    draft.sendButtons ??= findSendButtons(draft.field, setup.adapter);
    const box = draft.field.getBoundingClientRect();
    let area = { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
    for (const button of draft.sendButtons) {
      const rect = button.isConnected ? button.getBoundingClientRect() : null;
      if (!rect?.width || !rect.height) continue;
      area = {
        left: Math.min(area.left, rect.left),
        top: Math.min(area.top, rect.top),
        right: Math.max(area.right, rect.right),
        bottom: Math.max(area.bottom, rect.bottom),
      };
    }
    return area;
  }

  // ---- Before it is sent

  function onClick(event) {
    const target = deepTarget(event);
    const draft = draftSentBy(target);
    if (!draft) {
      if (mayPublishFrameDraft(target, setup.adapter)) holdForFrames(event, () => replayClick(target, event));
      return;
    }
    const { field } = draft;
    const held = interceptSend(
      event,
      () => replayClickAndWatch({ field, target, original: event, ignored: (note) => noteIgnoredReplay(draft, note) }),
      draft,
    );
    if (!held && mayPublishFrameDraft(target, setup.adapter)) holdForFrames(event, () => replayClick(target, event));
  }

  function onPointerDown(event) {
    // Check straight away, so the click that follows usually finds a fresh result.
    const draft = draftSentBy(deepTarget(event));
    if (!draft) return;
    const text = readFieldText(draft.field).text;
    if (draft.checked?.text !== text) check(draft).catch(() => {});
    if (setup.deepCheck && draft.deep?.text !== text) deeper.check(draft).catch(() => {});
  }

  function onKeyDown(event) {
    if (isPanelShortcut(event)) {
      toPanel(event);
      return;
    }
    if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
    const field = fieldOf(event);
    if (!field) return;
    const draft = draftFor(field);
    // Where Enter may be a new line, it is held only for a draft already found to need a decision.
    const heldIfFound = isPlainEnter(event) && draft.kind.enter === "unsure";
    if (!enterSends(event, draft.kind) && !(heldIfFound && seriousFindings(allFindings(draft, draft.checked)).length)) {
      if (isPlainEnter(event)) learnWhetherEnterSends(field, draft.kind, () => readFieldText(field).text, event);
      return;
    }
    active = draft;
    const target = event.composedPath()[0];
    const replay = (held, selection) =>
      replayEnter({ field, kind: held.kind, target, original: event, selection, ignored: (note) => noteIgnoredReplay(held, note) });
    interceptSend(event, replay, draft);
  }

  /** A confirmed send the page did not act on: the panel says to press send again. */
  function noteIgnoredReplay(draft, note) {
    if (!draft || draft.acknowledgedText !== readFieldText(draft.field).text) return;
    draft.replayNote = note;
    redraw(draft);
  }

  function onSubmit(event) {
    const form = event.target;
    const draft = sendingDraft();
    const submitter = event.submitter;
    const again = () => form.requestSubmit(submitter?.form === form ? submitter : undefined);
    const held = Boolean(draft && form instanceof HTMLFormElement && form.contains(draft.field) && interceptSend(event, again, draft));
    if (!held && formMayPublishFrameDraft(form)) holdForFrames(event, again);
  }

  /** The draft being sent without a button (Enter, a frame's decision): the field last written in. */
  function sendingDraft() {
    return active?.field.isConnected ? active : null;
  }

  /**
   * The draft a press on `target` sends, if it is a send button: of the fields with text, the
   * one the button sits closest to (the same form, else the deepest shared container), so a
   * page with a post box and a comment box asks about the box the button belongs to.
   */
  function draftSentBy(target) {
    const button = target instanceof Element ? target.closest(BUTTON_LIKE) : null;
    if (!button) return null;
    let best = null;
    let bestScore = -1;
    for (const draft of liveDrafts()) {
      if (!isSendButton(button, setup.adapter, draft.field)) continue;
      const form = (/** @type {HTMLButtonElement} */ (button)).form;
      const sameForm = form && form === draft.field.form;
      const score = (sameForm ? 1_000 : 0) + sharedDepth(button, draft.field) + (draft === active ? 0.5 : 0);
      if (score > bestScore) [best, bestScore] = [draft, score];
    }
    return best;
  }

  /** The drafts whose fields are still on the page with text in them. */
  function* liveDrafts() {
    for (const field of [...draftFields]) {
      if (!field.isConnected) draftFields.delete(field);
      else if (readFieldText(field).text.trim()) yield drafts.get(field);
    }
  }

  /** Lets a send through, or holds it for a check or the user's decision, then replays it once. */
  function interceptSend(event, replay, draft = sendingDraft()) {
    if (!draft) return false;
    if (draft.pendingSend) {
      stop(event); // The user pressed send again while we ask: the first one decides.
      return true;
    }
    const text = readFieldText(draft.field).text;
    if (!text.trim() || draft.acknowledgedText === text) return false;
    const fresh = draft.checked?.text === text ? draft.checked : null;
    const deepRead = !setup.deepCheck || (draft.deep?.text === text && !draft.deep.missed);
    // Benign to both checks: never interrupted.
    if (fresh && deepRead && !seriousFindings(allFindings(draft, fresh)).length) return false;
    if (!fresh && draft.status) return false; // SafePost is not checking (and says so); never block blindly.
    stop(event);
    draft.pendingSend = true;
    const selection = saveSelection(draft.field);
    decide(draft, fresh)
      .then((choice) => {
        draft.pendingSend = false;
        if (choice === "post") {
          draft.acknowledgedText = readFieldText(draft.field).text;
          draft.replayNote = null;
          reportDraft(draft);
          replay(draft, selection);
        } else if (choice === "edit") {
          returnToEditor(draft, selection);
        }
      })
      .catch(() => {
        draft.pendingSend = false;
      });
    return true;
  }

  /**
   * What a send of the draft must be decided on, from both checks of its text as it is now:
   * `{ findings, blocking }`, or null when SafePost is not checking it.
   */
  async function findingsToDecide(draft, fresh) {
    let checked = fresh;
    // Null only when the text changed while it was checked (a script edited it): check the text
    // as it is now, a few times at most, rather than drop the user's send without a word.
    for (let attempt = 0; !checked && !draft.status && attempt < 3; attempt++) checked = await check(draft);
    if (!checked) return null;
    await deeper.readingWithin(draft, checked.text);
    const findings = seriousFindings(allFindings(draft, checked));
    const blocking = checked.highAction === "block" && findings.some((finding) => finding.severity === "high");
    return { findings, blocking };
  }

  async function decide(draft, fresh) {
    const toDecide = await findingsToDecide(draft, fresh);
    if (!toDecide) return draft.status ? "post" : "edit";
    return toDecide.findings.length ? overlay.ask(toDecide) : "post";
  }

  // ---- Drafts in frames (see compose-frames.js)

  /** In a frame: whether its draft is open, i.e. a send from the page around it must wait. */
  function reportDraft(draft) {
    if (window === window.top) return;
    const text = readFieldText(draft.field).text;
    const unchecked = draft.checked?.text !== text;
    const open = Boolean(text.trim()) && draft.acknowledgedText !== text && (unchecked || seriousFindings(allFindings(draft, draft.checked)).length > 0);
    reportFrameDraft(open);
  }

  answerTopFrame({
    async decide() {
      const draft = sendingDraft();
      const text = draft ? readFieldText(draft.field).text : "";
      if (!draft || !text.trim() || draft.acknowledgedText === text) return { findings: [], blocking: false };
      return (await findingsToDecide(draft, draft.checked?.text === text ? draft.checked : null)) ?? { findings: [], blocking: false };
    },
    async settle({ choice }) {
      const draft = sendingDraft();
      if (!draft) return {};
      if (choice === "post") {
        draft.acknowledgedText = readFieldText(draft.field).text;
        reportDraft(draft);
      } else {
        draft.field.focus({ preventScroll: true });
        redraw(draft);
      }
      return {};
    },
  });

  /** In the top frame: a send from the page while a frame's draft is open waits for its decision. */
  let framesDeciding = false;
  function holdForFrames(event, replay) {
    stop(event);
    if (framesDeciding) return; // pressed again while asked: the first press decides
    framesDeciding = true;
    (async () => {
      const { findings, blocking, frameIds } = await decideFrameDrafts();
      const choice = findings.length ? await overlay.ask({ findings, blocking }) : "post";
      if (frameIds.length) await settleFrameDrafts(frameIds, choice);
      if (choice !== "post") return;
      framesWithOpenDrafts.clear(); // every open frame was just asked: decided, or nothing to decide
      replay();
    })()
      .catch(() => {})
      .finally(() => {
        framesDeciding = false;
      });
  }

  /** From the field to the panel's first control, remembering the caret for Escape. */
  function toPanel(event) {
    const field = fieldOf(event);
    if (!field || drafts.get(field) !== active || !(active.shown.length || active.status)) return;
    const draft = active;
    const selection = saveSelection(field);
    if (overlay.focusPanel(() => returnToEditor(draft, selection))) stop(event);
  }

  function returnToEditor(draft, selection) {
    const field = draft.field;
    if (!field.isConnected) return;
    field.focus({ preventScroll: true });
    restoreSelection(field, selection);
    redraw(draft);
  }

  // ---- Listening (capture phase on the window: before the page's own handlers)

  const listeners = {
    focusin: onFocusIn,
    focusout: onFocusOut,
    input: onInput,
    compositionstart: onCompositionStart,
    compositionend: onCompositionEnd,
    pointerdown: onPointerDown,
    click: onClick,
    keydown: onKeyDown,
    submit: onSubmit,
  };
  for (const [type, handler] of Object.entries(listeners)) addEventListener(type, guarded(handler), true);
  addEventListener("scroll", guarded(follow), { capture: true, passive: true });
  addEventListener("resize", guarded(follow), { passive: true });
  new ResizeObserver(guarded(follow)).observe(document.documentElement);

  // A field already focused when the guard starts (autofocus), or written in before it started.
  const focused = deepActiveElement() ?? (lastField?.isConnected ? lastField : null);
  if (focused) onFocusIn({ composedPath: () => [focused] });
}

/**
 * Until the guard has its setup from the service worker (a few milliseconds; ~150 ms when the
 * worker was stopped; ~2.5 s on the first page after the browser starts), a send of a field with
 * text in it (a labelled send or submit button, Ctrl/Cmd+Enter, a form submission) is held
 * instead of going out unchecked. `release()` replays it once: through the guard, if one started
 * meanwhile, or straight to the page. Plain Enter is held only in the fields where the platform's
 * adapter (bundled in adapters.js, so known before the worker answers) says Enter sends, such as
 * direct messages: elsewhere Enter is a new line, which a replayed key press would not type.
 * A field seen to empty itself after such an Enter is learnt as sending here, as the guard does.
 * Held for at most `maxHoldMs`, then released.
 */
export function holdEarlySends(adapter, maxHoldMs = 5_000) {
  let lastField = null;
  let replay = null;
  const withText = (field) => field?.isConnected && readFieldText(field).text.trim() !== "";
  const hold = (event, again) => {
    stop(event);
    replay ??= again; // A second press while held: the first decides.
  };
  const listeners = {
    focusin(event) {
      lastField = fieldOf(event) ?? lastField;
    },
    input(event) {
      // In a frame: the page around it must not publish this draft before it is checked.
      if (window !== window.top && withText(fieldOf(event))) reportFrameDraft(true);
    },
    click(event) {
      const target = deepTarget(event);
      // A button the adapter names, a submit button of the field's form, or one labelled as sending;
      // or, in the top page, one that may publish a draft in a frame.
      const sends = withText(lastField) ? sendButtonAt(target, adapter, lastField) : null;
      if (!sends && !mayPublishFrameDraft(target, adapter)) return;
      hold(event, () => replayClick(target, event));
    },
    keydown(event) {
      if (event.key !== "Enter" || event.isComposing || event.keyCode === 229) return;
      const field = fieldOf(event);
      if (!withText(field)) return;
      const kind = fieldKind(field, adapter);
      if (!enterSends(event, kind)) {
        // Learnt now too, so a slow start does not let the next message out unguarded.
        if (isPlainEnter(event)) learnWhetherEnterSends(field, kind, () => readFieldText(field).text, event);
        return;
      }
      lastField = field;
      const target = event.composedPath()[0];
      hold(event, () => replayKey(target, event));
    },
    submit(event) {
      const form = event.target;
      const sends = form instanceof HTMLFormElement && withText(lastField) && form.contains(lastField);
      if (!sends && !formMayPublishFrameDraft(form)) return;
      const submitter = event.submitter;
      hold(event, () => form.requestSubmit(submitter?.form === form ? submitter : undefined));
    },
  };
  const installed = Object.entries(listeners).map(([type, handler]) => /** @type {[string, EventListener]} */ ([type, guarded(handler)]));
  for (const [type, handler] of installed) addEventListener(type, handler, true);
  const timer = setTimeout(() => release(), maxHoldMs);
  function release() {
    clearTimeout(timer);
    for (const [type, handler] of installed) removeEventListener(type, handler, true);
    const held = replay;
    replay = null;
    if (held) guarded(held)();
  }
  return { lastField: () => lastField, release };
}

/**
 * The send button at or around a click's target, or null: a button the platform's adapter names,
 * a submit button of the form the field is in, or one labelled with a usual word for sending.
 */
function sendButtonAt(target, adapter, field) {
  const button = target instanceof Element ? target.closest(BUTTON_LIKE) : null;
  return button && isSendButton(button, adapter, field) ? button : null;
}

export function isSendButton(button, adapter, field) {
  if (adapter?.send_buttons?.some((selector) => safeMatches(button, selector))) return true;
  if (button.matches("[type='submit']") && button.form && field?.form === button.form) return true;
  return hasSendLabel(button);
}

/** How many containers (across shadow roots) two nodes share: more means closer together. */
function sharedDepth(a, b) {
  const chain = (node) => {
    const nodes = [];
    for (; node; node = node.parentNode ?? node.host) nodes.push(node);
    return nodes.reverse();
  };
  const [first, second] = [chain(a), chain(b)];
  let depth = 0;
  while (depth < first.length && depth < second.length && first[depth] === second[depth]) depth++;
  return depth;
}

/** Whether a button's label is one of the usual words for sending (Post, Reply, Send…). */
export function hasSendLabel(button) {
  // An <input type=submit> says its label in its value; its text content is always empty.
  const label = (button.getAttribute("aria-label") ?? (button.localName === "input" ? button.value : button.textContent) ?? "").trim();
  return label.length <= 20 && SEND_LABEL.test(label);
}

/** Wraps a listener so nothing it does can throw into the page. */
export function guarded(handler) {
  return (...args) => {
    try {
      handler(...args);
    } catch {
      // The page is unusual or the extension was reloaded; leave the page alone.
    }
  };
}

export function stop(event) {
  event.preventDefault();
  event.stopImmediatePropagation();
}

/** The innermost element under a pointer event, looking inside open and closed shadow roots. */
export function deepTarget(event) {
  let target = event.composedPath()[0];
  for (let root = target instanceof Element && shadowRootOf(target); root; root = shadowRootOf(target)) {
    const inner = root.elementFromPoint(event.clientX, event.clientY);
    if (!inner || inner === target || !root.contains(inner)) break;
    target = inner;
  }
  return target;
}

/**
 * The send buttons near a field: searched a few levels up from it, giving up on a level with
 * more than 20 buttons or more than SEND_SEARCH_ELEMENTS elements (a whole page), as the panel
 * is placed clear of them. The element count is walked only as far as the limit, so a page of
 * 50,000 elements costs no more than a small one.
 */
const SEND_SEARCH_ELEMENTS = 2_000;
function findSendButtons(field, adapter) {
  const found = [];
  let container = field.parentNode;
  for (let level = 0; container?.querySelectorAll && level < 4; level++, container = container.parentElement ?? container.host) {
    if (!withinElements(container, SEND_SEARCH_ELEMENTS)) break;
    const buttons = container.querySelectorAll(BUTTON_LIKE);
    if (buttons.length > 20) break;
    for (const button of buttons) if (isSendButton(button, adapter, field) && !found.includes(button)) found.push(button);
  }
  return found;
}

/** Whether `root` holds at most `limit` elements, counting no further than the limit. */
function withinElements(root, limit) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let count = 0; walker.nextNode(); ) if (++count > limit) return false;
  return true;
}

/** The editable field an event happened in, looking inside open and closed shadow roots. */
function fieldOf(event) {
  let target = event.composedPath()[0];
  if (!(target instanceof Element)) return null;
  for (let root = shadowRootOf(target); root?.activeElement; root = shadowRootOf(target)) target = root.activeElement;
  return editableFieldFor(target);
}

function shadowRootOf(element) {
  // Only HTML elements host shadow roots; the browser's call throws for others (an SVG icon
  // inside a send button), and a throw here would let that click through unchecked.
  if (!(element instanceof HTMLElement)) return null;
  // Chromium: chrome.dom; Firefox gives content scripts the same as a property; else open roots only.
  return chrome.dom?.openOrClosedShadowRoot?.(element) ?? /** @type {any} */ (element).openOrClosedShadowRoot ?? element.shadowRoot ?? null;
}

function deepActiveElement() {
  let focused = document.activeElement;
  for (let root = focused && shadowRootOf(focused); root?.activeElement; root = shadowRootOf(focused)) focused = root.activeElement;
  return focused && editableFieldFor(focused) ? focused : null;
}

export function safeMatches(element, selector) {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}

/** Whether the element or an ancestor matches; false for a selector the browser cannot read. */
export function safeClosest(element, selector) {
  try {
    return element.closest(selector) !== null;
  } catch {
    return false;
  }
}

/** personal | official | unknown: who is signed in, read from the page as the adapter says. */
export function accountKind(setup) {
  return accountSeen(setup).kind;
}

/**
 * The account the page is signed in to, as far as the adapter can tell: its kind and handle
 * (`null` when unknown), and why — for the toolbar popup.
 * @returns {{ kind: "official" | "personal" | "unknown", handle: string | null, why: string }}
 */
export function accountSeen(setup) {
  const unknown = (why) => ({ kind: /** @type {const} */ ("unknown"), handle: null, why });
  const hint = setup.adapter?.account;
  if (!hint) return unknown("SafePost cannot read which account is signed in on this platform.");
  let source = null;
  try {
    source = document.querySelector(hint.selector);
  } catch {
    return unknown("SafePost cannot read which account is signed in on this platform.");
  }
  const notShown = "This page does not show which account is signed in.";
  if (!source) return unknown(notShown);
  const { pattern, official } = accountRegister(setup);
  const value = (hint.attribute ? source.getAttribute(hint.attribute) : source.textContent) ?? "";
  const handle = pattern?.exec(value)?.[1];
  if (!handle) return unknown(notShown);
  return official.has(accountName(handle))
    ? { kind: "official", handle, why: `${handle} is on the register of the academy's official accounts (§3.3).` }
    : { kind: "personal", handle, why: `${handle} is not on the register of the academy's official accounts (§3.3).` };
}

// Per setup, made once rather than on every check: the adapter's handle pattern and IT's register.
const accountRegisters = new WeakMap();

function accountRegister(setup) {
  let register = accountRegisters.get(setup);
  if (!register) {
    let pattern = null;
    try {
      pattern = new RegExp(setup.adapter.account.pattern, "u");
    } catch {
      // An adapter's pattern the browser cannot read: the account stays unknown.
    }
    register = { pattern, official: new Set((setup.officialAccounts ?? []).map(accountName)) };
    accountRegisters.set(setup, register);
  }
  return register;
}

function accountName(handle) {
  return handle.trim().replace(/^@/, "").toLowerCase();
}

/** Where the caret was, so "Edit post" puts the user back exactly there. */
function saveSelection(field) {
  if (isTextControl(field)) return { start: field.selectionStart, end: field.selectionEnd, direction: field.selectionDirection };
  const selection = field.getRootNode().getSelection?.() ?? getSelection();
  if (!selection?.rangeCount) return null;
  const range = selection.getRangeAt(0);
  return field.contains(range.startContainer) ? range.cloneRange() : null;
}

export function restoreSelection(field, saved) {
  if (!saved) return;
  try {
    if (isTextControl(field)) {
      field.setSelectionRange(saved.start, saved.end, saved.direction);
    } else if (saved.startContainer.isConnected) {
      const selection = field.getRootNode().getSelection?.() ?? getSelection();
      selection.removeAllRanges();
      selection.addRange(saved);
    }
  } catch {
    // The editor changed meanwhile; the caret stays where focus put it.
  }
}

function isPanelShortcut(event) {
  return (
    event.code === PANEL_SHORTCUT.code &&
    event.altKey === PANEL_SHORTCUT.altKey &&
    event.shiftKey === PANEL_SHORTCUT.shiftKey &&
    !event.ctrlKey &&
    !event.metaKey &&
    !event.isComposing
  );
}

/** The findings that ask the user to confirm before posting (medium and high). */
function seriousFindings(findings) {
  return findings.filter((finding) => finding.severity !== "low");
}

function findingKey(finding) {
  return `${finding.rule}\u0000${finding.matched}`;
}

function notCheckingMessage(error) {
  // The technical reason is for IT (the console), not for the member of staff.
  if (error) console.warn(`SafePost is not checking: ${error}`);
  return "SafePost is not checking this post right now. Nothing is blocked: please check it yourself against Trust Policy A2, and tell your IT team if this keeps happening.";
}

export async function sendToWorker(message) {
  try {
    return await chrome.runtime.sendMessage(message);
  } catch {
    return { ok: false, error: "SafePost was updated or restarted; reload this page" };
  }
}

function recordTiming(milliseconds) {
  const timings = COMPOSE_TIMINGS;
  timings.push(milliseconds);
  if (timings.length > COMPOSE_TIMING.timingsKept) timings.splice(0, timings.length - COMPOSE_TIMING.timingsKept);
}
