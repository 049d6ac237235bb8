// Drafts of the Policy A2 corpus (data/corpus/drafts/) joined to a length: what the deeper check's
// benchmarks score, in Node and in the browser alike.
import fs from "node:fs";

const folder = new URL("../data/corpus/drafts/", import.meta.url);
// The first round's files only (data/corpus/rounds.json), so the benchmarks score the same drafts
// as the corpus grows.
const FIRST_ROUND = JSON.parse(fs.readFileSync(new URL("../rounds.json", folder), "utf8"))["1"];

const drafts = FIRST_ROUND.flatMap((name) => fs.readFileSync(new URL(name, folder), "utf8").split("\n").filter(Boolean))
  .map((line) => JSON.parse(line).text);

/** A draft of `length` characters: corpus drafts from the `offset`-th on, joined by spaces. */
export function draftOf(length, offset) {
  let text = "";
  for (let i = offset; text.length < length; i++) text += (text ? " " : "") + drafts[i % drafts.length];
  return text.slice(0, length);
}
