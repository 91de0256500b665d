//! Parsing the arguments of `ip route add|del|replace|get` and
//! `ip rule add|del`, with iproute2's own error text and exit status.
//! Kernel-side errors (`RTNETLINK answers: ...`) come from the netlink
//! calls (`crate::sys::routing`).

use alloc::format;
use alloc::string::{String, ToString};
use core::net::IpAddr;

use crate::num::parse_u32;
use crate::sys::link::IfIndex;
use crate::sys::routing::{
    Family, Flow, Prefix, Proto, Route, RouteMatch, RouteType, Rule, RuleAction, RuleMatch, Scope,
    TableId,
};

/// A command-line error: what `ip` prints on stderr and its exit status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CmdError {
    /// The stderr text, newline(s) included.
    pub(crate) stderr: String,
    /// The exit status (1 for bad addresses and devices, 255 for bad arguments).
    pub(crate) status: i32,
}

impl core::fmt::Display for CmdError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.stderr)
    }
}

impl core::error::Error for CmdError {}

/// Device name resolution for the parser (`"eth0"` -> index).
pub(crate) type DevLookup<'a> = &'a dyn Fn(&str) -> Option<IfIndex>;

fn err(stderr: String, status: i32) -> CmdError {
    CmdError { stderr, status }
}

/// iproute2's `invarg`: `Error: argument "ARG" is wrong: MSG` (exit 255).
pub(crate) fn invarg(msg: &str, arg: &str) -> CmdError {
    err(
        format!("Error: argument \"{arg}\" is wrong: {msg}\n\n"),
        255,
    )
}

fn fam_word(f: Option<Family>) -> &'static str {
    match f {
        None => "any valid",
        Some(Family::V4) => "inet",
        Some(Family::V6) => "inet6",
    }
}

fn parse_addr_any(s: &str) -> Option<IpAddr> {
    s.parse::<IpAddr>().ok()
}

/// Parse `ADDR[/LEN]` or `default`/`all` like iproute2's `get_prefix`.
/// Host bits are kept: the caller decides (IPv4 route add rejects them).
pub(crate) fn parse_prefix(s: &str, family: Option<Family>) -> Result<(IpAddr, u8), CmdError> {
    let bad = || {
        err(
            format!(
                "Error: {} prefix is expected rather than \"{s}\".\n",
                fam_word(family)
            ),
            1,
        )
    };
    if s == "default" || s == "all" || s == "any" {
        let f = family.unwrap_or(Family::V4);
        return Ok((f.unspecified(), 0));
    }
    let (a, l) = match s.split_once('/') {
        Some((a, l)) => (a, Some(l)),
        None => (s, None),
    };
    let addr = parse_addr_any(a).ok_or_else(bad)?;
    let f = Family::of(&addr);
    if family.is_some_and(|want| want != f) {
        return Err(bad());
    }
    let len = match l {
        None => f.bits(),
        Some(l) => match l.parse::<u8>() {
            Ok(n) if n <= f.bits() => n,
            _ => return Err(bad()),
        },
    };
    Ok((addr, len))
}

fn parse_addr(s: &str, family: Option<Family>) -> Result<IpAddr, CmdError> {
    let bad = || {
        err(
            format!(
                "Error: {} address is expected rather than \"{s}\".\n",
                fam_word(family)
            ),
            1,
        )
    };
    let a = parse_addr_any(s).ok_or_else(bad)?;
    if family.is_some_and(|f| f != Family::of(&a)) {
        return Err(bad());
    }
    Ok(a)
}

/// Parse a table name or number (`local`, `main`, `default`, `N`).
pub(crate) fn parse_table(s: &str) -> Option<TableId> {
    match s {
        "local" => Some(TableId::LOCAL),
        "main" => Some(TableId::MAIN),
        "default" => Some(TableId::DEFAULT),
        "unspec" => Some(TableId::UNSPEC),
        _ => parse_u32(s).map(TableId),
    }
}

/// `NEXT_ARG` at the end of the words: the line is not complete (exit 255).
pub(crate) fn incomplete() -> CmdError {
    err(
        String::from("Command line is not complete. Try option \"help\"\n"),
        255,
    )
}

fn dev_of(name: &str, devs: DevLookup<'_>) -> Result<IfIndex, CmdError> {
    devs(name).ok_or_else(|| err(format!("Cannot find device \"{name}\"\n"), 1))
}

/// The usage text `ip route` prints for a bare `ip route add` (exit 255).
pub(crate) const ROUTE_USAGE: &str = include_str!("route_usage.txt");

/// What the arguments of `ip route add|del|replace` describe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RouteArgs {
    /// The route to add or replace, with iproute2's defaults filled in
    /// (proto boot, scope link for direct unicast, metric 1024 for IPv6).
    pub(crate) route: Route,
    /// Whether the destination had host bits set (IPv4 add then fails with
    /// `Error: Invalid prefix for given prefix length.`).
    pub(crate) host_bits: bool,
    /// The selector for `del`: only what was given.
    pub(crate) matcher: RouteMatch,
}

