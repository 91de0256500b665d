//! coreutils `uniq`: drops repeated adjacent lines; `-c` prefixes each
//! with its count, `-d` prints only repeated lines, `-u` only unique ones,
//! `-i` ignores case, `-D` prints every line of each repeated group;
//! lines are compared after `-f N` fields and `-s N` characters, on at
//! most `-w N` characters; `-z` takes NUL-terminated lines. `uniq INPUT
//! OUTPUT` writes OUTPUT.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::filter::{self, LineFilter};
use crate::process::{Ctx, Started};

/// How `-D` (`--all-repeated=METHOD`) sets groups apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AllRepeated {
    /// `none`: not at all.
    Plain,
    /// `prepend`: an empty line before each group.
    Prepend,
    /// `separate`: an empty line between groups.
    Separate,
}

#[derive(Clone, Copy, Debug, Default)]
struct Options {
    count: bool,
    repeated: bool,
    unique: bool,
    ignore_case: bool,
    all_repeated: Option<AllRepeated>,
    skip_fields: usize,
    skip_chars: usize,
    check_chars: Option<usize>,
    zero: bool,
}

/// The part of `line` that is compared: after `fields` fields (blanks
/// then non-blanks) and `chars` characters, at most `check` characters.
fn key(line: &str, options: &Options) -> String {
    let mut rest = line;
    for _ in 0..options.skip_fields {
        rest = rest.trim_start_matches([' ', '\t']);
        rest = rest.trim_start_matches(|c: char| c != ' ' && c != '\t');
        if rest.is_empty() {
            break;
        }
    }
    let chars = rest.chars().skip(options.skip_chars);
    let key: String = match options.check_chars {
        Some(n) => chars.take(n).collect(),
        None => chars.collect(),
    };
    if options.ignore_case {
        key.to_lowercase()
    } else {
        key
    }
}

#[derive(Debug)]
struct Uniq {
    options: Options,
    /// The group's first line, its key and how many lines it has.
    current: Option<(String, String, usize)>,
    /// Repeated groups printed so far (`-D`).
    groups: usize,
    /// Where the output goes: standard output, or collected for a file.
    collect: Option<String>,
}

impl Uniq {
    fn emit(&mut self, ctx: &mut Ctx<'_>, text: &str) {
        match &mut self.collect {
            Some(buffer) => buffer.push_str(text),
            None => ctx.out(text),
        }
    }

    fn end_of_line(&self) -> char {
        if self.options.zero { '\0' } else { '\n' }
    }

    fn flush(&mut self, ctx: &mut Ctx<'_>) {
        let Some((line, _, n)) = self.current.take() else {
            return;
        };
        let o = self.options;
        if o.all_repeated.is_some() || (o.repeated && n < 2) || (o.unique && n > 1) {
            return;
        }
        let end = self.end_of_line();
        let text = if o.count {
            format!("{n:>7} {line}{end}")
        } else {
            format!("{line}{end}")
        };
        self.emit(ctx, &text);
    }

    /// `-D`: a line of a repeated group, printed as it comes (the group's
    /// first line with the second).
    fn all_repeated(&mut self, ctx: &mut Ctx<'_>, method: AllRepeated, line: &str) {
        let end = self.end_of_line();
        let Some((first, _, n)) = &self.current else {
            return;
        };
        let mut text = String::new();
        if *n == 2 {
            let gap = match method {
                AllRepeated::Prepend => true,
                AllRepeated::Separate => self.groups > 0,
                AllRepeated::Plain => false,
            };
            if gap {
                text.push(end);
            }
            text.push_str(first);
            text.push(end);
            self.groups += 1;
        }
        text.push_str(line);
        text.push(end);
        self.emit(ctx, &text);
    }
}

impl LineFilter for Uniq {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        let line = line.strip_suffix(self.end_of_line()).unwrap_or(line);
        let key = key(line, &self.options);
        let repeat = self.current.as_ref().is_some_and(|(_, k, _)| *k == key);
        if repeat {
            if let Some((_, _, n)) = &mut self.current {
                *n += 1;
            }
            if let Some(method) = self.options.all_repeated {
                self.all_repeated(ctx, method, line);
            }
        } else {
            self.flush(ctx);
            self.current = Some((String::from(line), key, 1));
        }
        true
    }

    fn end(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        self.flush(ctx);
        0
    }

    fn delimiter(&self) -> char {
        self.end_of_line()
    }
}

/// A count for `-f`, `-s` or `-w`, or coreutils' error (`invalid number
/// of fields to skip`).
fn count(ctx: &mut Ctx<'_>, value: &str, what: &str) -> Result<usize, Started> {
    if value.is_empty() || !value.chars().all(|c| c.is_ascii_digit()) {
        ctx.err(&format!("uniq: {value}: invalid number of {what}\n"));
        return Err(Started::Exited(1));
    }
    Ok(value.parse::<usize>().unwrap_or(usize::MAX))
}

