//! Plain records of a lab's results and state, as the JS API returns them.

use lolab_core::net::HOST_NS;
use lolab_core::tools::ip::format::{TableSel, show_routes};
use lolab_core::trace::{Direction, Event, Verdict};
use lolab_core::{Lab, LabConfig, RunResult};
use serde::{Deserialize, Serialize};

/// Options for a new lab (`new Lab({ seed, hostname })`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Seeds every random choice (default 1).
    pub seed: Option<u64>,
    /// The host name (default `lab`).
    pub hostname: Option<String>,
}

impl Options {
    /// The option names `new Lab(...)` accepts.
    pub const FIELDS: &'static [&'static str] = &["seed", "hostname"];

    /// The core configuration, or a message saying what is wrong.
    pub fn config(&self) -> Result<LabConfig, String> {
        let mut c = LabConfig::default();
        if let Some(seed) = self.seed {
            c.seed = seed;
        }
        if let Some(h) = &self.hostname {
            let ok = !h.is_empty()
                && h.len() <= 63
                && h.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-');
            if !ok || h.starts_with('-') {
                return Err(format!(
                    "invalid hostname {h:?}: use 1-63 letters, digits and '-'"
                ));
            }
            c.hostname = h.clone();
        }
        Ok(c)
    }
}

/// One trace event.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TraceEvent {
    /// Sequence number.
    pub seq: u64,
    /// Virtual time in microseconds.
    pub time_us: u64,
    /// Namespace id (0 is the host).
    pub netns: u32,
    /// Layer name (`route`, `loopback`, `demux`...).
    pub layer: &'static str,
    /// `egress`, `ingress` or `none`.
    pub direction: &'static str,
    /// Packet id, if the event is about one.
    pub packet: Option<u64>,
    /// What happened.
    pub summary: String,
    /// `pass`, `delivered`, `drop` or `error`.
    pub verdict: &'static str,
    /// For drops: the kernel's reason name; for errors: the errno name.
    pub reason: Option<&'static str>,
    /// The reason in plain words.
    pub explain: Option<&'static str>,
}

