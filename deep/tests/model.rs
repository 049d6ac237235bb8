//! The deeper check on the shipped model file: it loads, reads drafts for meaning, points at
//! the right words, respects the account and IT's settings, and never panics on odd input.

use std::sync::OnceLock;

use safepost_deep::{CheckOptions, DeepChecker, Error, MAX_READ_BYTES};

fn model_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../data/model/a2-minilm-q8.gguf"
        ))
        .expect("the shipped model file is in data/model/")
    })
}

fn checker() -> &'static DeepChecker {
    static CHECKER: OnceLock<DeepChecker> = OnceLock::new();
    CHECKER.get_or_init(|| DeepChecker::load(model_bytes()).expect("the shipped model loads"))
}

fn families(text: &str, options: &CheckOptions) -> Vec<String> {
    let result = checker().check(text, options).expect("checks");
    result.findings.into_iter().map(|f| f.family).collect()
}

#[test]
fn every_finding_points_at_its_own_text_and_cites_its_clause() {
    let text = "Lovely sunny day. Year 7's Mia Clarke walks home on her own through Elm Park at 3.30 every day, she's at 14 Rowan Close if anyone wants to drop her kit back.";
    let result = checker().check(text, &CheckOptions::default()).unwrap();
    assert!(
        !result.findings.is_empty(),
        "a pupil's route and address: {result:?}"
    );
    for f in &result.findings {
        assert_eq!(&text[f.start..f.end], f.matched);
        assert_eq!(text[..f.start].encode_utf16().count(), f.start16);
        assert_eq!(text[..f.end].encode_utf16().count(), f.end16);
        assert!(
            f.message.contains(&format!("§{}", f.clause)),
            "{}",
            f.message
        );
        assert!(f.score >= f.threshold);
        for w in &f.words {
            assert_eq!(&text[w.start..w.end], w.text);
            assert!(w.start >= f.start && w.end <= f.end);
        }
    }
    assert!(result.findings.iter().any(|f| f.family == "locate_child"));
    // It points at the sentence about the pupil, not the greeting.
    let f = result
        .findings
        .iter()
        .find(|f| f.family == "locate_child")
        .unwrap();
    assert!(!f.matched.contains("Lovely sunny day"), "{f:?}");
}

#[test]
fn the_words_that_drove_a_finding_are_named_on_request_as_in_a_full_check() {
    let text = "The Year 3 girl with the red coat waits alone by the canal gate after school";
    let quick = CheckOptions {
        no_words: true,
        ..Default::default()
    };
    let found = checker().check(text, &quick).unwrap().findings;
    let full = checker()
        .check(text, &CheckOptions::default())
        .unwrap()
        .findings;
    let f = found.iter().find(|f| f.family == "locate_child").unwrap();
    assert!(f.words.is_empty());
    let words = checker().words(text, &f.family, f.start, f.end).unwrap();
    let expected = &full
        .iter()
        .find(|g| g.family == "locate_child")
        .unwrap()
        .words;
    assert!(
        !words.is_empty(),
        "a pupil alone at a place is named by its words"
    );
    assert_eq!(&words, expected);
    // Asked for what it cannot answer: a clear error, never a panic.
    for (family, start, end) in [
        ("no_such_family", f.start, f.end),
        ("locate_child", f.end, f.start),
        ("locate_child", 0, text.len() + 1),
    ] {
        assert!(matches!(
            checker().words(text, family, start, end),
            Err(Error::Request(_))
        ));
    }
    // A span that starts inside a character (the emoji is bytes 6–9).
    assert!(matches!(
        checker().words("Great 😀 day", "bullying", 7, 9),
        Err(Error::Request(_))
    ));
}

#[test]
fn ordinary_posts_have_no_findings() {
    for text in [
        "Well done to our Year 9 netball team on a brilliant win today!",
        "Reminder: the library is open until 5pm on Thursdays this term.",
        "Had a lovely walk along the coast this weekend, the weather was perfect.",
        "",
        "   \n\t ",
        "😀😀😀",
    ] {
        assert_eq!(
            families(text, &CheckOptions::default()),
            Vec::<String>::new(),
            "{text:?}"
        );
    }
}

