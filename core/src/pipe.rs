//! Pipes between the commands of a pipeline (`a | b`): a buffer the writer
//! fills and the reader drains. Each end counts the descriptors open on it
//! (the shell's from `pipe()`, the children's from the spawn's `dup2`s); an
//! end closes when its last descriptor closes, as the processes holding
//! them exit. A reader sees end-of-file once every write end is closed and
//! the buffer is empty; a writer whose readers are all gone gets `EPIPE`
//! (the lab ends it as SIGPIPE would, status 141).

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
    /// Descriptors open on the write end.
    writers: u32,
    /// Descriptors open on the read end.
    readers: u32,
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
    /// Makes a pipe with both ends open, one descriptor on each (`pipe()`).
    pub fn create(&mut self) -> PipeId {
        let id = self.next;
        self.next = self.next.wrapping_add(1);
        self.open.insert(
            id,
            Pipe {
                writers: 1,
                readers: 1,
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
        if p.readers == 0 {
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
        let eof = p.writers == 0;
        if eof {
            p.eof_seen = true;
        }
        PipeRead { data, eof }
    }

    /// One more descriptor on the write end (`dup`).
    pub fn open_writer(&mut self, id: PipeId) {
        if let Some(p) = self.open.get_mut(&id) {
            p.writers = p.writers.saturating_add(1);
        }
    }

    /// One more descriptor on the read end (`dup`).
    pub fn open_reader(&mut self, id: PipeId) {
        if let Some(p) = self.open.get_mut(&id) {
            p.readers = p.readers.saturating_add(1);
        }
    }

    /// A descriptor on the write end closes; with the last one the reader
    /// sees end-of-file once the buffer is drained.
    pub fn close_writer(&mut self, id: PipeId) {
        if let Some(p) = self.open.get_mut(&id) {
            p.writers = p.writers.saturating_sub(1);
        }
        self.collect(id);
    }

    /// A descriptor on the read end closes; with the last one what is left
    /// unread is lost and writers get `EPIPE`.
    pub fn close_reader(&mut self, id: PipeId) {
        if let Some(p) = self.open.get_mut(&id) {
            p.readers = p.readers.saturating_sub(1);
            if p.readers == 0 {
                p.data.clear();
            }
        }
        self.collect(id);
    }

    fn collect(&mut self, id: PipeId) {
        if self
            .open
            .get(&id)
            .is_some_and(|p| p.writers == 0 && p.readers == 0)
        {
            self.open.remove(&id);
        }
    }

    /// What `poll` sees on pipe `id`: bytes waiting, whether every write
    /// end is closed, whether every read end is closed. `None`: no such
    /// pipe.
    pub fn state(&self, id: PipeId) -> Option<(usize, bool, bool)> {
        self.open
            .get(&id)
            .map(|p| (p.data.len(), p.writers == 0, p.readers == 0))
    }

    /// True if a reader has something to read now (data, or end-of-file it
    /// has not seen yet): the lab must poll its processes again at once.
    pub fn ready(&self) -> bool {
        self.open.values().any(|p| {
            p.readers > 0 && p.reading && (!p.data.is_empty() || (p.writers == 0 && !p.eof_seen))
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

    #[test]
    fn an_end_closes_with_its_last_descriptor() {
        let mut pipes = Pipes::default();
        let id = pipes.create();
        // `a 2>&1 | b`: the child holds the write end twice, the shell once.
        pipes.open_writer(id);
        pipes.open_writer(id);
        pipes.close_writer(id);
        pipes.close_writer(id);
        assert!(!pipes.read(id).eof, "one write end is still open");
        pipes.close_writer(id);
        assert!(pipes.read(id).eof);
        pipes.open_reader(id);
        pipes.close_reader(id);
        assert!(pipes.write(id, "x"), "one read end is still open");
        pipes.close_reader(id);
        assert!(pipes.is_empty());
    }
}
