//! The operations on names and inodes, each checked as Linux checks it and
//! answering with its errno: `open` (with `O_CREAT`, `O_EXCL`, `O_TRUNC`),
//! `mkdir`, `rmdir`, `unlink`, `rename`, `link`, `symlink`, `readlink`,
//! `chmod`, `chown`, `utimensat`, `truncate`, `getdents`, `access`.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use super::{
    Cred, DirEntry, Errno, FileType, Files, Ino, Node, R_OK, ROOT_INO, S_IFDIR, S_IFLNK, S_IFMT,
    S_IFREG, S_ISGID, S_ISUID, S_ISVTX, Stamp, W_OK, X_OK,
};

/// The flags of `open` the lab's programs use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpenFlags {
    /// `O_RDONLY` or `O_RDWR`: read permission needed.
    pub read: bool,
    /// `O_WRONLY` or `O_RDWR`: write permission needed.
    pub write: bool,
    /// `O_CREAT`.
    pub create: bool,
    /// `O_EXCL` (with `O_CREAT`: EEXIST if it exists, links not followed).
    pub exclusive: bool,
    /// `O_TRUNC`.
    pub truncate: bool,
    /// `O_APPEND`.
    pub append: bool,
    /// `O_DIRECTORY`: ENOTDIR unless a directory.
    pub directory: bool,
    /// `O_NOFOLLOW`: ELOOP if the last component is a link.
    pub nofollow: bool,
}

/// Which times `utimensat` sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeSpec {
    /// `UTIME_NOW`.
    Now,
    /// `UTIME_OMIT`.
    Omit,
    /// An explicit time.
    At(Stamp),
}

impl Files {
    /// `open(path, flags, mode)`: the inode opened, created (owned by
    /// `cred`, `mode` already masked by the umask) or truncated as the
    /// flags ask. EACCES, ENOENT, EISDIR (writing a directory), ENOTDIR,
    /// EEXIST (`O_CREAT|O_EXCL`), ELOOP, ENOSPC.
    pub fn open(
        &mut self,
        cred: Cred,
        path: &str,
        flags: OpenFlags,
        mode: u32,
    ) -> Result<Ino, Errno> {
        self.open_at_depth(cred, path, flags, mode, 0)
    }

    fn open_at_depth(
        &mut self,
        cred: Cred,
        path: &str,
        flags: OpenFlags,
        mode: u32,
        depth: u32,
    ) -> Result<Ino, Errno> {
        let found = self.resolve(
            cred,
            path,
            !(flags.nofollow || flags.exclusive && flags.create),
        );
        let ino = match found {
            Ok(ino) => {
                if flags.create && flags.exclusive {
                    return Err(Errno::EEXIST);
                }
                ino
            }
            Err(Errno::ENOENT) if flags.create => {
                if path.ends_with('/') {
                    return Err(Errno::EISDIR);
                }
                let (dir, name) = self.resolve_parent(cred, path)?;
                if let Some(link) = self.child(dir, name) {
                    // A dangling symbolic link: its target is created.
                    let Some(Node::Symlink(target)) = self.inode(link).map(|i| i.node.clone())
                    else {
                        return Err(Errno::ENOENT);
                    };
                    if depth >= super::MAXSYMLINKS || flags.nofollow {
                        return Err(Errno::ELOOP);
                    }
                    let trimmed = path.trim_end_matches('/');
                    let parent = trimmed.get(..trimmed.rfind('/').unwrap_or(0)).unwrap_or("");
                    let next = if target.starts_with('/') {
                        target
                    } else {
                        alloc::format!("{parent}/{target}")
                    };
                    return self.open_at_depth(cred, &next, flags, mode, depth + 1);
                }
                if !self.permits(cred, dir, W_OK) {
                    return Err(Errno::EACCES);
                }
                let inode =
                    self.new_inode(cred, S_IFREG | (mode & 0o7777), Node::Regular(Vec::new()));
                let ino = self.alloc(inode)?;
                self.insert_entry(dir, name, ino)?;
                return Ok(ino);
            }
            Err(e) => return Err(e),
        };
        let kind = self.inode(ino).map(super::Inode::kind);
        if flags.nofollow && kind == Some(FileType::Symlink) {
            return Err(Errno::ELOOP);
        }
        if kind == Some(FileType::Directory) && (flags.write || flags.truncate) {
            return Err(Errno::EISDIR);
        }
        if flags.directory && kind != Some(FileType::Directory) {
            return Err(Errno::ENOTDIR);
        }
        if flags.read && !self.permits(cred, ino, R_OK) {
            return Err(Errno::EACCES);
        }
        if flags.write && !self.permits(cred, ino, W_OK) {
            return Err(Errno::EACCES);
        }
        if flags.truncate && kind == Some(FileType::Regular) {
            self.truncate_ino(ino, 0)?;
        }
        Ok(ino)
    }

