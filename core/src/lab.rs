//! The facade front ends use: a whole simulated host with its shell.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::host::{Host, User};
use crate::output::{self, OutputBuffer, OutputEvent, Stream};
use crate::process::{Ctx, Pid, Process, Sink, Started, Stdio};
use crate::shell::parse::{self, Connector, Pipeline, Redirect};
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
    command_line: String,
    wake_at: Option<Instant>,
    /// The job number of a background process.
    job: Option<u32>,
}

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
    foreground: Option<Pid>,
    next_pid: Pid,
    /// Finished background jobs to announce before the next prompt.
    done_jobs: Vec<(u32, String, i32, char)>,
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
            foreground: None,
            next_pid: 1234,
            done_jobs: Vec::new(),
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

    /// The current virtual time.
    pub fn now(&self) -> Instant {
        self.now
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
        if self.is_busy() {
            return false;
        }
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
        let Some(pid) = self.foreground else {
            self.shell.last_status = 130;
            return;
        };
        if let Some(Some(status)) = self.with_process(pid, |p, ctx| p.interrupt(ctx)) {
            self.finish(pid, status);
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
            if let Some(Some(status)) = self.with_process(pid, |p, ctx| p.poll(ctx)) {
                self.finish(pid, status);
            }
        }
        self.advance();
    }

    /// The next instant something is due (a packet or a process timer).
    pub fn poll_at(&self) -> Option<Instant> {
        let procs = self.procs.values().filter_map(|p| p.wake_at).min();
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
        let start = self.now;
        let deadline = start + limit;
        let trace_from = self.host.net.trace.next_seq();
        let mut events = Vec::new();
        self.start(line, start);
        let mut steps = 0;
        let mut interrupted = false;
        while self.is_busy() && steps < RUN_STEP_LIMIT {
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
            events.extend(self.take_output());
            steps += 1;
        }
        if self.is_busy() {
            self.interrupt(self.now);
            interrupted = true;
        }
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
    fn with_process<R>(
        &mut self,
        pid: Pid,
        f: impl FnOnce(&mut dyn Process, &mut Ctx<'_>) -> R,
    ) -> Option<R> {
        let entry = self.procs.get_mut(&pid)?;
        let mut ctx = Ctx {
            host: &mut self.host,
            now: self.now,
            user: entry.user,
            pid,
            ns: entry.ns,
            stdio: &entry.stdio,
            terminal: &mut self.terminal,
            wake_at: None,
        };
        let result = f(entry.process.as_mut(), &mut ctx);
        entry.wake_at = ctx.wake_at;
        let net_now = self.host.net.now();
        self.advance_clock(net_now);
        Some(result)
    }

    fn finish(&mut self, pid: Pid, status: i32) {
        let Some(entry) = self.procs.remove(&pid) else {
            return;
        };
        // The kernel closes whatever the process left open.
        self.host.net.close_owned_by(pid);
        if self.foreground == Some(pid) {
            self.foreground = None;
            self.shell.last_status = status;
        } else if let Some(job) = entry.job {
            // The job's marker as it stood: '+' for the most recent job.
            let newest = self.procs.values().filter_map(|p| p.job).chain([job]).max();
            let marker = if newest == Some(job) { '+' } else { '-' };
            self.done_jobs
                .push((job, entry.command_line, status, marker));
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
        crate::sort::sort_by_key(&mut done, |(job, _, _, _)| *job);
        for (job, command, status, marker) in done {
            self.terminal.write(
                Stream::Stderr,
                &shell::jobs::job_line(job, marker, Some(status), &command),
            );
        }
    }

    /// The running background jobs, oldest first: (job, pid).
    fn jobs(&self) -> Vec<(u32, Pid)> {
        let mut v: Vec<(u32, Pid)> = self
            .procs
            .iter()
            .filter_map(|(pid, p)| p.job.map(|j| (j, *pid)))
            .collect();
        crate::sort::sort(&mut v);
        v
    }

    /// The process of the job a spec (the text after `%`) names.
    fn job_pid(&self, spec: &str) -> Result<Pid, shell::jobs::JobSpecError> {
        let running = self.jobs();
        let jobs: Vec<(u32, &str)> = running
            .iter()
            .filter_map(|(job, pid)| self.procs.get(pid).map(|p| (*job, p.command_line.as_str())))
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
    fn job_builtin(&mut self, argv: &[String]) -> Option<i32> {
        let name = argv.first()?.as_str();
        let jobs = self.jobs();
        let marker = |i: usize| match jobs.len().saturating_sub(i) {
            1 => '+',
            2 => '-',
            _ => ' ',
        };
        match name {
            "jobs" => {
                for (i, (job, pid)) in jobs.iter().enumerate() {
                    let command = self
                        .procs
                        .get(pid)
                        .map(|p| p.command_line.clone())
                        .unwrap_or_default();
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
                if let Some(p) = self.procs.get_mut(&pid) {
                    p.job = None;
                    let line = format!("{}\n", p.command_line);
                    self.terminal.write(Stream::Stdout, &line);
                }
                self.foreground = Some(pid);
                Some(0)
            }
            "ps" => {
                let mut text = String::from("    PID TTY          TIME CMD\n");
                text.push_str(&format!("{:>7} pts/0    00:00:00 bash\n", shell::SHELL_PID));
                for (pid, p) in &self.procs {
                    let cmd = p.command_line.split_whitespace().next().unwrap_or("?");
                    text.push_str(&format!("{pid:>7} pts/0    00:00:00 {cmd}\n"));
                }
                text.push_str(&format!("{:>7} pts/0    00:00:00 ps\n", self.next_pid));
                self.next_pid = self.next_pid.wrapping_add(1);
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
            let pid = if let Some(spec) = t.strip_prefix('%') {
                match self.job_pid(spec) {
                    Ok(pid) => pid,
                    Err(e) => {
                        self.terminal
                            .write(Stream::Stderr, &shell::jobs::spec_error_line("kill", t, &e));
                        status = 1;
                        continue;
                    }
                }
            } else {
                match t.parse::<Pid>() {
                    Ok(pid) if self.procs.contains_key(&pid) => pid,
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
            let exit = if signal == 2 {
                self.with_process(pid, |p, ctx| p.interrupt(ctx)).flatten()
            } else {
                Some(128 + signal)
            };
            if let Some(code) = exit {
                self.finish(pid, code);
            }
        }
        status
    }

    fn run_pipeline(&mut self, pipeline: &Pipeline, background: bool) {
        let [command] = pipeline.commands.as_slice() else {
            self.terminal.write(
                Stream::Stderr,
                "bash: pipes (|) are not available in this lab\n",
            );
            self.shell.last_status = 2;
            return;
        };
        let hostname = self.host.hostname.clone();
        if command.redirects.is_empty() && self.shell.try_assignments(&command.words, &hostname) {
            self.shell.last_status = 0;
            return;
        }
        let mut argv = self.shell.expand_all(&command.words, &hostname);
        let mut user = self.shell.user;
        let stdio = match self.open_redirects(&command.redirects, &hostname) {
            Ok(stdio) => stdio,
            Err(message) => {
                self.terminal.write(Stream::Stderr, &message);
                self.shell.last_status = 1;
                return;
            }
        };
        if argv.is_empty() {
            self.shell.last_status = 0;
            return;
        }
        let mut via_sudo = false;
        if argv.first().map(String::as_str) == Some("sudo") {
            argv.remove(0);
            if argv.is_empty() {
                self.terminal.write(
                    Stream::Stderr,
                    "usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]\n            [-u user] [command [arg ...]]\nusage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R|-T] [-u user] [VAR=value]\n            [-i | -s] [command [arg ...]]\nusage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-T] [-u user] file ...\n",
                );
                self.shell.last_status = 1;
                return;
            }
            user = User::Root;
            via_sudo = true;
        }
        let name = argv.first().cloned().unwrap_or_default();
        match name.as_str() {
            "su" if !via_sudo || argv.len() == 1 => {
                self.shell.user = User::Root;
                self.shell.last_status = 0;
                return;
            }
            "exit" | "logout" => {
                if self.shell.user == User::Root {
                    self.shell.user = User::User;
                    self.terminal.write(Stream::Stderr, "exit\n");
                    self.shell.last_status = 0;
                } else {
                    self.terminal.write(
                        Stream::Stderr,
                        "bash: exit: this is the lab's login shell; there is nothing to exit to\n",
                    );
                    self.shell.last_status = 1;
                }
                return;
            }
            _ => {}
        }
        if !via_sudo && let Some(status) = self.job_builtin(&argv) {
            self.shell.last_status = status;
            return;
        }
        let Some(tool) = tools::find(&name) else {
            let message = if via_sudo {
                format!("sudo: {name}: command not found\n")
            } else {
                format!("bash: {name}: command not found\n")
            };
            self.terminal.write(Stream::Stderr, &message);
            self.shell.last_status = if via_sudo { 1 } else { 127 };
            return;
        };
        if self.procs.len() >= PROCESS_LIMIT {
            self.terminal.write(Stream::Stderr, FORK_FAILED);
            self.shell.last_status = 126;
            self.shell.pending.clear();
            return;
        }
        self.terminal.begin_command();
        let pid = self.next_pid;
        self.next_pid = self.next_pid.wrapping_add(1);
        // bash announces a background job as it launches it, before the
        // job prints anything.
        let job = background.then(|| self.next_job_number());
        if let Some(job) = job {
            self.terminal
                .write(Stream::Stderr, &format!("[{job}] {pid}\n"));
        }
        let mut ctx = Ctx {
            host: &mut self.host,
            now: self.now,
            user,
            pid,
            ns: crate::net::HOST_NS,
            stdio: &stdio,
            terminal: &mut self.terminal,
            wake_at: None,
        };
        let started = (tool.start)(&mut ctx, &argv);
        let wake_at = ctx.wake_at;
        // A DNS lookup runs the network synchronously: the command took that long.
        let net_now = self.host.net.now();
        self.advance_clock(net_now);
        match (started, job) {
            (Started::Exited(status), Some(job)) => {
                // The kernel closes what the process left open.
                self.host.net.close_owned_by(pid);
                self.done_jobs.push((job, argv.join(" "), status, '+'));
                self.shell.last_status = 0;
            }
            (Started::Exited(status), None) => {
                self.host.net.close_owned_by(pid);
                self.shell.last_status = status;
            }
            (Started::Running(process), job) => {
                if job.is_some() {
                    self.shell.last_status = 0;
                } else {
                    self.foreground = Some(pid);
                }
                self.procs.insert(
                    pid,
                    ProcEntry {
                        process,
                        stdio,
                        user,
                        ns: crate::net::HOST_NS,
                        command_line: argv.join(" "),
                        wake_at,
                        job,
                    },
                );
            }
        }
    }

    fn next_job_number(&self) -> u32 {
        let running = self.procs.values().filter_map(|p| p.job);
        let done = self.done_jobs.iter().map(|(j, _, _, _)| *j);
        running.chain(done).max().unwrap_or(0) + 1
    }

    /// Opens the redirections of one command (truncating `>` targets) and
    /// returns its stdio, or bash's error text.
    fn open_redirects(&mut self, redirects: &[Redirect], hostname: &str) -> Result<Stdio, String> {
        let mut stdio = Stdio::default();
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
                    let path = shell::absolute_path(&name, self.shell.user);
                    match self.host.files.read(&path) {
                        Ok(text) => stdio.stdin = Some(String::from(text)),
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
        let path = shell::absolute_path(&name, self.shell.user);
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
        }
    }
    buffer.take()
}
