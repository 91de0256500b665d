//! Netlink-style calls on routes and rules (`RTM_GETROUTE`,
//! `RTM_NEWROUTE`/`RTM_DELROUTE`, `RTM_GETRULE`, `RTM_NEWRULE`/
//! `RTM_DELRULE`): what `ip route` and `ip rule` ask of the kernel.
//!
//! Dumps answer with plain records in the kernel's order; changes answer
//! with [`RtnlError`] (errno and extended-ack text). Every change, even a
//! refused one, bumps the namespace's route-cache generation, as the
//! kernel's `rt_cache_flush` does, so cached routes are looked up again.

use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};

use super::Sys;
use crate::errno::Errno;
use crate::net::{Martian, classify_martian};

pub use crate::route::fib::{
    CacheFlags, Decision, Flow, LookupError, LookupFailure, RouteMatch, RuleMatch, Step,
};
pub use crate::route::{
    Family, Prefix, Proto, Route, RouteType, RtnlError, Rule, RuleAction, Scope, TableId,
};

impl Sys<'_> {
    /// The ids of the tables of `family` that hold routes, in the kernel's
    /// dump order (`ip route show table all`).
    pub fn route_tables(&self, family: Family) -> Vec<TableId> {
        self.host
            .net
            .ns(self.ns)
            .map(|n| n.fib.table_ids(family))
            .unwrap_or_default()
    }

    /// `RTM_GETROUTE` dump of one table, in the kernel's order. An IPv4
    /// table that does not exist (`local` in a namespace whose lo never
    /// came up, a number no route ever used) is `ENOENT` ("ipv4: FIB table
    /// does not exist").
    pub fn route_dump(&self, family: Family, table: TableId) -> Result<Vec<Route>, RtnlError> {
        let Some(n) = self.host.net.ns(self.ns) else {
            return Ok(Vec::new());
        };
        if !n.fib.table_exists(family, table) {
            return Err(RtnlError::extack(
                Errno::ENOENT,
                "ipv4: FIB table does not exist",
            ));
        }
        Ok(crate::route::dump::routes(&n.fib, family, table))
    }

    /// `RTM_GETROUTE` for one flow (`ip route get`, with `from`, `iif`,
    /// `oif` and `mark`): the kernel's decision with the steps that
    /// explain it, or the failure with its errno.
    ///
    /// With `iif` it is the input route (`ip_route_input_rcu`), martian
    /// checks first: a source or destination the input path refuses is
    /// `EINVAL`, on any device, lo included (a packet really looped back
    /// carries its output route and never meets them).
    pub fn route_get(&self, flow: &Flow) -> Option<Result<Decision, LookupFailure>> {
        let n = self.host.net.ns(self.ns)?;
        if let Some(iif) = flow.iif
            && flow.dst.is_ipv4()
        {
            let src = flow.src.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
            let dev = String::from(n.iface_name(iif));
            if let Some(Martian::V4 { reason, what }) =
                classify_martian(n, iif, &dev, src, flow.dst)
            {
                let _ = what;
                return Some(Err(LookupFailure {
                    error: LookupError::Invalid,
                    steps: alloc::vec![Step::Special(reason.explain())],
                }));
            }
        }
        Some(n.fib.lookup(flow, n))
    }

    /// `RTM_NEWROUTE` (with `NLM_F_REPLACE` when `replace`): the kernel
    /// resolves the device and source and checks the gateway. A
    /// destination given with host bits is `EINVAL` for IPv4 ("Invalid
    /// prefix for given prefix length").
    pub fn route_add(
        &mut self,
        route: Route,
        host_bits: bool,
        replace: bool,
    ) -> Result<(), RtnlError> {
        if self.uid != 0 {
            return Err(RtnlError::errno(Errno::EPERM));
        }
        let Some(n) = self.host.net.ns_mut(self.ns) else {
            return Ok(());
        };
        let view = n.view();
        let res = if host_bits && route.family() == Family::V4 {
            Err(RtnlError::extack(
                Errno::EINVAL,
                "Invalid prefix for given prefix length",
            ))
        } else {
            match n.fib.resolve_route(route, &view) {
                Err(e) => Err(e),
                Ok(r) if replace => {
                    n.fib.replace_route(r);
                    Ok(())
                }
                Ok(r) => n.fib.add_route(r),
            }
        };
        n.generation += 1;
        res
    }

    /// `ioctl(SIOCADDRT)` (net-tools' `route add`): the same checks as
    /// `RTM_NEWROUTE`, but not exclusive: a second route to the same
    /// prefix and metric goes in front of the first; only an identical
    /// one is `EEXIST`.
    pub fn route_add_ioctl(&mut self, route: Route) -> Result<(), Errno> {
        if self.uid != 0 {
            return Err(Errno::EPERM);
        }
        let Some(n) = self.host.net.ns_mut(self.ns) else {
            return Ok(());
        };
        let view = n.view();
        let res = n
            .fib
            .resolve_route(route, &view)
            .and_then(|r| n.fib.add_route_create(r));
        n.generation += 1;
        res.map_err(|e| e.errno)
    }

    /// `RTM_DELROUTE`: removes the first route to `dst` that `matcher`
    /// selects (`ESRCH` when none does).
    pub fn route_del(&mut self, dst: Prefix, matcher: &RouteMatch) -> Result<(), RtnlError> {
        if self.uid != 0 {
            return Err(RtnlError::errno(Errno::EPERM));
        }
        let Some(n) = self.host.net.ns_mut(self.ns) else {
            return Ok(());
        };
        let res = n.fib.del_route(dst, matcher).map(|_| ());
        n.generation += 1;
        res
    }

    /// `RTM_GETRULE` dump of one family, in priority order.
    pub fn rule_dump(&self, family: Family) -> Vec<Rule> {
        self.host
            .net
            .ns(self.ns)
            .map(|n| n.fib.rules(family).to_vec())
            .unwrap_or_default()
    }

    /// `RTM_NEWRULE`: without a priority the kernel picks one less than the
    /// second rule's; an identical rule is `EEXIST`.
    pub fn rule_add(
        &mut self,
        family: Family,
        priority: Option<u32>,
        rule: Rule,
    ) -> Result<(), RtnlError> {
        if self.uid != 0 {
            return Err(RtnlError::errno(Errno::EPERM));
        }
        let Some(n) = self.host.net.ns_mut(self.ns) else {
            return Ok(());
        };
        let res = n.fib.add_rule(family, priority, rule).map(|_| ());
        n.generation += 1;
        res
    }

    /// `RTM_DELRULE`: removes the first rule `matcher` selects (`ENOENT`
    /// when none does).
    pub fn rule_del(&mut self, family: Family, matcher: &RuleMatch) -> Result<(), RtnlError> {
        if self.uid != 0 {
            return Err(RtnlError::errno(Errno::EPERM));
        }
        let Some(n) = self.host.net.ns_mut(self.ns) else {
            return Ok(());
        };
        let res = n.fib.del_rule(family, matcher).map(|_| ());
        n.generation += 1;
        res
    }
}
