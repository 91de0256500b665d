//! `ip link` and `ip addr`: show (text, `-br`, `-j`, `-s`), `set`,
//! `add ... type veth`, `del`, and address `add`/`del`.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::IpAddr;

use super::json::{self, Json};
use super::{EPERM, Opts, Out, incomplete, matches, unknown_command};
use crate::host::User;
use crate::iface::{AddrScope, Counters, IfIndex, Interface, Kind};
use crate::net::{Netns, Network, NsKind};
use crate::process::Ctx;
use crate::route::Family;
use crate::trace::NsId;

/// What `ip` shows of one interface, derived from the lab's state.
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

/// The nsid a namespace gets as seen from another: the lab numbers the
/// peers' namespaces 0, 1... in namespace order.
fn nsid_of(net: &Network, from: NsId, to: NsId) -> u32 {
    let Some(ns) = net.ns(from) else { return 0 };
    let mut peers: Vec<NsId> = ns
        .ifaces
        .values()
        .filter_map(|i| match i.kind {
            Kind::Veth { peer_netns, .. } if peer_netns != from => Some(peer_netns),
            _ => None,
        })
        .collect();
    crate::sort::sort(&mut peers);
    peers.dedup();
    peers
        .iter()
        .position(|p| *p == to)
        .and_then(|p| u32::try_from(p).ok())
        .unwrap_or(0)
}

fn view(net: &Network, ns: NsId, i: &Interface) -> LinkView {
    let mut name_at = i.name.clone();
    let mut peer = None;
    let mut carrier = true;
    let mut m_down = false;
    if let Kind::Veth {
        peer_netns,
        peer_index,
        ..
    } = i.kind
    {
        let p = net.ns(peer_netns).and_then(|n| n.iface(peer_index));
        carrier = p.is_some_and(|p| p.admin_up);
        if peer_netns == ns {
            if let Some(p) = p {
                name_at = format!("{}@{}", i.name, p.name);
                m_down = !p.admin_up;
            }
        } else {
            name_at = format!("{}@if{}", i.name, peer_index.0);
            let link = match net.ns(peer_netns) {
                Some(n) if n.kind == NsKind::Named => format!("link-netns {}", n.name),
                _ => format!("link-netnsid {}", nsid_of(net, ns, peer_netns)),
            };
            peer = Some((link, peer_index.0, Some(nsid_of(net, ns, peer_netns))));
        }
    }
    let mut flags = Vec::new();
    if i.admin_up && !carrier {
        flags.push("NO-CARRIER");
    }
    if i.is_loopback() {
        flags.push("LOOPBACK");
    } else {
        flags.push("BROADCAST");
        flags.push("MULTICAST");
    }
    if i.admin_up {
        flags.push("UP");
        if carrier {
            flags.push("LOWER_UP");
        }
    }
    if m_down {
        flags.push("M-DOWN");
    }
    let state = match (i.admin_up, i.is_loopback(), carrier) {
        (false, _, _) => "DOWN",
        (true, true, _) => "UNKNOWN",
        (true, false, true) => "UP",
        (true, false, false) => "LOWERLAYERDOWN",
    };
    let qdisc = match i.kind {
        Kind::Veth { .. } if i.ever_up => "noqueue",
        _ => i.qdisc(),
    };
    LinkView {
        index: i.index.0,
        name_at,
        name: i.name.clone(),
        flags,
        mtu: i.mtu,
        qdisc,
        state,
        loopback: i.is_loopback(),
        mac: i.mac(),
        peer,
        counters: i.counters,
    }
}

