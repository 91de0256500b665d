//! coreutils `cat FILE...` for the lab's files, and standard input (with
//! no FILE, or `-`), passed on as it comes from a pipe.

use alloc::format;
use alloc::string::String;

use super::filter::{self, LineFilter};
use crate::process::{Ctx, Started};

/// `cat` copying a pipe.
#[derive(Debug)]
struct Copy;

impl LineFilter for Copy {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        ctx.out(line);
        true
    }

    fn end(&mut self, _ctx: &mut Ctx<'_>) -> i32 {
        0
    }
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let operands = args.get(1..).unwrap_or_default();
    let mut status = 0;
    if operands.is_empty() {
        return filter::run_stdin(ctx, Copy);
    }
    for op in operands {
        if op.starts_with('-') && op.len() > 1 {
            if op.starts_with("--") {
                return super::gnu_unrecognized_option(ctx, "cat", op);
            }
            let c = op.chars().nth(1).unwrap_or('-');
            return super::gnu_invalid_option(ctx, "cat", c);
        }
    }
    if filter::dash_reads_pipe(ctx, operands) {
        return super::stdin_wait::start(ctx, start, args);
    }
    for op in operands {
        // A binary file (a capture) prints as bytes; the terminal shows
        // what it can of them, as a real one would.
        match filter::read_operand(ctx, op) {
            Ok(text) => ctx.out(&text),
            Err(e) => {
                ctx.err(&format!("cat: {op}: {}\n", e.message()));
                status = 1;
            }
        }
    }
    Started::Exited(status)
}
