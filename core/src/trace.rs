//! The per-layer trace: every step of every packet's journey is an event the
//! user can inspect. Layers record structured events here; formatting lives
//! in the front ends. Recording is bounded (a ring) and can be switched off.

pub mod describe;
mod label;
mod summary;

use alloc::collections::VecDeque;

pub use label::{Label, SHORT_TEXT_MAX, ShortText};
pub(crate) use summary::Line;
pub use summary::Summary;

use crate::time::Instant;

/// A namespace id (0 is the host's initial namespace).
pub type NsId = u32;

/// A packet id: every packet the lab creates gets a new one, kept as the
/// packet crosses layers (and when the loopback driver turns it around).
pub type PacketId = u64;

/// Where on the journey an event happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// The application (ping, curl, a server) calling into the kernel.
    Application,
    /// The socket layer: bind, connect, send, receive queues.
    Socket,
    /// The routing decision (rules, tables, prefix, type, source).
    Route,
    /// IP output: building the header, MTU checks.
    IpOutput,
    /// Queueing discipline / fault injection (`tc netem`).
    Qdisc,
    /// The loopback driver: transmit is receive.
    LoopbackXmit,
    /// A real-looking device transmitting onto a link (eth0, veth).
    DeviceXmit,
    /// The per-CPU receive backlog a packet waits in until the next poll.
    Backlog,
    /// IP input: header checks, martian filtering, local delivery.
    IpInput,
    /// A netfilter hook (PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING):
    /// conntrack, the rule that decided, NAT.
    Netfilter,
    /// Matching the packet to a socket (or finding none).
    SocketDemux,
    /// ICMP processing (echo replies, errors).
    Icmp,
    /// Name resolution (/etc/hosts, nsswitch, DNS).
    Resolver,
}

impl Layer {
    /// A short name for lists and filters.
    pub const fn name(self) -> &'static str {
        match self {
            Layer::Application => "app",
            Layer::Socket => "socket",
            Layer::Route => "route",
            Layer::IpOutput => "ip-output",
            Layer::Qdisc => "qdisc",
            Layer::LoopbackXmit => "loopback",
            Layer::DeviceXmit => "dev-xmit",
            Layer::Backlog => "backlog",
            Layer::IpInput => "ip-input",
            Layer::Netfilter => "netfilter",
            Layer::SocketDemux => "demux",
            Layer::Icmp => "icmp",
            Layer::Resolver => "resolver",
        }
    }
}

/// Which way the packet is going.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Down the stack, towards a device.
    Egress,
    /// Up the stack, towards a socket.
    Ingress,
    /// Not about one packet's direction.
    None,
}

/// Why a packet was dropped. The names are Linux's `SKB_DROP_REASON_*`
/// where one exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DropReason {
    /// `NO_SOCKET`: no socket matched.
    NoSocket,
    /// `IP_INVALID_SOURCE`: a martian source address.
    IpInvalidSource,
    /// `IP_LOCALNET`: a 127/8 address on a non-loopback device without `route_localnet`.
    IpLocalnet,
    /// `IP_LOCAL_SOURCE`: a packet from outside claims one of our own addresses.
    IpLocalSource,
    /// `IP_RPFILTER`: reverse-path filtering refused the source.
    IpRpFilter,
    /// `IP_INNOROUTES`: no route for the destination on input.
    IpInNoRoutes,
    /// `IP_OUTNOROUTES`: no route on output.
    IpOutNoRoutes,
    /// `OTHERHOST`: not addressed to this host and forwarding is off.
    OtherHost,
    /// `IP_CSUM` / `IP_INHDR`: a bad IPv4 header.
    IpHeader,
    /// `IP_NOPROTO`: no handler for the IP protocol.
    IpNoProto,
    /// `PKT_TOO_SMALL` / `HDR_TRUNC`: truncated packet.
    PktTooSmall,
    /// `TCP_CSUM`, `UDP_CSUM`, `ICMP_CSUM`: a bad transport checksum.
    Checksum,
    /// `DEV_READY`: the device is down.
    DevReady,
    /// `IPV6DISABLED`: IPv6 is disabled on the device.
    Ipv6Disabled,
    /// `QDISC_DROP`: dropped by the queueing discipline (netem loss).
    QdiscDrop,
    /// `SOCKET_RCVBUFF`: the receiving socket's buffer is full.
    SocketRcvBuff,
    /// `TCP_INVALID_SEQUENCE` and friends: a segment TCP does not accept.
    TcpInvalid,
    /// `CPU_BACKLOG`: the receive backlog is full.
    CpuBacklog,
    /// `NEIGH_FAILED`: no neighbour answered (nobody has that address on the LAN).
    NeighFailed,
    /// `NETFILTER_DROP`: a netfilter rule or policy dropped it.
    NetfilterDrop,
    /// The lab's trace or capture limits (never a kernel reason).
    LabLimit,
}

