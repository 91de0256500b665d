//! `ip netns add|del|list|exec`.
//!
//! `exec` is iproute2's `setns` then `execvp`: the process moves itself
//! into the namespace with a call and runs the command there, where it
//! stays until it exits.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Opts, Out, exit, matches, unknown_command};
use crate::process::{Ctx, Started};
use crate::sys::User;

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains('/')
}

/// `ip netns ...`.
pub(super) fn netns(ctx: &mut Ctx<'_>, _opts: Opts, args: &[&str]) -> Started {
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (*c, r),
        None => ("list", args),
    };
    let root = ctx.user() == User::Root;
    if matches(cmd, "list") || cmd == "show" {
        // tmpfs lists the newest entry first.
        let mut out = String::new();
        let named = ctx.sys().netns_list();
        for n in named.iter().rev() {
            out.push_str(&n.name);
            if let Some(id) = n.nsid {
                out.push_str(&format!(" (id: {id})"));
            }
            out.push('\n');
        }
        return exit(ctx, Out::ok(out));
    }
    if matches(cmd, "add") {
        let Some(&name) = rest.first() else {
            return exit(ctx, Out::fail("No netns name specified\n", 1));
        };
        if !valid_name(name) {
            return exit(
                ctx,
                Out::fail(format!("Invalid netns name \"{name}\"\n"), 255),
            );
        }
        if !root {
            return exit(
                ctx,
                Out::fail(
                    "mount --make-shared /run/netns failed: Operation not permitted\n",
                    1,
                ),
            );
        }
        return match ctx.sys().netns_add(name) {
            Ok(_) => exit(ctx, Out::default()),
            Err(crate::errno::Errno::EEXIST) => exit(
                ctx,
                Out::fail(
                    format!("Cannot create namespace file \"/run/netns/{name}\": File exists\n"),
                    1,
                ),
            ),
            Err(e) => exit(
                ctx,
                Out::fail(
                    format!(
                        "Cannot create namespace file \"/run/netns/{name}\": {}\n",
                        e.message()
                    ),
                    1,
                ),
            ),
        };
    }
    if matches(cmd, "delete") {
        let Some(&name) = rest.first() else {
            return exit(ctx, Out::fail("No netns name specified\n", 1));
        };
        let exists = ctx.sys().netns_open(name).is_ok();
        if !exists {
            return exit(
                ctx,
                Out::fail(
                    format!(
                        "Cannot remove namespace file \"/run/netns/{name}\": No such file or directory\n"
                    ),
                    1,
                ),
            );
        }
        if !root {
            return exit(
                ctx,
                Out::fail(
                    format!(
                        "Cannot remove namespace file \"/run/netns/{name}\": Permission denied\n"
                    ),
                    1,
                ),
            );
        }
        let _ = ctx.sys().netns_del(name);
        return exit(ctx, Out::default());
    }
    if matches(cmd, "exec") {
        let Some((&name, command)) = rest.split_first() else {
            return exit(ctx, Out::fail("No netns name specified\n", 1));
        };
        if command.is_empty() {
            return exit(ctx, Out::fail("No command specified\n", 1));
        }
        let Ok(id) = ctx.sys().netns_open(name) else {
            return exit(
                ctx,
                Out::fail(
                    format!(
                        "Cannot open network namespace \"{name}\": No such file or directory\n"
                    ),
                    255,
                ),
            );
        };
        if let Err(e) = ctx.setns(id) {
            return exit(
                ctx,
                Out::fail(
                    format!(
                        "setting the network namespace \"{name}\" failed: {}\n",
                        e.message()
                    ),
                    255,
                ),
            );
        }
        let argv: Vec<String> = command.iter().map(|s| String::from(*s)).collect();
        return crate::tools::in_ns::exec(ctx, &argv, |name| {
            (
                format!("exec of \"{name}\" failed: No such file or directory\n"),
                1,
            )
        });
    }
    if matches(cmd, "identify") {
        let name = ctx
            .sys()
            .netns_identify()
            .map(|n| format!("{n}\n"))
            .unwrap_or_default();
        return exit(ctx, Out::ok(name));
    }
    exit(ctx, unknown_command(cmd, "netns"))
}
