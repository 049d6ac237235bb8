//! URL-check throughput and engine start-up: `cargo bench --bench check_url`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use safepost::{Engine, PageMeta, PageSignals, Policy};
use std::hint::black_box;

/// A mix of what a browser visits: approved, unapproved, deep subdomains, not social.
const URLS: &[&str] = &[
    "https://www.facebook.com/groups/parents/permalink/1234567890/",
    "https://x.com/TrustNews/status/1790000000000000000",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
    "https://www.instagram.com/p/C7abcdefgh/",
    "https://www.tiktok.com/@someone/video/7300000000000000000",
    "https://old.reddit.com/r/teachers/comments/abc/",
    "https://a.b.c.d.e.f.example.org.uk/deep/path?q=1",
    "https://www.bbc.co.uk/news/education-12345678",
    "https://classroom.google.com/c/NjAwMDAwMDAw",
    "https://mastodon.social/@someone/111111111111111111",
];

fn check_url(c: &mut Criterion) {
    let engine = Engine::with_default_policy();
    let mut group = c.benchmark_group("check_url");
    group.throughput(Throughput::Elements(URLS.len() as u64));
    group.bench_function(BenchmarkId::new("mixed", URLS.len()), |b| {
        b.iter(|| {
            for url in URLS {
                black_box(engine.check_url(black_box(url)).unwrap());
            }
        })
    });
    group.finish();

    let signals = PageSignals {
        meta: (0..40)
            .map(|i| PageMeta {
                name: format!("og:tag{i}"),
                value: "Some page description".into(),
            })
            .collect(),
        paths: (0..80)
            .map(|i| format!("/static/js/chunk-{i}.js"))
            .collect(),
    };
    c.bench_function("check_page/unknown host, 120 signals", |b| {
        b.iter(|| {
            black_box(
                engine
                    .check_page(black_box("https://forum.example.org/t/1"), &signals)
                    .unwrap(),
            )
        })
    });
}

fn engine_start(c: &mut Criterion) {
    // The catalogue is parsed once per process; this measures the per-policy cost that
    // the extension pays whenever IT's policy changes.
    let json = r#"{"approved": ["youtube", "facebook"], "unapproved_action": "block",
                   "exceptions": [{"domain": "learning.example.org.uk", "note": "VLE"}]}"#;
    c.bench_function("engine/from IT policy JSON", |b| {
        b.iter(|| black_box(Engine::from_policy_json(black_box(json)).unwrap()))
    });
    c.bench_function("engine/default policy", |b| {
        b.iter(|| black_box(Engine::new(Policy::embedded_default())))
    });
    c.bench_function("engine/block rules", |b| {
        let engine = Engine::from_policy_json(json).unwrap();
        b.iter(|| black_box(engine.block_rules()))
    });
}

criterion_group!(benches, check_url, engine_start);
criterion_main!(benches);
