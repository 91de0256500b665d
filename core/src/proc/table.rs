//! The process table proper: one entry per running process, grouped into
//! process groups (a pipeline is one group), some of them background jobs,
//! one of them the terminal's foreground group.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use crate::host::User;
use crate::pipe::PipeId;
use crate::process::{Pid, Process, Stdio};
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

/// A running process and its bookkeeping.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The program's state.
    pub process: Box<dyn Process>,
    /// What it runs with.
    pub image: Image,
    /// The whole pipeline's command line (what `jobs` shows).
    pub command_line: String,
    /// The command's name (what `ps` shows).
    pub name: String,
    /// When it asked to be polled next.
    pub wake_at: Option<Instant>,
    /// The job number of a background process.
    pub job: Option<u32>,
    /// The process group: the pid of the pipeline's first command.
    pub pgid: Pid,
    /// True for the pipeline's last command (whose status is `$?`).
    pub last: bool,
    /// The terminal whose line started it (its output goes there).
    pub terminal: u32,
    /// The pipe this process reads from, and the one it writes to (closed
    /// when it exits, whatever its redirections did with them).
    pub pipe_in: Option<PipeId>,
    /// See `pipe_in`.
    pub pipe_out: Option<PipeId>,
}

/// A background job that ended, to announce before the next prompt
/// (`[1]+  Done                    sleep 1`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobNotice {
    /// The job number.
    pub job: u32,
    /// The job's command line.
    pub command: String,
    /// Its exit status (its last command's).
    pub status: i32,
    /// The job's marker as it stood when it ended: `+` for the most recent
    /// job, `-` otherwise.
    pub marker: char,
    /// The terminal it was started from (the notice goes there).
    pub terminal: u32,
}

/// One running job: its number and process group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Job {
    /// The job number (`%1`).
    pub number: u32,
    /// Its process group.
    pub pgid: Pid,
}

/// The table of running processes.
#[derive(Debug)]
pub(crate) struct ProcTable {
    entries: BTreeMap<Pid, Entry>,
    next_pid: Pid,
    /// The foreground process group.
    foreground: Option<Pid>,
    /// The status of the foreground group that ended, until the shell
    /// collects it (its `waitpid`).
    foreground_exit: Option<i32>,
    /// The status of a pipeline's last command that ended while others of
    /// its group still run, by process group.
    group_status: BTreeMap<Pid, i32>,
    /// Finished background jobs to announce before the next prompt.
    notices: Vec<JobNotice>,
}