    /// Adds `name -> ino` to directory `dir` (a subdirectory's `..` bumps
    /// the parent's link count); the directory's times move.
    pub(super) fn insert_entry(&mut self, dir: Ino, name: &str, ino: Ino) -> Result<(), Errno> {
        let now = self.now;
        let is_dir = self.inode(ino).map(super::Inode::kind) == Some(FileType::Directory);
        let d = self.inode_mut(dir)?;
        let Node::Directory { entries, .. } = &mut d.node else {
            return Err(Errno::ENOTDIR);
        };
        entries.insert(String::from(name), ino);
        d.mtime = now;
        d.ctime = now;
        if is_dir {
            d.nlink += 1;
            if let Ok(child) = self.inode_mut(ino)
                && let Node::Directory { parent, .. } = &mut child.node
            {
                *parent = dir;
            }
        }
        Ok(())
    }

    /// Removes `name` from `dir`; drops the inode with its last link.
    fn remove_entry(&mut self, dir: Ino, name: &str, drop_inode: bool) -> Result<Ino, Errno> {
        let now = self.now;
        let d = self.inode_mut(dir)?;
        let Node::Directory { entries, .. } = &mut d.node else {
            return Err(Errno::ENOTDIR);
        };
        let ino = entries.remove(name).ok_or(Errno::ENOENT)?;
        d.mtime = now;
        d.ctime = now;
        let is_dir = self.inode(ino).map(super::Inode::kind) == Some(FileType::Directory);
        if is_dir && let Ok(d) = self.inode_mut(dir) {
            d.nlink = d.nlink.saturating_sub(1);
        }
        if drop_inode {
            let gone = {
                let i = self.inode_mut(ino)?;
                i.nlink = if is_dir { 0 } else { i.nlink.saturating_sub(1) };
                i.ctime = now;
                i.nlink == 0
            };
            if gone && let Some(i) = self.nodes.remove(&ino) {
                let blocks = i.data_blocks();
                self.used_blocks = self.used_blocks.saturating_sub(blocks);
            }
        }
        Ok(ino)
    }

    /// The sticky rule: in a directory with `S_ISVTX` only the entry's
    /// owner, the directory's owner or root may remove or rename it.
    fn sticky_allows(&self, cred: Cred, dir: Ino, ino: Ino) -> bool {
        let (Some(d), Some(i)) = (self.inode(dir), self.inode(ino)) else {
            return false;
        };
        cred.is_root() || d.mode & S_ISVTX == 0 || cred.uid == i.uid || cred.uid == d.uid
    }

    /// `mkdir(path, mode)` (`mode` already masked). EEXIST, ENOENT,
    /// ENOTDIR, EACCES, ENOSPC.
    pub fn mkdir(&mut self, cred: Cred, path: &str, mode: u32) -> Result<Ino, Errno> {
        let (dir, name) = match self.resolve_parent(cred, path) {
            Err(Errno::EBUSY) => return Err(Errno::EEXIST),
            r => r?,
        };
        if name == "." || name == ".." || self.child(dir, name).is_some() {
            return Err(Errno::EEXIST);
        }
        if !self.permits(cred, dir, W_OK) {
            return Err(Errno::EACCES);
        }
        let mut inode = self.new_inode(
            cred,
            S_IFDIR | (mode & 0o7777),
            Node::Directory {
                entries: BTreeMap::new(),
                parent: dir,
            },
        );
        // A set-group-id directory passes its group and the bit on.
        if let Some(d) = self.inode(dir)
            && d.mode & S_ISGID != 0
        {
            inode.gid = d.gid;
            inode.mode |= S_ISGID;
        }
        let ino = self.alloc(inode)?;
        self.insert_entry(dir, name, ino)?;
        Ok(ino)
    }

