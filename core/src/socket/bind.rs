//! Linux's bind-conflict rules (`inet_csk_bind_conflict`,
//! `inet_rcv_saddr_equal`), as pure functions over what each socket bound.
//!
//! Every rule is checked against a real namespace by
//! `core/tests/fixtures/socket/bind_rules.py`; its output on Linux 6.x is
//! `bind_rules.real.txt` beside it, and `tests::real_linux_cases` below
//! replays each case.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::iface::IfIndex;

/// The address family of a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// AF_INET.
    Inet,
    /// AF_INET6.
    Inet6,
}

impl Family {
    /// The family of an address (`AF_INET` for IPv4, `AF_INET6` for IPv6).
    pub const fn of(addr: &core::net::IpAddr) -> Family {
        match addr {
            core::net::IpAddr::V4(_) => Family::Inet,
            core::net::IpAddr::V6(_) => Family::Inet6,
        }
    }
}

/// The transport a socket speaks. Ports of different transports never conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Transport {
    /// SOCK_STREAM / TCP.
    Tcp,
    /// SOCK_DGRAM / UDP.
    Udp,
    /// SOCK_DGRAM / IPPROTO_ICMP(V6): ping sockets; the "port" is the echo id.
    Ping,
}

/// What a socket bound (or is about to bind), as far as conflicts go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The socket's family.
    pub family: Family,
    /// Its transport.
    pub transport: Transport,
    /// The local address (an IPv6 socket may hold a v4-mapped address).
    pub addr: IpAddr,
    /// The local port.
    pub port: u16,
    /// IPV6_V6ONLY.
    pub v6only: bool,
    /// SO_REUSEADDR.
    pub reuse_addr: bool,
    /// SO_REUSEPORT.
    pub reuse_port: bool,
    /// True once `listen()` was called (TCP).
    pub listening: bool,
    /// True for a connection in TIME-WAIT.
    pub time_wait: bool,
    /// SO_BINDTODEVICE.
    pub device: Option<IfIndex>,
    /// The owner's uid (SO_REUSEPORT needs the same one).
    pub uid: u32,
}

/// Which IPv4 destinations a binding accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum V4Cover {
    None,
    Any,
    One(Ipv4Addr),
}

/// Which IPv6 destinations a binding accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum V6Cover {
    None,
    Any,
    One(Ipv6Addr),
}

impl Binding {
    fn cover(&self) -> (V4Cover, V6Cover) {
        match (self.family, self.addr) {
            (Family::Inet, IpAddr::V4(a)) if a.is_unspecified() => (V4Cover::Any, V6Cover::None),
            (Family::Inet, IpAddr::V4(a)) => (V4Cover::One(a), V6Cover::None),
            (Family::Inet6, IpAddr::V6(a)) if a.is_unspecified() => (
                if self.v6only {
                    V4Cover::None
                } else {
                    V4Cover::Any
                },
                V6Cover::Any,
            ),
            (Family::Inet6, IpAddr::V6(a)) => match a.to_ipv4_mapped() {
                Some(v4) if v4.is_unspecified() => (V4Cover::Any, V6Cover::None),
                Some(v4) => (V4Cover::One(v4), V6Cover::None),
                None => (V4Cover::None, V6Cover::One(a)),
            },
            // A family/address mismatch cannot be bound; it covers nothing.
            _ => (V4Cover::None, V6Cover::None),
        }
    }

    /// True if the two bindings accept some destination address in common.
    pub fn addresses_overlap(&self, other: &Binding) -> bool {
        let (a4, a6) = self.cover();
        let (b4, b6) = other.cover();
        let v4 = match (a4, b4) {
            (V4Cover::None, _) | (_, V4Cover::None) => false,
            (V4Cover::Any, _) | (_, V4Cover::Any) => true,
            (V4Cover::One(x), V4Cover::One(y)) => x == y,
        };
        let v6 = match (a6, b6) {
            (V6Cover::None, _) | (_, V6Cover::None) => false,
            (V6Cover::Any, _) | (_, V6Cover::Any) => true,
            (V6Cover::One(x), V6Cover::One(y)) => x == y,
        };
        v4 || v6
    }
}

