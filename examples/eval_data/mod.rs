//! Reading the development data in ../shared/eval/text (never copied into the project),
//! shared by the training and evaluation examples.

/// FNV-1a of a record id: the held-out part is `fnv1a(id) % 5 == 0` (20 %).
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Decodes the HTML entities the tweet dumps contain.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.bytes().take(12).position(|b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ if name.starts_with("#x") => u32::from_str_radix(&name[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Precision, recall, F1 and false-positive rate of `p >= threshold`.
pub fn metrics(scored: &[(f32, bool)], threshold: f32) -> (f64, f64, f64, f64) {
    let (mut tp, mut fp, mut fneg, mut tn) = (0u32, 0u32, 0u32, 0u32);
    for &(p, label) in scored {
        match (p >= threshold, label) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fneg += 1,
            (false, false) => tn += 1,
        }
    }
    let div = |a: u32, b: u32| {
        if b == 0 {
            0.0
        } else {
            f64::from(a) / f64::from(b)
        }
    };
    let (p, r) = (div(tp, tp + fp), div(tp, tp + fneg));
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f1, div(fp, fp + tn))
}

/// One labelled tweet of a development file.
pub struct Tweet {
    /// The file's first column.
    pub id: String,
    /// In the held-out 20 % (`fnv1a(id) % 5 == 0`), never trained or calibrated on.
    pub held_out: bool,
    pub offensive: bool,
    pub text: String,
}

/// The tweets of an `id\tlabel\ttext` development file, or `None` when it cannot be read (the
/// development data sits beside the repository, not in it).
pub fn read_tweets(path: &std::path::Path) -> Option<Vec<Tweet>> {
    let data = std::fs::read_to_string(path).ok()?;
    Some(
        data.lines()
            .filter_map(|line| {
                let mut parts = line.splitn(3, '\t');
                let (id, label, text) = (parts.next()?, parts.next()?, parts.next()?);
                // A label other than 0 or 1 is not a tweet's: skipped, never taken as inoffensive.
                let offensive = match label {
                    "1" => true,
                    "0" => false,
                    _ => return None,
                };
                Some(Tweet {
                    id: id.to_string(),
                    held_out: fnv1a(id.as_bytes()) % 5 == 0,
                    offensive,
                    text: decode_entities(text),
                })
            })
            .collect(),
    )
}
