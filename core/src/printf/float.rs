//! `%f`, `%e`, `%g` (and their capitals) as glibc's `printf` writes a
//! number: digits only, the sign, padding and flags are the caller's.

use alloc::format;
use alloc::string::String;

/// `%e`'s digits: `d.ddde+XX` with at least two exponent digits.
fn exp_form(x: f64, precision: usize, alt: bool) -> String {
    let s = format!("{:.*e}", precision, x);
    let (mantissa, exp) = s.split_once('e').unwrap_or((s.as_str(), "0"));
    let e: i32 = exp.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    let point = if alt && precision == 0 { "." } else { "" };
    format!("{mantissa}{point}e{sign}{:02}", e.unsigned_abs())
}

/// The decimal exponent `%e` would print for `x` at `precision` digits.
fn exponent(x: f64, precision: usize) -> i32 {
    let s = format!("{:.*e}", precision, x);
    s.split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0)
}

/// Drops trailing zeros after the point, and the point if bare.
fn trim_zeros(s: &str) -> String {
    let (body, exp) = match s.find('e') {
        Some(i) => s.split_at(i),
        None => (s, ""),
    };
    let body = if body.contains('.') {
        body.trim_end_matches('0').trim_end_matches('.')
    } else {
        body
    };
    format!("{body}{exp}")
}

/// The digits of `x` (its magnitude: the sign is the caller's) for
/// conversion `conv` (`f e g F E G`), `precision` (6 when absent), with
/// `#` when `alt`.
pub(crate) fn digits(x: f64, conv: char, precision: Option<usize>, alt: bool) -> String {
    let x = x.abs();
    let upper = conv.is_ascii_uppercase();
    if !x.is_finite() {
        let s = if x.is_nan() { "nan" } else { "inf" };
        return if upper {
            s.to_ascii_uppercase()
        } else {
            String::from(s)
        };
    }
    let p = precision.unwrap_or(6);
    let s = match conv.to_ascii_lowercase() {
        'f' => {
            let s = format!("{:.*}", p, x);
            if alt && p == 0 { format!("{s}.") } else { s }
        }
        'e' => exp_form(x, p, alt),
        _ => {
            let p = p.max(1);
            let e = exponent(x, p - 1);
            let s = if e < -4 || e >= p as i32 {
                exp_form(x, p - 1, alt)
            } else {
                let decimals = (p as i32 - 1 - e).max(0) as usize;
                let point = if alt && decimals == 0 { "." } else { "" };
                format!("{:.*}{point}", decimals, x)
            };
            if alt { s } else { trim_zeros(&s) }
        }
    };
    if upper { s.to_ascii_uppercase() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_glibc() {
        assert_eq!(digits(1.23456, 'f', Some(3), false), "1.235");
        assert_eq!(digits(1234.5, 'e', None, false), "1.234500e+03");
        assert_eq!(digits(0.0001, 'g', None, false), "0.0001");
        assert_eq!(digits(100000.0, 'g', None, false), "100000");
        assert_eq!(digits(1000000.0, 'g', None, false), "1e+06");
        assert_eq!(digits(1.0, 'g', Some(3), true), "1.00");
        assert_eq!(digits(0.0, 'g', Some(0), true), "0.");
        assert_eq!(digits(1e-10, 'G', None, false), "1E-10");
        assert_eq!(digits(5.0, 'E', None, false), "5.000000E+00");
        assert_eq!(digits(2.5, 'f', Some(0), false), "2");
        assert_eq!(digits(0.05, 'f', Some(1), false), "0.1");
    }
}
