//! Text-to-address conversions exactly as glibc 2.36 performs them.
//!
//! * [`inet_aton_exact`]: the permissive BSD form getaddrinfo accepts for
//!   numeric hosts (`127.1`, `0x7f000001`, `2130706433`, octal `0177.0.0.1`),
//!   but with no trailing characters (glibc's `__inet_aton_exact`).
//! * [`pton4`] / [`pton6`]: the strict `inet_pton` forms used for
//!   `/etc/hosts` addresses.

use core::net::{Ipv4Addr, Ipv6Addr};
use core::str::FromStr;

/// glibc's `__inet_aton_exact`: 1 to 4 dot-separated parts in decimal,
/// octal (leading `0`) or hex (leading `0x`); the last part fills the
/// remaining bytes. Returns `None` for anything glibc rejects.
pub fn inet_aton_exact(s: &str) -> Option<Ipv4Addr> {
    let bytes = s.as_bytes();
    let mut parts: [u64; 3] = [0; 3];
    let mut nparts = 0usize;
    let mut i = 0usize;
    loop {
        let mut c = bytes.get(i).copied();
        // Each part must start with a digit.
        if !c.is_some_and(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut val: u64 = 0;
        let mut base = 10u64;
        if c == Some(b'0') {
            i += 1;
            c = bytes.get(i).copied();
            if c == Some(b'x') || c == Some(b'X') {
                base = 16;
                i += 1;
                c = bytes.get(i).copied();
                // `0x` needs at least one hex digit.
                if !c.is_some_and(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
            } else {
                base = 8;
            }
        }
        while let Some(b) = c {
            let digit = if b.is_ascii_digit() {
                if base == 8 && (b == b'8' || b == b'9') {
                    return None;
                }
                u64::from(b - b'0')
            } else if base == 16 && b.is_ascii_hexdigit() {
                u64::from(b.to_ascii_lowercase() - b'a' + 10)
            } else {
                break;
            };
            val = val.saturating_mul(base).saturating_add(digit);
            if val > 0xffff_ffff {
                return None;
            }
            i += 1;
            c = bytes.get(i).copied();
        }
        match c {
            Some(b'.') => {
                if nparts >= 3 || val > 0xff {
                    return None;
                }
                if let Some(slot) = parts.get_mut(nparts) {
                    *slot = val;
                }
                nparts += 1;
                i += 1;
            }
            None => {
                let [a, b, c2] = parts;
                let v = match nparts {
                    0 => val,
                    1 if val <= 0xff_ffff => (a << 24) | val,
                    2 if val <= 0xffff => (a << 24) | (b << 16) | val,
                    3 if val <= 0xff => (a << 24) | (b << 16) | (c2 << 8) | val,
                    _ => return None,
                };
                return u32::try_from(v).ok().map(Ipv4Addr::from);
            }
            Some(_) => return None,
        }
    }
}

/// Strict dotted-quad `inet_pton(AF_INET)` (no leading zeros, 4 parts).
pub fn pton4(s: &str) -> Option<Ipv4Addr> {
    Ipv4Addr::from_str(s).ok()
}

/// `inet_pton(AF_INET6)` (no scope suffix, embedded IPv4 allowed at the end).
pub fn pton6(s: &str) -> Option<Ipv6Addr> {
    Ipv6Addr::from_str(s).ok()
}

/// `::ffff:a.b.c.d` for an IPv4 address (what `AI_V4MAPPED` produces).
pub fn v4_mapped(a: Ipv4Addr) -> Ipv6Addr {
    a.to_ipv6_mapped()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Real: each of these printed "127.0.0.1       STREAM <name>" with
    // `getent ahosts <name>` on Debian 12 (glibc 2.36-9+deb12u14).
    #[test]
    fn aton_shorthands() {
        for s in [
            "127.1",
            "0x7f000001",
            "2130706433",
            "127.0.1",
            "0177.0.0.1",
            "127.0.0.1",
        ] {
            assert_eq!(inet_aton_exact(s), Some(Ipv4Addr::LOCALHOST), "{s}");
        }
    }

    // Real: `getent ahosts X` exit 2 for each of these.
    #[test]
    fn aton_rejects() {
        for s in [
            "127.0.0.300",
            "127.0.0.1 ",
            "08.0.0.1",
            "1.2.3.4.5",
            "4294967296",
            "1.16777216",
            "0x",
            "127.0.0.1.",
            "",
            ".",
            "localhost",
            "1.2.3.x",
        ] {
            assert_eq!(inet_aton_exact(s), None, "{s:?}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn aton_never_panics(s in "\\PC*") { let _ = inet_aton_exact(&s); }
        #[test]
        fn aton_roundtrips(a: u32) {
            let ip = Ipv4Addr::from(a);
            proptest::prop_assert_eq!(inet_aton_exact(&alloc::format!("{ip}")), Some(ip));
            proptest::prop_assert_eq!(inet_aton_exact(&alloc::format!("{a}")), Some(ip));
            proptest::prop_assert_eq!(inet_aton_exact(&alloc::format!("{a:#x}")), Some(ip));
        }
    }
}
