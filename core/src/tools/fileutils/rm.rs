//! coreutils 9.1 `rm [-f] [-r|-R] [-d] [-v] FILE...` over `lstat`,
//! `unlink`, `getdents` and `rmdir`: a directory only with `-r` (or an
//! empty one with `-d`), emptied depth first; `-f` silences a missing
//! file; `/` refused (`--preserve-root`), `.` and `..` skipped. `-i` and
//! `-I` need a terminal to answer on: they are refused as unknown.

use alloc::format;
use alloc::string::String;

use super::common::{Spec, at_cwd, base_name, join, parse, qa, usage};
use crate::process::{Ctx, Started};
use crate::sys::Errno;
use crate::sys::fs::FileType;

/// How deep `-r` goes.
const MAX_DEPTH: usize = 256;

const RM: Spec = Spec {
    tool: "rm",
    flags: "frRdv",
    with_value: "",
    long: &[
        ("force", 'f'),
        ("recursive", 'r'),
        ("dir", 'd'),
        ("verbose", 'v'),
    ],
};

struct Rm {
    force: bool,
    recursive: bool,
    dir: bool,
    verbose: bool,
    status: i32,
}

/// `rm`.
pub(crate) fn rm(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &RM, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    let mut run = Rm {
        force: p.has('f'),
        recursive: p.has('r') || p.has('R'),
        dir: p.has('d'),
        verbose: p.has('v'),
        status: 0,
    };
    if p.operands.is_empty() {
        if run.force {
            return Started::Exited(0);
        }
        return usage(ctx, "rm", "missing operand");
    }
    for op in &p.operands {
        let path = at_cwd(ctx, op);
        if run.recursive && ctx.sys().stat(&path).is_ok_and(|s| s.ino == root_ino(ctx)) {
            ctx.err(&format!(
                "rm: it is dangerous to operate recursively on {}\nrm: use --no-preserve-root to override this failsafe\n",
                qa(op)
            ));
            run.status = 1;
            continue;
        }
        if matches!(base_name(op), "." | "..") {
            ctx.err(&format!(
                "rm: refusing to remove '.' or '..' directory: skipping {}\n",
                qa(op)
            ));
            run.status = 1;
            continue;
        }
        run.remove(ctx, op, &path, 0);
    }
    Started::Exited(run.status)
}

fn root_ino(ctx: &mut Ctx<'_>) -> u64 {
    ctx.sys().stat("/").map_or(0, |s| s.ino)
}

impl Rm {
    fn fail(&mut self, ctx: &mut Ctx<'_>, shown: &str, e: Errno) {
        ctx.err(&format!(
            "rm: cannot remove {}: {}\n",
            qa(shown),
            e.message()
        ));
        self.status = 1;
    }

    /// Removes `shown` (at `path`); true if it is gone.
    fn remove(&mut self, ctx: &mut Ctx<'_>, shown: &str, path: &str, depth: usize) -> bool {
        let st = match ctx.sys().lstat(path) {
            Ok(st) => st,
            Err(Errno::ENOENT) if self.force => return true,
            Err(e) => {
                self.fail(ctx, shown, e);
                return false;
            }
        };
        if st.kind() != FileType::Directory {
            return match ctx.sys().unlink(path) {
                Ok(()) => {
                    if self.verbose {
                        ctx.out(&format!("removed {}\n", qa(shown)));
                    }
                    true
                }
                Err(e) => {
                    self.fail(ctx, shown, e);
                    false
                }
            };
        }
        if !self.recursive {
            if !self.dir {
                self.fail(ctx, shown, Errno::EISDIR);
                return false;
            }
        } else {
            let entries = match ctx.sys().readdir(path) {
                Ok(e) => e,
                Err(e) => {
                    self.fail(ctx, shown, e);
                    return false;
                }
            };
            if depth >= MAX_DEPTH {
                self.fail(ctx, shown, Errno::ENAMETOOLONG);
                return false;
            }
            let mut all = true;
            for e in entries {
                if e.name == "." || e.name == ".." {
                    continue;
                }
                let child_shown = join(shown, &e.name);
                let child_path = join(path, &e.name);
                all &= self.remove(ctx, &child_shown, &child_path, depth + 1);
            }
            if !all {
                return false;
            }
        }
        match ctx.sys().rmdir(path) {
            Ok(()) => {
                if self.verbose {
                    ctx.out(&format!("removed directory {}\n", qa(shown)));
                }
                true
            }
            Err(e) => {
                self.fail(ctx, shown, e);
                false
            }
        }
    }
}
