//! coreutils 9.1's `printf` format engine, for the `printf` program and,
//! later, bash's `printf` builtin: conversions `%s %b %q %c %d %i %o %u %x
//! %X %f %e %g %a` (and capitals), flags `- + space # 0`, widths and
//! precisions (`*` too), backslash escapes, the format reused while
//! arguments remain, and coreutils' complaints about arguments.
//!
//! [`format`] returns what to print as [`Piece`]s in the order the real
//! program produces them (output bytes and diagnostics interleaved); the
//! caller prefixes each diagnostic with its own name (`printf: ` or
//! `bash: printf: `).
//!
//! It is vocabulary, below the kernel and the shell (pure functions over
//! text, no system call), so the programs (`printf`, `seq -f`, awk) and
//! the shell's builtin can all use it.

mod escape;
mod float;
mod hexfloat;
mod number;
mod quote;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use escape::Escape;
use number::NumError;

/// The widest field or precision honoured (a lab bound: the real program
/// fails with `write error` past `INT_MAX`).
const FIELD_LIMIT: usize = 1 << 20;

/// One piece of what `printf` produced, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Bytes for standard output.
    Out(Vec<u8>),
    /// A diagnostic for standard error, without the program's name.
    Err(String),
}

/// What [`format`] produced and its exit status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Printed {
    /// Output and diagnostics, in order.
    pub(crate) pieces: Vec<Piece>,
    /// 0, or 1 after an error.
    pub(crate) status: i32,
}

impl Printed {
    fn out(&mut self, bytes: &[u8]) {
        if let Some(Piece::Out(b)) = self.pieces.last_mut() {
            b.extend_from_slice(bytes);
        } else {
            self.pieces.push(Piece::Out(Vec::from(bytes)));
        }
    }

    fn err(&mut self, message: String) {
        self.pieces.push(Piece::Err(message));
    }

    /// Every output byte, diagnostics left out.
    pub(crate) fn stdout(&self) -> Vec<u8> {
        self.pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Out(b) => Some(b.as_slice()),
                Piece::Err(_) => None,
            })
            .flatten()
            .copied()
            .collect()
    }
}

/// `‘x’` as coreutils (gnulib's `quote`) quotes a value in a UTF-8
/// locale: a backslash doubled, control characters as C escapes.
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::from("\u{2018}");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if c.is_control() => out.push_str(&format!("\\{:03o}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\u{2019}');
    out
}

/// Why the run stopped early.
enum Stop {
    /// `\c`: output ends, status unchanged.
    Quiet,
    /// A fatal error (already reported): status 1.
    Fatal,
}

/// The arguments, consumed left to right.
struct Args<'a> {
    all: &'a [String],
    next: usize,
}

impl<'a> Args<'a> {
    /// The next argument, or `""` once they are used up.
    fn take(&mut self) -> &'a str {
        let a = self.all.get(self.next).map_or("", String::as_str);
        if self.next < self.all.len() {
            self.next += 1;
        }
        a
    }
}

/// Reports a numeric argument's complaint.
fn complain(out: &mut Printed, arg: &str, e: Option<NumError>) {
    let message = match e {
        None => return,
        Some(NumError::NotNumeric) => format!("{}: expected a numeric value", quoted(arg)),
        Some(NumError::Trailing) => format!("{}: value not completely converted", quoted(arg)),
        Some(NumError::Range) => format!("{}: Numerical result out of range", quoted(arg)),
        Some(NumError::IgnoredChars(rest)) => {
            out.err(format!(
                "warning: {rest}: character(s) following character constant have been ignored"
            ));
            return;
        }
    };
    out.err(message);
    out.status = 1;
}

/// Runs `fmt` over `args` as `printf FORMAT ARGS...` does.
pub(crate) fn format(fmt: &str, args: &[String]) -> Printed {
    let mut out = Printed::default();
    let mut args = Args { all: args, next: 0 };
    loop {
        let before = args.next;
        if let Err(stop) = one_pass(fmt.as_bytes(), &mut args, &mut out) {
            if let Stop::Fatal = stop {
                out.status = 1;
            }
            return out;
        }
        if args.next == before || args.next >= args.all.len() {
            break;
        }
    }
    if let Some(extra) = args.all.get(args.next) {
        out.err(format!(
            "warning: ignoring excess arguments, starting with {}",
            quoted(extra)
        ));
    }
    out
}

/// Writes the bytes of an escape; `Err` at `\c` or a bad escape.
fn put_escape(rest: &[u8], percent_b: bool, out: &mut Printed) -> Result<usize, Stop> {
    match escape::read(rest, percent_b) {
        Escape::Bytes(b, used) => {
            out.out(&b);
            Ok(used)
        }
        Escape::Stop => Err(Stop::Quiet),
        Escape::MissingHex => {
            out.err(String::from("missing hexadecimal number in escape"));
            Err(Stop::Fatal)
        }
        Escape::InvalidUniversal(v) => {
            let name = if v > 0xffff {
                format!("\\U{v:08X}")
            } else {
                format!("\\u{v:04X}")
            };
            out.err(format!("invalid universal character name {name}"));
            Err(Stop::Fatal)
        }
    }
}