/// `--all-repeated`'s METHOD, or coreutils' list of the valid ones.
fn method(ctx: &mut Ctx<'_>, value: &str) -> Result<AllRepeated, Started> {
    match value {
        "none" => Ok(AllRepeated::Plain),
        "prepend" => Ok(AllRepeated::Prepend),
        "separate" => Ok(AllRepeated::Separate),
        _ => {
            ctx.err(&format!(
                "uniq: invalid argument {} for {}\nValid arguments are:\n  - {}\n  - {}\n  - {}\nTry 'uniq --help' for more information.\n",
                filter::quote(value),
                filter::quote("--all-repeated"),
                filter::quote("none"),
                filter::quote("prepend"),
                filter::quote("separate"),
            ));
            Err(Started::Exited(1))
        }
    }
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut options = Options::default();
    let mut operands: Vec<String> = Vec::new();
    let mut iter = filter::GnuArgs::new(args);
    while let Some(arg) = iter.next_option(&mut operands) {
        if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(String::from(v))),
                None => (long, None),
            };
            let flag = match name {
                "count" => 'c',
                "repeated" => 'd',
                "unique" => 'u',
                "ignore-case" => 'i',
                "zero-terminated" => 'z',
                "skip-fields" => 'f',
                "skip-chars" => 's',
                "check-chars" => 'w',
                "all-repeated" => {
                    let chosen = match inline {
                        Some(value) => match method(ctx, &value) {
                            Ok(m) => m,
                            Err(started) => return started,
                        },
                        None => AllRepeated::Plain,
                    };
                    options.all_repeated = Some(chosen);
                    continue;
                }
                _ => return super::gnu_unrecognized_option(ctx, "uniq", arg),
            };
            if let Err(started) = set(ctx, &mut options, flag, inline, &mut iter) {
                return started;
            }
            continue;
        }
        for (at, c) in arg.char_indices().skip(1) {
            if matches!(c, 'f' | 's' | 'w') {
                let value = arg
                    .get(at + 1..)
                    .filter(|v| !v.is_empty())
                    .map(String::from);
                if let Err(started) = set(ctx, &mut options, c, value, &mut iter) {
                    return started;
                }
                break;
            }
            if let Err(started) = set(ctx, &mut options, c, None, &mut iter) {
                return started;
            }
        }
    }
    if options.count && options.all_repeated.is_some() {
        return filter::usage_error(
            ctx,
            "uniq",
            "printing all duplicated lines and repeat counts is meaningless",
            1,
        );
    }
    if let Some(extra) = operands.get(2) {
        let message = format!("extra operand {}", filter::quote(extra));
        return filter::usage_error(ctx, "uniq", &message, 1);
    }
    let mut uniq = Uniq {
        options,
        current: None,
        groups: 0,
        collect: None,
    };
    let input = operands
        .first()
        .cloned()
        .unwrap_or_else(|| String::from("-"));
    let output = operands.get(1).filter(|o| *o != "-").cloned();
    if input == "-" && output.is_none() {
        return filter::run_stdin(ctx, uniq);
    }
    if filter::dash_reads_pipe(ctx, &operands) {
        return super::stdin_wait::start(ctx, start, args);
    }
    let text = match filter::read_operand(ctx, &input) {
        Ok(text) => text,
        Err(e) => {
            ctx.err(&format!("uniq: {input}: {}\n", e.message()));
            return Started::Exited(1);
        }
    };
    if output.is_some() {
        uniq.collect = Some(String::new());
    }
    filter::feed(ctx, &mut uniq, &text);
    uniq.end(ctx);
    if let (Some(name), Some(text)) = (output, uniq.collect) {
        let path = crate::shell::absolute_path(&name, ctx.cwd());
        if let Err(e) = ctx.sys().write_file(&path, &text, false) {
            ctx.err(&format!("uniq: {name}: {}\n", e.message()));
            return Started::Exited(1);
        }
    }
    Started::Exited(0)
}

/// Sets option `flag` (its value, for `-f -s -w`, inline or the next word).
fn set(
    ctx: &mut Ctx<'_>,
    options: &mut Options,
    flag: char,
    inline: Option<String>,
    iter: &mut filter::GnuArgs<'_>,
) -> Result<(), Started> {
    match flag {
        'c' => options.count = true,
        'd' => options.repeated = true,
        'u' => options.unique = true,
        'i' => options.ignore_case = true,
        'z' => options.zero = true,
        'D' => options.all_repeated = Some(AllRepeated::Plain),
        'f' | 's' | 'w' => {
            let value = filter::option_value(ctx, "uniq", flag, inline, iter)?;
            match flag {
                'f' => options.skip_fields = count(ctx, &value, "fields to skip")?,
                's' => options.skip_chars = count(ctx, &value, "bytes to skip")?,
                _ => options.check_chars = Some(count(ctx, &value, "bytes to compare")?),
            }
        }
        _ => return Err(super::gnu_invalid_option(ctx, "uniq", flag)),
    }
    Ok(())
}
