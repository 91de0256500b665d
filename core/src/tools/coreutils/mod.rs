//! coreutils 9.1 and friends as Debian 12 ships them, one file per
//! program: `printf`, `seq`, `basename`, `dirname`, `cut`, `tr`, `yes`,
//! `nl`, `tac`, `rev` (util-linux 2.38), `date`, `id`, `groups`, the
//! checksums (`md5sum`, `sha1sum`, `sha256sum`). Their outputs, error
//! texts and statuses were recorded from the real programs (Linux 6.18,
//! Debian 12, LANG=C.UTF-8); the recordings sit beside the tests in
//! `core/tests/coreutils*.rs`.

mod basename;
mod cut;
mod date;
mod digest;
pub(crate) mod help;
mod id;
mod input;
mod nl;
mod printf;
mod rev;
mod seq;
mod sum;
mod tac;
mod tr;
mod yes;

use alloc::string::String;

use crate::process::{Command, Ctx, Started};

/// The programs of this family, sorted by name.
pub(crate) const COMMANDS: &[Command] = &[
    Command {
        name: "basename",
        summary: "strip the directory and a suffix from file names (coreutils 9.1; -a -s -z)",
        start: basename::basename,
    },
    Command {
        name: "cut",
        summary: "print selected fields, characters or bytes of each line (coreutils 9.1; -d -f -c -b -s)",
        start: cut::start,
    },
    Command {
        name: "date",
        summary: "print the date and time (coreutils 9.1; -u -R -I -d @SECONDS, +FORMAT)",
        start: date::start,
    },
    Command {
        name: "dirname",
        summary: "strip the last component from file names (coreutils 9.1)",
        start: basename::dirname,
    },
    Command {
        name: "groups",
        summary: "print the groups a user is in (coreutils 9.1)",
        start: id::groups,
    },
    Command {
        name: "id",
        summary: "print user and group ids (coreutils 9.1; -u -g -G -n)",
        start: id::id,
    },
    Command {
        name: "md5sum",
        summary: "print MD5 checksums (coreutils 9.1)",
        start: sum::md5sum,
    },
    Command {
        name: "nl",
        summary: "number lines (coreutils 9.1; -b -n -w -s -v -i)",
        start: nl::start,
    },
    Command {
        name: "printf",
        summary: "format and print data (coreutils 9.1)",
        start: printf::start,
    },
    Command {
        name: "rev",
        summary: "reverse each line (util-linux 2.38)",
        start: rev::start,
    },
    Command {
        name: "seq",
        summary: "print a sequence of numbers (coreutils 9.1; -s -w -f)",
        start: seq::start,
    },
    Command {
        name: "sha1sum",
        summary: "print SHA-1 checksums (coreutils 9.1)",
        start: sum::sha1sum,
    },
    Command {
        name: "sha256sum",
        summary: "print SHA-256 checksums (coreutils 9.1)",
        start: sum::sha256sum,
    },
    Command {
        name: "tac",
        summary: "print lines last first (coreutils 9.1)",
        start: tac::start,
    },
    Command {
        name: "tr",
        summary: "translate, squeeze or delete characters (coreutils 9.1; -d -s -c, [:classes:])",
        start: tr::start,
    },
    Command {
        name: "yes",
        summary: "print a line over and over until killed (coreutils 9.1)",
        start: yes::start,
    },
];

/// GNU's usage error: `TOOL: MESSAGE` then the `--help` hint, status 1.
pub(crate) fn usage_error(ctx: &mut Ctx<'_>, tool: &str, message: &str) -> Started {
    super::filter::usage_error(ctx, tool, message, 1)
}

/// `‘x’`, coreutils' quoting in a UTF-8 locale (a backslash doubled,
/// control characters as C escapes).
pub(crate) fn quote(value: &str) -> String {
    crate::printf::quoted(value)
}

/// Who wrote each program, as its `--version` ends.
const AUTHORS: &[(&str, &str)] = &[
    ("basename", "David MacKenzie."),
    ("cut", "David M. Ihnat, David MacKenzie, and Jim Meyering."),
    ("date", "David MacKenzie."),
    ("dirname", "David MacKenzie and Jim Meyering."),
    ("groups", "David MacKenzie and James Youngman."),
    ("id", "Arnold Robbins and David MacKenzie."),
    ("md5sum", "Ulrich Drepper, Scott Miller, and David Madore."),
    ("nl", "Scott Bartram and David MacKenzie."),
    ("printf", "David MacKenzie."),
    ("seq", "Ulrich Drepper."),
    ("sha1sum", "Ulrich Drepper, Scott Miller, and David Madore."),
    (
        "sha256sum",
        "Ulrich Drepper, Scott Miller, and David Madore.",
    ),
    ("tac", "Jay Lepreau and David MacKenzie."),
    ("tr", "Jim Meyering."),
    ("yes", "David MacKenzie."),
];

/// coreutils 9.1's `--version`.
pub(crate) fn version(ctx: &mut Ctx<'_>, tool: &str) -> Started {
    let by = AUTHORS
        .iter()
        .find(|(n, _)| *n == tool)
        .map_or("", |(_, a)| a);
    ctx.out(&alloc::format!(
        "{tool} (GNU coreutils) 9.1\nCopyright (C) 2022 Free Software Foundation, Inc.\n\
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n\
This is free software: you are free to change and redistribute it.\n\
There is NO WARRANTY, to the extent permitted by law.\n\nWritten by {by}\n"
    ));
    Started::Exited(0)
}
