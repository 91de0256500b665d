//! `which` (debianutils 5.7): the path `$PATH` finds each program at, as
//! Debian installs it (the shell's table, `shell::paths`); nothing for a
//! name it does not find, exit 1 if any was missing. The lab's programs
//! take no environment: `$PATH` is Debian's for the user running it.

use alloc::format;
use alloc::string::String;

use crate::process::{Command, Ctx, Started};
use crate::shell::paths;
use crate::shell::{ROOT_PATH, USER_PATH};
use crate::sys::User;

/// The programs of this module.
pub(crate) const COMMANDS: &[Command] = &[Command {
    name: "which",
    summary: "show which file a command name runs (which)",
    start,
}];

fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut all = false;
    let mut names = alloc::vec::Vec::new();
    for a in args.iter().skip(1) {
        match a.as_str() {
            "-a" => all = true,
            o if o.starts_with('-') && o.len() > 1 => {
                ctx.err(&format!(
                    "Illegal option {o}\nUsage: /usr/bin/which [-a] args\n"
                ));
                return Started::Exited(2);
            }
            n => names.push(n),
        }
    }
    if names.is_empty() {
        return Started::Exited(1);
    }
    let path = if ctx.user() == User::Root {
        ROOT_PATH
    } else {
        USER_PATH
    };
    let mut status = 0;
    for name in names {
        let found = super::find(name).is_some() || matches!(name, "bash" | "sh");
        let hits = if found {
            if all {
                paths::lookup_all(name, path)
            } else {
                paths::lookup(name, path).into_iter().collect()
            }
        } else {
            alloc::vec::Vec::new()
        };
        if hits.is_empty() {
            status = 1;
        }
        for h in hits {
            ctx.out(&format!("{h}\n"));
        }
    }
    Started::Exited(status)
}