    /// `rmdir(path)`: ENOTEMPTY, ENOTDIR, EBUSY (`/`), EINVAL (`.`),
    /// EACCES, EPERM (the sticky rule).
    pub fn rmdir(&mut self, cred: Cred, path: &str) -> Result<(), Errno> {
        let (dir, name) = self.resolve_parent(cred, path)?;
        match name {
            "." => return Err(Errno::EINVAL),
            ".." => return Err(Errno::ENOTEMPTY),
            _ => {}
        }
        let ino = self.child(dir, name).ok_or(Errno::ENOENT)?;
        match &self.inode(ino).ok_or(Errno::ENOENT)?.node {
            Node::Directory { entries, .. } if !entries.is_empty() => return Err(Errno::ENOTEMPTY),
            Node::Directory { .. } => {}
            _ => return Err(Errno::ENOTDIR),
        }
        if !self.permits(cred, dir, W_OK | X_OK) {
            return Err(Errno::EACCES);
        }
        if !self.sticky_allows(cred, dir, ino) {
            return Err(Errno::EPERM);
        }
        self.remove_entry(dir, name, true).map(|_| ())
    }

    /// `unlink(path)`: EISDIR for a directory, ENOENT, EACCES, EPERM (the
    /// sticky rule).
    pub fn unlink(&mut self, cred: Cred, path: &str) -> Result<(), Errno> {
        let (dir, name) = match self.resolve_parent(cred, path) {
            Err(Errno::EBUSY) => return Err(Errno::EISDIR),
            r => r?,
        };
        let ino = self.child(dir, name).ok_or(Errno::ENOENT)?;
        if path.ends_with('/') {
            return Err(
                if self.inode(ino).map(super::Inode::kind) == Some(FileType::Directory) {
                    Errno::EISDIR
                } else {
                    Errno::ENOTDIR
                },
            );
        }
        if self.inode(ino).map(super::Inode::kind) == Some(FileType::Directory)
            || name == "."
            || name == ".."
        {
            return Err(Errno::EISDIR);
        }
        if !self.permits(cred, dir, W_OK | X_OK) {
            return Err(Errno::EACCES);
        }
        if !self.sticky_allows(cred, dir, ino) {
            return Err(Errno::EPERM);
        }
        self.remove_entry(dir, name, true).map(|_| ())
    }

    /// Whether directory `ancestor` is `ino` or one of its ancestors.
    fn is_ancestor(&self, ancestor: Ino, mut ino: Ino) -> bool {
        for _ in 0..super::PATH_MAX {
            if ino == ancestor {
                return true;
            }
            match self.inode(ino).map(|i| &i.node) {
                Some(Node::Directory { parent, .. }) if *parent != ino => ino = *parent,
                _ => return false,
            }
        }
        false
    }

    /// `rename(old, new)`: replaces a file, or an empty directory with a
    /// directory. EINVAL (a directory into itself), EISDIR, ENOTDIR,
    /// ENOTEMPTY, EACCES, EPERM (the sticky rule), EBUSY (`/`).
    pub fn rename(&mut self, cred: Cred, old: &str, new: &str) -> Result<(), Errno> {
        let (odir, oname) = self.resolve_parent(cred, old)?;
        let ino = self.child(odir, oname).ok_or(Errno::ENOENT)?;
        let (ndir, nname) = self.resolve_parent(cred, new)?;
        if matches!(oname, "." | "..") || matches!(nname, "." | "..") {
            return Err(Errno::EBUSY);
        }
        let is_dir = self.inode(ino).map(super::Inode::kind) == Some(FileType::Directory);
        if !is_dir && (old.ends_with('/') || new.ends_with('/')) {
            return Err(Errno::ENOTDIR);
        }
        if !self.permits(cred, odir, W_OK | X_OK) || !self.permits(cred, ndir, W_OK | X_OK) {
            return Err(Errno::EACCES);
        }
        if !self.sticky_allows(cred, odir, ino) {
            return Err(Errno::EPERM);
        }
        if is_dir && self.is_ancestor(ino, ndir) {
            return Err(Errno::EINVAL);
        }
        if let Some(target) = self.child(ndir, nname) {
            if target == ino {
                return Ok(());
            }
            let (tdir, tempty) = match &self.inode(target).ok_or(Errno::ENOENT)?.node {
                Node::Directory { entries, .. } => (true, entries.is_empty()),
                _ => (false, true),
            };
            if is_dir && !tdir {
                return Err(Errno::ENOTDIR);
            }
            if !is_dir && tdir {
                return Err(Errno::EISDIR);
            }
            if !tempty {
                return Err(Errno::ENOTEMPTY);
            }
            if !self.sticky_allows(cred, ndir, target) {
                return Err(Errno::EPERM);
            }
            self.remove_entry(ndir, nname, true)?;
        }
        self.remove_entry(odir, oname, false)?;
        self.insert_entry(ndir, nname, ino)?;
        let now = self.now;
        if let Ok(i) = self.inode_mut(ino) {
            i.ctime = now;
        }
        Ok(())
    }

