//! Mozilla's Public Suffix List (`data/public_suffix_list.dat`), compiled by `build.rs`
//! into one sorted text searched in place: no start-up cost and a small WebAssembly
//! build. (The `psl` crate compiles the list into ~900 KB of code, doubling the .wasm;
//! the `publicsuffix` crate builds a tree that took ~190 ms to start in WebAssembly.)
//!
//! The algorithm is the list's own (publicsuffix.org/list): the longest matching rule
//! wins, an exception rule `!x` beats the wildcard `*.y` it excepts, and a host no rule
//! matches has its top-level label as its suffix.

use std::cmp::Ordering;

/// Every rule as `rule kind\n` (kind `i` = registry, `p` = private), sorted by rule.
static RULES: &str = include_str!(concat!(env!("OUT_DIR"), "/public_suffix_rules.txt"));

/// Which part of the list a suffix comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuffixKind {
    /// A registry's suffix (`com`, `co.uk`, `*.sch.uk`): never a site of its own.
    Icann,
    /// A company's suffix for its users' sites (`blogspot.com`, `github.io`).
    Private,
}

/// The public suffix of a lowercase ASCII host, and where it comes from.
pub fn suffix(host: &str) -> (&str, SuffixKind) {
    let mut candidate = host;
    loop {
        if rule("!", candidate).is_some() {
            // An exception: the suffix is the candidate without its first label.
            let parent = candidate.split_once('.').map_or("", |(_, p)| p);
            return (
                parent,
                rule("", parent)
                    .or(rule("*.", parent))
                    .unwrap_or(SuffixKind::Icann),
            );
        }
        let parent = candidate.split_once('.').map(|(_, p)| p);
        let kind = rule("", candidate).or_else(|| parent.and_then(|p| rule("*.", p)));
        if let Some(kind) = kind {
            return (candidate, kind);
        }
        match parent {
            Some(p) => candidate = p,
            // No rule: the implicit `*` rule makes the top-level label the suffix.
            None => return (candidate, SuffixKind::Icann),
        }
    }
}

/// The registrable domain (the suffix plus one label), if the host is more than a suffix.
pub fn registrable_domain(host: &str) -> Option<&str> {
    let (suffix, _) = suffix(host);
    let rest = host.strip_suffix(suffix)?.strip_suffix('.')?;
    let label_start = rest.rfind('.').map_or(0, |i| i + 1);
    (!rest[label_start..].is_empty()).then(|| &host[label_start..])
}

/// The rule `marker` + `name` (`!` for an exception, `*.` for a wildcard, or none), by binary
/// search over the lines of [`RULES`]; `lo` and `hi` always sit at line starts. The two parts
/// are compared as one string, so no string is built per label.
fn rule(marker: &str, name: &str) -> Option<SuffixKind> {
    let candidate = || marker.bytes().chain(name.bytes());
    let table = RULES.as_bytes();
    let (mut lo, mut hi) = (0, table.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = table[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let end = start + table[start..].iter().position(|&b| b == b'\n')?;
        let (rule, kind) = RULES[start..end].split_once(' ')?;
        match rule.bytes().cmp(candidate()) {
            Ordering::Equal => {
                return Some(if kind == "p" {
                    SuffixKind::Private
                } else {
                    SuffixKind::Icann
                })
            }
            Ordering::Less => lo = end + 1,
            Ordering::Greater => hi = start,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list's own test vectors (publicsuffix.org/list/test_psl.txt), ASCII part.
    #[test]
    fn official_test_vectors() {
        let cases: &[(&str, Option<&str>)] = &[
            ("com", None),
            ("example.com", Some("example.com")),
            ("b.example.com", Some("example.com")),
            ("a.b.example.com", Some("example.com")),
            ("uk.com", None),
            ("example.uk.com", Some("example.uk.com")),
            ("b.example.uk.com", Some("example.uk.com")),
            ("test.ac", Some("test.ac")),
            ("mm", None),
            ("c.mm", None),
            ("b.c.mm", Some("b.c.mm")),
            ("a.b.c.mm", Some("b.c.mm")),
            ("jp", None),
            ("test.jp", Some("test.jp")),
            ("www.test.jp", Some("test.jp")),
            ("ac.jp", None),
            ("test.ac.jp", Some("test.ac.jp")),
            ("kyoto.jp", None),
            ("test.kyoto.jp", Some("test.kyoto.jp")),
            ("ide.kyoto.jp", None),
            ("b.ide.kyoto.jp", Some("b.ide.kyoto.jp")),
            ("c.kobe.jp", None),
            ("b.c.kobe.jp", Some("b.c.kobe.jp")),
            ("city.kobe.jp", Some("city.kobe.jp")),
            ("www.city.kobe.jp", Some("city.kobe.jp")),
            ("ck", None),
            ("test.ck", None),
            ("b.test.ck", Some("b.test.ck")),
            ("www.ck", Some("www.ck")),
            ("www.www.ck", Some("www.ck")),
            ("us", None),
            ("test.us", Some("test.us")),
            ("www.test.us", Some("test.us")),
            ("ak.us", None),
            ("test.ak.us", Some("test.ak.us")),
            ("k12.ak.us", None),
            ("test.k12.ak.us", Some("test.k12.ak.us")),
            ("xn--85x722f.com.cn", Some("xn--85x722f.com.cn")),
            ("xn--55qx5d.cn", None),
            (
                "xn--85x722f.xn--55qx5d.cn",
                Some("xn--85x722f.xn--55qx5d.cn"),
            ),
            ("shishi.xn--55qx5d.cn", Some("shishi.xn--55qx5d.cn")),
            ("example", None),
            ("example.example", Some("example.example")),
            ("b.example.example", Some("example.example")),
        ];
        for (host, expected) in cases {
            assert_eq!(registrable_domain(host), *expected, "{host}");
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(suffix("www.bbc.co.uk"), ("co.uk", SuffixKind::Icann));
        assert_eq!(
            suffix("me.blogspot.com"),
            ("blogspot.com", SuffixKind::Private)
        );
        assert_eq!(
            suffix("oak.kent.sch.uk"),
            ("kent.sch.uk", SuffixKind::Icann)
        );
        assert_eq!(
            registrable_domain("oak.kent.sch.uk"),
            Some("oak.kent.sch.uk")
        );
    }
}
