//! The ingress path: a packet leaves the backlog (or arrives from the LAN),
//! passes IP input (header checks, martian filtering, the input route
//! lookup) and is delivered to ICMP, UDP or TCP and from there to a socket.
//!
//! This file is IP input; `martian` the martian filters and their log
//! lines; one file per protocol above it: `icmp` (ICMP and ICMPv6, one
//! path; `icmp_send`: the ICMP messages the kernel sends), `udp`, `tcp`.

mod icmp;
mod icmp_send;
pub(super) mod martian;
mod tcp;
mod udp;

use alloc::format;
use alloc::string::String;

use super::Network;
use crate::iface::IfIndex;
use crate::netfilter::{Hook, NfFamily};
use crate::route::{Flow, RouteType};
use crate::trace::describe::PacketLine;
use crate::trace::{Direction, DropReason, Layer, Line, NsId, PacketId, Verdict};
use crate::wire::{Datagram, IpRepr, TransportRepr};
use icmp::Message;

impl Network {
    /// The receive path of one packet on `ns`/`iif`.
    pub(super) fn receive(&mut self, ns: NsId, iif: IfIndex, bytes: &[u8], id: PacketId) {
        let (loopback, up, dev, src_mac, dst_mac) =
            match self.namespaces.get(&ns).and_then(|n| n.ifaces.get(&iif)) {
                Some(i) => (
                    i.is_loopback(),
                    i.admin_up,
                    i.name.clone(),
                    [0u8; 6],
                    i.mac(),
                ),
                None => return,
            };
        let _ = src_mac;
        let now = self.now;
        if !loopback {
            if let Some(i) = self
                .namespaces
                .get_mut(&ns)
                .and_then(|n| n.ifaces.get_mut(&iif))
            {
                if i.admin_up {
                    i.counters.count_rx(bytes.len());
                } else {
                    i.counters.rx_dropped += 1;
                }
            }
            if up {
                self.capture.record(now, ns, iif, false, id, bytes);
            }
        }
        let label = self.dev_label(ns, iif);
        if !up {
            self.ev(
                ns,
                Layer::IpInput,
                Direction::Ingress,
                Some(id),
                Verdict::Drop(DropReason::DevReady),
                || format!("{label} is down: the packet is dropped"),
            );
            return;
        }
        let Ok(d) = Datagram::parse(bytes) else {
            self.ev(
                ns,
                Layer::IpInput,
                Direction::Ingress,
                Some(id),
                Verdict::Drop(DropReason::IpHeader),
                || {
                    format!(
                        "IP input on {label}: {} bytes that are not a valid IP datagram",
                        bytes.len()
                    )
                },
            );
            return;
        };
        self.ev(
            ns,
            Layer::IpInput,
            Direction::Ingress,
            Some(id),
            Verdict::Pass,
            || Line::IpInput {
                dev: label,
                packet: PacketLine::of(&d, bytes.len()),
            },
        );
        // Netfilter's PREROUTING hook (conntrack, destination NAT) comes
        // before the input route: a packet DNAT sends to 127.0.0.1 meets
        // the martian filter as such.
        let family = NfFamily::of(d.ip.src_addr());
        let mut nat_buf = None;
        if self.nf_active(ns, family, Hook::Prerouting) {
            let mut b = bytes.to_vec();
            if !self.nf_hook(ns, Hook::Prerouting, &mut b, Some(iif), None, id, loopback) {
                return;
            }
            nat_buf = Some(b);
        }
        let bytes: &[u8] = nat_buf.as_deref().unwrap_or(bytes);
        let Ok(d) = Datagram::parse(bytes) else {
            return;
        };
        let src = d.ip.src_addr();
        let dst = d.ip.dst_addr();
        if !loopback && let Some(reason) = self.martian(ns, iif, &dev, src, dst, dst_mac, bytes, id)
        {
            let _ = reason;
            return;
        }
        // The input route lookup: is the destination this host?
        let lookup = {
            let Some(n) = self.namespaces.get(&ns) else {
                return;
            };
            let flow = Flow {
                dst,
                src: Some(src),
                oif: None,
                iif: Some(iif),
                mark: 0,
            };
            n.fib.lookup(&flow, n)
        };
        let kind = lookup.as_ref().ok().map(|d| d.kind);
        let forwarding = !loopback && self.forwarding(ns);
        match kind {
            Some(RouteType::Local) | Some(RouteType::Broadcast) | Some(RouteType::Multicast) => {}
            Some(RouteType::Unicast) if forwarding => {
                if let Ok(decision) = &lookup {
                    self.forward(ns, iif, bytes, decision, id);
                }
                return;
            }
            None if forwarding => {
                if let Err(f) = &lookup {
                    self.ip_error(ns, iif, bytes, f.error, id);
                }
                return;
            }
            Some(_) => {
                self.ev(
                    ns,
                    Layer::IpInput,
                    Direction::Ingress,
                    Some(id),
                    Verdict::Drop(DropReason::OtherHost),
                    || format!("{dst} is not an address of this host and forwarding is off"),
                );
                return;
            }
            None => {
                self.ev(
                    ns,
                    Layer::IpInput,
                    Direction::Ingress,
                    Some(id),
                    Verdict::Drop(DropReason::IpInNoRoutes),
                    || format!("no route to {dst}: the packet is dropped"),
                );
                return;
            }
        }
        // Netfilter's INPUT hook: the filter table's last word on a packet
        // for this host.
        let mut in_buf = None;
        if self.nf_active(ns, family, Hook::Input) {
            let mut b = bytes.to_vec();
            if !self.nf_hook(ns, Hook::Input, &mut b, Some(iif), None, id, loopback) {
                return;
            }
            in_buf = Some(b);
        }
        let bytes: &[u8] = in_buf.as_deref().unwrap_or(bytes);
        let Ok(d) = Datagram::parse(bytes) else {
            return;
        };
        let (src, dst) = (d.ip.src_addr(), d.ip.dst_addr());
        let broadcast = kind == Some(RouteType::Broadcast);
        let ttl = d.ip.hop_limit();
        self.raw_deliver(ns, u8::from(d.ip.protocol()), bytes, id);
        match d.transport {
            TransportRepr::Icmpv4(m) => {
                self.icmp_input(ns, &d.ip, Message::from_v4(m), broadcast, ttl, id)
            }
            TransportRepr::Icmpv6(m) => {
                self.icmp_input(ns, &d.ip, Message::from_v6(m), false, ttl, id)
            }
            TransportRepr::Udp(u) => {
                let ok = crate::wire::UdpPacket::new_checked(d_payload(bytes, &d.ip))
                    .is_ok_and(|p| p.verify_checksum(&src, &dst));
                if !ok {
                    self.ev(
                        ns,
                        Layer::IpInput,
                        Direction::Ingress,
                        Some(id),
                        Verdict::Drop(DropReason::Checksum),
                        || String::from("UDP checksum is wrong: dropped"),
                    );
                    return;
                }
                self.udp_input(
                    ns, iif, &d.ip, u.src_port, u.dst_port, u.payload, ttl, bytes, id,
                )
            }
            TransportRepr::Tcp(t) => self.tcp_input(ns, iif, &d.ip, &t, bytes, id),
            TransportRepr::Raw(_) => {
                self.ev(
                    ns,
                    Layer::IpInput,
                    Direction::Ingress,
                    Some(id),
                    Verdict::Drop(DropReason::IpNoProto),
                    || format!("no handler for IP protocol {}", d.ip.protocol()),
                );
            }
        }
    }

    /// A fresh IPv4 identification for (src, dst, protocol), as the kernel's
    /// ip_idents buckets hand them out.
    pub(crate) fn ip_ident(&mut self) -> u16 {
        self.rng.next_u16()
    }
}

/// The IP payload of a parsed datagram's bytes.
fn d_payload<'a>(bytes: &'a [u8], ip: &IpRepr) -> &'a [u8] {
    let start = ip.header_len();
    bytes
        .get(start..start + ip.payload_len())
        .unwrap_or_default()
}
