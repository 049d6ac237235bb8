// Part of the content script (a module of content.js's bundle).
// The contact guard (§5.3, §5.6): before a member of staff befriends, accepts, follows, messages or
// connects with someone from a personal account, the person is checked by the engine in the
// service worker (the Trust's roster, and what their profile says). A contact action on a pupil,
// a former pupil under 18 or a parent is held in the capture phase, as sends are, and a dialog
// says who matched, why and which clause; the original action then happens once, or not at all.
// People in request lists and suggestions get a badge beside their name. Nothing about whom the
// member of staff looks at is stored or sent anywhere: verdicts live in this page's memory.
import { MESSAGES } from "./messages.js";
import { replayClick } from "./compose-enter.js";
import { guarded, stop, deepTarget, safeMatches, accountKind, sendToWorker } from "./compose.js";
import { ContactOverlay } from "./contact-overlay.js";

// The contact actions, by the usual words on their buttons (for pages without an adapter, and
// beside an adapter's own selectors). Each kind says what the dialog calls it.
export const CONTACT_ACTIONS = Object.freeze({
  befriend: { label: /^(add friend|add as friend|add contact|send friend request)$/i, verb: "send a friend request to", stop: "Don't send" },
  accept: { label: /^(confirm|accept|confirm request|accept request)$/i, verb: "accept the request from", stop: "Don't accept" },
  follow: { label: /^(follow|follow back|subscribe)$/i, verb: "follow", stop: "Don't follow" },
  message: { label: /^(message|send message|send a message)$/i, verb: "message", stop: "Don't message" },
  connect: { label: /^(connect)$/i, verb: "connect with", stop: "Don't connect" },
});
const CONTACT_BUTTON_LIKE = "button, [role='button'], a[role='button'], input[type='button']";
// A person in a list is a link to their profile (a heading without one is a dialog's title).
const PERSON_NAME_LIKE = "a[href]";
const CONTACT_LIMITS = Object.freeze({ cardLevels: 6, bioChars: 400, scanButtons: 2_000, scanPeople: 500, rescanMs: 600 });

/**
 * Starts guarding contact actions in this frame. `setupReady` resolves to the page's setup (see
 * startComposeGuard), or null where the page is not a social platform (held clicks then pass).
 * On a platform with an adapter it starts before the service worker answers, so a contact action
 * in the first seconds after the browser starts is held too, not let through unchecked.
 */
