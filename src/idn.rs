//! Host names written in Unicode (`bücher.example`, full-width `ｔｉｋｔｏｋ.com`, or
//! percent-encoded: `b%C3%BCcher.example`), mapped to
//! the ASCII form a browser visits (UTS 46, then punycode) by the platform's own WHATWG URL
//! parser: the browser's (or Node's) `URL` in WebAssembly, ada — the parser Node.js uses —
//! natively.
//!
//! The engine's `url` parser carries no Unicode tables (Cargo.lock pins `idna_adapter` 1.0,
//! its documented ASCII-only back end): a browser hands the extension every address already
//! in ASCII, and the tables cost the fast `.wasm` 46 KB gzipped. Only text that is not ASCII,
//! or whose host holds a `%`, comes here, so both builds read other addresses with one parser.

/// `url` (with its scheme) as the platform's URL parser writes it back, all in ASCII; or why
/// it is not a URL.
pub fn ascii_url(url: &str) -> Result<String, String> {
    platform_href(url)
        .filter(|href| href.is_ascii())
        .ok_or_else(|| "its host name is not a valid international domain name".to_owned())
}

#[cfg(target_arch = "wasm32")]
fn platform_href(url: &str) -> Option<String> {
    web_sys::Url::new(url).ok().map(|parsed| parsed.href())
}

#[cfg(not(target_arch = "wasm32"))]
fn platform_href(url: &str) -> Option<String> {
    ada_url::Url::parse(url, None)
        .ok()
        .map(|parsed| parsed.href().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_hosts_come_back_in_punycode_and_full_width_letters_as_ascii() {
        assert_eq!(
            ascii_url("https://bücher.example/ä").unwrap(),
            "https://xn--bcher-kva.example/%C3%A4"
        );
        assert_eq!(
            ascii_url("https://ｔｉｋｔｏｋ.com/").unwrap(),
            "https://tiktok.com/"
        );
        assert_eq!(
            ascii_url("https://BÜCHER.example").unwrap(),
            "https://xn--bcher-kva.example/"
        );
    }

    #[test]
    fn invalid_international_names_are_errors() {
        for bad in [
            "https://a\u{0}ü.com/",
            "https://bü<cher.example/",
            "https://ü%00.com/",
            "not a url ü",
        ] {
            assert!(ascii_url(bad).is_err(), "{bad:?} → {:?}", ascii_url(bad));
        }
    }
}
