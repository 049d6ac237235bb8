//! The Intune target: a PowerShell script that sets the force-install entry and the extension's
//! policy in the registry, for Chrome and for Edge. Intune's custom (OMA-URI) profiles set such
//! values only through an ingested ADMX, which may not write under `Software\Policies\Microsoft`
//! (so not Edge's keys) and takes text of at most 1,023 characters; a script run as the system
//! account writes both browsers' keys at any size. The same script body serves as a platform
//! script (run once per device and again when it changes) and as a remediation (its detection
//! twin reports drift, the remediation puts it right).

use serde_json::Value;

/// Intune refuses platform and remediation scripts of 200 KB or more.
pub(crate) const MAX_SCRIPT_BYTES: usize = 200 * 1024;

/// The registry roots the script writes under, Chrome's then Edge's.
const BROWSER_ROOTS: [&str; 2] = [
    r"SOFTWARE\Policies\Google\Chrome",
    r"SOFTWARE\Policies\Microsoft\Edge",
];

/// The script, as Windows PowerShell 5.1 reads it (UTF-8 with a byte-order mark, CRLF lines).
/// `detect_only`: the detection twin, which changes nothing and exits 1 when a browser's
/// settings are missing or differ.
pub(crate) fn script(
    forcelist: &str,
    policy: &[(String, Value)],
    id: &str,
    detect_only: bool,
) -> Vec<u8> {
    let (role, upload) = if detect_only {
        (
            "Detection script: changes nothing; exits 1 when SafePost's settings are missing or differ.",
            "Upload it as a remediation's detection script, with safepost-intune.ps1 as its remediation.",
        )
    } else {
        (
            "Sets SafePost's force-install entry and the Trust's policy (Policy A2) in Chrome and Edge.",
            "Upload it as a platform script (run as system, in 64-bit PowerShell) or as a remediation.",
        )
    };
    let settings: Vec<String> = policy
        .iter()
        .map(|(key, value)| {
            let (kind, data) = registry_value(value);
            format!("  ,@({}, '{kind}', {data})", ps_string(key))
        })
        .collect();
    let roots: Vec<String> = BROWSER_ROOTS.iter().map(|r| ps_string(r)).collect();
    let text = format!(
        "# SafePost for Microsoft Intune. {role}\n\
         # Written by `safepost deploy --target intune`: write it again when the policy changes.\n\
         # {upload}\n\
         $ErrorActionPreference = 'Stop'\n\
         $DetectOnly = ${detect}\n\
         $ExtensionId = {id}\n\
         $Entry = {entry}\n\
         # Each setting: name, registry type, value (lists and objects as JSON text, which Chromium\n\
         # reads for keys its schema types so).\n\
         $Settings = @(\n{settings}\n)\n\
         $Roots = @({roots})\n\
         {BODY}",
        detect = if detect_only { "true" } else { "false" },
        id = ps_string(id),
        entry = ps_string(forcelist),
        settings = settings.join("\n"),
        roots = roots.join(", "),
    );
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    bytes
}

/// The registry type and PowerShell literal of one setting: booleans and whole numbers that fit
/// are DWORDs, everything else a string (lists and objects as JSON).
fn registry_value(value: &Value) -> (&'static str, String) {
    match value {
        Value::Bool(b) => ("DWord", u8::from(*b).to_string()),
        Value::Number(n) if n.as_u64().is_some_and(|n| n <= i32::MAX as u64) => {
            ("DWord", n.to_string())
        }
        Value::String(s) => ("String", ps_string(s)),
        other => ("String", ps_string(&other.to_string())),
    }
}

/// A PowerShell string literal that evaluates to `s` exactly: single-quoted, so nothing in it is
/// expanded. PowerShell also ends such a string at the typographic single quotes, so each of those
/// is doubled as `'` is; control characters (a line break would become CRLF in the file) are
/// joined in as `[char]N`.
pub(crate) fn ps_string(s: &str) -> String {
    let mut parts = vec![String::from("'")];
    for c in s.chars() {
        if c.is_control() {
            parts.last_mut().expect("never empty").push('\'');
            parts.push(format!("[char]{}", u32::from(c)));
            parts.push(String::from("'"));
            continue;
        }
        let last = parts.last_mut().expect("never empty");
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            last.push(c);
        }
        last.push(c);
    }
    parts.last_mut().expect("never empty").push('\'');
    if parts.len() == 1 {
        return parts.remove(0);
    }
    format!("({})", parts.join(" + "))
}

