//! The simulated network: every namespace of the lab host plus the other
//! machines on its LAN, the packets in flight between them, the trace, the
//! capture and the kernel log.
//!
//! Packets are real bytes. Egress: a socket asks [`Network`] to send; the
//! route lookup picks a device and source ([`output`]); the device transmits
//! (on `lo`, transmit *is* receive: the packet is queued to the receive
//! backlog); [`Network::poll`] later runs the receive path ([`input`]):
//! martian checks, the input route lookup, local delivery to ICMP, UDP or
//! TCP and the socket demux.

pub mod api;
mod backlog;
pub(crate) mod build;
pub mod capture;
mod conn_index;
mod input;
pub mod klog;
pub mod neigh;
mod neigh_fail;
pub mod netem;
mod netfilter;
pub mod netns;
pub mod output;
pub mod raw;
mod socket_id;
pub mod sockets;
mod tcp;
#[cfg(test)]
mod tests;
mod timer_index;
pub mod wake;

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};

use crate::iface::{IfIndex, Interface, Kind};
use crate::rand::Rng;
use crate::time::{Duration, Instant};
use crate::trace::{Direction, Layer, NsId, PacketId, Trace, Verdict};
use crate::world;

pub use capture::Capture;
pub(crate) use input::martian::{Martian, classify as classify_martian};
pub use klog::KernelLog;
pub use netem::{Netem, NetemState};
pub use netns::{Netns, NsKind};
pub use sockets::{SockType, SocketId};

/// The host's initial namespace.
pub const HOST_NS: NsId = 0;

/// The most namespaces the lab holds.
pub const NAMESPACE_LIMIT: usize = 64;

/// The least time between two packets one device delivers: the receiving
/// CPU handles a backlog packet at a time, so a burst arrives spread out,
/// not all at one instant.
const BACKLOG_GAP: Duration = Duration::from_micros(1);

/// The most packets in flight at once (a stand-in for netdev_max_backlog
/// and the LAN's queues).
pub const IN_FLIGHT_LIMIT: usize = 100_000;

/// The most received packet buffers kept for reuse.
const SPARE_BUF_LIMIT: usize = 8;

/// A packet between transmit and receive.
#[derive(Clone, Debug)]
struct InFlight {
    ns: NsId,
    /// The receiving interface, or (for `xmit`) the sending one.
    iif: IfIndex,
    bytes: Vec<u8>,
    id: PacketId,
    /// Set for a packet netem holds back: it leaves `iif` towards this next
    /// hop when due (that is when taps such as tcpdump see it).
    xmit: Option<IpAddr>,
    /// For a packet in lo's receive backlog: when it was queued.
    queued: Option<Instant>,
}

/// The whole simulated network.
#[derive(Debug)]
pub struct Network {
    namespaces: BTreeMap<NsId, Netns>,
    next_ns: NsId,
    /// The per-layer trace.
    pub trace: Trace,
    /// What crossed every interface.
    pub capture: Capture,
    /// `dmesg`.
    pub klog: KernelLog,
    /// Fault injection per (namespace, interface).
    pub qdiscs: BTreeMap<(NsId, IfIndex), NetemState>,
    /// The LAN bridge: the Ethernet ports plugged into it.
    lan: Vec<(NsId, IfIndex)>,
    in_flight: BTreeMap<(Instant, u64), InFlight>,
    in_flight_seq: u64,
    /// When the last packet each transmitting device sent arrives (see
    /// [`Network::in_order_arrival`]); entries in the past are dropped.
    link_tail: Vec<((NsId, IfIndex), Instant)>,
    /// Packet buffers already received, kept for the next datagram built
    /// (their allocation is reused, and is warm in the cache).
    spare_bufs: Vec<Vec<u8>>,
    pub(crate) rng: Rng,
    /// Raw sockets (hping3's receive side).
    raw: BTreeMap<raw::RawId, raw::RawSock>,
    next_raw: u32,
    /// inet_peer token buckets for ICMP errors, per (namespace, peer).
    icmp_peers: BTreeMap<(NsId, IpAddr), raw::PeerTokens>,
    /// The processes woken the moment a datagram is queued for one of
    /// their sockets (see [`wake`]).
    immediate_readers: alloc::collections::BTreeSet<u32>,
    /// An event just woke one of them.
    woken: bool,
    /// How many events (packets moved, TCP timer runs) the network has
    /// handled since it was built: the work a line did (see
    /// [`Network::events_handled`]).
    events_handled: u64,
    next_packet: PacketId,
    now: Instant,
}

