//! Processes as the kernel keeps them: the process table ([`table`]),
//! process groups, the terminal's foreground group, signals ([`signal`]),
//! exit statuses until the parent collects them, and [`Kernel`], which
//! starts, polls, signals and reaps processes over virtual time.
//!
//! The shell ([`crate::shell`]) decides what to run and keeps bash's jobs;
//! this module runs it. The shell reaches the kernel only through
//! [`calls::Calls`], its system calls (spawn, pipe, kill, waitpid,
//! tcsetpgrp, write, open, stat...): `Kernel`'s fields are private to this
//! module. It names no program: a command's start is handed in as a
//! closure.

pub(crate) mod calls;
pub mod signal;
mod stdio;
pub(crate) mod table;

use crate::host::Host;
use crate::host::User;
use crate::output::{OutputBuffer, OutputEvent};
use crate::process::{Ctx, Identity, Pid, Process, Started};
use crate::time::Instant;

pub use signal::{SIGPIPE_STATUS, Signal};
pub use table::PROCESS_LIMIT;
pub(crate) use table::{Entry, Image, ProcTable};

/// The most times one step runs the daemons between network events (a
/// runaway guard: each wake-up follows at least one event).
const WAKE_LIMIT: usize = 1 << 20;

/// Bytes printed on the terminal that count as one unit of work
/// ([`Kernel::work`]): the line budget then stops endless output after
/// about 64 MiB, as Ctrl-C would.
const TERMINAL_BYTES_PER_WORK: u64 = 64;

/// How a command came out of its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Spawn {
    /// It is over (or never started), with this status; the kernel has
    /// already released what it held.
    Exited(i32),
    /// It runs as a process.
    Running,
    /// The process table is full: fork failed.
    Refused,
}

/// Where a new process belongs: its name and process group.
#[derive(Debug)]
pub(crate) struct Launch {
    /// The command's name (what `ps` shows).
    pub name: alloc::string::String,
    /// The process group (`setpgid`: the pipeline's first pid).
    pub pgid: Pid,
}

/// The machine the processes run on: the host (with the descriptor
/// tables and the pipes between processes), the clock, the terminal they
/// print to, and the process table. Its
/// fields are the kernel's own: the facade reads them through the
/// accessors below, the shell through [`calls::Calls`].
#[derive(Debug)]
pub(crate) struct Kernel {
    /// The simulated host.
    host: Host,
    /// The current virtual time.
    now: Instant,
    /// What processes and the shell print.
    terminal: OutputBuffer,
    /// The running processes.
    table: ProcTable,
    /// The terminal the current command line was typed in.
    line_terminal: u32,
    /// How many times a process has been run (polled, interrupted) since
    /// the kernel booted: with the network's events, the work done.
    wakeups: u64,
}

impl Kernel {
    /// A machine with no process running.
    pub(crate) fn new(host: Host) -> Self {
        Kernel {
            host,
            now: Instant::ZERO,
            terminal: OutputBuffer::default(),
            table: ProcTable::default(),
            line_terminal: 0,
            wakeups: 0,
        }
    }

    /// The simulated host (read-only).
    pub(crate) fn host(&self) -> &Host {
        &self.host
    }

    /// The simulated host, to change it directly (the facade's
    /// `Lab::host_mut`, for tests and benchmarks).
    pub(crate) fn host_mut(&mut self) -> &mut Host {
        &mut self.host
    }

    /// The current virtual time.
    pub(crate) fn now(&self) -> Instant {
        self.now
    }

    /// Takes what was printed on the terminals since the last call.
    pub(crate) fn take_output(&mut self) -> alloc::vec::Vec<OutputEvent> {
        self.terminal.take()
    }

    /// A command line typed in terminal `terminal` begins: what its
    /// processes print goes there.
    pub(crate) fn begin_line(&mut self, terminal: u32) {
        self.line_terminal = terminal;
        self.terminal.set_terminal(terminal);
        self.terminal.begin_command();
    }

    /// The work done since the kernel booted: every event the network
    /// handled (packets, TCP timer runs), every time a process ran, and
    /// the CPU ticks processes computed for (`Sys::sched_yield`).
    /// It only grows; the facade bounds how much of it one command line
    /// may take when it runs a line to its end.
    pub(crate) fn work(&self) -> u64 {
        // A program printing without end (`yes`) costs what it prints: a
        // unit of work per 64 bytes reaching the terminal; one computing
        // without end (`while True: pass`) the CPU it reports.
        self.host
            .net
            .events_handled()
            .saturating_add(self.wakeups)
            .saturating_add(self.terminal.written() / TERMINAL_BYTES_PER_WORK)
            .saturating_add(self.host.cpu_ticks)
    }