    /// `link(old, new)`: another name for a file. EPERM for a directory,
    /// EEXIST, EACCES.
    pub fn link(&mut self, cred: Cred, old: &str, new: &str) -> Result<(), Errno> {
        let ino = self.resolve(cred, old, false)?;
        if self.inode(ino).map(super::Inode::kind) == Some(FileType::Directory) {
            return Err(Errno::EPERM);
        }
        let (dir, name) = match self.resolve_parent(cred, new) {
            Err(Errno::EBUSY) => return Err(Errno::EEXIST),
            r => r?,
        };
        if self.child(dir, name).is_some() {
            return Err(Errno::EEXIST);
        }
        // fs.protected_hardlinks = 1 (Debian's default): a user may link
        // only a file they own or may read and write.
        let owns = self.inode(ino).is_some_and(|i| i.uid == cred.uid);
        if !cred.is_root() && !owns && !self.permits(cred, ino, R_OK | W_OK) {
            return Err(Errno::EPERM);
        }
        if !self.permits(cred, dir, W_OK) {
            return Err(Errno::EACCES);
        }
        let now = self.now;
        let i = self.inode_mut(ino)?;
        i.nlink += 1;
        i.ctime = now;
        self.insert_entry(dir, name, ino)
    }

    /// `symlink(target, path)`: EEXIST, ENOENT, EACCES.
    pub fn symlink(&mut self, cred: Cred, target: &str, path: &str) -> Result<(), Errno> {
        if target.is_empty() {
            return Err(Errno::ENOENT);
        }
        let (dir, name) = match self.resolve_parent(cred, path) {
            Err(Errno::EBUSY) => return Err(Errno::EEXIST),
            r => r?,
        };
        if self.child(dir, name).is_some() {
            return Err(Errno::EEXIST);
        }
        if !self.permits(cred, dir, W_OK) {
            return Err(Errno::EACCES);
        }
        let inode = self.new_inode(cred, S_IFLNK | 0o777, Node::Symlink(String::from(target)));
        let ino = self.alloc(inode)?;
        self.insert_entry(dir, name, ino)
    }

    /// `readlink(path)`: the link's target; EINVAL if not a link.
    pub fn readlink(&self, cred: Cred, path: &str) -> Result<String, Errno> {
        let ino = self.resolve(cred, path, false)?;
        match &self.inode(ino).ok_or(Errno::ENOENT)?.node {
            Node::Symlink(t) => Ok(t.clone()),
            _ => Err(Errno::EINVAL),
        }
    }

    /// `chmod(path, mode)`: EPERM unless the owner or root. A user's
    /// file whose group is not theirs loses `S_ISGID`.
    pub fn chmod(&mut self, cred: Cred, path: &str, mode: u32) -> Result<(), Errno> {
        let ino = self.resolve(cred, path, true)?;
        let now = self.now;
        let i = self.inode_mut(ino)?;
        if !cred.is_root() && cred.uid != i.uid {
            return Err(Errno::EPERM);
        }
        let mut bits = mode & 0o7777;
        if !cred.is_root() && i.gid != cred.gid && i.mode & S_IFMT != S_IFDIR {
            bits &= !S_ISGID;
        }
        i.mode = (i.mode & S_IFMT) | bits;
        i.ctime = now;
        Ok(())
    }

