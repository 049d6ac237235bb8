//! `safepost deploy`: one IT policy file, written as each management tool takes it, with the
//! entry that force-installs the extension. The policy is validated first, as `policy
//! validate` does; nothing is written when it has a problem.

mod intune;

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use clap::{Args, ValueEnum};
use safepost::Engine;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

/// The extension's ID in Chrome and Edge, fixed by the public key in its manifest. A CRX that
/// IT signs with its own key (`scripts/package.mjs --key`) has that key's ID instead, given
/// here with `--extension-id`.
pub(crate) const EXTENSION_ID: &str = "hcjpibhlaeglfjicbbgepinomkigmcce";
/// The extension's ID in Firefox (`browser_specific_settings.gecko.id`).
pub(crate) const FIREFOX_EXTENSION_ID: &str = "safepost@extension";

#[derive(Args)]
pub(crate) struct DeployArgs {
    /// The IT policy file (JSON), as `policy validate` reads it.
    #[arg(long, value_name = "FILE")]
    policy: String,
    /// The management tool, and so the file written.
    #[arg(long, value_enum)]
    target: Target,
    /// Where browsers fetch the extension: the `update.xml` of a self-hosted CRX (Chrome,
    /// Edge), or the `.xpi` itself (Firefox).
    #[arg(long, value_name = "URL")]
    install_url: String,
    /// The extension's ID in Chrome and Edge: the one `scripts/package.mjs` printed for a CRX
    /// signed with IT's key. Firefox's ID (`safepost@extension`) never changes.
    #[arg(long, value_name = "ID", default_value = EXTENSION_ID, value_parser = extension_id)]
    extension_id: String,
    /// The file to write (`-` for standard output); by default `safepost-<target>.<ext>`.
    #[arg(long, value_name = "FILE")]
    out: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub(crate) enum Target {
    /// Chrome on Windows: a `.reg` file (Group Policy Preferences or `reg import`).
    ChromeWindows,
    /// Edge on Windows: a `.reg` file.
    EdgeWindows,
    /// The Google Admin console's "policy for extensions" box (JSON); the force-install is set
    /// in the console itself.
    GoogleAdmin,
    /// Firefox: `policies.json` (its `distribution` folder, or `/etc/firefox/policies/`).
    Firefox,
    /// Chromium or Chrome on Linux: a file for `/etc/chromium/policies/managed/` (or
    /// `/etc/opt/chrome/policies/managed/`).
    LinuxChromium,
    /// Chrome and Edge on macOS: a configuration profile (`.mobileconfig`) for an MDM.
    Macos,
    /// Chrome and Edge on Windows through Microsoft Intune: a PowerShell script (platform
    /// script or remediation), and its detection twin beside it (`…-detect.ps1`).
    Intune,
}

impl Target {
    fn default_file(self) -> String {
        let name = self.to_possible_value().expect("no target is hidden");
        let extension = match self {
            Target::ChromeWindows | Target::EdgeWindows => "reg",
            Target::Macos => "mobileconfig",
            Target::Intune => "ps1",
            _ => "json",
        };
        format!("safepost-{}.{extension}", name.get_name())
    }
}

/// Validates the policy, then writes the target's file; `Ok(false)` (and nothing written)
/// when the policy has problems.
pub(crate) fn run(args: DeployArgs) -> io::Result<bool> {
    let text = crate::read_input(&args.policy)?;
    if let Err(e) = Engine::from_policy_json(&text) {
        println!("{}: {e}", args.policy);
        println!("Nothing was written.");
        return Ok(false);
    }
    let policy = schema_form(serde_json::from_str(&text).map_err(io::Error::other)?);
    let url = url_of(&args.install_url)?;
    let id = &args.extension_id;
    if let Err(problem) = fits(args.target, &policy, &url, id) {
        println!("{}: {problem}", args.policy);
        println!("Nothing was written.");
        return Ok(false);
    }
    let bytes = render(args.target, &policy, &url, id);
    let out = args.out.unwrap_or_else(|| args.target.default_file());
    if out == "-" {
        io::Write::write_all(&mut io::stdout().lock(), &bytes)?;
        return Ok(true);
    }
    write_atomically(Path::new(&out), &bytes)?;
    let mut written = out.clone();
    if args.target == Target::Intune {
        let twin = detection_file(&out);
        write_atomically(Path::new(&twin), &render_intune(&policy, &url, id, true))?;
        written = format!("{out} and {twin}");
    }
    eprintln!("Wrote {written}. {}", next_step(args.target, &url, id));
    Ok(true)
}

/// Where the Intune script's detection twin goes: beside it, `-detect` before the extension.
fn detection_file(out: &str) -> String {
    match out.strip_suffix(".ps1") {
        Some(stem) => format!("{stem}-detect.ps1"),
        None => format!("{out}-detect.ps1"),
    }
}

/// A problem that would make the tool refuse the file or drop part of it, naming the key to
/// blame; `Ok` when the file will arrive whole.
fn fits(target: Target, policy: &Value, url: &str, id: &str) -> Result<(), String> {
    if target != Target::Intune {
        return Ok(());
    }
    let size = render_intune(policy, url, id, false).len();
    if size < intune::MAX_SCRIPT_BYTES {
        return Ok(());
    }
    let (largest, bytes) = object(policy)
        .into_iter()
        .map(|(key, value)| (key, value.to_string().len()))
        .max_by_key(|&(_, bytes)| bytes)
        .unwrap_or_default();
    Err(format!(
        "the Intune script would be {} KB, and Intune refuses scripts of {} KB or more; its \
         largest key is `{largest}` ({} KB). Deploy that key another way (the chrome-windows and \
         edge-windows .reg files have no such limit), or make it smaller.",
        size / 1024,
        intune::MAX_SCRIPT_BYTES / 1024,
        bytes / 1024
    ))
}

fn render_intune(policy: &Value, url: &str, id: &str, detect_only: bool) -> Vec<u8> {
    let settings: Vec<(String, Value)> = object(policy).into_iter().collect();
    intune::script(&format!("{id};{url}"), &settings, id, detect_only)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place: a tool or
/// person reading `path` sees the old file or the new one, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    io::Write::write_all(&mut file, bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A Chromium extension ID: 32 letters from a to p (a SHA-256 prefix, one letter a hex digit).
fn extension_id(input: &str) -> Result<String, String> {
    if input.len() == 32 && input.bytes().all(|b| (b'a'..=b'p').contains(&b)) {
        Ok(input.to_owned())
    } else {
        Err("an extension ID is 32 letters from a to p (scripts/package.mjs prints it)".into())
    }
}

fn url_of(input: &str) -> io::Result<String> {
    match url::Url::parse(input) {
        Ok(u) if u.scheme() == "https" || u.scheme() == "http" => Ok(u.to_string()),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("--install-url {input:?} is not an http(s) address"),
        )),
    }
}

