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
use crate::netfilter::{Hook, NfFamily};
use crate::route::{Decision, Flow, NetView, RouteType};
use crate::trace::describe::{PacketLine, RouteLine};
use crate::trace::{Direction, DropReason, Label, Layer, Line, NsId, PacketId, Verdict};

pub use crate::trace::describe::describe;

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
                let route = self
                    .trace
                    .enabled()
                    .then(|| RouteLine::new(&d, Label::new(n.iface_name(d.dev))));
                if let Some(route) = route {
                    self.ev(
                        ns,
                        Layer::Route,
                        Direction::Egress,
                        packet,
                        Verdict::Pass,
                        || Line::Route {
                            dst,
                            route: alloc::boxed::Box::new(route),
                        },
                    );
                }
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

    /// IP output and device transmit of a datagram this namespace sends
    /// through `dev`: netfilter's OUTPUT hook (a destination NAT re-routes
    /// the packet, as `ip_route_me_harder`), then [`Network::ip_output`].
    /// A packet dropped on the way (device down, netem loss) is not an
    /// error for the sender, as on Linux; one netfilter dropped is EPERM.
    pub(crate) fn transmit(
        &mut self,
        ns: NsId,
        dev: IfIndex,
        next_hop: IpAddr,
        bytes: Vec<u8>,
        id: PacketId,
    ) -> Result<(), Errno> {
        let mut bytes = bytes;
        let (mut dev, mut next_hop) = (dev, next_hop);
        let family = match bytes.first().map(|b| b >> 4) {
            Some(6) => NfFamily::Ipv6,
            _ => NfFamily::Ipv4,
        };
        if self.nf_active(ns, family, Hook::Output) {
            let before = crate::netfilter::packet::View::parse(&bytes).map(|v| v.dst);
            if !self.nf_hook(ns, Hook::Output, &mut bytes, None, Some(dev), id, false) {
                return Err(Errno::EPERM);
            }
            let after = crate::netfilter::packet::View::parse(&bytes);
            if let (Some(b), Some(a)) = (before, after)
                && a.dst != b
            {
                let d = self.route_output(ns, a.dst, Some(a.src), None, Some(id))?;
                dev = d.dev;
                next_hop = Network::next_hop(&d, a.dst);
            }
        }
        self.ip_output(ns, dev, next_hop, bytes, id)
    }

    /// `ip_output`: the header is final; netfilter's POSTROUTING hook,
    /// the MTU check, the qdisc and the device. Forwarded packets join
    /// here after the FORWARD hook.
    pub(crate) fn ip_output(
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
            || Line::IpOutput(PacketLine::parse(&bytes)),
        );
        let mut bytes = bytes;
        let family = match bytes.first().map(|b| b >> 4) {
            Some(6) => NfFamily::Ipv6,
            _ => NfFamily::Ipv4,
        };
        if self.nf_active(ns, family, Hook::Postrouting)
            && !self.nf_hook(
                ns,
                Hook::Postrouting,
                &mut bytes,
                None,
                Some(dev),
                id,
                false,
            )
        {
            return Err(Errno::EPERM);
        }
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
                let delay = self.loopback_delay();
                let at = self.in_order_arrival(ns, dev, delay);
                self.ev(ns, Layer::LoopbackXmit, Direction::Egress, Some(id), Verdict::Pass, || {
                    "loopback driver: transmit is receive; the packet is queued to the receive backlog"
                });
                if self.schedule_rx(at, ns, dev, bytes, id) {
                    self.mark_backlog(at);
                    self.ev(
                        ns,
                        Layer::Backlog,
                        Direction::Ingress,
                        Some(id),
                        Verdict::Pass,
                        || Line::Backlog {
                            micros: (at - now).micros(),
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
                let answers = self
                    .namespaces
                    .get(&peer_netns)
                    .is_some_and(|n| n.has_addr(&next_hop));
                let target = answers.then_some((peer_netns, peer_index));
                if answers {
                    self.resolve_neighbour(ns, dev, next_hop, target, &bytes);
                }
                let delay = self.loopback_delay();
                let at = self.in_order_arrival(ns, dev, delay);
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
                // A permanent neighbour entry (`arp -s`) names the MAC the
                // frame goes to, whoever has the address; otherwise the
                // host that owns the next hop answers ARP.
                let pinned = self
                    .namespaces
                    .get(&ns)
                    .and_then(|n| n.neigh.permanent(dev, next_hop));
                let target = self.lan.iter().copied().find(|(other, oif)| {
                    *other != ns
                        && self.namespaces.get(other).is_some_and(|n| match pinned {
                            Some(mac) => n.ifaces.get(oif).is_some_and(|i| i.mac() == mac),
                            None => n
                                .addrs()
                                .iter()
                                .any(|a| a.index == *oif && a.addr == next_hop),
                        })
                });
                let label = self.dev_label(ns, dev);
                self.resolve_neighbour(ns, dev, next_hop, target, &bytes);
                match target {
                    Some((tns, tif)) => {
                        let delay = self.lan_delay(len);
                        let at = self.in_order_arrival(ns, dev, delay);
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

    /// ARP/NDP for a frame to `next_hop` on `dev`: the sender's neighbour
    /// entry is confirmed with the answering interface's MAC (or left
    /// INCOMPLETE when no one answers), and the answering host learns the
    /// sender from its solicitation.
    fn resolve_neighbour(
        &mut self,
        ns: NsId,
        dev: IfIndex,
        next_hop: IpAddr,
        target: Option<(NsId, IfIndex)>,
        bytes: &[u8],
    ) {
        let now = self.now;
        // Broadcast and multicast frames need no neighbour.
        let broadcast = match next_hop {
            IpAddr::V4(a) => {
                a.is_broadcast()
                    || a.is_multicast()
                    || self
                        .namespaces
                        .get(&ns)
                        .and_then(|n| n.ifaces.get(&dev))
                        .is_some_and(|i| {
                            i.ipv4.iter().any(|x| {
                                let len = u32::from(x.prefix_len.min(32));
                                let host = if len == 0 { u32::MAX } else { u32::MAX >> len };
                                len < 31 && (u32::from(x.addr) | host) == u32::from(a)
                            })
                        })
            }
            IpAddr::V6(a) => a.is_multicast(),
        };
        if broadcast {
            return;
        }
        let mac_of = |net: &Self, n: NsId, i: IfIndex| {
            net.namespaces
                .get(&n)
                .and_then(|x| x.ifaces.get(&i))
                .map(|i| i.mac())
        };
        let my_mac = mac_of(self, ns, dev);
        let their_mac = target.and_then(|(tns, tif)| mac_of(self, tns, tif));
        let source: Option<IpAddr> = match bytes.first().map(|b| b >> 4) {
            Some(4) => bytes
                .get(12..16)
                .and_then(|b| <[u8; 4]>::try_from(b).ok())
                .map(IpAddr::from),
            Some(6) => bytes
                .get(8..24)
                .and_then(|b| <[u8; 16]>::try_from(b).ok())
                .map(IpAddr::from),
            _ => None,
        };
        if let Some(n) = self.namespaces.get_mut(&ns) {
            match their_mac {
                Some(mac) => n.neigh.confirm(dev, next_hop, mac, now),
                None => {
                    if let Some(at) = n.neigh.unanswered(dev, next_hop, now) {
                        self.neighbour_failure(ns, dev, bytes, at);
                    }
                }
            }
        }
        if let (Some((tns, tif)), Some(src), Some(mac)) = (target, source, my_mac)
            && let Some(n) = self.namespaces.get_mut(&tns)
        {
            n.neigh.learn(tif, src, mac, now);
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
