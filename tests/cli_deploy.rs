//! `safepost deploy`: one IT policy, written as each management tool takes it. Each target's
//! file is compared with its golden copy in `tests/cases/deploy/`, and read back as the tool
//! would read it; an invalid policy writes nothing. After a deliberate change to a format,
//! `SAFEPOST_BLESS=1 cargo test --test cli_deploy` rewrites the golden copies.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const EXTENSION_ID: &str = "hcjpibhlaeglfjicbbgepinomkigmcce";
const INSTALL_URL: &str = "https://it.oaktrust.org.uk/safepost/update.xml";

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/deploy")
}

fn policy() -> Value {
    serde_json::from_str(&std::fs::read_to_string(cases().join("it-policy.json")).unwrap()).unwrap()
}

/// Runs `safepost deploy` for `target` into a fresh file; the command's output and the
/// file's bytes (`None` when nothing was written).
fn deploy(target: &str, policy_file: &Path) -> (Output, Option<Vec<u8>>) {
    let dir = deploy_dir(target, policy_file);
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out");
    let _ = std::fs::remove_file(&out);
    let output = Command::new(env!("CARGO_BIN_EXE_safepost"))
        .args([
            "deploy",
            "--target",
            target,
            "--install-url",
            INSTALL_URL,
            "--policy",
        ])
        .arg(policy_file)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    (output, std::fs::read(&out).ok())
}

/// The folder `deploy` writes into for this target and policy file (tests run in parallel).
fn deploy_dir(target: &str, policy_file: &Path) -> PathBuf {
    let policy = policy_file.file_stem().unwrap().to_string_lossy();
    std::env::temp_dir().join(format!(
        "safepost-deploy-{}-{target}-{policy}",
        std::process::id()
    ))
}

/// Compares `text` with the golden file `name`, or rewrites it when blessing.
fn golden(name: &str, text: &str) {
    let path = cases().join(name);
    if std::env::var_os("SAFEPOST_BLESS").is_some() {
        std::fs::write(&path, text).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with SAFEPOST_BLESS=1", path.display()));
    assert_eq!(text, expected, "{name} differs from its golden copy");
}

fn written(target: &str) -> Vec<u8> {
    let (output, bytes) = deploy(target, &cases().join("it-policy.json"));
    assert!(output.status.success(), "{target}: {output:?}");
    bytes.expect("a file was written")
}

fn json(target: &str) -> Value {
    let bytes = written(target);
    golden(
        &format!("{target}.json"),
        std::str::from_utf8(&bytes).unwrap(),
    );
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn linux_chromium_force_installs_and_carries_the_policy_unchanged() {
    let file = json("linux-chromium");
    assert_eq!(
        file["ExtensionInstallForcelist"],
        serde_json::json!([format!("{EXTENSION_ID};{INSTALL_URL}")])
    );
    assert_eq!(file["3rdparty"]["extensions"][EXTENSION_ID], policy());
}

#[test]
fn firefox_policies_force_install_the_xpi_and_carry_the_policy() {
    let file = json("firefox");
    let settings = &file["policies"]["ExtensionSettings"]["safepost@extension"];
    assert_eq!(settings["installation_mode"], "force_installed");
    assert_eq!(settings["install_url"], INSTALL_URL);
    assert_eq!(
        file["policies"]["3rdparty"]["Extensions"]["safepost@extension"],
        policy()
    );
}

#[test]
fn google_admin_wraps_every_key_in_a_value() {
    let file = json("google-admin");
    let policy = policy();
    let keys: Vec<&String> = file.as_object().unwrap().keys().collect();
    assert_eq!(keys, policy.as_object().unwrap().keys().collect::<Vec<_>>());
    for (key, value) in policy.as_object().unwrap() {
        assert_eq!(&file[key]["Value"], value, "{key}");
    }
}

/// The `.reg` file as text: UTF-16LE after a byte-order mark, CRLF line ends.
fn registry_text(target: &str) -> String {
    let bytes = written(target);
    assert_eq!(
        &bytes[..2],
        [0xFF, 0xFE],
        "{target}: a UTF-16LE byte-order mark"
    );
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    let text = String::from_utf16(&units).unwrap();
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "{target}: every line ends in CRLF"
    );
    let text = text.replace("\r\n", "\n");
    golden(&format!("{target}.reg.txt"), &text);
    text
}

/// A `.reg` string value read back: `"name"="data"` with `\\` and `\"` escapes.
fn reg_value(text: &str, name: &str) -> String {
    let prefix = format!("\"{name}\"=\"");
    let line = text
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("{name}"));
    let body = &line[prefix.len()..line.len() - 1];
    body.replace("\\\"", "\"").replace("\\\\", "\\")
}