export function startContactGuard(adapter, setupReady) {
  const overlay = new ContactOverlay();
  const verdicts = new Map(); // person key → Promise of { verdict, contact }
  let replaying = false;
  let setup = null; // once known

  setupReady.then((known) => {
    setup = known;
    if (setup) scheduleScan();
  });

  function personKey(person) {
    return JSON.stringify([person.name ?? "", person.handle ?? "", person.bio ?? ""]);
  }

  /** Keeps a person's answer (a promise of the worker's reply), with `settled` once it has come. */
  function remember(key, answer) {
    answer.settled = null;
    answer.then((reply) => {
      answer.settled = reply;
    });
    verdicts.set(key, answer);
    return answer;
  }

  /** The engine's verdict on a person, asked once per page and person. */
  function verdictFor(person) {
    const key = personKey(person);
    return (
      verdicts.get(key) ??
      remember(
        key,
        setupReady.then((known) =>
          known
            ? sendToWorker({ type: MESSAGES.contentToBackground.checkPerson, person, account: accountKind(known) })
            : { ok: true, verdict: null },
        ),
      )
    );
  }

  // ---- Contact actions

  function onPointerOver(event) {
    // Ask ahead, so the click that usually follows is decided at once and passes untouched.
    const found = contactActionAt(deepTarget(event), adapter);
    if (found) {
      const person = personFor(found.button, adapter);
      if (person) verdictFor(person.person);
    }
  }

  function onClick(event) {
    if (replaying) return;
    const found = contactActionAt(deepTarget(event), adapter);
    if (!found) return;
    const person = personFor(found.button, adapter);
    if (!person) return;
    const answer = verdictFor(person.person);
    const settled = answer.settled;
    if (settled && !settled.verdict?.warn) return; // Known and benign: never interrupted.
    stop(event);
    answer
      .then((reply) => decide(reply, found, person))
      .then((choice) => {
        if (choice === "continue") replay(found.button, event);
      })
      .catch(() => {});
  }

  async function decide(reply, found, { person }) {
    // SafePost cannot tell: never block blindly, but say so to IT (the console), as the compose guard does.
    if (!reply?.ok) console.warn(`SafePost could not check this person: ${reply?.error ?? "no answer"}`);
    if (!reply?.ok || !reply.verdict?.warn) return "continue";
    const { verdict, contact } = reply;
    const action = CONTACT_ACTIONS[found.kind];
    const choice = await overlay.ask({
      name: person.name || person.handle || "this person",
      verb: action.verb,
      stopLabel: action.stop,
      verdict,
      blocking: contact.action === "block",
      allowFamily: contact.allowFamily,
    });
    if (choice === "family") {
      const saved = await sendToWorker({
        type: MESSAGES.contentToBackground.rememberFamily,
        person,
        platform: setup?.platform ?? null,
      });
      if (!saved?.ok) return "stop";
      verdicts.delete(personKey(person));
      scheduleScan();
      return "continue";
    }
    return choice;
  }

  /** The original action, exactly once: the same click again, which this guard lets through. */
  function replay(button, original) {
    replaying = true;
    try {
      replayClick(button, original);
    } finally {
      replaying = false;
    }
  }

  // ---- Badges beside people in lists

  // At most one scan per interval: a page that changes all the time (a feed) still gets scanned.
  let scanTimer = null;
  function scheduleScan() {
    if (scanTimer) return;
    scanTimer = setTimeout(() => {
      scanTimer = null;
      scan().catch(() => {});
    }, CONTACT_LIMITS.rescanMs);
  }

  async function scan() {
    if (!setup) return;
    const buttons = contactButtons(adapter);
    const people = new Map(); // key → { person, anchors }
    for (const button of buttons) {
      const found = personFor(button, adapter);
      if (!found?.anchor) continue;
      const key = personKey(found.person);
      if (!people.has(key)) people.set(key, { person: found.person, anchors: [] });
      const entry = people.get(key);
      if (!entry.anchors.includes(found.anchor)) entry.anchors.push(found.anchor);
      if (people.size >= CONTACT_LIMITS.scanPeople) break;
    }
    const unknown = [...people.entries()].filter(([key]) => !verdicts.has(key));
    if (unknown.length) {
      const request = sendToWorker({
        type: MESSAGES.contentToBackground.checkPeople,
        people: unknown.map(([, entry]) => entry.person),
        account: accountKind(setup),
      });
      for (const [k, [key]] of unknown.entries()) {
        remember(
          key,
          request.then((reply) => (reply?.ok ? { ok: true, verdict: reply.verdicts[k], contact: reply.contact } : reply)),
        );
      }
    }
    const marked = [];
    for (const [key, entry] of people) {
      const reply = await verdicts.get(key);
      if (reply?.verdict?.warn) for (const anchor of entry.anchors) marked.push({ anchor, verdict: reply.verdict });
    }
    overlay.showBadges(marked);
  }

  let framePending = false;
  function follow() {
    if (framePending || !overlay.badges.length) return;
    framePending = true;
    requestAnimationFrame(() => {
      framePending = false;
      overlay.placeBadges();
    });
  }

  addEventListener("click", guarded(onClick), true);
  addEventListener("pointerover", guarded(onPointerOver), { capture: true, passive: true });
  addEventListener("focusin", guarded(onPointerOver), true);
  addEventListener("scroll", guarded(follow), { capture: true, passive: true });
  addEventListener("resize", guarded(follow), { passive: true });
  // Only added elements can bring new people; removals and the page's other churn cost nothing.
  new MutationObserver(
    guarded((records) => {
      if (setup && records.some((record) => record.addedNodes.length)) scheduleScan();
    }),
  ).observe(document.documentElement, { childList: true, subtree: true });
}

/** `{ button, kind }` for a contact action at or around a click's target, or null. */
export function contactActionAt(target, adapter) {
  const button = target instanceof Element ? target.closest(CONTACT_BUTTON_LIKE) : null;
  if (!button) return null;
  const kind = contactKind(button, adapter);
  return kind ? { button, kind } : null;
}

/** The kind of contact action a button is (from the adapter, else from its label), or null. */
function contactKind(button, adapter) {
  for (const action of adapter?.contact?.actions ?? []) {
    if (safeMatches(button, action.selector)) return action.kind;
  }
  // A chat's "Send message" button sends the draft (the compose guard's part), not a first contact.
  if (adapter?.send_buttons?.some((selector) => safeMatches(button, selector))) return null;
  const label = (button.getAttribute("aria-label") ?? button.textContent ?? button.value ?? "").replace(/\s+/g, " ").trim();
  if (label.length > 30) return null;
  for (const [kind, action] of Object.entries(CONTACT_ACTIONS)) if (action.label.test(label)) return kind;
  return null;
}

/** Every contact button on the page (at most a few thousand candidates are looked at). */
function contactButtons(adapter) {
  const candidates = document.querySelectorAll(CONTACT_BUTTON_LIKE);
  if (candidates.length > CONTACT_LIMITS.scanButtons) return [];
  return [...candidates].filter((button) => contactKind(button, adapter));
}

