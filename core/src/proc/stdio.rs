//! The spawn's `dup2`s: a process's standard streams, as the shell wired
//! them ([`Stdio`]), become its descriptors 0, 1 and 2 in the kernel's
//! table, where it reads and writes them through the system calls and
//! where its exit closes them.

use alloc::string::String;

use crate::fd::{Access, Fd, OpenFile};
use crate::host::Host;
use crate::host::files::DEV_NULL;
use crate::output::Stream;
use crate::process::{Pid, Sink, Stdio};

/// Installs `stdio` as descriptors 0, 1 and 2 of the new process `pid`:
/// standard input is the pipe from the previous command, else the file
/// `<` opened, else the terminal; standard output and error are where
/// their sinks point (`2>&1` is a second descriptor on the same file).
pub(super) fn install(host: &mut Host, pid: Pid, stdio: &Stdio) {
    let stdin = match (&stdio.stdin_pipe, &stdio.stdin_file) {
        (Some(id), _) => OpenFile::PipeRead(*id),
        (None, Some(path)) if path == DEV_NULL => OpenFile::DevNull,
        (None, Some(path)) => OpenFile::File {
            path: path.clone(),
            ino: inode_of(host, path),
            access: Access::Read { offset: 0 },
        },
        (None, None) => OpenFile::Terminal(Stream::Stdout),
    };
    crate::sys::stdio::dup2(host, pid, Fd(0), stdin);
    let (out, err) = (open(host, &stdio.stdout), open(host, &stdio.stderr));
    crate::sys::stdio::dup2(host, pid, Fd(1), out);
    crate::sys::stdio::dup2(host, pid, Fd(2), err);
}

/// The inode the redirection opened at `path` (`None` for a `/proc` file).
fn inode_of(host: &Host, path: &str) -> Option<u64> {
    let cred = crate::host::files::Cred::ROOT;
    host.files.resolve(cred, path, true).ok().map(|i| i.0)
}

/// The open file an output sink names.
fn open(host: &Host, sink: &Sink) -> OpenFile {
    match sink {
        Sink::Terminal(stream) => OpenFile::Terminal(*stream),
        Sink::Pipe(id) => OpenFile::PipeWrite(*id),
        Sink::File { path, .. } if path == DEV_NULL => OpenFile::DevNull,
        Sink::File { path, append } => OpenFile::File {
            path: String::from(path.as_str()),
            ino: inode_of(host, path),
            access: Access::Write { append: *append },
        },
    }
}

#[cfg(test)]
mod tests {
    use alloc::boxed::Box;
    use alloc::string::String;
    use alloc::vec::Vec;

    use super::super::{Image, Kernel, Launch, Signal, Spawn};
    use crate::fd::Fd;
    use crate::host::{Host, User};
    use crate::process::{Ctx, Process, Sink, Started, Stdio};
    use crate::sys::{Errno, FileKind, PollEvents, Read};

    /// A process that runs until a signal ends it.
    #[derive(Debug)]
    struct Sleeper;

    impl Process for Sleeper {
        fn poll(&mut self, _: &mut Ctx<'_>) -> Option<i32> {
            None
        }
    }

    /// Spawns a sleeper with `stdio`, handing back what its start saw:
    /// its descriptors and the kind of each of 0, 1 and 2.
    fn spawn(k: &mut Kernel, stdio: Stdio) -> (u32, Vec<Fd>, Vec<FileKind>) {
        let mut calls = k.calls();
        let pid = calls.fork_pid();
        let image = Image::child(User::User, String::from("/"), stdio);
        let launch = Launch {
            name: String::from("sleep"),
            pgid: pid,
        };
        let mut seen = (Vec::new(), Vec::new());
        let spawned = calls.spawn(pid, image, launch, |ctx| {
            let sys = ctx.sys();
            seen.0 = sys.open_fds();
            seen.1 = (0..3).filter_map(|n| sys.file_kind(Fd(n)).ok()).collect();
            Started::Running(Box::new(Sleeper))
        });
        assert!(matches!(spawned, Spawn::Running));
        (pid, seen.0, seen.1)
    }

    #[test]
    fn a_piped_command_holds_0_1_2_and_its_sockets_start_at_3() {
        let mut k = Kernel::new(Host::debian("lab", 1));
        let (pipe_in, pipe_out) = (k.calls().pipe(), k.calls().pipe());
        let stdio = Stdio {
            stdout: Sink::Pipe(pipe_out),
            stdin_pipe: Some(pipe_in),
            ..Stdio::default()
        };
        let (pid, fds, kinds) = spawn(&mut k, stdio);
        assert_eq!(fds, [Fd(0), Fd(1), Fd(2)]);
        use FileKind::{Fifo, Terminal};
        assert_eq!(kinds, [Fifo, Fifo, Terminal]);
        let mut sys = crate::sys::Sys::new(&mut k.host, pid, 0, 1000, k.now);
        let fd = sys.socket(crate::sys::Family::Inet, crate::sys::SockType::Dgram);
        assert_eq!(fd, Ok(Fd(3)));
        assert_eq!(sys.open_fds(), [Fd(0), Fd(1), Fd(2), Fd(3)]);
        assert_eq!(sys.fd_path(Fd(1)), Ok(alloc::format!("pipe:[{pipe_out}]")));
        assert_eq!(sys.read(Fd(1)), Err(Errno::EBADF), "a write end");
    }

