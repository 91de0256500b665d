//! Pattern matching as bash does it for `case`, `[[ == ]]`, `${X#pat}`
//! and pathname expansion: `*`, `?`, `[abc]`, `[!a-z]`, `[[:digit:]]`;
//! quoted characters match themselves.

use alloc::vec::Vec;

/// One character of a pattern: `active` if it came unquoted (so `*`,
/// `?` and `[` are special).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PatChar {
    /// The character.
    pub c: char,
    /// Unquoted.
    pub active: bool,
}

#[derive(Clone, Debug)]
enum ClassItem {
    Char(char),
    Range(char, char),
    Named(&'static str),
}

#[derive(Clone, Debug)]
enum El {
    Lit(char),
    Any,
    Star,
    Class(bool, Vec<ClassItem>),
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

fn parse_class(p: &[PatChar], start: usize) -> Option<(El, usize)> {
    let mut i = start + 1;
    let negate = matches!(
        p.get(i),
        Some(PatChar {
            c: '!' | '^',
            active: true
        })
    );
    if negate {
        i += 1;
    }
    let mut items = Vec::new();
    let first = i;
    loop {
        let pc = p.get(i)?;
        if pc.c == ']' && pc.active && i > first {
            return Some((El::Class(negate, items), i + 1));
        }
        if pc.c == '[' && pc.active && p.get(i + 1).is_some_and(|n| n.c == ':') {
            let rest: Vec<char> = p.iter().skip(i + 2).map(|x| x.c).collect();
            if let Some(name) = CLASSES.iter().find(|name| {
                let n: Vec<char> = name.chars().collect();
                rest.starts_with(&n)
                    && rest.get(n.len()) == Some(&':')
                    && rest.get(n.len() + 1) == Some(&']')
            }) {
                items.push(ClassItem::Named(name));
                i += 2 + name.len() + 2;
                continue;
            }
        }
        if p.get(i + 1).is_some_and(|d| d.c == '-')
            && let Some(hi) = p.get(i + 2)
            && !(hi.c == ']' && hi.active)
        {
            items.push(ClassItem::Range(pc.c, hi.c));
            i += 3;
            continue;
        }
        items.push(ClassItem::Char(pc.c));
        i += 1;
    }
}

fn compile(p: &[PatChar]) -> Vec<El> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(pc) = p.get(i) {
        if !pc.active {
            out.push(El::Lit(pc.c));
            i += 1;
            continue;
        }
        match pc.c {
            '*' => {
                if !matches!(out.last(), Some(El::Star)) {
                    out.push(El::Star);
                }
                i += 1;
            }
            '?' => {
                out.push(El::Any);
                i += 1;
            }
            '[' => match parse_class(p, i) {
                Some((el, next)) => {
                    out.push(el);
                    i = next;
                }
                None => {
                    out.push(El::Lit('['));
                    i += 1;
                }
            },
            '\\' => {
                // An unquoted backslash in a pattern quotes the next character.
                match p.get(i + 1) {
                    Some(n) => out.push(El::Lit(n.c)),
                    None => out.push(El::Lit('\\')),
                }
                i += 2;
            }
            c => {
                out.push(El::Lit(c));
                i += 1;
            }
        }
    }
    out
}

fn el_matches(el: &El, c: char) -> bool {
    match el {
        El::Lit(l) => *l == c,
        El::Any => true,
        El::Star => false,
        El::Class(negate, items) => {
            let hit = items.iter().any(|it| match it {
                ClassItem::Char(x) => *x == c,
                ClassItem::Range(lo, hi) => *lo <= c && c <= *hi,
                ClassItem::Named(n) => in_class(n, c),
            });
            hit != *negate
        }
    }
}

fn match_els(p: &[El], t: &[char]) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(El::Star) => {
                star = Some((pi + 1, ti));
                pi += 1;
                continue;
            }
            Some(el) if t.get(ti).is_some_and(|c| el_matches(el, *c)) => {
                pi += 1;
                ti += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, st)) => {
                pi = sp;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    while matches!(p.get(pi), Some(El::Star)) {
        pi += 1;
    }
    pi == p.len()
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Pattern {
    els: Vec<El>,
}

impl Pattern {
    /// Compiles `p`.
    pub fn new(p: &[PatChar]) -> Pattern {
        Pattern { els: compile(p) }
    }

    /// A pattern of unquoted text.
    pub fn from_text(s: &str) -> Pattern {
        let p: Vec<PatChar> = s.chars().map(|c| PatChar { c, active: true }).collect();
        Pattern::new(&p)
    }

    /// Whether all of `text` matches.
    pub fn matches(&self, text: &str) -> bool {
        let t: Vec<char> = text.chars().collect();
        match_els(&self.els, &t)
    }

    /// Whether all of `t` matches.
    pub fn matches_chars(&self, t: &[char]) -> bool {
        match_els(&self.els, t)
    }
}

/// True if the pattern has an unquoted `*`, `?` or `[`.
pub fn has_glob(p: &[PatChar]) -> bool {
    p.iter()
        .any(|pc| pc.active && matches!(pc.c, '*' | '?' | '['))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        let m = |p: &str, t: &str| Pattern::from_text(p).matches(t);
        assert!(m("*.txt", "a.txt"));
        assert!(!m("*.txt", "a.txt2"));
        assert!(m("a?c", "abc"));
        assert!(m("[ab]*", "bx"));
        assert!(!m("[!ab]*", "bx"));
        assert!(m("[[:digit:]]x", "1x"));
        assert!(m("[a-c]", "b"));
        assert!(m("*", ""));
        assert!(m("[", "["));
        assert!(m("**a**b", "xxaxxb"));
        assert!(!m("a*b*c", "aXbX"));
    }
}
