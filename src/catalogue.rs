//! The platform catalogue: every social or interactive platform SafePost recognises
//! (Policy A2 §4.1 defines social media broadly; §5.1 prohibits those not approved).
//!
//! The catalogue is the data file `data/platforms.toml`, turned into JSON by `build.rs`
//! and embedded here. Its lint lives in `tests/data_lint.rs`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// What kind of platform it is; shown to IT, and lets later rules treat messaging apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Network,
    Microblog,
    Video,
    Livestream,
    Photo,
    Messaging,
    Blog,
    Forum,
    Dating,
    Federated,
    Professional,
    Audio,
    Qa,
    /// Social bookmarking and link-voting sites.
    Bookmarking,
}

/// One platform of the catalogue.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// Stable identifier used in IT policies, e.g. `"tiktok"`.
    pub id: String,
    /// The name staff know it by, e.g. `"TikTok"`.
    pub name: String,
    pub category: Category,
    /// Whether §4.1 names it as an example of social media.
    #[serde(default)]
    pub named_in_policy: bool,
    /// Registrable domains and aliases; their subdomains match too.
    pub domains: Vec<String>,
    /// Page signals that recognise self-hosted copies of federated software.
    #[serde(default)]
    pub signals: Option<Signals>,
}

/// Page signals that identify a platform's software on any host.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signals {
    /// `<meta name|property=NAME content=VALUE…>`: name equal, content starting with value
    /// (both compared ignoring ASCII case).
    #[serde(default)]
    pub meta: Vec<MetaSignal>,
    /// Path prefixes of same-origin `<link href>` / `<script src>` URLs.
    #[serde(default)]
    pub paths: Vec<String>,
}

/// One `<meta>` signal: see [`Signals::meta`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaSignal {
    pub name: String,
    pub value: String,
    /// The content must equal the value, not just start with it (for short, common words).
    #[serde(default)]
    pub exact: bool,
}

/// What the content script saw on a page, bounded by it and again here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PageSignals {
    /// Every `<meta name|property>` of the page with its content.
    #[serde(default)]
    pub meta: Vec<PageMeta>,
    /// Paths of same-origin `<link href>` and `<script src>` URLs.
    #[serde(default)]
    pub paths: Vec<String>,
}

/// A `<meta>` element as the page has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PageMeta {
    pub name: String,
    pub value: String,
}

/// At most this many signals of each kind are looked at, whatever a hostile page sends.
pub const MAX_SIGNALS: usize = 128;
/// Longest signal string looked at.
const MAX_SIGNAL_LEN: usize = 512;

/// The platform catalogue with its domain index.
#[derive(Debug)]
pub struct Catalogue {
    platforms: Vec<Platform>,
    by_id: HashMap<String, usize>,
    by_domain: HashMap<String, usize>,
}

/// A platform of the embedded catalogue as `build.rs` writes it.
struct EmbeddedPlatform {
    id: &'static str,
    name: &'static str,
    category: Category,
    named_in_policy: bool,
    domains: &'static [&'static str],
    /// Meta signals (name, value, exact) and paths.
    #[allow(clippy::type_complexity)]
    signals: Option<(
        &'static [(&'static str, &'static str, bool)],
        &'static [&'static str],
    )>,
}

static EMBEDDED_PLATFORMS: &[EmbeddedPlatform] =
    include!(concat!(env!("OUT_DIR"), "/platforms.rs"));

impl From<&EmbeddedPlatform> for Platform {
    fn from(p: &EmbeddedPlatform) -> Platform {
        let strings = |s: &[&str]| s.iter().map(|&s| s.to_owned()).collect();
        Platform {
            id: p.id.to_owned(),
            name: p.name.to_owned(),
            category: p.category,
            named_in_policy: p.named_in_policy,
            domains: strings(p.domains),
            signals: p.signals.map(|(meta, paths)| Signals {
                meta: meta
                    .iter()
                    .map(|&(name, value, exact)| MetaSignal {
                        name: name.to_owned(),
                        value: value.to_owned(),
                        exact,
                    })
                    .collect(),
                paths: strings(paths),
            }),
        }
    }
}

