//! `safepost roster build`: IT's CSV export of pupils, former pupils and parents turned
//! into the policy's `roster` value. Every bad row is reported with its line number and
//! what was expected; a file with any bad row builds nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Read;

use time::Date;

use super::date::{eighteenth_birthday, format_date, parse_date_of_birth};
use super::name::roster_forms;
use super::roster::{
    encode_hash, encode_key, former_pupil_entry, name_hash, RosterAcademy, RosterRole, RosterValue,
    ROSTER_FORMAT,
};

/// The columns read, each with the header names accepted for it (compared without case,
/// spaces, underscores or hyphens): SafePost's own names first, then those of common
/// school information system exports.
pub const COLUMNS: &[(Column, &[&str])] = &[
    (
        Column::Role,
        &["role", "relationship", "contact type", "person type"],
    ),
    (
        Column::Forename,
        &[
            "forename",
            "legal forename",
            "first name",
            "given name",
            "legal first name",
        ],
    ),
    (
        Column::Surname,
        &[
            "surname",
            "legal surname",
            "last name",
            "family name",
            "legal last name",
        ],
    ),
    (
        Column::PreferredForename,
        &[
            "preferred forename",
            "preferred first name",
            "preferred name",
            "known as",
            "chosen name",
        ],
    ),
    (
        Column::DateOfBirth,
        &["date of birth", "dob", "birth date", "birthdate"],
    ),
    (
        Column::Academy,
        &[
            "academy",
            "school",
            "academy name",
            "school name",
            "establishment",
        ],
    ),
];

/// A column of the roster CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Role,
    Forename,
    Surname,
    PreferredForename,
    DateOfBirth,
    Academy,
}

/// What a build made, for IT to check against their export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterReport {
    /// Rows read per role (former pupils left out included).
    pub rows: BTreeMap<&'static str, usize>,
    /// Former pupils already 18 on the build day: §5.3 no longer applies, so not included.
    pub former_pupils_already_18: usize,
    /// Name hashes written.
    pub name_hashes: usize,
    /// Rows whose every name form was already in the same list (the same person twice).
    pub duplicate_rows: usize,
}

