//! coreutils 9.1 `cut -b LIST | -c LIST | -f LIST [-d DELIM] [-s]
//! [--complement] [--output-delimiter=S] [FILE]...`. In a UTF-8 locale
//! coreutils' `-c` counts bytes, as `-b` does, and so does this one.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::filter::{GnuArgs, LineFilter};
use super::{input, quote, usage_error};
use crate::process::{Ctx, Started};

/// Ranges of positions, 1-based and inclusive (`usize::MAX`: to the end).
type Ranges = Vec<(usize, usize)>;

/// Parses a LIST; `Err` holds the message.
fn parse_list(list: &str, fields: bool) -> Result<Ranges, String> {
    let numbered = if fields {
        "fields are numbered from 1"
    } else {
        "byte/character positions are numbered from 1"
    };
    let invalid = |v: &str| {
        if fields {
            format!("invalid field value {}", quote(v))
        } else {
            format!("invalid byte/character position {}", quote(v))
        }
    };
    let num = |s: &str| -> Result<usize, String> {
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(s));
        }
        match s.parse::<usize>() {
            Ok(0) => Err(String::from(numbered)),
            Ok(n) => Ok(n),
            Err(_) => Err(invalid(s)),
        }
    };
    let mut ranges = Vec::new();
    for part in list.split([',', ' ']) {
        if part.is_empty() {
            return Err(String::from(numbered));
        }
        let range = match part.split_once('-') {
            None => {
                let n = num(part)?;
                (n, n)
            }
            Some(("", "")) => return Err(String::from("invalid range with no endpoint: -")),
            Some(("", hi)) => (1, num(hi)?),
            Some((lo, "")) => (num(lo)?, usize::MAX),
            Some((lo, hi)) => {
                let (lo, hi) = (num(lo)?, num(hi)?);
                if hi < lo {
                    return Err(String::from("invalid decreasing range"));
                }
                (lo, hi)
            }
        };
        ranges.push(range);
    }
    Ok(ranges)
}

/// What `cut` selects.
#[derive(Debug)]
struct Cut {
    ranges: Ranges,
    fields: bool,
    delim: u8,
    only_delimited: bool,
    complement: bool,
    output_delim: Option<String>,
}

impl Cut {
    fn selected(&self, pos: usize) -> bool {
        self.ranges.iter().any(|(lo, hi)| *lo <= pos && pos <= *hi) != self.complement
    }

    fn cut_line(&self, body: &[u8]) -> Option<Vec<u8>> {
        if self.fields {
            if !body.contains(&self.delim) {
                return (!self.only_delimited).then(|| Vec::from(body));
            }
            let sep = match &self.output_delim {
                Some(s) => Vec::from(s.as_bytes()),
                None => alloc::vec![self.delim],
            };
            let picked: Vec<&[u8]> = body
                .split(|b| *b == self.delim)
                .enumerate()
                .filter(|(i, _)| self.selected(i + 1))
                .map(|(_, f)| f)
                .collect();
            return Some(picked.join(sep.as_slice()));
        }
        let mut out = Vec::new();
        let mut last: Option<usize> = None;
        for (i, b) in body.iter().enumerate() {
            if self.selected(i + 1) {
                if let (Some(sep), Some(prev)) = (&self.output_delim, last)
                    && prev + 1 != i
                {
                    out.extend_from_slice(sep.as_bytes());
                }
                out.push(*b);
                last = Some(i);
            }
        }
        Some(out)
    }
}

impl LineFilter for Cut {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        let body = line.strip_suffix('\n').unwrap_or(line);
        if let Some(mut out) = self.cut_line(body.as_bytes()) {
            out.push(b'\n');
            ctx.out(&String::from_utf8_lossy(&out));
        }
        true
    }

    fn end(&mut self, _: &mut Ctx<'_>) -> i32 {
        0
    }
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut list: Option<(char, String)> = None;
    let mut delim: Option<String> = None;
    let mut only_delimited = false;
    let mut complement = false;
    let mut output_delim = None;
    let mut operands: Vec<String> = Vec::new();
    let mut it = GnuArgs::new(args);
    let mut set_list = |ctx: &mut Ctx<'_>, kind: char, value: String| -> Result<(), Started> {
        if list.is_some() {
            return Err(usage_error(ctx, "cut", "only one list may be specified"));
        }
        list = Some((kind, value));
        Ok(())
    };
    while let Some(arg) = it.next_option(&mut operands) {
        if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(String::from(v))),
                None => (long, None),
            };
            let mut value = || inline.clone().or_else(|| it.next_value().cloned());
            let r = match name {
                "version" => return super::version(ctx, "cut"),
                "help" => return super::help::print(ctx, "cut"),
                "complement" => {
                    complement = true;
                    Ok(())
                }
                "only-delimited" => {
                    only_delimited = true;
                    Ok(())
                }
                "output-delimiter" | "delimiter" | "fields" | "bytes" | "characters" => {
                    let Some(v) = value() else {
                        return usage_error(
                            ctx,
                            "cut",
                            &format!("option '--{name}' requires an argument"),
                        );
                    };
                    match name {
                        "output-delimiter" => {
                            output_delim = Some(v);
                            Ok(())
                        }
                        "delimiter" => {
                            delim = Some(v);
                            Ok(())
                        }
                        "fields" => set_list(ctx, 'f', v),
                        "bytes" => set_list(ctx, 'b', v),
                        _ => set_list(ctx, 'c', v),
                    }
                }
                _ => return super::super::gnu_unrecognized_option(ctx, "cut", arg),
            };
            if let Err(s) = r {
                return s;
            }
            continue;
        }
        let mut chars = arg.chars().skip(1);
        while let Some(c) = chars.next() {
            match c {
                's' => only_delimited = true,
                'n' => {}
                'b' | 'c' | 'f' | 'd' => {
                    let inline: String = chars.by_ref().collect();
                    let v = if inline.is_empty() {
                        it.next_value().cloned()
                    } else {
                        Some(inline)
                    };
                    let Some(v) = v else {
                        return usage_error(
                            ctx,
                            "cut",
                            &format!("option requires an argument -- '{c}'"),
                        );
                    };
                    if c == 'd' {
                        delim = Some(v);
                    } else if let Err(s) = set_list(ctx, c, v) {
                        return s;
                    }
                    break;
                }
                _ => return super::super::gnu_invalid_option(ctx, "cut", c),
            }
        }
    }
    let Some((kind, list)) = list else {
        return usage_error(
            ctx,
            "cut",
            "you must specify a list of bytes, characters, or fields",
        );
    };
    let fields = kind == 'f';
    if !fields && delim.is_some() {
        return usage_error(
            ctx,
            "cut",
            "an input delimiter may be specified only when operating on fields",
        );
    }
    if !fields && only_delimited {
        return usage_error(
            ctx,
            "cut",
            "suppressing non-delimited lines makes sense\n\tonly when operating on fields",
        );
    }
    let delim = match delim.as_deref().map(str::as_bytes) {
        None => b'\t',
        Some([d]) => *d,
        Some(_) => return usage_error(ctx, "cut", "the delimiter must be a single character"),
    };
    let ranges = match parse_list(&list, fields) {
        Ok(r) => r,
        Err(m) => return usage_error(ctx, "cut", &m),
    };
    let cut = Cut {
        ranges,
        fields,
        delim,
        only_delimited,
        complement,
        output_delim,
    };
    input::run_lines(ctx, "cut", &operands, cut, input::plain_error, start, args)
}
