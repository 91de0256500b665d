//! The socket table of one namespace: creating, binding and connecting
//! sockets with Linux's rules, and finding the socket a packet is for.

use alloc::collections::{BTreeMap, VecDeque};
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use super::conn_index::{ConnIndex, ConnKey};
pub use super::socket_id::SocketId;
use super::timer_index::TimerIndex;
use crate::errno::Errno;
use crate::iface::IfIndex;
use crate::rand::Rng;
use crate::socket::bind::{self, Binding, Family, Transport};
use crate::socket::tcp::{State as TcpState, TcpListener, TcpSocket};
use crate::time::Instant;
use crate::trace::PacketId;

/// The socket type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SockType {
    /// SOCK_STREAM (TCP).
    Stream,
    /// SOCK_DGRAM (UDP).
    Dgram,
    /// An ICMP echo socket (SOCK_DGRAM + IPPROTO_ICMP, or ping's raw socket).
    Ping,
}

impl SockType {
    /// The transport whose ports it uses.
    pub const fn transport(self) -> Transport {
        match self {
            SockType::Stream => Transport::Tcp,
            SockType::Dgram => Transport::Udp,
            SockType::Ping => Transport::Ping,
        }
    }
}

/// Socket options that change behaviour in the lab.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SockOpts {
    /// SO_REUSEADDR.
    pub reuse_addr: bool,
    /// SO_REUSEPORT.
    pub reuse_port: bool,
    /// IPV6_V6ONLY.
    pub v6only: bool,
    /// IP_FREEBIND.
    pub freebind: bool,
    /// SO_BINDTODEVICE.
    pub bind_device: Option<IfIndex>,
    /// SO_BROADCAST.
    pub broadcast: bool,
    /// IP_TTL / IPV6_UNICAST_HOPS (None = the default 64).
    pub ttl: Option<u8>,
    /// IP_RECVERR: ICMP errors go to the error queue (UDP sockets too).
    pub recverr: bool,
    /// IP_MTU_DISCOVER set to `IP_PMTUDISC_DO` or `IP_PMTUDISC_PROBE`: a
    /// datagram larger than the path MTU fails with EMSGSIZE (and a local
    /// error on the error queue with IP_RECVERR) instead of fragmenting.
    pub pmtudisc_do: bool,
}

/// A datagram waiting in a socket's receive queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecvDatagram {
    /// Who sent it (v4-mapped for IPv4 on a dual-stack socket).
    pub from: SocketAddr,
    /// The destination address it was sent to.
    pub to: IpAddr,
    /// The payload (for ping sockets: the ICMP echo data after the 8-byte header).
    pub data: Vec<u8>,
    /// The TTL / hop limit it arrived with.
    pub ttl: u8,
    /// The ICMP echo sequence number (ping sockets).
    pub seq: u16,
    /// When it arrived.
    pub time: Instant,
    /// The packet that carried it.
    pub packet: PacketId,
}

/// An ICMP error reported to a socket (ping's "From ... Destination Port
/// Unreachable", a connected UDP socket's ECONNREFUSED).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IcmpErrorReport {
    /// The router or host that sent the error.
    pub from: IpAddr,
    /// The errno it maps to.
    pub errno: Errno,
    /// The text ping prints ("Destination Port Unreachable", "Time to live exceeded").
    pub text: &'static str,
    /// For echo requests: the sequence number quoted in the error.
    pub seq: Option<u16>,
    /// When it arrived.
    pub time: Instant,
    /// The ICMP type and code (traceroute's `ee_type`, `ee_code`).
    pub icmp: (u8, u8),
    /// For UDP: the destination port of the datagram the error quotes.
    pub port: Option<u16>,
    /// The TTL (hop limit) the error arrived with (`IP_RECVTTL`); 0 for a
    /// local error.
    pub ttl: u8,
    /// `SO_EE_ORIGIN_LOCAL`: the host's own stack refused the datagram
    /// (EMSGSIZE), no ICMP message was received.
    pub local: bool,
    /// `ee_info`: for EMSGSIZE, the MTU.
    pub info: u32,
}

