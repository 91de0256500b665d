//! How these programs read their input: the operands in order (`-` is
//! standard input), standard input when there are none, a pipe line by
//! line as it fills (through `filter`'s [`LineFilter`]).

use alloc::string::String;

use super::super::filter::{self, LineFilter};
use super::super::stdin_wait;
use crate::process::{Ctx, StartFn, Started};
use crate::sys::fs::FileError;

/// How a program words a file it cannot read, given the operand and the
/// error's `strerror` text.
pub(crate) type OpenError = fn(&str, &str) -> String;

/// `cut: NAME: No such file or directory` (coreutils' usual form).
pub(crate) fn plain_error(name: &str, message: &str) -> String {
    alloc::format!("{name}: {message}")
}

/// Runs `lines` over the operands (or standard input): each file's text
/// fed line by line, a pipe as it fills. `me` and `args` restart the
/// program once a piped standard input named `-` has ended.
pub(crate) fn run_lines<F: LineFilter>(
    ctx: &mut Ctx<'_>,
    tool: &str,
    operands: &[String],
    mut lines: F,
    open_error: OpenError,
    me: StartFn,
    args: &[String],
) -> Started {
    if operands.is_empty() {
        return filter::run_stdin(ctx, lines);
    }
    if filter::dash_reads_pipe(ctx, operands) {
        return stdin_wait::start(ctx, me, args);
    }
    let mut failed = false;
    for name in operands {
        match filter::read_operand(ctx, name) {
            Ok(text) => {
                if !filter::feed(ctx, &mut lines, &text) {
                    break;
                }
            }
            Err(e) => {
                failed = true;
                ctx.err(&alloc::format!(
                    "{tool}: {}\n",
                    open_error(name, e.message())
                ));
            }
        }
    }
    let status = lines.end(ctx);
    Started::Exited(if failed { 1 } else { status })
}

/// Reads an operand (`-` is standard input, already collected).
pub(crate) fn read(ctx: &mut Ctx<'_>, name: &str) -> Result<String, FileError> {
    filter::read_operand(ctx, name)
}

/// True if some operand is `-` and a pipe is still being written.
pub(crate) fn must_wait(ctx: &Ctx<'_>, operands: &[String]) -> bool {
    filter::dash_reads_pipe(ctx, operands)
        || (operands.is_empty() && ctx.stdin().is_none() && ctx.stdin_is_pipe())
}
