//! What `ip link show` and `ip addr show` print of the kernel's link dump:
//! text, `-br`, `-j`, `-s`, `-d`, and `-4`/`-6` address filtering.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::IpAddr;

use super::json::{self, Json};
use super::stats::{stats_block, stats_json};
use super::{Opts, Out, incomplete};
use crate::process::Ctx;
use crate::sys::link::{AddrScope, Counters, IfFlags, LinkKind, LinkRecord};
use crate::sys::routing::Family;

/// What `ip` shows of one link, derived from the kernel's record.
struct LinkView {
    index: u32,
    /// `eth0`, `v0@v1`, `v0@if3`.
    name_at: String,
    name: String,
    flags: Vec<&'static str>,
    mtu: u32,
    qdisc: &'static str,
    state: &'static str,
    loopback: bool,
    mac: [u8; 6],
    /// `link-netns NAME` or `link-netnsid N`, and the peer's index.
    peer: Option<(String, u32, Option<u32>)>,
    counters: Counters,
}

fn mac_text(m: [u8; 6]) -> String {
    let [a, b, c, d, e, f] = m;
    format!("{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{f:02x}")
}

/// What `ip` shows of one link record.
fn view(l: &LinkRecord) -> LinkView {
    let mut name_at = l.name.clone();
    let mut peer = None;
    let mut m_down = false;
    if let LinkKind::Veth(p) = &l.kind {
        if p.same_ns {
            if let Some(pn) = &p.name {
                name_at = format!("{}@{pn}", l.name);
                m_down = !p.admin_up;
            }
        } else {
            name_at = format!("{}@if{}", l.name, p.index.0);
            let link = match &p.netns_name {
                Some(n) => format!("link-netns {n}"),
                None => format!("link-netnsid {}", p.nsid),
            };
            peer = Some((link, p.index.0, Some(p.nsid)));
        }
    }
    let f = l.flags;
    let up = f.contains(IfFlags::UP);
    let carrier = f.contains(IfFlags::LOWER_UP);
    let loopback = f.contains(IfFlags::LOOPBACK);
    let mut flags = Vec::new();
    if up && !carrier {
        flags.push("NO-CARRIER");
    }
    if loopback {
        flags.push("LOOPBACK");
    }
    if f.contains(IfFlags::BROADCAST) {
        flags.push("BROADCAST");
    }
    if f.contains(IfFlags::MULTICAST) {
        flags.push("MULTICAST");
    }
    if up {
        flags.push("UP");
    }
    if carrier {
        flags.push("LOWER_UP");
    }
    if m_down {
        flags.push("M-DOWN");
    }
    let state = match (up, loopback, carrier) {
        (false, _, _) => "DOWN",
        (true, true, _) => "UNKNOWN",
        (true, false, true) => "UP",
        (true, false, false) => "LOWERLAYERDOWN",
    };
    LinkView {
        index: l.index.0,
        name_at,
        name: l.name.clone(),
        flags,
        mtu: l.mtu,
        qdisc: l.qdisc,
        state,
        loopback,
        mac: l.mac,
        peer,
        counters: l.counters,
    }
}

/// The links to show: all, or the one `dev` names.
fn select(ctx: &mut Ctx<'_>, dev: Option<&str>) -> Result<Vec<LinkRecord>, Out> {
    let sys = ctx.sys();
    match dev {
        None => Ok(sys.links()),
        Some(d) => sys
            .link(d)
            .map(|l| alloc::vec![l])
            .ok_or_else(|| Out::fail(format!("Device \"{d}\" does not exist.\n"), 1)),
    }
}

/// Parses `[dev] NAME [up]` of `ip link show` / `ip addr show`.
fn parse_show(args: &[&str]) -> Result<(Option<String>, bool), Out> {
    let mut dev: Option<String> = None;
    let mut up = false;
    let mut it = args.iter().copied();
    while let Some(a) = it.next() {
        let name = match a {
            "up" => {
                up = true;
                continue;
            }
            "dev" => it.next().ok_or_else(incomplete)?,
            other => other,
        };
        if dev.is_some() {
            return Err(Out::fail(
                format!("Error: either \"dev\" is duplicate, or \"{name}\" is a garbage.\n"),
                255,
            ));
        }
        dev = Some(String::from(name));
    }
    Ok((dev, up))
}

