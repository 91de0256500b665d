//! POSIX extended regular expressions for `[[ STRING =~ REGEX ]]`:
//! `^ $ . [...] [^...] [[:class:]] ( ) | * + ? {n,m}` and `\` escapes,
//! unanchored search, leftmost match, with `BASH_REMATCH`'s groups. A
//! backtracking matcher bounded in steps (a pathological pattern fails
//! to match rather than run without end).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// The most matcher steps one `=~` may take.
const MAX_STEPS: u32 = 200_000;

#[derive(Clone, Debug)]
enum Node {
    Char(char),
    Any,
    Class(bool, Vec<(char, char)>, Vec<&'static str>),
    Start,
    End,
    Group(usize, Box<Alt>),
    Repeat(Box<Node>, u32, Option<u32>),
}

#[derive(Clone, Debug)]
struct Alt(Vec<Vec<Node>>);

/// A compiled regex.
#[derive(Clone, Debug)]
pub struct Regex {
    alt: Alt,
    groups: usize,
}

/// bash's `[[ =~ ]]` status 2 for a regex that does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadRegex;

struct P<'a> {
    s: &'a [char],
    i: usize,
    groups: usize,
    depth: u32,
}

const CLASSES: &[&str] = &[
    "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space",
    "upper", "xdigit",
];

fn in_class(name: &str, c: char) -> bool {
    match name {
        "alnum" => c.is_alphanumeric(),
        "alpha" => c.is_alphabetic(),
        "blank" => c == ' ' || c == '\t',
        "cntrl" => c.is_control(),
        "digit" => c.is_ascii_digit(),
        "graph" => !c.is_whitespace() && !c.is_control(),
        "lower" => c.is_lowercase(),
        "print" => !c.is_control(),
        "punct" => c.is_ascii_punctuation(),
        "space" => c.is_whitespace(),
        "upper" => c.is_uppercase(),
        _ => c.is_ascii_hexdigit(),
    }
}

impl P<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn alt(&mut self) -> Result<Alt, BadRegex> {
        self.depth += 1;
        if self.depth > 64 {
            return Err(BadRegex);
        }
        let mut seqs = alloc::vec![self.seq()?];
        while self.peek() == Some('|') {
            self.i += 1;
            seqs.push(self.seq()?);
        }
        self.depth -= 1;
        Ok(Alt(seqs))
    }

    fn seq(&mut self) -> Result<Vec<Node>, BadRegex> {
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            self.i += 1;
            let atom = match c {
                '^' => Node::Start,
                '$' => Node::End,
                '.' => Node::Any,
                '(' => {
                    self.groups += 1;
                    let n = self.groups;
                    let inner = self.alt()?;
                    if self.peek() != Some(')') {
                        return Err(BadRegex);
                    }
                    self.i += 1;
                    Node::Group(n, Box::new(inner))
                }
                '[' => self.class()?,
                '\\' => {
                    let n = self.peek().ok_or(BadRegex)?;
                    self.i += 1;
                    Node::Char(n)
                }
                '*' | '+' | '?' if out.is_empty() => Node::Char(c),
                c => Node::Char(c),
            };
            out.push(atom);
            self.repeats(&mut out)?;
        }
        Ok(out)
    }

    fn repeats(&mut self, out: &mut Vec<Node>) -> Result<(), BadRegex> {
        loop {
            let (min, max) = match self.peek() {
                Some('*') => (0, None),
                Some('+') => (1, None),
                Some('?') => (0, Some(1)),
                Some('{') => {
                    let close = self
                        .s
                        .get(self.i..)
                        .and_then(|r| r.iter().position(|c| *c == '}'));
                    let Some(close) = close else { return Ok(()) };
                    let body: String = self
                        .s
                        .get(self.i + 1..self.i + close)
                        .unwrap_or_default()
                        .iter()
                        .collect();
                    let (a, b) = match body.split_once(',') {
                        Some((a, "")) => (a.parse().map_err(|_| BadRegex)?, None),
                        Some((a, b)) => (
                            a.parse().map_err(|_| BadRegex)?,
                            Some(b.parse().map_err(|_| BadRegex)?),
                        ),
                        None => {
                            let n = body.parse().map_err(|_| BadRegex)?;
                            (n, Some(n))
                        }
                    };
                    if a > 255 || b.is_some_and(|b: u32| b > 255 || b < a) {
                        return Err(BadRegex);
                    }
                    self.i += close;
                    (a, b)
                }
                _ => return Ok(()),
            };
            self.i += 1;
            let Some(last) = out.pop() else {
                return Err(BadRegex);
            };
            out.push(Node::Repeat(Box::new(last), min, max));
        }
    }

    fn class(&mut self) -> Result<Node, BadRegex> {
        let negate = self.peek() == Some('^');
        if negate {
            self.i += 1;
        }
        let mut ranges = Vec::new();
        let mut named = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek().ok_or(BadRegex)?;
            self.i += 1;
            if c == ']' && !first {
                return Ok(Node::Class(negate, ranges, named));
            }
            first = false;
            if c == '[' && self.peek() == Some(':') {
                let rest: String = self
                    .s
                    .get(self.i + 1..)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                if let Some(name) = CLASSES
                    .iter()
                    .find(|n| rest.starts_with(&alloc::format!("{n}:]")))
                {
                    named.push(*name);
                    self.i += 1 + name.len() + 2;
                    continue;
                }
            }
            if self.peek() == Some('-') && self.s.get(self.i + 1).is_some_and(|n| *n != ']') {
                let hi = self.s.get(self.i + 1).copied().ok_or(BadRegex)?;
                self.i += 2;
                ranges.push((c, hi));
            } else {
                ranges.push((c, c));
            }
        }
    }
}

