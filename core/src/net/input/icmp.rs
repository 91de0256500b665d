//! ICMP and ICMPv6 input, one path for both families: the kernel answers
//! an echo request itself, an echo reply goes to its ping socket, an error
//! goes to the socket whose datagram it quotes. Each family's message is
//! first read into a [`Message`], where the two differ only in numbers and
//! texts.

use alloc::format;
use alloc::string::String;
use core::net::{IpAddr, SocketAddr};

use crate::errno::Errno;
use crate::iface::IfIndex;
use crate::net::Network;
use crate::net::sockets::{IcmpErrorReport, RX_QUEUE_LIMIT, RecvDatagram};
use crate::socket::bind::Transport;
use crate::trace::{Direction, DropReason, Layer, Line, NsId, PacketId, Verdict};
use crate::wire::{IpProtocol, IpRepr, TransportRepr, icmpv4, icmpv6};

/// The sysctls that make IPv4 ignore echo requests: all of them, and
/// those sent to a broadcast address.
const ICMPV4_ECHO_IGNORE: EchoIgnore = EchoIgnore {
    all: "net.ipv4.icmp_echo_ignore_all",
    broadcasts: "net.ipv4.icmp_echo_ignore_broadcasts",
};

/// Sysctls that make the kernel ignore echo requests.
#[derive(Clone, Copy, Debug)]
pub(super) struct EchoIgnore {
    all: &'static str,
    broadcasts: &'static str,
}

/// An ICMP or ICMPv6 message as the input path acts on it.
#[derive(Debug)]
pub(super) enum Message<'a> {
    /// An echo request, with the reply the kernel sends and the sysctls
    /// that can silence it (none for ICMPv6 in the lab).
    EchoRequest {
        reply: TransportRepr<'a>,
        ignore: Option<EchoIgnore>,
    },
    /// An echo reply, for a ping socket.
    EchoReply {
        ident: u16,
        seq_no: u16,
        data: &'a [u8],
    },
    /// An error quoting the start of a datagram.
    Error(QuotedError<'a>),
    /// An ICMP message of another type: nothing to do.
    OtherV4 { msg_type: u8 },
    /// Any other ICMPv6 message: nothing to do.
    OtherV6,
}

/// Whether an ICMP error is "hard" (`icmp_err_convert[code].fatal`,
/// `icmpv6_err_convert`'s `fatal`): only a hard error reaches a connected
/// UDP socket without IP_RECVERR (`__udp4_lib_err`, `__udp6_lib_err`).
/// Network and host unreachable, fragmentation needed and time exceeded
/// are soft: a `dig` at an address nobody answers ARP for times out.
fn hard_error(icmp: (u8, u8), v6: bool) -> bool {
    match (v6, icmp) {
        // ICMP_DEST_UNREACH: PROT, PORT, NET/HOST_UNKNOWN, HOST_ISOLATED,
        // NET/HOST_ANO, PKT_FILTERED, PREC_VIOLATION, PREC_CUTOFF.
        (false, (3, code)) => matches!(code, 2 | 3 | 6..=10 | 13..=15),
        // ICMP_PARAMETERPROB.
        (false, (12, _)) => true,
        // ICMPV6_DEST_UNREACH: ADM_PROHIBITED, PORT_UNREACH, POLICY_FAIL,
        // REJECT_ROUTE.
        (true, (1, code)) => matches!(code, 1 | 4 | 5 | 6),
        // ICMPV6_PARAMPROB.
        (true, (4, _)) => true,
        _ => false,
    }
}

/// An ICMP error and the datagram it quotes.
#[derive(Debug)]
pub(super) struct QuotedError<'a> {
    /// The ICMP type and code.
    icmp: (u8, u8),
    /// The quoted datagram's source (one of ours).
    src: IpAddr,
    /// The quoted datagram's destination.
    dst: IpAddr,
    /// The quoted datagram's protocol.
    proto: IpProtocol,
    /// The quoted bytes after its IP header.
    data: &'a [u8],
    /// The errno a socket sees.
    errno: Errno,
    /// The text ping prints.
    text: &'static str,
}