/// The interfaces to show: all, or the one `dev` names.
fn select<'a>(n: &'a Netns, dev: Option<&str>) -> Result<Vec<&'a Interface>, Out> {
    match dev {
        None => Ok(n.ifaces.values().collect()),
        Some(d) => n
            .iface_by_name(d)
            .map(|i| alloc::vec![i])
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

/// Digits of a number, for iproute2's column sizing.
fn digits(mut n: u64) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// The `-s` block (and `-s -s` error lines) of iproute2 6.1's
/// print_link_stats64: columns widen to fit the largest number.
fn stats_block(c: &Counters, level: u8) -> String {
    let rx = [c.rx_bytes, c.rx_packets, c.rx_errors, c.rx_dropped, 0, 0, 0];
    let tx = [c.tx_bytes, c.tx_packets, c.tx_errors, c.tx_dropped, 0, 0, 0];
    let mut cols = [10usize, 7, 6, 7, 7, 7, 10];
    for vals in [rx, tx] {
        for (col, v) in cols.iter_mut().zip(vals) {
            *col = (*col).max(digits(v));
        }
    }
    let [c0, c1, c2, c3, c4, c5, c6] = cols;
    let nums = |vals: &[u64]| -> String {
        let mut s = String::from("    ");
        for (w, v) in cols.iter().zip(vals) {
            let _ = write!(s, "{v:>w$} ");
        }
        s.push('\n');
        s
    };
    let mut s = format!(
        "    RX: {:>w0$} {:>c1$} {:>c2$} {:>c3$} {:>c4$} {:>c5$} {:>c6$}\n",
        "bytes",
        "packets",
        "errors",
        "dropped",
        "missed",
        "mcast",
        "",
        w0 = c0 - 4
    );
    s.push_str(&nums(rx.get(..6).unwrap_or_default()));
    if level > 1 {
        let _ = writeln!(
            s,
            "    RX errors: {:>c1$} {:>c2$} {:>c3$} {:>c4$} {:>c5$}",
            "length", "crc", "frame", "fifo", "overrun"
        );
        let _ = write!(s, "    {:c0$} ", "");
        for w in [c1, c2, c3, c4, c5] {
            let _ = write!(s, "{:>w$} ", 0);
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "    TX: {:>w0$} {:>c1$} {:>c2$} {:>c3$} {:>c4$} {:>c5$} {:>c6$}",
        "bytes",
        "packets",
        "errors",
        "dropped",
        "carrier",
        "collsns",
        "",
        w0 = c0 - 4
    );
    s.push_str(&nums(tx.get(..6).unwrap_or_default()));
    if level > 1 {
        let _ = writeln!(
            s,
            "    TX errors: {:>c1$} {:>c2$} {:>c3$} {:>c4$} {:>c5$}",
            "aborted", "fifo", "window", "heartbt", "transns"
        );
        let _ = write!(s, "    {:c0$} ", "");
        for w in [c1, c2, c3, c4, c5] {
            let _ = write!(s, "{:>w$} ", 0);
        }
        s.push('\n');
    }
    s
}

fn stats_json(c: &Counters) -> Json {
    Json::Obj(alloc::vec![
        (
            "rx",
            Json::Obj(alloc::vec![
                ("bytes", Json::Num(c.rx_bytes)),
                ("packets", Json::Num(c.rx_packets)),
                ("errors", Json::Num(c.rx_errors)),
                ("dropped", Json::Num(c.rx_dropped)),
                ("over_errors", Json::Num(0)),
                ("multicast", Json::Num(0)),
            ])
        ),
        (
            "tx",
            Json::Obj(alloc::vec![
                ("bytes", Json::Num(c.tx_bytes)),
                ("packets", Json::Num(c.tx_packets)),
                ("errors", Json::Num(c.tx_errors)),
                ("dropped", Json::Num(c.tx_dropped)),
                ("carrier_errors", Json::Num(0)),
                ("collisions", Json::Num(0)),
            ])
        ),
    ])
}

/// One address as the lab stores it, for printing.
struct AddrView {
    family: Family,
    addr: IpAddr,
    prefix_len: u8,
    broadcast: Option<core::net::Ipv4Addr>,
    scope: AddrScope,
}

fn addrs_of(i: &Interface, family: Option<Family>) -> Vec<AddrView> {
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

fn addr_lines(i: &Interface, a: &AddrView) -> String {
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

fn addr_json(i: &Interface, a: &AddrView) -> Json {
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
fn show(ctx: &Ctx<'_>, opts: Opts, args: &[&str], addrs: bool) -> Out {
    let (dev, only_up) = match parse_show(args) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let net = &ctx.host.net;
    let Some(n) = net.ns(ctx.ns) else {
        return Out::ok(String::new());
    };
    let list = match select(n, dev.as_deref()) {
        Ok(l) => l,
        Err(e) => return e,
    };
    let family = if addrs { opts.family } else { None };
    let mut text = String::new();
    let mut items = Vec::new();
    for i in list {
        if only_up && !i.admin_up {
            continue;
        }
        let v = view(net, ctx.ns, i);
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

/// `ip addr ...`.
pub(super) fn addr(ctx: &mut Ctx<'_>, opts: Opts, args: &[&str]) -> Out {
    let Some((&cmd, rest)) = args.split_first() else {
        return show(ctx, opts, &[], true);
    };
    if matches(cmd, "show") || matches(cmd, "list") || matches(cmd, "lst") {
        return show(ctx, opts, rest, true);
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
                Some(p) => match crate::route::cmd::parse_prefix(p, opts.family) {
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
                match crate::route::cmd::parse_prefix(p, opts.family) {
                    Ok((x, l)) => local = Some((x, l, p.contains('/'))),
                    Err(e) => return Out::fail(e.stderr, e.status),
                }
            }
        }
    }
    let Some(dev) = dev else {
        return Out::fail("Not enough information: \"dev\" argument is required.\n", 1);
    };
    let Some(n) = ctx.host.net.ns_mut(ctx.ns) else {
        return Out::fail(format!("Cannot find device \"{dev}\"\n"), 1);
    };
    let Some(index) = n.iface_by_name(dev).map(|i| i.index) else {
        return Out::fail(format!("Cannot find device \"{dev}\"\n"), 1);
    };
    let Some((addr, len, explicit_len)) = local else {
        return Out::fail(
            "Not enough information: \"local\" argument is required.\n",
            1,
        );
    };
    if ctx.user != User::Root {
        return Out::fail(EPERM, 2);
    }
    let v4 = addr.is_ipv4();
    if add {
        match n.add_addr(index, addr, len) {
            Ok(()) => Out::default(),
            Err(_) if v4 => Out::fail("Error: ipv4: Address already assigned.\n", 2),
            Err(e) => Out::fail(format!("RTNETLINK answers: {}\n", e.message()), 2),
        }
    } else {
        let mut warning = String::new();
        let len = if v4 && !explicit_len {
            warning = format!(
                "Warning: Executing wildcard deletion to stay compatible with old scripts.\n         Explicitly specify the prefix length ({addr}/32) to avoid this warning.\n         This special behaviour is likely to disappear in further releases,\n         fix your scripts!\n"
            );
            // The wildcard deletion removes the address whatever its length.
            n.iface(index)
                .and_then(|i| i.ipv4.iter().find(|a| IpAddr::V4(a.addr) == addr))
                .map_or(len, |a| a.prefix_len)
        } else {
            len
        };
        match n.del_addr(index, addr, len) {
            Ok(()) => Out::fail(warning, 0),
            Err(_) if v4 => Out::fail(format!("{warning}Error: ipv4: Address not found.\n"), 2),
            Err(e) => Out::fail(format!("RTNETLINK answers: {}\n", e.message()), 2),
        }
    }
}

/// `ip link ...`.
pub(super) fn link(ctx: &mut Ctx<'_>, opts: Opts, args: &[&str]) -> Out {
    let Some((&cmd, rest)) = args.split_first() else {
        return show(ctx, opts, &[], false);
    };
    if matches(cmd, "show") || matches(cmd, "list") || matches(cmd, "lst") {
        return show(ctx, opts, rest, false);
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

fn find_dev(ctx: &Ctx<'_>, name: &str) -> Result<IfIndex, Out> {
    ctx.host
        .net
        .ns(ctx.ns)
        .and_then(|n| n.iface_by_name(name))
        .map(|i| i.index)
        .ok_or_else(|| Out::fail(format!("Cannot find device \"{name}\"\n"), 1))
}

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
    if ctx.user != User::Root {
        return Out::fail(EPERM, 2);
    }
    for op in ops {
        let ns = ctx.ns;
        match op {
            SetOp::Up(up) => {
                if let Some(n) = ctx.host.net.ns_mut(ns) {
                    let _ = n.set_link(index, up, false);
                }
            }
            SetOp::Mtu(m) => {
                let min = 68;
                let max = if index == IfIndex::LOOPBACK {
                    u32::MAX
                } else {
                    65535
                };
                if m < min || m > max {
                    return Out::fail(
                        format!(
                            "Error: mtu {} than device minimum.\n",
                            if m < min { "less" } else { "greater" }
                        ),
                        2,
                    );
                }
                if let Some(i) = ctx
                    .host
                    .net
                    .ns_mut(ns)
                    .and_then(|n| n.ifaces.get_mut(&index))
                {
                    i.mtu = m;
                }
            }
            SetOp::Netns(target) => {
                if let Err(e) = move_to_netns(ctx, index, &target) {
                    return e;
                }
            }
        }
    }
    Out::default()
}

/// `ip link set DEV netns NS`: only veth ends move in the lab.
fn move_to_netns(ctx: &mut Ctx<'_>, index: IfIndex, target: &str) -> Result<(), Out> {
    let net = &mut ctx.host.net;
    let to = net
        .named_ns(target)
        .ok_or_else(|| Out::fail(format!("Invalid \"netns\" value \"{target}\"\n"), 255))?;
    let from = ctx.ns;
    let iface = net
        .ns(from)
        .and_then(|n| n.iface(index))
        .cloned()
        .ok_or_else(|| Out::fail("RTNETLINK answers: No such device\n", 2))?;
    if iface.is_loopback() {
        return Err(Out::fail("Error: The interface netns is immutable.\n", 2));
    }
    let Kind::Veth {
        mac,
        peer_netns,
        peer_index,
    } = iface.kind
    else {
        return Err(Out::fail(
            "ip: the lab moves only veth devices between namespaces\n",
            2,
        ));
    };
    if to == from {
        return Ok(());
    }
    if net
        .ns(to)
        .is_some_and(|n| n.iface_by_name(&iface.name).is_some())
    {
        return Err(Out::fail("RTNETLINK answers: File exists\n", 2));
    }
    if let Some(n) = net.ns_mut(from) {
        n.remove_iface(index);
    }
    // The kernel takes the device down and flushes its addresses on the way.
    let fresh = Interface {
        index: IfIndex(0),
        name: iface.name.clone(),
        kind: iface.kind,
        admin_up: false,
        ever_up: iface.ever_up,
        mtu: iface.mtu,
        ipv4: Vec::new(),
        ipv6: Vec::new(),
        counters: iface.counters,
    };
    let new_index = net
        .ns_mut(to)
        .map(|n| n.add_iface(fresh))
        .ok_or_else(|| Out::fail("RTNETLINK answers: No such device\n", 2))?;
    if let Some(p) = net
        .ns_mut(peer_netns)
        .and_then(|n| n.ifaces.get_mut(&peer_index))
        && let Kind::Veth { mac: pm, .. } = p.kind
    {
        p.kind = Kind::Veth {
            mac: pm,
            peer_netns: to,
            peer_index: new_index,
        };
    }
    let _ = mac;
    Ok(())
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
    if ctx.user != User::Root {
        return Out::fail(EPERM, 2);
    }
    if kind != "veth" {
        return Out::fail("Error: Unknown device type.\n", 2);
    }
    let net = &mut ctx.host.net;
    let ns = ctx.ns;
    let name = match name {
        Some(n) => String::from(n),
        None => free_name(net.ns(ns), "veth"),
    };
    let peer_ns_id = match peer_ns {
        None => ns,
        Some(p) => match net.named_ns(p) {
            Some(id) => id,
            None => {
                return Out::fail(format!("Invalid \"netns\" value \"{p}\"\n"), 255);
            }
        },
    };
    let peer = match peer {
        Some(p) => String::from(p),
        None => {
            let mut taken = free_name(net.ns(peer_ns_id), "veth");
            if taken == name {
                taken = String::from("veth1");
            }
            taken
        }
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
    // The kernel registers the peer first, so it gets the lower index.
    let made = if peer_ns_id == ns {
        net.add_veth(ns, &peer, ns, &name)
    } else {
        net.add_veth(ns, &name, peer_ns_id, &peer)
    };
    match made {
        Ok(_) => Out::default(),
        Err(e) => Out::fail(format!("RTNETLINK answers: {}\n", e.message()), 2),
    }
}

/// The kernel's `veth%d`: the first free name.
fn free_name(n: Option<&Netns>, base: &str) -> String {
    for k in 0..1000u32 {
        let cand = format!("{base}{k}");
        if n.is_none_or(|n| n.iface_by_name(&cand).is_none()) {
            return cand;
        }
    }
    String::from(base)
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
    if ctx.user != User::Root {
        return Out::fail(EPERM, 2);
    }
    let ns = ctx.ns;
    let net = &mut ctx.host.net;
    let Some(iface) = net.ns(ns).and_then(|n| n.iface(index)).cloned() else {
        return Out::fail("RTNETLINK answers: No such device\n", 2);
    };
    let Kind::Veth {
        peer_netns,
        peer_index,
        ..
    } = iface.kind
    else {
        return Out::fail("RTNETLINK answers: Operation not supported\n", 2);
    };
    if let Some(n) = net.ns_mut(ns) {
        n.remove_iface(index);
    }
    if let Some(n) = net.ns_mut(peer_netns) {
        n.remove_iface(peer_index);
    }
    Out::default()
}