impl TraceEvent {
    /// The record of a core event.
    pub fn from_event(e: &Event) -> Self {
        let (verdict, reason, explain) = match e.verdict {
            Verdict::Pass => ("pass", None, None),
            Verdict::Delivered => ("delivered", None, None),
            Verdict::Drop(r) => ("drop", Some(r.kernel_name()), Some(r.explain())),
            Verdict::Error(errno) => ("error", Some(errno.name()), Some(errno.message())),
        };
        TraceEvent {
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

/// What `run(line)` returns.
#[derive(Clone, Debug, Serialize)]
pub struct RunRecord {
    /// The command line.
    pub line: String,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// The exit status (`$?`).
    pub status: i32,
    /// True if the line never ended by itself and was stopped as Ctrl-C would.
    pub interrupted: bool,
    /// Every trace event the line caused.
    pub events: Vec<TraceEvent>,
}

impl RunRecord {
    /// The record of one run.
    pub fn new(lab: &Lab, line: &str, r: &RunResult) -> Self {
        RunRecord {
            line: line.to_string(),
            stdout: r.stdout(),
            stderr: r.stderr(),
            status: r.status,
            interrupted: r.interrupted,
            events: lab
                .host()
                .net
                .trace
                .since(r.trace_from)
                .map(TraceEvent::from_event)
                .collect(),
        }
    }
}

/// One interface in `state()`.
#[derive(Clone, Debug, Serialize)]
pub struct InterfaceRecord {
    /// Name.
    pub name: String,
    /// Flags as `ip link` prints them.
    pub flags: Vec<&'static str>,
    /// Operational state.
    pub state: &'static str,
    /// MTU.
    pub mtu: u32,
    /// Addresses with prefix length (`127.0.0.1/8`).
    pub addresses: Vec<String>,
    /// Packets received.
    pub rx_packets: u64,
    /// Bytes received.
    pub rx_bytes: u64,
    /// Packets sent.
    pub tx_packets: u64,
    /// Bytes sent.
    pub tx_bytes: u64,
}

/// One socket in `state()`.
#[derive(Clone, Debug, Serialize)]
pub struct SocketRecord {
    /// `tcp`, `udp` or `icmp`.
    pub proto: &'static str,
    /// TCP state (`LISTEN`, `ESTAB`...) or `UNCONN`.
    pub state: String,
    /// Local address.
    pub local: Option<String>,
    /// Peer address.
    pub peer: Option<String>,
    /// The owning process, if any.
    pub process: Option<String>,
}

/// What `state()` returns: the host's namespace.
#[derive(Clone, Debug, Serialize)]
pub struct StateRecord {
    /// Interfaces.
    pub interfaces: Vec<InterfaceRecord>,
    /// `ip route show table all`.
    pub routes: String,
    /// Sockets.
    pub sockets: Vec<SocketRecord>,
    /// `/etc/hosts`.
    pub hosts: String,
    /// Virtual time in microseconds.
    pub time_us: u64,
}

impl StateRecord {
    /// The host namespace's state.
    pub fn new(lab: &Lab) -> Self {
        let net = &lab.host().net;
        let Some(ns) = net.ns(HOST_NS) else {
            return StateRecord {
                interfaces: Vec::new(),
                routes: String::new(),
                sockets: Vec::new(),
                hosts: String::new(),
                time_us: lab.now().micros(),
            };
        };
        let interfaces = ns
            .ifaces
            .values()
            .map(|i| InterfaceRecord {
                name: i.name.clone(),
                flags: i.flags(),
                state: i.oper_state(),
                mtu: i.mtu,
                addresses: i
                    .ipv4
                    .iter()
                    .map(|a| format!("{}/{}", a.addr, a.prefix_len))
                    .chain(
                        i.ipv6
                            .iter()
                            .map(|a| format!("{}/{}", a.addr, a.prefix_len)),
                    )
                    .collect(),
                rx_packets: i.counters.rx_packets,
                rx_bytes: i.counters.rx_bytes,
                tx_packets: i.counters.tx_packets,
                tx_bytes: i.counters.tx_bytes,
            })
            .collect();
        let names = |idx: lolab_core::iface::IfIndex| ns.iface(idx).map(|i| i.name.clone());
        let routes = show_routes(&ns.fib, None, TableSel::All, &names);
        let sockets = ns
            .sockets
            .iter()
            .map(|(_, s)| SocketRecord {
                proto: match s.ty {
                    lolab_core::net::SockType::Stream => "tcp",
                    lolab_core::net::SockType::Dgram => "udp",
                    lolab_core::net::SockType::Ping => "icmp",
                },
                state: match (&s.tcp, s.listening) {
                    (Some(t), _) => t.state().ss_name().to_string(),
                    (None, true) => "LISTEN".to_string(),
                    (None, false) => "UNCONN".to_string(),
                },
                local: s.local.map(|a| a.to_string()),
                peer: s.remote.map(|a| a.to_string()),
                process: s
                    .owner
                    .as_ref()
                    .map(|(pid, cmd)| format!("{cmd} (pid {pid})")),
            })
            .collect();
        StateRecord {
            interfaces,
            routes,
            sockets,
            hosts: lab
                .host()
                .files
                .read("/etc/hosts")
                .unwrap_or_default()
                .to_string(),
            time_us: lab.now().micros(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked() {
        let o = Options {
            seed: Some(5),
            hostname: Some("web-1".into()),
        };
        let c = o.config().unwrap();
        assert_eq!((c.seed, c.hostname.as_str()), (5, "web-1"));
        let bad = Options {
            hostname: Some("bad host".into()),
            ..Options::default()
        };
        assert_eq!(
            bad.config().unwrap_err(),
            "invalid hostname \"bad host\": use 1-63 letters, digits and '-'"
        );
    }

    #[test]
    fn run_and_state_records() {
        let mut lab = Lab::new(LabConfig::default());
        let r = lab.run("ping -c 1 127.0.0.1");
        let rec = RunRecord::new(&lab, "ping -c 1 127.0.0.1", &r);
        assert_eq!(rec.status, 0);
        assert!(rec.stdout.contains("1 received"));
        assert!(rec.events.iter().any(|e| e.layer == "loopback"));
        assert!(rec.events.iter().any(|e| e.verdict == "delivered"));
        let s = StateRecord::new(&lab);
        let lo = s.interfaces.iter().find(|i| i.name == "lo").unwrap();
        assert_eq!(lo.rx_packets, 2, "request and reply both count on lo");
        assert_eq!(lo.addresses, ["127.0.0.1/8", "::1/128"]);
        assert!(s.routes.contains(
            "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1"
        ));
        assert!(s.hosts.starts_with("127.0.0.1\tlocalhost\n"));
    }
}
