// Measures the optimised .wasm in Node: module compile + first engine, and URL-check
// throughput through the JavaScript bindings. Run after scripts/build.sh:
//   node benches/node/wasm-bench.mjs
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const pkg = new URL('../../pkg/', import.meta.url);
const bytes = readFileSync(new URL('safepost_bg.wasm', pkg));
const { initSync, SafePost } = await import(new URL('safepost.js', pkg));

let t0 = performance.now();
initSync({ module: bytes });
const tInit = performance.now() - t0;

t0 = performance.now();
const engine = SafePost.withDefaultPolicy();
engine.checkUrl('https://www.tiktok.com/'); // first use parses the catalogue and suffix list
const tFirst = performance.now() - t0;

t0 = performance.now();
const itEngine = new SafePost({ approved: ['youtube'], unapproved_action: 'block' });
const tPolicy = performance.now() - t0;
const tRules = (() => { const s = performance.now(); itEngine.blockRules(); return performance.now() - s; })();

const urls = [
  'https://www.facebook.com/groups/parents/permalink/1234567890/',
  'https://x.com/TrustNews/status/1790000000000000000',
  'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s',
  'https://www.tiktok.com/@someone/video/7300000000000000000',
  'https://a.b.c.d.e.f.example.org.uk/deep/path?q=1',
  'https://www.bbc.co.uk/news/education-12345678',
];
const n = 60_000;
for (let i = 0; i < 5_000; i++) engine.checkUrl(urls[i % urls.length]); // warm up
t0 = performance.now();
for (let i = 0; i < n; i++) engine.checkUrl(urls[i % urls.length]);
const perSecond = n / ((performance.now() - t0) / 1000);

const f = (ms) => `${ms.toFixed(2)} ms`;
console.log(`wasm compile + instantiate (initSync): ${f(tInit)}`);
console.log(`first engine + first check (parses catalogue and suffix list): ${f(tFirst)}`);
console.log(`engine from an IT policy: ${f(tPolicy)}; block rules: ${f(tRules)}`);
console.log(`checkUrl through the bindings: ${Math.round(perSecond).toLocaleString('en-GB')} URLs/s`);
