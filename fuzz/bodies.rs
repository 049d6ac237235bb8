// What each fuzz target checks, shared by the libFuzzer targets (`fuzz_targets/`, run with
// `cargo +nightly fuzz run <target>`) and by `tests/fuzz_seeds.rs`, which replays the
// seeds and every saved crash on the stable toolchain in the ordinary test run.

use std::sync::OnceLock;

use safepost::{AccountKind, CheckContext, Engine, Surface};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::with_default_policy)
}

/// The first byte picks the context; the rest is the draft (invalid UTF-8 replaced, as a
/// browser would hand over a string with lone surrogates).
pub fn check_text(data: &[u8]) {
    let (&choice, rest) = data.split_first().unwrap_or((&0, &[]));
    let text = String::from_utf8_lossy(rest);
    let context = CheckContext {
        platform: None,
        account: [
            AccountKind::Personal,
            AccountKind::Official,
            AccountKind::Unknown,
        ][usize::from(choice % 3)],
        surface: [
            Surface::Post,
            Surface::Comment,
            Surface::Message,
            Surface::Profile,
        ][usize::from(choice / 3 % 4)],
    };
    let result = engine().check_text(&text, &context);
    let utf16: Vec<u16> = text.encode_utf16().collect();
    assert!(result.checked_bytes <= text.len());
    assert_eq!(result.truncated, result.checked_bytes < text.len());
    for f in &result.findings {
        assert!(f.start <= f.end && f.end <= result.checked_bytes, "{f:?}");
        assert_eq!(&text[f.start..f.end], f.matched, "UTF-8 span");
        assert_eq!(
            String::from_utf16_lossy(&utf16[f.start16..f.end16]),
            f.matched,
            "UTF-16 span"
        );
        assert!(
            f.message.contains('§'),
            "every finding cites its clause: {f:?}"
        );
    }
}

/// Any policy JSON is either an engine or an error; never a panic.
pub fn policy(data: &[u8]) {
    if let Ok(json) = std::str::from_utf8(data) {
        if let Ok(engine) = Engine::from_policy_json(json) {
            let _ = engine.check_text("DM me on Snapchat, Year 9", &CheckContext::default());
            let _ = engine.check_url("https://www.tiktok.com/");
        }
    }
}

/// Any address is a verdict or an error; never a panic.
pub fn check_url(data: &[u8]) {
    let url = String::from_utf8_lossy(data);
    let _ = engine().check_url(&url);
}
