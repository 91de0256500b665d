//! The kernel's half of the process table: each process's open files
//! (descriptors) and its command name.
//!
//! A descriptor is a small integer that means something only to the
//! process that holds it, as on Linux: 0, 1 and 2 are the standard streams
//! the spawn installs (a pipe's end, a file a redirection opened, the
//! terminal, `/dev/null`; [`Tasks::install_at`]), `socket()` returns the
//! lowest free number from 3 up, `close()` frees it, and a process that
//! ends, however it ends, has every descriptor closed by [`Tasks::exit`].

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use crate::net::raw::RawId;
use crate::net::sockets::SocketId;
use crate::output::Stream;
use crate::pipe::PipeId;
use crate::trace::NsId;

/// A process id.
pub type Pid = u32;

/// A file descriptor, as a process sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fd(pub i32);

impl core::fmt::Display for Fd {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The first descriptor `socket()` can return: 0, 1 and 2 are taken.
pub const FIRST_FREE_FD: i32 = 3;

/// The most descriptors one process may hold (`ulimit -n`, Debian's soft
/// limit); one more is EMFILE.
pub const OPEN_MAX: usize = 1024;

/// How a regular file was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// `O_RDONLY` (a `<` redirection), read from `offset`.
    Read {
        /// How many bytes were read so far.
        offset: usize,
    },
    /// `O_WRONLY` (`>`: truncated at open) or `O_APPEND` (`>>`): every
    /// write goes to the end.
    Write {
        /// Opened with `O_APPEND`.
        append: bool,
    },
}

/// What a descriptor refers to (the kernel's `struct file`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum OpenFile {
    /// The read end of a pipe.
    PipeRead(PipeId),
    /// The write end of a pipe.
    PipeWrite(PipeId),
    /// A file of the file system (or a `/proc` file), as a redirection
    /// opened it.
    File {
        /// Its absolute path.
        path: String,
        /// The inode it opened (`None` for a computed `/proc` file): a
        /// rename or unlink after the open does not move the descriptor.
        ino: Option<u64>,
        /// Read or write, and where.
        access: Access,
    },
    /// The terminal the process was started from; what is written shows
    /// as `stream` (the lab's terminal keeps stdout and stderr apart).
    Terminal(Stream),
    /// `/dev/null`.
    DevNull,
    /// An inet socket (TCP, UDP or ICMP echo) in a namespace's table.
    Socket {
        /// The namespace it was created in (it stays there).
        ns: NsId,
        /// Its id in that namespace's socket table.
        sid: SocketId,
    },
    /// A raw IP socket (`SOCK_RAW`).
    Raw(RawId),
    /// A packet socket reading the capture of one namespace.
    Packet {
        /// The namespace whose interfaces it sees.
        ns: NsId,
        /// The interface it is bound to (`None`: every one).
        ifindex: Option<crate::iface::IfIndex>,
        /// The number of the next capture frame to read.
        next: u64,
    },
}

/// One process as the kernel knows it.
#[derive(Clone, Debug, Default)]
struct Task {
    /// The command name (`/proc/PID/comm`, `ss -p`).
    comm: String,
    /// Open descriptors.
    files: BTreeMap<i32, OpenFile>,
    /// The network namespace it moved itself into with `setns`, if any
    /// (else the one it was started in).
    netns: Option<NsId>,
    /// It logged in to a LAN machine: it runs as root in root's home
    /// there (the credentials the remote sshd gave the session).
    logged_in: bool,
    /// The user it runs as (`/proc/PID`'s owner), as its `execve` set it
    /// (`None` before it exec'd anything).
    uid: Option<u32>,
}

/// Every process's descriptors.
#[derive(Clone, Debug, Default)]
pub struct Tasks {
    tasks: BTreeMap<Pid, Task>,
}

impl Tasks {
    /// Sets a process's command name, as `execve` does (a process that
    /// was never named is created here).
    pub(crate) fn set_comm(&mut self, pid: Pid, comm: &str) {
        let task = self.tasks.entry(pid).or_default();
        task.comm = String::from(comm);
    }

    /// Records the user a process runs as (its credentials at `execve`).
    pub(crate) fn set_uid(&mut self, pid: Pid, uid: u32) {
        self.tasks.entry(pid).or_default().uid = Some(uid);
    }

    /// The user a process runs as, if the kernel knows the process.
    pub fn uid(&self, pid: Pid) -> Option<u32> {
        self.tasks.get(&pid).and_then(|t| t.uid)
    }

    /// Records the namespace a process moved itself into (`setns`).
    pub(crate) fn set_netns(&mut self, pid: Pid, ns: NsId) {
        self.tasks.entry(pid).or_default().netns = Some(ns);
    }

    /// Records that a process logged in to a LAN machine (`ssh`).
    pub(crate) fn set_logged_in(&mut self, pid: Pid) {
        self.tasks.entry(pid).or_default().logged_in = true;
    }

    /// Whether a process runs in a login session on a LAN machine.
    pub fn logged_in(&self, pid: Pid) -> bool {
        self.tasks.get(&pid).is_some_and(|t| t.logged_in)
    }

    /// The namespace a process moved itself into, if it did.
    pub fn netns(&self, pid: Pid) -> Option<NsId> {
        self.tasks.get(&pid).and_then(|t| t.netns)
    }

