//! Lesson time (§5.3: "the use of social media accounts during lesson time is not permitted"):
//! the timetable IT sets in the policy (`lesson_times`), read with every problem reported by
//! path, and the question the extension asks of it — is this local date and time in a lesson?
//!
//! Times are wall-clock times at the academy, compared with the device's local date and time
//! (the extension reads them from the device's clock and time zone), so a lesson at 09:00 is at
//! 09:00 on both sides of the clock change.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{show, Reader};

/// The days a timetable can name, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Most periods in one day, terms and closures in a list.
const MAX_PERIODS: usize = 24;
const MAX_DATES: usize = 400;

/// The timetable: lessons per weekday, and when the academy is open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LessonTimes {
    /// Each weekday's periods; a day left out has none.
    pub weekdays: Weekdays,
    /// Term dates: when given, lessons happen only within one of them.
    #[serde(default)]
    pub terms: Vec<DateRange>,
    /// Days without lessons within terms (closures, training days, half terms).
    #[serde(default)]
    pub closures: Vec<DateRange>,
}

/// The periods of each day of the week, as IT writes them (`"monday": [...]`). A struct of seven
/// lists rather than a map: the engine's WebAssembly build then carries no map code for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Weekdays {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub monday: Vec<Period>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tuesday: Vec<Period>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wednesday: Vec<Period>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thursday: Vec<Period>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub friday: Vec<Period>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub saturday: Vec<Period>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sunday: Vec<Period>,
}

impl Weekdays {
    /// The periods of day `i` of [`WEEKDAYS`] (0 is Monday).
    pub fn day_mut(&mut self, i: usize) -> &mut Vec<Period> {
        match i {
            0 => &mut self.monday,
            1 => &mut self.tuesday,
            2 => &mut self.wednesday,
            3 => &mut self.thursday,
            4 => &mut self.friday,
            5 => &mut self.saturday,
            _ => &mut self.sunday,
        }
    }

    pub fn day(&self, i: usize) -> &[Period] {
        [
            &self.monday,
            &self.tuesday,
            &self.wednesday,
            &self.thursday,
            &self.friday,
            &self.saturday,
            &self.sunday,
        ][i.min(6)]
    }
}

/// One period of a school day, in 24-hour `HH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Period {
    pub name: String,
    pub start: String,
    pub end: String,
}

/// Dates `YYYY-MM-DD`, both included. IT may write a single day as just its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DateRange {
    pub start: String,
    pub end: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The lesson going on at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LessonNow {
    /// The period's name, as IT wrote it ("Period 2").
    pub period: String,
    pub start: String,
    pub end: String,
    /// The plain-English line staff see, citing §5.3.
    pub message: String,
}

impl LessonTimes {
    /// The lesson at local `date` (`YYYY-MM-DD`) and `minute` of the day (0–1439), or `None`:
    /// outside every period, on a day without periods, outside the terms or on a closure.
    /// A date that is not one is never a lesson time.
    pub fn lesson_at(&self, date: &str, minute: u32) -> Option<LessonNow> {
        let day = Date::parse(date)?;
        if !self.terms.is_empty() && !self.terms.iter().any(|t| t.holds(day)) {
            return None;
        }
        if self.closures.iter().any(|c| c.holds(day)) {
            return None;
        }
        let periods = self.weekdays.day(day.weekday());
        let period = periods.iter().find(|p| {
            matches!((minutes(&p.start), minutes(&p.end)), (Some(s), Some(e)) if s <= minute && minute < e)
        })?;
        Some(LessonNow {
            period: period.name.clone(),
            start: period.start.clone(),
            end: period.end.clone(),
            message: format!(
                "It is lesson time ({}, until {}). Policy A2 §5.3: social media accounts are not to be used during lesson time.",
                period.name, period.end
            ),
        })
    }
}

impl DateRange {
    fn holds(&self, day: Date) -> bool {
        matches!((Date::parse(&self.start), Date::parse(&self.end)), (Some(s), Some(e)) if s <= day && day <= e)
    }
}

/// A calendar date. Only what the timetable needs — parse, order, weekday — so the engine's
/// WebAssembly build carries no date library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// `YYYY-MM-DD`, a real day of the Gregorian calendar.
    fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (year, month, day) = (number(0..4)? as i32, number(5..7)?, number(8..10)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// 0 for Monday … 6 for Sunday (days since 1970-01-01, a Thursday; H. Hinnant's
    /// days-from-civil).
    fn weekday(self) -> usize {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        (days + 3).rem_euclid(7) as usize
    }
}