/// The format once through.
fn one_pass(fmt: &[u8], args: &mut Args<'_>, out: &mut Printed) -> Result<(), Stop> {
    let mut i = 0;
    while let Some(&c) = fmt.get(i) {
        match c {
            b'\\' => {
                let used = put_escape(fmt.get(i + 1..).unwrap_or_default(), false, out)?;
                i += 1 + used;
            }
            b'%' => i = directive(fmt, i, args, out)?,
            _ => {
                let end = fmt
                    .iter()
                    .skip(i)
                    .position(|b| matches!(b, b'\\' | b'%'))
                    .map_or(fmt.len(), |n| i + n);
                out.out(fmt.get(i..end).unwrap_or_default());
                i = end;
            }
        }
    }
    Ok(())
}

/// A directive's flags, width and precision.
#[derive(Clone, Copy, Debug, Default)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: usize,
    precision: Option<usize>,
}

/// Which conversions a directive's flags still allow (coreutils' `ok`).
struct Allowed {
    chars: [bool; 128],
}

impl Allowed {
    fn new() -> Self {
        let mut chars = [false; 128];
        for c in "aAcdeEfFgGiosuxX".bytes() {
            if let Some(slot) = chars.get_mut(usize::from(c)) {
                *slot = true;
            }
        }
        Allowed { chars }
    }

    fn forbid(&mut self, which: &str) {
        for c in which.bytes() {
            if let Some(slot) = self.chars.get_mut(usize::from(c)) {
                *slot = false;
            }
        }
    }

    fn allows(&self, c: u8) -> bool {
        self.chars.get(usize::from(c)).copied().unwrap_or(false)
    }
}

/// Reads `*`'s argument as a field width or precision.
fn star(args: &mut Args<'_>, out: &mut Printed, what: &str) -> Result<i64, Stop> {
    if args.next >= args.all.len() {
        return Ok(0);
    }
    let arg = args.take();
    let (v, e) = number::signed(arg);
    complain(out, arg, e);
    if i64::from(i32::MIN) > v || v > i64::from(i32::MAX) {
        out.err(format!("invalid {what}: {}", quoted(arg)));
        return Err(Stop::Fatal);
    }
    Ok(v)
}

/// Reads digits at `*i`, saturating.
fn digits(fmt: &[u8], i: &mut usize) -> usize {
    let mut v: usize = 0;
    while let Some(d) = fmt.get(*i).filter(|d| d.is_ascii_digit()) {
        v = v.saturating_mul(10).saturating_add(usize::from(d - b'0'));
        *i += 1;
    }
    v
}

/// One `%` directive starting at `start`; returns the index after it.
fn directive(
    fmt: &[u8],
    start: usize,
    args: &mut Args<'_>,
    out: &mut Printed,
) -> Result<usize, Stop> {
    let mut i = start + 1;
    match fmt.get(i) {
        Some(b'%') => {
            out.out(b"%");
            return Ok(i + 1);
        }
        Some(b'b') => {
            percent_b(args.take(), out)?;
            return Ok(i + 1);
        }
        Some(b'q') => {
            out.out(quote::shell_quote(args.take()).as_bytes());
            return Ok(i + 1);
        }
        _ => {}
    }
    let mut ok = Allowed::new();
    let mut spec = Spec::default();
    while let Some(&f) = fmt.get(i) {
        match f {
            b'\'' | b'I' => ok.forbid("aAceEosxX"),
            b'-' => spec.left = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'#' => {
                spec.alt = true;
                ok.forbid("cdisu");
            }
            b'0' => {
                spec.zero = true;
                ok.forbid("cs");
            }
            _ => break,
        }
        i += 1;
    }
    if fmt.get(i) == Some(&b'*') {
        i += 1;
        let w = star(args, out, "field width")?;
        if w < 0 {
            spec.left = true;
        }
        spec.width = usize::try_from(w.unsigned_abs()).unwrap_or(usize::MAX);
    } else {
        spec.width = digits(fmt, &mut i);
    }
    if fmt.get(i) == Some(&b'.') {
        i += 1;
        ok.forbid("c");
        if fmt.get(i) == Some(&b'*') {
            i += 1;
            let p = star(args, out, "precision")?;
            spec.precision = usize::try_from(p).ok();
        } else {
            spec.precision = Some(digits(fmt, &mut i));
        }
    }
    while matches!(fmt.get(i), Some(b'l' | b'L' | b'h' | b'j' | b't' | b'z')) {
        i += 1;
    }
    let conv = fmt.get(i).copied().unwrap_or(0);
    if !ok.allows(conv) {
        let end = (i + 1).min(fmt.len());
        let text = String::from_utf8_lossy(fmt.get(start..end).unwrap_or_default()).into_owned();
        out.err(format!("{text}: invalid conversion specification"));
        return Err(Stop::Fatal);
    }
    spec.width = spec.width.min(FIELD_LIMIT);
    spec.precision = spec.precision.map(|p| p.min(FIELD_LIMIT));
    convert(conv, spec, args.take(), out);
    Ok(i + 1)
}