/// Adds the boot-time default route via `gw` on `dev` (as ifupdown's
/// `gateway` line does).
fn add_default_route(ns: &mut Netns, dev: IfIndex, gw: Ipv4Addr) {
    if let Some(prefix) = crate::route::Prefix::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0) {
        let _ = ns.fib.add_route(crate::route::Route {
            table: crate::route::TableId::MAIN,
            dst: prefix,
            kind: crate::route::RouteType::Unicast,
            dev: Some(dev),
            via: Some(IpAddr::V4(gw)),
            proto: crate::route::Proto::BOOT,
            scope: crate::route::Scope::GLOBAL,
            src: None,
            metric: 0,
        });
    }
}

impl Network {
    /// An empty network (no namespaces).
    pub fn empty(seed: u64) -> Self {
        Network {
            namespaces: BTreeMap::new(),
            next_ns: 0,
            trace: Trace::default(),
            capture: Capture::default(),
            klog: KernelLog::default(),
            qdiscs: BTreeMap::new(),
            lan: Vec::new(),
            in_flight: BTreeMap::new(),
            in_flight_seq: 0,
            link_tail: Vec::new(),
            spare_bufs: Vec::new(),
            rng: Rng::new(seed ^ 0x6c6f_6c61_6221),
            raw: BTreeMap::new(),
            next_raw: 0,
            icmp_peers: BTreeMap::new(),
            immediate_readers: alloc::collections::BTreeSet::new(),
            woken: false,
            events_handled: 0,
            next_packet: 1,
            now: Instant::ZERO,
        }
    }

    /// The default lab ([`world`]): a Debian 12 host (`lo` up, `eth0`
    /// 192.168.1.50/24, default route via 192.168.1.1) on a LAN with a
    /// router (192.168.1.1, `net.ipv4.ip_forward = 1`, an uplink `wan0`
    /// into the void) and a laptop (192.168.1.20).
    pub fn debian_lab(seed: u64) -> Self {
        let mut net = Network::empty(seed);
        for m in world::MACHINES {
            let host = m.name == world::LAB.name;
            let kind = if host { NsKind::Host } else { NsKind::Machine };
            let id = net.add_machine(&m, kind);
            debug_assert!(!host || id == HOST_NS);
            if m.name == world::UPLINK_HOST.name
                && let Some(n) = net.namespaces.get_mut(&id)
            {
                let up = world::UPLINK;
                let wan = n.add_iface(Interface::ethernet(IfIndex(0), up.dev, up.mac));
                let _ = n.add_addr(wan, IpAddr::V4(up.addr), up.prefix_len);
                let _ = n.set_link(wan, true, false);
                if let Some(gw) = up.gateway {
                    add_default_route(n, wan, gw);
                }
            }
        }
        net.trace.clear();
        net
    }

    /// Adds machine `m` with `lo` up and `eth0` on the LAN.
    fn add_machine(&mut self, m: &world::Machine, kind: NsKind) -> NsId {
        let id = self.next_ns;
        self.next_ns += 1;
        let mut ns = Netns::new(id, m.name, kind);
        // systemd brings lo up at boot and re-adds ::1 with its prefix route.
        let _ = ns.set_link(IfIndex::LOOPBACK, true, true);
        let eth = ns.add_iface(Interface::ethernet(IfIndex(0), world::LAN_DEV, m.mac));
        let _ = ns.add_addr(eth, IpAddr::V4(m.addr), world::LAN_PREFIX_LEN);
        let _ = ns.set_link(eth, true, false);
        if let Some(gw) = m.gateway {
            add_default_route(&mut ns, eth, gw);
        }
        if m.forwarding {
            let _ = ns.sysctls.set("net.ipv4.ip_forward", "1", true);
        }
        self.lan.push((id, eth));
        self.namespaces.insert(id, ns);
        id
    }

