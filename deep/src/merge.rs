//! One finding where both stages found the same thing: a deep finding is dropped when a fast
//! finding of the same category overlaps its span (the fast one has the exact words). Different
//! concerns over the same words stay two findings: each says its own clause and why.

use serde::Deserialize;

use crate::DeepFinding;

/// What the merge needs of a fast finding (the engine's `Finding` deserialises into it).
#[derive(Debug, Clone, Deserialize)]
pub struct FastSpan {
    pub category: String,
    pub start16: usize,
    pub end16: usize,
}

/// The deep findings that say something the fast findings do not.
pub fn merge(fast: &[FastSpan], deep: Vec<DeepFinding>) -> Vec<DeepFinding> {
    deep.into_iter()
        .filter(|d| {
            !fast
                .iter()
                .any(|f| f.category == d.category && f.start16 < d.end16 && d.start16 < f.end16)
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
}
