//! What the file programs share: joining an operand to the working
//! directory (the kernel resolves `.`, `..` and links), coreutils' two ways
//! of quoting a name in a message, the passwd and group names `ls -l` and
//! `stat` print, the mode string (`drwxr-xr-x`) and `ls`'s dates.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::process::Ctx;
use crate::sys::fs::{S_IFCHR, S_IFLNK, S_IFMT, S_ISGID, S_ISUID, S_ISVTX, Stat};

/// The path the kernel is asked about for operand `op`: as given if
/// absolute, else below the working directory (`openat(AT_FDCWD)`).
pub(crate) fn at_cwd(ctx: &Ctx<'_>, op: &str) -> String {
    if op.starts_with('/') {
        String::from(op)
    } else if ctx.cwd() == "/" {
        format!("/{op}")
    } else {
        format!("{}/{op}", ctx.cwd())
    }
}

/// Joins a directory and a name (`d` + `x` -> `d/x`, `/` + `x` -> `/x`).
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// The last component of a path (`a/b/` -> `b`).
pub(crate) fn base_name(path: &str) -> &str {
    let t = path.trim_end_matches('/');
    if t.is_empty() {
        return "/";
    }
    t.rsplit('/').next().unwrap_or(t)
}

/// gnulib's `quote` in a UTF-8 locale: `‘name’`.
pub(crate) fn q(name: &str) -> String {
    format!("\u{2018}{name}\u{2019}")
}

/// gnulib's `quoteaf` (shell-escape style): `'name'`, a name holding a
/// single quote as `"it's"`, one holding a double quote too escaped.
pub(crate) fn qa(name: &str) -> String {
    if !name.contains('\'') {
        format!("'{name}'")
    } else if !name.contains('"')
        && !name.contains('$')
        && !name.contains('`')
        && !name.contains('\\')
    {
        format!("\"{name}\"")
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    }
}

/// The user and group names of `/etc/passwd` and `/etc/group`.
#[derive(Default)]
pub(crate) struct Names {
    users: Vec<(u32, String)>,
    groups: Vec<(u32, String)>,
}

fn parse_ids(text: &str) -> Vec<(u32, String)> {
    text.lines()
        .filter_map(|l| {
            let mut f = l.split(':');
            let name = f.next()?;
            let id = f.nth(1)?.parse().ok()?;
            Some((id, String::from(name)))
        })
        .collect()
}

impl Names {
    /// Reads both files (missing ones give numbers).
    pub(crate) fn load(ctx: &mut Ctx<'_>) -> Names {
        let sys = ctx.sys();
        Names {
            users: parse_ids(&sys.read_file("/etc/passwd").unwrap_or_default()),
            groups: parse_ids(&sys.read_file("/etc/group").unwrap_or_default()),
        }
    }

    /// `getpwuid`'s name, or the number.
    pub(crate) fn user(&self, uid: u32) -> String {
        self.users
            .iter()
            .find(|(id, _)| *id == uid)
            .map_or_else(|| format!("{uid}"), |(_, n)| n.clone())
    }

    /// `getgrgid`'s name, or the number.
    pub(crate) fn group(&self, gid: u32) -> String {
        self.groups
            .iter()
            .find(|(id, _)| *id == gid)
            .map_or_else(|| format!("{gid}"), |(_, n)| n.clone())
    }

    /// `getpwnam`'s uid.
    pub(crate) fn uid_of(&self, name: &str) -> Option<u32> {
        self.users
            .iter()
            .find(|(_, n)| n == name)
            .map(|(id, _)| *id)
    }

    /// `getgrnam`'s gid.
    pub(crate) fn gid_of(&self, name: &str) -> Option<u32> {
        self.groups
            .iter()
            .find(|(_, n)| n == name)
            .map(|(id, _)| *id)
    }

    /// The primary group of the user `uid` (passwd's fourth field).
    pub(crate) fn primary_gid(ctx: &mut Ctx<'_>, uid: u32) -> Option<u32> {
        let text = ctx.sys().read_file("/etc/passwd").ok()?;
        text.lines().find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.get(2)?.parse::<u32>().ok()? == uid).then(|| f.get(3)?.parse().ok())?
        })
    }
}

/// `ls -l`'s mode column: type and the nine bits with s/S and t/T.
pub(crate) fn mode_string(mode: u32) -> String {
    let kind = match mode & S_IFMT {
        0o040_000 => 'd',
        S_IFLNK => 'l',
        S_IFCHR => 'c',
        0o060_000 => 'b',
        0o010_000 => 'p',
        0o140_000 => 's',
        _ => '-',
    };
    let bit = |m: u32, c: char| if mode & m != 0 { c } else { '-' };
    let special = |x: u32, s: u32, on: char, off: char| match (mode & x != 0, mode & s != 0) {
        (true, true) => on,
        (false, true) => off,
        (true, false) => 'x',
        (false, false) => '-',
    };
    let mut s = String::with_capacity(10);
    s.push(kind);
    s.push(bit(0o400, 'r'));
    s.push(bit(0o200, 'w'));
    s.push(special(0o100, S_ISUID, 's', 'S'));
    s.push(bit(0o040, 'r'));
    s.push(bit(0o020, 'w'));
    s.push(special(0o010, S_ISGID, 's', 'S'));
    s.push(bit(0o004, 'r'));
    s.push(bit(0o002, 'w'));
    s.push(special(0o001, S_ISVTX, 't', 'T'));
    s
}

/// `ls -l`'s date: `Nov 27 00:00` within six months of now, else
/// `Nov 27  2025` (the lab's zone is UTC).
pub(crate) fn ls_date(secs: u64, now: u64) -> String {
    let c = crate::tools::netutil::civil(secs);
    let month = crate::tools::netutil::month_name(c.month);
    const SIX_MONTHS: u64 = 31_556_952 / 2;
    if secs <= now && now - secs < SIX_MONTHS || secs > now && secs - now < 1 {
        format!("{month} {:>2} {:02}:{:02}", c.day, c.hour, c.minute)
    } else {
        format!("{month} {:>2}  {}", c.day, c.year)
    }
}

/// `st_blocks` in 1 KiB units (ls's and du's default block size).
pub(crate) fn kib(st: &Stat) -> u64 {
    st.blocks.div_ceil(2)
}
