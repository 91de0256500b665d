//! The system calls tools make: `socket`, `bind`, `connect`, `sendto`,
//! `recvfrom`, `close` for UDP and ping sockets, with Linux's errnos.

use alloc::format;
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use super::Network;
use super::build::{self, IpFields};
use super::sockets::{AddrKind, IcmpErrorReport, RecvDatagram, SockOpts, SockType, SocketId};
use crate::errno::Errno;
use crate::route::{Family as RouteFamily, NetView, RouteType, TableId};
use crate::socket::bind::{Binding, Family};
use crate::trace::{Direction, Layer, NsId, PacketId, Verdict};
use crate::wire::{Icmpv4Repr, Icmpv6Repr, TransportRepr, UdpRepr};

/// The largest UDP payload over IPv4 (65535 - 20 - 8).
pub const MAX_UDP_V4: usize = 65507;

/// An echo request failed locally; ping prints `local error: ...`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SendError {
    /// The errno.
    pub errno: Errno,
    /// For EMSGSIZE: the MTU the kernel reports.
    pub mtu: Option<u32>,
}

impl From<Errno> for SendError {
    fn from(errno: Errno) -> Self {
        SendError { errno, mtu: None }
    }
}

fn unspecified(family: Family) -> IpAddr {
    match family {
        Family::Inet => IpAddr::V4(core::net::Ipv4Addr::UNSPECIFIED),
        Family::Inet6 => IpAddr::V6(core::net::Ipv6Addr::UNSPECIFIED),
    }
}

/// The address as it goes on the wire (v4-mapped IPv6 becomes IPv4).
fn wire_addr(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V6(a) => a.to_ipv4_mapped().map_or(IpAddr::V6(a), IpAddr::V4),
        v4 => v4,
    }
}

impl Network {
    /// `socket(family, type, 0)`.
    pub fn socket(
        &mut self,
        ns: NsId,
        family: Family,
        ty: SockType,
        uid: u32,
    ) -> Result<SocketId, Errno> {
        let n = self.namespaces.get_mut(&ns).ok_or(Errno::EINVAL)?;
        let id = n.sockets.open(family, ty, uid)?;
        // inet6_create: sk_ipv6only = net.ipv6.bindv6only.
        if family == Family::Inet6
            && n.sysctls.bindv6only()
            && let Some(s) = n.sockets.get_mut(id)
        {
            s.opts.v6only = true;
        }
        Ok(id)
    }

    /// The options of a socket, to set them before `bind`.
    pub fn sockopts_mut(&mut self, ns: NsId, sid: SocketId) -> Option<&mut SockOpts> {
        self.namespaces
            .get_mut(&ns)?
            .sockets
            .get_mut(sid)
            .map(|s| &mut s.opts)
    }

    /// Records which process owns a socket (for `ss -p`).
    pub fn set_owner(&mut self, ns: NsId, sid: SocketId, pid: u32, command: &str) {
        if let Some(s) = self
            .namespaces
            .get_mut(&ns)
            .and_then(|n| n.sockets.get_mut(sid))
        {
            s.owner = Some((pid, alloc::string::String::from(command)));
        }
    }

    /// What `addr` is to this namespace, as `bind()` sees it.
    pub fn addr_kind(&self, ns: NsId, addr: IpAddr) -> AddrKind {
        let Some(n) = self.namespaces.get(&ns) else {
            return AddrKind::Remote;
        };
        match wire_addr(addr) {
            IpAddr::V4(a) => {
                if a.is_multicast() || a.is_broadcast() || a.is_unspecified() {
                    return AddrKind::BroadcastOrMulticast;
                }
                // A namespace whose local table was never created answers
                // RTN_BROADCAST for everything (__inet_dev_addr_type).
                if n.fib.table(RouteFamily::V4, TableId::LOCAL).is_empty() && n.addrs().is_empty() {
                    return AddrKind::BroadcastOrMulticast;
                }
                let ip = IpAddr::V4(a);
                match n
                    .fib
                    .table_lookup(RouteFamily::V4, TableId::LOCAL, &ip, None, n)
                {
                    crate::route::TableOutcome::Matched(r) if r.kind == RouteType::Local => {
                        AddrKind::Local
                    }
                    crate::route::TableOutcome::Matched(r) if r.kind == RouteType::Broadcast => {
                        AddrKind::BroadcastOrMulticast
                    }
                    _ => AddrKind::Remote,
                }
            }
            IpAddr::V6(a) => {
                if a.is_multicast() {
                    AddrKind::BroadcastOrMulticast
                } else if n.has_addr(&IpAddr::V6(a)) {
                    AddrKind::Local
                } else {
                    AddrKind::Remote
                }
            }
        }
    }

