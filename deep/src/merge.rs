//! One finding where both stages found the same thing: a deep finding is dropped when a fast
//! finding of the same category and clause, at least as severe, overlaps its span (the fast one
//! has the exact words). Different concerns over the same words stay two findings: each says its
//! own clause and why. So does a deep finding that says more than the fast one over its words: a
//! stronger severity (the fast checker's `low` hint must not hide the model's `medium`), or
//! another clause of the same category (contact with a parent, §5.3, where the fast checker read
//! contact with a pupil, §5.6).

use serde::Deserialize;

use crate::DeepFinding;

/// What the merge needs of a fast finding (the engine's `Finding` deserialises into it).
#[derive(Debug, Clone, Deserialize)]
pub struct FastSpan {
    pub category: String,
    pub clause: String,
    /// `low`, `medium` or `high`.
    pub severity: String,
    pub start16: usize,
    pub end16: usize,
}

/// Severities in order; anything else ranks lowest, so a deep finding is kept rather than lost.
fn rank(severity: &str) -> u8 {
    match severity {
        "high" => 3,
        "medium" => 2,
        "low" => 1,
        _ => 0,
    }
}

/// The deep findings that say something the fast findings do not.
pub fn merge(fast: &[FastSpan], deep: Vec<DeepFinding>) -> Vec<DeepFinding> {
    deep.into_iter()
        .filter(|d| {
            !fast.iter().any(|f| {
                f.category == d.category
                    && f.clause == d.clause
                    && rank(&f.severity) >= rank(&d.severity)
                    && f.start16 < d.end16
                    && d.start16 < f.end16
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(category: &str, start16: usize, end16: usize) -> DeepFinding {
        DeepFinding {
            clause: "5.5".into(),
            category: category.into(),
            severity: "medium".into(),
            message: String::new(),
            start: start16,
            end: end16,
            start16,
            end16,
            matched: String::new(),
            rule: format!("deep/{category}"),
            family: category.into(),
            score: 0.9,
            threshold: 0.5,
            words: Vec::new(),
        }
    }

    fn fast(category: &str, start16: usize, end16: usize) -> FastSpan {
        FastSpan {
            category: category.into(),
            clause: "5.5".into(),
            severity: "medium".into(),
            start16,
            end16,
        }
    }

    #[test]
    fn the_same_concern_over_the_same_words_is_one_finding() {
        let kept = merge(
            &[fast("bullying", 5, 10)],
            vec![deep("bullying", 0, 20), deep("lewd", 0, 20)],
        );
        assert_eq!(
            kept.iter().map(|d| d.category.as_str()).collect::<Vec<_>>(),
            ["lewd"]
        );
    }

    #[test]
    fn the_same_concern_elsewhere_in_the_draft_stays() {
        let kept = merge(&[fast("bullying", 30, 40)], vec![deep("bullying", 0, 20)]);
        assert_eq!(kept.len(), 1);
        // Touching spans do not overlap.
        assert_eq!(
            merge(&[fast("bullying", 20, 25)], vec![deep("bullying", 0, 20)]).len(),
            1
        );
    }

    #[test]
    fn a_deep_finding_that_says_more_over_the_same_words_stays() {
        // The fast checker's hint (low) does not hide the model's medium finding.
        let hint = FastSpan {
            severity: "low".into(),
            ..fast("lewd", 0, 20)
        };
        assert_eq!(merge(&[hint], vec![deep("lewd", 0, 20)]).len(), 1);
        // Contact with a parent (§5.3) where the fast checker read contact with a pupil (§5.6).
        let pupil = FastSpan {
            clause: "5.6".into(),
            ..fast("pupil_contact", 0, 20)
        };
        assert_eq!(merge(&[pupil], vec![deep("pupil_contact", 0, 20)]).len(), 1);
        // A fast finding as severe or more, same clause: one finding.
        let high = FastSpan {
            severity: "high".into(),
            ..fast("lewd", 0, 20)
        };
        assert!(merge(&[high], vec![deep("lewd", 0, 20)]).is_empty());
        // An unknown severity never hides a deep finding.
        let odd = FastSpan {
            severity: "severe".into(),
            ..fast("lewd", 0, 20)
        };
        assert_eq!(merge(&[odd], vec![deep("lewd", 0, 20)]).len(), 1);
    }
}
