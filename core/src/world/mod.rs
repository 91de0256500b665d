//! The default world, defined once: the machines on the lab's LAN (the
//! host `lab`, the `router`, the `laptop`), their addresses and MACs, the
//! router's uplink, the DNS server and its domain, and the stock files of
//! a Debian 12 host ([`files`]).
//!
//! Data only: the network builds itself from it
//! (`Network::debian_lab`), the file system starts with its files, and
//! whatever needs a machine's name or address reads it here.

pub mod accounts;
pub mod files;

use core::net::Ipv4Addr;

/// One machine on the LAN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Machine {
    /// Its host name, which is also its namespace's name.
    pub name: &'static str,
    /// Its address on the LAN ([`LAN_DEV`], prefix [`LAN_PREFIX_LEN`]).
    pub addr: Ipv4Addr,
    /// The MAC address of its [`LAN_DEV`].
    pub mac: [u8; 6],
    /// Its default gateway on the LAN (`None`: its default route is
    /// elsewhere, or it has none).
    pub gateway: Option<Ipv4Addr>,
    /// `net.ipv4.ip_forward = 1`: it routes between its interfaces.
    pub forwarding: bool,
}

/// A MAC address on the simulated LAN (QEMU's 52:54:00 prefix).
const fn lan_mac(last: u8) -> [u8; 6] {
    [0x52, 0x54, 0x00, 0x12, 0x34, last]
}

/// Every machine's device on the LAN.
pub const LAN_DEV: &str = "eth0";

/// The LAN's prefix length: the LAN is 192.168.1.0/24.
pub const LAN_PREFIX_LEN: u8 = 24;

/// The home router: the LAN's gateway and DNS server.
pub const ROUTER: Machine = Machine {
    name: "router",
    addr: Ipv4Addr::new(192, 168, 1, 1),
    mac: lan_mac(0x01),
    gateway: None,
    forwarding: true,
};

/// The host the user types on (namespace 0).
pub const LAB: Machine = Machine {
    name: "lab",
    addr: Ipv4Addr::new(192, 168, 1, 50),
    mac: lan_mac(0x56),
    gateway: Some(ROUTER.addr),
    forwarding: false,
};

/// A laptop on the same LAN.
pub const LAPTOP: Machine = Machine {
    name: "laptop",
    addr: Ipv4Addr::new(192, 168, 1, 20),
    mac: lan_mac(0x20),
    gateway: Some(ROUTER.addr),
    forwarding: false,
};

/// The machines, in the order the network creates them (so `lab` is
/// namespace 0).
pub const MACHINES: [Machine; 3] = [LAB, ROUTER, LAPTOP];

/// The router's link towards the Internet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Uplink {
    /// The device's name.
    pub dev: &'static str,
    /// Its MAC address.
    pub mac: [u8; 6],
    /// The router's address on it.
    pub addr: Ipv4Addr,
    /// The link's prefix length.
    pub prefix_len: u8,
    /// The ISP's side: the router's default gateway.
    pub gateway: Option<Ipv4Addr>,
}

/// The router's uplink `wan0` (100.64.0.2/30, default via the ISP's
/// 100.64.0.1). It leads to a network the lab does not simulate: what goes
/// out there never comes back, so a traceroute to the Internet shows the
/// router, then `* * *`.
pub const UPLINK: Uplink = Uplink {
    dev: "wan0",
    mac: lan_mac(0xfe),
    addr: Ipv4Addr::new(100, 64, 0, 2),
    prefix_len: 30,
    gateway: Some(Ipv4Addr::new(100, 64, 0, 1)),
};

/// The machine the uplink belongs to.
pub const UPLINK_HOST: Machine = ROUTER;

/// The machine that serves DNS on the LAN.
pub const DNS_HOST: Machine = ROUTER;

/// The process id of the DNS server on [`DNS_HOST`] (what `ss -p`
/// shows beside its socket).
pub const DNS_SERVER_PID: u32 = 611;

/// The nameserver every machine's `/etc/resolv.conf` names.
pub const DNS_SERVER: Ipv4Addr = DNS_HOST.addr;

/// The LAN's DNS domain.
pub const DNS_DOMAIN: &str = "lan";

/// The machines the DNS server has records for (A and PTR), as
/// `NAME.`[`DNS_DOMAIN`]; every other name does not exist.
pub const DNS_RECORDS: [Machine; 2] = [ROUTER, LAPTOP];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lan_is_one_prefix_with_distinct_machines() {
        for (i, a) in MACHINES.iter().enumerate() {
            assert_eq!(a.addr.octets()[..3], [192, 168, 1]);
            for b in &MACHINES[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.addr, b.addr);
                assert_ne!(a.mac, b.mac);
            }
        }
        assert_eq!(DNS_SERVER.to_string(), "192.168.1.1");
    }
}