fn header(v: &LinkView, mode: bool, family: Option<Family>) -> String {
    let mut s = format!(
        "{}: {}: <{}> mtu {}",
        v.index,
        v.name_at,
        v.flags.join(","),
        v.mtu
    );
    if family == Some(Family::V6) {
        // The kernel's AF_INET6 link dump has no qdisc, group or link-netns,
        // and no IFLA_LINK (so no `@peer`).
        return format!(
            "{}: {}: <{}> mtu {} state {} qlen 1000\n",
            v.index,
            v.name,
            v.flags.join(","),
            v.mtu,
            v.state
        );
    }
    let _ = write!(s, " qdisc {} state {}", v.qdisc, v.state);
    if mode {
        s.push_str(" mode DEFAULT");
    }
    s.push_str(" group default qlen 1000");
    if family == Some(Family::V4)
        && let Some((link, _, _)) = &v.peer
    {
        // With -4 there is no link/ether line; iproute2 ends the first line with it.
        let _ = write!(s, " {link}");
    }
    s.push('\n');
    s
}

fn link_line(v: &LinkView, details: bool) -> String {
    let mut s = if v.loopback {
        String::from("    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00")
    } else {
        format!("    link/ether {} brd ff:ff:ff:ff:ff:ff", mac_text(v.mac))
    };
    if let Some((link, _, _)) = &v.peer {
        let _ = write!(s, " {link}");
    }
    if details {
        // iproute2 6.1 on a Linux 6.1 kernel; the lab has no GSO/GRO.
        let (minmtu, maxmtu) = if v.loopback { (0, 0) } else { (68, 65535) };
        let _ = write!(
            s,
            " promiscuity 0  allmulti 0 minmtu {minmtu} maxmtu {maxmtu} addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 "
        );
    }
    s.push('\n');
    s
}

/// One address as the lab stores it, for printing.
struct AddrView {
    family: Family,
    addr: IpAddr,
    prefix_len: u8,
    broadcast: Option<core::net::Ipv4Addr>,
    scope: AddrScope,
}

fn addrs_of(i: &LinkRecord, family: Option<Family>) -> Vec<AddrView> {
    let mut out = Vec::new();
    if family != Some(Family::V6) {
        for a in &i.ipv4 {
            out.push(AddrView {
                family: Family::V4,
                addr: IpAddr::V4(a.addr),
                prefix_len: a.prefix_len,
                broadcast: a.broadcast,
                scope: a.scope,
            });
        }
    }
    if family != Some(Family::V4) {
        for a in &i.ipv6 {
            out.push(AddrView {
                family: Family::V6,
                addr: IpAddr::V6(a.addr),
                prefix_len: a.prefix_len,
                broadcast: None,
                scope: a.scope,
            });
        }
    }
    out
}

fn addr_lines(i: &LinkRecord, a: &AddrView) -> String {
    match a.family {
        Family::V4 => {
            let mut s = format!("    inet {}/{}", a.addr, a.prefix_len);
            if let Some(b) = a.broadcast {
                let _ = write!(s, " brd {b}");
            }
            let _ = writeln!(s, " scope {} {}", a.scope.name(), i.name);
            s.push_str("       valid_lft forever preferred_lft forever\n");
            s
        }
        Family::V6 => format!(
            "    inet6 {}/{} scope {} \n       valid_lft forever preferred_lft forever\n",
            a.addr,
            a.prefix_len,
            a.scope.name()
        ),
    }
}

fn addr_json(i: &LinkRecord, a: &AddrView) -> Json {
    let mut f = alloc::vec![
        (
            "family",
            Json::s(if a.family == Family::V4 {
                "inet"
            } else {
                "inet6"
            })
        ),
        ("local", Json::s(a.addr.to_string())),
        ("prefixlen", Json::Num(u64::from(a.prefix_len))),
    ];
    if let Some(b) = a.broadcast {
        f.push(("broadcast", Json::s(b.to_string())));
    }
    f.push(("scope", Json::s(a.scope.name())));
    if a.family == Family::V4 {
        f.push(("label", Json::s(i.name.clone())));
    }
    f.push(("valid_life_time", Json::Num(u64::from(u32::MAX))));
    f.push(("preferred_life_time", Json::Num(u64::from(u32::MAX))));
    Json::Obj(f)
}

