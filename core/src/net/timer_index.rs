//! The TCP deadlines of one socket table, ordered by time, so the network
//! finds the next timer and the due sockets without visiting every socket.

use alloc::collections::BTreeSet;
use alloc::vec::Vec;

use super::socket_id::SocketId;
use crate::time::Instant;

/// Every socket's next deadline, as `(when, socket)`.
#[derive(Debug, Default)]
pub(crate) struct TimerIndex {
    by_time: BTreeSet<(Instant, SocketId)>,
}

impl TimerIndex {
    /// Replaces socket `id`'s deadline `old` with `new`.
    pub(crate) fn update(&mut self, id: SocketId, old: Option<Instant>, new: Option<Instant>) {
        if old == new {
            return;
        }
        if let Some(t) = old {
            self.by_time.remove(&(t, id));
        }
        if let Some(t) = new {
            self.by_time.insert((t, id));
        }
    }

    /// The earliest deadline.
    pub(crate) fn next(&self) -> Option<Instant> {
        self.by_time.first().map(|(t, _)| *t)
    }

    /// The sockets whose deadline is at or before `now`, in id order.
    pub(crate) fn due(&self, now: Instant) -> Vec<SocketId> {
        let mut ids: Vec<SocketId> = self
            .by_time
            .iter()
            .take_while(|(t, _)| *t <= now)
            .map(|(_, id)| *id)
            .collect();
        ids.sort_unstable();
        ids
    }
}
