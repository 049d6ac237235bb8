// Contact-guard speed of the contact module's optimised .wasm (pkg-contact/) in Node, one
// thread: a large Trust's roster (7,000 rows) and a page of 500 people, from the
// roster_measure example. Also times the fast engine reading a policy holding that roster.
//   cargo run --release --example roster_measure -- --write target/roster-bench
//   node benches/node/person-bench.mjs target/roster-bench
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const dir = process.argv[2] ?? "target/roster-bench";
const root = new URL("../../", import.meta.url);
const { initSync, SafePost } = await import(new URL("pkg/safepost.js", root));
initSync({ module: readFileSync(new URL("pkg/safepost_bg.wasm", root)) });
const contact = await import(new URL("pkg-contact/safepost_contact.js", root));

const policy = JSON.parse(readFileSync(`${dir}/policy.json`, "utf8"));
const people = JSON.parse(readFileSync(`${dir}/people.json`, "utf8"));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let t0 = performance.now();
const fast = new SafePost(policy);
const build = performance.now() - t0;
t0 = performance.now();
contact.initSync({ module: readFileSync(new URL("pkg-contact/safepost_contact_bg.wasm", root)) });
const instantiate = performance.now() - t0;
t0 = performance.now();
const engine = new contact.SafePostContact(fast.policy().roster, []);
const index = performance.now() - t0;

const page = [];
const one = [];
for (let run = 0; run < 20; run++) {
  t0 = performance.now();
  engine.checkPeople(people, "personal", "2026-12-03");
  page.push(performance.now() - t0);
  t0 = performance.now();
  for (const person of people) engine.checkPerson(person, "personal", "2026-12-03");
  one.push(performance.now() - t0);
}
console.log(`fast engine from a policy with the roster (JSON in, validated): ${build.toFixed(1)} ms`);
console.log(`contact module: instantiate ${instantiate.toFixed(1)} ms; checker with the roster's index ${index.toFixed(1)} ms`);
console.log(`a page of 500 people in one checkPeople call: median ${median(page).toFixed(2)} ms of 20`);
console.log(`the same 500 as 500 checkPerson calls: median ${median(one).toFixed(2)} ms of 20`);
