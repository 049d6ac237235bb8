//! `safepost check`: both stages, as the extension runs them — the fast checker, then the deeper
//! check (the model) unless IT switched it off or `--fast-only` asks for the fast one alone.
//! Deep findings that say what a fast finding already says are merged away.

use std::fs;
use std::io::{self, BufRead, BufWriter, Write};

use safepost::content::finding::json_name;
use safepost::{AccountKind, CheckContext, CheckResult, Engine, Severity};
use safepost_deep::{CheckOptions, DeepChecker, DeepResult};
use serde::Serialize;
use serde_json::Value;

use crate::{heading, read_bytes, CheckFormat};

/// One draft's findings from both stages, in order of position.
#[derive(Serialize)]
struct Checked {
    findings: Vec<Value>,
    truncated: bool,
    checked_bytes: usize,
    /// `ran`, `off` (IT or `--fast-only`), or why it could not run.
    deep: String,
}

struct Deep {
    checker: DeepChecker,
    options: CheckOptions,
}

/// Checks a text (or each line of it); returns whether nothing at medium or above was found.
pub fn run(
    file: &str,
    format: CheckFormat,
    context: &CheckContext,
    engine: &Engine,
    fast_only: bool,
) -> io::Result<bool> {
    let deep = (!fast_only && engine.policy().content.deep_check).then(|| Deep {
        checker: DeepChecker::embedded(),
        options: CheckOptions {
            official: context.account == AccountKind::Official,
            no_words: format == CheckFormat::Jsonl,
            categories: engine
                .policy()
                .content
                .categories
                .iter()
                .map(|(c, s)| (json_name(c), json_name(s)))
                .collect(),
        },
    });
    let mut out = BufWriter::new(io::stdout().lock());
    let mut clean = true;
    let mut check = |text: &str| {
        let checked = check_both(engine, deep.as_ref(), text, context);
        clean &= checked.findings.iter().all(|f| {
            serde_json::from_value::<Severity>(f["severity"].clone())
                .is_ok_and(|s| s < Severity::Medium)
        });
        checked
    };
    if format == CheckFormat::Jsonl {
        let input: Box<dyn BufRead> = if file == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(io::BufReader::new(fs::File::open(file).map_err(|e| {
                io::Error::new(e.kind(), format!("cannot read {file}: {e}"))
            })?))
        };
        for line in input.split(b'\n') {
            let line = line?;
            let text = String::from_utf8_lossy(&line);
            let checked = check(text.trim_end_matches('\r'));
            serde_json::to_writer(&mut out, &checked)?;
            out.write_all(b"\n")?;
        }
    } else {
        let bytes = read_bytes(file)?;
        // Like a browser, read bad UTF-8 as U+FFFD rather than refuse the draft.
        let text = String::from_utf8_lossy(&bytes);
        let checked = check(&text);
        if format == CheckFormat::Json {
            serde_json::to_writer_pretty(&mut out, &checked)?;
            writeln!(out)?;
        } else {
            write_findings(&mut out, &checked)?;
        }
    }
    out.flush()?;
    Ok(clean)
}

fn check_both(engine: &Engine, deep: Option<&Deep>, text: &str, context: &CheckContext) -> Checked {
    let fast: CheckResult = engine.check_text(text, context);
    let (deep_findings, status) = match deep {
        None => (Vec::new(), "off".to_owned()),
        Some(d) => match d.checker.check(text, &d.options) {
            Ok(DeepResult { findings, .. }) => (fast.merge_deep(findings), "ran".to_owned()),
            Err(e) => (Vec::new(), e.to_string()),
        },
    };
    let mut findings: Vec<Value> = fast
        .findings
        .iter()
        .map(|f| serde_json::to_value(f).expect("findings serialise"))
        .chain(
            deep_findings
                .iter()
                .map(|f| serde_json::to_value(f).expect("findings serialise")),
        )
        .collect();
    // Stable: the fast findings keep the engine's order; deep ones join them by position.
    findings.sort_by_key(|f| f["start"].as_u64());
    Checked {
        findings,
        truncated: fast.truncated,
        checked_bytes: fast.checked_bytes,
        deep: status,
    }
}

fn write_findings(out: &mut impl Write, checked: &Checked) -> io::Result<()> {
    if checked.findings.is_empty() {
        writeln!(out, "No problems found.")?;
    }
    for f in &checked.findings {
        writeln!(
            out,
            "{:<6} §{:<4} bytes {}..{}  {}\n       {}",
            heading(&f["severity"]),
            f["clause"].as_str().unwrap_or_default(),
            f["start"],
            f["end"],
            f["matched"],
            f["message"].as_str().unwrap_or_default()
        )?;
        if let Some(words) = f["words"].as_array().filter(|w| !w.is_empty()) {
            let words: Vec<&str> = words.iter().filter_map(|w| w["text"].as_str()).collect();
            writeln!(
                out,
                "       Read for meaning; the words that weighed most: {}",
                words.join(", ")
            )?;
        } else if f["rule"].as_str().is_some_and(|r| r.starts_with("deep/")) {
            writeln!(out, "       Read for meaning.")?;
        }
    }
    if checked.truncated {
        writeln!(
            out,
            "Only the first {} bytes were checked.",
            checked.checked_bytes
        )?;
    }
    if checked.deep != "ran" && checked.deep != "off" {
        writeln!(
            out,
            "The deeper check did not run ({}); only the fast check's findings are shown. \
             Pass --fast-only to check words only on purpose; if this keeps happening, the model \
             built into this copy of SafePost may be damaged: build or install it again.",
            checked.deep
        )?;
    }
    Ok(())
}
