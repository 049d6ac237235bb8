// Part of the content script (a module of content.js's bundle).
// The compose guard's side of the deeper check (the model that reads drafts for meaning, in the
// service worker): it reads a draft off the keystroke path — after a longer pause, on blur and
// before a send of text it has not read — keeping each draft's reading (`draft.deep`, the one on
// its way in `draft.deepInFlight`, its timer in `draft.deepTimer`), and names the words that drove
// a finding when the member of staff asks.
import { MESSAGES } from "./messages.js";
import { readFieldText } from "./compose-text.js";

/**
 * The deeper check for one compose guard. `guard`: { setup, holdMs (the most a send waits for a
 * reading), send(message) (to the service worker), later(draft, slot, delay, work),
 * shared(draft, slot, request, run), sameReading(reading, request), request(draft, text),
 * readingChanged(draft), redraw(draft) }.
 */
export function deepReader(guard) {
  const { setup } = guard;
  let warmed = false;

  /** Loads the model in the worker when a field is first used, so the first reading is quick. */
  function warm() {
    if (warmed || !setup.deepCheck || setup.engineError) return;
    warmed = true;
    guard.send({ type: MESSAGES.contentToBackground.warmDeepCheck }).catch(() => {});
  }

  function schedule(draft, delay) {
    if (setup.deepCheck) guard.later(draft, "deepTimer", delay, () => check(draft));
  }

  /** The deeper check of the field's current text; shared with any reading of it on its way. */
  async function check(draft) {
    clearTimeout(draft.deepTimer);
    const request = guard.request(draft, readFieldText(draft.field).text);
    if (guard.sameReading(draft.deep, request) && !draft.deep.missed) return draft.deep;
    return guard.shared(draft, "deepInFlight", request, () => run(draft, request));
  }

  async function run(draft, { text, context, audience }) {
    let deep = { text, audience, findings: [], missed: false };
    if (text.trim()) {
      const reply = await guard.send({ type: MESSAGES.contentToBackground.deepCheck, text, context });
      if (!reply?.ok) {
        console.warn("SafePost: the deeper check did not run:", reply?.error ?? "no answer");
        deep.missed = true;
      } else deep.findings = reply.findings ?? [];
    }
    // A newer reading (of newer text) is not replaced by an older one.
    if (draft.deep?.text !== text && draft.deepInFlight && draft.deepInFlight.text !== text) return deep;
    draft.deep = deep;
    guard.readingChanged(draft);
    return deep;
  }

  /**
   * The reading of `text`, waiting at most `holdMs` for it. Null when the deeper check is off, or
   * did not answer in time (then the draft says so, and the fast verdict decides).
   */
  async function readingWithin(draft, text) {
    if (!setup.deepCheck) return null;
    if (draft.deep?.text === text && !draft.deep.missed) return draft.deep;
    let timer;
    const late = new Promise((resolve) => {
      timer = setTimeout(() => resolve(null), guard.holdMs);
    });
    const deep = await Promise.race([check(draft).catch(() => null), late]);
    clearTimeout(timer);
    if (deep?.text === text && !deep.missed) return deep;
    if (draft.deep?.text !== text) draft.deep = { text, findings: [], missed: true };
    guard.redraw(draft);
    return null;
  }

  /** Names the words that drove a finding, asked from the panel; `words` null: none stood out. */
  async function explain(draft, shown) {
    const reading = draft.deep;
    const finding = reading?.findings.find((f) => f.rule === shown.rule && f.start16 === shown.start16 && f.end16 === shown.end16);
    if (!finding || finding.explaining) return;
    finding.explaining = true;
    guard.redraw(draft);
    const reply = await guard
      .send({ type: MESSAGES.contentToBackground.deepWords, text: reading.text, family: finding.family, start16: finding.start16, end16: finding.end16 })
      .catch((e) => ({ ok: false, error: String(e) }));
    finding.explaining = false;
    // A failure is said in the panel (the button stays, to try again), never only in the console.
    finding.wordsFailed = !reply?.ok;
    if (reply?.ok) finding.words = reply.words.length ? reply.words : null;
    else console.warn("SafePost: the words could not be named:", reply?.error ?? "no answer");
    if (draft.deep === reading) guard.redraw(draft);
  }

  return { warm, schedule, check, readingWithin, explain };
}
