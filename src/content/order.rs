//! One stable sort for the content checks' lists of hits and finds. Each `sort_by` on a new
//! element type compiles a copy of the standard library's sort (~8 KB of WebAssembly); sorting
//! positions through one comparator of one type lets every list share a single copy.

use std::cmp::Ordering;

/// Sorts `items` stably by `cmp`.
pub fn sort_stably<T>(items: Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) -> Vec<T> {
    let order = stable_order(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The positions `0..n` in the order `cmp` sorts them, ties in position order.
fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::sort_stably;

    #[test]
    fn sorts_and_keeps_ties_in_order() {
        let items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        assert_eq!(
            sort_stably(items, |a, b| a.0.cmp(&b.0)),
            [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]
        );
        assert!(sort_stably(Vec::<u8>::new(), |a, b| a.cmp(b)).is_empty());
    }
}
