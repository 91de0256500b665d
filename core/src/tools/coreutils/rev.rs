//! util-linux 2.38 `rev [FILE]...`: each line's characters reversed.

use alloc::string::String;
use alloc::vec::Vec;

use super::super::filter::LineFilter;
use super::input;
use crate::process::{Ctx, Started};

/// Reverses lines as they come.
#[derive(Debug)]
struct Rev;

impl LineFilter for Rev {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let mut out: String = body.chars().rev().collect();
        out.push_str(nl);
        ctx.out(&out);
        true
    }

    fn end(&mut self, _: &mut Ctx<'_>) -> i32 {
        0
    }
}

fn open_error(name: &str, message: &str) -> String {
    alloc::format!("cannot open {name}: {message}")
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut operands: Vec<String> = Vec::new();
    let mut it = super::super::filter::GnuArgs::new(args);
    if let Some(arg) = it.next_option(&mut operands) {
        if arg == "--help" || arg == "-h" {
            return super::help::print(ctx, "rev");
        }
        if arg == "--version" || arg == "-V" {
            ctx.out("rev from util-linux 2.38.1\n");
            return Started::Exited(0);
        }
        if arg.starts_with("--") {
            return super::super::gnu_unrecognized_option(ctx, "rev", arg);
        }
        let c = arg.chars().nth(1).unwrap_or('-');
        return super::super::gnu_invalid_option(ctx, "rev", c);
    }
    input::run_lines(ctx, "rev", &operands, Rev, open_error, start, args)
}
