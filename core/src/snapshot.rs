//! What a front end reads of the lab: [`Lab::snapshot`](crate::Lab::snapshot).
//!
//! A [`Snapshot`] is a read-only view of the lab at one instant (it borrows
//! the lab, so nothing moves while it lives). It hands out plain records:
//! the namespaces, one namespace's interfaces, routes, rules and sockets
//! ([`NetnsState`]), sysctl values, files, the trace as [`TraceRecord`]s and
//! the capture as pcap bytes. The web's state panels, the JS API's `state()`
//! and `run()`, and the CLI's `--json` are all built from these records, so
//! the front ends never walk the kernel's tables themselves. Each record is
//! built when asked for: a panel showing one namespace pays for that one.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::net::{IpAddr, SocketAddr};

use crate::host::Host;
use crate::iface::Interface;
use crate::net::{Netns, NsKind, SockType};
use crate::route::Family;
use crate::route::fib::Fib;
use crate::time::Instant;
use crate::tools::ip::format::{self, Names, TableSel};
use crate::trace::{Direction, Event, NsId, Verdict};

/// A read-only view of the lab at one instant; see the module docs.
#[derive(Clone, Copy, Debug)]
pub struct Snapshot<'a> {
    host: &'a Host,
    now: Instant,
}

/// One namespace in the list of namespaces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetnsEntry {
    /// Its id (0 is the lab host's own).
    pub id: NsId,
    /// Its name: the `ip netns` name or the machine's (`laptop`), `""` for
    /// the host's own.
    pub name: String,
    /// Who it belongs to.
    pub kind: NsKind,
}

/// One namespace's network state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetnsState {
    /// Its id.
    pub id: NsId,
    /// Its name (see [`NetnsEntry::name`]).
    pub name: String,
    /// Who it belongs to.
    pub kind: NsKind,
    /// Its interfaces, by index.
    pub interfaces: Vec<InterfaceState>,
    /// `ip route show table all`.
    pub routes: String,
    /// `ip rule show` followed by `ip -6 rule show`.
    pub rules: String,
    /// Its sockets, in the socket table's order.
    pub sockets: Vec<SocketState>,
}

/// One interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterfaceState {
    /// Its index.
    pub index: u32,
    /// Its name.
    pub name: String,
    /// Its flags as `ip link` prints them (`LOOPBACK`, `UP`, `LOWER_UP`).
    pub flags: Vec<&'static str>,
    /// Its operational state (`UNKNOWN`, `UP`, `DOWN`).
    pub state: &'static str,
    /// The MTU.
    pub mtu: u32,
    /// IPv4 addresses, then IPv6 ones.
    pub addresses: Vec<AddressState>,
    /// Packets received.
    pub rx_packets: u64,
    /// Bytes received.
    pub rx_bytes: u64,
    /// Packets sent.
    pub tx_packets: u64,
    /// Bytes sent.
    pub tx_bytes: u64,
    /// Packets dropped on receive.
    pub rx_dropped: u64,
}

/// An address on an interface; it displays as `127.0.0.1/8`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddressState {
    /// The address.
    pub addr: IpAddr,
    /// The prefix length.
    pub prefix_len: u8,
    /// The scope as `ip` prints it (`host`, `link`, `global`).
    pub scope: &'static str,
}

impl fmt::Display for AddressState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix_len)
    }
}

/// One socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SocketState {
    /// `tcp`, `udp` or `icmp`.
    pub proto: &'static str,
    /// A TCP connection's state as `ss` names it (`ESTAB`, `SYN-SENT`…);
    /// `None` for listeners and datagram sockets.
    pub tcp_state: Option<&'static str>,
    /// `listen()` was called.
    pub listening: bool,
    /// The bound local address.
    pub local: Option<SocketAddr>,
    /// The connected peer.
    pub peer: Option<SocketAddr>,
    /// The process that opened it: pid and command name.
    pub owner: Option<(u32, String)>,
}

impl SocketState {
    /// The owner as `ss -p` names it in words: `ping (pid 12)`.
    pub fn process(&self) -> Option<String> {
        self.owner
            .as_ref()
            .map(|(pid, command)| format!("{command} (pid {pid})"))
    }
}

