//! The packet list: one row per captured frame, a display filter, and the
//! selected frame's dissection.

use std::net::IpAddr;
use std::ops::Range;
use std::rc::Rc;

use lolab_core::net::Network;
use lolab_core::net::capture::Frame;
use lolab_core::net::output::describe;
use lolab_core::trace::PacketId;
use lolab_core::wire::dissect::{Layer, LinkType, dissect};
use lolab_core::wire::{Datagram, TransportRepr};

/// One row of the packet list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The frame number (1, 2, …), as Wireshark counts.
    pub number: u64,
    /// Seconds since the lab started, as text ("0.000019").
    pub time: String,
    /// Where it was captured ("lo", "eth0@router").
    pub iface: String,
    /// Source address.
    pub src: String,
    /// Destination address.
    pub dst: String,
    /// Protocol name ("ICMP", "ICMPv6", "UDP", "TCP").
    pub protocol: &'static str,
    /// Frame length in bytes.
    pub length: usize,
    /// The rest of the one-line description.
    pub info: String,
    /// The lab's packet id.
    pub packet: PacketId,
    /// Source and destination ports (TCP, UDP).
    pub ports: Option<(u16, u16)>,
}

/// Seconds with microseconds, as Wireshark's time column prints them.
pub fn seconds(micros: u64) -> String {
    format!("{}.{:06}", micros / 1_000_000, micros % 1_000_000)
}

impl Row {
    /// The row for a captured frame.
    pub fn of(net: &Network, frame: &Frame) -> Row {
        let iface = net
            .ns(frame.netns)
            .map(|ns| {
                let name = ns.iface_name(frame.ifindex).to_owned();
                if frame.netns == 0 {
                    name
                } else {
                    format!("{name}@{}", ns.name)
                }
            })
            .unwrap_or_default();
        let line = describe(&frame.data);
        let (src, dst, protocol, ports) = match Datagram::parse(&frame.data) {
            Ok(d) => {
                let (protocol, ports) = match &d.transport {
                    TransportRepr::Icmpv4(_) => ("ICMP", None),
                    TransportRepr::Icmpv6(_) => ("ICMPv6", None),
                    TransportRepr::Udp(u) => ("UDP", Some((u.src_port, u.dst_port))),
                    TransportRepr::Tcp(t) => ("TCP", Some((t.src_port, t.dst_port))),
                    TransportRepr::Raw(_) => (
                        if matches!(d.ip.src_addr(), IpAddr::V6(_)) {
                            "IPv6"
                        } else {
                            "IPv4"
                        },
                        None,
                    ),
                };
                (
                    d.ip.src_addr().to_string(),
                    d.ip.dst_addr().to_string(),
                    protocol,
                    ports,
                )
            }
            Err(_) => (String::new(), String::new(), "?", None),
        };
        // describe() reads "SRC > DST: INFO"; the list has columns for SRC and DST.
        let rest = line.split_once(": ").map_or(line.as_str(), |(_, r)| r);
        let info = match ports {
            Some((s, d)) => format!("{s} → {d} {rest}"),
            None => rest.to_owned(),
        };
        Row {
            number: frame.number,
            time: seconds(frame.time.micros()),
            iface,
            src,
            dst,
            protocol,
            length: frame.data.len(),
            info,
            packet: frame.packet,
            ports,
        }
    }
}

/// One term of a display filter.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Term {
    Protocol(&'static [&'static str]),
    Host(String),
    Port(u16),
    Text(String),
}

/// A parsed display filter: terms joined by `and` (or spaces).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    terms: Vec<Term>,
}

