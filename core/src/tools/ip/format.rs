//! iproute2's text for the kernel's routing records: `ip route show`,
//! `ip rule show`, `ip route get`. The records come from the kernel's
//! dumps (in the kernel's order); device names come from a closure over
//! the link dump.
//!
//! The front ends (the web's state panels and JS API) print a namespace's
//! tables the same way: `Lab::snapshot` hands these functions the same
//! dumps.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::sys::link::IfIndex;
use crate::sys::routing::{
    Decision, Family, LookupError, Proto, Route, RouteType, Rule, RuleAction, Scope, TableId,
};

/// Device name lookup (`IfIndex` -> `"eth0"`).
pub type Names<'a> = &'a dyn Fn(IfIndex) -> Option<String>;

fn dev_name(names: Names<'_>, i: IfIndex) -> String {
    names(i).unwrap_or_else(|| format!("if{}", i.0))
}

/// Which tables `ip route show` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableSel {
    /// One table (`main` when no `table` is given).
    Id(TableId),
    /// `table all` (also `table 0`).
    All,
}

/// The fields a listing leaves out because the filter fixed them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Hidden {
    /// `dev X` (a `dev` filter).
    pub(crate) dev: bool,
    /// `proto X` (a `proto` filter other than `all`).
    pub(crate) proto: bool,
    /// `scope X` (a `scope` filter other than `all`).
    pub(crate) scope: bool,
    /// `via X` (a `via` filter of a whole address).
    pub(crate) via: bool,
    /// `src X` (a `src` filter of a whole address).
    pub(crate) src: bool,
    /// `metric X` (a `metric` filter).
    pub(crate) metric: bool,
}

/// One `ip route show` line, with its newline. `show_table` is what
/// `table all` does (prints `table X` unless main).
pub(crate) fn route_line(route: &Route, names: Names<'_>, show_table: bool) -> String {
    route_line_hiding(route, names, show_table, Hidden::default())
}

/// [`route_line`] without the fields a filter fixed (`ip route show dev lo`
/// prints no `dev lo`).
pub(crate) fn route_line_hiding(
    route: &Route,
    names: Names<'_>,
    show_table: bool,
    hide: Hidden,
) -> String {
    let mut t: Vec<String> = Vec::new();
    if route.kind != RouteType::Unicast {
        t.push(route.kind.keyword().into());
    }
    t.push(format!("{}", route.dst));
    if let Some(gw) = route.via.filter(|_| !hide.via) {
        t.push(format!("via {gw}"));
    }
    let v6 = route.family() == Family::V6;
    match route.dev.filter(|_| !hide.dev) {
        Some(d) => t.push(format!("dev {}", dev_name(names, d))),
        None if v6 && !hide.dev => {
            t.push(format!("dev {}", dev_name(names, IfIndex::LOOPBACK)));
        }
        None => {}
    }
    if show_table && route.table != TableId::MAIN {
        t.push(format!("table {}", route.table));
    }
    if route.proto != Proto::BOOT && !hide.proto {
        t.push(format!("proto {}", route.proto));
    }
    if !v6 && route.scope != Scope::GLOBAL && !hide.scope {
        t.push(format!("scope {}", route.scope));
    }
    if let Some(src) = route.src.filter(|_| !hide.src) {
        t.push(format!("src {src}"));
    }
    if v6 {
        if !hide.metric {
            t.push(format!("metric {}", route.metric));
        }
        t.push("pref medium".into());
        let mut s = t.join(" ");
        s.push('\n');
        s
    } else {
        if route.metric != 0 && !hide.metric {
            t.push(format!("metric {}", route.metric));
        }
        let mut s = t.join(" ");
        s.push_str(" \n");
        s
    }
}

/// The families `ip [-4|-6] route show [table T]` lists: `family` `None`
/// (no `-4`/`-6`) means IPv4 for one table and both for `table all`.
pub fn show_families(family: Option<Family>, sel: TableSel) -> &'static [Family] {
    match (family, sel) {
        (Some(Family::V4), _) | (None, TableSel::Id(_)) => &[Family::V4],
        (Some(Family::V6), _) => &[Family::V6],
        (None, TableSel::All) => &[Family::V4, Family::V6],
    }
}

/// The lines of one table's dump (`show_table` is what `table all` does).
pub fn routes_text(routes: &[Route], names: Names<'_>, show_table: bool) -> String {
    routes
        .iter()
        .map(|r| route_line(r, names, show_table))
        .collect()
}

