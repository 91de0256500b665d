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

/// The most lines the terminal holds that nobody has taken yet; past it the
/// oldest are forgotten, as a terminal's scrollback forgets its oldest
/// lines while the program keeps running (the page's memory stays bounded).
pub const LINE_LIMIT: usize = 10_000;

/// The most bytes the terminal holds that nobody has taken yet (`ping -f`
/// prints dots without newlines).
pub const BYTE_LIMIT: usize = 1 << 20;

/// An append-only sink of output events that merges adjacent text on the
/// same stream. A capped buffer is a window: it holds the newest
/// [`LINE_LIMIT`] lines and [`BYTE_LIMIT`] bytes, forgetting the oldest
/// text (a terminal's scrollback), never a message of its own.
#[derive(Clone, Debug)]
pub struct OutputBuffer {
    events: Vec<OutputEvent>,
    /// Keep only the newest text (false for plain merging).
    capped: bool,
    /// Newlines held in `events`.
    lines: usize,
    /// Bytes of text held in `events`.
    bytes: usize,
    /// The terminal now writing.
    terminal: u32,
    /// The terminal the events so far belong to.
    emitted: u32,
    /// Bytes ever written, forgotten or not (the work they cost).
    written: u64,
}

impl Default for OutputBuffer {
    fn default() -> Self {
        OutputBuffer {
            events: Vec::new(),
            capped: true,
            lines: 0,
            bytes: 0,
            terminal: 0,
            emitted: 0,
            written: 0,
        }
    }
}

impl OutputBuffer {
    /// A buffer that keeps everything (to merge events already windowed).
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

    /// A command begins: the window is brought down to its exact size
    /// (between commands it may briefly hold up to twice as much, so that
    /// forgetting costs little per line).
    pub fn begin_command(&mut self) {
        self.forget_oldest(LINE_LIMIT, BYTE_LIMIT);
    }

    /// Appends `text` to `stream`; a capped buffer then forgets its oldest
    /// text past twice its window.
    pub fn write(&mut self, stream: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
        self.written = self.written.saturating_add(text.len() as u64);
        self.append(stream, text);
        if !self.capped {
            return;
        }
        self.lines += text.bytes().filter(|b| *b == b'\n').count();
        self.bytes += text.len();
        if self.lines > 2 * LINE_LIMIT || self.bytes > 2 * BYTE_LIMIT {
            self.forget_oldest(LINE_LIMIT, BYTE_LIMIT);
        }
    }

    /// Drops the oldest text until at most `lines` lines and `bytes` bytes
    /// are held (whole lines, unless one line alone is too long).
    fn forget_oldest(&mut self, lines: usize, bytes: usize) {
        if !self.capped {
            return;
        }
        let mut i = 0;
        while (self.lines > lines || self.bytes > bytes) && i < self.events.len() {
            let Some(OutputEvent::Text { text, .. }) = self.events.get_mut(i) else {
                i += 1;
                continue;
            };
            let mut cut = text.len();
            let (mut held_lines, mut held_bytes) = (self.lines, self.bytes);
            for (at, c) in text.char_indices() {
                if held_lines <= lines && held_bytes <= bytes {
                    cut = at;
                    break;
                }
                held_bytes -= c.len_utf8();
                if c == '\n' {
                    held_lines -= 1;
                }
            }
            let whole = cut >= text.len();
            self.lines -= text
                .get(..cut)
                .unwrap_or("")
                .bytes()
                .filter(|b| *b == b'\n')
                .count();
            self.bytes -= cut;
            if whole {
                text.clear();
            } else {
                text.replace_range(..cut, "");
            }
            i += 1;
        }
        self.events
            .retain(|e| !matches!(e, OutputEvent::Text { text, .. } if text.is_empty()));
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

    /// Bytes ever written to the buffer, including those it has forgotten.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Records a clear-screen event.
    pub fn clear(&mut self) {
        self.mark_terminal();
        self.events.push(OutputEvent::Clear);
    }

    /// Takes every event written so far, the newest [`LINE_LIMIT`] lines
    /// of text at most (the next batch starts on terminal 0 again).
    pub fn take(&mut self) -> Vec<OutputEvent> {
        self.forget_oldest(LINE_LIMIT, BYTE_LIMIT);
        self.emitted = 0;
        self.lines = 0;
        self.bytes = 0;
        core::mem::take(&mut self.events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_lines_are_forgotten_past_the_window() {
        let mut b = OutputBuffer::default();
        b.write(Stream::Stdout, "before\n");
        for i in 0..3 * LINE_LIMIT + 5 {
            b.write(Stream::Stdout, &alloc::format!("line {i}\n"));
        }
        let events = b.take();
        let out = collect(&events, Stream::Stdout);
        assert_eq!(out.lines().count(), LINE_LIMIT);
        // The newest lines are kept, whole; nothing is said about it.
        assert_eq!(out.lines().next(), Some("line 20005"));
        assert_eq!(out.lines().last(), Some("line 30004"));
        assert_eq!(collect(&events, Stream::Stderr), "");
        // The next batch starts with an empty window.
        b.write(Stream::Stdout, "next\n");
        assert_eq!(collect(&b.take(), Stream::Stdout), "next\n");
    }

    #[test]
    fn bytes_without_newlines_are_forgotten_on_a_char_boundary() {
        let mut b = OutputBuffer::default();
        // Dots without newlines, as `ping -f` prints, then multi-byte text.
        b.write(Stream::Stderr, "error\n");
        b.write(Stream::Stdout, &".".repeat(BYTE_LIMIT - 1));
        b.write(Stream::Stdout, "ééé");
        let events = b.take();
        let out = collect(&events, Stream::Stdout);
        assert!(out.len() <= BYTE_LIMIT && out.len() >= BYTE_LIMIT - 1);
        assert!(out.ends_with("ééé"));
        assert_eq!(collect(&events, Stream::Stderr), "");
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
