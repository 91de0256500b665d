//! `grep -A N`, `-B N`, `-C N` (`-N`): the lines around each selected one,
//! with `--` between groups that are not adjacent, as GNU grep prints them.

use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;

/// The context lines grep still owes or holds.
#[derive(Debug, Default)]
pub(super) struct Context {
    /// `-B`: lines kept before a selected line.
    pub(super) before: usize,
    /// `-A`: lines printed after a selected line.
    pub(super) after: usize,
    pending: usize,
    held: VecDeque<(usize, String)>,
    held_bytes: usize,
    last: Option<usize>,
    printed: bool,
}

impl Context {
    /// Context of `before` leading and `after` trailing lines.
    pub(super) fn new(before: usize, after: usize) -> Self {
        Context {
            before,
            after,
            ..Context::default()
        }
    }

    /// True if any context was asked for.
    pub(super) fn active(&self) -> bool {
        self.before > 0 || self.after > 0
    }

    /// True while trailing context is still owed.
    pub(super) fn owes(&self) -> bool {
        self.pending > 0
    }

    /// Line `n` is selected: whether a `--` separator comes first, and the
    /// held lines to print before it (number, text).
    pub(super) fn selected(&mut self, n: usize) -> (bool, Vec<(usize, String)>) {
        let held: Vec<(usize, String)> = self.held.drain(..).collect();
        self.held_bytes = 0;
        let first = held.first().map_or(n, |(k, _)| *k);
        let separator = self.printed && self.last.is_none_or(|l| first > l + 1);
        self.printed = true;
        self.last = Some(n);
        self.pending = self.after;
        (separator, held)
    }

    /// Line `n` is not selected: true if it prints as trailing context;
    /// otherwise it is held for a later selected line.
    pub(super) fn other(&mut self, n: usize, text: &str) -> bool {
        if self.pending > 0 {
            self.pending -= 1;
            self.last = Some(n);
            return true;
        }
        if self.before > 0 {
            self.held.push_back((n, String::from(text)));
            self.held_bytes += text.len();
            // At most -B lines, and (a lab limit) at most 4 MiB of them.
            while self.held.len() > self.before
                || (self.held_bytes > super::filter::HOLD_LIMIT && self.held.len() > 1)
            {
                if let Some((_, t)) = self.held.pop_front() {
                    self.held_bytes -= t.len();
                }
            }
        }
        false
    }

    /// A new file starts: nothing is held or owed, and its first group is
    /// separated from the last file's.
    pub(super) fn new_input(&mut self) {
        self.held.clear();
        self.held_bytes = 0;
        self.pending = 0;
        self.last = None;
    }
}
