//! The facade front ends use: a whole simulated host with its shell.
//!
//! A [`Lab`] is a kernel ([`crate::proc`]: the host, the clock, the
//! terminal, the processes) and the interactive bash ([`crate::shell`]),
//! which decides what runs; the lab only moves time and hands them lines
//! and Ctrl-C.

use alloc::string::String;
use alloc::vec::Vec;

use crate::host::Host;
use crate::output::{self, OutputBuffer, OutputEvent, Stream};
use crate::proc::Kernel;
use crate::shell::Shell;
use crate::shell::exec::Executor;
use crate::time::{Duration, Instant};

/// How to build a lab.
#[derive(Clone, Debug)]
pub struct LabConfig {
    /// Seeds every random choice (ports, ids, sequence numbers).
    pub seed: u64,
    /// The host name.
    pub hostname: String,
    /// The most work ([`Lab::work`]) one command line may do when the lab
    /// runs it to its end ([`Lab::run`], [`Lab::run_until`]): past it the
    /// line is stopped as Ctrl-C would. [`LINE_WORK_BUDGET`] unless a test
    /// wants a smaller one.
    pub line_work_budget: u64,
}

impl Default for LabConfig {
    fn default() -> Self {
        LabConfig {
            seed: 1,
            hostname: String::from(crate::world::LAB.name),
            line_work_budget: LINE_WORK_BUDGET,
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
    /// `-c`, a flood) and was interrupted as Ctrl-C would, at the hour's
    /// cap or once its work reached [`LabConfig::line_work_budget`].
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

/// The exit status of a process killed by SIGPIPE (128 + 13).
pub use crate::proc::SIGPIPE_STATUS;

/// The most processes that may run at once.
pub use crate::proc::PROCESS_LIMIT;

/// The most steps one [`Lab::poll`] takes (a runaway guard).
const POLL_STEP_LIMIT: usize = 1_000_000;

/// How long [`Lab::run`] lets a foreground command run in virtual time.
pub const DEFAULT_RUN_LIMIT: Duration = Duration::from_secs(3600);

/// The most virtual-time steps [`Lab::run`] takes before giving up.
const RUN_STEP_LIMIT: usize = 20_000_000;

/// The most work ([`Lab::work`]: network events and process wake-ups) one
/// command line may do when the lab runs it to its end, whatever virtual
/// time it has reached: a flood (`sudo hping3 -i u1`, `ping -f`,
/// `hping3 --flood`) is then stopped as Ctrl-C would, after about a second
/// of wall time on the reference machine (docs/PERFORMANCE.md, "Work
/// budget").
///
/// Chosen from measurements (release build, this project's 2-core
/// machine): the largest line of the test suites and lessons,
/// `sudo ping -c 20000 -i 0 -q 127.0.0.1` (core/tests/limits.rs), does
/// 279,995 units (0.11 s), a lesson's line a few thousand, `ping -c 3` a
/// few hundred; a flood does about 1,000,000 units a second over `lo`
/// (`hping3 -i u1`: 1.2 s; `ping -f`: 0.5 s; `hping3 --flood`: 1.0 s) and
/// about 600,000 over the LAN. So 1,000,000: 3.5 times the largest line,
/// and a flood stops after about a second.
pub const LINE_WORK_BUDGET: u64 = 1_000_000;

/// Why [`Lab::run_until`] stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStop {
    /// Nothing runs any more.
    Idle,
    /// Virtual time reached the deadline with a command still running.
    Deadline,
    /// The wake-up budget (the caller's steps, or the line's work,
    /// [`LabConfig::line_work_budget`]) is spent with a command still
    /// running.
    Budget,
}

/// One simulated host with its interactive shell.
///
/// Front ends call [`Lab::start`] with a line, then [`Lab::poll`] whenever
/// [`Lab::poll_at`] says (or sooner), draining [`Lab::take_output`], until
/// [`Lab::is_busy`] is false. [`Lab::run`] does all of that in virtual time.
#[derive(Debug)]
pub struct Lab {
    /// The host, the clock, the terminal and the processes.
    kernel: Kernel,
    shell: Shell,
    /// [`LabConfig::line_work_budget`].
    line_work_budget: u64,
    /// [`Lab::work`] when the current line started.
    line_work_from: u64,
}

impl Lab {
    /// A fresh lab: a stock Debian 12 host, the shell logged in as `user`.
    pub fn new(config: LabConfig) -> Self {
        let mut host = Host::debian(&config.hostname, config.seed);
        // Every installed program is a file the shell's PATH finds.
        for command in crate::tools::commands() {
            for dir in crate::shell::paths::install_dirs(command.name) {
                let path = alloc::format!("{dir}/{}", command.name);
                let _ = host.files.install_program(&path, &[]);
            }
        }
        let mut kernel = Kernel::new(host);
        // The router boots its DNS server.
        kernel.spawn_daemon(
            crate::world::DNS_SERVER_PID,
            crate::tools::dns_server::COMM,
            crate::world::DNS_HOST.name,
            crate::tools::dns_server::start,
        );
        Lab {
            kernel,
            shell: Shell::default(),
            line_work_budget: config.line_work_budget,
            line_work_from: 0,
        }
    }

    /// The simulated host (read-only).
    pub fn host(&self) -> &Host {
        self.kernel.host()
    }

    /// The simulated host, to change it directly (tests, benchmarks).
    pub fn host_mut(&mut self) -> &mut Host {
        self.kernel.host_mut()
    }

    /// A read-only view of the lab now, in plain records: what the front
    /// ends show (state panels, the JS API, `--json`).
    pub fn snapshot(&self) -> crate::snapshot::Snapshot<'_> {
        crate::snapshot::Snapshot::new(self.host(), self.now())
    }

    /// The current virtual time.
    pub fn now(&self) -> Instant {
        self.kernel.now()
    }

    /// The shell's working directory (`pwd`).
    pub fn cwd(&self) -> &str {
        &self.shell.cwd
    }

    /// The prompt to show before the next line.
    pub fn prompt(&self) -> String {
        self.shell.prompt(&self.kernel.host().hostname)
    }

    /// `$?`.
    pub fn last_status(&self) -> i32 {
        self.shell.last_status
    }

    /// True while a foreground command (or the rest of a line) runs.
    pub fn is_busy(&self) -> bool {
        self.shell.is_busy()
    }

    /// The work done since the lab was built: every event the network
    /// handled (a packet received, transmitted or forwarded; a run of the
    /// TCP timers) and every time a process ran. It only grows.
    pub fn work(&self) -> u64 {
        self.kernel.work()
    }

    /// The work the current (or last) command line has done so far.
    pub fn line_work(&self) -> u64 {
        self.work().saturating_sub(self.line_work_from)
    }

    /// Takes what was printed since the last call.
    pub fn take_output(&mut self) -> Vec<OutputEvent> {
        self.kernel.take_output()
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
        self.kernel.begin_line(terminal);
        self.line_work_from = self.kernel.work();
        self.advance_clock(now);
        self.executor().start(line);
        true
    }

    /// Starts `script` as a whole (a line run to its end, `bash -c`, a
    /// file): what is unfinished at its end is a syntax error, not a
    /// PS2 prompt. Refused (false) while a command runs.
    pub fn start_script(&mut self, script: &str, now: Instant) -> bool {
        if self.is_busy() {
            return false;
        }
        self.kernel.begin_line(0);
        self.line_work_from = self.kernel.work();
        self.advance_clock(now);
        self.executor().run_script(script);
        true
    }

    /// Makes the shell a script's (`bash -c`, `bash FILE`, a script on
    /// standard input: messages say `bash: line N:`, `$0` is `name`) or
    /// the interactive one again (`interactive`).
    pub fn set_script_mode(&mut self, name: Option<&str>) {
        self.shell.set_script_mode(name);
    }

    /// Sets `$1`, `$2`… (`bash -c SCRIPT NAME ARGS`, `bash FILE ARGS`).
    pub fn set_positional(&mut self, args: Vec<String>) {
        self.shell.set_positional(args);
    }

    /// True if `script` ends inside a command (an open quote, `if`
    /// without `fi`, a trailing `|`): bash would read more lines.
    pub fn is_unfinished(&self, script: &str) -> bool {
        crate::shell::parse::parse_script(script, false)
            .error
            .is_some_and(|e| e.error.is_incomplete())
    }

    /// Ctrl-D at the prompt (not while a command runs): an unfinished
    /// command gets bash's end-of-file error, a nested shell (`bash`,
    /// `su`, `sudo -i`) exits back to its parent. False when there was
    /// nothing to end but the login shell (a terminal would close).
    pub fn end_of_input(&mut self, now: Instant) -> bool {
        if self.is_busy() {
            return false;
        }
        self.advance_clock(now);
        self.executor().end_of_input()
    }

    /// Ctrl-C: interrupts the foreground command and drops the rest of the line.
    pub fn interrupt(&mut self, now: Instant) {
        self.advance_clock(now);
        self.executor().interrupt();
    }

    /// Advances the lab to `now`: delivers every packet and runs every
    /// process that is due, in time order.
    pub fn poll(&mut self, now: Instant) {
        // The kernel's deadlines; the shell's own steps run once per step
        // (a budget of frames each), so an endless shell loop returns.
        for _ in 0..POLL_STEP_LIMIT {
            match self.kernel.poll_at() {
                Some(t) if t <= now && t >= self.kernel.now() => self.step(t),
                Some(t) if t < self.kernel.now() => self.step(self.kernel.now()),
                _ => break,
            }
        }
        self.step(now);
    }

    /// One step at `t`: the network first, then the processes that are due
    /// (and those waiting on sockets), then the rest of the command line.
    fn step(&mut self, t: Instant) {
        self.kernel.step(t);
        self.executor().advance();
    }

    /// The next instant something is due (a packet, a process timer, or
    /// the shell's next commands: now).
    pub fn poll_at(&self) -> Option<Instant> {
        let kernel = self.kernel.poll_at();
        if self.shell.runnable() {
            let now = self.kernel.now();
            return Some(kernel.map_or(now, |t| t.min(now)));
        }
        kernel
    }

    /// Runs `line` to completion in virtual time (jumping the clock to each
    /// deadline) and returns what it printed. A foreground command still
    /// running after [`DEFAULT_RUN_LIMIT`] of virtual time or after
    /// [`LabConfig::line_work_budget`] of work (a flood), or waiting for
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
        let start = self.kernel.now();
        let deadline = start + limit;
        let trace_from = self.kernel.host().net.trace.next_seq();
        // What the terminal shows: a window of the newest lines, as a
        // scrollback keeps them.
        let mut shown = OutputBuffer::default();
        self.start_script(line, start);
        let mut steps = 0;
        let mut interrupted = false;
        // Each batch starts on terminal 0.
        let mut collect = |lab: &mut Lab| {
            shown.set_terminal(0);
            for e in lab.take_output() {
                match e {
                    OutputEvent::Text { stream, text } => shown.write(stream, &text),
                    OutputEvent::Clear => shown.clear(),
                    OutputEvent::Terminal(n) => shown.set_terminal(n),
                }
            }
        };
        while self.run_until(deadline, max_steps, &mut steps, &mut collect) == RunStop::Deadline {
            self.interrupt(self.kernel.now());
            interrupted = true;
            collect(self);
        }
        if self.is_busy() {
            self.interrupt(self.kernel.now());
            interrupted = true;
        }
        collect(self);
        RunResult {
            events: shown.take(),
            status: self.shell.last_status,
            interrupted,
            trace_from,
        }
    }