    /// `bind(fd, addr)`.
    pub fn bind(&mut self, ns: NsId, sid: SocketId, addr: SocketAddr) -> Result<SocketAddr, Errno> {
        let kind = self.addr_kind(ns, addr.ip());
        let n = self.namespaces.get_mut(&ns).ok_or(Errno::EINVAL)?;
        let unpriv = n.sysctls.unprivileged_port_start();
        let range = n.sysctls.local_port_range();
        let nonlocal = n.sysctls.global_int("net.ipv4.ip_nonlocal_bind") != 0;
        let result = n
            .sockets
            .bind(sid, addr, kind, unpriv, range, nonlocal, &mut self.rng);
        let verdict = match result {
            Ok(_) => Verdict::Pass,
            Err(e) => Verdict::Error(e),
        };
        self.ev(
            ns,
            Layer::Socket,
            Direction::None,
            None,
            verdict,
            || match result {
                Ok(bound) => format!("bind({addr}) = 0: bound to {bound}"),
                Err(e) => format!("bind({addr}) = -1 {} ({})", e.name(), e.message()),
            },
        );
        result
    }

    /// `listen(fd, backlog)`.
    pub fn listen(&mut self, ns: NsId, sid: SocketId, backlog: u32) -> Result<(), Errno> {
        let n = self.namespaces.get_mut(&ns).ok_or(Errno::EINVAL)?;
        if n.sockets.get(sid).is_some_and(|s| s.local.is_none()) {
            // listen() on an unbound socket binds an ephemeral port first.
            let family = n.sockets.get(sid).map_or(Family::Inet, |s| s.family);
            self.bind(ns, sid, SocketAddr::new(unspecified(family), 0))?;
        }
        let n = self.namespaces.get_mut(&ns).ok_or(Errno::EINVAL)?;
        let result = n.sockets.listen(sid, backlog);
        if result.is_ok() {
            self.tcp_listen(ns, sid);
        }
        self.ev(
            ns,
            Layer::Socket,
            Direction::None,
            None,
            result.err().map_or(Verdict::Pass, Verdict::Error),
            || match result {
                Ok(()) => format!("listen(backlog {backlog}) = 0"),
                Err(e) => format!("listen() = -1 {} ({})", e.name(), e.message()),
            },
        );
        result
    }

    /// Binds an unbound socket to an ephemeral port (and, for `connect`,
    /// nothing else: the source address is chosen per packet).
    fn autobind(&mut self, ns: NsId, sid: SocketId) -> Result<SocketAddr, Errno> {
        let n = self.namespaces.get(&ns).ok_or(Errno::EINVAL)?;
        let s = n.sockets.get(sid).ok_or(Errno::EBADF)?;
        if let Some(local) = s.local {
            return Ok(local);
        }
        let range = n.sysctls.local_port_range();
        let b = Binding {
            family: s.family,
            transport: s.ty.transport(),
            addr: unspecified(s.family),
            port: 0,
            v6only: s.opts.v6only,
            reuse_addr: s.opts.reuse_addr,
            reuse_port: s.opts.reuse_port,
            listening: false,
            time_wait: false,
            device: s.opts.bind_device,
            uid: s.uid,
        };
        let port = n
            .sockets
            .ephemeral_port(&b, sid, range, true, &mut self.rng)
            .ok_or(Errno::EAGAIN)?;
        let local = SocketAddr::new(b.addr, port);
        if let Some(n) = self.namespaces.get_mut(&ns) {
            n.sockets.set_local(sid, local);
        }
        Ok(local)
    }

