//! The egress path: the route lookup for locally generated packets, IP
//! output, fault injection, and the devices' transmit (the loopback driver
//! turns the packet around; Ethernet and veth carry it to another namespace).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::Network;
use crate::errno::Errno;
use crate::iface::{IfIndex, Kind};
use crate::route::{Decision, Flow, NetView, RouteType};
use crate::trace::{Direction, DropReason, Layer, NsId, PacketId, Verdict};
use crate::wire::{Datagram, TransportRepr};

/// A one-line, tcpdump-like description of an IP datagram.
pub fn describe(bytes: &[u8]) -> String {
    let Ok(d) = Datagram::parse(bytes) else {
        return format!("{} bytes (not a valid IP datagram)", bytes.len());
    };
    let (src, dst) = (d.ip.src_addr(), d.ip.dst_addr());
    match &d.transport {
        TransportRepr::Icmpv4(crate::wire::Icmpv4Repr::EchoRequest { ident, seq_no, .. })
        | TransportRepr::Icmpv6(crate::wire::Icmpv6Repr::EchoRequest { ident, seq_no, .. }) => {
            format!(
                "{src} > {dst}: ICMP echo request, id {ident}, seq {seq_no}, length {}",
                bytes.len()
            )
        }
        TransportRepr::Icmpv4(crate::wire::Icmpv4Repr::EchoReply { ident, seq_no, .. })
        | TransportRepr::Icmpv6(crate::wire::Icmpv6Repr::EchoReply { ident, seq_no, .. }) => {
            format!(
                "{src} > {dst}: ICMP echo reply, id {ident}, seq {seq_no}, length {}",
                bytes.len()
            )
        }
        TransportRepr::Icmpv4(crate::wire::Icmpv4Repr::DstUnreachable { .. })
        | TransportRepr::Icmpv6(crate::wire::Icmpv6Repr::DstUnreachable { .. }) => {
            format!(
                "{src} > {dst}: ICMP destination unreachable, length {}",
                bytes.len()
            )
        }
        TransportRepr::Icmpv4(_) | TransportRepr::Icmpv6(_) => {
            format!("{src} > {dst}: ICMP, length {}", bytes.len())
        }
        TransportRepr::Udp(u) => format!(
            "{} > {}: UDP, length {}",
            sock(src, u.src_port),
            sock(dst, u.dst_port),
            u.payload.len()
        ),
        TransportRepr::Tcp(t) => format!(
            "{} > {}: Flags [{}], seq {}, length {}",
            sock(src, t.src_port),
            sock(dst, t.dst_port),
            t.flags.tcpdump(),
            t.seq_number.0,
            t.payload.len()
        ),
        TransportRepr::Raw(p) => format!(
            "{src} > {dst}: proto {}, length {}",
            d.ip.protocol(),
            p.len()
        ),
    }
}

fn sock(addr: IpAddr, port: u16) -> String {
    format!("{addr}.{port}")
}

/// Says what a route decision was, for the trace.
pub(crate) fn describe_decision(d: &Decision, dev: &str) -> String {
    let table = d
        .table
        .name()
        .map_or_else(|| format!("{}", d.table.0), String::from);
    let rule = d.rule.map_or_else(String::new, |r| format!("rule {r} -> "));
    let prefix = d
        .route
        .as_ref()
        .map_or_else(|| format!("{}", d.dst), |r| format!("{}", r.dst));
    let via = d.via.map_or_else(String::new, |v| format!(" via {v}"));
    let src = d.src.map_or_else(String::new, |s| format!(", source {s}"));
    format!(
        "{rule}table {table}: {} {prefix}{via} dev {dev}{src}",
        d.kind.keyword()
    )
}