    /// Polls the running line in virtual time, one wake-up after another,
    /// until the lab is idle ([`RunStop::Idle`]), `*steps` reaches
    /// `max_steps` or the line's work ([`Lab::line_work`]) reaches
    /// [`LabConfig::line_work_budget`] ([`RunStop::Budget`]), or the next
    /// wake-up lies past `deadline` ([`RunStop::Deadline`]: the clock is
    /// then moved to `deadline` and a command still runs). `after_step`
    /// sees the lab after each wake-up (to take its output). The caller
    /// decides what a stop means: [`Lab::run_bounded`] and the web's replay
    /// press Ctrl-C.
    pub fn run_until(
        &mut self,
        deadline: Instant,
        max_steps: usize,
        steps: &mut usize,
        mut after_step: impl FnMut(&mut Lab),
    ) -> RunStop {
        while self.is_busy() {
            if *steps >= max_steps || self.line_work() >= self.line_work_budget {
                return RunStop::Budget;
            }
            *steps += 1;
            match self.poll_at() {
                Some(at) if at <= deadline => {
                    self.poll(at);
                    after_step(self);
                }
                _ => {
                    self.poll(deadline.max(self.kernel.now()));
                    after_step(self);
                    if self.is_busy() {
                        return RunStop::Deadline;
                    }
                }
            }
        }
        RunStop::Idle
    }

    fn advance_clock(&mut self, now: Instant) {
        self.kernel.advance_clock(now);
    }

    /// The shell at work on this lab's kernel.
    fn executor(&mut self) -> Executor<'_> {
        Executor::new(&mut self.shell, self.kernel.calls(), crate::tools::PROGRAMS)
    }
}
