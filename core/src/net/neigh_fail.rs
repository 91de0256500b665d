//! What the kernel does with the datagrams waiting on a neighbour that
//! never answers: when its solicitation fails (`neigh_invalidate`), each
//! one the host sent itself is answered with an ICMP host unreachable
//! (ICMPv6 address unreachable) from the host's address on that device
//! (`ipv4_link_failure`, `ip6_link_failure`), delivered through `lo`.
//! So `ping` to an absent LAN host prints `From 192.168.1.50 icmp_seq=1
//! Destination Host Unreachable` three seconds later, and `tracepath`
//! prints `!H`.

use core::net::IpAddr;

use super::Network;
use super::build::{self, IpFields};
use crate::iface::IfIndex;
use crate::time::Instant;
use crate::trace::NsId;
use crate::wire::{Datagram, IpRepr, TransportRepr, icmpv4, icmpv6};

/// The most bytes an ICMPv4 error quotes (576 - 28).
const ICMPV4_QUOTE: usize = 548;
/// The most bytes an ICMPv6 error quotes (1280 - 48).
const ICMPV6_QUOTE: usize = 1232;

impl Network {
    /// Datagram `bytes`, sent by this host on `dev` to a next hop that
    /// does not answer, gets its unreachable error at `at`, the moment the
    /// neighbour's solicitation fails.
    pub(super) fn neighbour_failure(&mut self, ns: NsId, dev: IfIndex, bytes: &[u8], at: Instant) {
        let Ok(d) = Datagram::parse(bytes) else {
            return;
        };
        // No error about an error.
        let is_error = match &d.transport {
            TransportRepr::Icmpv4(m) => !matches!(
                m,
                icmpv4::Repr::EchoRequest { .. } | icmpv4::Repr::EchoReply { .. }
            ),
            TransportRepr::Icmpv6(m) => !matches!(
                m,
                icmpv6::Repr::EchoRequest { .. } | icmpv6::Repr::EchoReply { .. }
            ),
            _ => false,
        };
        let src = d.ip.src_addr();
        let Some(n) = self.namespaces.get(&ns) else {
            return;
        };
        if is_error || !n.has_addr(&src) {
            return;
        }
        let Some(iface) = n.ifaces.get(&dev) else {
            return;
        };
        let from = match src {
            IpAddr::V4(_) => iface.ipv4.first().map(|a| IpAddr::V4(a.addr)),
            IpAddr::V6(_) => iface.ipv6.first().map(|a| IpAddr::V6(a.addr)),
        };
        let Some(from) = from else {
            return;
        };
        let payload = bytes.get(d.ip.header_len()..).unwrap_or_default();
        let msg = match &d.ip {
            IpRepr::Ipv4(h) => TransportRepr::Icmpv4(icmpv4::Repr::DstUnreachable {
                reason: icmpv4::DstUnreachable::HostUnreachable,
                header: h.clone(),
                data: payload
                    .get(..payload.len().min(ICMPV4_QUOTE))
                    .unwrap_or_default(),
            }),
            IpRepr::Ipv6(h) => TransportRepr::Icmpv6(icmpv6::Repr::DstUnreachable {
                reason: icmpv6::DstUnreachable::AddrUnreachable,
                header: *h,
                data: payload
                    .get(..payload.len().min(ICMPV6_QUOTE))
                    .unwrap_or_default(),
            }),
        };
        let fields = IpFields {
            ttl: 64,
            ident: self.ip_ident(),
            dont_frag: false,
        };
        let Ok(error) = build::datagram(from, src, fields, msg) else {
            return;
        };
        let id = self.new_packet_id();
        self.schedule_rx(at, ns, IfIndex::LOOPBACK, error, id);
    }
}
