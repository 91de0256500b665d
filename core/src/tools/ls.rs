//! coreutils 9.1 `ls [-1aACdFhilnpRrSt] [--color[=WHEN]] [FILE...]` over the
//! kernel's directories (`getdents`, `lstat`, `stat`, `readlink`), in the
//! lab's locale (C.UTF-8: names in byte order). `-l` prints the mode, the
//! link count, owner and group names (from `/etc/passwd` and
//! `/etc/group`), the size (a device's major and minor), the date and a
//! link's target, each column as wide as its widest value; `total` counts
//! 1 KiB blocks. Standard output on the terminal (or `-C`) lists names
//! down columns filling 80 characters; elsewhere one per line, as `-1`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::fileutils::common::{Names, at_cwd, human, join, kib, ls_date, mode_string, qa};
use crate::process::{Ctx, Started};
use crate::sys::fs::{FileType, Stat};
use crate::sys::{ClockId, Errno};

/// How deep `-R` goes (a bound on the walk).
const MAX_DEPTH: usize = 64;
/// The most entries one run lists.
const MAX_ENTRIES: usize = 20_000;

#[derive(Clone, Copy, Default)]
struct Opts {
    long: bool,
    all: bool,
    almost_all: bool,
    directory: bool,
    recursive: bool,
    one: bool,
    human: bool,
    /// `-t`: newest first.
    by_time: bool,
    /// `-S`: largest first.
    by_size: bool,
    /// `-r`: the order reversed.
    reverse: bool,
    /// `-C`: columns even when not writing to a terminal.
    columns: bool,
    /// `-F`: an indicator after each name.
    classify: bool,
    /// `-p`: `/` after each directory.
    slash: bool,
    /// `-i`: inode numbers first.
    inode: bool,
    /// `-n`: numeric owner and group.
    numeric: bool,
}

/// Sorts entries as ls does: by name (byte order in C.UTF-8), or by
/// modification time or size with the name breaking ties; `-r` reverses.
fn sort_entries(entries: &mut [Entry], o: Opts) {
    crate::sort::sort_by(entries, |a, b| {
        let key = if o.by_size {
            b.st.size.cmp(&a.st.size)
        } else if o.by_time {
            b.st.mtime.cmp(&a.st.mtime)
        } else {
            core::cmp::Ordering::Equal
        };
        let order = key.then_with(|| a.name.cmp(&b.name));
        if o.reverse { order.reverse() } else { order }
    });
}

/// One name to print with what `lstat` said (and a link's target).
struct Entry {
    name: String,
    st: Stat,
    target: Option<String>,
    /// What the link's target is (`stat`), for `-F` after the arrow.
    target_st: Option<Stat>,
}

/// `-F`/`-p`'s indicator: `/` for a directory; with `-F` also `@` for a
/// link, `*` for an executable file, `|` for a pipe, `=` for a socket.
fn indicator(st: &Stat, o: Opts) -> &'static str {
    match st.kind() {
        FileType::Directory if o.classify || o.slash => "/",
        FileType::Symlink if o.classify => "@",
        FileType::Regular if o.classify && st.mode & 0o111 != 0 => "*",
        _ => match st.mode & crate::sys::fs::S_IFMT {
            0o010_000 if o.classify => "|",
            0o140_000 if o.classify => "=",
            _ => "",
        },
    }
}

/// The name as the short listing shows it: inode first with `-i`, then
/// the name and its indicator.
fn shown_name(e: &Entry, o: Opts, ino_width: usize) -> String {
    let ino = if o.inode {
        format!("{:>ino_width$} ", e.st.ino)
    } else {
        String::new()
    };
    format!("{ino}{}{}", e.name, indicator(&e.st, o))
}

fn size_text(e: &Entry, o: Opts) -> String {
    if e.st.kind() == FileType::CharDevice {
        format!("{}, {}", e.st.rdev.0, e.st.rdev.1)
    } else if o.human {
        human(e.st.size)
    } else {
        format!("{}", e.st.size)
    }
}

fn columns(e: &Entry, o: Opts, names: &Names) -> [String; 5] {
    let (user, group) = if o.numeric {
        (format!("{}", e.st.uid), format!("{}", e.st.gid))
    } else {
        (names.user(e.st.uid), names.group(e.st.gid))
    };
    [
        format!("{}", e.st.nlink),
        user,
        group,
        size_text(e, o),
        format!("{}", e.st.ino),
    ]
}