/// True if `new` may not bind because `existing` holds the same port.
pub fn conflicts(existing: &Binding, new: &Binding) -> bool {
    if existing.transport != new.transport || existing.port != new.port {
        return false;
    }
    if let (Some(a), Some(b)) = (existing.device, new.device)
        && a != b
    {
        return false;
    }
    if !existing.addresses_overlap(new) {
        return false;
    }
    let reuse_addr_ok = existing.reuse_addr
        && new.reuse_addr
        && (existing.transport != Transport::Tcp || (!existing.listening && !new.listening));
    let reuse_port_ok = existing.reuse_port && new.reuse_port && existing.uid == new.uid;
    let time_wait_ok = existing.time_wait && new.reuse_addr;
    !(reuse_addr_ok || reuse_port_ok || time_wait_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(family: Family, addr: &str) -> Binding {
        Binding {
            family,
            transport: Transport::Tcp,
            addr: addr.parse().unwrap(),
            port: 9000,
            v6only: false,
            reuse_addr: false,
            reuse_port: false,
            listening: false,
            time_wait: false,
            device: None,
            uid: 1000,
        }
    }
    fn v4(a: &str) -> Binding {
        b(Family::Inet, a)
    }
    fn v6(a: &str) -> Binding {
        b(Family::Inet6, a)
    }
    fn reuse(mut x: Binding) -> Binding {
        x.reuse_addr = true;
        x
    }
    fn listening(mut x: Binding) -> Binding {
        x.listening = true;
        x
    }

    /// Each case of bind_rules.py; `true` where real Linux said EADDRINUSE.
    #[test]
    fn real_linux_cases() {
        let mut v6only = v6("::");
        v6only.v6only = true;
        let mut udp_a = v4("0.0.0.0");
        udp_a.transport = Transport::Udp;
        let mut udp_b = v4("127.0.0.1");
        udp_b.transport = Transport::Udp;
        let cases = [
            (
                "c1 0.0.0.0 then 127.0.0.1",
                v4("0.0.0.0"),
                v4("127.0.0.1"),
                true,
            ),
            (
                "c2 127.0.0.1 then 0.0.0.0",
                v4("127.0.0.1"),
                v4("0.0.0.0"),
                true,
            ),
            (
                "c3 reuseaddr, not listening",
                reuse(v4("0.0.0.0")),
                reuse(v4("127.0.0.1")),
                false,
            ),
            (
                "c4 reuseaddr, listening",
                listening(reuse(v4("0.0.0.0"))),
                reuse(v4("127.0.0.1")),
                true,
            ),
            (
                "c5 127.0.0.1 vs 127.0.0.2",
                listening(v4("127.0.0.1")),
                v4("127.0.0.2"),
                false,
            ),
            (
                "c6 127.0.0.1 vs ::1",
                listening(v4("127.0.0.1")),
                v6("::1"),
                false,
            ),
            ("c7 0.0.0.0 vs [::]", v4("0.0.0.0"), v6("::"), true),
            ("c8 0.0.0.0 vs [::] v6only", v4("0.0.0.0"), v6only, false),
            ("c12 [::] vs 127.0.0.1", v6("::"), v4("127.0.0.1"), true),
            ("c13 ::1 vs 0.0.0.0", v6("::1"), v4("0.0.0.0"), false),
            (
                "c14 reuseaddr same address",
                reuse(v4("127.0.0.1")),
                reuse(v4("127.0.0.1")),
                false,
            ),
            ("c15 udp wildcard vs specific", udp_a, udp_b, true),
            ("c16 tcp vs udp same port", v4("127.0.0.1"), udp_b, false),
            (
                "c18 ::ffff:127.0.0.1 vs 127.0.0.1",
                v6("::ffff:127.0.0.1"),
                v4("127.0.0.1"),
                true,
            ),
            (
                "c22 both reuseaddr wildcard, listening",
                listening(reuse(v4("0.0.0.0"))),
                reuse(v4("0.0.0.0")),
                true,
            ),
        ];
        for (name, existing, new, expect) in cases {
            assert_eq!(conflicts(&existing, &new), expect, "{name}");
        }
    }

    #[test]
    fn reuseport_needs_same_user_and_devices_separate() {
        let mut a = listening(v4("0.0.0.0"));
        a.reuse_port = true;
        let mut n = v4("0.0.0.0");
        n.reuse_port = true;
        assert!(!conflicts(&a, &n));
        n.uid = 0;
        assert!(conflicts(&a, &n));
        let mut d1 = v4("0.0.0.0");
        d1.device = Some(IfIndex(1));
        let mut d2 = v4("0.0.0.0");
        d2.device = Some(IfIndex(2));
        assert!(!conflicts(&d1, &d2));
    }
}
