//! The host's file system as Linux keeps it: inodes (mode, owner, group,
//! link count, times, size) in a table, directories mapping names to
//! inode numbers, symbolic links, regular files holding bytes (text and
//! binary alike) and the null device.
//!
//! Paths are resolved as the kernel's `namei` does ([`Files::resolve`]):
//! component by component from `/`, with search (x) permission needed on
//! every directory passed through, `.` and `..`, symbolic links followed
//! (at most [`MAXSYMLINKS`] of them, then `ELOOP`), and a trailing `/`
//! demanding a directory. Every check is made for a [`Cred`] (uid, gid),
//! with root bypassing the read and write bits and needing one x bit to
//! execute ([`Files::permits`]).
//!
//! Sizes are bounded like a tmpfs mounted with `size=`: file data counts
//! in 4 KiB blocks against [`CAPACITY`]; past it a write or a new block
//! fails with `ENOSPC`. The operations on names are in [`ops`]; the stock
//! tree of a Debian 12 host is [`debian`].

pub mod debian;
pub mod ops;
#[cfg(test)]
mod tests;

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

pub use crate::errno::Errno;

/// The errors of file operations are errnos (`strerror` via `message`).
pub type FileError = Errno;

/// The null device: reads give end-of-file at once, writes succeed and are
/// discarded, for every user (mode 0666).
pub const DEV_NULL: &str = "/dev/null";

/// The file system's size (a tmpfs's `size=`): 16 MiB of file data.
pub const CAPACITY: u64 = 16 << 20;
/// The block size `stat` and `df` report.
pub const BLOCK_SIZE: u64 = 4096;
/// The most symbolic links one lookup follows (`MAXSYMLINKS`, then ELOOP).
pub const MAXSYMLINKS: u32 = 40;
/// The longest name of one directory entry (`NAME_MAX`).
pub const NAME_MAX: usize = 255;
/// The longest path (`PATH_MAX`, with its terminating NUL).
pub const PATH_MAX: usize = 4096;
/// The most inodes the file system holds (a tmpfs's `nr_inodes=`).
pub const MAX_INODES: usize = 65_536;

/// File type bits of `st_mode` (`S_IFMT` and its values).
pub const S_IFMT: u32 = 0o170_000;
/// A directory.
pub const S_IFDIR: u32 = 0o040_000;
/// A regular file.
pub const S_IFREG: u32 = 0o100_000;
/// A symbolic link.
pub const S_IFLNK: u32 = 0o120_000;
/// A character device.
pub const S_IFCHR: u32 = 0o020_000;
/// The set-user-id bit.
pub const S_ISUID: u32 = 0o4000;
/// The set-group-id bit.
pub const S_ISGID: u32 = 0o2000;
/// The sticky bit (`/tmp`: only a file's owner may remove it).
pub const S_ISVTX: u32 = 0o1000;

/// `access` / permission bits asked for.
pub const R_OK: u32 = 4;
/// Write permission.
pub const W_OK: u32 = 2;
/// Execute (search, for a directory) permission.
pub const X_OK: u32 = 1;

/// An inode number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ino(pub u64);

/// The root directory's inode number (ext4's).
pub const ROOT_INO: Ino = Ino(2);

/// Who is asking: the caller's user and group ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cred {
    /// The (effective) user id.
    pub uid: u32,
    /// The (effective) group id.
    pub gid: u32,
}

impl Cred {
    /// Root.
    pub const ROOT: Cred = Cred { uid: 0, gid: 0 };

    /// True for root (who bypasses the read and write bits).
    pub const fn is_root(self) -> bool {
        self.uid == 0
    }
}

/// A time stamp (seconds and nanoseconds since 1970).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    /// Seconds.
    pub sec: u64,
    /// Nanoseconds within the second.
    pub nsec: u32,
}

/// What an inode holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// A regular file's bytes.
    Regular(Vec<u8>),
    /// A directory: its entries (not `.` and `..`) and its parent.
    Directory {
        /// Name to inode, in byte order.
        entries: BTreeMap<String, Ino>,
        /// The directory `..` names (the root's is itself).
        parent: Ino,
    },
    /// A symbolic link's target.
    Symlink(String),
    /// A character device (`rdev`: major and minor).
    CharDevice {
        /// Major number.
        major: u32,
        /// Minor number.
        minor: u32,
    },
}

