//! `%a`/`%A`: a number in hexadecimal as glibc writes a `long double`
//! (x86's 64-bit mantissa with its explicit leading bit: `1` is `0x8p-3`).

use alloc::format;
use alloc::string::String;

/// The digits of `|x|` for `%a` (`upper` for `%A`), `precision` hex
/// digits after the point (as many as needed when absent); `alt` (`#`)
/// keeps the point when no digit follows it.
pub(crate) fn digits(x: f64, precision: Option<usize>, upper: bool, alt: bool) -> String {
    let x = x.abs();
    let s = if x == 0.0 {
        match precision {
            Some(p) if p > 0 => format!("0x0.{}p+0", "0".repeat(p)),
            _ if alt => String::from("0x0.p+0"),
            _ => String::from("0x0p+0"),
        }
    } else if !x.is_finite() {
        String::from(if x.is_nan() { "nan" } else { "inf" })
    } else {
        let bits = x.to_bits();
        let raw_exp = ((bits >> 52) & 0x7ff) as i32;
        let frac = bits & ((1u64 << 52) - 1);
        // Normalise to a 64-bit mantissa with its top bit set.
        let (mut m, mut e) = if raw_exp == 0 {
            let shift = frac.leading_zeros();
            (frac << shift, -1011 - shift as i32)
        } else {
            ((frac | (1u64 << 52)) << 11, raw_exp - 1023)
        };
        let mut fraction_digits = 15usize;
        // Rounding up past `f` makes glibc write `0x1p…` (four bits up).
        let mut carried = false;
        if let Some(p) = precision.filter(|p| *p < 15) {
            let drop = (15 - p) * 4;
            let keep = m >> drop;
            let rest = m & ((1u64 << drop) - 1);
            let half = 1u64 << (drop - 1);
            let up = rest > half || (rest == half && keep & 1 == 1);
            let (rounded, carry) =
                (keep << drop).overflowing_add(if up { 1u64 << drop } else { 0 });
            m = if carry {
                e += 1;
                carried = true;
                1u64 << 63
            } else {
                rounded
            };
            fraction_digits = p;
        }
        let lead = if carried { 1 } else { m >> 60 };
        let mut tail = if carried {
            String::new()
        } else {
            format!("{:015x}", m & ((1u64 << 60) - 1))
        };
        tail.truncate(fraction_digits);
        if precision.is_none() {
            let trimmed = tail.trim_end_matches('0').len();
            tail.truncate(trimmed);
        }
        if let Some(p) = precision.filter(|p| *p > 15) {
            tail.push_str(&"0".repeat(p - 15));
        }
        if carried {
            tail = "0".repeat(fraction_digits);
        }
        let point = if tail.is_empty() && !alt { "" } else { "." };
        let exp = if carried { e } else { e - 3 };
        let sign = if exp < 0 { '-' } else { '+' };
        format!("0x{lead:x}{point}{tail}p{sign}{}", exp.unsigned_abs())
    };
    if upper { s.to_ascii_uppercase() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_glibc_long_double() {
        assert_eq!(digits(1.0, None, false, false), "0x8p-3");
        assert_eq!(digits(31.0, Some(0), true, false), "0X1P+5");
        assert_eq!(digits(0.0, None, false, true), "0x0.p+0");
        assert_eq!(digits(0.75, None, false, false), "0xcp-4");
        assert_eq!(digits(2.0, None, true, false), "0X8P-2");
        assert_eq!(digits(1.0, Some(2), false, false), "0x8.00p-3");
    }
}
