//! TCP in the stack: connecting, listening and accepting, moving segments
//! between the sans-IO [`TcpSocket`]s and the IP layer, and their timers.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use super::Network;
use super::build::{self, IpFields};
use super::sockets::{SockType, SocketId, peer_for};
use crate::errno::Errno;
use crate::route::NetView;
use crate::socket::bind::{Binding, Family};
use crate::socket::tcp::{ListenOutcome, State, TcpConfig, TcpListener, TcpSocket};
use crate::time::Instant;
use crate::trace::describe::SegLine;
use crate::trace::{Direction, DropReason, Layer, Line, NsId, PacketId, Verdict};
use crate::wire::{IpRepr, TcpFlags, TcpRepr, TransportRepr};

/// The address a packet carries for an address a socket holds.
fn wire(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => SocketAddr::new(IpAddr::V4(v4), addr.port()),
            None => addr,
        },
        IpAddr::V4(_) => addr,
    }
}

/// Describes a segment for the trace.
fn seg_text(src: SocketAddr, dst: SocketAddr, seg: &TcpRepr<'_>) -> String {
    let mut s = format!(
        "{src} > {dst} [{}] seq {}",
        seg.flags.tcpdump(),
        seg.seq_number.0
    );
    if let Some(a) = seg.ack_number {
        s.push_str(&format!(" ack {}", a.0));
    }
    s.push_str(&format!(
        " win {} len {}",
        seg.window_len,
        seg.payload.len()
    ));
    s
}

impl Network {
    /// TCP settings for a socket in `ns` whose route goes through a device
    /// with `mtu`, from the namespace's sysctls.
    fn tcp_config(&self, ns: NsId, mtu: u32) -> TcpConfig {
        let mut c = TcpConfig {
            mtu,
            ..TcpConfig::default()
        };
        if let Some(n) = self.namespaces.get(&ns) {
            let s = &n.sysctls;
            if let Ok(v) = s.get("net.ipv4.tcp_rmem") {
                let v: Vec<usize> = v
                    .split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect();
                if let [_, def, max] = v.as_slice() {
                    c.rmem_default = *def;
                    c.rmem_max = *max;
                }
            }
            if let Ok(v) = s.get("net.ipv4.tcp_wmem")
                && let Some(max) = v.split_whitespace().filter_map(|x| x.parse().ok()).nth(2)
            {
                c.wmem_max = max;
            }
            c.timestamps = s.global_int("net.ipv4.tcp_timestamps") != 0;
            c.sack = s.global_int("net.ipv4.tcp_sack") != 0;
            c.window_scaling = s.global_int("net.ipv4.tcp_window_scaling") != 0;
            c.syn_retries = u8::try_from(s.global_int("net.ipv4.tcp_syn_retries")).unwrap_or(6);
        }
        c
    }

