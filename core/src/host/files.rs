//! The lab's small file system: a flat map from absolute paths to contents.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use crate::world;

/// The largest file the lab stores, in bytes.
pub const MAX_FILE_SIZE: usize = 1 << 20;

/// Why a file operation failed, with the libc text tools print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileError {
    /// ENOENT.
    NotFound,
    /// EISDIR.
    IsDirectory,
    /// EACCES.
    PermissionDenied,
    /// EFBIG: the lab's file size cap.
    TooLarge,
}

impl FileError {
    /// The `strerror` text.
    pub const fn message(self) -> &'static str {
        match self {
            FileError::NotFound => "No such file or directory",
            FileError::IsDirectory => "Is a directory",
            FileError::PermissionDenied => "Permission denied",
            FileError::TooLarge => "File too large",
        }
    }
}

/// What `stat` says a path is (`S_ISDIR` or not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    /// A directory.
    Directory,
    /// A file (text or binary).
    Regular,
}

/// A file's contents and whether only root may write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// The bytes, as text (the lab's files are all text).
    pub contents: String,
    /// True for system files such as `/etc/hosts` (mode 0644, owner root).
    pub root_only_write: bool,
}

/// The file system: files and the directories that hold them.
#[derive(Clone, Debug, Default)]
pub struct Files {
    files: BTreeMap<String, File>,
    dirs: BTreeMap<String, DirOwner>,
    /// Files whose contents are bytes, not text (a capture from `tcpdump -w`).
    binary: BTreeMap<String, Vec<u8>>,
}

/// The null device: reads give end-of-file at once, writes succeed and are
/// discarded, for every user (mode 0666).
pub const DEV_NULL: &str = "/dev/null";

/// The largest binary file the lab stores, in bytes.
pub const MAX_BINARY_SIZE: usize = 8 << 20;

/// Who may create files in a directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DirOwner {
    /// Only root (`/etc`, `/`).
    Root,
    /// Anyone (`/tmp`, mode 1777) or the ordinary user (`/home/user`).
    Anyone,
}

/// The parent directory of an absolute path (`None` for relative paths).
fn parent_of(path: &str) -> Option<&str> {
    match path.rfind('/') {
        Some(0) => Some("/"),
        Some(i) => path.get(..i),
        None => None,
    }
}

impl Files {
    /// The files of a stock Debian 12 host.
    pub fn debian(hostname: &str) -> Self {
        let mut fs = Files::default();
        for dir in [
            "/",
            "/etc",
            "/home",
            "/root",
            "/proc",
            "/proc/sys",
            "/var",
            "/var/www",
            "/dev",
        ] {
            fs.dirs.insert(String::from(dir), DirOwner::Root);
        }
        for dir in ["/tmp", "/home/user"] {
            fs.dirs.insert(String::from(dir), DirOwner::Anyone);
        }
        for (path, contents) in world::files::stock(hostname) {
            fs.put_system(path, &contents);
        }
        fs.files.insert(
            String::from(DEV_NULL),
            File {
                contents: String::new(),
                root_only_write: false,
            },
        );
        fs
    }

    /// Creates or replaces a root-owned file (its directory must exist).
    pub fn put_system(&mut self, path: &str, contents: &str) {
        self.files.insert(
            String::from(path),
            File {
                contents: String::from(contents),
                root_only_write: true,
            },
        );
    }

    /// The contents of `path`.
    pub fn read(&self, path: &str) -> Result<&str, FileError> {
        if self.is_dir(path) {
            return Err(FileError::IsDirectory);
        }
        self.files
            .get(path)
            .map(|f| f.contents.as_str())
            .ok_or(FileError::NotFound)
    }

    /// True if `path` names a directory.
    pub fn is_dir(&self, path: &str) -> bool {
        let trimmed = path.trim_end_matches('/');
        self.dirs
            .contains_key(if trimmed.is_empty() { "/" } else { trimmed })
    }

    /// `stat(path)`: what `path` is, or `None` if nothing is there (ENOENT).
    pub fn stat(&self, path: &str) -> Option<FileType> {
        if self.is_dir(path) {
            Some(FileType::Directory)
        } else if self.files.contains_key(path) || self.binary.contains_key(path) {
            Some(FileType::Regular)
        } else {
            None
        }
    }

