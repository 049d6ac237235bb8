// Lint of the compose-guard adapter descriptors (extension/adapters/): every file is listed,
// has exactly the known keys, names a platform the engine knows with hosts that are that
// platform's, valid CSS selectors, surfaces the engine accepts and an account pattern that
// compiles with a capture group. Run after scripts/build.sh (it asks the optimised .wasm).
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";
import { parse as parseSelector } from "css-what";
import { SafePost, initSync } from "../../pkg/safepost.js";

initSync({ module: readFileSync(new URL("../../pkg/safepost_bg.wasm", import.meta.url)) });
const engine = SafePost.withDefaultPolicy();

const DIR = new URL("../../extension/adapters/", import.meta.url);
const index = JSON.parse(readFileSync(new URL("index.json", DIR), "utf8"));
const SURFACES = ["post", "comment", "message", "profile"];

test("index.json lists every adapter file exactly once", () => {
  const files = readdirSync(DIR).filter((name) => name.endsWith(".json") && name !== "index.json").sort();
  assert.deepEqual([...index].sort(), files);
  assert.equal(new Set(index).size, index.length);
});

for (const name of index) {
  test(`adapters/${name}`, () => {
    const adapter = JSON.parse(readFileSync(new URL(name, DIR), "utf8"));
    const known = ["platform", "hosts", "fields", "send_buttons", "account", "contact", "channels"];
    for (const key of Object.keys(adapter)) assert.ok(known.includes(key), `unknown key "${key}"`);
    for (const key of ["platform", "hosts", "fields", "send_buttons"]) assert.ok(key in adapter, `has "${key}"`);

    const verdict = engine.platformVerdict(adapter.platform);
    assert.ok(verdict, `"${adapter.platform}" is a platform in the catalogue`);
    for (const host of adapter.hosts) {
      assert.equal(engine.checkUrl(`https://${host}/`).platform?.id, adapter.platform, `${host} belongs to ${adapter.platform}`);
    }

    const selectors = [...adapter.fields.map((field) => field.selector), ...adapter.send_buttons];
    if (adapter.account) selectors.push(adapter.account.selector);
    if (adapter.contact) selectors.push(...contactSelectors(adapter.contact));
    if (adapter.channels) selectors.push(...channelSelectors(adapter.channels));
    for (const selector of selectors) assert.doesNotThrow(() => parseSelector(selector), `valid selector: ${selector}`);

    assert.ok(adapter.fields.length > 0);
    for (const field of adapter.fields) {
      assert.deepEqual(Object.keys(field).sort(), ["enter_sends", "selector", "surface"]);
      assert.ok(SURFACES.includes(field.surface), `surface "${field.surface}" is one of ${SURFACES.join(", ")}`);
      assert.equal(typeof field.enter_sends, "boolean");
    }

    if (adapter.account) {
      const keys = Object.keys(adapter.account).sort();
      assert.ok(["pattern", "selector"].every((key) => keys.includes(key)) && keys.every((key) => ["attribute", "pattern", "selector"].includes(key)), `account keys: ${keys}`);
      const pattern = new RegExp(adapter.account.pattern, "u");
      assert.ok(new RegExp(`${pattern.source}|`).exec("").length > 1, "the account pattern captures the handle");
    }
  });
}

const CONTACT_KINDS = ["befriend", "accept", "follow", "message", "connect"];

const CHANNEL_WHATS = ["Page", "Group", "channel", "account", "community", "server"];

/** Checks an adapter's creation flows (§3.1) and returns their selectors. */
function channelSelectors(channels) {
  assert.ok(Array.isArray(channels) && channels.length > 0, "channels lists the platform's creation flows");
  const selectors = [];
  for (const flow of channels) {
    assert.deepEqual(Object.keys(flow).sort(), ["create", "name", "path", "what"], "channels[]: what, path, name, create");
    assert.ok(CHANNEL_WHATS.includes(flow.what), `what "${flow.what}" is one of ${CHANNEL_WHATS.join(", ")}`);
    assert.ok(flow.path.startsWith("^/"), `path "${flow.path}" is anchored at the start of the URL's path`);
    assert.doesNotThrow(() => new RegExp(flow.path, "i"), `path "${flow.path}" compiles`);
    selectors.push(flow.name, flow.create);
  }
  return selectors;
}

/** Checks an adapter's contact descriptor (§5.3, §5.6) and returns its selectors. */
function contactSelectors(contact) {
  const only = (value, keys, required, what) => {
    for (const key of Object.keys(value)) assert.ok(keys.includes(key), `${what}: unknown key "${key}"`);
    for (const key of required) assert.equal(typeof value[key], "string", `${what}: "${key}" is a selector`);
  };
  only(contact, ["actions", "people", "profile", "conversation"], [], "contact");
  assert.ok(contact.actions?.length > 0, "contact.actions lists the platform's contact buttons");
  const selectors = [];
  for (const action of contact.actions) {
    only(action, ["selector", "kind"], ["selector"], "contact.actions[]");
    assert.ok(CONTACT_KINDS.includes(action.kind), `kind "${action.kind}" is one of ${CONTACT_KINDS.join(", ")}`);
    selectors.push(action.selector);
  }
  for (const card of contact.people ?? []) {
    only(card, ["card", "name", "handle", "bio"], ["card", "name"], "contact.people[]");
    selectors.push(...Object.values(card));
  }
  if (contact.profile) {
    only(contact.profile, ["name", "bio"], ["name"], "contact.profile");
    selectors.push(...Object.values(contact.profile));
  }
  if (contact.conversation) {
    only(contact.conversation, ["name", "handle"], ["name"], "contact.conversation");
    selectors.push(...Object.values(contact.conversation));
  }
  return selectors;
}
