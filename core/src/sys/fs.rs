//! File-system calls in Linux's shape, each checked for the calling
//! process's uid and gid and answering with its errno: `open` (a
//! descriptor on a file), whole-file reads and writes (`read_file`,
//! `write_file`: open, read or write, close as one call), `stat`/`lstat`,
//! `access`, `mkdir`, `rmdir`, `unlink`, `rename`, `link`, `symlink`,
//! `readlink`, `chmod`, `chown`/`lchown`, `truncate`, `utimensat`,
//! `getdents` (`readdir`) and `statfs`; the kernel's file system is
//! [`crate::host::files`].
//!
//! Paths are absolute: a program joins its working directory first, as
//! `openat(AT_FDCWD, ...)` would. `/proc` and `/sys` are the kernel's:
//! their files are computed ([`crate::procfs`]) and nothing may be made
//! or removed there (ENOENT under `/proc`, EPERM or EACCES under `/sys`,
//! as Linux answers even root).
//! A pipe's size (`F_GETPIPE_SZ`) is here too.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Errno, Fd, Sys};
use crate::fd::{Access, OpenFile};
/// The null device's path (`_PATH_DEVNULL`), the one character device.
pub use crate::host::files::DEV_NULL;
pub use crate::host::files::ops::{OpenFlags, TimeSpec};
use crate::host::files::{Cred, S_IFDIR, S_IFREG};
pub use crate::host::files::{
    DirEntry, FileError, FileType, R_OK, S_IFCHR, S_IFLNK, S_IFMT, S_ISGID, S_ISUID, S_ISVTX,
    Stamp, Stat, StatFs, W_OK, X_OK,
};

/// The file-mode creation mask every process has (Debian's `umask 022`).
pub const UMASK: u32 = 0o022;

/// Which pseudo file system a path is inside, if any.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pseudo {
    Proc,
    Sys,
}

/// The mount points of a Debian host's other file systems (`/proc`,
/// `/sys`, devtmpfs's `/dev`, `/run`): removing or renaming one is EBUSY.
fn mount_point(path: &str) -> bool {
    matches!(
        path.trim_end_matches('/'),
        "/proc" | "/sys" | "/dev" | "/run"
    )
}

fn pseudo(path: &str) -> Option<Pseudo> {
    if path.starts_with("/proc/") {
        Some(Pseudo::Proc)
    } else if path.starts_with("/sys/") {
        Some(Pseudo::Sys)
    } else {
        None
    }
}

