//! The stock tree of a Debian 12 host: the top-level directories with
//! their modes and owners as a fresh install has them, the merged-`/usr`
//! links (`/bin -> usr/bin`), `/tmp` and `/var/tmp` sticky and writable by
//! all, `/root` private, the first user's home (mode 0700, adduser 3.134's
//! default) with `/etc/skel`'s dotfiles, root's dotfiles, `/dev/null`, the
//! stock files of [`crate::world::files`] and the accounts of
//! [`crate::world::accounts`]. Every time stamp is the boot's.
//!
//! The programs' files (`/usr/bin/ls`, ...) are not the kernel's to know:
//! whoever boots the host installs them ([`Files::install_program`]).

use super::{Cred, Files, Node, S_IFCHR, Stamp};
use crate::world;

/// The first user's ids (uid and gid 1000).
const USER: Cred = Cred {
    uid: 1000,
    gid: 1000,
};

/// Directories in creation order: path, mode, owner.
const DIRS: &[(&str, u32, Cred)] = &[
    ("/boot", 0o755, Cred::ROOT),
    ("/dev", 0o755, Cred::ROOT),
    ("/etc", 0o755, Cred::ROOT),
    ("/etc/skel", 0o755, Cred::ROOT),
    ("/home", 0o755, Cred::ROOT),
    ("/home/user", 0o700, USER),
    ("/media", 0o755, Cred::ROOT),
    ("/mnt", 0o755, Cred::ROOT),
    ("/opt", 0o755, Cred::ROOT),
    ("/proc", 0o555, Cred::ROOT),
    ("/root", 0o700, Cred::ROOT),
    ("/run", 0o755, Cred::ROOT),
    ("/srv", 0o755, Cred::ROOT),
    ("/sys", 0o555, Cred::ROOT),
    ("/tmp", 0o1777, Cred::ROOT),
    ("/usr", 0o755, Cred::ROOT),
    ("/usr/bin", 0o755, Cred::ROOT),
    ("/usr/lib", 0o755, Cred::ROOT),
    ("/usr/lib64", 0o755, Cred::ROOT),
    ("/usr/local", 0o755, Cred::ROOT),
    ("/usr/local/bin", 0o755, Cred::ROOT),
    ("/usr/sbin", 0o755, Cred::ROOT),
    ("/usr/share", 0o755, Cred::ROOT),
    ("/var", 0o755, Cred::ROOT),
    ("/var/backups", 0o755, Cred::ROOT),
    ("/var/cache", 0o755, Cred::ROOT),
    ("/var/lib", 0o755, Cred::ROOT),
    ("/var/log", 0o755, Cred::ROOT),
    ("/var/opt", 0o755, Cred::ROOT),
    ("/var/spool", 0o755, Cred::ROOT),
    ("/var/tmp", 0o1777, Cred::ROOT),
    ("/var/www", 0o755, Cred::ROOT),
];

/// Symbolic links: path, target.
const LINKS: &[(&str, &str)] = &[
    ("/bin", "usr/bin"),
    ("/lib", "usr/lib"),
    ("/lib64", "usr/lib64"),
    ("/sbin", "usr/sbin"),
    ("/var/run", "/run"),
];

impl Files {
    /// The file system of a stock Debian 12 host named `hostname`, every
    /// time stamp `boot`.
    pub fn debian(hostname: &str, boot: Stamp) -> Self {
        let mut fs = Files::default();
        fs.set_now(boot);
        if let Some(root) = fs.nodes.get_mut(&super::ROOT_INO) {
            root.atime = boot;
            root.mtime = boot;
            root.ctime = boot;
            root.btime = boot;
        }
        for &(path, mode, owner) in DIRS {
            if fs.mkdir(Cred::ROOT, path, mode).is_ok() {
                let _ = fs.chown(Cred::ROOT, path, Some(owner.uid), Some(owner.gid), false);
                // mkdir's mode is not masked here: set it exactly.
                let _ = fs.chmod(Cred::ROOT, path, mode);
            }
        }
        for &(path, target) in LINKS {
            let _ = fs.symlink(Cred::ROOT, target, path);
        }
        for (path, contents) in world::files::stock(hostname) {
            fs.put_system(path, &contents);
        }
        fs.put_system("/etc/passwd", world::accounts::PASSWD);
        fs.put_system("/etc/group", world::accounts::GROUP);
        fs.put_system("/etc/profile", world::accounts::ETC_PROFILE);
        fs.put_system("/etc/bash.bashrc", world::accounts::ETC_BASH_BASHRC);
        let skel = [
            (".bash_logout", world::accounts::SKEL_BASH_LOGOUT),
            (".bashrc", world::accounts::SKEL_BASHRC),
            (".profile", world::accounts::SKEL_PROFILE),
        ];
        for (name, text) in skel {
            fs.put_system(&alloc::format!("/etc/skel/{name}"), text);
            fs.put_owned(&alloc::format!("/home/user/{name}"), text, USER);
        }
        fs.put_system("/root/.bashrc", world::accounts::ROOT_BASHRC);
        fs.put_system("/root/.profile", world::accounts::ROOT_PROFILE);
        fs.add_null_device();
        fs
    }

    /// Writes a new file owned by `owner`, mode 0644.
    fn put_owned(&mut self, path: &str, text: &str, owner: Cred) {
        self.put_system(path, text);
        let _ = self.chown(Cred::ROOT, path, Some(owner.uid), Some(owner.gid), false);
    }

    /// `/dev/null`: a character device (1, 3), mode 0666.
    fn add_null_device(&mut self) {
        let Ok((dir, name)) = self.resolve_parent(Cred::ROOT, super::DEV_NULL) else {
            return;
        };
        let inode = self.new_inode(
            Cred::ROOT,
            S_IFCHR | 0o666,
            Node::CharDevice { major: 1, minor: 3 },
        );
        if let Ok(ino) = self.alloc(inode) {
            let _ = self.insert_entry(dir, name, ino);
        }
    }

    /// Installs a program's file: an executable (mode 0755, root's) at
    /// `path`, holding `contents` (what `file` and `cat` would read).
    pub fn install_program(&mut self, path: &str, contents: &[u8]) -> Result<(), super::Errno> {
        self.write_as(path, contents, false, Cred::ROOT, 0o022)?;
        self.chmod(Cred::ROOT, path, 0o755)
    }
}
