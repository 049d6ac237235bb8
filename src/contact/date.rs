//! Calendar dates as the roster writes them (`YYYY-MM-DD`) and as school information
//! systems export dates of birth.

use time::format_description::FormatItem;
use time::macros::format_description;
use time::{Date, Month};

const ISO: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");
/// Day first, as UK exports write it: 23/04/2011, 23-04-2011, 23.04.2011.
const UK: [&[FormatItem<'static>]; 3] = [
    format_description!("[day]/[month]/[year]"),
    format_description!("[day]-[month]-[year]"),
    format_description!("[day].[month].[year]"),
];

/// A `YYYY-MM-DD` date; `None` for anything else, including impossible days.
pub fn parse_iso_date(text: &str) -> Option<Date> {
    Date::parse(text.trim(), ISO).ok()
}

/// A date written `YYYY-MM-DD` or day first (`DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`,
/// with one- or two-digit days and months).
pub fn parse_date_of_birth(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(date) = parse_iso_date(text) {
        return Some(date);
    }
    // time's [day] and [month] want two digits: pad "3/4/2011" to "03/04/2011".
    let padded: Vec<String> = text
        .split(['/', '-', '.'])
        .map(|part| {
            if part.len() == 1 {
                format!("0{part}")
            } else {
                part.to_owned()
            }
        })
        .collect();
    let separator = text.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let padded = padded.join(&separator.to_string());
    UK.iter()
        .find_map(|format| Date::parse(&padded, format).ok())
}

/// `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    date.format(ISO).expect("a date always formats")
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
        assert_eq!(
            eighteenth_birthday(date!(2004 - 02 - 29)),
            date!(2022 - 03 - 01)
        );
    }
}
