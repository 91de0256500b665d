//! coreutils 9.1 `seq [-s SEP] [-w] [-f FORMAT] [FIRST [INCR]] LAST`:
//! numbers as `%.Nf` with N the most decimals of FIRST and INCR, `-w`
//! padding with zeros to equal width, `-f` one `%e %f %g` directive. A
//! long sequence prints a block at a time, so a pipe's reader that stops
//! (`seq 1000000 | head`) ends it by SIGPIPE and Ctrl-C interrupts it.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;

use super::{quote, usage_error};
use crate::printf;
use crate::process::{Ctx, Process, Started};
use crate::time::Duration;

/// Lines printed per wake-up.
const BLOCK: u64 = 2048;
/// Bytes printed per wake-up at most (a wide `-f` format).
const BLOCK_BYTES: usize = 64 * 1024;

/// One operand: its value and how it was written.
#[derive(Clone, Copy, Debug)]
struct Operand {
    value: f64,
    /// Digits after the point, less the exponent (`1.25` → 2, `1e3` → 0).
    decimals: usize,
    /// Written as a plain integer.
    integer: bool,
}

fn parse_operand(ctx: &mut Ctx<'_>, s: &str) -> Result<Operand, Started> {
    let t = s.trim_start_matches([' ', '\t']);
    let (value, err) = printf_number(t);
    if err || t.is_empty() {
        return Err(usage_error(
            ctx,
            "seq",
            &format!("invalid floating point argument: {}", quote(s)),
        ));
    }
    if value.is_nan() {
        return Err(usage_error(
            ctx,
            "seq",
            &format!("invalid 'not-a-number' argument: {}", quote(s)),
        ));
    }
    let lower = t.to_ascii_lowercase();
    let (mantissa, exp) = match lower.split_once('e') {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (lower.as_str(), 0),
    };
    let frac = mantissa.split_once('.').map_or(0, |(_, f)| f.len()) as i64;
    let decimals = usize::try_from(frac.saturating_sub(exp).max(0))
        .unwrap_or(0)
        .min(64);
    let integer = !lower.contains(['.', 'e', 'x', 'n', 'i']);
    Ok(Operand {
        value,
        decimals,
        integer,
    })
}

/// `strtold` on the whole word: the value and whether anything was left.
fn printf_number(s: &str) -> (f64, bool) {
    let p = printf::format("%.17g", &[String::from(s)]);
    let text = String::from_utf8_lossy(&p.stdout()).into_owned();
    (text.parse().unwrap_or(f64::NAN), p.status != 0)
}

/// Checks `-f`'s format: one `%` directive of a floating conversion.
fn check_format(ctx: &mut Ctx<'_>, f: &str) -> Result<(), Started> {
    let b = f.as_bytes();
    let mut i = 0;
    let mut found = false;
    while let Some(&c) = b.get(i) {
        i += 1;
        if c != b'%' {
            continue;
        }
        if b.get(i) == Some(&b'%') {
            i += 1;
            continue;
        }
        if found {
            ctx.err(&format!(
                "seq: format {} has too many % directives\n",
                quote(f)
            ));
            return Err(Started::Exited(1));
        }
        found = true;
        let start = i - 1;
        while b.get(i).is_some_and(|c| b"-+ #0'123456789.".contains(c)) {
            i += 1;
        }
        while b.get(i).is_some_and(|c| *c == b'L') {
            i += 1;
        }
        match b.get(i) {
            Some(c) if b"aAeEfFgG".contains(c) => i += 1,
            _ => {
                let directive =
                    String::from_utf8_lossy(b.get(start..(i + 1).min(b.len())).unwrap_or_default())
                        .into_owned();
                ctx.err(&format!(
                    "seq: format {} has unknown {directive} directive\n",
                    quote(f)
                ));
                return Err(Started::Exited(1));
            }
        }
    }
    if !found {
        ctx.err(&format!("seq: format {} has no % directive\n", quote(f)));
        return Err(Started::Exited(1));
    }
    Ok(())
}

/// How each number is written.
#[derive(Clone, Debug)]
enum Style {
    /// `-f FORMAT` (the `L` length modifiers dropped for the engine).
    Format(String),
    /// `%.Nf`, zero-padded to a width with `-w`.
    Fixed { decimals: usize, width: usize },
}

impl Style {
    fn write(&self, x: f64) -> String {
        match self {
            Style::Format(f) => {
                let p = printf::format(f, &[format!("{x:e}")]);
                String::from_utf8_lossy(&p.stdout()).into_owned()
            }
            Style::Fixed { decimals, width } => {
                let s = format!("{:.*}", decimals, x);
                let s = if s.starts_with("-0") && s.trim_start_matches(['-', '0', '.']).is_empty() {
                    String::from(s.trim_start_matches('-'))
                } else {
                    s
                };
                if s.len() >= *width {
                    return s;
                }
                let pad = "0".repeat(width - s.len());
                match s.strip_prefix('-') {
                    Some(digits) => format!("-{pad}{digits}"),
                    None => format!("{pad}{s}"),
                }
            }
        }
    }
}

/// The sequence being printed.
#[derive(Debug)]
struct Seq {
    first: f64,
    step: f64,
    last: f64,
    index: u64,
    style: Style,
    separator: String,
}

