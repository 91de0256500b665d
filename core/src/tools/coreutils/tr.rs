//! coreutils 9.1 `tr [-c] [-d] [-s] [-t] SET1 [SET2]`, on bytes as the
//! real one works in a UTF-8 locale: ranges (`a-z`), escapes (`\n`,
//! `\NNN`), classes (`[:upper:]`, ...), `[=c=]`, and `[c*N]` in SET2.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::filter::{GnuArgs, LineFilter};
use super::{input, quote, usage_error};
use crate::process::{Ctx, Started};

/// One element of a SET as written.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Byte(u8),
    Range(u8, u8),
    Class(&'static str),
    /// `[c*N]` (N 0 or absent: as many as needed).
    Repeat(u8, usize),
    /// `[=c=]`: the characters equivalent to `c` (in C.UTF-8, `c` alone).
    Equiv(u8),
}

const CLASSES: &[&str] = &[
    "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space",
    "upper", "xdigit",
];

fn in_class(class: &str, b: u8) -> bool {
    match class {
        "alnum" => b.is_ascii_alphanumeric(),
        "alpha" => b.is_ascii_alphabetic(),
        "blank" => b == b' ' || b == b'\t',
        "cntrl" => b.is_ascii_control(),
        "digit" => b.is_ascii_digit(),
        "graph" => b.is_ascii_graphic(),
        "lower" => b.is_ascii_lowercase(),
        "print" => b.is_ascii_graphic() || b == b' ',
        "punct" => b.is_ascii_punctuation(),
        "space" => b.is_ascii_whitespace() || b == 0x0b,
        "upper" => b.is_ascii_uppercase(),
        _ => b.is_ascii_hexdigit(),
    }
}

/// Reads one character of a SET at `*i`, its escape resolved.
fn one(s: &[u8], i: &mut usize) -> Option<u8> {
    let c = *s.get(*i)?;
    *i += 1;
    if c != b'\\' {
        return Some(c);
    }
    let Some(&e) = s.get(*i) else {
        return Some(b'\\');
    };
    *i += 1;
    Some(match e {
        b'a' => 7,
        b'b' => 8,
        b'f' => 12,
        b'n' => b'\n',
        b'r' => b'\r',
        b't' => b'\t',
        b'v' => 11,
        b'0'..=b'7' => {
            let mut v = u32::from(e - b'0');
            for _ in 0..2 {
                match s.get(*i) {
                    Some(d @ b'0'..=b'7') if v * 8 + u32::from(d - b'0') < 256 => {
                        v = v * 8 + u32::from(d - b'0');
                        *i += 1;
                    }
                    _ => break,
                }
            }
            v as u8
        }
        other => other,
    })
}

/// Parses a SET.
fn parse(set: &str) -> Result<Vec<Item>, String> {
    let s = set.as_bytes();
    let mut items = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = s.get(i..).unwrap_or_default();
        if rest.starts_with(b"[:")
            && let Some(end) = rest.windows(2).skip(2).position(|w| w == b":]")
        {
            {
                let name =
                    String::from_utf8_lossy(rest.get(2..end + 2).unwrap_or_default()).into_owned();
                let Some(class) = CLASSES.iter().find(|c| **c == name) else {
                    return Err(format!("invalid character class {}", quote(&name)));
                };
                items.push(Item::Class(class));
                i += end + 4;
                continue;
            }
        }
        if rest.starts_with(b"[=") && rest.get(3..5) == Some(b"=]") {
            items.push(Item::Equiv(rest.get(2).copied().unwrap_or(0)));
            i += 5;
            continue;
        }
        if rest.first() == Some(&b'[') {
            let mut j = i + 1;
            if let Some(c) = one(s, &mut j)
                && s.get(j) == Some(&b'*')
                && let Some(close) = s.iter().skip(j).position(|b| *b == b']')
            {
                {
                    {
                        let count =
                            String::from_utf8_lossy(s.get(j + 1..j + close).unwrap_or_default())
                                .into_owned();
                        let n = if count.is_empty() {
                            Some(0)
                        } else if count.starts_with('0') {
                            usize::from_str_radix(&count, 8).ok()
                        } else {
                            count.parse().ok()
                        };
                        let Some(n) = n else {
                            return Err(format!(
                                "invalid repeat count {} in [c*n] construct",
                                quote(&count)
                            ));
                        };
                        items.push(Item::Repeat(c, n));
                        i = j + close + 1;
                        continue;
                    }
                }
            }
        }
        let Some(c) = one(s, &mut i) else { break };
        if s.get(i) == Some(&b'-') && i + 1 < s.len() {
            let mut j = i + 1;
            if let Some(hi) = one(s, &mut j) {
                if hi < c {
                    let text =
                        String::from_utf8_lossy(s.get(i - 1..j).unwrap_or_default()).into_owned();
                    return Err(format!(
                        "range-endpoints of '{text}' are in reverse collating sequence order"
                    ));
                }
                items.push(Item::Range(c, hi));
                i = j;
                continue;
            }
        }
        items.push(Item::Byte(c));
    }
    Ok(items)
}