impl Network {
    /// Looks up the route for a packet this namespace sends to `dst`.
    pub(crate) fn route_output(
        &mut self,
        ns: NsId,
        dst: IpAddr,
        src: Option<IpAddr>,
        oif: Option<IfIndex>,
        packet: Option<PacketId>,
    ) -> Result<Decision, Errno> {
        let n = self.namespaces.get(&ns).ok_or(Errno::ENETUNREACH)?;
        let flow = Flow {
            dst,
            src,
            oif,
            iif: None,
            mark: 0,
        };
        let result = n.fib.lookup(&flow, n);
        match result {
            Ok(d) => {
                let dev = String::from(n.iface_name(d.dev));
                self.ev(
                    ns,
                    Layer::Route,
                    Direction::Egress,
                    packet,
                    Verdict::Pass,
                    || format!("route lookup for {dst}: {}", describe_decision(&d, &dev)),
                );
                Ok(d)
            }
            Err(failure) => {
                let errno = failure.error.errno();
                self.ev(
                    ns,
                    Layer::Route,
                    Direction::Egress,
                    packet,
                    Verdict::Error(errno),
                    || format!("route lookup for {dst} failed: {}", errno.message()),
                );
                Err(errno)
            }
        }
    }

    /// IP output and device transmit of a finished datagram through `dev`.
    /// A packet dropped on the way (device down, netem loss) is not an
    /// error for the sender, as on Linux.
    pub(crate) fn transmit(
        &mut self,
        ns: NsId,
        dev: IfIndex,
        next_hop: IpAddr,
        bytes: Vec<u8>,
        id: PacketId,
    ) -> Result<(), Errno> {
        let (up, mtu, kind) = {
            let n = self.namespaces.get(&ns).ok_or(Errno::ENETUNREACH)?;
            let iface = n.ifaces.get(&dev).ok_or(Errno::ENODEV)?;
            (iface.admin_up, iface.mtu, iface.kind)
        };
        self.ev(
            ns,
            Layer::IpOutput,
            Direction::Egress,
            Some(id),
            Verdict::Pass,
            || format!("IP output: {}", describe(&bytes)),
        );
        if bytes.len() > mtu as usize && !matches!(kind, Kind::Loopback) {
            return Err(Errno::EMSGSIZE);
        }
        let label = self.dev_label(ns, dev);
        if !up {
            if let Some(i) = self
                .namespaces
                .get_mut(&ns)
                .and_then(|n| n.ifaces.get_mut(&dev))
            {
                i.counters.tx_dropped += 1;
            }
            self.ev(
                ns,
                Layer::DeviceXmit,
                Direction::Egress,
                Some(id),
                Verdict::Drop(DropReason::DevReady),
                || format!("{label} is down: the packet is dropped"),
            );
            return Ok(());
        }
        let mut bytes = bytes;
        let mut extra = crate::time::Duration::ZERO;
        let mut duplicate = false;
        if let Some(q) = self.qdiscs.get_mut(&(ns, dev)) {
            let now = self.now;
            let v = q.decide(now, bytes.len(), &mut self.rng);
            if v.drop {
                self.ev(
                    ns,
                    Layer::Qdisc,
                    Direction::Egress,
                    Some(id),
                    Verdict::Drop(DropReason::QdiscDrop),
                    || format!("netem on {label} dropped the packet"),
                );
                return Ok(());
            }
            if let Some(bit) = v.corrupt_bit
                && let Some(b) = bytes.get_mut(bit / 8)
            {
                *b ^= 1 << (bit % 8);
            }
            extra = v.delay;
            duplicate = v.duplicate;
            self.ev(
                ns,
                Layer::Qdisc,
                Direction::Egress,
                Some(id),
                Verdict::Pass,
                || {
                    let mut s = format!("netem on {label}: delay {} us", v.delay.micros());
                    if v.duplicate {
                        s.push_str(", duplicated");
                    }
                    if v.corrupt_bit.is_some() {
                        s.push_str(", one bit corrupted");
                    }
                    s
                },
            );
        }
        if extra > crate::time::Duration::ZERO {
            // netem holds the packet: the device sends it (and taps see it)
            // when the delay is over.
            let at = self.now + extra;
            if duplicate {
                self.schedule_xmit(at, ns, dev, next_hop, bytes.clone(), id);
            }
            self.schedule_xmit(at, ns, dev, next_hop, bytes, id);
            return Ok(());
        }
        if duplicate {
            let copy = bytes.clone();
            self.device_xmit(ns, dev, kind, next_hop, copy, id);
        }
        self.device_xmit(ns, dev, kind, next_hop, bytes, id);
        Ok(())
    }

