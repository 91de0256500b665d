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
            access: Access::Read { offset: 0 },
        },
        (None, None) => OpenFile::Terminal(Stream::Stdout),
    };
    crate::sys::stdio::dup2(host, pid, Fd(0), stdin);
    crate::sys::stdio::dup2(host, pid, Fd(1), open(&stdio.stdout));
    crate::sys::stdio::dup2(host, pid, Fd(2), open(&stdio.stderr));
}

/// The open file an output sink names.
fn open(sink: &Sink) -> OpenFile {
    match sink {
        Sink::Terminal(stream) => OpenFile::Terminal(*stream),
        Sink::Pipe(id) => OpenFile::PipeWrite(*id),
        Sink::File { path, .. } if path == DEV_NULL => OpenFile::DevNull,
        Sink::File { path, append } => OpenFile::File {
            path: String::from(path.as_str()),
            access: Access::Write { append: *append },
        },
    }
}