/// Parse `ip [-4|-6] route add|del|replace ARGS` (the part after the verb).
pub(crate) fn parse_route(
    family: Option<Family>,
    args: &[&str],
    is_del: bool,
    devs: DevLookup<'_>,
) -> Result<RouteArgs, CmdError> {
    if args.is_empty() {
        return Err(err(ROUTE_USAGE.to_string(), 255));
    }
    let mut family = family;
    let mut kind: Option<RouteType> = None;
    let mut dst: Option<(IpAddr, u8)> = None;
    let mut m = RouteMatch::default();
    let mut it = args.iter().copied().peekable();
    while let Some(tok) = it.next() {
        let mut next = |what: &str| -> Result<&str, CmdError> {
            it.next().ok_or_else(|| {
                err(
                    format!("Command line is not complete. Try option \"help\"\n{what}"),
                    255,
                )
            })
        };
        match tok {
            "via" => {
                let v = next("")?;
                let a = parse_addr(v, family)?;
                family.get_or_insert(Family::of(&a));
                m.via = Some(a);
            }
            "dev" | "oif" => m.dev = Some(dev_of(next("")?, devs)?),
            "src" => {
                let v = next("")?;
                let a = parse_addr(v, family)?;
                family.get_or_insert(Family::of(&a));
                m.src = Some(a);
            }
            "table" => {
                let v = next("")?;
                m.table =
                    Some(parse_table(v).ok_or_else(|| invarg("\"table\" value is invalid", v))?);
            }
            "metric" | "priority" | "preference" => {
                let v = next("")?;
                m.metric =
                    Some(parse_u32(v).ok_or_else(|| invarg("\"metric\" value is invalid", v))?);
            }
            "scope" => {
                let v = next("")?;
                m.scope =
                    Some(Scope::parse(v).ok_or_else(|| invarg("invalid \"scope\" value", v))?);
            }
            "proto" | "protocol" => {
                let v = next("")?;
                m.proto = Some(
                    Proto::parse(v).ok_or_else(|| invarg("\"protocol\" value is invalid", v))?,
                );
            }
            _ => {
                let mut tok = tok;
                if tok == "to" {
                    tok = next("")?;
                }
                if !tok.starts_with(|c: char| c.is_ascii_digit())
                    && let Some(t) = RouteType::from_keyword(tok)
                {
                    kind = Some(t);
                    tok = next("")?;
                }
                if dst.is_some() {
                    return Err(err(
                        format!("Error: either \"to\" is duplicate, or \"{tok}\" is a garbage.\n"),
                        255,
                    ));
                }
                let (a, l) = parse_prefix(tok, family)?;
                if tok != "default" && tok != "all" && tok != "any" {
                    family.get_or_insert(Family::of(&a));
                }
                dst = Some((a, l));
            }
        }
    }
    let fam = family.unwrap_or(Family::V4);
    let (addr, len) = match dst {
        Some((_, 0)) => (fam.unspecified(), 0),
        Some(d) => d,
        None => (fam.unspecified(), 0),
    };
    let host_bits = Prefix::new(addr, len).is_none();
    let prefix = Prefix::new_masked(addr, len).unwrap_or(Prefix::default_for(fam));
    let kind_v = kind.unwrap_or(RouteType::Unicast);
    m.kind = kind;
    let default_scope = match kind_v {
        RouteType::Local => Scope::HOST,
        RouteType::Broadcast | RouteType::Multicast => Scope::LINK,
        RouteType::Unicast if m.via.is_none() => Scope::LINK,
        _ => Scope::GLOBAL,
    };
    let route = Route {
        table: m.table.unwrap_or(match kind_v {
            RouteType::Local | RouteType::Broadcast => TableId::LOCAL,
            _ => TableId::MAIN,
        }),
        dst: prefix,
        kind: kind_v,
        dev: m.dev,
        via: m.via,
        proto: m.proto.unwrap_or(Proto::BOOT),
        scope: if fam == Family::V6 {
            Scope::GLOBAL
        } else {
            m.scope.unwrap_or(default_scope)
        },
        src: m.src,
        metric: m.metric.unwrap_or(if fam == Family::V6 { 1024 } else { 0 }),
    };
    if !is_del {
        m = RouteMatch::default();
    }
    Ok(RouteArgs {
        route,
        host_bits,
        matcher: m,
    })
}

