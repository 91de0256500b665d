//! Numeric arguments as coreutils' `printf` converts them: `strtoimax`,
//! `strtoumax` and `strtold` with its three complaints (`expected a
//! numeric value`, `value not completely converted`, `Numerical result out
//! of range`), and a leading quote giving a character's code.

use alloc::string::String;

/// What went wrong converting an argument (the value is still used).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NumError {
    /// No digits at all: `‘x’: expected a numeric value`.
    NotNumeric,
    /// Digits then something else: `‘3x’: value not completely converted`.
    Trailing,
    /// Too big: `‘99…’: Numerical result out of range`.
    Range,
    /// `'ab`: the warning about the characters after the first.
    IgnoredChars(String),
}

/// A character constant (`'a` or `"a`): the code of the character after
/// the quote, and the warning when more follows.
fn char_constant(arg: &str) -> Option<(u32, Option<NumError>)> {
    let rest = arg.strip_prefix('\'').or_else(|| arg.strip_prefix('"'))?;
    let mut chars = rest.chars();
    let c = chars.next()?;
    let after: String = chars.collect();
    let warn = (!after.is_empty()).then_some(NumError::IgnoredChars(after));
    Some((c as u32, warn))
}

/// Splits off optional leading white space and a sign.
fn sign(arg: &str) -> (bool, &str) {
    let s = arg.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    if let Some(r) = s.strip_prefix('-') {
        (true, r)
    } else {
        (false, s.strip_prefix('+').unwrap_or(s))
    }
}

/// The digits of an unsigned number in C's bases (`0x` hex, `0` octal);
/// the magnitude (saturated), whether it overflowed, and the bytes used.
fn magnitude(s: &str) -> Option<(u64, bool, usize)> {
    let b = s.as_bytes();
    let (base, start) = match (b.first(), b.get(1), b.get(2)) {
        (Some(b'0'), Some(b'x' | b'X'), Some(d)) if (*d as char).is_ascii_hexdigit() => (16, 2),
        (Some(b'0'), _, _) => (8, 0),
        _ => (10, 0),
    };
    let mut value: u64 = 0;
    let mut over = false;
    let mut used = start;
    for &d in b.iter().skip(start) {
        let Some(v) = (d as char).to_digit(base) else {
            break;
        };
        match value
            .checked_mul(u64::from(base))
            .and_then(|x| x.checked_add(u64::from(v)))
        {
            Some(x) => value = x,
            None => over = true,
        }
        used += 1;
    }
    (used > start).then_some((value, over, used))
}

/// `strtoimax` as `printf` checks it: the value and its complaint.
pub(crate) fn signed(arg: &str) -> (i64, Option<NumError>) {
    if let Some((c, w)) = char_constant(arg) {
        return (i64::from(c), w);
    }
    let (neg, s) = sign(arg);
    let Some((m, over, used)) = magnitude(s) else {
        return (0, (!arg.is_empty()).then_some(NumError::NotNumeric));
    };
    let (v, over) = if neg {
        if m > 1u64 << 63 {
            (i64::MIN, true)
        } else {
            ((m as i64).wrapping_neg(), over)
        }
    } else if m > i64::MAX as u64 {
        (i64::MAX, true)
    } else {
        (m as i64, over)
    };
    let v = if over && !neg {
        i64::MAX
    } else if over {
        i64::MIN
    } else {
        v
    };
    (v, complaint(over, used < s.len()))
}

/// `strtoumax` as `printf` checks it (a minus sign wraps, as C's does).
pub(crate) fn unsigned(arg: &str) -> (u64, Option<NumError>) {
    if let Some((c, w)) = char_constant(arg) {
        return (u64::from(c), w);
    }
    let (neg, s) = sign(arg);
    let Some((m, over, used)) = magnitude(s) else {
        return (0, (!arg.is_empty()).then_some(NumError::NotNumeric));
    };
    let v = if over {
        u64::MAX
    } else if neg {
        m.wrapping_neg()
    } else {
        m
    };
    (v, complaint(over, used < s.len()))
}

fn complaint(over: bool, trailing: bool) -> Option<NumError> {
    if over {
        Some(NumError::Range)
    } else if trailing {
        Some(NumError::Trailing)
    } else {
        None
    }
}