/// One inode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inode {
    /// `st_mode`: the type bits and the permission bits.
    pub mode: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Hard links (a directory: 2 plus its subdirectories).
    pub nlink: u32,
    /// Last access.
    pub atime: Stamp,
    /// Last modification of the contents.
    pub mtime: Stamp,
    /// Last change of the inode.
    pub ctime: Stamp,
    /// Creation (`statx`'s birth time).
    pub btime: Stamp,
    /// The contents.
    pub node: Node,
}

impl Inode {
    /// `st_size`: bytes of a file, the target's length for a symbolic
    /// link, one block for a directory (ext4's 4096).
    pub fn size(&self) -> u64 {
        match &self.node {
            Node::Regular(b) => b.len() as u64,
            Node::Directory { .. } => BLOCK_SIZE,
            Node::Symlink(t) => t.len() as u64,
            Node::CharDevice { .. } => 0,
        }
    }

    /// Blocks of data this inode uses, in [`BLOCK_SIZE`] units.
    fn data_blocks(&self) -> u64 {
        match &self.node {
            Node::Regular(b) => (b.len() as u64).div_ceil(BLOCK_SIZE),
            Node::Directory { .. } => 1,
            Node::Symlink(_) | Node::CharDevice { .. } => 0,
        }
    }

    /// The type bits.
    pub const fn kind(&self) -> FileType {
        FileType::of_mode(self.mode)
    }
}

/// What `stat` says a path is (`S_IFMT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    /// A directory.
    Directory,
    /// A regular file (text or binary).
    Regular,
    /// A symbolic link (only `lstat` sees one).
    Symlink,
    /// A character device (`/dev/null`).
    CharDevice,
}

impl FileType {
    /// The type of `st_mode`.
    pub const fn of_mode(mode: u32) -> FileType {
        match mode & S_IFMT {
            S_IFDIR => FileType::Directory,
            S_IFLNK => FileType::Symlink,
            S_IFCHR => FileType::CharDevice,
            _ => FileType::Regular,
        }
    }
}

/// `struct stat` as a plain record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stat {
    /// `st_dev` (major, minor): the root file system's (8, 1: `/dev/sda1`),
    /// devtmpfs's (0, 5) for a device.
    pub dev: (u32, u32),
    /// `st_ino`.
    pub ino: u64,
    /// `st_mode`.
    pub mode: u32,
    /// `st_nlink`.
    pub nlink: u32,
    /// `st_uid`.
    pub uid: u32,
    /// `st_gid`.
    pub gid: u32,
    /// `st_rdev` (major, minor) of a device.
    pub rdev: (u32, u32),
    /// `st_size`.
    pub size: u64,
    /// `st_blksize`.
    pub blksize: u64,
    /// `st_blocks` (512-byte units).
    pub blocks: u64,
    /// `st_atim`.
    pub atime: Stamp,
    /// `st_mtim`.
    pub mtime: Stamp,
    /// `st_ctim`.
    pub ctime: Stamp,
    /// `stx_btime`.
    pub btime: Stamp,
}

impl Stat {
    /// The file type.
    pub const fn kind(&self) -> FileType {
        FileType::of_mode(self.mode)
    }
}

/// `statfs` as a plain record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatFs {
    /// `f_bsize`.
    pub bsize: u64,
    /// `f_blocks`: the capacity in blocks.
    pub blocks: u64,
    /// `f_bfree` (= `f_bavail`).
    pub bfree: u64,
    /// `f_files`: inodes the file system may hold.
    pub files: u64,
    /// `f_ffree`.
    pub ffree: u64,
}

/// One directory entry (`getdents`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    /// The name.
    pub name: String,
    /// Its inode number.
    pub ino: u64,
    /// Its type (`d_type`).
    pub kind: FileType,
}

/// The file system: an inode table.
#[derive(Clone, Debug)]
pub struct Files {
    nodes: BTreeMap<Ino, Inode>,
    next_ino: u64,
    /// Data blocks in use.
    used_blocks: u64,
    /// The time stamp new and changed inodes get (the virtual wall clock,
    /// moved by the kernel before each operation).
    now: Stamp,
}

impl Default for Files {
    fn default() -> Self {
        let mut nodes = BTreeMap::new();
        nodes.insert(
            ROOT_INO,
            Inode {
                mode: S_IFDIR | 0o755,
                uid: 0,
                gid: 0,
                nlink: 2,
                atime: Stamp::default(),
                mtime: Stamp::default(),
                ctime: Stamp::default(),
                btime: Stamp::default(),
                node: Node::Directory {
                    entries: BTreeMap::new(),
                    parent: ROOT_INO,
                },
            },
        );
        Files {
            nodes,
            next_ino: 1_048_577,
            used_blocks: 1,
            now: Stamp::default(),
        }
    }
}

