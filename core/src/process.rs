//! Processes: how a command runs over virtual time.
//!
//! A command either finishes at once ([`Started::Exited`]) or returns a
//! [`Process`] that the lab polls until it exits. A process never blocks: it
//! does what it can at `ctx.now`, asks to be woken at a later instant with
//! [`Ctx::wake_at`], and returns. This is how `ping` waits one second between
//! probes without freezing the page.

use alloc::boxed::Box;
use alloc::string::String;

use crate::errno::Errno;
use crate::fd::Fd;
use crate::host::{Host, User};
use crate::output::{OutputBuffer, Stream};
use crate::pipe::{PipeId, PipeRead};
use crate::sys::FileKind;
use crate::time::Instant;

/// A process id.
pub type Pid = u32;

/// Where one of a process's output descriptors goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sink {
    /// The terminal, as stdout or stderr text.
    Terminal(Stream),
    /// A file in the lab's file system.
    File {
        /// Absolute path.
        path: String,
        /// Append rather than truncate (truncation happens once, at start).
        append: bool,
    },
    /// The write end of a pipe to the next command of a pipeline.
    Pipe(PipeId),
}

/// A process's standard streams as the shell wires them: what the spawn
/// installs as descriptors 0, 1 and 2 (the kernel's, which the context
/// reads and writes through), and the input text the shell or a wrapper
/// already read for the program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stdio {
    /// Descriptor 1.
    pub stdout: Sink,
    /// Descriptor 2.
    pub stderr: Sink,
    /// Text on standard input (from `<`, or a pipe whose writer has
    /// finished before this command needed it), if any.
    pub stdin: Option<String>,
    /// The read end of a pipe from the previous command of a pipeline.
    pub stdin_pipe: Option<PipeId>,
    /// The file a `<` redirection opened for reading (descriptor 0 when
    /// there is no pipe).
    pub stdin_file: Option<String>,
    /// `stdin` holds what a pipe brought (not a regular file's text).
    pub stdin_from_pipe: bool,
}

impl Default for Stdio {
    fn default() -> Self {
        Stdio {
            stdout: Sink::Terminal(Stream::Stdout),
            stderr: Sink::Terminal(Stream::Stderr),
            stdin: None,
            stdin_pipe: None,
            stdin_file: None,
            stdin_from_pipe: false,
        }
    }
}

/// What a process sees of the lab while it runs.
#[derive(Debug)]
///
/// Every field is private: a program reads who and where it is through
/// the accessors and reaches the kernel only through [`Ctx::sys`], so a
/// program that touches the host's internals does not compile.
pub struct Ctx<'a> {
    /// The simulated host (the kernel's state, behind the system calls).
    host: &'a mut Host,
    /// The current virtual time.
    now: Instant,
    /// The user the process runs as.
    user: User,
    /// This process's id.
    pid: Pid,
    /// The network namespace it runs in.
    ns: crate::trace::NsId,
    /// Its working directory (relative paths start here).
    cwd: &'a str,
    stdio: &'a Stdio,
    terminal: &'a mut OutputBuffer,
    wake_at: Option<Instant>,
    /// A write found its pipe's reader gone: the process dies of SIGPIPE.
    broken_pipe: bool,
}

/// Who a process is and where it runs, as the process table hands it to
/// [`Ctx::enter`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Identity<'a> {
    /// The process id.
    pub pid: Pid,
    /// Its user.
    pub user: User,
    /// Its network namespace.
    pub ns: crate::trace::NsId,
    /// Its working directory.
    pub cwd: &'a str,
    /// Its standard streams.
    pub stdio: &'a Stdio,
}