/// The longest prefix of `s` that `strtod` reads as a decimal number.
fn decimal_prefix(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut n = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        n += digits(&mut i);
    }
    if n == 0 {
        return 0;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if digits(&mut j) > 0 {
            i = j;
        }
    }
    i
}

/// `strtold` as `printf` checks it: decimal, `inf`, `nan`, `0x` hex.
pub(crate) fn float(arg: &str) -> (f64, Option<NumError>) {
    if let Some((c, w)) = char_constant(arg) {
        return (f64::from(c), w);
    }
    let (neg, s) = sign(arg);
    let lower = s.to_ascii_lowercase();
    let (value, used) = if lower.starts_with("infinity") {
        (f64::INFINITY, 8)
    } else if lower.starts_with("inf") {
        (f64::INFINITY, 3)
    } else if lower.starts_with("nan") {
        (f64::NAN, 3)
    } else if lower.starts_with("0x") && lower.as_bytes().get(2).is_some_and(u8::is_ascii_hexdigit)
    {
        hex_float(&lower)
    } else {
        let n = decimal_prefix(s);
        let v = s
            .get(..n)
            .and_then(|t| t.parse::<f64>().ok())
            .unwrap_or(0.0);
        (v, n)
    };
    if used == 0 {
        return (0.0, (!arg.is_empty()).then_some(NumError::NotNumeric));
    }
    let value = if neg { -value } else { value };
    let err = if value.is_infinite() && !lower.starts_with("inf") {
        Some(NumError::Range)
    } else {
        complaint(false, used < s.len())
    };
    (value, err)
}

/// A C hexadecimal float (`0x1.8p3`): its value and the bytes used.
fn hex_float(s: &str) -> (f64, usize) {
    let b = s.as_bytes();
    let mut i = 2;
    let mut value = 0.0f64;
    let mut scale = 0i32;
    let mut seen_point = false;
    while let Some(&c) = b.get(i) {
        if c == b'.' && !seen_point {
            seen_point = true;
        } else if let Some(d) = (c as char).to_digit(16) {
            value = value * 16.0 + f64::from(d);
            if seen_point {
                scale -= 4;
            }
        } else {
            break;
        }
        i += 1;
    }
    if b.get(i) == Some(&b'p') {
        let mut j = i + 1;
        let neg = b.get(j) == Some(&b'-');
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let start = j;
        let mut e = 0i32;
        while let Some(d) = b.get(j).filter(|d| d.is_ascii_digit()) {
            e = e.saturating_mul(10).saturating_add(i32::from(d - b'0'));
            j += 1;
        }
        if j > start {
            scale = scale.saturating_add(if neg { -e } else { e });
            i = j;
        }
    }
    (value * pow2(scale), i)
}

/// 2 to the power `e`, without `std`'s `powi`.
fn pow2(e: i32) -> f64 {
    let mut v = 1.0f64;
    let step = if e < 0 { 0.5 } else { 2.0 };
    for _ in 0..e.unsigned_abs().min(2100) {
        v *= step;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        assert_eq!(signed("42"), (42, None));
        assert_eq!(signed("0x10"), (16, None));
        assert_eq!(signed("010"), (8, None));
        assert_eq!(signed("-0x1F"), (-31, None));
        assert_eq!(signed(" 12"), (12, None));
        assert_eq!(signed("12 "), (12, Some(NumError::Trailing)));
        assert_eq!(signed("x"), (0, Some(NumError::NotNumeric)));
        assert_eq!(signed(""), (0, None));
        assert_eq!(signed("'a"), (97, None));
        assert_eq!(
            signed("99999999999999999999"),
            (i64::MAX, Some(NumError::Range))
        );
        assert_eq!(signed("0b1"), (0, Some(NumError::Trailing)));
        assert_eq!(unsigned("-1"), (u64::MAX, None));
    }

    #[test]
    fn floats() {
        assert_eq!(float("2.5").0, 2.5);
        assert_eq!(float("1e3"), (1000.0, None));
        assert_eq!(float("x"), (0.0, Some(NumError::NotNumeric)));
        assert_eq!(float("0x1.8p1"), (3.0, None));
        assert!(float("inf").0.is_infinite());
        assert_eq!(float("1.5x"), (1.5, Some(NumError::Trailing)));
    }
}
