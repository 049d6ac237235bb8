// Lesson time (§5.3): the device's local date and minute of the day, which the engine compares
// with the policy's timetable (SafePost.lessonAt). Local fields, not UTC: a lesson at 09:00 is at
// 09:00 on the device's clock whether or not summer time is on.

/**
 * @param {Date} [now]
 * @returns {{ date: string, minute: number }}
 */
export function localMoment(now = new Date()) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return {
    date: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
    minute: now.getHours() * 60 + now.getMinutes(),
  };
}

/**
 * The lesson on now under `engine`'s policy, or null.
 * @param {{ lessonAt(date: string, minute: number): any }} engine
 * @param {Date} [now]
 */
export function lessonNow(engine, now = new Date()) {
  const { date, minute } = localMoment(now);
  return engine.lessonAt(date, minute) ?? null;
}

/**
 * The §5.3 finding added to a draft sent from a personal (or unknown) account during a lesson:
 * about the moment, not the words, so it spans nothing.
 */
export function lessonFinding(lesson) {
  return {
    clause: "5.3",
    category: "lesson_time",
    severity: "medium",
    message: `${lesson.message} Post it after the lesson, or ask whoever runs the academy's official account.`,
    start: 0,
    end: 0,
    start16: 0,
    end16: 0,
    matched: "",
    rule: "lesson_time",
  };
}