/// One trace event as plain words and numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceRecord {
    /// Sequence number.
    pub seq: u64,
    /// Virtual time in microseconds.
    pub time_us: u64,
    /// Namespace id (0 is the host).
    pub netns: NsId,
    /// Layer name (`route`, `loopback`, `demux`…).
    pub layer: &'static str,
    /// `egress`, `ingress` or `none`.
    pub direction: &'static str,
    /// Packet id, if the event is about one.
    pub packet: Option<u64>,
    /// What happened.
    pub summary: String,
    /// `pass`, `delivered`, `drop` or `error`.
    pub verdict: &'static str,
    /// For a drop the kernel's reason name (`SKB_DROP_REASON_…`), for an
    /// error the errno name (`ECONNREFUSED`).
    pub reason: Option<&'static str>,
    /// The reason in plain words (for an error, glibc's `strerror` text).
    pub explain: Option<&'static str>,
}

impl TraceRecord {
    /// The record of one trace event.
    pub fn of(e: &Event) -> Self {
        let (verdict, reason, explain) = match e.verdict {
            Verdict::Pass => ("pass", None, None),
            Verdict::Delivered => ("delivered", None, None),
            Verdict::Drop(r) => ("drop", Some(r.kernel_name()), Some(r.explain())),
            Verdict::Error(errno) => ("error", Some(errno.name()), Some(errno.message())),
        };
        TraceRecord {
            seq: e.seq,
            time_us: e.time.micros(),
            netns: e.netns,
            layer: e.layer.name(),
            direction: match e.direction {
                Direction::Egress => "egress",
                Direction::Ingress => "ingress",
                Direction::None => "none",
            },
            packet: e.packet,
            summary: e.summary.to_string(),
            verdict,
            reason,
            explain,
        }
    }
}

impl<'a> Snapshot<'a> {
    /// The view of `host` at virtual instant `now` (what
    /// [`Lab::snapshot`](crate::Lab::snapshot) returns).
    pub fn new(host: &'a Host, now: Instant) -> Self {
        Snapshot { host, now }
    }

    /// The lab's virtual time.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// Every namespace, the host's own first.
    pub fn namespaces(&self) -> Vec<NetnsEntry> {
        self.host
            .net
            .namespaces()
            .map(|n| NetnsEntry {
                id: n.id,
                name: n.name.clone(),
                kind: n.kind.clone(),
            })
            .collect()
    }

    /// Namespace `id`'s interfaces, routes, rules and sockets, or `None`
    /// if there is no such namespace.
    pub fn netns(&self, id: NsId) -> Option<NetnsState> {
        self.host.net.ns(id).map(netns_state)
    }

    /// The value of sysctl `key` in namespace `netns`, as `sysctl -n`
    /// prints it; `None` for an unknown namespace or key.
    pub fn sysctl(&self, netns: NsId, key: &str) -> Option<&'a str> {
        self.host.net.ns(netns)?.sysctls.get(key).ok()
    }

    /// The text of the file at `path` (`None` if it cannot be read).
    pub fn file(&self, path: &str) -> Option<&'a str> {
        self.host.files.read(path).ok()
    }

    /// The trace events from sequence number `seq` on (those still kept).
    pub fn trace_since(&self, seq: u64) -> impl Iterator<Item = TraceRecord> + 'a {
        self.host.net.trace.since(seq).map(TraceRecord::of)
    }

    /// The frames captured in namespace `netns`, as a pcap file (what
    /// `tcpdump -i any -w` there would have written).
    pub fn pcap(&self, netns: NsId) -> Vec<u8> {
        self.host.net.capture.to_pcap(|f| f.netns == netns)
    }
}

fn netns_state(ns: &Netns) -> NetnsState {
    let names = |i| ns.iface(i).map(|x: &Interface| x.name.clone());
    let mut rules = show_rules(&ns.fib, Family::V4);
    rules.push_str(&show_rules(&ns.fib, Family::V6));
    NetnsState {
        id: ns.id,
        name: ns.name.clone(),
        kind: ns.kind.clone(),
        interfaces: ns.ifaces.values().map(interface_state).collect(),
        routes: show_routes(&ns.fib, None, TableSel::All, &names),
        rules,
        sockets: ns
            .sockets
            .iter()
            .map(|(_, s)| SocketState {
                proto: match s.ty {
                    SockType::Stream => "tcp",
                    SockType::Dgram => "udp",
                    SockType::Ping => "icmp",
                },
                tcp_state: s.tcp.as_ref().map(|t| t.state().ss_name()),
                listening: s.listening,
                local: s.local,
                peer: s.remote,
                owner: s.owner.clone(),
            })
            .collect(),
    }
}