/// The most datagrams a receive queue holds before dropping (a stand-in
/// for SO_RCVBUF).
pub const RX_QUEUE_LIMIT: usize = 1024;

/// One socket.
#[derive(Debug)]
pub struct Socket {
    /// AF_INET or AF_INET6.
    pub family: Family,
    /// Its type.
    pub ty: SockType,
    /// Owner uid.
    pub uid: u32,
    /// The process that opened it and its command name (for `ss -p`).
    pub owner: Option<(u32, String)>,
    /// Options.
    pub opts: SockOpts,
    /// The bound local address (set it with [`SocketTable::set_addrs`],
    /// which keeps the demux index in step).
    pub local: Option<SocketAddr>,
    /// The connected peer (set it with [`SocketTable::set_addrs`]).
    pub remote: Option<SocketAddr>,
    /// `listen()` was called (TCP).
    pub listening: bool,
    /// The backlog given to `listen()`.
    pub backlog: u32,
    /// Accepted connections not yet taken by `accept()` (TCP listeners).
    pub accept_queue: VecDeque<SocketId>,
    /// Connections in SYN-RECEIVED for this listener.
    pub syn_queue: Vec<SocketId>,
    /// The listener an embryonic/accepted connection belongs to until `accept()`.
    pub parent: Option<SocketId>,
    /// Received datagrams (UDP, ping).
    pub rx: VecDeque<RecvDatagram>,
    /// SO_ERROR: an error to report on the next call.
    pub so_error: Option<Errno>,
    /// ICMP errors for IP_RECVERR readers (ping).
    pub errqueue: VecDeque<IcmpErrorReport>,
    /// The TCP connection state machine (connected stream sockets).
    pub tcp: Option<alloc::boxed::Box<TcpSocket>>,
    /// The listener (a stream socket after `listen()`).
    pub listener: Option<TcpListener>,
    /// Closed by its owner (kept while TCP finishes its close).
    pub orphaned: bool,
    /// The TCP connection's next deadline, as of its last dispatch.
    pub(crate) timer: Option<crate::time::Instant>,
}

impl Socket {
    fn new(family: Family, ty: SockType, uid: u32) -> Self {
        Socket {
            family,
            ty,
            uid,
            owner: None,
            opts: SockOpts::default(),
            local: None,
            remote: None,
            listening: false,
            backlog: 0,
            accept_queue: VecDeque::new(),
            syn_queue: Vec::new(),
            parent: None,
            rx: VecDeque::new(),
            so_error: None,
            errqueue: VecDeque::new(),
            tcp: None,
            listener: None,
            orphaned: false,
            timer: None,
        }
    }

    /// The binding as the conflict rules see it.
    pub fn binding(&self) -> Option<Binding> {
        let local = self.local?;
        Some(Binding {
            family: self.family,
            transport: self.ty.transport(),
            addr: local.ip(),
            port: local.port(),
            v6only: self.opts.v6only,
            reuse_addr: self.opts.reuse_addr,
            reuse_port: self.opts.reuse_port,
            listening: self.listening,
            time_wait: self
                .tcp
                .as_ref()
                .is_some_and(|t| t.state() == TcpState::TimeWait),
            device: self.opts.bind_device,
            uid: self.uid,
        })
    }
}

/// The address a packet carries for an address a socket holds.
fn packet_addr(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V6(a) => a.to_ipv4_mapped().map_or(IpAddr::V6(a), IpAddr::V4),
        v4 => v4,
    }
}

/// The demux key of a socket with a local port and a connected peer with a
/// port. The local address is left out: the scoring checks it, and a
/// socket bound to a wildcard must still be found.
fn conn_key(s: &Socket) -> Option<ConnKey> {
    let local = s.local?;
    let remote = s.remote.filter(|r| r.port() != 0)?;
    Some((
        s.ty.transport(),
        local.port(),
        packet_addr(remote.ip()),
        remote.port(),
    ))
}

/// What the kernel says an address is, for `bind()` (`inet_addr_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddrKind {
    /// One of this host's addresses (or inside a `local` route such as 127.0.0.0/8).
    Local,
    /// Broadcast, multicast, or (quirk) anything in a namespace whose
    /// local table was never created.
    BroadcastOrMulticast,
    /// Someone else's address.
    Remote,
}