/// Splits a path into its components (empty ones dropped).
fn components(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|c| !c.is_empty())
}

impl Files {
    /// Sets the clock new time stamps read.
    pub fn set_now(&mut self, now: Stamp) {
        self.now = now;
    }

    /// The clock new time stamps read.
    pub fn now(&self) -> Stamp {
        self.now
    }

    /// The inode `ino`.
    pub fn inode(&self, ino: Ino) -> Option<&Inode> {
        self.nodes.get(&ino)
    }

    fn inode_mut(&mut self, ino: Ino) -> Result<&mut Inode, Errno> {
        self.nodes.get_mut(&ino).ok_or(Errno::ENOENT)
    }

    /// Whether `cred` may access `ino` for `want` (`R_OK`/`W_OK`/`X_OK`
    /// bits): the owner's, the group's or the others' bits; root passes
    /// except that executing a non-directory needs some x bit.
    pub fn permits(&self, cred: Cred, ino: Ino, want: u32) -> bool {
        let Some(i) = self.nodes.get(&ino) else {
            return false;
        };
        if cred.is_root() {
            if want & X_OK != 0 && i.kind() != FileType::Directory {
                return i.mode & 0o111 != 0;
            }
            return true;
        }
        let bits = if cred.uid == i.uid {
            (i.mode >> 6) & 7
        } else if cred.gid == i.gid {
            (i.mode >> 3) & 7
        } else {
            i.mode & 7
        };
        bits & want == want
    }

    /// Resolves `path` (absolute) to an inode, following a final symbolic
    /// link when `follow` (`stat`) or not (`lstat`).
    pub fn resolve(&self, cred: Cred, path: &str, follow: bool) -> Result<Ino, Errno> {
        check_path(path)?;
        let mut links = 0;
        let ino = self.walk(cred, ROOT_INO, path, follow, &mut links)?;
        if path.ends_with('/') && self.kind_of(ino) != Some(FileType::Directory) {
            return Err(Errno::ENOTDIR);
        }
        Ok(ino)
    }