    /// `connect()` on a datagram or ping socket: checks the route, binds
    /// an ephemeral port, and fixes the peer.
    pub fn connect_dgram(
        &mut self,
        ns: NsId,
        sid: SocketId,
        remote: SocketAddr,
    ) -> Result<(), Errno> {
        let (bound, oif) = {
            let s = self
                .namespaces
                .get(&ns)
                .and_then(|n| n.sockets.get(sid))
                .ok_or(Errno::EBADF)?;
            (
                s.local
                    .map(|l| wire_addr(l.ip()))
                    .filter(|a| !a.is_unspecified()),
                s.opts.bind_device,
            )
        };
        let decision = self.route_output(ns, wire_addr(remote.ip()), bound, oif, None)?;
        if bound.or(decision.src).is_none() {
            return Err(Errno::EADDRNOTAVAIL);
        }
        self.autobind(ns, sid)?;
        if let Some(n) = self.namespaces.get_mut(&ns) {
            n.sockets.set_remote(sid, remote);
        }
        Ok(())
    }

    /// Picks the route and source for a packet from socket `sid` to `dst`.
    fn route_for(
        &mut self,
        ns: NsId,
        sid: SocketId,
        dst: IpAddr,
        packet: PacketId,
    ) -> Result<(crate::route::Decision, IpAddr, Option<u8>, bool), Errno> {
        let (bound, oif, ttl, broadcast_ok) = {
            let s = self
                .namespaces
                .get(&ns)
                .and_then(|n| n.sockets.get(sid))
                .ok_or(Errno::EBADF)?;
            (
                s.local
                    .map(|l| wire_addr(l.ip()))
                    .filter(|a| !a.is_unspecified() && !a.is_multicast()),
                s.opts.bind_device,
                s.opts.ttl,
                s.opts.broadcast,
            )
        };
        let decision = self.route_output(ns, dst, bound, oif, Some(packet))?;
        if decision.kind == RouteType::Broadcast && !broadcast_ok {
            return Err(Errno::EACCES);
        }
        let src = bound.or(decision.src).ok_or(Errno::EADDRNOTAVAIL)?;
        Ok((decision, src, ttl, broadcast_ok))
    }

    /// `sendto()` on a UDP socket (`dest` None: the connected peer).
    pub fn udp_send(
        &mut self,
        ns: NsId,
        sid: SocketId,
        data: &[u8],
        dest: Option<SocketAddr>,
    ) -> Result<PacketId, Errno> {
        let (remote, pending) = {
            let s = self
                .namespaces
                .get_mut(&ns)
                .and_then(|n| n.sockets.get_mut(sid))
                .ok_or(Errno::EBADF)?;
            (dest.or(s.remote), s.so_error.take())
        };
        if let Some(e) = pending {
            return Err(e);
        }
        let remote = remote.ok_or(Errno::EDESTADDRREQ)?;
        let dst = wire_addr(remote.ip());
        if dst.is_ipv4() && data.len() > MAX_UDP_V4 {
            return Err(Errno::EMSGSIZE);
        }
        let id = self.new_packet_id();
        let local = self.autobind(ns, sid)?;
        let (decision, src, ttl, _) = self.route_for(ns, sid, dst, id)?;
        self.check_pmtu(ns, sid, decision.dev, dst, data.len(), remote.port())?;
        let repr = UdpRepr {
            src_port: local.port(),
            dst_port: remote.port(),
            payload: data,
        };
        let fields = IpFields {
            ttl: ttl.unwrap_or(64),
            ident: self.ip_ident(),
            dont_frag: true,
        };
        let bytes = build::datagram(src, dst, fields, TransportRepr::Udp(repr))?;
        self.ev(
            ns,
            Layer::Socket,
            Direction::Egress,
            Some(id),
            Verdict::Pass,
            || {
                format!(
                    "sendto({dst}:{}) {} bytes from {src}:{}",
                    remote.port(),
                    data.len(),
                    local.port()
                )
            },
        );
        let hop = Network::next_hop(&decision, dst);
        self.transmit(ns, decision.dev, hop, bytes, id)?;
        Ok(id)
    }

