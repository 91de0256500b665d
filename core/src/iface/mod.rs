//! Network interfaces: `lo`, `eth0`, veth ends. Flags, MTU, addresses and
//! counters, with the kernel's behaviour when links go up and down.
//!
//! Real Linux 6.x, `ip netns add fr` (recorded 2026-11-27):
//!
//! ```text
//! # fresh namespace: lo is down and has no address at all
//! 1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000
//!     link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
//! # ip link set lo up: 127.0.0.1/8 and ::1/128 appear
//! 1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
//!     inet 127.0.0.1/8 scope host lo
//!     inet6 ::1/128 scope host
//! # ip link set lo down again: the IPv4 address stays, ::1 goes
//! 1: lo: <LOOPBACK> mtu 65536 qdisc noqueue state DOWN group default qlen 1000
//!     inet 127.0.0.1/8 scope host lo
//! ```

mod counters;

use alloc::string::String;
use alloc::vec::Vec;
use core::net::{Ipv4Addr, Ipv6Addr};

pub use counters::Counters;

/// An interface index, as `ip link` numbers them (`lo` is 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IfIndex(pub u32);

impl IfIndex {
    /// The loopback interface of every namespace.
    pub const LOOPBACK: IfIndex = IfIndex(1);
}

/// The scope of an address, as `ip addr` prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AddrScope {
    /// `scope global`.
    Global,
    /// `scope link`.
    Link,
    /// `scope host`: usable only inside this host (127.0.0.1, ::1).
    Host,
}

impl AddrScope {
    /// The word `ip` prints.
    pub const fn name(self) -> &'static str {
        match self {
            AddrScope::Global => "global",
            AddrScope::Link => "link",
            AddrScope::Host => "host",
        }
    }
}

/// An IPv4 address on an interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ipv4Address {
    /// The address.
    pub addr: Ipv4Addr,
    /// The prefix length (8 for 127.0.0.1/8).
    pub prefix_len: u8,
    /// Its scope.
    pub scope: AddrScope,
    /// The broadcast address (`brd`), if any.
    pub broadcast: Option<Ipv4Addr>,
}

impl Ipv4Address {
    /// True if `other` is inside this address's prefix.
    pub fn contains(&self, other: Ipv4Addr) -> bool {
        let mask = prefix_mask_v4(self.prefix_len);
        (u32::from(self.addr) & mask) == (u32::from(other) & mask)
    }
}

/// An IPv6 address on an interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ipv6Address {
    /// The address.
    pub addr: Ipv6Addr,
    /// The prefix length.
    pub prefix_len: u8,
    /// Its scope.
    pub scope: AddrScope,
}

/// The IPv6 link-local address the kernel derives from a MAC (EUI-64):
/// 52:54:00:12:34:56 gives fe80::5054:ff:fe12:3456.
pub fn eui64_link_local(mac: [u8; 6]) -> Ipv6Addr {
    let [a, b, c, d, e, f] = mac;
    Ipv6Addr::new(
        0xfe80,
        0,
        0,
        0,
        u16::from_be_bytes([a ^ 0x02, b]),
        u16::from_be_bytes([c, 0xff]),
        u16::from_be_bytes([0xfe, d]),
        u16::from_be_bytes([e, f]),
    )
}

/// The netmask of a prefix length.
pub const fn prefix_mask_v4(prefix_len: u8) -> u32 {
    if prefix_len == 0 {
        0
    } else if prefix_len >= 32 {
        u32::MAX
    } else {
        u32::MAX << (32 - prefix_len)
    }
}

/// What kind of device an interface is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The loopback device: transmit is receive.
    Loopback,
    /// An Ethernet device on the simulated LAN.
    Ethernet {
        /// Its MAC address.
        mac: [u8; 6],
    },
    /// One end of a veth pair.
    Veth {
        /// Its MAC address.
        mac: [u8; 6],
        /// The namespace of the other end.
        peer_netns: u32,
        /// The index of the other end in that namespace.
        peer_index: IfIndex,
    },
}

/// One network interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interface {
    /// Its index.
    pub index: IfIndex,
    /// Its name (`lo`, `eth0`).
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// Administratively up (`ip link set X up`).
    pub admin_up: bool,
    /// Whether the qdisc was ever attached (`noop` until the first up).
    pub ever_up: bool,
    /// The MTU.
    pub mtu: u32,
    /// IPv4 addresses, primary first.
    pub ipv4: Vec<Ipv4Address>,
    /// IPv6 addresses.
    pub ipv6: Vec<Ipv6Address>,
    /// Packet and byte counters.
    pub counters: Counters,
}

