//! Calendar dates as the roster writes them (`YYYY-MM-DD`) and as school information
//! systems export dates of birth. `time` checks the calendar; the few formats are read
//! here, which keeps `time`'s format-description parser out of the WebAssembly build.

use time::{Date, Month};

/// A date from its year, month and day numbers; `None` for impossible days.
fn date(year: &str, month: &str, day: &str) -> Option<Date> {
    // Digits only (no sign), read without `str::parse`.
    fn number(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
        let digits = len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| s.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
    }
    let year = number(year, 4..=4)? as i32;
    let month = Month::try_from(number(month, 1..=2)? as u8).ok()?;
    let day = number(day, 1..=2)? as u8;
    Date::from_calendar_date(year, month, day).ok()
}

/// A `YYYY-MM-DD` date; `None` for anything else, including impossible days.
pub fn parse_iso_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || m.len() != 2 || d.len() != 2 {
        return None;
    }
    date(y, m, d)
}

/// A date written `YYYY-MM-DD` or day first (`DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`,
/// with one- or two-digit days and months).
pub fn parse_date_of_birth(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(date) = parse_iso_date(text) {
        return Some(date);
    }
    let separator = text.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let mut parts = text.split(separator);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    date(y, m, d)
}

/// `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// The day someone born on `birth` turns 18; born on 29 February, 1 March in a common year.
pub fn eighteenth_birthday(birth: Date) -> Date {
    let year = birth.year() + 18;
    Date::from_calendar_date(year, birth.month(), birth.day())
        .or_else(|_| Date::from_calendar_date(year, Month::March, 1))
        .expect("1 March exists in every year")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn iso_dates_only_as_written() {
        assert_eq!(parse_iso_date("2026-12-03"), Some(date!(2026 - 12 - 03)));
        assert_eq!(format_date(date!(2026 - 02 - 03)), "2026-02-03");
        for bad in [
            "2026-2-03",
            "2026-02-30",
            "26-02-03",
            "2026-02-03-01",
            "+2026-02-03",
            "",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_of_birth_in_the_usual_export_formats() {
        for text in [
            "2011-04-23",
            "23/04/2011",
            "23-04-2011",
            "23.04.2011",
            " 23/4/2011 ",
        ] {
            assert_eq!(
                parse_date_of_birth(text),
                Some(date!(2011 - 04 - 23)),
                "{text}"
            );
        }
        for bad in [
            "",
            "2011-02-30",
            "31/13/2011",
            "April 2011",
            "23/04/11x",
            "1/2",
            "+1/2/2011",
        ] {
            assert_eq!(parse_date_of_birth(bad), None, "{bad}");
        }
    }

    #[test]
    fn eighteenth_birthdays() {
        assert_eq!(
            eighteenth_birthday(date!(2011 - 04 - 23)),
            date!(2029 - 04 - 23)
        );
        assert_eq!(
            eighteenth_birthday(date!(2008 - 02 - 29)),
            date!(2026 - 03 - 01)
        );
        assert_eq!(
            eighteenth_birthday(date!(2012 - 02 - 29)),
            date!(2030 - 03 - 01)
        );
    }
}
