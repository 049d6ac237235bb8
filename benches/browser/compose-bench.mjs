// Browser benchmark of the compose guard (Debian Chromium + the built extension, as the
// end-to-end tests run it): prints a Markdown table for the README.
//   1. check latency: from a check being triggered (after the pause in typing) to the overlay
//      showing its result, on a 2,000-character post in Facebook's Lexical editor;
//   2. cost on a page of 10,000 elements: long tasks (> 50 ms) and typing time, with and without
//      SafePost (while it starts, then with its findings drawn);
//   3. typing at the end of a long textarea draft whose many findings are drawn;
//   4. service-worker cold start: the first check after Chromium stops the worker, which
//      re-creates the WASM engine;
//   5. large pages (10,000 and 50,000 elements; a textarea and a contenteditable editor; keys in
//      a burst and one by one): long tasks while typing with findings drawn, and the main
//      thread's style, layout and script time from a Performance trace, with and without SafePost.
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
  return evaluateInContentScript(page, "globalThis.safepost.composeTimings.slice()");
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

/** Collects the page's long tasks (> 50 ms) in `window.longTasks` from its first script on. */
function observeLongTasks(page) {
  return page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask", buffered: true });
  });
}

async function bigPage(extension) {
  const browser = await startSafePost({ extension });
  try {
    const page = await browser.context.newPage();
    await observeLongTasks(page);
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

const TRACE_CATEGORIES = "devtools.timeline,disabled-by-default-devtools.timeline";

/**
 * Typing on a large page (`posts` articles of four elements around one comment box, a textarea
 * or a contenteditable `editor`), keys in a `burst` (as fast as they come) or `one-by-one`
 * (80 ms apart, a quick typist), with or without SafePost. The draft has findings drawn before
 * the measured typing starts, so each key press redraws them. Counts the long tasks (> 50 ms)
 * while typing and sums, from a Performance trace of the same stretch, the main thread's time in
 * style, layout and script.
 */
async function largePage({ extension, posts, editor, keys }) {
  const browser = await startSafePost({ extension });
  try {
    const page = await browser.context.newPage();
    await observeLongTasks(page);
    await page.goto(`https://www.facebook.com/big-page.html?posts=${posts}&editor=${editor}`);
    await page.waitForFunction((posts) => document.getElementsByTagName("article").length === posts, posts, { timeout: 60_000 });
    const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
    await page.click("#box");
    await page.keyboard.type("What a wonderful day at the fair, you idiot. ");
    let overlay = false;
    for (let waited = 0; extension && !overlay && waited < 20_000; waited += 250) {
      await delay(250);
      overlay = (await readCompose(page)).marks.length > 0;
    }
    await delay(1000);
    await page.evaluate(() => { window.longTasks = []; });
    const cdp = await browser.context.newCDPSession(page);
    const events = [];
    cdp.on("Tracing.dataCollected", ({ value }) => events.push(...value));
    const traced = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.start", { categories: TRACE_CATEGORIES, transferMode: "ReportEvents" });
    const text = "Lovely to see so many families, thank you you idiot. ".repeat(4);
    const started = Date.now();
    await page.keyboard.type(text, { delay: keys === "burst" ? 0 : 80 });
    const typed = Date.now() - started;
    await delay(1500);
    await cdp.send("Tracing.end");
    await traced;
    const longTasks = await page.evaluate(() => window.longTasks);
    return { nodes, typed, longTasks, overlay, trace: mainThreadTime(events) };
  } finally {
    await browser.close();
  }
}

/**
 * Milliseconds the page's main thread spent on style, layout and script (JavaScript called from
 * events, timers and animation frames: the page's and SafePost's) in a trace. The trace holds
 * every process; the page's main thread is the one that dispatched the most events (the keys).
 */
function mainThreadTime(events) {
  const dispatched = new Map();
  for (const e of events) {
    if (e.ph === "X" && e.name === "EventDispatch") dispatched.set(`${e.pid}:${e.tid}`, (dispatched.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  }
  const main = [...dispatched].sort((a, b) => b[1] - a[1])[0]?.[0];
  const sum = (names) => events
    .filter((e) => e.ph === "X" && `${e.pid}:${e.tid}` === main && names.includes(e.name))
    .reduce((total, e) => total + (e.dur ?? 0) / 1000, 0);
  return { style: sum(["UpdateLayoutTree"]), layout: sum(["Layout"]), script: sum(["FunctionCall"]) };
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

// SAFEPOST_BENCH_ONLY=large runs the large-page rows alone.
const ONLY_LARGE = process.env.SAFEPOST_BENCH_ONLY === "large";
let latency;
let cold;
let textarea;
let withSafePost;
let without;
if (!ONLY_LARGE) {
  const browser = await startSafePost();
  try {
    latency = await checkLatency(browser);
    cold = await coldStarts(browser);
    textarea = await longTextarea(browser);
  } finally {
    await browser.close();
  }
  withSafePost = await bigPage(true);
  without = await bigPage(false);
  if (!withSafePost.overlay) throw new Error("SafePost did not check the big page's comment box");
}
const large = [];
for (const posts of [2_500, 12_500]) {
  for (const editor of ["textarea", "rich"]) {
    for (const keys of ["burst", "one-by-one"]) {
      const [on, off] = [await largePage({ extension: true, posts, editor, keys }), await largePage({ extension: false, posts, editor, keys })];
      if (!on.overlay) throw new Error(`SafePost drew no findings on the ${posts}-post page's ${editor}`);
      large.push({ posts, editor, keys, on, off });
    }
  }
}

const ms = (value) => `${value.toFixed(1)} ms`;
const maxTask = (tasks) => (tasks.length ? ms(Math.max(...tasks)) : "none");
console.log(`| measure | result |`);
console.log(`|---|---|`);
if (!ONLY_LARGE) {
  console.log(`| check → overlay, 2,000-character post (${latency.length} checks) | p50 ${ms(percentile(latency, 50))}, p95 ${ms(percentile(latency, 95))}, max ${ms(Math.max(...latency))} |`);
  console.log(`| typing 60 characters at the end of a 3,100-character textarea draft with 60 findings drawn (3 rounds) | ${textarea.map((t) => `${t} ms`).join(", ")} |`);
  console.log(`| first check after the service worker was stopped (${cold.length} runs) | median ${ms(percentile(cold, 50))}, max ${ms(Math.max(...cold))} |`);
  console.log(`| page of ${withSafePost.nodes.toLocaleString("en-GB")} elements: long tasks with / without SafePost | ${withSafePost.longTasks.length} (longest ${maxTask(withSafePost.longTasks)}) / ${without.longTasks.length} (longest ${maxTask(without.longTasks)}) |`);
  console.log(`| same page: load, typing 184 characters, with / without SafePost | load ${withSafePost.loaded} / ${without.loaded} ms; typing ${withSafePost.typed} / ${without.typed} ms |`);
  console.log(`| same page: typing 168 more characters with the guard running and findings drawn, with / without SafePost | ${withSafePost.typedAgain} / ${without.typedAgain} ms |`);
}
const traceCell = (t) => `style ${t.style.toFixed(0)} · layout ${t.layout.toFixed(0)} · script ${t.script.toFixed(0)} ms`;
for (const { editor, keys, on, off } of large) {
  console.log(`| page of ${on.nodes.toLocaleString("en-GB")} elements, ${editor === "rich" ? "a contenteditable editor" : "a textarea"}, 212 characters typed ${keys === "burst" ? "in a burst" : "one by one (80 ms apart)"} with findings drawn: long tasks with / without SafePost; main thread (Performance trace) | ${on.longTasks.length} (longest ${maxTask(on.longTasks)}) / ${off.longTasks.length} (longest ${maxTask(off.longTasks)}); ${traceCell(on.trace)} / ${traceCell(off.trace)}; typing ${on.typed} / ${off.typed} ms |`);
}
