//! The routing state of one namespace ([`Fib`]): rules and tables, and
//! their netlink-style edits with the kernel's checks. The rest of the
//! routing code hangs from it:
//!
//! - `view`: what routing needs to know about interfaces ([`NetView`]);
//! - `kernel`: the routes the kernel makes from addresses and links;
//! - `decision`: the lookup's question and answers ([`Flow`], [`Decision`]);
//! - `lookup`: the lookup itself ([`Fib::lookup`]);
//! - `source`: source address selection.

mod decision;
mod kernel;
mod lookup;
mod source;
mod view;

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

pub use decision::{CacheFlags, Decision, Flow, LookupError, LookupFailure, Step, TableOutcome};
pub use kernel::AddrFlags;
pub use source::{select_v4, select_v6};
pub use view::{IfAddr, LinkInfo, NetView, SimpleNet};

use super::types::{
    Errno, Family, Prefix, Proto, Route, RouteType, RtnlError, Rule, RuleAction, Scope, TableId,
};
use crate::iface::IfIndex;

/// The routing state of one network namespace.
///
/// # Call order
///
/// The interface layer owns links and addresses and calls the `handle_*`
/// events **after** changing its own state (the [`NetView`] already shows
/// the change for `*_added`/`link_up`, still shows the address for
/// `addr_removed`). `ip route`/`ip rule` commands call [`Fib::add_route`],
/// [`Fib::del_route`], [`Fib::add_rule`], [`Fib::del_rule`]; the IP layer
/// calls [`Fib::lookup`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fib {
    rules4: Vec<Rule>,
    rules6: Vec<Rule>,
    /// Routes per (family, table), in insertion order; display sorts.
    tables: BTreeMap<(Family, TableId), Vec<Route>>,
    /// IPv4 local and main are one trie until the first `ip rule add`.
    unmerged4: bool,
}

impl Default for Fib {
    fn default() -> Self {
        Fib::new()
    }
}

/// Criteria for [`Fib::del_route`]: unset fields match anything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RouteMatch {
    /// Table (default main).
    pub table: Option<TableId>,
    /// Type.
    pub kind: Option<RouteType>,
    /// Device.
    pub dev: Option<IfIndex>,
    /// Gateway.
    pub via: Option<IpAddr>,
    /// Protocol.
    pub proto: Option<Proto>,
    /// Scope.
    pub scope: Option<Scope>,
    /// Preferred source.
    pub src: Option<IpAddr>,
    /// Metric.
    pub metric: Option<u32>,
}

/// Criteria for [`Fib::del_rule`]: unset fields match anything (the kernel
/// deletes the first rule that matches).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleMatch {
    /// Priority.
    pub priority: Option<u32>,
    /// `from`.
    pub from: Option<Prefix>,
    /// `to`.
    pub to: Option<Prefix>,
    /// `iif`.
    pub iif: Option<String>,
    /// `oif`.
    pub oif: Option<String>,
    /// `fwmark`.
    pub fwmark: Option<(u32, u32)>,
    /// Action.
    pub action: Option<RuleAction>,
}

impl Fib {
    /// A fresh namespace: default rules, no routes (`lo` is down).
    pub fn new() -> Fib {
        Fib {
            rules4: alloc::vec![
                Rule::lookup(0, TableId::LOCAL),
                Rule::lookup(32766, TableId::MAIN),
                Rule::lookup(32767, TableId::DEFAULT),
            ],
            rules6: alloc::vec![
                Rule::lookup(0, TableId::LOCAL),
                Rule::lookup(32766, TableId::MAIN)
            ],
            tables: BTreeMap::new(),
            unmerged4: false,
        }
    }

    /// The rules of a family, in evaluation order.
    pub fn rules(&self, family: Family) -> &[Rule] {
        match family {
            Family::V4 => &self.rules4,
            Family::V6 => &self.rules6,
        }
    }

    fn rules_mut(&mut self, family: Family) -> &mut Vec<Rule> {
        match family {
            Family::V4 => &mut self.rules4,
            Family::V6 => &mut self.rules6,
        }
    }

