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
