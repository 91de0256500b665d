//! `ip route` and `ip rule`: iproute2's parsing ([`super::cmd`])
//! and printing ([`super::format`]) around the kernel's netlink-style
//! route and rule calls.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::cmd::{CmdError, ROUTE_USAGE, parse_route, parse_route_get, parse_rule};
use super::format::{
    TableSel, route_get, route_get_error, route_line_hiding, rules_text, show_families,
};
use super::json::{self, Json};
use super::{EPERM, Opts, Out, matches, unknown_command};
use super::{route_filter, route_flush};
use crate::process::Ctx;
use crate::sys::User;
use crate::sys::link::{IfIndex, LinkRecord};
use crate::sys::routing::{Family, Proto, Route, RouteType, RtnlError, RuleAction, Scope, TableId};

fn cmd_err(e: CmdError) -> Out {
    Out::fail(e.stderr, e.status)
}

fn rtnl(e: RtnlError) -> Out {
    Out::fail(format!("{e}\n"), 2)
}

fn route_json(r: &Route, names: &dyn Fn(IfIndex) -> Option<String>, show_table: bool) -> Json {
    let mut f = Vec::new();
    if r.kind != RouteType::Unicast {
        f.push(("type", Json::s(r.kind.keyword())));
    }
    f.push(("dst", Json::s(r.dst.to_string())));
    if let Some(g) = r.via {
        f.push(("gateway", Json::s(g.to_string())));
    }
    let v6 = r.family() == Family::V6;
    let dev = r.dev.or(v6.then_some(IfIndex::LOOPBACK));
    if let Some(d) = dev {
        f.push((
            "dev",
            Json::s(names(d).unwrap_or_else(|| format!("if{}", d.0))),
        ));
    }
    if show_table && r.table != TableId::MAIN {
        f.push(("table", Json::s(r.table.to_string())));
    }
    if r.proto != Proto::BOOT {
        f.push(("protocol", Json::s(r.proto.to_string())));
    }
    if !v6 && r.scope != Scope::GLOBAL {
        f.push(("scope", Json::s(r.scope.to_string())));
    }
    if let Some(s) = r.src {
        f.push(("prefsrc", Json::s(s.to_string())));
    }
    if v6 || r.metric != 0 {
        f.push(("metric", Json::Num(u64::from(r.metric))));
    }
    f.push(("flags", Json::Arr(Vec::new())));
    if v6 {
        f.push(("pref", Json::s("medium")));
    }
    Json::Obj(f)
}