/// A platform found for a host, with the catalogue domain that matched.
#[derive(Debug, Clone, Copy)]
pub struct HostMatch<'a> {
    pub platform: &'a Platform,
    pub domain: &'a str,
}

impl Catalogue {
    /// The catalogue compiled into SafePost (built once, on first use, from the Rust data
    /// `build.rs` makes of `data/platforms.toml`: nothing to parse).
    pub fn embedded() -> &'static Catalogue {
        static EMBEDDED: OnceLock<Catalogue> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            let platforms = EMBEDDED_PLATFORMS.iter().map(Platform::from).collect();
            // The data file is checked by tests/data_lint.rs, so this cannot fail in a
            // tested build.
            Catalogue::new(platforms)
                .expect("embedded platform catalogue is valid (checked by tests/data_lint.rs)")
        })
    }

    /// Parses a catalogue from the JSON form of `data/platforms.toml`.
    pub fn from_json(json: &str) -> Result<Catalogue, String> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            platform: Vec<Platform>,
        }
        let file: File = serde_json::from_str(json).map_err(|e| e.to_string())?;
        Catalogue::new(file.platform)
    }

    /// Builds the indexes; duplicate ids or domains are an error.
    pub fn new(platforms: Vec<Platform>) -> Result<Catalogue, String> {
        let mut by_id = HashMap::with_capacity(platforms.len());
        // Sized at once: growing would hash every domain again at each doubling.
        let mut by_domain = HashMap::with_capacity(platforms.iter().map(|p| p.domains.len()).sum());
        for (index, platform) in platforms.iter().enumerate() {
            if by_id.insert(platform.id.clone(), index).is_some() {
                return Err(format!("platform id {:?} is listed twice", platform.id));
            }
            for domain in &platform.domains {
                if let Some(other) = by_domain.insert(domain.clone(), index) {
                    return Err(format!(
                        "domain {domain:?} is listed for both {:?} and {:?}",
                        platforms[other].id, platform.id
                    ));
                }
            }
        }
        Ok(Catalogue {
            platforms,
            by_id,
            by_domain,
        })
    }

    /// Every platform, in catalogue order (sorted by id).
    pub fn platforms(&self) -> &[Platform] {
        &self.platforms
    }

    /// The platform with this id.
    pub fn get(&self, id: &str) -> Option<&Platform> {
        self.by_id.get(id).map(|&i| &self.platforms[i])
    }

    /// The catalogue id closest to a misspelt one, for "did you mean" hints.
    pub fn closest_id(&self, id: &str) -> Option<&str> {
        closest(id, self.platforms.iter().map(|p| p.id.as_str()))
    }

    /// The platform a host belongs to: the longest catalogue domain that is the host
    /// itself or one of its parents (`m.facebook.com` → `facebook.com`). `host` must be
    /// lowercase ASCII without a trailing dot, as [`crate::site::SiteAddress`] gives it.
    pub fn platform_for_host(&self, host: &str) -> Option<HostMatch<'_>> {
        let mut candidate = host;
        loop {
            if let Some((domain, &index)) = self.by_domain.get_key_value(candidate) {
                return Some(HostMatch {
                    platform: &self.platforms[index],
                    domain,
                });
            }
            match candidate.split_once('.') {
                Some((_, parent)) if parent.contains('.') => candidate = parent,
                // A single label is a top-level domain: never a platform.
                _ => return None,
            }
        }
    }

    /// The first platform whose software signals the page shows.
    pub fn platform_for_signals(&self, signals: &PageSignals) -> Option<&Platform> {
        let metas = &signals.meta[..signals.meta.len().min(MAX_SIGNALS)];
        let paths = &signals.paths[..signals.paths.len().min(MAX_SIGNALS)];
        self.platforms.iter().find(|platform| {
            let Some(wanted) = &platform.signals else {
                return false;
            };
            let meta_hit = wanted.meta.iter().any(|w| {
                metas.iter().any(|m| {
                    let value = bounded(m.value.trim());
                    m.name.trim().eq_ignore_ascii_case(&w.name)
                        && if w.exact {
                            value.eq_ignore_ascii_case(&w.value)
                        } else {
                            starts_with_ignore_case(value, &w.value)
                        }
                })
            });
            meta_hit
                || wanted
                    .paths
                    .iter()
                    .any(|w| paths.iter().any(|p| bounded(p).starts_with(w.as_str())))
        })
    }
}

