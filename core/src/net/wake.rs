//! Wake-ups: the processes the scheduler runs the moment a datagram is
//! queued for one of their sockets (`sk_data_ready` waking a task asleep
//! in `recvfrom`), before the network handles anything else.
//!
//! The daemons of the LAN's machines (the router's DNS server) are such
//! processes: each machine has its own CPU, so a daemon answers at the
//! instant its query arrives, whatever else the network does at that
//! instant. The process table registers them ([`Network::set_immediate_reader`])
//! and drives the network with [`Network::poll_until_woken`], running
//! them each time it stops. The network keeps their pids only, never a
//! program's code.

use super::Network;
use crate::time::Instant;

impl Network {
    /// Makes process `pid` one the network wakes the moment a datagram
    /// is queued for one of its sockets (`on`), or an ordinary one.
    pub fn set_immediate_reader(&mut self, pid: u32, on: bool) {
        if on {
            self.immediate_readers.insert(pid);
        } else {
            self.immediate_readers.remove(&pid);
        }
    }

    /// [`Network::poll`] that stops right after an event that woke an
    /// immediate reader: true if it stopped (the network's clock is then
    /// the instant of that event, and what is due later waits for the
    /// next call), false once everything due by `now` is done.
    pub fn poll_until_woken(&mut self, now: Instant) -> bool {
        self.run_until(now, true)
    }

    /// A datagram was queued for a socket of process `owner`: wakes it if
    /// it is an immediate reader.
    pub(super) fn data_ready(&mut self, owner: Option<u32>) {
        if owner.is_some_and(|pid| self.immediate_readers.contains(&pid)) {
            self.woken = true;
        }
    }
}