/// `ip route ...`.
pub(super) fn route(ctx: &mut Ctx<'_>, opts: Opts, args: &[&str]) -> Out {
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (*c, r),
        None => ("show", args),
    };
    let links: Vec<LinkRecord> = ctx.sys().links();
    let names = |i: IfIndex| links.iter().find(|l| l.index == i).map(|l| l.name.clone());
    let devs = |s: &str| links.iter().find(|l| l.name == s).map(|l| l.index);
    if matches(cmd, "show") || matches(cmd, "list") || matches(cmd, "lst") {
        let filter = match route_filter::parse(opts.family, rest, &devs) {
            Ok(f) => f,
            Err(e) => return cmd_err(e),
        };
        let hide = filter.hidden();
        let show_table = filter.table == TableSel::All;
        let mut text = String::new();
        let mut items = Vec::new();
        for f in show_families(filter.family, filter.table) {
            let ids = match filter.table {
                TableSel::Id(t) => alloc::vec![t],
                TableSel::All => ctx.sys().route_tables(*f),
            };
            for id in ids {
                let routes = match ctx.sys().route_dump(*f, id) {
                    Ok(r) => r,
                    Err(e) => return Out::fail(format!("{e}\nDump terminated\n"), 2),
                };
                for r in routes.iter().filter(|r| filter.admits(r)) {
                    if opts.json {
                        items.push(route_json(r, &names, show_table));
                    } else {
                        text.push_str(&route_line_hiding(r, &names, show_table, hide));
                    }
                }
            }
        }
        if opts.json {
            return Out::ok(json::line(items));
        }
        return Out::ok(text);
    }
    if matches(cmd, "flush") {
        return route_flush::flush(ctx, opts, rest, &names, &devs);
    }
    if matches(cmd, "get") {
        let flow = match parse_route_get(opts.family, rest, &devs) {
            Ok(f) => f,
            Err(e) => return cmd_err(e),
        };
        let Some(answer) = ctx.sys().route_get(&flow) else {
            return Out::default();
        };
        return match answer {
            Ok(d) => {
                let uid = ctx.user().uid();
                if opts.json {
                    let mut f = Vec::new();
                    if d.kind != RouteType::Unicast {
                        f.push(("type", Json::s(d.kind.keyword())));
                    }
                    f.push(("dst", Json::s(d.dst.to_string())));
                    if let Some(s) = d.bound_src {
                        f.push(("from", Json::s(s.to_string())));
                    }
                    if let Some(g) = d.via {
                        f.push(("gateway", Json::s(g.to_string())));
                    }
                    f.push(("dev", Json::s(names(d.dev).unwrap_or_default())));
                    if d.bound_src.is_none()
                        && let Some(s) = d.src
                    {
                        f.push(("prefsrc", Json::s(s.to_string())));
                    }
                    f.push(("flags", Json::Arr(Vec::new())));
                    f.push(("uid", Json::Num(u64::from(uid))));
                    let mut cache = Vec::new();
                    if d.cache.local {
                        cache.push(Json::s("local"));
                    }
                    if d.cache.brd {
                        cache.push(Json::s("brd"));
                    }
                    f.push(("cache", Json::Arr(cache)));
                    return Out::ok(json::line(alloc::vec![Json::Obj(f)]));
                }
                let iif = flow.iif.and_then(&names);
                Out::ok(route_get(&d, &names, uid, iif.as_deref()))
            }
            Err(f) => Out::fail(route_get_error(f.error), 2),
        };
    }
    let verb = ["add", "delete", "replace", "change", "append"]
        .into_iter()
        .find(|v| matches(cmd, v));
    let Some(verb) = verb else {
        if matches(cmd, "help") {
            return Out::fail(ROUTE_USAGE, 255);
        }
        return unknown_command(cmd, "route");
    };
    let a = match parse_route(opts.family, rest, verb == "delete", &devs) {
        Ok(a) => a,
        Err(e) => return cmd_err(e),
    };
    if ctx.user() != User::Root {
        return Out::fail(EPERM, 2);
    }
    let res = match verb {
        "delete" => ctx.sys().route_del(a.route.dst, &a.matcher),
        _ => {
            let replace = !(verb == "add" || verb == "append");
            ctx.sys().route_add(a.route, a.host_bits, replace)
        }
    };
    match res {
        Ok(()) => Out::default(),
        Err(e) => rtnl(e),
    }
}

/// `ip rule ...`.
pub(super) fn rule(ctx: &mut Ctx<'_>, opts: Opts, args: &[&str]) -> Out {
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (*c, r),
        None => ("show", args),
    };
    let family = opts.family.unwrap_or(Family::V4);
    if matches(cmd, "show") || matches(cmd, "list") || matches(cmd, "lst") {
        let rules = ctx.sys().rule_dump(family);
        if opts.json {
            let items = rules
                .iter()
                .map(|r| {
                    let mut f = alloc::vec![("priority", Json::Num(u64::from(r.priority)))];
                    match r.from.filter(|p| !p.is_default()) {
                        Some(p) => {
                            f.push(("src", Json::s(p.addr().to_string())));
                            f.push(("srclen", Json::Num(u64::from(p.prefix_len()))));
                        }
                        None => f.push(("src", Json::s("all"))),
                    }
                    if let Some(p) = r.to.filter(|p| !p.is_default()) {
                        f.push(("dst", Json::s(p.addr().to_string())));
                        f.push(("dstlen", Json::Num(u64::from(p.prefix_len()))));
                    }
                    match r.action {
                        RuleAction::Lookup(t) => f.push(("table", Json::s(t.to_string()))),
                        RuleAction::Blackhole => f.push(("action", Json::s("blackhole"))),
                        RuleAction::Unreachable => f.push(("action", Json::s("unreachable"))),
                        RuleAction::Prohibit => f.push(("action", Json::s("prohibit"))),
                    }
                    Json::Obj(f)
                })
                .collect();
            return Out::ok(json::line(items));
        }
        return Out::ok(rules_text(&rules));
    }
    let add = if matches(cmd, "add") {
        true
    } else if matches(cmd, "delete") {
        false
    } else {
        return unknown_command(cmd, "rule");
    };
    let a = match parse_rule(opts.family, rest) {
        Ok(a) => a,
        Err(e) => return cmd_err(e),
    };
    if ctx.user() != User::Root {
        return Out::fail(EPERM, 2);
    }
    let res = if add {
        ctx.sys().rule_add(a.family, a.priority, a.rule)
    } else {
        ctx.sys().rule_del(a.family, &a.matcher)
    };
    match res {
        Ok(()) => Out::default(),
        Err(e) => rtnl(e),
    }
}
