//! The standard streams as descriptors: `read`, `write`, `isatty`,
//! `fstat`'s file type and `readlink /proc/self/fd/N` on descriptors 0, 1
//! and 2 (or any other that is not a socket), and the spawn's `dup2` that
//! installs them ([`dup2`]).
//!
//! What a descriptor refers to is the kernel's ([`OpenFile`]): a pipe's read
//! or write end, a file a redirection opened (a `/proc/sys` file takes its
//! value when written), the terminal, `/dev/null`. A write to a pipe whose
//! readers are gone is `EPIPE` (the process then dies of SIGPIPE).

use alloc::format;
use alloc::string::String;

use super::{Errno, Fd, Pid, Sys};
use crate::fd::{Access, OpenFile};
use crate::host::Host;

/// What a `read` gave: the bytes that were waiting (possibly none) and
/// whether the end of the input was reached (a pipe's every writer gone,
/// the end of a file, `/dev/null`).
pub use crate::pipe::PipeRead as Read;

/// What kind of file a descriptor refers to (`fstat`'s `S_IFMT`, and
/// `isatty`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A pipe (`S_IFIFO`).
    Fifo,
    /// A regular file (`S_IFREG`).
    Regular,
    /// A terminal (`S_IFCHR`, `isatty` true).
    Terminal,
    /// A character device that is not a terminal (`/dev/null`).
    CharDevice,
    /// A socket (`S_IFSOCK`).
    Socket,
}

impl Sys<'_> {
    /// `write(fd, text)`: the bytes written, or EPIPE (every reader of the
    /// pipe gone), EBADF (not open for writing), or the file's error
    /// (EISDIR, EFBIG, EACCES; a `/proc/sys` file's EINVAL for a value the
    /// kernel refuses).
    pub fn write(&mut self, fd: Fd, text: &str) -> Result<usize, Errno> {
        let file = self.host.tasks.get(self.pid, fd).ok_or(Errno::EBADF)?;
        match file {
            OpenFile::Terminal(stream) => {
                if let Some(tty) = self.tty.as_deref_mut() {
                    tty.write(stream, text);
                }
            }
            OpenFile::DevNull => {}
            OpenFile::PipeWrite(id) => {
                if !self.host.pipes.write(id, text) {
                    return Err(Errno::EPIPE);
                }
            }
            OpenFile::File {
                path,
                ino,
                access: Access::Write { .. },
            } => {
                // A sysctl file: the kernel parses the value at write time.
                if let Some(r) = crate::procfs::write(self.host, self.ns, &path, text) {
                    r?;
                } else {
                    // Checked and truncated at open: every write goes to
                    // the end of the inode opened, wherever it was renamed
                    // to; one removed since takes the bytes to nowhere.
                    let stamp = self.clock_gettime(super::ClockId::Realtime);
                    let files = &mut self.host.files;
                    files.set_now(crate::host::files::Stamp {
                        sec: stamp.sec,
                        nsec: stamp.nsec,
                    });
                    let target = match ino {
                        Some(i) => Ok(crate::host::files::Ino(i)),
                        None => files.resolve(crate::host::files::Cred::ROOT, &path, true),
                    };
                    match target {
                        Ok(ino) => match files.write_ino(ino, text.as_bytes(), true) {
                            Err(Errno::ENOENT) => {}
                            r => r?,
                        },
                        Err(Errno::ENOENT) => {}
                        Err(e) => return Err(e),
                    }
                }
            }
            OpenFile::Socket { .. } => return self.send(fd, text.as_bytes()),
            OpenFile::PipeRead(_)
            | OpenFile::File {
                access: Access::Read { .. },
                ..
            }
            | OpenFile::Raw(_)
            | OpenFile::Packet { .. } => return Err(Errno::EBADF),
        }
        Ok(text.len())
    }

    /// `read(fd)` of everything available now: a pipe's waiting bytes
    /// (end-of-file once every writer has gone), the rest of a file, nothing
    /// from `/dev/null` (end-of-file) or the terminal (nobody types ahead in
    /// the lab). EBADF if `fd` is not open for reading.
    pub fn read(&mut self, fd: Fd) -> Result<Read, Errno> {
        let file = self.host.tasks.get(self.pid, fd).ok_or(Errno::EBADF)?;
        match file {
            OpenFile::PipeRead(id) => Ok(self.host.pipes.read(id)),
            OpenFile::DevNull => Ok(Read {
                data: String::new(),
                eof: true,
            }),
            OpenFile::Terminal(_) => Ok(Read::default()),
            OpenFile::File {
                path,
                ino,
                access: Access::Read { offset },
            } => {
                let data = match crate::procfs::read(self.host, self.ns, &path) {
                    Some(r) => String::from(r?.get(offset..).unwrap_or_default()),
                    None => super::fs::file_text(self.host, &path, ino, offset)?,
                };
                let end = offset.saturating_add(data.len());
                self.host.tasks.set_read_offset(self.pid, fd, end);
                Ok(Read { data, eof: true })
            }
            _ => Err(Errno::EBADF),
        }
    }

    /// `fstat(fd)`'s file type; EBADF if `fd` is not open.
    pub fn file_kind(&self, fd: Fd) -> Result<FileKind, Errno> {
        file_kind(self.host, self.pid, fd)
    }

    /// `isatty(fd)`.
    pub fn isatty(&self, fd: Fd) -> bool {
        self.file_kind(fd) == Ok(FileKind::Terminal)
    }

    /// `readlink("/proc/self/fd/N")`: a file's path, `pipe:[N]`,
    /// `/dev/pts/0` for the terminal, `socket:[N]`; EBADF if not open.
    pub fn fd_path(&self, fd: Fd) -> Result<String, Errno> {
        let file = self.host.tasks.get(self.pid, fd).ok_or(Errno::EBADF)?;
        Ok(link_of(file))
    }
}

