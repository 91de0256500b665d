//! `route` from net-tools 2.10: the IPv4 table from `/proc/net/route`
//! (`-n`, `-e`, `-ee`) and `route add|del [-net|-host] TARGET[/LEN]
//! [netmask M] [gw G] [metric N] [reject] [[dev] IF]` through the kernel's
//! `SIOCADDRT`/`SIOCDELRT`, with its errors (`SIOCADDRT: File exists`,
//! exit 7; `Unknown host`, exit 6; usage errors, exit 3).
//! Real outputs: core/tests/fixtures/nettools/route_real.txt.

use alloc::format;
use alloc::string::String;
use core::net::{IpAddr, Ipv4Addr};

use super::routes::{self, Layout};
use crate::names;
use crate::process::{Ctx, Started};
use crate::sys::link::LinkRecord;
use crate::sys::routing::{Prefix, Proto, Route, RouteMatch, RouteType, Scope, TableId};
use crate::tools::netnames;

/// `route`'s usage (`route -h`, bad options).
const USAGE: &str = include_str!("route_usage.txt");
/// The address families, printed on standard error after the usage.
const AFS: &str = include_str!("netstat_afs.txt");
/// `inet_route`'s usage (`route add` without arguments, bad arguments).
const INET_USAGE: &str = include_str!("route_inet_usage.txt");
const VERSION: &str = "net-tools 2.10
+NEW_ADDRT +RTF_IRTT +RTF_REJECT +I18N +SELINUX
AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH
HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 
";

/// What `route add`/`del` asks the kernel (`struct rtentry`).
#[derive(Debug)]
struct RtEntry {
    dst: Ipv4Addr,
    mask: Option<u32>,
    host: bool,
    gateway: Option<Ipv4Addr>,
    metric: Option<u32>,
    reject: bool,
    dev: Option<String>,
}

/// How a change ended: done, or the status with what was printed.
enum Outcome {
    Done,
    Fail(i32),
}

fn resolve(ctx: &mut Ctx<'_>, name: &str) -> Option<Ipv4Addr> {
    if name == "default" {
        return Some(Ipv4Addr::UNSPECIFIED);
    }
    match netnames::resolve_host(&ctx.sys(), name, names::Family::Inet) {
        Some(IpAddr::V4(a)) => Some(a),
        _ => None,
    }
}

fn inet_usage_error(ctx: &mut Ctx<'_>, msg: &str) -> Outcome {
    ctx.err(msg);
    ctx.err(INET_USAGE);
    Outcome::Fail(3)
}

