//! The ingress path: a packet leaves the backlog (or arrives from the LAN),
//! passes IP input (header checks, martian filtering, the input route
//! lookup) and is delivered to ICMP, UDP or TCP and from there to a socket.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, SocketAddr};

use super::Network;
use super::build::{self, IpFields};
use super::sockets::{IcmpErrorReport, RX_QUEUE_LIMIT, RecvDatagram};
use crate::errno::Errno;
use crate::iface::IfIndex;
use crate::route::{Flow, RouteType};
use crate::socket::bind::Transport;
use crate::trace::describe::PacketLine;
use crate::trace::{Direction, DropReason, Layer, Line, NsId, PacketId, Verdict};
use crate::wire::{Datagram, IpRepr, TransportRepr, icmpv4, icmpv6};

/// The most bytes of an offending datagram an ICMPv4 error quotes (576 - 28).
const ICMPV4_QUOTE: usize = 548;
/// The most bytes an ICMPv6 error quotes (1280 - 48).
const ICMPV6_QUOTE: usize = 1232;

/// Hex bytes as the kernel's `print_hex_dump` shows them.
fn hex_bytes(bytes: &[u8]) -> String {
    let mut s = String::new();
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&format!("{b:02x}"));
    }
    s
}

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
        let src = d.ip.src_addr();
        let dst = d.ip.dst_addr();
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
        let broadcast = kind == Some(RouteType::Broadcast);
        let ttl = d.ip.hop_limit();
        self.raw_deliver(ns, u8::from(d.ip.protocol()), bytes, id);
        match d.transport {
            TransportRepr::Icmpv4(m) => self.icmpv4_input(ns, iif, &d.ip, m, broadcast, ttl, id),
            TransportRepr::Icmpv6(m) => self.icmpv6_input(ns, iif, &d.ip, m, ttl, id),
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

    /// Martian filtering on a non-loopback device. Returns the drop reason
    /// if the packet was dropped (and logs it when `log_martians` is on).
    #[allow(clippy::too_many_arguments)]
    fn martian(
        &mut self,
        ns: NsId,
        iif: IfIndex,
        dev: &str,
        src: IpAddr,
        dst: IpAddr,
        dst_mac: [u8; 6],
        bytes: &[u8],
        id: PacketId,
    ) -> Option<DropReason> {
        let n = self.namespaces.get(&ns)?;
        let localnet = n.sysctls.ipv4_conf_or(dev, "route_localnet");
        let log = n.sysctls.ipv4_conf_or(dev, "log_martians");
        let accept_local = n.sysctls.ipv4_conf_or(dev, "accept_local");
        let src_is_ours = n.has_addr(&src);
        let rp_filter = n.sysctls.rp_filter(dev);
        let rp_ok = rp_filter == 0 || {
            let back = Flow {
                dst: src,
                src: None,
                oif: None,
                iif: None,
                mark: 0,
            };
            match n.fib.lookup(&back, n) {
                Ok(d) => rp_filter == 2 || d.dev == iif,
                Err(_) => false,
            }
        };
        let (reason, what) = match (src, dst) {
            (IpAddr::V4(s), IpAddr::V4(d)) => {
                if s.is_multicast() || s == Ipv4Addr::BROADCAST || s.is_unspecified() {
                    (DropReason::IpInvalidSource, "source")
                } else if d.is_unspecified() {
                    (DropReason::IpInvalidSource, "destination")
                } else if d.is_loopback() && !localnet {
                    (DropReason::IpLocalnet, "destination")
                } else if s.is_loopback() && !localnet {
                    (DropReason::IpLocalnet, "source")
                } else if src_is_ours && !accept_local {
                    (DropReason::IpLocalSource, "source")
                } else if !rp_ok {
                    (DropReason::IpRpFilter, "source")
                } else {
                    return None;
                }
            }
            (IpAddr::V6(s), IpAddr::V6(d)) => {
                if s.is_loopback() || d.is_loopback() {
                    // ip6_rcv_core: loopback addresses never arrive from outside.
                    self.ev(ns, Layer::IpInput, Direction::Ingress, Some(id), Verdict::Drop(DropReason::IpInvalidSource), || {
                        format!("::1 can only be used on lo: {src} -> {dst} arrived on {dev} and is dropped")
                    });
                    return Some(DropReason::IpInvalidSource);
                }
                return None;
            }
            _ => return None,
        };
        if log {
            let now = self.now;
            if what == "source" {
                self.klog.log(
                    now,
                    format!("IPv4: martian source {dst} from {src}, on dev {dev}"),
                );
                let mut ll = Vec::with_capacity(14);
                ll.extend_from_slice(&dst_mac);
                ll.extend_from_slice(&self.sender_mac(src));
                ll.extend_from_slice(&[0x08, 0x00]);
                self.klog
                    .log(now, format!("ll header: 00000000: {}", hex_bytes(&ll)));
            } else {
                self.klog.log(
                    now,
                    format!("IPv4: martian destination {dst} from {src}, dev {dev}"),
                );
            }
        }
        let _ = bytes;
        self.ev(
            ns,
            Layer::IpInput,
            Direction::Ingress,
            Some(id),
            Verdict::Drop(reason),
            || {
                format!(
                    "martian {what} on {dev}: {src} -> {dst} ({})",
                    reason.explain()
                )
            },
        );
        Some(reason)
    }

    /// The MAC a LAN sender would have used (for the martian log line).
    fn sender_mac(&self, _src: IpAddr) -> [u8; 6] {
        // The frame came from whoever sent it on the LAN; the lab's LAN
        // machines are the only senders.
        [0x52, 0x54, 0x00, 0x12, 0x34, 0x20]
    }

    /// A fresh IPv4 identification for (src, dst, protocol), as the kernel's
    /// ip_idents buckets hand them out.
    pub(crate) fn ip_ident(&mut self) -> u16 {
        self.rng.next_u16()
    }

    #[allow(clippy::too_many_arguments)]
    fn icmpv4_input(
        &mut self,
        ns: NsId,
        _iif: IfIndex,
        ip: &IpRepr,
        m: icmpv4::Repr<'_>,
        broadcast: bool,
        ttl: u8,
        id: PacketId,
    ) {
        let (src, dst) = (ip.src_addr(), ip.dst_addr());
        match m {
            icmpv4::Repr::EchoRequest {
                ident,
                seq_no,
                data,
            } => {
                let ignore = self.namespaces.get(&ns).is_none_or(|n| {
                    n.sysctls.global_int("net.ipv4.icmp_echo_ignore_all") != 0
                        || (broadcast
                            && n.sysctls.global_int("net.ipv4.icmp_echo_ignore_broadcasts") != 0)
                });
                if ignore {
                    self.ev(ns, Layer::Icmp, Direction::Ingress, Some(id), Verdict::Drop(DropReason::NoSocket), || {
                        String::from("echo request ignored (icmp_echo_ignore_all / icmp_echo_ignore_broadcasts)")
                    });
                    return;
                }
                self.ev(
                    ns,
                    Layer::Icmp,
                    Direction::Ingress,
                    Some(id),
                    Verdict::Delivered,
                    || Line::EchoAnswered { src },
                );
                let reply = icmpv4::Repr::EchoReply {
                    ident,
                    seq_no,
                    data,
                };
                self.send_icmp_from_kernel(ns, dst, src, broadcast, TransportRepr::Icmpv4(reply));
            }
            icmpv4::Repr::EchoReply {
                ident,
                seq_no,
                data,
            } => {
                self.deliver_echo_reply(ns, src, dst, ident, seq_no, data, ttl, id);
            }
            icmpv4::Repr::DstUnreachable {
                reason,
                header,
                data,
            } => {
                let (errno, text) = match reason {
                    icmpv4::DstUnreachable::PortUnreachable => {
                        (Errno::ECONNREFUSED, "Destination Port Unreachable")
                    }
                    icmpv4::DstUnreachable::NetUnreachable => {
                        (Errno::ENETUNREACH, "Destination Net Unreachable")
                    }
                    icmpv4::DstUnreachable::HostUnreachable => {
                        (Errno::EHOSTUNREACH, "Destination Host Unreachable")
                    }
                    icmpv4::DstUnreachable::ProtoUnreachable => {
                        (Errno::ENOPROTOOPT, "Destination Protocol Unreachable")
                    }
                    icmpv4::DstUnreachable::FragRequired { .. } => (Errno::EMSGSIZE, "Frag needed"),
                    _ => (Errno::EHOSTUNREACH, "Destination Unreachable"),
                };
                self.icmp_error(
                    ns,
                    (3, reason.code()),
                    src,
                    IpAddr::V4(header.src_addr),
                    IpAddr::V4(header.dst_addr),
                    header.protocol,
                    data,
                    errno,
                    text,
                    id,
                );
            }
            icmpv4::Repr::TimeExceeded { header, data, .. } => {
                self.icmp_error(
                    ns,
                    (11, 0),
                    src,
                    IpAddr::V4(header.src_addr),
                    IpAddr::V4(header.dst_addr),
                    header.protocol,
                    data,
                    Errno::EHOSTUNREACH,
                    "Time to live exceeded",
                    id,
                );
            }
            icmpv4::Repr::Other { msg_type, .. } => {
                self.ev(
                    ns,
                    Layer::Icmp,
                    Direction::Ingress,
                    Some(id),
                    Verdict::Delivered,
                    || format!("ICMP type {msg_type} from {src}: nothing to do"),
                );
            }
        }
    }

    fn icmpv6_input(
        &mut self,
        ns: NsId,
        _iif: IfIndex,
        ip: &IpRepr,
        m: icmpv6::Repr<'_>,
        ttl: u8,
        id: PacketId,
    ) {
        let (src, dst) = (ip.src_addr(), ip.dst_addr());
        match m {
            icmpv6::Repr::EchoRequest {
                ident,
                seq_no,
                data,
            } => {
                self.ev(
                    ns,
                    Layer::Icmp,
                    Direction::Ingress,
                    Some(id),
                    Verdict::Delivered,
                    || Line::EchoAnswered { src },
                );
                let reply = icmpv6::Repr::EchoReply {
                    ident,
                    seq_no,
                    data,
                };
                self.send_icmp_from_kernel(ns, dst, src, false, TransportRepr::Icmpv6(reply));
            }
            icmpv6::Repr::EchoReply {
                ident,
                seq_no,
                data,
            } => {
                self.deliver_echo_reply(ns, src, dst, ident, seq_no, data, ttl, id);
            }
            icmpv6::Repr::DstUnreachable {
                reason,
                header,
                data,
            } => {
                let (errno, text) = match reason {
                    icmpv6::DstUnreachable::PortUnreachable => (
                        Errno::ECONNREFUSED,
                        "Destination unreachable: Port unreachable",
                    ),
                    icmpv6::DstUnreachable::NoRoute => {
                        (Errno::ENETUNREACH, "Destination unreachable: No route")
                    }
                    icmpv6::DstUnreachable::AddrUnreachable => (
                        Errno::EHOSTUNREACH,
                        "Destination unreachable: Address unreachable",
                    ),
                    icmpv6::DstUnreachable::AdminProhibit => (
                        Errno::EACCES,
                        "Destination unreachable: Administratively prohibited",
                    ),
                    _ => (Errno::EHOSTUNREACH, "Destination unreachable"),
                };
                self.icmp_error(
                    ns,
                    (1, u8::from(reason)),
                    src,
                    IpAddr::V6(header.src_addr),
                    IpAddr::V6(header.dst_addr),
                    header.next_header,
                    data,
                    errno,
                    text,
                    id,
                );
            }
            icmpv6::Repr::TimeExceeded { header, data, .. } => {
                self.icmp_error(
                    ns,
                    (3, 0),
                    src,
                    IpAddr::V6(header.src_addr),
                    IpAddr::V6(header.dst_addr),
                    header.next_header,
                    data,
                    Errno::EHOSTUNREACH,
                    "Time exceeded: Hop limit",
                    id,
                );
            }
            _ => {
                self.ev(
                    ns,
                    Layer::Icmp,
                    Direction::Ingress,
                    Some(id),
                    Verdict::Delivered,
                    || format!("ICMPv6 message from {src}: nothing to do"),
                );
            }
        }
    }

    /// Sends an ICMP message the kernel itself generates (echo reply,
    /// port unreachable): a new IP id, no DF, TTL 64.
    fn send_icmp_from_kernel(
        &mut self,
        ns: NsId,
        local: IpAddr,
        remote: IpAddr,
        broadcast: bool,
        msg: TransportRepr<'_>,
    ) {
        let id = self.new_packet_id();
        let src_hint = if broadcast { None } else { Some(local) };
        let Ok(decision) = self.route_output(ns, remote, src_hint, None, Some(id)) else {
            return;
        };
        let Some(src) = src_hint.or(decision.src) else {
            return;
        };
        let fields = IpFields {
            ttl: 64,
            ident: self.ip_ident(),
            dont_frag: false,
        };
        let Ok(bytes) = build::datagram(src, remote, fields, msg) else {
            return;
        };
        let hop = Network::next_hop(&decision, remote);
        let _ = self.transmit(ns, decision.dev, hop, bytes, id);
    }

    #[allow(clippy::too_many_arguments)]
    fn deliver_echo_reply(
        &mut self,
        ns: NsId,
        src: IpAddr,
        dst: IpAddr,
        ident: u16,
        seq: u16,
        data: &[u8],
        ttl: u8,
        id: PacketId,
    ) {
        let now = self.now;
        let found = self.namespaces.get(&ns).and_then(|n| {
            n.sockets.lookup(
                Transport::Ping,
                SocketAddr::new(src, 0),
                SocketAddr::new(dst, ident),
                IfIndex::LOOPBACK,
            )
        });
        let Some(sid) = found else {
            self.ev(
                ns,
                Layer::SocketDemux,
                Direction::Ingress,
                Some(id),
                Verdict::Drop(DropReason::NoSocket),
                || format!("no ping socket with id {ident}: the echo reply is dropped"),
            );
            return;
        };
        if let Some(s) = self
            .namespaces
            .get_mut(&ns)
            .and_then(|n| n.sockets.get_mut(sid))
            && s.rx.len() < RX_QUEUE_LIMIT
        {
            s.rx.push_back(RecvDatagram {
                from: SocketAddr::new(src, 0),
                to: dst,
                data: data.to_vec(),
                ttl,
                seq,
                time: now,
                packet: id,
            });
        }
        self.ev(
            ns,
            Layer::SocketDemux,
            Direction::Ingress,
            Some(id),
            Verdict::Delivered,
            || Line::EchoMatched { ident },
        );
    }

    /// An ICMP error about a datagram this namespace sent: find the socket
    /// from the quoted headers and report it.
    #[allow(clippy::too_many_arguments)]
    fn icmp_error(
        &mut self,
        ns: NsId,
        icmp: (u8, u8),
        from: IpAddr,
        q_src: IpAddr,
        q_dst: IpAddr,
        q_proto: crate::wire::IpProtocol,
        quoted: &[u8],
        errno: Errno,
        text: &'static str,
        id: PacketId,
    ) {
        use crate::wire::IpProtocol;
        let be16 = |o: usize| {
            quoted
                .get(o..o + 2)
                .and_then(|b| <[u8; 2]>::try_from(b).ok())
                .map(u16::from_be_bytes)
        };
        let now = self.now;
        let (transport, local_port, remote_port, seq) = match q_proto {
            IpProtocol::Udp => (Transport::Udp, be16(0), be16(2), None),
            IpProtocol::Tcp => (Transport::Tcp, be16(0), be16(2), None),
            IpProtocol::Icmp | IpProtocol::Icmpv6 => (Transport::Ping, be16(4), Some(0), be16(6)),
            _ => return,
        };
        let (Some(lport), Some(rport)) = (local_port, remote_port) else {
            return;
        };
        let found = self.namespaces.get(&ns).and_then(|n| {
            n.sockets.lookup(
                transport,
                SocketAddr::new(q_dst, rport),
                SocketAddr::new(q_src, lport),
                IfIndex::LOOPBACK,
            )
        });
        let Some(sid) = found else {
            self.ev(
                ns,
                Layer::Icmp,
                Direction::Ingress,
                Some(id),
                Verdict::Drop(DropReason::NoSocket),
                || format!("ICMP error from {from} ({text}) for a socket that no longer exists"),
            );
            return;
        };
        let mut reported = "ignored (the socket is not connected)";
        if let Some(s) = self
            .namespaces
            .get_mut(&ns)
            .and_then(|n| n.sockets.get_mut(sid))
        {
            match transport {
                Transport::Ping => {
                    s.errqueue.push_back(IcmpErrorReport {
                        from,
                        errno,
                        text,
                        seq,
                        time: now,
                        icmp,
                        port: None,
                    });
                    reported = "queued for ping (IP_RECVERR)";
                }
                Transport::Udp if s.opts.recverr => {
                    s.errqueue.push_back(IcmpErrorReport {
                        from,
                        errno,
                        text,
                        seq: None,
                        time: now,
                        icmp,
                        port: Some(rport),
                    });
                    s.so_error = Some(errno);
                    reported = "queued on the socket's error queue (IP_RECVERR)";
                }
                Transport::Udp if s.remote.is_some() => {
                    s.so_error = Some(errno);
                    reported = "the connected socket's next call fails";
                }
                Transport::Tcp => {
                    reported = "TCP treats it as a soft error";
                }
                Transport::Udp => {}
            }
        }
        self.ev(
            ns,
            Layer::Icmp,
            Direction::Ingress,
            Some(id),
            Verdict::Delivered,
            || {
                format!(
                    "ICMP error from {from}: {text} ({}): {reported}",
                    errno.name()
                )
            },
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn udp_input(
        &mut self,
        ns: NsId,
        iif: IfIndex,
        ip: &IpRepr,
        sport: u16,
        dport: u16,
        payload: &[u8],
        ttl: u8,
        bytes: &[u8],
        id: PacketId,
    ) {
        let (src, dst) = (ip.src_addr(), ip.dst_addr());
        let now = self.now;
        let found = self.namespaces.get(&ns).and_then(|n| {
            n.sockets.lookup(
                Transport::Udp,
                SocketAddr::new(src, sport),
                SocketAddr::new(dst, dport),
                iif,
            )
        });
        match found {
            Some(sid) => {
                let mut full = false;
                if let Some(s) = self
                    .namespaces
                    .get_mut(&ns)
                    .and_then(|n| n.sockets.get_mut(sid))
                {
                    if s.rx.len() >= RX_QUEUE_LIMIT {
                        full = true;
                    } else {
                        let from = super::sockets::peer_for(s.family, SocketAddr::new(src, sport));
                        s.rx.push_back(RecvDatagram {
                            from,
                            to: dst,
                            data: payload.to_vec(),
                            ttl,
                            seq: 0,
                            time: now,
                            packet: id,
                        });
                    }
                }
                let verdict = if full {
                    Verdict::Drop(DropReason::SocketRcvBuff)
                } else {
                    Verdict::Delivered
                };
                self.ev(
                    ns,
                    Layer::SocketDemux,
                    Direction::Ingress,
                    Some(id),
                    verdict,
                    || format!("UDP {dst}:{dport} matched socket {}", sid.0),
                );
                self.run_udp_service(ns, sid);
            }
            None => {
                self.ev(ns, Layer::SocketDemux, Direction::Ingress, Some(id), Verdict::Drop(DropReason::NoSocket), || {
                    format!("no UDP socket on {dst}:{dport}: the kernel answers ICMP port unreachable")
                });
                if dst_is_broadcast_or_multicast(dst) {
                    return;
                }
                self.send_port_unreachable(ns, ip, bytes);
            }
        }
    }

    /// Answers a datagram nobody wanted with ICMP port unreachable.
    pub(crate) fn send_port_unreachable(&mut self, ns: NsId, ip: &IpRepr, bytes: &[u8]) {
        let (src, dst) = (ip.src_addr(), ip.dst_addr());
        let header_len = ip.header_len();
        let payload = bytes.get(header_len..).unwrap_or_default();
        match ip {
            IpRepr::Ipv4(h) => {
                let quoted = payload
                    .get(..payload.len().min(ICMPV4_QUOTE))
                    .unwrap_or_default();
                let msg = icmpv4::Repr::DstUnreachable {
                    reason: icmpv4::DstUnreachable::PortUnreachable,
                    header: h.clone(),
                    data: quoted,
                };
                self.send_icmp_from_kernel(ns, dst, src, false, TransportRepr::Icmpv4(msg));
            }
            IpRepr::Ipv6(h) => {
                let quoted = payload
                    .get(..payload.len().min(ICMPV6_QUOTE))
                    .unwrap_or_default();
                let msg = icmpv6::Repr::DstUnreachable {
                    reason: icmpv6::DstUnreachable::PortUnreachable,
                    header: *h,
                    data: quoted,
                };
                self.send_icmp_from_kernel(ns, dst, src, false, TransportRepr::Icmpv6(msg));
            }
        }
    }
}

fn dst_is_broadcast_or_multicast(dst: IpAddr) -> bool {
    match dst {
        IpAddr::V4(a) => a.is_broadcast() || a.is_multicast() || a.octets()[3] == 255,
        IpAddr::V6(a) => a.is_multicast(),
    }
}

/// The IP payload of a parsed datagram's bytes.
fn d_payload<'a>(bytes: &'a [u8], ip: &IpRepr) -> &'a [u8] {
    let start = ip.header_len();
    bytes
        .get(start..start + ip.payload_len())
        .unwrap_or_default()
}