impl<'a> Ctx<'a> {
    /// Runs `f` as process `who` at `now` (the process table's one way in);
    /// returns its result, the wake-up it asked for, and whether it hit a
    /// broken pipe.
    pub(crate) fn enter<R>(
        host: &'a mut Host,
        terminal: &'a mut OutputBuffer,
        now: Instant,
        who: Identity<'a>,
        f: impl FnOnce(&mut Ctx<'_>) -> R,
    ) -> (R, Option<Instant>, bool) {
        let mut ctx = Ctx {
            host,
            now,
            user: who.user,
            pid: who.pid,
            ns: who.ns,
            cwd: who.cwd,
            stdio: who.stdio,
            terminal,
            wake_at: None,
            broken_pipe: false,
        };
        let result = f(&mut ctx);
        (result, ctx.wake_at, ctx.broken_pipe)
    }
}

impl Ctx<'_> {
    /// The current virtual time (`clock_gettime`).
    pub fn now(&self) -> Instant {
        self.now
    }

    /// The user the process runs as (`getuid`).
    pub fn user(&self) -> User {
        self.user
    }

    /// The process id (`getpid`).
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// The network namespace the process runs in.
    pub fn ns(&self) -> crate::trace::NsId {
        self.ns
    }

    /// The working directory (`getcwd`).
    pub fn cwd(&self) -> &str {
        self.cwd
    }

    /// The process's standard streams as the shell wired them.
    pub fn stdio(&self) -> &Stdio {
        self.stdio
    }

    /// Writes to standard output (`write(1, ...)`).
    pub fn out(&mut self, text: &str) {
        self.write(Fd(1), text);
    }

    /// Writes to standard error (`write(2, ...)`).
    pub fn err(&mut self, text: &str) {
        self.write(Fd(2), text);
    }

    /// The system-call interface: the process's door into the kernel.
    pub fn sys(&mut self) -> crate::sys::Sys<'_> {
        crate::sys::Sys::new(
            &mut *self.host,
            self.pid,
            self.ns,
            self.user.uid(),
            self.now,
        )
        .with_tty(&mut *self.terminal)
    }

    /// `setns(2)`: the process moves itself into network namespace `ns`
    /// (`ip netns exec`, `ip -n`) and stays there until it exits; the
    /// context follows the kernel's answer. `EPERM` unless root.
    pub fn setns(&mut self, ns: crate::trace::NsId) -> Result<(), crate::errno::Errno> {
        self.sys().setns(ns)?;
        self.ns = ns;
        Ok(())
    }

    /// The lab's stand-in for an `ssh` login: the process continues on the
    /// LAN machine whose namespace is `ns` (see `Sys::login`).
    pub fn login(&mut self, ns: crate::trace::NsId) -> Result<(), crate::errno::Errno> {
        self.sys().login(ns)?;
        self.ns = ns;
        self.user = User::Root;
        self.cwd = User::Root.home();
        Ok(())
    }

    /// The text of standard input the program already has, if any: what
    /// the shell read for a `<` redirection, or what a wrapper collected
    /// from a pipe (user space's copy; descriptor 0 is the kernel's).
    pub fn stdin(&self) -> Option<&str> {
        self.stdio.stdin.as_deref()
    }

    /// Reads what is waiting on a standard input that is a pipe; `None`
    /// if standard input is not a pipe.
    pub fn read_stdin_pipe(&mut self) -> Option<PipeRead> {
        self.stdio.stdin_pipe?;
        Some(self.sys().read(Fd(0)).unwrap_or(PipeRead {
            data: String::new(),
            eof: true,
        }))
    }

    /// True if standard input is a pipe (wc then pads its counts to 7).
    pub fn stdin_is_pipe(&self) -> bool {
        self.stdio.stdin_pipe.is_some()
    }

    /// True if standard input is or was a pipe (not a regular file).
    pub fn stdin_was_pipe(&self) -> bool {
        self.stdio.stdin_pipe.is_some() || self.stdio.stdin_from_pipe
    }

    /// Runs `f` with another stdio (a command started late, with its
    /// piped input collected into text).
    pub(crate) fn with_stdio<R>(&mut self, stdio: &Stdio, f: impl FnOnce(&mut Ctx<'_>) -> R) -> R {
        let mut sub = Ctx {
            host: &mut *self.host,
            now: self.now,
            user: self.user,
            pid: self.pid,
            ns: self.ns,
            cwd: self.cwd,
            stdio,
            terminal: &mut *self.terminal,
            wake_at: self.wake_at,
            broken_pipe: self.broken_pipe,
        };
        let r = f(&mut sub);
        self.wake_at = sub.wake_at;
        self.broken_pipe = sub.broken_pipe;
        r
    }

    /// True if standard output is a pipe (stdio then buffers it by blocks).
    pub fn stdout_is_pipe(&self) -> bool {
        self.stdout_kind() == Ok(FileKind::Fifo)
    }

    /// True if standard output is the terminal (`isatty(1)`: tools such as
    /// `ls` and `ip` change their format when it is not).
    pub fn stdout_is_terminal(&self) -> bool {
        self.stdout_kind() == Ok(FileKind::Terminal)
    }

    /// `fstat(1)`'s file type.
    fn stdout_kind(&self) -> Result<FileKind, Errno> {
        crate::sys::stdio::file_kind(self.host, self.pid, Fd(1))
    }

    /// `write(fd, text)` through the kernel. A pipe whose readers are gone
    /// (EPIPE) means SIGPIPE: the process writes nothing more and dies. A
    /// file's error is reported on the terminal as bash words it.
    fn write(&mut self, fd: Fd, text: &str) {
        if self.broken_pipe {
            return;
        }
        match self.sys().write(fd, text) {
            Ok(_) | Err(Errno::EBADF) => {}
            Err(Errno::EPIPE) => self.broken_pipe = true,
            Err(e) => {
                let path = self.sys().fd_path(fd).unwrap_or_default();
                let message = if path.starts_with("/proc/") {
                    alloc::format!("bash: echo: write error: {}\n", e.message())
                } else {
                    alloc::format!("bash: {path}: {}\n", e.message())
                };
                self.terminal.write(Stream::Stderr, &message);
            }
        }
    }

    /// Clears the terminal screen.
    pub fn clear_screen(&mut self) {
        if self.stdout_is_terminal() {
            self.terminal.clear();
        } else {
            // `clear > file` writes the terminal's escape sequence to the file.
            self.out("\x1b[H\x1b[2J\x1b[3J");
        }
    }

    /// Asks to be polled again no later than `at`.
    pub fn wake_at(&mut self, at: Instant) {
        self.wake_at = Some(match self.wake_at {
            Some(t) if t < at => t,
            _ => at,
        });
    }
}