    /// `chown(path, uid, gid)` (`None`: unchanged), or `lchown` when not
    /// `follow`. Only root may give a file away; a user may change the
    /// group of their own file to their own group. Set-id bits of a
    /// regular file are cleared.
    pub fn chown(
        &mut self,
        cred: Cred,
        path: &str,
        uid: Option<u32>,
        gid: Option<u32>,
        follow: bool,
    ) -> Result<(), Errno> {
        let ino = self.resolve(cred, path, follow)?;
        let now = self.now;
        let i = self.inode_mut(ino)?;
        if !cred.is_root() {
            let uid_ok = uid.is_none_or(|u| u == i.uid) && cred.uid == i.uid;
            let gid_ok = gid.is_none_or(|g| g == i.gid || g == cred.gid);
            if !uid_ok || !gid_ok {
                return Err(Errno::EPERM);
            }
        }
        if let Some(u) = uid {
            i.uid = u;
        }
        if let Some(g) = gid {
            i.gid = g;
        }
        if (uid.is_some() || gid.is_some()) && i.mode & S_IFMT == S_IFREG {
            i.mode &= !(S_ISUID | S_ISGID);
        }
        i.ctime = now;
        Ok(())
    }

    /// `utimensat(path, [atime, mtime], flags)`: setting both to now needs
    /// ownership or write permission; explicit times need ownership.
    pub fn utimens(
        &mut self,
        cred: Cred,
        path: &str,
        atime: TimeSpec,
        mtime: TimeSpec,
        follow: bool,
    ) -> Result<(), Errno> {
        let ino = self.resolve(cred, path, follow)?;
        let owner = self.inode(ino).is_some_and(|i| i.uid == cred.uid) || cred.is_root();
        let explicit = matches!(atime, TimeSpec::At(_)) || matches!(mtime, TimeSpec::At(_));
        if explicit && !owner {
            return Err(Errno::EPERM);
        }
        if !explicit && !owner && !self.permits(cred, ino, W_OK) {
            return Err(Errno::EACCES);
        }
        let now = self.now;
        let i = self.inode_mut(ino)?;
        match atime {
            TimeSpec::Now => i.atime = now,
            TimeSpec::At(t) => i.atime = t,
            TimeSpec::Omit => {}
        }
        match mtime {
            TimeSpec::Now => i.mtime = now,
            TimeSpec::At(t) => i.mtime = t,
            TimeSpec::Omit => {}
        }
        i.ctime = now;
        Ok(())
    }

    /// `truncate(path, len)`: write permission needed; EISDIR.
    pub fn truncate(&mut self, cred: Cred, path: &str, len: u64) -> Result<(), Errno> {
        let ino = self.resolve(cred, path, true)?;
        if self.inode(ino).map(super::Inode::kind) == Some(FileType::Directory) {
            return Err(Errno::EISDIR);
        }
        if !self.permits(cred, ino, W_OK) {
            return Err(Errno::EACCES);
        }
        self.truncate_ino(ino, len)
    }

    /// `getdents` of the directory at `path`: `.`, `..`, then the entries
    /// in byte order (the order `ls -f` would show is the file system's;
    /// this one is ordered). EACCES without read permission, ENOTDIR.
    pub fn readdir(&self, cred: Cred, path: &str) -> Result<Vec<DirEntry>, Errno> {
        let ino = self.resolve(cred, path, true)?;
        let Node::Directory { entries, parent } = &self.inode(ino).ok_or(Errno::ENOENT)?.node
        else {
            return Err(Errno::ENOTDIR);
        };
        if !self.permits(cred, ino, R_OK) {
            return Err(Errno::EACCES);
        }
        let mut out = Vec::with_capacity(entries.len() + 2);
        out.push(DirEntry {
            name: String::from("."),
            ino: ino.0,
            kind: FileType::Directory,
        });
        out.push(DirEntry {
            name: String::from(".."),
            ino: if ino == ROOT_INO { ino.0 } else { parent.0 },
            kind: FileType::Directory,
        });
        for (name, child) in entries {
            let kind = self
                .inode(*child)
                .map_or(FileType::Regular, super::Inode::kind);
            out.push(DirEntry {
                name: name.clone(),
                ino: child.0,
                kind,
            });
        }
        Ok(out)
    }

    /// `access(path, mode)` (`F_OK` is 0): the permission bits as the
    /// kernel checks them for `cred`.
    pub fn access(&self, cred: Cred, path: &str, mode: u32) -> Result<(), Errno> {
        let ino = self.resolve(cred, path, true)?;
        if mode & (R_OK | W_OK | X_OK) == 0 || self.permits(cred, ino, mode & 7) {
            Ok(())
        } else {
            Err(Errno::EACCES)
        }
    }
}
