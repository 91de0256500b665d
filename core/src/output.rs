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

/// An append-only sink of output events that merges adjacent text on the
/// same stream.
#[derive(Clone, Debug, Default)]
pub struct OutputBuffer {
    events: Vec<OutputEvent>,
}

impl OutputBuffer {
    /// Appends `text` to `stream`.
    pub fn write(&mut self, stream: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
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
        self.events.push(OutputEvent::Clear);
    }

    /// Takes every event written so far.
    pub fn take(&mut self) -> Vec<OutputEvent> {
        core::mem::take(&mut self.events)
    }
}
