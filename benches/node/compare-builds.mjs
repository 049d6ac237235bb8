// Compares the content-check speed of two WebAssembly builds in one Node process:
//   node benches/node/compare-builds.mjs DIR_A DIR_B     (each a wasm-pack output, like pkg/)
// Separate processes on a shared machine drift by ±5 %, more than most changes are worth; here
// both engines run the same batches of Davidson tweets in turn (the order alternating), so
// drift falls on both alike. Prints each build's texts/s and B's speed relative to A's.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node benches/node/compare-builds.mjs DIR_A DIR_B');
  process.exit(2);
}
const load = async (dir) => {
  const module = await import(pathToFileURL(resolve(dir, 'safepost.js')).href);
  module.initSync({ module: readFileSync(resolve(dir, 'safepost_bg.wasm')) });
  return module.SafePost.withDefaultPolicy();
};
const engines = { A: await load(dirA), B: await load(dirB) };
const root = new URL('../../', import.meta.url);
const tsv = readFileSync(new URL('../shared/eval/text/davidson.tsv', root), 'utf8');
const tweets = tsv.split('\n').filter(Boolean).map((line) => line.split('\t').slice(2).join('\t'));

for (const engine of Object.values(engines)) for (const text of tweets) engine.checkText(text); // warm up
const time = { A: 0, B: 0 };
const batch = 500;
const rounds = 3;
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < tweets.length; i += batch) {
    const part = tweets.slice(i, i + batch);
    for (const name of (i / batch + r) % 2 ? ['A', 'B'] : ['B', 'A']) {
      const t0 = performance.now();
      for (const text of part) engines[name].checkText(text);
      time[name] += performance.now() - t0;
    }
  }
}
const perSecond = (ms) => Math.round((tweets.length * rounds) / (ms / 1000)).toLocaleString('en-GB');
console.log(`A ${perSecond(time.A)} texts/s, B ${perSecond(time.B)} texts/s, B/A ${(time.A / time.B).toFixed(3)}`);
