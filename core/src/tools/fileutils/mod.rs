//! The file programs of coreutils 9.1 (and findutils' `find`), each over
//! the kernel's file-system calls (`crate::sys::fs`) with GNU's messages
//! and exit statuses, recorded from Debian 12 (`fileutils_recorded.rs`
//! compares them): `mkdir`, `rmdir`, `touch`, `rm`, `cp`, `mv`, `ln`,
//! `chmod`, `chown`, `chgrp`, `stat`, `find`, `realpath`, `readlink`,
//! `tee`, `du`, `df`. `common` is what they (and `ls`) share; `mode` is
//! the mode parser `chmod` and `mkdir -m` use.

mod chmod;
mod chown;
pub(crate) mod common;
mod copy;
mod du;
mod find;
mod ln;
mod mkdir;
mod mode;
mod rm;
mod stat;
mod tee;
mod touch;

use crate::process::Command;

/// The file programs, sorted by name.
pub(crate) const COMMANDS: &[Command] = &[
    Command {
        name: "chgrp",
        summary: "change the group of files",
        start: chown::chgrp,
    },
    Command {
        name: "chmod",
        summary: "change file mode bits (octal or u+rw,go-w)",
        start: chmod::chmod,
    },
    Command {
        name: "chown",
        summary: "change the owner and group of files",
        start: chown::chown,
    },
    Command {
        name: "cp",
        summary: "copy files and directories (-r, -a)",
        start: copy::cp,
    },
    Command {
        name: "df",
        summary: "report file system space usage",
        start: du::df,
    },
    Command {
        name: "du",
        summary: "estimate file space usage (-s, -h)",
        start: du::du,
    },
    Command {
        name: "find",
        summary: "search for files (-name, -type, -maxdepth)",
        start: find::find,
    },
    Command {
        name: "ln",
        summary: "make links between files (-s for symbolic)",
        start: ln::ln,
    },
    Command {
        name: "mkdir",
        summary: "make directories (-p for parents)",
        start: mkdir::mkdir,
    },
    Command {
        name: "mv",
        summary: "move or rename files",
        start: copy::mv,
    },
    Command {
        name: "readlink",
        summary: "print a symbolic link's target (-f: canonical path)",
        start: ln::readlink,
    },
    Command {
        name: "realpath",
        summary: "print the resolved absolute path",
        start: ln::realpath,
    },
    Command {
        name: "rm",
        summary: "remove files or directories (-r, -f)",
        start: rm::rm,
    },
    Command {
        name: "rmdir",
        summary: "remove empty directories",
        start: mkdir::rmdir,
    },
    Command {
        name: "stat",
        summary: "display file status",
        start: stat::stat,
    },
    Command {
        name: "tee",
        summary: "copy standard input to standard output and files (-a)",
        start: tee::tee,
    },
    Command {
        name: "touch",
        summary: "create files or update their times",
        start: touch::touch,
    },
];
