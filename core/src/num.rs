//! C's number syntax, shared by both sides: `strtoul(s, NULL, 0)` as
//! iproute2's `get_u32` calls it in user space and as the kernel's
//! `kstrtou32(s, 0)` reads a number written to it.

/// Parses a decimal, `0x` hexadecimal or `0` octal `u32` (the base is
/// chosen by the prefix, as `strtoul` with base 0 does); `None` for
/// anything else or a number past `u32::MAX`.
pub fn parse_u32(s: &str) -> Option<u32> {
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u32::from_str_radix(hex, 16).ok()
    } else if s.len() > 1 && s.starts_with('0') {
        u32::from_str_radix(s.get(1..)?, 8).ok()
    } else {
        s.parse().ok()
    }
}

/// C's `strtol(s, NULL, base)` for base 0 (the prefix chooses: `0x`
/// hexadecimal, `0` octal, else decimal) or 10 (`atol`): leading white
/// space and a sign are skipped, digits are read up to the first that is
/// not one, nothing read is 0, and a number out of range is clamped to
/// `i64::MIN`/`i64::MAX` (ERANGE), as glibc does on a 64-bit machine.
pub fn strtol(s: &str, base: u32) -> i64 {
    let s = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..).unwrap_or("")),
        Some(b'+') => (false, s.get(1..).unwrap_or("")),
        _ => (false, s),
    };
    let hex_digits = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_hexdigit()));
    let (radix, digits) = match (base, hex_digits) {
        (0, Some(rest)) => (16, rest),
        (0, None) if s.starts_with('0') => (8, s),
        _ => (10, s),
    };
    let mut value: i128 = 0;
    for c in digits.chars() {
        let Some(d) = c.to_digit(radix) else { break };
        value = (value * i128::from(radix) + i128::from(d)).min(i128::from(u64::MAX) + 1);
    }
    let value = if negative { -value } else { value };
    i64::try_from(value).unwrap_or(if negative { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::strtol;

    #[test]
    fn strtol_reads_what_c_reads() {
        assert_eq!(strtol("  42abc", 0), 42);
        assert_eq!(strtol("0x1f", 0), 31);
        assert_eq!(strtol("0x", 0), 0);
        assert_eq!(strtol("010", 0), 8);
        assert_eq!(strtol("010", 10), 10);
        assert_eq!(strtol("-5", 0), -5);
        assert_eq!(strtol("--values", 0), 0);
        assert_eq!(strtol("main", 0), 0);
        assert_eq!(strtol("99999999999999999999999", 10), i64::MAX);
        assert_eq!(strtol("-99999999999999999999999", 10), i64::MIN);
    }
}
