//! `safepost roster …` and `safepost person`: the contact guard's data for IT (§5.3, §5.6).

use std::fs;
use std::io::{self, BufRead, BufWriter, Write};

use clap::Subcommand;
use safepost::contact::date::parse_iso_date;
use safepost::contact::roster::{
    decode_key, encode_key, key_fingerprint, Roster, RosterValue, KEY_BYTES,
};
use safepost::contact::roster_build::build_roster;
use safepost::{AccountKind, Engine, Person, PersonVerdict, Policy};
use serde_json::Value;
use time::Date;

use super::{heading, read_input, valid_engine};

#[derive(Subcommand)]
pub enum RosterCommand {
    /// Print a new random key for the Trust's roster (keep it with the export, not on devices' disks).
    Key,
    /// Turn IT's CSV export into the policy's `roster` value (printed as JSON).
    Build {
        /// The CSV: role,forename,surname,preferred_forename,date_of_birth,academy.
        csv: String,
        /// The file `safepost roster key` wrote.
        #[arg(long, value_name = "FILE")]
        key_file: String,
        /// Build as on this day (YYYY-MM-DD) instead of today: former pupils already 18 then are left out.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Say whether names are on a roster, and as whom.
    Check {
        /// A roster (`safepost roster build`'s output) or a policy holding one.
        roster: String,
        /// The key the roster was built with.
        #[arg(long, value_name = "FILE")]
        key_file: String,
        /// As on this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Names as a page would show them ("Chloe Smith") or handles ("@chloe.smith_2011").
        #[arg(required = true)]
        names: Vec<String>,
    },
}

#[derive(clap::Args)]
pub struct PersonArgs {
    /// The display name shown on the page.
    #[arg(long)]
    name: Option<String>,
    /// The handle or profile address.
    #[arg(long)]
    handle: Option<String>,
    /// The profile's bio or intro.
    #[arg(long)]
    bio: Option<String>,
    /// Read one JSON person per line (`{"name": …, "handle": …, "bio": …}`) from standard
    /// input and write one verdict per line.
    #[arg(long)]
    jsonl: bool,
    /// The account the contact would come from.
    #[arg(long, value_enum, default_value_t = AccountKind::Personal)]
    account: AccountKind,
    /// An IT policy file (JSON, with its roster) instead of the embedded default.
    #[arg(long, value_name = "FILE")]
    policy: Option<String>,
    /// As on this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
}

fn today(date: Option<&str>) -> io::Result<Date> {
    match date {
        None => Ok(time::OffsetDateTime::now_utc().date()),
        Some(text) => parse_iso_date(text).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("--date: expected YYYY-MM-DD, found \"{text}\""),
            )
        }),
    }
}

fn read_key(file: &str) -> io::Result<Vec<u8>> {
    let text = read_input(file)?;
    decode_key(&text)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{file}: {e}")))
}

