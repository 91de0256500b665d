//! `ip maddress [show] [dev NAME]`: the multicast groups each device is
//! in, as iproute2 6.1 reads them from /proc/net/dev_mcast, igmp and
//! igmp6. The groups are the ones Linux joins by itself: 224.0.0.1 on an
//! up device; ff02::1 and ff01::1 on every device; the solicited-node
//! group ff02::1:ffXX:XXXX of each IPv6 address; and on an Ethernet-like
//! device the link-layer addresses they map to (01:00:5e:00:00:01,
//! 33:33:...), oldest first, while the IPv6 groups are listed newest
//! first as the kernel keeps them.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::Ipv6Addr;

use super::{Opts, Out, matches};
use crate::process::Ctx;
use crate::sys::link::LinkRecord;
use crate::sys::routing::Family;

/// The solicited-node group of `a`: ff02::1:ff and its last 24 bits.
fn solicited(a: Ipv6Addr) -> Ipv6Addr {
    let o = a.octets();
    Ipv6Addr::new(
        0xff02,
        0,
        0,
        0,
        0,
        1,
        0xff00 | u16::from(o[13]),
        u16::from(o[14]) << 8 | u16::from(o[15]),
    )
}

/// One device's block.
fn block(l: &LinkRecord, family: Option<Family>) -> String {
    let mut s = format!("{}:\t{}\n", l.index.0, l.name);
    // Oldest first, as LinkRecord lists the addresses; the loopback
    // device joins no solicited-node group.
    let mut groups: Vec<Ipv6Addr> = Vec::new();
    for a in l.ipv6.iter().filter(|_| !l.is_loopback()) {
        let g = solicited(a.addr);
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    let up = l.is_up();
    if family.is_none() && !l.is_loopback() {
        if up {
            s.push_str("\tlink  01:00:5e:00:00:01\n");
        }
        s.push_str("\tlink  33:33:00:00:00:01\n");
        for g in &groups {
            let o = g.octets();
            let _ = writeln!(
                s,
                "\tlink  33:33:ff:{:02x}:{:02x}:{:02x}",
                o[13], o[14], o[15]
            );
        }
    }
    if family != Some(Family::V6) && up {
        s.push_str("\tinet  224.0.0.1\n");
    }
    if family != Some(Family::V4) {
        for g in groups.iter().rev() {
            let _ = writeln!(s, "\tinet6 {g}");
        }
        s.push_str("\tinet6 ff02::1\n\tinet6 ff01::1\n");
    }
    s
}

/// `ip maddress ARGS`.
pub(super) fn maddr(ctx: &mut Ctx<'_>, opts: Opts, args: &[&str]) -> Out {
    let mut dev: Option<&str> = None;
    let mut rest = args;
    if let Some((&first, after)) = rest.split_first() {
        if matches(first, "show") || matches(first, "list") {
            rest = after;
        } else if first == "help" || matches(first, "add") || matches(first, "delete") {
            // Joining a group by hand changes the kernel's tables.
            return super::objects::unsupported();
        } else {
            return Out::fail(
                format!("Command \"{first}\" is unknown, try \"ip maddr help\".\n"),
                255,
            );
        }
    }
    let mut i = 0;
    while let Some(&w) = rest.get(i) {
        i += 1;
        if w == "dev" {
            match rest.get(i) {
                Some(&d) => dev = Some(d),
                None => return super::incomplete(),
            }
            i += 1;
        } else {
            dev = Some(w);
        }
    }
    let mut links = ctx.sys().links();
    crate::sort::sort_by(&mut links, |a, b| a.index.0.cmp(&b.index.0));
    let text: String = links
        .iter()
        .filter(|l| dev.is_none_or(|d| d == l.name))
        .map(|l| block(l, opts.family))
        .collect();
    Out::ok(text)
}
