//! Running a script: the interpreter's frames ([`frame`]) walked one at
//! a time until a foreground process runs, pipelines and simple commands
//! ([`simple`]): each pipeline's commands forked in order as one process
//! group joined by pipes, with their redirections; built-ins run in the
//! shell ([`builtins`], [`lang`]), programs as processes the kernel
//! spawns. Every step is one of the shell's system calls ([`Calls`]).

use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;

pub(crate) mod builtins;
pub(crate) mod frame;
pub(crate) mod history;
pub(crate) mod lang;
pub(crate) mod shells;
pub(crate) mod simple;
pub(crate) mod test;

use super::Shell;
use super::jobs;
use super::parse;
use crate::errno::Errno;
use crate::output::{OutputBuffer, Stream};
use crate::proc::calls::{Calls, PipeId, Signal};
use crate::process::Programs;
use crate::process::{Pid, Sink, Stdio};

/// How many frames the shell runs in one wake-up before it lets the
/// kernel go on (an endless `while :; do :; done` then runs on at the
/// next poll, and Ctrl-C stops it).
const STEP_BUDGET: u32 = 20_000;

/// What bash prints when fork fails with EAGAIN (it retries, then gives up
/// and abandons the rest of the line with status 126).
pub(crate) const FORK_FAILED: &str = "bash: fork: retry: Resource temporarily unavailable\nbash: fork: Resource temporarily unavailable\n";

/// What `sudo` alone prints.
pub(crate) const SUDO_USAGE: &str = "usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]\n            [-u user] [command [arg ...]]\nusage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R|-T] [-u user] [VAR=value]\n            [-i | -s] [command [arg ...]]\nusage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-T] [-u user] file ...\n";

/// A change of control flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Control {
    /// `break N`.
    Break(u32),
    /// `continue N`.
    Continue(u32),
    /// `return`.
    Return,
    /// `exit`, `set -e`, a fatal expansion error.
    Exit,
}

/// The most frames the interpreter holds (each `eval`, `source`,
/// function call and loop holds a few).
const MAX_FRAMES: usize = 50_000;

/// The longest unfinished command the prompt collects (PS2 lines).
const MAX_SCRIPT: usize = 1 << 20;

/// One call of a built-in.
pub(crate) struct Call<'a> {
    /// The words, the built-in's name first.
    pub argv: &'a [String],
    /// The pid the command got (`ps` lists itself with it).
    pub pid: Pid,
    /// True if the command is a pipeline of its own; in a longer pipeline
    /// it runs in a subshell and changes nothing in the interactive shell.
    pub alone: bool,
    /// Its standard streams.
    pub stdio: &'a Stdio,
}

