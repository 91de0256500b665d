//! coreutils 9.1 `nl [-b a|t|n] [-n ln|rn|rz] [-w N] [-s SEP] [-v N]
//! [-i N] [FILE]...`: lines numbered (non-empty ones by default); a line
//! left unnumbered gets the width and separator as spaces. (`-b pBRE` and
//! the section delimiters `\:` are not built: `-b p…` is refused as an
//! invalid style.)

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::filter::{GnuArgs, LineFilter};
use super::{input, quote, usage_error};
use crate::process::{Ctx, Started};

/// Which lines get a number.
#[derive(Clone, Copy, Debug)]
enum Body {
    All,
    NonEmpty,
    None,
}

/// How the number is written.
#[derive(Clone, Copy, Debug)]
enum Align {
    Left,
    Right,
    RightZero,
}

/// `nl`, numbering.
#[derive(Debug)]
struct Nl {
    body: Body,
    align: Align,
    width: usize,
    separator: String,
    next: i64,
    increment: i64,
}

impl LineFilter for Nl {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        let empty = line == "\n" || line.is_empty();
        let numbered = match self.body {
            Body::All => true,
            Body::NonEmpty => !empty,
            Body::None => false,
        };
        let w = self.width;
        let text = if numbered {
            let n = self.next;
            self.next = self.next.saturating_add(self.increment);
            let num = match self.align {
                Align::Left => format!("{n:<w$}"),
                Align::Right => format!("{n:>w$}"),
                Align::RightZero => format!("{n:0>w$}"),
            };
            format!("{num}{}{line}", self.separator)
        } else {
            format!("{}{line}", " ".repeat(w + self.separator.len()))
        };
        ctx.out(&text);
        true
    }

    fn end(&mut self, _: &mut Ctx<'_>) -> i32 {
        0
    }
}

fn number(what: &str, value: &str, min: i64) -> Result<i64, String> {
    match value.parse::<i64>() {
        Ok(n) if n >= min => Ok(n),
        _ => Err(format!("invalid {what}: {}", quote(value))),
    }
}

impl Nl {
    /// Applies option `-c VALUE`; `Err` holds the usage error's text.
    fn set(&mut self, c: char, value: String) -> Result<(), String> {
        match c {
            'b' => {
                self.body = match value.as_str() {
                    "a" => Body::All,
                    "t" => Body::NonEmpty,
                    "n" => Body::None,
                    _ => return Err(format!("invalid body numbering style: {}", quote(&value))),
                }
            }
            'n' => {
                self.align = match value.as_str() {
                    "ln" => Align::Left,
                    "rn" => Align::Right,
                    "rz" => Align::RightZero,
                    _ => return Err(format!("invalid line numbering format: {}", quote(&value))),
                }
            }
            'w' => {
                let n = number("line number field width", &value, 1)?;
                self.width = usize::try_from(n).unwrap_or(6).min(1 << 16);
            }
            's' => self.separator = value,
            'v' => self.next = number("starting line number", &value, i64::MIN)?,
            _ => self.increment = number("line number increment", &value, i64::MIN)?,
        }
        Ok(())
    }
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut nl = Nl {
        body: Body::NonEmpty,
        align: Align::Right,
        width: 6,
        separator: String::from("\t"),
        next: 1,
        increment: 1,
    };
    let mut operands: Vec<String> = Vec::new();
    let mut it = GnuArgs::new(args);
    while let Some(arg) = it.next_option(&mut operands) {
        if arg == "--version" {
            return super::version(ctx, "nl");
        }
        if arg == "--help" {
            return super::help::print(ctx, "nl");
        }
        if arg.starts_with("--") {
            return super::super::gnu_unrecognized_option(ctx, "nl", arg);
        }
        let mut chars = arg.chars().skip(1);
        let Some(c) = chars.next() else { continue };
        if !matches!(c, 'b' | 'n' | 'w' | 's' | 'v' | 'i') {
            return super::super::gnu_invalid_option(ctx, "nl", c);
        }
        let inline: String = chars.collect();
        let value = if inline.is_empty() {
            it.next_value().cloned()
        } else {
            Some(inline)
        };
        let Some(value) = value else {
            return usage_error(ctx, "nl", &format!("option requires an argument -- '{c}'"));
        };
        if let Err(message) = nl.set(c, value) {
            return usage_error(ctx, "nl", &message);
        }
    }
    input::run_lines(ctx, "nl", &operands, nl, input::plain_error, start, args)
}
