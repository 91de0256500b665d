//! Typeahead: lines entered while a command runs, which bash reads when it
//! ends (as a tty buffers them).

use std::collections::VecDeque;

/// The most lines typed ahead while a command runs; more are dropped.
pub const TYPEAHEAD_LIMIT: usize = 64;

/// The lines typed ahead, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typeahead {
    lines: VecDeque<String>,
}

impl Typeahead {
    /// Queues `line`; false (and the line is dropped) once
    /// [`TYPEAHEAD_LIMIT`] lines wait.
    pub fn push(&mut self, line: String) -> bool {
        if self.lines.len() >= TYPEAHEAD_LIMIT {
            return false;
        }
        self.lines.push_back(line);
        true
    }

    /// The oldest line, taken off the queue.
    pub fn pop(&mut self) -> Option<String> {
        self.lines.pop_front()
    }

    /// Forgets every line, as the tty does on SIGINT.
    pub fn clear(&mut self) {
        self.lines.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_in_order() {
        let mut t = Typeahead::default();
        for i in 0..TYPEAHEAD_LIMIT {
            assert!(t.push(format!("echo {i}")));
        }
        assert!(!t.push(String::from("one too many")));
        assert_eq!(t.pop().as_deref(), Some("echo 0"));
        t.clear();
        assert_eq!(t.pop(), None);
    }
}
