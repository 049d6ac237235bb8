// Browser benchmark of the compose guard (Debian Chromium + the built extension, as the
// end-to-end tests run it): prints a Markdown table for the README.
//   1. check latency: from a check being triggered (after the pause in typing) to the overlay
//      showing its result, on a 2,000-character post in Facebook's Lexical editor;
//   2. cost on a page of 10,000 elements: long tasks (> 50 ms) and typing time, with and without
//      SafePost (while it starts, then with its findings drawn);
//   3. typing at the end of a long textarea draft whose many findings are drawn;
//   4. service-worker cold start: the first check after Chromium stops the worker, which
//      re-creates the WASM engine.
// Run after scripts/build.sh:  node benches/browser/compose-bench.mjs
import { delay, evaluateInContentScript, pollUntil, readCompose, startSafePost } from "../../tests/e2e/harness.mjs";

const SAMPLES = Number(process.env.SAFEPOST_BENCH_SAMPLES ?? 60);
const COLD_STARTS = 5;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A 2,000-character draft with findings spread through it. */
function longDraft() {
  const sentences = [
    "Thank you to everyone who came to the summer fair on Saturday.",
    "The raffle raised a record amount for the library.",
    "Some idiot left the gate open again.",
    "Year 10 will visit the science museum next term.",
    "Please ring 07700 900123 if you can help.",
  ];
  let text = "";
  for (let i = 0; text.length < 2000; i++) text += `${sentences[i % sentences.length]} `;
  return text.slice(0, 2000);
}

async function timings(page) {
  return evaluateInContentScript(page, "globalThis.SAFEPOST_COMPOSE_TIMINGS.slice()");
}

async function nextTiming(page, seen, timeout = 30_000) {
  const all = await pollUntil(() => timings(page), (t) => t.length > seen, "a check to complete", timeout, 20);
  return all[all.length - 1];
}

async function checkLatency(browser) {
  const page = await browser.open("https://www.facebook.com/facebook.html");
  await page.click("#composer");
  await page.keyboard.insertText(longDraft());
  await nextTiming(page, 0);
  const samples = [];
  for (let i = 0; i < SAMPLES; i++) {
    const seen = (await timings(page)).length;
    await page.keyboard.type(i % 2 ? "a" : " ");
    samples.push(await nextTiming(page, seen));
  }
  const state = await readCompose(page);
  if (!state.panel || state.marks.length === 0) throw new Error("the overlay did not show the draft's findings");
  await page.close();
  return samples;
}

async function bigPage(extension) {
  const browser = await startSafePost({ extension });
  try {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask", buffered: true });
    });
    const loadStart = Date.now();
    await page.goto("https://www.facebook.com/big-page.html");
    await page.waitForFunction(() => document.getElementsByTagName("article").length === 2500);
    const loaded = Date.now() - loadStart;
    const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
    await page.click("#box");
    const typeStart = Date.now();
    await page.keyboard.type("What a wonderful day at the fair, you idiot. ".repeat(4));
    const typed = Date.now() - typeStart;
    // In a fresh browser the first page waits for the first read of managed storage (~2.5 s).
    let overlay = false;
    for (let waited = 0; extension && !overlay && waited < 15_000; waited += 250) {
      await delay(250);
      overlay = (await readCompose(page)).panel !== null;
    }
    await delay(1000);
    // Again with the guard running and the draft's findings drawn, so that every key press
    // redraws them: the cost a user feels while writing.
    await page.click("#box");
    const againStart = Date.now();
    await page.keyboard.type(" And the same again. ".repeat(8));
    const typedAgain = Date.now() - againStart;
    await delay(1000);
    const longTasks = await page.evaluate(() => window.longTasks);
    return { nodes, loaded, typed, typedAgain, longTasks, overlay };
  } finally {
    await browser.close();
  }
}

/** Typing at the end of a long textarea draft with 60 findings drawn (60 characters, 3 rounds). */
async function longTextarea(browser) {
  const page = await browser.open("https://www.tiktok.com/compose-generic.html");
  await page.evaluate(() => Object.assign(document.querySelector("#react").style, { height: "300px" }));
  await page.click("#react");
  await page.keyboard.insertText("Thanks to everyone who came to the fair, you idiot. ".repeat(60));
  await pollUntil(() => readCompose(page), (s) => s.marks.length > 0, "the draft's highlights", 30_000);
  await delay(1000);
  await page.keyboard.press("Control+End");
  const rounds = [];
  for (let round = 0; round < 3; round++) {
    const start = Date.now();
    await page.keyboard.type("Well done all. ".repeat(4));
    rounds.push(Date.now() - start);
    await delay(1500);
  }
  await page.close();
  return rounds;
}

async function coldStarts(browser) {
  const results = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    const page = await browser.open("https://www.facebook.com/facebook.html");
    await page.click("#composer");
    await page.keyboard.type("Warm");
    const seen = (await timings(page)).length;
    await nextTiming(page, seen - 1);
    await browser.stopServiceWorker();
    const before = (await timings(page)).length;
    await page.keyboard.type(" you idiot");
    results.push(await nextTiming(page, before));
    await page.close();
  }
  return results;
}

const browser = await startSafePost();
let latency;
let cold;
let textarea;
try {
  latency = await checkLatency(browser);
  cold = await coldStarts(browser);
  textarea = await longTextarea(browser);
} finally {
  await browser.close();
}
const withSafePost = await bigPage(true);
const without = await bigPage(false);
if (!withSafePost.overlay) throw new Error("SafePost did not check the big page's comment box");

const ms = (value) => `${value.toFixed(1)} ms`;
const maxTask = (tasks) => (tasks.length ? ms(Math.max(...tasks)) : "none");
console.log(`| measure | result |`);
console.log(`|---|---|`);
console.log(`| check → overlay, 2,000-character post (${latency.length} checks) | p50 ${ms(percentile(latency, 50))}, p95 ${ms(percentile(latency, 95))}, max ${ms(Math.max(...latency))} |`);
console.log(`| typing 60 characters at the end of a 3,100-character textarea draft with 60 findings drawn (3 rounds) | ${textarea.map((t) => `${t} ms`).join(", ")} |`);
console.log(`| first check after the service worker was stopped (${cold.length} runs) | median ${ms(percentile(cold, 50))}, max ${ms(Math.max(...cold))} |`);
console.log(`| page of ${withSafePost.nodes.toLocaleString("en-GB")} elements: long tasks with / without SafePost | ${withSafePost.longTasks.length} (longest ${maxTask(withSafePost.longTasks)}) / ${without.longTasks.length} (longest ${maxTask(without.longTasks)}) |`);
console.log(`| same page: load, typing 184 characters, with / without SafePost | load ${withSafePost.loaded} / ${without.loaded} ms; typing ${withSafePost.typed} / ${without.typed} ms |`);
console.log(`| same page: typing 168 more characters with the guard running and findings drawn, with / without SafePost | ${withSafePost.typedAgain} / ${without.typedAgain} ms |`);
