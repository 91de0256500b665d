//! Everything that crossed an interface, as `tcpdump -i IF` would see it:
//! bounded, and exportable as a pcap file that Wireshark opens.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use crate::iface::IfIndex;
use crate::time::Instant;
use crate::trace::{NsId, PacketId};
use crate::wire::pcap;

/// One captured IP packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// A number unique over the lab's life (Wireshark's "No.").
    pub number: u64,
    /// When.
    pub time: Instant,
    /// Where: namespace and interface.
    pub netns: NsId,
    /// The interface.
    pub ifindex: IfIndex,
    /// True when the host sent it (on `lo` every packet is both).
    pub outgoing: bool,
    /// The packet id in the trace.
    pub packet: PacketId,
    /// The IP datagram's bytes.
    pub data: Vec<u8>,
}

/// The default cap on stored frames.
pub const DEFAULT_FRAME_LIMIT: usize = 20_000;
/// The default cap on stored bytes.
pub const DEFAULT_BYTE_LIMIT: usize = 32 << 20;

/// The capture ring.
#[derive(Clone, Debug)]
pub struct Capture {
    frames: VecDeque<Frame>,
    bytes: usize,
    frame_limit: usize,
    byte_limit: usize,
    next_number: u64,
    enabled: bool,
    evicted: u64,
}

impl Default for Capture {
    fn default() -> Self {
        Capture {
            frames: VecDeque::new(),
            bytes: 0,
            frame_limit: DEFAULT_FRAME_LIMIT,
            byte_limit: DEFAULT_BYTE_LIMIT,
            next_number: 1,
            enabled: true,
            evicted: 0,
        }
    }
}

impl Capture {
    /// Turns capturing on or off (off for benchmarks).
    pub fn set_enabled(&mut self, enabled: bool) {
        self.enabled = enabled;
    }

    /// Whether frames are being stored.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Sets the caps (frames, bytes).
    pub fn set_limits(&mut self, frames: usize, bytes: usize) {
        self.frame_limit = frames;
        self.byte_limit = bytes;
        self.enforce();
    }

    /// Stores a frame.
    pub fn record(
        &mut self,
        time: Instant,
        netns: NsId,
        ifindex: IfIndex,
        outgoing: bool,
        packet: PacketId,
        data: &[u8],
    ) {
        if !self.enabled {
            return;
        }
        let number = self.next_number;
        self.next_number += 1;
        let data = self.buffer_for(data);
        self.bytes += data.len();
        self.frames.push_back(Frame {
            number,
            time,
            netns,
            ifindex,
            outgoing,
            packet,
            data,
        });
        self.enforce();
    }

    /// A copy of `data`. When the ring is full, the oldest frame is evicted
    /// now (as [`Capture::enforce`] would after the push) and its buffer
    /// reused if its size is close, so a full ring stops allocating.
    fn buffer_for(&mut self, data: &[u8]) -> Vec<u8> {
        let mut buf = Vec::new();
        if self.frame_limit > 0
            && self.frames.len() >= self.frame_limit
            && let Some(old) = self.frames.pop_front()
        {
            self.bytes -= old.data.len();
            self.evicted += 1;
            // A much larger buffer would hold memory the byte cap does not count.
            if old.data.capacity() >= data.len() && old.data.capacity() <= 2 * data.len() + 64 {
                buf = old.data;
                buf.clear();
            }
        }
        buf.extend_from_slice(data);
        buf
    }

    fn enforce(&mut self) {
        while self.frames.len() > self.frame_limit
            || (self.bytes > self.byte_limit && !self.frames.is_empty())
        {
            if let Some(f) = self.frames.pop_front() {
                self.bytes -= f.data.len();
                self.evicted += 1;
            }
        }
    }

    /// Every stored frame, oldest first.
    pub fn frames(&self) -> impl Iterator<Item = &Frame> {
        self.frames.iter()
    }

    /// Frames numbered `from` or later.
    pub fn since(&self, from: u64) -> impl Iterator<Item = &Frame> {
        self.frames.iter().filter(move |f| f.number >= from)
    }

    /// The number the next frame will get.
    pub fn next_number(&self) -> u64 {
        self.next_number
    }

    /// How many frames the caps pushed out.
    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// A pcap file of the stored frames that pass `filter` (Ethernet link
    /// type with zero MACs, as Linux captures `lo`).
    pub fn to_pcap(&self, filter: impl Fn(&Frame) -> bool) -> Vec<u8> {
        let mut w = pcap::Writer::new();
        for f in self.frames.iter().filter(|f| filter(f)) {
            // A frame too large for the snap length is skipped rather than
            // written truncated.
            let _ = w.write_ip(f.time.micros(), &f.data);
        }
        w.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_evict_oldest() {
        let mut c = Capture::default();
        c.set_limits(2, 1 << 20);
        for i in 0..3u8 {
            c.record(
                Instant::ZERO,
                0,
                IfIndex::LOOPBACK,
                true,
                u64::from(i),
                &[i; 4],
            );
        }
        let numbers: Vec<u64> = c.frames().map(|f| f.number).collect();
        assert_eq!(numbers, [2, 3]);
        assert_eq!(c.evicted(), 1);
        c.set_limits(10, 5);
        assert_eq!(c.frames().count(), 1);
    }
}
