//! One network namespace: its interfaces, routing state, sysctls and
//! sockets, and the kernel's reactions when links and addresses change.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::errno::Errno;
use crate::iface::{AddrScope, IfIndex, Interface, Ipv4Address, Ipv6Address};
use crate::route::{AddrFlags, Fib, IfAddr, LinkInfo, NetView, Scope, SimpleNet};
use crate::sysctl::Sysctls;
use crate::trace::NsId;

use super::sockets::SocketTable;

/// Who a namespace belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NsKind {
    /// The lab host's initial namespace.
    Host,
    /// A namespace the user made with `ip netns add NAME` (a "container").
    Named,
    /// Another machine on the LAN (the router, a laptop).
    Machine,
}

/// One network namespace.
#[derive(Debug)]
pub struct Netns {
    /// Its id.
    pub id: NsId,
    /// Its name (`ip netns` name, or the machine's name).
    pub name: String,
    /// Who it belongs to.
    pub kind: NsKind,
    /// The interfaces, by index.
    pub ifaces: BTreeMap<IfIndex, Interface>,
    /// Rules and routing tables.
    pub fib: Fib,
    /// Its sysctls.
    pub sysctls: Sysctls,
    /// Its sockets.
    pub sockets: SocketTable,
    /// Its netfilter tables and conntrack.
    pub nf: crate::netfilter::Netfilter,
    next_ifindex: u32,
    /// Bumped on every routing or address change (route caches check it).
    pub generation: u64,
    /// The neighbour table (ARP, NDP).
    pub neigh: super::neigh::NeighTable,
}

fn scope_of(s: AddrScope) -> Scope {
    match s {
        AddrScope::Global => Scope::GLOBAL,
        AddrScope::Link => Scope::LINK,
        AddrScope::Host => Scope::HOST,
    }
}

impl NetView for Netns {
    fn forwarding(&self, iif: IfIndex) -> bool {
        let _ = iif;
        self.sysctls.global_int("net.ipv4.ip_forward") != 0
    }

    fn route_localnet(&self, dev: IfIndex) -> bool {
        self.ifaces
            .get(&dev)
            .is_some_and(|i| self.sysctls.ipv4_conf_or(&i.name, "route_localnet"))
    }

    fn links(&self) -> Vec<LinkInfo> {
        self.ifaces
            .values()
            .map(|i| LinkInfo {
                index: i.index,
                name: i.name.clone(),
                up: i.admin_up,
                loopback: i.is_loopback(),
                multicast: !i.is_loopback(),
            })
            .collect()
    }

    fn addrs(&self) -> Vec<IfAddr> {
        let mut out = Vec::new();
        for i in self.ifaces.values() {
            for a in &i.ipv4 {
                out.push(IfAddr {
                    index: i.index,
                    addr: IpAddr::V4(a.addr),
                    prefix_len: a.prefix_len,
                    scope: scope_of(a.scope),
                });
            }
            for a in &i.ipv6 {
                out.push(IfAddr {
                    index: i.index,
                    addr: IpAddr::V6(a.addr),
                    prefix_len: a.prefix_len,
                    scope: scope_of(a.scope),
                });
            }
        }
        out
    }

    fn link(&self, index: IfIndex) -> Option<LinkInfo> {
        let i = self.ifaces.get(&index)?;
        Some(LinkInfo {
            index: i.index,
            name: i.name.clone(),
            up: i.admin_up,
            loopback: i.is_loopback(),
            multicast: !i.is_loopback(),
        })
    }

    fn is_local_addr(&self, addr: &IpAddr) -> bool {
        self.has_addr(addr)
    }
}

impl Netns {
    /// A fresh namespace: only `lo`, down, no addresses, no routes.
    pub fn new(id: NsId, name: &str, kind: NsKind) -> Self {
        let mut ifaces = BTreeMap::new();
        ifaces.insert(IfIndex::LOOPBACK, Interface::loopback());
        Netns {
            id,
            name: String::from(name),
            kind,
            ifaces,
            fib: Fib::new(),
            sysctls: Sysctls::new(),
            sockets: SocketTable::default(),
            nf: crate::netfilter::Netfilter::default(),
            next_ifindex: 2,
            generation: 0,
            neigh: super::neigh::NeighTable::default(),
        }
    }

    /// A snapshot of links and addresses for the routing code (which
    /// needs them while the routing state itself is being changed).
    pub fn view(&self) -> SimpleNet {
        SimpleNet {
            links: self.links(),
            addrs: self.addrs(),
        }
    }

    /// The interface called `name`.
    pub fn iface_by_name(&self, name: &str) -> Option<&Interface> {
        self.ifaces.values().find(|i| i.name == name)
    }

    /// The interface with `index`.
    pub fn iface(&self, index: IfIndex) -> Option<&Interface> {
        self.ifaces.get(&index)
    }

    /// The name of interface `index` (`?` if it is gone).
    pub fn iface_name(&self, index: IfIndex) -> &str {
        self.ifaces.get(&index).map_or("?", |i| i.name.as_str())
    }

    /// Adds an interface and its per-device sysctls; returns its index.
    pub fn add_iface(&mut self, mut iface: Interface) -> IfIndex {
        let index = IfIndex(self.next_ifindex);
        self.next_ifindex += 1;
        iface.index = index;
        self.sysctls.add_device(&iface.name);
        self.ifaces.insert(index, iface);
        self.generation += 1;
        index
    }

