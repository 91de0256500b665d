//! The lab's two users: `root` and the ordinary `user`.

/// Who a process runs as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum User {
    /// uid 0.
    Root,
    /// The ordinary login user, uid 1000.
    User,
}

impl User {
    /// The login name.
    pub const fn name(self) -> &'static str {
        match self {
            User::Root => "root",
            User::User => "user",
        }
    }

    /// The numeric user id.
    pub const fn uid(self) -> u32 {
        match self {
            User::Root => 0,
            User::User => 1000,
        }
    }

    /// The home directory.
    pub const fn home(self) -> &'static str {
        match self {
            User::Root => "/root",
            User::User => "/home/user",
        }
    }
}
