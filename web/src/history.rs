//! The input line's history: the lines entered (Debian's
//! `HISTCONTROL=ignoreboth`) and browsing them with the arrow keys.

use std::rc::Rc;

/// The lines entered in one tab, and where arrow-key browsing is.
#[derive(Clone, Debug, Default)]
pub struct History {
    entries: Rc<Vec<String>>,
    /// The entry the input shows, if the user is browsing.
    pos: Option<usize>,
    /// What the user had typed before browsing.
    stash: String,
}

impl History {
    /// The lines entered, oldest first.
    pub fn entries(&self) -> &Rc<Vec<String>> {
        &self.entries
    }

    /// Remembers an entered line: not a blank one, not one starting with a
    /// space, not the same as the last (Debian's ~/.bashrc sets
    /// `HISTCONTROL=ignoreboth`).
    pub fn record(&mut self, line: &str) {
        if line.trim().is_empty() || line.starts_with(' ') {
            return;
        }
        if self.entries.last().map(String::as_str) == Some(line) {
            return;
        }
        Rc::make_mut(&mut self.entries).push(String::from(line));
    }

    fn up_target(&self) -> Option<usize> {
        match self.pos {
            None => self.entries.len().checked_sub(1),
            Some(p) => p.checked_sub(1),
        }
    }

    /// True if arrow up has an older entry to show.
    pub fn can_go_up(&self) -> bool {
        self.up_target().is_some()
    }

    /// True if arrow down has somewhere to go (the user is browsing).
    pub fn can_go_down(&self) -> bool {
        self.pos.is_some()
    }

    /// Arrow up: `draft` becomes the previous entry (the draft itself is
    /// kept aside the first time).
    pub fn up(&mut self, draft: &mut String) {
        let Some(pos) = self.up_target() else { return };
        if self.pos.is_none() {
            self.stash = std::mem::take(draft);
        }
        *draft = self.entries.get(pos).cloned().unwrap_or_default();
        self.pos = Some(pos);
    }

    /// Arrow down: `draft` becomes the next entry, or what was typed before
    /// browsing.
    pub fn down(&mut self, draft: &mut String) {
        let Some(pos) = self.pos else { return };
        match self.entries.get(pos + 1).cloned() {
            Some(entry) => {
                *draft = entry;
                self.pos = Some(pos + 1);
            }
            None => {
                *draft = std::mem::take(&mut self.stash);
                self.pos = None;
            }
        }
    }

    /// Stops browsing (a line was entered, Ctrl-C, another tab).
    pub fn stop_browsing(&mut self) {
        self.pos = None;
        self.stash.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignoreboth_and_browsing() {
        let mut h = History::default();
        for line in ["echo one", "echo one", " secret", "", "echo two"] {
            h.record(line);
        }
        assert_eq!(**h.entries(), ["echo one", "echo two"]);
        let mut draft = String::from("draft");
        assert!(!h.can_go_down());
        h.up(&mut draft);
        h.up(&mut draft);
        assert_eq!(draft, "echo one");
        assert!(!h.can_go_up());
        h.down(&mut draft);
        h.down(&mut draft);
        assert_eq!(draft, "draft");
        assert!(!h.can_go_down());
    }
}