fn interface_state(i: &Interface) -> InterfaceState {
    let v4 = i.ipv4.iter().map(|a| AddressState {
        addr: IpAddr::V4(a.addr),
        prefix_len: a.prefix_len,
        scope: a.scope.name(),
    });
    let v6 = i.ipv6.iter().map(|a| AddressState {
        addr: IpAddr::V6(a.addr),
        prefix_len: a.prefix_len,
        scope: a.scope.name(),
    });
    InterfaceState {
        index: i.index.0,
        name: i.name.clone(),
        flags: i.flags(),
        state: i.oper_state(),
        mtu: i.mtu,
        addresses: v4.chain(v6).collect(),
        rx_packets: i.counters.rx_packets,
        rx_bytes: i.counters.rx_bytes,
        tx_packets: i.counters.tx_packets,
        tx_bytes: i.counters.tx_bytes,
        rx_dropped: i.counters.rx_dropped,
    }
}

/// `ip [-4|-6] route show [table T]` of a namespace's `fib`, for the
/// front ends: the tables dumped in the kernel's order, printed as `ip`
/// prints them.
pub(crate) fn show_routes(
    fib: &Fib,
    family: Option<Family>,
    sel: TableSel,
    names: Names<'_>,
) -> String {
    let mut out = String::new();
    for f in format::show_families(family, sel) {
        let ids = match sel {
            TableSel::Id(t) => alloc::vec![t],
            TableSel::All => fib.table_ids(*f),
        };
        for id in ids {
            let routes = crate::route::dump::routes(fib, *f, id);
            out.push_str(&format::routes_text(&routes, names, sel == TableSel::All));
        }
    }
    out
}

/// `ip [-6] rule show` of a namespace's `fib`, for the front ends.
pub(crate) fn show_rules(fib: &Fib, family: Family) -> String {
    format::rules_text(fib.rules(family))
}

#[cfg(test)]
mod tests {
    use crate::{Lab, LabConfig};

    #[test]
    fn host_namespace_and_trace() {
        let mut lab = Lab::new(LabConfig::default());
        let r = lab.run("ping -c 1 127.0.0.1");
        let snap = lab.snapshot();
        let host = snap.netns(0).expect("the host's namespace");
        let lo = host.interfaces.iter().find(|i| i.name == "lo").expect("lo");
        assert_eq!(lo.rx_packets, 2, "request and reply both count on lo");
        let addrs: Vec<String> = lo.addresses.iter().map(|a| a.to_string()).collect();
        assert_eq!(addrs, ["127.0.0.1/8", "::1/128"]);
        assert_eq!(lo.addresses[0].scope, "host");
        assert!(host.routes.contains(
            "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1"
        ));
        assert!(host.rules.contains("lookup local"));
        assert!(
            snap.file("/etc/hosts")
                .is_some_and(|h| h.starts_with("127.0.0.1\tlocalhost\n"))
        );
        assert_eq!(snap.sysctl(0, "net.ipv4.conf.all.log_martians"), Some("0"));
        assert_eq!(snap.sysctl(0, "no.such.key"), None);
        assert!(snap.netns(999).is_none());
        let trace: Vec<_> = snap.trace_since(r.trace_from).collect();
        assert!(trace.iter().any(|e| e.layer == "loopback"));
        assert!(trace.iter().any(|e| e.verdict == "delivered"));
        assert_eq!(snap.namespaces().first().map(|n| n.id), Some(0));
        assert_eq!(&snap.pcap(0)[..4], &[0xd4, 0xc3, 0xb2, 0xa1]);
    }

    #[test]
    fn sockets_and_errors() {
        let mut lab = Lab::new(LabConfig::default());
        lab.run("python3 -m http.server 8000 &");
        let r = lab.run("curl -s http://127.0.0.1:59999/");
        let snap = lab.snapshot();
        let host = snap.netns(0).expect("host");
        let listener = host
            .sockets
            .iter()
            .find(|s| s.listening && s.proto == "tcp")
            .expect("the server's listener");
        assert_eq!(listener.tcp_state, None);
        assert!(
            listener
                .process()
                .is_some_and(|p| p.starts_with("python3 (pid "))
        );
        let refused = snap
            .trace_since(r.trace_from)
            .find(|e| e.verdict == "error")
            .expect("an error event");
        assert_eq!(refused.reason, Some("ECONNREFUSED"));
        assert_eq!(refused.explain, Some("Connection refused"));
    }
}
