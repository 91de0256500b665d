//! `sort`'s ordering: keys (`-k F[.C][OPTS][,F[.C][OPTS]]`), the field
//! separator (`-t C`), the orderings (`-b -d -f -g -h -i -M -n -R -r -V`,
//! globally or per key), and GNU's last-resort comparison of whole lines
//! (off with `-s`). Fields are as GNU splits them: without `-t`, a field is
//! a run of non-blanks with the blanks before it; a key's positions are
//! found as GNU's `begfield` and `limfield` find them.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

use super::sort_order;

/// The orderings a key (or the whole line) is compared by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Mods {
    /// `b` on the start position (or `-b`).
    pub(super) start_blanks: bool,
    /// `b` on the end position (or `-b`).
    pub(super) end_blanks: bool,
    /// `d`: only blanks and alphanumerics count.
    pub(super) dictionary: bool,
    /// `f`: lower case folded to upper case.
    pub(super) fold: bool,
    /// `i`: only printable characters count.
    pub(super) printable: bool,
    /// `g`: general numeric (floating point).
    pub(super) general: bool,
    /// `h`: human numeric (2K, 1G).
    pub(super) human: bool,
    /// `M`: month names.
    pub(super) month: bool,
    /// `n`: numeric.
    pub(super) numeric: bool,
    /// `R`: a random hash of the key.
    pub(super) random: bool,
    /// `r`: reversed.
    pub(super) reverse: bool,
    /// `V`: version numbers.
    pub(super) version: bool,
}

impl Mods {
    fn any(&self) -> bool {
        *self != Mods::default()
    }

    /// Sets the ordering option `c` (on the start or the end position);
    /// false if `c` is none.
    pub(super) fn set(&mut self, c: char, at_end: bool) -> bool {
        match c {
            'b' if at_end => self.end_blanks = true,
            'b' => self.start_blanks = true,
            'd' => self.dictionary = true,
            'f' => self.fold = true,
            'i' => self.printable = true,
            'g' => self.general = true,
            'h' => self.human = true,
            'M' => self.month = true,
            'n' => self.numeric = true,
            'R' => self.random = true,
            'r' => self.reverse = true,
            'V' => self.version = true,
            _ => return false,
        }
        true
    }

    /// The orderings that may not go together, as GNU's
    /// `check_ordering_compatibility` names them (`-dn`), if these have
    /// some: more than one of `n`, `g`, `h`, `M` and (`V`, `R`, `d`, `i`).
    pub(super) fn conflict(&self) -> Option<String> {
        let kinds = [self.numeric, self.general, self.human, self.month]
            .iter()
            .filter(|b| **b)
            .count()
            + usize::from(self.version || self.random || self.dictionary || self.printable);
        if kinds < 2 {
            return None;
        }
        let mut picked = String::new();
        for (on, c) in [
            (self.dictionary, 'd'),
            (self.fold, 'f'),
            (self.general, 'g'),
            (self.human, 'h'),
            (self.printable, 'i'),
            (self.month, 'M'),
            (self.numeric, 'n'),
            (self.random, 'R'),
            (self.version, 'V'),
        ] {
            if on {
                picked.push(c);
            }
        }
        Some(picked)
    }
}

/// One `-k` key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Key {
    /// Fields skipped before the key (`F - 1`); None: the line's start.
    sword: Option<usize>,
    /// Characters skipped in that field (`C - 1`).
    schar: usize,
    /// The end: None for the line's end, else GNU's (eword, echar).
    end: Option<(usize, usize)>,
    mods: Mods,
}

/// Everything that orders the lines.
#[derive(Clone, Debug, Default)]
pub(super) struct Order {
    /// The global orderings (`-n`, `-r`, `-b`...).
    pub(super) mods: Mods,
    /// `-u`.
    pub(super) unique: bool,
    /// `-s`: no last-resort comparison.
    pub(super) stable: bool,
    /// `-t`.
    pub(super) separator: Option<char>,
    /// `-k`, in order.
    pub(super) keys: Vec<Key>,
    /// `-R`'s random salt.
    pub(super) salt: u64,
}

/// Parses a `-k` value; `Err` is GNU's message (after `sort: `).
pub(super) fn parse_key(spec: &str) -> Result<Key, String> {
    let bad = |what: &str| {
        format!(
            "{what}: invalid field specification {}",
            super::filter::quote(spec)
        )
    };
    let mut key = Key::default();
    let (first, last) = match spec.split_once(',') {
        Some((a, b)) => (a, Some(b)),
        None => (spec, None),
    };
    let (sword, rest) = count(first, "at field start")?;
    if sword == 0 {
        return Err(bad("field number is zero"));
    }
    let (schar, rest) = match rest.strip_prefix('.') {
        Some(after) => {
            let (c, rest) = count(after, "after '.'")?;
            if c == 0 {
                return Err(bad("character offset is zero"));
            }
            (c, rest)
        }
        None => (1, rest),
    };
    key.sword = (sword > 1 || schar > 1).then_some(sword - 1);
    key.schar = schar - 1;
    for c in rest.chars() {
        if !key.mods.set(c, false) {
            return Err(bad("stray character in field spec"));
        }
    }
    if let Some(last) = last {
        let (eword, rest) = count(last, "after ','")?;
        if eword == 0 {
            return Err(bad("field number is zero"));
        }
        let (echar, rest) = match rest.strip_prefix('.') {
            Some(after) => count(after, "after '.'")?,
            None => (0, rest),
        };
        key.end = Some((eword - 1, echar));
        for c in rest.chars() {
            if !key.mods.set(c, true) {
                return Err(bad("stray character in field spec"));
            }
        }
    }
    Ok(key)
}