    #[test]
    fn a_killed_writer_s_exit_closes_its_pipe_end_and_a_dead_reader_is_epipe() {
        let mut k = Kernel::new(Host::debian("lab", 1));
        let pipe = k.calls().pipe();
        // `sleep | sleep 2>&1`-like: the writer holds the write end twice.
        let writer = Stdio {
            stdout: Sink::Pipe(pipe),
            stderr: Sink::Pipe(pipe),
            ..Stdio::default()
        };
        let (w, ..) = spawn(&mut k, writer);
        let reader = Stdio {
            stdin_pipe: Some(pipe),
            ..Stdio::default()
        };
        let (r, ..) = spawn(&mut k, reader);
        // The shell closes its own ends once both are forked.
        k.calls().close_writer(pipe);
        k.calls().close_reader(pipe);
        let read =
            |k: &mut Kernel| crate::sys::Sys::new(&mut k.host, r, 0, 1000, k.now).read(Fd(0));
        let poll = |k: &mut Kernel, pid, fd| {
            crate::sys::Sys::new(&mut k.host, pid, 0, 1000, k.now).poll(fd)
        };
        assert_eq!(poll(&mut k, r, Fd(0)), Ok(PollEvents::NONE), "nothing yet");
        assert_eq!(poll(&mut k, w, Fd(1)), Ok(PollEvents::OUT));
        assert_eq!(read(&mut k), Ok(Read::default()), "the writer runs");
        assert_eq!(k.calls().kill(w, Signal::Kill), Ok(()));
        assert_eq!(
            read(&mut k),
            Ok(Read {
                data: String::new(),
                eof: true
            }),
            "kill -9 closed both of its descriptors on the write end"
        );
        assert_eq!(poll(&mut k, r, Fd(0)), Ok(PollEvents::IN | PollEvents::HUP));
        // A new writer on the same pipe once the reader has gone: EPIPE.
        k.host.pipes.open_writer(pipe);
        let (w2, ..) = spawn(
            &mut k,
            Stdio {
                stdout: Sink::Pipe(pipe),
                ..Stdio::default()
            },
        );
        k.host.pipes.close_writer(pipe);
        assert_eq!(k.calls().kill(r, Signal::Term), Ok(()));
        let mut sys = crate::sys::Sys::new(&mut k.host, w2, 0, 1000, k.now);
        assert_eq!(sys.poll(Fd(1)), Ok(PollEvents::OUT | PollEvents::ERR));
        assert_eq!(sys.write(Fd(1), "x\n"), Err(Errno::EPIPE));
        assert_eq!(k.calls().kill(w2, Signal::Kill), Ok(()));
        assert!(
            k.host.pipes.is_empty(),
            "every end closed with its last descriptor"
        );
    }

    #[test]
    fn a_redirection_s_file_is_read_and_written_through_the_descriptors() {
        let mut k = Kernel::new(Host::debian("lab", 1));
        k.host.files.write("/tmp/in", "a\nb\n", false, true).ok();
        k.host.files.write("/tmp/out", "", false, true).ok();
        let stdio = Stdio {
            stdout: Sink::File {
                path: String::from("/tmp/out"),
                append: false,
            },
            stderr: Sink::File {
                path: String::from(crate::host::files::DEV_NULL),
                append: true,
            },
            stdin_file: Some(String::from("/tmp/in")),
            ..Stdio::default()
        };
        let (pid, _, kinds) = spawn(&mut k, stdio);
        use FileKind::{CharDevice, Regular};
        assert_eq!(kinds, [Regular, Regular, CharDevice]);
        let mut sys = crate::sys::Sys::new(&mut k.host, pid, 0, 1000, k.now);
        let all = sys.read(Fd(0)).map(|r| r.data);
        assert_eq!(all, Ok(String::from("a\nb\n")));
        assert_eq!(
            sys.read(Fd(0)).map(|r| r.data),
            Ok(String::new()),
            "at the end"
        );
        assert_eq!(sys.write(Fd(1), "one\n"), Ok(4));
        assert_eq!(sys.write(Fd(1), "two\n"), Ok(4));
        assert_eq!(sys.write(Fd(2), "lost\n"), Ok(5));
        assert_eq!(sys.write(Fd(0), "x"), Err(Errno::EBADF));
        assert_eq!(k.host.files.read("/tmp/out"), Ok("one\ntwo\n"));
    }
}
