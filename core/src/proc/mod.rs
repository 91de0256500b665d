//! Processes as the kernel keeps them: the process table ([`table`]),
//! process groups and jobs, the foreground group, signals ([`signal`]),
//! and [`Kernel`], which starts, polls, signals and reaps processes over
//! virtual time.
//!
//! The shell ([`crate::shell`]) decides what to run; this module runs it.
//! It names no program: a command's start is handed in as a closure.

pub mod signal;
pub(crate) mod table;

use crate::host::Host;
use crate::host::User;
use crate::output::OutputBuffer;
use crate::pipe::{PipeId, Pipes};
use crate::process::{Ctx, Identity, Pid, Process, Started};
use crate::time::Instant;

pub use signal::{SIGPIPE_STATUS, Signal};
pub(crate) use table::{Entry, Image, ProcTable};
pub use table::{Job, JobNotice, PROCESS_LIMIT};

/// How a command came out of its start.
#[derive(Debug)]
pub(crate) enum Spawn {
    /// It is over (or never started), with this status.
    Exited(i32),
    /// It runs as a process.
    Running,
    /// The process table is full: fork failed.
    Refused,
}

/// Where a new process belongs: its pipeline, job and pipes.
#[derive(Debug)]
pub(crate) struct Launch {
    /// The command's name (what `ps` shows).
    pub name: alloc::string::String,
    /// The whole pipeline's command line (what `jobs` shows).
    pub command_line: alloc::string::String,
    /// The job number if the pipeline runs in the background.
    pub job: Option<u32>,
    /// The process group (the pipeline's first pid).
    pub pgid: Pid,
    /// True for the pipeline's last command.
    pub last: bool,
    /// The pipe it reads from.
    pub pipe_in: Option<PipeId>,
    /// The pipe it writes to.
    pub pipe_out: Option<PipeId>,
}

/// The machine the processes run on: the host, the clock, the terminal
/// they print to, the pipes between them, and the process table.
#[derive(Debug)]
pub(crate) struct Kernel {
    /// The simulated host.
    pub host: Host,
    /// The current virtual time.
    pub now: Instant,
    /// What processes and the shell print.
    pub terminal: OutputBuffer,
    /// The pipes between running commands.
    pub pipes: Pipes,
    /// The running processes.
    pub table: ProcTable,
    /// The terminal the current command line was typed in.
    pub line_terminal: u32,
}

impl Kernel {
    /// A machine with no process running.
    pub(crate) fn new(host: Host) -> Self {
        Kernel {
            host,
            now: Instant::ZERO,
            terminal: OutputBuffer::default(),
            pipes: Pipes::default(),
            table: ProcTable::default(),
            line_terminal: 0,
        }
    }

    /// Moves the clock forward to `now` (never back).
    pub(crate) fn advance_clock(&mut self, now: Instant) {
        if now > self.now {
            self.now = now;
        }
    }

