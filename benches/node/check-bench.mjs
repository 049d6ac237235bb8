// Content-check speed of the optimised .wasm in Node, one thread. Run after scripts/build.sh:
//   node benches/node/check-bench.mjs
// Reads the Davidson tweets from ../shared/eval (the development data beside the checkout).
// A first engine is timed in fresh processes (it includes compiling the code it runs), and
// the median of those runs is reported, as one run on a busy machine says little. It is timed
// twice: as Node runs it, and with V8's background threads off (--single-threaded), which
// leaves the engine's own work: on a 2-core machine, V8 optimising the module in the
// background takes a core from the engine being built.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = new URL('../../', import.meta.url);
const { initSync, SafePost } = await import(new URL('pkg/safepost.js', root));
initSync({ module: readFileSync(new URL('pkg/safepost_bg.wasm', root)) });

let t0 = performance.now();
const engine = SafePost.withDefaultPolicy();
const constructionOnly = performance.now() - t0;
engine.checkText('warm the lazily built tables');
const construction = performance.now() - t0;
if (process.argv.includes('--first')) {
  console.log(JSON.stringify([constructionOnly, construction]));
  process.exit(0);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fresh = (flags) => Array.from({ length: 21 }, () =>
  JSON.parse(execFileSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--first'], { encoding: 'utf8' })));
const firsts = fresh([]);
const ownWork = fresh(['--single-threaded']);

const tsv = readFileSync(new URL('../shared/eval/text/davidson.tsv', root), 'utf8');
const tweets = tsv.split('\n').filter(Boolean).map((line) => line.split('\t').slice(2).join('\t'));

t0 = performance.now();
const itEngine = new SafePost({ content: { add_terms: [{ term: 'oakies', category: 'disrepute', severity: 'medium' }] } });
itEngine.checkText('the first check builds its rules, with the new term');
const itConstruction = performance.now() - t0;
itEngine.free();

// Warm up with one pass over the tweets, so that V8 has optimised every path the timed
// rounds take: with 2,000 tweets some were still in its baseline compiler, and the figure
// measured the tiering as much as the engine (about 6 % lower).
for (const text of tweets) engine.checkText(text);
const rounds = 2;
let flagged = 0;
t0 = performance.now();
for (let r = 0; r < rounds; r++) {
  for (const text of tweets) flagged += engine.checkText(text).findings.length > 0 ? 1 : 0;
}
const perSecond = (tweets.length * rounds) / ((performance.now() - t0) / 1000);

// A 5,000-character post: ordinary prose with a few problems in it.
const sentence = 'Well done to Year 9 on a brilliant trip to the coast, and thanks to all the staff who helped. ';
const post = (sentence.repeat(Math.ceil(5000 / sentence.length)).slice(0, 4950) + ' you absolute idiot, DM me').slice(0, 5000);
const times = [];
for (let i = 0; i < 500; i++) {
  const s = performance.now();
  engine.checkText(post);
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(3);

const quartile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
const report = (what, runs) => {
  const constructions = runs.map((f) => f[0]);
  console.log(`engine from the default policy, ${what} (median of ${runs.length}): ` +
    `${median(constructions).toFixed(2)} ms (quartiles ${quartile(constructions, 0.25).toFixed(1)} / ${quartile(constructions, 0.75).toFixed(1)} ms); ` +
    `with its first content check, which builds the content rules: ${median(runs.map((f) => f[1])).toFixed(2)} ms`);
};
report('fresh process', firsts);
report('fresh process, V8 background threads off', ownWork);
console.log(`engine from an IT policy with its own terms, with its first content check: ${itConstruction.toFixed(2)} ms`);
console.log(`checkText over ${tweets.length} Davidson tweets x${rounds}: ${Math.round(perSecond).toLocaleString('en-GB')} texts/s (${flagged} with findings)`);
console.log(`5,000-character post: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