/// What `/proc/PID/fd/N` links to for an open file: its path, `pipe:[N]`,
/// `/dev/pts/0`, or `socket:[INODE]` (the inode `/proc/net/tcp` lists).
pub(crate) fn link_of(file: OpenFile) -> String {
    match file {
        OpenFile::PipeRead(id) | OpenFile::PipeWrite(id) => format!("pipe:[{id}]"),
        OpenFile::File { path, .. } => path,
        OpenFile::Terminal(_) => String::from("/dev/pts/0"),
        OpenFile::DevNull => String::from(crate::host::files::DEV_NULL),
        OpenFile::Socket { ns, sid } => {
            format!("socket:[{}]", crate::procfs::net::socket_inode(ns, sid))
        }
        OpenFile::Raw(id) => format!("socket:[{}]", crate::procfs::net::raw_inode(id.0)),
        OpenFile::Packet { ns, .. } => format!("socket:[{}]", 15_000 + u64::from(ns)),
    }
}

/// `fstat`'s file type of descriptor `fd` of process `pid` (also for the
/// context's read-only questions: is standard output a pipe, a terminal).
pub(crate) fn file_kind(host: &Host, pid: Pid, fd: Fd) -> Result<FileKind, Errno> {
    let file = host.tasks.get(pid, fd).ok_or(Errno::EBADF)?;
    Ok(match file {
        OpenFile::PipeRead(_) | OpenFile::PipeWrite(_) => FileKind::Fifo,
        OpenFile::File { .. } => FileKind::Regular,
        OpenFile::Terminal(_) => FileKind::Terminal,
        OpenFile::DevNull => FileKind::CharDevice,
        OpenFile::Socket { .. } | OpenFile::Raw(_) | OpenFile::Packet { .. } => FileKind::Socket,
    })
}

/// `dup2(file, fd)` in the new process `pid` as the spawn sets up its
/// standard streams: `file` takes descriptor `fd` (a pipe's end counts one
/// more descriptor); what was open there is closed.
pub(crate) fn dup2(host: &mut Host, pid: Pid, fd: Fd, file: OpenFile) {
    match file {
        OpenFile::PipeRead(id) => host.pipes.open_reader(id),
        OpenFile::PipeWrite(id) => host.pipes.open_writer(id),
        _ => {}
    }
    if let Some(old) = host.tasks.install_at(pid, fd, file) {
        super::release(host, old);
    }
}
