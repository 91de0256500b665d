//! The out-of-order receive queue: segments that arrived beyond `RCV.NXT`,
//! kept by absolute stream offset until the hole before them is filled.
//!
//! Only used on loss or reordering, so one `Vec` per queued segment is fine;
//! the in-order bulk path never touches it.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// Out-of-order data keyed by absolute stream offset (bytes since the SYN).
#[derive(Debug, Default, Clone)]
pub(super) struct Assembler {
    segments: BTreeMap<u64, Vec<u8>>,
    bytes: usize,
}

impl Assembler {
    /// Bytes held.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.bytes
    }

    /// Whether nothing is held.
    pub(super) fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// Keeps `data` that starts at stream offset `at`. A segment already held
    /// at the same offset is replaced only by a longer one.
    pub(super) fn insert(&mut self, at: u64, data: &[u8]) {
        if data.is_empty() {
            return;
        }
        if let Some(old) = self.segments.get(&at) {
            if old.len() >= data.len() {
                return;
            }
            self.bytes -= old.len();
        }
        self.bytes += data.len();
        self.segments.insert(at, data.to_vec());
    }

    /// Hands every held byte that continues the stream at offset `next` to
    /// `sink` (in order, overlaps trimmed) and returns the new offset.
    pub(super) fn drain_from(&mut self, mut next: u64, mut sink: impl FnMut(&[u8])) -> u64 {
        while let Some(entry) = self.segments.first_entry() {
            let at = *entry.key();
            if at > next {
                break;
            }
            let data = entry.remove();
            self.bytes -= data.len();
            let end = at + data.len() as u64;
            if end > next {
                let skip = usize::try_from(next - at).unwrap_or(usize::MAX);
                if let Some(tail) = data.get(skip..) {
                    sink(tail);
                    next = end;
                }
            }
        }
        next
    }

    /// The held ranges as (start, end) stream offsets, merged, lowest first
    /// (for SACK blocks).
    pub(super) fn ranges(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        let mut iter = self.segments.iter().peekable();
        core::iter::from_fn(move || {
            let (&start, first) = iter.next()?;
            let mut end = start + first.len() as u64;
            while let Some(&(&s, d)) = iter.peek() {
                if s > end {
                    break;
                }
                end = end.max(s + d.len() as u64);
                iter.next();
            }
            Some((start, end))
        })
    }

    /// Forgets everything.
    pub(super) fn clear(&mut self) {
        self.segments.clear();
        self.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_holes_in_order() {
        let mut a = Assembler::default();
        a.insert(10, b"klmno");
        a.insert(5, b"fghij");
        a.insert(5, b"fg");
        a.insert(12, b"mnopq");
        assert_eq!(a.ranges().collect::<Vec<_>>(), [(5, 17)]);
        let mut out = Vec::new();
        assert_eq!(a.drain_from(0, |d| out.extend_from_slice(d)), 0);
        assert!(out.is_empty());
        assert_eq!(a.drain_from(6, |d| out.extend_from_slice(d)), 17);
        assert_eq!(out, b"ghijklmnopq");
        assert!(a.is_empty());
        assert_eq!(a.len(), 0);
    }
}