/// The `-l` lines of `entries`, columns aligned across them and `also`
/// (ls sizes the columns of the files named on the command line over
/// every operand, directories included).
fn long_lines(entries: &[Entry], also: &[Entry], o: Opts, names: &Names, now: u64) -> String {
    let rows: Vec<[String; 5]> = entries.iter().map(|e| columns(e, o, names)).collect();
    let extra: Vec<[String; 5]> = also.iter().map(|e| columns(e, o, names)).collect();
    let width = |i: usize| {
        rows.iter()
            .chain(extra.iter())
            .map(|r| r.get(i).map_or(0, |s| s.chars().count()))
            .max()
            .unwrap_or(0)
    };
    let (wl, wu, wg, ws, wi) = (width(0), width(1), width(2), width(3), width(4));
    let mut out = String::new();
    for (e, [links, user, group, size, ino]) in entries.iter().zip(rows) {
        if o.inode {
            out.push_str(&format!("{ino:>wi$} "));
        }
        out.push_str(&format!(
            "{} {links:>wl$} {user:<wu$} {group:<wg$} {size:>ws$} {} {}",
            mode_string(e.st.mode),
            ls_date(e.st.mtime.sec, now),
            e.name
        ));
        match (&e.target, &e.target_st) {
            (Some(t), Some(tst)) => out.push_str(&format!(" -> {t}{}", indicator(tst, o))),
            (Some(t), None) => out.push_str(&format!(" -> {t}")),
            (None, _) => out.push_str(indicator(&e.st, o)),
        }
        out.push('\n');
    }
    out
}

fn short_lines(entries: &[Entry], o: Opts, terminal: bool) -> String {
    if entries.is_empty() {
        return String::new();
    }
    let ino_width = entries
        .iter()
        .map(|e| format!("{}", e.st.ino).len())
        .max()
        .unwrap_or(0);
    let shown: Vec<String> = entries
        .iter()
        .map(|e| shown_name(e, o, ino_width))
        .collect();
    let names: Vec<&str> = shown.iter().map(String::as_str).collect();
    if o.one || !terminal && !o.columns {
        let mut s = names.join("\n");
        s.push('\n');
        s
    } else {
        columns_text(&names, LINE_LENGTH)
    }
}

/// The terminal's width ls fills (`COLUMNS` of an 80-column terminal).
const LINE_LENGTH: usize = 80;
/// ls's tab stops (`-T 8`).
const TAB_SIZE: usize = 8;

/// `-C`: names down the columns, as many columns as fit in `width`
/// (coreutils' `calculate_columns` and `print_many_per_line`), padded
/// with tabs and spaces as its `indent` does.
fn columns_text(names: &[&str], width: usize) -> String {
    let n = names.len();
    let lens: Vec<usize> = names.iter().map(|s| s.chars().count()).collect();
    let max_cols = (width / 3).clamp(1, n.max(1));
    let mut best = 1;
    let mut best_widths: Vec<usize> = Vec::from([lens.iter().copied().max().unwrap_or(0)]);
    for cols in 1..=max_cols {
        let rows = n.div_ceil(cols);
        let mut widths = alloc::vec![0usize; cols];
        for (i, &len) in lens.iter().enumerate() {
            let idx = i / rows;
            let real = len + if idx + 1 == cols { 0 } else { 2 };
            if let Some(w) = widths.get_mut(idx) {
                *w = (*w).max(real);
            }
        }
        if widths.iter().sum::<usize>() < width {
            best = cols;
            best_widths = widths;
        }
    }
    let rows = n.div_ceil(best);
    let mut out = String::new();
    for row in 0..rows {
        let mut pos = 0;
        let mut col = 0;
        let mut i = row;
        while let (Some(name), Some(&len)) = (names.get(i), lens.get(i)) {
            out.push_str(name);
            let max = best_widths.get(col).copied().unwrap_or(len);
            col += 1;
            i += rows;
            if i >= n {
                break;
            }
            let (mut from, to) = (pos + len, pos + max);
            while from < to {
                if to / TAB_SIZE > (from + 1) / TAB_SIZE {
                    out.push('\t');
                    from += TAB_SIZE - from % TAB_SIZE;
                } else {
                    out.push(' ');
                    from += 1;
                }
            }
            pos += max;
        }
        out.push('\n');
    }
    out
}

fn entry(ctx: &mut Ctx<'_>, name: &str, path: &str, follow: bool) -> Result<Entry, Errno> {
    let sys = ctx.sys();
    let st = if follow {
        sys.stat(path)
    } else {
        sys.lstat(path)
    }?;
    let link = st.kind() == FileType::Symlink;
    let target = link.then(|| sys.readlink(path).ok()).flatten();
    let target_st = link.then(|| sys.stat(path).ok()).flatten();
    Ok(Entry {
        name: String::from(name),
        st,
        target,
        target_st,
    })
}