    /// Work done outside a process's run (the shell's own steps).
    pub(crate) fn add_work(&mut self, units: u64) {
        self.wakeups = self.wakeups.saturating_add(units);
    }

    /// The shell's system calls on this kernel.
    pub(crate) fn calls(&mut self) -> calls::Calls<'_> {
        calls::Calls::new(self)
    }

    /// Moves the clock forward to `now` (never back).
    pub(crate) fn advance_clock(&mut self, now: Instant) {
        if now > self.now {
            self.now = now;
        }
    }

    /// Starts process `pid` with `image`: its standard streams become
    /// descriptors 0, 1 and 2 (the `dup2`s), `start` runs in its context; a
    /// program that keeps running joins the table as `launch` says, one
    /// that ended at once is released (its status is returned, never
    /// waited for).
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
        stdio::install(&mut self.host, pid, &image.stdio);
        let (started, wake_at, broken) = enter(
            &mut self.host,
            &mut self.terminal,
            self.now,
            pid,
            &image,
            start,
        );
        let status = match started {
            _ if broken => SIGPIPE_STATUS,
            Started::Exited(status) => status,
            Started::Running(process) => {
                self.table.insert(
                    pid,
                    Entry {
                        process,
                        image,
                        name: launch.name,
                        wake_at,
                        pgid: launch.pgid,
                        terminal: self.line_terminal,
                    },
                );
                return Spawn::Running;
            }
        };
        self.release(pid);
        Spawn::Exited(status)
    }

    /// Boots daemon `pid` (command name `comm`) on the LAN machine named
    /// `machine`, as that machine's init starts it at boot: `start` runs
    /// in its context ([`Image::daemon`]); a daemon that keeps running
    /// joins the table's daemons, one that ends at once is released. No
    /// such machine: nothing starts.
    pub(crate) fn spawn_daemon(
        &mut self,
        pid: Pid,
        comm: &str,
        machine: &str,
        start: impl FnOnce(&mut Ctx<'_>) -> Started,
    ) {
        let Some(ns) = self.host.net.machine(machine) else {
            return;
        };
        // execve's part: the command name `ss -p` shows.
        self.host.tasks.set_comm(pid, comm);
        self.host.tasks.set_uid(pid, 0);
        // It runs on its machine: /proc there lists it, the lab's does not.
        self.host.tasks.set_netns(pid, ns);
        // It sleeps in recvfrom: a datagram for it wakes it at once.
        self.host.net.set_immediate_reader(pid, true);
        let image = Image::daemon(ns);
        stdio::install(&mut self.host, pid, &image.stdio);
        let (started, wake_at, _) = enter(
            &mut self.host,
            &mut self.terminal,
            self.now,
            pid,
            &image,
            start,
        );
        match started {
            Started::Running(process) => self.table.insert_daemon(
                pid,
                Entry {
                    process,
                    image,
                    name: alloc::string::String::from(comm),
                    wake_at,
                    pgid: pid,
                    terminal: self.line_terminal,
                },
            ),
            Started::Exited(_) => {
                self.host.net.set_immediate_reader(pid, false);
                crate::sys::exit(&mut self.host, pid);
            }
        }
    }

    /// Runs `f` on process `pid` with a context; records its next wake-up.
    /// Also says whether the process hit a broken pipe. It runs at instant
    /// `now`: the clock's, or for a daemon the instant its datagram
    /// arrived, which may be before the clock's.
    fn with_process<R>(
        &mut self,
        pid: Pid,
        now: Instant,
        f: impl FnOnce(&mut dyn Process, &mut Ctx<'_>) -> R,
    ) -> Option<(R, bool)> {
        let entry = self.table.get_mut(pid)?;
        self.wakeups += 1;
        self.terminal.set_terminal(entry.terminal);
        let process = entry.process.as_mut();
        let (result, wake_at, broken) = enter(
            &mut self.host,
            &mut self.terminal,
            now,
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
        self.drive_at(pid, self.now, f);
    }

    /// [`Kernel::drive`] at instant `now`.
    fn drive_at(
        &mut self,
        pid: Pid,
        now: Instant,
        f: impl FnOnce(&mut dyn Process, &mut Ctx<'_>) -> Option<i32>,
    ) {
        match self.with_process(pid, now, f) {
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

    /// One step at `t`: the network first, then every process.
    pub(crate) fn step(&mut self, t: Instant) {
        self.advance_clock(t);
        self.run_network(self.now);
        // The softirq drains lo's backlog before a woken task runs.
        self.host.net.drain_backlog(self.now);
        self.advance_clock(self.host.net.now());
        // Every process is polled at every step: one waiting on a socket
        // must see a packet the moment it arrives (wake_at only tells
        // poll_at when the next timer is due).
        let pids = self.table.pids();
        for &pid in &pids {
            self.drive(pid, |p, ctx| p.poll(ctx));
        }
        // A process that exited sent its last segments through lo's
        // backlog in its own context (`settle_backlog`); the tasks they
        // woke (the peer reading end-of-file) run before the shell gets
        // to its next command, as on Linux, where they run while bash
        // forks it.
        let left = self.table.pids();
        if left.len() < pids.len() {
            for pid in left {
                self.drive(pid, |p, ctx| p.poll(ctx));
            }
        }
    }

    /// Delivers every packet and fires every TCP timer due by `t`; the
    /// daemons run each time the network wakes one (a datagram queued for
    /// its socket), at that instant, as they would on their own machine's
    /// CPU, before the network goes on.
    fn run_network(&mut self, t: Instant) {
        for _ in 0..WAKE_LIMIT {
            if !self.host.net.poll_until_woken(t) {
                return;
            }
            let at = self.host.net.now();
            for pid in self.table.daemon_pids() {
                self.drive_at(pid, at, |p, ctx| p.poll(ctx));
            }
        }
        self.host.net.poll(t);
    }

    /// The next instant something is due (a packet or a process timer).
    pub(crate) fn poll_at(&self) -> Option<Instant> {
        let mut procs = self.table.wake_at();
        if self.host.pipes.ready() {
            // A reader has input (or end-of-file) waiting: poll it now.
            procs = Some(procs.map_or(self.now, |t| t.min(self.now)));
        }
        match (procs, self.host.net.poll_at()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Process `pid` exited with `status`: it leaves the table, the kernel
    /// releases what it held, and its status waits for the shell.
    pub(crate) fn finish(&mut self, pid: Pid, status: i32) {
        if self.table.remove(pid, status).is_some() {
            self.release(pid);
        }
    }

    /// What the kernel does when process `pid` exits, however it exits
    /// (also a command that ended as it started): it closes every
    /// descriptor the process left open (`sys::exit`), its standard
    /// streams included, so a pipe's end closes with its last descriptor.
    fn release(&mut self, pid: Pid) {
        self.host.net.set_immediate_reader(pid, false);
        crate::sys::exit(&mut self.host, pid);
        self.host.net.settle_backlog();
    }
}

/// Runs `f` in the context of process `pid` (the only place a [`Ctx`] is
/// built); returns its result, the wake-up it asked for, and whether it
/// hit a broken pipe.
fn enter<R>(
    host: &mut Host,
    terminal: &mut OutputBuffer,
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
    Ctx::enter(host, terminal, now, who, f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errno::Errno;
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

    fn spawn(k: &mut Kernel, pgid: Option<Pid>) -> Pid {
        let mut sys = k.calls();
        let pid = sys.fork_pid();
        let launch = Launch {
            name: String::from("sleep"),
            pgid: pgid.unwrap_or(pid),
        };
        let spawned = sys.spawn(pid, image(), launch, |_| {
            Started::Running(Box::new(Sleeper))
        });
        assert!(matches!(spawned, Spawn::Running));
        pid
    }

    #[test]
    fn a_group_is_signalled_and_its_statuses_wait_for_the_parent() {
        let mut k = Kernel::new(Host::debian("lab", 1));
        let first = spawn(&mut k, None);
        let second = spawn(&mut k, Some(first));
        let other = spawn(&mut k, None);
        k.step(k.now);
        let mut sys = k.calls();
        let names: Vec<Pid> = sys.processes().into_iter().map(|(p, _)| p).collect();
        assert_eq!(names, vec![first, second, other], "sleepers keep running");
        assert_eq!(sys.waitpid(), None);
        assert_eq!(sys.kill(second, Signal::Kill), Ok(()));
        assert_eq!(sys.kill(second, Signal::Kill), Err(Errno::ESRCH));
        assert_eq!(sys.killpg(first, Signal::Term), Ok(()));
        assert_eq!(sys.killpg(first, Signal::Term), Err(Errno::ESRCH));
        assert_eq!(sys.waitpid(), Some((second, 137)));
        assert_eq!(sys.waitpid(), Some((first, 143)));
        assert_eq!(sys.waitpid(), None);
        assert_eq!(sys.processes(), vec![(other, String::from("sleep"))]);
    }

    #[test]
    fn ctrl_c_goes_to_the_terminal_s_foreground_group() {
        let mut k = Kernel::new(Host::debian("lab", 1));
        let pid = spawn(&mut k, None);
        let mut sys = k.calls();
        assert_eq!(sys.tcgetpgrp(), None, "the shell holds the terminal");
        sys.tcsetpgrp(Some(pid));
        let pgid = sys.tcgetpgrp().unwrap_or_default();
        assert_eq!(sys.killpg(pgid, Signal::Int), Ok(()));
        assert_eq!(sys.waitpid(), Some((pid, 130)));
    }

    #[test]
    fn a_daemon_is_not_the_shell_s() {
        let mut k = Kernel::new(Host::debian("lab", 1));
        k.spawn_daemon(611, "dnsmasq", crate::world::ROUTER.name, |_| {
            Started::Running(Box::new(Sleeper))
        });
        let router = k.host.net.machine(crate::world::ROUTER.name);
        assert_eq!(k.table.daemon_pids(), vec![611]);
        assert_eq!(k.table.get_mut(611).map(|e| e.image.ns), router);
        assert_eq!(k.host.tasks.comm(611), "dnsmasq");
        let pid = spawn(&mut k, None);
        k.step(k.now);
        let mut sys = k.calls();
        assert_eq!(sys.processes(), vec![(pid, String::from("sleep"))]);
        assert_eq!(sys.kill(611, Signal::Kill), Err(Errno::ESRCH));
        assert_eq!(sys.killpg(611, Signal::Int), Err(Errno::ESRCH));
        sys.tcsetpgrp(Some(pid));
        assert_eq!(sys.killpg(pid, Signal::Int), Ok(()));
        assert_eq!(sys.waitpid(), Some((pid, 130)));
        assert_eq!(sys.waitpid(), None);
        assert_eq!(k.table.daemon_pids(), vec![611], "Ctrl-C spared it");
        for _ in 0..PROCESS_LIMIT {
            spawn(&mut k, None);
        }
        assert_eq!(k.calls().can_fork(), Err(Errno::EAGAIN));
        k.finish(611, 143);
        assert!(k.table.daemon_pids().is_empty());
        assert_eq!(k.calls().waitpid(), None, "init reaps a daemon");
    }

    #[test]
    fn no_machine_no_daemon() {
        let mut k = Kernel::new(Host::debian("lab", 1));
        k.spawn_daemon(611, "dnsmasq", "nosuchmachine", |_| {
            Started::Running(Box::new(Sleeper))
        });
        assert!(k.table.daemon_pids().is_empty());
    }

    #[test]
    fn fork_fails_when_the_table_is_full() {
        let mut k = Kernel::new(Host::debian("lab", 1));
        for _ in 0..PROCESS_LIMIT {
            spawn(&mut k, None);
        }
        let mut sys = k.calls();
        assert_eq!(sys.can_fork(), Err(Errno::EAGAIN));
        let launch = Launch {
            name: String::from("true"),
            pgid: 1,
        };
        let spawned = sys.spawn(1, image(), launch, |_| Started::Exited(0));
        assert!(matches!(spawned, Spawn::Refused));
    }

    #[test]
    fn a_program_that_ends_as_it_starts_closes_its_pipe_ends() {
        let mut k = Kernel::new(Host::debian("lab", 1));
        let mut sys = k.calls();
        let pipe = sys.pipe();
        let pid = sys.fork_pid();
        let launch = Launch {
            name: String::from("true"),
            pgid: pid,
        };
        let mut piped = image();
        piped.stdio.stdout = crate::process::Sink::Pipe(pipe);
        let spawned = sys.spawn(pid, piped, launch, |_| Started::Exited(0));
        assert!(matches!(spawned, Spawn::Exited(0)));
        assert_eq!(sys.waitpid(), None, "its status was returned at once");
        // The shell closes its own ends after the spawn.
        sys.close_writer(pipe);
        sys.close_reader(pipe);
        assert!(k.host.pipes.is_empty());
    }
}
