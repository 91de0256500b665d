//! Running a parsed line: the list (`;`, `&&`, `||`, `&`) one pipeline at
//! a time, each pipeline's commands forked in order as one process group
//! joined by pipes, with their redirections; built-ins run in the shell
//! ([`super::builtins`]), programs as processes of the [`Kernel`].

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::parse::{self, Connector, Pipeline, SimpleCommand};
use super::{Shell, builtins, jobs, redirect};
use crate::host::User;
use crate::output::Stream;
use crate::pipe::PipeId;
use crate::proc::{Image, Kernel, Launch, Signal, Spawn};
use crate::process::{Pid, Sink, Stdio};
use crate::tools;

/// What bash prints when fork fails with EAGAIN (it retries, then gives up
/// and abandons the rest of the line with status 126).
const FORK_FAILED: &str = "bash: fork: retry: Resource temporarily unavailable\nbash: fork: Resource temporarily unavailable\n";

/// What `sudo` alone prints.
const SUDO_USAGE: &str = "usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]\n            [-u user] [command [arg ...]]\nusage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R|-T] [-u user] [VAR=value]\n            [-i | -s] [command [arg ...]]\nusage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-T] [-u user] file ...\n";

/// What a pipeline's commands share as they start.
struct Group {
    pgid: Pid,
    job: Option<u32>,
    line: String,
    size: usize,
}

/// The shell at work: its state and the kernel it runs commands on.
pub(crate) struct Executor<'a> {
    /// The interactive shell.
    pub shell: &'a mut Shell,
    /// The machine its commands run on.
    pub kernel: &'a mut Kernel,
}

impl<'a> Executor<'a> {
    /// The shell `shell` working on `kernel`.
    pub(crate) fn new(shell: &'a mut Shell, kernel: &'a mut Kernel) -> Self {
        Executor { shell, kernel }
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
                self.kernel
                    .terminal
                    .write(Stream::Stderr, &format!("{e}\n"));
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
        if !self.kernel.interrupt_foreground() {
            self.shell.last_status = 130;
        }
        self.reap();
    }

    /// Collects the status of the foreground group if it ended (`$?`).
    fn reap(&mut self) {
        if let Some(status) = self.kernel.table.take_foreground_exit() {
            self.shell.last_status = status;
        }
    }

    /// Sends `signal` to process `pid` (and collects `$?` if that ended
    /// the foreground group).
    pub(crate) fn signal(&mut self, pid: Pid, signal: Signal) {
        self.kernel.signal(pid, signal);
        self.reap();
    }

    /// Runs the rest of the current line until a foreground process is
    /// running or the line is done.
    pub(crate) fn advance(&mut self) {
        self.reap();
        if self.shell.waiting && !self.kernel.table.has_jobs() {
            self.shell.waiting = false;
            self.shell.last_status = 0;
        }
        while self.kernel.table.foreground().is_none() && !self.shell.waiting {
            let Some((pipeline, connector)) = self.shell.pending.pop_front() else {
                break;
            };
            let run = self.shell.should_run();
            self.shell.previous = connector;
            if run {
                self.run_pipeline(&pipeline, connector == Connector::Background);
            }
        }
        if !self.shell.is_busy(&self.kernel.table) {
            self.announce_done_jobs();
        }
    }

    fn announce_done_jobs(&mut self) {
        let terminal = &mut self.kernel.terminal;
        for notice in self.kernel.table.take_notices() {
            // bash announces a job in the terminal it was started from.
            terminal.set_terminal(notice.terminal);
            terminal.write(
                Stream::Stderr,
                &jobs::job_line(
                    notice.job,
                    notice.marker,
                    Some(notice.status),
                    &notice.command,
                ),
            );
        }
        terminal.set_terminal(self.kernel.line_terminal);
    }

    /// Abandons the line after fork failed: bash's message, `$?` 126.
    fn fork_failed(&mut self) {
        self.kernel.terminal.write(Stream::Stderr, FORK_FAILED);
        self.shell.last_status = 126;
        self.shell.pending.clear();
    }

