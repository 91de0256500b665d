//! The socket system calls: `socket`, `bind`, `connect`, `listen`,
//! `accept`, `sendto`/`recvfrom`, `shutdown`, `close`, `setsockopt`/
//! `getsockopt`, `getsockname`/`getpeername`, and readiness as `poll`
//! reports it.
//!
//! Every call takes the calling process's descriptor and answers with the
//! errno Linux gives; the socket layer's own rules (bind conflicts, the
//! routes a `connect` checks, TCP's state machine) stay in the kernel.
//! Calls never block: a `connect` on a stream socket returns at once (the
//! outcome is readiness: writable when connected, an error when refused),
//! and a receive with nothing queued says so.

use alloc::vec::Vec;
use core::net::SocketAddr;

use super::Sys;
use crate::errno::Errno;
use crate::fd::{Fd, OpenFile};
use crate::net::api::SendError;
use crate::net::sockets::{IcmpErrorReport, RecvDatagram, SockType, SocketId};
use crate::socket::bind::Family;
use crate::trace::{NsId, PacketId};

/// What `poll` reports for a descriptor (`POLLIN`, `POLLOUT`, `POLLERR`,
/// `POLLHUP`, `POLLRDHUP`), as a set of bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PollEvents(u16);

impl PollEvents {
    /// Nothing is ready.
    pub const NONE: PollEvents = PollEvents(0);
    /// `POLLIN`: a read would not block (data, end of file, a connection
    /// to accept, a queued datagram).
    pub const IN: PollEvents = PollEvents(0x001);
    /// `POLLOUT`: a write would not block (a stream socket is connected).
    pub const OUT: PollEvents = PollEvents(0x004);
    /// `POLLERR`: an error is pending (`SO_ERROR`, or the error queue).
    pub const ERR: PollEvents = PollEvents(0x008);
    /// `POLLHUP`: both directions are shut (the connection is over).
    pub const HUP: PollEvents = PollEvents(0x010);
    /// `POLLRDHUP`: the peer shut its sending side (a FIN arrived).
    pub const RDHUP: PollEvents = PollEvents(0x2000);

    /// Whether every bit of `other` is set.
    pub const fn contains(self, other: PollEvents) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    /// Whether any bit of `other` is set.
    pub const fn intersects(self, other: PollEvents) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether no bit is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The raw bits, as `revents` holds them.
    pub const fn bits(self) -> u16 {
        self.0
    }
}

impl core::ops::BitOr for PollEvents {
    type Output = PollEvents;
    fn bitor(self, rhs: PollEvents) -> PollEvents {
        PollEvents(self.0 | rhs.0)
    }
}

impl core::ops::BitOrAssign for PollEvents {
    fn bitor_assign(&mut self, rhs: PollEvents) {
        self.0 |= rhs.0;
    }
}

/// A socket option `setsockopt` can set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SockOpt {
    /// `SO_REUSEADDR`.
    ReuseAddr(bool),
    /// `SO_REUSEPORT`.
    ReusePort(bool),
    /// `IPV6_V6ONLY`.
    V6Only(bool),
    /// `IP_FREEBIND`.
    FreeBind(bool),
    /// `SO_BINDTODEVICE` by interface name (`None` unbinds); ENODEV if
    /// the namespace has no such interface.
    BindToDevice(Option<alloc::string::String>),
    /// `SO_BROADCAST`.
    Broadcast(bool),
    /// `IP_TTL` / `IPV6_UNICAST_HOPS`.
    Ttl(u8),
    /// `IP_RECVERR` / `IPV6_RECVERR`.
    RecvErr(bool),
    /// `IP_MTU_DISCOVER` / `IPV6_MTU_DISCOVER` with `IP_PMTUDISC_DO` or
    /// `IP_PMTUDISC_PROBE` (true) or `IP_PMTUDISC_WANT` (false).
    PmtuDiscDo(bool),
}

/// Options `getsockopt` reads, with their current values.
pub use crate::net::sockets::SockOpts;

/// How `shutdown` closes a stream socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shutdown {
    /// `SHUT_WR`: send FIN after the queued data.
    Write,
}