#[test]
fn the_official_account_may_talk_to_parents_and_it_can_switch_a_category_off() {
    // A friend request from a personal account to a parent (§5.3).
    let text = "Hi Mrs Patel, it's Mr Shaw from Year 4 – I've sent you a friend request on my own Facebook so it's easier to keep you posted about Jayden, hope that's ok!";
    let personal = families(text, &CheckOptions::default());
    assert!(
        personal.iter().any(|f| f == "parent_contact"),
        "{personal:?}"
    );
    let official = families(
        text,
        &CheckOptions {
            official: true,
            ..Default::default()
        },
    );
    assert!(
        !official.iter().any(|f| f == "parent_contact"),
        "{official:?}"
    );
    let mut settings = CheckOptions::default();
    settings
        .categories
        .insert("pupil_contact".into(), "off".into());
    assert!(!families(text, &settings)
        .iter()
        .any(|f| f == "parent_contact"));
    settings
        .categories
        .insert("pupil_contact".into(), "high".into());
    let result = checker().check(text, &settings).unwrap();
    let f = result
        .findings
        .iter()
        .find(|f| f.family == "parent_contact")
        .unwrap();
    assert_eq!(f.severity, "high");
}

#[test]
fn long_and_odd_text_is_read_to_a_bound_without_panicking() {
    let long = "We had a great day at the science fair. ".repeat(2_000);
    let result = checker().check(&long, &CheckOptions::default()).unwrap();
    assert!(result.read_bytes <= MAX_READ_BYTES && result.read_bytes > MAX_READ_BYTES - 8);
    assert!(result.windows >= 2);
    let one_word = "a".repeat(20_000);
    checker()
        .check(&one_word, &CheckOptions::default())
        .unwrap();
    let odd = "\u{FFFD}\u{0}\u{202E}é\u{301}🏴‍☠️ زيد \u{200B}".repeat(300);
    checker().check(&odd, &CheckOptions::default()).unwrap();
}

#[test]
fn scores_are_probabilities_one_row_per_text_in_family_order() {
    // The first two are batched together (within a quarter of each other's length), so the
    // first is padded; the third, much longer, is scored in a batch of its own.
    let texts = [
        "Great match today, well done everyone in Year 9",
        "Great match today, well done everyone in Year 9 and Year 10!",
        "You are all useless idiots and I hope you get sacked, every last one of you, and that \
         nobody in this town ever gives you a job again after the way you treated our team",
    ];
    let scores = checker().scores(&texts).unwrap();
    assert_eq!(scores.len(), 3);
    for row in &scores {
        assert_eq!(row.len(), checker().families().len());
        assert!(row.iter().all(|s| (0.0..=1.0).contains(s)));
    }
    // Batching (padding beside a longer text) does not change a text's scores.
    let alone = checker().scores(&texts[..1]).unwrap();
    for (a, b) in alone[0].iter().zip(&scores[0]) {
        assert!((a - b).abs() < 1e-4, "{a} vs {b}");
    }
}

#[test]
fn a_file_that_is_not_the_model_is_a_clear_error() {
    for bytes in [
        &b""[..],
        b"GGUF",
        b"not a model at all",
        &model_bytes()[..model_bytes().len() / 2],
    ] {
        match DeepChecker::load(bytes) {
            Err(Error::Model(m)) => assert!(!m.is_empty()),
            Err(e) => panic!("a broken model file is a model error, not {e:?}"),
            Ok(_) => panic!("a broken model file was accepted"),
        }
    }
}

/// The shipped file with its attention head count (a GGUF u32 after the key) set to `heads`.
fn with_head_count(heads: u32) -> Vec<u8> {
    let mut bytes = model_bytes().to_vec();
    let key = b"bert.attention.head_count";
    let at = bytes
        .windows(key.len())
        .position(|w| w == key)
        .expect("the model file names its head count")
        + key.len();
    // GGUF: the key, then the value's type (4 = u32), then the value, little-endian.
    assert_eq!(
        bytes[at..at + 4],
        4u32.to_le_bytes(),
        "the head count is a u32"
    );
    bytes[at + 4..at + 8].copy_from_slice(&heads.to_le_bytes());
    bytes
}

#[test]
fn a_file_whose_heads_cannot_share_the_hidden_size_is_a_clear_error() {
    assert!(
        DeepChecker::load(&with_head_count(12)).is_ok(),
        "the file as shipped"
    );
    for heads in [0, 5] {
        let file = with_head_count(heads);
        // Cut off after the file's index: the check reads the index only, before any weight, so
        // the missing weights are never reached.
        let index_only = &file[..1 << 20];
        for (what, bytes) in [("whole", &file[..]), ("index only", index_only)] {
            match DeepChecker::load(bytes) {
                Err(e @ Error::Model(_)) => {
                    let m = e.to_string();
                    assert!(
                        m.contains(&format!("{heads} attention heads")),
                        "{heads} heads, {what}: {m}"
                    );
                    assert!(
                        m.contains("ships with SafePost") && m.contains("reinstall the extension"),
                        "{heads} heads, {what}: says what to do: {m}"
                    );
                }
                Err(e) => panic!("{heads} heads, {what}: a model error, not {e:?}"),
                Ok(_) => panic!("{heads} heads, {what}: accepted"),
            }
        }
    }
}