    fn run_pipeline(&mut self, pipeline: &Pipeline, background: bool) {
        let hostname = self.kernel.host.hostname.clone();
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
        self.kernel.terminal.begin_command();
        // A background job is always forked, even a builtin.
        if background && self.kernel.table.is_full() {
            self.fork_failed();
            return;
        }
        // bash forks every command of the pipeline, in order.
        let first_pid = self.kernel.table.peek_pid();
        let pipes: Vec<PipeId> = (1..size).map(|_| self.kernel.pipes.create()).collect();
        let group = Group {
            pgid: first_pid,
            job: background.then(|| self.kernel.table.next_job_number()),
            line,
            size,
        };
        // bash announces a background job (by its last process) as it
        // launches it, before the job prints anything.
        if let Some(job) = group.job {
            let last_pid =
                first_pid.wrapping_add(u32::try_from(size).unwrap_or(1).saturating_sub(1));
            self.kernel
                .terminal
                .write(Stream::Stderr, &format!("[{job}] {last_pid}\n"));
        }
        let mut last_status = None;
        for (i, (command, argv)) in pipeline.commands.iter().zip(argvs).enumerate() {
            let pipe_in = i.checked_sub(1).and_then(|j| pipes.get(j)).copied();
            let pipe_out = pipes.get(i).copied();
            let last = i + 1 == size;
            let pid = self.kernel.table.alloc_pid();
            match self.run_stage(command, argv, pid, &group, (pipe_in, pipe_out), last) {
                Spawn::Exited(status) => {
                    self.kernel.release(pid, pipe_in, pipe_out);
                    if last {
                        last_status = Some(status);
                    }
                }
                Spawn::Running => {}
                Spawn::Refused => {
                    self.kernel.terminal.write(Stream::Stderr, FORK_FAILED);
                    // The commands already forked are killed.
                    for pid in self.kernel.table.members(group.pgid) {
                        self.signal(pid, Signal::Term);
                    }
                    for id in pipes.iter().skip(i) {
                        self.kernel.pipes.close_reader(*id);
                        self.kernel.pipes.close_writer(*id);
                    }
                    if let Some(id) = pipe_in {
                        self.kernel.pipes.close_reader(id);
                    }
                    self.kernel.table.take_group_status(group.pgid);
                    self.shell.last_status = 126;
                    self.shell.pending.clear();
                    return;
                }
            }
        }
        if !self.kernel.table.group_alive(group.pgid) {
            let status = last_status.unwrap_or(0);
            match group.job {
                Some(job) => {
                    self.kernel.table.push_notice(crate::proc::JobNotice {
                        job,
                        command: group.line,
                        status,
                        marker: '+',
                        terminal: self.kernel.line_terminal,
                    });
                    self.shell.last_status = 0;
                }
                None => self.shell.last_status = status,
            }
            return;
        }
        if let Some(status) = last_status {
            self.kernel.table.set_group_status(group.pgid, status);
        }
        if group.job.is_some() {
            self.shell.last_status = 0;
        } else {
            self.kernel.table.set_foreground(group.pgid);
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
    ) -> Spawn {
        let (pipe_in, pipe_out) = ends;
        let mut user = self.shell.user;
        let base = Stdio {
            stdout: pipe_out.map_or(Sink::Terminal(Stream::Stdout), Sink::Pipe),
            stdin_pipe: pipe_in,
            ..Stdio::default()
        };
        let stdio =
            match redirect::open(self.shell, &mut self.kernel.host, &command.redirects, base) {
                Ok(stdio) => stdio,
                Err(message) => {
                    self.kernel.terminal.write(Stream::Stderr, &message);
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
                self.kernel.terminal.write(Stream::Stderr, SUDO_USAGE);
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
            return Spawn::Exited(builtins::run(self, builtin, &call, &stdio));
        }
        let Some(tool) = tools::find(&name) else {
            let message = if via_sudo {
                format!("sudo: {name}: command not found\n")
            } else {
                format!("bash: {name}: command not found\n")
            };
            self.kernel.terminal.write(Stream::Stderr, &message);
            return Spawn::Exited(if via_sudo { 1 } else { 127 });
        };
        let image = Image {
            user,
            ns: crate::net::HOST_NS,
            cwd: self.shell.cwd.clone(),
            stdio,
        };
        let launch = Launch {
            name,
            command_line: group.line.clone(),
            job: group.job,
            pgid: group.pgid,
            last,
            pipe_in,
            pipe_out,
        };
        self.kernel.spawn(pid, image, launch, |ctx| {
            tools::start_with_stdin(ctx, tool, &argv)
        })
    }
}
