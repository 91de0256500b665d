//! The shell's door into the kernel: the system calls bash makes, in
//! Linux's shape, and nothing else.
//!
//! - processes: [`Calls::spawn`] (fork + `setpgid` + the `dup2`s of its
//!   stdio + `execve`, as one call, like `posix_spawn`), [`Calls::kill`]
//!   and [`Calls::killpg`], [`Calls::waitpid`] (any child, `WNOHANG`),
//!   [`Calls::tcsetpgrp`]/[`Calls::tcgetpgrp`] (the terminal's foreground
//!   group), the process list `ps` reads ([`Calls::processes`]);
//! - pipes: [`Calls::pipe`], writing to one, closing either end;
//! - the terminal: `write` to it ([`Calls::write`], [`Calls::write_tty`]);
//! - files: `open` for a redirection with the kernel's errors, `/proc`
//!   included ([`Calls::open_write`], [`Calls::read_file`]), appending,
//!   `stat` ([`Calls::stat`]) and `gethostname`.
//!
//! Job numbers, job specs, `$?` and the "Done" notices are the shell's;
//! process groups, signals and exit statuses are the kernel's.

use alloc::string::String;
use alloc::vec::Vec;

use super::Kernel;
/// What the calls take and give: a program image to exec, the launch of a
/// job's process, a signal, how a spawn went.
pub(crate) use super::{Image, Launch, Signal, Spawn};
use crate::errno::Errno;
use crate::host::files::FileError;
pub(crate) use crate::host::files::FileType;
use crate::output::Stream;
/// A pipe, as [`Calls::pipe`] gives it.
pub(crate) use crate::pipe::PipeId;
use crate::process::{Ctx, Pid, Started};

/// The shell's handle on the kernel while it runs a line.
#[derive(Debug)]
pub(crate) struct Calls<'a> {
    kernel: &'a mut Kernel,
}

impl<'a> Calls<'a> {
    /// The calls on `kernel`.
    pub(crate) fn new(kernel: &'a mut Kernel) -> Self {
        Calls { kernel }
    }

    /// The pid the next `fork` will give.
    pub(crate) fn next_pid(&self) -> Pid {
        self.kernel.table.peek_pid()
    }

    /// `fork`'s pid: the child's (a built-in run in a subshell takes one
    /// too, and `ps` shows itself with it).
    pub(crate) fn fork_pid(&mut self) -> Pid {
        self.kernel.table.alloc_pid()
    }

    /// Whether a `fork` now would fail: EAGAIN when the table is full.
    pub(crate) fn can_fork(&self) -> Result<(), Errno> {
        if self.kernel.table.is_full() {
            Err(Errno::EAGAIN)
        } else {
            Ok(())
        }
    }

