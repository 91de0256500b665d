//! coreutils 9.1 `chmod [-R] [-v|-c] [-f] MODE FILE...` (octal or
//! symbolic, [`super::mode`]) over `stat` and `chmod(2)`; `-R` walks
//! directories with `getdents` (links are not followed).

use alloc::format;
use alloc::string::String;

use super::common::{Spec, at_cwd, join, mode_string, parse, q, qa, usage};
use super::mode::{self, Change};
use crate::process::{Ctx, Started};
use crate::sys::fs::FileType;

/// How deep `-R` goes.
const MAX_DEPTH: usize = 256;

const CHMOD: Spec = Spec {
    tool: "chmod",
    flags: "Rvcf",
    with_value: "",
    long: &[
        ("recursive", 'R'),
        ("verbose", 'v'),
        ("changes", 'c'),
        ("silent", 'f'),
        ("quiet", 'f'),
    ],
};

/// `chmod`.
pub(crate) fn chmod(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    // A mode such as `-w` or `-x` is an operand, not an option.
    let mut args: alloc::vec::Vec<String> = args.to_vec();
    let mut mode_arg = None;
    if let Some(i) = args.iter().skip(1).position(|a| {
        a.len() > 1 && a.starts_with('-') && a.chars().skip(1).all(|c| "rwxXstugo".contains(c))
    }) {
        mode_arg = Some(args.remove(i + 1));
    }
    let p = match parse(ctx, &CHMOD, &args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    let mut operands = p.operands.clone();
    let text = match mode_arg {
        Some(m) => m,
        None => {
            if operands.is_empty() {
                return usage(ctx, "chmod", "missing operand");
            }
            operands.remove(0)
        }
    };
    let Some(change) = mode::parse(&text) else {
        return usage(ctx, "chmod", &format!("invalid mode: {}", q(&text)));
    };
    if operands.is_empty() {
        return usage(ctx, "chmod", &format!("missing operand after {}", q(&text)));
    }
    let mut run = Run {
        change,
        verbose: p.has('v'),
        changes: p.has('c'),
        quiet: p.has('f'),
        recursive: p.has('R'),
        umask: ctx.sys().umask(),
        status: 0,
    };
    for op in &operands {
        let path = at_cwd(ctx, op);
        run.one(ctx, op, &path, true, 0);
    }
    Started::Exited(run.status)
}

struct Run {
    change: Change,
    verbose: bool,
    changes: bool,
    quiet: bool,
    recursive: bool,
    umask: u32,
    status: i32,
}

impl Run {
    fn one(&mut self, ctx: &mut Ctx<'_>, shown: &str, path: &str, top: bool, depth: usize) {
        let st = if top {
            ctx.sys().stat(path)
        } else {
            ctx.sys().lstat(path)
        };
        let st = match st {
            Ok(st) => st,
            Err(e) => {
                if !self.quiet {
                    ctx.err(&format!(
                        "chmod: cannot access {}: {}\n",
                        qa(shown),
                        e.message()
                    ));
                }
                self.status = 1;
                return;
            }
        };
        if st.kind() == FileType::Symlink {
            // A link met during -R is neither changed nor followed.
            return;
        }
        let dir = st.kind() == FileType::Directory;
        let old = st.mode & 0o7777;
        let new = self.change.apply(old, dir, self.umask);
        match ctx.sys().chmod(path, new) {
            Ok(()) => {
                let describe = |m: u32| {
                    let s = mode_string(m | (st.mode & !0o7777));
                    format!("{m:04o} ({})", s.get(1..).unwrap_or_default())
                };
                if old != new && (self.verbose || self.changes) {
                    ctx.out(&format!(
                        "mode of {} changed from {} to {}\n",
                        qa(shown),
                        describe(old),
                        describe(new)
                    ));
                } else if old == new && self.verbose {
                    ctx.out(&format!(
                        "mode of {} retained as {}\n",
                        qa(shown),
                        describe(old)
                    ));
                }
            }
            Err(e) => {
                if !self.quiet {
                    ctx.err(&format!(
                        "chmod: changing permissions of {}: {}\n",
                        qa(shown),
                        e.message()
                    ));
                }
                self.status = 1;
            }
        }
        if self.recursive && dir && depth < MAX_DEPTH {
            match ctx.sys().readdir(path) {
                Ok(entries) => {
                    for e in entries {
                        if e.name != "." && e.name != ".." {
                            self.one(
                                ctx,
                                &join(shown, &e.name),
                                &join(path, &e.name),
                                false,
                                depth + 1,
                            );
                        }
                    }
                }
                Err(e) => {
                    ctx.err(&format!(
                        "chmod: cannot read directory {}: {}\n",
                        qa(shown),
                        e.message()
                    ));
                    self.status = 1;
                }
            }
        }
    }
}
