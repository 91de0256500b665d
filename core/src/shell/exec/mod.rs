//! Running a parsed line: the list (`;`, `&&`, `||`, `&`) one pipeline at
//! a time, each pipeline's commands forked in order as one process group
//! joined by pipes, with their redirections; built-ins run in the shell
//! ([`builtins`]), programs as processes the kernel spawns. Every step is
//! one of the shell's system calls ([`Calls`]).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::parse::{self, Connector, Pipeline, SimpleCommand};
pub(crate) mod builtins;

use super::jobtable::JobNotice;
use super::{Shell, jobs, redirect};
use crate::errno::Errno;
use crate::output::{OutputBuffer, Stream};
use crate::proc::calls::{Calls, Image, Launch, PipeId, Signal, Spawn};
use crate::process::Programs;
use crate::process::{Pid, Sink, Stdio};
use crate::sys::User;

/// What bash prints when fork fails with EAGAIN (it retries, then gives up
/// and abandons the rest of the line with status 126).
const FORK_FAILED: &str = "bash: fork: retry: Resource temporarily unavailable\nbash: fork: Resource temporarily unavailable\n";

/// What `sudo` alone prints.
const SUDO_USAGE: &str = "usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]\n            [-u user] [command [arg ...]]\nusage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R|-T] [-u user] [VAR=value]\n            [-i | -s] [command [arg ...]]\nusage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-T] [-u user] file ...\n";

/// Where a signal goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// One process.
    Process(Pid),
    /// Every process of a process group (a job).
    Group(Pid),
}

/// What a pipeline's commands share as they start.
struct Group {
    pgid: Pid,
    job: Option<u32>,
    line: String,
    size: usize,
}

/// The shell at work: its state and its system calls.
pub(crate) struct Executor<'a> {
    /// The interactive shell.
    pub shell: &'a mut Shell,
    /// Its door into the kernel.
    pub sys: Calls<'a>,
    /// The programs it can run.
    programs: Programs,
    /// What a built-in prints while its output is collected to follow its
    /// redirections.
    capture: Option<OutputBuffer>,
}

impl<'a> Executor<'a> {
    /// The shell `shell` making its calls through `sys`.
    pub(crate) fn new(shell: &'a mut Shell, sys: Calls<'a>, programs: Programs) -> Self {
        Executor {
            shell,
            sys,
            programs,
            capture: None,
        }
    }

    /// What the shell itself prints (a built-in, an error message).
    pub(crate) fn say(&mut self, stream: Stream, text: &str) {
        match &mut self.capture {
            Some(buffer) => buffer.write(stream, text),
            None => self.sys.write(stream, text),
        }
    }

    /// Starts a command line: parses it and runs it until a foreground
    /// process runs or the line is done.
    pub(crate) fn start(&mut self, line: &str) {
        match parse::parse(line) {
            Ok(list) => {
                self.shell.pending = list.items.into_iter().collect();
                self.shell.previous = Connector::Then;
                self.advance();
            }
            Err(e) => {
                self.say(Stream::Stderr, &format!("{e}\n"));
                self.shell.last_status = 2;
            }
        }
    }

    /// Ctrl-C: the rest of the line is dropped, `wait` stops waiting, and
    /// the foreground group gets SIGINT.
    pub(crate) fn interrupt(&mut self) {
        self.shell.pending.clear();
        if self.shell.waiting {
            self.shell.waiting = false;
            self.shell.last_status = 130;
            return;
        }
        // The terminal sends SIGINT to its foreground group.
        match self.sys.tcgetpgrp() {
            Some(pgid) => {
                let _ = self.sys.killpg(pgid, Signal::Int);
            }
            None => self.shell.last_status = 130,
        }
        self.reap();
    }

    /// Collects every child that ended (`waitpid`): a finished job becomes
    /// a notice, the end of the foreground group `$?`, and the shell takes
    /// the terminal back.
    fn reap(&mut self) {
        while let Some((pid, status)) = self.sys.waitpid() {
            if let Some(status) = self.shell.jobs.exited(pid, status) {
                self.sys.tcsetpgrp(None);
                self.shell.last_status = status;
            }
        }
    }