impl<'a> Message<'a> {
    /// Reads an ICMPv4 message.
    pub(super) fn from_v4(m: icmpv4::Repr<'a>) -> Self {
        match m {
            icmpv4::Repr::EchoRequest {
                ident,
                seq_no,
                data,
            } => Message::EchoRequest {
                reply: TransportRepr::Icmpv4(icmpv4::Repr::EchoReply {
                    ident,
                    seq_no,
                    data,
                }),
                ignore: Some(ICMPV4_ECHO_IGNORE),
            },
            icmpv4::Repr::EchoReply {
                ident,
                seq_no,
                data,
            } => Message::EchoReply {
                ident,
                seq_no,
                data,
            },
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
                Message::Error(QuotedError {
                    icmp: (3, reason.code()),
                    src: IpAddr::V4(header.src_addr),
                    dst: IpAddr::V4(header.dst_addr),
                    proto: header.protocol,
                    data,
                    errno,
                    text,
                })
            }
            icmpv4::Repr::TimeExceeded { header, data, .. } => Message::Error(QuotedError {
                icmp: (11, 0),
                src: IpAddr::V4(header.src_addr),
                dst: IpAddr::V4(header.dst_addr),
                proto: header.protocol,
                data,
                errno: Errno::EHOSTUNREACH,
                text: "Time to live exceeded",
            }),
            icmpv4::Repr::Other { msg_type, .. } => Message::OtherV4 { msg_type },
        }
    }

    /// Reads an ICMPv6 message.
    pub(super) fn from_v6(m: icmpv6::Repr<'a>) -> Self {
        match m {
            icmpv6::Repr::EchoRequest {
                ident,
                seq_no,
                data,
            } => Message::EchoRequest {
                reply: TransportRepr::Icmpv6(icmpv6::Repr::EchoReply {
                    ident,
                    seq_no,
                    data,
                }),
                ignore: None,
            },
            icmpv6::Repr::EchoReply {
                ident,
                seq_no,
                data,
            } => Message::EchoReply {
                ident,
                seq_no,
                data,
            },
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
                Message::Error(QuotedError {
                    icmp: (1, u8::from(reason)),
                    src: IpAddr::V6(header.src_addr),
                    dst: IpAddr::V6(header.dst_addr),
                    proto: header.next_header,
                    data,
                    errno,
                    text,
                })
            }
            icmpv6::Repr::TimeExceeded { header, data, .. } => Message::Error(QuotedError {
                icmp: (3, 0),
                src: IpAddr::V6(header.src_addr),
                dst: IpAddr::V6(header.dst_addr),
                proto: header.next_header,
                data,
                errno: Errno::EHOSTUNREACH,
                text: "Time exceeded: Hop limit",
            }),
            _ => Message::OtherV6,
        }
    }
}

impl Network {
    /// ICMP or ICMPv6 input of a message from `ip`'s source, sent to a
    /// broadcast address when `broadcast`.
    pub(super) fn icmp_input(
        &mut self,
        ns: NsId,
        ip: &IpRepr,
        m: Message<'_>,
        broadcast: bool,
        ttl: u8,
        id: PacketId,
    ) {
        let (src, dst) = (ip.src_addr(), ip.dst_addr());
        match m {
            Message::EchoRequest { reply, ignore } => {
                let ignored = ignore.is_some_and(|keys| {
                    self.namespaces.get(&ns).is_none_or(|n| {
                        n.sysctls.global_int(keys.all) != 0
                            || (broadcast && n.sysctls.global_int(keys.broadcasts) != 0)
                    })
                });
                if ignored {
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
                self.send_icmp_from_kernel(ns, dst, src, broadcast, reply);
            }
            Message::EchoReply {
                ident,
                seq_no,
                data,
            } => {
                self.deliver_echo_reply(ns, src, dst, ident, seq_no, data, ttl, id);
            }
            Message::Error(e) => self.icmp_error(ns, src, e, ttl, id),
            Message::OtherV4 { msg_type } => {
                self.ev(
                    ns,
                    Layer::Icmp,
                    Direction::Ingress,
                    Some(id),
                    Verdict::Delivered,
                    || format!("ICMP type {msg_type} from {src}: nothing to do"),
                );
            }
            Message::OtherV6 => {
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

    /// An ICMP error from `from` about a datagram this namespace sent:
    /// find the socket from the quoted headers and report it.
    fn icmp_error(&mut self, ns: NsId, from: IpAddr, e: QuotedError<'_>, ttl: u8, id: PacketId) {
        let QuotedError {
            icmp,
            src: q_src,
            dst: q_dst,
            proto: q_proto,
            data: quoted,
            errno,
            text,
        } = e;
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
        let mut tcp_failed = false;
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
                        ttl,
                        local: false,
                        info: 0,
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
                        ttl,
                        local: false,
                        info: 0,
                    });
                    s.so_error = Some(errno);
                    reported = "queued on the socket's error queue (IP_RECVERR)";
                }
                Transport::Udp if s.remote.is_some() && hard_error(icmp, q_dst.is_ipv6()) => {
                    s.so_error = Some(errno);
                    reported = "the connected socket's next call fails";
                }
                Transport::Udp if s.remote.is_some() => {
                    reported = "ignored: a soft error, and the socket has no IP_RECVERR";
                }
                Transport::Tcp => {
                    // tcp_v4_err: any error but "fragmentation needed"
                    // ends a connection still being opened.
                    let ended = errno != Errno::EMSGSIZE
                        && s.tcp.as_mut().is_some_and(|t| t.icmp_unreachable(errno));
                    reported = if ended {
                        tcp_failed = true;
                        "the connection being opened fails (tcp_v4_err)"
                    } else {
                        "TCP treats it as a soft error"
                    };
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
        if tcp_failed {
            self.tcp_dispatch(ns, sid);
        }
    }
}
