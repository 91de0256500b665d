//! coreutils `sort`: sorts lines byte by byte (the C.UTF-8 locale), or by
//! their leading number (`-n`), reversed (`-r`), without repeats (`-u`).
//! It reads all of its input before printing anything.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

use super::filter::{self, LineFilter};
use crate::process::{Ctx, Started};

/// The most bytes `sort` keeps (a lab limit: a flood into `sort` must
/// not exhaust the page).
const INPUT_LIMIT: usize = 4 << 20;

#[derive(Clone, Copy, Debug, Default)]
struct Keys {
    numeric: bool,
    reverse: bool,
    unique: bool,
}

#[derive(Debug)]
struct Sort {
    keys: Keys,
    lines: Vec<String>,
    bytes: usize,
    cut: bool,
}

impl Sort {
    fn add(&mut self, ctx: &mut Ctx<'_>, line: &str) {
        if self.bytes + line.len() > INPUT_LIMIT {
            if !self.cut {
                ctx.err("sort: input cut after 4 MiB (a lab limit)\n");
                self.cut = true;
            }
            return;
        }
        self.bytes += line.len();
        self.lines
            .push(String::from(line.strip_suffix('\n').unwrap_or(line)));
    }

    fn print(&mut self, ctx: &mut Ctx<'_>) {
        let keys = self.keys;
        let lines = core::mem::take(&mut self.lines);
        let sorted = crate::sort::merge_sort_by(lines, |a, b| compare(keys, a, b));
        let mut out = String::new();
        let mut previous: Option<&String> = None;
        for line in &sorted {
            if keys.unique && previous.is_some_and(|p| key_order(keys, p, line) == Ordering::Equal)
            {
                continue;
            }
            out.push_str(line);
            out.push('\n');
            previous = Some(line);
        }
        ctx.out(&out);
    }
}

impl LineFilter for Sort {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        self.add(ctx, line);
        true
    }

    fn end(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        self.print(ctx);
        0
    }
}

/// The order of the keys alone (`-n`'s number, or the whole line).
fn key_order(keys: Keys, a: &str, b: &str) -> Ordering {
    if keys.numeric {
        numeric(a, b)
    } else {
        a.as_bytes().cmp(b.as_bytes())
    }
}

/// The full order: the keys, then (unless `-u`) the whole line byte by
/// byte as GNU's last resort; `-r` reverses both.
fn compare(keys: Keys, a: &str, b: &str) -> Ordering {
    let mut o = key_order(keys, a, b);
    if o == Ordering::Equal && keys.numeric && !keys.unique {
        o = a.as_bytes().cmp(b.as_bytes());
    }
    if keys.reverse { o.reverse() } else { o }
}

/// A line's leading number as `sort -n` reads it: blanks, a minus sign,
/// digits, a decimal point and more digits; anything else counts as 0.
fn number(s: &str) -> (bool, String, String) {
    let s = s.trim_start_matches([' ', '\t']);
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let int: String = s.chars().take_while(char::is_ascii_digit).collect();
    let rest = s.get(int.len()..).unwrap_or_default();
    let frac: String = rest
        .strip_prefix('.')
        .map(|f| f.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default();
    let int = String::from(int.trim_start_matches('0'));
    let frac = String::from(frac.trim_end_matches('0'));
    let zero = int.is_empty() && frac.is_empty();
    (negative && !zero, int, frac)
}

fn numeric(a: &str, b: &str) -> Ordering {
    let (na, ia, fa) = number(a);
    let (nb, ib, fb) = number(b);
    let magnitude = ia.len().cmp(&ib.len()).then(ia.cmp(&ib)).then(fa.cmp(&fb));
    match (na, nb) {
        (false, false) => magnitude,
        (true, true) => magnitude.reverse(),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
    }
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut keys = Keys::default();
    let mut operands: Vec<String> = Vec::new();
    let mut after_dashes = false;
    for arg in args.iter().skip(1) {
        if after_dashes || arg == "-" || !arg.starts_with('-') {
            operands.push(arg.clone());
            continue;
        }
        if arg == "--" {
            after_dashes = true;
            continue;
        }
        if let Some(long) = arg.strip_prefix("--") {
            match long {
                "numeric-sort" => keys.numeric = true,
                "reverse" => keys.reverse = true,
                "unique" => keys.unique = true,
                _ => return super::gnu_unrecognized_option_status(ctx, "sort", arg, 2),
            }
            continue;
        }
        for c in arg.chars().skip(1) {
            match c {
                'n' => keys.numeric = true,
                'r' => keys.reverse = true,
                'u' => keys.unique = true,
                'b' | 'c' | 'C' | 'd' | 'f' | 'g' | 'h' | 'i' | 'k' | 'm' | 'M' | 'o' | 'R'
                | 's' | 'S' | 't' | 'T' | 'V' | 'z' => {
                    return filter::not_in_lab(ctx, "sort", c, 2);
                }
                _ => return super::gnu_invalid_option_status(ctx, "sort", c, 2),
            }
        }
    }
    let mut sort = Sort {
        keys,
        lines: Vec::new(),
        bytes: 0,
        cut: false,
    };
    if operands.is_empty() {
        return filter::run_stdin(ctx, sort);
    }
    if filter::dash_reads_pipe(ctx, &operands) {
        return super::stdin_wait::start(ctx, start, args);
    }
    // sort reads every file before printing: an unreadable one means no output.
    let mut texts = Vec::new();
    for name in &operands {
        match filter::read_operand(ctx, name) {
            Ok(text) => texts.push(text),
            Err(e) => {
                ctx.err(&format!("sort: cannot read: {name}: {}\n", e.message()));
                return Started::Exited(2);
            }
        }
    }
    for text in &texts {
        for line in text.split_inclusive('\n') {
            sort.add(ctx, line);
        }
    }
    sort.print(ctx);
    Started::Exited(0)
}
