//! coreutils 9.1 `du [-s] [-a] [-h] [-c] [-d N] [FILE...]` (blocks in
//! use, 1 KiB units, from `lstat`'s `st_blocks`, each directory after its
//! contents, hard links counted once) and `df [-h] [-T] [FILE...]` (the
//! root file system's `statfs`: its size is the lab's cap).

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::common::{Spec, at_cwd, human, join, kib, parse, q, qa};
use crate::process::{Ctx, Started};
use crate::sys::fs::FileType;

/// How deep `du` walks.
const MAX_DEPTH: usize = 256;
/// The most names one run visits.
const MAX_VISITS: usize = 50_000;

const DU: Spec = Spec {
    tool: "du",
    flags: "sahc",
    with_value: "d",
    long: &[
        ("summarize", 's'),
        ("all", 'a'),
        ("human-readable", 'h'),
        ("total", 'c'),
        ("max-depth=", 'd'),
    ],
};

struct Du {
    all: bool,
    human: bool,
    max_depth: usize,
    seen: BTreeSet<u64>,
    out: String,
    status: i32,
    visits: usize,
}

impl Du {
    fn size(&self, kib: u64) -> String {
        if self.human {
            if kib == 0 {
                String::from("0")
            } else {
                human(kib.saturating_mul(1024))
            }
        } else {
            format!("{kib}")
        }
    }

    /// The KiB under `path`, printing the lines `du` prints.
    fn walk(&mut self, ctx: &mut Ctx<'_>, shown: &str, path: &str, depth: usize) -> u64 {
        self.visits += 1;
        if self.visits > MAX_VISITS {
            return 0;
        }
        let st = match ctx.sys().lstat(path) {
            Ok(st) => st,
            Err(e) => {
                self.flush(ctx);
                ctx.err(&format!(
                    "du: cannot access {}: {}\n",
                    qa(shown),
                    e.message()
                ));
                self.status = 1;
                return 0;
            }
        };
        if st.nlink > 1 && st.kind() != FileType::Directory && !self.seen.insert(st.ino) {
            return 0;
        }
        let mut total = kib(&st);
        if st.kind() == FileType::Directory && depth < MAX_DEPTH {
            match ctx.sys().readdir(path) {
                Ok(entries) => {
                    for e in entries {
                        if e.name != "." && e.name != ".." {
                            total += self.walk(
                                ctx,
                                &join(shown, &e.name),
                                &join(path, &e.name),
                                depth + 1,
                            );
                        }
                    }
                }
                Err(e) => {
                    self.flush(ctx);
                    ctx.err(&format!(
                        "du: cannot read directory {}: {}\n",
                        qa(shown),
                        e.message()
                    ));
                    self.status = 1;
                }
            }
        }
        let shown_line =
            (st.kind() == FileType::Directory || self.all || depth == 0) && depth <= self.max_depth;
        if shown_line {
            let line = format!("{}\t{shown}\n", self.size(total));
            self.out.push_str(&line);
        }
        total
    }

    fn flush(&mut self, ctx: &mut Ctx<'_>) {
        if !self.out.is_empty() {
            let text = core::mem::take(&mut self.out);
            ctx.out(&text);
        }
    }
}

/// `du`.
pub(crate) fn du(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &DU, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    let max_depth = match p.value('d') {
        Some(v) => match v.parse::<usize>() {
            Ok(n) => n,
            Err(_) => {
                ctx.err(&format!(
                    "du: invalid maximum depth {}\nTry 'du --help' for more information.\n",
                    q(v)
                ));
                return Started::Exited(1);
            }
        },
        None => usize::MAX,
    };
    if p.has('s') && p.has('a') {
        return super::common::usage(ctx, "du", "cannot both summarize and show all entries");
    }
    let mut du = Du {
        all: p.has('a'),
        human: p.has('h'),
        max_depth: if p.has('s') { 0 } else { max_depth },
        seen: BTreeSet::new(),
        out: String::new(),
        status: 0,
        visits: 0,
    };
    let default = [String::from(".")];
    let ops = if p.operands.is_empty() {
        &default[..]
    } else {
        &p.operands[..]
    };
    let mut grand = 0;
    for op in ops {
        if op.is_empty() {
            ctx.err("du: invalid zero-length file name\n");
            du.status = 1;
            continue;
        }
        let path = at_cwd(ctx, op);
        grand += du.walk(ctx, op, &path, 0);
    }
    if p.has('c') {
        let line = format!("{}\ttotal\n", du.size(grand));
        du.out.push_str(&line);
    }
    du.flush(ctx);
    Started::Exited(du.status)
}

const DF: Spec = Spec {
    tool: "df",
    flags: "hT",
    with_value: "",
    long: &[("human-readable", 'h'), ("print-type", 'T')],
};

/// The root file system as `df` names it.
const SOURCE: &str = "/dev/sda1";
const FSTYPE: &str = "ext4";

/// `df`.
pub(crate) fn df(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &DF, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    let human_sizes = p.has('h');
    let mut status = 0;
    let mut rows = 0;
    let default = [String::from("/")];
    let ops = if p.operands.is_empty() {
        &default[..]
    } else {
        &p.operands[..]
    };
    for op in ops {
        let path = at_cwd(ctx, op);
        if let Err(e) = ctx.sys().statfs(&path) {
            ctx.err(&format!("df: {op}: {}\n", e.message()));
            status = 1;
        } else {
            rows += 1;
        }
    }
    if rows == 0 {
        return Started::Exited(status);
    }
    let Ok(fs) = ctx.sys().statfs("/") else {
        return Started::Exited(1);
    };
    let k = fs.bsize / 1024;
    let (size, free) = (fs.blocks * k, fs.bfree * k);
    let used = size - free.min(size);
    let pct = if used + free == 0 {
        String::from("-")
    } else {
        format!("{}%", (used * 100).div_ceil(used + free))
    };
    let num = |kib: u64| {
        if !human_sizes {
            format!("{kib}")
        } else if kib == 0 {
            String::from("0")
        } else {
            human(kib * 1024)
        }
    };
    let headers: Vec<&str> = if human_sizes {
        Vec::from(["Size", "Used", "Avail"])
    } else {
        Vec::from(["1K-blocks", "Used", "Available"])
    };
    let values = [num(size), num(used), num(free)];
    let widths: Vec<usize> = headers
        .iter()
        .zip(values.iter())
        .map(|(h, v)| h.len().max(v.len()).max(5))
        .collect();
    let w = |i: usize| widths.get(i).copied().unwrap_or(5);
    let h = |i: usize| headers.get(i).copied().unwrap_or_default();
    let v = |i: usize| values.get(i).cloned().unwrap_or_default();
    let (type_head, type_val) = if p.has('T') {
        let tw = FSTYPE.len().max(4);
        (format!("{:<tw$} ", "Type"), format!("{FSTYPE:<tw$} "))
    } else {
        (String::new(), String::new())
    };
    let mut text = format!(
        "{:<14} {type_head}{:>w0$} {:>w1$} {:>w2$} Use% Mounted on\n",
        "Filesystem",
        h(0),
        h(1),
        h(2),
        w0 = w(0),
        w1 = w(1),
        w2 = w(2)
    );
    for _ in 0..rows {
        text.push_str(&format!(
            "{SOURCE:<14} {type_val}{:>w0$} {:>w1$} {:>w2$} {pct:>4} /\n",
            v(0),
            v(1),
            v(2),
            w0 = w(0),
            w1 = w(1),
            w2 = w(2)
        ));
    }
    ctx.out(&text);
    Started::Exited(status)
}
