//! The route lookup ([`Fib::lookup`]): the rules in order, each table's
//! longest-prefix match, then the output device, gateway and preferred
//! source, recording every step.

use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};

use super::Fib;
use super::decision::{CacheFlags, Decision, Flow, LookupError, LookupFailure, Step, TableOutcome};
use super::source::{select_v4, select_v6};
use super::view::NetView;
use crate::iface::IfIndex;
use crate::route::types::{Family, Route, RouteType, Rule, RuleAction, Scope, TableId};

impl Fib {
    /// The best route in one table for `dst` (longest prefix, then lowest
    /// metric, then oldest), honouring a bound output device, with the
    /// kernel's backtracking to shorter prefixes when a candidate's device
    /// does not fit.
    pub fn table_lookup(
        &self,
        family: Family,
        table: TableId,
        dst: &IpAddr,
        oif: Option<IfIndex>,
        net: &dyn NetView,
    ) -> TableOutcome {
        let mut cands: Vec<&Route> = self.candidates(family, table, dst);
        crate::sort::sort_by(&mut cands, |a, b| {
            b.dst
                .prefix_len()
                .cmp(&a.dst.prefix_len())
                .then(a.metric.cmp(&b.metric))
        });
        for r in cands {
            if r.kind == RouteType::Throw {
                return TableOutcome::Throw(r.dst);
            }
            if r.kind.is_error() {
                return TableOutcome::Error(r.clone());
            }
            if let Some(o) = oif
                && r.dev != Some(o)
            {
                continue;
            }
            let dev_up = r.dev.and_then(|d| net.link(d)).is_some_and(|l| l.up);
            if !(dev_up || (family == Family::V4 && r.kind == RouteType::Local)) {
                continue;
            }
            return TableOutcome::Matched(r.clone());
        }
        TableOutcome::NoMatch
    }

    fn candidates(&self, family: Family, table: TableId, dst: &IpAddr) -> Vec<&Route> {
        // IPv4 local and main are one trie while merged: lookup in either
        // sees both, and the result is reported as main.
        let mut ids = alloc::vec![table];
        if family == Family::V4 && !self.unmerged4 {
            if table == TableId::MAIN {
                ids.push(TableId::LOCAL);
            } else if table == TableId::LOCAL {
                ids.push(TableId::MAIN);
            }
        }
        let mut out = Vec::new();
        for t in ids {
            out.extend(self.table(family, t).iter().filter(|r| r.dst.contains(dst)));
        }
        out
    }

    fn rule_matches(
        rule: &Rule,
        flow: &Flow,
        iif_name: Option<&str>,
        oif_name: Option<&str>,
    ) -> bool {
        let src = flow.src.unwrap_or(Family::of(&flow.dst).unspecified());
        rule.from.is_none_or(|p| p.contains(&src))
            && rule.to.is_none_or(|p| p.contains(&flow.dst))
            && rule.iif.as_deref().is_none_or(|n| Some(n) == iif_name)
            && rule.oif.as_deref().is_none_or(|n| Some(n) == oif_name)
            && rule.fwmark.is_none_or(|(m, mask)| flow.mark & mask == m)
    }

