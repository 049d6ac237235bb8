//! The roster's figures for the README: build time, size in the policy, and false matches.
//!
//! `cargo run --release --example roster_measure [-- --write DIR]`
//!
//! With `--write DIR`, also writes `DIR/policy.json` (a policy holding the roster) and
//! `DIR/people.json` (the page of 500 people) for `benches/node/person-bench.mjs`.
//!
//! Builds the roster of a large Trust (2,000 pupils, 1,000 former pupils, 4,000 parents;
//! synthetic names, see `synthetic_roster`), then looks up 100,000 other generated names:
//! any match among names whose normalised form is not one of the roster's is a false match
//! (two different names with the same truncated hash).

#[path = "synthetic_roster/mod.rs"]
mod synthetic_roster;

use std::collections::HashSet;
use std::time::Instant;

use safepost::contact::name::{display_name_forms, roster_forms};
use safepost::contact::roster::Roster;
use safepost::contact::roster_build::build_roster;
use safepost::{AccountKind, Engine, Policy, Relation};
use synthetic_roster::{full_name, page_of_people, trust_csv, Seeded};

fn main() {
    let today = time::Date::from_calendar_date(2026, time::Month::December, 3).unwrap();
    let mut rng = Seeded::new(2026);
    let csv = trust_csv(&mut rng);
    let key = [42u8; 32];

    let mut times = Vec::new();
    let mut built = None;
    for _ in 0..5 {
        let start = Instant::now();
        built = Some(build_roster(csv.as_bytes(), &key, today).expect("the synthetic CSV builds"));
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let (value, report) = built.unwrap();
    let json = serde_json::to_string(&value).unwrap();
    let gzipped = gzip_len(json.as_bytes());
    println!(
        "roster build: 7,000 CSV rows in {:.1} ms (median of 5); {} name hashes; {} former pupils already 18 left out",
        times[2], report.name_hashes, report.former_pupils_already_18
    );
    println!(
        "size in the policy: {} bytes of JSON ({:.0} KB), {} bytes gzipped; longest single string {} characters",
        json.len(),
        json.len() as f64 / 1024.0,
        gzipped,
        value
            .academies
            .iter()
            .flat_map(|a| a.pupils.iter().chain(&a.former_pupils).chain(&a.parents))
            .map(String::len)
            .max()
            .unwrap_or(0)
    );

    let start = Instant::now();
    let roster = Roster::from_value(&value).unwrap();
    println!(
        "roster index on a device: {:.1} ms to build",
        start.elapsed().as_secs_f64() * 1e3
    );

    // Every normalised form on the roster: a lookup of one of these is a true match.
    let mut rng = Seeded::new(2026);
    let roster_forms_set: HashSet<String> = trust_csv(&mut rng)
        .lines()
        .skip(1)
        .flat_map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            roster_forms(f[1], f[2], f[3])
        })
        .collect();
    let mut rng = Seeded::new(7);
    let (mut looked_up, mut identical, mut false_matches) = (0, 0, 0);
    for _ in 0..100_000 {
        let (forename, surname) = full_name(&mut rng);
        let forms = display_name_forms(&format!("{forename} {surname}"));
        looked_up += 1;
        if forms.iter().any(|f| roster_forms_set.contains(f)) {
            identical += 1;
            continue;
        }
        if forms.iter().any(|f| !roster.lookup(f, today).is_empty()) {
            false_matches += 1;
        }
    }
    println!(
        "false matches: {false_matches} of {} generated names whose normalised form is on no roster entry ({identical} of {looked_up} were identical to a roster name, a true match by design)",
        looked_up - identical
    );

    // A page of 500 people (a long suggestions list), through the engine.
    let mut policy = Policy::embedded_default();
    policy.roster = Some(value);
    let engine = Engine::new(policy);
    let people = page_of_people(&mut Seeded::new(11), 500);
    engine.check_person(&people[0], AccountKind::Personal, today); // Builds the index once.
    let mut times = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        let flagged = people
            .iter()
            .filter(|p| {
                engine
                    .check_person(p, AccountKind::Personal, today)
                    .relation
                    != Relation::None
            })
            .count();
        std::hint::black_box(flagged);
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "a page of 500 people (name, handle, bio): {:.2} ms (median of 20, native)",
        times[10]
    );

    let args: Vec<String> = std::env::args().collect();
    if let Some(dir) = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1))
    {
        std::fs::create_dir_all(dir).unwrap();
        let policy = serde_json::json!({ "roster": engine.policy().roster });
        std::fs::write(format!("{dir}/policy.json"), policy.to_string()).unwrap();
        std::fs::write(
            format!("{dir}/people.json"),
            serde_json::to_string(&people).unwrap(),
        )
        .unwrap();
        println!("wrote {dir}/policy.json and {dir}/people.json");
    }
}

/// Bytes after gzip -9, as IT's tools and the README's other figures count them.
fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut child = std::process::Command::new("gzip")
        .arg("-9")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("gzip is installed");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap().stdout.len()
}
