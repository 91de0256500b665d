//! The scrollback model: what one terminal tab shows, as lines.
//!
//! The lowest floor of the web crate: it imports nothing of the crate's own.
//! Text arrives as the terminal receives it ([`Scrollback::write`]): split
//! into lines, an unfinished last line continued by the next write, the
//! oldest lines dropped past [`SCROLLBACK_LIMIT`].

use std::rc::Rc;

use lolab_core::Stream;

/// The most lines the scrollback keeps; older lines are dropped.
pub const SCROLLBACK_LIMIT: usize = 2000;

/// What a scrollback line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// The terminal's echo of what the user typed: a prompt and a command,
    /// or `^C`.
    Command,
    /// Text a process wrote to standard output.
    Stdout,
    /// Text a process wrote to standard error.
    Stderr,
}

impl LineKind {
    /// The CSS class of a line of this kind.
    pub fn class(self) -> &'static str {
        match self {
            LineKind::Command => "command",
            LineKind::Stdout => "stdout",
            LineKind::Stderr => "stderr",
        }
    }
}

impl From<Stream> for LineKind {
    fn from(stream: Stream) -> Self {
        match stream {
            Stream::Stdout => LineKind::Stdout,
            Stream::Stderr => LineKind::Stderr,
        }
    }
}

/// One line of the scrollback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// A stable identity (used as the list key), unique within a playground
    /// (see [`LineIds`]).
    pub id: u64,
    /// Where the text came from.
    pub kind: LineKind,
    /// The prompt shown before a command (empty for output lines).
    pub prompt: String,
    /// The text, without the newline.
    pub text: String,
}

/// The source of line identities, shared by every tab of a playground so
/// that an id names one line wherever it is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineIds {
    next: u64,
}

impl LineIds {
    /// The id the next line will get.
    pub fn peek(&self) -> u64 {
        self.next
    }

    /// Takes the next id.
    pub fn take(&mut self) -> u64 {
        let id = self.next;
        self.next += 1;
        id
    }
}

/// The lines of one terminal, oldest first, and whether the last one is
/// still open (written without its newline yet).
///
/// Cloning is cheap: the lines are shared behind an [`Rc`] and copied only
/// when one of the clones changes them.
#[derive(Clone, Debug, Default)]
pub struct Scrollback {
    lines: Rc<Vec<Line>>,
    open: Option<LineKind>,
}

impl Scrollback {
    /// The lines, oldest first (shared: compare with [`Rc::ptr_eq`] to see
    /// whether anything changed).
    pub fn lines(&self) -> &Rc<Vec<Line>> {
        &self.lines
    }

    /// True if there is no line.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The kind of the last line while it has no newline yet.
    pub fn open(&self) -> Option<LineKind> {
        self.open
    }

    /// The lines as plain text, one `\n` after each line.
    pub fn transcript(&self) -> String {
        let mut s = String::new();
        for line in self.lines.iter() {
            s.push_str(&line.prompt);
            s.push_str(&line.text);
            s.push('\n');
        }
        s
    }

    /// Adds a whole line (a prompt and what was typed after it).
    pub fn push(&mut self, ids: &mut LineIds, kind: LineKind, prompt: String, text: &str) {
        let lines = Rc::make_mut(&mut self.lines);
        lines.push(Line {
            id: ids.take(),
            kind,
            prompt,
            text: String::from(text),
        });
        if lines.len() > SCROLLBACK_LIMIT {
            let excess = lines.len() - SCROLLBACK_LIMIT;
            lines.drain(..excess);
        }
    }

    /// Writes terminal text: splits it into lines, continuing an unfinished
    /// last line.
    pub fn write(&mut self, ids: &mut LineIds, kind: LineKind, text: &str) {
        if text.is_empty() {
            return;
        }
        let mut parts = text.split('\n').peekable();
        let mut first = true;
        while let Some(part) = parts.next() {
            let last = parts.peek().is_none();
            if first {
                self.continue_line(ids, kind, part);
            } else if !(last && part.is_empty()) {
                self.push(ids, kind, String::new(), part);
            }
            first = false;
            if !last {
                self.open = None;
            }
        }
        if !text.ends_with('\n') {
            self.open = Some(kind);
        }
    }

    /// Appends `text` to the open last line, or starts a new line.
    fn continue_line(&mut self, ids: &mut LineIds, kind: LineKind, text: &str) {
        if self.open.is_some()
            && let Some(last) = Rc::make_mut(&mut self.lines).last_mut()
        {
            last.text.push_str(text);
            return;
        }
        self.push(ids, kind, String::new(), text);
    }

    /// Ends the open line, as bash does before it prints a prompt.
    pub fn end_line(&mut self) {
        self.open = None;
    }

    /// Clears the screen (`clear`, Ctrl-L).
    pub fn clear(&mut self) {
        if !self.lines.is_empty() {
            self.lines = Rc::default();
        }
        self.open = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_lines_continue() {
        let mut ids = LineIds::default();
        let mut s = Scrollback::default();
        s.write(&mut ids, LineKind::Stdout, "a");
        assert_eq!(s.open(), Some(LineKind::Stdout));
        s.write(&mut ids, LineKind::Stdout, "b\nc\n");
        s.write(&mut ids, LineKind::Stdout, "\n");
        assert_eq!(s.transcript(), "ab\nc\n\n");
        assert_eq!(s.open(), None);
        assert_eq!(ids.peek(), 3, "ab, c and the empty line");
    }

    #[test]
    fn scrollback_is_bounded() {
        let mut ids = LineIds::default();
        let mut s = Scrollback::default();
        for i in 0..SCROLLBACK_LIMIT + 10 {
            s.write(&mut ids, LineKind::Stdout, &format!("{i}\n"));
        }
        assert_eq!(s.lines().len(), SCROLLBACK_LIMIT);
        assert_eq!(s.lines().first().map(|l| l.text.as_str()), Some("10"));
    }

    #[test]
    fn clear_forgets_the_lines_and_the_open_line() {
        let mut ids = LineIds::default();
        let mut s = Scrollback::default();
        s.write(&mut ids, LineKind::Stderr, "half");
        s.clear();
        assert!(s.is_empty());
        s.write(&mut ids, LineKind::Stdout, "new\n");
        assert_eq!(s.transcript(), "new\n");
    }
}
