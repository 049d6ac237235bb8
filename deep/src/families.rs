//! The families the model reads for, from data/deep-families.toml: each one's clause, category,
//! severity and plain-English message, joined to the threshold the model file carries for it.

use serde::{Deserialize, Serialize};

use crate::windows::{utf16_len, Span};
use crate::{DeepFinding, DrivingWord};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub name: String,
    pub clause: String,
    pub category: String,
    pub severity: String,
    #[serde(default)]
    pub personal_only: bool,
    pub message: String,
    /// Calibrated on the corpus's dev part; from the model file.
    #[serde(default)]
    pub threshold: f32,
}

#[derive(Deserialize)]
struct File {
    family: Vec<Family>,
}

/// Every family of data/deep-families.toml, without thresholds.
pub fn all() -> Vec<Family> {
    let file: File = serde_json::from_str(include_str!(concat!(
        env!("OUT_DIR"),
        "/deep-families.json"
    )))
    .expect("data/deep-families.toml has the documented shape (tested)");
    file.family
}

/// The families in the model's output order, each with its threshold. The model file and the
/// data file must name the same families in the same order.
pub fn for_model(names: &[&str], thresholds: &[f32]) -> Result<Vec<Family>, String> {
    let families = all();
    let known: Vec<&str> = families.iter().map(|f| f.name.as_str()).collect();
    if names != known.as_slice() || thresholds.len() != names.len() {
        return Err(format!(
            "its families ({}) are not data/deep-families.toml's ({})",
            names.join(", "),
            known.join(", ")
        ));
    }
    if let Some(t) = thresholds.iter().find(|t| !(0.0..=1.0).contains(*t)) {
        return Err(format!("a threshold of {t} is not a probability"));
    }
    Ok(families
        .into_iter()
        .zip(thresholds)
        .map(|(f, &threshold)| Family { threshold, ..f })
        .collect())
}

impl Family {
    pub(crate) fn finding(
        &self,
        text: &str,
        span: Span,
        score: f32,
        words: Vec<DrivingWord>,
    ) -> DeepFinding {
        DeepFinding {
            clause: self.clause.clone(),
            category: self.category.clone(),
            severity: self.severity.clone(),
            message: self.message.clone(),
            start: span.start,
            end: span.end,
            start16: utf16_len(&text[..span.start]),
            end16: utf16_len(&text[..span.end]),
            matched: text[span.start..span.end].to_owned(),
            rule: format!("deep/{}", self.name),
            family: self.name.clone(),
            score,
            threshold: self.threshold,
            words,
        }
    }
}
