//! A listening socket: turns SYNs into connections in SYN-RECEIVED and
//! answers everything else as Linux's `tcp_v4_rcv` does for a LISTEN socket.

use core::net::SocketAddr;

use super::{TcpConfig, TcpSocket, rst_reply};
use crate::rand::Rng;
use crate::time::Instant;
use crate::wire::tcp::{Repr as TcpRepr, TcpFlags};

/// What the stack should do with a segment that reached a listener.
#[derive(Debug)]
pub enum ListenOutcome {
    /// A new connection in SYN-RECEIVED: add it to the socket table under
    /// its 4-tuple and `dispatch` it (that sends the SYN-ACK). Move it to the
    /// accept queue when it reaches ESTABLISHED.
    Accept(alloc::boxed::Box<TcpSocket>),
    /// Send this segment back (a RST for a stray ACK).
    Reply(TcpRepr<'static>),
    /// Drop silently (a RST, or a SYN while the queues are full).
    Drop,
}

/// A TCP socket in LISTEN.
#[derive(Debug, Clone)]
pub struct TcpListener {
    local: SocketAddr,
    backlog: usize,
    config: TcpConfig,
}

impl TcpListener {
    /// Listens on `local` (possibly a wildcard address) with room for
    /// `backlog` connections waiting in the accept queue (`listen(fd, n)`).
    pub fn new(local: SocketAddr, backlog: usize, config: TcpConfig) -> Self {
        TcpListener {
            local,
            backlog,
            config,
        }
    }

    /// The bound address.
    pub fn local(&self) -> SocketAddr {
        self.local
    }

    /// The accept-queue limit (`ss` shows it as Send-Q of a listener).
    pub fn backlog(&self) -> usize {
        self.backlog
    }

    /// Handles a segment for this listener that matched no connection.
    /// `local` is the segment's destination (the listener may be bound to
    /// a wildcard), `remote` its source; `queued` is how many connections
    /// wait in the accept queue now.
    pub fn process(
        &self,
        now: Instant,
        local: SocketAddr,
        remote: SocketAddr,
        repr: &TcpRepr<'_>,
        queued: usize,
        rng: &mut Rng,
    ) -> ListenOutcome {
        let flags = repr.flags;
        if flags.contains(TcpFlags::RST) {
            return ListenOutcome::Drop;
        }
        if repr.ack_number.is_some() {
            // An ACK (or SYN-ACK) for no connection: RST, seq = SEG.ACK.
            return rst_reply(repr).map_or(ListenOutcome::Drop, ListenOutcome::Reply);
        }
        if !flags.contains(TcpFlags::SYN) || flags.contains(TcpFlags::FIN) {
            return ListenOutcome::Drop;
        }
        // Linux accepts up to backlog + 1 before dropping SYNs.
        if queued > self.backlog {
            return ListenOutcome::Drop;
        }
        match TcpSocket::accept_syn(self.config.clone(), now, local, remote, repr, rng) {
            Ok(sock) => ListenOutcome::Accept(alloc::boxed::Box::new(sock)),
            Err(_) => ListenOutcome::Drop,
        }
    }
}