/// `INET_setroute`: parses `[-net|-host] TARGET ...` and makes the call.
fn setroute(ctx: &mut Ctx<'_>, add: bool, args: &[String]) -> Outcome {
    let mut it = args.iter().map(String::as_str).peekable();
    let mut xflag = 0;
    match it.peek() {
        Some(&"-net") => {
            xflag = 1;
            it.next();
        }
        Some(&"-host") => {
            xflag = 2;
            it.next();
        }
        _ => {}
    }
    let Some(target) = it.next() else {
        ctx.out(INET_USAGE);
        return Outcome::Done;
    };
    let (name, prefix) = match target.split_once('/') {
        Some((n, p)) => (n, Some(p)),
        None => (target, None),
    };
    let Some(dst) = resolve(ctx, name) else {
        ctx.err(&format!("{name}: Unknown host\n"));
        return Outcome::Fail(6);
    };
    let mut e = RtEntry {
        dst,
        mask: None,
        host: false,
        gateway: None,
        metric: None,
        reject: false,
        dev: None,
    };
    let is_net = xflag == 1 || (xflag == 0 && (name == "default" || dst.is_unspecified()));
    e.host = !is_net;
    if name == "default" {
        e.mask = Some(0);
    }
    if let Some(p) = prefix {
        let len: u32 = p.parse().unwrap_or(33);
        e.mask = Some(if len == 0 {
            0
        } else if len > 32 {
            // An impossible prefix makes a mask that cannot match.
            u32::MAX >> 1
        } else {
            u32::MAX << (32 - len)
        });
    }
    let rest: alloc::vec::Vec<&str> = it.collect();
    let mut i = 0;
    while let Some(&word) = rest.get(i) {
        i += 1;
        let value = rest.get(i).copied();
        match word {
            "metric" | "netmask" | "gw" | "gateway" | "mss" | "window" | "irtt" | "dev"
            | "device" => {
                let Some(v) = value else {
                    ctx.err(INET_USAGE);
                    return Outcome::Fail(3);
                };
                i += 1;
                match word {
                    "metric" => match v.parse::<u32>() {
                        Ok(m) => e.metric = Some(m),
                        Err(_) => return inet_usage_error(ctx, ""),
                    },
                    "netmask" => {
                        if e.host {
                            return inet_usage_error(
                                ctx,
                                "route: netmask doesn't make sense with host route\n",
                            );
                        }
                        match v.parse::<Ipv4Addr>() {
                            Ok(m) => e.mask = Some(u32::from(m)),
                            Err(_) => {
                                ctx.err(&format!("{v}: Unknown host\n"));
                                return Outcome::Fail(6);
                            }
                        }
                    }
                    "gw" | "gateway" => {
                        if e.gateway.is_some() {
                            return inet_usage_error(ctx, "");
                        }
                        match resolve(ctx, v) {
                            Some(g) => e.gateway = Some(g),
                            None => {
                                ctx.err(&format!("{v}: Unknown host\n"));
                                return Outcome::Fail(6);
                            }
                        }
                    }
                    "dev" | "device" => e.dev = Some(String::from(v)),
                    // mss, window, irtt: the lab's routes keep none of them.
                    _ => {
                        return inet_usage_error(ctx, "");
                    }
                }
            }
            "reject" => e.reject = true,
            "mod" | "dyn" | "reinstate" => return inet_usage_error(ctx, ""),
            dev if i == rest.len() => e.dev = Some(String::from(dev)),
            _ => return inet_usage_error(ctx, ""),
        }
    }
    let dst_bits = u32::from(e.dst);
    if e.host {
        if let Some(m) = e.mask.filter(|&m| m != u32::MAX) {
            return inet_usage_error(
                ctx,
                &format!(
                    "route: netmask {:08x} doesn't make sense with host route\n",
                    u32::from_le_bytes(m.to_be_bytes())
                ),
            );
        }
        e.mask = Some(u32::MAX);
    }
    let mask = match e.mask {
        Some(m) => m,
        None => {
            // No mask given: as many whole octets as the address uses.
            let zeros = dst_bits.trailing_zeros() / 8 * 8;
            if zeros >= 32 { 0 } else { u32::MAX << zeros }
        }
    };
    if dst_bits & !mask != 0 || (mask != 0 && (!mask).wrapping_add(1) & !mask != 0) {
        return inet_usage_error(ctx, "route: netmask doesn't match route address\n");
    }
    let len = mask.count_ones() as u8;
    let Some(dst) = Prefix::new(IpAddr::V4(e.dst), len) else {
        return inet_usage_error(ctx, "route: netmask doesn't match route address\n");
    };
    let links: alloc::vec::Vec<LinkRecord> = ctx.sys().links();
    let dev = match &e.dev {
        Some(name) => match links.iter().find(|l| &l.name == name) {
            Some(l) => Some(l.index),
            None => {
                let call = if add { "SIOCADDRT" } else { "SIOCDELRT" };
                ctx.err(&format!("{call}: No such device\n"));
                return Outcome::Fail(7);
            }
        },
        None => None,
    };
    let kind = if e.reject {
        RouteType::Unreachable
    } else {
        RouteType::Unicast
    };
    let result = if add {
        let route = Route {
            table: TableId::MAIN,
            dst,
            kind,
            dev: if e.reject { None } else { dev },
            via: if e.reject {
                None
            } else {
                e.gateway.map(IpAddr::V4)
            },
            proto: Proto::BOOT,
            scope: if e.reject {
                Scope::HOST
            } else if e.gateway.is_some() {
                Scope::GLOBAL
            } else {
                Scope::LINK
            },
            src: None,
            metric: e.metric.unwrap_or(0),
        };
        ctx.sys().route_add_ioctl(route)
    } else {
        let m = RouteMatch {
            table: Some(TableId::MAIN),
            kind: Some(kind),
            dev,
            via: e.gateway.map(IpAddr::V4),
            metric: e.metric,
            ..RouteMatch::default()
        };
        ctx.sys().route_del(dst, &m).map_err(|e| e.errno)
    };
    match result {
        Ok(()) => Outcome::Done,
        Err(errno) => {
            let call = if add { "SIOCADDRT" } else { "SIOCDELRT" };
            ctx.err(&format!("{call}: {}\n", errno.message()));
            Outcome::Fail(7)
        }
    }
}

fn usage(ctx: &mut Ctx<'_>, first: &str) -> Started {
    ctx.err(first);
    ctx.err(AFS);
    ctx.out(USAGE);
    Started::Exited(0)
}

/// Runs `route ARGS`.
pub(crate) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut numeric = false;
    let mut ext = 0u8;
    let mut i = 1;
    while let Some(a) = args.get(i) {
        if a == "--numeric" {
            numeric = true;
        } else if a == "--extend" {
            ext = ext.saturating_add(1);
        } else if a == "--inet" || a == "-4" || a == "--verbose" || a == "--fib" {
        } else if a == "--help" {
            return usage(ctx, "");
        } else if a == "--version" {
            ctx.out(VERSION);
            return Started::Exited(0);
        } else if a == "-A" {
            if args.get(i + 1).map(String::as_str) != Some("inet") {
                return usage(ctx, "");
            }
            i += 1;
        } else if let Some(long) = a.strip_prefix("--") {
            return usage(ctx, &format!("route: unrecognized option '--{long}'\n"));
        } else if let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
            for c in flags.chars() {
                match c {
                    'n' => numeric = true,
                    'e' => ext = ext.saturating_add(1),
                    'v' | 'F' | 'N' | '4' => {}
                    'h' => return usage(ctx, ""),
                    'V' => {
                        ctx.out(VERSION);
                        return Started::Exited(0);
                    }
                    _ => return usage(ctx, &format!("route: invalid option -- '{c}'\n")),
                }
            }
        } else {
            break;
        }
        i += 1;
    }
    let rest = args.get(i..).unwrap_or_default();
    match rest.first().map(String::as_str) {
        None => {
            let layout = match ext {
                0 => Layout::Metric,
                1 => Layout::Mss,
                _ => Layout::Full,
            };
            match routes::table(&ctx.sys(), layout, numeric) {
                Some(t) => {
                    ctx.out(&t);
                    Started::Exited(0)
                }
                None => Started::Exited(1),
            }
        }
        Some(verb @ ("add" | "del")) => {
            match setroute(ctx, verb == "add", rest.get(1..).unwrap_or_default()) {
                Outcome::Done => Started::Exited(0),
                Outcome::Fail(s) => Started::Exited(s),
            }
        }
        Some(_) => usage(ctx, ""),
    }
}