/// What IT does with the file.
fn next_step(target: Target, url: &str, id: &str) -> String {
    match target {
        Target::ChromeWindows | Target::EdgeWindows => "Import it with `reg import` or Group Policy Preferences; it force-installs the extension and sets its policy.".into(),
        Target::GoogleAdmin => format!("Paste it into Apps & extensions > Users & browsers > SafePost ({id}) > Policy for extensions; add the extension by ID from the custom URL {url}, installation policy \"Force install\"."),
        Target::Firefox => "Put it in Firefox's distribution folder (or /etc/firefox/policies/ on Linux).".into(),
        Target::LinuxChromium => "Copy it to /etc/chromium/policies/managed/ (Chromium) or /etc/opt/chrome/policies/managed/ (Chrome).".into(),
        Target::Macos => "Upload it to your MDM as a custom configuration profile.".into(),
        Target::Intune => "In Intune, add it as a platform script (Devices > Scripts and remediations > Platform scripts; run as the system account, in 64-bit PowerShell), or as a remediation with the -detect script as its detection script.".into(),
    }
}

/// The file for `target`: `policy` is the validated IT policy object, `url` where browsers
/// install the extension from.
pub(crate) fn render(target: Target, policy: &Value, url: &str, id: &str) -> Vec<u8> {
    let forcelist = format!("{id};{url}");
    match target {
        Target::ChromeWindows => {
            registry_file(r"SOFTWARE\Policies\Google\Chrome", &forcelist, policy, id)
        }
        Target::EdgeWindows => {
            registry_file(r"SOFTWARE\Policies\Microsoft\Edge", &forcelist, policy, id)
        }
        Target::GoogleAdmin => {
            // The console's box takes each key wrapped as {"Value": …}.
            let wrapped: Map<String, Value> = object(policy)
                .iter()
                .map(|(k, v)| (k.clone(), json!({ "Value": v })))
                .collect();
            pretty(&Value::Object(wrapped))
        }
        Target::Firefox => pretty(&json!({
            "policies": {
                "ExtensionSettings": {
                    FIREFOX_EXTENSION_ID: { "installation_mode": "force_installed", "install_url": url }
                },
                "3rdparty": { "Extensions": { FIREFOX_EXTENSION_ID: policy } }
            }
        })),
        Target::LinuxChromium => pretty(&json!({
            "ExtensionInstallForcelist": [forcelist],
            "3rdparty": { "extensions": { id: policy } }
        })),
        Target::Macos => mobileconfig(&forcelist, policy, id),
        Target::Intune => render_intune(policy, url, id, false),
    }
}

