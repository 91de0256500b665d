//! Additions to the stack that tools such as hping3 and traceroute, and
//! the router, need:
//!
//! - raw "sniffer" sockets: a copy of every datagram of one IP protocol
//!   delivered locally in a namespace (what `socket(AF_INET, SOCK_RAW,
//!   proto)` reads on Linux, in `raw_local_deliver`, before the protocol
//!   handler runs);
//! - IPv4 forwarding for namespaces with `net.ipv4.ip_forward = 1`: TTL
//!   decrement, ICMP time exceeded, and `ip_error`'s ICMP unreachable when
//!   there is no route, both rate limited per peer as Linux does.

use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::Network;
use super::build::IpFields;
use crate::iface::IfIndex;
use crate::route::{Decision, LookupError, NetView as _};
use crate::time::{Duration, Instant};
use crate::trace::{Direction, DropReason, Layer, NsId, PacketId, Verdict};
use crate::wire::{Datagram, IpRepr, TransportRepr, icmpv4};

/// The most datagrams a raw socket keeps before dropping new ones.
const RAW_QUEUE_LIMIT: usize = 1024;

/// `HZ` in microseconds: Linux's rate limits count in jiffies.
const HZ_US: u64 = 1_000_000;

/// A raw socket's id within the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RawId(pub u32);

/// A raw socket: every locally delivered datagram of `protocol`.
#[derive(Clone, Debug)]
pub struct RawSock {
    /// The namespace it lives in.
    pub ns: NsId,
    /// The IP protocol number it wants (1 ICMP, 6 TCP, 17 UDP).
    pub protocol: u8,
    /// The datagrams received (whole IP datagrams) with their arrival time.
    pub rx: VecDeque<(Instant, Vec<u8>)>,
}

/// An inet_peer's token bucket (`rate_tokens`, `rate_last`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct PeerTokens {
    tokens: u64,
    last: Instant,
}

impl Network {
    /// Every raw socket, by id (`/proc/net/raw`).
    pub(crate) fn raw_sockets(&self) -> impl Iterator<Item = (RawId, &RawSock)> {
        self.raw.iter().map(|(id, s)| (*id, s))
    }

    /// `socket(AF_INET, SOCK_RAW, protocol)`: a socket that receives a copy
    /// of every datagram of `protocol` delivered to this namespace.
    pub fn raw_open(&mut self, ns: NsId, protocol: u8) -> RawId {
        self.next_raw = self.next_raw.wrapping_add(1);
        let id = RawId(self.next_raw);
        self.raw.insert(
            id,
            RawSock {
                ns,
                protocol,
                rx: VecDeque::new(),
            },
        );
        id
    }

    /// Takes the next datagram a raw socket received (arrival time, bytes).
    pub fn raw_recv(&mut self, id: RawId) -> Option<(Instant, Vec<u8>)> {
        self.raw.get_mut(&id)?.rx.pop_front()
    }

    /// Whether a raw socket has a datagram waiting.
    pub fn raw_pending(&self, id: RawId) -> bool {
        self.raw.get(&id).is_some_and(|s| !s.rx.is_empty())
    }

    /// The namespace a raw socket was opened in.
    pub fn raw_ns(&self, id: RawId) -> Option<NsId> {
        self.raw.get(&id).map(|s| s.ns)
    }

    /// Closes a raw socket.
    pub fn raw_close(&mut self, id: RawId) {
        self.raw.remove(&id);
    }

    /// Gives every raw socket of `ns` for this datagram's protocol a copy.
    pub(super) fn raw_deliver(&mut self, ns: NsId, protocol: u8, bytes: &[u8], id: PacketId) {
        let now = self.now;
        let mut count = 0usize;
        for s in self.raw.values_mut() {
            if s.ns == ns && s.protocol == protocol && s.rx.len() < RAW_QUEUE_LIMIT {
                s.rx.push_back((now, bytes.to_vec()));
                count += 1;
            }
        }
        if count > 0 {
            self.ev(
                ns,
                Layer::SocketDemux,
                Direction::Ingress,
                Some(id),
                Verdict::Delivered,
                || format!("a raw socket for IP protocol {protocol} gets a copy"),
            );
        }
    }

