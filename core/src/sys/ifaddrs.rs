//! `getifaddrs`: every address configured in the process's namespace, as
//! plain records (interface, address, prefix length, the interface's
//! flags). glibc builds it from one `RTM_GETADDR` dump; the resolver reads
//! it for `AI_ADDRCONFIG`, `nss-myhostname` and RFC 3484 source selection.

use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::Sys;
use crate::iface::{IfIndex, Interface};

/// The interface flags `getifaddrs` reports with each address
/// (`ifa_flags`: `IFF_UP`, `IFF_RUNNING`, `IFF_LOOPBACK`, `IFF_MULTICAST`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IfFlags {
    /// `IFF_UP`: administratively up.
    pub up: bool,
    /// `IFF_RUNNING`: up and able to carry packets.
    pub running: bool,
    /// `IFF_LOOPBACK`: the loopback device.
    pub loopback: bool,
    /// `IFF_MULTICAST`.
    pub multicast: bool,
}

/// One entry of `getifaddrs`: an address on an interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ifaddr {
    /// The interface's name (`ifa_name`).
    pub name: String,
    /// The interface's index (`if_nametoindex(ifa_name)`).
    pub index: IfIndex,
    /// The address (`ifa_addr`).
    pub addr: IpAddr,
    /// The prefix length (`ifa_netmask`, as a count of one bits).
    pub prefix_len: u8,
    /// The interface's flags.
    pub flags: IfFlags,
}

fn flags(i: &Interface) -> IfFlags {
    IfFlags {
        up: i.admin_up,
        running: i.running(),
        loopback: i.is_loopback(),
        multicast: !i.is_loopback(),
    }
}

impl Sys<'_> {
    /// `getifaddrs()` for the process's namespace: the IPv4 addresses of
    /// every interface in index order, then the IPv6 ones, as the kernel's
    /// address dump lists them (glibc's list also starts with one
    /// `AF_PACKET` entry per interface, which the lab leaves out).
    pub fn getifaddrs(&self) -> Vec<Ifaddr> {
        let Some(n) = self.host.net.ns(self.ns) else {
            return Vec::new();
        };
        let entry = |i: &Interface, addr: IpAddr, prefix_len: u8| Ifaddr {
            name: i.name.clone(),
            index: i.index,
            addr,
            prefix_len,
            flags: flags(i),
        };
        let v4 = n.ifaces.values().flat_map(|i| {
            i.ipv4
                .iter()
                .map(move |a| entry(i, IpAddr::V4(a.addr), a.prefix_len))
        });
        let v6 = n.ifaces.values().flat_map(|i| {
            i.ipv6
                .iter()
                .map(move |a| entry(i, IpAddr::V6(a.addr), a.prefix_len))
        });
        v4.chain(v6).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::HOST_NS;
    use crate::time::Instant;
    use crate::{Lab, LabConfig};

    #[test]
    fn every_ipv4_address_comes_before_the_ipv6_ones() {
        let mut lab = Lab::new(LabConfig::default());
        let sys = Sys::new(lab.host_mut(), 7, HOST_NS, 1000, Instant::ZERO);
        let list = sys.getifaddrs();
        let shown: Vec<(&str, String, u8)> = list
            .iter()
            .map(|a| (a.name.as_str(), alloc::format!("{}", a.addr), a.prefix_len))
            .collect();
        let v4: Vec<_> = shown.iter().take_while(|s| !s.1.contains(':')).collect();
        assert_eq!(v4.len(), 2, "{shown:?}");
        assert_eq!(shown[0], ("lo", String::from("127.0.0.1"), 8));
        assert_eq!(shown[1], ("eth0", String::from("192.168.1.50"), 24));
        assert!(shown[2..].iter().all(|s| s.1.contains(':')), "{shown:?}");
        let lo = &list[0];
        assert!(lo.flags.up && lo.flags.loopback && !lo.flags.multicast);
        assert!(list[1].flags.running && !list[1].flags.loopback);
    }
}
