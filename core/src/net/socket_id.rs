//! The handle of a socket in its namespace's socket table, apart from the
//! table so that the table's indexes can name it without naming the table.

/// A socket's id within its namespace (shown as the file descriptor's inode).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SocketId(pub u32);
