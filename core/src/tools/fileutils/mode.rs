//! gnulib's `modechange`: a mode given as octal (`755`) or symbolically
//! (`u+rw,go-w`, `+x`, `a=r`, `g=u`, `X`), applied to a file's mode as
//! `chmod` and `mkdir -m` do. Without `ugoa`, `+`/`-`/`=` spare the bits
//! the umask masks.

/// The permission bits a mode change may touch.
const ALL: u32 = 0o7777;

/// One parsed clause list; `apply` gives the new mode.
#[derive(Clone, Debug)]
pub(crate) enum Change {
    /// An octal mode: the bits, exactly.
    Octal(u32),
    /// Symbolic clauses, in order.
    Symbolic(alloc::vec::Vec<Clause>),
}

/// `[ugoa]*` then one operation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clause {
    who: u32,
    op: u8,
    perm: Perm,
}

#[derive(Clone, Copy, Debug)]
enum Perm {
    /// `rwxst` bits (`X` separately).
    Bits { bits: u32, big_x: bool },
    /// `u`, `g` or `o`: a copy of that class's bits.
    Copy(u32),
}

/// Parses MODE; `None` when it is not one (`invalid mode`).
pub(crate) fn parse(text: &str) -> Option<Change> {
    if !text.is_empty() && text.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let v = u32::from_str_radix(text, 8).ok()?;
        return (v <= ALL).then_some(Change::Octal(v));
    }
    let mut clauses = alloc::vec::Vec::new();
    for part in text.split(',') {
        let bytes = part.as_bytes();
        let mut i = 0;
        let mut who = 0;
        while let Some(&b) = bytes.get(i) {
            who |= match b {
                b'u' => 0o4700,
                b'g' => 0o2070,
                b'o' => 0o1007,
                b'a' => 0o7777,
                _ => break,
            };
            i += 1;
        }
        let mut any = false;
        while let Some(&op) = bytes.get(i) {
            if !matches!(op, b'+' | b'-' | b'=') {
                return None;
            }
            i += 1;
            any = true;
            let mut bits = 0;
            let mut big_x = false;
            let mut copy = None;
            while let Some(&b) = bytes.get(i) {
                match b {
                    b'r' => bits |= 0o444,
                    b'w' => bits |= 0o222,
                    b'x' => bits |= 0o111,
                    b'X' => big_x = true,
                    b's' => bits |= 0o6000,
                    b't' => bits |= 0o1000,
                    b'u' if bits == 0 && !big_x && copy.is_none() => copy = Some(0o700),
                    b'g' if bits == 0 && !big_x && copy.is_none() => copy = Some(0o070),
                    b'o' if bits == 0 && !big_x && copy.is_none() => copy = Some(0o007),
                    _ => break,
                }
                i += 1;
            }
            let perm = match copy {
                Some(c) => Perm::Copy(c),
                None => Perm::Bits { bits, big_x },
            };
            clauses.push(Clause { who, op, perm });
        }
        if !any || i != bytes.len() {
            return None;
        }
    }
    Some(Change::Symbolic(clauses))
}

impl Change {
    /// The new permission bits of a file whose mode is `old` (a directory
    /// when `dir`), with the process's `umask`.
    pub(crate) fn apply(&self, old: u32, dir: bool, umask: u32) -> u32 {
        let mut mode = old & ALL;
        let clauses = match self {
            Change::Octal(v) => return *v,
            Change::Symbolic(c) => c,
        };
        for c in clauses {
            let (who, mask) = if c.who == 0 {
                (ALL, !umask & ALL)
            } else {
                (c.who, ALL)
            };
            let value = match c.perm {
                Perm::Bits { bits, big_x } => {
                    let x = if big_x && (dir || mode & 0o111 != 0) {
                        0o111
                    } else {
                        0
                    };
                    bits | x
                }
                Perm::Copy(class) => {
                    let b = mode & class;
                    let three = match class {
                        0o700 => b >> 6,
                        0o070 => b >> 3,
                        _ => b,
                    };
                    three * 0o111
                }
            };
            let affected = value & who & mask;
            match c.op {
                b'+' => mode |= affected,
                b'-' => mode &= !affected,
                _ => {
                    // `=`: the class's bits become exactly these (keeping
                    // a directory's set-id bits unless named).
                    let keep = if dir { 0o6000 & !(value & who) } else { 0 };
                    let clear = who & mask & !(keep & mode);
                    mode = (mode & !clear) | affected;
                }
            }
        }
        mode & ALL
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn octal_and_symbolic() {
        let m = |s: &str, old: u32| parse(s).map(|c| c.apply(old, false, 0o022));
        assert_eq!(m("755", 0o644), Some(0o755));
        assert_eq!(m("+x", 0o644), Some(0o755));
        assert_eq!(m("u+rw,go-w", 0o477), Some(0o655));
        assert_eq!(m("a=r", 0o777), Some(0o444));
        assert_eq!(m("g=u", 0o640), Some(0o660));
        assert_eq!(m("+w", 0o444), Some(0o644));
        assert_eq!(m("u+s", 0o755), Some(0o4755));
        assert_eq!(m("999", 0), None);
        assert_eq!(m("u+q", 0), None);
        assert_eq!(m("", 0), None);
        assert_eq!(m("u", 0), None);
    }
}
