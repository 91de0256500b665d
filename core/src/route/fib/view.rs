//! What routing needs to know about a namespace's interfaces and their
//! addresses ([`NetView`], owned by the interface layer), and a plain
//! implementation of it ([`SimpleNet`]).

use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use crate::iface::IfIndex;
use crate::route::types::{Family, Prefix, Scope};

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
    /// Is `net.ipv4.conf.{all,DEV}.route_localnet` on for device `dev`
    /// (a 127.0.0.0/8 source may then leave through it)? Off unless the
    /// view says otherwise.
    fn route_localnet(&self, dev: IfIndex) -> bool {
        let _ = dev;
        false
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

/// The primary address of `a`'s subnet on its interface (itself when first).
pub(super) fn primary(a: &IfAddr, net: &dyn NetView) -> IpAddr {
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