/// A command that runs over time.
pub trait Process: core::fmt::Debug {
    /// Does what can be done at `ctx.now`. Returns the exit status when the
    /// process has finished, `None` to be polled again (at the instant given
    /// to [`Ctx::wake_at`], or when something it waits for happens).
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32>;

    /// Ctrl-C (SIGINT). Returns the exit status if the process ends; the
    /// default is to die of the signal (status 130, as bash reports it).
    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        let _ = ctx;
        Some(130)
    }
}

/// The result of starting a command.
#[derive(Debug)]
pub enum Started {
    /// It already finished with this status.
    Exited(i32),
    /// It keeps running.
    Running(Box<dyn Process>),
}

/// How a command starts: the context and its arguments (`argv[0]` included).
pub type StartFn = fn(&mut Ctx<'_>, &[String]) -> Started;

/// One program installed on the machine (what `execve` finds on `$PATH`).
#[derive(Clone, Copy, Debug)]
pub struct Command {
    /// The name typed at the prompt.
    pub name: &'static str,
    /// A one-line description for `help`.
    pub summary: &'static str,
    /// Starts the command.
    pub start: StartFn,
}

/// The programs the shell can run, as `$PATH` finds them: handed to the
/// shell by the facade, so the shell names no program.
#[derive(Clone, Copy, Debug)]
pub struct Programs {
    /// Finds a program by name.
    pub find: fn(&str) -> Option<&'static Command>,
    /// Execs a program found with `find` in the new process.
    pub exec: fn(&mut Ctx<'_>, &Command, &[String]) -> Started,
}
