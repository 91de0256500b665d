//! `ip neigh`: the kernel's neighbour table (`RTM_GETNEIGH`) as iproute2's
//! `print_neigh` prints it, `ip neigh del ADDR dev DEV` and `ip neigh
//! flush {all | dev DEV}` (with `-s`, the rounds it took).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::json::{self, Json};
use super::{Opts, Out, matches, unknown_command};
use crate::process::Ctx;
use crate::sys::Errno;
use crate::sys::link::IfIndex;
use crate::sys::neigh::NudState;
use crate::sys::routing::Family;

/// `ip neigh [show | del | flush]`.
pub(super) fn neigh(ctx: &mut Ctx<'_>, opts: Opts, args: &[&str]) -> Out {
    match args.first() {
        None => show(ctx, opts),
        Some(c) if matches(c, "show") || matches(c, "list") || matches(c, "lst") => show(ctx, opts),
        Some(c) if matches(c, "flush") => flush(ctx, opts, args.get(1..).unwrap_or_default()),
        Some(c) if matches(c, "delete") => del(ctx, args.get(1..).unwrap_or_default()),
        Some(c) => unknown_command(c, "neigh"),
    }
}

fn device(ctx: &mut Ctx<'_>, name: &str) -> Result<IfIndex, Out> {
    ctx.sys()
        .links()
        .iter()
        .find(|l| l.name == name)
        .map(|l| l.index)
        .ok_or_else(|| Out::fail(format!("Cannot find device \"{name}\"\n"), 1))
}

/// `ip neigh del ADDR dev DEV`.
fn del(ctx: &mut Ctx<'_>, args: &[&str]) -> Out {
    let mut addr = None;
    let mut dev = None;
    let mut i = 0;
    while let Some(&w) = args.get(i) {
        i += 1;
        if w == "dev" {
            let Some(&d) = args.get(i) else {
                return Out::fail("Device and destination are required arguments.\n", 255);
            };
            i += 1;
            dev = match device(ctx, d) {
                Ok(x) => Some(x),
                Err(out) => return out,
            };
        } else if let Ok(a) = w.parse::<IpAddr>() {
            addr = Some(a);
        } else {
            return Out::fail(
                format!("Error: any valid prefix is expected rather than \"{w}\".\n"),
                1,
            );
        }
    }
    let (Some(addr), Some(dev)) = (addr, dev) else {
        return Out::fail("Device and destination are required arguments.\n", 255);
    };
    match ctx.sys().neigh_del(Some(dev), addr) {
        Ok(()) => Out::default(),
        Err(Errno::ENXIO) => Out::fail("RTNETLINK answers: No such file or directory\n", 2),
        Err(e) => Out::fail(format!("RTNETLINK answers: {}\n", e.message()), 2),
    }
}

/// `ip neigh flush {all | dev DEV}`.
fn flush(ctx: &mut Ctx<'_>, opts: Opts, args: &[&str]) -> Out {
    let dev = match args {
        [] => return Out::fail("Flush requires arguments.\n", 1),
        ["all"] => None,
        ["dev", name] => match device(ctx, name) {
            Ok(x) => Some(x),
            Err(out) => return out,
        },
        _ => return Out::fail("Flush requires arguments.\n", 1),
    };
    match ctx.sys().neigh_flush(dev) {
        Ok(n) if n > 0 && opts.stats > 0 => Out::ok(format!(
            "\n*** Round 1, deleting {n} entries ***\n*** Flush is complete after 1 round ***\n"
        )),
        Ok(_) => Out::default(),
        Err(e) => Out::fail(
            format!("Failed to send flush request: {}\n", e.message()),
            1,
        ),
    }
}

/// `ip neigh show`: IPv4 entries first.
fn show(ctx: &mut Ctx<'_>, opts: Opts) -> Out {
    let links = ctx.sys().links();
    let mut entries = ctx.sys().neigh_dump();
    entries.sort_by_key(|e| e.addr.is_ipv6());
    let mut text = String::new();
    let mut rows = Vec::new();
    for e in entries {
        let fam = if e.addr.is_ipv6() {
            Family::V6
        } else {
            Family::V4
        };
        if opts.family.is_some_and(|f| f != fam) {
            continue;
        }
        let dev = links
            .iter()
            .find(|l| l.index == e.dev)
            .map_or_else(String::new, |l| l.name.clone());
        let state = match e.state {
            NudState::Incomplete => "INCOMPLETE",
            NudState::Reachable => "REACHABLE",
            NudState::Stale => "STALE",
            NudState::Failed => "FAILED",
            NudState::Permanent => "PERMANENT",
        };
        let mac = e.lladdr.filter(|_| {
            matches!(
                e.state,
                NudState::Reachable | NudState::Stale | NudState::Permanent
            )
        });
        let mac = mac.map(|m| {
            format!(
                "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                m[0], m[1], m[2], m[3], m[4], m[5]
            )
        });
        text.push_str(&format!("{} dev {dev} ", e.addr));
        if let Some(m) = &mac {
            text.push_str(&format!("lladdr {m} "));
        }
        text.push_str(state);
        text.push_str(" \n");
        let mut fields = alloc::vec![
            ("dst", Json::Str(format!("{}", e.addr))),
            ("dev", Json::Str(dev)),
        ];
        if let Some(m) = mac {
            fields.push(("lladdr", Json::Str(m)));
        }
        fields.push(("state", Json::Arr(alloc::vec![Json::s(state)])));
        rows.push(Json::Obj(fields));
    }
    if opts.json {
        return Out::ok(json::line(rows));
    }
    Out::ok(text)
}
