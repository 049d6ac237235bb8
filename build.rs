//! Turns the human-edited TOML data files into JSON that the engine embeds, so the
//! engine (and its WASM build) needs a JSON parser only, not a TOML one.

use std::{env, fs, path::Path};

const DATA_FILES: &[&str] = &[
    "platforms",
    "content-rules",
    "lexicon/terms",
    "lexicon/safe-words",
];

fn main() {
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    public_suffix_list(Path::new(&out_dir));
    for name in DATA_FILES {
        let source = format!("data/{name}.toml");
        println!("cargo:rerun-if-changed={source}");
        let text = fs::read_to_string(&source).unwrap_or_else(|e| panic!("reading {source}: {e}"));
        let mut value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{source} is not valid TOML: {e}"));
        // Notes are for the people who curate the data, not for the engine.
        if let Some(terms) = value.get_mut("term").and_then(toml::Value::as_array_mut) {
            for term in terms.iter_mut().filter_map(toml::Value::as_table_mut) {
                term.remove("notes");
            }
        }
        let json = serde_json::to_string(&value).expect("TOML values are JSON-representable");
        let out_name = name.replace('/', "-");
        fs::write(Path::new(&out_dir).join(format!("{out_name}.json")), json)
            .unwrap_or_else(|e| panic!("writing {name}.json: {e}"));
    }
}

/// The Public Suffix List as sorted lines `rule kind` for binary search, so nothing is
/// parsed at run time. Kind `p` = a company's (private) suffix, `i` = a registry's;
/// rules keep their `*.` and `!` prefixes.
fn public_suffix_list(out_dir: &Path) {
    let source = "data/public_suffix_list.dat";
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("reading {source}: {e}"));
    let mut private = false;
    let mut rules: Vec<(String, u8)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.contains("===BEGIN PRIVATE DOMAINS===") {
            private = true;
        }
        // A rule is the line up to the first whitespace; comments start with //.
        let rule = line.split_whitespace().next().unwrap_or("");
        if rule.is_empty() || rule.starts_with("//") {
            continue;
        }
        // Rules may be written in Unicode; hosts arrive in punycode.
        let ascii = match rule.strip_prefix('!').or_else(|| rule.strip_prefix("*.")) {
            Some(rest) => {
                let prefix = &rule[..rule.len() - rest.len()];
                format!(
                    "{prefix}{}",
                    idna::domain_to_ascii(rest).expect("PSL rules are valid IDNs")
                )
            }
            None => idna::domain_to_ascii(rule).expect("PSL rules are valid IDNs"),
        };
        rules.push((ascii, u8::from(private)));
    }
    rules.sort();
    rules.dedup_by(|a, b| a.0 == b.0);
    // One sorted, newline-separated string searched in place: a table of string slices
    // would cost 12 bytes of pointers per rule in the WebAssembly build.
    let mut table = String::new();
    for (rule, kind) in &rules {
        table.push_str(rule);
        table.push(' ');
        table.push(if *kind == 1 { 'p' } else { 'i' });
        table.push('\n');
    }
    fs::write(out_dir.join("public_suffix_rules.txt"), table)
        .expect("writing public_suffix_rules.txt");
}
