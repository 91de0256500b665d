//! Matching a pattern that has back-references (`\(a*\)b\1`): a
//! backtracking search over the parsed expression, with each group's last
//! capture. A back-reference cannot be matched by a finite automaton, so
//! GNU grep backtracks too. The search is bounded (in steps and in depth)
//! so that no line can hang or overflow the page's stack; past the bound a
//! start position is taken as not matching there.

use alloc::vec;
use alloc::vec::Vec;

use super::{Node, assert_holds, lower};

/// The most steps the search of one line may take.
const STEP_LIMIT: usize = 200_000;

/// The deepest the search may nest (each node matched waits on the rest).
const DEPTH_LIMIT: usize = 400;

/// The most groups a pattern numbers (`\1` to `\9` name the first nine).
const GROUPS: usize = 10;

struct Search<'a> {
    chars: &'a [char],
    fold: bool,
    steps: usize,
    depth: usize,
    /// Group N's last capture (start, end).
    caps: Vec<Option<(usize, usize)>>,
}

/// What the rest of the pattern does from a position: true once the
/// whole pattern matched.
type Next<'k> = &'k mut dyn FnMut(&mut Search<'_>, usize) -> bool;

impl Search<'_> {
    fn same(&self, a: char, b: char) -> bool {
        a == b || (self.fold && lower(a) == lower(b))
    }

    fn node(&mut self, node: &Node, pos: usize, k: Next<'_>) -> bool {
        self.steps += 1;
        if self.steps > STEP_LIMIT || self.depth > DEPTH_LIMIT {
            return false;
        }
        self.depth += 1;
        let found = self.node_inner(node, pos, k);
        self.depth -= 1;
        found
    }

    fn node_inner(&mut self, node: &Node, pos: usize, k: Next<'_>) -> bool {
        let here = self.chars.get(pos).copied();
        match node {
            Node::Char(c) => here.is_some_and(|h| self.same(h, *c)) && k(self, pos + 1),
            Node::Any => here.is_some() && k(self, pos + 1),
            Node::Class(class) => {
                here.is_some_and(|h| class.matches(h, self.fold)) && k(self, pos + 1)
            }
            Node::Assert(a) => assert_holds(*a, self.chars, pos) && k(self, pos),
            Node::Group(alts) => alts.iter().any(|seq| self.seq(seq, pos, k)),
            Node::Capture(n, inner) => {
                let n = *n;
                let saved = self.caps.get(n).copied().flatten();
                let found = self.node(inner, pos, &mut |s: &mut Search<'_>, end| {
                    let before = s.caps.get(n).copied().flatten();
                    if let Some(slot) = s.caps.get_mut(n) {
                        *slot = Some((pos, end));
                    }
                    if k(s, end) {
                        return true;
                    }
                    if let Some(slot) = s.caps.get_mut(n) {
                        *slot = before;
                    }
                    false
                });
                if !found && let Some(slot) = self.caps.get_mut(n) {
                    *slot = saved;
                }
                found
            }
            Node::Backref(n) => {
                let Some((a, b)) = self.caps.get(*n).copied().flatten() else {
                    return false;
                };
                let len = b.saturating_sub(a);
                let fits =
                    (0..len).all(|i| match (self.chars.get(a + i), self.chars.get(pos + i)) {
                        (Some(x), Some(y)) => self.same(*x, *y),
                        _ => false,
                    });
                fits && k(self, pos + len)
            }
            Node::Repeat(inner, min, max)
                if self.single(inner, pos).is_some() || here.is_none() =>
            {
                // One character per pass (`a*`, `.*`, `[0-9]\{2,\}`): the
                // longest run first, then shorter ones, with no nesting.
                let mut run = 0usize;
                while max.is_none_or(|m| run < m as usize)
                    && self.single(inner, pos + run) == Some(true)
                {
                    run += 1;
                    self.steps += 1;
                    if self.steps > STEP_LIMIT {
                        return false;
                    }
                }
                let least = *min as usize;
                (least..=run).rev().any(|n| k(self, pos + n))
            }
            Node::Repeat(inner, min, max) => self.repeat(inner, *min, *max, 0, pos, k),
        }
    }

    /// For a node that matches one character: whether it matches at
    /// `pos`; None for other nodes.
    fn single(&self, node: &Node, pos: usize) -> Option<bool> {
        let here = self.chars.get(pos).copied();
        match node {
            Node::Char(c) => Some(here.is_some_and(|h| self.same(h, *c))),
            Node::Any => Some(here.is_some()),
            Node::Class(class) => Some(here.is_some_and(|h| class.matches(h, self.fold))),
            _ => None,
        }
    }

    /// `inner` matched `count` times so far, ending at `pos`: greedily
    /// once more, else the rest.
    fn repeat(
        &mut self,
        inner: &Node,
        min: u32,
        max: Option<u32>,
        count: u32,
        pos: usize,
        k: Next<'_>,
    ) -> bool {
        if max.is_none_or(|m| count < m) {
            let more = self.node(inner, pos, &mut |s: &mut Search<'_>, end| {
                // An empty pass past the minimum would loop forever.
                if end == pos && count >= min {
                    return false;
                }
                s.repeat(inner, min, max, count.saturating_add(1), end, k)
            });
            if more {
                return true;
            }
        }
        count >= min && k(self, pos)
    }

    fn seq(&mut self, nodes: &[Node], pos: usize, k: Next<'_>) -> bool {
        match nodes.split_first() {
            None => k(self, pos),
            Some((first, rest)) => self.node(first, pos, &mut |s: &mut Search<'_>, end| {
                s.seq(rest, end, k)
            }),
        }
    }
}

/// The first match starting at or after `from`: its start and the end of
/// the longest way the pattern matches there.
pub(super) fn find(tree: &Node, chars: &[char], from: usize, fold: bool) -> Option<(usize, usize)> {
    // One budget for the whole line, whatever the start.
    let mut search = Search {
        chars,
        fold,
        steps: 0,
        depth: 0,
        caps: vec![None; GROUPS],
    };
    for start in from..=chars.len() {
        if search.steps > STEP_LIMIT {
            return None;
        }
        search.depth = 0;
        search.caps.iter_mut().for_each(|c| *c = None);
        let mut longest: Option<usize> = None;
        search.node(tree, start, &mut |_, end| {
            longest = Some(longest.map_or(end, |l| l.max(end)));
            // Keep looking for a longer way while the bound allows.
            false
        });
        if let Some(end) = longest {
            return Some((start, end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::{Options, Regex, Syntax};
    use alloc::string::String;

    fn re(p: &str, syntax: Syntax) -> Regex {
        let options = Options {
            syntax,
            ignore_case: false,
            word: false,
            line: false,
        };
        Regex::new(&[String::from(p)], options)
            .map(|(r, _)| r)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn back_references_match_what_the_group_matched() {
        let r = re("\\(a*\\)b\\1", Syntax::Basic);
        assert!(r.is_match("aabaa"));
        assert!(r.is_match("b"));
        assert_eq!(r.find_all("xaabaax"), ["aabaa"]);
        let r = re("\\([a-z]\\)\\1", Syntax::Basic);
        assert!(r.is_match("hello"));
        assert!(!r.is_match("helo"));
        let r = re("(ab|cd)\\1", Syntax::Extended);
        assert!(r.is_match("xcdcd"));
        assert!(!r.is_match("abcd"));
        // A long line with nothing to find ends (the search is bounded).
        let long: String = core::iter::repeat_n('a', 5000).collect();
        let r = re("\\(a*\\)*x\\1", Syntax::Basic);
        assert!(!r.is_match(&long));
    }
}