#[test]
fn windows_registry_files_force_install_and_hold_each_key_as_chromium_reads_it() {
    for (target, root) in [
        ("chrome-windows", r"SOFTWARE\Policies\Google\Chrome"),
        ("edge-windows", r"SOFTWARE\Policies\Microsoft\Edge"),
    ] {
        let text = registry_text(target);
        let policy_key =
            format!(r"[HKEY_LOCAL_MACHINE\{root}\3rdparty\extensions\{EXTENSION_ID}\policy]");
        assert!(text.starts_with("Windows Registry Editor Version 5.00\n"));
        assert!(text.contains(&format!(
            r"[HKEY_LOCAL_MACHINE\{root}\ExtensionInstallForcelist]"
        )));
        assert_eq!(
            reg_value(&text, "1"),
            format!("{EXTENSION_ID};{INSTALL_URL}")
        );
        // The old policy is removed before the new one is written.
        let delete = text
            .find(&format!("[-{}", &policy_key[1..]))
            .expect("the old key is deleted");
        assert!(delete < text.find(&policy_key).unwrap());
        for (key, value) in policy().as_object().unwrap() {
            match value {
                Value::String(s) => assert_eq!(&reg_value(&text, key), s, "{target} {key}"),
                Value::Bool(_) => unreachable!("the example policy has no top-level boolean"),
                other => {
                    let read: Value = serde_json::from_str(&reg_value(&text, key)).unwrap();
                    assert_eq!(&read, other, "{target} {key}");
                }
            }
        }
    }
}

#[test]
fn the_macos_profile_carries_install_and_policy_for_chrome_and_edge() {
    let bytes = written("macos");
    golden("macos.mobileconfig", std::str::from_utf8(&bytes).unwrap());
    let profile: plist::Value = plist::from_bytes(&bytes).unwrap();
    let profile = profile.as_dictionary().unwrap();
    assert_eq!(profile["PayloadType"].as_string(), Some("Configuration"));
    let payloads = profile["PayloadContent"].as_array().unwrap();
    let policy_plist: plist::Value = plist::to_value(&policy()).unwrap();
    let mut uuids = std::collections::HashSet::new();
    for domain in ["com.google.Chrome", "com.microsoft.Edge"] {
        let find = |kind: &str| {
            payloads
                .iter()
                .map(|p| p.as_dictionary().unwrap())
                .find(|p| p["PayloadType"].as_string() == Some(kind))
                .unwrap_or_else(|| panic!("a {kind} payload"))
        };
        let install = find(domain);
        assert_eq!(
            install["ExtensionInstallForcelist"],
            plist::Value::Array(vec![format!("{EXTENSION_ID};{INSTALL_URL}").into()])
        );
        let settings = find(&format!("{domain}.extensions.{EXTENSION_ID}"));
        for (key, value) in policy_plist.as_dictionary().unwrap() {
            assert_eq!(&settings[key], value, "{domain} {key}");
        }
        uuids.insert(install["PayloadUUID"].as_string().unwrap().to_owned());
        uuids.insert(settings["PayloadUUID"].as_string().unwrap().to_owned());
    }
    assert_eq!(uuids.len(), 4, "every payload has its own UUID");
}