    /// Starts process `pid` running `start` with `image` (credentials,
    /// directory, stdio) in the process group and on the pipes `launch`
    /// names. A program that ends as it starts is released at once and
    /// its status returned; one that keeps running is collected later by
    /// [`Calls::waitpid`].
    pub(crate) fn spawn(
        &mut self,
        pid: Pid,
        image: Image,
        launch: Launch,
        start: impl FnOnce(&mut Ctx<'_>) -> Started,
    ) -> Spawn {
        self.kernel.spawn(pid, image, launch, start)
    }

    /// `kill(pid, sig)`; ESRCH if no such process runs.
    pub(crate) fn kill(&mut self, pid: Pid, signal: Signal) -> Result<(), Errno> {
        if !self.kernel.table.contains(pid) {
            return Err(Errno::ESRCH);
        }
        self.kernel.signal(pid, signal);
        Ok(())
    }

    /// `killpg(pgrp, sig)` (`kill(-pgrp, sig)`): every process of the
    /// group, in pid order; ESRCH if none runs.
    pub(crate) fn killpg(&mut self, pgrp: Pid, signal: Signal) -> Result<(), Errno> {
        let members = self.kernel.table.members(pgrp);
        if members.is_empty() {
            return Err(Errno::ESRCH);
        }
        for pid in members {
            self.kernel.signal(pid, signal);
        }
        Ok(())
    }

    /// `waitpid(-1, &status, WNOHANG)`: the oldest child that ended and
    /// has not been collected, with its exit status (128 + n for signal n).
    pub(crate) fn waitpid(&mut self) -> Option<(Pid, i32)> {
        self.kernel.table.take_exited()
    }

    /// `tcsetpgrp`: makes `pgrp` the terminal's foreground group (`None`:
    /// the shell takes the terminal back).
    pub(crate) fn tcsetpgrp(&mut self, pgrp: Option<Pid>) {
        self.kernel.table.set_foreground(pgrp);
    }

    /// `tcgetpgrp`: the terminal's foreground group, `None` while the
    /// shell holds the terminal.
    pub(crate) fn tcgetpgrp(&self) -> Option<Pid> {
        self.kernel.table.foreground()
    }

    /// The running processes, pid and command name, in pid order (what
    /// `ps` reads from `/proc`).
    pub(crate) fn processes(&self) -> Vec<(Pid, String)> {
        self.kernel
            .table
            .iter()
            .map(|(pid, p)| (*pid, p.name.clone()))
            .collect()
    }

    /// `pipe()`: a new pipe with both ends open.
    pub(crate) fn pipe(&mut self) -> PipeId {
        self.kernel.host.pipes.create()
    }

    /// `write` to a pipe; false if its reader has gone (EPIPE).
    pub(crate) fn write_pipe(&mut self, id: PipeId, text: &str) -> bool {
        self.kernel.host.pipes.write(id, text)
    }

    /// `read` of a pipe: what waits in it, and whether its writers have
    /// all gone (end of file).
    pub(crate) fn read_pipe(&mut self, id: PipeId) -> (String, bool) {
        let r = self.kernel.host.pipes.read(id);
        (r.data, r.eof)
    }

    /// `getdents` of directory `dir` (absolute): the names in it without
    /// `.` and `..` (bash 5.2's `globskipdots`), or None if it cannot be
    /// listed. The shell lists as root: a glob sees every directory.
    pub(crate) fn read_dir(&self, dir: &str) -> Option<Vec<String>> {
        let host = &self.kernel.host;
        let mut names: Vec<String> =
            if let Some(list) = crate::procfs::list(host, crate::net::HOST_NS, dir) {
                list.into_iter().map(|(name, _)| name).collect()
            } else {
                host.files
                    .readdir(crate::host::files::Cred::ROOT, dir)
                    .ok()?
                    .into_iter()
                    .map(|e| e.name)
                    .filter(|n| n != "." && n != "..")
                    .collect()
            };
        names.sort();
        names.dedup();
        Some(names)
    }

    /// The shell ran `units` steps of its own: CPU work, counted as the
    /// kernel counts a process's runs (a line run to its end is bounded
    /// by its work: an endless `while :; do :; done` stops).
    pub(crate) fn account_work(&mut self, units: u64) {
        self.kernel.add_work(units);
    }

    /// `access(path, X_OK)`: whether the caller (root or the user) may
    /// execute the file: an execute bit for it, as the kernel checks (root
    /// needs one bit of the three).
    pub(crate) fn access_exec(&self, path: &str, as_root: bool) -> Result<(), Errno> {
        let cred = if as_root {
            crate::host::files::Cred::ROOT
        } else {
            crate::host::files::Cred {
                uid: 1000,
                gid: 1000,
            }
        };
        self.kernel
            .host
            .files
            .access(cred, path, crate::host::files::X_OK)
    }

    /// `close` of a pipe's read end.
    pub(crate) fn close_reader(&mut self, id: PipeId) {
        self.kernel.host.pipes.close_reader(id);
    }

    /// `close` of a pipe's write end.
    pub(crate) fn close_writer(&mut self, id: PipeId) {
        self.kernel.host.pipes.close_writer(id);
    }

    /// `write` to the terminal the current line was typed in.
    pub(crate) fn write(&mut self, stream: Stream, text: &str) {
        self.kernel.terminal.write(stream, text);
    }

    /// `write` to terminal `terminal` (a job's notice goes to the terminal
    /// it was started from).
    pub(crate) fn write_tty(&mut self, terminal: u32, stream: Stream, text: &str) {
        let k = &mut *self.kernel;
        k.terminal.set_terminal(terminal);
        k.terminal.write(stream, text);
        k.terminal.set_terminal(k.line_terminal);
    }

    /// `ttyname`: the terminal the current line was typed in.
    pub(crate) fn ttyname(&self) -> u32 {
        self.kernel.line_terminal
    }

    /// A new command begins: the terminal settles its window of unread
    /// lines ([`crate::output::OutputBuffer::begin_command`]).
    pub(crate) fn begin_command(&mut self) {
        self.kernel.terminal.begin_command();
    }

    /// `clock_gettime(CLOCK_MONOTONIC)`: the lab's clock (`time`).
    pub(crate) fn clock_gettime(&self) -> crate::time::Instant {
        self.kernel.now()
    }

    /// The named network namespace `name` (`ip netns add`'s), as
    /// `open("/run/netns/NAME")` finds it.
    pub(crate) fn netns_by_name(&self, name: &str) -> Option<crate::sys::NsId> {
        self.kernel.host.net.named_ns(name)
    }

    /// `gethostname`.
    pub(crate) fn gethostname(&self) -> String {
        self.kernel.host.hostname.clone()
    }

    /// `open(path, O_WRONLY|O_CREAT|O_TRUNC)` (or `O_APPEND`) for a
    /// redirection, as `as_root` or not: creates (0666 & ~umask) or
    /// truncates the file; a `/proc` file is checked by the kernel (a
    /// sysctl takes its value when written).
    pub(crate) fn open_write(
        &mut self,
        path: &str,
        append: bool,
        as_root: bool,
    ) -> Result<(), FileError> {
        self.stamp_now();
        let host = &mut self.kernel.host;
        if let Some(r) = crate::procfs::open_for_write(host, crate::net::HOST_NS, path, as_root) {
            return r;
        }
        if path.starts_with("/proc/") {
            return Err(Errno::ENOENT);
        }
        if path.starts_with("/sys/") {
            return Err(Errno::EACCES);
        }
        let flags = crate::host::files::ops::OpenFlags {
            write: true,
            create: true,
            truncate: !append,
            append,
            ..Default::default()
        };
        let mode = 0o666 & !crate::sys::fs::UMASK;
        host.files
            .open(cred(as_root), path, flags, mode)
            .map(|_| ())
    }

    /// `open(path, O_RDONLY)` and read it whole (a `<` redirection), with
    /// the permissions of root or of the user.
    pub(crate) fn read_file(&self, path: &str, as_root: bool) -> Result<String, FileError> {
        let host = &self.kernel.host;
        if let Some(r) = crate::procfs::read(host, crate::net::HOST_NS, path) {
            return r;
        }
        let flags = crate::host::files::ops::OpenFlags {
            read: true,
            ..Default::default()
        };
        let ino = host.files.resolve(cred(as_root), path, true)?;
        if !host
            .files
            .permits(cred(as_root), ino, crate::host::files::R_OK)
        {
            return Err(Errno::EACCES);
        }
        let _ = flags;
        let bytes = host.files.data(ino)?;
        Ok(String::from_utf8_lossy(bytes).into_owned())
    }

    /// `write` to a file opened for appending (a built-in's redirected
    /// output).
    pub(crate) fn append_file(&mut self, path: &str, text: &str) -> Result<(), FileError> {
        self.stamp_now();
        let host = &mut self.kernel.host;
        // A sysctl file: the kernel parses the value at write time.
        if let Some(r) = crate::procfs::write(host, crate::net::HOST_NS, path, text) {
            return r;
        }
        host.files.write(path, text, true, true)
    }

    /// Moves the file system's clock to the kernel's wall-clock time.
    fn stamp_now(&mut self) {
        let micros = self.kernel.now.micros();
        self.kernel.host.files.set_now(crate::host::files::Stamp {
            sec: crate::host::EPOCH_AT_START + micros / 1_000_000,
            nsec: (micros % 1_000_000) as u32 * 1_000,
        });
    }

    /// `stat(path)`: a directory, a file, or `None` (ENOENT).
    pub(crate) fn stat(&self, path: &str) -> Option<FileType> {
        let host = &self.kernel.host;
        if path.trim_end_matches('/') != "/proc"
            && crate::procfs::list(host, crate::net::HOST_NS, path).is_some()
        {
            return Some(FileType::Directory);
        }
        match crate::procfs::read(host, crate::net::HOST_NS, path) {
            Some(Ok(_)) => Some(FileType::Regular),
            Some(Err(_)) => None,
            None => host.files.stat(path),
        }
    }
}

/// Root, or the first user (uid and gid 1000).
fn cred(as_root: bool) -> crate::host::files::Cred {
    if as_root {
        crate::host::files::Cred::ROOT
    } else {
        crate::host::files::Cred {
            uid: 1000,
            gid: 1000,
        }
    }
}