/// The script's logic, the same in every file: only the values above differ.
const BODY: &str = r#"
function Get-EntryName([string]$Key) {
  # The value that holds SafePost's entry, else the first free number: the browser reads the
  # values 1, 2, 3... up to the first gap, so other extensions' entries are kept.
  if (-not (Test-Path -LiteralPath $Key)) { return '1' }
  $item = Get-Item -LiteralPath $Key
  foreach ($name in $item.GetValueNames()) {
    if ("$($item.GetValue($name))".StartsWith("$ExtensionId;")) { return $name }
  }
  $n = 1
  while ($null -ne $item.GetValue("$n")) { $n++ }
  return "$n"
}

function Test-Browser([string]$Root) {
  $list = "HKLM:\$Root\ExtensionInstallForcelist"
  if (-not (Test-Path -LiteralPath $list)) { return $false }
  $listItem = Get-Item -LiteralPath $list
  if ($listItem.GetValue((Get-EntryName $list)) -cne $Entry) { return $false }
  $key = "HKLM:\$Root\3rdparty\extensions\$ExtensionId\policy"
  if (-not (Test-Path -LiteralPath $key)) { return $false }
  $item = Get-Item -LiteralPath $key
  if (@($item.GetValueNames()).Count -ne $Settings.Count) { return $false }
  foreach ($setting in $Settings) {
    if (@($item.GetValueNames()) -notcontains $setting[0]) { return $false }
    if ("$($item.GetValueKind($setting[0]))" -ne $setting[1]) { return $false }
    if ("$($item.GetValue($setting[0]))" -cne "$($setting[2])") { return $false }
  }
  return $true
}

function Set-Browser([string]$Root) {
  $list = "HKLM:\$Root\ExtensionInstallForcelist"
  $name = Get-EntryName $list
  if (-not (Test-Path -LiteralPath $list)) { New-Item -Path $list -Force | Out-Null }
  New-ItemProperty -LiteralPath $list -Name $name -PropertyType String -Value $Entry -Force | Out-Null
  # The old policy goes first, so a key IT removed does not linger.
  $key = "HKLM:\$Root\3rdparty\extensions\$ExtensionId\policy"
  if (Test-Path -LiteralPath $key) { Remove-Item -LiteralPath $key -Recurse -Force }
  New-Item -Path $key -Force | Out-Null
  foreach ($setting in $Settings) {
    New-ItemProperty -LiteralPath $key -Name $setting[0] -PropertyType $setting[1] -Value $setting[2] -Force | Out-Null
  }
}

$differ = @($Roots | Where-Object { -not (Test-Browser $_) })
if ($DetectOnly) {
  if ($differ.Count) { Write-Output "SafePost's settings are missing or out of date under: $($differ -join ', ')"; exit 1 }
  Write-Output "SafePost's settings are in place for Chrome and Edge."
  exit 0
}
foreach ($root in $differ) { Set-Browser $root }
$failed = @($Roots | Where-Object { -not (Test-Browser $_) })
if ($failed.Count) { Write-Output "SafePost's settings could not be written under: $($failed -join ', ')"; exit 1 }
Write-Output "SafePost's settings are in place for Chrome and Edge (Chrome: chrome://policy, Edge: edge://policy)."
exit 0
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_quotes_of_every_kind_are_doubled_and_nothing_else_changes() {
        assert_eq!(ps_string("it's"), "'it''s'");
        assert_eq!(
            ps_string("St Mary\u{2019}s $HOME `n"),
            "'St Mary\u{2019}\u{2019}s $HOME `n'"
        );
        assert_eq!(ps_string("a\nb"), "('a' + [char]10 + 'b')");
        assert_eq!(ps_string("\t"), "('' + [char]9 + '')");
    }

    #[test]
    fn numbers_too_large_for_a_dword_are_written_as_text() {
        assert_eq!(registry_value(&serde_json::json!(7)), ("DWord", "7".into()));
        assert_eq!(
            registry_value(&serde_json::json!(true)),
            ("DWord", "1".into())
        );
        assert_eq!(
            registry_value(&serde_json::json!(3_000_000_000u64)).0,
            "String"
        );
        assert_eq!(
            registry_value(&serde_json::json!(["a"])),
            ("String", "'[\"a\"]'".into())
        );
    }
}