    /// Sends `signal` to `target` (`kill` or `killpg`) and collects what
    /// ended; ESRCH if nothing ran there.
    pub(crate) fn signal(&mut self, target: Target, signal: Signal) -> Result<(), Errno> {
        let sent = match target {
            Target::Process(pid) => self.sys.kill(pid, signal),
            Target::Group(pgid) => self.sys.killpg(pgid, signal),
        };
        self.reap();
        sent
    }

    /// Runs the rest of the current line until a foreground process is
    /// running or the line is done.
    pub(crate) fn advance(&mut self) {
        self.reap();
        if self.shell.waiting && !self.shell.jobs.has_jobs() {
            self.shell.waiting = false;
            self.shell.last_status = 0;
        }
        while self.shell.jobs.foreground().is_none() && !self.shell.waiting {
            let Some((pipeline, connector)) = self.shell.pending.pop_front() else {
                break;
            };
            let run = self.shell.should_run();
            self.shell.previous = connector;
            if run {
                self.run_pipeline(&pipeline, connector == Connector::Background);
            }
        }
        if !self.shell.is_busy() {
            self.announce_done_jobs();
        }
    }

    fn announce_done_jobs(&mut self) {
        for notice in self.shell.jobs.take_notices() {
            // bash announces a job in the terminal it was started from.
            let line = jobs::job_line(
                notice.job,
                notice.marker,
                Some(notice.status),
                &notice.command,
            );
            self.sys.write_tty(notice.terminal, Stream::Stderr, &line);
        }
    }

    /// Abandons the line after fork failed: bash's message, `$?` 126.
    fn fork_failed(&mut self) {
        self.say(Stream::Stderr, FORK_FAILED);
        self.shell.last_status = 126;
        self.shell.pending.clear();
    }

    fn run_pipeline(&mut self, pipeline: &Pipeline, background: bool) {
        let hostname = self.sys.gethostname();
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
        self.sys.begin_command();
        // A background job is always forked, even a builtin.
        if background && self.sys.can_fork().is_err() {
            self.fork_failed();
            return;
        }
        // bash forks every command of the pipeline, in order.
        let first_pid = self.sys.next_pid();
        let pipes: Vec<PipeId> = (1..size).map(|_| self.sys.pipe()).collect();
        let group = Group {
            pgid: first_pid,
            job: background.then(|| self.shell.jobs.next_job_number()),
            line,
            size,
        };
        let terminal = self.sys.ttyname();
        self.shell
            .jobs
            .launch(group.pgid, group.job, group.line.clone(), terminal);
        // bash announces a background job (by its last process) as it
        // launches it, before the job prints anything.
        if let Some(job) = group.job {
            let last_pid =
                first_pid.wrapping_add(u32::try_from(size).unwrap_or(1).saturating_sub(1));
            self.say(Stream::Stderr, &format!("[{job}] {last_pid}\n"));
        }
        let mut last_status = None;
        for (i, (command, argv)) in pipeline.commands.iter().zip(argvs).enumerate() {
            let pipe_in = i.checked_sub(1).and_then(|j| pipes.get(j)).copied();
            let pipe_out = pipes.get(i).copied();
            let last = i + 1 == size;
            let pid = self.sys.fork_pid();
            let spawned = self.run_stage(command, argv, pid, &group, (pipe_in, pipe_out));
            if !matches!(spawned, Spawn::Refused) {
                // The child has its own descriptors on the pipes now: the
                // shell closes its copies of the ends it handed down.
                self.close_ends((pipe_in, pipe_out));
            }
            match spawned {
                Spawn::Exited(status) => {
                    if last {
                        last_status = Some(status);
                    }
                }
                Spawn::Running => self.shell.jobs.add(group.pgid, pid, last),
                Spawn::Refused => {
                    self.say(Stream::Stderr, FORK_FAILED);
                    // The commands already forked are killed.
                    let _ = self.signal(Target::Group(group.pgid), Signal::Term);
                    for id in pipes.iter().skip(i) {
                        self.sys.close_reader(*id);
                        self.sys.close_writer(*id);
                    }
                    if let Some(id) = pipe_in {
                        self.sys.close_reader(id);
                    }
                    self.shell.jobs.discard(group.pgid);
                    self.shell.last_status = 126;
                    self.shell.pending.clear();
                    return;
                }
            }
        }
        if !self.shell.jobs.alive(group.pgid) {
            self.shell.jobs.discard(group.pgid);
            let status = last_status.unwrap_or(0);
            match group.job {
                Some(job) => {
                    self.shell.jobs.push_notice(JobNotice {
                        job,
                        command: group.line,
                        status,
                        marker: '+',
                        terminal,
                    });
                    self.shell.last_status = 0;
                }
                None => self.shell.last_status = status,
            }
            return;
        }
        if let Some(status) = last_status {
            self.shell.jobs.set_status(group.pgid, status);
        }
        if group.job.is_some() {
            self.shell.last_status = 0;
        } else {
            self.foreground(group.pgid);
        }
    }