pub fn run_roster(command: RosterCommand) -> io::Result<bool> {
    match command {
        RosterCommand::Key => {
            let mut key = [0u8; KEY_BYTES];
            getrandom::fill(&mut key)
                .map_err(|e| io::Error::other(format!("no randomness: {e}")))?;
            println!("{}", encode_key(&key));
            eprintln!(
                "safepost: a new roster key (fingerprint {}). Save it to a file with restricted access; \
                 build every roster with it.",
                key_fingerprint(&key)
            );
            Ok(true)
        }
        RosterCommand::Build {
            csv,
            key_file,
            date,
        } => {
            let key = read_key(&key_file)?;
            let today = today(date.as_deref())?;
            let file = fs::File::open(&csv)
                .map_err(|e| io::Error::new(e.kind(), format!("cannot read {csv}: {e}")))?;
            match build_roster(io::BufReader::new(file), &key, today) {
                Ok((value, report)) => {
                    let json = serde_json::to_string(&value).expect("a roster serialises");
                    println!("{json}");
                    let count = |role| report.rows.get(role).copied().unwrap_or(0);
                    eprintln!(
                        "{csv}: {} pupils, {} former pupils ({} already 18, left out: §5.3 no longer applies), \
                         {} parents, at {} academies; {} duplicate rows; {} name hashes, {} bytes of JSON. \
                         Key fingerprint {}.",
                        count("pupil"),
                        count("former_pupil"),
                        report.former_pupils_already_18,
                        count("parent"),
                        value.academies.len(),
                        report.duplicate_rows,
                        report.name_hashes,
                        json.len(),
                        key_fingerprint(&key)
                    );
                    Ok(true)
                }
                Err(problems) => {
                    eprintln!(
                        "{csv}: {} rows could not be read; nothing was built:",
                        problems.len()
                    );
                    for problem in problems {
                        eprintln!("  {problem}");
                    }
                    Ok(false)
                }
            }
        }
        RosterCommand::Check {
            roster,
            key_file,
            date,
            names,
        } => {
            let key = read_key(&key_file)?;
            let today = today(date.as_deref())?;
            let value = read_roster(&roster)?;
            let roster_index = Roster::from_value(&value).map_err(|problems| {
                let lines: Vec<String> = problems
                    .iter()
                    .map(|(p, m)| format!("  {p}: {m}"))
                    .collect();
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{roster}: not a valid roster:\n{}", lines.join("\n")),
                )
            })?;
            if roster_index.key_fingerprint() != key_fingerprint(&key) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{roster} was built with key {}, not with {key_file} ({})",
                        roster_index.key_fingerprint(),
                        key_fingerprint(&key)
                    ),
                ));
            }
            let mut policy = Policy::embedded_default();
            policy.roster = Some(value);
            let engine = Engine::new(policy);
            let mut out = BufWriter::new(io::stdout().lock());
            for name in &names {
                let person = if name.trim_start().starts_with('@') {
                    Person {
                        handle: Some(name.clone()),
                        ..Person::default()
                    }
                } else {
                    Person {
                        name: Some(name.clone()),
                        ..Person::default()
                    }
                };
                let verdict = engine.check_person(&person, AccountKind::Personal, today);
                match verdict.evidence.first() {
                    Some(evidence) => {
                        writeln!(out, "MATCH     {name}\n          {}", evidence.says)?
                    }
                    None => writeln!(out, "NO MATCH  {name}")?,
                }
            }
            out.flush()?;
            Ok(true)
        }
    }
}

/// A roster value from a file holding either the value itself or a whole policy.
fn read_roster(file: &str) -> io::Result<RosterValue> {
    let text = read_input(file)?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{file}: not valid JSON: {e}"),
        )
    })?;
    let value = value.get("roster").cloned().unwrap_or(value);
    serde_json::from_value(value).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{file}: not a roster (nor a policy with one): {e}"),
        )
    })
}

pub fn run_person(args: PersonArgs) -> io::Result<bool> {
    let engine = valid_engine(args.policy.as_deref())?;
    let today = today(args.date.as_deref())?;
    let mut out = BufWriter::new(io::stdout().lock());
    let mut all_read = true;
    if args.jsonl {
        for (n, line) in io::stdin().lock().lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Person>(&line) {
                Ok(person) => serde_json::to_writer(
                    &mut out,
                    &engine.check_person(&person, args.account, today),
                )?,
                Err(e) => {
                    all_read = false;
                    serde_json::to_writer(
                        &mut out,
                        &serde_json::json!({ "line": n + 1, "error": e.to_string() }),
                    )?
                }
            }
            out.write_all(b"\n")?;
        }
    } else {
        let person = Person {
            name: args.name,
            handle: args.handle,
            bio: args.bio,
        };
        if person == Person::default() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "give --name, --handle or --bio (or --jsonl)",
            ));
        }
        write_verdict(&mut out, &engine.check_person(&person, args.account, today))?;
    }
    out.flush()?;
    Ok(all_read)
}

fn write_verdict(out: &mut impl Write, verdict: &PersonVerdict) -> io::Result<()> {
    let label = if verdict.warn { "WARN" } else { "OK" };
    writeln!(out, "{label:<5} {}", heading(verdict.relation))?;
    writeln!(out, "      {}", verdict.message)
}
