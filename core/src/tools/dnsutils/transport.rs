//! One DNS query to one server, as BIND 9.18's tools send it: over UDP
//! (a socket connected to the server, the query sent, an answer awaited
//! `timeout` long, `tries` times) or over TCP (connect, the message with
//! its two-byte length, the answer read whole). The tool polls it from its
//! own `poll`; it never blocks: it returns [`Event::Waiting`] after asking
//! to be woken at its deadline.

use alloc::string::String;
use alloc::vec::Vec;
use core::net::SocketAddr;

use crate::names::dnsmsg::{MAX_MESSAGE, Message};
use crate::process::Ctx;
use crate::sys::{Errno, Family, Fd, PollEvents, SockType};
use crate::time::{Duration, Instant};

/// Why one try failed, in BIND's words (`isc_result_totext`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// No answer before the timeout.
    TimedOut,
    /// The socket's error: ICMP port unreachable (UDP), a reset (TCP)...
    Errno(Errno),
    /// The socket could not be set up (`connect` failed at once: no
    /// route, an address of the wrong family).
    Setup(Errno),
}

impl Failure {
    /// BIND's text: `timed out`, `connection refused`...
    pub(crate) fn text(self) -> &'static str {
        match self {
            Failure::Setup(e) => Failure::Errno(e).text(),
            Failure::TimedOut => "timed out",
            Failure::Errno(Errno::ECONNREFUSED) => "connection refused",
            Failure::Errno(Errno::EHOSTUNREACH) => "host unreachable",
            Failure::Errno(Errno::ENETUNREACH) => "network unreachable",
            Failure::Errno(Errno::ECONNRESET) => "connection reset",
            Failure::Errno(Errno::EADDRNOTAVAIL) => "address not available",
            Failure::Errno(_) => "unexpected error",
        }
    }
}

/// What a poll of the query found.
#[derive(Debug)]
pub(crate) enum Event {
    /// Nothing yet; the process is woken at the deadline or by a packet.
    Waiting,
    /// A try failed; `last` if it was the last one.
    TryFailed {
        /// Why.
        why: Failure,
        /// No try is left.
        last: bool,
    },
    /// The answer: the message, its size on the wire, the round trip.
    Answer {
        /// The parsed message.
        msg: Message,
        /// Its size in bytes (`MSG SIZE  rcvd`).
        size: usize,
        /// From the send to the answer.
        rtt: Duration,
    },
}

/// Where a try is.
#[derive(Debug)]
enum State {
    /// No socket: the next try starts on the next poll.
    Idle,
    /// UDP: the query is out, the answer awaited until `deadline`.
    Udp { fd: Fd, deadline: Instant },
    /// TCP: connecting, then writing and reading.
    Tcp {
        fd: Fd,
        deadline: Instant,
        sent: bool,
        buf: Vec<u8>,
    },
    /// Over (answered or given up).
    Done,
}

/// One query to one server.
#[derive(Debug)]
pub(crate) struct Query {
    /// The server.
    pub(crate) server: SocketAddr,
    /// Over TCP (`+tcp`, `-T`, `-vc`, an ANY query of dig's).
    pub(crate) tcp: bool,
    bytes: Vec<u8>,
    id: u16,
    timeout: Duration,
    tries_left: u32,
    sent_at: Instant,
    state: State,
}

/// Reads at most this much from a TCP answer per poll.
const CHUNK: usize = 4096;

impl Query {
    /// A query (`bytes`, whose id is `id`) for `server`, `tries` times
    /// (at least once) with `timeout` each.
    pub(crate) fn new(
        server: SocketAddr,
        tcp: bool,
        bytes: Vec<u8>,
        id: u16,
        timeout: Duration,
        tries: u32,
    ) -> Self {
        Query {
            server,
            tcp,
            bytes,
            id,
            timeout,
            tries_left: tries.max(1),
            sent_at: Instant::ZERO,
            state: State::Idle,
        }
    }

    /// Moves the query on at `ctx.now()`.
    pub(crate) fn poll(&mut self, ctx: &mut Ctx<'_>) -> Event {
        let now = ctx.now();
        match core::mem::replace(&mut self.state, State::Idle) {
            State::Done => {
                self.state = State::Done;
                Event::Waiting
            }
            State::Idle => self.start_try(ctx, now),
            State::Udp { fd, deadline } => self.poll_udp(ctx, fd, deadline, now),
            State::Tcp {
                fd,
                deadline,
                sent,
                buf,
            } => self.poll_tcp(ctx, (fd, deadline, sent), buf, now),
        }
    }

    /// Closes the socket of a try in progress (Ctrl-C, or the tool moving
    /// on); the exit would close it anyway.
    pub(crate) fn close(&mut self, ctx: &mut Ctx<'_>) {
        if let State::Udp { fd, .. } | State::Tcp { fd, .. } = self.state {
            let _ = ctx.sys().close(fd);
        }
        self.state = State::Done;
    }