/// The lists whose entries the engine also takes in a shorthand the extension's managed schema
/// does not allow (a bare string for an object), by JSON pointer, with the object each stands for.
type Shorthand = (&'static str, fn(&str) -> Value);
const SHORTHANDS: [Shorthand; 2] = [
    ("/exceptions", |domain| json!({ "domain": domain })),
    (
        "/lesson_times/closures",
        |day| json!({ "start": day, "end": day }),
    ),
];

/// The policy as the extension's managed schema (`extension/managed_schema.json`) types it.
/// The engine takes a bare domain in `exceptions` (a bare date in `lesson_times.closures`) as
/// shorthand for an object, but the browser checks managed settings against the schema first
/// and drops a whole key that does not match it (Chromium, silently): written as objects, they
/// arrive.
fn schema_form(mut policy: Value) -> Value {
    for (pointer, object) in SHORTHANDS {
        if let Some(Value::Array(items)) = policy.pointer_mut(pointer) {
            for item in items.iter_mut() {
                if let Value::String(text) = item {
                    *item = object(text);
                }
            }
        }
    }
    policy
}

/// What a policy file placed by hand would lose in the browser although SafePost reads it:
/// each shorthand entry (above), by its path.
pub(crate) fn schema_notes(policy: &Value) -> Vec<String> {
    let mut notes = Vec::new();
    for (pointer, object) in SHORTHANDS {
        let Some(Value::Array(items)) = policy.pointer(pointer) else {
            continue;
        };
        let path = pointer.trim_start_matches('/').replace('/', ".");
        let key = pointer.rsplit('/').next().unwrap_or_default();
        for (i, text) in items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((i, v.as_str()?)))
        {
            notes.push(format!(
                "{path}[{i}] is the bare text {text:?}. SafePost reads it, but Chrome and Edge \
                 check a managed policy against the extension's schema and drop the whole `{key}` \
                 key when an entry is not an object: in a file placed by hand, write {} \
                 (`safepost deploy` writes it so).",
                object(text)
            ));
        }
    }
    notes
}

/// The policy's keys, without those set to `null` (which a policy reads as left out).
fn object(policy: &Value) -> Map<String, Value> {
    let mut map = policy.as_object().cloned().unwrap_or_default();
    map.retain(|_, value| !value.is_null());
    map
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values serialise");
    text.push('\n');
    text.into_bytes()
}

/// A `.reg` file (UTF-16LE with a byte-order mark and CRLF, as `regedit` writes them). The
/// policy's old key is deleted first, so a key IT removed does not linger. Strings are
/// `REG_SZ`, booleans and whole numbers `REG_DWORD`, lists and objects `REG_SZ` holding JSON,
/// which Chromium reads for keys its schema types as array or object.
fn registry_file(root: &str, forcelist: &str, policy: &Value, id: &str) -> Vec<u8> {
    let policy_key = format!(r"HKEY_LOCAL_MACHINE\{root}\3rdparty\extensions\{id}\policy");
    let mut text = String::from("Windows Registry Editor Version 5.00\n\n");
    text += "; SafePost: force-install and the Trust's policy (Policy A2).\n";
    text +=
        "; The browser reads ExtensionInstallForcelist's values 1, 2, 3... up to the first gap:\n";
    text += "; if other extensions are force-installed here, give SafePost's entry the next free number.\n";
    let _ = writeln!(
        text,
        r"[HKEY_LOCAL_MACHINE\{root}\ExtensionInstallForcelist]"
    );
    let _ = writeln!(text, "\"1\"={}\n", reg_string(forcelist));
    let _ = writeln!(text, "[-{policy_key}]\n");
    let _ = writeln!(text, "[{policy_key}]");
    for (key, value) in object(policy) {
        let data = match &value {
            Value::Bool(b) => format!("dword:{:08x}", u32::from(*b)),
            Value::Number(n) if n.as_u64().is_some_and(|n| n <= u64::from(u32::MAX)) => {
                format!("dword:{:08x}", n.as_u64().unwrap_or_default())
            }
            Value::String(s) => reg_string(s),
            other => reg_string(&other.to_string()),
        };
        let _ = writeln!(text, "{}={data}", reg_string(&key));
    }
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.replace('\n', "\r\n").encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

/// A `.reg` string: quoted, with `\` and `"` escaped.
fn reg_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', r"\\").replace('"', "\\\""))
}

