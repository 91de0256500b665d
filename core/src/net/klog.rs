//! The kernel log (`dmesg`): bounded, with timestamps since boot.

use alloc::collections::VecDeque;
use alloc::string::String;

use crate::time::{Duration, Instant};

/// How long the simulated host had been up when the lab started.
pub const BOOT_OFFSET: Duration = Duration::from_micros(8_314_227);

/// The most lines kept.
pub const LINE_LIMIT: usize = 2000;

/// The kernel ring buffer.
#[derive(Clone, Debug, Default)]
pub struct KernelLog {
    lines: VecDeque<(Instant, String)>,
}

impl KernelLog {
    /// Logs a line at `now`.
    pub fn log(&mut self, now: Instant, line: String) {
        if self.lines.len() >= LINE_LIMIT {
            self.lines.pop_front();
        }
        self.lines.push_back((now + BOOT_OFFSET, line));
    }

    /// Every line with its time since boot, oldest first.
    pub fn lines(&self) -> impl Iterator<Item = &(Instant, String)> {
        self.lines.iter()
    }

    /// Empties the log (`dmesg -c`).
    pub fn clear(&mut self) {
        self.lines.clear();
    }
}
