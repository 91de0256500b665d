//! The state panels' view of one namespace: interfaces, routes and rules,
//! sockets, sysctl toggles and /etc/hosts, made from the lab's snapshot
//! ([`Lab::snapshot`]) and worded as the panels show them.

use std::rc::Rc;

use lolab_core::Lab;
use lolab_core::net::NsKind;
use lolab_core::snapshot::{InterfaceState, NetnsState, Snapshot, SocketState};

use crate::terminal_tabs::Machine;

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
    fn of(i: &InterfaceState) -> Iface {
        Iface {
            index: i.index,
            name: i.name.clone(),
            flags: i.flags.join(","),
            state: i.state,
            mtu: i.mtu,
            addrs: i
                .addresses
                .iter()
                .map(|a| format!("{a} scope {}", a.scope))
                .collect(),
            rx_packets: i.rx_packets,
            rx_bytes: i.rx_bytes,
            tx_packets: i.tx_packets,
            tx_bytes: i.tx_bytes,
            rx_dropped: i.rx_dropped,
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

/// How a sysctl toggle is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SysctlControl {
    /// A checkbox: 0 or 1.
    Flag,
    /// A select: 0 (off), 1 (strict), 2 (loose), as `rp_filter`.
    RpFilter,
    /// A number input (a port).
    Number,
}

/// The sysctls the State tab can change, with their controls and what they
/// do, in the order shown.
pub const SYSCTL_TOGGLES: [(&str, SysctlControl, &str); 9] = [
    (
        "net.ipv4.conf.all.route_localnet",
        SysctlControl::Flag,
        "route 127/8 on every interface (with the device's own)",
    ),
    (
        "net.ipv4.conf.lo.route_localnet",
        SysctlControl::Flag,
        "route 127/8 from and to lo",
    ),
    (
        "net.ipv4.conf.eth0.route_localnet",
        SysctlControl::Flag,
        "route 127/8 from and to eth0",
    ),
    (
        "net.ipv4.conf.all.log_martians",
        SysctlControl::Flag,
        "log martian packets to the kernel log (dmesg)",
    ),
    (
        "net.ipv4.conf.eth0.log_martians",
        SysctlControl::Flag,
        "log martians arriving on eth0",
    ),
    (
        "net.ipv4.conf.all.rp_filter",
        SysctlControl::RpFilter,
        "reverse path filter: 0 off, 1 strict, 2 loose",
    ),
    (
        "net.ipv4.ip_unprivileged_port_start",
        SysctlControl::Number,
        "the first port a non-root user may bind",
    ),
    (
        "net.ipv4.icmp_echo_ignore_all",
        SysctlControl::Flag,
        "ignore every ICMP echo request",
    ),
    (
        "net.ipv6.conf.all.disable_ipv6",
        SysctlControl::Flag,
        "turn IPv6 off on every interface",
    ),
];

/// One sysctl toggle, as the State tab shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sysctl {
    /// The dotted key.
    pub key: &'static str,
    /// Its value now, as `sysctl -n` prints it.
    pub value: String,
    /// How it is drawn.
    pub control: SysctlControl,
    /// What it does, in a few words.
    pub help: &'static str,
}

/// The toggles for namespace `ns` (keys it does not have, such as `eth0`'s
/// in a fresh namespace, are left out).
fn sysctls(snap: &Snapshot<'_>, ns: u32) -> Vec<Sysctl> {
    SYSCTL_TOGGLES
        .iter()
        .filter_map(|&(key, control, help)| {
            let value = snap.sysctl(ns, key)?;
            Some(Sysctl {
                key,
                value: value.to_owned(),
                control,
                help,
            })
        })
        .collect()
}

/// The command line the lab's shell runs to set `key` to `value` in
/// namespace `netns`, and the terminal tab it runs in (its tab's wrapper,
/// see [`Machine::wrap`], is part of the line the tab sends). `None` for an
/// unknown namespace, a key not offered, or a value that is not a number.
pub fn sysctl_command(lab: &Lab, netns: u32, key: &str, value: &str) -> Option<(Machine, String)> {
    if !SYSCTL_TOGGLES.iter().any(|(k, _, _)| *k == key)
        || value.is_empty()
        || !value.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let ns = lab
        .snapshot()
        .namespaces()
        .into_iter()
        .find(|n| n.id == netns)?;
    let set = format!("sysctl -w {key}={value}");
    Some(match ns.kind {
        NsKind::Host => (Machine::Lab, format!("sudo {set}")),
        NsKind::Named => (Machine::Netns(ns.name), set),
        NsKind::Machine if ns.name == lolab_core::world::LAPTOP.name => (Machine::Laptop, set),
        // No tab of its own (the router): ssh from the lab's shell.
        NsKind::Machine => (Machine::Lab, format!("ssh {} {set}", ns.name)),
    })
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
    /// The `hosts:` line of `/etc/nsswitch.conf`: the order of name sources.
    pub nsswitch_hosts: String,
    /// The sysctl toggles.
    pub sysctls: Vec<Sysctl>,
}