/// The sockets of one namespace.
#[derive(Debug, Default)]
pub struct SocketTable {
    sockets: BTreeMap<SocketId, Socket>,
    next_id: u32,
    /// Connected sockets by 4-tuple, for [`SocketTable::lookup`].
    index: ConnIndex,
    /// The TCP deadlines (`Socket::timer`) by time.
    timers: TimerIndex,
}

/// The most sockets one namespace may hold.
pub const SOCKET_LIMIT: usize = 4096;

/// Maps an IPv4 address to what a dual-stack IPv6 socket sees.
pub fn v4_mapped(addr: Ipv4Addr) -> Ipv6Addr {
    addr.to_ipv6_mapped()
}

impl SocketTable {
    /// `socket()`.
    pub fn open(&mut self, family: Family, ty: SockType, uid: u32) -> Result<SocketId, Errno> {
        if self.sockets.len() >= SOCKET_LIMIT {
            return Err(Errno::EMFILE);
        }
        self.next_id += 1;
        let id = SocketId(self.next_id);
        let s = Socket::new(family, ty, uid);
        self.index.insert(id, conn_key(&s));
        self.sockets.insert(id, s);
        Ok(id)
    }

    /// A socket by id.
    pub fn get(&self, id: SocketId) -> Option<&Socket> {
        self.sockets.get(&id)
    }

    /// A socket by id, mutable.
    pub fn get_mut(&mut self, id: SocketId) -> Option<&mut Socket> {
        self.sockets.get_mut(&id)
    }

    /// Removes a socket.
    pub fn remove(&mut self, id: SocketId) -> Option<Socket> {
        let s = self.sockets.remove(&id)?;
        self.index.remove(id, conn_key(&s));
        self.timers.update(id, s.timer, None);
        Some(s)
    }

    /// Records socket `id`'s next TCP deadline (change `Socket::timer`
    /// only here, so the timer index stays in step).
    pub(crate) fn set_timer(&mut self, id: SocketId, timer: Option<Instant>) {
        if let Some(s) = self.sockets.get_mut(&id) {
            self.timers.update(id, s.timer, timer);
            s.timer = timer;
        }
    }

    /// The earliest TCP deadline of any socket.
    pub(crate) fn next_timer(&self) -> Option<Instant> {
        let next = self.timers.next();
        debug_assert_eq!(next, self.sockets.values().filter_map(|s| s.timer).min());
        next
    }

    /// The sockets whose TCP deadline is at or before `now`, in id order.
    pub(crate) fn due_timers(&self, now: Instant) -> Vec<SocketId> {
        let due = self.timers.due(now);
        debug_assert_eq!(
            due,
            self.sockets
                .iter()
                .filter(|(_, s)| s.timer.is_some_and(|t| t <= now))
                .map(|(id, _)| *id)
                .collect::<Vec<_>>()
        );
        due
    }

    /// Sets a socket's local and peer addresses (keeping the demux index
    /// in step: change them only here).
    pub fn set_addrs(
        &mut self,
        id: SocketId,
        local: Option<SocketAddr>,
        remote: Option<SocketAddr>,
    ) {
        if let Some(s) = self.sockets.get_mut(&id) {
            self.index.remove(id, conn_key(s));
            s.local = local;
            s.remote = remote;
            self.index.insert(id, conn_key(s));
        }
    }

    /// Sets a socket's local address (see [`SocketTable::set_addrs`]).
    pub fn set_local(&mut self, id: SocketId, local: SocketAddr) {
        let remote = self.sockets.get(&id).and_then(|s| s.remote);
        self.set_addrs(id, Some(local), remote);
    }

    /// Sets a socket's peer (see [`SocketTable::set_addrs`]).
    pub fn set_remote(&mut self, id: SocketId, remote: SocketAddr) {
        let local = self.sockets.get(&id).and_then(|s| s.local);
        self.set_addrs(id, local, Some(remote));
    }