impl Default for ProcTable {
    fn default() -> Self {
        ProcTable {
            entries: BTreeMap::new(),
            next_pid: FIRST_PID,
            foreground: None,
            foreground_exit: None,
            group_status: BTreeMap::new(),
            notices: Vec::new(),
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

    /// The running pids, in order.
    pub(crate) fn pids(&self) -> Vec<Pid> {
        self.entries.keys().copied().collect()
    }

    /// True if `pid` is running.
    pub(crate) fn contains(&self, pid: Pid) -> bool {
        self.entries.contains_key(&pid)
    }

    /// The running processes in pid order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Pid, &Entry)> {
        self.entries.iter()
    }

    /// The entry of `pid`.
    pub(crate) fn get_mut(&mut self, pid: Pid) -> Option<&mut Entry> {
        self.entries.get_mut(&pid)
    }

    /// Adds a started process.
    pub(crate) fn insert(&mut self, pid: Pid, entry: Entry) {
        self.entries.insert(pid, entry);
    }

    /// Removes an exited process.
    pub(crate) fn remove(&mut self, pid: Pid) -> Option<Entry> {
        self.entries.remove(&pid)
    }

    /// The earliest wake-up any process asked for.
    pub(crate) fn wake_at(&self) -> Option<Instant> {
        self.entries.values().filter_map(|p| p.wake_at).min()
    }

    /// The running processes of process group `pgid`.
    pub(crate) fn members(&self, pgid: Pid) -> Vec<Pid> {
        self.entries
            .iter()
            .filter(|(_, p)| p.pgid == pgid)
            .map(|(pid, _)| *pid)
            .collect()
    }

    /// True if any process of group `pgid` still runs.
    pub(crate) fn group_alive(&self, pgid: Pid) -> bool {
        self.entries.values().any(|p| p.pgid == pgid)
    }

    /// The command line of process group `pgid`.
    pub(crate) fn group_line(&self, pgid: Pid) -> Option<&str> {
        self.entries
            .values()
            .find(|p| p.pgid == pgid)
            .map(|p| p.command_line.as_str())
    }

    /// Records the status of group `pgid`'s last command while others of
    /// the group still run.
    pub(crate) fn set_group_status(&mut self, pgid: Pid, status: i32) {
        self.group_status.insert(pgid, status);
    }

    /// Takes the recorded status of group `pgid`.
    pub(crate) fn take_group_status(&mut self, pgid: Pid) -> Option<i32> {
        self.group_status.remove(&pgid)
    }

    /// The foreground process group.
    pub(crate) fn foreground(&self) -> Option<Pid> {
        self.foreground
    }

    /// Makes `pgid` the foreground process group.
    pub(crate) fn set_foreground(&mut self, pgid: Pid) {
        self.foreground = Some(pgid);
    }

    /// Takes the exit status of the foreground group that ended, if one did.
    pub(crate) fn take_foreground_exit(&mut self) -> Option<i32> {
        self.foreground_exit.take()
    }

    /// True if any background job runs.
    pub(crate) fn has_jobs(&self) -> bool {
        self.entries.values().any(|p| p.job.is_some())
    }

    /// The running background jobs, oldest first.
    pub(crate) fn jobs(&self) -> Vec<Job> {
        let mut v: Vec<Job> = self
            .entries
            .values()
            .filter_map(|p| {
                p.job.map(|number| Job {
                    number,
                    pgid: p.pgid,
                })
            })
            .collect();
        crate::sort::sort(&mut v);
        v.dedup();
        v
    }

    /// Brings group `pgid` to the foreground: it is no longer a job.
    pub(crate) fn bring_to_foreground(&mut self, pgid: Pid) {
        for p in self.entries.values_mut().filter(|p| p.pgid == pgid) {
            p.job = None;
        }
        self.foreground = Some(pgid);
    }

    /// The number a new background job gets: one more than the highest in
    /// use (running or waiting to be announced).
    pub(crate) fn next_job_number(&self) -> u32 {
        let running = self.entries.values().filter_map(|p| p.job);
        let done = self.notices.iter().map(|n| n.job);
        running.chain(done).max().unwrap_or(0) + 1
    }

    /// Records a finished job to announce.
    pub(crate) fn push_notice(&mut self, notice: JobNotice) {
        self.notices.push(notice);
    }

    /// Takes the finished jobs to announce, by job number.
    pub(crate) fn take_notices(&mut self) -> Vec<JobNotice> {
        let mut done = core::mem::take(&mut self.notices);
        crate::sort::sort_by_key(&mut done, |n| n.job);
        done
    }

    /// The whole group of the exited process `entry` is over, with
    /// `status`: the foreground group's status waits for the shell, a
    /// background job's becomes a notice.
    pub(crate) fn group_ended(&mut self, entry: Entry, status: i32) {
        if self.foreground == Some(entry.pgid) {
            self.foreground = None;
            self.foreground_exit = Some(status);
        } else if let Some(job) = entry.job {
            // The job's marker as it stood: '+' for the most recent job.
            let newest = self
                .entries
                .values()
                .filter_map(|p| p.job)
                .chain([job])
                .max();
            let marker = if newest == Some(job) { '+' } else { '-' };
            self.notices.push(JobNotice {
                job,
                command: entry.command_line,
                status,
                marker,
                terminal: entry.terminal,
            });
        }
    }
}