impl Sock {
    fn of(s: &SocketState) -> Sock {
        let addr = |a: Option<std::net::SocketAddr>| {
            a.map_or_else(|| String::from("*:*"), |a| a.to_string())
        };
        Sock {
            netid: s.proto,
            state: if s.listening {
                "LISTEN"
            } else if s.peer.is_some() {
                "ESTAB"
            } else {
                "UNCONN"
            },
            local: addr(s.local),
            peer: addr(s.peer),
            process: s.process().unwrap_or_default(),
        }
    }
}

/// The panels' view of namespace `netns` (the host's own if it is gone).
pub fn snapshot(lab: &Lab, netns: u32) -> Rc<NetState> {
    let snap = lab.snapshot();
    let namespaces = snap
        .namespaces()
        .into_iter()
        .map(|n| {
            let name = if n.id == 0 {
                String::from("host")
            } else {
                n.name
            };
            (n.id, name)
        })
        .collect();
    let Some(ns) = snap.netns(netns).or_else(|| snap.netns(0)) else {
        return Rc::new(NetState {
            namespaces,
            ..NetState::default()
        });
    };
    let NetnsState {
        id,
        interfaces,
        routes,
        rules,
        sockets,
        ..
    } = ns;
    Rc::new(NetState {
        namespaces,
        netns: id,
        ifaces: interfaces.iter().map(Iface::of).collect(),
        routes,
        rules,
        sockets: sockets.iter().map(Sock::of).collect(),
        sysctls: sysctls(&snap, id),
        hosts: snap
            .file("/etc/hosts")
            .map(str::to_owned)
            .unwrap_or_default(),
        nsswitch_hosts: snap
            .file("/etc/nsswitch.conf")
            .and_then(|t| {
                t.lines()
                    .find(|l| l.trim_start().starts_with("hosts:"))
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| {
                String::from("(no hosts: line: glibc uses dns [!UNAVAIL=return] files)")
            }),
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

    #[test]
    fn sysctl_toggles_and_their_commands() {
        let mut lab = Lab::new(LabConfig::default());
        let s = snapshot(&lab, 0);
        assert_eq!(s.sysctls.len(), SYSCTL_TOGGLES.len());
        let martians = |s: &NetState| {
            s.sysctls
                .iter()
                .find(|x| x.key == "net.ipv4.conf.all.log_martians")
                .map(|x| x.value.clone())
        };
        assert_eq!(martians(&s).as_deref(), Some("0"));
        assert_eq!(
            sysctl_command(&lab, 0, "net.ipv4.conf.all.log_martians", "1"),
            Some((
                Machine::Lab,
                String::from("sudo sysctl -w net.ipv4.conf.all.log_martians=1")
            ))
        );
        assert_eq!(sysctl_command(&lab, 0, "kernel.hostname", "1"), None);
        assert_eq!(
            sysctl_command(&lab, 0, "net.ipv4.conf.all.rp_filter", "1; reboot"),
            None
        );
        lab.run("sudo ip netns add web");
        let web = lab
            .host()
            .net
            .namespaces()
            .find(|n| n.name == "web")
            .map(|n| n.id)
            .expect("web");
        let (machine, line) =
            sysctl_command(&lab, web, "net.ipv4.icmp_echo_ignore_all", "1").expect("a command");
        assert_eq!(machine, Machine::Netns(String::from("web")));
        assert_eq!(
            machine.wrap(&line),
            "sudo ip netns exec web sysctl -w net.ipv4.icmp_echo_ignore_all=1"
        );
        assert!(
            snapshot(&lab, web)
                .sysctls
                .iter()
                .all(|x| !x.key.contains("eth0")),
            "a fresh namespace has no eth0"
        );
        let laptop = lab.host().net.machine("laptop").expect("laptop");
        assert_eq!(
            sysctl_command(&lab, laptop, "net.ipv4.conf.all.rp_filter", "2").map(|(m, _)| m),
            Some(Machine::Laptop)
        );
        lab.run("sudo sysctl -w net.ipv4.conf.all.log_martians=1");
        assert_eq!(martians(&snapshot(&lab, 0)).as_deref(), Some("1"));
    }
}
