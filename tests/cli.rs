//! `safepost check` as IT runs it: the account and surface flags reach the engine, JSON Lines
//! answer each input line in order, and the exit code says whether anything needs a look.

use std::io::{ErrorKind, Write};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `safepost check --format jsonl` with `args` on `input`; the output lines as JSON.
fn check(args: &[&str], input: &str) -> (Output, Vec<serde_json::Value>) {
    check_under(
        r#"{"organisation": {"email_domains": ["example-trust.org.uk"], "phone_numbers": ["01632 960001"]}}"#,
        args,
        input,
    )
}

/// `safepost check` under an IT policy (JSON text), one result a line of `input`.
fn check_under(policy_json: &str, args: &[&str], input: &str) -> (Output, Vec<serde_json::Value>) {
    // Tests run in parallel: each call writes its own policy file, so none reads another's
    // half-written one.
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!("safepost-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join(format!(
        "policy-{}.json",
        CALLS.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&policy, policy_json).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_safepost"))
        .args(["check", "--format", "jsonl", "--policy"])
        .arg(&policy)
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A refused command line exits before reading its input; the closed pipe is then expected.
    let written = child.stdin.take().unwrap().write_all(input.as_bytes());
    if let Err(error) = written {
        assert_eq!(error.kind(), ErrorKind::BrokenPipe, "{error}");
    }
    let output = child.wait_with_output().unwrap();
    let lines = String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    (output, lines)
}

fn categories(result: &serde_json::Value) -> Vec<&str> {
    result["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["category"].as_str().unwrap())
        .collect()
}

const CONTACT: &str = "Ring the office on 01632 960001 or email office@example-trust.org.uk\n";

#[test]
fn the_account_flag_decides_whether_official_contact_details_are_a_problem() {
    let (output, results) = check(&["--account", "personal", "--fast-only"], CONTACT);
    assert_eq!(output.status.code(), Some(1), "a medium finding");
    assert_eq!(
        categories(&results[0]),
        ["official_contact", "official_contact"]
    );

    let (output, results) = check(&["--account", "official", "--fast-only"], CONTACT);
    assert_eq!(output.status.code(), Some(0), "nothing to look at");
    assert_eq!(categories(&results[0]), Vec::<&str>::new());
}

#[test]
fn json_lines_answer_every_line_in_order() {
    let input = "Well done Year 6!\nyou stupid idiot\n\nDM me on snapchat, Year 9\n";
    let (output, results) = check(&["--surface", "comment"], input);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(results.len(), 4, "one line out per line in, blank ones too");
    assert!(categories(&results[0]).is_empty());
    assert!(categories(&results[1]).contains(&"abuse"));
    assert!(categories(&results[2]).is_empty());
    assert!(categories(&results[3]).contains(&"pupil_contact"));
}

#[test]
fn an_unknown_account_kind_is_refused_with_the_accepted_ones() {
    let (output, _) = check(&["--account", "staff"], "hello\n");
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("personal") && error.contains("official"),
        "{error}"
    );
}

/// No word in it is on a list; what it says about a pupil breaks §6.1.
const MEANING_ONLY: &str =
    "That quiet lad who sits at the back always heads home alone past the old railway bridge around half three\n";

fn deep_rules(result: &serde_json::Value) -> Vec<&str> {
    result["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str().filter(|r| r.starts_with("deep/")))
        .collect()
}

#[test]
fn both_stages_run_by_default_and_fast_only_runs_the_fast_one() {
    let (output, results) = check(&["--account", "personal"], MEANING_ONLY);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(results[0]["deep"], "ran");
    assert!(
        deep_rules(&results[0]).contains(&"deep/locate_child"),
        "{}",
        results[0]
    );
    let finding = results[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "deep/locate_child")
        .unwrap();
    assert_eq!(finding["clause"], "6.1");
    assert!(finding["message"]
        .as_str()
        .unwrap()
        .contains("Policy A2 §6.1"));

    let (_, results) = check(&["--account", "personal", "--fast-only"], MEANING_ONLY);
    assert_eq!(results[0]["deep"], "off");
    assert!(deep_rules(&results[0]).is_empty());
}

#[test]
fn it_switches_the_deeper_check_off_in_the_policy() {
    let (_, results) = check_under(r#"{"content": {"deep_check": "off"}}"#, &[], MEANING_ONLY);
    assert_eq!(results[0]["deep"], "off");
    assert!(deep_rules(&results[0]).is_empty());
}