    /// Starts process `pid` with `image`: `start` runs in its context; a
    /// program that keeps running joins the table as `launch` says.
    pub(crate) fn spawn(
        &mut self,
        pid: Pid,
        image: Image,
        launch: Launch,
        start: impl FnOnce(&mut Ctx<'_>) -> Started,
    ) -> Spawn {
        if self.table.is_full() {
            return Spawn::Refused;
        }
        let (started, wake_at, broken) = enter(
            &mut self.host,
            &mut self.terminal,
            &mut self.pipes,
            self.now,
            pid,
            &image,
            start,
        );
        match started {
            _ if broken => Spawn::Exited(SIGPIPE_STATUS),
            Started::Exited(status) => Spawn::Exited(status),
            Started::Running(process) => {
                self.table.insert(
                    pid,
                    Entry {
                        process,
                        image,
                        command_line: launch.command_line,
                        name: launch.name,
                        wake_at,
                        job: launch.job,
                        pgid: launch.pgid,
                        last: launch.last,
                        terminal: self.line_terminal,
                        pipe_in: launch.pipe_in,
                        pipe_out: launch.pipe_out,
                    },
                );
                Spawn::Running
            }
        }
    }

    /// Runs `f` on process `pid` with a context; records its next wake-up.
    /// Also says whether the process hit a broken pipe.
    fn with_process<R>(
        &mut self,
        pid: Pid,
        f: impl FnOnce(&mut dyn Process, &mut Ctx<'_>) -> R,
    ) -> Option<(R, bool)> {
        let entry = self.table.get_mut(pid)?;
        self.terminal.set_terminal(entry.terminal);
        let process = entry.process.as_mut();
        let (result, wake_at, broken) = enter(
            &mut self.host,
            &mut self.terminal,
            &mut self.pipes,
            self.now,
            pid,
            &entry.image,
            |ctx| f(process, ctx),
        );
        entry.wake_at = wake_at;
        self.terminal.set_terminal(self.line_terminal);
        Some((result, broken))
    }

    /// Runs `f` on process `pid` and ends the process if `f` says it exited
    /// or if it wrote to a pipe nobody reads (SIGPIPE).
    pub(crate) fn drive(
        &mut self,
        pid: Pid,
        f: impl FnOnce(&mut dyn Process, &mut Ctx<'_>) -> Option<i32>,
    ) {
        match self.with_process(pid, f) {
            Some((_, true)) => self.signal(pid, Signal::Pipe),
            Some((Some(status), false)) => self.finish(pid, status),
            _ => {}
        }
    }

    /// Delivers `signal` to process `pid`.
    pub(crate) fn signal(&mut self, pid: Pid, signal: Signal) {
        match signal {
            Signal::Int => self.drive(pid, |p, ctx| p.interrupt(ctx)),
            Signal::Kill | Signal::Term | Signal::Pipe => self.finish(pid, signal.exit_status()),
        }
    }

    /// Ctrl-C: SIGINT to every process of the foreground group. False if
    /// there is no foreground group.
    pub(crate) fn interrupt_foreground(&mut self) -> bool {
        let Some(pgid) = self.table.foreground() else {
            return false;
        };
        for pid in self.table.members(pgid) {
            self.signal(pid, Signal::Int);
        }
        true
    }

    /// One step at `t`: the network first, then every process.
    pub(crate) fn step(&mut self, t: Instant) {
        self.advance_clock(t);
        self.host.net.poll(self.now);
        // Every process is polled at every step: one waiting on a socket
        // must see a packet the moment it arrives (wake_at only tells
        // poll_at when the next timer is due).
        for pid in self.table.pids() {
            self.drive(pid, |p, ctx| p.poll(ctx));
        }
    }

    /// The next instant something is due (a packet or a process timer).
    pub(crate) fn poll_at(&self) -> Option<Instant> {
        let mut procs = self.table.wake_at();
        if self.pipes.ready() {
            // A reader has input (or end-of-file) waiting: poll it now.
            procs = Some(procs.map_or(self.now, |t| t.min(self.now)));
        }
        match (procs, self.host.net.poll_at()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Process `pid` exited with `status`: it leaves the table, and when
    /// it was the last of its group, the group's status is recorded.
    pub(crate) fn finish(&mut self, pid: Pid, status: i32) {
        let Some(entry) = self.table.remove(pid) else {
            return;
        };
        self.release(pid, entry.pipe_in, entry.pipe_out);
        if entry.last {
            self.table.set_group_status(entry.pgid, status);
        }
        if self.table.group_alive(entry.pgid) {
            return;
        }
        // The whole pipeline is over: its status is its last command's.
        let status = self.table.take_group_status(entry.pgid).unwrap_or(status);
        self.table.group_ended(entry, status);
    }

    /// What the kernel does when process `pid` exits, however it exits
    /// (also a command that ended as it started): it closes whatever the
    /// process left open, and its ends of the pipeline's pipes.
    pub(crate) fn release(&mut self, pid: Pid, pipe_in: Option<PipeId>, pipe_out: Option<PipeId>) {
        crate::sys::exit(&mut self.host, pid);
        if let Some(id) = pipe_in {
            self.pipes.close_reader(id);
        }
        if let Some(id) = pipe_out {
            self.pipes.close_writer(id);
        }
    }
}

/// Runs `f` in the context of process `pid` (the only place a [`Ctx`] is
/// built); returns its result, the wake-up it asked for, and whether it
/// hit a broken pipe.
fn enter<R>(
    host: &mut Host,
    terminal: &mut OutputBuffer,
    pipes: &mut Pipes,
    now: Instant,
    pid: Pid,
    image: &Image,
    f: impl FnOnce(&mut Ctx<'_>) -> R,
) -> (R, Option<Instant>, bool) {
    // A process that moved itself with setns stays where it went.
    let ns = host.tasks.netns(pid).unwrap_or(image.ns);
    // A process that logged in to a LAN machine runs as root there.
    let (user, cwd) = if host.tasks.logged_in(pid) {
        (User::Root, User::Root.home())
    } else {
        (image.user, image.cwd.as_str())
    };
    let who = Identity {
        pid,
        user,
        ns,
        cwd,
        stdio: &image.stdio,
    };
    Ctx::enter(host, terminal, pipes, now, who, f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::User;
    use crate::process::Stdio;
    use alloc::boxed::Box;
    use alloc::string::String;
    use alloc::vec;

    /// A process that runs until a signal ends it.
    #[derive(Debug)]
    struct Sleeper;

    impl Process for Sleeper {
        fn poll(&mut self, _: &mut Ctx<'_>) -> Option<i32> {
            None
        }
    }

    fn image() -> Image {
        Image {
            user: User::User,
            ns: crate::net::HOST_NS,
            cwd: String::from("/"),
            stdio: Stdio::default(),
        }
    }

    fn spawn(k: &mut Kernel, pgid: Option<Pid>, job: Option<u32>, last: bool) -> Pid {
        let pid = k.table.alloc_pid();
        let launch = Launch {
            name: String::from("sleep"),
            command_line: String::from("sleep 9 | sleep 9"),
            job,
            pgid: pgid.unwrap_or(pid),
            last,
            pipe_in: None,
            pipe_out: None,
        };
        let spawned = k.spawn(pid, image(), launch, |_| {
            Started::Running(Box::new(Sleeper))
        });
        assert!(matches!(spawned, Spawn::Running));
        pid
    }

    #[test]
    fn a_job_ends_with_its_last_command_and_one_notice() {
        let mut k = Kernel::new(Host::debian("lab", 1));
        let first = spawn(&mut k, None, Some(1), false);
        let second = spawn(&mut k, Some(first), Some(1), true);
        let job = Job {
            number: 1,
            pgid: first,
        };
        assert_eq!(k.table.jobs(), vec![job]);
        assert_eq!(k.table.members(first), vec![first, second]);
        assert_eq!(k.table.next_job_number(), 2);
        k.step(k.now);
        assert!(k.table.contains(second), "a sleeper keeps running");
        k.signal(second, Signal::Kill);
        assert!(k.table.group_alive(first));
        assert_eq!(k.table.take_notices(), vec![]);
        k.signal(first, Signal::Term);
        assert!(!k.table.group_alive(first));
        let notice = JobNotice {
            job: 1,
            command: String::from("sleep 9 | sleep 9"),
            status: 137,
            marker: '+',
            terminal: 0,
        };
        assert_eq!(k.table.take_notices(), vec![notice]);
        assert_eq!(k.table.take_foreground_exit(), None);
    }

    #[test]
    fn ctrl_c_ends_the_foreground_group_for_the_shell_to_collect() {
        let mut k = Kernel::new(Host::debian("lab", 1));
        assert!(!k.interrupt_foreground(), "nothing in the foreground");
        let pid = spawn(&mut k, None, None, true);
        k.table.set_foreground(pid);
        assert!(k.interrupt_foreground());
        assert_eq!(k.table.foreground(), None);
        assert_eq!(k.table.take_foreground_exit(), Some(130));
        assert_eq!(k.table.take_foreground_exit(), None);
    }

    #[test]
    fn fork_fails_when_the_table_is_full() {
        let mut k = Kernel::new(Host::debian("lab", 1));
        for _ in 0..PROCESS_LIMIT {
            spawn(&mut k, None, None, true);
        }
        let launch = Launch {
            name: String::from("true"),
            command_line: String::from("true"),
            job: None,
            pgid: 1,
            last: true,
            pipe_in: None,
            pipe_out: None,
        };
        let spawned = k.spawn(1, image(), launch, |_| Started::Exited(0));
        assert!(matches!(spawned, Spawn::Refused));
    }
}