/// How deep the matcher may recurse (each node matched is a level).
const MAX_DEPTH: u32 = 800;

struct M<'a> {
    t: &'a [char],
    steps: u32,
    depth: u32,
    caps: Vec<Option<(usize, usize)>>,
}

type Cont<'c, 'a> = &'c mut dyn FnMut(&mut M<'a>, usize) -> bool;

impl<'a> M<'a> {
    /// Matches `nodes` at `pos`, then whatever `k` (the continuation)
    /// wants from where they ended.
    fn m(&mut self, nodes: &[Node], pos: usize, k: Cont<'_, 'a>) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS || self.depth > MAX_DEPTH {
            return false;
        }
        self.depth += 1;
        let r = self.m_inner(nodes, pos, k);
        self.depth -= 1;
        r
    }

    fn m_inner(&mut self, nodes: &[Node], pos: usize, k: Cont<'_, 'a>) -> bool {
        let Some((first, rest)) = nodes.split_first() else {
            return k(self, pos);
        };
        match first {
            Node::Char(c) => self.t.get(pos) == Some(c) && self.m(rest, pos + 1, k),
            Node::Any => pos < self.t.len() && self.m(rest, pos + 1, k),
            Node::Class(neg, ranges, named) => {
                let Some(&c) = self.t.get(pos) else {
                    return false;
                };
                let hit = ranges.iter().any(|(a, b)| *a <= c && c <= *b)
                    || named.iter().any(|n| in_class(n, c));
                hit != *neg && self.m(rest, pos + 1, k)
            }
            Node::Start => pos == 0 && self.m(rest, pos, k),
            Node::End => pos == self.t.len() && self.m(rest, pos, k),
            Node::Group(n, alt) => {
                let n = *n;
                for branch in &alt.0 {
                    let saved = self.caps.get(n).copied().flatten();
                    let ok = self.m(branch, pos, &mut |me, end| {
                        let old = me.caps.get(n).copied().flatten();
                        if let Some(slot) = me.caps.get_mut(n) {
                            *slot = Some((pos, end));
                        }
                        if me.m(rest, end, k) {
                            return true;
                        }
                        if let Some(slot) = me.caps.get_mut(n) {
                            *slot = old;
                        }
                        false
                    });
                    if ok {
                        return true;
                    }
                    if let Some(slot) = self.caps.get_mut(n) {
                        *slot = saved;
                    }
                }
                false
            }
            Node::Repeat(inner, min, max) => self.rep(inner, *min, *max, 0, pos, rest, k),
        }
    }

    /// `inner` repeated (greedy), `count` times so far, then `rest`.
    #[allow(clippy::too_many_arguments)]
    fn rep(
        &mut self,
        inner: &Node,
        min: u32,
        max: Option<u32>,
        count: u32,
        pos: usize,
        rest: &[Node],
        k: Cont<'_, 'a>,
    ) -> bool {
        if max.is_none_or(|m| count < m) {
            let one = core::slice::from_ref(inner);
            let more = self.m(one, pos, &mut |me, e| {
                e != pos && me.rep(inner, min, max, count + 1, e, rest, k)
            });
            if more {
                return true;
            }
        }
        count >= min && self.m(rest, pos, k)
    }
}

impl Regex {
    /// Compiles `pattern`.
    pub fn new(pattern: &str) -> Result<Regex, BadRegex> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut p = P {
            s: &chars,
            i: 0,
            groups: 0,
            depth: 0,
        };
        let alt = p.alt()?;
        if p.i < chars.len() {
            return Err(BadRegex);
        }
        Ok(Regex {
            alt,
            groups: p.groups,
        })
    }

    /// The leftmost match in `text`: the whole match and each group
    /// (`BASH_REMATCH`), or None.
    pub fn find(&self, text: &str) -> Option<Vec<String>> {
        let t: Vec<char> = text.chars().collect();
        let whole = Node::Group(0, Box::new(self.alt.clone()));
        let seq = alloc::vec![whole];
        let mut m = M {
            t: &t,
            steps: 0,
            depth: 0,
            caps: alloc::vec![None; self.groups + 1],
        };
        for start in 0..=t.len() {
            m.caps = alloc::vec![None; self.groups + 1];
            if m.m(&seq, start, &mut |_, _| true) {
                return Some(
                    m.caps
                        .iter()
                        .map(|c| {
                            c.map(|(a, b)| t.get(a..b).unwrap_or_default().iter().collect())
                                .unwrap_or_default()
                        })
                        .collect(),
                );
            }
            if m.steps > MAX_STEPS {
                return None;
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(p: &str, t: &str) -> Option<Vec<String>> {
        Regex::new(p).unwrap().find(t)
    }

    #[test]
    fn ere() {
        assert!(find("^[0-9]+\\.[0-9]+$", "10.25").is_some());
        assert!(find("^[0-9]+$", "10a").is_none());
        assert_eq!(find("b+", "abbbc").unwrap()[0], "bbb");
        assert_eq!(find("(a|b)c", "xbc").unwrap(), ["bc", "b"]);
        assert_eq!(
            find("^([0-9]+)\\.([0-9]+)\\.([0-9]+)\\.([0-9]+)$", "127.0.0.1").unwrap(),
            ["127.0.0.1", "127", "0", "0", "1"]
        );
        assert!(find("^a{2,3}$", "aaa").is_some());
        assert!(find("^a{2,3}$", "aaaa").is_none());
        assert!(find("[[:digit:]]x?$", "ab1").is_some());
        assert!(find("colou?r", "color").is_some());
        assert!(find("(a*)*b", &"a".repeat(40)).is_none());
    }
}
