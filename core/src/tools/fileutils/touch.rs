//! coreutils 9.1 `touch [-c] [-a] [-m] [-r FILE | -t STAMP | -d DATE]
//! FILE...`: `open(O_WRONLY|O_CREAT)` for a missing file (unless `-c`),
//! then `utimensat` to the clock's now, to FILE's times (`-r`), to
//! `[[CC]YY]MMDDhhmm[.ss]` (`-t`), or to a date given as `YYYY-MM-DD`,
//! `YYYY-MM-DD HH:MM[:SS]` or `@SECONDS` (`-d`; other forms of GNU's date
//! parser are refused as an invalid date format). The lab's zone is UTC.

use alloc::format;
use alloc::string::String;

use super::common::{Spec, at_cwd, epoch_of, parse, q, qa};
use crate::process::{Ctx, Started};
use crate::sys::ClockId;
use crate::sys::Errno;
use crate::sys::fs::{OpenFlags, Stamp, TimeSpec};

const TOUCH: Spec = Spec {
    tool: "touch",
    flags: "acmf",
    with_value: "rtd",
    long: &[("no-create", 'c'), ("reference=", 'r'), ("date=", 'd')],
};

/// `touch`.
pub(crate) fn touch(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &TOUCH, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.operands.is_empty() {
        return super::common::usage(ctx, "touch", "missing file operand");
    }
    let only_a = p.has('a') && !p.has('m');
    let only_m = p.has('m') && !p.has('a');
    let year = crate::tools::netutil::civil(ctx.sys().clock_gettime(ClockId::Realtime).sec).year;
    // The times to set: now, or those of -r, -t or -d.
    let (given_a, given_m) = if let Some(r) = p.value('r') {
        let path = at_cwd(ctx, r);
        match ctx.sys().stat(&path) {
            Ok(st) => (TimeSpec::At(st.atime), TimeSpec::At(st.mtime)),
            Err(e) => {
                ctx.err(&format!(
                    "touch: failed to get attributes of {}: {}\n",
                    qa(r),
                    e.message()
                ));
                return Started::Exited(1);
            }
        }
    } else if let Some((text, when)) = p
        .value('t')
        .map(|t| (t, stamp_t(t, year)))
        .or_else(|| p.value('d').map(|d| (d, date_d(d))))
    {
        match when {
            Some(sec) => {
                let at = TimeSpec::At(Stamp { sec, nsec: 0 });
                (at, at)
            }
            None => {
                ctx.err(&format!("touch: invalid date format {}\n", q(text)));
                return Started::Exited(1);
            }
        }
    } else {
        (TimeSpec::Now, TimeSpec::Now)
    };
    let atime = if only_m { TimeSpec::Omit } else { given_a };
    let mtime = if only_a { TimeSpec::Omit } else { given_m };
    let mut status = 0;
    for op in &p.operands {
        let path = at_cwd(ctx, op);
        let mut sys = ctx.sys();
        let created = if p.has('c') {
            Ok(())
        } else {
            let flags = OpenFlags {
                write: true,
                create: true,
                ..OpenFlags::default()
            };
            match sys.open(&path, flags, 0o666) {
                Ok(fd) => {
                    let _ = sys.close(fd);
                    Ok(())
                }
                // A directory or a file one may not write: the times may
                // still be set (by the owner).
                Err(Errno::EISDIR | Errno::EACCES) if sys.stat(&path).is_ok() => Ok(()),
                Err(e) => Err(e),
            }
        };
        let r = created.and_then(|()| match sys.utimensat(&path, atime, mtime, true) {
            Err(Errno::ENOENT) if p.has('c') => Ok(()),
            r => r,
        });
        if let Err(e) = r {
            ctx.err(&format!(
                "touch: cannot touch {}: {}\n",
                qa(op),
                e.message()
            ));
            status = 1;
        }
    }
    Started::Exited(status)
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `-t [[CC]YY]MMDDhhmm[.ss]` (a two-digit year: 69-99 is 19YY).
fn stamp_t(t: &str, this_year: i64) -> Option<u64> {
    let (main, secs) = match t.split_once('.') {
        Some((m, s)) if s.len() == 2 => (m, num(s)?),
        Some(_) => return None,
        None => (t, 0),
    };
    let n = main.len();
    if !(8..=12).contains(&n) || n % 2 == 1 {
        return None;
    }
    let tail = main.get(n - 8..)?;
    let year = match main.get(..n - 8)? {
        "" => this_year,
        yy if yy.len() == 2 => {
            let v = i64::from(num(yy)?);
            if v >= 69 { 1900 + v } else { 2000 + v }
        }
        cc => i64::from(num(cc)?),
    };
    let field = |i: usize| num(tail.get(i..i + 2)?);
    epoch_of(year, field(0)?, field(2)?, field(4)?, field(6)?, secs)
}

/// `-d`: `@SECONDS`, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (or with `T`).
fn date_d(d: &str) -> Option<u64> {
    if let Some(secs) = d.strip_prefix('@') {
        return secs.parse().ok();
    }
    let (date, time) = match d.split_once([' ', 'T']) {
        Some((a, b)) => (a, Some(b)),
        None => (d, None),
    };
    let mut ymd = date.split('-');
    let (y, m, day) = (ymd.next()?, ymd.next()?, ymd.next()?);
    if ymd.next().is_some() || y.len() != 4 {
        return None;
    }
    let (h, min, s) = match time {
        None => (0, 0, 0),
        Some(t) => {
            let mut hms = t.split(':');
            let h = num(hms.next()?)?;
            let min = num(hms.next()?)?;
            let s = hms.next().map_or(Some(0), num)?;
            if hms.next().is_some() {
                return None;
            }
            (h, min, s)
        }
    };
    epoch_of(i64::from(num(y)?), num(m)?, num(day)?, h, min, s)
}