impl Sys<'_> {
    fn socket_of(&self, fd: Fd) -> Result<(NsId, SocketId), Errno> {
        match self.host.tasks.get(self.pid, fd) {
            Some(OpenFile::Socket { ns, sid }) => Ok((ns, sid)),
            Some(OpenFile::Raw(_) | OpenFile::Packet { .. }) => Err(Errno::EOPNOTSUPP),
            Some(_) => Err(Errno::ENOTSOCK),
            None => Err(Errno::EBADF),
        }
    }

    /// The socket `fd` refers to, read-only.
    fn sock(&self, fd: Fd) -> Result<&crate::net::sockets::Socket, Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        self.host
            .net
            .ns(ns)
            .and_then(|n| n.sockets.get(sid))
            .ok_or(Errno::EBADF)
    }

    /// Installs `file` at the lowest free descriptor; with the table full
    /// (EMFILE) the file is closed again, as the kernel's `fd_install`
    /// failure path does.
    fn install(&mut self, file: OpenFile) -> Result<Fd, Errno> {
        match self.host.tasks.install(self.pid, file.clone()) {
            Some(fd) => Ok(fd),
            None => {
                super::release(self.host, file);
                Err(Errno::EMFILE)
            }
        }
    }

    /// `socket(family, type, 0)` in the process's network namespace.
    pub fn socket(&mut self, family: Family, ty: SockType) -> Result<Fd, Errno> {
        let sid = self.host.net.socket(self.ns, family, ty, self.uid)?;
        let comm = alloc::string::String::from(self.host.tasks.comm(self.pid));
        self.host.net.set_owner(self.ns, sid, self.pid, &comm);
        self.install(OpenFile::Socket { ns: self.ns, sid })
    }

    /// `setsockopt(fd, ...)`.
    pub fn setsockopt(&mut self, fd: Fd, opt: SockOpt) -> Result<(), Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        let device = match &opt {
            SockOpt::BindToDevice(Some(name)) => Some(
                self.host
                    .net
                    .ns(ns)
                    .and_then(|n| n.iface_by_name(name))
                    .map(|i| i.index)
                    .ok_or(Errno::ENODEV)?,
            ),
            _ => None,
        };
        let opts = self.host.net.sockopts_mut(ns, sid).ok_or(Errno::EBADF)?;
        match opt {
            SockOpt::ReuseAddr(on) => opts.reuse_addr = on,
            SockOpt::ReusePort(on) => opts.reuse_port = on,
            SockOpt::V6Only(on) => opts.v6only = on,
            SockOpt::FreeBind(on) => opts.freebind = on,
            SockOpt::BindToDevice(_) => opts.bind_device = device,
            SockOpt::Broadcast(on) => opts.broadcast = on,
            SockOpt::Ttl(ttl) => opts.ttl = Some(ttl),
            SockOpt::RecvErr(on) => opts.recverr = on,
            SockOpt::PmtuDiscDo(on) => opts.pmtudisc_do = on,
        }
        Ok(())
    }

    /// `getsockopt(fd, ...)` for the options [`SockOpt`] sets.
    pub fn getsockopt(&mut self, fd: Fd) -> Result<SockOpts, Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        self.host
            .net
            .sockopts_mut(ns, sid)
            .map(|o| *o)
            .ok_or(Errno::EBADF)
    }

    /// `getsockopt(fd, SOL_SOCKET, SO_ERROR)`: takes the pending error.
    pub fn take_error(&mut self, fd: Fd) -> Result<Option<Errno>, Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        let s = self
            .host
            .net
            .ns_mut(ns)
            .and_then(|n| n.sockets.get_mut(sid))
            .ok_or(Errno::EBADF)?;
        if let Some(e) = s.so_error.take() {
            return Ok(Some(e));
        }
        Ok(s.tcp.as_mut().and_then(|t| t.take_error()))
    }

    /// `bind(fd, addr)`: the address actually bound (port 0 picks one).
    pub fn bind(&mut self, fd: Fd, addr: SocketAddr) -> Result<SocketAddr, Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        self.host.net.bind(ns, sid, addr)
    }

    /// `listen(fd, backlog)`.
    pub fn listen(&mut self, fd: Fd, backlog: u32) -> Result<(), Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        self.host.net.listen(ns, sid, backlog)
    }

    /// `connect(fd, addr)`. On a datagram or ping socket it checks the
    /// route, binds a port and fixes the peer; on a stream socket the SYN
    /// leaves at once and the call returns (a non-blocking connect whose
    /// outcome [`Sys::poll`] reports: `OUT` once connected, `ERR` with
    /// the errno in [`Sys::take_error`] if it failed).
    pub fn connect(&mut self, fd: Fd, addr: SocketAddr) -> Result<(), Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        let stream = self.sock_type(ns, sid)? == SockType::Stream;
        if stream {
            self.host.net.tcp_connect(ns, sid, addr)
        } else {
            self.host.net.connect_dgram(ns, sid, addr)
        }
    }

    fn sock_type(&self, ns: NsId, sid: SocketId) -> Result<SockType, Errno> {
        self.host
            .net
            .ns(ns)
            .and_then(|n| n.sockets.get(sid))
            .map(|s| s.ty)
            .ok_or(Errno::EBADF)
    }

    /// `accept(fd)`: the next established connection as a new descriptor
    /// with its peer's address, or `None` if none is waiting (EAGAIN).
    pub fn accept(&mut self, fd: Fd) -> Result<Option<(Fd, SocketAddr)>, Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        let Some((child, peer)) = self.host.net.accept(ns, sid)? else {
            return Ok(None);
        };
        let comm = alloc::string::String::from(self.host.tasks.comm(self.pid));
        self.host.net.set_owner(ns, child, self.pid, &comm);
        let cfd = self.install(OpenFile::Socket { ns, sid: child })?;
        Ok(Some((cfd, peer)))
    }

    /// `send(fd, data)` on a connected stream socket: how many bytes were
    /// queued (EAGAIN when the send buffer is full).
    pub fn send(&mut self, fd: Fd, data: &[u8]) -> Result<usize, Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        self.host.net.tcp_send(ns, sid, data)
    }

    /// `recv(fd, buf)` on a stream socket: `Ok(0)` is end of file, EAGAIN
    /// means nothing yet.
    pub fn recv(&mut self, fd: Fd, buf: &mut [u8]) -> Result<usize, Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        self.host.net.tcp_recv(ns, sid, buf)
    }

    /// `sendto(fd, data, dest)` on a UDP socket (`None`: the connected
    /// peer); the packet it sent.
    pub fn sendto(
        &mut self,
        fd: Fd,
        data: &[u8],
        dest: Option<SocketAddr>,
    ) -> Result<PacketId, Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        self.host.net.udp_send(ns, sid, data, dest)
    }

    /// Sends one ICMP echo request with sequence number `seq` from a ping
    /// socket (`sendto` with an ICMP header whose id the kernel sets).
    pub fn send_echo(
        &mut self,
        fd: Fd,
        dst: core::net::IpAddr,
        seq: u16,
        payload: &[u8],
    ) -> Result<PacketId, SendError> {
        let (ns, sid) = self.socket_of(fd)?;
        self.host.net.send_echo(ns, sid, dst, seq, payload)
    }

    /// `recvfrom(fd)` on a datagram or ping socket: the next datagram with
    /// its ancillary data, `None` if nothing waits; a pending error (a
    /// connected UDP socket's ECONNREFUSED) first.
    pub fn recvfrom(&mut self, fd: Fd) -> Result<Option<RecvDatagram>, Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        self.host.net.recv(ns, sid)
    }

    /// `recvmsg(fd, MSG_ERRQUEUE)`: the next ICMP error queued for the
    /// socket (with `IP_RECVERR`, or on a ping socket).
    pub fn recv_error(&mut self, fd: Fd) -> Result<Option<IcmpErrorReport>, Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        Ok(self.host.net.take_icmp_error(ns, sid))
    }

    /// `shutdown(fd, how)`.
    pub fn shutdown(&mut self, fd: Fd, how: Shutdown) -> Result<(), Errno> {
        let (ns, sid) = self.socket_of(fd)?;
        if self.sock_type(ns, sid)? != SockType::Stream {
            return Err(Errno::ENOTCONN);
        }
        match how {
            Shutdown::Write => self.host.net.tcp_shutdown_write(ns, sid),
        }
        Ok(())
    }

    /// `getsockname(fd)`: the bound address, if any.
    pub fn getsockname(&self, fd: Fd) -> Result<Option<SocketAddr>, Errno> {
        let s = self.sock(fd)?;
        Ok(s.local.or_else(|| s.tcp.as_ref().and_then(|t| t.local())))
    }

    /// `getpeername(fd)`: ENOTCONN if the socket has no peer.
    pub fn getpeername(&self, fd: Fd) -> Result<SocketAddr, Errno> {
        let s = self.sock(fd)?;
        s.remote
            .or_else(|| s.tcp.as_ref().and_then(|t| t.remote()))
            .ok_or(Errno::ENOTCONN)
    }

    /// `poll` on one descriptor: what a read or write would do now.
    pub fn poll(&self, fd: Fd) -> Result<PollEvents, Errno> {
        match self.host.tasks.get(self.pid, fd) {
            Some(OpenFile::Socket { ns, sid }) => Ok(self.socket_events(ns, sid)),
            Some(OpenFile::Raw(id)) => Ok(if self.host.net.raw_pending(id) {
                PollEvents::IN
            } else {
                PollEvents::NONE
            }),
            Some(OpenFile::Packet { ns, ifindex, next }) => {
                let waiting = self
                    .host
                    .net
                    .capture
                    .since(next)
                    .any(|f| f.netns == ns && ifindex.is_none_or(|i| i == f.ifindex));
                Ok(if waiting {
                    PollEvents::IN
                } else {
                    PollEvents::NONE
                })
            }
            Some(file) => Ok(file_events(&self.host.pipes, &file)),
            None => Err(Errno::EBADF),
        }
    }

    fn socket_events(&self, ns: NsId, sid: SocketId) -> PollEvents {
        use crate::socket::tcp::State;
        let Some(s) = self.host.net.ns(ns).and_then(|n| n.sockets.get(sid)) else {
            return PollEvents::HUP;
        };
        let mut ev = PollEvents::NONE;
        if s.so_error.is_some() || !s.errqueue.is_empty() {
            ev |= PollEvents::ERR;
        }
        if !s.rx.is_empty() || !s.accept_queue.is_empty() {
            ev |= PollEvents::IN;
        }
        match (&s.tcp, s.ty) {
            (Some(t), _) => {
                if t.error().is_some() {
                    ev |= PollEvents::ERR | PollEvents::IN;
                }
                if t.can_recv() {
                    ev |= PollEvents::IN;
                }
                if t.can_send() {
                    ev |= PollEvents::OUT;
                }
                let peer_done = matches!(
                    t.state(),
                    State::CloseWait | State::LastAck | State::Closing | State::TimeWait
                ) || (t.state() == State::Closed && t.error().is_none());
                if peer_done {
                    ev |= PollEvents::RDHUP | PollEvents::IN;
                }
                if t.state() == State::Closed
                    || matches!(t.state(), State::TimeWait | State::LastAck | State::Closing)
                {
                    ev |= PollEvents::HUP;
                }
            }
            (None, SockType::Stream) if !s.listening => {
                // A stream socket never connected: POLLOUT | POLLHUP, as
                // tcp_poll answers for TCP_CLOSE.
                ev |= PollEvents::OUT | PollEvents::HUP;
            }
            (None, SockType::Stream) => {}
            (None, _) => ev |= PollEvents::OUT,
        }
        ev
    }

    /// `close(fd)`. A TCP connection finishes its close in the kernel.
    pub fn close(&mut self, fd: Fd) -> Result<(), Errno> {
        let file = self.host.tasks.remove(self.pid, fd).ok_or(Errno::EBADF)?;
        super::release(self.host, file);
        Ok(())
    }

    /// `socket(AF_INET, SOCK_RAW, protocol)` (root only: EPERM otherwise):
    /// a socket that receives a copy of every datagram of `protocol`
    /// delivered to the namespace, and sends datagrams built by hand.
    pub fn raw_socket(&mut self, protocol: u8) -> Result<Fd, Errno> {
        if self.uid != 0 {
            return Err(Errno::EPERM);
        }
        let id = self.host.net.raw_open(self.ns, protocol);
        self.install(OpenFile::Raw(id))
    }

    /// Reads the next datagram a raw socket received: its arrival time and
    /// bytes (from the IP header on).
    pub fn raw_recv(&mut self, fd: Fd) -> Result<Option<(crate::time::Instant, Vec<u8>)>, Errno> {
        match self.host.tasks.get(self.pid, fd) {
            Some(OpenFile::Raw(id)) => Ok(self.host.net.raw_recv(id)),
            Some(_) => Err(Errno::EOPNOTSUPP),
            None => Err(Errno::EBADF),
        }
    }

    /// Sends a datagram built by hand (`IP_HDRINCL`): routed by its
    /// destination, sent with whatever source it claims.
    pub fn raw_send(&mut self, fd: Fd, datagram: Vec<u8>) -> Result<PacketId, Errno> {
        match self.host.tasks.get(self.pid, fd) {
            Some(OpenFile::Raw(id)) => {
                let ns = self.host.net.raw_ns(id).ok_or(Errno::EBADF)?;
                self.host.net.send_raw(ns, datagram)
            }
            Some(_) => Err(Errno::EOPNOTSUPP),
            None => Err(Errno::EBADF),
        }
    }
}

/// What `poll` reports on a descriptor that is not a socket: a pipe's read
/// end is readable with bytes waiting or at end-of-file (then HUP too), its
/// write end writable until its readers are gone (then ERR); files, the
/// terminal and `/dev/null` are always ready.
fn file_events(pipes: &crate::pipe::Pipes, file: &OpenFile) -> PollEvents {
    match *file {
        OpenFile::PipeRead(id) => match pipes.state(id) {
            Some((waiting, no_writer, _)) => {
                let mut ev = PollEvents::NONE;
                if waiting > 0 || no_writer {
                    ev |= PollEvents::IN;
                }
                if no_writer {
                    ev |= PollEvents::HUP;
                }
                ev
            }
            None => PollEvents::IN | PollEvents::HUP,
        },
        OpenFile::PipeWrite(id) => match pipes.state(id) {
            Some((_, _, false)) => PollEvents::OUT,
            _ => PollEvents::OUT | PollEvents::ERR,
        },
        _ => PollEvents::IN | PollEvents::OUT,
    }
}
