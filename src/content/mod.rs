//! Checks a draft post against Policy A2 §5.5, §5.6 and §6.1 before it is posted.
//!
//! `Engine::check_text(text, context)` returns every problem with its exact span in the
//! original text (UTF-8 bytes and UTF-16 code units), clause, severity and a plain-English
//! explanation. Detectors: the lexicons (`data/lexicon/*.toml`), personal data with check
//! digits ([`personal_data`]), context rules, insults
//! aimed at a person ([`insult_frame`]), and a compact statistical model ([`model`]).

pub mod check;
pub mod finding;
pub mod insult_frame;
pub mod masked;
pub mod model;
pub mod named_pupil;
pub mod normalise;
mod order;
pub mod personal_data;
pub mod rules;
mod spans;
mod trie;
mod word_index;
pub mod words;

pub use finding::{
    AccountKind, CheckContext, CheckResult, ContentCategory, Finding, Severity, Surface,
};