/// The entries of directory `path` to show, sorted.
fn read_dir(
    ctx: &mut Ctx<'_>,
    path: &str,
    o: Opts,
    budget: &mut usize,
) -> Result<Vec<Entry>, Errno> {
    let list = ctx.sys().readdir(path)?;
    let mut out = Vec::new();
    for d in list {
        let dot = d.name.starts_with('.');
        let dots = d.name == "." || d.name == "..";
        if dot && !(o.all || o.almost_all && !dots) {
            continue;
        }
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        if let Ok(e) = entry(ctx, &d.name, &join(path, &d.name), false) {
            out.push(e);
        }
    }
    sort_entries(&mut out, o);
    Ok(out)
}

struct Run<'o> {
    o: Opts,
    names: &'o Names,
    now: u64,
    terminal: bool,
    out: String,
    status: i32,
    budget: usize,
}

impl Run<'_> {
    fn dir(&mut self, ctx: &mut Ctx<'_>, shown: &str, path: &str, header: bool, depth: usize) {
        if header {
            if !self.out.is_empty() {
                self.out.push('\n');
            }
            self.out.push_str(&format!("{shown}:\n"));
        }
        let entries = match read_dir(ctx, path, self.o, &mut self.budget) {
            Ok(e) => e,
            Err(e) => {
                self.flush(ctx);
                ctx.err(&format!(
                    "ls: cannot open directory {}: {}\n",
                    qa(shown),
                    e.message()
                ));
                self.status = 2;
                return;
            }
        };
        if self.o.long {
            let total: u64 = entries.iter().map(|e| kib(&e.st)).sum();
            self.out.push_str(&format!("total {total}\n"));
            self.out
                .push_str(&long_lines(&entries, &[], self.o, self.names, self.now));
        } else {
            self.out
                .push_str(&short_lines(&entries, self.o, self.terminal));
        }
        if self.o.recursive && depth < MAX_DEPTH {
            for e in &entries {
                if e.st.kind() == FileType::Directory && e.name != "." && e.name != ".." {
                    let sub_shown = join(shown, &e.name);
                    let sub_path = join(path, &e.name);
                    self.dir(ctx, &sub_shown, &sub_path, true, depth + 1);
                }
            }
        }
    }

    fn flush(&mut self, ctx: &mut Ctx<'_>) {
        if !self.out.is_empty() {
            let text = core::mem::take(&mut self.out);
            ctx.out(&text);
        }
    }
}