    fn start_try(&mut self, ctx: &mut Ctx<'_>, now: Instant) -> Event {
        self.tries_left = self.tries_left.saturating_sub(1);
        let family = Family::of(&self.server.ip());
        let ty = if self.tcp {
            SockType::Stream
        } else {
            SockType::Dgram
        };
        let fd = match ctx.sys().socket(family, ty) {
            Ok(fd) => fd,
            Err(e) => return self.fail(ctx, None, Failure::Errno(e)),
        };
        if let Err(e) = ctx.sys().connect(fd, self.server) {
            return self.fail(ctx, Some(fd), Failure::Setup(e));
        }
        self.sent_at = now;
        let deadline = now + self.timeout;
        if self.tcp {
            self.state = State::Tcp {
                fd,
                deadline,
                sent: false,
                buf: Vec::new(),
            };
            return self.poll(ctx);
        }
        if let Err(e) = ctx.sys().sendto(fd, &self.bytes, None) {
            return self.fail(ctx, Some(fd), Failure::Errno(e));
        }
        self.state = State::Udp { fd, deadline };
        self.poll(ctx)
    }

    /// A try failed: its socket closed, and the event saying whether
    /// another follows.
    fn fail(&mut self, ctx: &mut Ctx<'_>, fd: Option<Fd>, why: Failure) -> Event {
        if let Some(fd) = fd {
            let _ = ctx.sys().close(fd);
        }
        let last = self.tries_left == 0;
        self.state = if last { State::Done } else { State::Idle };
        if !last {
            ctx.wake_at(ctx.now());
        }
        Event::TryFailed { why, last }
    }

    fn poll_udp(&mut self, ctx: &mut Ctx<'_>, fd: Fd, deadline: Instant, now: Instant) -> Event {
        loop {
            match ctx.sys().recvfrom(fd) {
                Ok(Some(d)) => {
                    let Some(msg) = Message::parse(&d.data) else {
                        continue;
                    };
                    if msg.header.id != self.id || !msg.header.qr {
                        continue;
                    }
                    return self.answered(ctx, fd, msg, d.data.len(), now);
                }
                Ok(None) => break,
                Err(e) => return self.fail(ctx, Some(fd), Failure::Errno(e)),
            }
        }
        if now >= deadline {
            return self.fail(ctx, Some(fd), Failure::TimedOut);
        }
        self.state = State::Udp { fd, deadline };
        ctx.wake_at(deadline);
        Event::Waiting
    }

    fn answered(
        &mut self,
        ctx: &mut Ctx<'_>,
        fd: Fd,
        msg: Message,
        size: usize,
        now: Instant,
    ) -> Event {
        let _ = ctx.sys().close(fd);
        self.state = State::Done;
        Event::Answer {
            msg,
            size,
            rtt: now.saturating_since(self.sent_at),
        }
    }

    fn poll_tcp(
        &mut self,
        ctx: &mut Ctx<'_>,
        (fd, deadline, mut sent): (Fd, Instant, bool),
        mut buf: Vec<u8>,
        now: Instant,
    ) -> Event {
        if let Ok(Some(e)) = ctx.sys().take_error(fd) {
            return self.fail(ctx, Some(fd), Failure::Errno(e));
        }
        if !sent {
            let ready = ctx.sys().poll(fd).unwrap_or(PollEvents::NONE);
            if ready.contains(PollEvents::OUT) {
                let Ok(len) = u16::try_from(self.bytes.len()) else {
                    return self.fail(ctx, Some(fd), Failure::Errno(Errno::EMSGSIZE));
                };
                let mut framed = len.to_be_bytes().to_vec();
                framed.extend_from_slice(&self.bytes);
                if let Err(e) = ctx.sys().send(fd, &framed) {
                    return self.fail(ctx, Some(fd), Failure::Errno(e));
                }
                sent = true;
            }
        }
        if sent {
            let mut chunk = [0u8; CHUNK];
            loop {
                match ctx.sys().recv(fd, &mut chunk) {
                    Ok(0) => return self.fail(ctx, Some(fd), Failure::Errno(Errno::ECONNRESET)),
                    Ok(n) => {
                        buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
                        if buf.len() > 2 + MAX_MESSAGE {
                            return self.fail(ctx, Some(fd), Failure::Errno(Errno::EMSGSIZE));
                        }
                    }
                    Err(Errno::EAGAIN) => break,
                    Err(e) => return self.fail(ctx, Some(fd), Failure::Errno(e)),
                }
            }
            if let Some(&[hi, lo]) = buf.get(..2) {
                let len = usize::from(u16::from_be_bytes([hi, lo]));
                if let Some(body) = buf.get(2..2 + len) {
                    let Some(msg) = Message::parse(body) else {
                        return self.fail(ctx, Some(fd), Failure::Errno(Errno::EMSGSIZE));
                    };
                    return self.answered(ctx, fd, msg, len, now);
                }
            }
        }
        if now >= deadline {
            return self.fail(ctx, Some(fd), Failure::TimedOut);
        }
        self.state = State::Tcp {
            fd,
            deadline,
            sent,
            buf,
        };
        ctx.wake_at(deadline);
        Event::Waiting
    }
}

/// `addr#port`, as BIND's tools name a server.
pub(crate) fn server_text(server: SocketAddr) -> String {
    alloc::format!("{}#{}", server.ip(), server.port())
}