    /// Puts group `pgid` in the foreground: the shell waits for it and
    /// gives it the terminal.
    pub(crate) fn foreground(&mut self, pgid: Pid) {
        self.shell.jobs.set_foreground(pgid);
        self.sys.tcsetpgrp(Some(pgid));
    }

    /// The shell closes its descriptors on a stage's pipe ends once the
    /// stage is forked (or ran in its stead): the read end of the pipe in,
    /// the write end of the pipe out.
    fn close_ends(&mut self, ends: (Option<PipeId>, Option<PipeId>)) {
        let (pipe_in, pipe_out) = ends;
        if let Some(id) = pipe_in {
            self.sys.close_reader(id);
        }
        if let Some(id) = pipe_out {
            self.sys.close_writer(id);
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
    ) -> Spawn {
        let (pipe_in, pipe_out) = ends;
        let mut user = self.shell.user;
        let base = Stdio {
            stdout: pipe_out.map_or(Sink::Terminal(Stream::Stdout), Sink::Pipe),
            stdin_pipe: pipe_in,
            ..Stdio::default()
        };
        let stdio = match redirect::open(self.shell, &mut self.sys, &command.redirects, base) {
            Ok(stdio) => stdio,
            Err(message) => {
                self.say(Stream::Stderr, &message);
                return Spawn::Exited(1);
            }
        };
        if argv.is_empty() {
            return Spawn::Exited(0);
        }
        let mut via_sudo = false;
        if argv.first().map(String::as_str) == Some("sudo") {
            argv.remove(0);
            if argv.is_empty() {
                self.say(Stream::Stderr, SUDO_USAGE);
                return Spawn::Exited(1);
            }
            user = User::Root;
            via_sudo = true;
        }
        let name = argv.first().cloned().unwrap_or_default();
        if let Some(builtin) = builtins::find(&name, via_sudo, argv.len()) {
            // In a pipeline every command runs in a subshell: `su`, `cd`
            // and `exit` there change nothing in the interactive shell.
            let call = builtins::Call {
                argv: &argv,
                pid,
                alone: group.size == 1,
            };
            let status = builtins::run(self, builtin, &call, &stdio);
            return Spawn::Exited(status);
        }
        let Some(tool) = (self.programs.find)(&name) else {
            let message = if via_sudo {
                format!("sudo: {name}: command not found\n")
            } else {
                format!("bash: {name}: command not found\n")
            };
            self.say(Stream::Stderr, &message);
            return Spawn::Exited(if via_sudo { 1 } else { 127 });
        };
        let image = Image::child(user, self.shell.cwd.clone(), stdio);
        let launch = Launch {
            name,
            pgid: group.pgid,
        };
        let exec = self.programs.exec;
        self.sys
            .spawn(pid, image, launch, |ctx| exec(ctx, tool, &argv))
    }
}