    /// A namespace.
    pub fn ns(&self, id: NsId) -> Option<&Netns> {
        self.namespaces.get(&id)
    }

    /// A namespace, mutable.
    pub fn ns_mut(&mut self, id: NsId) -> Option<&mut Netns> {
        self.namespaces.get_mut(&id)
    }

    /// Every namespace.
    pub fn namespaces(&self) -> impl Iterator<Item = &Netns> {
        self.namespaces.values()
    }

    /// The namespace the user named `name` with `ip netns add`.
    pub fn named_ns(&self, name: &str) -> Option<NsId> {
        self.namespaces
            .values()
            .find(|n| n.kind == NsKind::Named && n.name == name)
            .map(|n| n.id)
    }

    /// The machine called `name` (`lab`, `router`, `laptop`).
    pub fn machine(&self, name: &str) -> Option<NsId> {
        self.namespaces
            .values()
            .find(|n| n.kind != NsKind::Named && n.name == name)
            .map(|n| n.id)
    }

    /// `ip netns add NAME`: a fresh namespace with only `lo`, down.
    pub fn add_named_ns(&mut self, name: &str) -> Result<NsId, crate::errno::Errno> {
        if self.named_ns(name).is_some() {
            return Err(crate::errno::Errno::EEXIST);
        }
        if self.namespaces.len() >= NAMESPACE_LIMIT {
            return Err(crate::errno::Errno::ENOSPC);
        }
        let id = self.next_ns;
        self.next_ns += 1;
        self.namespaces
            .insert(id, Netns::new(id, name, NsKind::Named));
        Ok(id)
    }

    /// `ip netns del NAME`: its veth ends disappear with it, and so do their peers.
    pub fn del_named_ns(&mut self, name: &str) -> Result<(), crate::errno::Errno> {
        let id = self.named_ns(name).ok_or(crate::errno::Errno::ENOENT)?;
        if let Some(ns) = self.namespaces.remove(&id) {
            for iface in ns.ifaces.values() {
                if let Kind::Veth {
                    peer_netns,
                    peer_index,
                    ..
                } = iface.kind
                    && let Some(peer) = self.namespaces.get_mut(&peer_netns)
                {
                    peer.remove_iface(peer_index);
                }
            }
        }
        self.lan.retain(|(ns, _)| *ns != id);
        Ok(())
    }

    /// `ip link add A type veth peer name B`, then moves B to `peer_ns`.
    pub fn add_veth(
        &mut self,
        ns: NsId,
        name: &str,
        peer_ns: NsId,
        peer_name: &str,
    ) -> Result<(IfIndex, IfIndex), crate::errno::Errno> {
        let exists = |n: &Netns, nm: &str| n.iface_by_name(nm).is_some();
        let a = self
            .namespaces
            .get(&ns)
            .ok_or(crate::errno::Errno::ENOENT)?;
        let b = self
            .namespaces
            .get(&peer_ns)
            .ok_or(crate::errno::Errno::ENOENT)?;
        if exists(a, name) || exists(b, peer_name) || (ns == peer_ns && name == peer_name) {
            return Err(crate::errno::Errno::EEXIST);
        }
        let mac_a = self.random_mac();
        let mac_b = self.random_mac();
        let ia = self
            .namespaces
            .get_mut(&ns)
            .map(|n| n.add_iface(Interface::ethernet(IfIndex(0), name, mac_a)))
            .ok_or(crate::errno::Errno::ENOENT)?;
        let ib = self
            .namespaces
            .get_mut(&peer_ns)
            .map(|n| n.add_iface(Interface::ethernet(IfIndex(0), peer_name, mac_b)))
            .ok_or(crate::errno::Errno::ENOENT)?;
        if let Some(i) = self
            .namespaces
            .get_mut(&ns)
            .and_then(|n| n.ifaces.get_mut(&ia))
        {
            i.kind = Kind::Veth {
                mac: mac_a,
                peer_netns: peer_ns,
                peer_index: ib,
            };
        }
        if let Some(i) = self
            .namespaces
            .get_mut(&peer_ns)
            .and_then(|n| n.ifaces.get_mut(&ib))
        {
            i.kind = Kind::Veth {
                mac: mac_b,
                peer_netns: ns,
                peer_index: ia,
            };
        }
        Ok((ia, ib))
    }

