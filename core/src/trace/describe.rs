//! One-line descriptions of datagrams, route decisions and TCP segments for
//! the trace, kept as their fields (`Copy`, no heap) and formatted only when
//! someone reads them.

use alloc::string::{String, ToString};
use core::fmt;
use core::net::{IpAddr, SocketAddr};

use super::Label;
use crate::route::{Decision, Prefix, RouteType, TableId};
use crate::wire::{Datagram, IpProtocol, TcpFlags, TcpRepr, TransportRepr, icmpv4, icmpv6};

/// What a datagram carries, as [`PacketLine`] prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Payload {
    /// An ICMP or ICMPv6 echo request.
    EchoRequest { ident: u16, seq: u16 },
    /// An ICMP or ICMPv6 echo reply.
    EchoReply { ident: u16, seq: u16 },
    /// An ICMP or ICMPv6 destination unreachable.
    Unreachable,
    /// Any other ICMP message.
    Icmp,
    /// UDP; the length is the payload's.
    Udp { sport: u16, dport: u16 },
    /// TCP; the length is the payload's.
    Tcp {
        sport: u16,
        dport: u16,
        flags: TcpFlags,
        seq: u32,
    },
    /// Anything else; the length is the IP payload's.
    Raw { proto: IpProtocol },
}

/// A tcpdump-like line for one IP datagram
/// (`127.0.0.1 > 127.0.0.1: ICMP echo request, id 7, seq 1, length 84`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PacketLine {
    /// `None`: the bytes are not a valid IP datagram.
    addrs: Option<(IpAddr, IpAddr)>,
    payload: Payload,
    len: usize,
}

impl PacketLine {
    /// Describes the datagram in `bytes`.
    pub fn parse(bytes: &[u8]) -> PacketLine {
        match Datagram::parse(bytes) {
            Ok(d) => PacketLine::of(&d, bytes.len()),
            Err(_) => PacketLine {
                addrs: None,
                payload: Payload::Icmp,
                len: bytes.len(),
            },
        }
    }

    /// Describes a parsed datagram of `total` bytes.
    pub fn of(d: &Datagram<'_>, total: usize) -> PacketLine {
        use icmpv4::Repr as V4;
        use icmpv6::Repr as V6;
        let (payload, len) = match &d.transport {
            TransportRepr::Icmpv4(V4::EchoRequest { ident, seq_no, .. })
            | TransportRepr::Icmpv6(V6::EchoRequest { ident, seq_no, .. }) => (
                Payload::EchoRequest {
                    ident: *ident,
                    seq: *seq_no,
                },
                total,
            ),
            TransportRepr::Icmpv4(V4::EchoReply { ident, seq_no, .. })
            | TransportRepr::Icmpv6(V6::EchoReply { ident, seq_no, .. }) => (
                Payload::EchoReply {
                    ident: *ident,
                    seq: *seq_no,
                },
                total,
            ),
            TransportRepr::Icmpv4(V4::DstUnreachable { .. })
            | TransportRepr::Icmpv6(V6::DstUnreachable { .. }) => (Payload::Unreachable, total),
            TransportRepr::Icmpv4(_) | TransportRepr::Icmpv6(_) => (Payload::Icmp, total),
            TransportRepr::Udp(u) => (
                Payload::Udp {
                    sport: u.src_port,
                    dport: u.dst_port,
                },
                u.payload.len(),
            ),
            TransportRepr::Tcp(t) => (
                Payload::Tcp {
                    sport: t.src_port,
                    dport: t.dst_port,
                    flags: t.flags,
                    seq: t.seq_number.0,
                },
                t.payload.len(),
            ),
            TransportRepr::Raw(p) => (
                Payload::Raw {
                    proto: d.ip.protocol(),
                },
                p.len(),
            ),
        };
        PacketLine {
            addrs: Some((d.ip.src_addr(), d.ip.dst_addr())),
            payload,
            len,
        }
    }
}

