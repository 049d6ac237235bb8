//! Contact-guard speed natively: `cargo bench --bench check_person` — a page of 500 people
//! (a long suggestions list) against the roster of a large Trust (7,000 rows).
//! (`cargo run --release --example roster_measure` gives build time, size and false matches.)

#[path = "../examples/synthetic_roster/mod.rs"]
mod synthetic_roster;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use safepost::contact::roster_build::build_roster;
use safepost::{AccountKind, Engine, Policy};
use std::hint::black_box;
use synthetic_roster::{page_of_people, trust_csv, Seeded};

fn check_person(c: &mut Criterion) {
    let today = time::Date::from_calendar_date(2026, time::Month::December, 3).unwrap();
    let csv = trust_csv(&mut Seeded::new(2026));
    let (roster, _) = build_roster(csv.as_bytes(), &[42; 32], today).unwrap();
    let mut policy = Policy::embedded_default();
    policy.roster = Some(roster);
    let engine = Engine::new(policy);
    let people = page_of_people(&mut Seeded::new(11), 500);
    engine.check_person(&people[0], AccountKind::Personal, today);
    let mut group = c.benchmark_group("check_person");
    group.throughput(Throughput::Elements(people.len() as u64));
    group.bench_function("page of 500 people", |b| {
        b.iter(|| {
            for person in &people {
                black_box(engine.check_person(black_box(person), AccountKind::Personal, today));
            }
        })
    });
    group.finish();
    c.bench_function("roster build, 7,000 rows", |b| {
        b.iter(|| build_roster(black_box(csv.as_bytes()), &[42; 32], today).unwrap())
    });
}

criterion_group!(benches, check_person);
criterion_main!(benches);
