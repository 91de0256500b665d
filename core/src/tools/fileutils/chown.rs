//! coreutils 9.1 `chown [-R] [-v|-c] [-h] OWNER[:[GROUP]] FILE...` and
//! `chgrp [-R] [-v|-c] GROUP FILE...` over `chown(2)`/`lchown(2)`; names
//! from `/etc/passwd` and `/etc/group` (numbers accepted). Only root may
//! give a file away: a user gets `Operation not permitted`.

use alloc::format;
use alloc::string::String;

use super::common::{Names, Spec, at_cwd, join, parse, q, qa, usage};
use crate::process::{Ctx, Started};
use crate::sys::fs::FileType;

/// How deep `-R` goes.
const MAX_DEPTH: usize = 256;

const CHOWN: Spec = Spec {
    tool: "chown",
    flags: "Rvcfh",
    with_value: "",
    long: &[
        ("recursive", 'R'),
        ("verbose", 'v'),
        ("changes", 'c'),
        ("silent", 'f'),
        ("no-dereference", 'h'),
    ],
};

const CHGRP: Spec = Spec {
    tool: "chgrp",
    ..CHOWN
};

struct Run {
    tool: &'static str,
    uid: Option<u32>,
    gid: Option<u32>,
    names: Names,
    verbose: bool,
    changes: bool,
    quiet: bool,
    recursive: bool,
    follow: bool,
    status: i32,
}

/// `chown`.
pub(crate) fn chown(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &CHOWN, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    let Some((spec, files)) = p.operands.split_first() else {
        return usage(ctx, "chown", "missing operand");
    };
    if files.is_empty() {
        return usage(ctx, "chown", &format!("missing operand after {}", q(spec)));
    }
    let names = Names::load(ctx);
    let (user, group) = match spec.split_once([':', '.']) {
        Some((u, g)) => (u, Some(g)),
        None => (spec.as_str(), None),
    };
    let uid = if user.is_empty() {
        None
    } else {
        match names.uid_of(user).or_else(|| user.parse().ok()) {
            Some(u) => Some(u),
            None => {
                ctx.err(&format!("chown: invalid user: {}\n", q(spec)));
                return Started::Exited(1);
            }
        }
    };
    let gid = match group {
        None => None,
        // `user:` is the user's login group.
        Some("") => uid.and_then(|u| Names::primary_gid(ctx, u)),
        Some(g) => match names.gid_of(g).or_else(|| g.parse().ok()) {
            Some(g) => Some(g),
            None => {
                ctx.err(&format!("chown: invalid group: {}\n", q(spec)));
                return Started::Exited(1);
            }
        },
    };
    run_all(ctx, Run::new("chown", uid, gid, names, &p), files)
}

/// `chgrp`.
pub(crate) fn chgrp(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &CHGRP, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    let Some((group, files)) = p.operands.split_first() else {
        return usage(ctx, "chgrp", "missing operand");
    };
    if files.is_empty() {
        return usage(ctx, "chgrp", &format!("missing operand after {}", q(group)));
    }
    let names = Names::load(ctx);
    let Some(gid) = names.gid_of(group).or_else(|| group.parse().ok()) else {
        ctx.err(&format!("chgrp: invalid group: {}\n", q(group)));
        return Started::Exited(1);
    };
    run_all(ctx, Run::new("chgrp", None, Some(gid), names, &p), files)
}

fn run_all(ctx: &mut Ctx<'_>, mut run: Run, files: &[String]) -> Started {
    for f in files {
        let path = at_cwd(ctx, f);
        run.one(ctx, f, &path, 0);
    }
    Started::Exited(run.status)
}

impl Run {
    fn new(
        tool: &'static str,
        uid: Option<u32>,
        gid: Option<u32>,
        names: Names,
        p: &super::common::Parsed,
    ) -> Run {
        Run {
            tool,
            uid,
            gid,
            names,
            verbose: p.has('v'),
            changes: p.has('c'),
            quiet: p.has('f'),
            recursive: p.has('R'),
            follow: !p.has('h'),
            status: 0,
        }
    }

    /// How the message names an owner: `user`, `user:group` or `group`.
    fn describe(&self, uid: u32, gid: u32) -> String {
        match (self.tool, self.uid, self.gid) {
            ("chgrp", _, _) | ("chown", None, Some(_)) => self.names.group(gid),
            (_, Some(_), Some(_)) => format!("{}:{}", self.names.user(uid), self.names.group(gid)),
            _ => self.names.user(uid),
        }
    }

    fn one(&mut self, ctx: &mut Ctx<'_>, shown: &str, path: &str, depth: usize) {
        let follow = self.follow && depth == 0;
        let st = if follow {
            ctx.sys().stat(path)
        } else {
            ctx.sys().lstat(path)
        };
        let st = match st {
            Ok(st) => st,
            Err(e) => {
                if !self.quiet {
                    ctx.err(&format!(
                        "{}: cannot access {}: {}\n",
                        self.tool,
                        qa(shown),
                        e.message()
                    ));
                }
                self.status = 1;
                return;
            }
        };
        let r = ctx.sys().chown(path, self.uid, self.gid, follow);
        let (nu, ng) = (self.uid.unwrap_or(st.uid), self.gid.unwrap_or(st.gid));
        let what = if self.tool == "chgrp" || self.uid.is_none() {
            "group"
        } else {
            "ownership"
        };
        match r {
            Ok(()) => {
                let changed = nu != st.uid || ng != st.gid;
                if changed && (self.verbose || self.changes) {
                    let (from, to) = (self.describe(st.uid, st.gid), self.describe(nu, ng));
                    ctx.out(&format!(
                        "changed {what} of {} from {from} to {to}\n",
                        qa(shown)
                    ));
                } else if !changed && self.verbose {
                    let now = self.describe(nu, ng);
                    ctx.out(&format!("{what} of {} retained as {now}\n", qa(shown)));
                }
            }
            Err(e) => {
                if !self.quiet {
                    ctx.err(&format!(
                        "{}: changing {what} of {}: {}\n",
                        self.tool,
                        qa(shown),
                        e.message()
                    ));
                }
                self.status = 1;
            }
        }
        if self.recursive && st.kind() == FileType::Directory && depth < MAX_DEPTH {
            match ctx.sys().readdir(path) {
                Ok(entries) => {
                    for e in entries {
                        if e.name != "." && e.name != ".." {
                            self.one(ctx, &join(shown, &e.name), &join(path, &e.name), depth + 1);
                        }
                    }
                }
                Err(e) => {
                    ctx.err(&format!(
                        "{}: cannot read directory {}: {}\n",
                        self.tool,
                        qa(shown),
                        e.message()
                    ));
                    self.status = 1;
                }
            }
        }
    }
}