    /// Every socket, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (SocketId, &Socket)> {
        self.sockets.iter().map(|(id, s)| (*id, s))
    }

    /// Every socket id.
    pub fn ids(&self) -> Vec<SocketId> {
        self.sockets.keys().copied().collect()
    }

    /// Checks that `b` does not conflict with any socket but `except`.
    pub fn conflict(&self, b: &Binding, except: SocketId) -> bool {
        self.sockets
            .iter()
            .filter(|(id, _)| **id != except)
            .filter_map(|(_, s)| s.binding())
            .any(|existing| bind::conflicts(&existing, b))
    }

    /// Finds a free ephemeral port in `range` for `b` (Linux prefers odd
    /// ports for `bind(0)` and even ones for `connect()`).
    pub fn ephemeral_port(
        &self,
        b: &Binding,
        except: SocketId,
        range: (u16, u16),
        for_connect: bool,
        rng: &mut Rng,
    ) -> Option<u16> {
        let (low, high) = range;
        let span = u32::from(high.saturating_sub(low)) + 1;
        let start = rng.range_inclusive(0, span.saturating_sub(1));
        let wanted_parity = if for_connect { 0 } else { 1 };
        for pass in 0..2 {
            for i in 0..span {
                let port = u32::from(low) + (start + i) % span;
                let Ok(port) = u16::try_from(port) else {
                    continue;
                };
                if pass == 0 && u32::from(port) % 2 != wanted_parity {
                    continue;
                }
                let candidate = Binding { port, ..*b };
                if !self.conflict(&candidate, except) {
                    return Some(port);
                }
            }
        }
        None
    }

    /// `bind()`: checks the rules and records the address.
    ///
    /// `kind` tells what `addr` is in this namespace; `nonlocal_bind` is
    /// `net.ipv4.ip_nonlocal_bind`.
    #[allow(clippy::too_many_arguments)]
    pub fn bind(
        &mut self,
        id: SocketId,
        addr: SocketAddr,
        kind: AddrKind,
        unprivileged_port_start: u16,
        port_range: (u16, u16),
        nonlocal_bind: bool,
        rng: &mut Rng,
    ) -> Result<SocketAddr, Errno> {
        let sock = self.sockets.get(&id).ok_or(Errno::EBADF)?;
        if sock.local.is_some() {
            return Err(Errno::EINVAL);
        }
        match (sock.family, addr.ip()) {
            (Family::Inet, IpAddr::V6(_)) => return Err(Errno::EINVAL),
            (Family::Inet6, IpAddr::V4(_)) => return Err(Errno::EINVAL),
            (Family::Inet6, IpAddr::V6(a)) if sock.opts.v6only && a.to_ipv4_mapped().is_some() => {
                return Err(Errno::EINVAL);
            }
            _ => {}
        }
        let unspecified = match addr.ip() {
            IpAddr::V4(a) => a.is_unspecified(),
            IpAddr::V6(a) => {
                a.is_unspecified() || a.to_ipv4_mapped().is_some_and(|m| m.is_unspecified())
            }
        };
        if !unspecified && kind == AddrKind::Remote && !(sock.opts.freebind || nonlocal_bind) {
            return Err(Errno::EADDRNOTAVAIL);
        }
        if addr.port() != 0 && addr.port() < unprivileged_port_start && sock.uid != 0 {
            return Err(Errno::EACCES);
        }
        let mut binding = Binding {
            family: sock.family,
            transport: sock.ty.transport(),
            addr: addr.ip(),
            port: addr.port(),
            v6only: sock.opts.v6only,
            reuse_addr: sock.opts.reuse_addr,
            reuse_port: sock.opts.reuse_port,
            listening: false,
            time_wait: false,
            device: sock.opts.bind_device,
            uid: sock.uid,
        };
        if binding.port == 0 {
            binding.port = self
                .ephemeral_port(&binding, id, port_range, false, rng)
                .ok_or(Errno::EADDRINUSE)?;
        } else if self.conflict(&binding, id) {
            return Err(Errno::EADDRINUSE);
        }
        let bound = SocketAddr::new(addr.ip(), binding.port);
        self.set_local(id, bound);
        Ok(bound)
    }

    /// Re-checks a socket's binding as `listen()` does; marks it listening.
    pub fn listen(&mut self, id: SocketId, backlog: u32) -> Result<(), Errno> {
        let sock = self.sockets.get(&id).ok_or(Errno::EBADF)?;
        if sock.ty != SockType::Stream {
            return Err(Errno::EOPNOTSUPP);
        }
        let mut b = sock.binding().ok_or(Errno::EINVAL)?;
        b.listening = true;
        if self.conflict(&b, id) {
            return Err(Errno::EADDRINUSE);
        }
        if let Some(s) = self.sockets.get_mut(&id) {
            s.listening = true;
            s.backlog = backlog.clamp(1, 4096);
        }
        Ok(())
    }

    /// Finds the socket for a datagram of `transport` from `src` to `dst`
    /// arriving on `iif`, with Linux's scoring: a connected match beats a
    /// bound address, which beats a wildcard; same family beats a
    /// dual-stack IPv6 socket receiving IPv4.
    pub fn lookup(
        &self,
        transport: Transport,
        src: SocketAddr,
        dst: SocketAddr,
        iif: IfIndex,
    ) -> Option<SocketId> {
        // The best score wins; among equals, the oldest socket (lowest id).
        let mut best: Option<(i32, SocketId)> = None;
        for id in self.index.candidates(transport, src, dst.port()) {
            let Some(s) = self.sockets.get(&id) else {
                continue;
            };
            if let Some(score) = match_score(s, transport, src, dst, iif)
                && best.is_none_or(|(b, bid)| score > b || (score == b && id < bid))
            {
                best = Some((score, id));
            }
        }
        let found = best.map(|(_, id)| id);
        debug_assert_eq!(found, self.lookup_by_scan(transport, src, dst, iif));
        found
    }

    /// [`SocketTable::lookup`] the slow way, scoring every socket (checks
    /// the index in debug builds).
    fn lookup_by_scan(
        &self,
        transport: Transport,
        src: SocketAddr,
        dst: SocketAddr,
        iif: IfIndex,
    ) -> Option<SocketId> {
        let mut best: Option<(i32, SocketId)> = None;
        for (id, s) in &self.sockets {
            if let Some(score) = match_score(s, transport, src, dst, iif)
                && best.is_none_or(|(b, _)| score > b)
            {
                best = Some((score, *id));
            }
        }
        best.map(|(_, id)| id)
    }
}