/**
 * The person a contact button is about: `{ person: { name, handle, bio }, anchor }` where anchor is
 * the element showing their name (for a badge), or null. The adapter's person cards first, then
 * the nearest card-like ancestor with a name in it, then the profile the page is showing.
 */
function personFor(button, adapter) {
  for (const card of adapter?.contact?.people ?? []) {
    let container = null;
    try {
      container = button.closest(card.card);
    } catch {
      continue;
    }
    if (container) return personInCard(container, card, button);
  }
  const generic = genericPerson(button, adapter);
  if (generic) return generic;
  return profilePerson(adapter?.contact?.profile);
}

function personInCard(container, card, button) {
  const pick = (selectors) => pickFirst(container, selectors);
  const anchor = pick(card.name);
  const name = cleanText(anchor?.textContent);
  const link = pick(card.handle) ?? anchor?.closest("a[href]");
  const bio = cleanText(pick(card.bio)?.textContent) || cardText(container, [anchor, button]);
  if (!name && !link) return null;
  return { person: { name: name || null, handle: link?.getAttribute("href") ?? null, bio: bio || null }, anchor };
}

/** A name near the button: the first link with a name in the nearest ancestor that has one. */
function genericPerson(button, adapter) {
  let container = button.parentElement;
  for (let level = 0; container && container !== document.body && level < CONTACT_LIMITS.cardLevels; level++) {
    // A container holding several people's buttons is a list, not one person's card.
    const buttons = [...container.querySelectorAll(CONTACT_BUTTON_LIKE)].filter((b) => contactKind(b, adapter));
    if (buttons.length > 2) return null;
    for (const candidate of container.querySelectorAll(PERSON_NAME_LIKE)) {
      if (candidate === button || button.contains(candidate) || candidate.contains(button)) continue;
      const name = cleanText(candidate.textContent);
      if (!nameLike(name)) continue;
      return {
        person: { name, handle: candidate.getAttribute("href"), bio: cardText(container, [candidate, button]) || null },
        anchor: candidate,
      };
    }
    container = container.parentElement;
  }
  return null;
}

/** The person whose profile the page shows: its main heading, its address and its bio. */
function profilePerson(profile) {
  const pick = (selectors) => pickFirst(document, selectors);
  const anchor = pick(profile?.name ?? "h1") ?? pick("h1");
  const name = cleanText(anchor?.textContent);
  if (!nameLike(name)) return null;
  const bio = cleanText(pick(profile?.bio ?? "[class*='bio' i], [data-testid*='bio' i]")?.textContent).slice(0, CONTACT_LIMITS.bioChars);
  return { person: { name, handle: location.pathname.length > 1 ? location.href : null, bio: bio || null }, anchor };
}

/** A card's own words (its bio, school, mutual friends…), when short enough to be one person's. */
function cardText(container, leaveOut) {
  const text = cleanText(container.textContent);
  if (text.length > CONTACT_LIMITS.bioChars * 2) return "";
  let rest = text;
  for (const node of leaveOut) {
    const words = cleanText(node?.textContent);
    if (words) rest = rest.replace(words, " ");
  }
  return cleanText(rest).slice(0, CONTACT_LIMITS.bioChars);
}

export function nameLike(text) {
  if (!text || text.length < 3 || text.length > 60 || !/\p{L}/u.test(text)) return false;
  if (Object.values(CONTACT_ACTIONS).some((action) => action.label.test(text))) return false;
  return text.split(" ").length <= 6;
}

export function cleanText(text) {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

/** The other party of the conversation the page shows (from the adapter), for the compose guard. */
export function conversationPerson(adapter) {
  const conversation = adapter?.contact?.conversation;
  if (!conversation) return null;
  const name = cleanText(pickFirst(document, conversation.name)?.textContent);
  const handle = pickFirst(document, conversation.handle)?.getAttribute("href") ?? null;
  return name || handle ? { name: name || null, handle, bio: null } : null;
}

/**
 * The element matching the first selector of a list that matches anything under `root` (not the
 * first in document order: an adapter lists its selectors best first), or null. A selector the
 * browser cannot read is skipped.
 */
function pickFirst(root, selectorList) {
  for (const selector of splitSelectorList(selectorList ?? "")) {
    try {
      const found = root.querySelector(selector);
      if (found) return found;
    } catch {
      // Not a selector this browser reads: try the next.
    }
  }
  return null;
}

/** "a, b:is(c, d)" → ["a", "b:is(c, d)"]: commas inside brackets, parentheses or quotes stay. */
export function splitSelectorList(list) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(list.slice(start).trim());
  return parts.filter(Boolean);
}
