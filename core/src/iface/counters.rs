//! Per-interface statistics, as `ip -s link` and `/proc/net/dev` show them.

/// RX/TX packet and byte counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// Packets received.
    pub rx_packets: u64,
    /// Bytes received.
    pub rx_bytes: u64,
    /// Received packets dropped.
    pub rx_dropped: u64,
    /// Receive errors.
    pub rx_errors: u64,
    /// Packets transmitted.
    pub tx_packets: u64,
    /// Bytes transmitted.
    pub tx_bytes: u64,
    /// Transmitted packets dropped.
    pub tx_dropped: u64,
    /// Transmit errors.
    pub tx_errors: u64,
}

impl Counters {
    /// Counts one transmitted packet of `len` bytes.
    pub fn count_tx(&mut self, len: usize) {
        self.tx_packets += 1;
        self.tx_bytes += len as u64;
    }

    /// Counts one received packet of `len` bytes.
    pub fn count_rx(&mut self, len: usize) {
        self.rx_packets += 1;
        self.rx_bytes += len as u64;
    }
}
