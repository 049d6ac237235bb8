//! Reading the Policy A2 corpus (`data/corpus/drafts/*.jsonl`, see `data/corpus/README.md`),
//! shared by its lint (`tests/corpus_lint.rs`) and the evaluations (`examples/eval_corpus.rs`).
#![allow(dead_code)] // Each user takes the parts it needs.

use std::path::Path;

use serde::Deserialize;

/// Every family of Policy A2 a draft can break, with its clause.
pub const FAMILIES: &[(&str, &str)] = &[
    ("confidential", "5.5"),
    ("bullying", "5.5"),
    ("discrimination", "5.5"),
    ("disrepute", "5.5"),
    ("defamation", "5.5"),
    ("lewd", "5.5"),
    ("threat", "5.5"),
    ("unlawful", "5.5"),
    ("abuse", "5.6"),
    ("pupil_contact", "5.6"),
    ("official_contact", "5.6"),
    ("extremism", "5.6"),
    ("parent_contact", "5.3"),
    ("locate_child", "6.1"),
    ("grooming", "6.1"),
    ("harm", "6.1"),
];

pub const KINDS: &[&str] = &["breach", "near_miss", "ordinary"];
pub const SURFACES: &[&str] = &["post", "comment", "reply", "message", "caption", "profile"];
pub const REGISTERS: &[&str] = &[
    "formal",
    "casual",
    "texting",
    "sarcastic",
    "slang",
    "angry",
    "emotional",
    "professional",
];
pub const WRITERS: &[&str] = &[
    "teacher",
    "ta",
    "office",
    "head",
    "support",
    "coach",
    "governor",
    "trainee",
    "caretaker",
    "senco",
    "dsl",
];

/// One draft, as in the files.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub text: String,
    pub labels: Vec<String>,
    pub kind: String,
    pub surface: String,
    pub register: String,
    pub writer: String,
}

/// Which part of the corpus a draft is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Train,
    Dev,
    Test,
}

impl Draft {
    /// Where the draft is typed, as the checker's context names it.
    pub fn check_surface(&self) -> safepost::Surface {
        match self.surface.as_str() {
            "comment" | "reply" => safepost::Surface::Comment,
            "message" => safepost::Surface::Message,
            "profile" => safepost::Surface::Profile,
            _ => safepost::Surface::Post,
        }
    }

    /// Fixed by the text: FNV-1a % 10 is 0 for test, 1 for dev, else train.
    pub fn part(&self) -> Part {
        match fnv1a(self.text.as_bytes()) % 10 {
            0 => Part::Test,
            1 => Part::Dev,
            _ => Part::Train,
        }
    }

    /// The clauses of its families.
    pub fn clauses(&self) -> Vec<&'static str> {
        self.labels
            .iter()
            .filter_map(|l| FAMILIES.iter().find(|(f, _)| f == l).map(|(_, c)| *c))
            .collect()
    }
}

pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Every draft file, by name, with its lines (line number, text); sorted by file name.
pub fn files(root: &Path) -> Vec<(String, Vec<(usize, String)>)> {
    let dir = root.join("data/corpus/drafts");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".jsonl"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(&name)).unwrap();
            let lines = text
                .lines()
                .enumerate()
                .map(|(i, l)| (i + 1, l.to_owned()))
                .collect();
            (name, lines)
        })
        .collect()
}

/// `data/corpus/rounds.json`: each round's number, as written, with the files it added.
pub fn rounds(root: &Path) -> std::collections::BTreeMap<String, Vec<String>> {
    let path = root.join("data/corpus/rounds.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every draft, parsed (panics naming the file and line of one that does not parse).
pub fn drafts(root: &Path) -> Vec<Draft> {
    drafts_of_rounds(root, None)
}

/// Which rounds of the corpus (`data/corpus/rounds.json`) a measure reads, as `--rounds` names
/// them: `N` is rounds 1..=N; a list such as `1-16,18` names ranges and single rounds (a later
/// round of training drafts read while an earlier one stays unseen).
pub fn parse_rounds(spec: &str) -> Result<std::collections::BTreeSet<usize>, String> {
    let bad = || format!("rounds {spec:?}: give N (rounds 1..N) or a list such as 1-16,18");
    let mut rounds = std::collections::BTreeSet::new();
    if let Ok(n) = spec.parse::<usize>() {
        rounds.extend(1..=n);
    } else {
        for item in spec.split(',') {
            let item = item.trim();
            let (low, high) = item.split_once('-').unwrap_or((item, item));
            let (low, high) = (
                low.parse::<usize>().map_err(|_| bad())?,
                high.parse::<usize>().map_err(|_| bad())?,
            );
            rounds.extend(low..=high);
        }
    }
    // "0", "5-3": no round at all would measure nothing, silently.
    if rounds.is_empty() || rounds.contains(&0) {
        return Err(bad());
    }
    Ok(rounds)
}

/// The drafts of the corpus's rounds `rounds` (see [`parse_rounds`]), or of every file when
/// `None`: a model trained before later rounds joined is measured on the drafts it knew.
pub fn drafts_of_rounds(
    root: &Path,
    rounds: Option<&std::collections::BTreeSet<usize>>,
) -> Vec<Draft> {
    drafts_where(root, rounds.cloned())
}

/// Every draft of round `round` alone, whatever its part: for models trained before the round
/// was written, new writers' drafts none of them has seen.
pub fn drafts_of_round(root: &Path, round: usize) -> Vec<Draft> {
    drafts_where(root, Some([round].into()))
}

/// The drafts of the files of the rounds `rounds` (every file when `None`).
fn drafts_where(root: &Path, chosen: Option<std::collections::BTreeSet<usize>>) -> Vec<Draft> {
    let listed: Option<std::collections::HashSet<String>> = chosen.map(|wanted| {
        let all = rounds(root);
        for round in &wanted {
            assert!(
                (1..=all.len()).contains(round),
                "data/corpus/rounds.json has rounds 1 to {}, not {round}",
                all.len()
            );
        }
        all.into_iter()
            .filter(|(n, _)| n.parse::<usize>().is_ok_and(|n| wanted.contains(&n)))
            .flat_map(|(_, files)| files)
            .collect()
    });
    files(root)
        .into_iter()
        .filter(|(name, _)| listed.as_ref().is_none_or(|l| l.contains(name)))
        .flat_map(|(name, lines)| {
            lines.into_iter().map(move |(n, line)| {
                serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("data/corpus/drafts/{name}:{n}: {e}"))
            })
        })
        .collect()
}
