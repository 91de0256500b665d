//! The ICMP messages the kernel sends on its own: echo replies and port
//! unreachable, quoting as much of the offending datagram as the family
//! allows.

use core::net::IpAddr;

use crate::net::Network;
use crate::net::build::{self, IpFields};
use crate::trace::NsId;
use crate::wire::{IpRepr, TransportRepr, icmpv4, icmpv6};

/// The most bytes of an offending datagram an ICMPv4 error quotes (576 - 28).
const ICMPV4_QUOTE: usize = 548;
/// The most bytes an ICMPv6 error quotes (1280 - 48).
const ICMPV6_QUOTE: usize = 1232;

impl Network {
    /// Sends an ICMP message the kernel itself generates (echo reply,
    /// port unreachable): a new IP id, no DF, TTL 64.
    pub(super) fn send_icmp_from_kernel(
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

    /// Answers a datagram nobody wanted with ICMP port unreachable.
    pub(crate) fn send_port_unreachable(&mut self, ns: NsId, ip: &IpRepr, bytes: &[u8]) {
        let code = match ip {
            IpRepr::Ipv4(_) => 3,
            IpRepr::Ipv6(_) => 4,
        };
        self.send_unreachable(ns, ip, bytes, code);
    }

    /// Answers a datagram with ICMP (or ICMPv6) destination unreachable
    /// of `code` (`REJECT --reject-with` picks it).
    pub(crate) fn send_unreachable(&mut self, ns: NsId, ip: &IpRepr, bytes: &[u8], code: u8) {
        let (src, dst) = (ip.src_addr(), ip.dst_addr());
        let header_len = ip.header_len();
        let payload = bytes.get(header_len..).unwrap_or_default();
        match ip {
            IpRepr::Ipv4(h) => {
                let quoted = payload
                    .get(..payload.len().min(ICMPV4_QUOTE))
                    .unwrap_or_default();
                let reason = match code {
                    0 => icmpv4::DstUnreachable::NetUnreachable,
                    1 => icmpv4::DstUnreachable::HostUnreachable,
                    2 => icmpv4::DstUnreachable::ProtoUnreachable,
                    3 => icmpv4::DstUnreachable::PortUnreachable,
                    9 => icmpv4::DstUnreachable::NetProhibited,
                    10 => icmpv4::DstUnreachable::HostProhibited,
                    13 => icmpv4::DstUnreachable::CommProhibited,
                    c => icmpv4::DstUnreachable::Other(c),
                };
                let msg = icmpv4::Repr::DstUnreachable {
                    reason,
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
                    reason: icmpv6::DstUnreachable::from(code),
                    header: *h,
                    data: quoted,
                };
                self.send_icmp_from_kernel(ns, dst, src, false, TransportRepr::Icmpv6(msg));
            }
        }
    }
}
