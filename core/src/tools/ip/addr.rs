//! `ip addr`: show (through [`super::show`]) and address `add`/`del`,
//! which the kernel answers with its errno and extended-ack text.

use alloc::format;
use alloc::string::String;
use core::net::IpAddr;

use super::{EPERM, Opts, Out, incomplete, matches, unknown_command};
use crate::process::Ctx;
use crate::sys::User;

/// `ip addr ...`.
pub(super) fn addr(ctx: &mut Ctx<'_>, opts: Opts, args: &[&str]) -> Out {
    let Some((&cmd, rest)) = args.split_first() else {
        return super::show::show(ctx, opts, &[], true);
    };
    if matches(cmd, "show") || matches(cmd, "list") || matches(cmd, "lst") {
        return super::show::show(ctx, opts, rest, true);
    }
    if matches(cmd, "add") {
        return addr_change(ctx, opts, rest, true);
    }
    if matches(cmd, "delete") {
        return addr_change(ctx, opts, rest, false);
    }
    if matches(cmd, "help") {
        return Out::fail(ADDR_USAGE, 255);
    }
    unknown_command(cmd, "address")
}

/// The start of `ip address help` (the lab prints its first lines).
const ADDR_USAGE: &str = "Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]
                                                      [ CONFFLAG-LIST ]
       ip address del IFADDR dev IFNAME [mngtmpaddr]
       ip address {save|flush} [ dev IFNAME ] [ scope SCOPE-ID ]
                            [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]
       ip address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]
                         [ nomaster ]
                         [ type TYPE ] [ to PREFIX ] [ FLAG-LIST ]
                         [ label LABEL ] [up] [ vrf NAME ]
                         [ proto ADDRPROTO ] ]
";

fn addr_change(ctx: &mut Ctx<'_>, opts: Opts, args: &[&str], add: bool) -> Out {
    let mut local: Option<(IpAddr, u8, bool)> = None;
    let mut dev: Option<&str> = None;
    let mut it = args.iter().copied();
    while let Some(a) = it.next() {
        match a {
            "dev" => match it.next() {
                Some(d) => dev = Some(d),
                None => return incomplete(),
            },
            "local" | "to" => match it.next() {
                Some(p) => match super::cmd::parse_prefix(p, opts.family) {
                    Ok((x, l)) => local = Some((x, l, p.contains('/'))),
                    Err(e) => return Out::fail(e.stderr, e.status),
                },
                None => return incomplete(),
            },
            // Accepted and ignored: the lab computes broadcast and scope itself.
            "brd" | "broadcast" | "scope" | "label" | "valid_lft" | "preferred_lft" => {
                if it.next().is_none() {
                    return incomplete();
                }
            }
            "noprefixroute" | "nodad" | "home" => {}
            p => {
                if local.is_some() {
                    return Out::fail(
                        format!("Error: either \"local\" is duplicate, or \"{p}\" is a garbage.\n"),
                        255,
                    );
                }
                match super::cmd::parse_prefix(p, opts.family) {
                    Ok((x, l)) => local = Some((x, l, p.contains('/'))),
                    Err(e) => return Out::fail(e.stderr, e.status),
                }
            }
        }
    }
    let Some(dev) = dev else {
        return Out::fail("Not enough information: \"dev\" argument is required.\n", 1);
    };
    let Some(link) = ctx.sys().link(dev) else {
        return Out::fail(format!("Cannot find device \"{dev}\"\n"), 1);
    };
    let index = link.index;
    let Some((addr, len, explicit_len)) = local else {
        return Out::fail(
            "Not enough information: \"local\" argument is required.\n",
            1,
        );
    };
    if ctx.user() != User::Root {
        return Out::fail(EPERM, 2);
    }
    let v4 = addr.is_ipv4();
    if add {
        match ctx.sys().addr_add(index, addr, len) {
            Ok(()) => Out::default(),
            Err(e) => Out::fail(format!("{e}\n"), 2),
        }
    } else {
        let mut warning = String::new();
        let len = if v4 && !explicit_len {
            warning = format!(
                "Warning: Executing wildcard deletion to stay compatible with old scripts.\n         Explicitly specify the prefix length ({addr}/32) to avoid this warning.\n         This special behaviour is likely to disappear in further releases,\n         fix your scripts!\n"
            );
            // The wildcard deletion removes the address whatever its length.
            link.ipv4
                .iter()
                .find(|a| IpAddr::V4(a.addr) == addr)
                .map_or(len, |a| a.prefix_len)
        } else {
            len
        };
        match ctx.sys().addr_del(index, addr, len) {
            Ok(()) => Out::fail(warning, 0),
            Err(e) => Out::fail(format!("{warning}{e}\n"), 2),
        }
    }
}
