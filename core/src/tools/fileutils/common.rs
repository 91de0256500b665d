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
    // An empty name names nothing (ENOENT), not the directory.
    if op.is_empty() || op.starts_with('/') {
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

/// A command line parsed as getopt_long does for a coreutils program:
/// clustered short flags, short options taking a value (`-m 700`,
/// `-m700`), long options (`--mode=700`, `--mode 700`) mapped to their
/// short letter, `--` ending the options; operands in order.
pub(crate) struct Parsed {
    /// The flags given, in order, with a value for those that take one.
    pub(crate) opts: Vec<(char, Option<String>)>,
    /// The operands.
    pub(crate) operands: Vec<String>,
}

impl Parsed {
    /// Whether flag `c` was given.
    pub(crate) fn has(&self, c: char) -> bool {
        self.opts.iter().any(|(o, _)| *o == c)
    }

    /// The last value of option `c`.
    pub(crate) fn value(&self, c: char) -> Option<&str> {
        self.opts
            .iter()
            .rev()
            .find(|(o, _)| *o == c)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// What a program accepts: short flags, short options with a value, and
/// long names (`name` -> letter; a trailing `=` in the name takes a value).
pub(crate) struct Spec {
    /// The program's name for its messages.
    pub(crate) tool: &'static str,
    /// Short flags without a value.
    pub(crate) flags: &'static str,
    /// Short options with a value.
    pub(crate) with_value: &'static str,
    /// Long options.
    pub(crate) long: &'static [(&'static str, char)],
}

/// Parses `args` (the program's name first); on a usage error prints
/// GNU's two lines and gives the status 1.
pub(crate) fn parse(
    ctx: &mut Ctx<'_>,
    spec: &Spec,
    args: &[String],
) -> Result<Parsed, crate::process::Started> {
    let tool = spec.tool;
    let mut p = Parsed {
        opts: Vec::new(),
        operands: Vec::new(),
    };
    let mut rest = args.get(1..).unwrap_or_default().iter();
    let mut only_operands = false;
    while let Some(a) = rest.next() {
        if only_operands || a == "-" || !a.starts_with('-') {
            p.operands.push(a.clone());
        } else if a == "--" {
            only_operands = true;
        } else if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(String::from(v))),
                None => (long, None),
            };
            let matches: Vec<&(&str, char)> = spec
                .long
                .iter()
                .filter(|(n, _)| n.trim_end_matches('=').starts_with(name))
                .collect();
            let exact = spec
                .long
                .iter()
                .find(|(n, _)| n.trim_end_matches('=') == name);
            let Some(&&(full, c)) = exact
                .as_ref()
                .or(matches.first())
                .filter(|_| exact.is_some() || matches.len() == 1)
            else {
                let msg = if matches.len() > 1 {
                    format!(
                        "{tool}: option '{a}' is ambiguous\nTry '{tool} --help' for more information.\n"
                    )
                } else {
                    format!(
                        "{tool}: unrecognized option '{a}'\nTry '{tool} --help' for more information.\n"
                    )
                };
                ctx.err(&msg);
                return Err(crate::process::Started::Exited(1));
            };
            if full.ends_with('=') {
                let value = match inline {
                    Some(v) => v,
                    None => match rest.next() {
                        Some(v) => v.clone(),
                        None => {
                            ctx.err(&format!(
                                "{tool}: option '--{}' requires an argument\nTry '{tool} --help' for more information.\n",
                                full.trim_end_matches('=')
                            ));
                            return Err(crate::process::Started::Exited(1));
                        }
                    },
                };
                p.opts.push((c, Some(value)));
            } else if inline.is_some() {
                ctx.err(&format!(
                    "{tool}: option '--{full}' doesn't allow an argument\nTry '{tool} --help' for more information.\n"
                ));
                return Err(crate::process::Started::Exited(1));
            } else {
                p.opts.push((c, None));
            }
        } else {
            let chars: Vec<char> = a.chars().skip(1).collect();
            let mut i = 0;
            while let Some(&c) = chars.get(i) {
                if spec.flags.contains(c) {
                    p.opts.push((c, None));
                } else if spec.with_value.contains(c) {
                    let inline: String = chars.get(i + 1..).unwrap_or_default().iter().collect();
                    let value = if !inline.is_empty() {
                        inline
                    } else if let Some(v) = rest.next() {
                        v.clone()
                    } else {
                        ctx.err(&format!(
                            "{tool}: option requires an argument -- '{c}'\nTry '{tool} --help' for more information.\n"
                        ));
                        return Err(crate::process::Started::Exited(1));
                    };
                    p.opts.push((c, Some(value)));
                    break;
                } else {
                    return Err(crate::tools::gnu_invalid_option(ctx, tool, c));
                }
                i += 1;
            }
        }
    }
    Ok(p)
}

/// GNU's usage error: `TOOL: MESSAGE` and the `Try` line, status 1.
pub(crate) fn usage(ctx: &mut Ctx<'_>, tool: &str, message: &str) -> crate::process::Started {
    ctx.err(&format!(
        "{tool}: {message}\nTry '{tool} --help' for more information.\n"
    ));
    crate::process::Started::Exited(1)
}

/// `-h`: powers of 1024 rounded up, one decimal below ten (`4.0K`,
/// `12K`, `1.5M`), as gnulib's `human_readable` with `human_ceiling`.
pub(crate) fn human(size: u64) -> String {
    const UNITS: [char; 6] = ['K', 'M', 'G', 'T', 'P', 'E'];
    if size < 1024 {
        return format!("{size}");
    }
    let mut div: u64 = 1024;
    for (i, unit) in UNITS.iter().enumerate() {
        let tenths = (u128::from(size) * 10).div_ceil(u128::from(div));
        if tenths < 100 {
            return format!("{}.{}{unit}", tenths / 10, tenths % 10);
        }
        let whole = u128::from(size).div_ceil(u128::from(div));
        if whole < 1024 || i + 1 == UNITS.len() {
            return format!("{whole}{unit}");
        }
        div = div.saturating_mul(1024);
    }
    format!("{size}")
}

/// Seconds since 1970 of a UTC date and time (Howard Hinnant's
/// `days_from_civil`); `None` for a date that does not exist.
pub(crate) fn epoch_of(
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
) -> Option<u64> {
    let days_in = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days_in || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
    u64::try_from(secs).ok()
}