impl fmt::Display for PacketLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = self.len;
        let Some((src, dst)) = self.addrs else {
            return write!(f, "{len} bytes (not a valid IP datagram)");
        };
        match self.payload {
            Payload::EchoRequest { ident, seq } => write!(
                f,
                "{src} > {dst}: ICMP echo request, id {ident}, seq {seq}, length {len}"
            ),
            Payload::EchoReply { ident, seq } => write!(
                f,
                "{src} > {dst}: ICMP echo reply, id {ident}, seq {seq}, length {len}"
            ),
            Payload::Unreachable => write!(
                f,
                "{src} > {dst}: ICMP destination unreachable, length {len}"
            ),
            Payload::Icmp => write!(f, "{src} > {dst}: ICMP, length {len}"),
            Payload::Udp { sport, dport } => {
                write!(f, "{src}.{sport} > {dst}.{dport}: UDP, length {len}")
            }
            Payload::Tcp {
                sport,
                dport,
                flags,
                seq,
            } => write!(
                f,
                "{src}.{sport} > {dst}.{dport}: Flags [{}], seq {seq}, length {len}",
                flags.tcpdump()
            ),
            Payload::Raw { proto } => write!(f, "{src} > {dst}: proto {proto}, length {len}"),
        }
    }
}

/// What a route decision was (`rule 0 -> table local: local 127.0.0.1 dev
/// lo, source 127.0.0.1`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteLine {
    rule: Option<u32>,
    table: TableId,
    kind: RouteType,
    /// The matching route's prefix, else the destination asked for.
    prefix: Result<Prefix, IpAddr>,
    via: Option<IpAddr>,
    dev: Label,
    src: Option<IpAddr>,
}

impl RouteLine {
    /// Describes `d`, whose device is called `dev`.
    pub fn new(d: &Decision, dev: Label) -> RouteLine {
        RouteLine {
            rule: d.rule,
            table: d.table,
            kind: d.kind,
            prefix: d.route.as_ref().map(|r| r.dst).ok_or(d.dst),
            via: d.via,
            dev,
            src: d.src,
        }
    }
}

impl fmt::Display for RouteLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(r) = self.rule {
            write!(f, "rule {r} -> ")?;
        }
        match self.table.name() {
            Some(name) => write!(f, "table {name}: ")?,
            None => write!(f, "table {}: ", self.table.0)?,
        }
        write!(f, "{} ", self.kind.keyword())?;
        match self.prefix {
            Ok(p) => write!(f, "{p}")?,
            Err(dst) => write!(f, "{dst}")?,
        }
        if let Some(v) = self.via {
            write!(f, " via {v}")?;
        }
        write!(f, " dev {}", self.dev)?;
        if let Some(s) = self.src {
            write!(f, ", source {s}")?;
        }
        Ok(())
    }
}

/// A TCP segment as the trace shows it
/// (`127.0.0.1:40000 > 127.0.0.1:80 [S.] seq 1 ack 2 win 65495 len 0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegLine {
    /// Addresses and ports apart (a `SocketAddr` is 32 bytes).
    src: (IpAddr, u16),
    dst: (IpAddr, u16),
    flags: TcpFlags,
    seq: u32,
    ack: Option<u32>,
    win: u16,
    len: usize,
}

impl SegLine {
    /// Describes `seg` going from `src` to `dst`.
    pub fn new(src: SocketAddr, dst: SocketAddr, seg: &TcpRepr<'_>) -> SegLine {
        SegLine {
            src: (src.ip(), src.port()),
            dst: (dst.ip(), dst.port()),
            flags: seg.flags,
            seq: seg.seq_number.0,
            ack: seg.ack_number.map(|a| a.0),
            win: seg.window_len,
            len: seg.payload.len(),
        }
    }
}

impl fmt::Display for SegLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} > {} [{}] seq {}",
            SocketAddr::from(self.src),
            SocketAddr::from(self.dst),
            self.flags.tcpdump(),
            self.seq
        )?;
        if let Some(a) = self.ack {
            write!(f, " ack {a}")?;
        }
        write!(f, " win {} len {}", self.win, self.len)
    }
}

/// A one-line, tcpdump-like description of an IP datagram.
pub fn describe(bytes: &[u8]) -> String {
    PacketLine::parse(bytes).to_string()
}
