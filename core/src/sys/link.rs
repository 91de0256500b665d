//! Netlink-style calls on links (`RTM_GETLINK`, `RTM_NEWLINK`/
//! `RTM_SETLINK`/`RTM_DELLINK`): what `ip link`, `ip addr show`,
//! `ifconfig` and `hostname -I` ask of the kernel. A link's record carries
//! its addresses; adding and removing them is [`super::addr`].
//!
//! A dump answers with plain records ([`LinkRecord`]) the program formats;
//! a change answers with the errno Linux gives and, where the kernel has
//! one, its extended-ack text ([`RtnlError`]). The kernel keeps its own
//! invariants behind the calls: a veth pair is made and deleted as a
//! pair, a device moved to another namespace goes down and loses its
//! addresses, the peer's end learns where its partner went, and every
//! change bumps the namespace's route-cache generation.

use alloc::string::String;
use alloc::vec::Vec;

use super::Sys;
use crate::errno::Errno;
use crate::iface::{Interface, Kind};
use crate::net::{Network, NsKind};
use crate::route::RtnlError;
use crate::trace::NsId;

pub use crate::iface::{AddrScope, Counters, IfIndex, Ipv4Address, Ipv6Address, prefix_mask_v4};

/// What kind of device a link is (`IFLA_INFO_KIND`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// The loopback device.
    Loopback,
    /// An Ethernet device on the LAN.
    Ether,
    /// One end of a veth pair, and what the kernel says of the other end.
    Veth(VethPeer),
}

/// The other end of a veth pair, as a link dump describes it
/// (`IFLA_LINK`, `IFLA_LINK_NETNSID`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VethPeer {
    /// The peer's interface index in its namespace.
    pub index: IfIndex,
    /// The peer's name, if the peer still exists.
    pub name: Option<String>,
    /// Whether the peer is administratively up (the link's carrier).
    pub admin_up: bool,
    /// Whether the peer is in the caller's namespace.
    pub same_ns: bool,
    /// The name of the peer's namespace if `ip netns add` made it.
    pub netns_name: Option<String>,
    /// The id the caller's namespace gives the peer's (`link-netnsid`):
    /// the peers' namespaces are numbered 0, 1... in namespace order.
    pub nsid: u32,
}

/// One link as `RTM_GETLINK` reports it, with its addresses
/// (`RTM_GETADDR`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRecord {
    /// `ifindex`.
    pub index: IfIndex,
    /// `IFLA_IFNAME`.
    pub name: String,
    /// What the device is.
    pub kind: LinkKind,
    /// `ifi_flags`: [`IfFlags`] bits (`IFF_UP`, `IFF_RUNNING`...).
    pub flags: IfFlags,
    /// `IFLA_MTU`.
    pub mtu: u32,
    /// `IFLA_QDISC`: `noop` until the first up, then the default qdisc.
    pub qdisc: &'static str,
    /// `IFLA_ADDRESS` (all zeros for `lo`).
    pub mac: [u8; 6],
    /// `IFLA_STATS64`.
    pub counters: Counters,
    /// IPv4 addresses, primary first.
    pub ipv4: Vec<Ipv4Address>,
    /// IPv6 addresses.
    pub ipv6: Vec<Ipv6Address>,
}

impl LinkRecord {
    /// True for the loopback device.
    pub fn is_loopback(&self) -> bool {
        self.kind == LinkKind::Loopback
    }

    /// `IFF_UP`: administratively up.
    pub fn is_up(&self) -> bool {
        self.flags.contains(IfFlags::UP)
    }
}

/// A link's `ifi_flags`, the bits `SIOCGIFFLAGS` and `RTM_GETLINK` report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IfFlags(pub u32);