    /// `IP_PMTUDISC_DO`/`PROBE`: a UDP datagram of `payload` bytes larger
    /// than the output device's MTU fails with EMSGSIZE; with IP_RECVERR
    /// a local error carrying the MTU is queued (`ip_local_error`).
    fn check_pmtu(
        &mut self,
        ns: NsId,
        sid: SocketId,
        dev: crate::iface::IfIndex,
        dst: IpAddr,
        payload: usize,
        port: u16,
    ) -> Result<(), Errno> {
        let now = self.now;
        let Some(n) = self.namespaces.get_mut(&ns) else {
            return Ok(());
        };
        let mtu = n.ifaces.get(&dev).map_or(1500, |i| i.mtu);
        let mtu = if dst.is_ipv4() { mtu.min(65535) } else { mtu };
        let header = if dst.is_ipv4() { 20 + 8 } else { 40 + 8 };
        let Some(s) = n.sockets.get_mut(sid) else {
            return Ok(());
        };
        if !s.opts.pmtudisc_do || payload + header <= mtu as usize {
            return Ok(());
        }
        if s.opts.recverr {
            s.errqueue.push_back(IcmpErrorReport {
                from: dst,
                errno: Errno::EMSGSIZE,
                text: "Message too long",
                seq: None,
                time: now,
                icmp: (0, 0),
                port: Some(port),
                ttl: 0,
                local: true,
                info: mtu,
            });
        }
        Err(Errno::EMSGSIZE)
    }

    /// Sends one ICMP echo request from ping socket `sid`.
    pub fn send_echo(
        &mut self,
        ns: NsId,
        sid: SocketId,
        dst: IpAddr,
        seq: u16,
        payload: &[u8],
    ) -> Result<PacketId, SendError> {
        let id = self.new_packet_id();
        let local = self.autobind(ns, sid)?;
        let ident = local.port();
        self.ev(
            ns,
            Layer::Socket,
            Direction::Egress,
            Some(id),
            Verdict::Pass,
            || crate::trace::Line::EchoSend { seq, dst, ident },
        );
        let (decision, src, ttl, _) = self.route_for(ns, sid, dst, id)?;
        let msg = match dst {
            IpAddr::V4(_) => TransportRepr::Icmpv4(Icmpv4Repr::EchoRequest {
                ident,
                seq_no: seq,
                data: payload,
            }),
            IpAddr::V6(_) => TransportRepr::Icmpv6(Icmpv6Repr::EchoRequest {
                ident,
                seq_no: seq,
                data: payload,
            }),
        };
        let mtu = self
            .namespaces
            .get(&ns)
            .and_then(|n| n.ifaces.get(&decision.dev))
            .map_or(1500, |i| i.mtu);
        let fields = IpFields {
            ttl: ttl.unwrap_or(64),
            ident: self.ip_ident(),
            dont_frag: true,
        };
        let bytes = build::datagram(src, dst, fields, msg).map_err(|e| SendError {
            errno: e,
            mtu: Some(if dst.is_ipv4() { mtu.min(65535) } else { mtu }),
        })?;
        if dst.is_ipv4() && bytes.len() > mtu as usize {
            return Err(SendError {
                errno: Errno::EMSGSIZE,
                mtu: Some(mtu),
            });
        }
        let hop = Network::next_hop(&decision, dst);
        self.transmit(ns, decision.dev, hop, bytes, id)?;
        Ok(id)
    }

