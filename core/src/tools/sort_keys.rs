//! `sort`'s ordering: keys (`-k F1[,F2]` with `n`, `r`, `b` modifiers),
//! the field separator (`-t C`), numeric order (`-n`), and GNU's last-resort
//! comparison of whole lines. Fields are as GNU splits them: without `-t`,
//! a field is a run of non-blanks with the blanks before it.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// One `-k` key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Key {
    /// The first field (1-based).
    start: usize,
    /// The last field (to the end of the line if none).
    end: Option<usize>,
    numeric: bool,
    reverse: bool,
    blanks: bool,
}

/// Everything that orders the lines.
#[derive(Clone, Debug, Default)]
pub(super) struct Order {
    /// `-n`.
    pub(super) numeric: bool,
    /// `-r`.
    pub(super) reverse: bool,
    /// `-u`.
    pub(super) unique: bool,
    /// `-b`.
    pub(super) blanks: bool,
    /// `-t`.
    pub(super) separator: Option<char>,
    /// `-k`, in order.
    pub(super) keys: Vec<Key>,
}

/// Parses a `-k` value; `Err` is GNU's message (after `sort: `).
pub(super) fn parse_key(spec: &str) -> Result<Key, String> {
    let (first, last) = match spec.split_once(',') {
        Some((a, b)) => (a, Some(b)),
        None => (spec, None),
    };
    let mut flags = (false, false, false);
    let start = field(first, spec, &mut flags, "at field start")?;
    let end = match last {
        Some(last) => Some(field(last, spec, &mut flags, "after ','")?),
        None => None,
    };
    Ok(Key {
        start,
        end,
        numeric: flags.0,
        reverse: flags.1,
        blanks: flags.2,
    })
}

/// One `F[OPTS]` of a key spec: the field number; sets the modifiers.
fn field(
    text: &str,
    spec: &str,
    flags: &mut (bool, bool, bool),
    place: &str,
) -> Result<usize, String> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Err(format!(
            "invalid number {place}: invalid count at start of {}",
            super::filter::quote(text)
        ));
    }
    let n = digits.parse::<usize>().unwrap_or(usize::MAX);
    if n == 0 {
        return Err(format!(
            "field number is zero: invalid field specification {}",
            super::filter::quote(spec)
        ));
    }
    let rest = text.get(digits.len()..).unwrap_or_default();
    if rest.starts_with('.') {
        return Err(String::from(
            "character positions in keys (-k F.C) are not available in this lab",
        ));
    }
    for c in rest.chars() {
        match c {
            'n' => flags.0 = true,
            'r' => flags.1 = true,
            'b' => flags.2 = true,
            'd' | 'f' | 'g' | 'h' | 'i' | 'M' | 'R' | 'V' => {
                return Err(format!(
                    "the key modifier '{c}' is not available in this lab (n, r and b are)"
                ));
            }
            _ => {
                return Err(format!(
                    "stray character in field spec: invalid field specification {}",
                    super::filter::quote(spec)
                ));
            }
        }
    }
    Ok(n)
}

impl Order {
    /// The full order of two lines.
    pub(super) fn compare(&self, a: &str, b: &str) -> Ordering {
        let o = self.compare_keys(a, b);
        if o != Ordering::Equal || self.unique {
            return o;
        }
        // GNU's last resort: the whole lines, byte by byte.
        let o = a.as_bytes().cmp(b.as_bytes());
        if self.reverse { o.reverse() } else { o }
    }

    /// The order of the keys alone (what `-u` calls equal).
    pub(super) fn compare_keys(&self, a: &str, b: &str) -> Ordering {
        if self.keys.is_empty() {
            let whole = Key {
                start: 1,
                end: None,
                numeric: self.numeric,
                reverse: self.reverse,
                blanks: self.blanks,
            };
            if !self.numeric && !self.blanks {
                let o = a.as_bytes().cmp(b.as_bytes());
                return if self.reverse { o.reverse() } else { o };
            }
            return self.compare_key(&whole, a, b);
        }
        for key in &self.keys {
            // A key with modifiers of its own ignores the global ones.
            let own = key.numeric || key.reverse || key.blanks;
            let key = if own {
                *key
            } else {
                Key {
                    numeric: self.numeric,
                    reverse: self.reverse,
                    blanks: self.blanks,
                    ..*key
                }
            };
            let o = self.compare_key(&key, a, b);
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    }

    fn compare_key(&self, key: &Key, a: &str, b: &str) -> Ordering {
        let ka = self.extract(key, a);
        let kb = self.extract(key, b);
        let o = if key.numeric {
            numeric(ka, kb)
        } else {
            ka.as_bytes().cmp(kb.as_bytes())
        };
        if key.reverse { o.reverse() } else { o }
    }

    /// The text of `key` in `line`.
    fn extract<'a>(&self, key: &Key, line: &'a str) -> &'a str {
        let bounds = self.fields(line);
        let start = bounds
            .get(key.start.saturating_sub(1))
            .map_or(line.len(), |(s, _)| *s);
        let end = match key.end {
            Some(e) => bounds
                .get(e.saturating_sub(1))
                .map_or(line.len(), |(_, end)| *end),
            None => line.len(),
        };
        let text = line.get(start..end.max(start)).unwrap_or_default();
        if key.blanks {
            text.trim_start_matches([' ', '\t'])
        } else {
            text
        }
    }

    /// Each field's (start, end) byte offsets.
    fn fields(&self, line: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        match self.separator {
            Some(sep) => {
                let mut start = 0;
                for (i, c) in line.char_indices() {
                    if c == sep {
                        out.push((start, i));
                        start = i + c.len_utf8();
                    }
                }
                out.push((start, line.len()));
            }
            None => {
                // Blanks, then non-blanks: one field.
                let mut start = 0;
                let mut in_word = false;
                for (i, c) in line.char_indices() {
                    let blank = c == ' ' || c == '\t';
                    if in_word && blank {
                        out.push((start, i));
                        start = i;
                        in_word = false;
                    } else if !blank {
                        in_word = true;
                    }
                }
                if in_word || start < line.len() {
                    out.push((start, line.len()));
                }
            }
        }
        out
    }
}

/// A line's leading number as `sort -n` reads it: blanks, a minus sign,
/// digits, a decimal point and more digits; anything else counts as 0.
fn number(s: &str) -> (bool, String, String) {
    let s = s.trim_start_matches([' ', '\t']);
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let int: String = s.chars().take_while(char::is_ascii_digit).collect();
    let rest = s.get(int.len()..).unwrap_or_default();
    let frac: String = rest
        .strip_prefix('.')
        .map(|f| f.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default();
    let int = String::from(int.trim_start_matches('0'));
    let frac = String::from(frac.trim_end_matches('0'));
    let zero = int.is_empty() && frac.is_empty();
    (negative && !zero, int, frac)
}

/// `-n`'s order of two keys.
fn numeric(a: &str, b: &str) -> Ordering {
    let (na, ia, fa) = number(a);
    let (nb, ib, fb) = number(b);
    let magnitude = ia.len().cmp(&ib.len()).then(ia.cmp(&ib)).then(fa.cmp(&fb));
    match (na, nb) {
        (false, false) => magnitude,
        (true, true) => magnitude.reverse(),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
    }
}