/// `%b`: the argument with its escapes, `\0NNN` octal too.
fn percent_b(arg: &str, out: &mut Printed) -> Result<(), Stop> {
    let b = arg.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'\\' {
            i += 1 + put_escape(b.get(i + 1..).unwrap_or_default(), true, out)?;
        } else {
            let end = b
                .iter()
                .skip(i)
                .position(|x| *x == b'\\')
                .map_or(b.len(), |n| i + n);
            out.out(b.get(i..end).unwrap_or_default());
            i = end;
        }
    }
    Ok(())
}

/// Pads `body` (after `sign`/prefix `lead`) to the field width.
fn pad(spec: Spec, lead: &str, body: &[u8], zero_ok: bool, out: &mut Printed) {
    let len = lead.len() + body.len();
    let fill = spec.width.saturating_sub(len);
    if spec.left {
        out.out(lead.as_bytes());
        out.out(body);
        out.out(" ".repeat(fill).as_bytes());
    } else if spec.zero && zero_ok {
        out.out(lead.as_bytes());
        out.out("0".repeat(fill).as_bytes());
        out.out(body);
    } else {
        out.out(" ".repeat(fill).as_bytes());
        out.out(lead.as_bytes());
        out.out(body);
    }
}

/// The sign a signed conversion prints.
fn sign(negative: bool, spec: Spec) -> &'static str {
    if negative {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    }
}

/// Applies an integer precision (minimum digits; `.0` of zero is empty).
fn min_digits(digits: String, precision: Option<usize>) -> String {
    match precision {
        Some(0) if digits == "0" => String::new(),
        Some(p) if digits.len() < p => format!("{}{digits}", "0".repeat(p - digits.len())),
        _ => digits,
    }
}

/// One conversion of `arg`.
fn convert(conv: u8, spec: Spec, arg: &str, out: &mut Printed) {
    let zero_ok = spec.precision.is_none();
    match conv {
        b'd' | b'i' => {
            let (v, e) = number::signed(arg);
            complain(out, arg, e);
            let digits = min_digits(format!("{}", v.unsigned_abs()), spec.precision);
            pad(spec, sign(v < 0, spec), digits.as_bytes(), zero_ok, out);
        }
        b'o' | b'u' | b'x' | b'X' => {
            let (v, e) = number::unsigned(arg);
            complain(out, arg, e);
            let raw = match conv {
                b'o' => format!("{v:o}"),
                b'u' => format!("{v}"),
                b'x' => format!("{v:x}"),
                _ => format!("{v:X}"),
            };
            let mut digits = min_digits(raw, spec.precision);
            let mut lead = "";
            if spec.alt {
                match conv {
                    b'o' if !digits.starts_with('0') => digits.insert(0, '0'),
                    b'x' if v != 0 => lead = "0x",
                    b'X' if v != 0 => lead = "0X",
                    _ => {}
                }
            }
            pad(spec, lead, digits.as_bytes(), zero_ok, out);
        }
        b'c' => {
            let byte = arg.as_bytes().first().copied().unwrap_or(0);
            pad(spec, "", &[byte], false, out);
        }
        b's' => {
            let b = arg.as_bytes();
            let b = match spec.precision {
                Some(p) => b.get(..p.min(b.len())).unwrap_or_default(),
                None => b,
            };
            pad(spec, "", b, false, out);
        }
        b'a' | b'A' => {
            let (v, e) = number::float(arg);
            complain(out, arg, e);
            let body = hexfloat::digits(v, spec.precision, conv == b'A', spec.alt);
            let negative = v.is_sign_negative() && !v.is_nan();
            let (prefix, rest) = body.split_at(if v.is_finite() { 2 } else { 0 });
            let lead = format!("{}{prefix}", sign(negative, spec));
            pad(spec, &lead, rest.as_bytes(), v.is_finite(), out);
        }
        _ => {
            let (v, e) = number::float(arg);
            complain(out, arg, e);
            let body = float::digits(v, char::from(conv), spec.precision, spec.alt);
            let negative = v.is_sign_negative() && !v.is_nan();
            pad(
                spec,
                sign(negative, spec),
                body.as_bytes(),
                v.is_finite(),
                out,
            );
        }
    }
}

#[cfg(test)]
mod tests;