    /// Resolves the directory a new name goes in: the parent's inode and
    /// the last component (`ENOENT` for `/` itself, which has none).
    pub fn resolve_parent<'p>(&self, cred: Cred, path: &'p str) -> Result<(Ino, &'p str), Errno> {
        check_path(path)?;
        let trimmed = path.trim_end_matches('/');
        let (dir, name) = match trimmed.rfind('/') {
            Some(i) => (
                trimmed.get(..i).unwrap_or(""),
                trimmed.get(i + 1..).unwrap_or(""),
            ),
            None => ("", trimmed),
        };
        if name.is_empty() {
            return Err(Errno::EBUSY);
        }
        if name.len() > NAME_MAX {
            return Err(Errno::ENAMETOOLONG);
        }
        let mut links = 0;
        let parent = self.walk(cred, ROOT_INO, dir, true, &mut links)?;
        if self.kind_of(parent) != Some(FileType::Directory) {
            return Err(Errno::ENOTDIR);
        }
        if !self.permits(cred, parent, X_OK) {
            return Err(Errno::EACCES);
        }
        Ok((parent, name))
    }

    fn kind_of(&self, ino: Ino) -> Option<FileType> {
        self.nodes.get(&ino).map(Inode::kind)
    }

    /// The entry `name` of directory `dir`.
    pub fn child(&self, dir: Ino, name: &str) -> Option<Ino> {
        match &self.nodes.get(&dir)?.node {
            Node::Directory { entries, parent } => match name {
                "." => Some(dir),
                ".." => Some(*parent),
                _ => entries.get(name).copied(),
            },
            _ => None,
        }
    }

    /// `namei` from directory `start`.
    fn walk(
        &self,
        cred: Cred,
        start: Ino,
        path: &str,
        follow: bool,
        links: &mut u32,
    ) -> Result<Ino, Errno> {
        let mut cur = if path.starts_with('/') {
            ROOT_INO
        } else {
            start
        };
        let mut parts = components(path).peekable();
        while let Some(name) = parts.next() {
            let last = parts.peek().is_none();
            if self.kind_of(cur) != Some(FileType::Directory) {
                return Err(Errno::ENOTDIR);
            }
            if !self.permits(cred, cur, X_OK) {
                return Err(Errno::EACCES);
            }
            if name.len() > NAME_MAX {
                return Err(Errno::ENAMETOOLONG);
            }
            let next = self.child(cur, name).ok_or(Errno::ENOENT)?;
            let node = self.nodes.get(&next).ok_or(Errno::ENOENT)?;
            // A trailing slash makes the last component a directory
            // lookup, which follows a link.
            let follow_this = !last || follow || path.ends_with('/');
            if let (Node::Symlink(target), true) = (&node.node, follow_this) {
                *links += 1;
                if *links > MAXSYMLINKS {
                    return Err(Errno::ELOOP);
                }
                cur = self.walk(cred, cur, target, true, links)?;
            } else {
                cur = next;
            }
        }
        Ok(cur)
    }

    /// `stat`/`lstat` of an inode.
    pub fn stat_ino(&self, ino: Ino) -> Option<Stat> {
        let i = self.nodes.get(&ino)?;
        let rdev = match i.node {
            Node::CharDevice { major, minor } => (major, minor),
            _ => (0, 0),
        };
        Some(Stat {
            dev: if rdev == (0, 0) { (8, 1) } else { (0, 5) },
            ino: ino.0,
            mode: i.mode,
            nlink: i.nlink,
            uid: i.uid,
            gid: i.gid,
            rdev,
            size: i.size(),
            blksize: BLOCK_SIZE,
            blocks: i.data_blocks() * (BLOCK_SIZE / 512),
            atime: i.atime,
            mtime: i.mtime,
            ctime: i.ctime,
            btime: i.btime,
        })
    }

    /// `statfs`.
    pub fn statfs(&self) -> StatFs {
        let blocks = CAPACITY / BLOCK_SIZE;
        StatFs {
            bsize: BLOCK_SIZE,
            blocks,
            bfree: blocks.saturating_sub(self.used_blocks),
            files: MAX_INODES as u64,
            ffree: (MAX_INODES - self.nodes.len().min(MAX_INODES)) as u64,
        }
    }

    /// Charges the change of a file from `old` to `new` bytes against the
    /// capacity (`ENOSPC` past it).
    fn charge(&mut self, old: usize, new: usize) -> Result<(), Errno> {
        let old_b = (old as u64).div_ceil(BLOCK_SIZE);
        let new_b = (new as u64).div_ceil(BLOCK_SIZE);
        let used = self.used_blocks - old_b.min(self.used_blocks) + new_b;
        if new_b > old_b && used > CAPACITY / BLOCK_SIZE {
            return Err(Errno::ENOSPC);
        }
        self.used_blocks = used;
        Ok(())
    }

    /// Adds an inode (ENOSPC when the inode table is full).
    fn alloc(&mut self, inode: Inode) -> Result<Ino, Errno> {
        if self.nodes.len() >= MAX_INODES {
            return Err(Errno::ENOSPC);
        }
        let blocks = inode.data_blocks();
        if blocks > 0 {
            self.charge(0, (blocks * BLOCK_SIZE) as usize)?;
        }
        let ino = Ino(self.next_ino);
        self.next_ino += 1;
        self.nodes.insert(ino, inode);
        Ok(ino)
    }

    /// A new inode of `mode`, owned by `cred`, stamped now.
    fn new_inode(&self, cred: Cred, mode: u32, node: Node) -> Inode {
        Inode {
            mode,
            uid: cred.uid,
            gid: cred.gid,
            nlink: if matches!(node, Node::Directory { .. }) {
                2
            } else {
                1
            },
            atime: self.now,
            mtime: self.now,
            ctime: self.now,
            btime: self.now,
            node,
        }
    }

    /// The bytes of regular file `ino` (EISDIR for a directory; a device
    /// reads as empty).
    pub fn data(&self, ino: Ino) -> Result<&[u8], Errno> {
        match &self.nodes.get(&ino).ok_or(Errno::ENOENT)?.node {
            Node::Regular(b) => Ok(b),
            Node::Directory { .. } => Err(Errno::EISDIR),
            Node::Symlink(_) => Err(Errno::ELOOP),
            Node::CharDevice { .. } => Ok(&[]),
        }
    }

    /// Writes to regular file `ino`: appended, or replacing everything
    /// (ENOSPC past the capacity; a device swallows it).
    pub fn write_ino(&mut self, ino: Ino, bytes: &[u8], append: bool) -> Result<(), Errno> {
        let now = self.now;
        let old = match &self.nodes.get(&ino).ok_or(Errno::ENOENT)?.node {
            Node::Regular(b) => b.len(),
            Node::Directory { .. } => return Err(Errno::EISDIR),
            Node::CharDevice { .. } => return Ok(()),
            Node::Symlink(_) => return Err(Errno::ELOOP),
        };
        let new = if append {
            old.saturating_add(bytes.len())
        } else {
            bytes.len()
        };
        self.charge(old, new)?;
        let i = self.inode_mut(ino)?;
        if let Node::Regular(b) = &mut i.node {
            if !append {
                b.clear();
            }
            b.extend_from_slice(bytes);
        }
        i.mtime = now;
        i.ctime = now;
        Ok(())
    }

    /// Sets regular file `ino`'s length (`truncate`), zero-filling.
    pub fn truncate_ino(&mut self, ino: Ino, len: u64) -> Result<(), Errno> {
        let now = self.now;
        let old = match &self.nodes.get(&ino).ok_or(Errno::ENOENT)?.node {
            Node::Regular(b) => b.len(),
            Node::Directory { .. } => return Err(Errno::EISDIR),
            _ => return Err(Errno::EINVAL),
        };
        let new = usize::try_from(len).map_err(|_| Errno::EFBIG)?;
        if len > CAPACITY {
            return Err(Errno::EFBIG);
        }
        self.charge(old, new)?;
        let i = self.inode_mut(ino)?;
        if let Node::Regular(b) = &mut i.node {
            b.resize(new, 0);
        }
        i.mtime = now;
        i.ctime = now;
        Ok(())
    }

    // The whole-path conveniences the kernel's own callers and the older
    // system calls use.

    /// The contents of `path` as root reads them (text; `EISDIR`,
    /// `ENOENT`; bytes that are not UTF-8 read as `EINVAL`).
    pub fn read(&self, path: &str) -> Result<&str, Errno> {
        let ino = self.resolve(Cred::ROOT, path, true)?;
        core::str::from_utf8(self.data(ino)?).map_err(|_| Errno::EINVAL)
    }

    /// The bytes of `path` as root reads them.
    pub fn read_bytes(&self, path: &str) -> Result<&[u8], Errno> {
        let ino = self.resolve(Cred::ROOT, path, true)?;
        self.data(ino)
    }

    /// True if `path` names a directory (following links).
    pub fn is_dir(&self, path: &str) -> bool {
        self.stat(path) == Some(FileType::Directory)
    }

    /// What `path` is (following links), as root sees it; `None` for
    /// ENOENT or any other error.
    pub fn stat(&self, path: &str) -> Option<FileType> {
        let ino = self.resolve(Cred::ROOT, path, true).ok()?;
        self.kind_of(ino)
    }

    /// Creates or replaces `path` as root (`open(O_CREAT|O_TRUNC)` then
    /// `write`), mode 0644 if new.
    pub fn put_system(&mut self, path: &str, contents: &str) {
        let _ = self.write_as(path, contents.as_bytes(), false, Cred::ROOT, 0o022);
    }

    /// `write_as` by root, or by the first user (uid 1000) with
    /// Debian's umask 022.
    pub fn write(
        &mut self,
        path: &str,
        text: &str,
        append: bool,
        as_root: bool,
    ) -> Result<(), Errno> {
        let cred = if as_root {
            Cred::ROOT
        } else {
            Cred {
                uid: 1000,
                gid: 1000,
            }
        };
        self.write_as(path, text.as_bytes(), append, cred, 0o022)
    }

    /// `open(path, O_WRONLY|O_CREAT|O_TRUNC or O_APPEND, 0666)` under
    /// `umask`, then one `write` of `bytes`.
    pub fn write_as(
        &mut self,
        path: &str,
        bytes: &[u8],
        append: bool,
        cred: Cred,
        umask: u32,
    ) -> Result<(), Errno> {
        let flags = ops::OpenFlags {
            write: true,
            create: true,
            truncate: !append,
            append,
            ..ops::OpenFlags::default()
        };
        let ino = self.open(cred, path, flags, 0o666 & !umask)?;
        self.write_ino(ino, bytes, true)
    }
}

/// `ENAMETOOLONG` for a path past `PATH_MAX`; `ENOENT` for an empty one.
fn check_path(path: &str) -> Result<(), Errno> {
    if path.is_empty() {
        return Err(Errno::ENOENT);
    }
    if path.len() >= PATH_MAX {
        return Err(Errno::ENAMETOOLONG);
    }
    Ok(())
}
