//! What commands print: ordered text on stdout and stderr, and terminal
//! control events such as `clear`.

use alloc::string::String;
use alloc::vec::Vec;

/// The stream a piece of text was written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stream {
    /// Standard output (file descriptor 1).
    Stdout,
    /// Standard error (file descriptor 2).
    Stderr,
}

/// One thing the terminal must show or do, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputEvent {
    /// Text written by a process to one of its streams.
    Text {
        /// Which stream.
        stream: Stream,
        /// The text, newlines included.
        text: String,
    },
    /// Clear the screen (`clear`, Ctrl-L).
    Clear,
    /// The events that follow belong to terminal `n`: the one whose command
    /// line started the process that wrote them (see [`crate::Lab::start_on`]).
    /// Each batch of events starts on terminal 0; front ends with a single
    /// terminal can ignore this.
    Terminal(u32),
}

/// Joins the text written to `stream`, in order.
pub fn collect(events: &[OutputEvent], stream: Stream) -> String {
    let mut s = String::new();
    for e in events {
        if let OutputEvent::Text { stream: st, text } = e
            && *st == stream
        {
            s.push_str(text);
        }
    }
    s
}

/// The most lines one command may print on the terminal; the rest is
/// dropped after [`cut_notice`] (a runaway command must not freeze the page).
pub const LINE_LIMIT: usize = 10_000;

/// The most bytes one command may print on the terminal (`ping -f` prints
/// dots without newlines).
pub const BYTE_LIMIT: usize = 1 << 20;

/// What the terminal shows once a command's output is cut.
pub fn cut_notice() -> String {
    alloc::format!(
        "lab: output cut after {LINE_LIMIT} lines or {} KiB for this command; it may still be running (Ctrl-C stops it)\n",
        BYTE_LIMIT / 1024
    )
}

/// An append-only sink of output events that merges adjacent text on the
/// same stream. The terminal's buffer also caps what one command prints
/// ([`LINE_LIMIT`], [`BYTE_LIMIT`]); [`OutputBuffer::begin_command`] starts
/// a new budget.
#[derive(Clone, Debug)]
pub struct OutputBuffer {
    events: Vec<OutputEvent>,
    /// Enforce the per-command caps (false for plain merging).
    capped: bool,
    lines: usize,
    bytes: usize,
    cut: bool,
    /// The terminal now writing.
    terminal: u32,
    /// The terminal the events so far belong to.
    emitted: u32,
}

impl Default for OutputBuffer {
    fn default() -> Self {
        OutputBuffer {
            events: Vec::new(),
            capped: true,
            lines: 0,
            bytes: 0,
            cut: false,
            terminal: 0,
            emitted: 0,
        }
    }
}

impl OutputBuffer {
    /// A buffer without the per-command caps (to merge events already cut).
    pub fn uncapped() -> Self {
        OutputBuffer {
            capped: false,
            ..OutputBuffer::default()
        }
    }

    /// Sets the terminal the next writes belong to; a change is recorded as
    /// an [`OutputEvent::Terminal`] before the next event.
    pub fn set_terminal(&mut self, terminal: u32) {
        self.terminal = terminal;
    }

    fn mark_terminal(&mut self) {
        if self.terminal != self.emitted {
            self.events.push(OutputEvent::Terminal(self.terminal));
            self.emitted = self.terminal;
        }
    }

    /// Starts a new command's output budget.
    pub fn begin_command(&mut self) {
        self.lines = 0;
        self.bytes = 0;
        self.cut = false;
    }

    /// Appends `text` to `stream`, up to the current command's budget;
    /// what goes past it is dropped after one [`cut_notice`].
    pub fn write(&mut self, stream: Stream, text: &str) {
        if text.is_empty() || self.cut {
            return;
        }
        if !self.capped {
            self.append(stream, text);
            return;
        }
        let keep = self.within_budget(text);
        self.append(stream, text.get(..keep).unwrap_or(""));
        if keep < text.len() {
            self.cut = true;
            self.append(Stream::Stderr, &cut_notice());
        }
    }

    /// How many bytes of `text` (a prefix ending at a character boundary)
    /// fit the budget; counts them.
    fn within_budget(&mut self, text: &str) -> usize {
        let mut keep = 0;
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            if self.lines >= LINE_LIMIT || self.bytes + end > BYTE_LIMIT {
                break;
            }
            keep = end;
            if c == '\n' {
                self.lines += 1;
            }
        }
        self.bytes += keep;
        keep
    }

    fn append(&mut self, stream: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
        self.mark_terminal();
        if let Some(OutputEvent::Text {
            stream: last,
            text: t,
        }) = self.events.last_mut()
            && *last == stream
        {
            t.push_str(text);
            return;
        }
        self.events.push(OutputEvent::Text {
            stream,
            text: String::from(text),
        });
    }

    /// Records a clear-screen event.
    pub fn clear(&mut self) {
        self.mark_terminal();
        self.events.push(OutputEvent::Clear);
    }

    /// Takes every event written so far (the next batch starts on
    /// terminal 0 again).
    pub fn take(&mut self) -> Vec<OutputEvent> {
        self.emitted = 0;
        core::mem::take(&mut self.events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_is_cut_after_the_line_limit_with_one_notice() {
        let mut b = OutputBuffer::default();
        for _ in 0..LINE_LIMIT + 5 {
            b.write(Stream::Stdout, "line\n");
        }
        let events = b.take();
        assert_eq!(collect(&events, Stream::Stdout).lines().count(), LINE_LIMIT);
        assert_eq!(collect(&events, Stream::Stderr), cut_notice());
        // The next command gets a fresh budget.
        b.begin_command();
        b.write(Stream::Stdout, "next\n");
        assert_eq!(collect(&b.take(), Stream::Stdout), "next\n");
    }

    #[test]
    fn a_command_is_cut_after_the_byte_limit_on_a_char_boundary() {
        let mut b = OutputBuffer::default();
        // Dots without newlines, as `ping -f` prints, then multi-byte text.
        b.write(Stream::Stdout, &".".repeat(BYTE_LIMIT - 1));
        b.write(Stream::Stdout, "ééé");
        let events = b.take();
        let out = collect(&events, Stream::Stdout);
        assert_eq!(out.len(), BYTE_LIMIT - 1);
        assert_eq!(collect(&events, Stream::Stderr), cut_notice());
    }

    #[test]
    fn text_of_another_terminal_is_marked() {
        let mut b = OutputBuffer::default();
        b.write(Stream::Stdout, "here\n");
        b.set_terminal(1);
        b.write(Stream::Stdout, "there\n");
        b.set_terminal(0);
        b.write(Stream::Stdout, "back\n");
        let events = b.take();
        assert_eq!(events.len(), 5);
        assert_eq!(events.get(1), Some(&OutputEvent::Terminal(1)));
        assert_eq!(events.get(3), Some(&OutputEvent::Terminal(0)));
        b.set_terminal(1);
        b.write(Stream::Stdout, "x");
        assert_eq!(b.take().first(), Some(&OutputEvent::Terminal(1)));
    }

    #[test]
    fn uncapped_buffers_keep_everything() {
        let mut b = OutputBuffer::uncapped();
        for _ in 0..LINE_LIMIT + 5 {
            b.write(Stream::Stdout, "x\n");
        }
        assert_eq!(
            collect(&b.take(), Stream::Stdout).lines().count(),
            LINE_LIMIT + 5
        );
    }
}