    /// Routes of one table in insertion order.
    pub fn table(&self, family: Family, table: TableId) -> &[Route] {
        self.tables
            .get(&(family, table))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Table ids of a family that hold routes, in the kernel's dump order.
    pub fn table_ids(&self, family: Family) -> Vec<TableId> {
        let mut ids: Vec<TableId> = self
            .tables
            .iter()
            .filter(|((f, _), routes)| *f == family && !routes.is_empty())
            .map(|((_, t), _)| *t)
            .collect();
        crate::sort::sort_by_key(&mut ids, |t| t.dump_key());
        ids
    }

    /// Whether an IPv4 table exists: `main` from the start, any other (the
    /// `local` table included) from the first route put in it
    /// (`fib_new_table`), and then for good, even emptied. IPv6 answers a
    /// dump of any table.
    pub fn table_exists(&self, family: Family, table: TableId) -> bool {
        family == Family::V6 || table == TableId::MAIN || self.tables.contains_key(&(family, table))
    }

    /// Whether IPv4 `local` and `main` have been split by a custom rule.
    pub fn tables_unmerged(&self) -> bool {
        self.unmerged4
    }

    // ---- routes ---------------------------------------------------------

    fn same_slot(a: &Route, b: &Route) -> bool {
        a.table == b.table && a.dst == b.dst && a.metric == b.metric
    }

    /// `ip route add`: fails with `EEXIST` ("File exists") when the table has
    /// a route to the same prefix with the same metric. Nexthop checks
    /// (device up, gateway reachable, prefsrc local) are done by
    /// [`Fib::resolve_route`].
    pub fn add_route(&mut self, route: Route) -> Result<(), RtnlError> {
        let list = self
            .tables
            .entry((route.family(), route.table))
            .or_default();
        if list.iter().any(|r| Self::same_slot(r, &route)) {
            return Err(RtnlError::errno(Errno::EEXIST));
        }
        list.push(route);
        Ok(())
    }

    /// `SIOCADDRT` (`route add`: `NLM_F_CREATE` without `NLM_F_EXCL`):
    /// `EEXIST` only for an identical route (same prefix, metric, type,
    /// gateway and device); another route in the same slot goes in front
    /// of the ones already there, as `fib_table_insert` does.
    pub fn add_route_create(&mut self, route: Route) -> Result<(), RtnlError> {
        let list = self
            .tables
            .entry((route.family(), route.table))
            .or_default();
        let same = |r: &Route| {
            Self::same_slot(r, &route)
                && r.kind == route.kind
                && r.via == route.via
                && r.dev == route.dev
        };
        if list.iter().any(same) {
            return Err(RtnlError::errno(Errno::EEXIST));
        }
        let at = list
            .iter()
            .position(|r| Self::same_slot(r, &route))
            .unwrap_or(list.len());
        list.insert(at, route);
        Ok(())
    }

    /// `ip route replace`: replaces the route in the same slot, or adds.
    pub fn replace_route(&mut self, route: Route) {
        let list = self
            .tables
            .entry((route.family(), route.table))
            .or_default();
        if let Some(slot) = list.iter_mut().find(|r| Self::same_slot(r, &route)) {
            *slot = route;
        } else {
            list.push(route);
        }
    }

    /// `ip route del`: removes the first route to `dst` matching `m`;
    /// `ESRCH` ("No such process") when none does.
    pub fn del_route(&mut self, dst: Prefix, m: &RouteMatch) -> Result<Route, RtnlError> {
        let table = m.table.unwrap_or(TableId::MAIN);
        let list = self
            .tables
            .get_mut(&(dst.family(), table))
            .ok_or(RtnlError::errno(Errno::ESRCH))?;
        let pos = list
            .iter()
            .position(|r| {
                r.dst == dst
                    && m.kind.is_none_or(|k| k == r.kind)
                    && m.dev.is_none_or(|d| Some(d) == r.dev)
                    && m.via.is_none_or(|v| Some(v) == r.via)
                    && m.proto.is_none_or(|p| p == r.proto)
                    && m.scope.is_none_or(|s| s == r.scope)
                    && m.src.is_none_or(|s| Some(s) == r.src)
                    && m.metric.is_none_or(|x| x == r.metric)
            })
            .ok_or(RtnlError::errno(Errno::ESRCH))?;
        Ok(list.remove(pos))
    }

    /// The kernel's checks on a new route's next hop, in its order:
    /// device up (`Device for nexthop is not up` for a direct route,
    /// `Nexthop device is not up` behind a gateway), gateway reachable on link
    /// (`Nexthop has invalid gateway`), preferred source local
    /// (`Invalid prefsrc address` / IPv6 `Invalid source address`), and a
    /// device or gateway for unicast routes (`No such device`).
    pub fn resolve_route(&self, mut route: Route, net: &dyn NetView) -> Result<Route, RtnlError> {
        let family = route.family();
        if !route.kind.is_error() {
            if let Some(gw) = route.via {
                if family == Family::V4 {
                    let gw_dev = self.gateway_device(gw, route.table);
                    match (gw_dev, route.dev) {
                        // The gateway looked up with the given device as
                        // the output interface: no route (ENETUNREACH).
                        (Some(d), Some(want)) if d != want => {
                            return Err(RtnlError::extack(
                                Errno::ENETUNREACH,
                                "Nexthop has invalid gateway",
                            ));
                        }
                        (None, _) => {
                            return Err(RtnlError::extack(
                                Errno::ENETUNREACH,
                                "Nexthop has invalid gateway",
                            ));
                        }
                        (Some(d), _) => {
                            if !net.link(d).is_some_and(|l| l.up) {
                                return Err(RtnlError::extack(
                                    Errno::ENETDOWN,
                                    "Nexthop device is not up",
                                ));
                            }
                            route.dev = Some(d);
                        }
                    }
                }
            } else if let Some(dev) = route.dev {
                if family == Family::V4 && !net.link(dev).is_some_and(|l| l.up) {
                    return Err(RtnlError::extack(
                        Errno::ENETDOWN,
                        "Device for nexthop is not up",
                    ));
                }
            } else {
                return Err(RtnlError::errno(Errno::ENODEV));
            }
        }
        if let Some(src) = route.src {
            let ok = net.is_local_addr(&src)
                || (route.kind == RouteType::Local && route.dst.contains(&src));
            if !ok {
                return Err(match family {
                    Family::V4 => RtnlError::extack(Errno::EINVAL, "Invalid prefsrc address"),
                    Family::V6 => RtnlError::extack(Errno::EINVAL, "Invalid source address"),
                });
            }
        }
        Ok(route)
    }

    /// The device a gateway is reachable through by a link-scope route
    /// (`fib_check_nh` with scope link).
    fn gateway_device(&self, gw: IpAddr, table: TableId) -> Option<IfIndex> {
        let family = Family::of(&gw);
        let tables = [table, TableId::LOCAL, TableId::MAIN];
        let mut best: Option<&Route> = None;
        for t in tables {
            for r in self.table(family, t) {
                let usable = r.dst.contains(&gw)
                    && matches!(r.kind, RouteType::Unicast | RouteType::Local)
                    && r.scope >= Scope::LINK
                    && r.dev.is_some();
                if usable && best.is_none_or(|b| r.dst.prefix_len() > b.dst.prefix_len()) {
                    best = Some(r);
                }
            }
            if best.is_some() {
                break;
            }
        }
        // A gateway that is one of the host's own addresses resolves to a
        // local route: fib_check_nh_v4_gw accepts RTN_LOCAL as well as
        // RTN_UNICAST and gives the next hop host scope (no gateway is used
        // on output; the lookup drops it).
        best?.dev
    }

    // ---- rules ----------------------------------------------------------

    /// `ip rule add`. Without a priority the kernel picks one less than the
    /// second rule's. `EEXIST` for an identical rule. The first IPv4 rule
    /// splits `local` from `main` for good.
    pub fn add_rule(
        &mut self,
        family: Family,
        priority: Option<u32>,
        mut rule: Rule,
    ) -> Result<u32, RtnlError> {
        let rules = self.rules(family);
        rule.priority = match priority {
            Some(p) => p,
            None => match rules.get(1) {
                Some(r) if r.priority > 0 => r.priority - 1,
                _ => 0,
            },
        };
        if rule.action == RuleAction::Lookup(TableId::UNSPEC) {
            rule.action = RuleAction::Lookup(self.empty_table(family));
        }
        if rules.contains(&rule) {
            return Err(RtnlError::errno(Errno::EEXIST));
        }
        let pos = rules
            .iter()
            .position(|r| r.priority > rule.priority)
            .unwrap_or(rules.len());
        let p = rule.priority;
        self.rules_mut(family).insert(pos, rule);
        if family == Family::V4 {
            self.unmerged4 = true;
        }
        Ok(p)
    }

    fn empty_table(&self, family: Family) -> TableId {
        let mut id = 1;
        while self.tables.contains_key(&(family, TableId(id)))
            || self
                .rules(family)
                .iter()
                .any(|r| r.action == RuleAction::Lookup(TableId(id)))
        {
            id += 1;
        }
        TableId(id)
    }

    /// `ip rule del`: removes the first rule matching `m`; `ENOENT`
    /// ("No such file or directory") when none does.
    pub fn del_rule(&mut self, family: Family, m: &RuleMatch) -> Result<Rule, RtnlError> {
        let rules = self.rules_mut(family);
        let pos = rules
            .iter()
            .position(|r| {
                m.priority.is_none_or(|p| p == r.priority)
                    && m.from.is_none_or(|p| Some(p) == r.from)
                    && m.to.is_none_or(|p| Some(p) == r.to)
                    && m.iif.as_ref().is_none_or(|i| Some(i) == r.iif.as_ref())
                    && m.oif.as_ref().is_none_or(|i| Some(i) == r.oif.as_ref())
                    && m.fwmark.is_none_or(|f| Some(f) == r.fwmark)
                    && m.action.is_none_or(|a| a == r.action)
            })
            .ok_or(RtnlError::errno(Errno::ENOENT))?;
        Ok(rules.remove(pos))
    }
}
