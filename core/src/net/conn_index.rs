//! The demux index of one socket table: connected sockets by their
//! 4-tuple, so finding the socket for a packet of an established
//! connection takes O(log n) instead of scoring every socket (thousands in
//! TIME-WAIT under load). Sockets without a connected peer (listeners,
//! bound or fresh sockets) are kept in a set that lookups still score one by
//! one, which keeps Linux's scoring exact.

use alloc::collections::BTreeSet;
use core::net::{IpAddr, SocketAddr};

use super::socket_id::SocketId;
use crate::socket::bind::Transport;

/// What a packet of a connection carries: transport, our port, the peer's
/// address (as in the packet: IPv4 for a v4-mapped peer) and the peer's port.
pub(crate) type ConnKey = (Transport, u16, IpAddr, u16);

/// Connected sockets by 4-tuple, and the rest.
#[derive(Debug, Default)]
pub(crate) struct ConnIndex {
    connected: BTreeSet<(ConnKey, SocketId)>,
    others: BTreeSet<SocketId>,
}

impl ConnIndex {
    /// Adds socket `id` with its key, `None` for a socket without a
    /// connected peer (call after every change of its addresses, after
    /// [`ConnIndex::remove`] with the old key).
    pub(crate) fn insert(&mut self, id: SocketId, key: Option<ConnKey>) {
        match key {
            Some(k) => self.connected.insert((k, id)),
            None => self.others.insert(id),
        };
    }

    /// Forgets socket `id`, whose key is `key` (as it was indexed).
    pub(crate) fn remove(&mut self, id: SocketId, key: Option<ConnKey>) {
        match key {
            Some(k) => self.connected.remove(&(k, id)),
            None => self.others.remove(&id),
        };
    }

    /// Every socket that may match a packet of `transport` from `src` to
    /// port `dst_port`: connected sockets with exactly that peer and local
    /// port, then every socket without a connected peer. Any other socket
    /// has a peer that is not `src`, so it cannot match.
    pub(crate) fn candidates(
        &self,
        transport: Transport,
        src: SocketAddr,
        dst_port: u16,
    ) -> impl Iterator<Item = SocketId> + '_ {
        let k = (transport, dst_port, src.ip(), src.port());
        self.connected
            .range((k, SocketId(0))..=(k, SocketId(u32::MAX)))
            .map(|(_, id)| *id)
            .chain(self.others.iter().copied())
    }
}
