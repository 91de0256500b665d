//! The orderings of `sort`'s keys besides `-n` (in [`super::sort_keys`]):
//! text with `-f`/`-d`/`-i`, `-g` (floating point), `-h` (human sizes),
//! `-M` (months), `-V` (versions, as Debian's `verrevcmp` compares) and
//! `-R` (a salted hash, so equal keys stay together).

use core::cmp::Ordering;

/// Text order, byte by byte (C.UTF-8), with `-f` folding lower case to
/// upper case, `-d` keeping only blanks and alphanumerics, `-i` only
/// printable characters.
pub(super) fn text(a: &str, b: &str, fold: bool, dictionary: bool, printable: bool) -> Ordering {
    if !(fold || dictionary || printable) {
        return a.as_bytes().cmp(b.as_bytes());
    }
    let keep = |c: &u8| {
        (!dictionary || c.is_ascii_alphanumeric() || *c == b' ' || *c == b'\t')
            && (!printable || (0x20..0x7f).contains(c) || *c >= 0x80)
    };
    let map = |c: &u8| if fold { c.to_ascii_uppercase() } else { *c };
    a.as_bytes()
        .iter()
        .filter(|c| keep(c))
        .map(map)
        .cmp(b.as_bytes().iter().filter(|c| keep(c)).map(map))
}

/// strtod's prefix of `s` after blanks: None if there is no number.
fn float(s: &str) -> Option<f64> {
    let s = s.trim_start_matches([' ', '\t']);
    let lower = s.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    let negative = lower.starts_with('-');
    for (word, value) in [("infinity", f64::INFINITY), ("inf", f64::INFINITY)] {
        if unsigned.starts_with(word) && lower.len() - unsigned.len() <= 1 {
            return Some(if negative { -value } else { value });
        }
    }
    if unsigned.starts_with("nan") && lower.len() - unsigned.len() <= 1 {
        return Some(f64::NAN);
    }
    // The longest prefix that parses.
    let mut best = None;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        if !(c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E')) {
            break;
        }
        end = i + c.len_utf8();
        if let Some(v) = s.get(..end).and_then(|p| p.parse::<f64>().ok()) {
            best = Some(v);
        }
    }
    let _ = end;
    best
}

/// `-g`: no number first, then NaN, then by value.
pub(super) fn general(a: &str, b: &str) -> Ordering {
    match (float(a), float(b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => match (x.is_nan(), y.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        },
    }
}

/// `-h`: the sign, then the SI suffix (none < K < M < G < T < P < E < Z <
/// Y), then the number.
pub(super) fn human(a: &str, b: &str) -> Ordering {
    fn parts(s: &str) -> (bool, usize, f64) {
        let t = s.trim_start_matches([' ', '\t']);
        let negative = t.starts_with('-');
        let digits = t
            .char_indices()
            .skip(usize::from(negative))
            .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
            .map_or(t.len(), |(i, _)| i);
        let number = t
            .get(usize::from(negative)..digits)
            .and_then(|n| n.parse::<f64>().ok())
            .unwrap_or(0.0);
        let suffix = t.get(digits..).and_then(|r| r.chars().next());
        let rank = match suffix {
            Some('k' | 'K') => 1,
            Some('M') => 2,
            Some('G') => 3,
            Some('T') => 4,
            Some('P') => 5,
            Some('E') => 6,
            Some('Z') => 7,
            Some('Y') => 8,
            _ => 0,
        };
        let zero = number == 0.0;
        (negative && !zero, if zero { 0 } else { rank }, number)
    }
    let (na, ra, va) = parts(a);
    let (nb, rb, vb) = parts(b);
    let magnitude = ra
        .cmp(&rb)
        .then(va.partial_cmp(&vb).unwrap_or(Ordering::Equal));
    match (na, nb) {
        (false, false) => magnitude,
        (true, true) => magnitude.reverse(),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
    }
}

/// `-M`: 0 for no month, 1 for JAN ... 12 for DEC (after blanks, any case).
pub(super) fn month(s: &str) -> u8 {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let t = s.trim_start_matches([' ', '\t']);
    let head: alloc::string::String = t
        .chars()
        .take(3)
        .collect::<alloc::string::String>()
        .to_ascii_uppercase();
    MONTHS
        .iter()
        .position(|m| *m == head)
        .map_or(0, |i| i as u8 + 1)
}

/// Debian's `verrevcmp` order of a character: `~` first, then the end,
/// then letters, then everything else.
fn rank(c: Option<u8>) -> i32 {
    match c {
        None => 0,
        Some(b'~') => -1,
        Some(c) if c.is_ascii_digit() => 0,
        Some(c) if c.is_ascii_alphabetic() => i32::from(c),
        Some(c) => i32::from(c) + 256,
    }
}

/// `-V`: runs of non-digits compared by [`rank`], runs of digits by value.
pub(super) fn version(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        loop {
            let (x, y) = (a.get(i).copied(), b.get(j).copied());
            let x_text = x.is_some_and(|c| !c.is_ascii_digit());
            let y_text = y.is_some_and(|c| !c.is_ascii_digit());
            if !x_text && !y_text {
                break;
            }
            let (rx, ry) = (rank(x.filter(|_| x_text)), rank(y.filter(|_| y_text)));
            if rx != ry {
                return rx.cmp(&ry);
            }
            i += usize::from(x_text);
            j += usize::from(y_text);
        }
        while a.get(i) == Some(&b'0') {
            i += 1;
        }
        while b.get(j) == Some(&b'0') {
            j += 1;
        }
        let si = i;
        let sj = j;
        while a.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        let (x, y) = (
            a.get(si..i).unwrap_or_default(),
            b.get(sj..j).unwrap_or_default(),
        );
        let o = x.len().cmp(&y.len()).then_with(|| x.cmp(y));
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// `-R`: keys in the order of their salted FNV-1a hashes.
pub(super) fn random(a: &str, b: &str, salt: u64) -> Ordering {
    let hash = |s: &str| {
        s.bytes().fold(0xcbf2_9ce4_8422_2325_u64 ^ salt, |h, c| {
            (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    hash(a).cmp(&hash(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders() {
        assert_eq!(version("1.10", "1.9"), Ordering::Greater);
        assert_eq!(version("1.0~rc1", "1.0"), Ordering::Less);
        assert_eq!(version("a2", "a10"), Ordering::Less);
        assert_eq!(human("2K", "1M"), Ordering::Less);
        assert_eq!(human("-1G", "1K"), Ordering::Less);
        assert_eq!(month(" feb"), 2);
        assert_eq!(month("xyz"), 0);
        assert_eq!(general("1e3", "999"), Ordering::Greater);
        assert_eq!(general("abc", "-5"), Ordering::Less);
        assert_eq!(text("b", "A", true, false, false), Ordering::Greater);
        assert_eq!(text("a-b", "ab", false, true, false), Ordering::Equal);
    }
}
