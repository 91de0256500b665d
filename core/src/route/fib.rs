//! The routing state of one namespace ([`Fib`]): rules, tables, the routes
//! the kernel makes from addresses and links, and the lookup.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};

use super::types::{
    Errno, Family, Prefix, Proto, Route, RouteType, RtnlError, Rule, RuleAction, Scope, TableId,
    addr_bits,
};
use crate::iface::IfIndex;

/// What the routing code needs to know about one interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkInfo {
    /// Interface index.
    pub index: IfIndex,
    /// Interface name (`lo`, `eth0`).
    pub name: String,
    /// Administratively up (`IFF_UP`).
    pub up: bool,
    /// The loopback device (`IFF_LOOPBACK`).
    pub loopback: bool,
    /// `IFF_MULTICAST`: gets `multicast ff00::/8` in the IPv6 local table.
    pub multicast: bool,
}

/// One address configured on an interface, as `ip addr` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IfAddr {
    /// Interface the address is on.
    pub index: IfIndex,
    /// The address.
    pub addr: IpAddr,
    /// Prefix length.
    pub prefix_len: u8,
    /// Address scope (`127.0.0.1` and `::1` are `host`, `fe80::` is `link`).
    pub scope: Scope,
}

impl IfAddr {
    /// The subnet of the address, or `None` for an impossible length.
    pub fn subnet(&self) -> Option<Prefix> {
        Prefix::new_masked(self.addr, self.prefix_len)
    }
}

/// The namespace's interfaces and addresses, owned by the interface layer.
///
/// Addresses are listed in `ip addr` order (per interface, oldest first):
/// the first address of a subnet on an interface is the primary one.
pub trait NetView {
    /// All links, by index order.
    fn links(&self) -> Vec<LinkInfo>;
    /// All addresses, in `ip addr` order.
    fn addrs(&self) -> Vec<IfAddr>;

    /// One link by index.
    fn link(&self, index: IfIndex) -> Option<LinkInfo> {
        self.links().into_iter().find(|l| l.index == index)
    }
    /// One link by name.
    fn link_by_name(&self, name: &str) -> Option<LinkInfo> {
        self.links().into_iter().find(|l| l.name == name)
    }
    /// Is `addr` configured on any interface (`inet_addr_type == RTN_LOCAL`)?
    fn is_local_addr(&self, addr: &IpAddr) -> bool {
        self.addrs().iter().any(|a| a.addr == *addr)
    }
    /// Does the host forward IPv4 packets arriving on `iif`
    /// (`net.ipv4.ip_forward`)? Off unless the view says otherwise.
    fn forwarding(&self, iif: IfIndex) -> bool {
        let _ = iif;
        false
    }
}

/// A plain [`NetView`]: vectors of links and addresses (tests, simple hosts).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleNet {
    /// Links.
    pub links: Vec<LinkInfo>,
    /// Addresses in `ip addr` order.
    pub addrs: Vec<IfAddr>,
}

impl NetView for SimpleNet {
    fn links(&self) -> Vec<LinkInfo> {
        self.links.clone()
    }
    fn addrs(&self) -> Vec<IfAddr> {
        self.addrs.clone()
    }
}

/// What the caller asks the lookup about (`ip route get` arguments, or a
/// socket's flow).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    /// Destination address.
    pub dst: IpAddr,
    /// Source address if bound (`from`).
    pub src: Option<IpAddr>,
    /// Output interface if bound (`oif`, `SO_BINDTODEVICE`).
    pub oif: Option<IfIndex>,
    /// Input interface for received packets; `None` means locally generated
    /// (rules then see `iif lo`).
    pub iif: Option<IfIndex>,
    /// Firewall mark.
    pub mark: u32,
}

impl Flow {
    /// A locally generated flow to `dst` with nothing bound.
    pub fn to(dst: IpAddr) -> Flow {
        Flow {
            dst,
            src: None,
            oif: None,
            iif: None,
            mark: 0,
        }
    }
}

