//! Source address selection for a route: IPv4's `inet_select_addr` and
//! the RFC 6724 rules the kernel applies for IPv6.

use alloc::vec::Vec;
use core::net::IpAddr;

use super::view::{IfAddr, NetView, primary};
use crate::iface::IfIndex;
use crate::route::types::{Scope, addr_bits};

/// IPv4 source selection (`inet_select_addr`): the first primary address
/// of `dev` within `scope` (one on the gateway's subnet preferred), else
/// the first address of any device whose scope is neither `link` nor wider
/// than `scope`.
pub fn select_v4(
    net: &dyn NetView,
    dev: IfIndex,
    gw: Option<IpAddr>,
    scope: Scope,
) -> Option<IpAddr> {
    let addrs: Vec<IfAddr> = net
        .addrs()
        .into_iter()
        .filter(|a| matches!(a.addr, IpAddr::V4(_)))
        .collect();
    let mut first = None;
    for a in addrs.iter().filter(|a| a.index == dev) {
        if a.scope > scope || primary(a, net) != a.addr {
            continue;
        }
        match gw {
            None => return Some(a.addr),
            Some(g) if a.subnet().is_some_and(|s| s.contains(&g)) => return Some(a.addr),
            Some(_) => {
                if first.is_none() {
                    first = Some(a.addr);
                }
            }
        }
    }
    if first.is_some() {
        return first;
    }
    let mut links = net.links();
    crate::sort::sort_by_key(&mut links, |l| l.index);
    for l in links {
        if let Some(a) = addrs
            .iter()
            .find(|a| a.index == l.index && a.scope != Scope::LINK && a.scope <= scope)
        {
            return Some(a.addr);
        }
    }
    None
}

fn v6_scope(a: &IpAddr) -> u8 {
    match a {
        IpAddr::V6(v) => {
            if v.is_loopback() {
                1
            } else if v.is_multicast() {
                v.octets()[1] & 0x0f
            } else if v.segments()[0] & 0xffc0 == 0xfe80 {
                2
            } else {
                14
            }
        }
        IpAddr::V4(_) => 14,
    }
}

/// IPv6 source selection, the RFC 6724 rules the kernel applies that matter
/// here: same address, appropriate scope, outgoing interface, longest
/// matching prefix.
pub fn select_v6(net: &dyn NetView, dst: &IpAddr, dev: IfIndex) -> Option<IpAddr> {
    let dscope = v6_scope(dst);
    let cands: Vec<IfAddr> = net
        .addrs()
        .into_iter()
        .filter(|a| matches!(a.addr, IpAddr::V6(_)))
        // link-local and loopback sources only on their own interface
        .filter(|a| v6_scope(&a.addr) > 2 || a.index == dev || a.addr == *dst)
        .collect();
    let key = |a: &IfAddr| {
        let same = a.addr == *dst;
        let s = v6_scope(&a.addr);
        // appropriate scope: smallest scope >= dst scope, else largest
        let scope_rank: i32 = if s >= dscope {
            256 - i32::from(s)
        } else {
            i32::from(s) - 256
        };
        let on_dev = a.index == dev;
        let common = (addr_bits(&a.addr) ^ addr_bits(dst)).leading_zeros();
        (same, scope_rank, on_dev, common)
    };
    let mut best: Option<&IfAddr> = None;
    for a in &cands {
        if best.is_none_or(|b| key(a) > key(b)) {
            best = Some(a);
        }
    }
    best.map(|a| a.addr)
}
