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

fn number(ctx: &mut Ctx<'_>, what: &str, value: &str, min: i64) -> Result<i64, Started> {
    match value.parse::<i64>() {
        Ok(n) if n >= min => Ok(n),
        _ => Err(usage_error(
            ctx,
            "nl",
            &format!("invalid {what}: {}", quote(value)),
        )),
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
        if arg.starts_with("--") {
            return super::super::gnu_unrecognized_option(ctx, "nl", arg);
        }
        let mut chars = arg.chars().skip(1);
        while let Some(c) = chars.next() {
            if !matches!(c, 'b' | 'n' | 'w' | 's' | 'v' | 'i') {
                return super::super::gnu_invalid_option(ctx, "nl", c);
            }
            let inline: String = chars.by_ref().collect();
            let value = if inline.is_empty() {
                it.next_value().cloned()
            } else {
                Some(inline)
            };
            let Some(value) = value else {
                return usage_error(ctx, "nl", &format!("option requires an argument -- '{c}'"));
            };
            let r = match c {
                'b' => match value.as_str() {
                    "a" => Ok(nl.body = Body::All),
                    "t" => Ok(nl.body = Body::NonEmpty),
                    "n" => Ok(nl.body = Body::None),
                    _ => Err(usage_error(
                        ctx,
                        "nl",
                        &format!("invalid body numbering style: {}", quote(&value)),
                    )),
                },
                'n' => match value.as_str() {
                    "ln" => Ok(nl.align = Align::Left),
                    "rn" => Ok(nl.align = Align::Right),
                    "rz" => Ok(nl.align = Align::RightZero),
                    _ => Err(usage_error(
                        ctx,
                        "nl",
                        &format!("invalid line numbering format: {}", quote(&value)),
                    )),
                },
                'w' => number(ctx, "line number field width", &value, 1)
                    .map(|n| nl.width = usize::try_from(n).unwrap_or(6).min(1 << 16)),
                's' => Ok(nl.separator = value),
                'v' => number(ctx, "starting line number", &value, i64::MIN).map(|n| nl.next = n),
                _ => {
                    number(ctx, "line number increment", &value, i64::MIN).map(|n| nl.increment = n)
                }
            };
            if let Err(s) = r {
                return s;
            }
            break;
        }
    }
    input::run_lines(ctx, "nl", &operands, nl, input::plain_error, start, args)
}
