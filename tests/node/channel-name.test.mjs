// The channel-name rule (§3.1): names of new Pages, Groups and channels that carry an academy's or
// the Trust's name, a class word, a year group or a subject — and near misses that do not.
import assert from "node:assert/strict";
import { test } from "node:test";
import { channelReasons, nameForms, reasonsInWords } from "../../extension/channel-name.js";

const ORGANISATION = { name: "Oak Academy Trust", academies: [{ name: "Oak Primary Academy" }, { name: "Hollinbrook Academy" }] };
const kinds = (name) => channelReasons(name, ORGANISATION).map((r) => `${r.kind}:${r.matched}`);

test("an academy's or the Trust's name, in its usual short forms", () => {
  assert.deepEqual(nameForms("Oak Primary Academy"), ["Oak Primary Academy", "Oak Primary"]);
  assert.deepEqual(nameForms("Oak Academy Trust"), ["Oak Academy Trust", "Oak Academy"]);
  assert.deepEqual(nameForms("The Academy"), ["The Academy"]);
  assert.deepEqual(kinds("Oak Primary PTA fundraising"), ["organisation:Oak Primary"]);
  assert.deepEqual(kinds("hollinbrook academy netball"), ["organisation:hollinbrook academy"]);
  assert.deepEqual(kinds("Friends of Oak Academy Trust"), ["organisation:Oak Academy Trust"]);
});

test("class words, year groups and subjects", () => {
  assert.deepEqual(kinds("Year 9 revision"), ["class:revision", "year_group:Year 9"]);
  assert.deepEqual(kinds("Mr Hale's Y11 Physics"), ["year_group:Y11", "subject:Physics"]);
  assert.deepEqual(kinds("10B Maths homework help"), ["class:homework", "year_group:10B", "subject:Maths"]);
  assert.deepEqual(kinds("KS2 PE ideas"), ["year_group:KS2", "subject:PE"]);
  assert.deepEqual(kinds("Miss Carter's class"), ["class:class"]);
  assert.deepEqual(kinds("GCSE Art and Design 2027"), ["class:GCSE", "subject:Art and Design"]);
});

test("near misses: personal pages that name none of them", () => {
  for (const name of [
    "Sam's Garden Diary",
    "Gardening with Sam",
    "Classic Cars of Kent", // "class" only as a whole word
    "Artisan Bakes", // not "art"
    "Oak furniture restoration", // "Oak" alone is not the academy's name
    "Pet rescue network", // "pe" only in capitals, as a whole word
    "Trust your gut running club", // a generic word alone is no name
    "Hike club",
  ]) {
    assert.deepEqual(channelReasons(name, ORGANISATION), [], name);
  }
});

test("no policy organisation, odd and huge input", () => {
  assert.deepEqual(channelReasons("Oak Primary", null), []);
  assert.deepEqual(channelReasons("", ORGANISATION), []);
  assert.deepEqual(channelReasons(undefined, ORGANISATION), []);
  assert.deepEqual(channelReasons("\uD800 Year 7 \uDFFF", ORGANISATION), ["year_group"].map((k) => ({ kind: k, matched: "Year 7" })));
  const started = Date.now();
  channelReasons("a ".repeat(200_000), ORGANISATION);
  assert.ok(Date.now() - started < 2_000, "huge names are cut, not scanned whole");
});

test("the reasons read as a list", () => {
  assert.equal(reasonsInWords([{ kind: "a", matched: "Oak Primary" }, { kind: "b", matched: "Year 9" }]), "“Oak Primary” and “Year 9”");
  assert.equal(reasonsInWords([]), "");
});