impl Filter {
    /// Parses `icmp`, `icmp6`, `tcp`, `udp`, `ip`, `ip6`, `host X`, `port N`,
    /// and any other word as a case-insensitive substring.
    pub fn parse(text: &str) -> Filter {
        let mut terms = Vec::new();
        let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_str();
            let next = words.get(i + 1);
            match w {
                "and" | "&&" => {}
                "icmp" => terms.push(Term::Protocol(&["ICMP", "ICMPv6"])),
                "icmp6" | "icmpv6" => terms.push(Term::Protocol(&["ICMPv6"])),
                "tcp" => terms.push(Term::Protocol(&["TCP"])),
                "udp" => terms.push(Term::Protocol(&["UDP"])),
                "host" if next.is_some() => {
                    terms.push(Term::Host(next.cloned().unwrap_or_default()));
                    i += 1;
                }
                "port" if next.and_then(|n| n.parse::<u16>().ok()).is_some() => {
                    let port = next.and_then(|n| n.parse().ok()).unwrap_or(0);
                    terms.push(Term::Port(port));
                    i += 1;
                }
                _ => terms.push(Term::Text(w.to_owned())),
            }
            i += 1;
        }
        Filter { terms }
    }

    /// True if the filter lets every row through.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True if `row` passes.
    pub fn matches(&self, row: &Row) -> bool {
        self.terms.iter().all(|t| match t {
            Term::Protocol(names) => names.contains(&row.protocol),
            Term::Host(h) => row.src == *h || row.dst == *h,
            Term::Port(p) => row.ports.is_some_and(|(s, d)| s == *p || d == *p),
            Term::Text(s) => [
                row.src.as_str(),
                row.dst.as_str(),
                row.protocol,
                row.info.as_str(),
                row.iface.as_str(),
            ]
            .iter()
            .any(|f| f.to_lowercase().contains(s.as_str())),
        })
    }
}

/// A field of the detail tree, identified by its filter name and bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldKey {
    /// The Wireshark field name (`ip.ttl`), or the layer's name.
    pub name: String,
    /// The bytes it covers.
    pub range: Range<usize>,
}

/// The selected frame, dissected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detail {
    /// Its row.
    pub row: Row,
    /// The bytes (an IP datagram).
    pub bytes: Vec<u8>,
    /// The dissection tree.
    pub layers: Vec<Layer>,
}

/// Dissects frame `number`, if the capture still holds it.
pub fn detail(net: &Network, number: u64) -> Option<Rc<Detail>> {
    let frame = net.capture.frames().find(|f| f.number == number)?;
    Some(Rc::new(Detail {
        row: Row::of(net, frame),
        bytes: frame.data.clone(),
        layers: dissect(&frame.data, LinkType::RawIp),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lolab_core::{Lab, LabConfig};

    fn rows(cmd: &str) -> Vec<Row> {
        let mut lab = Lab::new(LabConfig::default());
        lab.run(cmd);
        let net = &lab.host().net;
        net.capture.frames().map(|f| Row::of(net, f)).collect()
    }

    #[test]
    fn ping_rows() {
        let r = rows("ping -c 1 127.0.0.1");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].protocol, "ICMP");
        assert_eq!(r[0].src, "127.0.0.1");
        assert_eq!(r[0].iface, "lo");
        assert!(r[0].info.starts_with("ICMP echo request"), "{}", r[0].info);
        assert_eq!(r[0].length, 84);
    }

    #[test]
    fn filters() {
        let r = rows("ping -c 1 127.0.0.1");
        let count = |f: &str| r.iter().filter(|x| Filter::parse(f).matches(x)).count();
        assert_eq!(count(""), 2);
        assert_eq!(count("icmp"), 2);
        assert_eq!(count("tcp"), 0);
        assert_eq!(count("host 127.0.0.1"), 2);
        assert_eq!(count("host 10.0.0.1"), 0);
        assert_eq!(count("reply"), 1);
        assert_eq!(count("icmp and request"), 1);
        assert_eq!(count("port 80"), 0);
    }

    #[test]
    fn time_column() {
        assert_eq!(seconds(19), "0.000019");
        assert_eq!(seconds(2_500_000), "2.500000");
    }
}