#[test]
fn an_invalid_policy_lists_its_problems_and_writes_nothing() {
    let dir = std::env::temp_dir().join(format!("safepost-deploy-invalid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"approved": ["tiktk"], "exceptions": ["co.uk"]}"#).unwrap();
    for target in ["linux-chromium", "chrome-windows", "macos"] {
        let (output, bytes) = deploy(target, &bad);
        assert_eq!(output.status.code(), Some(1), "{target}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(
            stdout.contains("approved[0]") && stdout.contains("exceptions[0]"),
            "{stdout}"
        );
        assert!(stdout.contains("Nothing was written"), "{stdout}");
        assert!(bytes.is_none(), "{target}: nothing written");
    }
}

#[test]
fn an_install_address_that_is_not_http_is_refused() {
    let output = Command::new(env!("CARGO_BIN_EXE_safepost"))
        .args([
            "deploy",
            "--target",
            "firefox",
            "--install-url",
            "file:///tmp/x.xpi",
            "--out",
            "-",
            "--policy",
        ])
        .arg(cases().join("it-policy.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--install-url"));
}

/// Runs `safepost deploy` with extra arguments, writing to standard output.
fn deploy_with(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_safepost"))
        .args([
            "deploy",
            "--install-url",
            INSTALL_URL,
            "--out",
            "-",
            "--policy",
        ])
        .arg(cases().join("it-policy.json"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_crx_signed_with_its_own_key_is_installed_and_configured_under_that_id() {
    let id = "abcdefghijklmnopabcdefghijklmnop";
    let output = deploy_with(&["--target", "linux-chromium", "--extension-id", id]);
    assert!(output.status.success(), "{output:?}");
    let file: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        file["ExtensionInstallForcelist"][0],
        format!("{id};{INSTALL_URL}")
    );
    assert_eq!(file["3rdparty"]["extensions"][id], policy());
    assert_eq!(file["3rdparty"]["extensions"].as_object().unwrap().len(), 1);

    let output = deploy_with(&["--target", "edge-windows", "--extension-id", id]);
    let units: Vec<u16> = output.stdout[2..]
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let text = String::from_utf16(&units).unwrap();
    assert!(
        text.contains(&format!(r"\3rdparty\extensions\{id}\policy]")),
        "{text}"
    );
    assert!(!text.contains("hcjpibhlaeglfjicbbgepinomkigmcce"), "{text}");
}

#[test]
fn an_extension_id_that_is_not_one_is_refused() {
    for bad in [
        "HCJPIBHLAEGLFJICBBGEPINOMKIGMCCE",
        "hcjpibhlaeglfjicbbgepinomkigmcc",
        "qcjpibhlaeglfjicbbgepinomkigmcce",
    ] {
        let output = deploy_with(&["--target", "linux-chromium", "--extension-id", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("32 letters from a to p"),
            "{bad}"
        );
        assert!(output.stdout.is_empty(), "{bad}");
    }
}

#[test]
fn an_unknown_target_lists_the_valid_ones() {
    let output = deploy_with(&["--target", "chromebook"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for target in [
        "chrome-windows",
        "edge-windows",
        "google-admin",
        "firefox",
        "linux-chromium",
        "macos",
        "intune",
    ] {
        assert!(stderr.contains(target), "{target} missing from: {stderr}");
    }
}

#[test]
fn a_file_written_again_is_replaced_whole_and_no_temporary_file_is_left() {
    let dir = std::env::temp_dir().join(format!("safepost-deploy-replace-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("policy.json");
    std::fs::write(&out, "x".repeat(100_000)).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_safepost"))
        .args([
            "deploy",
            "--target",
            "linux-chromium",
            "--install-url",
            INSTALL_URL,
            "--policy",
        ])
        .arg(cases().join("it-policy.json"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    let written: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(
        written["3rdparty"]["extensions"]["hcjpibhlaeglfjicbbgepinomkigmcce"],
        policy()
    );
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("policy.json")]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Chromium checks an extension's managed settings against its schema and drops a key that
/// does not match: every value `deploy` writes must match `extension/managed_schema.json`'s types.
fn matches_schema(value: &Value, schema: &Value, path: &str, problems: &mut Vec<String>) {
    let fits = match schema["type"].as_str() {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("boolean") => value.is_boolean(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        other => panic!("{path}: schema type {other:?} not handled here"),
    };
    if !fits {
        problems.push(format!("{path}: {value} is not of type {}", schema["type"]));
        return;
    }
    if let Some(map) = value.as_object() {
        for (key, item) in map {
            let item_schema = schema["properties"]
                .get(key)
                .or_else(|| schema.get("additionalProperties"));
            match item_schema {
                Some(s) if s.is_object() => {
                    matches_schema(item, s, &format!("{path}/{key}"), problems)
                }
                _ => problems.push(format!("{path}/{key}: not in the schema")),
            }
        }
    }
    if let Some(items) = value.as_array() {
        for (i, item) in items.iter().enumerate() {
            matches_schema(item, &schema["items"], &format!("{path}[{i}]"), problems);
        }
    }
}

#[test]
fn shorthand_entries_are_deployed_as_the_schema_types_them() {
    let dir = std::env::temp_dir().join(format!("safepost-deploy-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy_file = dir.join("shorthand.json");
    let mut policy = policy();
    policy["exceptions"] = serde_json::json!(["learning.oak-academy.org.uk", { "domain": "vle.oaktrust.org.uk", "note": "the VLE" }]);
    policy["lesson_times"] = serde_json::json!({
        "weekdays": { "monday": [{ "name": "Period 1", "start": "08:50", "end": "09:50" }] },
        "closures": ["2026-11-20", { "start": "2026-10-26", "end": "2026-10-30", "note": "half term" }]
    });
    std::fs::write(&policy_file, policy.to_string()).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("extension/managed_schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for (target, pointer) in [
        (
            "linux-chromium",
            "/3rdparty/extensions/hcjpibhlaeglfjicbbgepinomkigmcce",
        ),
        (
            "firefox",
            "/policies/3rdparty/Extensions/safepost@extension",
        ),
    ] {
        let (output, bytes) = deploy(target, &policy_file);
        assert!(output.status.success(), "{target}: {output:?}");
        let written: Value = serde_json::from_slice(&bytes.unwrap()).unwrap();
        let settings = written.pointer(pointer).unwrap();
        assert_eq!(
            settings["exceptions"],
            serde_json::json!([{ "domain": "learning.oak-academy.org.uk" }, { "domain": "vle.oaktrust.org.uk", "note": "the VLE" }]),
            "{target}"
        );
        assert_eq!(
            settings["lesson_times"]["closures"][0],
            serde_json::json!({ "start": "2026-11-20", "end": "2026-11-20" }),
            "{target}"
        );
        let mut problems = Vec::new();
        matches_schema(settings, &schema, "", &mut problems);
        assert_eq!(problems, Vec::<String>::new(), "{target}");
    }
    // The golden policy, as every target writes it, matches the schema too.
    let mut problems = Vec::new();
    matches_schema(
        &json("linux-chromium")["3rdparty"]["extensions"]["hcjpibhlaeglfjicbbgepinomkigmcce"],
        &schema,
        "",
        &mut problems,
    );
    assert_eq!(problems, Vec::<String>::new());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The value of a PowerShell string literal as `deploy` writes them: `'…'` (a doubled single
/// quote, straight or typographic, is one) or `('…' + [char]N + '…')`.
fn powershell_string(literal: &str) -> String {
    let inner = literal
        .strip_prefix('(')
        .and_then(|l| l.strip_suffix(')'))
        .unwrap_or(literal);
    let quotes = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => loop {
                let c = chars.next().expect("a closed string");
                if quotes.contains(&c) {
                    if chars.peek() == Some(&c) {
                        chars.next();
                    } else {
                        assert_eq!(c, '\'', "a typographic quote ends the string early");
                        break;
                    }
                }
                out.push(c);
            },
            '[' => {
                let rest: String = chars.by_ref().take_while(|&c| c != ' ').collect();
                let n = rest
                    .strip_prefix("char]")
                    .expect("[char]N")
                    .parse()
                    .unwrap();
                out.push(char::from_u32(n).unwrap());
            }
            ' ' | '+' => {}
            other => panic!("unexpected {other:?} in {literal}"),
        }
    }
    out
}

/// The script's settings: (name, registry type, value as the registry gets it).
fn intune_settings(text: &str) -> Vec<(String, String, String)> {
    text.lines()
        .filter_map(|line| {
            line.strip_prefix("  ,@(")?
                .strip_suffix(')')
                .map(str::to_owned)
        })
        .map(|fields| {
            let (name, rest) = fields.split_once(", ").unwrap();
            let (kind, value) = rest.split_once(", ").unwrap();
            let value = if kind == "'DWord'" {
                value.to_owned()
            } else {
                powershell_string(value)
            };
            (powershell_string(name), powershell_string(kind), value)
        })
        .collect()
}

#[test]
fn the_intune_script_sets_each_key_for_chrome_and_edge_and_has_a_detection_twin() {
    let (output, bytes) = deploy("intune", &cases().join("it-policy.json"));
    assert!(output.status.success(), "{output:?}");
    let bytes = bytes.unwrap();
    // Windows PowerShell 5.1 reads a script as UTF-8 only with a byte-order mark.
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a BOM")).unwrap();
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF lines only");
    let text = text.replace("\r\n", "\n");
    golden("intune.ps1.txt", &text);
    assert!(text.contains(&format!("$Entry = '{EXTENSION_ID};{INSTALL_URL}'")));
    assert!(text.contains(
        r"$Roots = @('SOFTWARE\Policies\Google\Chrome', 'SOFTWARE\Policies\Microsoft\Edge')"
    ));
    let policy = policy();
    let settings = intune_settings(&text);
    let names: Vec<&str> = settings.iter().map(|(n, _, _)| n.as_str()).collect();
    let keys: Vec<&str> = policy
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(names, keys);
    for (name, kind, value) in &settings {
        let expected = &policy[name];
        match expected {
            Value::Bool(b) => assert_eq!(
                (kind.as_str(), value.as_str()),
                ("DWord", if *b { "1" } else { "0" })
            ),
            Value::Number(n) => {
                assert_eq!((kind.as_str(), value.clone()), ("DWord", n.to_string()))
            }
            Value::String(s) => assert_eq!((kind.as_str(), value), ("String", s)),
            other => {
                assert_eq!(kind, "String", "{name}");
                assert_eq!(
                    &serde_json::from_str::<Value>(value).unwrap(),
                    other,
                    "{name}"
                );
            }
        }
    }
    // The detection twin changes nothing and differs only in what it does and says.
    let dir = deploy_dir("intune", &cases().join("it-policy.json"));
    let twin = std::fs::read_to_string(dir.join("out-detect.ps1"))
        .unwrap()
        .replace("\r\n", "\n");
    let differing: Vec<(&str, &str)> = text
        .lines()
        .zip(twin.trim_start_matches('\u{feff}').lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(differing.len(), 3, "{differing:?}");
    assert!(differing.contains(&("$DetectOnly = $false", "$DetectOnly = $true")));
}

#[test]
fn a_policy_too_large_for_an_intune_script_is_refused_naming_its_largest_key() {
    let dir = std::env::temp_dir().join(format!("safepost-deploy-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut large = policy();
    large["exceptions"] = (0..6_000)
        .map(|n| serde_json::json!({ "domain": format!("learning-{n}.example.org"), "note": "a Learning Platform" }))
        .collect();
    let file = dir.join("large.json");
    std::fs::write(&file, large.to_string()).unwrap();
    let (output, bytes) = deploy("intune", &file);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("200 KB") && stdout.contains("`exceptions`"),
        "{stdout}"
    );
    assert!(stdout.contains("Nothing was written"), "{stdout}");
    assert!(bytes.is_none());
    // The same policy fits a .reg file, which has no such limit.
    let (output, bytes) = deploy("chrome-windows", &file);
    assert!(output.status.success() && bytes.is_some());
}

#[test]
fn policy_validate_notes_an_exception_written_as_a_bare_domain() {
    let dir = std::env::temp_dir().join(format!("safepost-validate-note-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("policy.json");
    std::fs::write(
        &file,
        r#"{"exceptions": ["learning.oak.org.uk", {"domain": "vle.oak.org.uk"}],
            "lesson_times": {"weekdays": {"monday": [{"name": "P1", "start": "09:00", "end": "10:00"}]},
                             "closures": [{"start": "2026-10-26", "end": "2026-10-30"}, "2026-11-20"]}}"#,
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_safepost"))
        .args(["policy", "validate"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let notes: Vec<&str> = stdout.lines().filter(|l| l.starts_with("Note:")).collect();
    assert_eq!(notes.len(), 2, "{stdout}");
    assert!(
        notes[0].contains("exceptions[0]")
            && notes[0].contains(r#"{"domain":"learning.oak.org.uk"}"#),
        "{stdout}"
    );
    assert!(
        notes[1].contains("lesson_times.closures[1]")
            && notes[1].contains(r#"{"end":"2026-11-20","start":"2026-11-20"}"#),
        "{stdout}"
    );
}
