//! Turns the human-edited TOML data files into JSON that the engine embeds, so the
//! engine (and its WASM build) needs a JSON parser only, not a TOML one; and the platform
//! catalogue into Rust data, so that building the first engine does not parse it.

use std::{env, fs, path::Path};

#[path = "build/merge_toml.rs"]
mod merge_toml;

const DATA_FILES: &[&str] = &[
    "platforms",
    "content-rules",
    "lexicon/terms",
    "lexicon/safe-words",
    "contact-signals",
];

fn main() {
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    public_suffix_list(Path::new(&out_dir));
    function_words(Path::new(&out_dir));
    for name in DATA_FILES {
        // The content rules are a folder, one file per family of breach.
        let folder = Path::new("data").join(name);
        let (source, mut value) = if folder.is_dir() {
            println!("cargo:rerun-if-changed={}", folder.display());
            let table = merge_toml::merge_toml_folder(&folder).unwrap_or_else(|e| panic!("{e}"));
            (format!("data/{name}/"), toml::Value::Table(table))
        } else {
            let source = format!("data/{name}.toml");
            println!("cargo:rerun-if-changed={source}");
            let text =
                fs::read_to_string(&source).unwrap_or_else(|e| panic!("reading {source}: {e}"));
            let value =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{source} is not valid TOML: {e}"));
            (source, value)
        };
        // Notes are for the people who curate the data, not for the engine.
        if let Some(terms) = value.get_mut("term").and_then(toml::Value::as_array_mut) {
            for term in terms.iter_mut().filter_map(toml::Value::as_table_mut) {
                term.remove("notes");
            }
        }
        if *name == "platforms" {
            platforms_rs(&value, Path::new(&out_dir));
        }
        if *name == "content-rules" {
            proscribed_organisations(&mut value, Path::new(&out_dir));
            expand_lists(&mut value, &source);
        }
        let json = if *name == "lexicon/terms" {
            group_terms(&mut value).to_string()
        } else {
            serde_json::to_string(&value).expect("TOML values are JSON-representable")
        };
        let out_name = name.replace('/', "-");
        fs::write(Path::new(&out_dir).join(format!("{out_name}.json")), json)
            .unwrap_or_else(|e| panic!("writing {name}.json: {e}"));
    }
}

/// Writes the lexicon as runs of terms that share their settings, in the file's order, each
/// run `[category, severity, match, lowered_by, [terms…]]` (see `TermGroup` in
/// src/content/rules.rs): the same terms, without their settings' names repeated 900 times
/// in the WebAssembly module.
fn group_terms(value: &mut toml::Value) -> serde_json::Value {
    let Some(toml::Value::Array(terms)) = value.as_table_mut().and_then(|t| t.remove("term"))
    else {
        panic!("data/lexicon/terms.toml: [[term]] entries expected");
    };
    let mut groups: Vec<(Vec<serde_json::Value>, Vec<serde_json::Value>)> = Vec::new();
    for term in terms {
        let setting = |key: &str, default: serde_json::Value| {
            term.get(key)
                .map(|v| serde_json::to_value(v).expect("TOML values are JSON-representable"))
                .unwrap_or(default)
        };
        let settings = vec![
            setting("category", serde_json::Value::Null),
            setting("severity", serde_json::Value::Null),
            setting("match", "word".into()),
            setting("lowered_by", serde_json::Value::Null),
        ];
        let text = setting("term", serde_json::Value::Null);
        match groups.last_mut() {
            Some((last, list)) if *last == settings => list.push(text),
            _ => groups.push((settings, vec![text])),
        }
    }
    let groups: Vec<serde_json::Value> = groups
        .into_iter()
        .map(|(mut settings, list)| {
            settings.push(serde_json::Value::Array(list));
            serde_json::Value::Array(settings)
        })
        .collect();
    serde_json::json!({ "group": groups })
}

