//! coreutils 9.1 `printf FORMAT [ARGUMENT]...` over the format engine
//! (`tools/printf`). Its diagnostics interleave with its output as stdio
//! buffers it: line by line on a terminal, all at exit into a pipe or file.

use alloc::string::String;
use alloc::vec::Vec;

use super::usage_error;
use crate::printf::{self, Piece};
use crate::process::{Ctx, Started};

/// Writes bytes to standard output (invalid UTF-8 shown as U+FFFD).
fn write_out(ctx: &mut Ctx<'_>, bytes: &[u8]) {
    if !bytes.is_empty() {
        ctx.out(&String::from_utf8_lossy(bytes));
    }
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut rest = args.get(1..).unwrap_or_default();
    if rest.first().is_some_and(|a| a == "--") {
        rest = rest.get(1..).unwrap_or_default();
    }
    let Some((format, operands)) = rest.split_first() else {
        return usage_error(ctx, "printf", "missing operand");
    };
    if format == "--version" && operands.is_empty() {
        return super::version(ctx, "printf");
    }
    if format == "--help" && operands.is_empty() {
        return super::help::print(ctx, "printf");
    }
    let printed = printf::format(format, operands);
    let line_buffered = ctx.stdout_is_terminal();
    let mut held: Vec<u8> = Vec::new();
    for piece in printed.pieces {
        match piece {
            Piece::Out(bytes) => held.extend_from_slice(&bytes),
            Piece::Err(message) => {
                if line_buffered {
                    let cut = held.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
                    let rest = held.split_off(cut);
                    write_out(ctx, &held);
                    held = rest;
                }
                ctx.err(&alloc::format!("printf: {message}\n"));
            }
        }
    }
    write_out(ctx, &held);
    Started::Exited(printed.status)
}
