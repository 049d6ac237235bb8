//! Turns the human-edited TOML data files into JSON that the engine embeds, so the
//! engine (and its WASM build) needs a JSON parser only, not a TOML one.

use std::{env, fs, path::Path};

const DATA_FILES: &[&str] = &["platforms"];

fn main() {
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    public_suffix_list(Path::new(&out_dir));
    for name in DATA_FILES {
        let source = format!("data/{name}.toml");
        println!("cargo:rerun-if-changed={source}");
        let text = fs::read_to_string(&source).unwrap_or_else(|e| panic!("reading {source}: {e}"));
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{source} is not valid TOML: {e}"));
        let json = serde_json::to_string(&value).expect("TOML values are JSON-representable");
        fs::write(Path::new(&out_dir).join(format!("{name}.json")), json)
            .unwrap_or_else(|e| panic!("writing {name}.json: {e}"));
    }
}

/// The Public Suffix List without its comments (a third of its size), keeping the
/// section markers that tell registry suffixes from companies' ones.
fn public_suffix_list(out_dir: &Path) {
    let source = "data/public_suffix_list.dat";
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("reading {source}: {e}"));
    let rules: String = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && (!line.starts_with("//") || line.contains("===")))
        .flat_map(|line| [line, "\n"])
        .collect();
    fs::write(out_dir.join("public_suffix_list.dat"), rules)
        .expect("writing public_suffix_list.dat");
}
