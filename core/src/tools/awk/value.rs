//! awk's values: numbers, strings, and the strings from input that look
//! like numbers (strnums), with mawk's conversions: an integral number
//! within `int` range prints as an integer, others through `CONVFMT` (or
//! `OFMT` for `print`).

use alloc::string::String;

use crate::printf;

/// A value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// Never assigned: both `""` and `0`.
    Uninit,
    Num(f64),
    Str(String),
    /// Input text (a field, `getline`, `-v`, `split`) that looks numeric.
    StrNum(String, f64),
}

/// The longest numeric prefix of `s` as `strtod` reads it (decimal only,
/// as mawk does), 0 if none.
pub(crate) fn str_to_num(s: &str) -> f64 {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let b = t.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let lower = t.get(i..).unwrap_or_default().to_ascii_lowercase();
    if lower.starts_with("inf") || lower.starts_with("nan") {
        let v = if lower.starts_with("inf") {
            f64::INFINITY
        } else {
            f64::NAN
        };
        return if b.first() == Some(&b'-') { -v } else { v };
    }
    if matches!(b.get(i..i + 2), Some(b"0x" | b"0X"))
        && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
    {
        let mut v = 0.0f64;
        for d in b
            .iter()
            .skip(i + 2)
            .map_while(|d| (*d as char).to_digit(16))
        {
            v = v * 16.0 + f64::from(d);
        }
        return if b.first() == Some(&b'-') { -v } else { v };
    }
    let digits_from = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if i == digits_from || (i == digits_from + 1 && b.get(digits_from) == Some(&b'.')) {
        return 0.0;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if b.get(j).is_some_and(u8::is_ascii_digit) {
            while b.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
            i = j;
        }
    }
    t.get(..i).and_then(|n| n.parse().ok()).unwrap_or(0.0)
}

/// True if the whole of `s` (blanks around it allowed) is a number.
pub(crate) fn looks_numeric(s: &str) -> bool {
    let t = s.trim_matches([' ', '\t', '\n']);
    if t.is_empty() {
        return false;
    }
    let b = t.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let mut digits = i - start;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let f = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        digits += i - f;
    }
    if digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let e = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

/// `x` without its fraction (C's `trunc`; `core` has no `f64::trunc`).
pub(crate) fn trunc(x: f64) -> f64 {
    if !x.is_finite() || x.abs() >= 4_503_599_627_370_496.0 {
        x
    } else {
        x as i64 as f64
    }
}

/// A number as text: an integer within `int` range as `%d`, else `fmt`.
pub(crate) fn num_to_str(n: f64, fmt: &str) -> String {
    if n == trunc(n) && n.abs() <= f64::from(i32::MAX) {
        return alloc::format!("{}", n as i64);
    }
    if n.is_nan() {
        return String::from(if n.is_sign_negative() { "-nan" } else { "nan" });
    }
    if n.is_infinite() {
        return String::from(if n < 0.0 { "-inf" } else { "inf" });
    }
    let p = printf::format(fmt, &[alloc::format!("{n:e}")]);
    String::from_utf8_lossy(&p.stdout()).into_owned()
}

impl Value {
    /// An input string: a strnum if it looks numeric.
    pub(crate) fn input(s: String) -> Value {
        if looks_numeric(&s) {
            let n = str_to_num(&s);
            Value::StrNum(s, n)
        } else {
            Value::Str(s)
        }
    }

    /// The numeric value.
    pub(crate) fn num(&self) -> f64 {
        match self {
            Value::Uninit => 0.0,
            Value::Num(n) | Value::StrNum(_, n) => *n,
            Value::Str(s) => str_to_num(s),
        }
    }

    /// The string value, numbers through `convfmt`.
    pub(crate) fn str(&self, convfmt: &str) -> String {
        match self {
            Value::Uninit => String::new(),
            Value::Num(n) => num_to_str(*n, convfmt),
            Value::Str(s) | Value::StrNum(s, _) => s.clone(),
        }
    }

    /// True as a condition.
    pub(crate) fn truth(&self) -> bool {
        match self {
            Value::Uninit => false,
            Value::Num(n) => *n != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::StrNum(_, n) => *n != 0.0,
        }
    }

    /// Compared as numbers (both numeric or unset), not as strings.
    pub(crate) fn numeric(&self) -> bool {
        matches!(self, Value::Uninit | Value::Num(_) | Value::StrNum(..))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Recorded with mawk 1.3.4: `print 1e6, 1e20, 0.1+0.2, 100000*100000`
    /// → `1000000 1e+20 0.3 1e+10`; `print 123456789012` → `1.23457e+11`.
    #[test]
    fn numbers_as_mawk_prints_them() {
        assert_eq!(num_to_str(1e6, "%.6g"), "1000000");
        assert_eq!(num_to_str(1e20, "%.6g"), "1e+20");
        assert_eq!(num_to_str(0.1 + 0.2, "%.6g"), "0.3");
        assert_eq!(num_to_str(1e10, "%.6g"), "1e+10");
        assert_eq!(num_to_str(123456789012.0, "%.6g"), "1.23457e+11");
        assert_eq!(num_to_str(-3.0, "%.6g"), "-3");
        assert_eq!(str_to_num("3x"), 3.0);
        assert_eq!(str_to_num(" -1.5e2z"), -150.0);
        assert_eq!(str_to_num(".x"), 0.0);
        assert!(looks_numeric(" 10 "));
        assert!(!looks_numeric("10a"));
        assert!(!looks_numeric(""));
    }
}