/// A row that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// 1-based line of the CSV file (the header is line 1).
    pub line: u64,
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Builds the roster value from CSV text under `key`, as on `today`.
pub fn build_roster(
    csv_text: impl Read,
    key: &[u8],
    today: Date,
) -> Result<(RosterValue, RosterReport), Vec<RowProblem>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(csv_text);
    let header_problem = |message: String| vec![RowProblem { line: 1, message }];
    let headers = reader
        .headers()
        .map_err(|e| header_problem(csv_error(&e)))?
        .clone();
    let mut at = [None; 6];
    for (i, header) in headers.iter().enumerate() {
        let header = fold_header(header);
        for (k, (_, names)) in COLUMNS.iter().enumerate() {
            if names.iter().any(|n| fold_header(n) == header) && at[k].is_none() {
                at[k] = Some(i);
            }
        }
    }
    let missing: Vec<&str> = COLUMNS
        .iter()
        .zip(at)
        .filter(|((column, _), found)| found.is_none() && *column != Column::PreferredForename)
        .map(|((_, names), _)| names[0])
        .collect();
    if !missing.is_empty() {
        return Err(header_problem(format!(
            "the header lacks {} (expected: role,forename,surname,preferred_forename,date_of_birth,academy; see the README for the other names accepted)",
            missing.join(", ")
        )));
    }
    let field = |record: &csv::StringRecord, column: Column| -> String {
        let k = COLUMNS
            .iter()
            .position(|(c, _)| *c == column)
            .expect("every column is listed");
        at[k].and_then(|i| record.get(i)).unwrap_or("").to_owned()
    };

    let mut problems = Vec::new();
    let mut report = RosterReport::default();
    // academy name → role → entries (sorted, so the export's order is not kept).
    let mut academies: BTreeMap<String, BTreeMap<RosterRole, BTreeSet<String>>> = BTreeMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(RowProblem {
                    line,
                    message: csv_error(&e),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue; // A blank line, as spreadsheets leave at the end.
        }
        let mut row_problems = Vec::new();
        let role = parse_role(&field(&record, Column::Role));
        if let Err(e) = &role {
            row_problems.push(e.clone());
        }
        let (forename, surname) = (
            field(&record, Column::Forename),
            field(&record, Column::Surname),
        );
        let preferred = field(&record, Column::PreferredForename);
        let forms = roster_forms(&forename, &surname, &preferred);
        if forename.is_empty() || surname.is_empty() {
            row_problems.push("forename and surname are both needed".to_owned());
        } else if forms.is_empty() {
            row_problems.push(format!(
                "the name \"{forename} {surname}\" has too few letters to match anyone"
            ));
        }
        let academy = field(&record, Column::Academy);
        if academy.is_empty() {
            row_problems.push("academy is empty".to_owned());
        }
        let date_of_birth = field(&record, Column::DateOfBirth);
        let mut turns_18 = None;
        if role == Ok(RosterRole::FormerPupil) {
            match parse_date_of_birth(&date_of_birth) {
                Some(birth) => turns_18 = Some(eighteenth_birthday(birth)),
                None => row_problems.push(format!(
                    "a former pupil needs a date of birth such as 23/04/2011 or 2011-04-23; found \"{date_of_birth}\""
                )),
            }
        } else if !date_of_birth.is_empty() && parse_date_of_birth(&date_of_birth).is_none() {
            row_problems.push(format!(
                "date_of_birth \"{date_of_birth}\" is not a date such as 23/04/2011 or 2011-04-23"
            ));
        }
        if !row_problems.is_empty() {
            problems.push(RowProblem {
                line,
                message: row_problems.join("; "),
            });
            continue;
        }
        let role = role.expect("checked above");
        *report.rows.entry(role.as_str()).or_default() += 1;
        if turns_18.is_some_and(|d| d <= today) {
            report.former_pupils_already_18 += 1;
            continue;
        }
        let list = academies
            .entry(academy)
            .or_default()
            .entry(role)
            .or_default();
        let mut new = false;
        for form in &forms {
            let hash = name_hash(key, form);
            let entry = match turns_18 {
                Some(date) => former_pupil_entry(&hash, date),
                None => encode_hash(&hash),
            };
            new |= list.insert(entry);
        }
        if !new {
            report.duplicate_rows += 1;
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let academies: Vec<RosterAcademy> = academies
        .into_iter()
        .map(|(name, mut lists)| {
            let mut take = |role| {
                lists
                    .remove(&role)
                    .unwrap_or_default()
                    .into_iter()
                    .collect()
            };
            RosterAcademy {
                name,
                pupils: take(RosterRole::Pupil),
                former_pupils: take(RosterRole::FormerPupil),
                parents: take(RosterRole::Parent),
            }
        })
        .collect();
    report.name_hashes = academies
        .iter()
        .map(|a| a.pupils.len() + a.former_pupils.len() + a.parents.len())
        .sum();
    let value = RosterValue {
        format: ROSTER_FORMAT.to_owned(),
        key: encode_key(key),
        built: format_date(today),
        academies,
    };
    Ok((value, report))
}

fn parse_role(text: &str) -> Result<RosterRole, String> {
    match fold_header(text).as_str() {
        "pupil" | "student" => Ok(RosterRole::Pupil),
        "formerpupil" | "formerstudent" | "expupil" | "leaver" => Ok(RosterRole::FormerPupil),
        "parent" | "carer" | "parentcarer" | "guardian" => Ok(RosterRole::Parent),
        _ => Err(format!(
            "role: expected pupil, former_pupil or parent, found \"{}\"",
            crate::site::preview(text)
        )),
    }
}

/// Lower-case letters and digits only: "Legal Forename", "legal_forename" and
/// "LegalForename" are one header.
fn fold_header(text: &str) -> String {
    text.trim_start_matches('\u{FEFF}')
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "not UTF-8 text: save the export as \"CSV UTF-8\" and build again".to_owned()
        }
        _ => format!("not readable as CSV: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::roster::Roster;
    use time::macros::date;

    const KEY: [u8; 32] = [9; 32];
    const TODAY: Date = date!(2026 - 12 - 03);

    fn build(csv: &str) -> Result<(RosterValue, RosterReport), Vec<String>> {
        build_roster(csv.as_bytes(), &KEY, TODAY)
            .map_err(|p| p.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn builds_a_roster_that_finds_its_people() {
        let (value, report) = build(
            "role,forename,surname,preferred_forename,date_of_birth,academy\n\
             pupil,Chloé,Smith,Coco,2014-03-02,Oak Primary Academy\n\
             parent,Dan,Smith,,,Oak Primary Academy\n\
             former_pupil,Sam,Jones,,01/05/2009,Elm Academy\n\
             former_pupil,Old,Leaver,,01/05/2001,Elm Academy\n\
             pupil,Chloe,Smith,,,Oak Primary Academy\n\n",
        )
        .unwrap();
        assert_eq!(report.rows["pupil"], 2);
        assert_eq!(report.rows["former_pupil"], 2);
        assert_eq!(report.former_pupils_already_18, 1);
        assert_eq!(report.duplicate_rows, 1);
        let roster = Roster::from_value(&value).unwrap();
        assert_eq!(roster.len(), report.name_hashes);
        assert_eq!(roster.lookup("cocosmith", TODAY)[0].role, RosterRole::Pupil);
        assert_eq!(
            roster.lookup("dansmith", TODAY)[0].academy,
            "Oak Primary Academy"
        );
        assert_eq!(
            roster.lookup("samjones", TODAY)[0].role,
            RosterRole::FormerPupil
        );
        assert!(roster.lookup("samjones", date!(2027 - 05 - 01)).is_empty());
        assert!(roster.lookup("oldleaver", TODAY).is_empty());
    }

    #[test]
    fn no_plain_name_or_date_of_birth_reaches_the_value() {
        let (value, _) = build(
            "role,forename,surname,preferred_forename,date_of_birth,academy\n\
             pupil,Chloe,Smith,Coco,2014-03-02,Oak Primary Academy\n\
             former_pupil,Samuel,Jones,,01/05/2009,Elm Academy\n",
        )
        .unwrap();
        let json = serde_json::to_string(&value).unwrap().to_lowercase();
        for secret in [
            "chloe",
            "smith",
            "coco",
            "samuel",
            "jones",
            "2014",
            "03-02",
            "2009-05-01",
            "01/05",
        ] {
            assert!(!json.contains(secret), "{secret} is in the roster: {json}");
        }
        assert!(json.contains("2027-05-01"), "the day Sam turns 18 is kept");
    }

    #[test]
    fn mis_export_headers_are_accepted() {
        let (value, _) = build(
            "\u{FEFF}Role,Legal Forename,Legal Surname,Preferred Forename,DOB,School Name\n\
             Student,Chloe,Smith,,14/03/2014,Oak Primary Academy\n",
        )
        .unwrap();
        assert_eq!(value.academies[0].pupils.len(), 1);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let problems = build(
            "role,forename,surname,preferred_forename,date_of_birth,academy\n\
             pupil,Chloe,Smith,,,Oak\n\
             teacher,Ann,Lee,,,Oak\n\
             pupil,,Lee,,,Oak\n\
             former_pupil,Sam,Jones,,soon,Elm\n\
             parent,Dan,Smith,,,\n\
             pupil,J,Li,,,Oak\n\
             pupil,Ann,Lee,,31/02/2014,Oak\n",
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "line 3: role: expected pupil, former_pupil or parent, found \"teacher\"",
                "line 4: forename and surname are both needed",
                "line 5: a former pupil needs a date of birth such as 23/04/2011 or 2011-04-23; found \"soon\"",
                "line 6: academy is empty",
                "line 7: the name \"J Li\" has too few letters to match anyone",
                "line 8: date_of_birth \"31/02/2014\" is not a date such as 23/04/2011 or 2011-04-23",
            ]
        );
    }

    #[test]
    fn a_header_without_the_needed_columns_is_refused() {
        let problems = build("name,school\nChloe Smith,Oak\n").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0]
            .starts_with("line 1: the header lacks role, forename, surname, date of birth"));
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_plainly() {
        let bytes = b"role,forename,surname,preferred_forename,date_of_birth,academy\npupil,Zo\xeb,Smith,,,Oak\n";
        let problems = build_roster(&bytes[..], &KEY, TODAY).unwrap_err();
        assert_eq!(problems[0].line, 2);
        assert!(problems[0].message.contains("CSV UTF-8"));
    }
}
