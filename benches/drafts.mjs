// Drafts of the Policy A2 corpus (data/corpus/drafts/) joined to a length: what the deeper check's
// benchmarks score, in Node and in the browser alike.
import fs from "node:fs";

const folder = new URL("../data/corpus/drafts/", import.meta.url);
// The first round's files only (data/corpus/rounds.json), so the benchmarks score the same drafts
// as the corpus grows.
const FIRST_ROUND = JSON.parse(fs.readFileSync(new URL("../rounds.json", folder), "utf8"))["1"];

const all = FIRST_ROUND.flatMap((name) => fs.readFileSync(new URL(name, folder), "utf8").split("\n").filter(Boolean))
  .map((line) => JSON.parse(line));
const drafts = all.map((d) => d.text);
const ordinary = all.filter((d) => d.kind === "ordinary").map((d) => d.text);

function joined(texts, length, offset) {
  let text = "";
  for (let i = offset; text.length < length; i++) text += (text ? " " : "") + texts[i % texts.length];
  return text.slice(0, length);
}

/** A draft of `length` characters: corpus drafts from the `offset`-th on, joined by spaces. */
export function draftOf(length, offset) {
  return joined(drafts, length, offset);
}

/** The same from the corpus's ordinary posts only: what staff mostly write, and mostly pass. */
export function ordinaryDraftOf(length, offset) {
  return joined(ordinary, length, offset);
}