/// Normalises an address a socket holds to what a packet carries.
fn as_packet_addr(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V6(a) => a.to_ipv4_mapped().map_or(IpAddr::V6(a), IpAddr::V4),
        v4 => v4,
    }
}

/// How well `s` matches a packet of `transport` (None: not at all).
fn match_score(
    s: &Socket,
    transport: Transport,
    src: SocketAddr,
    dst: SocketAddr,
    iif: IfIndex,
) -> Option<i32> {
    if s.ty.transport() != transport || s.orphaned && transport != Transport::Tcp {
        return None;
    }
    score(s, src, dst, iif)
}

fn score(s: &Socket, src: SocketAddr, dst: SocketAddr, iif: IfIndex) -> Option<i32> {
    let local = s.local?;
    if local.port() != dst.port() {
        return None;
    }
    let mut score = 0;
    // Address family: an IPv4 packet reaches AF_INET sockets, and AF_INET6
    // sockets bound to `::` without V6ONLY or to a v4-mapped address.
    match (s.family, dst.ip()) {
        (Family::Inet, IpAddr::V4(_)) => score += 2,
        (Family::Inet6, IpAddr::V6(_)) => score += 2,
        (Family::Inet6, IpAddr::V4(_)) => {
            let ip = local.ip();
            let dual = matches!(ip, IpAddr::V6(a) if a.is_unspecified()) && !s.opts.v6only;
            let mapped = matches!(ip, IpAddr::V6(a) if a.to_ipv4_mapped().is_some());
            if !dual && !mapped {
                return None;
            }
            score += 1;
        }
        (Family::Inet, IpAddr::V6(_)) => return None,
    }
    let bound = as_packet_addr(local.ip());
    if bound.is_unspecified() {
        // wildcard: matches any local address
    } else if bound == dst.ip() {
        score += 4;
    } else {
        return None;
    }
    if let Some(remote) = s.remote {
        if as_packet_addr(remote.ip()) != src.ip()
            || (remote.port() != 0 && remote.port() != src.port())
        {
            return None;
        }
        score += 8;
    }
    if let Some(dev) = s.opts.bind_device {
        if dev != iif {
            return None;
        }
        score += 4;
    }
    Some(score)
}

