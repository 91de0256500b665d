//! Brace expansion, bash's first: `a{b,c}d`, `{1..5}`, `{a..e}`,
//! `{01..10..2}`, nested braces; only unquoted literal text takes part.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::shell::ast::{Word, WordPart};

/// The most words one brace expansion makes.
pub const MAX_WORDS: usize = 1 << 16;

/// Finds the first brace expression in `s`: (start, end, alternatives).
fn find(s: &[char]) -> Option<(usize, usize, Vec<String>)> {
    let mut i = 0;
    while i < s.len() {
        if s.get(i) == Some(&'{')
            && !(i > 0 && s.get(i - 1) == Some(&'$'))
            && let Some((end, alts)) = alternatives(s, i)
        {
            return Some((i, end, alts));
        }
        i += 1;
    }
    None
}

/// The alternatives of the brace at `open`, and the index after its `}`.
fn alternatives(s: &[char], open: usize) -> Option<(usize, Vec<String>)> {
    let mut depth = 0usize;
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut i = open + 1;
    while let Some(&c) = s.get(i) {
        match c {
            '{' => {
                depth += 1;
                current.push(c);
            }
            '}' if depth == 0 => {
                if parts.is_empty() {
                    return sequence(&current).map(|seq| (i + 1, seq));
                }
                parts.push(current);
                return Some((i + 1, parts));
            }
            '}' => {
                depth -= 1;
                current.push(c);
            }
            ',' if depth == 0 => parts.push(core::mem::take(&mut current)),
            c => current.push(c),
        }
        i += 1;
    }
    None
}

/// `{1..5}`, `{a..e}`, `{1..10..2}`, `{05..10}`.
fn sequence(s: &str) -> Option<Vec<String>> {
    let mut it = s.split("..");
    let (a, b) = (it.next()?, it.next()?);
    let step = match it.next() {
        Some(st) => st.parse::<i64>().ok()?,
        None => 1,
    };
    if it.next().is_some() {
        return None;
    }
    let step = step.unsigned_abs().max(1);
    if let (Ok(x), Ok(y)) = (a.parse::<i64>(), b.parse::<i64>()) {
        let width = if (a.starts_with('0') && a.len() > 1)
            || (b.starts_with('0') && b.len() > 1)
            || a.starts_with("-0")
        {
            a.len().max(b.len())
        } else {
            0
        };
        let count = x.abs_diff(y) / step + 1;
        if count > MAX_WORDS as u64 {
            return None;
        }
        let mut out = Vec::new();
        let mut v = x;
        for _ in 0..count {
            out.push(if width > 0 {
                if v < 0 {
                    format!("-{:0w$}", v.unsigned_abs(), w = width.saturating_sub(1))
                } else {
                    format!("{v:0width$}")
                }
            } else {
                v.to_string()
            });
            v = if x <= y {
                v.saturating_add(step as i64)
            } else {
                v.saturating_sub(step as i64)
            };
        }
        return Some(out);
    }
    let (ca, cb) = (single(a)?, single(b)?);
    if !ca.is_ascii() || !cb.is_ascii() {
        return None;
    }
    let (x, y) = (ca as u32, cb as u32);
    let mut out = Vec::new();
    let mut v = x;
    loop {
        out.push(String::from(char::from_u32(v)?));
        if v == y {
            break;
        }
        let next = if x <= y {
            v.checked_add(step as u32)?
        } else {
            v.checked_sub(step as u32)?
        };
        if (x <= y && next > y) || (x > y && next < y) {
            break;
        }
        v = next;
    }
    Some(out)
}

fn single(s: &str) -> Option<char> {
    let mut c = s.chars();
    let first = c.next()?;
    c.next().is_none().then_some(first)
}

/// Expands the braces of `word` into words (the word itself if none).
pub fn expand(word: &Word) -> Vec<Word> {
    let mut out = Vec::new();
    expand_into(word, &mut out, 0);
    out
}

fn expand_into(word: &Word, out: &mut Vec<Word>, depth: u32) {
    if out.len() >= MAX_WORDS || depth > 32 {
        out.push(word.clone());
        return;
    }
    for (i, part) in word.parts.iter().enumerate() {
        let WordPart::Literal {
            text,
            quoted: false,
        } = part
        else {
            continue;
        };
        let chars: Vec<char> = text.chars().collect();
        let Some((start, end, alts)) = find(&chars) else {
            continue;
        };
        let prefix: String = chars.get(..start).unwrap_or_default().iter().collect();
        let suffix: String = chars.get(end..).unwrap_or_default().iter().collect();
        for alt in alts {
            let mut w = Word {
                parts: word.parts.get(..i).unwrap_or_default().to_vec(),
                raw: String::new(),
            };
            w.parts.push(WordPart::Literal {
                text: format!("{prefix}{alt}{suffix}"),
                quoted: false,
            });
            w.parts
                .extend(word.parts.get(i + 1..).unwrap_or_default().iter().cloned());
            if out.len() >= MAX_WORDS {
                return;
            }
            expand_into(&w, out, depth + 1);
        }
        return;
    }
    out.push(word.clone());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        expand(&Word::literal(s, false))
            .iter()
            .map(|w| w.as_plain().unwrap_or_default())
            .collect()
    }

    #[test]
    fn forms() {
        assert_eq!(texts("a{b,c}d"), ["abd", "acd"]);
        assert_eq!(texts("{1..3}"), ["1", "2", "3"]);
        assert_eq!(texts("{3..1}"), ["3", "2", "1"]);
        assert_eq!(texts("{a..c}"), ["a", "b", "c"]);
        assert_eq!(texts("{01..03}"), ["01", "02", "03"]);
        assert_eq!(texts("{1..10..4}"), ["1", "5", "9"]);
        assert_eq!(texts("{a,b}{1,2}"), ["a1", "a2", "b1", "b2"]);
        assert_eq!(texts("{x}"), ["{x}"]);
        assert_eq!(texts("a{b,{c,d}}"), ["ab", "ac", "ad"]);
        assert_eq!(texts("${x}"), ["${x}"]);
    }
}
