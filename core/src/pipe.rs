//! Pipes between the commands of a pipeline (`a | b`): a buffer the writer
//! fills and the reader drains, with the two ends closed as the processes
//! exit. A reader sees end-of-file once the writer has exited and the
//! buffer is empty; a writer whose reader has exited gets `EPIPE` (the lab
//! ends it as SIGPIPE would, status 141).

use alloc::collections::BTreeMap;
use alloc::string::String;

/// A pipe's id.
pub type PipeId = u32;

/// The most bytes a pipe holds unread. A real pipe holds 64 KiB and then
/// blocks its writer; the lab cannot block a process, so it keeps up to
/// this much and drops what a writer sends beyond it.
pub const PIPE_LIMIT: usize = 1 << 20;

/// One pipe.
#[derive(Clone, Debug, Default)]
struct Pipe {
    data: String,
    writer_open: bool,
    reader_open: bool,
    /// The reader has read from the pipe at least once (it wants input).
    reading: bool,
    /// The reader has been told about end-of-file.
    eof_seen: bool,
}

/// What a read from a pipe gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PipeRead {
    /// The text that was waiting (possibly empty).
    pub data: String,
    /// True if no more will come (the writer has exited).
    pub eof: bool,
}

/// The lab's open pipes.
#[derive(Clone, Debug, Default)]
pub struct Pipes {
    next: PipeId,
    open: BTreeMap<PipeId, Pipe>,
}

impl Pipes {
    /// Makes a pipe with both ends open.
    pub fn create(&mut self) -> PipeId {
        let id = self.next;
        self.next = self.next.wrapping_add(1);
        self.open.insert(
            id,
            Pipe {
                writer_open: true,
                reader_open: true,
                ..Pipe::default()
            },
        );
        id
    }

    /// Writes `text`; false if the reader has gone (`EPIPE`).
    pub fn write(&mut self, id: PipeId, text: &str) -> bool {
        let Some(p) = self.open.get_mut(&id) else {
            return false;
        };
        if !p.reader_open {
            return false;
        }
        let room = PIPE_LIMIT.saturating_sub(p.data.len());
        let mut keep = text.len().min(room);
        while !text.is_char_boundary(keep) {
            keep -= 1;
        }
        p.data.push_str(text.get(..keep).unwrap_or_default());
        true
    }

    /// Takes everything waiting in the pipe.
    pub fn read(&mut self, id: PipeId) -> PipeRead {
        let Some(p) = self.open.get_mut(&id) else {
            return PipeRead {
                data: String::new(),
                eof: true,
            };
        };
        p.reading = true;
        let data = core::mem::take(&mut p.data);
        let eof = !p.writer_open;
        if eof {
            p.eof_seen = true;
        }
        PipeRead { data, eof }
    }

    /// The writer has exited.
    pub fn close_writer(&mut self, id: PipeId) {
        if let Some(p) = self.open.get_mut(&id) {
            p.writer_open = false;
        }
        self.collect(id);
    }

    /// The reader has exited: what is left unread is lost.
    pub fn close_reader(&mut self, id: PipeId) {
        if let Some(p) = self.open.get_mut(&id) {
            p.reader_open = false;
            p.data.clear();
        }
        self.collect(id);
    }

    fn collect(&mut self, id: PipeId) {
        if self
            .open
            .get(&id)
            .is_some_and(|p| !p.writer_open && !p.reader_open)
        {
            self.open.remove(&id);
        }
    }

    /// True if a reader has something to read now (data, or end-of-file it
    /// has not seen yet): the lab must poll its processes again at once.
    pub fn ready(&self) -> bool {
        self.open.values().any(|p| {
            p.reader_open && p.reading && (!p.data.is_empty() || (!p.writer_open && !p.eof_seen))
        })
    }

    /// How many pipes are open (tests).
    pub fn len(&self) -> usize {
        self.open.len()
    }

    /// True if no pipe is open.
    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eof_after_writer_exits_and_epipe_after_reader_exits() {
        let mut pipes = Pipes::default();
        let id = pipes.create();
        assert!(pipes.write(id, "a\n"));
        assert_eq!(pipes.read(id).data, "a\n");
        assert!(!pipes.ready());
        pipes.close_writer(id);
        assert!(pipes.ready());
        assert!(pipes.read(id).eof);
        assert!(!pipes.ready());
        pipes.close_reader(id);
        assert!(pipes.is_empty());
        let id = pipes.create();
        pipes.close_reader(id);
        assert!(!pipes.write(id, "x"));
    }
}