/// The string of `options` closest to `wanted` by edit distance, when close enough to be
/// a plausible typo.
pub(crate) fn closest<'a>(wanted: &str, options: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.to_ascii_lowercase();
    options
        .map(|o| (strsim::damerau_levenshtein(&wanted, o), o))
        .filter(|&(distance, o)| distance > 0 && distance <= (o.len() / 3).max(1))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, o)| o)
}

fn bounded(s: &str) -> &str {
    if s.len() <= MAX_SIGNAL_LEN {
        return s;
    }
    let mut end = MAX_SIGNAL_LEN;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn starts_with_ignore_case(haystack: &str, prefix: &str) -> bool {
    haystack.len() >= prefix.len()
        && haystack.is_char_boundary(prefix.len())
        && haystack[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(name: &str, value: &str) -> PageSignals {
        PageSignals {
            meta: vec![PageMeta {
                name: name.into(),
                value: value.into(),
            }],
            paths: vec![],
        }
    }

    #[test]
    fn embedded_data_matches_the_json_form() {
        let json = Catalogue::from_json(include_str!(concat!(env!("OUT_DIR"), "/platforms.json")))
            .unwrap();
        let embedded = Catalogue::embedded();
        assert_eq!(
            format!("{:?}", json.platforms()),
            format!("{:?}", embedded.platforms())
        );
        assert!(embedded.platforms().iter().any(|p| p.signals.is_some()));
        assert!(embedded.platforms().iter().any(|p| p.named_in_policy));
    }

    #[test]
    fn subdomains_match_their_platform() {
        let c = Catalogue::embedded();
        assert_eq!(
            c.platform_for_host("m.facebook.com").unwrap().platform.id,
            "facebook"
        );
        assert_eq!(
            c.platform_for_host("facebook.com").unwrap().domain,
            "facebook.com"
        );
        assert!(c.platform_for_host("notfacebook.com").is_none());
        assert!(c.platform_for_host("com").is_none());
        assert!(c.platform_for_host("").is_none());
    }

    #[test]
    fn software_is_recognised_from_meta_and_paths() {
        let c = Catalogue::embedded();
        assert_eq!(
            c.platform_for_signals(&meta(
                "og:site_name",
                "Mastodon hosted on social.example.org"
            ))
            .unwrap()
            .id,
            "mastodon"
        );
        assert_eq!(
            c.platform_for_signals(&meta(
                "generator",
                "Discourse 3.2.0 - https://github.com/discourse"
            ))
            .unwrap()
            .id,
            "discourse"
        );
        assert!(c
            .platform_for_signals(&meta("generator", "WordPress 6.5"))
            .is_none());
        assert!(c
            .platform_for_signals(&meta("description", "mastodon fans"))
            .is_none());
        assert_eq!(
            c.platform_for_signals(&meta("description", "Lemmy"))
                .unwrap()
                .id,
            "lemmy"
        );
        assert!(c
            .platform_for_signals(&meta("description", "Lemmy Kilmister's life"))
            .is_none());
        let paths = PageSignals {
            meta: vec![],
            paths: vec!["/assets/dist/_colors.css".into()],
        };
        assert_eq!(c.platform_for_signals(&paths).unwrap().id, "gotosocial");
    }

    #[test]
    fn odd_signal_text_is_safe() {
        let c = Catalogue::embedded();
        // Multi-byte text where a prefix comparison would cut a character in half.
        assert!(c.platform_for_signals(&meta("generator", "Dé")).is_none());
        assert!(c
            .platform_for_signals(&meta("generator", &"é".repeat(10_000)))
            .is_none());
    }

    #[test]
    fn typo_hints() {
        let c = Catalogue::embedded();
        assert_eq!(c.closest_id("tiktk"), Some("tiktok"));
        assert_eq!(c.closest_id("Youtub"), Some("youtube"));
        assert_eq!(c.closest_id("zzzzzzzzzz"), None);
    }
}
