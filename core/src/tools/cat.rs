//! coreutils `cat FILE...` for the lab's files (and standard input).

use alloc::format;
use alloc::string::String;

use crate::process::{Ctx, Started};

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let operands = args.get(1..).unwrap_or_default();
    let mut status = 0;
    if operands.is_empty() {
        let input = String::from(ctx.stdin().unwrap_or_default());
        ctx.out(&input);
        return Started::Exited(0);
    }
    for op in operands {
        if op.starts_with('-') && op.len() > 1 {
            if op.starts_with("--") {
                return super::gnu_unrecognized_option(ctx, "cat", op);
            }
            let c = op.chars().nth(1).unwrap_or('-');
            return super::gnu_invalid_option(ctx, "cat", c);
        }
        let path = crate::shell::absolute_path(op, ctx.user);
        let binary = ctx
            .host
            .files
            .read_bytes(&path)
            .map(|b| String::from_utf8_lossy(b).into_owned());
        let read: Result<String, crate::host::files::FileError> = match binary {
            // A binary file (a capture) prints as bytes; the terminal shows
            // what it can of them, as a real one would.
            Some(text) => Ok(text),
            None => match super::procfs::read(ctx.host, ctx.ns, &path) {
                Some(r) => r,
                None => ctx.host.files.read(&path).map(String::from),
            },
        };
        match read {
            Ok(text) => {
                ctx.out(&text);
            }
            Err(e) => {
                ctx.err(&format!("cat: {op}: {}\n", e.message()));
                status = 1;
            }
        }
    }
    Started::Exited(status)
}
