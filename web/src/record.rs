//! The lab's whole state as a record: the seed and the ordered list of what
//! was done to it (command lines started, Ctrl-C), with the virtual instants
//! they happened at. Replaying the record into a fresh lab gives the same
//! state, because the core is deterministic.
//!
//! Text form (before compression), one entry a line:
//!
//! ```text
//! lolab 1
//! seed 1
//! r 0 ping -c 1 127.0.0.1
//! i 2000000 2000500
//! ```
//!
//! `r AT LINE`: LINE was started at virtual microsecond AT. `e AT`: the
//! lab became idle (the prompt came back) at AT. `i POLL AT`: Ctrl-C at AT,
//! the lab last polled at POLL. A last `r` with no `e` after it was still
//! running when the record was taken.

use std::fmt::Write as _;

/// The most entries a record keeps.
pub const MAX_ENTRIES: usize = 500;
/// The longest command line a record keeps, in bytes.
pub const MAX_LINE: usize = 4096;
/// The most bytes of the text form.
pub const MAX_TEXT: usize = 64 * 1024;

/// One thing done to the lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A command line started at virtual microsecond `at`.
    Run {
        /// When it started (the lab's clock then).
        at: u64,
        /// The line as typed.
        line: String,
    },
    /// The command line ended: the lab became idle at `at`.
    End {
        /// The lab's clock then.
        at: u64,
    },
    /// Ctrl-C.
    Interrupt {
        /// The lab's clock before the interrupt (its last poll).
        poll: u64,
        /// The instant the interrupt was stamped with.
        at: u64,
    },
    /// The /etc/hosts editor saved this text.
    Hosts {
        /// The whole file.
        text: String,
    },
}

/// The largest /etc/hosts text a record keeps.
pub const MAX_HOSTS: usize = 16 * 1024;

/// Escapes `\` and newlines so a text fits on one line of the record.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

/// Undoes [`escape`]; `None` for a stray backslash.
fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            '\\' => out.push('\\'),
            _ => return None,
        }
    }
    Some(out)
}

/// The seed and the entries, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The lab's seed.
    pub seed: u64,
    /// What was done, in order.
    pub entries: Vec<Entry>,
    /// The lesson whose prepared lab the entries start from, if any.
    pub lesson: Option<String>,
}

impl Default for Record {
    fn default() -> Self {
        Record {
            seed: lolab_core::LabConfig::default().seed,
            lesson: None,
            entries: Vec::new(),
        }
    }
}

/// Why a record could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// Not a record of this version (or not a record at all).
    Foreign,
    /// Larger than the limits.
    TooLarge,
    /// A line that does not parse.
    Corrupt(usize),
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::Foreign => f.write_str("it is not a Loopback Lab v1 record"),
            RecordError::TooLarge => f.write_str("it is larger than the limit"),
            RecordError::Corrupt(n) => write!(f, "line {n} is damaged"),
        }
    }
}

impl Record {
    /// True when the record is full: more entries are not kept.
    pub fn is_full(&self) -> bool {
        self.entries.len() >= MAX_ENTRIES
    }

    /// Appends `entry` unless the record is full or the line too long;
    /// returns whether it was kept.
    pub fn push(&mut self, entry: Entry) -> bool {
        if self.is_full() {
            return false;
        }
        if let Entry::Run { line, .. } = &entry
            && (line.len() > MAX_LINE || line.contains(['\n', '\r']))
        {
            return false;
        }
        if let Entry::Hosts { text } = &entry
            && text.len() > MAX_HOSTS
        {
            return false;
        }
        self.entries.push(entry);
        true
    }

    /// The text form.
    pub fn to_text(&self) -> String {
        let mut s = format!("lolab 1\nseed {}\n", self.seed);
        if let Some(lesson) = &self.lesson {
            let _ = writeln!(s, "lesson {lesson}");
        }
        for e in &self.entries {
            let _ = match e {
                Entry::Run { at, line } => writeln!(s, "r {at} {line}"),
                Entry::End { at } => writeln!(s, "e {at}"),
                Entry::Interrupt { poll, at } => writeln!(s, "i {poll} {at}"),
                Entry::Hosts { text } => writeln!(s, "h {}", escape(text)),
            };
        }
        s
    }

    /// Reads the text form; rejects anything unexpected.
    pub fn from_text(text: &str) -> Result<Record, RecordError> {
        if text.len() > MAX_TEXT {
            return Err(RecordError::TooLarge);
        }
        let mut lines = text.split('\n');
        if lines.next() != Some("lolab 1") {
            return Err(RecordError::Foreign);
        }
        let mut record = Record::default();
        for (n, line) in lines.enumerate() {
            let n = n + 2;
            if line.is_empty() {
                continue;
            }
            let bad = RecordError::Corrupt(n);
            let (tag, rest) = line.split_once(' ').ok_or(bad.clone())?;
            match tag {
                "seed" => record.seed = rest.parse().map_err(|_| bad)?,
                "lesson" => {
                    if rest.is_empty()
                        || rest.len() > 64
                        || !rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    {
                        return Err(bad);
                    }
                    record.lesson = Some(rest.into());
                }
                "h" => {
                    let text = unescape(rest).ok_or(bad.clone())?;
                    if !record.push(Entry::Hosts { text }) {
                        return Err(RecordError::TooLarge);
                    }
                }
                "r" => {
                    let (at, cmd) = rest.split_once(' ').ok_or(bad.clone())?;
                    let at = at.parse().map_err(|_| bad.clone())?;
                    if record.entries.len() >= MAX_ENTRIES {
                        return Err(RecordError::TooLarge);
                    }
                    if !record.push(Entry::Run {
                        at,
                        line: cmd.into(),
                    }) {
                        return Err(bad);
                    }
                }
                "e" => {
                    let at = rest.parse().map_err(|_| bad.clone())?;
                    if !record.push(Entry::End { at }) {
                        return Err(RecordError::TooLarge);
                    }
                }
                "i" => {
                    let (poll, at) = rest.split_once(' ').ok_or(bad.clone())?;
                    let poll = poll.parse().map_err(|_| bad.clone())?;
                    let at = at.parse().map_err(|_| bad.clone())?;
                    if !record.push(Entry::Interrupt { poll, at }) {
                        return Err(RecordError::TooLarge);
                    }
                }
                _ => return Err(bad),
            }
        }
        Ok(record)
    }
}

/// Why a record could not be replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
    /// It needs more work than the replay budget allows.
    Budget,
    /// Entry N starts a command while the lab is still busy: the record does
    /// not come from this version of the lab.
    Inconsistent(usize),
}

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReplayError::Budget => f.write_str("replaying it takes too long"),
            ReplayError::Inconsistent(n) => {
                write!(f, "entry {} does not fit this version of the lab", n + 1)
            }
        }
    }
}