impl Interface {
    /// A fresh namespace's loopback: down, no addresses, MTU 65536.
    pub fn loopback() -> Self {
        Interface {
            index: IfIndex::LOOPBACK,
            name: String::from("lo"),
            kind: Kind::Loopback,
            admin_up: false,
            ever_up: false,
            mtu: 65536,
            ipv4: Vec::new(),
            ipv6: Vec::new(),
            counters: Counters::default(),
        }
    }

    /// An Ethernet device, down, with no addresses.
    pub fn ethernet(index: IfIndex, name: &str, mac: [u8; 6]) -> Self {
        Interface {
            index,
            name: String::from(name),
            kind: Kind::Ethernet { mac },
            admin_up: false,
            ever_up: false,
            mtu: 1500,
            ipv4: Vec::new(),
            ipv6: Vec::new(),
            counters: Counters::default(),
        }
    }

    /// True for the loopback device.
    pub fn is_loopback(&self) -> bool {
        matches!(self.kind, Kind::Loopback)
    }

    /// The link-layer address (all zeros for `lo`).
    pub fn mac(&self) -> [u8; 6] {
        match self.kind {
            Kind::Loopback => [0; 6],
            Kind::Ethernet { mac } | Kind::Veth { mac, .. } => mac,
        }
    }

    /// Whether the device can carry packets: up and (for veth) its peer up.
    /// The lab's Ethernet always has carrier.
    pub fn running(&self) -> bool {
        self.admin_up
    }

