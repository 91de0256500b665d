//! The facade front ends use: a whole simulated host with its shell.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::host::{Host, User};
use crate::output::{self, OutputBuffer, OutputEvent, Stream};
use crate::pipe::{PipeId, Pipes};
use crate::process::{Ctx, Pid, Process, Sink, Started, Stdio};
use crate::shell::parse::{self, Connector, Pipeline, Redirect, SimpleCommand};
use crate::shell::{self, Shell};
use crate::time::{Duration, Instant};
use crate::tools;

/// How to build a lab.
#[derive(Clone, Debug)]
pub struct LabConfig {
    /// Seeds every random choice (ports, ids, sequence numbers).
    pub seed: u64,
    /// The host name.
    pub hostname: String,
}

impl Default for LabConfig {
    fn default() -> Self {
        LabConfig {
            seed: 1,
            hostname: String::from("lab"),
        }
    }
}

/// The outcome of [`Lab::run`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunResult {
    /// Everything printed, in order.
    pub events: Vec<OutputEvent>,
    /// `$?` after the line.
    pub status: i32,
    /// True if the line did not end by itself (a server, `ping` without
    /// `-c`) and was interrupted as Ctrl-C would.
    pub interrupted: bool,
    /// The trace sequence number of the line's first event: its events are
    /// `lab.host().net.trace.since(trace_from)`.
    pub trace_from: u64,
}

impl RunResult {
    /// All standard output text.
    pub fn stdout(&self) -> String {
        output::collect(&self.events, Stream::Stdout)
    }

    /// All standard error text.
    pub fn stderr(&self) -> String {
        output::collect(&self.events, Stream::Stderr)
    }
}

/// A running process and its bookkeeping.
#[derive(Debug)]
struct ProcEntry {
    process: Box<dyn Process>,
    stdio: Stdio,
    user: User,
    ns: crate::trace::NsId,
    /// The working directory it started in.
    cwd: String,
    /// The whole pipeline's command line (what `jobs` shows).
    command_line: String,
    /// The command's name (what `ps` shows).
    name: String,
    wake_at: Option<Instant>,
    /// The job number of a background process.
    job: Option<u32>,
    /// The process group: the pid of the pipeline's first command.
    pgid: Pid,
    /// True for the pipeline's last command (whose status is `$?`).
    last: bool,
    /// The terminal whose line started it (its output goes there).
    terminal: u32,
    /// The pipe this process reads from, and the one it writes to (closed
    /// when it exits, whatever its redirections did with them).
    pipe_in: Option<PipeId>,
    pipe_out: Option<PipeId>,
}

/// How one command of a pipeline started.
enum StageStart {
    /// It is over (or never started), with this status.
    Ended(i32),
    /// It runs as a process.
    Running,
    /// The process table is full.
    ForkFailed,
}

/// What a pipeline's commands share as they start.
struct Group {
    pgid: Pid,
    job: Option<u32>,
    line: String,
    size: usize,
}

/// The exit status of a process killed by SIGPIPE (128 + 13).
pub const SIGPIPE_STATUS: i32 = 141;

/// The most steps one [`Lab::poll`] takes (a runaway guard).
const POLL_STEP_LIMIT: usize = 1_000_000;

/// How long [`Lab::run`] lets a foreground command run in virtual time.
pub const DEFAULT_RUN_LIMIT: Duration = Duration::from_secs(3600);

/// The most virtual-time steps [`Lab::run`] takes before giving up.
const RUN_STEP_LIMIT: usize = 20_000_000;

/// The most processes that may run at once (foreground and background jobs);
/// one more fails as bash's fork does under `ulimit -u`.
pub const PROCESS_LIMIT: usize = 256;

/// What bash prints when fork fails with EAGAIN (it retries, then gives up
/// and abandons the rest of the line with status 126).
const FORK_FAILED: &str = "bash: fork: retry: Resource temporarily unavailable\nbash: fork: Resource temporarily unavailable\n";

/// One simulated host with its interactive shell.
///
/// Front ends call [`Lab::start`] with a line, then [`Lab::poll`] whenever
/// [`Lab::poll_at`] says (or sooner), draining [`Lab::take_output`], until
/// [`Lab::is_busy`] is false. [`Lab::run`] does all of that in virtual time.
#[derive(Debug)]
pub struct Lab {
    host: Host,
    shell: Shell,
    now: Instant,
    terminal: OutputBuffer,
    procs: BTreeMap<Pid, ProcEntry>,
    /// The pipes between running commands.
    pipes: Pipes,
    /// The status of a pipeline's last command that ended while others of
    /// its group still run, by process group.
    group_status: BTreeMap<Pid, i32>,
    /// The foreground process group.
    foreground: Option<Pid>,
    next_pid: Pid,
    /// Finished background jobs to announce before the next prompt.
    done_jobs: Vec<(u32, String, i32, char, u32)>,
    /// The terminal the current command line was typed in.
    line_terminal: u32,
    /// The `wait` builtin is waiting for the background jobs.
    waiting: bool,
}

