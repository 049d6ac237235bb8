//! The byte trie that holds every lexicon term, rule phrase, safe word and trigger word of
//! [`super::rules::ContentRules`], walked from word starts.

use super::word_index::is_word_char;

/// Every pattern as a path of bytes from the root. Lexicon patterns mostly start at a
/// word boundary, so the text is walked from word starts only (and from the few other
/// places a pattern without a boundary could start) instead of through an automaton
/// whose construction would cost more than all the walks of a typical session.
#[derive(Debug)]
pub(super) struct Trie {
    /// Children of each node: `edges[first..first + count]`, sorted by byte; or, for a
    /// node with many children (`count == DENSE`), `dense[first..first + 256]` by byte.
    pub(super) nodes: Vec<Node>,
    edges: Vec<(u8, u32)>,
    dense: Vec<u32>,
    /// The root's children by byte (0 = none), for the first step of every walk: the same
    /// as the root's dense table, kept apart so that step needs no look at the node.
    pub(super) root: Box<[u32; 256]>,
    /// First bytes of patterns that need no word boundary before them (`©`).
    unbound_first: [bool; 256],
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Node {
    first: u32,
    count: u32,
    /// Up to two pattern ids end here (a string is a pattern at most twice: as a word
    /// and as a prefix); `u32::MAX` = none.
    pub(super) ends: [u32; 2],
}

/// A trie being built: linked sibling lists, so no allocation per node.
pub(super) struct TrieBuilder {
    byte: Vec<u8>,
    first_child: Vec<u32>,
    next_sibling: Vec<u32>,
    pub(super) ends: Vec<[u32; 2]>,
    unbound_first: [bool; 256],
    /// The root's children by byte, so that an insertion does not walk the root's long
    /// list of siblings.
    root: [u32; 256],
}

const NONE: u32 = u32::MAX;

impl TrieBuilder {
    pub(super) fn new() -> Self {
        TrieBuilder {
            byte: vec![0],
            first_child: vec![NONE],
            next_sibling: vec![NONE],
            ends: vec![[NONE; 2]],
            unbound_first: [false; 256],
            root: [NONE; 256],
        }
    }

    /// The node at the end of `string`'s path, made if need be.
    pub(super) fn insert(&mut self, string: &[u8]) -> usize {
        let mut node = 0usize;
        for &b in string {
            let mut child = if node == 0 {
                self.root[usize::from(b)]
            } else {
                self.first_child[node]
            };
            while child != NONE && self.byte[child as usize] != b {
                child = self.next_sibling[child as usize];
            }
            if child == NONE {
                child = self.byte.len() as u32;
                self.byte.push(b);
                self.first_child.push(NONE);
                self.next_sibling.push(self.first_child[node]);
                self.ends.push([NONE; 2]);
                self.first_child[node] = child;
                if node == 0 {
                    self.root[usize::from(b)] = child;
                }
            }
            node = child as usize;
        }
        node
    }

    /// Pattern `id` ends at `node`; `first` is its first byte.
    pub(super) fn end_here(&mut self, node: usize, id: usize, bound_start: bool, first: u8) {
        let slot = self.ends[node].iter_mut().find(|e| **e == NONE);
        *slot.expect("a string is a pattern at most twice") = id as u32;
        if !bound_start {
            self.unbound_first[usize::from(first)] = true;
        }
    }