    /// `connect()` on a stream socket: the SYN leaves at once; the caller
    /// watches [`Network::tcp_state`] and [`Network::tcp_take_error`] for the
    /// outcome (a non-blocking connect).
    pub fn tcp_connect(
        &mut self,
        ns: NsId,
        sid: SocketId,
        remote: SocketAddr,
    ) -> Result<(), Errno> {
        let (bound, oif, family) = {
            let s = self
                .namespaces
                .get(&ns)
                .and_then(|n| n.sockets.get(sid))
                .ok_or(Errno::EBADF)?;
            if s.ty != SockType::Stream {
                return Err(Errno::EPROTOTYPE);
            }
            if s.listening {
                return Err(Errno::EISCONN);
            }
            if let Some(t) = &s.tcp {
                return Err(if t.state() == State::SynSent {
                    Errno::EALREADY
                } else {
                    Errno::EISCONN
                });
            }
            (s.local, s.opts.bind_device, s.family)
        };
        let dst = wire(remote);
        if family == Family::Inet && dst.is_ipv6() {
            return Err(Errno::EAFNOSUPPORT);
        }
        let bound_ip = bound.map(|b| wire(b).ip()).filter(|a| !a.is_unspecified());
        let decision = self.route_output(ns, dst.ip(), bound_ip, oif, None)?;
        let src = bound_ip.or(decision.src).ok_or(Errno::EADDRNOTAVAIL)?;
        let mtu = self
            .namespaces
            .get(&ns)
            .and_then(|n| n.ifaces.get(&decision.dev))
            .map_or(1500, |i| i.mtu);
        // Pick the local port: the bound one, or an ephemeral one (even
        // ports first for connect) that no other socket holds.
        let port = match bound {
            Some(b) if b.port() != 0 => b.port(),
            _ => {
                let n = self.namespaces.get(&ns).ok_or(Errno::EINVAL)?;
                let s = n.sockets.get(sid).ok_or(Errno::EBADF)?;
                let b = Binding {
                    family: s.family,
                    transport: s.ty.transport(),
                    addr: match family {
                        Family::Inet => IpAddr::V4(core::net::Ipv4Addr::UNSPECIFIED),
                        Family::Inet6 => IpAddr::V6(core::net::Ipv6Addr::UNSPECIFIED),
                    },
                    port: 0,
                    v6only: s.opts.v6only,
                    reuse_addr: s.opts.reuse_addr,
                    reuse_port: s.opts.reuse_port,
                    listening: false,
                    time_wait: false,
                    device: s.opts.bind_device,
                    uid: s.uid,
                };
                let range = n.sysctls.local_port_range();
                n.sockets
                    .ephemeral_port(&b, sid, range, true, &mut self.rng)
                    .ok_or(Errno::EADDRNOTAVAIL)?
            }
        };
        let local_wire = SocketAddr::new(src, port);
        let config = self.tcp_config(ns, mtu);
        let now = self.now;
        let mut tcp = TcpSocket::new(config);
        tcp.connect(now, local_wire, dst, &mut self.rng)?;
        if let Some(n) = self.namespaces.get_mut(&ns) {
            n.sockets
                .set_addrs(sid, Some(peer_for(family, local_wire)), Some(remote));
            if let Some(s) = n.sockets.get_mut(sid) {
                s.tcp = Some(Box::new(tcp));
            }
        }
        self.ev(
            ns,
            Layer::Socket,
            Direction::Egress,
            None,
            Verdict::Pass,
            || format!("connect({remote}): SYN-SENT from {local_wire}"),
        );
        self.tcp_dispatch(ns, sid);
        Ok(())
    }

    /// Makes a bound stream socket a listener (after the table's checks).
    pub(crate) fn tcp_listen(&mut self, ns: NsId, sid: SocketId) {
        let mtu = 65536;
        let config = self.tcp_config(ns, mtu);
        if let Some(s) = self
            .namespaces
            .get_mut(&ns)
            .and_then(|n| n.sockets.get_mut(sid))
            && let Some(local) = s.local
        {
            s.listener = Some(TcpListener::new(local, s.backlog as usize, config));
        }
    }