impl Seq {
    /// Prints up to a block; true once the sequence is done.
    fn block(&mut self, ctx: &mut Ctx<'_>) -> bool {
        let mut text = String::new();
        for _ in 0..BLOCK {
            let x = self.first + self.index as f64 * self.step;
            let past = if self.step > 0.0 {
                x > self.last
            } else {
                x < self.last
            };
            // coreutils prints a number just past LAST that prints as LAST
            // (and unlike the one before): `seq 0.1 0.1 0.3` ends at 0.3.
            let shown_as_last = past
                && self.index > 0
                && self.style.write(x) == self.style.write(self.last)
                && self.style.write(x)
                    != self
                        .style
                        .write(self.first + (self.index - 1) as f64 * self.step);
            if past && !shown_as_last {
                if self.index > 0 {
                    text.push('\n');
                }
                ctx.out(&text);
                return true;
            }
            if self.index > 0 {
                text.push_str(&self.separator);
            }
            text.push_str(&self.style.write(x));
            self.index += 1;
            if shown_as_last {
                text.push('\n');
                ctx.out(&text);
                return true;
            }
            if text.len() >= BLOCK_BYTES {
                break;
            }
        }
        ctx.out(&text);
        false
    }
}

impl Process for Seq {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if self.block(ctx) {
            return Some(0);
        }
        // A terminal shows a 64 KiB block in about 0.4 s (as `yes`'s
        // pace); a pipe or a file takes it at once.
        let pause = if ctx.stdout_is_terminal() {
            Duration::from_millis(400)
        } else {
            Duration::from_micros(100)
        };
        let next = ctx.now() + pause;
        ctx.wake_at(next);
        None
    }
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut separator = String::from("\n");
    let mut format: Option<String> = None;
    let mut equal_width = false;
    let mut words = args.get(1..).unwrap_or_default().iter();
    let mut operands: alloc::vec::Vec<String> = alloc::vec::Vec::new();
    let mut options_done = false;
    while let Some(w) = words.next() {
        let b = w.as_bytes();
        let negative_number =
            b.first() == Some(&b'-') && b.get(1).is_some_and(|c| *c == b'.' || c.is_ascii_digit());
        if options_done || negative_number || !w.starts_with('-') || w == "-" {
            if negative_number {
                options_done = true;
            }
            operands.push(w.clone());
            continue;
        }
        if w == "--" {
            options_done = true;
            continue;
        }
        if let Some(long) = w.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(String::from(v))),
                None => (long, None),
            };
            match name {
                "version" => return super::version(ctx, "seq"),
                "help" => return super::help::print(ctx, "seq"),
                "equal-width" => equal_width = true,
                "separator" | "format" => {
                    let Some(v) = inline.or_else(|| words.next().cloned()) else {
                        return usage_error(
                            ctx,
                            "seq",
                            &format!("option '--{name}' requires an argument"),
                        );
                    };
                    if name == "separator" {
                        separator = v
                    } else {
                        format = Some(v)
                    }
                }
                _ => return super::super::gnu_unrecognized_option(ctx, "seq", w),
            }
            continue;
        }
        let mut chars = w.chars().skip(1);
        while let Some(c) = chars.next() {
            match c {
                'w' => equal_width = true,
                's' | 'f' => {
                    let inline: String = chars.by_ref().collect();
                    let value = if inline.is_empty() {
                        words.next().cloned()
                    } else {
                        Some(inline)
                    };
                    let Some(v) = value else {
                        return usage_error(
                            ctx,
                            "seq",
                            &format!("option requires an argument -- '{c}'"),
                        );
                    };
                    if c == 's' {
                        separator = v
                    } else {
                        format = Some(v)
                    }
                }
                _ => return super::super::gnu_invalid_option(ctx, "seq", c),
            }
        }
    }
    if operands.is_empty() {
        return usage_error(ctx, "seq", "missing operand");
    }
    if let Some(extra) = operands.get(3) {
        return usage_error(ctx, "seq", &format!("extra operand {}", quote(extra)));
    }
    if let Some(f) = &format {
        if let Err(s) = check_format(ctx, f) {
            return s;
        }
        if equal_width {
            return usage_error(
                ctx,
                "seq",
                "format string may not be specified when printing equal width strings",
            );
        }
    }
    let mut parsed = alloc::vec::Vec::new();
    for o in &operands {
        match parse_operand(ctx, o) {
            Ok(p) => parsed.push(p),
            Err(s) => return s,
        }
    }
    let one = Operand {
        value: 1.0,
        decimals: 0,
        integer: true,
    };
    let (first, step, last) = match parsed.as_slice() {
        [last] => (one, one, *last),
        [first, last] => (*first, one, *last),
        [first, step, last] => (*first, *step, *last),
        _ => return Started::Exited(1),
    };
    if step.value == 0.0 {
        let word = operands.get(1).map_or("0", String::as_str);
        return usage_error(
            ctx,
            "seq",
            &format!("invalid Zero increment value: {}", quote(word)),
        );
    }
    let style = match format {
        Some(f) => Style::Format(f.replace('\\', "\\\\")),
        None => {
            let decimals = first.decimals.max(step.decimals);
            let width = if equal_width {
                let w = |x: f64| format!("{:.*}", decimals, x).len();
                w(first.value).max(w(last.value))
            } else {
                0
            };
            let _ = last.integer;
            Style::Fixed { decimals, width }
        }
    };
    let mut seq = Seq {
        first: first.value,
        step: step.value,
        last: last.value,
        index: 0,
        style,
        separator,
    };
    match seq.poll(ctx) {
        Some(status) => Started::Exited(status),
        None => Started::Running(Box::new(seq)),
    }
}