/// The bytes of a SET in order; a `[c*]` fills up to `fill` bytes.
fn expand(items: &[Item], fill: usize) -> Vec<u8> {
    let fixed: usize = items
        .iter()
        .map(|it| match it {
            Item::Byte(_) | Item::Equiv(_) => 1,
            Item::Range(a, b) => usize::from(b - a) + 1,
            Item::Class(c) => (0..=255u8).filter(|b| in_class(c, *b)).count(),
            Item::Repeat(_, n) => *n,
        })
        .sum();
    let mut out = Vec::new();
    for it in items {
        match it {
            Item::Byte(b) | Item::Equiv(b) => out.push(*b),
            Item::Range(a, b) => out.extend(*a..=*b),
            Item::Class(c) => out.extend((0..=255u8).filter(|b| in_class(c, *b))),
            Item::Repeat(b, 0) => out.extend(core::iter::repeat_n(*b, fill.saturating_sub(fixed))),
            Item::Repeat(b, n) => out.extend(core::iter::repeat_n(*b, (*n).min(1 << 16))),
        }
    }
    out
}

/// The byte-wise work, fixed at start.
#[derive(Debug)]
struct Tr {
    map: [u8; 256],
    delete: [bool; 256],
    squeeze: [bool; 256],
    last: Option<u8>,
}

impl LineFilter for Tr {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        let mut out = Vec::with_capacity(line.len());
        for &b in line.as_bytes() {
            if self.delete.get(usize::from(b)).copied().unwrap_or(false) {
                continue;
            }
            let m = self.map.get(usize::from(b)).copied().unwrap_or(b);
            if self.squeeze.get(usize::from(m)).copied().unwrap_or(false) && self.last == Some(m) {
                continue;
            }
            self.last = Some(m);
            out.push(m);
        }
        ctx.out(&String::from_utf8_lossy(&out));
        true
    }

    fn end(&mut self, _: &mut Ctx<'_>) -> i32 {
        0
    }
}

fn member_set(bytes: &[u8], complement: bool) -> [bool; 256] {
    let mut set = [false; 256];
    for b in bytes {
        if let Some(s) = set.get_mut(usize::from(*b)) {
            *s = true;
        }
    }
    if complement {
        for s in set.iter_mut() {
            *s = !*s;
        }
    }
    set
}