    /// Emits whatever socket `sid` has due, through the route to its peer.
    pub(crate) fn tcp_dispatch(&mut self, ns: NsId, sid: SocketId) {
        let now = self.now;
        let tracing = self.trace.enabled();
        let mut out: Vec<(IpAddr, IpAddr, Vec<u8>, Option<Line>)> = Vec::new();
        let mut ident = self.rng.next_u16();
        {
            let spare = &mut self.spare_bufs;
            let Some(sock) = self
                .namespaces
                .get_mut(&ns)
                .and_then(|n| n.sockets.get_mut(sid))
            else {
                return;
            };
            let Some(tcp) = sock.tcp.as_mut() else { return };
            let state = tcp.state();
            let _ = tcp.dispatch(now, |ip, seg| -> Result<(), Errno> {
                let fields = IpFields {
                    ttl: 64,
                    ident,
                    dont_frag: true,
                };
                ident = ident.wrapping_add(1);
                let buf = spare.pop().unwrap_or_default();
                let bytes = build::tcp_datagram(ip.src, ip.dst, fields, seg, buf)?;
                let text = tracing.then(|| Line::TcpSends {
                    state,
                    seg: SegLine::new(
                        SocketAddr::new(ip.src, seg.src_port),
                        SocketAddr::new(ip.dst, seg.dst_port),
                        seg,
                    ),
                });
                out.push((ip.src, ip.dst, bytes, text));
                Ok(())
            });
            // Every change to a connection ends in a dispatch: remember its
            // next deadline here (in the table's timer index) so the network
            // does not ask every socket.
            let timer = tcp.poll_at();
            if let Some(n) = self.namespaces.get_mut(&ns) {
                n.sockets.set_timer(sid, timer);
            }
        }
        for (src, dst, bytes, text) in out {
            let id = self.new_packet_id();
            if let Some(text) = text {
                self.ev(
                    ns,
                    Layer::Socket,
                    Direction::Egress,
                    Some(id),
                    Verdict::Pass,
                    || text,
                );
            }
            let oif = self
                .namespaces
                .get(&ns)
                .and_then(|n| n.sockets.get(sid))
                .and_then(|s| s.opts.bind_device);
            match self.route_output(ns, dst, Some(src), oif, Some(id)) {
                Ok(d) => {
                    let hop = Network::next_hop(&d, dst);
                    let _ = self.transmit(ns, d.dev, hop, bytes, id);
                }
                Err(_) => {
                    // The route went away: the segment is lost; TCP retransmits.
                }
            }
        }
        self.tcp_reap(ns, sid);
    }

    /// Removes a connection whose state machine is done (and, for a child
    /// that never got accepted, its place in the listener's queues).
    fn tcp_reap(&mut self, ns: NsId, sid: SocketId) {
        let Some(n) = self.namespaces.get_mut(&ns) else {
            return;
        };
        let (closed, parent, orphaned) = match n.sockets.get(sid) {
            Some(s) => (
                s.tcp.as_ref().is_some_and(|t| t.is_closed()),
                s.parent,
                s.orphaned,
            ),
            None => return,
        };
        if !closed {
            return;
        }
        if let Some(p) = parent {
            if let Some(l) = n.sockets.get_mut(p) {
                l.syn_queue.retain(|c| *c != sid);
                l.accept_queue.retain(|c| *c != sid);
            }
            n.sockets.remove(sid);
        } else if orphaned {
            n.sockets.remove(sid);
        }
    }

    /// A segment for socket `sid` (a connection or a listener).
    pub(super) fn tcp_deliver(
        &mut self,
        ns: NsId,
        sid: SocketId,
        ip: &IpRepr,
        seg: &TcpRepr<'_>,
        id: PacketId,
    ) {
        let now = self.now;
        let src = SocketAddr::new(ip.src_addr(), seg.src_port);
        let dst = SocketAddr::new(ip.dst_addr(), seg.dst_port);
        let is_listener = self
            .namespaces
            .get(&ns)
            .and_then(|n| n.sockets.get(sid))
            .is_some_and(|s| s.listener.is_some() && s.tcp.is_none());
        if is_listener {
            self.tcp_listener_input(ns, sid, ip, seg, src, dst, id);
            return;
        }
        let mut reply = None;
        let mut reuse_for_syn = false;
        let mut became_established = false;
        if let Some(s) = self
            .namespaces
            .get_mut(&ns)
            .and_then(|n| n.sockets.get_mut(sid))
            && let Some(tcp) = s.tcp.as_mut()
        {
            if tcp.accepts_new_syn(seg) {
                reuse_for_syn = true;
            } else {
                let before = tcp.state();
                reply = tcp.process(now, seg);
                became_established =
                    before != State::Established && tcp.state() == State::Established;
            }
        }
        if reuse_for_syn {
            // A new SYN for a 4-tuple in TIME-WAIT: the old connection goes,
            // the listener (if any) takes the SYN.
            if let Some(n) = self.namespaces.get_mut(&ns) {
                n.sockets.remove(sid);
            }
            self.tcp_input_again(ns, ip, seg, id);
            return;
        }
        self.ev(
            ns,
            Layer::SocketDemux,
            Direction::Ingress,
            Some(id),
            Verdict::Delivered,
            || Line::TcpMatched {
                seg: SegLine::new(src, dst, seg),
                sid: sid.0,
            },
        );
        if became_established {
            self.tcp_promote(ns, sid);
        }
        let failed = self
            .namespaces
            .get(&ns)
            .and_then(|n| n.sockets.get(sid))
            .and_then(|s| s.tcp.as_ref())
            .and_then(|t| t.error());
        if let Some(errno) = failed {
            self.ev(
                ns,
                Layer::Socket,
                Direction::Ingress,
                Some(id),
                Verdict::Error(errno),
                || {
                    format!(
                        "the connection fails: {} ({})",
                        errno.message(),
                        errno.name()
                    )
                },
            );
        }
        if let Some(rst) = reply {
            self.send_tcp_reply(ns, ip, &rst);
        }
        self.tcp_dispatch(ns, sid);
    }