    /// Linux's `inet_peer_xrlim_allow`: may `ns` send another ICMP error
    /// to `peer` now (`cost` one token, `burst` the bucket size)?
    fn peer_allow(&mut self, ns: NsId, peer: IpAddr, cost_us: u64, burst_us: u64) -> bool {
        let now = self.now;
        // A fresh peer's rate_last is 60 s ago: its bucket starts full.
        let entry = self.icmp_peers.entry((ns, peer)).or_insert(PeerTokens {
            tokens: 0,
            last: Instant::ZERO,
        });
        let fresh = entry.last == Instant::ZERO && entry.tokens == 0;
        let elapsed = if fresh {
            60 * HZ_US
        } else {
            (now - entry.last).micros()
        };
        entry.tokens = entry.tokens.saturating_add(elapsed).min(burst_us);
        entry.last = if now == Instant::ZERO {
            Instant::ZERO + Duration::from_micros(1)
        } else {
            now
        };
        if entry.tokens >= cost_us {
            entry.tokens -= cost_us;
            true
        } else {
            false
        }
    }

    /// `icmpv4_xrlim_allow` for the types in `icmp_ratemask` (unreachable,
    /// time exceeded): one per `icmp_ratelimit` (1 s), a burst of 6.
    fn icmp_xrlim_allow(&mut self, ns: NsId, peer: IpAddr) -> bool {
        self.peer_allow(ns, peer, HZ_US, 6 * HZ_US)
    }

    /// True if `ns` forwards IPv4 (`net.ipv4.ip_forward`).
    pub(super) fn forwarding(&self, ns: NsId) -> bool {
        self.namespaces
            .get(&ns)
            .is_some_and(|n| n.sysctls.global_int("net.ipv4.ip_forward") != 0)
    }

    /// `ip_forward`: a datagram for another host arrived on `iif` of a
    /// forwarding namespace and the input route found `decision`.
    pub(super) fn forward(
        &mut self,
        ns: NsId,
        iif: IfIndex,
        bytes: &[u8],
        decision: &Decision,
        id: PacketId,
    ) {
        let Ok(d) = Datagram::parse(bytes) else {
            return;
        };
        let IpRepr::Ipv4(h) = &d.ip else {
            self.ev(
                ns,
                Layer::IpInput,
                Direction::Ingress,
                Some(id),
                Verdict::Drop(DropReason::OtherHost),
                || String::from("IPv6 forwarding is off: the packet is dropped"),
            );
            return;
        };
        let src = IpAddr::V4(h.src_addr);
        if h.ttl <= 1 {
            self.ev(
                ns,
                Layer::IpInput,
                Direction::Ingress,
                Some(id),
                Verdict::Drop(DropReason::IpHeader),
                || format!("forwarding: the TTL of the packet from {src} ran out here"),
            );
            if self.icmp_xrlim_allow(ns, src) {
                let data = quote(bytes, h.header_len());
                let msg = icmpv4::Repr::TimeExceeded {
                    reason: icmpv4::TimeExceeded::TtlExpired,
                    header: h.clone(),
                    data,
                };
                self.send_icmp_error_from(ns, iif, src, TransportRepr::Icmpv4(msg));
            } else {
                self.ev(
                    ns,
                    Layer::Icmp,
                    Direction::Egress,
                    Some(id),
                    Verdict::Pass,
                    || format!("ICMP time exceeded to {src} suppressed by icmp_ratelimit"),
                );
            }
            return;
        }
        let mut out = bytes.to_vec();
        if let Ok(mut p) = crate::wire::Ipv4Packet::new_checked(&mut out[..]) {
            p.set_ttl(h.ttl - 1);
            p.fill_checksum();
        }
        let dst = IpAddr::V4(h.dst_addr);
        if self.nf_active(
            ns,
            crate::netfilter::NfFamily::Ipv4,
            crate::netfilter::Hook::Forward,
        ) && !self.nf_hook(
            ns,
            crate::netfilter::Hook::Forward,
            &mut out,
            Some(iif),
            Some(decision.dev),
            id,
            false,
        ) {
            return;
        }
        let dev = self.dev_label(ns, decision.dev);
        self.ev(
            ns,
            Layer::IpOutput,
            Direction::Egress,
            Some(id),
            Verdict::Pass,
            || format!("forwarding {src} -> {dst} out of {dev}, TTL {}", h.ttl - 1),
        );
        let hop = Network::next_hop(decision, dst);
        let _ = self.ip_output(ns, decision.dev, hop, out, id);
    }