impl IfFlags {
    /// `IFF_UP`: administratively up.
    pub const UP: IfFlags = IfFlags(0x1);
    /// `IFF_BROADCAST`: the device can broadcast (Ethernet, veth).
    pub const BROADCAST: IfFlags = IfFlags(0x2);
    /// `IFF_LOOPBACK`: the loopback device.
    pub const LOOPBACK: IfFlags = IfFlags(0x8);
    /// `IFF_RUNNING`: up with a carrier (RFC 2863 "up").
    pub const RUNNING: IfFlags = IfFlags(0x40);
    /// `IFF_MULTICAST`: the device does multicast (Ethernet, veth).
    pub const MULTICAST: IfFlags = IfFlags(0x1000);
    /// `IFF_LOWER_UP`: the driver signals a carrier (a veth whose peer is
    /// up; the lab's other devices always have one once up).
    pub const LOWER_UP: IfFlags = IfFlags(0x10000);

    /// Whether every bit of `other` is set.
    pub const fn contains(self, other: IfFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl core::ops::BitOr for IfFlags {
    type Output = IfFlags;
    fn bitor(self, rhs: IfFlags) -> IfFlags {
        IfFlags(self.0 | rhs.0)
    }
}

impl core::ops::BitOrAssign for IfFlags {
    fn bitor_assign(&mut self, rhs: IfFlags) {
        self.0 |= rhs.0;
    }
}

/// The nsid a namespace gets as seen from another: the peers' namespaces
/// are numbered 0, 1... in namespace order.
fn nsid_of(net: &Network, from: NsId, to: NsId) -> u32 {
    peer_namespaces(net, from)
        .iter()
        .position(|p| *p == to)
        .and_then(|p| u32::try_from(p).ok())
        .unwrap_or(0)
}

/// The namespaces `ns` has an nsid for (its veth peers'), in id order.
pub(super) fn peer_namespaces(net: &Network, ns: NsId) -> Vec<NsId> {
    let Some(n) = net.ns(ns) else {
        return Vec::new();
    };
    let mut peers: Vec<NsId> = n
        .ifaces
        .values()
        .filter_map(|i| match i.kind {
            Kind::Veth { peer_netns, .. } if peer_netns != ns => Some(peer_netns),
            _ => None,
        })
        .collect();
    crate::sort::sort(&mut peers);
    peers.dedup();
    peers
}

fn record(net: &Network, ns: NsId, i: &Interface) -> LinkRecord {
    let (kind, carrier) = match i.kind {
        Kind::Loopback => (LinkKind::Loopback, true),
        Kind::Ethernet { .. } => (LinkKind::Ether, true),
        Kind::Veth {
            peer_netns,
            peer_index,
            ..
        } => {
            let p = net.ns(peer_netns).and_then(|n| n.iface(peer_index));
            let netns_name = net
                .ns(peer_netns)
                .filter(|n| n.kind == NsKind::Named)
                .map(|n| n.name.clone());
            let peer = VethPeer {
                index: peer_index,
                name: p.map(|p| p.name.clone()),
                admin_up: p.is_some_and(|p| p.admin_up),
                same_ns: peer_netns == ns,
                netns_name,
                nsid: nsid_of(net, ns, peer_netns),
            };
            let carrier = peer.admin_up;
            (LinkKind::Veth(peer), carrier)
        }
    };
    let qdisc = match i.kind {
        Kind::Veth { .. } if i.ever_up => "noqueue",
        _ => i.qdisc(),
    };
    let mut flags = if i.is_loopback() {
        IfFlags::LOOPBACK
    } else {
        IfFlags::BROADCAST | IfFlags::MULTICAST
    };
    if i.admin_up {
        flags |= IfFlags::UP;
        if carrier {
            flags |= IfFlags::RUNNING | IfFlags::LOWER_UP;
        }
    }
    LinkRecord {
        index: i.index,
        name: i.name.clone(),
        kind,
        flags,
        mtu: i.mtu,
        qdisc,
        mac: i.mac(),
        counters: i.counters,
        ipv4: i.ipv4.clone(),
        ipv6: i.ipv6.clone(),
    }
}

/// The kernel's `veth%d`: the first free name in a namespace.
fn free_name(net: &Network, ns: NsId, base: &str) -> String {
    let n = net.ns(ns);
    for k in 0..1000u32 {
        let cand = alloc::format!("{base}{k}");
        if n.is_none_or(|n| n.iface_by_name(&cand).is_none()) {
            return cand;
        }
    }
    String::from(base)
}

/// `EPERM` unless the caller is root (`CAP_NET_ADMIN`).
pub(super) fn admin(uid: u32) -> Result<(), RtnlError> {
    if uid == 0 {
        Ok(())
    } else {
        Err(RtnlError::errno(Errno::EPERM))
    }
}

impl Sys<'_> {
    /// `RTM_GETLINK` dump: every link of the caller's namespace, in index
    /// order, with its addresses.
    pub fn links(&self) -> Vec<LinkRecord> {
        let net = &self.host.net;
        net.ns(self.ns)
            .map(|n| n.ifaces.values().map(|i| record(net, self.ns, i)).collect())
            .unwrap_or_default()
    }

    /// `RTM_GETLINK` for one name (`if_nametoindex` and more); `None` is
    /// the kernel's `ENODEV`.
    pub fn link(&self, name: &str) -> Option<LinkRecord> {
        let net = &self.host.net;
        net.ns(self.ns)
            .and_then(|n| n.iface_by_name(name))
            .map(|i| record(net, self.ns, i))
    }

    /// `RTM_SETLINK` with `IFF_UP` set or cleared. Bringing `lo` up adds
    /// its addresses; routes follow the link.
    pub fn link_set_up(&mut self, index: IfIndex, up: bool) -> Result<(), RtnlError> {
        admin(self.uid)?;
        let n = self
            .host
            .net
            .ns_mut(self.ns)
            .ok_or(RtnlError::errno(Errno::ENODEV))?;
        n.set_link(index, up, false).map_err(RtnlError::errno)
    }

    /// `RTM_SETLINK` with `IFLA_MTU`: 68 up to 65535 (any size for `lo`).
    pub fn link_set_mtu(&mut self, index: IfIndex, mtu: u32) -> Result<(), RtnlError> {
        admin(self.uid)?;
        let min = 68;
        let max = if index == IfIndex::LOOPBACK {
            u32::MAX
        } else {
            65535
        };
        if mtu < min {
            return Err(RtnlError::extack(
                Errno::EINVAL,
                "mtu less than device minimum",
            ));
        }
        if mtu > max {
            return Err(RtnlError::extack(
                Errno::EINVAL,
                "mtu greater than device minimum",
            ));
        }
        let i = self
            .host
            .net
            .ns_mut(self.ns)
            .and_then(|n| n.ifaces.get_mut(&index))
            .ok_or(RtnlError::errno(Errno::ENODEV))?;
        i.mtu = mtu;
        Ok(())
    }

    /// `RTM_SETLINK` with `IFLA_NET_NS_FD`: moves a device to namespace
    /// `to`. The device arrives down and without addresses, and its veth
    /// peer learns its new place. `lo` cannot move (`EINVAL`, "The
    /// interface netns is immutable"); the lab moves only veth ends
    /// (`EOPNOTSUPP` for the others); a name taken there is `EEXIST`.
    pub fn link_set_netns(&mut self, index: IfIndex, to: NsId) -> Result<(), RtnlError> {
        admin(self.uid)?;
        let from = self.ns;
        let net = &mut self.host.net;
        let iface = net
            .ns(from)
            .and_then(|n| n.iface(index))
            .cloned()
            .ok_or(RtnlError::errno(Errno::ENODEV))?;
        if iface.is_loopback() {
            return Err(RtnlError::extack(
                Errno::EINVAL,
                "The interface netns is immutable",
            ));
        }
        let Kind::Veth {
            peer_netns,
            peer_index,
            ..
        } = iface.kind
        else {
            return Err(RtnlError::errno(Errno::EOPNOTSUPP));
        };
        if to == from {
            return Ok(());
        }
        if net
            .ns(to)
            .is_some_and(|n| n.iface_by_name(&iface.name).is_some())
        {
            return Err(RtnlError::errno(Errno::EEXIST));
        }
        if let Some(n) = net.ns_mut(from) {
            n.remove_iface(index);
        }
        // The kernel takes the device down and flushes its addresses on the way.
        let fresh = Interface {
            index: IfIndex(0),
            name: iface.name.clone(),
            kind: iface.kind,
            admin_up: false,
            ever_up: iface.ever_up,
            mtu: iface.mtu,
            ipv4: Vec::new(),
            ipv6: Vec::new(),
            counters: iface.counters,
        };
        let new_index = net
            .ns_mut(to)
            .map(|n| n.add_iface(fresh))
            .ok_or(RtnlError::errno(Errno::ENODEV))?;
        if let Some(p) = net
            .ns_mut(peer_netns)
            .and_then(|n| n.ifaces.get_mut(&peer_index))
            && let Kind::Veth { mac: pm, .. } = p.kind
        {
            p.kind = Kind::Veth {
                mac: pm,
                peer_netns: to,
                peer_index: new_index,
            };
        }
        Ok(())
    }

    /// `RTM_NEWLINK` of kind veth: `name` here and `peer` in `peer_ns`
    /// (the caller's namespace if `None`); a missing name is the kernel's
    /// first free `veth%d`. The kernel registers the peer first, so in one
    /// namespace it gets the lower index. A taken name is `EEXIST`.
    pub fn link_add_veth(
        &mut self,
        name: Option<&str>,
        peer: Option<&str>,
        peer_ns: Option<NsId>,
    ) -> Result<(), RtnlError> {
        admin(self.uid)?;
        let ns = self.ns;
        let net = &mut self.host.net;
        let name = match name {
            Some(n) => String::from(n),
            None => free_name(net, ns, "veth"),
        };
        let peer_ns = peer_ns.unwrap_or(ns);
        let peer = match peer {
            Some(p) => String::from(p),
            None => {
                let mut taken = free_name(net, peer_ns, "veth");
                if taken == name {
                    taken = String::from("veth1");
                }
                taken
            }
        };
        let made = if peer_ns == ns {
            net.add_veth(ns, &peer, ns, &name)
        } else {
            net.add_veth(ns, &name, peer_ns, &peer)
        };
        made.map(|_| ()).map_err(RtnlError::errno)
    }

    /// The name `RTM_NEWLINK` would give an unnamed veth end here
    /// (`veth0`, `veth1`...), so a program can check it as the kernel's
    /// `dev_valid_name` would.
    pub fn link_free_name(&self, base: &str) -> String {
        free_name(&self.host.net, self.ns, base)
    }

    /// `RTM_DELLINK`: deleting a veth end deletes its peer too; the lab's
    /// other devices cannot be deleted (`EOPNOTSUPP`).
    pub fn link_del(&mut self, index: IfIndex) -> Result<(), RtnlError> {
        admin(self.uid)?;
        let ns = self.ns;
        let net = &mut self.host.net;
        let Some(iface) = net.ns(ns).and_then(|n| n.iface(index)).cloned() else {
            return Err(RtnlError::errno(Errno::ENODEV));
        };
        let Kind::Veth {
            peer_netns,
            peer_index,
            ..
        } = iface.kind
        else {
            return Err(RtnlError::errno(Errno::EOPNOTSUPP));
        };
        if let Some(n) = net.ns_mut(ns) {
            n.remove_iface(index);
        }
        if let Some(n) = net.ns_mut(peer_netns) {
            n.remove_iface(peer_index);
        }
        Ok(())
    }
}