impl DropReason {
    /// The kernel's name for the reason.
    pub const fn kernel_name(self) -> &'static str {
        match self {
            DropReason::NoSocket => "SKB_DROP_REASON_NO_SOCKET",
            DropReason::IpInvalidSource => "SKB_DROP_REASON_IP_INVALID_SOURCE",
            DropReason::IpLocalnet => "SKB_DROP_REASON_IP_LOCALNET",
            DropReason::IpLocalSource => "SKB_DROP_REASON_IP_LOCAL_SOURCE",
            DropReason::IpRpFilter => "SKB_DROP_REASON_IP_RPFILTER",
            DropReason::IpInNoRoutes => "SKB_DROP_REASON_IP_INNOROUTES",
            DropReason::IpOutNoRoutes => "SKB_DROP_REASON_IP_OUTNOROUTES",
            DropReason::OtherHost => "SKB_DROP_REASON_OTHERHOST",
            DropReason::IpHeader => "SKB_DROP_REASON_IP_INHDR",
            DropReason::IpNoProto => "SKB_DROP_REASON_IP_NOPROTO",
            DropReason::PktTooSmall => "SKB_DROP_REASON_PKT_TOO_SMALL",
            DropReason::Checksum => "SKB_DROP_REASON_SKB_CSUM",
            DropReason::DevReady => "SKB_DROP_REASON_DEV_READY",
            DropReason::Ipv6Disabled => "SKB_DROP_REASON_IPV6DISABLED",
            DropReason::QdiscDrop => "SKB_DROP_REASON_QDISC_DROP",
            DropReason::SocketRcvBuff => "SKB_DROP_REASON_SOCKET_RCVBUFF",
            DropReason::TcpInvalid => "SKB_DROP_REASON_TCP_INVALID_SEQUENCE",
            DropReason::CpuBacklog => "SKB_DROP_REASON_CPU_BACKLOG",
            DropReason::NeighFailed => "SKB_DROP_REASON_NEIGH_FAILED",
            DropReason::NetfilterDrop => "SKB_DROP_REASON_NETFILTER_DROP",
            DropReason::LabLimit => "lab limit",
        }
    }

    /// What happened, in plain words for the inspector.
    pub const fn explain(self) -> &'static str {
        match self {
            DropReason::NoSocket => "no socket is bound to this address and port",
            DropReason::IpInvalidSource => {
                "martian source: this source address cannot arrive on this interface"
            }
            DropReason::IpLocalnet => {
                "a 127.0.0.0/8 address arrived on a non-loopback interface and route_localnet is off"
            }
            DropReason::IpLocalSource => {
                "the packet claims to come from one of this host's own addresses"
            }
            DropReason::IpRpFilter => {
                "reverse-path filter: replies to this source would leave by another interface"
            }
            DropReason::IpInNoRoutes => "no route matches the destination",
            DropReason::IpOutNoRoutes => "no route to send this packet",
            DropReason::OtherHost => {
                "the packet is for another host and this host does not forward"
            }
            DropReason::IpHeader => "the IP header is invalid",
            DropReason::IpNoProto => "no protocol handler for this IP protocol",
            DropReason::PktTooSmall => "the packet is truncated",
            DropReason::Checksum => "the checksum is wrong",
            DropReason::DevReady => "the interface is down",
            DropReason::Ipv6Disabled => "IPv6 is disabled on this interface",
            DropReason::QdiscDrop => "dropped by the queueing discipline (tc netem loss)",
            DropReason::SocketRcvBuff => "the receiving socket's buffer is full",
            DropReason::TcpInvalid => "TCP does not accept this segment in the connection's state",
            DropReason::CpuBacklog => "the receive backlog is full",
            DropReason::NeighFailed => "no host on the link answered for this address",
            DropReason::NetfilterDrop => {
                "a netfilter rule (iptables) or a chain's policy dropped it"
            }
            DropReason::LabLimit => "a limit of the lab was reached",
        }
    }
}