    /// `ip_error`: no route for a datagram arriving on `iif`. A forwarding
    /// namespace answers ICMP unreachable (rate limited twice: the route
    /// error's own bucket, then icmp_ratelimit); others drop silently.
    pub(super) fn ip_error(
        &mut self,
        ns: NsId,
        iif: IfIndex,
        bytes: &[u8],
        error: LookupError,
        id: PacketId,
    ) {
        let Ok(d) = Datagram::parse(bytes) else {
            return;
        };
        let IpRepr::Ipv4(h) = &d.ip else {
            return;
        };
        let src = IpAddr::V4(h.src_addr);
        let dst = IpAddr::V4(h.dst_addr);
        let reason = match error {
            LookupError::NetUnreachable => icmpv4::DstUnreachable::NetUnreachable,
            LookupError::HostUnreachable => icmpv4::DstUnreachable::HostUnreachable,
            LookupError::Prohibited => icmpv4::DstUnreachable::Other(13),
            _ => {
                return;
            }
        };
        self.ev(
            ns,
            Layer::IpInput,
            Direction::Ingress,
            Some(id),
            Verdict::Drop(DropReason::IpInNoRoutes),
            || {
                format!(
                    "forwarding: no route to {dst}: ip_error answers {src} with ICMP unreachable"
                )
            },
        );
        // ip_rt_error_cost = HZ, ip_rt_error_burst = 5 * HZ.
        let allowed = self.peer_allow(ns, src, HZ_US, 5 * HZ_US) && self.icmp_xrlim_allow(ns, src);
        if !allowed {
            self.ev(
                ns,
                Layer::Icmp,
                Direction::Egress,
                Some(id),
                Verdict::Pass,
                || format!("ICMP unreachable to {src} suppressed by the rate limit"),
            );
            return;
        }
        let data = quote(bytes, h.header_len());
        let msg = icmpv4::Repr::DstUnreachable {
            reason,
            header: h.clone(),
            data,
        };
        self.send_icmp_error_from(ns, iif, src, TransportRepr::Icmpv4(msg));
    }

    /// Sends an ICMP error the kernel generates about a packet that came
    /// in on `iif`, from that interface's address.
    fn send_icmp_error_from(&mut self, ns: NsId, iif: IfIndex, to: IpAddr, msg: TransportRepr<'_>) {
        let id = self.new_packet_id();
        let Ok(decision) = self.route_output(ns, to, None, None, Some(id)) else {
            return;
        };
        let iif_addr = self.namespaces.get(&ns).and_then(|n| {
            n.addrs()
                .into_iter()
                .find(|a| a.index == iif && a.addr.is_ipv4())
                .map(|a| a.addr)
        });
        let Some(src) = iif_addr.or(decision.src) else {
            return;
        };
        let fields = IpFields {
            ttl: 64,
            ident: self.ip_ident(),
            dont_frag: false,
        };
        let Ok(bytes) = super::build::datagram(src, to, fields, msg) else {
            return;
        };
        let hop = Network::next_hop(&decision, to);
        let _ = self.transmit(ns, decision.dev, hop, bytes, id);
    }
}

/// What an ICMPv4 error quotes of a datagram: the payload after the IP
/// header, up to 576 bytes in all.
fn quote(bytes: &[u8], header_len: usize) -> &[u8] {
    let payload = bytes.get(header_len..).unwrap_or_default();
    payload.get(..payload.len().min(548)).unwrap_or_default()
}
