#![cfg(not(target_arch = "wasm32"))]
//! Replays the fuzz targets' seeds and any saved crash inputs (fuzz/seeds, fuzz/artifacts)
//! through the same checks the fuzzers run, so a crash once found stays fixed.

#[allow(dead_code)]
mod bodies {
    include!("../fuzz/bodies.rs");
}

use std::fs;
use std::path::Path;

fn replay(target: &str, body: fn(&[u8])) {
    let mut count = 0;
    for dir in ["seeds", "artifacts"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz")
            .join(dir)
            .join(target);
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            body(&fs::read(&path).unwrap());
            count += 1;
        }
    }
    assert!(count > 0, "fuzz/seeds/{target} has no inputs");
}

#[test]
fn check_text_seeds() {
    replay("check_text", bodies::check_text);
}

#[test]
fn policy_seeds() {
    replay("policy", bodies::policy);
}

#[test]
fn check_url_seeds() {
    replay("check_url", bodies::check_url);
}