/// What became of the packet at this step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// It went on to the next layer.
    Pass,
    /// It reached a socket or the application.
    Delivered,
    /// It was dropped here.
    Drop(DropReason),
    /// The step refused an operation with an error (e.g. `connect` got ENETUNREACH).
    Error(crate::errno::Errno),
}

/// One step of a journey.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// A sequence number, unique and increasing over the lab's life.
    pub seq: u64,
    /// When it happened.
    pub time: Instant,
    /// In which namespace.
    pub netns: NsId,
    /// At which layer.
    pub layer: Layer,
    /// Which way the packet was going.
    pub direction: Direction,
    /// The packet, if the event is about one.
    pub packet: Option<PacketId>,
    /// One line saying what happened ("route lookup: local 127.0.0.0/8 dev lo table local"),
    /// formatted when read (`Display`, `to_string()`).
    pub summary: Summary,
    /// The outcome.
    pub verdict: Verdict,
}

/// The default number of events the ring keeps.
pub const DEFAULT_CAPACITY: usize = 50_000;

/// A bounded recorder of events.
#[derive(Clone, Debug)]
pub struct Trace {
    ring: VecDeque<Event>,
    capacity: usize,
    enabled: bool,
    next_seq: u64,
    evicted: u64,
}

impl Default for Trace {
    fn default() -> Self {
        Trace::new(DEFAULT_CAPACITY)
    }
}

impl Trace {
    /// A recorder keeping at most `capacity` events (the oldest go first).
    pub fn new(capacity: usize) -> Self {
        Trace {
            ring: VecDeque::new(),
            capacity,
            enabled: true,
            next_seq: 0,
            evicted: 0,
        }
    }

    /// Turns recording on or off (off for benchmarks).
    pub fn set_enabled(&mut self, enabled: bool) {
        self.enabled = enabled;
    }

    /// Whether events are recorded. Layers check this before building a
    /// summary, so a disabled trace costs nothing.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Records an event.
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &mut self,
        time: Instant,
        netns: NsId,
        layer: Layer,
        direction: Direction,
        packet: Option<PacketId>,
        summary: impl Into<Summary>,
        verdict: Verdict,
    ) {
        if !self.enabled || self.capacity == 0 {
            return;
        }
        if self.ring.len() >= self.capacity {
            self.ring.pop_front();
            self.evicted += 1;
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.ring.push_back(Event {
            seq,
            time,
            netns,
            layer,
            direction,
            packet,
            summary: summary.into(),
            verdict,
        });
    }

    /// The sequence number the next event will get (mark it before a
    /// command, then read [`Trace::since`]).
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Events with `seq >= from` that are still in the ring.
    pub fn since(&self, from: u64) -> impl Iterator<Item = &Event> {
        self.ring.iter().filter(move |e| e.seq >= from)
    }

    /// Every event still in the ring, oldest first.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.ring.iter()
    }

    /// How many events the cap pushed out.
    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// Forgets every event.
    pub fn clear(&mut self) {
        self.evicted += self.ring.len() as u64;
        self.ring.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(t: &mut Trace, s: &str) {
        t.record(
            Instant::ZERO,
            0,
            Layer::Route,
            Direction::Egress,
            Some(1),
            alloc::string::String::from(s),
            Verdict::Pass,
        );
    }

    #[test]
    fn ring_is_bounded() {
        let mut t = Trace::new(3);
        for i in 0..5 {
            rec(&mut t, &alloc::format!("e{i}"));
        }
        let kept: Vec<_> = t.events().map(|e| e.summary.to_string()).collect();
        assert_eq!(kept, ["e2", "e3", "e4"]);
        assert_eq!(t.evicted(), 2);
        assert_eq!(t.since(4).count(), 1);
    }

    #[test]
    fn disabled_records_nothing() {
        let mut t = Trace::new(3);
        t.set_enabled(false);
        rec(&mut t, "x");
        assert_eq!(t.events().count(), 0);
        assert_eq!(t.next_seq(), 0);
    }
}