/// A configuration profile with four payloads: the force-install for Chrome and for Edge, and
/// the policy in each browser's domain for the extension (`com.google.Chrome.extensions.<ID>`).
/// Payload UUIDs are derived from the content, so the same policy gives the same profile.
fn mobileconfig(forcelist: &str, policy: &Value, id: &str) -> Vec<u8> {
    let organisation = policy
        .pointer("/organisation/name")
        .and_then(Value::as_str)
        .unwrap_or("SafePost");
    let settings: plist::Dictionary = object(policy)
        .iter()
        .map(|(key, value)| (key.clone(), plist_of(value)))
        .collect();
    let mut payloads = Vec::new();
    for (browser, domain) in [
        ("Chrome", "com.google.Chrome"),
        ("Edge", "com.microsoft.Edge"),
    ] {
        let mut install = plist::Dictionary::new();
        install.insert(
            "ExtensionInstallForcelist".into(),
            plist::Value::Array(vec![forcelist.into()]),
        );
        payloads.push(payload(
            domain,
            &format!("SafePost install ({browser})"),
            install,
            policy,
        ));
        let extension_domain = format!("{domain}.extensions.{id}");
        payloads.push(payload(
            &extension_domain,
            &format!("SafePost policy ({browser})"),
            settings.clone(),
            policy,
        ));
    }
    let mut profile = plist::Dictionary::new();
    profile.insert("PayloadContent".into(), plist::Value::Array(payloads));
    profile.insert("PayloadDisplayName".into(), "SafePost (Policy A2)".into());
    profile.insert(
        "PayloadDescription".into(),
        "Installs SafePost in Chrome and Edge and sets the Trust's social-media policy.".into(),
    );
    profile.insert("PayloadIdentifier".into(), "safepost.policy".into());
    profile.insert("PayloadOrganization".into(), organisation.into());
    profile.insert("PayloadScope".into(), "System".into());
    profile.insert("PayloadType".into(), "Configuration".into());
    profile.insert(
        "PayloadUUID".into(),
        uuid_for("safepost.policy", policy).into(),
    );
    profile.insert("PayloadVersion".into(), 1.into());
    let mut bytes = Vec::new();
    plist::to_writer_xml(&mut bytes, &plist::Value::Dictionary(profile))
        .expect("a plist of strings, numbers and booleans serialises");
    bytes.push(b'\n');
    bytes
}

fn payload(
    domain: &str,
    name: &str,
    mut content: plist::Dictionary,
    policy: &Value,
) -> plist::Value {
    let identifier = format!("safepost.policy.{domain}");
    content.insert("PayloadDisplayName".into(), name.into());
    content.insert("PayloadIdentifier".into(), identifier.as_str().into());
    content.insert("PayloadType".into(), domain.into());
    content.insert("PayloadUUID".into(), uuid_for(&identifier, policy).into());
    content.insert("PayloadVersion".into(), 1.into());
    plist::Value::Dictionary(content)
}

/// The policy's JSON as a property list: objects are dictionaries, lists arrays.
fn plist_of(value: &Value) -> plist::Value {
    match value {
        Value::Null => plist::Value::String(String::new()),
        Value::Bool(b) => plist::Value::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => plist::Value::Integer(i.into()),
            None => plist::Value::Real(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => plist::Value::String(s.clone()),
        Value::Array(items) => plist::Value::Array(items.iter().map(plist_of).collect()),
        Value::Object(map) => {
            plist::Value::Dictionary(map.iter().map(|(k, v)| (k.clone(), plist_of(v))).collect())
        }
    }
}

/// A name-based UUID (the SHA-256 of the payload's identifier and the policy, marked as
/// version 8, RFC 9562): stable for the same input, different when the policy changes.
fn uuid_for(identifier: &str, policy: &Value) -> String {
    let mut hash = Sha256::new();
    hash.update(identifier.as_bytes());
    hash.update([0]);
    hash.update(policy.to_string().as_bytes());
    let mut b: [u8; 16] = hash.finalize()[..16].try_into().expect("16 bytes");
    b[6] = (b[6] & 0x0F) | 0x80;
    b[8] = (b[8] & 0x3F) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02X}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}