/// Parse `ip [-4|-6] route get ARGS` into a flow (locally generated unless
/// `iif` is given).
pub(crate) fn parse_route_get(
    family: Option<Family>,
    args: &[&str],
    devs: DevLookup<'_>,
) -> Result<Flow, CmdError> {
    let mut family = family;
    let mut dst: Option<IpAddr> = None;
    let mut src = None;
    let mut oif = None;
    let mut iif = None;
    let mut mark = 0;
    let mut it = args.iter().copied();
    while let Some(tok) = it.next() {
        let mut next = || {
            it.next().ok_or_else(|| {
                err(
                    "Command line is not complete. Try option \"help\"\n".into(),
                    255,
                )
            })
        };
        match tok {
            "from" => {
                let (a, _) = parse_prefix(next()?, family)?;
                family.get_or_insert(Family::of(&a));
                src = Some(a);
            }
            "iif" => iif = Some(dev_of(next()?, devs)?),
            "oif" | "dev" => oif = Some(dev_of(next()?, devs)?),
            "mark" => {
                let v = next()?;
                mark = parse_u32(v).ok_or_else(|| invarg("mark value is invalid", v))?;
            }
            "fibmatch" | "connected" => {}
            _ => {
                let tok = if tok == "to" { next()? } else { tok };
                let (a, _) = parse_prefix(tok, family)?;
                family.get_or_insert(Family::of(&a));
                dst = Some(a);
            }
        }
    }
    let dst = dst.ok_or_else(|| err("need at least a destination address\n".into(), 1))?;
    Ok(Flow {
        dst,
        src,
        oif,
        iif,
        mark,
    })
}

/// What the arguments of `ip rule add|del` describe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RuleArgs {
    /// The family (from `-4`/`-6` or the first address).
    pub(crate) family: Family,
    /// The explicit priority, if given.
    pub(crate) priority: Option<u32>,
    /// The rule to add (`lookup main` when no action is given).
    pub(crate) rule: Rule,
    /// The selector for `del`.
    pub(crate) matcher: RuleMatch,
}

/// Parse `ip [-4|-6] rule add|del ARGS`.
pub(crate) fn parse_rule(family: Option<Family>, args: &[&str]) -> Result<RuleArgs, CmdError> {
    let mut family = family;
    let mut m = RuleMatch::default();
    let mut it = args.iter().copied();
    while let Some(tok) = it.next() {
        let mut next = || {
            it.next().ok_or_else(|| {
                err(
                    "Command line is not complete. Try option \"help\"\n".into(),
                    255,
                )
            })
        };
        match tok {
            "from" | "to" => {
                let v = next()?;
                let (a, l) = parse_prefix(v, family)?;
                if v != "all" && v != "default" && v != "any" {
                    family.get_or_insert(Family::of(&a));
                }
                let p = if l == 0 {
                    None
                } else {
                    Prefix::new_masked(a, l)
                };
                if tok == "from" {
                    m.from = p;
                } else {
                    m.to = p;
                }
            }
            "pref" | "priority" | "preference" | "order" => {
                let v = next()?;
                m.priority =
                    Some(parse_u32(v).ok_or_else(|| invarg("preference value is invalid", v))?);
            }
            "table" | "lookup" => {
                let v = next()?;
                m.action = Some(RuleAction::Lookup(
                    parse_table(v).ok_or_else(|| invarg("invalid table ID", v))?,
                ));
            }
            "iif" | "dev" => m.iif = Some(next()?.to_string()),
            "oif" => m.oif = Some(next()?.to_string()),
            "fwmark" => {
                let v = next()?;
                let (a, b) = match v.split_once('/') {
                    Some((a, b)) => (a, Some(b)),
                    None => (v, None),
                };
                let mark = parse_u32(a).ok_or_else(|| invarg("fwmark value is invalid", v))?;
                let mask = match b {
                    Some(b) => parse_u32(b).ok_or_else(|| invarg("fwmask value is invalid", v))?,
                    None => u32::MAX,
                };
                m.fwmark = Some((mark, mask));
            }
            "blackhole" => m.action = Some(RuleAction::Blackhole),
            "unreachable" => m.action = Some(RuleAction::Unreachable),
            "prohibit" => m.action = Some(RuleAction::Prohibit),
            "type" => {
                let v = next()?;
                m.action = Some(match v {
                    "blackhole" => RuleAction::Blackhole,
                    "unreachable" => RuleAction::Unreachable,
                    "prohibit" => RuleAction::Prohibit,
                    _ => {
                        return Err(err(
                            format!(
                                "Error: argument \"{v}\" is wrong: Failed to parse rule type\n"
                            ),
                            255,
                        ));
                    }
                });
            }
            other => {
                return Err(err(
                    format!("Error: argument \"{other}\" is wrong: Failed to parse rule type\n"),
                    255,
                ));
            }
        }
    }
    let rule = Rule {
        priority: m.priority.unwrap_or(0),
        from: m.from,
        to: m.to,
        iif: m.iif.clone(),
        oif: m.oif.clone(),
        fwmark: m.fwmark,
        action: m.action.unwrap_or(RuleAction::Lookup(TableId::MAIN)),
    };
    Ok(RuleArgs {
        family: family.unwrap_or(Family::V4),
        priority: m.priority,
        rule,
        matcher: m,
    })
}