/// A decimal count at the start of `text`, and what follows; GNU's
/// `invalid number ...` without one.
fn count<'t>(text: &'t str, place: &str) -> Result<(usize, &'t str), String> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return Err(format!(
            "invalid number {place}: invalid count at start of {}",
            super::filter::quote(text)
        ));
    }
    let n = text
        .get(..digits)
        .and_then(|d| d.parse::<usize>().ok())
        .unwrap_or(usize::MAX);
    Ok((n, text.get(digits..).unwrap_or_default()))
}

fn blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

impl Order {
    /// The first key (or the global orderings) whose orderings conflict.
    pub(super) fn conflict(&self) -> Option<String> {
        if self.keys.is_empty() {
            return self.mods.conflict();
        }
        self.keys
            .iter()
            .map(|k| if k.mods.any() { k.mods } else { self.mods })
            .find_map(|m| m.conflict())
    }

    /// The full order of two lines.
    pub(super) fn compare(&self, a: &str, b: &str) -> Ordering {
        let o = self.compare_keys(a, b);
        if o != Ordering::Equal || self.unique || self.stable {
            return o;
        }
        // GNU's last resort: the whole lines, byte by byte.
        let o = a.as_bytes().cmp(b.as_bytes());
        if self.mods.reverse { o.reverse() } else { o }
    }

    /// The order of the keys alone (what `-u` calls equal).
    pub(super) fn compare_keys(&self, a: &str, b: &str) -> Ordering {
        if self.keys.is_empty() {
            let whole = Key {
                mods: self.mods,
                ..Key::default()
            };
            return self.compare_key(&whole, a, b);
        }
        for key in &self.keys {
            // A key with orderings of its own ignores the global ones.
            let key = if key.mods.any() {
                *key
            } else {
                Key {
                    mods: self.mods,
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
        let m = &key.mods;
        let o = if m.random {
            sort_order::random(ka, kb, self.salt)
                .then_with(|| sort_order::text(ka, kb, m.fold, m.dictionary, m.printable))
        } else if m.numeric {
            numeric(ka, kb)
        } else if m.general {
            sort_order::general(ka, kb)
        } else if m.human {
            sort_order::human(ka, kb)
        } else if m.month {
            sort_order::month(ka).cmp(&sort_order::month(kb))
        } else if m.version {
            sort_order::version(ka, kb)
        } else {
            sort_order::text(ka, kb, m.fold, m.dictionary, m.printable)
        };
        if m.reverse { o.reverse() } else { o }
    }

    /// The text of `key` in `line` (GNU's `begfield` to `limfield`).
    fn extract<'a>(&self, key: &Key, line: &'a str) -> &'a str {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let at = |i: usize| chars.get(i).map_or(line.len(), |(b, _)| *b);
        let ch = |i: usize| chars.get(i).map(|(_, c)| *c);
        let lim = chars.len();
        // begfield
        let mut ptr = 0;
        if let Some(sword) = key.sword {
            for _ in 0..sword {
                if ptr >= lim {
                    break;
                }
                match self.separator {
                    Some(tab) => {
                        while ptr < lim && ch(ptr) != Some(tab) {
                            ptr += 1;
                        }
                        if ptr < lim {
                            ptr += 1;
                        }
                    }
                    None => {
                        while ptr < lim && ch(ptr).is_some_and(blank) {
                            ptr += 1;
                        }
                        while ptr < lim && !ch(ptr).is_some_and(blank) {
                            ptr += 1;
                        }
                    }
                }
            }
        }
        if key.mods.start_blanks {
            while ptr < lim && ch(ptr).is_some_and(blank) {
                ptr += 1;
            }
        }
        let start = (ptr + key.schar).min(lim);
        // limfield
        let end = match key.end {
            None => lim,
            Some((eword, echar)) => {
                let mut eword = if echar == 0 { eword + 1 } else { eword };
                let mut ptr = 0;
                while ptr < lim && eword > 0 {
                    eword -= 1;
                    match self.separator {
                        Some(tab) => {
                            while ptr < lim && ch(ptr) != Some(tab) {
                                ptr += 1;
                            }
                            if ptr < lim && (eword > 0 || echar > 0) {
                                ptr += 1;
                            }
                        }
                        None => {
                            while ptr < lim && ch(ptr).is_some_and(blank) {
                                ptr += 1;
                            }
                            while ptr < lim && !ch(ptr).is_some_and(blank) {
                                ptr += 1;
                            }
                        }
                    }
                }
                if echar > 0 {
                    if key.mods.end_blanks {
                        while ptr < lim && ch(ptr).is_some_and(blank) {
                            ptr += 1;
                        }
                    }
                    ptr = (ptr + echar).min(lim);
                }
                ptr
            }
        };
        line.get(at(start)..at(end.max(start))).unwrap_or_default()
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