    /// The command name of a process ("" if it never exec'd a program).
    pub(crate) fn comm(&self, pid: Pid) -> &str {
        self.tasks.get(&pid).map_or("", |t| t.comm.as_str())
    }

    /// Installs `file` at the lowest free descriptor.
    pub(crate) fn install(&mut self, pid: Pid, file: OpenFile) -> Option<Fd> {
        let task = self.tasks.entry(pid).or_default();
        if task.files.len() >= OPEN_MAX {
            return None;
        }
        let mut fd = FIRST_FREE_FD;
        for &used in task.files.range(FIRST_FREE_FD..).map(|(n, _)| n) {
            if used != fd {
                break;
            }
            fd += 1;
        }
        task.files.insert(fd, file);
        Some(Fd(fd))
    }

    /// What `fd` of process `pid` refers to.
    pub(crate) fn get(&self, pid: Pid, fd: Fd) -> Option<OpenFile> {
        self.tasks.get(&pid)?.files.get(&fd.0).cloned()
    }

    /// Installs `file` at descriptor `fd` (`dup2`), handing back what was
    /// open there (the caller closes it).
    pub(crate) fn install_at(&mut self, pid: Pid, fd: Fd, file: OpenFile) -> Option<OpenFile> {
        self.tasks.entry(pid).or_default().files.insert(fd.0, file)
    }

    /// Moves a file's read position to `offset`.
    pub(crate) fn set_read_offset(&mut self, pid: Pid, fd: Fd, offset: usize) {
        if let Some(OpenFile::File {
            access: Access::Read { offset: o },
            ..
        }) = self
            .tasks
            .get_mut(&pid)
            .and_then(|t| t.files.get_mut(&fd.0))
        {
            *o = offset;
        }
    }

    /// Moves a packet socket's read position to capture frame `next`.
    pub(crate) fn set_packet_cursor(&mut self, pid: Pid, fd: Fd, next: u64) {
        if let Some(OpenFile::Packet { next: n, .. }) = self
            .tasks
            .get_mut(&pid)
            .and_then(|t| t.files.get_mut(&fd.0))
        {
            *n = next;
        }
    }

    /// Removes `fd` from the process's table, returning what it referred to.
    pub(crate) fn remove(&mut self, pid: Pid, fd: Fd) -> Option<OpenFile> {
        self.tasks.get_mut(&pid)?.files.remove(&fd.0)
    }

    /// Forgets the process, returning every file it still held open (the
    /// caller closes them).
    pub(crate) fn exit(&mut self, pid: Pid) -> Vec<OpenFile> {
        self.tasks
            .remove(&pid)
            .map(|t| t.files.into_values().collect())
            .unwrap_or_default()
    }

    /// The descriptors a process holds, lowest first.
    pub fn fds(&self, pid: Pid) -> Vec<Fd> {
        self.tasks
            .get(&pid)
            .map(|t| t.files.keys().map(|&n| Fd(n)).collect())
            .unwrap_or_default()
    }

    /// The processes the kernel knows, with their command names.
    pub fn processes(&self) -> impl Iterator<Item = (Pid, &str)> {
        self.tasks.iter().map(|(p, t)| (*p, t.comm.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sock(n: u32) -> OpenFile {
        OpenFile::Socket {
            ns: 0,
            sid: SocketId(n),
        }
    }

    #[test]
    fn descriptors_start_at_three_and_reuse_the_lowest_free() {
        let mut t = Tasks::default();
        assert_eq!(t.install(7, sock(1)), Some(Fd(3)));
        assert_eq!(t.install(7, sock(2)), Some(Fd(4)));
        assert_eq!(t.install(7, sock(3)), Some(Fd(5)));
        assert_eq!(t.remove(7, Fd(4)), Some(sock(2)));
        assert_eq!(t.install(7, sock(4)), Some(Fd(4)));
        assert_eq!(t.get(7, Fd(4)), Some(sock(4)));
        // Another process has its own numbers.
        assert_eq!(t.install(8, sock(5)), Some(Fd(3)));
        assert_eq!(t.get(8, Fd(4)), None);
    }

    #[test]
    fn sockets_start_at_three_above_the_standard_streams() {
        let mut t = Tasks::default();
        for n in 0..3 {
            assert_eq!(t.install_at(7, Fd(n), OpenFile::DevNull), None);
        }
        assert_eq!(t.install(7, sock(1)), Some(Fd(3)));
        assert_eq!(t.install(7, sock(2)), Some(Fd(4)));
        assert_eq!(t.fds(7), [Fd(0), Fd(1), Fd(2), Fd(3), Fd(4)]);
        assert_eq!(t.get(7, Fd(3)), Some(sock(1)));
    }

    #[test]
    fn exit_hands_back_every_open_file() {
        let mut t = Tasks::default();
        t.set_comm(7, "nc");
        t.install(7, sock(1));
        t.install(7, OpenFile::Raw(RawId(9)));
        assert_eq!(t.comm(7), "nc");
        let left = t.exit(7);
        assert_eq!(left.len(), 2);
        assert!(t.fds(7).is_empty());
        assert_eq!(t.comm(7), "");
    }

    #[test]
    fn a_full_table_is_emfile() {
        let mut t = Tasks::default();
        for n in 0..OPEN_MAX {
            assert!(t.install(1, sock(n as u32)).is_some());
        }
        assert_eq!(t.install(1, sock(0)), None);
    }
}
