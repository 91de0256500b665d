//! coreutils `sort`: sorts lines byte by byte (the C.UTF-8 locale), or by
//! their leading number (`-n`), reversed (`-r`), without repeats (`-u`),
//! by fields (`-k F1[,F2]`, `-t C`, `-b`; see `sort_keys`).
//! It reads all of its input before printing anything.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::filter::{self, LineFilter};
use super::sort_keys::{self, Order};
use crate::process::{Ctx, Started};

/// The most bytes `sort` keeps (a lab limit: a flood into `sort` must
/// not exhaust the page).
const INPUT_LIMIT: usize = 4 << 20;

#[derive(Debug)]
struct Sort {
    order: Order,
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
        let order = &self.order;
        let lines = core::mem::take(&mut self.lines);
        let sorted = crate::sort::merge_sort_by(lines, |a, b| order.compare(a, b));
        let mut out = String::new();
        let mut previous: Option<&String> = None;
        for line in &sorted {
            if order.unique && previous.is_some_and(|p| order.compare_keys(p, line).is_eq()) {
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

/// Applies one option (with its value for `-k` and `-t`); `Err` is the
/// exit status after the error was printed.
fn apply(
    ctx: &mut Ctx<'_>,
    order: &mut Order,
    option: char,
    value: Option<String>,
) -> Result<(), i32> {
    match option {
        'n' => order.numeric = true,
        'r' => order.reverse = true,
        'u' => order.unique = true,
        'b' => order.blanks = true,
        'k' | 't' => {
            let Some(value) = value else {
                let message = format!("option requires an argument -- '{option}'");
                filter::usage_error(ctx, "sort", &message, 2);
                return Err(2);
            };
            if option == 't' {
                let mut chars = value.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => order.separator = Some(c),
                    (None, _) => {
                        ctx.err("sort: empty tab\n");
                        return Err(2);
                    }
                    _ => {
                        ctx.err(&format!(
                            "sort: multi-character tab {}\n",
                            filter::quote(&value)
                        ));
                        return Err(2);
                    }
                }
            } else {
                match sort_keys::parse_key(&value) {
                    Ok(key) => order.keys.push(key),
                    Err(message) => {
                        ctx.err(&format!("sort: {message}\n"));
                        return Err(2);
                    }
                }
            }
        }
        'c' | 'C' | 'd' | 'f' | 'g' | 'h' | 'i' | 'm' | 'M' | 'o' | 'R' | 's' | 'S' | 'T' | 'V'
        | 'z' => {
            super::gnu_invalid_option_status(ctx, "sort", option, 2);
            return Err(2);
        }
        _ => {
            super::gnu_invalid_option_status(ctx, "sort", option, 2);
            return Err(2);
        }
    }
    Ok(())
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut order = Order::default();
    let mut operands: Vec<String> = Vec::new();
    let mut iter = filter::GnuArgs::new(args);
    while let Some(arg) = iter.next_option(&mut operands) {
        if let Some(long) = arg.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(String::from(v))),
                None => (long, None),
            };
            let option = match name {
                "numeric-sort" => 'n',
                "reverse" => 'r',
                "unique" => 'u',
                "ignore-leading-blanks" => 'b',
                "key" => 'k',
                "field-separator" => 't',
                _ => return super::gnu_unrecognized_option_status(ctx, "sort", arg, 2),
            };
            let value = if matches!(option, 'k' | 't') {
                value.or_else(|| iter.next_value().cloned())
            } else {
                None
            };
            if let Err(status) = apply(ctx, &mut order, option, value) {
                return Started::Exited(status);
            }
            continue;
        }
        let flags: Vec<char> = arg.chars().skip(1).collect();
        for (i, c) in flags.iter().enumerate() {
            let value = if matches!(c, 'k' | 't') {
                let rest: String = flags.iter().skip(i + 1).collect();
                if rest.is_empty() {
                    iter.next_value().cloned()
                } else {
                    Some(rest)
                }
            } else {
                None
            };
            if let Err(status) = apply(ctx, &mut order, *c, value) {
                return Started::Exited(status);
            }
            if matches!(c, 'k' | 't') {
                break;
            }
        }
    }
    let mut sort = Sort {
        order,
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
