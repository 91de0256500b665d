//! The process table proper: one entry per running process, each in a
//! process group (a pipeline is one group), the terminal's foreground
//! group, and the exit statuses of the processes that ended until their
//! parent, the shell, collects them (its `waitpid`).
//!
//! Job numbers, job specs and "Done" notices are bash's, not the
//! kernel's: they live in the shell ([`crate::shell`]).
//!
//! Beside the shell's processes the table keeps daemons: processes the
//! machines of the LAN started at boot (the router's DNS server). A daemon
//! is in no terminal and no process group the shell can signal, counts
//! toward no limit of the shell's, is not the shell's child (its exit is
//! not collected) and is not on the lab host's `ps`; it is polled with
//! every other process.

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, VecDeque};
use alloc::string::String;
use alloc::vec::Vec;

use crate::host::User;
use crate::process::{Pid, Process, Sink, Stdio};
use crate::time::Instant;
use crate::trace::NsId;

/// The most processes that may run at once (foreground and background jobs);
/// one more fails as bash's fork does under `ulimit -u`.
pub const PROCESS_LIMIT: usize = 256;

/// The pid the first command of a fresh lab gets.
const FIRST_PID: Pid = 1234;

/// What a process runs with: its credentials, namespace, directory and
/// descriptors. A process's context is built from it at every poll.
#[derive(Debug)]
pub(crate) struct Image {
    /// The user it runs as.
    pub user: User,
    /// The network namespace it runs in.
    pub ns: NsId,
    /// The working directory it started in.
    pub cwd: String,
    /// Its standard input, output and error.
    pub stdio: Stdio,
}

impl Image {
    /// What a child of the shell runs with: `user`, `cwd` and `stdio` as
    /// the shell sets them up, and the shell's own network namespace (the
    /// host's), which a fork inherits.
    pub(crate) fn child(user: User, cwd: String, stdio: Stdio) -> Self {
        Image {
            user,
            ns: crate::net::HOST_NS,
            cwd,
            stdio,
        }
    }

    /// What a daemon runs with, as its machine's init starts it: root, in
    /// that machine's namespace `ns`, in `/`, its standard streams on
    /// `/dev/null`.
    pub(crate) fn daemon(ns: NsId) -> Self {
        let null = Sink::File {
            path: String::from(crate::host::files::DEV_NULL),
            append: true,
        };
        Image {
            user: User::Root,
            ns,
            cwd: String::from("/"),
            stdio: Stdio {
                stdout: null.clone(),
                stderr: null,
                stdin_file: Some(String::from(crate::host::files::DEV_NULL)),
                ..Stdio::default()
            },
        }
    }
}

/// A running process and what the kernel keeps of it.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The program's state.
    pub process: Box<dyn Process>,
    /// What it runs with.
    pub image: Image,
    /// The command's name (what `ps` shows).
    pub name: String,
    /// When it asked to be polled next.
    pub wake_at: Option<Instant>,
    /// The process group.
    pub pgid: Pid,
    /// The terminal whose line started it (its output goes there).
    pub terminal: u32,
}

/// The table of running processes.
#[derive(Debug)]
pub(crate) struct ProcTable {
    /// The processes of the shell's session.
    entries: BTreeMap<Pid, Entry>,
    /// The daemons of the LAN's machines.
    daemons: BTreeMap<Pid, Entry>,
    next_pid: Pid,
    /// The terminal's foreground process group (`tcsetpgrp`); `None` while
    /// the shell itself holds the terminal.
    foreground: Option<Pid>,
    /// Processes that ended, with their exit statuses, in the order they
    /// ended, until the shell collects them.
    exited: VecDeque<(Pid, i32)>,
}

impl Default for ProcTable {
    fn default() -> Self {
        ProcTable {
            entries: BTreeMap::new(),
            daemons: BTreeMap::new(),
            next_pid: FIRST_PID,
            foreground: None,
            exited: VecDeque::new(),
        }
    }
}

impl ProcTable {
    /// True if one more process would exceed [`PROCESS_LIMIT`].
    pub(crate) fn is_full(&self) -> bool {
        self.entries.len() >= PROCESS_LIMIT
    }

    /// The pid the next process will get.
    pub(crate) fn peek_pid(&self) -> Pid {
        self.next_pid
    }

    /// Takes the next pid.
    pub(crate) fn alloc_pid(&mut self) -> Pid {
        let pid = self.next_pid;
        self.next_pid = self.next_pid.wrapping_add(1);
        pid
    }

    /// The running pids, daemons included, in order.
    pub(crate) fn pids(&self) -> Vec<Pid> {
        let mut pids: Vec<Pid> = self
            .daemons
            .keys()
            .chain(self.entries.keys())
            .copied()
            .collect();
        pids.sort_unstable();
        pids
    }

    /// The daemons' pids, in order.
    pub(crate) fn daemon_pids(&self) -> Vec<Pid> {
        self.daemons.keys().copied().collect()
    }

    /// True if `pid` is one of the shell's running processes.
    pub(crate) fn contains(&self, pid: Pid) -> bool {
        self.entries.contains_key(&pid)
    }

    /// The shell's running processes in pid order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Pid, &Entry)> {
        self.entries.iter()
    }

    /// The entry of `pid` (a daemon's too).
    pub(crate) fn get_mut(&mut self, pid: Pid) -> Option<&mut Entry> {
        match self.entries.get_mut(&pid) {
            Some(entry) => Some(entry),
            None => self.daemons.get_mut(&pid),
        }
    }

    /// Adds a started process.
    pub(crate) fn insert(&mut self, pid: Pid, entry: Entry) {
        self.entries.insert(pid, entry);
    }

    /// Adds a started daemon.
    pub(crate) fn insert_daemon(&mut self, pid: Pid, entry: Entry) {
        self.daemons.insert(pid, entry);
    }

    /// Removes a process that exited with `status`; its status waits for
    /// the shell to collect it (a daemon's is not the shell's: its
    /// machine's init reaps it).
    pub(crate) fn remove(&mut self, pid: Pid, status: i32) -> Option<Entry> {
        if let Some(entry) = self.entries.remove(&pid) {
            self.exited.push_back((pid, status));
            return Some(entry);
        }
        self.daemons.remove(&pid)
    }

    /// Takes the oldest uncollected exit: the pid and its status.
    pub(crate) fn take_exited(&mut self) -> Option<(Pid, i32)> {
        self.exited.pop_front()
    }

    /// The earliest wake-up any process (or daemon) asked for.
    pub(crate) fn wake_at(&self) -> Option<Instant> {
        self.entries
            .values()
            .chain(self.daemons.values())
            .filter_map(|p| p.wake_at)
            .min()
    }

    /// The shell's running processes of process group `pgid`.
    pub(crate) fn members(&self, pgid: Pid) -> Vec<Pid> {
        self.entries
            .iter()
            .filter(|(_, p)| p.pgid == pgid)
            .map(|(pid, _)| *pid)
            .collect()
    }

    /// The terminal's foreground process group.
    pub(crate) fn foreground(&self) -> Option<Pid> {
        self.foreground
    }

    /// Makes `pgid` the terminal's foreground group (`None`: the shell).
    pub(crate) fn set_foreground(&mut self, pgid: Option<Pid>) {
        self.foreground = pgid;
    }
}
