// Policy A2 §3.1: staff "should not set up academy, class, or subject-specific social media channels
// without authorisation from the Marketing and Communications team". Whether the name being given
// to a new Page, Group, channel or account carries an academy's or the Trust's name, a class word,
// a year group or a school subject (data/channel-names.json; names from IT's policy).
import WORDS from "../data/channel-names.json" with { type: "json" };

const escape = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
// Longest first, so "Art and Design" is matched whole rather than as "Art".
const wholeWords = (/** @type {string[]} */ list, flags) =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...list].sort((a, b) => b.length - a.length).join("|")})(?![\\p{L}\\p{N}])`, flags);

const CLASS = wholeWords(WORDS.class_words.map(escape), "iu");
const YEAR_GROUP = wholeWords(WORDS.year_groups, "iu");
const SUBJECT = wholeWords(WORDS.subjects.map(escape), "iu");
const ACRONYM = wholeWords(WORDS.subject_acronyms.map(escape), "u");
const GENERIC = new Set(WORDS.generic_name_words);

/**
 * The forms of an academy's or the Trust's name that count as naming it: the whole name, and the
 * name without its trailing generic words ("Oak Primary Academy" → "Oak Primary"), down to two
 * words: "Oak" alone would be any oak furniture page.
 * @param {string} name
 */
export function nameForms(name) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const forms = new Set([words.join(" ")]);
  while (words.length > 2 && GENERIC.has(words[words.length - 1].toLowerCase())) {
    words.pop();
    forms.add(words.join(" "));
  }
  return [...forms].filter((form) => form && !GENERIC.has(form.toLowerCase()));
}

/**
 * Why `name` looks like an academy, class or subject channel: a list of `{ kind, matched }`
 * (kind "organisation", "class", "year_group" or "subject"), empty when it does not.
 * @param {string} name
 * @param {{ name?: string, academies?: { name: string }[] } | null} organisation IT's policy's
 * @returns {{ kind: string, matched: string }[]}
 */
export function channelReasons(name, organisation) {
  const text = String(name ?? "").slice(0, 500);
  /** @type {{ kind: string, matched: string }[]} */
  const reasons = [];
  const names = [organisation?.name, ...(organisation?.academies ?? []).map((a) => a.name)].filter(Boolean);
  for (const form of names.flatMap(nameForms).sort((a, b) => b.length - a.length)) {
    const found = wholeWords([escape(form)], "iu").exec(text);
    if (found) {
      reasons.push({ kind: "organisation", matched: found[0] });
      break;
    }
  }
  /** @type {[string, RegExp][]} */
  const rules = [["class", CLASS], ["year_group", YEAR_GROUP], ["subject", SUBJECT], ["subject", ACRONYM]];
  for (const [kind, pattern] of rules) {
    const found = pattern.exec(text);
    if (found && !reasons.some((r) => r.kind === kind)) reasons.push({ kind, matched: found[0] });
  }
  return reasons;
}

/** The reasons in words: "it names Oak Primary and Year 9". */
export function reasonsInWords(reasons) {
  const parts = reasons.map((r) => `“${r.matched}”`);
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : (parts[0] ?? "");
}
