//! Where a URL really goes: its host and registrable domain, parsed with the WHATWG URL
//! standard (the `url` crate, as browsers do; host names in Unicode mapped first by
//! [`crate::idn`]) and Mozilla's Public Suffix List (`data/public_suffix_list.dat`, see
//! [`crate::public_suffix`]).

use std::borrow::Cow;
use std::fmt;

use url::{Host, Url};

use crate::idn;
use crate::public_suffix::{self, SuffixKind};

/// Longest URL accepted; browsers cap theirs at 2 MB, we need far less to find a host.
pub const MAX_URL_LEN: usize = 64 * 1024;

/// The parts of a URL that decide which site it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteAddress {
    /// The URL as parsed and serialised (scheme added when missing).
    pub url: String,
    /// Lowercase ASCII host without a trailing dot; `None` for URLs without one
    /// (`about:blank`, `data:`…) and for schemes that are not web pages.
    pub host: Option<String>,
    /// The registrable domain of the host (e.g. `bbc.co.uk` for `www.bbc.co.uk`).
    pub site: Option<String>,
}

/// A URL that cannot be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlError {
    /// The start of the offending input, for the message.
    pub input: String,
    pub reason: String,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read {:?} as a web address: {}",
            self.input, self.reason
        )
    }
}

impl std::error::Error for UrlError {}

impl SiteAddress {
    /// Parses what a user or a browser gives: full URLs, or bare hosts such as
    /// `facebook.com/page` (taken as `https://`).
    pub fn parse(input: &str) -> Result<SiteAddress, UrlError> {
        let error = |reason: String| UrlError {
            input: preview(input).into_owned(),
            reason,
        };
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(error("it is empty".into()));
        }
        if trimmed.len() > MAX_URL_LEN {
            return Err(error(format!("it is longer than {MAX_URL_LEN} bytes")));
        }
        let with_scheme = if has_scheme(trimmed) {
            Cow::Borrowed(trimmed)
        } else if let Some(rest) = trimmed.strip_prefix("//") {
            Cow::Owned(format!("https://{rest}"))
        } else {
            Cow::Owned(format!("https://{trimmed}"))
        };
        // A host written in Unicode, directly or percent-encoded, is mapped by the platform's
        // parser: `url` is built without Unicode tables (src/idn.rs).
        let percent_encoded = host_is_percent_encoded(&with_scheme);
        let ascii = if with_scheme.is_ascii() && !percent_encoded {
            with_scheme
        } else {
            Cow::Owned(idn::ascii_url(&with_scheme).map_err(|reason| {
                error(if percent_encoded {
                    "its host name is percent-encoded (%), and what it decodes to is not a valid \
                     international domain name"
                        .into()
                } else {
                    reason
                })
            })?)
        };
        let url = Url::parse(&ascii).map_err(|e| error(e.to_string()))?;

        let host = match (url.scheme(), url.host()) {
            ("http" | "https" | "ws" | "wss", Some(Host::Domain(domain))) => {
                let domain = domain.trim_end_matches('.');
                if domain.is_empty() {
                    return Err(error("it has no host name".into()));
                }
                if domain.split('.').any(str::is_empty) {
                    return Err(error(format!(
                        "its host name {domain:?} has an empty label"
                    )));
                }
                Some(domain.to_owned())
            }
            ("http" | "https" | "ws" | "wss", Some(Host::Ipv4(ip))) => Some(ip.to_string()),
            ("http" | "https" | "ws" | "wss", Some(Host::Ipv6(ip))) => Some(format!("[{ip}]")),
            _ => None,
        };
        let site = host
            .as_deref()
            .and_then(registrable_domain)
            .map(str::to_owned);
        Ok(SiteAddress {
            url: url.into(),
            host,
            site,
        })
    }
}

/// The registrable domain ("eTLD+1") of a lowercase ASCII host, if it has one.
pub fn registrable_domain(host: &str) -> Option<&str> {
    public_suffix::registrable_domain(host)
}

/// Which part of the public-suffix list names `domain` itself as a suffix, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicSuffix {
    /// A registry's suffix (`com`, `co.uk`, `sch.uk`'s children…): never a site.
    Icann,
    /// A company's suffix for its users' sites (`blogspot.com`, `github.io`…).
    Private,
}

