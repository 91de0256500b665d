//! UDP delivery: the socket a datagram is for (waking its reader if it
//! is one the network wakes at once), or ICMP port unreachable when there
//! is none.

use alloc::format;
use core::net::{IpAddr, SocketAddr};

use crate::iface::IfIndex;
use crate::net::Network;
use crate::net::sockets::{RX_QUEUE_LIMIT, RecvDatagram};
use crate::socket::bind::Transport;
use crate::trace::{Direction, DropReason, Layer, NsId, PacketId, Verdict};
use crate::wire::IpRepr;

impl Network {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn udp_input(
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
                let mut owner = None;
                if let Some(s) = self
                    .namespaces
                    .get_mut(&ns)
                    .and_then(|n| n.sockets.get_mut(sid))
                {
                    owner = s.owner.as_ref().map(|(pid, _)| *pid);
                    if s.rx.len() >= RX_QUEUE_LIMIT {
                        full = true;
                    } else {
                        let from =
                            crate::net::sockets::peer_for(s.family, SocketAddr::new(src, sport));
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
                self.data_ready(owner);
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
}

fn dst_is_broadcast_or_multicast(dst: IpAddr) -> bool {
    match dst {
        IpAddr::V4(a) => a.is_broadcast() || a.is_multicast() || a.octets()[3] == 255,
        IpAddr::V6(a) => a.is_multicast(),
    }
}
