//! The file programs of coreutils 9.1 (and findutils' `find`), each over
//! the kernel's file-system calls (`crate::sys::fs`) with GNU's messages
//! and exit statuses: `mkdir`, `rmdir`, `touch`, `rm`, `cp`, `mv`, `ln`,
//! `chmod`, `chown`, `chgrp`, `stat`, `find`, `realpath`, `readlink`,
//! `tee`, `du`, `df`. `common` is what they (and `ls`) share.

pub(crate) mod common;

use crate::process::Command;

/// The file programs, sorted by name.
pub(crate) const COMMANDS: &[Command] = &[];
