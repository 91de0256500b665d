//! Backslash escapes as coreutils' `printf` reads them: in the format
//! (`\NNN` octal) and in a `%b` argument (`\0NNN` octal too).

use alloc::vec::Vec;

/// What one escape gave.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Escape {
    /// Bytes to output, and how many input bytes (after the backslash)
    /// the escape used.
    Bytes(Vec<u8>, usize),
    /// `\c`: no more output at all.
    Stop,
    /// `\x` or `\u` without the digits it needs (a fatal error).
    MissingHex,
    /// `\u`/`\U` naming a character that cannot be written that way.
    InvalidUniversal(u32),
}

fn hex_value(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// Reads the escape after a backslash: `rest` is what follows it.
/// `percent_b` is true inside a `%b` argument (`\0NNN`).
pub(crate) fn read(rest: &[u8], percent_b: bool) -> Escape {
    let Some(&first) = rest.first() else {
        return Escape::Bytes(Vec::from(&b"\\"[..]), 0);
    };
    let simple = match first {
        b'\\' => Some(b'\\'),
        b'"' => Some(b'"'),
        b'a' => Some(7),
        b'b' => Some(8),
        b'e' => Some(27),
        b'f' => Some(12),
        b'n' => Some(b'\n'),
        b'r' => Some(b'\r'),
        b't' => Some(b'\t'),
        b'v' => Some(11),
        _ => None,
    };
    if let Some(b) = simple {
        return Escape::Bytes(alloc::vec![b], 1);
    }
    match first {
        b'c' => Escape::Stop,
        b'x' => {
            let digits: Vec<u32> = rest
                .iter()
                .skip(1)
                .take(2)
                .map_while(|b| hex_value(*b))
                .collect();
            if digits.is_empty() {
                return Escape::MissingHex;
            }
            let v = digits.iter().fold(0u32, |a, d| a * 16 + d);
            Escape::Bytes(alloc::vec![v as u8], 1 + digits.len())
        }
        b'u' | b'U' => {
            let need = if first == b'u' { 4 } else { 8 };
            let digits: Vec<u32> = rest
                .iter()
                .skip(1)
                .take(need)
                .map_while(|b| hex_value(*b))
                .collect();
            if digits.len() < need {
                return Escape::MissingHex;
            }
            let v = digits
                .iter()
                .fold(0u32, |a, d| a.wrapping_mul(16).wrapping_add(*d));
            // C99's rule: below U+00A0 only $ @ ` are allowed; no surrogates.
            let allowed =
                (v >= 0xA0 || matches!(v, 0x24 | 0x40 | 0x60)) && !(0xD800..=0xDFFF).contains(&v);
            match char::from_u32(v).filter(|_| allowed) {
                Some(c) => {
                    let mut buf = [0u8; 4];
                    Escape::Bytes(Vec::from(c.encode_utf8(&mut buf).as_bytes()), 1 + need)
                }
                None => Escape::InvalidUniversal(v),
            }
        }
        b'0'..=b'7' => {
            let skip = usize::from(percent_b && first == b'0');
            let digits: Vec<u8> = rest
                .iter()
                .skip(skip)
                .take(3)
                .take_while(|b| (b'0'..=b'7').contains(*b))
                .copied()
                .collect();
            let v = digits.iter().fold(0u32, |a, d| a * 8 + u32::from(d - b'0'));
            Escape::Bytes(alloc::vec![v as u8], skip + digits.len())
        }
        _ => Escape::Bytes(alloc::vec![b'\\', first], 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(read(b"n", false), Escape::Bytes(alloc::vec![b'\n'], 1));
        assert_eq!(read(b"101x", false), Escape::Bytes(alloc::vec![b'A'], 3));
        assert_eq!(read(b"0101", true), Escape::Bytes(alloc::vec![b'A'], 4));
        assert_eq!(read(b"x4a", true), Escape::Bytes(alloc::vec![b'J'], 3));
        assert_eq!(read(b"x", false), Escape::MissingHex);
        assert_eq!(read(b"u12", false), Escape::MissingHex);
        assert_eq!(
            read(b"q", false),
            Escape::Bytes(alloc::vec![b'\\', b'q'], 1)
        );
        assert_eq!(read(b"c", false), Escape::Stop);
    }
}
