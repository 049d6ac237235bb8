//! `safepost roster key|build|check` and `safepost person` as IT runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn safepost(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_safepost"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A fresh folder with a new key and tests/cases/roster.csv in it.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("safepost-roster-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = safepost(&["roster", "key"], &dir);
    assert!(key.status.success());
    std::fs::write(dir.join("trust.key"), &key.stdout).unwrap();
    std::fs::write(dir.join("roster.csv"), include_str!("cases/roster.csv")).unwrap();
    dir
}

#[test]
fn build_then_check_names() {
    let dir = folder("check");
    let built = safepost(
        &[
            "roster",
            "build",
            "roster.csv",
            "--key-file",
            "trust.key",
            "--date",
            "2026-12-03",
        ],
        &dir,
    );
    assert!(built.status.success(), "{}", text(&built.stderr));
    let report = text(&built.stderr);
    assert!(
        report.contains("3 pupils, 2 former pupils (1 already 18"),
        "{report}"
    );
    let json = text(&built.stdout);
    assert!(!json.to_lowercase().contains("chloe"));
    std::fs::write(dir.join("roster.json"), &json).unwrap();

    let checked = safepost(
        &[
            "roster",
            "check",
            "roster.json",
            "--key-file",
            "trust.key",
            "--date",
            "2026-12-03",
            "Chloe Smith",
            "@dan.smith_77",
            "Priya Patel",
            "Ann Other",
        ],
        &dir,
    );
    assert!(checked.status.success(), "{}", text(&checked.stderr));
    let out = text(&checked.stdout);
    assert!(
        out.contains(
            "MATCH     Chloe Smith\n          Chloe Smith matches a pupil at Oak Primary Academy"
        ),
        "{out}"
    );
    assert!(
        out.contains("matches a parent at Oak Primary Academy"),
        "{out}"
    );
    assert!(out.contains("NO MATCH  Priya Patel"), "{out}");
    assert!(out.contains("NO MATCH  Ann Other"), "{out}");

    // Another key: refused, naming both fingerprints.
    let other = safepost(&["roster", "key"], &dir);
    std::fs::write(dir.join("other.key"), &other.stdout).unwrap();
    let wrong = safepost(
        &[
            "roster",
            "check",
            "roster.json",
            "--key-file",
            "other.key",
            "Chloe Smith",
        ],
        &dir,
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(text(&wrong.stderr).contains("was built with key"));

    // The roster in a policy: validated, then used by `person`.
    let policy = format!(r#"{{"roster": {json}, "contact": {{"action": "block"}}}}"#);
    std::fs::write(dir.join("policy.json"), policy).unwrap();
    let valid = safepost(&["policy", "validate", "policy.json"], &dir);
    assert!(
        text(&valid.stdout).contains("Roster built 2026-12-03"),
        "{}",
        text(&valid.stdout)
    );
    let person = safepost(
        &[
            "person",
            "--policy",
            "policy.json",
            "--name",
            "Chloe Smith",
            "--date",
            "2026-12-03",
        ],
        &dir,
    );
    let out = text(&person.stdout);
    assert!(
        out.starts_with("WARN  PUPIL\n") && out.contains("§5.6"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_rows_build_nothing_and_say_where() {
    let dir = folder("bad");
    std::fs::write(
        dir.join("bad.csv"),
        "role,forename,surname,preferred_forename,date_of_birth,academy\npupil,Chloe,Smith,,,Oak\nteacher,Ann,Lee,,,Oak\n",
    )
    .unwrap();
    let built = safepost(
        &["roster", "build", "bad.csv", "--key-file", "trust.key"],
        &dir,
    );
    assert_eq!(built.status.code(), Some(1));
    assert!(built.stdout.is_empty(), "nothing is written");
    assert!(text(&built.stderr)
        .contains("line 3: role: expected pupil, former_pupil or parent, found \"teacher\""));
    let no_key = safepost(
        &["roster", "build", "bad.csv", "--key-file", "missing.key"],
        &dir,
    );
    assert_eq!(no_key.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_bad_roster_in_a_policy_is_a_policy_error() {
    let dir = folder("policy");
    std::fs::write(
        dir.join("policy.json"),
        r#"{"roster": {"format": "safepost-roster-1", "key": "abc", "built": "2026-12-03", "academies": [{"name": "Oak", "pupils": ["nope"]}]}, "contact": {"action": "stop"}}"#,
    )
    .unwrap();
    let valid = safepost(&["policy", "validate", "policy.json"], &dir);
    assert_eq!(valid.status.code(), Some(1));
    let out = text(&valid.stdout);
    assert!(out.contains("roster.key: "), "{out}");
    assert!(
        out.contains("roster.academies[0].pupils[0]: expected a name hash"),
        "{out}"
    );
    assert!(
        out.contains(r#"contact.action: expected one of confirm, block, found "stop""#),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn people_in_batches() {
    let dir = folder("batch");
    let mut child = Command::new(env!("CARGO_BIN_EXE_safepost"))
        .args(["person", "--jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"bio\": \"Year 10 at Riverside\"}\n{\"name\": \"Tom\"}\nnot json\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a line that cannot be read says so in the exit code"
    );
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["relation"], "pupil_elsewhere");
    assert_eq!(lines[1]["relation"], "none");
    assert_eq!(lines[2]["line"], 3);
    std::fs::remove_dir_all(&dir).ok();
}