/// Why a lookup failed: the errno a local sender sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupError {
    /// No route (`ENETUNREACH`, "Network is unreachable").
    NetUnreachable,
    /// An `unreachable` route or rule, or no forwarding (`EHOSTUNREACH`).
    HostUnreachable,
    /// A `prohibit` route or rule (`EACCES`, "Permission denied").
    Prohibited,
    /// A `blackhole` route or rule, or an impossible source (`EINVAL`).
    Invalid,
    /// The bound output device does not exist (`ENODEV`).
    NoDevice,
}

impl LookupError {
    /// The errno.
    pub fn errno(self) -> Errno {
        match self {
            LookupError::NetUnreachable => Errno::ENETUNREACH,
            LookupError::HostUnreachable => Errno::EHOSTUNREACH,
            LookupError::Prohibited => Errno::EACCES,
            LookupError::Invalid => Errno::EINVAL,
            LookupError::NoDevice => Errno::ENODEV,
        }
    }

    fn from_type(kind: RouteType) -> Option<LookupError> {
        match kind {
            RouteType::Unreachable => Some(LookupError::HostUnreachable),
            RouteType::Prohibit => Some(LookupError::Prohibited),
            RouteType::Blackhole => Some(LookupError::Invalid),
            _ => None,
        }
    }
}

impl core::fmt::Display for LookupError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.errno().message())
    }
}

impl core::error::Error for LookupError {}

/// What one table said during a lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableOutcome {
    /// This route matched (longest prefix, then lowest metric).
    Matched(Route),
    /// No route in the table covers the destination: next rule.
    NoMatch,
    /// A `throw` route matched: next rule.
    Throw(Prefix),
    /// An error route matched and ends the lookup.
    Error(Route),
}

/// One step of the lookup, for the UI to explain why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A special case before the rules (e.g. `0.0.0.0` means this host).
    Special(&'static str),
    /// A rule whose selectors did not match.
    RuleSkipped {
        /// Its priority.
        priority: u32,
    },
    /// A rule matched and looked up a table.
    TableLookup {
        /// The rule's priority.
        priority: u32,
        /// The table consulted.
        table: TableId,
        /// What the table answered.
        outcome: TableOutcome,
    },
    /// A rule matched and its action is an error.
    RuleAction {
        /// The rule's priority.
        priority: u32,
        /// The action.
        action: RuleAction,
    },
    /// No table answered but an output device was bound: assume on-link.
    AssumeOnLink(IfIndex),
    /// The source address was chosen.
    SourceChosen {
        /// The address.
        addr: IpAddr,
        /// How: `route src`, `destination (local route)`, `bound`, `device address`...
        how: &'static str,
    },
}

/// Flags the kernel shows on the `cache` line of `ip route get`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheFlags {
    /// `local`: delivered through this host.
    pub local: bool,
    /// `brd`: broadcast.
    pub brd: bool,
    /// `mc`: multicast.
    pub mc: bool,
}

/// The successful result of a lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The destination asked for.
    pub dst: IpAddr,
    /// The source the caller bound, if any.
    pub bound_src: Option<IpAddr>,
    /// The priority of the matching rule (`None` for special cases).
    pub rule: Option<u32>,
    /// The table that held the route.
    pub table: TableId,
    /// The route that matched (`None` for special cases and on-link guesses).
    pub route: Option<Route>,
    /// The resulting type (`local`, `broadcast`, `multicast`, `unicast`).
    pub kind: RouteType,
    /// The output device (`lo` for local destinations).
    pub dev: IfIndex,
    /// Next hop gateway.
    pub via: Option<IpAddr>,
    /// Scope of the route.
    pub scope: Scope,
    /// The chosen source address (`None` when no address fits).
    pub src: Option<IpAddr>,
    /// Flags of the route cache entry.
    pub cache: CacheFlags,
    /// The steps of the lookup, in order.
    pub steps: Vec<Step>,
    /// Whether `ip route get` prints the table (IPv4: only once local and main
    /// are split by a custom rule; IPv6: always unless main).
    pub show_table: bool,
}

