//! Commands with no options worth the name: `true`, `false`, `clear`,
//! `whoami`.

use alloc::format;
use alloc::string::String;

use crate::process::{Ctx, Started};

pub(super) fn true_(_: &mut Ctx<'_>, _: &[String]) -> Started {
    Started::Exited(0)
}

pub(super) fn false_(_: &mut Ctx<'_>, _: &[String]) -> Started {
    Started::Exited(1)
}

pub(super) fn clear(ctx: &mut Ctx<'_>, _: &[String]) -> Started {
    ctx.clear_screen();
    Started::Exited(0)
}

/// bash's `pwd` builtin (bash 5.2.15: operands are ignored; `pwd -Z` says
/// `bash: pwd: -Z: invalid option` then `pwd: usage: pwd [-LP]`, status 2).
pub(super) fn pwd(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    for a in args.get(1..).unwrap_or_default() {
        let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) else {
            continue;
        };
        if flags == "-" {
            break;
        }
        if let Some(bad) = flags.chars().find(|c| !matches!(c, 'L' | 'P')) {
            ctx.err(&format!(
                "bash: pwd: -{bad}: invalid option\npwd: usage: pwd [-LP]\n"
            ));
            return Started::Exited(2);
        }
    }
    let dir = String::from(ctx.cwd());
    ctx.out(&format!("{dir}\n"));
    Started::Exited(0)
}

pub(super) fn whoami(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    if let Some(extra) = args.get(1) {
        ctx.err(&format!(
            "whoami: extra operand ‘{extra}’\nTry 'whoami --help' for more information.\n"
        ));
        return Started::Exited(1);
    }
    let name = ctx.user().name();
    ctx.out(&format!("{name}\n"));
    Started::Exited(0)
}
