// The extension's side of lesson time (extension/lesson-time.js): the device's local date and
// minute, handed to the engine (the built .wasm) with the policy's timetable, across the UK clock
// changes — a 09:30 lesson is at 09:30 on the clock in GMT and in BST.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { initSync, SafePost } from "../../pkg/safepost.js";
import { localMoment, lessonNow, lessonFinding } from "../../extension/lesson-time.js";

process.env.TZ = "Europe/London"; // read by Node at the next date computation
initSync({ module: readFileSync(new URL("../../pkg/safepost_bg.wasm", import.meta.url)) });

const engine = new SafePost({
  lesson_times: {
    weekdays: Object.fromEntries(
      ["monday", "tuesday", "wednesday", "thursday", "friday"].map((day) => [
        day,
        [
          { name: "Period 1", start: "09:00", end: "10:00" },
          { name: "Period 2", start: "10:00", end: "11:00" },
        ],
      ]),
    ),
  },
});

test("the local date and minute are the device's wall clock, on both sides of the clock change", () => {
  // BST begins on Sunday 2026-03-29 and ends on Sunday 2026-10-25.
  assert.deepEqual(localMoment(new Date("2026-03-27T09:30:00Z")), { date: "2026-03-27", minute: 9 * 60 + 30 });
  assert.deepEqual(localMoment(new Date("2026-03-30T08:30:00Z")), { date: "2026-03-30", minute: 9 * 60 + 30 });
  assert.deepEqual(localMoment(new Date("2026-10-23T08:30:00Z")), { date: "2026-10-23", minute: 9 * 60 + 30 });
  assert.deepEqual(localMoment(new Date("2026-10-26T09:30:00Z")), { date: "2026-10-26", minute: 9 * 60 + 30 });
  assert.deepEqual(localMoment(new Date("2026-06-30T23:30:00Z")), { date: "2026-07-01", minute: 30 }, "past midnight in BST");
});

test("the same UTC hour is a different period after the clock change", () => {
  assert.equal(lessonNow(engine, new Date("2026-03-27T09:30:00Z"))?.period, "Period 1", "Friday, GMT: 09:30");
  assert.equal(lessonNow(engine, new Date("2026-03-30T09:30:00Z"))?.period, "Period 2", "Monday, BST: 10:30");
  assert.equal(lessonNow(engine, new Date("2026-03-30T08:30:00Z"))?.period, "Period 1", "Monday, BST: 09:30");
  assert.equal(lessonNow(engine, new Date("2026-10-26T08:30:00Z")), null, "Monday, GMT again: 08:30");
  assert.equal(lessonNow(engine, new Date("2026-03-28T09:30:00Z")), null, "Saturday");
});

test("a draft's lesson-time finding cites §5.3 and spans nothing", () => {
  const finding = lessonFinding(lessonNow(engine, new Date("2026-03-30T08:30:00Z")));
  assert.equal(finding.clause, "5.3");
  assert.match(finding.message, /Period 1, until 10:00/);
  assert.deepEqual([finding.start16, finding.end16, finding.matched], [0, 0, ""]);
});
