// The contact guard's pure helpers, imported from the content script's module.
import assert from "node:assert/strict";
import { test } from "node:test";
import { splitSelectorList, nameLike, cleanText, CONTACT_ACTIONS } from "../../extension/contact-guard.js";

test("adapter selector lists split at top-level commas only", () => {
  assert.deepEqual([...splitSelectorList("a, b:is(c, d), [x=\",\"] , e")], ["a", "b:is(c, d)", '[x=","]', "e"]);
  assert.deepEqual([...splitSelectorList("[aria-label='Add friend'], [aria-label='Add Friend']")], [
    "[aria-label='Add friend']",
    "[aria-label='Add Friend']",
  ]);
  assert.deepEqual([...splitSelectorList("")], []);
  assert.deepEqual([...splitSelectorList(" , a ,")], ["a"]);
});

test("a person's name is a short text with letters that is not a button label", () => {
  for (const name of ["Chloe Smith", "Zoë O'Brien-Hart", "chloe.smith_2014", "Анна Петрова"]) assert.ok(nameLike(name), name);
  for (const text of ["", "Jo", "12345", "Follow", "Add friend", "a very long line of text that is certainly not a name at all, more than sixty"]) {
    assert.ok(!nameLike(text), text);
  }
  assert.equal(cleanText("  Chloe \n  Smith "), "Chloe Smith");
});

test("every contact action has a label pattern, a verb and a stop button", () => {
  for (const [kind, action] of Object.entries(CONTACT_ACTIONS)) {
    assert.equal(typeof action.label.test, "function", kind);
    assert.match(action.stop, /^Don't /, kind);
    assert.ok(action.verb.length > 0, kind);
  }
  assert.ok(CONTACT_ACTIONS.befriend.label.test("Add Friend"));
  assert.ok(CONTACT_ACTIONS.accept.label.test("Confirm"));
  assert.ok(!CONTACT_ACTIONS.message.label.test("Messages"));
});