impl Sys<'_> {
    /// The caller's credentials (each user's primary group has the
    /// user's number: Debian's user private groups).
    fn cred(&self) -> Cred {
        Cred {
            uid: self.uid,
            gid: self.uid,
        }
    }

    /// Moves the file system's clock to this call's wall-clock time.
    fn stamp_now(&mut self) {
        let t = self.clock_gettime(super::ClockId::Realtime);
        self.host.files.set_now(Stamp {
            sec: t.sec,
            nsec: t.nsec,
        });
    }

    /// `fcntl(fd, F_GETPIPE_SZ)` on a pipe: the bytes a pipe holds
    /// unread (the lab's pipes all have one size and never block a
    /// writer: see [`crate::pipe::PIPE_LIMIT`]).
    pub fn pipe_size(&self) -> usize {
        crate::pipe::PIPE_LIMIT
    }

    /// `umask()`: the creation mask (022).
    pub fn umask(&self) -> u32 {
        UMASK
    }

    /// `open(path, flags, mode)`: a descriptor on the file, created with
    /// `mode & ~umask` if `O_CREAT` and missing; read it with
    /// [`Sys::read`], write it with [`Sys::write`] (every write goes to
    /// the end). EACCES, ENOENT, EISDIR, ENOTDIR, EEXIST, ENOSPC, ELOOP,
    /// EMFILE.
    pub fn open(&mut self, path: &str, flags: OpenFlags, mode: u32) -> Result<Fd, Errno> {
        self.stamp_now();
        let ino = if let Some(p) = pseudo(path) {
            if let Some(r) = crate::procfs::read(self.host, self.ns, path) {
                r?;
                if flags.write && self.uid != 0 {
                    return Err(Errno::EACCES);
                }
                None
            } else if flags.create {
                return Err(if p == Pseudo::Proc {
                    Errno::ENOENT
                } else {
                    Errno::EACCES
                });
            } else {
                Some(self.host.files.resolve(self.cred(), path, true)?.0)
            }
        } else {
            let cred = self.cred();
            let ino = self
                .host
                .files
                .open(cred, path, flags, mode & !UMASK & 0o7777)?;
            Some(ino.0)
        };
        let access = if flags.write {
            Access::Write {
                append: flags.append,
            }
        } else {
            Access::Read { offset: 0 }
        };
        let file = if path == DEV_NULL {
            OpenFile::DevNull
        } else {
            OpenFile::File {
                path: String::from(path),
                ino,
                access,
            }
        };
        self.host.tasks.install(self.pid, file).ok_or(Errno::EMFILE)
    }

    /// Reads a text file whole (a `/proc` file is computed for the
    /// process's namespace): `open(O_RDONLY)`, `read`, `close`. EACCES,
    /// ENOENT, EISDIR; EINVAL for bytes that are not text.
    pub fn read_file(&self, path: &str) -> Result<String, Errno> {
        if let Some(r) = crate::procfs::read(self.host, self.ns, path) {
            return r;
        }
        let bytes = self.read_binary(path)?;
        String::from_utf8(bytes).map_err(|_| Errno::EINVAL)
    }

    /// Reads a file's bytes whole (text or binary).
    pub fn read_binary(&self, path: &str) -> Result<Vec<u8>, Errno> {
        if let Some(r) = crate::procfs::read(self.host, self.ns, path) {
            return r.map(String::into_bytes);
        }
        let fs = &self.host.files;
        let ino = fs.resolve(self.cred(), path, true)?;
        if !fs.permits(self.cred(), ino, R_OK) {
            return Err(Errno::EACCES);
        }
        fs.data(ino).map(<[u8]>::to_vec)
    }

    /// Writes `text` to `path` (created 0666 & ~umask if missing),
    /// truncating it first or appending. EACCES, ENOENT, EISDIR, ENOSPC.
    pub fn write_file(&mut self, path: &str, text: &str, append: bool) -> Result<(), Errno> {
        self.write_bytes(path, text.as_bytes(), append)
    }

    /// Writes a binary file, replacing it.
    pub fn write_binary(&mut self, path: &str, bytes: &[u8]) -> Result<(), Errno> {
        self.write_bytes(path, bytes, false)
    }

    fn write_bytes(&mut self, path: &str, bytes: &[u8], append: bool) -> Result<(), Errno> {
        self.stamp_now();
        if let Some(p) = pseudo(path) {
            return match crate::procfs::read(self.host, self.ns, path) {
                Some(Ok(_)) if self.uid != 0 => Err(Errno::EACCES),
                Some(Ok(_)) => {
                    let text = core::str::from_utf8(bytes).map_err(|_| Errno::EINVAL)?;
                    crate::procfs::write(self.host, self.ns, path, text).unwrap_or(Err(Errno::EIO))
                }
                Some(Err(e)) => Err(e),
                None if p == Pseudo::Proc => Err(Errno::ENOENT),
                None => Err(Errno::EACCES),
            };
        }
        let cred = self.cred();
        self.host.files.write_as(path, bytes, append, cred, UMASK)
    }

    /// Whether `path` is a directory (`stat` and `S_ISDIR`).
    pub fn is_dir(&self, path: &str) -> bool {
        self.stat(path)
            .is_ok_and(|s| s.kind() == FileType::Directory)
    }

    /// Whether `path` is a regular file (`stat` and `S_ISREG`).
    pub fn is_file(&self, path: &str) -> bool {
        self.stat(path).is_ok_and(|s| s.kind() == FileType::Regular)
    }

    /// `stat(path)`: the inode's record, links followed. ENOENT,
    /// ENOTDIR, EACCES (a directory on the way not searchable), ELOOP.
    pub fn stat(&self, path: &str) -> Result<Stat, Errno> {
        self.stat_at(path, true)
    }

    /// `lstat(path)`: a final symbolic link is described, not followed.
    pub fn lstat(&self, path: &str) -> Result<Stat, Errno> {
        self.stat_at(path, false)
    }

    /// What `path` is, links followed; `None` on any error (the shell's
    /// `cd` and `ip netns exec` ask this).
    pub fn file_type(&self, path: &str) -> Option<FileType> {
        self.stat(path).ok().map(|s| s.kind())
    }

    fn stat_at(&self, path: &str, follow: bool) -> Result<Stat, Errno> {
        let proc_dir = path.trim_end_matches('/') != "/proc"
            && crate::procfs::list(self.host, self.ns, path).is_some();
        let computed = if proc_dir {
            Some(Err(Errno::EISDIR))
        } else {
            crate::procfs::read(self.host, self.ns, path)
        };
        if let Some(r) = computed {
            // A computed file: 0644 root's (a sysctl root may write), or a
            // directory of them.
            let boot = self.host.files.inode(crate::host::files::ROOT_INO);
            let t = boot.map(|i| i.ctime).unwrap_or_default();
            let mode = match r {
                Ok(_) => S_IFREG | 0o644,
                Err(Errno::EISDIR) => S_IFDIR | 0o555,
                Err(e) => return Err(e),
            };
            return Ok(Stat {
                dev: (0, 22),
                ino: 4026531840,
                mode,
                nlink: 1,
                uid: 0,
                gid: 0,
                rdev: (0, 0),
                size: 0,
                blksize: 1024,
                blocks: 0,
                atime: t,
                mtime: t,
                ctime: t,
                btime: t,
            });
        }
        let fs = &self.host.files;
        let ino = fs.resolve(self.cred(), path, follow)?;
        fs.stat_ino(ino).ok_or(Errno::ENOENT)
    }

    /// `access(path, mode)` (`R_OK | W_OK | X_OK`, or 0 for `F_OK`), as
    /// the kernel checks it for the caller: root passes the read and
    /// write bits, and needs some x bit to execute a file.
    pub fn access(&self, path: &str, mode: u32) -> Result<(), Errno> {
        if let Some(r) = crate::procfs::read(self.host, self.ns, path) {
            r?;
            return if mode & (W_OK | X_OK) != 0 && self.uid != 0 || mode & X_OK != 0 {
                Err(Errno::EACCES)
            } else {
                Ok(())
            };
        }
        self.host.files.access(self.cred(), path, mode)
    }

    /// Refuses a change of a name under `/proc` or `/sys`, as Linux does
    /// even for root: `under_proc` under `/proc`, `under_sys` under `/sys`.
    fn refuse_pseudo(path: &str, under_proc: Errno, under_sys: Errno) -> Result<(), Errno> {
        match pseudo(path) {
            Some(Pseudo::Proc) => Err(under_proc),
            Some(Pseudo::Sys) => Err(under_sys),
            None => Ok(()),
        }
    }

    /// `mkdir(path, mode)` (masked by the umask). EEXIST, ENOENT,
    /// ENOTDIR, EACCES, ENOSPC.
    pub fn mkdir(&mut self, path: &str, mode: u32) -> Result<(), Errno> {
        Self::refuse_pseudo(path, Errno::ENOENT, Errno::EPERM)?;
        self.stamp_now();
        let cred = self.cred();
        self.host
            .files
            .mkdir(cred, path, mode & !UMASK & 0o7777)
            .map(|_| ())
    }

    /// `rmdir(path)`: ENOTEMPTY, ENOTDIR, ENOENT, EACCES, EBUSY, EINVAL.
    pub fn rmdir(&mut self, path: &str) -> Result<(), Errno> {
        Self::refuse_pseudo(path, Errno::EPERM, Errno::EPERM)?;
        if mount_point(path) && self.host.files.stat(path).is_some() {
            return Err(Errno::EBUSY);
        }
        self.stamp_now();
        let cred = self.cred();
        self.host.files.rmdir(cred, path)
    }

    /// `unlink(path)`: EISDIR, ENOENT, EACCES, EPERM.
    pub fn unlink(&mut self, path: &str) -> Result<(), Errno> {
        Self::refuse_pseudo(path, Errno::EPERM, Errno::EPERM)?;
        self.stamp_now();
        let cred = self.cred();
        self.host.files.unlink(cred, path)
    }

    /// `rename(old, new)`: EINVAL, EISDIR, ENOTDIR, ENOTEMPTY, EACCES,
    /// EPERM, EXDEV (into or out of `/proc` or `/sys`).
    pub fn rename(&mut self, old: &str, new: &str) -> Result<(), Errno> {
        Self::refuse_pseudo(old, Errno::EPERM, Errno::EPERM)?;
        Self::refuse_pseudo(new, Errno::EXDEV, Errno::EXDEV)?;
        if mount_point(old) || mount_point(new) {
            return Err(Errno::EBUSY);
        }
        self.stamp_now();
        let cred = self.cred();
        self.host.files.rename(cred, old, new)
    }

    /// `link(old, new)` (named apart from the network's links): EPERM for a directory, EEXIST, EACCES.
    pub fn hard_link(&mut self, old: &str, new: &str) -> Result<(), Errno> {
        Self::refuse_pseudo(new, Errno::EXDEV, Errno::EXDEV)?;
        self.stamp_now();
        let cred = self.cred();
        self.host.files.link(cred, old, new)
    }

    /// `symlink(target, path)`: EEXIST, ENOENT, EACCES.
    pub fn symlink(&mut self, target: &str, path: &str) -> Result<(), Errno> {
        Self::refuse_pseudo(path, Errno::ENOENT, Errno::EPERM)?;
        self.stamp_now();
        let cred = self.cred();
        self.host.files.symlink(cred, target, path)
    }

    /// `readlink(path)`: the target; EINVAL if not a symbolic link.
    pub fn readlink(&self, path: &str) -> Result<String, Errno> {
        self.host.files.readlink(self.cred(), path)
    }

    /// `chmod(path, mode)`: EPERM unless the owner or root.
    pub fn chmod(&mut self, path: &str, mode: u32) -> Result<(), Errno> {
        Self::refuse_pseudo(path, Errno::EPERM, Errno::EPERM)?;
        self.stamp_now();
        let cred = self.cred();
        self.host.files.chmod(cred, path, mode)
    }

    /// `chown(path, uid, gid)` (`None`: -1, unchanged); `lchown` when not
    /// `follow`. EPERM for a user giving a file away.
    pub fn chown(
        &mut self,
        path: &str,
        uid: Option<u32>,
        gid: Option<u32>,
        follow: bool,
    ) -> Result<(), Errno> {
        Self::refuse_pseudo(path, Errno::EPERM, Errno::EPERM)?;
        self.stamp_now();
        let cred = self.cred();
        self.host.files.chown(cred, path, uid, gid, follow)
    }

    /// `truncate(path, length)`: EACCES, EISDIR, ENOSPC.
    pub fn truncate(&mut self, path: &str, length: u64) -> Result<(), Errno> {
        Self::refuse_pseudo(path, Errno::EACCES, Errno::EACCES)?;
        self.stamp_now();
        let cred = self.cred();
        self.host.files.truncate(cred, path, length)
    }

    /// `utimensat(AT_FDCWD, path, [atime, mtime], flags)`; `follow` false
    /// is `AT_SYMLINK_NOFOLLOW`.
    pub fn utimensat(
        &mut self,
        path: &str,
        atime: TimeSpec,
        mtime: TimeSpec,
        follow: bool,
    ) -> Result<(), Errno> {
        Self::refuse_pseudo(path, Errno::EACCES, Errno::EACCES)?;
        self.stamp_now();
        let cred = self.cred();
        self.host.files.utimens(cred, path, atime, mtime, follow)
    }

    /// `getdents` of directory `path`: `.`, `..` and the entries in byte
    /// order. EACCES, ENOTDIR, ENOENT.
    pub fn readdir(&self, path: &str) -> Result<Vec<DirEntry>, Errno> {
        if let Some(list) = crate::procfs::list(self.host, self.ns, path) {
            let dot = |name: &str| DirEntry {
                name: String::from(name),
                ino: 1,
                kind: FileType::Directory,
            };
            let mut out = Vec::from([dot("."), dot("..")]);
            for (i, (name, dir)) in list.into_iter().enumerate() {
                out.push(DirEntry {
                    name,
                    ino: 4_026_531_841 + i as u64,
                    kind: if dir {
                        FileType::Directory
                    } else {
                        FileType::Regular
                    },
                });
            }
            return Ok(out);
        }
        self.host.files.readdir(self.cred(), path)
    }

    /// `statfs(path)`: the file system's size and what is free.
    pub fn statfs(&self, path: &str) -> Result<StatFs, Errno> {
        self.stat(path)?;
        Ok(self.host.files.statfs())
    }
}

/// `read(fd)` of a file opened with [`Sys::open`] (inode `ino`, else
/// `path`): the text from `offset`; a file removed since reads as empty.
pub(crate) fn file_text(
    host: &crate::host::Host,
    path: &str,
    ino: Option<u64>,
    offset: usize,
) -> Result<String, Errno> {
    let bytes = match ino {
        Some(i) => match host.files.data(crate::host::files::Ino(i)) {
            Err(Errno::ENOENT) => &[][..],
            r => r?,
        },
        None => host.files.read_bytes(path)?,
    };
    Ok(String::from_utf8_lossy(bytes.get(offset..).unwrap_or_default()).into_owned())
}
