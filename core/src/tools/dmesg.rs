//! `dmesg` from util-linux 2.38 on Debian 12, where `kernel.dmesg_restrict`
//! is 1: only root may read (or clear) the kernel log.

use alloc::format;
use alloc::string::String;

use crate::errno::Errno;
use crate::process::{Ctx, Started};

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut clear_after = false;
    let mut clear_only = false;
    for a in args.iter().skip(1) {
        match a.as_str() {
            "-c" | "--read-clear" => clear_after = true,
            "-C" | "--clear" => clear_only = true,
            // Options that change nothing the lab prints.
            "-x" | "--decode" | "-k" | "--kernel" | "-L" | "--color" | "-P" | "--nopager"
            | "-w" | "--follow" => {}
            o if o.starts_with("--") => {
                return super::gnu_unrecognized_option(ctx, "dmesg", o);
            }
            o if o.starts_with('-') => {
                let c = o.chars().nth(1).unwrap_or('-');
                return super::gnu_invalid_option(ctx, "dmesg", c);
            }
            _ => {
                ctx.err("dmesg: bad usage\nTry 'dmesg --help' for more information.\n");
                return Started::Exited(1);
            }
        }
    }
    let what = if clear_only { "clear" } else { "read" };
    if !clear_only {
        match ctx.sys().syslog_read() {
            Ok(lines) => {
                let mut text = String::new();
                for (t, line) in lines {
                    let us = t.micros();
                    text.push_str(&format!(
                        "[{:>5}.{:06}] {line}\n",
                        us / 1_000_000,
                        us % 1_000_000
                    ));
                }
                ctx.out(&text);
            }
            Err(e) => return failed(ctx, what, e),
        }
    }
    if (clear_after || clear_only)
        && let Err(e) = ctx.sys().syslog_clear()
    {
        return failed(ctx, what, e);
    }
    Started::Exited(0)
}

/// `dmesg: read kernel buffer failed: Operation not permitted`.
fn failed(ctx: &mut Ctx<'_>, what: &str, e: Errno) -> Started {
    ctx.err(&format!(
        "dmesg: {what} kernel buffer failed: {}\n",
        e.message()
    ));
    Started::Exited(1)
}