    /// Lays each node's children out flat and sorted.
    pub(super) fn finish(self) -> Trie {
        let mut nodes = Vec::with_capacity(self.byte.len());
        let mut edges: Vec<(u8, u32)> = Vec::with_capacity(self.byte.len());
        let mut dense = Vec::new();
        for (node, ends) in self.ends.into_iter().enumerate() {
            let first = edges.len();
            let mut child = self.first_child[node];
            while child != NONE {
                // In order of byte, by insertion (at most 256 children): a sort would add its
                // own copy of the sort code to the .wasm.
                let b = self.byte[child as usize];
                let at = first + edges[first..].partition_point(|&(c, _)| c < b);
                edges.insert(at, (b, child));
                child = self.next_sibling[child as usize];
            }
            if edges.len() - first > MAX_SCANNED_EDGES {
                // Many children (a first letter's): one look-up instead of a search.
                let at = dense.len();
                dense.resize(at + 256, 0);
                for &(b, next) in &edges[first..] {
                    dense[at + usize::from(b)] = next;
                }
                edges.truncate(first);
                nodes.push(Node {
                    first: at as u32,
                    count: DENSE,
                    ends,
                });
                continue;
            }
            nodes.push(Node {
                first: first as u32,
                count: (edges.len() - first) as u32,
                ends,
            });
        }
        let mut root = Box::new([0u32; 256]);
        for (b, next) in root.iter_mut().enumerate() {
            *next = Trie::child_in(&nodes, &edges, &dense, 0, b as u8).unwrap_or(0);
        }
        Trie {
            nodes,
            edges,
            dense,
            root,
            unbound_first: self.unbound_first,
        }
    }
}

/// Marks a node whose children are a table by byte.
const DENSE: u32 = u32::MAX;

/// Most nodes below the first letters have one or two children: a scan beats a table there.
const MAX_SCANNED_EDGES: usize = 8;

impl Trie {
    #[inline(always)]
    pub(super) fn child(&self, node: u32, b: u8) -> Option<u32> {
        Trie::child_in(&self.nodes, &self.edges, &self.dense, node, b)
    }

    #[inline(always)]
    fn child_in(
        nodes: &[Node],
        edges: &[(u8, u32)],
        dense: &[u32],
        node: u32,
        b: u8,
    ) -> Option<u32> {
        let n = nodes[node as usize];
        if n.count == DENSE {
            let next = dense[n.first as usize + usize::from(b)];
            return (next != 0).then_some(next);
        }
        let edges = &edges[n.first as usize..(n.first + n.count) as usize];
        edges.iter().find(|&&(c, _)| c == b).map(|&(_, next)| next)
    }

    /// Every occurrence `(start, end, pattern)` of every pattern, except those that need
    /// a word boundary before them and have none, in the order an Aho-Corasick automaton
    /// reports overlapping matches: by end, then longest first, then by pattern.
    pub(super) fn find_all(
        &self,
        text: &str,
        bound_start: impl Fn(usize) -> bool,
    ) -> Vec<(usize, usize, usize)> {
        let bytes = text.as_bytes();
        // Room for the matches of a typical post without growing (each growth a copy).
        let mut found = Vec::with_capacity(16);
        let mut after_word = false;
        for (start, &first) in bytes.iter().enumerate() {
            let boundary = !after_word;
            after_word = if first.is_ascii() {
                first.is_ascii_alphanumeric()
            } else if (first as i8) < -0x40 {
                // Inside a character: no pattern starts here.
                continue;
            } else {
                text[start..].chars().next().is_some_and(is_word_char)
            };
            if !boundary && !self.unbound_first[usize::from(first)] {
                continue;
            }
            let mut node = self.root[usize::from(first)];
            let mut end = start + 1;
            while node != 0 {
                for &id in &self.nodes[node as usize].ends {
                    if id != u32::MAX && (boundary || !bound_start(id as usize)) {
                        found.push((start, end, id as usize));
                    }
                }
                let Some(&b) = bytes.get(end) else { break };
                node = self.child(node, b).unwrap_or(0);
                end += 1;
            }
        }
        found.sort_unstable_by_key(|&(start, end, id)| (end, start, id));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trie_reports_overlaps_by_end_then_longest() {
        let mut builder = TrieBuilder::new();
        for (id, string) in ["he", "she", "hers", "sh", "©"].iter().enumerate() {
            let node = builder.insert(string.as_bytes());
            // "©" needs no word boundary; the others do.
            builder.end_here(node, id, id != 4, string.as_bytes()[0]);
        }
        let trie = builder.finish();
        let text = "she hers ushe a©";
        let found = trie.find_all(text, |id| id != 4);
        assert_eq!(
            found,
            vec![(0, 2, 3), (0, 3, 1), (4, 6, 0), (4, 8, 2), (15, 17, 4)]
        );
    }
}