/// Replaces each `"@name"` entry of a rule's slots and of its `unless` list by the phrases
/// of `[lists] name`, so rules share one list (a pupil's health and special-category
/// details, say; the words that make a dare a warning) rather than copies that drift apart;
/// the engine never sees the lists themselves.
fn expand_lists(value: &mut toml::Value, source: &str) {
    let lists = match value.as_table_mut().and_then(|t| t.remove("lists")) {
        Some(toml::Value::Table(lists)) => lists,
        Some(_) => panic!("{source}: [lists] must be a table of phrase lists"),
        None => return,
    };
    let rules = value.get_mut("rule").and_then(toml::Value::as_array_mut);
    for rule in rules.into_iter().flatten() {
        let id = rule
            .get("id")
            .and_then(toml::Value::as_str)
            .unwrap_or("?")
            .to_owned();
        let expand = |entries: &mut Vec<toml::Value>| {
            let mut expanded = Vec::with_capacity(entries.len());
            for entry in entries.drain(..) {
                match entry.as_str().and_then(|e| e.strip_prefix('@')) {
                    Some(list) => match lists.get(list).and_then(toml::Value::as_array) {
                        Some(phrases) => expanded.extend(phrases.iter().cloned()),
                        None => panic!("{source}: rule {id} names @{list}, which [lists] lacks"),
                    },
                    None => expanded.push(entry),
                }
            }
            *entries = expanded;
        };
        if let Some(unless) = rule.get_mut("unless").and_then(toml::Value::as_array_mut) {
            expand(unless);
        }
        let slots = rule.get_mut("slots").and_then(toml::Value::as_array_mut);
        for slot in slots
            .into_iter()
            .flatten()
            .filter_map(toml::Value::as_array_mut)
        {
            expand(slot);
        }
    }
}

/// The organisations proscribed in the UK (`data/proscribed-organisations.toml`) as two
/// phrase lists for the content rules, every name and alias in the normaliser's form:
/// `proscribed-organisations`, and `proscribed-organisations-ordinary` for the names an
/// organisation's `ordinary` marks as everyday words too ("The Base", "National Action"),
/// which rules name only with closer context. A name containing another of its list at
/// word boundaries ("Provisional IRA", "IRA") is left out: the shorter one matches it.
/// The lists are also written to `proscribed-organisations.json` for
/// tests/content_data_lint.rs; the engine sees them only inside the rules.
fn proscribed_organisations(value: &mut toml::Value, out_dir: &Path) {
    let source = "data/proscribed-organisations.toml";
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("reading {source}: {e}"));
    let file: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{source} is not valid TOML: {e}"));
    let organisations = file
        .get("organisation")
        .and_then(toml::Value::as_array)
        .unwrap_or_else(|| panic!("{source}: [[organisation]] entries expected"));
    let (mut names, mut ordinary): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for organisation in organisations {
        let strings = |key: &str| -> Vec<&str> {
            let list = organisation.get(key).and_then(toml::Value::as_array);
            list.into_iter()
                .flatten()
                .filter_map(toml::Value::as_str)
                .collect()
        };
        let name = organisation.get("name").and_then(toml::Value::as_str);
        let everyday = strings("ordinary");
        for name in name.into_iter().chain(strings("also")) {
            let list = if everyday.contains(&name) {
                &mut ordinary
            } else {
                &mut names
            };
            let phrase = normal_form(name);
            if !list.contains(&phrase) {
                list.push(phrase);
            }
        }
    }
    let lists = value
        .as_table_mut()
        .expect("the content rules are a table")
        .entry("lists")
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    let lists = lists.as_table_mut().expect("[lists] is a table");
    let mut json = serde_json::Map::new();
    for (key, phrases) in [
        ("proscribed-organisations", names),
        ("proscribed-organisations-ordinary", ordinary),
    ] {
        let within = |short: &str, long: &str| {
            short != long
                && long.match_indices(short).any(|(at, _)| {
                    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                    !word(long[..at].chars().next_back())
                        && !word(long[at + short.len()..].chars().next())
                })
        };
        let kept: Vec<String> = phrases
            .iter()
            .filter(|long| !phrases.iter().any(|short| within(short, long)))
            .cloned()
            .collect();
        json.insert(key.into(), kept.clone().into());
        let kept = kept.into_iter().map(toml::Value::String).collect();
        if lists.insert(key.into(), toml::Value::Array(kept)).is_some() {
            panic!("data/content-rules/: [lists] {key} is made from {source}");
        }
    }
    fs::write(
        out_dir.join("proscribed-organisations.json"),
        serde_json::Value::Object(json).to_string(),
    )
    .expect("writing proscribed-organisations.json");
}

