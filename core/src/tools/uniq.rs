//! coreutils `uniq`: drops repeated adjacent lines; `-c` prefixes each
//! with its count, `-d` prints only repeated lines, `-u` only unique ones,
//! `-i` ignores case. `uniq INPUT OUTPUT` writes OUTPUT.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::filter::{self, LineFilter};
use crate::process::{Ctx, Started};

#[derive(Clone, Copy, Debug, Default)]
struct Options {
    count: bool,
    repeated: bool,
    unique: bool,
    ignore_case: bool,
}

#[derive(Debug)]
struct Uniq {
    options: Options,
    current: Option<(String, usize)>,
    /// Where the output goes: standard output, or collected for a file.
    collect: Option<String>,
}

impl Uniq {
    fn same(&self, a: &str, b: &str) -> bool {
        if self.options.ignore_case {
            a.to_lowercase() == b.to_lowercase()
        } else {
            a == b
        }
    }

    fn flush(&mut self, ctx: &mut Ctx<'_>) {
        let Some((line, n)) = self.current.take() else {
            return;
        };
        let o = self.options;
        if (o.repeated && n < 2) || (o.unique && n > 1) {
            return;
        }
        let text = if o.count {
            format!("{n:>7} {line}\n")
        } else {
            format!("{line}\n")
        };
        match &mut self.collect {
            Some(buffer) => buffer.push_str(&text),
            None => ctx.out(&text),
        }
    }
}

impl LineFilter for Uniq {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        let line = line.strip_suffix('\n').unwrap_or(line);
        let repeat = self
            .current
            .as_ref()
            .is_some_and(|(prev, _)| self.same(prev, line));
        if repeat {
            if let Some((_, n)) = &mut self.current {
                *n += 1;
            }
        } else {
            self.flush(ctx);
            self.current = Some((String::from(line), 1));
        }
        true
    }

    fn end(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        self.flush(ctx);
        0
    }
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut options = Options::default();
    let mut operands: Vec<String> = Vec::new();
    let mut iter = filter::GnuArgs::new(args);
    while let Some(arg) = iter.next_option(&mut operands) {
        if let Some(long) = arg.strip_prefix("--") {
            match long {
                "count" => options.count = true,
                "repeated" => options.repeated = true,
                "unique" => options.unique = true,
                "ignore-case" => options.ignore_case = true,
                _ => return super::gnu_unrecognized_option(ctx, "uniq", arg),
            }
            continue;
        }
        for c in arg.chars().skip(1) {
            match c {
                'c' => options.count = true,
                'd' => options.repeated = true,
                'u' => options.unique = true,
                'i' => options.ignore_case = true,
                'D' | 'f' | 's' | 'w' | 'z' => return filter::not_in_lab(ctx, "uniq", c, 1),
                _ => return super::gnu_invalid_option(ctx, "uniq", c),
            }
        }
    }
    if let Some(extra) = operands.get(2) {
        let message = format!("extra operand {}", filter::quote(extra));
        return filter::usage_error(ctx, "uniq", &message, 1);
    }
    let mut uniq = Uniq {
        options,
        current: None,
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