fn link_json(v: &LinkView, mode: bool, with_ll: bool, stats: bool) -> Vec<(&'static str, Json)> {
    let mut f = alloc::vec![("ifindex", Json::Num(u64::from(v.index)))];
    if let Some((_, peer_index, _)) = &v.peer {
        f.push(("link_index", Json::Num(u64::from(*peer_index))));
    }
    f.push(("ifname", Json::s(v.name.clone())));
    f.push((
        "flags",
        Json::Arr(v.flags.iter().map(|s| Json::s(*s)).collect()),
    ));
    f.push(("mtu", Json::Num(u64::from(v.mtu))));
    f.push(("qdisc", Json::s(v.qdisc)));
    f.push(("operstate", Json::s(v.state)));
    if mode {
        f.push(("linkmode", Json::s("DEFAULT")));
    }
    f.push(("group", Json::s("default")));
    f.push(("txqlen", Json::Num(1000)));
    if with_ll {
        if v.loopback {
            f.push(("link_type", Json::s("loopback")));
            f.push(("address", Json::s("00:00:00:00:00:00")));
            f.push(("broadcast", Json::s("00:00:00:00:00:00")));
        } else {
            f.push(("link_type", Json::s("ether")));
            f.push(("address", Json::s(mac_text(v.mac))));
            f.push(("broadcast", Json::s("ff:ff:ff:ff:ff:ff")));
        }
    }
    if let Some((_, _, Some(nsid))) = &v.peer {
        f.push(("link_netnsid", Json::Num(u64::from(*nsid))));
    }
    if stats {
        f.push(("stats64", stats_json(&v.counters)));
    }
    f
}

/// `ip link show` and `ip addr show` (`addrs` true).
pub(super) fn show(ctx: &mut Ctx<'_>, opts: Opts, args: &[&str], addrs: bool) -> Out {
    let (dev, only_up) = match parse_show(args) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let list = match select(ctx, dev.as_deref()) {
        Ok(l) => l,
        Err(e) => return e,
    };
    let family = if addrs { opts.family } else { None };
    let mut text = String::new();
    let mut items = Vec::new();
    for i in &list {
        if only_up && !i.is_up() {
            continue;
        }
        let v = view(i);
        let a = if addrs {
            addrs_of(i, family)
        } else {
            Vec::new()
        };
        // With -4/-6 iproute2 leaves out links without such addresses.
        if family.is_some() && a.is_empty() {
            continue;
        }
        if opts.json {
            let mut f = if opts.brief {
                let mut f = Vec::new();
                if let Some((_, p, _)) = &v.peer {
                    f.push(("link_index", Json::Num(u64::from(*p))));
                }
                f.push(("ifname", Json::s(v.name.clone())));
                f.push(("operstate", Json::s(v.state)));
                if !addrs {
                    f.push(("address", Json::s(mac_text(v.mac))));
                    f.push((
                        "flags",
                        Json::Arr(v.flags.iter().map(|s| Json::s(*s)).collect()),
                    ));
                }
                f
            } else {
                link_json(&v, !addrs, family.is_none(), opts.stats > 0)
            };
            if addrs {
                let info = a
                    .iter()
                    .map(|x| {
                        if opts.brief {
                            Json::Obj(alloc::vec![
                                ("local", Json::s(x.addr.to_string())),
                                ("prefixlen", Json::Num(u64::from(x.prefix_len))),
                            ])
                        } else {
                            addr_json(i, x)
                        }
                    })
                    .collect();
                f.push(("addr_info", Json::Arr(info)));
            }
            items.push(Json::Obj(f));
            continue;
        }
        if opts.brief {
            let name = if family == Some(Family::V6) {
                v.name.clone()
            } else {
                v.name_at.clone()
            };
            let _ = write!(text, "{name:<16} {:<14} ", v.state);
            if addrs {
                for x in &a {
                    let _ = write!(text, "{}/{} ", x.addr, x.prefix_len);
                }
            } else {
                let _ = write!(text, "{:<17} <{}> ", mac_text(v.mac), v.flags.join(","));
            }
            text.push('\n');
            continue;
        }
        text.push_str(&header(&v, !addrs, family));
        if family.is_none() {
            text.push_str(&link_line(&v, opts.details));
        }
        for x in &a {
            text.push_str(&addr_lines(i, x));
        }
        if opts.stats > 0 && family.is_none() {
            text.push_str(&stats_block(&v.counters, opts.stats));
        }
    }
    if opts.json {
        return Out::ok(json::line(items));
    }
    Out::ok(text)
}