    /// Route a flow: the rules in order, each table's longest-prefix match,
    /// then the output device, gateway and preferred source.
    pub fn lookup(&self, flow: &Flow, net: &dyn NetView) -> Result<Decision, LookupFailure> {
        let mut steps = Vec::new();
        let fail = |error, steps| Err(LookupFailure { error, steps });
        let family = Family::of(&flow.dst);
        let local_out = flow.iif.is_none();
        let links = net.links();
        let lo = links
            .iter()
            .find(|l| l.loopback)
            .map_or(IfIndex::LOOPBACK, |l| l.index);

        if let Some(src) = flow.src {
            if Family::of(&src) != family {
                return fail(LookupError::Invalid, steps);
            }
            if local_out {
                if family == Family::V4
                    && (is_multicast(&src) || is_lbcast(&src) || src == family.unspecified())
                {
                    return fail(LookupError::Invalid, steps);
                }
                // __ip_dev_find: a configured address, or (IPv4) any
                // address inside a `local` route such as 127.0.0.0/8.
                let in_local_route = family == Family::V4
                    && matches!(
                        self.table_lookup(family, TableId::LOCAL, &src, None, net),
                        TableOutcome::Matched(ref r) if r.kind == RouteType::Local
                    );
                if !net.is_local_addr(&src) && !in_local_route {
                    steps.push(Step::Special("source is not an address of this host"));
                    return fail(LookupError::NetUnreachable, steps);
                }
            }
        }
        let oif_link = match flow.oif {
            Some(o) => match net.link(o) {
                Some(l) if l.up => Some(l),
                Some(_) => return fail(LookupError::NetUnreachable, steps),
                None => return fail(LookupError::NoDevice, steps),
            },
            None => None,
        };

        // 0.0.0.0 means "this host".
        if family == Family::V4 && local_out && flow.dst == family.unspecified() {
            steps.push(Step::Special("0.0.0.0 is this host: sent to the loopback"));
            let src = flow.src.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
            return Ok(Decision {
                dst: flow.dst,
                bound_src: flow.src,
                rule: None,
                table: TableId::LOCAL,
                route: None,
                kind: RouteType::Local,
                dev: lo,
                via: None,
                scope: Scope::HOST,
                src: Some(src),
                cache: CacheFlags {
                    local: true,
                    ..CacheFlags::default()
                },
                steps,
                show_table: false,
            });
        }

        let iif_name = match flow.iif {
            None => links.iter().find(|l| l.loopback).map(|l| l.name.clone()),
            Some(i) => net.link(i).map(|l| l.name),
        };
        let oif_name = oif_link.as_ref().map(|l| l.name.clone());

        let mut found: Option<(u32, TableId, Route)> = None;
        for rule in self.rules(family) {
            if !Self::rule_matches(rule, flow, iif_name.as_deref(), oif_name.as_deref()) {
                steps.push(Step::RuleSkipped {
                    priority: rule.priority,
                });
                continue;
            }
            let table = match rule.action {
                RuleAction::Lookup(t) => t,
                action => {
                    steps.push(Step::RuleAction {
                        priority: rule.priority,
                        action,
                    });
                    let e = match action {
                        RuleAction::Blackhole => LookupError::Invalid,
                        RuleAction::Prohibit => LookupError::Prohibited,
                        _ => LookupError::HostUnreachable,
                    };
                    return fail(e, steps);
                }
            };
            let outcome = self.table_lookup(family, table, &flow.dst, flow.oif, net);
            steps.push(Step::TableLookup {
                priority: rule.priority,
                table,
                outcome: outcome.clone(),
            });
            match outcome {
                TableOutcome::Matched(r) => {
                    found = Some((rule.priority, table, r));
                    break;
                }
                TableOutcome::Error(r) => {
                    let e = LookupError::from_type(r.kind).unwrap_or(LookupError::NetUnreachable);
                    return fail(e, steps);
                }
                TableOutcome::NoMatch | TableOutcome::Throw(_) => {}
            }
        }

        let (rule, table, route) = match found {
            Some(f) => f,
            None => {
                // No route, but a bound device: the kernel assumes on-link.
                match (&oif_link, family, local_out) {
                    (Some(l), Family::V4, true) => {
                        steps.push(Step::AssumeOnLink(l.index));
                        let src = match flow.src {
                            Some(s) => Some(s),
                            None => select_v4(net, l.index, None, Scope::LINK),
                        };
                        if let Some(s) = src {
                            steps.push(Step::SourceChosen {
                                addr: s,
                                how: "device address (on-link guess)",
                            });
                        }
                        return Ok(Decision {
                            dst: flow.dst,
                            bound_src: flow.src,
                            rule: None,
                            table: TableId::MAIN,
                            route: None,
                            kind: RouteType::Unicast,
                            dev: l.index,
                            via: None,
                            scope: Scope::LINK,
                            src,
                            cache: CacheFlags {
                                local: l.loopback,
                                ..CacheFlags::default()
                            },
                            steps,
                            show_table: false,
                        });
                    }
                    _ => return fail(LookupError::NetUnreachable, steps),
                }
            }
        };

        // Received packets: deliver locally or forward (forwarding is off).
        if !local_out
            && !matches!(
                route.kind,
                RouteType::Local | RouteType::Broadcast | RouteType::Multicast
            )
            && (family != Family::V4 || !flow.iif.is_some_and(|i| net.forwarding(i)))
        {
            steps.push(Step::Special(
                "forwarding is disabled (net.ipv4.ip_forward = 0)",
            ));
            return fail(LookupError::HostUnreachable, steps);
        }

        let mut kind = route.kind;
        let mut via = route.via;
        if family == Family::V4
            && let Some(gw) = via
            && net.is_local_addr(&gw)
        {
            // rt_set_nexthop uses a gateway only for a link-scope next hop;
            // one of our own addresses gave this one host scope.
            steps.push(Step::Special(
                "the gateway is a local address: a host-scope next hop, sent without a gateway",
            ));
            via = None;
        }
        if family == Family::V4 && is_lbcast(&flow.dst) {
            kind = RouteType::Broadcast;
            via = None;
        } else if is_multicast(&flow.dst) {
            kind = RouteType::Multicast;
            via = None;
        }
        let dev = if kind == RouteType::Local {
            lo
        } else {
            route.dev.unwrap_or(lo)
        };
        let dev_is_lo = net.link(dev).is_some_and(|l| l.loopback);

        let src = match flow.src {
            Some(s) => {
                steps.push(Step::SourceChosen {
                    addr: s,
                    how: "bound by the caller",
                });
                Some(s)
            }
            None => {
                let (s, how) = if let Some(s) = route.src {
                    (Some(s), "the route's src")
                } else if kind == RouteType::Local {
                    (Some(flow.dst), "the destination itself (local route)")
                } else {
                    match family {
                        Family::V4 => (
                            select_v4(net, route.dev.unwrap_or(dev), via, route.scope),
                            "an address of the output device (or the host) in scope",
                        ),
                        Family::V6 => (select_v6(net, &flow.dst, dev), "RFC 6724 source selection"),
                    }
                };
                if let Some(addr) = s {
                    steps.push(Step::SourceChosen { addr, how });
                }
                s
            }
        };
        if family == Family::V4
            && local_out
            && let Some(IpAddr::V4(s)) = src
            && s.is_loopback()
            && !dev_is_lo
            && !net.route_localnet(dev)
        {
            steps.push(Step::Special(
                "a 127.0.0.0/8 source cannot leave through a real device",
            ));
            return fail(LookupError::Invalid, steps);
        }
        let cache = CacheFlags {
            local: dev_is_lo
                || matches!(
                    kind,
                    RouteType::Local | RouteType::Broadcast | RouteType::Multicast
                ),
            brd: kind == RouteType::Broadcast,
            mc: kind == RouteType::Multicast,
        };
        let show_table = match family {
            Family::V4 => {
                self.unmerged4
                    && table != TableId::MAIN
                    && route.table == table
                    && !is_lbcast(&flow.dst)
                    && !is_multicast(&flow.dst)
            }
            Family::V6 => table != TableId::MAIN,
        };
        Ok(Decision {
            dst: flow.dst,
            bound_src: flow.src,
            rule: Some(rule),
            table: route.table,
            scope: route.scope,
            route: Some(route),
            kind,
            dev,
            via,
            src,
            cache,
            steps,
            show_table,
        })
    }
}

fn is_multicast(a: &IpAddr) -> bool {
    match a {
        IpAddr::V4(v) => v.is_multicast(),
        IpAddr::V6(v) => v.is_multicast(),
    }
}

fn is_lbcast(a: &IpAddr) -> bool {
    matches!(a, IpAddr::V4(v) if v.is_broadcast())
}
