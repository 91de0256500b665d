//! The state panels' snapshot: interfaces, routes and rules, sockets and
//! /etc/hosts of one namespace.

use std::rc::Rc;

use lolab_core::Lab;
use lolab_core::iface::Interface;
use lolab_core::net::{Netns, SockType};
use lolab_core::route::Family;
use lolab_core::route::format::{TableSel, show_routes, show_rules};

/// One interface, as the panel shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Iface {
    /// Its index.
    pub index: u32,
    /// Its name.
    pub name: String,
    /// `LOOPBACK,UP,LOWER_UP`.
    pub flags: String,
    /// `UNKNOWN`, `UP`, `DOWN`.
    pub state: &'static str,
    /// The MTU.
    pub mtu: u32,
    /// `127.0.0.1/8 scope host`, …
    pub addrs: Vec<String>,
    /// Received packets.
    pub rx_packets: u64,
    /// Received bytes.
    pub rx_bytes: u64,
    /// Transmitted packets.
    pub tx_packets: u64,
    /// Transmitted bytes.
    pub tx_bytes: u64,
    /// Dropped on receive.
    pub rx_dropped: u64,
}

impl Iface {
    fn of(i: &Interface) -> Iface {
        let mut addrs: Vec<String> = i
            .ipv4
            .iter()
            .map(|a| format!("{}/{} scope {}", a.addr, a.prefix_len, a.scope.name()))
            .collect();
        addrs.extend(
            i.ipv6
                .iter()
                .map(|a| format!("{}/{} scope {}", a.addr, a.prefix_len, a.scope.name())),
        );
        Iface {
            index: i.index.0,
            name: i.name.clone(),
            flags: i.flags().join(","),
            state: i.oper_state(),
            mtu: i.mtu,
            addrs,
            rx_packets: i.counters.rx_packets,
            rx_bytes: i.counters.rx_bytes,
            tx_packets: i.counters.tx_packets,
            tx_bytes: i.counters.tx_bytes,
            rx_dropped: i.counters.rx_dropped,
        }
    }
}

/// One socket, as `ss` would list it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sock {
    /// `tcp`, `udp`, `icmp`.
    pub netid: &'static str,
    /// `LISTEN`, `ESTAB`, `UNCONN`.
    pub state: &'static str,
    /// Local address and port.
    pub local: String,
    /// Peer address and port.
    pub peer: String,
    /// The owning process, `ping (pid 12)`.
    pub process: String,
}

/// Everything the state panels show for one namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetState {
    /// The namespaces to choose from: (id, name).
    pub namespaces: Vec<(u32, String)>,
    /// The namespace shown.
    pub netns: u32,
    /// Its interfaces.
    pub ifaces: Vec<Iface>,
    /// `ip route show table all`.
    pub routes: String,
    /// `ip rule show` and `ip -6 rule show`.
    pub rules: String,
    /// Its sockets.
    pub sockets: Vec<Sock>,
    /// `/etc/hosts`.
    pub hosts: String,
}

fn sockets(ns: &Netns) -> Vec<Sock> {
    ns.sockets
        .iter()
        .map(|(_, s)| Sock {
            netid: match s.ty {
                SockType::Stream => "tcp",
                SockType::Dgram => "udp",
                SockType::Ping => "icmp",
            },
            state: if s.listening {
                "LISTEN"
            } else if s.remote.is_some() {
                "ESTAB"
            } else {
                "UNCONN"
            },
            local: s
                .local
                .map_or_else(|| String::from("*:*"), |a| a.to_string()),
            peer: s
                .remote
                .map_or_else(|| String::from("*:*"), |a| a.to_string()),
            process: s
                .owner
                .as_ref()
                .map(|(pid, name)| format!("{name} (pid {pid})"))
                .unwrap_or_default(),
        })
        .collect()
}

/// The snapshot of namespace `netns` (the host's own if it is gone).
pub fn snapshot(lab: &Lab, netns: u32) -> Rc<NetState> {
    let host = lab.host();
    let net = &host.net;
    let namespaces = net
        .namespaces()
        .map(|n| {
            let name = if n.id == 0 {
                String::from("host")
            } else {
                n.name.clone()
            };
            (n.id, name)
        })
        .collect();
    let Some(ns) = net.ns(netns).or_else(|| net.ns(0)) else {
        return Rc::new(NetState {
            namespaces,
            ..NetState::default()
        });
    };
    let names = |i| ns.iface(i).map(|x| x.name.clone());
    let mut rules = show_rules(&ns.fib, Family::V4);
    rules.push_str(&show_rules(&ns.fib, Family::V6));
    Rc::new(NetState {
        namespaces,
        netns: ns.id,
        ifaces: ns.ifaces.values().map(Iface::of).collect(),
        routes: show_routes(&ns.fib, None, TableSel::All, &names),
        rules,
        sockets: sockets(ns),
        hosts: host
            .files
            .read("/etc/hosts")
            .map(str::to_owned)
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lolab_core::LabConfig;

    #[test]
    fn host_snapshot() {
        let mut lab = Lab::new(LabConfig::default());
        let before = snapshot(&lab, 0);
        let lo = before.ifaces.iter().find(|i| i.name == "lo").expect("lo");
        assert!(lo.flags.contains("LOOPBACK"));
        assert!(lo.addrs.iter().any(|a| a.starts_with("127.0.0.1/8")));
        assert!(
            before
                .routes
                .contains("local 127.0.0.0/8 dev lo table local")
        );
        assert!(before.rules.contains("lookup local"));
        assert!(before.hosts.contains("localhost"));
        lab.run("ping -c 1 127.0.0.1");
        let after = snapshot(&lab, 0);
        let lo2 = after.ifaces.iter().find(|i| i.name == "lo").expect("lo");
        assert_eq!(lo2.rx_packets, lo.rx_packets + 2);
    }
}