    fn random_mac(&mut self) -> [u8; 6] {
        let r = self.rng.next_u64().to_le_bytes();
        // Locally administered, unicast, as the kernel's eth_random_addr.
        [(r[0] & 0xfe) | 0x02, r[1], r[2], r[3], r[4], r[5]]
    }

    /// The current time of the network.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// A new packet id.
    pub(crate) fn new_packet_id(&mut self) -> PacketId {
        let id = self.next_packet;
        self.next_packet += 1;
        id
    }

    /// Records a trace event; `summary` is only built when tracing is on.
    pub(crate) fn ev<S: Into<crate::trace::Summary>>(
        &mut self,
        ns: NsId,
        layer: Layer,
        dir: Direction,
        packet: Option<PacketId>,
        verdict: Verdict,
        summary: impl FnOnce() -> S,
    ) {
        if self.trace.enabled() {
            let now = self.now;
            self.trace
                .record(now, ns, layer, dir, packet, summary(), verdict);
        }
    }

    /// Queues a packet to arrive at `ns`/`iif` at `at`.
    fn schedule_rx(
        &mut self,
        at: Instant,
        ns: NsId,
        iif: IfIndex,
        bytes: Vec<u8>,
        id: PacketId,
    ) -> bool {
        if self.in_flight.len() >= IN_FLIGHT_LIMIT {
            return false;
        }
        self.in_flight_seq += 1;
        self.in_flight.insert(
            (at, self.in_flight_seq),
            InFlight {
                ns,
                iif,
                bytes,
                id,
                xmit: None,
                queued: None,
            },
        );
        true
    }

    /// Holds a packet in `dev`'s qdisc until `at`, when the device sends it.
    pub(crate) fn schedule_xmit(
        &mut self,
        at: Instant,
        ns: NsId,
        dev: IfIndex,
        next_hop: IpAddr,
        bytes: Vec<u8>,
        id: PacketId,
    ) -> bool {
        if self.in_flight.len() >= IN_FLIGHT_LIMIT {
            return false;
        }
        self.in_flight_seq += 1;
        self.in_flight.insert(
            (at, self.in_flight_seq),
            InFlight {
                ns,
                iif: dev,
                bytes,
                id,
                xmit: Some(next_hop),
                queued: None,
            },
        );
        true
    }

    /// Keeps a buffer whose datagram was received (a few of them, of at
    /// most 128 KiB each, so the pool stays small).
    pub(crate) fn recycle_buf(&mut self, buf: Vec<u8>) {
        if self.spare_bufs.len() < SPARE_BUF_LIMIT && buf.capacity() <= 128 << 10 {
            self.spare_bufs.push(buf);
        }
    }

    /// When the next thing is due: a packet arriving or a TCP timer.
    pub fn poll_at(&self) -> Option<Instant> {
        let packet = self.in_flight.keys().next().map(|(t, _)| *t);
        match (packet, self.tcp_next_timer()) {
            (Some(a), Some(b)) => Some(a.min(b.max(self.now))),
            (Some(a), None) => Some(a),
            (None, Some(b)) => Some(b.max(self.now)),
            (None, None) => None,
        }
    }

    /// How many events (a packet received, transmitted or forwarded; a
    /// run of the TCP timers) the network has handled since it was built:
    /// a measure of the work done, which the facade bounds per command
    /// line.
    pub fn events_handled(&self) -> u64 {
        self.events_handled
    }