/// Minutes since midnight of a 24-hour `HH:MM` (`24:00` is the end of the day).
fn minutes(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !(h.bytes().chain(m.bytes())).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (24, 0) => Some(1440),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

impl Reader<'_> {
    /// `lesson_times`: `null` for none (no lesson-time warnings); otherwise every period, term
    /// and closure checked, overlaps named.
    pub(super) fn lesson_times(&mut self, value: &Value) -> Option<LessonTimes> {
        if value.is_null() {
            return None;
        }
        let path = "lesson_times";
        let fields = self.object(value, path, &["weekdays", "terms", "closures"])?;
        let before = self.problems.len();
        let mut times = LessonTimes::default();
        match fields.get("weekdays") {
            None => self.problem(path, "expected \"weekdays\": each school day's periods"),
            Some(v) => {
                if let Some(days) = self.object(v, "lesson_times.weekdays", &WEEKDAYS) {
                    for (day, periods) in days {
                        if let Some(i) = WEEKDAYS.iter().position(|d| d == day) {
                            let list =
                                self.periods(periods, &format!("lesson_times.weekdays.{day}"));
                            *times.weekdays.day_mut(i) = list;
                        }
                    }
                }
            }
        }
        for (key, list) in [
            ("terms", &mut times.terms),
            ("closures", &mut times.closures),
        ] {
            if let Some(v) = fields.get(key) {
                *list = self.date_ranges(v, &format!("lesson_times.{key}"), key == "terms");
            }
        }
        (self.problems.len() == before).then_some(times)
    }

    fn periods(&mut self, value: &Value, path: &str) -> Vec<Period> {
        let mut periods: Vec<(u32, u32, Period, String)> = Vec::new();
        for (i, item) in self
            .array_at_most(value, path, MAX_PERIODS)
            .iter()
            .enumerate()
        {
            let at = format!("{path}[{i}]");
            let Some(fields) = self.object(item, &at, &["name", "start", "end"]) else {
                continue;
            };
            let name = match fields.get("name") {
                Some(v) => self.string(v, &format!("{at}.name")).map(str::to_owned),
                None => {
                    self.problem(&at, "expected a \"name\" (such as \"Period 1\")");
                    None
                }
            };
            let mut time = |key: &str| -> Option<(u32, String)> {
                let found = fields.get(key).unwrap_or(&Value::Null);
                match found
                    .as_str()
                    .and_then(|t| Some((minutes(t.trim())?, t.trim().to_owned())))
                {
                    Some(ok) => Some(ok),
                    None => {
                        self.problem(
                            &format!("{at}.{key}"),
                            format!(
                                "expected a 24-hour time such as \"09:05\", found {}",
                                show(found)
                            ),
                        );
                        None
                    }
                }
            };
            let (start, end) = (time("start"), time("end"));
            let (Some(name), Some((s, start)), Some((e, end))) = (name, start, end) else {
                continue;
            };
            if s >= e {
                self.problem(
                    &at,
                    format!("starts at {start} but ends at {end}: it must end after it starts"),
                );
                continue;
            }
            periods.push((s, e, Period { name, start, end }, at));
        }
        // Pairwise rather than sorted: a day has at most 24 periods, and a sort's code would
        // weigh on the engine's WebAssembly size for nothing.
        for (j, b) in periods.iter().enumerate() {
            if let Some(a) = periods[..j].iter().find(|a| b.0 < a.1 && a.0 < b.1) {
                self.problem(
                    &b.3,
                    format!(
                        "{} ({}–{}) overlaps {} ({}–{})",
                        b.2.name, b.2.start, b.2.end, a.2.name, a.2.start, a.2.end
                    ),
                );
            }
        }
        periods.into_iter().map(|p| p.2).collect()
    }

    /// Terms or closures: each a date, or `{start, end, note}`; terms may not overlap.
    fn date_ranges(&mut self, value: &Value, path: &str, terms: bool) -> Vec<DateRange> {
        let mut ranges: Vec<(Date, Date, DateRange, String)> = Vec::new();
        for (i, item) in self
            .array_at_most(value, path, MAX_DATES)
            .iter()
            .enumerate()
        {
            let at = format!("{path}[{i}]");
            let range = match item {
                Value::String(day) if !terms => DateRange {
                    start: day.trim().to_owned(),
                    end: day.trim().to_owned(),
                    note: String::new(),
                },
                _ => {
                    let Some(fields) = self.object(item, &at, &["start", "end", "note"]) else {
                        continue;
                    };
                    let text = |key: &str| {
                        fields
                            .get(key)
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .trim()
                            .to_owned()
                    };
                    DateRange {
                        start: text("start"),
                        end: text("end"),
                        note: text("note"),
                    }
                }
            };
            let mut date = |key: &str, text: &str| {
                let parsed = Date::parse(text);
                if parsed.is_none() {
                    self.problem(
                        &format!("{at}.{key}"),
                        format!("expected a date such as \"2026-09-03\", found \"{text}\""),
                    );
                }
                parsed
            };
            let (start, end) = (date("start", &range.start), date("end", &range.end));
            let (Some(s), Some(e)) = (start, end) else {
                continue;
            };
            if s > e {
                self.problem(
                    &at,
                    format!("starts on {} but ends on {}", range.start, range.end),
                );
                continue;
            }
            ranges.push((s, e, range, at));
        }
        if terms {
            for (j, b) in ranges.iter().enumerate() {
                if let Some(a) = ranges[..j].iter().find(|a| b.0 <= a.1 && a.0 <= b.1) {
                    self.problem(
                        &b.3,
                        format!(
                            "the term {}–{} overlaps the term {}–{}",
                            b.2.start, b.2.end, a.2.start, a.2.end
                        ),
                    );
                }
            }
        }
        ranges.into_iter().map(|r| r.2).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::policy::{Policy, PolicyError};

    fn read(json: &str) -> Result<Policy, PolicyError> {
        Policy::from_json_str(json, &Policy::embedded_default(), Catalogue::embedded())
    }

    const TIMETABLE: &str = r#"{"lesson_times": {
        "weekdays": {
            "monday": [{"name": "Period 1", "start": "09:00", "end": "10:00"},
                       {"name": "Period 2", "start": "10:00", "end": "11:00"},
                       {"name": "Period 3", "start": "11:20", "end": "12:20"}],
            "friday": [{"name": "Period 1", "start": "09:00", "end": "10:00"}]
        },
        "terms": [{"start": "2026-01-05", "end": "2026-03-27", "note": "Spring"},
                  {"start": "2026-04-13", "end": "2026-07-22", "note": "Summer"}],
        "closures": ["2026-02-16", {"start": "2026-05-25", "end": "2026-05-29", "note": "half term"}]
    }}"#;

    fn timetable() -> LessonTimes {
        read(TIMETABLE).unwrap().lesson_times.unwrap()
    }

    #[test]
    fn a_period_holds_from_its_start_up_to_its_end() {
        let t = timetable();
        // Monday 2026-01-12.
        assert_eq!(
            t.lesson_at("2026-01-12", 9 * 60).unwrap().period,
            "Period 1"
        );
        assert_eq!(
            t.lesson_at("2026-01-12", 10 * 60 - 1).unwrap().period,
            "Period 1"
        );
        assert_eq!(
            t.lesson_at("2026-01-12", 10 * 60).unwrap().period,
            "Period 2"
        );
        let now = t.lesson_at("2026-01-12", 11 * 60 + 30).unwrap();
        assert_eq!(
            (now.period.as_str(), now.end.as_str()),
            ("Period 3", "12:20")
        );
        assert!(now.message.contains("§5.3") && now.message.contains("until 12:20"));
        // Break, before school, after school.
        for minute in [11 * 60 + 10, 8 * 60 + 59, 12 * 60 + 20, 23 * 60] {
            assert_eq!(t.lesson_at("2026-01-12", minute), None, "{minute}");
        }
    }

    #[test]
    fn days_without_periods_terms_and_closures_have_no_lessons() {
        let t = timetable();
        for (date, lesson, why) in [
            ("2026-01-16", true, "a Friday in term"),
            ("2026-01-13", false, "Tuesday has no periods"),
            ("2026-01-17", false, "Saturday"),
            ("2026-02-16", false, "a closure day (Monday)"),
            ("2026-05-25", false, "half term (Monday)"),
            ("2026-06-01", true, "after half term"),
            ("2026-04-06", false, "Easter holiday (Monday)"),
            ("2026-08-03", false, "summer holiday (Monday)"),
            ("2026-03-30", false, "after the term's end"),
            ("2026-02-30", false, "not a date"),
        ] {
            assert_eq!(t.lesson_at(date, 9 * 60 + 30).is_some(), lesson, "{why}");
        }
    }

    #[test]
    fn the_clock_change_moves_nothing_lessons_are_wall_clock_times() {
        // British Summer Time starts on Sunday 2026-03-29 and ends on Sunday 2026-10-25: the
        // Mondays either side keep their 09:00 lesson at 09:00 local time.
        let mut t = timetable();
        t.terms.clear();
        for monday in ["2026-03-23", "2026-03-30", "2026-10-19", "2026-10-26"] {
            assert_eq!(
                t.lesson_at(monday, 9 * 60 + 30).unwrap().period,
                "Period 1",
                "{monday}"
            );
            assert_eq!(t.lesson_at(monday, 8 * 60 + 30), None, "{monday}");
        }
    }

    #[test]
    fn weekdays_follow_the_calendar() {
        let names: Vec<&str> = [
            "1970-01-01",
            "2000-02-29",
            "2026-12-04",
            "2028-01-03",
            "1900-03-01",
        ]
        .iter()
        .map(|d| WEEKDAYS[Date::parse(d).unwrap().weekday()])
        .collect();
        assert_eq!(
            names,
            ["thursday", "tuesday", "friday", "monday", "thursday"]
        );
        for bad in [
            "2026-13-01",
            "2026-02-29",
            "2026-1-01",
            "20260101xx",
            "2026-00-10",
            "２０２６-01-01",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let err = read(
            r#"{"lesson_times": {
                "weekdays": {
                    "monday": [{"name": "Period 1", "start": "09:00", "end": "10:00"},
                               {"name": "Period 2", "start": "09:40", "end": "10:40"},
                               {"name": "Period 3", "start": "11:00", "end": "10:50"},
                               {"name": "", "start": "9am", "end": "25:00"}],
                    "munday": []
                },
                "terms": [{"start": "2026-09-03", "end": "2026-12-18"},
                          {"start": "2026-12-01", "end": "2027-02-01"},
                          {"start": "2027-13-01", "end": "2027-03-01"}],
                "closures": ["2026-10-32"]
            }}"#,
        )
        .unwrap_err();
        let text = err.to_string();
        for expected in [
            "lesson_times.weekdays.monday[1]: Period 2 (09:40–10:40) overlaps Period 1 (09:00–10:00)",
            "lesson_times.weekdays.monday[2]: starts at 11:00 but ends at 10:50",
            "lesson_times.weekdays.monday[3].name: expected text, found an empty string",
            "lesson_times.weekdays.monday[3].start: expected a 24-hour time such as \"09:05\", found \"9am\"",
            "lesson_times.weekdays.monday[3].end: expected a 24-hour time such as \"09:05\", found \"25:00\"",
            "lesson_times.weekdays.munday: unknown field (did you mean \"monday\"?)",
            "lesson_times.terms[1]: the term 2026-12-01–2027-02-01 overlaps the term 2026-09-03–2026-12-18",
            "lesson_times.terms[2].start: expected a date such as \"2026-09-03\", found \"2027-13-01\"",
            "lesson_times.closures[0].start: expected a date such as \"2026-09-03\", found \"2026-10-32\"",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
        assert!(read(r#"{"lesson_times": {"terms": []}}"#)
            .unwrap_err()
            .to_string()
            .contains("weekdays"));
        assert!(read(r#"{"lesson_times": "9 to 3"}"#).is_err());
    }

    #[test]
    fn no_timetable_by_default_and_null_removes_one() {
        assert_eq!(Policy::embedded_default().lesson_times, None);
        assert_eq!(
            read(r#"{"lesson_times": null}"#).unwrap().lesson_times,
            None
        );
        let policy = read(TIMETABLE).unwrap();
        let again = read(&policy.to_json_pretty()).unwrap();
        assert_eq!(
            again.lesson_times, policy.lesson_times,
            "written as IT reads it"
        );
    }
}
