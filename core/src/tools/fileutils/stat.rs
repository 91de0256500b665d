//! coreutils 9.1 `stat [-L] [-c FORMAT] FILE...`: `statx` (here `lstat`,
//! or `stat` with `-L`) printed in stat's default layout or a format's
//! `%` directives (`%n %N %s %b %B %o %f %F %a %A %u %U %g %G %h %i %d %D
//! %t %T %x %X %y %Y %z %Z %w %W %%`, with `-` and a width).

use alloc::format;
use alloc::string::String;

use super::common::{Names, Spec, at_cwd, mode_string, parse, qa, usage};
use crate::process::{Ctx, Started};
use crate::sys::fs::{FileType, Stamp, Stat};

const STAT: Spec = Spec {
    tool: "stat",
    flags: "Lt",
    with_value: "c",
    long: &[("dereference", 'L'), ("format=", 'c'), ("terse", 't')],
};

/// `%F`: the file type's words.
fn type_words(st: &Stat) -> &'static str {
    match st.kind() {
        FileType::Directory => "directory",
        FileType::Symlink => "symbolic link",
        FileType::CharDevice => "character special file",
        FileType::Regular if st.size == 0 => "regular empty file",
        FileType::Regular => "regular file",
    }
}

/// `%y`: `2026-11-27 00:00:00.000000000 +0000`.
fn time(t: Stamp) -> String {
    let c = crate::tools::netutil::civil(t.sec);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:09} +0000",
        c.year, c.month, c.day, c.hour, c.minute, c.second, t.nsec
    )
}

struct File<'a> {
    name: &'a str,
    st: Stat,
    target: Option<String>,
    names: &'a Names,
}

impl File<'_> {
    /// One directive's value.
    fn directive(&self, c: char) -> Option<String> {
        let st = &self.st;
        Some(match c {
            'n' => String::from(self.name),
            'N' => match &self.target {
                Some(t) => format!("{} -> {}", qa(self.name), qa(t)),
                None => qa(self.name),
            },
            's' => format!("{}", st.size),
            'b' => format!("{}", st.blocks),
            'B' => String::from("512"),
            'o' => format!("{}", st.blksize),
            'f' => format!("{:x}", st.mode),
            'F' => String::from(type_words(st)),
            'a' => format!("{:o}", st.mode & 0o7777),
            'A' => mode_string(st.mode),
            'u' => format!("{}", st.uid),
            'U' => self.names.user(st.uid),
            'g' => format!("{}", st.gid),
            'G' => self.names.group(st.gid),
            'h' => format!("{}", st.nlink),
            'i' => format!("{}", st.ino),
            'd' => format!("{}", (st.dev.0 << 8) | st.dev.1),
            'D' => format!("{:x}", (st.dev.0 << 8) | st.dev.1),
            't' => format!("{:x}", st.rdev.0),
            'T' => format!("{:x}", st.rdev.1),
            'x' => time(st.atime),
            'X' => format!("{}", st.atime.sec),
            'y' => time(st.mtime),
            'Y' => format!("{}", st.mtime.sec),
            'z' => time(st.ctime),
            'Z' => format!("{}", st.ctime.sec),
            'w' => time(st.btime),
            'W' => format!("{}", st.btime.sec),
            _ => return None,
        })
    }

    /// A `-c` format expanded.
    fn format(&self, fmt: &str) -> String {
        let mut out = String::new();
        let mut chars = fmt.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let mut left = false;
            let mut zero = false;
            let mut width = 0usize;
            let mut precision: Option<usize> = None;
            while let Some(&f) = chars.peek() {
                match f {
                    '.' => precision = Some(0),
                    d if d.is_ascii_digit() && precision.is_some() => {
                        let p = precision.unwrap_or(0);
                        precision = Some((p * 10 + d.to_digit(10).unwrap_or(0) as usize).min(4096));
                    }
                    '-' => left = true,
                    '0' if width == 0 => zero = true,
                    d if d.is_ascii_digit() => {
                        width = (width * 10 + d.to_digit(10).unwrap_or(0) as usize).min(4096);
                    }
                    _ => break,
                }
                chars.next();
            }
            match chars.next() {
                Some('%') => out.push('%'),
                None => out.push('%'),
                Some(d) => {
                    let mut v = self.directive(d).unwrap_or_else(|| String::from("?"));
                    if let Some(p) = precision {
                        v = v.chars().take(p).collect();
                    }
                    let pad = width.saturating_sub(v.chars().count());
                    if left {
                        out.push_str(&v);
                        out.extend(core::iter::repeat_n(' ', pad));
                    } else {
                        let fill = if zero { '0' } else { ' ' };
                        out.extend(core::iter::repeat_n(fill, pad));
                        out.push_str(&v);
                    }
                }
            }
        }
        out
    }

    /// The default layout.
    fn default_layout(&self) -> String {
        let name = match &self.target {
            Some(t) => format!("{} -> {t}", self.name),
            None => String::from(self.name),
        };
        let device = self.st.kind() == FileType::CharDevice;
        let mut s = format!("  File: {name}\n");
        s.push_str(&self.format("  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n"));
        s.push_str(&format!("Device: {},{}\t", self.st.dev.0, self.st.dev.1));
        if device {
            s.push_str(&self.format("Inode: %-11i Links: %-5h "));
            s.push_str(&format!(
                "Device type: {},{}\n",
                self.st.rdev.0, self.st.rdev.1
            ));
        } else {
            s.push_str(&self.format("Inode: %-11i Links: %h\n"));
        }
        s.push_str(&self.format(
            "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z\n Birth: %w\n",
        ));
        s
    }
}

/// `stat`.
pub(crate) fn stat(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &STAT, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has('t') {
        return crate::tools::gnu_invalid_option(ctx, "stat", 't');
    }
    if p.operands.is_empty() {
        return usage(ctx, "stat", "missing operand");
    }
    let names = Names::load(ctx);
    let mut status = 0;
    for op in &p.operands {
        let path = at_cwd(ctx, op);
        let r = if p.has('L') {
            ctx.sys().stat(&path)
        } else {
            ctx.sys().lstat(&path)
        };
        let st = match r {
            Ok(st) => st,
            Err(e) => {
                ctx.err(&format!("stat: cannot statx {}: {}\n", qa(op), e.message()));
                status = 1;
                continue;
            }
        };
        let target = (st.kind() == FileType::Symlink)
            .then(|| ctx.sys().readlink(&path).ok())
            .flatten();
        let file = File {
            name: op,
            st,
            target,
            names: &names,
        };
        let text = match p.value('c') {
            Some(f) => format!("{}\n", file.format(f)),
            None => file.default_layout(),
        };
        ctx.out(&text);
    }
    Started::Exited(status)
}