    /// Advances the clock (never backwards) without delivering anything.
    pub fn set_now(&mut self, now: Instant) {
        if now > self.now {
            self.now = now;
        }
    }

    /// Delivers every packet and fires every TCP timer due at or before
    /// `now`, in time order (what they cause is handled too if it is due).
    pub fn poll(&mut self, now: Instant) {
        self.run_until(now, false);
    }

    /// [`Network::poll`]; with `stop_on_wake`, it returns true (the clock
    /// at the instant of the event) as soon as an event woke a process
    /// (see [`Network::poll_until_woken`]).
    fn run_until(&mut self, now: Instant, stop_on_wake: bool) -> bool {
        let mut budget = IN_FLIGHT_LIMIT * 4;
        while budget > 0 {
            if stop_on_wake && core::mem::take(&mut self.woken) {
                return true;
            }
            budget -= 1;
            let packet = self.in_flight.keys().next().copied();
            let timer = self.tcp_next_timer().map(|t| t.max(self.now));
            match (packet, timer) {
                (Some(key), t) if key.0 <= now && t.is_none_or(|t| key.0 <= t) => {
                    let Some(p) = self.in_flight.remove(&key) else {
                        break;
                    };
                    self.set_now(key.0);
                    self.events_handled += 1;
                    if let Some(hop) = p.xmit {
                        self.xmit_now(p.ns, p.iif, hop, p.bytes, p.id);
                    } else {
                        self.receive(p.ns, p.iif, &p.bytes, p.id);
                        self.recycle_buf(p.bytes);
                    }
                }
                (_, Some(t)) if t <= now => {
                    self.set_now(t);
                    self.events_handled += 1;
                    if !self.tcp_run_timers(t)
                        && self.in_flight.keys().next().is_none_or(|k| k.0 > now)
                    {
                        // Timers that stay due without progress would spin.
                        break;
                    }
                }
                _ => break,
            }
        }
        if stop_on_wake && core::mem::take(&mut self.woken) {
            return true;
        }
        self.woken = false;
        self.set_now(now);
        false
    }

    /// The time a packet takes from transmit to the receive path on `lo`:
    /// a few microseconds of softirq work, as on a real machine.
    /// When a packet that `dev` (in `ns`) sends now, with latency `delay`,
    /// arrives: never before the packet the device sent before it. The
    /// loopback backlog, a veth pair and a switched LAN all deliver in
    /// order (only a qdisc such as netem reorders, before the device), so
    /// the random latency must not let a later packet overtake.
    pub(crate) fn in_order_arrival(&mut self, ns: NsId, dev: IfIndex, delay: Duration) -> Instant {
        let now = self.now;
        let mut at = now + delay;
        if let Some((_, tail)) = self.link_tail.iter_mut().find(|(k, _)| *k == (ns, dev)) {
            at = at.max(*tail + BACKLOG_GAP);
            *tail = at;
        } else {
            self.link_tail.retain(|(_, t)| *t > now);
            self.link_tail.push(((ns, dev), at));
        }
        at
    }

    fn loopback_delay(&mut self) -> Duration {
        Duration::from_micros(u64::from(8 + self.rng.range_inclusive(0, 6)))
    }

    /// The time a frame takes across the simulated gigabit LAN.
    fn lan_delay(&mut self, len: usize) -> Duration {
        let serialization = (len as u64 * 8) / 1000;
        Duration::from_micros(120 + serialization + u64::from(self.rng.range_inclusive(0, 60)))
    }

    /// Describes an interface for trace lines: `lo`, `eth0@laptop`.
    pub(crate) fn dev_label(&self, ns: NsId, index: IfIndex) -> crate::trace::Label {
        use crate::trace::Label;
        match self.namespaces.get(&ns) {
            Some(n) if n.kind == NsKind::Host => Label::new(n.iface_name(index)),
            Some(n) => Label::joined(n.iface_name(index), '@', &n.name),
            None => Label::new("?"),
        }
    }
}