impl Lab {
    /// A fresh lab: a stock Debian 12 host, the shell logged in as `user`.
    pub fn new(config: LabConfig) -> Self {
        Lab {
            host: {
                let mut host = Host::debian(&config.hostname, config.seed);
                crate::tools::dns_server::install(
                    &mut host.net,
                    crate::tools::dns_server::DnsServer::lab_zone(),
                );
                host
            },
            shell: Shell::default(),
            now: Instant::ZERO,
            terminal: OutputBuffer::default(),
            procs: BTreeMap::new(),
            pipes: Pipes::default(),
            group_status: BTreeMap::new(),
            foreground: None,
            next_pid: 1234,
            done_jobs: Vec::new(),
            line_terminal: 0,
            waiting: false,
        }
    }

    /// The simulated host (read-only).
    pub fn host(&self) -> &Host {
        &self.host
    }

    /// The simulated host, to change it directly (tests, benchmarks).
    pub fn host_mut(&mut self) -> &mut Host {
        &mut self.host
    }

    /// A read-only view of the lab now, in plain records: what the front
    /// ends show (state panels, the JS API, `--json`).
    pub fn snapshot(&self) -> crate::snapshot::Snapshot<'_> {
        crate::snapshot::Snapshot::new(&self.host, self.now)
    }

    /// The current virtual time.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// The shell's working directory (`pwd`).
    pub fn cwd(&self) -> &str {
        &self.shell.cwd
    }

    /// The prompt to show before the next line.
    pub fn prompt(&self) -> String {
        self.shell.prompt(&self.host.hostname)
    }

    /// `$?`.
    pub fn last_status(&self) -> i32 {
        self.shell.last_status
    }

    /// True while a foreground command (or the rest of a line) runs.
    pub fn is_busy(&self) -> bool {
        self.foreground.is_some() || self.waiting || !self.shell.pending.is_empty()
    }

    /// Takes what was printed since the last call.
    pub fn take_output(&mut self) -> Vec<OutputEvent> {
        self.terminal.take()
    }

    /// Starts a command line at `now`. A line typed while a command runs is
    /// refused (returns false), as the lab has one terminal per shell.
    pub fn start(&mut self, line: &str, now: Instant) -> bool {
        self.start_on(line, now, 0)
    }

    /// [`Lab::start`] for a line typed in terminal `terminal` (a front end
    /// with several terminal tabs numbers them): what its processes print,
    /// now or later in the background, comes after an
    /// [`OutputEvent::Terminal`] naming it.
    pub fn start_on(&mut self, line: &str, now: Instant, terminal: u32) -> bool {
        if self.is_busy() {
            return false;
        }
        self.line_terminal = terminal;
        self.terminal.set_terminal(terminal);
        self.advance_clock(now);
        self.terminal.begin_command();
        match parse::parse(line) {
            Ok(list) => {
                self.shell.pending = list.items.into_iter().collect();
                self.shell.previous = Connector::Then;
                self.advance();
            }
            Err(e) => {
                self.terminal.write(Stream::Stderr, &format!("{e}\n"));
                self.shell.last_status = 2;
            }
        }
        true
    }

    /// Ctrl-C: interrupts the foreground command and drops the rest of the line.
    pub fn interrupt(&mut self, now: Instant) {
        self.advance_clock(now);
        self.shell.pending.clear();
        if self.waiting {
            self.waiting = false;
            self.shell.last_status = 130;
            return;
        }
        let Some(pgid) = self.foreground else {
            self.shell.last_status = 130;
            return;
        };
        // Ctrl-C reaches every process of the foreground pipeline.
        for pid in self.members(pgid) {
            self.drive(pid, |p, ctx| p.interrupt(ctx));
        }
    }

    /// The running processes of process group `pgid`.
    fn members(&self, pgid: Pid) -> Vec<Pid> {
        self.procs
            .iter()
            .filter(|(_, p)| p.pgid == pgid)
            .map(|(pid, _)| *pid)
            .collect()
    }

    /// Runs `f` on process `pid` and ends the process if `f` says it exited
    /// or if it wrote to a pipe nobody reads (SIGPIPE).
    fn drive(&mut self, pid: Pid, f: impl FnOnce(&mut dyn Process, &mut Ctx<'_>) -> Option<i32>) {
        match self.with_process(pid, f) {
            Some((_, true)) => self.finish(pid, SIGPIPE_STATUS),
            Some((Some(status), false)) => self.finish(pid, status),
            _ => {}
        }
    }

    /// Advances the lab to `now`: delivers every packet and runs every
    /// process that is due, in time order.
    pub fn poll(&mut self, now: Instant) {
        for _ in 0..POLL_STEP_LIMIT {
            match self.poll_at() {
                Some(t) if t <= now && t >= self.now => self.step(t),
                Some(t) if t < self.now => self.step(self.now),
                _ => break,
            }
        }
        self.step(now);
    }

    /// One step at `t`: the network first, then the processes that are due
    /// (and those waiting on sockets), then the rest of the command line.
    fn step(&mut self, t: Instant) {
        self.advance_clock(t);
        self.host.net.poll(self.now);
        let pids: Vec<Pid> = self.procs.keys().copied().collect();
        // Every process is polled at every step: one waiting on a socket
        // must see a packet the moment it arrives (wake_at only tells
        // poll_at when the next timer is due).
        for pid in pids {
            self.drive(pid, |p, ctx| p.poll(ctx));
        }
        self.advance();
    }

    /// The next instant something is due (a packet or a process timer).
    pub fn poll_at(&self) -> Option<Instant> {
        let mut procs = self.procs.values().filter_map(|p| p.wake_at).min();
        if self.pipes.ready() {
            // A reader has input (or end-of-file) waiting: poll it now.
            procs = Some(procs.map_or(self.now, |t| t.min(self.now)));
        }
        match (procs, self.host.net.poll_at()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Runs `line` to completion in virtual time (jumping the clock to each
    /// deadline) and returns what it printed. A foreground command still
    /// running after [`DEFAULT_RUN_LIMIT`] of virtual time, or waiting for
    /// something that can never come, is interrupted as Ctrl-C would.
    pub fn run(&mut self, line: &str) -> RunResult {
        self.run_for(line, DEFAULT_RUN_LIMIT)
    }

    /// [`Lab::run`] with a chosen virtual-time limit.
    pub fn run_for(&mut self, line: &str, limit: Duration) -> RunResult {
        self.run_bounded(line, limit, RUN_STEP_LIMIT)
    }

    /// [`Lab::run_for`] that also presses Ctrl-C after `max_steps` wake-ups:
    /// a flood (`sudo hping3 -i u1`, a million packets per virtual second)
    /// then stops after a bounded amount of work, whatever virtual time it
    /// reached.
    pub fn run_bounded(&mut self, line: &str, limit: Duration, max_steps: usize) -> RunResult {
        let start = self.now;
        let deadline = start + limit;
        let trace_from = self.host.net.trace.next_seq();
        let mut events = Vec::new();
        self.start(line, start);
        let mut steps = 0;
        let mut interrupted = false;
        while self.is_busy() && steps < max_steps {
            match self.poll_at() {
                Some(at) if at <= deadline => self.poll(at),
                _ => {
                    self.poll(deadline.max(self.now));
                    if self.is_busy() {
                        self.interrupt(self.now);
                        interrupted = true;
                    }
                }
            }
            // Each batch starts on terminal 0 (`merge` drops the marker
            // when nothing changes).
            events.push(OutputEvent::Terminal(0));
            events.extend(self.take_output());
            steps += 1;
        }
        if self.is_busy() {
            self.interrupt(self.now);
            interrupted = true;
        }
        events.push(OutputEvent::Terminal(0));
        events.extend(self.take_output());
        RunResult {
            events: merge(events),
            status: self.shell.last_status,
            interrupted,
            trace_from,
        }
    }

    fn advance_clock(&mut self, now: Instant) {
        if now > self.now {
            self.now = now;
        }
    }

    /// Runs `f` on process `pid` with a context; records its next wake-up.
    /// Also says whether the process hit a broken pipe.
    fn with_process<R>(
        &mut self,
        pid: Pid,
        f: impl FnOnce(&mut dyn Process, &mut Ctx<'_>) -> R,
    ) -> Option<(R, bool)> {
        let entry = self.procs.get_mut(&pid)?;
        self.terminal.set_terminal(entry.terminal);
        let mut ctx = Ctx {
            host: &mut self.host,
            now: self.now,
            user: entry.user,
            pid,
            ns: entry.ns,
            cwd: &entry.cwd,
            stdio: &entry.stdio,
            terminal: &mut self.terminal,
            pipes: &mut self.pipes,
            wake_at: None,
            broken_pipe: false,
        };
        let result = f(entry.process.as_mut(), &mut ctx);
        entry.wake_at = ctx.wake_at;
        let broken = ctx.broken_pipe;
        self.terminal.set_terminal(self.line_terminal);
        let net_now = self.host.net.now();
        self.advance_clock(net_now);
        Some((result, broken))
    }

    fn finish(&mut self, pid: Pid, status: i32) {
        let Some(entry) = self.procs.remove(&pid) else {
            return;
        };
        // The kernel closes whatever the process left open.
        self.host.net.close_owned_by(pid);
        self.close_pipe_ends(entry.pipe_in, entry.pipe_out);
        if entry.last {
            self.group_status.insert(entry.pgid, status);
        }
        if self.procs.values().any(|p| p.pgid == entry.pgid) {
            return;
        }
        // The whole pipeline is over: its status is its last command's.
        let status = self.group_status.remove(&entry.pgid).unwrap_or(status);
        if self.foreground == Some(entry.pgid) {
            self.foreground = None;
            self.shell.last_status = status;
        } else if let Some(job) = entry.job {
            // The job's marker as it stood: '+' for the most recent job.
            let newest = self.procs.values().filter_map(|p| p.job).chain([job]).max();
            let marker = if newest == Some(job) { '+' } else { '-' };
            self.done_jobs
                .push((job, entry.command_line, status, marker, entry.terminal));
        }
    }

    /// Runs the rest of the current line until a foreground process is
    /// running or the line is done.
    fn advance(&mut self) {
        if self.waiting && !self.procs.values().any(|p| p.job.is_some()) {
            self.waiting = false;
            self.shell.last_status = 0;
        }
        while self.foreground.is_none() && !self.waiting {
            let Some((pipeline, connector)) = self.shell.pending.pop_front() else {
                break;
            };
            let run = self.shell.should_run();
            self.shell.previous = connector;
            if run {
                self.run_pipeline(&pipeline, connector == Connector::Background);
            }
        }
        if !self.is_busy() {
            self.announce_done_jobs();
        }
    }

    fn announce_done_jobs(&mut self) {
        let mut done = core::mem::take(&mut self.done_jobs);
        crate::sort::sort_by_key(&mut done, |(job, _, _, _, _)| *job);
        for (job, command, status, marker, terminal) in done {
            // bash announces a job in the terminal it was started from.
            self.terminal.set_terminal(terminal);
            self.terminal.write(
                Stream::Stderr,
                &shell::jobs::job_line(job, marker, Some(status), &command),
            );
        }
        self.terminal.set_terminal(self.line_terminal);
    }

    /// Closes a finished process's pipe ends.
    fn close_pipe_ends(&mut self, pipe_in: Option<PipeId>, pipe_out: Option<PipeId>) {
        if let Some(id) = pipe_in {
            self.pipes.close_reader(id);
        }
        if let Some(id) = pipe_out {
            self.pipes.close_writer(id);
        }
    }

    /// The running background jobs, oldest first: (job, process group).
    fn jobs(&self) -> Vec<(u32, Pid)> {
        let mut v: Vec<(u32, Pid)> = self
            .procs
            .values()
            .filter_map(|p| p.job.map(|j| (j, p.pgid)))
            .collect();
        crate::sort::sort(&mut v);
        v.dedup();
        v
    }

    /// The command line of process group `pgid`.
    fn group_line(&self, pgid: Pid) -> Option<&str> {
        self.procs
            .values()
            .find(|p| p.pgid == pgid)
            .map(|p| p.command_line.as_str())
    }

    /// The process group of the job a spec (the text after `%`) names.
    fn job_pid(&self, spec: &str) -> Result<Pid, shell::jobs::JobSpecError> {
        let running = self.jobs();
        let jobs: Vec<(u32, &str)> = running
            .iter()
            .filter_map(|(job, pgid)| self.group_line(*pgid).map(|l| (*job, l)))
            .collect();
        let job = shell::jobs::resolve_spec(spec, &jobs)?;
        running
            .iter()
            .find(|(j, _)| *j == job)
            .map(|(_, pid)| *pid)
            .ok_or(shell::jobs::JobSpecError::NoSuchJob)
    }

    /// Runs the shell builtins that need the process table. Returns the
    /// exit status, or None if `argv` is not one of them.
    fn job_builtin(&mut self, argv: &[String], pid: Pid) -> Option<i32> {
        let name = argv.first()?.as_str();
        let jobs = self.jobs();
        let marker = |i: usize| match jobs.len().saturating_sub(i) {
            1 => '+',
            2 => '-',
            _ => ' ',
        };
        match name {
            "jobs" => {
                for (i, (job, pgid)) in jobs.iter().enumerate() {
                    let command = String::from(self.group_line(*pgid).unwrap_or_default());
                    self.terminal.write(
                        Stream::Stdout,
                        &shell::jobs::job_line(*job, marker(i), None, &command),
                    );
                }
                Some(0)
            }
            "wait" => {
                if !jobs.is_empty() {
                    self.waiting = true;
                }
                Some(0)
            }
            "fg" => {
                let target = match argv.get(1) {
                    Some(arg) => {
                        let spec = arg.strip_prefix('%').unwrap_or(arg);
                        match self.job_pid(spec) {
                            Ok(pid) => Some(pid),
                            Err(e) => {
                                self.terminal.write(
                                    Stream::Stderr,
                                    &shell::jobs::spec_error_line("fg", arg, &e),
                                );
                                return Some(1);
                            }
                        }
                    }
                    None => jobs.last().map(|(_, pid)| *pid),
                };
                let Some(pid) = target else {
                    self.terminal
                        .write(Stream::Stderr, "bash: fg: current: no such job\n");
                    return Some(1);
                };
                if let Some(line) = self.group_line(pid) {
                    let line = format!("{line}\n");
                    self.terminal.write(Stream::Stdout, &line);
                }
                for p in self.procs.values_mut().filter(|p| p.pgid == pid) {
                    p.job = None;
                }
                self.foreground = Some(pid);
                Some(0)
            }
            "ps" => {
                let mut text = String::from("    PID TTY          TIME CMD\n");
                text.push_str(&format!("{:>7} pts/0    00:00:00 bash\n", shell::SHELL_PID));
                for (pid, p) in &self.procs {
                    let cmd = &p.name;
                    text.push_str(&format!("{pid:>7} pts/0    00:00:00 {cmd}\n"));
                }
                // ps itself, forked as this command of the pipeline.
                text.push_str(&format!("{pid:>7} pts/0    00:00:00 ps\n"));
                self.terminal.write(Stream::Stdout, &text);
                Some(0)
            }
            "kill" => Some(self.kill(argv.get(1..).unwrap_or_default())),

            _ => None,
        }
    }

    /// `kill [-SIG] %JOB|PID...`.
    fn kill(&mut self, args: &[String]) -> i32 {
        let mut signal = 15;
        let mut status = 0;
        let mut targets = args;
        if let Some(first) = args.first()
            && let Some(sig) = first.strip_prefix('-')
        {
            signal = match sig {
                "9" | "KILL" | "SIGKILL" => 9,
                "15" | "TERM" | "SIGTERM" => 15,
                "2" | "INT" | "SIGINT" => 2,
                "l" => {
                    self.terminal
                        .write(Stream::Stdout, " 2) SIGINT\t 9) SIGKILL\t15) SIGTERM\n");
                    return 0;
                }
                other => {
                    self.terminal.write(
                        Stream::Stderr,
                        &format!("bash: kill: {other}: invalid signal specification\n"),
                    );
                    return 1;
                }
            };
            targets = args.get(1..).unwrap_or_default();
        }
        if targets.is_empty() {
            self.terminal.write(
                Stream::Stderr,
                "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n",
            );
            return 2;
        }
        for t in targets {
            let pids = if let Some(spec) = t.strip_prefix('%') {
                match self.job_pid(spec) {
                    // A job is its whole pipeline.
                    Ok(pgid) => self.members(pgid),
                    Err(e) => {
                        self.terminal
                            .write(Stream::Stderr, &shell::jobs::spec_error_line("kill", t, &e));
                        status = 1;
                        continue;
                    }
                }
            } else {
                match t.parse::<Pid>() {
                    Ok(pid) if self.procs.contains_key(&pid) => alloc::vec![pid],
                    Ok(_) => {
                        self.terminal.write(
                            Stream::Stderr,
                            &format!("bash: kill: ({t}) - No such process\n"),
                        );
                        status = 1;
                        continue;
                    }
                    Err(_) => {
                        self.terminal.write(
                            Stream::Stderr,
                            &format!("bash: kill: {t}: arguments must be process or job IDs\n"),
                        );
                        status = 1;
                        continue;
                    }
                }
            };
            for pid in pids {
                if signal == 2 {
                    self.drive(pid, |p, ctx| p.interrupt(ctx));
                } else {
                    self.finish(pid, 128 + signal);
                }
            }
        }
        status
    }

    fn run_pipeline(&mut self, pipeline: &Pipeline, background: bool) {
        let hostname = self.host.hostname.clone();
        if let [command] = pipeline.commands.as_slice()
            && command.redirects.is_empty()
            && self.shell.try_assignments(&command.words, &hostname)
        {
            self.shell.last_status = 0;
            return;
        }
        let argvs: Vec<Vec<String>> = pipeline
            .commands
            .iter()
            .map(|c| self.shell.expand_all(&c.words, &hostname))
            .collect();
        let size = argvs.len();
        let line = argvs
            .iter()
            .map(|a| a.join(" "))
            .collect::<Vec<_>>()
            .join(" | ");
        self.terminal.begin_command();
        // A background job is always forked, even a builtin.
        if background && self.procs.len() >= PROCESS_LIMIT {
            self.terminal.write(Stream::Stderr, FORK_FAILED);
            self.shell.last_status = 126;
            self.shell.pending.clear();
            return;
        }
        // bash forks every command of the pipeline, in order.
        let first_pid = self.next_pid;
        let pipes: Vec<PipeId> = (1..size).map(|_| self.pipes.create()).collect();
        let group = Group {
            pgid: first_pid,
            job: background.then(|| self.next_job_number()),
            line,
            size,
        };
        // bash announces a background job (by its last process) as it
        // launches it, before the job prints anything.
        if let Some(job) = group.job {
            let last_pid =
                first_pid.wrapping_add(u32::try_from(size).unwrap_or(1).saturating_sub(1));
            self.terminal
                .write(Stream::Stderr, &format!("[{job}] {last_pid}\n"));
        }
        let mut last_status = None;
        for (i, (command, argv)) in pipeline.commands.iter().zip(argvs).enumerate() {
            let pipe_in = i.checked_sub(1).and_then(|j| pipes.get(j)).copied();
            let pipe_out = pipes.get(i).copied();
            let last = i + 1 == size;
            let pid = self.next_pid;
            self.next_pid = self.next_pid.wrapping_add(1);
            match self.run_stage(command, argv, pid, &group, (pipe_in, pipe_out), last) {
                StageStart::Ended(status) => {
                    self.host.net.close_owned_by(pid);
                    self.close_pipe_ends(pipe_in, pipe_out);
                    if last {
                        last_status = Some(status);
                    }
                }
                StageStart::Running => {}
                StageStart::ForkFailed => {
                    self.terminal.write(Stream::Stderr, FORK_FAILED);
                    for pid in self.members(group.pgid) {
                        self.finish(pid, 143);
                    }
                    for id in pipes.iter().skip(i) {
                        self.pipes.close_reader(*id);
                        self.pipes.close_writer(*id);
                    }
                    if let Some(id) = pipe_in {
                        self.pipes.close_reader(id);
                    }
                    self.group_status.remove(&group.pgid);
                    self.shell.last_status = 126;
                    self.shell.pending.clear();
                    return;
                }
            }
        }
        let running = self.procs.values().any(|p| p.pgid == group.pgid);
        if !running {
            let status = last_status.unwrap_or(0);
            match group.job {
                Some(job) => {
                    self.done_jobs
                        .push((job, group.line, status, '+', self.line_terminal));
                    self.shell.last_status = 0;
                }
                None => self.shell.last_status = status,
            }
            return;
        }
        if let Some(status) = last_status {
            self.group_status.insert(group.pgid, status);
        }
        if group.job.is_some() {
            self.shell.last_status = 0;
        } else {
            self.foreground = Some(group.pgid);
        }
    }

    /// Starts one command of a pipeline as process `pid`, its standard
    /// input and output on the pipeline's pipes (`ends`) unless its
    /// redirections say otherwise.
    fn run_stage(
        &mut self,
        command: &SimpleCommand,
        mut argv: Vec<String>,
        pid: Pid,
        group: &Group,
        ends: (Option<PipeId>, Option<PipeId>),
        last: bool,
    ) -> StageStart {
        let (pipe_in, pipe_out) = ends;
        let hostname = self.host.hostname.clone();
        let mut user = self.shell.user;
        let base = Stdio {
            stdout: pipe_out.map_or(Sink::Terminal(Stream::Stdout), Sink::Pipe),
            stdin_pipe: pipe_in,
            ..Stdio::default()
        };
        let stdio = match self.open_redirects(&command.redirects, &hostname, base) {
            Ok(stdio) => stdio,
            Err(message) => {
                self.terminal.write(Stream::Stderr, &message);
                return StageStart::Ended(1);
            }
        };
        if argv.is_empty() {
            return StageStart::Ended(0);
        }
        let mut via_sudo = false;
        if argv.first().map(String::as_str) == Some("sudo") {
            argv.remove(0);
            if argv.is_empty() {
                self.terminal.write(
                    Stream::Stderr,
                    "usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]\n            [-u user] [command [arg ...]]\nusage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R|-T] [-u user] [VAR=value]\n            [-i | -s] [command [arg ...]]\nusage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-T] [-u user] file ...\n",
                );
                return StageStart::Ended(1);
            }
            user = User::Root;
            via_sudo = true;
        }
        let name = argv.first().cloned().unwrap_or_default();
        // In a pipeline every command runs in a subshell: `su` and `exit`
        // there change nothing in the interactive shell.
        let alone = group.size == 1;
        match name.as_str() {
            "su" if !via_sudo || argv.len() == 1 => {
                if alone && self.shell.user != User::Root {
                    // su (without -) keeps the directory; exit returns to
                    // the user's shell and its directories.
                    self.shell.outer_dirs =
                        Some((self.shell.cwd.clone(), self.shell.oldpwd.clone()));
                    self.shell.user = User::Root;
                }
                return StageStart::Ended(0);
            }
            "cd" if !via_sudo => {
                let outcome = shell::cd::cd(
                    &mut self.shell,
                    &self.host.files,
                    argv.get(1..).unwrap_or_default(),
                    alone,
                );
                self.terminal.write(Stream::Stdout, &outcome.stdout);
                self.terminal.write(Stream::Stderr, &outcome.stderr);
                return StageStart::Ended(outcome.status);
            }
            "exit" | "logout" if !alone => return StageStart::Ended(0),
            "exit" | "logout" => {
                if self.shell.user == User::Root {
                    self.shell.user = User::User;
                    if let Some((cwd, oldpwd)) = self.shell.outer_dirs.take() {
                        self.shell.cwd = cwd;
                        self.shell.oldpwd = oldpwd;
                    }
                    self.terminal.write(Stream::Stderr, "exit\n");
                    return StageStart::Ended(0);
                }
                self.terminal.write(
                    Stream::Stderr,
                    "bash: exit: this is the lab's login shell; there is nothing to exit to\n",
                );
                return StageStart::Ended(1);
            }
            _ => {}
        }
        if !via_sudo && let Some(status) = self.builtin_with_stdio(&argv, &stdio, pid) {
            return StageStart::Ended(status);
        }
        let Some(tool) = tools::find(&name) else {
            let message = if via_sudo {
                format!("sudo: {name}: command not found\n")
            } else {
                format!("bash: {name}: command not found\n")
            };
            self.terminal.write(Stream::Stderr, &message);
            return StageStart::Ended(if via_sudo { 1 } else { 127 });
        };
        if self.procs.len() >= PROCESS_LIMIT {
            return StageStart::ForkFailed;
        }
        let mut ctx = Ctx {
            host: &mut self.host,
            now: self.now,
            user,
            pid,
            ns: crate::net::HOST_NS,
            cwd: &self.shell.cwd,
            stdio: &stdio,
            terminal: &mut self.terminal,
            pipes: &mut self.pipes,
            wake_at: None,
            broken_pipe: false,
        };
        let started = tools::start_with_stdin(&mut ctx, tool, &argv);
        let wake_at = ctx.wake_at;
        let broken = ctx.broken_pipe;
        // A DNS lookup runs the network synchronously: the command took that long.
        let net_now = self.host.net.now();
        self.advance_clock(net_now);
        match started {
            _ if broken => StageStart::Ended(SIGPIPE_STATUS),
            Started::Exited(status) => StageStart::Ended(status),
            Started::Running(process) => {
                self.procs.insert(
                    pid,
                    ProcEntry {
                        process,
                        stdio,
                        user,
                        ns: crate::net::HOST_NS,
                        cwd: self.shell.cwd.clone(),
                        command_line: group.line.clone(),
                        name,
                        wake_at,
                        job: group.job,
                        pgid: group.pgid,
                        last,
                        terminal: self.line_terminal,
                        pipe_in,
                        pipe_out,
                    },
                );
                StageStart::Running
            }
        }
    }

    /// Runs a job builtin (`jobs`, `ps`, `kill`...) with its standard
    /// output sent where `stdio` says (a pipe, a file, the terminal).
    fn builtin_with_stdio(&mut self, argv: &[String], stdio: &Stdio, pid: Pid) -> Option<i32> {
        let saved = core::mem::replace(&mut self.terminal, OutputBuffer::uncapped());
        let status = self.job_builtin(argv, pid);
        let printed = core::mem::replace(&mut self.terminal, saved).take();
        for event in printed {
            match event {
                OutputEvent::Text {
                    stream: Stream::Stdout,
                    text,
                } => match &stdio.stdout {
                    Sink::Terminal(stream) => self.terminal.write(*stream, &text),
                    Sink::Pipe(id) => {
                        // Nobody reads: the subshell dies of SIGPIPE, silently.
                        let _ = self.pipes.write(*id, &text);
                    }
                    Sink::File { path, .. } => {
                        if let Err(e) = self.host.files.write(path, &text, true, true) {
                            self.terminal
                                .write(Stream::Stderr, &format!("bash: {path}: {}\n", e.message()));
                        }
                    }
                },
                OutputEvent::Text { stream, text } => self.terminal.write(stream, &text),
                OutputEvent::Clear => self.terminal.clear(),
                // Builtins write in the line's own terminal.
                OutputEvent::Terminal(_) => {}
            }
        }
        status
    }

    fn next_job_number(&self) -> u32 {
        let running = self.procs.values().filter_map(|p| p.job);
        let done = self.done_jobs.iter().map(|(j, _, _, _, _)| *j);
        running.chain(done).max().unwrap_or(0) + 1
    }

    /// Opens the redirections of one command (truncating `>` targets) and
    /// returns its stdio, or bash's error text.
    fn open_redirects(
        &mut self,
        redirects: &[Redirect],
        hostname: &str,
        base: Stdio,
    ) -> Result<Stdio, String> {
        let mut stdio = base;
        let as_root = self.shell.user == User::Root;
        for r in redirects {
            match r {
                Redirect::ToFile { fd, target, append } => {
                    let sink = self.open_file(target, *append, as_root, hostname)?;
                    if *fd == 2 {
                        stdio.stderr = sink;
                    } else {
                        stdio.stdout = sink;
                    }
                }
                Redirect::BothToFile { target, append } => {
                    let sink = self.open_file(target, *append, as_root, hostname)?;
                    stdio.stdout = sink.clone();
                    stdio.stderr = sink;
                }
                Redirect::Dup { fd, to } => {
                    let copy = if *to == 2 {
                        stdio.stderr.clone()
                    } else {
                        stdio.stdout.clone()
                    };
                    if *fd == 2 {
                        stdio.stderr = copy;
                    } else {
                        stdio.stdout = copy;
                    }
                }
                Redirect::FromFile { target } => {
                    let name = self.shell.expand(target, hostname);
                    let path = shell::absolute_path(&name, &self.shell.cwd);
                    match self.host.files.read(&path) {
                        Ok(text) => {
                            // `<` replaces the pipe as standard input.
                            stdio.stdin = Some(String::from(text));
                            stdio.stdin_pipe = None;
                        }
                        Err(e) => return Err(format!("bash: {name}: {}\n", e.message())),
                    }
                }
            }
        }
        Ok(stdio)
    }

    fn open_file(
        &mut self,
        target: &parse::Word,
        append: bool,
        as_root: bool,
        hostname: &str,
    ) -> Result<Sink, String> {
        let name = self.shell.expand(target, hostname);
        if name.is_empty() {
            return Err(String::from("bash: : No such file or directory\n"));
        }
        let path = shell::absolute_path(&name, &self.shell.cwd);
        // /proc/sys files exist only as the namespace's sysctls.
        if let Some(r) =
            tools::procfs::open_for_write(&self.host, crate::net::HOST_NS, &path, as_root)
        {
            return r
                .map(|()| Sink::File { path, append })
                .map_err(|e| format!("bash: {name}: {}\n", e.message()));
        }
        // Opening creates or truncates the file, with the shell's permissions.
        self.host
            .files
            .write(&path, "", append, as_root)
            .map_err(|e| format!("bash: {name}: {}\n", e.message()))?;
        Ok(Sink::File { path, append })
    }
}

/// Merges adjacent text events on the same stream.
fn merge(events: Vec<OutputEvent>) -> Vec<OutputEvent> {
    let mut buffer = OutputBuffer::uncapped();
    for e in events {
        match e {
            OutputEvent::Text { stream, text } => buffer.write(stream, &text),
            OutputEvent::Clear => buffer.clear(),
            OutputEvent::Terminal(n) => buffer.set_terminal(n),
        }
    }
    buffer.take()
}