    /// Re-runs demux for a segment after a TIME-WAIT socket gave way.
    fn tcp_input_again(&mut self, ns: NsId, ip: &IpRepr, seg: &TcpRepr<'_>, id: PacketId) {
        let found = self.namespaces.get(&ns).and_then(|n| {
            n.sockets.lookup(
                crate::socket::bind::Transport::Tcp,
                SocketAddr::new(ip.src_addr(), seg.src_port),
                SocketAddr::new(ip.dst_addr(), seg.dst_port),
                crate::iface::IfIndex::LOOPBACK,
            )
        });
        match found {
            Some(sid) => self.tcp_deliver(ns, sid, ip, seg, id),
            None => self.send_reset(ns, ip, seg),
        }
    }

    /// A connection reached ESTABLISHED: if a listener spawned it, it moves
    /// from the SYN queue to the accept queue.
    fn tcp_promote(&mut self, ns: NsId, sid: SocketId) {
        let Some(n) = self.namespaces.get_mut(&ns) else {
            return;
        };
        let Some(parent) = n.sockets.get(sid).and_then(|s| s.parent) else {
            return;
        };
        if let Some(l) = n.sockets.get_mut(parent) {
            l.syn_queue.retain(|c| *c != sid);
            if !l.accept_queue.contains(&sid) {
                l.accept_queue.push_back(sid);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn tcp_listener_input(
        &mut self,
        ns: NsId,
        sid: SocketId,
        ip: &IpRepr,
        seg: &TcpRepr<'_>,
        src: SocketAddr,
        dst: SocketAddr,
        id: PacketId,
    ) {
        let now = self.now;
        let outcome = {
            let Some(n) = self.namespaces.get_mut(&ns) else {
                return;
            };
            let Some(l) = n.sockets.get(sid) else { return };
            let Some(listener) = l.listener.as_ref() else {
                return;
            };
            let queued = l.accept_queue.len();
            listener.process(now, dst, src, seg, queued, &mut self.rng)
        };
        match outcome {
            ListenOutcome::Accept(tcp) => {
                let child = {
                    let Some(n) = self.namespaces.get_mut(&ns) else {
                        return;
                    };
                    let Some(l) = n.sockets.get(sid) else { return };
                    let (family, uid, opts, owner) = (l.family, l.uid, l.opts, l.owner.clone());
                    let Ok(child) = n.sockets.open(family, SockType::Stream, uid) else {
                        return;
                    };
                    n.sockets.set_addrs(
                        child,
                        Some(peer_for(family, dst)),
                        Some(peer_for(family, src)),
                    );
                    if let Some(c) = n.sockets.get_mut(child) {
                        c.opts = opts;
                        c.owner = owner;
                        c.parent = Some(sid);
                        c.tcp = Some(tcp);
                    }
                    if let Some(l) = n.sockets.get_mut(sid) {
                        l.syn_queue.push(child);
                    }
                    child
                };
                self.ev(ns, Layer::SocketDemux, Direction::Ingress, Some(id), Verdict::Delivered, || {
                    format!("SYN {src} > {dst} matched the listener (socket {}): new connection in SYN-RECV", sid.0)
                });
                self.tcp_dispatch(ns, child);
            }
            ListenOutcome::Reply(rst) => {
                self.ev(
                    ns,
                    Layer::SocketDemux,
                    Direction::Ingress,
                    Some(id),
                    Verdict::Drop(DropReason::TcpInvalid),
                    || {
                        format!(
                            "{} reached a listener with no connection: answered with RST",
                            seg_text(src, dst, seg)
                        )
                    },
                );
                self.send_tcp_reply(ns, ip, &rst);
            }
            ListenOutcome::Drop => {
                let full = seg.flags.contains(TcpFlags::SYN);
                self.ev(
                    ns,
                    Layer::SocketDemux,
                    Direction::Ingress,
                    Some(id),
                    Verdict::Drop(DropReason::TcpInvalid),
                    || {
                        if full {
                            String::from("the listener's accept queue is full: the SYN is dropped")
                        } else {
                            String::from("the listener ignores this segment")
                        }
                    },
                )
            }
        }
    }

    /// Sends a segment the TCP code answered directly (a RST) back to the
    /// sender of `ip`.
    fn send_tcp_reply(&mut self, ns: NsId, ip: &IpRepr, seg: &TcpRepr<'_>) {
        let (local, remote) = (ip.dst_addr(), ip.src_addr());
        let id = self.new_packet_id();
        let Ok(d) = self.route_output(ns, remote, Some(local), None, Some(id)) else {
            return;
        };
        let fields = IpFields {
            ttl: 64,
            ident: 0,
            dont_frag: true,
        };
        if let Ok(bytes) = build::datagram(local, remote, fields, TransportRepr::Tcp(seg.clone())) {
            let hop = Network::next_hop(&d, remote);
            let _ = self.transmit(ns, d.dev, hop, bytes, id);
        }
    }

    /// The state of a stream socket's connection.
    pub fn tcp_state(&self, ns: NsId, sid: SocketId) -> Option<State> {
        self.namespaces
            .get(&ns)?
            .sockets
            .get(sid)?
            .tcp
            .as_ref()
            .map(|t| t.state())
    }

    /// Takes a pending connection error (SO_ERROR): ECONNREFUSED, ETIMEDOUT...
    pub fn tcp_take_error(&mut self, ns: NsId, sid: SocketId) -> Option<Errno> {
        self.namespaces
            .get_mut(&ns)?
            .sockets
            .get_mut(sid)?
            .tcp
            .as_mut()?
            .take_error()
    }

    /// `send()` on a connected stream socket.
    pub fn tcp_send(&mut self, ns: NsId, sid: SocketId, data: &[u8]) -> Result<usize, Errno> {
        let n = {
            let s = self
                .namespaces
                .get_mut(&ns)
                .and_then(|n| n.sockets.get_mut(sid))
                .ok_or(Errno::EBADF)?;
            let tcp = s.tcp.as_mut().ok_or(Errno::ENOTCONN)?;
            tcp.send(data)?
        };
        self.tcp_dispatch(ns, sid);
        Ok(n)
    }

    /// `recv()` on a connected stream socket: `Ok(0)` is end of file,
    /// EAGAIN means nothing yet.
    pub fn tcp_recv(&mut self, ns: NsId, sid: SocketId, buf: &mut [u8]) -> Result<usize, Errno> {
        let n = {
            let s = self
                .namespaces
                .get_mut(&ns)
                .and_then(|n| n.sockets.get_mut(sid))
                .ok_or(Errno::EBADF)?;
            let tcp = s.tcp.as_mut().ok_or(Errno::ENOTCONN)?;
            tcp.recv(buf)?
        };
        // Reading opens the window: an update may be due.
        self.tcp_dispatch(ns, sid);
        Ok(n)
    }

    /// `shutdown(SHUT_WR)`: sends FIN after the queued data.
    pub fn tcp_shutdown_write(&mut self, ns: NsId, sid: SocketId) {
        if let Some(t) = self
            .namespaces
            .get_mut(&ns)
            .and_then(|n| n.sockets.get_mut(sid))
            .and_then(|s| s.tcp.as_mut())
        {
            t.shutdown_write();
        }
        self.tcp_dispatch(ns, sid);
    }

    /// `accept()`: the next established connection and its peer.
    pub fn accept(
        &mut self,
        ns: NsId,
        sid: SocketId,
    ) -> Result<Option<(SocketId, SocketAddr)>, Errno> {
        let n = self.namespaces.get_mut(&ns).ok_or(Errno::EBADF)?;
        let l = n.sockets.get_mut(sid).ok_or(Errno::EBADF)?;
        if !l.listening {
            return Err(Errno::EINVAL);
        }
        let Some(child) = l.accept_queue.pop_front() else {
            return Ok(None);
        };
        let c = n.sockets.get_mut(child).ok_or(Errno::ECONNABORTED)?;
        c.parent = None;
        let peer = c.remote.ok_or(Errno::ENOTCONN)?;
        Ok(Some((child, peer)))
    }

    /// `close()` of a stream socket: a listener resets the connections it
    /// had not handed out; a connection sends FIN (or RST with unread data)
    /// and stays in the table until TCP is done.
    pub(crate) fn tcp_close(&mut self, ns: NsId, sid: SocketId) {
        let children: Vec<SocketId> =
            match self.namespaces.get(&ns).and_then(|n| n.sockets.get(sid)) {
                Some(s) if s.listener.is_some() => s
                    .accept_queue
                    .iter()
                    .chain(s.syn_queue.iter())
                    .copied()
                    .collect(),
                Some(_) => Vec::new(),
                None => return,
            };
        let has_tcp = self
            .namespaces
            .get(&ns)
            .and_then(|n| n.sockets.get(sid))
            .is_some_and(|s| s.tcp.is_some());
        if !has_tcp {
            for c in children {
                if let Some(t) = self
                    .namespaces
                    .get_mut(&ns)
                    .and_then(|n| n.sockets.get_mut(c))
                    .and_then(|s| s.tcp.as_mut())
                {
                    t.abort();
                }
                self.tcp_dispatch(ns, c);
                if let Some(n) = self.namespaces.get_mut(&ns) {
                    n.sockets.remove(c);
                }
            }
            if let Some(n) = self.namespaces.get_mut(&ns) {
                n.sockets.remove(sid);
            }
            return;
        }
        if let Some(s) = self
            .namespaces
            .get_mut(&ns)
            .and_then(|n| n.sockets.get_mut(sid))
        {
            s.orphaned = true;
            s.parent = None;
            if let Some(t) = s.tcp.as_mut() {
                t.close();
            }
        }
        self.tcp_dispatch(ns, sid);
    }

    /// The earliest TCP timer in the whole network.
    pub(super) fn tcp_next_timer(&self) -> Option<Instant> {
        self.namespaces
            .values()
            .filter_map(|n| n.sockets.next_timer())
            .min()
    }

    /// Runs every TCP socket whose timer is due at `now`. Returns false if
    /// none made progress (so the caller does not spin).
    pub(super) fn tcp_run_timers(&mut self, now: Instant) -> bool {
        let due: Vec<(NsId, SocketId)> = self
            .namespaces
            .values()
            .flat_map(|n| {
                n.sockets
                    .due_timers(now)
                    .into_iter()
                    .map(move |id| (n.id, id))
            })
            .collect();
        let mut progress = false;
        for (ns, sid) in due {
            let before = self.tcp_timer_of(ns, sid);
            self.tcp_dispatch(ns, sid);
            if self.tcp_timer_of(ns, sid) != before {
                progress = true;
            }
        }
        progress
    }

    fn tcp_timer_of(&self, ns: NsId, sid: SocketId) -> Option<Option<Instant>> {
        self.namespaces.get(&ns)?.sockets.get(sid).map(|s| s.timer)
    }

    /// Local addresses of a namespace (for `ss` and the UI).
    pub fn has_local(&self, ns: NsId, addr: IpAddr) -> bool {
        self.namespaces
            .get(&ns)
            .is_some_and(|n| n.addrs().iter().any(|a| a.addr == addr))
    }
}