/// One `ip rule show` line with its newline (`PRIO:\tfrom ... lookup T`).
pub(crate) fn rule_line(rule: &Rule) -> String {
    let mut s = format!("{}:\tfrom ", rule.priority);
    match rule.from {
        Some(p) if !p.is_default() => {
            let _ = write!(s, "{p}");
        }
        _ => s.push_str("all"),
    }
    if let Some(p) = rule.to.filter(|p| !p.is_default()) {
        let _ = write!(s, " to {p}");
    }
    if let Some((m, mask)) = rule.fwmark {
        if mask == u32::MAX {
            let _ = write!(s, " fwmark {m:#x}");
        } else {
            let _ = write!(s, " fwmark {m:#x}/{mask:#x}");
        }
    }
    if let Some(i) = &rule.iif {
        let _ = write!(s, " iif {i}");
    }
    if let Some(o) = &rule.oif {
        let _ = write!(s, " oif {o}");
    }
    match rule.action {
        RuleAction::Lookup(t) => {
            let _ = write!(s, " lookup {t}");
        }
        RuleAction::Blackhole => s.push_str(" blackhole"),
        RuleAction::Unreachable => s.push_str(" unreachable"),
        RuleAction::Prohibit => s.push_str(" prohibit"),
    }
    s.push('\n');
    s
}

/// `ip [-6] rule show` of one family's rule dump.
pub fn rules_text(rules: &[Rule]) -> String {
    rules.iter().map(rule_line).collect()
}

/// `ip route get` output for a successful lookup (`uid` is the caller's).
///
/// An input route (`iif` given: `iif` is its device's name) names no uid
/// and no preferred source, is delivered by lo when it is local, broadcast
/// or multicast, says `redirect` when it would leave by the device it came
/// in on, and ends its cache line with `iif DEV`.
pub(crate) fn route_get(d: &Decision, names: Names<'_>, uid: u32, iif: Option<&str>) -> String {
    let mut t: Vec<String> = Vec::new();
    if d.kind != RouteType::Unicast {
        t.push(d.kind.keyword().into());
    }
    t.push(format!("{}", d.dst));
    let v6 = matches!(d.dst, core::net::IpAddr::V6(_));
    if v6 {
        match d.bound_src {
            Some(s) => t.push(format!("from {s}")),
            None => t.push("from ::".into()),
        }
    } else if let Some(s) = d.bound_src {
        t.push(format!("from {s}"));
    }
    if let Some(gw) = d.via {
        t.push(format!("via {gw}"));
    }
    let delivered_here = matches!(
        d.kind,
        RouteType::Local | RouteType::Broadcast | RouteType::Multicast
    );
    let dev = if iif.is_some() && delivered_here {
        IfIndex::LOOPBACK
    } else {
        d.dev
    };
    t.push(format!("dev {}", dev_name(names, dev)));
    if d.show_table {
        t.push(format!("table {}", d.table));
    }
    if v6 {
        if let Some(r) = &d.route
            && r.proto != Proto::BOOT
        {
            t.push(format!("proto {}", r.proto));
        }
        if let Some(s) = d.src {
            t.push(format!("src {s}"));
        }
        t.push(format!(
            "metric {}",
            d.route.as_ref().map_or(0, |r| r.metric)
        ));
        t.push("pref medium".into());
        let mut s = t.join(" ");
        s.push('\n');
        return s;
    }
    if d.bound_src.is_none()
        && iif.is_none()
        && let Some(s) = d.src
    {
        t.push(format!("src {s}"));
    }
    if d.cache.mc {
        // The kernel's RTCF_MULTICAST bit collides with RTM_F_OFFLOAD_FAILED.
        t.push("rt_offload_failed".into());
    }
    if iif.is_none() {
        t.push(format!("uid {uid}"));
    }
    let mut s = t.join(" ");
    s.push_str(" \n    cache ");
    let mut flags: Vec<&str> = Vec::new();
    let redirect = iif.is_some()
        && !delivered_here
        && iif.is_some_and(|name| names(d.dev).as_deref() == Some(name));
    if redirect {
        flags.push("redirect");
    }
    if d.cache.local || (iif.is_some() && delivered_here) {
        flags.push("local");
    }
    if d.cache.brd {
        flags.push("brd");
    }
    if d.cache.mc {
        flags.push("mc");
    }
    if !flags.is_empty() {
        let _ = write!(s, "<{}> ", flags.join(","));
    }
    if let Some(name) = iif {
        let _ = write!(s, "iif {name} ");
    }
    s.push('\n');
    s
}

/// `ip route get` stderr for a failed lookup (exit status 2).
pub(crate) fn route_get_error(e: LookupError) -> String {
    format!("RTNETLINK answers: {}\n", e.errno().message())
}
