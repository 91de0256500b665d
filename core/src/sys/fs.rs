//! File-system calls: reading and writing whole files, directories, and
//! the virtual files under `/proc` (whose values the kernel computes on
//! read and parses on write).
//!
//! The lab's programs read and write files whole, so `open`/`read`/`close`
//! are one call here; the permissions are the kernel's (root may write
//! anywhere, a user only where the directory is theirs).
//! A pipe's size (`F_GETPIPE_SZ`) is here too: the lab's pipes are read
//! through the process's standard input, not a descriptor.

use alloc::string::String;
use alloc::vec::Vec;

use super::Sys;
/// The null device's path (`_PATH_DEVNULL`), the one character device.
pub use crate::host::files::DEV_NULL;
pub use crate::host::files::{FileError, FileType};

impl Sys<'_> {
    /// `fcntl(fd, F_GETPIPE_SZ)` on a pipe: the bytes a pipe holds
    /// unread (the lab's pipes all have one size and never block a
    /// writer: see [`crate::pipe::PIPE_LIMIT`]).
    pub fn pipe_size(&self) -> usize {
        crate::pipe::PIPE_LIMIT
    }

    /// Reads a text file (a `/proc` file is computed for the process's
    /// namespace).
    pub fn read_file(&self, path: &str) -> Result<String, FileError> {
        if let Some(r) = crate::procfs::read(self.host, self.ns, path) {
            return r;
        }
        self.host.files.read(path).map(String::from)
    }

    /// Reads a binary file (a capture `tcpdump -w` wrote); `None` if `path`
    /// holds no binary data.
    pub fn read_binary(&self, path: &str) -> Option<Vec<u8>> {
        self.host.files.read_bytes(path).map(<[u8]>::to_vec)
    }

    /// Writes `text` to `path`, truncating it first or appending.
    pub fn write_file(&mut self, path: &str, text: &str, append: bool) -> Result<(), FileError> {
        let as_root = self.uid == 0;
        self.host.files.write(path, text, append, as_root)
    }

    /// Writes a binary file, replacing it.
    pub fn write_binary(&mut self, path: &str, bytes: &[u8]) -> Result<(), FileError> {
        let as_root = self.uid == 0;
        self.host.files.write_bytes(path, bytes, as_root)
    }

    /// Whether `path` is a directory (`stat` and `S_ISDIR`).
    pub fn is_dir(&self, path: &str) -> bool {
        self.host.files.is_dir(path)
    }

    /// Whether `path` is a regular file, text or binary (`stat` and
    /// `S_ISREG`; the computed `/proc` files are not).
    pub fn is_file(&self, path: &str) -> bool {
        self.host.files.read(path).is_ok() || self.host.files.read_bytes(path).is_some()
    }

    /// `stat(path)`: a directory or a regular file, `None` for ENOENT.
    pub fn stat(&self, path: &str) -> Option<FileType> {
        self.host.files.stat(path)
    }

    /// Every regular file's path, in order (a walk of the whole tree).
    pub fn file_paths(&self) -> Vec<String> {
        self.host.files.paths().map(String::from).collect()
    }

    /// Every directory's path, in order.
    pub fn dir_paths(&self) -> Vec<String> {
        self.host.files.dir_paths().map(String::from).collect()
    }

    /// Every binary file's path, in order.
    pub fn binary_paths(&self) -> Vec<String> {
        self.host.files.binary_paths().map(String::from).collect()
    }
}
