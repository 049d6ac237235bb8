// The contact module's optimised .wasm (pkg-contact/, as the extension loads it) and the native
// CLI (`safepost person --jsonl`) give identical verdicts for the same people, roster and policy:
// names from tests/cases/roster.csv and their variants, handles and bios, from both kinds of
// account. Run after scripts/build.sh.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = new URL("../../", import.meta.url);
const REPO = fileURLToPath(root);
const contact = await import(new URL("pkg-contact/safepost_contact.js", root));
contact.initSync({ module: fs.readFileSync(new URL("pkg-contact/safepost_contact_bg.wasm", root)) });

const cli = (args, input) =>
  execFileSync("cargo", ["run", "--quiet", "--bin", "safepost", "--", ...args], { cwd: REPO, encoding: "utf8", input });

const NAMES = ["Chloe Smith", "CHLOÉ smith 🌸", "Chloe Louise Smith", "Zo O'Brien-Hart", "Zoe OBrien Hart", "Mohammed Khan",
  "Sam Jones", "Priya Patel", "Dan Smith", "Aisha Khan", "Chloe Smyth", "Chloe", "Jane Smith", "Анна Петрова", "", "\u202eChloe"];
const HANDLES = [null, "@chloe.smith_2014", "https://www.facebook.com/dan.smith.12", "@x_1", "zoobrienhart"];
const BIOS = [null, "Year 9 at Riverside High 🏫", "Student at Elm Academy", "Class of 2031", "15 y/o | she/her",
  "Busy mum of two at Oak Primary 💙", "I teach Year 9 and Year 11 maths", "Proud parent of a Year 9 pupil",
  "Teaching assistant at Oak Primary Academy", "Uni student, Leeds", "I'm 14 and I love drawing"];

test("native and WebAssembly verdicts are identical", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "safepost-parity-"));
  try {
    fs.writeFileSync(path.join(dir, "trust.key"), cli(["roster", "key"]));
    const roster = JSON.parse(cli(["roster", "build", "tests/cases/roster.csv", "--key-file", path.join(dir, "trust.key"), "--date", "2026-12-03"]));
    const academies = ["Oak Primary Academy", "Elm Academy"];
    const policy = { roster, organisation: { name: "Oak Trust", academies: academies.map((name) => ({ name })) } };
    fs.writeFileSync(path.join(dir, "policy.json"), JSON.stringify(policy));
    const checker = new contact.SafePostContact(roster, academies);

    const people = [];
    NAMES.forEach((name, i) => {
      people.push({ name, handle: HANDLES[i % HANDLES.length], bio: BIOS[i % BIOS.length] });
      for (const bio of BIOS) people.push({ name: i % 3 ? null : name, handle: null, bio });
    });
    for (const account of ["personal", "official"]) {
      const input = people.map((p) => JSON.stringify(p)).join("\n");
      const native = cli(["person", "--jsonl", "--account", account, "--policy", path.join(dir, "policy.json"), "--date", "2026-12-03"], input)
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      const wasm = JSON.parse(JSON.stringify(checker.checkPeople(people, account, "2026-12-03")));
      assert.equal(native.length, people.length);
      assert.deepEqual(wasm, native);
      assert.ok(native.some((v) => v.relation === "pupil") && native.some((v) => v.relation === "parent"));
      assert.ok(native.some((v) => v.relation === "pupil_elsewhere") && native.some((v) => v.relation === "none"));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