    /// Writes `text` to `path`, replacing or appending, as root or not.
    pub fn write(
        &mut self,
        path: &str,
        text: &str,
        append: bool,
        as_root: bool,
    ) -> Result<(), FileError> {
        if self.is_dir(path) {
            return Err(FileError::IsDirectory);
        }
        if path == DEV_NULL {
            return Ok(());
        }
        let parent = parent_of(path).ok_or(FileError::NotFound)?;
        let owner = *self.dirs.get(parent).ok_or(FileError::NotFound)?;
        // Text written over a binary file replaces it.
        self.binary.remove(path);
        match self.files.get_mut(path) {
            Some(f) => {
                if f.root_only_write && !as_root {
                    return Err(FileError::PermissionDenied);
                }
                let new_len = if append {
                    f.contents.len().saturating_add(text.len())
                } else {
                    text.len()
                };
                if new_len > MAX_FILE_SIZE {
                    return Err(FileError::TooLarge);
                }
                if !append {
                    f.contents.clear();
                }
                f.contents.push_str(text);
                Ok(())
            }
            None => {
                if owner == DirOwner::Root && !as_root {
                    return Err(FileError::PermissionDenied);
                }
                if text.len() > MAX_FILE_SIZE {
                    return Err(FileError::TooLarge);
                }
                self.files.insert(
                    String::from(path),
                    File {
                        contents: String::from(text),
                        root_only_write: owner == DirOwner::Root,
                    },
                );
                Ok(())
            }
        }
    }

    /// Every directory path, in order (additive: `python3 -m http.server`
    /// lists directories).
    pub fn dir_paths(&self) -> impl Iterator<Item = &str> {
        self.dirs.keys().map(String::as_str)
    }

    /// Writes a binary file (replacing it), with the same permission rules
    /// as [`Files::write`].
    pub fn write_bytes(
        &mut self,
        path: &str,
        bytes: &[u8],
        as_root: bool,
    ) -> Result<(), FileError> {
        if path == DEV_NULL {
            return Ok(());
        }
        if bytes.len() > MAX_BINARY_SIZE {
            return Err(FileError::TooLarge);
        }
        self.binary.remove(path);
        // Creating (or truncating) the path checks the directory and the
        // permissions; then the bytes replace the empty text.
        self.write(path, "", false, as_root)?;
        self.files.remove(path);
        self.binary.insert(String::from(path), bytes.to_vec());
        Ok(())
    }

    /// The bytes of a binary file.
    pub fn read_bytes(&self, path: &str) -> Option<&[u8]> {
        self.binary.get(path).map(Vec::as_slice)
    }

    /// Every binary file path, in order.
    pub fn binary_paths(&self) -> impl Iterator<Item = &str> {
        self.binary.keys().map(String::as_str)
    }

    /// Every file path, in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_file_is_debian_stock() {
        let fs = Files::debian("lab");
        let hosts = fs.read("/etc/hosts").unwrap();
        assert!(hosts.starts_with("127.0.0.1\tlocalhost\n127.0.1.1\tlab\n"));
        assert!(hosts.contains("::1     localhost ip6-localhost ip6-loopback\n"));
    }

    #[test]
    fn permissions() {
        let mut fs = Files::debian("lab");
        assert_eq!(
            fs.write("/etc/hosts", "x", true, false),
            Err(FileError::PermissionDenied)
        );
        assert_eq!(
            fs.write("/etc/new", "x", false, false),
            Err(FileError::PermissionDenied)
        );
        assert_eq!(fs.write("/etc/hosts", "1.2.3.4 x\n", true, true), Ok(()));
        assert!(fs.read("/etc/hosts").unwrap().ends_with("1.2.3.4 x\n"));
        assert_eq!(fs.write("/tmp/out", "hi\n", false, false), Ok(()));
        assert_eq!(fs.read("/tmp/out"), Ok("hi\n"));
        assert_eq!(fs.read("/etc"), Err(FileError::IsDirectory));
        assert_eq!(fs.read("/nope"), Err(FileError::NotFound));
        assert_eq!(
            fs.write("/nodir/x", "", false, true),
            Err(FileError::NotFound)
        );
    }
}
