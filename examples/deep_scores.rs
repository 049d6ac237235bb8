//! The deeper check's scores for each input line (a JSON string), one JSON array per line, in
//! the order of the model's families: the native side of the WebAssembly parity test
//! (tests/node/deep-parity.test.mjs). `cargo run --example deep_scores < texts.jsonl`

use std::io::{self, BufRead, Write};

use safepost_deep::DeepChecker;

fn main() {
    let checker = DeepChecker::embedded();
    let texts: Vec<String> = io::stdin()
        .lock()
        .lines()
        .map(|line| {
            serde_json::from_str(&line.expect("input")).expect("each line is a JSON string")
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for row in checker.scores(&refs).expect("the model runs") {
        serde_json::to_writer(&mut out, &row).expect("write");
        out.write_all(b"\n").expect("write");
    }
}