/// Turns an IPv4 source into what a dual-stack socket reports (`::ffff:a.b.c.d`).
pub fn peer_for(sock_family: Family, from: SocketAddr) -> SocketAddr {
    match (sock_family, from) {
        (Family::Inet6, SocketAddr::V4(v4)) => {
            SocketAddr::new(IpAddr::V6(v4_mapped(*v4.ip())), v4.port())
        }
        _ => from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sa(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    fn bind_ok(t: &mut SocketTable, fam: Family, ty: SockType, addr: &str) -> SocketId {
        let mut rng = Rng::new(1);
        let id = t.open(fam, ty, 1000).unwrap();
        t.bind(
            id,
            sa(addr),
            AddrKind::Local,
            1024,
            (32768, 60999),
            false,
            &mut rng,
        )
        .unwrap();
        id
    }

    #[test]
    fn demux_specificity() {
        let mut t = SocketTable::default();
        let wild = bind_ok(&mut t, Family::Inet, SockType::Dgram, "0.0.0.0:5000");
        let mut rng = Rng::new(1);
        let spec = t.open(Family::Inet, SockType::Dgram, 1000).unwrap();
        t.get_mut(spec).unwrap().opts.reuse_addr = true;
        t.get_mut(wild).unwrap().opts.reuse_addr = true;
        t.bind(
            spec,
            sa("127.0.0.2:5000"),
            AddrKind::Local,
            1024,
            (32768, 60999),
            false,
            &mut rng,
        )
        .unwrap();
        let lo = IfIndex::LOOPBACK;
        assert_eq!(
            t.lookup(
                Transport::Udp,
                sa("127.0.0.1:40000"),
                sa("127.0.0.2:5000"),
                lo
            ),
            Some(spec)
        );
        assert_eq!(
            t.lookup(
                Transport::Udp,
                sa("127.0.0.1:40000"),
                sa("127.0.0.1:5000"),
                lo
            ),
            Some(wild)
        );
        assert_eq!(
            t.lookup(
                Transport::Udp,
                sa("127.0.0.1:40000"),
                sa("127.0.0.1:5001"),
                lo
            ),
            None
        );
    }

    #[test]
    fn dual_stack_and_v6only() {
        let mut t = SocketTable::default();
        let v6 = bind_ok(&mut t, Family::Inet6, SockType::Dgram, "[::]:6000");
        let lo = IfIndex::LOOPBACK;
        assert_eq!(
            t.lookup(Transport::Udp, sa("127.0.0.1:1"), sa("127.0.0.1:6000"), lo),
            Some(v6)
        );
        t.get_mut(v6).unwrap().opts.v6only = true;
        assert_eq!(
            t.lookup(Transport::Udp, sa("127.0.0.1:1"), sa("127.0.0.1:6000"), lo),
            None
        );
        assert_eq!(
            t.lookup(Transport::Udp, sa("[::1]:1"), sa("[::1]:6000"), lo),
            Some(v6)
        );
        assert_eq!(
            peer_for(Family::Inet6, sa("127.0.0.1:9")),
            sa("[::ffff:127.0.0.1]:9")
        );
    }

    #[test]
    fn bind_errors() {
        let mut t = SocketTable::default();
        let mut rng = Rng::new(3);
        let s = t.open(Family::Inet, SockType::Stream, 1000).unwrap();
        let r = |t: &mut SocketTable, a: &str, k: AddrKind, rng: &mut Rng| {
            t.bind(s, sa(a), k, 1024, (32768, 60999), false, rng)
        };
        assert_eq!(
            r(&mut t, "127.0.0.1:80", AddrKind::Local, &mut rng),
            Err(Errno::EACCES)
        );
        assert_eq!(
            r(&mut t, "192.168.1.77:8080", AddrKind::Remote, &mut rng),
            Err(Errno::EADDRNOTAVAIL)
        );
        let port = r(&mut t, "127.0.0.1:0", AddrKind::Local, &mut rng)
            .unwrap()
            .port();
        assert!(
            (32768..=60999).contains(&port) && port % 2 == 1,
            "bind(0) picks an odd ephemeral port: {port}"
        );
        assert_eq!(
            r(&mut t, "127.0.0.1:9000", AddrKind::Local, &mut rng),
            Err(Errno::EINVAL),
            "already bound"
        );
        let v6 = t.open(Family::Inet6, SockType::Stream, 1000).unwrap();
        t.get_mut(v6).unwrap().opts.v6only = true;
        assert_eq!(
            t.bind(
                v6,
                sa("[::ffff:127.0.0.1]:9000"),
                AddrKind::Local,
                1024,
                (32768, 60999),
                false,
                &mut rng
            ),
            Err(Errno::EINVAL)
        );
    }

    #[test]
    fn connected_sockets_are_found_through_the_index() {
        let mut t = SocketTable::default();
        let lo = IfIndex(1);
        let tcp = Transport::Tcp;
        let listener = bind_ok(&mut t, Family::Inet, SockType::Stream, "0.0.0.0:8080");
        t.listen(listener, 10).unwrap();
        // A dual-stack IPv6 socket connected to a v4-mapped peer: the index
        // keys it by the IPv4 address the packets carry.
        let child = t.open(Family::Inet6, SockType::Stream, 1000).unwrap();
        t.set_addrs(
            child,
            Some(sa("[::ffff:127.0.0.1]:8080")),
            Some(sa("[::ffff:127.0.0.1]:5000")),
        );
        let from_peer = t.lookup(tcp, sa("127.0.0.1:5000"), sa("127.0.0.1:8080"), lo);
        assert_eq!(from_peer, Some(child));
        let from_other = t.lookup(tcp, sa("127.0.0.1:5001"), sa("127.0.0.1:8080"), lo);
        assert_eq!(from_other, Some(listener));
        // Moving the peer re-keys the socket.
        t.set_remote(child, sa("[::ffff:127.0.0.1]:6000"));
        let old = t.lookup(tcp, sa("127.0.0.1:5000"), sa("127.0.0.1:8080"), lo);
        assert_eq!(old, Some(listener));
        let new = t.lookup(tcp, sa("127.0.0.1:6000"), sa("127.0.0.1:8080"), lo);
        assert_eq!(new, Some(child));
        // Two sockets with the same 4-tuple (a TIME-WAIT one and a new
        // one): the better score wins, then the older socket.
        let twin = t.open(Family::Inet, SockType::Stream, 1000).unwrap();
        t.set_addrs(twin, Some(sa("127.0.0.1:8080")), Some(sa("127.0.0.1:6000")));
        let best = t.lookup(tcp, sa("127.0.0.1:6000"), sa("127.0.0.1:8080"), lo);
        assert_eq!(best, Some(twin), "same family scores higher than v4-mapped");
        let twin2 = t.open(Family::Inet, SockType::Stream, 1000).unwrap();
        t.set_addrs(
            twin2,
            Some(sa("127.0.0.1:8080")),
            Some(sa("127.0.0.1:6000")),
        );
        let tie = t.lookup(tcp, sa("127.0.0.1:6000"), sa("127.0.0.1:8080"), lo);
        assert_eq!(tie, Some(twin), "equal scores: the older socket");
        t.remove(twin);
        let after = t.lookup(tcp, sa("127.0.0.1:6000"), sa("127.0.0.1:8080"), lo);
        assert_eq!(after, Some(twin2));
        t.remove(twin2);
        t.remove(child);
        let gone = t.lookup(tcp, sa("127.0.0.1:6000"), sa("127.0.0.1:8080"), lo);
        assert_eq!(gone, Some(listener));
    }
}
