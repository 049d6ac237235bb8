//! Content-check speed natively: `cargo bench --bench check_text`.
//! (The WASM figures come from `node benches/node/check-bench.mjs`.)

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use safepost::content::rules::ContentRules;
use safepost::{CheckContext, Engine, Policy};
use std::hint::black_box;

/// Tweet-length texts of the kinds the checker sees: ordinary, rude, disguised, personal data.
const TEXTS: &[&str] = &[
    "Well done to Year 6 on their fantastic trip to the Science Museum! #proud",
    "Reminder: parents' evening is on Thursday from 4pm in the main hall.",
    "Our under-14s won 3-1 against Oakfield today, brilliant teamwork from everyone",
    "you are such a stupid idiot, nobody wants you here",
    "@USER what the f*ck is this sh1t, get a grip you muppet",
    "Call me on 07700 900123 or email jo.bloggs@example.com about the trip",
    "DM me on insta if you need help with your homework year 10",
    "Lovely afternoon in Scunthorpe watching the cricket with a cocktail",
    "ｙｏｕ ａｒｅ ａ ｌｏｓｅｒ and everyone knows it lol",
    "Exam results day is Thursday 22 August, good luck to all our students!",
];

fn check_text(c: &mut Criterion) {
    let engine = Engine::with_default_policy();
    let context = CheckContext::default();
    let mut group = c.benchmark_group("check_text");
    group.throughput(Throughput::Elements(TEXTS.len() as u64));
    group.bench_function("tweets", |b| {
        b.iter(|| {
            for text in TEXTS {
                black_box(engine.check_text(black_box(text), &context));
            }
        })
    });
    let post: String = TEXTS
        .iter()
        .cycle()
        .take(70)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let post = &post[..post
        .char_indices()
        .nth(5_000)
        .map_or(post.len(), |(i, _)| i)];
    group.throughput(Throughput::Bytes(post.len() as u64));
    group.bench_function("5000-character post", |b| {
        b.iter(|| black_box(engine.check_text(black_box(post), &context)))
    });
    // The checked cap of a draft that repeats a context rule's phrases: every hit of one
    // slot meets thousands of hits of the others.
    let repeats = "Year 9, meet me at the park on Saturday and DM me. ".repeat(2_000);
    let repeats = &repeats[..100_000];
    group.throughput(Throughput::Bytes(repeats.len() as u64));
    group.bench_function("100,000 bytes of repeated rule phrases", |b| {
        b.iter(|| black_box(engine.check_text(black_box(repeats), &context)))
    });
    group.finish();
    c.bench_function("engine/default policy", |b| {
        b.iter(|| black_box(Engine::new(Policy::embedded_default())))
    });
    // What the first content check of an engine builds (then shared while IT adds no terms).
    c.bench_function(
        "content rules/embedded lexicon, rules and safe words",
        |b| b.iter(|| black_box(ContentRules::new(&[], &[]))),
    );
}

criterion_group!(benches, check_text);
criterion_main!(benches);