    /// Removes an interface (veth deletion, moving to another namespace).
    pub fn remove_iface(&mut self, index: IfIndex) -> Option<Interface> {
        let iface = self.ifaces.get(&index)?.clone();
        for a in self.addrs().into_iter().filter(|a| a.index == index) {
            let view = self.view();
            self.fib.handle_addr_removed(&a, &view);
        }
        self.fib.handle_link_down(index);
        self.sysctls.remove_device(&iface.name);
        self.ifaces.remove(&index);
        self.generation += 1;
        Some(iface)
    }

    /// True if `addr` is configured on any interface.
    pub fn has_addr(&self, addr: &IpAddr) -> bool {
        self.ifaces.values().any(|i| match addr {
            IpAddr::V4(a) => i.ipv4.iter().any(|x| x.addr == *a),
            IpAddr::V6(a) => i.ipv6.iter().any(|x| x.addr == *a),
        })
    }

    /// True if the namespace has a non-loopback address of the family of
    /// `v6` (what glibc's AI_ADDRCONFIG asks).
    pub fn has_non_loopback_addr(&self, v6: bool) -> bool {
        self.ifaces.values().filter(|i| !i.is_loopback()).any(|i| {
            if v6 {
                i.ipv6.iter().any(|a| a.scope != AddrScope::Link)
            } else {
                !i.ipv4.is_empty()
            }
        })
    }

    /// `ip link set DEV up|down`. `systemd_lo` marks the host's boot-time
    /// bring-up of `lo`, where systemd adds `::1` with its prefix route.
    pub fn set_link(&mut self, index: IfIndex, up: bool, systemd_lo: bool) -> Result<(), Errno> {
        let dev_name = self.ifaces.get(&index).ok_or(Errno::ENODEV)?.name.clone();
        let ipv6_disabled = self.sysctls.ipv6_disabled(&dev_name);
        if up {
            let (added4, added6) = match self.ifaces.get_mut(&index) {
                Some(i) => i.set_up(ipv6_disabled),
                None => return Err(Errno::ENODEV),
            };
            let view = self.view();
            self.fib.handle_link_up(index, &view);
            let v4 = added4
                .iter()
                .map(|a| (IpAddr::V4(a.addr), a.prefix_len, scope_of(a.scope)));
            let v6 = added6
                .iter()
                .map(|a| (IpAddr::V6(a.addr), a.prefix_len, scope_of(a.scope)));
            let added: Vec<_> = v4.chain(v6).collect();
            for (addr, prefix_len, scope) in added {
                // The kernel's own ::1 has no prefix route (systemd adds one on
                // the host); an Ethernet link-local gets fe80::/64.
                let flags = AddrFlags {
                    prefix_route: addr.is_ipv4() || systemd_lo || index != IfIndex::LOOPBACK,
                };
                let a = IfAddr {
                    index,
                    addr,
                    prefix_len,
                    scope,
                };
                let view = self.view();
                self.fib.handle_addr_added(&a, flags, &view);
            }
        } else if let Some(i) = self.ifaces.get_mut(&index) {
            i.set_down();
            self.fib.handle_link_down(index);
            self.neigh.flush_dev(index);
        }
        self.generation += 1;
        Ok(())
    }

    /// `ip addr add ADDR/LEN dev DEV`: `Err(EEXIST)` if already there.
    pub fn add_addr(&mut self, index: IfIndex, addr: IpAddr, prefix_len: u8) -> Result<(), Errno> {
        let iface = self.ifaces.get_mut(&index).ok_or(Errno::ENODEV)?;
        let loopback = iface.is_loopback();
        let scope = match addr {
            IpAddr::V4(a) if a.is_loopback() => AddrScope::Host,
            IpAddr::V6(a) if a.is_loopback() => AddrScope::Host,
            IpAddr::V6(a) if (a.segments()[0] & 0xffc0) == 0xfe80 => AddrScope::Link,
            _ => AddrScope::Global,
        };
        let added = match addr {
            IpAddr::V4(a) => iface.add_ipv4(Ipv4Address {
                addr: a,
                prefix_len,
                scope,
                broadcast: (!loopback && prefix_len < 31).then(|| {
                    Ipv4Addr::from(u32::from(a) | !crate::iface::prefix_mask_v4(prefix_len))
                }),
            }),
            IpAddr::V6(a) => iface.add_ipv6(Ipv6Address {
                addr: a,
                prefix_len,
                scope,
            }),
        };
        if !added {
            return Err(Errno::EEXIST);
        }
        let a = IfAddr {
            index,
            addr,
            prefix_len,
            scope: scope_of(scope),
        };
        let view = self.view();
        self.fib.handle_addr_added(&a, AddrFlags::default(), &view);
        self.generation += 1;
        Ok(())
    }

    /// `ip addr del ADDR/LEN dev DEV`: `Err(EADDRNOTAVAIL)` if not there.
    pub fn del_addr(&mut self, index: IfIndex, addr: IpAddr, prefix_len: u8) -> Result<(), Errno> {
        let a = self
            .addrs()
            .into_iter()
            .find(|a| {
                a.index == index && a.addr == addr && (a.prefix_len == prefix_len || addr.is_ipv6())
            })
            .ok_or(Errno::EADDRNOTAVAIL)?;
        let view = self.view();
        self.fib.handle_addr_removed(&a, &view);
        if let Some(i) = self.ifaces.get_mut(&index) {
            match addr {
                IpAddr::V4(v4) => {
                    i.remove_ipv4(v4, a.prefix_len);
                }
                IpAddr::V6(v6) => {
                    i.remove_ipv6(v6);
                }
            }
        }
        self.generation += 1;
        Ok(())
    }

    /// The lab's loopback v6 address, if `lo` has it.
    pub fn has_ipv6_loopback(&self) -> bool {
        self.has_addr(&IpAddr::V6(Ipv6Addr::LOCALHOST))
    }
}
