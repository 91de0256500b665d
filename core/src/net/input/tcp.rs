//! TCP delivery: finding the connection or listener a segment is for, and
//! the RST the kernel answers with when nothing is there.

use alloc::format;
use alloc::vec::Vec;
use core::net::SocketAddr;

use crate::iface::IfIndex;
use crate::net::Network;
use crate::net::build::{self, IpFields};
use crate::socket::bind::Transport;
use crate::trace::{Direction, DropReason, Layer, NsId, PacketId, Verdict};
use crate::wire::{IpRepr, SeqNumber, TcpFlags, TcpRepr, TransportRepr};

impl Network {
    /// Delivers a TCP segment, or answers it with a RST.
    pub(super) fn tcp_input(
        &mut self,
        ns: NsId,
        iif: IfIndex,
        ip: &IpRepr,
        seg: &TcpRepr<'_>,
        bytes: &[u8],
        id: PacketId,
    ) {
        let (src, dst) = (ip.src_addr(), ip.dst_addr());
        let found = self.namespaces.get(&ns).and_then(|n| {
            n.sockets.lookup(
                Transport::Tcp,
                SocketAddr::new(src, seg.src_port),
                SocketAddr::new(dst, seg.dst_port),
                iif,
            )
        });
        if let Some(sid) = found {
            self.tcp_deliver(ns, sid, ip, seg, id);
            return;
        }
        let _ = bytes;
        self.ev(
            ns,
            Layer::SocketDemux,
            Direction::Ingress,
            Some(id),
            Verdict::Drop(DropReason::NoSocket),
            || {
                if seg.flags.contains(TcpFlags::RST) {
                    format!(
                        "no TCP socket on {dst}:{}: the RST is dropped",
                        seg.dst_port
                    )
                } else {
                    format!(
                        "no TCP socket listens on {dst}:{}: the kernel answers with RST",
                        seg.dst_port
                    )
                }
            },
        );
        if !seg.flags.contains(TcpFlags::RST) {
            self.send_reset(ns, ip, seg);
        }
    }

    /// The RST for a segment that has no connection (RFC 9293 3.10.7.1).
    pub(crate) fn send_reset(&mut self, ns: NsId, ip: &IpRepr, seg: &TcpRepr<'_>) {
        let (seq, ack, flags) = match seg.ack_number {
            Some(ack) => (ack, None, TcpFlags::RST),
            None => (
                SeqNumber(0),
                Some(seg.seq_number + seg.segment_len()),
                TcpFlags::RST | TcpFlags::ACK,
            ),
        };
        let rst = TcpRepr {
            src_port: seg.dst_port,
            dst_port: seg.src_port,
            seq_number: seq,
            ack_number: ack,
            flags,
            window_len: 0,
            urgent_at: 0,
            options: Vec::new(),
            payload: &[],
        };
        let (local, remote) = (ip.dst_addr(), ip.src_addr());
        let id = self.new_packet_id();
        let Ok(decision) = self.route_output(ns, remote, Some(local), None, Some(id)) else {
            return;
        };
        let fields = IpFields {
            ttl: 64,
            ident: 0,
            dont_frag: true,
        };
        let Ok(bytes) = build::datagram(local, remote, fields, TransportRepr::Tcp(rst)) else {
            return;
        };
        let hop = Network::next_hop(&decision, remote);
        let _ = self.transmit(ns, decision.dev, hop, bytes, id);
    }
}