/// A name as the normaliser leaves text (src/content/normalise.rs): lowercase, accents and
/// curly quotes folded, and digits inside a word of letters read as the letters they stand
/// for (`Islam4UK` is `islamauk`). tests/content_data_lint.rs checks the result against
/// the normaliser itself.
fn normal_form(name: &str) -> String {
    let folded: String = name
        .trim()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    // Leetspeak (`read_leetspeak`): in a word of two letters or more with digits, the digits
    // that stand for letters become letters, unless they lead a word of plain letters (4pm).
    let leet = |c: char| match c {
        '0' => Some('o'),
        '1' => Some('i'),
        '3' => Some('e'),
        '4' => Some('a'),
        '5' => Some('s'),
        '7' => Some('t'),
        '8' => Some('b'),
        '9' => Some('g'),
        _ => None,
    };
    let mut out = String::with_capacity(folded.len());
    let mut word = String::new();
    for c in folded.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() {
            word.push(c);
            continue;
        }
        let letters = word.chars().filter(char::is_ascii_alphabetic).count();
        if letters >= 2 && letters < word.len() {
            let leading = word.chars().take_while(char::is_ascii_digit).count();
            let begin = if word.chars().skip(leading).any(|c| leet(c).is_some()) {
                0
            } else {
                leading
            };
            word = word
                .chars()
                .enumerate()
                .map(|(i, c)| if i >= begin { leet(c).unwrap_or(c) } else { c })
                .collect();
        }
        out.push_str(&word);
        word.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// The model's function words (`data/model/function-words.txt`, sorted) as a Rust slice
/// to search, so nothing is read at run time.
fn function_words(out_dir: &Path) {
    let source = "data/model/function-words.txt";
    println!("cargo:rerun-if-changed={source}");
    let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("reading {source}: {e}"));
    let words: Vec<String> = text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|word| format!("{word:?}"))
        .collect();
    let rust = format!("const FUNCTION_WORDS: &[&str] = &[{}];\n", words.join(", "));
    fs::write(out_dir.join("function_words.rs"), rust)
        .unwrap_or_else(|e| panic!("writing function_words.rs: {e}"));
}

/// The Public Suffix List's rules in punycode, split into a registry's (ICANN) and a
/// company's (private) suffixes, front-coded (see `front_coded`); rules keep their `*.`
/// and `!` prefixes.
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
        // Rules may be written in Unicode; hosts arrive in punycode, mapped as a browser
        // maps them (ada, the WHATWG URL parser, as src/idn.rs does natively).
        let ascii = match rule.strip_prefix('!').or_else(|| rule.strip_prefix("*.")) {
            Some(rest) => {
                let prefix = &rule[..rule.len() - rest.len()];
                format!("{prefix}{}", ascii_host(rest))
            }
            None => ascii_host(rule),
        };
        rules.push((ascii, u8::from(private)));
    }
    rules.sort();
    rules.dedup_by(|a, b| a.0 == b.0);
    fs::write(out_dir.join("public_suffix_rules.txt"), front_coded(&rules))
        .expect("writing public_suffix_rules.txt");
}

/// A public-suffix rule's host name in its ASCII form (UTS 46, then punycode).
fn ascii_host(domain: &str) -> String {
    if domain.is_ascii() {
        return domain.to_owned();
    }
    let url = ada_url::Url::parse(format!("https://{domain}/"), None)
        .unwrap_or_else(|_| panic!("PSL rule {domain:?} is a valid host name"));
    url.hostname().to_owned()
}

/// The rules in the form `src/public_suffix.rs` reads: the ICANN section, an empty line,
/// then the private section. Each rule's labels are reversed (`*.kawasaki.jp` becomes
/// `jp.kawasaki.*`) so that rules under one suffix sort together, and each is front-coded:
/// one byte, `' '` plus the number of leading bytes it shares with the rule before it, then
/// the rest. Compressed, this is about a quarter smaller than the sorted list itself.
fn front_coded(rules: &[(String, u8)]) -> String {
    let mut out = String::new();
    for kind in [0, 1] {
        if kind == 1 {
            out.push('\n');
        }
        let mut keys: Vec<String> = rules
            .iter()
            .filter(|(_, k)| *k == kind)
            .map(|(rule, _)| rule.rsplit('.').collect::<Vec<_>>().join("."))
            .collect();
        keys.sort();
        let mut previous = "";
        for key in &keys {
            assert!(
                key.is_ascii() && !key.contains(['\n', ' ']),
                "PSL rule {key:?}"
            );
            let shared = key
                .bytes()
                .zip(previous.bytes())
                .take_while(|(a, b)| a == b)
                .count()
                .min(94);
            out.push(char::from(b' ' + shared as u8));
            out.push_str(&key[shared..]);
            out.push('\n');
            previous = key;
        }
    }
    out
}

