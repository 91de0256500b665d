//! `ip link`: show (through [`super::show`]), `set` (up/down, mtu,
//! netns), `add ... type veth` and `del`, each a netlink-style call the
//! kernel answers with its errno and extended-ack text.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{EPERM, Opts, Out, incomplete, matches, unknown_command};
use crate::process::Ctx;
use crate::sys::User;
use crate::sys::link::IfIndex;

/// `ip link ...`.
pub(super) fn link(ctx: &mut Ctx<'_>, opts: Opts, args: &[&str]) -> Out {
    let Some((&cmd, rest)) = args.split_first() else {
        return super::show::show(ctx, opts, &[], false);
    };
    if matches(cmd, "show") || matches(cmd, "list") || matches(cmd, "lst") {
        return super::show::show(ctx, opts, rest, false);
    }
    if matches(cmd, "set") {
        return link_set(ctx, rest);
    }
    if matches(cmd, "add") {
        return link_add(ctx, rest);
    }
    if matches(cmd, "delete") {
        return link_del(ctx, rest);
    }
    if matches(cmd, "help") {
        return Out::fail(
            "Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME\n",
            255,
        );
    }
    unknown_command(cmd, "link")
}

fn find_dev(ctx: &mut Ctx<'_>, name: &str) -> Result<IfIndex, Out> {
    ctx.sys()
        .link(name)
        .map(|l| l.index)
        .ok_or_else(|| Out::fail(format!("Cannot find device \"{name}\"\n"), 1))
}

/// One change of `ip link set`, in the order given.
enum SetOp {
    Up(bool),
    Mtu(u32),
    Netns(String),
}

fn link_set(ctx: &mut Ctx<'_>, args: &[&str]) -> Out {
    let mut dev: Option<&str> = None;
    let mut ops = Vec::new();
    let mut it = args.iter().copied();
    while let Some(a) = it.next() {
        match a {
            "up" => ops.push(SetOp::Up(true)),
            "down" => ops.push(SetOp::Up(false)),
            "mtu" => {
                let Some(v) = it.next() else {
                    return incomplete();
                };
                match v.parse::<u32>() {
                    Ok(m) => ops.push(SetOp::Mtu(m)),
                    Err(_) => {
                        return Out::fail(
                            format!("Error: argument \"{v}\" is wrong: Invalid \"mtu\" value\n\n"),
                            255,
                        );
                    }
                }
            }
            "netns" => {
                let Some(v) = it.next() else {
                    return incomplete();
                };
                ops.push(SetOp::Netns(String::from(v)));
            }
            "dev" => {
                let Some(v) = it.next() else {
                    return incomplete();
                };
                dev = Some(v);
            }
            other => {
                if dev.is_some() {
                    return Out::fail(
                        format!(
                            "Error: either \"dev\" is duplicate, or \"{other}\" is a garbage.\n"
                        ),
                        255,
                    );
                }
                dev = Some(other);
            }
        }
    }
    let Some(dev) = dev else {
        return Out::fail(
            "Not enough information: \"dev\" argument is required.\n",
            255,
        );
    };
    let index = match find_dev(ctx, dev) {
        Ok(i) => i,
        Err(e) => return e,
    };
    if ops.is_empty() {
        return Out::default();
    }
    if ctx.user() != User::Root {
        return Out::fail(EPERM, 2);
    }
    for op in ops {
        let done = match op {
            SetOp::Up(up) => ctx.sys().link_set_up(index, up),
            SetOp::Mtu(m) => ctx.sys().link_set_mtu(index, m),
            SetOp::Netns(target) => {
                let Ok(to) = ctx.sys().netns_open(&target) else {
                    return Out::fail(format!("Invalid \"netns\" value \"{target}\"\n"), 255);
                };
                // A device the kernel cannot move answers as such:
                // `Error: The interface netns is immutable.` (lo), or
                // `RTNETLINK answers: Operation not supported`.
                ctx.sys().link_set_netns(index, to)
            }
        };
        if let Err(e) = done {
            return Out::fail(format!("{e}\n"), 2);
        }
    }
    Out::default()
}

fn link_add(ctx: &mut Ctx<'_>, args: &[&str]) -> Out {
    // ip link add [name] NAME type veth [peer [name] P [netns NS]]
    let mut name: Option<&str> = None;
    let mut kind: Option<&str> = None;
    let mut peer: Option<&str> = None;
    let mut peer_ns: Option<&str> = None;
    let mut it = args.iter().copied().peekable();
    while let Some(a) = it.next() {
        match a {
            "name" | "dev" => name = it.next(),
            "type" => {
                kind = it.next();
                if kind == Some("veth") && it.peek() == Some(&"peer") {
                    it.next();
                    let mut p = it.next();
                    if p == Some("name") {
                        p = it.next();
                    }
                    peer = p;
                    if it.peek() == Some(&"netns") {
                        it.next();
                        peer_ns = it.next();
                    }
                }
            }
            other => {
                if name.is_some() {
                    return Out::fail(
                        format!(
                            "Error: either \"dev\" is duplicate, or \"{other}\" is a garbage.\n"
                        ),
                        255,
                    );
                }
                name = Some(other);
            }
        }
    }
    let Some(kind) = kind else {
        return Out::fail(
            "Not enough information: \"type\" argument is required\n",
            255,
        );
    };
    if ctx.user() != User::Root {
        return Out::fail(EPERM, 2);
    }
    if kind != "veth" {
        return Out::fail("Error: Unknown device type.\n", 2);
    }
    let peer_ns_id = match peer_ns {
        None => None,
        Some(p) => match ctx.sys().netns_open(p) {
            Ok(id) => Some(id),
            Err(_) => {
                return Out::fail(format!("Invalid \"netns\" value \"{p}\"\n"), 255);
            }
        },
    };
    let name = match name {
        Some(n) => String::from(n),
        None => ctx.sys().link_free_name("veth"),
    };
    if name.is_empty()
        || name.len() > 15
        || name.contains('/')
        || name.contains(char::is_whitespace)
    {
        return Out::fail(
            format!("Error: argument \"{name}\" is wrong: \"name\" not a valid ifname\n"),
            255,
        );
    }
    match ctx.sys().link_add_veth(Some(&name), peer, peer_ns_id) {
        Ok(()) => Out::default(),
        Err(e) => Out::fail(format!("{e}\n"), 2),
    }
}

fn link_del(ctx: &mut Ctx<'_>, args: &[&str]) -> Out {
    let name = match args {
        ["dev", d, ..] | [d, ..] => *d,
        [] => {
            return Out::fail(
                "Not enough information: \"dev\" argument is required.\n",
                255,
            );
        }
    };
    let index = match find_dev(ctx, name) {
        Ok(i) => i,
        Err(e) => return e,
    };
    if ctx.user() != User::Root {
        return Out::fail(EPERM, 2);
    }
    match ctx.sys().link_del(index) {
        Ok(()) => Out::default(),
        Err(e) => Out::fail(format!("{e}\n"), 2),
    }
}