/// Whether `domain` is itself a public suffix, so that matching it would match every
/// site under it.
pub fn public_suffix(domain: &str) -> Option<PublicSuffix> {
    match public_suffix::suffix(domain) {
        (suffix, _) if suffix != domain => None,
        (_, SuffixKind::Private) => Some(PublicSuffix::Private),
        (_, SuffixKind::Icann) => Some(PublicSuffix::Icann),
    }
}

/// Whether `host` is `domain` or one of its subdomains (label-wise, so `notfacebook.com`
/// is not under `facebook.com`).
pub fn host_is_under(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

/// Normalises a domain name: lowercase, IDN to punycode, no trailing dot. Rejects
/// anything that is not a plain host name with at least two labels.
pub fn normalise_domain(input: &str) -> Result<String, String> {
    let trimmed = input.trim().trim_end_matches('.');
    if trimmed.is_empty() {
        return Err(
            "expected a domain name such as \"example.org.uk\", found an empty string".into(),
        );
    }
    if trimmed.contains(['/', ':', '@', '?', '#', ' ', '*']) {
        return Err(format!(
            "expected a bare domain name such as \"example.org.uk\" (no scheme, path, port or wildcard), found {trimmed:?}"
        ));
    }
    let ascii = if trimmed.is_ascii() {
        Cow::Borrowed(trimmed)
    } else {
        let url = idn::ascii_url(&format!("https://{trimmed}/"))
            .map_err(|e| format!("{trimmed:?} is not a valid domain name ({e})"))?;
        Cow::Owned(
            Url::parse(&url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default(),
        )
    };
    match Host::parse(&ascii) {
        Ok(Host::Domain(domain)) if domain.contains('.') => {
            if domain
                .split('.')
                .any(|label| label.is_empty() || label.len() > 63)
            {
                return Err(format!("{trimmed:?} is not a valid domain name"));
            }
            Ok(domain)
        }
        Ok(Host::Domain(_)) => Err(format!(
            "{trimmed:?} is not a full domain name (it needs a dot)"
        )),
        Ok(_) => Err(format!(
            "expected a domain name, found the IP address {trimmed:?}"
        )),
        Err(e) => Err(format!("{trimmed:?} is not a valid domain name ({e})")),
    }
}

/// Whether the host of `url` (a URL with its scheme) holds a percent sign: it may decode to
/// Unicode, or to bytes that are not text at all.
fn host_is_percent_encoded(url: &str) -> bool {
    url.split_once("://").is_some_and(|(_, rest)| {
        let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or("");
        authority.rsplit('@').next().unwrap_or("").contains('%')
    })
}

fn has_scheme(s: &str) -> bool {
    if s.contains("://") {
        return true;
    }
    let lower = s.get(..11).unwrap_or(s).to_ascii_lowercase();
    [
        "about:",
        "data:",
        "javascript:",
        "mailto:",
        "blob:",
        "file:",
        "chrome:",
        "edge:",
        "tel:",
    ]
    .iter()
    .any(|scheme| lower.starts_with(scheme))
}

/// The first characters of an input, for messages that stay readable: line breaks and
/// tabs become spaces, and control, zero-width and bidi characters are left out, so a
/// quoted draft or address cannot reorder or hide the message around it.
pub(crate) fn preview(s: &str) -> Cow<'_, str> {
    const MAX: usize = 80;
    // Most inputs are a few printable ASCII characters: the preview is the input itself.
    if s.len() <= MAX && s.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len().min(4 * MAX));
    for (n, c) in s
        .chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some(' '),
            c if c.is_control() || crate::content::normalise::is_invisible(c) => None,
            c => Some(c),
        })
        .enumerate()
    {
        if n == MAX {
            out.push('…');
            break;
        }
        out.push(c);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_cannot_reorder_or_hide_the_message() {
        assert_eq!(preview("go \u{202E}kcuf\u{202C}"), "go kcuf");
        assert_eq!(preview("a\u{200B}b\nc\u{0}d"), "ab cd");
        assert_eq!(preview(&"x".repeat(100)), format!("{}…", "x".repeat(80)));
        assert_eq!(preview(&"x".repeat(80)), "x".repeat(80));
        // Printable ASCII is its own preview, not a copy.
        assert!(matches!(
            preview("Year 9 idiot"),
            Cow::Borrowed("Year 9 idiot")
        ));
    }

    fn host(input: &str) -> Option<String> {
        SiteAddress::parse(input).unwrap().host
    }

    #[test]
    fn hosts_are_what_the_browser_would_visit() {
        for (input, expected) in [
            ("https://WWW.Facebook.COM./x", Some("www.facebook.com")),
            ("https://facebook.com@evil.example/", Some("evil.example")),
            ("facebook.com/groups/1", Some("facebook.com")),
            ("//x.com/home", Some("x.com")),
            ("http://tiktok.com:8080/", Some("tiktok.com")),
            ("https://bücher.example/", Some("xn--bcher-kva.example")),
            // Percent-encoded, in the host or only in the user name.
            (
                "https://b%C3%BCcher.example/",
                Some("xn--bcher-kva.example"),
            ),
            ("https://user%40x@%66acebook.com/", Some("facebook.com")),
            ("about:blank", None),
            ("mailto:head@school.example", None),
            ("http://127.0.0.1/", Some("127.0.0.1")),
        ] {
            assert_eq!(host(input).as_deref(), expected, "{input}");
        }
    }

    #[test]
    fn registrable_domains_follow_the_public_suffix_list() {
        let site = |u: &str| SiteAddress::parse(u).unwrap().site;
        assert_eq!(site("https://www.bbc.co.uk/news"), Some("bbc.co.uk".into()));
        assert_eq!(site("https://m.facebook.com/"), Some("facebook.com".into()));
        assert_eq!(
            site("https://someone.github.io/"),
            Some("someone.github.io".into())
        );
    }

    #[test]
    fn bad_urls_are_errors_not_panics() {
        for bad in [
            "",
            "   ",
            "http://",
            "https://exa mple.com/",
            "http://[::1",
            "https://a..b/",
            // Percent-encoded bytes that are not text: the platform's parser refuses them.
            "A%AA",
            "https://a%FF.example/",
        ] {
            let result = SiteAddress::parse(bad);
            assert!(result.is_err(), "{bad:?} gave {result:?}");
        }
        // The error names the percent-encoding as the cause.
        for encoded in ["A%AA", "https://a%FF.example/"] {
            let reason = SiteAddress::parse(encoded).unwrap_err().reason;
            assert!(
                reason.contains("percent-encoded (%)"),
                "{encoded:?}: {reason}"
            );
        }
        let long = format!("https://a.example/{}", "x".repeat(MAX_URL_LEN));
        assert!(SiteAddress::parse(&long)
            .unwrap_err()
            .reason
            .contains("longer"));
    }

    #[test]
    fn domain_containment_is_label_wise() {
        assert!(host_is_under("m.facebook.com", "facebook.com"));
        assert!(host_is_under("facebook.com", "facebook.com"));
        assert!(!host_is_under("notfacebook.com", "facebook.com"));
        assert!(!host_is_under("facebook.com.evil.example", "facebook.com"));
    }

    #[test]
    fn it_domains_are_checked() {
        assert_eq!(
            normalise_domain("Learning.Academy.ORG.uk.").unwrap(),
            "learning.academy.org.uk"
        );
        assert_eq!(public_suffix("co.uk"), Some(PublicSuffix::Icann));
        assert_eq!(public_suffix("oak.sch.uk"), Some(PublicSuffix::Icann));
        assert_eq!(public_suffix("blogspot.com"), Some(PublicSuffix::Private));
        assert_eq!(public_suffix("bbc.co.uk"), None);
        assert!(normalise_domain("https://x.org")
            .unwrap_err()
            .contains("no scheme"));
        assert!(normalise_domain("localhost").unwrap_err().contains("dot"));
        assert!(normalise_domain("10.0.0.1")
            .unwrap_err()
            .contains("IP address"));
        assert!(normalise_domain("").is_err());
    }
}