    /// The flags `ip link` prints between `<` and `>`.
    pub fn flags(&self) -> Vec<&'static str> {
        let mut f = Vec::new();
        if self.is_loopback() {
            f.push("LOOPBACK");
        } else {
            f.push("BROADCAST");
            f.push("MULTICAST");
        }
        if self.admin_up {
            f.push("UP");
            f.push("LOWER_UP");
        }
        f
    }

    /// The operational state `ip link` prints (`UNKNOWN` for an up `lo`).
    pub fn oper_state(&self) -> &'static str {
        match (self.admin_up, self.is_loopback()) {
            (false, _) => "DOWN",
            (true, true) => "UNKNOWN",
            (true, false) => "UP",
        }
    }

    /// The queueing discipline `ip link` prints.
    pub fn qdisc(&self) -> &'static str {
        match (self.ever_up, self.is_loopback()) {
            (false, _) => "noop",
            (true, true) => "noqueue",
            (true, false) => "pfifo_fast",
        }
    }

    /// Brings the link up. For `lo` the kernel adds 127.0.0.1/8 if it has
    /// no IPv4 address, and ::1/128 (unless `ipv6_disabled`). Returns the
    /// addresses added, so routes can follow.
    pub fn set_up(&mut self, ipv6_disabled: bool) -> (Vec<Ipv4Address>, Vec<Ipv6Address>) {
        let mut added4 = Vec::new();
        let mut added6 = Vec::new();
        if self.admin_up {
            return (added4, added6);
        }
        self.admin_up = true;
        self.ever_up = true;
        if self.is_loopback() {
            if self.ipv4.is_empty() {
                let a = Ipv4Address {
                    addr: Ipv4Addr::LOCALHOST,
                    prefix_len: 8,
                    scope: AddrScope::Host,
                    broadcast: None,
                };
                self.ipv4.push(a);
                added4.push(a);
            }
            if !ipv6_disabled && !self.ipv6.iter().any(|a| a.addr == Ipv6Addr::LOCALHOST) {
                let a = Ipv6Address {
                    addr: Ipv6Addr::LOCALHOST,
                    prefix_len: 128,
                    scope: AddrScope::Host,
                };
                self.ipv6.push(a);
                added6.push(a);
            }
        } else if !ipv6_disabled {
            // addrgenmode eui64: every Ethernet link gets fe80::/64 from its MAC.
            let a = Ipv6Address {
                addr: eui64_link_local(self.mac()),
                prefix_len: 64,
                scope: AddrScope::Link,
            };
            if !self.ipv6.iter().any(|x| x.addr == a.addr) {
                self.ipv6.push(a);
                added6.push(a);
            }
        }
        (added4, added6)
    }

    /// Takes the link down. IPv4 addresses stay; IPv6 addresses go (the
    /// kernel's default `keep_addr_on_down = 0`). Returns the IPv6
    /// addresses removed.
    pub fn set_down(&mut self) -> Vec<Ipv6Address> {
        if !self.admin_up {
            return Vec::new();
        }
        self.admin_up = false;
        core::mem::take(&mut self.ipv6)
    }

    /// Adds an IPv4 address; false if it is already there.
    pub fn add_ipv4(&mut self, address: Ipv4Address) -> bool {
        if self
            .ipv4
            .iter()
            .any(|a| a.addr == address.addr && a.prefix_len == address.prefix_len)
        {
            return false;
        }
        self.ipv4.push(address);
        true
    }

    /// Adds an IPv6 address; false if it is already there.
    pub fn add_ipv6(&mut self, address: Ipv6Address) -> bool {
        if self.ipv6.iter().any(|a| a.addr == address.addr) {
            return false;
        }
        self.ipv6.push(address);
        true
    }

    /// Removes an IPv4 address; returns it if it was there.
    pub fn remove_ipv4(&mut self, addr: Ipv4Addr, prefix_len: u8) -> Option<Ipv4Address> {
        let pos = self
            .ipv4
            .iter()
            .position(|a| a.addr == addr && a.prefix_len == prefix_len)?;
        Some(self.ipv4.remove(pos))
    }

    /// Removes an IPv6 address; returns it if it was there.
    pub fn remove_ipv6(&mut self, addr: Ipv6Addr) -> Option<Ipv6Address> {
        let pos = self.ipv6.iter().position(|a| a.addr == addr)?;
        Some(self.ipv6.remove(pos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_up_down_matches_linux() {
        let mut lo = Interface::loopback();
        assert_eq!(lo.flags(), ["LOOPBACK"]);
        assert_eq!((lo.qdisc(), lo.oper_state()), ("noop", "DOWN"));
        assert!(lo.ipv4.is_empty() && lo.ipv6.is_empty());

        let (a4, a6) = lo.set_up(false);
        assert_eq!(a4.len(), 1);
        assert_eq!(a6.len(), 1);
        assert_eq!(lo.flags(), ["LOOPBACK", "UP", "LOWER_UP"]);
        assert_eq!((lo.qdisc(), lo.oper_state()), ("noqueue", "UNKNOWN"));
        assert_eq!(lo.ipv4[0].addr, Ipv4Addr::LOCALHOST);
        assert_eq!(lo.ipv4[0].prefix_len, 8);

        let removed = lo.set_down();
        assert_eq!(removed.len(), 1);
        assert_eq!((lo.qdisc(), lo.oper_state()), ("noqueue", "DOWN"));
        assert_eq!(lo.ipv4.len(), 1, "IPv4 address stays when lo goes down");
        assert!(lo.ipv6.is_empty(), "::1 goes when lo goes down");

        let (a4, a6) = lo.set_up(false);
        assert!(a4.is_empty(), "127.0.0.1 is not added twice");
        assert_eq!(a6.len(), 1);
    }

    #[test]
    fn ethernet_gets_an_eui64_link_local_address() {
        assert_eq!(
            eui64_link_local([0x52, 0x54, 0x00, 0x12, 0x34, 0x56]),
            "fe80::5054:ff:fe12:3456".parse::<Ipv6Addr>().unwrap()
        );
        let mut eth = Interface::ethernet(IfIndex(2), "eth0", [0x52, 0x54, 0x00, 0x12, 0x34, 0x56]);
        let (_, v6) = eth.set_up(false);
        assert_eq!(v6.len(), 1);
        assert_eq!(v6[0].scope, AddrScope::Link);
        assert!(eth.set_down().len() == 1, "link-local goes with the link");
    }

    #[test]
    fn prefix_contains() {
        let a = Ipv4Address {
            addr: Ipv4Addr::new(192, 168, 1, 50),
            prefix_len: 24,
            scope: AddrScope::Global,
            broadcast: Some(Ipv4Addr::new(192, 168, 1, 255)),
        };
        assert!(a.contains(Ipv4Addr::new(192, 168, 1, 1)));
        assert!(!a.contains(Ipv4Addr::new(192, 168, 2, 1)));
        assert_eq!(prefix_mask_v4(0), 0);
        assert_eq!(prefix_mask_v4(32), u32::MAX);
    }
}
