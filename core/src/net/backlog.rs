//! The loopback receive backlog drained before a woken task runs.
//!
//! On Linux a packet sent on `lo` is queued to the CPU's backlog
//! (`netif_rx`) and the softirq (`net_rx_action` -> `process_backlog`)
//! handles the whole queue before the scheduler switches to a task the
//! packets woke. So when `python3 -m http.server` writes its response and
//! closes, the client's socket has taken in the data *and* the FIN (moved
//! to CLOSE-WAIT) by the time curl runs; curl's own FIN then acknowledges
//! the server's, and only the server ends in TIME-WAIT. Here, the process
//! table calls [`Network::drain_backlog`] after the network's step, before
//! it polls the processes.

use super::Network;
use crate::time::Instant;

/// The most backlog packets drained before the processes run (Linux's
/// `netdev_max_backlog` default).
const DRAIN_LIMIT: usize = 1000;

/// The most packets a task's exit pushes through the backlog (its FINs and
/// the peers' ACKs).
const SETTLE_LIMIT: usize = 64;

impl Network {
    /// Marks the packet just scheduled to arrive at `at` as queued to lo's
    /// receive backlog now.
    pub(super) fn mark_backlog(&mut self, at: Instant) {
        let now = self.now;
        if let Some(p) = self.in_flight.get_mut(&(at, self.in_flight_seq)) {
            p.queued = Some(now);
        }
    }

    /// Delivers, in time order, the packets that were already in lo's
    /// receive backlog at `before` (and nothing that is due ahead of them:
    /// a TCP timer or another packet ends the drain). The clock moves to
    /// the last one delivered; what they cause waits for the next step.
    pub fn drain_backlog(&mut self, before: Instant) {
        self.drain(Some(before), DRAIN_LIMIT);
    }

    /// What a task's exit does on lo: its sockets' last segments (a FIN,
    /// a RST) go through the backlog in its own context (the softirq runs
    /// when it re-enables bottom halves), and so do the peers' answers
    /// (the ACK of that FIN) that the kernel queues meanwhile. Delivers
    /// the backlog's packets, and those they cause, until none is left or
    /// something else is due first.
    pub fn settle_backlog(&mut self) {
        self.drain(None, SETTLE_LIMIT);
    }

    /// Delivers backlog packets (queued by `before`, or any) while the
    /// first thing due is one, at most `limit`.
    fn drain(&mut self, before: Option<Instant>, limit: usize) {
        for _ in 0..limit {
            let Some((&key, p)) = self.in_flight.iter().next() else {
                return;
            };
            let Some(queued) = p.queued else {
                return;
            };
            if p.xmit.is_some() || before.is_some_and(|b| queued > b) {
                return;
            }
            if self
                .tcp_next_timer()
                .is_some_and(|t| t.max(self.now) < key.0)
            {
                return;
            }
            let Some(p) = self.in_flight.remove(&key) else {
                return;
            };
            self.set_now(key.0);
            self.events_handled += 1;
            self.receive(p.ns, p.iif, &p.bytes, p.id);
            self.recycle_buf(p.bytes);
        }
    }
}
