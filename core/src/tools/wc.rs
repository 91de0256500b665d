//! coreutils `wc`: newline, word and byte counts (`-l -w -c`, and `-m`
//! characters, `-L` the longest line's width), all three by default, with GNU's column widths: as wide as
//! the total size of the regular files read, at least 7 when one input is
//! a pipe or a directory, and no padding for a single count of one input.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::filter::{self, LineFilter};
use crate::process::{Ctx, Started};

/// Which counts to print.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Which {
    lines: bool,
    words: bool,
    chars: bool,
    bytes: bool,
    longest: bool,
}

impl Which {
    fn how_many(self) -> usize {
        [self.lines, self.words, self.chars, self.bytes, self.longest]
            .iter()
            .filter(|b| **b)
            .count()
    }
}

/// The counts of one input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    lines: usize,
    words: usize,
    chars: usize,
    bytes: usize,
    /// The widest line, in columns (a tab moves to the next multiple of 8).
    longest: usize,
}

/// The columns `line` takes on a terminal, as `wc -L` counts them: a tab
/// moves to the next multiple of 8, a control character takes none.
fn width(line: &str) -> usize {
    line.chars().fold(0, |col, c| match c {
        '\t' => (col / 8 + 1) * 8,
        c if c.is_control() => col,
        _ => col + 1,
    })
}

impl Counts {
    fn of(text: &str) -> Counts {
        Counts {
            lines: text.matches('\n').count(),
            words: text.split_whitespace().count(),
            chars: text.chars().count(),
            bytes: text.len(),
            longest: text.split('\n').map(width).max().unwrap_or(0),
        }
    }

    fn add(&mut self, other: Counts) {
        self.lines += other.lines;
        self.words += other.words;
        self.chars += other.chars;
        self.bytes += other.bytes;
        self.longest = self.longest.max(other.longest);
    }

    fn line(&self, which: Which, width: usize, name: Option<&str>) -> String {
        let mut fields = Vec::new();
        for (on, n) in [
            (which.lines, self.lines),
            (which.words, self.words),
            (which.chars, self.chars),
            (which.bytes, self.bytes),
            (which.longest, self.longest),
        ] {
            if on {
                fields.push(format!("{n:>width$}"));
            }
        }
        let mut s = fields.join(" ");
        if let Some(name) = name {
            s.push(' ');
            s.push_str(name);
        }
        s.push('\n');
        s
    }
}

/// `wc` reading a pipe: counts as lines come (a word may span two reads,
/// so the words are counted on whole lines).
#[derive(Debug)]
struct WcPipe {
    which: Which,
    counts: Counts,
}

impl LineFilter for WcPipe {
    fn line(&mut self, _ctx: &mut Ctx<'_>, line: &str) -> bool {
        self.counts.add(Counts::of(line));
        true
    }

    fn end(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        let width = if self.which.how_many() == 1 { 1 } else { 7 };
        ctx.out(&self.counts.line(self.which, width, None));
        0
    }
}

fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut which = Which::default();
    let mut operands: Vec<String> = Vec::new();
    let mut iter = filter::GnuArgs::new(args);
    while let Some(arg) = iter.next_option(&mut operands) {
        if let Some(long) = arg.strip_prefix("--") {
            match long {
                "lines" => which.lines = true,
                "words" => which.words = true,
                "chars" => which.chars = true,
                "bytes" => which.bytes = true,
                "max-line-length" => which.longest = true,
                _ => return super::gnu_unrecognized_option(ctx, "wc", arg),
            }
            continue;
        }
        for c in arg.chars().skip(1) {
            match c {
                'l' => which.lines = true,
                'w' => which.words = true,
                'm' => which.chars = true,
                'c' => which.bytes = true,
                'L' => which.longest = true,
                _ => return super::gnu_invalid_option(ctx, "wc", c),
            }
        }
    }
    if which.how_many() == 0 {
        which = Which {
            lines: true,
            words: true,
            chars: false,
            bytes: true,
            longest: false,
        };
    }
    if operands.is_empty() {
        if ctx.stdin().is_none() && ctx.stdin_is_pipe() {
            return filter::run_stdin(
                ctx,
                WcPipe {
                    which,
                    counts: Counts::default(),
                },
            );
        }
        // Standard input from `<` is a regular file: as wide as its size;
        // the terminal (or a pipe) is not.
        let regular = ctx.stdin().is_some() && !ctx.stdin_was_pipe();
        let text = String::from(ctx.stdin().unwrap_or_default());
        let counts = Counts::of(&text);
        let width = match (which.how_many(), regular) {
            (1, _) => 1,
            (_, true) => digits(text.len()),
            (_, false) => 7,
        };
        ctx.out(&counts.line(which, width, None));
        return Started::Exited(0);
    }
    if filter::dash_reads_pipe(ctx, &operands) {
        return super::stdin_wait::start(ctx, start, args);
    }
    // Read every input first: the width depends on all of them.
    let from_pipe = ctx.stdin_was_pipe();
    let mut inputs = Vec::new();
    for name in &operands {
        let path = crate::shell::absolute_path(name, ctx.cwd());
        let is_dir = name != "-" && ctx.sys().is_dir(&path);
        let read = filter::read_operand(ctx, name);
        let regular = !(is_dir || (name == "-" && from_pipe));
        inputs.push((name, read, regular, is_dir));
    }
    let first_failed = inputs
        .first()
        .is_some_and(|(_, r, _, dir)| r.is_err() && !dir);
    let mut width = 1;
    let one_count_of_one = operands.len() == 1 && which.how_many() == 1;
    if !(first_failed || one_count_of_one) {
        let mut minimum = 1;
        let mut total = 0;
        for (_, read, regular, is_dir) in &inputs {
            match read {
                Ok(text) if *regular => total += text.len(),
                Ok(_) => minimum = 7,
                Err(_) if *is_dir => minimum = 7,
                Err(_) => {}
            }
        }
        width = digits(total).max(minimum);
    }
    let mut status = 0;
    let mut total = Counts::default();
    for (name, read, _, is_dir) in &inputs {
        match read {
            Ok(text) => {
                let counts = Counts::of(text);
                total.add(counts);
                ctx.out(&counts.line(
                    which,
                    width,
                    (*name != "-").then_some(name.as_str()).or(Some("-")),
                ));
            }
            Err(e) => {
                ctx.err(&format!("wc: {name}: {}\n", e.message()));
                status = 1;
                if *is_dir {
                    ctx.out(&Counts::default().line(which, width, Some(name)));
                }
            }
        }
    }
    if operands.len() > 1 {
        ctx.out(&total.line(which, width, Some("total")));
    }
    Started::Exited(status)
}