/// A failed lookup with the steps that led to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookupFailure {
    /// The error.
    pub error: LookupError,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// Flags for [`Fib::handle_addr_added`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddrFlags {
    /// Add the prefix route (false for `noprefixroute` and for the `::1` the
    /// kernel puts on `lo` itself; true for `ip addr add`, which is what
    /// systemd does for `::1`, hence `::1 dev lo proto kernel metric 256`).
    pub prefix_route: bool,
}

impl Default for AddrFlags {
    fn default() -> Self {
        AddrFlags { prefix_route: true }
    }
}

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
                    let gw_dev = self.gateway_device(gw, route.table, net);
                    match (gw_dev, route.dev) {
                        (Some(d), Some(want)) if d != want => {
                            return Err(RtnlError::extack(
                                Errno::EINVAL,
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
    fn gateway_device(&self, gw: IpAddr, table: TableId, net: &dyn NetView) -> Option<IfIndex> {
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
        let route = best?;
        if route.kind == RouteType::Local || net.is_local_addr(&gw) {
            return None;
        }
        route.dev
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

    // ---- kernel-made routes ---------------------------------------------

    fn kernel_route(
        table: TableId,
        dst: Prefix,
        kind: RouteType,
        dev: IfIndex,
        scope: Scope,
        src: Option<IpAddr>,
        metric: u32,
    ) -> Route {
        Route {
            table,
            dst,
            kind,
            dev: Some(dev),
            via: None,
            proto: Proto::KERNEL,
            scope,
            src,
            metric,
        }
    }

    fn ensure(&mut self, route: Route) {
        let list = self
            .tables
            .entry((route.family(), route.table))
            .or_default();
        let exists = list
            .iter()
            .any(|r| r.dst == route.dst && r.dev == route.dev && r.kind == route.kind);
        if !exists {
            list.push(route);
        }
    }

    /// The primary address of `a`'s subnet on its interface (itself when first).
    fn primary(a: &IfAddr, net: &dyn NetView) -> IpAddr {
        net.addrs()
            .into_iter()
            .find(|b| {
                b.index == a.index
                    && Family::of(&b.addr) == Family::of(&a.addr)
                    && b.prefix_len == a.prefix_len
                    && b.subnet() == a.subnet()
            })
            .map_or(a.addr, |b| b.addr)
    }

    /// The IPv4 routes `fib_add_ifaddr` makes for one address.
    fn v4_routes(a: &IfAddr, link: &LinkInfo, net: &dyn NetView) -> Vec<Route> {
        let mut out = Vec::new();
        let prim = Self::primary(a, net);
        let dev = link.index;
        out.push(Self::kernel_route(
            TableId::LOCAL,
            Prefix::host(a.addr),
            RouteType::Local,
            dev,
            Scope::HOST,
            Some(prim),
            0,
        ));
        if !link.up || prim != a.addr {
            return out;
        }
        let Some(subnet) = a.subnet() else {
            return out;
        };
        let zeronet = matches!(subnet.addr(), IpAddr::V4(v) if v.octets()[0] == 0);
        if !zeronet && (subnet.addr() != a.addr || a.prefix_len < 32) {
            out.push(if link.loopback {
                Self::kernel_route(
                    TableId::LOCAL,
                    subnet,
                    RouteType::Local,
                    dev,
                    Scope::HOST,
                    Some(prim),
                    0,
                )
            } else {
                Self::kernel_route(
                    TableId::MAIN,
                    subnet,
                    RouteType::Unicast,
                    dev,
                    Scope::LINK,
                    Some(prim),
                    0,
                )
            });
            if a.prefix_len < 31 {
                out.push(Self::kernel_route(
                    TableId::LOCAL,
                    Prefix::host(subnet.last()),
                    RouteType::Broadcast,
                    dev,
                    Scope::LINK,
                    Some(prim),
                    0,
                ));
            }
        }
        out
    }

    /// The IPv6 routes addrconf makes for one address on an up link.
    fn v6_routes(a: &IfAddr, link: &LinkInfo, flags: AddrFlags) -> Vec<Route> {
        let mut out = Vec::new();
        out.push(Self::kernel_route(
            TableId::LOCAL,
            Prefix::host(a.addr),
            RouteType::Local,
            link.index,
            Scope::GLOBAL,
            None,
            0,
        ));
        if flags.prefix_route
            && let Some(subnet) = a.subnet()
        {
            out.push(Self::kernel_route(
                TableId::MAIN,
                subnet,
                RouteType::Unicast,
                link.index,
                Scope::GLOBAL,
                None,
                256,
            ));
        }
        out
    }

    /// An address was added (already visible in `net`).
    ///
    /// IPv4 (`fib_add_ifaddr`): `local ADDR` in table local at once, even on
    /// a down link; if the link is up and the address is primary, the
    /// prefix route (`local` on a loopback device, else `unicast` in main,
    /// `scope link`) unless `/32`, and `broadcast` of the subnet for `< /31`.
    /// IPv6: `local ADDR ... metric 0` in local and, with
    /// [`AddrFlags::prefix_route`], `PREFIX dev D proto kernel metric 256`.
    pub fn handle_addr_added(&mut self, addr: &IfAddr, flags: AddrFlags, net: &dyn NetView) {
        let Some(link) = net.link(addr.index) else {
            return;
        };
        let routes = match addr.addr {
            IpAddr::V4(_) => Self::v4_routes(addr, &link, net),
            IpAddr::V6(_) => Self::v6_routes(addr, &link, flags),
        };
        for r in routes {
            self.ensure(r);
        }
    }

    /// An address is being removed (still visible in `net`): its kernel
    /// routes go away.
    pub fn handle_addr_removed(&mut self, addr: &IfAddr, net: &dyn NetView) {
        let Some(mut link) = net.link(addr.index) else {
            return;
        };
        link.up = true;
        let routes = match addr.addr {
            IpAddr::V4(_) => Self::v4_routes(addr, &link, net),
            IpAddr::V6(_) => Self::v6_routes(addr, &link, AddrFlags::default()),
        };
        for gone in routes {
            if let Some(list) = self.tables.get_mut(&(gone.family(), gone.table)) {
                list.retain(|r| {
                    !(r.proto == Proto::KERNEL
                        && r.dst == gone.dst
                        && r.dev == gone.dev
                        && r.kind == gone.kind)
                });
            }
        }
    }

    /// A link came up (already up in `net`): IPv4 routes of its addresses
    /// are (re)made; IPv6 gets `multicast ff00::/8` on multicast links.
    /// IPv6 addresses the link gains on up (`::1`, `fe80::`) are reported
    /// separately through [`Fib::handle_addr_added`].
    pub fn handle_link_up(&mut self, index: IfIndex, net: &dyn NetView) {
        let Some(link) = net.link(index) else {
            return;
        };
        for a in net.addrs().iter().filter(|a| a.index == index) {
            if a.addr.is_ipv4() {
                for r in Self::v4_routes(a, &link, net) {
                    self.ensure(r);
                }
            }
        }
        if link.multicast
            && let Some(ff) = Prefix::new(
                IpAddr::V6(core::net::Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0)),
                8,
            )
        {
            self.ensure(Self::kernel_route(
                TableId::LOCAL,
                ff,
                RouteType::Multicast,
                index,
                Scope::GLOBAL,
                None,
                256,
            ));
        }
    }

    /// A link went down: IPv4 routes through it are flushed except `scope
    /// host` ones (so `local 127.0.0.1` stays while `broadcast 127.255.255.255`
    /// goes); every IPv6 route through it is flushed.
    pub fn handle_link_down(&mut self, index: IfIndex) {
        for ((family, _), list) in self.tables.iter_mut() {
            list.retain(|r| {
                r.dev != Some(index)
                    || r.kind.is_error()
                    || (*family == Family::V4 && r.scope == Scope::HOST)
            });
        }
    }

    // ---- lookup ---------------------------------------------------------

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
        if a.scope > scope || Fib::primary(a, net) != a.addr {
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