    /// A packet netem held back leaves its device now.
    pub(crate) fn xmit_now(
        &mut self,
        ns: NsId,
        dev: IfIndex,
        next_hop: IpAddr,
        bytes: Vec<u8>,
        id: PacketId,
    ) {
        let kind = self
            .namespaces
            .get(&ns)
            .and_then(|n| n.ifaces.get(&dev))
            .map(|i| (i.kind, i.admin_up));
        match kind {
            Some((kind, true)) => self.device_xmit(ns, dev, kind, next_hop, bytes, id),
            Some((_, false)) => {
                self.ev(
                    ns,
                    Layer::DeviceXmit,
                    Direction::Egress,
                    Some(id),
                    Verdict::Drop(DropReason::DevReady),
                    || String::from("the interface went down while netem held the packet"),
                );
            }
            None => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn device_xmit(
        &mut self,
        ns: NsId,
        dev: IfIndex,
        kind: Kind,
        next_hop: IpAddr,
        bytes: Vec<u8>,
        id: PacketId,
    ) {
        let len = bytes.len();
        let now = self.now;
        if let Some(i) = self
            .namespaces
            .get_mut(&ns)
            .and_then(|n| n.ifaces.get_mut(&dev))
        {
            i.counters.count_tx(len);
            if matches!(kind, Kind::Loopback) {
                // loopback_xmit counts the packet as received at once, too.
                i.counters.count_rx(len);
            }
        }
        self.capture.record(now, ns, dev, true, id, &bytes);
        match kind {
            Kind::Loopback => {
                let at = now + self.loopback_delay();
                self.ev(ns, Layer::LoopbackXmit, Direction::Egress, Some(id), Verdict::Pass, || {
                    String::from("loopback driver: transmit is receive; the packet is queued to the receive backlog")
                });
                if self.schedule_rx(at, ns, dev, bytes, id) {
                    self.ev(
                        ns,
                        Layer::Backlog,
                        Direction::Ingress,
                        Some(id),
                        Verdict::Pass,
                        || {
                            format!(
                                "waiting in the backlog until the next poll ({} us)",
                                (at - now).micros()
                            )
                        },
                    );
                } else {
                    self.ev(
                        ns,
                        Layer::Backlog,
                        Direction::Ingress,
                        Some(id),
                        Verdict::Drop(DropReason::CpuBacklog),
                        || String::from("the receive backlog is full"),
                    );
                }
            }
            Kind::Veth {
                peer_netns,
                peer_index,
                ..
            } => {
                let at = now + self.loopback_delay();
                let label = self.dev_label(ns, dev);
                let peer = self.dev_label(peer_netns, peer_index);
                self.ev(
                    ns,
                    Layer::DeviceXmit,
                    Direction::Egress,
                    Some(id),
                    Verdict::Pass,
                    || format!("{label} transmits to its veth peer {peer}"),
                );
                self.schedule_rx(at, peer_netns, peer_index, bytes, id);
            }
            Kind::Ethernet { .. } => {
                let target = self.lan.iter().copied().find(|(other, oif)| {
                    *other != ns
                        && self.namespaces.get(other).is_some_and(|n| {
                            n.addrs()
                                .iter()
                                .any(|a| a.index == *oif && a.addr == next_hop)
                        })
                });
                let label = self.dev_label(ns, dev);
                match target {
                    Some((tns, tif)) => {
                        let at = now + self.lan_delay(len);
                        let peer = self.dev_label(tns, tif);
                        self.ev(
                            ns,
                            Layer::DeviceXmit,
                            Direction::Egress,
                            Some(id),
                            Verdict::Pass,
                            || format!("{label} sends the frame on the LAN to {next_hop} ({peer})"),
                        );
                        self.schedule_rx(at, tns, tif, bytes, id);
                    }
                    None => {
                        self.ev(
                            ns,
                            Layer::DeviceXmit,
                            Direction::Egress,
                            Some(id),
                            Verdict::Drop(DropReason::NeighFailed),
                            || format!("{label}: no host on the LAN answers ARP for {next_hop}"),
                        );
                    }
                }
            }
        }
    }

    /// Where a packet to `dst` goes next after route decision `d`.
    pub(crate) fn next_hop(d: &Decision, dst: IpAddr) -> IpAddr {
        match d.kind {
            RouteType::Unicast => d.via.unwrap_or(dst),
            _ => dst,
        }
    }
}