/// The catalogue as a Rust expression of type `&[EmbeddedPlatform]` (see
/// `src/catalogue.rs`), checked as strictly as its JSON form is: unknown keys and wrong
/// types stop the build. A test compares it with the JSON form.
fn platforms_rs(file: &toml::Value, out_dir: &Path) {
    let source = "data/platforms.toml";
    let table = |value: &toml::Value, what: &str| -> toml::map::Map<String, toml::Value> {
        value
            .as_table()
            .unwrap_or_else(|| panic!("{source}: {what} is not a table"))
            .clone()
    };
    let string = |value: &toml::Value, what: &str| -> String {
        let s = value
            .as_str()
            .unwrap_or_else(|| panic!("{source}: {what} is not a string"));
        format!("{s:?}")
    };
    let strings = |value: &toml::Value, what: &str| -> String {
        let items: Vec<String> = value
            .as_array()
            .unwrap_or_else(|| panic!("{source}: {what} is not an array"))
            .iter()
            .map(|v| string(v, what))
            .collect();
        format!("&[{}]", items.join(", "))
    };
    let boolean = |value: Option<&toml::Value>, what: &str| -> bool {
        value.is_some_and(|v| {
            v.as_bool()
                .unwrap_or_else(|| panic!("{source}: {what} is not true or false"))
        })
    };
    let mut file = table(file, "the file");
    let platforms = file
        .remove("platform")
        .unwrap_or_else(|| panic!("{source}: no [[platform]] tables"));
    if let Some(key) = file.keys().next() {
        panic!("{source}: unknown key {key:?}");
    }
    let mut out = String::from("&[\n");
    for platform in platforms
        .as_array()
        .unwrap_or_else(|| panic!("{source}: platform is not an array of tables"))
    {
        let mut p = table(platform, "a platform");
        let mut take = |key: &str| p.remove(key);
        let id = take("id").unwrap_or_else(|| panic!("{source}: a platform has no id"));
        let id = string(&id, "an id");
        let what = |field: &str| format!("{field} of {id}");
        let name = string(
            &take("name").expect("platforms have names"),
            &what("the name"),
        );
        let category = take("category").expect("platforms have categories");
        // `snake_case` in the data, `CamelCase` in Rust (serde's rename_all).
        let category: String = category
            .as_str()
            .unwrap_or_else(|| panic!("{source}: {} is not a string", what("the category")))
            .split('_')
            .map(|part| {
                let mut chars = part.chars();
                chars.next().map_or(String::new(), |first| {
                    first.to_ascii_uppercase().to_string() + chars.as_str()
                })
            })
            .collect();
        let named = boolean(take("named_in_policy").as_ref(), &what("named_in_policy"));
        let domains = strings(
            &take("domains").expect("platforms have domains"),
            &what("the domains"),
        );
        let signals = match take("signals") {
            None => "None".to_string(),
            Some(signals) => {
                let mut signals = table(&signals, &what("signals"));
                let meta = match signals.remove("meta") {
                    None => "&[]".to_string(),
                    Some(meta) => {
                        let items: Vec<String> = meta
                            .as_array()
                            .unwrap_or_else(|| panic!("{source}: {} is not an array", what("meta")))
                            .iter()
                            .map(|m| {
                                let mut m = table(m, &what("a meta signal"));
                                let name = string(
                                    &m.remove("name").expect("meta signals have names"),
                                    &what("a meta name"),
                                );
                                let value = string(
                                    &m.remove("value").expect("meta signals have values"),
                                    &what("a meta value"),
                                );
                                let exact = boolean(m.remove("exact").as_ref(), &what("exact"));
                                if let Some(key) = m.keys().next() {
                                    panic!(
                                        "{source}: unknown key {key:?} in a meta signal of {id}"
                                    );
                                }
                                format!("({name}, {value}, {exact})")
                            })
                            .collect();
                        format!("&[{}]", items.join(", "))
                    }
                };
                let paths = signals
                    .remove("paths")
                    .map_or("&[]".to_string(), |p| strings(&p, &what("the paths")));
                if let Some(key) = signals.keys().next() {
                    panic!("{source}: unknown key {key:?} in the signals of {id}");
                }
                format!("Some(({meta}, {paths}))")
            }
        };
        if let Some(key) = p.keys().next() {
            panic!("{source}: unknown key {key:?} in platform {id}");
        }
        out.push_str(&format!(
            "    EmbeddedPlatform {{ id: {id}, name: {name}, category: Category::{category}, \
             named_in_policy: {named}, domains: {domains}, signals: {signals} }},\n"
        ));
    }
    out.push_str("]\n");
    fs::write(out_dir.join("platforms.rs"), out).expect("writing platforms.rs");
}
