//! What the resolver needs to know about the namespace it runs in.

use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::world;

/// An address configured on an interface, with its prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfAddr {
    /// The address.
    pub addr: IpAddr,
    /// Prefix length (`/8`, `/24`, `/128`...).
    pub prefix_len: u8,
}

impl IfAddr {
    /// Shorthand constructor.
    pub fn new(addr: IpAddr, prefix_len: u8) -> Self {
        IfAddr { addr, prefix_len }
    }
}

/// The namespace as seen by `getaddrinfo`: its addresses (for
/// `AI_ADDRCONFIG`) and the kernel's source-address choice (for sorting).
pub trait NetView {
    /// Every address configured in the namespace, loopback included.
    fn addresses(&self) -> Vec<IfAddr>;
    /// The source address (and its prefix length) the kernel would pick to
    /// reach `dst` (glibc learns it with a UDP `connect`), or `None` when
    /// `dst` is unreachable (no route).
    fn source_for(&self, dst: IpAddr) -> Option<IfAddr>;
}

/// glibc's `__check_pf` view of the namespace: which families have an
/// address that counts for `AI_ADDRCONFIG`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AddrConfig {
    /// Some IPv4 address other than exactly `127.0.0.1` is configured
    /// (note: `127.0.0.2` on `lo` counts!).
    pub v4: bool,
    /// Some IPv6 address other than `::1` is configured (a link-local
    /// `fe80::` address counts).
    pub v6: bool,
}

impl AddrConfig {
    /// Applies glibc's rule to a list of addresses.
    pub fn from_addrs(addrs: &[IfAddr]) -> Self {
        AddrConfig {
            v4: addrs
                .iter()
                .any(|a| matches!(a.addr, IpAddr::V4(v) if v != Ipv4Addr::LOCALHOST)),
            v6: addrs
                .iter()
                .any(|a| matches!(a.addr, IpAddr::V6(v) if v != Ipv6Addr::LOCALHOST)),
        }
    }
}

/// A simple [`NetView`]: a list of addresses plus "is there a default
/// route" per family. Routes: a loopback destination uses the loopback
/// address of its family; a destination inside a configured prefix uses that
/// address; anything else uses the first global address of its family if the
/// family has a default route. Good enough until the `route` module drives
/// the resolver.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SimpleNet {
    /// Configured addresses (include `127.0.0.1/8` and `::1/128` when `lo` is up).
    pub addrs: Vec<IfAddr>,
    /// A default IPv4 route exists.
    pub default_v4: bool,
    /// A default IPv6 route exists.
    pub default_v6: bool,
}

impl SimpleNet {
    /// Only `lo`, up: `127.0.0.1/8` and `::1/128`.
    pub fn loopback_only() -> Self {
        SimpleNet {
            addrs: alloc::vec![
                IfAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 8),
                IfAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), 128),
            ],
            default_v4: false,
            default_v6: false,
        }
    }

    /// The lab's default host ([`world::LAB`]): `lo` plus `eth0`
    /// 192.168.1.50/24 with a default route via 192.168.1.1, and no IPv6
    /// on `eth0`.
    pub fn debian_lab() -> Self {
        let mut n = Self::loopback_only();
        n.addrs.push(IfAddr::new(
            IpAddr::V4(world::LAB.addr),
            world::LAN_PREFIX_LEN,
        ));
        n.default_v4 = world::LAB.gateway.is_some();
        n
    }
}

fn in_prefix(a: IpAddr, net: IfAddr) -> bool {
    match (a, net.addr) {
        (IpAddr::V4(x), IpAddr::V4(y)) => {
            let b = u32::from(net.prefix_len.min(32));
            let m = if b == 0 { 0 } else { u32::MAX << (32 - b) };
            u32::from(x) & m == u32::from(y) & m
        }
        (IpAddr::V6(x), IpAddr::V6(y)) => {
            let b = u32::from(net.prefix_len.min(128));
            let m = if b == 0 { 0 } else { u128::MAX << (128 - b) };
            u128::from(x) & m == u128::from(y) & m
        }
        _ => false,
    }
}

impl NetView for SimpleNet {
    fn addresses(&self) -> Vec<IfAddr> {
        self.addrs.clone()
    }

    fn source_for(&self, dst: IpAddr) -> Option<IfAddr> {
        // A v4-mapped IPv6 destination is reached over IPv4.
        if let IpAddr::V6(v) = dst
            && let Some(v4) = v.to_ipv4_mapped()
        {
            return self.source_for(IpAddr::V4(v4)).map(|s| match s.addr {
                IpAddr::V4(a) => IfAddr::new(IpAddr::V6(a.to_ipv6_mapped()), s.prefix_len + 96),
                IpAddr::V6(_) => s,
            });
        }
        if dst.is_loopback() {
            return self
                .addrs
                .iter()
                .find(|a| a.addr.is_loopback() && in_prefix(dst, **a))
                .copied();
        }
        if let Some(a) = self
            .addrs
            .iter()
            .find(|a| !a.addr.is_loopback() && in_prefix(dst, **a))
        {
            return Some(*a);
        }
        // A local address is reached through lo, from itself.
        if let Some(a) = self.addrs.iter().find(|a| a.addr == dst) {
            return Some(*a);
        }
        let default = match dst {
            IpAddr::V4(_) => self.default_v4,
            IpAddr::V6(_) => self.default_v6,
        };
        if !default {
            return None;
        }
        self.addrs
            .iter()
            .find(|a| a.addr.is_ipv4() == dst.is_ipv4() && !a.addr.is_loopback())
            .copied()
    }
}

/// Any `Fn(IpAddr) -> Option<IfAddr>` paired with an address list is a [`NetView`].
#[derive(Debug, Clone)]
pub struct FnNet<F> {
    /// Configured addresses.
    pub addrs: Vec<IfAddr>,
    /// Source-address choice.
    pub source: F,
}

impl<F: Fn(IpAddr) -> Option<IfAddr>> NetView for FnNet<F> {
    fn addresses(&self) -> Vec<IfAddr> {
        self.addrs.clone()
    }
    fn source_for(&self, dst: IpAddr) -> Option<IfAddr> {
        (self.source)(dst)
    }
}
