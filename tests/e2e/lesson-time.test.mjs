// Lesson time (§5.3: "the use of social media accounts during lesson time is not permitted"),
// with a timetable in IT's policy set around the machine's own clock: a reminder on a social
// platform during a period, none outside one, none on the academy's official account or on
// IT's exceptions; a draft written then carries a §5.3 finding.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useSafePost, readBanner, waitForBanner, waitForCompose, delay, LESSON_NODE_NAME } from "./harness.mjs";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const hhmm = (minute) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** A timetable for today (local time) whose one period holds the current minute, or avoids it. */
function timetable(during) {
  const now = new Date();
  const minute = now.getHours() * 60 + now.getMinutes();
  let period;
  if (during) {
    period = { name: "Period 3", start: hhmm(Math.max(0, minute - 30)), end: hhmm(Math.min(1440, minute + 30)) };
  } else if (minute >= 120) {
    period = { name: "Period 1", start: "00:00", end: hhmm(minute - 60) };
  } else {
    period = { name: "Period 1", start: hhmm(minute + 60), end: "24:00" };
  }
  return { weekdays: { [WEEKDAYS[now.getDay()]]: [period] } };
}

const FACEBOOK = "https://www.facebook.com/facebook.html"; // signed in as "Sam Teacher"

/** Writes a draft with a §5.5 word, so the panel shows once checked: it must carry no §5.3. */
async function noLessonWarning(browser) {
  const page = await browser.open(FACEBOOK);
  await page.click("#composer");
  await page.keyboard.type("Lovely assembly this morning! It is shit.");
  const state = await waitForCompose(page, (s) => s.panel && /§5\.5/.test(s.panel.text), "the panel");
  assert.doesNotMatch(state.panel.text, /§5\.3/);
  assert.equal((await readBanner(page, LESSON_NODE_NAME)).present, false);
}

describe("during a lesson", () => {
  const lesson = timetable(true);
  const browser = useSafePost({
    managedPolicy: { lesson_times: lesson, exceptions: [{ domain: "www.reddit.com", note: "the academy's subject community" }] },
  });

  test("a social platform shows the reminder, naming the period and its end, citing §5.3", async () => {
    const page = await browser.open(FACEBOOK);
    const banner = await waitForBanner(page, 20_000, LESSON_NODE_NAME);
    const period = lesson.weekdays[Object.keys(lesson.weekdays)[0]][0];
    assert.match(banner.text, /§5\.3/);
    assert.match(banner.text, new RegExp(`Period 3, until ${period.end}`));
    assert.match(banner.text, /not to be used during lesson time/);
    // Facebook is approved: no unapproved-platform banner beside it.
    assert.equal((await readBanner(page)).present, false);
  });

  test("a draft written then carries a §5.3 finding, and nothing is changed in it", async () => {
    const page = await browser.open(FACEBOOK);
    await page.click("#composer");
    await page.keyboard.type("Lovely assembly this morning!");
    const state = await waitForCompose(page, (s) => s.panel && /§5\.3/.test(s.panel.text), "the §5.3 finding");
    assert.match(state.panel.text, /Lesson time/);
    assert.equal(await page.textContent("#composer"), "Lovely assembly this morning!");
  });

  test("IT's exception shows no reminder", async () => {
    const page = await browser.open("https://www.reddit.com/reddit.html");
    await delay(3_000); // the page check has answered long before this
    assert.equal((await readBanner(page, LESSON_NODE_NAME)).present, false);
  });
});

describe("during a lesson, on the academy's official account", () => {
  const browser = useSafePost({
    managedPolicy: { lesson_times: timetable(true), official_accounts: { facebook: ["Sam Teacher"] } },
  });

  test("no reminder and no §5.3 finding", () => noLessonWarning(browser));
});

describe("outside every period", () => {
  const browser = useSafePost({ managedPolicy: { lesson_times: timetable(false) } });

  test("no reminder and no §5.3 finding", () => noLessonWarning(browser));
});
