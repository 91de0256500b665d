//! coreutils 9.1 `tac [FILE]...`: each input's lines last first (a last
//! line without a newline is glued to the line printed after it, as the
//! real one does).

use alloc::string::String;
use alloc::vec::Vec;

use super::input;
use crate::process::{Ctx, Started};

fn reversed(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    lines.into_iter().rev().collect()
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut operands: Vec<String> = Vec::new();
    let mut it = super::super::filter::GnuArgs::new(args);
    if let Some(arg) = it.next_option(&mut operands) {
        if arg == "--version" {
            return super::version(ctx, "tac");
        }
        if arg == "--help" {
            return super::help::print(ctx, "tac");
        }
        if arg.starts_with("--") {
            return super::super::gnu_unrecognized_option(ctx, "tac", arg);
        }
        let c = arg.chars().nth(1).unwrap_or('-');
        return super::super::gnu_invalid_option(ctx, "tac", c);
    }
    if input::must_wait(ctx, &operands) {
        return super::super::stdin_wait::start(ctx, start, args);
    }
    if operands.is_empty() {
        operands.push(String::from("-"));
    }
    let mut status = 0;
    for name in &operands {
        match input::read(ctx, name) {
            Ok(text) => ctx.out(&reversed(&text)),
            Err(e) => {
                status = 1;
                ctx.err(&alloc::format!(
                    "tac: failed to open '{name}' for reading: {}\n",
                    e.message()
                ));
            }
        }
    }
    Started::Exited(status)
}

#[cfg(test)]
mod tests {
    /// Recorded: `printf 'a\nb' | tac` → `ba\n`.
    #[test]
    fn unterminated_last_line() {
        assert_eq!(super::reversed("a\nb\nc\n"), "c\nb\na\n");
        assert_eq!(super::reversed("a\nb"), "ba\n");
    }
}
