//! Turns data/deep-families.toml into JSON for the crate to embed, so neither build carries a
//! TOML parser.

use std::{env, fs, path::Path};

fn main() {
    let source = "../data/deep-families.toml";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=../data/model/a2-minilm-q8.gguf");
    let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("reading {source}: {e}"));
    let value: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{source} is not valid TOML: {e}"));
    let out =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("deep-families.json");
    fs::write(
        out,
        serde_json::to_string(&value).expect("TOML is JSON-representable"),
    )
    .expect("writing deep-families.json");
}
