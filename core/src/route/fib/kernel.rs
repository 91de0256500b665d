//! The routes the kernel makes and removes by itself as addresses come
//! and go and links go up and down (`fib_add_ifaddr`, addrconf,
//! `fib_sync_down_dev`).

use alloc::vec::Vec;
use core::net::IpAddr;

use super::Fib;
use super::view::{IfAddr, LinkInfo, NetView, primary};
use crate::iface::IfIndex;
use crate::route::types::{Family, Prefix, Proto, Route, RouteType, Scope, TableId};

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

impl Fib {
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

    /// The IPv4 routes `fib_add_ifaddr` makes for one address.
    fn v4_routes(a: &IfAddr, link: &LinkInfo, net: &dyn NetView) -> Vec<Route> {
        let mut out = Vec::new();
        let prim = primary(a, net);
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
}