fn build(
    ctx: &mut Ctx<'_>,
    flags: (bool, bool, bool, bool),
    sets: &[String],
) -> Result<Tr, Started> {
    let (complement, delete, squeeze, truncate) = flags;
    let fail = |ctx: &mut Ctx<'_>, m: String| {
        ctx.err(&format!("tr: {m}\n"));
        Started::Exited(1)
    };
    let set1 = parse(sets.first().map_or("", String::as_str)).map_err(|m| fail(ctx, m))?;
    let set2 = match sets.get(1) {
        Some(s) => Some(parse(s).map_err(|m| fail(ctx, m))?),
        None => None,
    };
    if set1.iter().any(|i| matches!(i, Item::Repeat(_, 0))) {
        return Err(fail(
            ctx,
            String::from("the [c*] repeat construct may not appear in string1"),
        ));
    }
    let translating = set2.is_some() && !delete;
    if let Some(set2) = &set2 {
        if !translating && set2.iter().any(|i| matches!(i, Item::Repeat(_, 0))) {
            return Err(fail(
                ctx,
                String::from("the [c*] construct may appear in string2 only when translating"),
            ));
        }
        if translating && set2.iter().any(|i| matches!(i, Item::Equiv(_))) {
            return Err(fail(
                ctx,
                String::from("[=c=] expressions may not appear in string2 when translating"),
            ));
        }
    }
    let mut a = expand(&set1, 0);
    let mut tr = Tr {
        map: core::array::from_fn(|i| i as u8),
        delete: [false; 256],
        squeeze: [false; 256],
        last: None,
    };
    if complement {
        let inside = member_set(&a, false);
        a = (0..=255u8)
            .filter(|b| !inside.get(usize::from(*b)).copied().unwrap_or(false))
            .collect();
    }
    if delete {
        tr.delete = member_set(&a, false);
        if squeeze {
            tr.squeeze = member_set(&expand(set2.as_deref().unwrap_or_default(), 0), false);
        }
        return Ok(tr);
    }
    let Some(set2) = set2 else {
        tr.squeeze = member_set(&a, false);
        return Ok(tr);
    };
    for it in &set2 {
        if let Item::Class(c) = it
            && *c != "upper"
            && *c != "lower"
        {
            return Err(fail(
                ctx,
                String::from(
                    "when translating, the only character classes that may appear in\nstring2 are 'upper' and 'lower'",
                ),
            ));
        }
    }
    let fixed = expand(&set2, 0).len();
    let fills = set2.iter().any(|i| matches!(i, Item::Repeat(_, 0)));
    if a.len() > fixed
        && !fills
        && !truncate
        && fixed > 0
        && matches!(set2.last(), Some(Item::Class(_)))
    {
        return Err(fail(
            ctx,
            String::from(
                "when translating with string1 longer than string2,\nthe latter string must not end with a character class",
            ),
        ));
    }
    let distinct = member_set(&expand(&set2, 0), false)
        .iter()
        .filter(|x| **x)
        .count();
    if complement && set1.iter().any(|i| matches!(i, Item::Class(_))) && distinct > 1 {
        return Err(fail(
            ctx,
            String::from(
                "when translating with complemented character classes,\nstring2 must map all characters in the domain to one",
            ),
        ));
    }
    for (k, it) in set2.iter().enumerate() {
        if let Item::Class(_) = it {
            let aligned =
                matches!(set1.get(k), Some(Item::Class("upper" | "lower"))) && !complement;
            if !aligned {
                return Err(fail(
                    ctx,
                    String::from("misaligned [:upper:] and/or [:lower:] construct"),
                ));
            }
        }
    }
    let mut b = expand(&set2, a.len());
    if b.is_empty() && !a.is_empty() {
        return Err(fail(
            ctx,
            String::from("when not truncating set1, string2 must be non-empty"),
        ));
    }
    if truncate {
        a.truncate(b.len());
    }
    if let Some(&last) = b.last() {
        while b.len() < a.len() {
            b.push(last);
        }
    }
    for (x, y) in a.iter().zip(b.iter()) {
        if let Some(slot) = tr.map.get_mut(usize::from(*x)) {
            *slot = *y;
        }
    }
    if squeeze {
        tr.squeeze = member_set(&b, false);
    }
    Ok(tr)
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let (mut complement, mut delete, mut squeeze, mut truncate) = (false, false, false, false);
    let mut sets: Vec<String> = Vec::new();
    let mut it = GnuArgs::new(args);
    while let Some(arg) = it.next_option(&mut sets) {
        if let Some(long) = arg.strip_prefix("--") {
            match long {
                "version" => return super::version(ctx, "tr"),
                "help" => return super::help::print(ctx, "tr"),
                "complement" => complement = true,
                "delete" => delete = true,
                "squeeze-repeats" => squeeze = true,
                "truncate-set1" => truncate = true,
                _ => return super::super::gnu_unrecognized_option(ctx, "tr", arg),
            }
            continue;
        }
        for c in arg.chars().skip(1) {
            match c {
                'c' | 'C' => complement = true,
                'd' => delete = true,
                's' => squeeze = true,
                't' => truncate = true,
                _ => return super::super::gnu_invalid_option(ctx, "tr", c),
            }
        }
    }
    let translating = !delete && !squeeze;
    let wanted = if delete == squeeze && (delete || sets.len() > 1) || translating {
        2
    } else {
        1
    };
    if sets.is_empty() {
        return usage_error(ctx, "tr", "missing operand");
    }
    if sets.len() < wanted && translating {
        let first = sets.first().map_or("", String::as_str);
        ctx.err(&format!(
            "tr: missing operand after {}\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n",
            quote(first)
        ));
        return Started::Exited(1);
    }
    if delete && squeeze && sets.len() < 2 {
        let first = sets.first().map_or("", String::as_str);
        ctx.err(&format!(
            "tr: missing operand after {}\nTwo strings must be given when both deleting and squeezing repeats.\nTry 'tr --help' for more information.\n",
            quote(first)
        ));
        return Started::Exited(1);
    }
    let max = if delete && !squeeze { 1 } else { 2 };
    if let Some(extra) = sets.get(max) {
        let why = if max == 1 {
            "Only one string may be given when deleting without squeezing repeats.\n"
        } else {
            ""
        };
        ctx.err(&format!(
            "tr: extra operand {}\n{why}Try 'tr --help' for more information.\n",
            quote(extra)
        ));
        return Started::Exited(1);
    }
    let tr = match build(ctx, (complement, delete, squeeze, truncate), &sets) {
        Ok(t) => t,
        Err(s) => return s,
    };
    input::run_lines(ctx, "tr", &[], tr, input::plain_error, start, args)
}