    /// Takes the next received datagram, if any. A pending socket error
    /// (ECONNREFUSED on a connected UDP socket) is returned first.
    pub fn recv(&mut self, ns: NsId, sid: SocketId) -> Result<Option<RecvDatagram>, Errno> {
        let s = self
            .namespaces
            .get_mut(&ns)
            .and_then(|n| n.sockets.get_mut(sid))
            .ok_or(Errno::EBADF)?;
        if let Some(e) = s.so_error.take() {
            return Err(e);
        }
        Ok(s.rx.pop_front())
    }

    /// Takes the next ICMP error reported to the socket (IP_RECVERR).
    /// With IP_RECVERR, SO_ERROR then holds the next queued error, as
    /// `sock_dequeue_err_skb` leaves it.
    pub fn take_icmp_error(&mut self, ns: NsId, sid: SocketId) -> Option<IcmpErrorReport> {
        let s = self.namespaces.get_mut(&ns)?.sockets.get_mut(sid)?;
        let e = s.errqueue.pop_front();
        if s.opts.recverr {
            s.so_error = s.errqueue.front().map(|n| n.errno);
        }
        e
    }

    /// `getsockname()`.
    pub fn local_addr(&self, ns: NsId, sid: SocketId) -> Option<SocketAddr> {
        self.namespaces.get(&ns)?.sockets.get(sid)?.local
    }

    /// `close()`. A TCP connection finishes its close in the background.
    pub fn close(&mut self, ns: NsId, sid: SocketId) {
        let stream = self
            .namespaces
            .get(&ns)
            .and_then(|n| n.sockets.get(sid))
            .is_some_and(|s| s.ty == SockType::Stream);
        if stream {
            self.tcp_close(ns, sid);
        } else if let Some(n) = self.namespaces.get_mut(&ns) {
            n.sockets.remove(sid);
        }
    }

    /// Ids of every socket in a namespace.
    pub fn socket_ids(&self, ns: NsId) -> Vec<SocketId> {
        self.namespaces
            .get(&ns)
            .map(|n| n.sockets.ids())
            .unwrap_or_default()
    }
}

impl Network {
    /// Sends a datagram built by hand (a raw socket with IP_HDRINCL, as
    /// hping3 uses): routed by its destination, sent with whatever source
    /// it claims. Used by the LAN machines to send spoofed packets.
    pub fn send_raw(&mut self, ns: NsId, bytes: Vec<u8>) -> Result<PacketId, Errno> {
        let d = crate::wire::Datagram::parse(&bytes).map_err(|_| Errno::EINVAL)?;
        let dst = d.ip.dst_addr();
        let id = self.new_packet_id();
        let decision = self.route_output(ns, dst, None, None, Some(id))?;
        self.ev(
            ns,
            Layer::Socket,
            Direction::Egress,
            Some(id),
            Verdict::Pass,
            || {
                format!(
                    "raw socket sends a hand-made packet: {}",
                    super::output::describe(&bytes)
                )
            },
        );
        let hop = Network::next_hop(&decision, dst);
        self.transmit(ns, decision.dev, hop, bytes, id)?;
        Ok(id)
    }
}

impl Network {
    /// `recvfrom(fd, buf, len, 0)` on a datagram socket: copies at most
    /// `buf.len()` bytes of the next datagram and discards the rest, as UDP
    /// does (the caller learns the full length, as with MSG_TRUNC).
    /// Returns `(copied, full_length, sender)`, or `None` if nothing waits.
    pub fn recv_into(
        &mut self,
        ns: NsId,
        sid: SocketId,
        buf: &mut [u8],
    ) -> Result<Option<(usize, usize, SocketAddr)>, Errno> {
        let Some(d) = self.recv(ns, sid)? else {
            return Ok(None);
        };
        let n = d.data.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), d.data.get(..n)) {
            dst.copy_from_slice(src);
        }
        Ok(Some((n, d.data.len(), d.from)))
    }
}