fn parse(ctx: &mut Ctx<'_>, args: &[String]) -> Result<(Opts, Vec<String>), Started> {
    let mut o = Opts::default();
    let mut operands = Vec::new();
    let mut dashdash = false;
    for a in args.get(1..).unwrap_or_default() {
        if dashdash || a == "-" || !a.starts_with('-') {
            operands.push(a.clone());
        } else if a == "--" {
            dashdash = true;
        } else if let Some(long) = a.strip_prefix("--") {
            match long {
                "all" => o.all = true,
                "almost-all" => o.almost_all = true,
                "directory" => o.directory = true,
                "recursive" => o.recursive = true,
                "human-readable" => o.human = true,
                "reverse" => o.reverse = true,
                "classify" => o.classify = true,
                "inode" => o.inode = true,
                "numeric-uid-gid" => {
                    o.numeric = true;
                    o.long = true;
                }
                "color" | "color=auto" | "color=tty" | "color=if-tty" | "color=never"
                | "color=no" | "color=none" => {}
                // Colors are not built: `always` is refused in ls's words.
                _ if long.starts_with("color=") => {
                    let value = long.split_once('=').map_or("", |(_, v)| v);
                    ctx.err(&format!(
                        "ls: invalid argument {} for \u{2018}--color\u{2019}\nValid arguments are:\n  - \u{2018}never\u{2019}, \u{2018}no\u{2019}, \u{2018}none\u{2019}\n  - \u{2018}auto\u{2019}, \u{2018}tty\u{2019}, \u{2018}if-tty\u{2019}\nTry 'ls --help' for more information.\n",
                        super::fileutils::common::q(value)
                    ));
                    return Err(Started::Exited(1));
                }
                _ => return Err(super::gnu_unrecognized_option_status(ctx, "ls", a, 2)),
            }
        } else {
            for c in a.chars().skip(1) {
                match c {
                    'l' => o.long = true,
                    '1' => {
                        o.one = true;
                        o.columns = false;
                    }
                    'a' => o.all = true,
                    'A' => o.almost_all = true,
                    'd' => o.directory = true,
                    'R' => o.recursive = true,
                    'h' => o.human = true,
                    'F' => o.classify = true,
                    'p' => o.slash = true,
                    'i' => o.inode = true,
                    'n' => {
                        o.numeric = true;
                        o.long = true;
                    }
                    't' => o.by_time = true,
                    'S' => o.by_size = true,
                    'r' => o.reverse = true,
                    'C' => {
                        o.columns = true;
                        o.one = false;
                    }
                    _ => return Err(super::gnu_invalid_option_status(ctx, "ls", c, 2)),
                }
            }
        }
    }
    Ok((o, operands))
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let (o, mut operands) = match parse(ctx, args) {
        Ok(v) => v,
        Err(s) => return s,
    };
    if operands.is_empty() {
        operands.push(String::from("."));
    }
    let names = Names::load(ctx);
    let now = ctx.sys().clock_gettime(ClockId::Realtime).sec;
    let terminal = ctx.stdout_is_terminal();
    let mut run = Run {
        o,
        names: &names,
        now,
        terminal,
        out: String::new(),
        status: 0,
        budget: MAX_ENTRIES,
    };
    // Files (and, with -d, directories) first, then each directory.
    let mut files: Vec<Entry> = Vec::new();
    let mut dirs: Vec<(String, String)> = Vec::new();
    let mut dir_entries: Vec<Entry> = Vec::new();
    for op in &operands {
        let path = at_cwd(ctx, op);
        // A link named without -l/-d is followed (ls -H's default for
        // operands); -l and -d describe the link itself.
        let follow = !(o.long || o.directory) || op.ends_with('/');
        let e = match entry(ctx, op, &path, follow) {
            Ok(e) => Ok(e),
            Err(Errno::ENOENT) if follow => entry(ctx, op, &path, false).map_err(|_| Errno::ENOENT),
            Err(e) => Err(e),
        };
        match e {
            Ok(mut e) => {
                let is_dir = e.st.kind() == FileType::Directory;
                if is_dir && !o.directory {
                    dirs.push((op.clone(), path));
                    dir_entries.push(e);
                } else {
                    if follow {
                        e.target = None;
                        e.target_st = None;
                    }
                    files.push(e);
                }
            }
            Err(err) => {
                ctx.err(&format!(
                    "ls: cannot access {}: {}\n",
                    qa(op),
                    err.message()
                ));
                run.status = 2;
            }
        }
    }
    sort_entries(&mut files, o);
    // The directories in the same order, by their own entries.
    let mut order: Vec<usize> = (0..dirs.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        let (Some(x), Some(y)) = (dir_entries.get(a), dir_entries.get(b)) else {
            return core::cmp::Ordering::Equal;
        };
        let key = if o.by_size {
            y.st.size.cmp(&x.st.size)
        } else if o.by_time {
            y.st.mtime.cmp(&x.st.mtime)
        } else {
            core::cmp::Ordering::Equal
        };
        let order = key.then_with(|| x.name.cmp(&y.name));
        if o.reverse { order.reverse() } else { order }
    });
    let dirs: Vec<(String, String)> = order
        .into_iter()
        .filter_map(|i| dirs.get(i).cloned())
        .collect();
    if !files.is_empty() {
        if o.long {
            run.out
                .push_str(&long_lines(&files, &dir_entries, o, &names, now));
        } else {
            run.out.push_str(&short_lines(&files, o, terminal));
        }
    }
    let header = o.recursive || operands.len() > 1 || !files.is_empty();
    for (shown, path) in dirs {
        run.dir(ctx, &shown, &path, header, 0);
    }
    run.flush(ctx);
    Started::Exited(run.status)
}

#[cfg(test)]
mod tests {
    use crate::{Lab, LabConfig};

    #[test]
    fn lists_the_labs_files() {
        let mut lab = Lab::new(LabConfig::default());
        // Names down columns on the terminal (the exact layout is compared
        // to coreutils in tests/fileutils.rs).
        let etc = lab.run("ls /etc").stdout();
        assert!(etc.contains("nsswitch.conf") && etc.contains('\t'), "{etc}");
        // Real coreutils 9.1: `ls /nope` -> "ls: cannot access '/nope': No such
        // file or directory", exit 2; `ls -z` -> invalid option, exit 2.
        let r = lab.run("ls /nope");
        assert_eq!(
            (r.stderr().as_str(), r.status),
            ("ls: cannot access '/nope': No such file or directory\n", 2)
        );
        assert_eq!(lab.run("ls -z").status, 2);
        assert!(
            lab.run("ls -l /etc")
                .stdout()
                .contains("-rw-r--r-- 1 root root")
        );
    }
}
