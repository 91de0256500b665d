//! The objects of iproute2 6.1 beyond addresses, links, routes, rules,
//! neighbours and namespaces. Those whose tables this host keeps empty
//! (no tunnels, TUN/TAP devices, IPsec states, multicast routes, next-hop
//! objects, VRFs, MPTCP endpoints, IOAM namespaces) list nothing, as on a
//! stock Debian 12 host; `ip token` lists each device's (unset) token.
//! Changing them, and the objects whose kernel side the simulation does
//! not have, get the kernel's answer for a request it has no handler for:
//! an rtnetlink message type is `EOPNOTSUPP` (`RTNETLINK answers:
//! Operation not supported`, exit 2); a generic-netlink family not
//! registered is `ENOENT` when ip resolves it (`RTNETLINK answers: No such
//! file or directory` / `Error talking to the kernel`, exit 1).

use alloc::format;
use alloc::string::String;

use super::{Out, matches};
use crate::process::Ctx;

/// The kernel's answer to an rtnetlink request it has no handler for.
pub(super) fn unsupported() -> Out {
    Out::fail("RTNETLINK answers: Operation not supported\n", 2)
}

/// ip's words when a generic-netlink family is not in the kernel.
fn no_family() -> Out {
    Out::fail(
        "RTNETLINK answers: No such file or directory\nError talking to the kernel\n",
        1,
    )
}

/// Whether `args` asks only to list (nothing, `show`, `list`, `ls`).
fn listing(args: &[&str], words: &[&str]) -> bool {
    match args.first() {
        None => true,
        Some(first) => words.iter().any(|w| matches(first, w)),
    }
}

/// `ip OBJECT ARGS` for the objects above (`object` is its full name).
pub(super) fn run(ctx: &mut Ctx<'_>, object: &str, args: &[&str]) -> Out {
    match object {
        "tunnel" | "tunl" | "tuntap" | "tap" | "mroute" | "nexthop"
            if listing(args, &["show", "list", "lst"]) =>
        {
            Out::ok(String::new())
        }
        "xfrm" => match args {
            [obj, rest @ ..]
                if (matches(obj, "state") || matches(obj, "policy"))
                    && listing(rest, &["list", "show"]) =>
            {
                Out::ok(String::new())
            }
            _ => unsupported(),
        },
        "vrf" if listing(args, &["show", "list"]) => Out::ok(String::from(
            "Name              Table\n-----------------------\nNo VRF has been configured\n",
        )),
        "token" if listing(args, &["list", "show"]) => {
            let mut links = ctx.sys().links();
            crate::sort::sort_by(&mut links, |a, b| a.index.0.cmp(&b.index.0));
            Out::ok(
                links
                    .iter()
                    .filter(|l| !l.is_loopback())
                    .map(|l| format!("token :: dev {}\n", l.name))
                    .collect(),
            )
        }
        "l2tp" | "fou" | "ila" | "macsec" | "tcpmetrics" | "sr" | "ioam" | "mptcp" => no_family(),
        _ => unsupported(),
    }
}