/// Where a signal goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// One process.
    Process(Pid),
    /// Every process of a process group (a job).
    Group(Pid),
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
        let text = self.script_prefix(stream, text);
        self.say_raw(stream, &text);
    }

    /// [`Executor::say`] without a script's `line N:`.
    pub(crate) fn say_raw(&mut self, stream: Stream, text: &str) {
        match &mut self.capture {
            Some(buffer) => buffer.write(stream, text),
            None => {
                let sink = match stream {
                    Stream::Stdout => self.shell.io.stdout.clone(),
                    Stream::Stderr => self.shell.io.stderr.clone(),
                };
                self.write_sink(&sink, stream, text);
            }
        }
    }

    /// A script's messages say where: `bash: line 3: x: command not found`.
    fn script_prefix(&self, stream: Stream, text: &str) -> String {
        if self.shell.interactive || stream != Stream::Stderr {
            return String::from(text);
        }
        match text.strip_prefix("bash: ") {
            Some(rest) => format!("{}: line {}: {rest}", self.shell.arg0, self.shell.lineno),
            None => String::from(text),
        }
    }

    /// `write` to where a stream goes.
    pub(crate) fn write_sink(&mut self, sink: &Sink, stream: Stream, text: &str) {
        match sink {
            Sink::Terminal(s) => {
                let _ = stream;
                self.sys.write(*s, text)
            }
            Sink::Pipe(id) => {
                // Nobody reads: the subshell dies of SIGPIPE, silently.
                let _ = self.sys.write_pipe(*id, text);
            }
            Sink::File { path, .. } => {
                if let Err(e) = self.sys.append_file(path, text) {
                    let m = format!("bash: {path}: {}\n", e.message());
                    self.sys.write(Stream::Stderr, &m);
                }
            }
        }
    }

    /// Starts a command line typed at the prompt: a line that leaves a
    /// command unfinished (an open quote, `if` without `fi`, a trailing
    /// `|`) waits for the next (the prompt becomes PS2, `> `).
    pub(crate) fn start(&mut self, line: &str) {
        // History expansion, then the line joins the history.
        let line = match history::expand(
            line,
            self.shell
                .history
                .get(self.shell.history_base..)
                .unwrap_or_default(),
        ) {
            Ok(Some(expanded)) => {
                self.say_raw(Stream::Stdout, &format!("{expanded}\n"));
                expanded
            }
            Ok(None) => String::from(line),
            Err(history::EventNotFound(spec)) => {
                self.say_raw(Stream::Stderr, &format!("bash: {spec}: event not found\n"));
                self.shell.last_status = 0;
                return;
            }
        };
        self.remember(&line);
        let line = line.as_str();
        let mut src = core::mem::take(&mut self.shell.partial);
        if !src.is_empty() {
            src.push('\n');
        }
        src.push_str(line);
        let parsed = parse::parse_script(&src, false);
        if let Some(e) = &parsed.error
            && e.error.is_incomplete()
            && src.len() < MAX_SCRIPT
        {
            self.shell.partial = src;
            return;
        }
        self.run_script(&src);
    }

    /// Adds a typed line to the history (Debian's `HISTCONTROL=ignoreboth`:
    /// not a line starting with a space, not the same line twice).
    fn remember(&mut self, line: &str) {
        let h = &mut self.shell.history;
        if line.trim().is_empty() || line.starts_with(' ') || h.last().is_some_and(|l| l == line) {
            return;
        }
        if h.len() >= history::HISTSIZE {
            h.remove(0);
        }
        h.push(String::from(line));
    }

    /// Runs a whole script (a line run to its end, `bash -c`, a file):
    /// what is unfinished at its end is a syntax error. The complete
    /// lines before a syntax error run, then bash reports it.
    pub(crate) fn run_script(&mut self, src: &str) {
        self.shell.partial.clear();
        let parsed = parse::parse_script(src, true);
        for w in &parsed.warnings {
            self.say(Stream::Stderr, w);
        }
        self.shell.stack.clear();
        self.shell.tested = 0;
        self.shell.interrupted = false;
        if !self.shell.interactive {
            self.shell.stack.push(frame::Frame::ExitTrap);
        }
        if let Some(e) = parsed.error {
            let message = self.syntax_message(&e);
            self.shell.stack.push(frame::Frame::SyntaxError(message));
        }
        self.push_list(Rc::new(parsed.list));
        self.advance();
    }

    /// bash's words for a syntax error: `bash: syntax error…` at the
    /// prompt; `bash: -c: line 2: …` and the line in a script.
    fn syntax_message(&self, e: &parse::ScriptError) -> String {
        let Some(prefix) = self.shell.syntax_prefix.clone() else {
            return format!("{}\n", e.error);
        };
        let body = format!("{}", e.error);
        let body = body.strip_prefix("bash: ").unwrap_or(&body);
        let mut m = format!("{prefix}line {}: {body}\n", e.line);
        if matches!(e.error, parse::SyntaxError::UnexpectedToken(_)) {
            m.push_str(&format!("{prefix}line {}: `{}'\n", e.line, e.text));
        }
        m
    }

    /// Ctrl-D at the prompt: an unfinished command ends as bash ends it
    /// (its syntax error); a nested shell exits (`exit`, or `logout`
    /// for a login shell) back to the one that started it. False at the
    /// login shell's empty prompt (a terminal would close).
    pub(crate) fn end_of_input(&mut self) -> bool {
        if !self.shell.partial.is_empty() {
            let src = core::mem::take(&mut self.shell.partial);
            self.run_script(&src);
            return true;
        }
        let status = self.shell.last_status;
        self.unnest(status)
    }

    /// Ctrl-C with an unfinished command at PS2: it is dropped.
    pub(crate) fn cancel_partial(&mut self) -> bool {
        !core::mem::take(&mut self.shell.partial).is_empty()
    }

    /// Ctrl-C: the rest of the line is dropped, `wait` stops waiting, and
    /// the foreground group gets SIGINT.
    pub(crate) fn interrupt(&mut self) {
        if let Some(action) = self.shell.traps.get("SIGINT").cloned()
            && !self.shell.stack.is_empty()
            && !self.shell.interrupted
        {
            // `trap ACTION INT`: the foreground command gets the signal,
            // the action runs, the script goes on ('' ignores it).
            self.shell.interrupted = true;
            if action.is_empty() {
                return;
            }
            if let Some(pgid) = self.sys.tcgetpgrp() {
                let _ = self.sys.killpg(pgid, Signal::Int);
            }
            self.reap();
            let status = 130;
            self.shell.stack.push(frame::Frame::SetStatus(status));
            if let Ok(list) = parse::parse(&action) {
                self.push_list(Rc::new(list));
            }
            self.shell.blocked = false;
            return;
        }
        self.shell.interrupted = false;
        self.shell.stack.clear();
        self.shell.io = crate::process::Stdio::default();
        self.shell.blocked = false;
        if self.cancel_partial() {
            self.shell.last_status = 130;
            return;
        }
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

    /// Runs the rest of the current script until a foreground process is
    /// running, a built-in waits for input, or the script is done.
    pub(crate) fn advance(&mut self) {
        self.reap();
        if self.shell.waiting && !self.shell.jobs.has_jobs() {
            self.shell.waiting = false;
            self.shell.last_status = 0;
        }
        self.shell.blocked = false;
        let mut steps = 0;
        while self.shell.jobs.foreground().is_none() && !self.shell.waiting && !self.shell.blocked {
            if steps >= STEP_BUDGET {
                break;
            }
            steps += 1;
            let Some(frame) = self.shell.stack.pop() else {
                break;
            };
            self.step(frame);
            if self.shell.stack.len() > MAX_FRAMES {
                // `eval` or `source` calling itself without end.
                self.say(Stream::Stderr, "bash: maximum nesting level exceeded\n");
                self.shell.last_status = 1;
                self.shell.stack.clear();
                break;
            }
            self.reap();
        }
        self.sys.account_work(u64::from(steps));
        if self.shell.stack.is_empty() {
            self.shell.io = crate::process::Stdio::default();
        }
        if !self.shell.is_busy() {
            self.announce_done_jobs();
        }
    }

    fn announce_done_jobs(&mut self) {
        if !self.shell.interactive {
            // Without job control a script announces nothing.
            let _ = self.shell.jobs.take_notices();
            return;
        }
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
        self.shell.stack.clear();
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
    pub(crate) fn close_ends(&mut self, ends: (Option<PipeId>, Option<PipeId>)) {
        let (pipe_in, pipe_out) = ends;
        if let Some(id) = pipe_in {
            self.sys.close_reader(id);
        }
        if let Some(id) = pipe_out {
            self.sys.close_writer(id);
        }
    }
}
