//! coreutils 9.1 `cp [-r|-R] [-a] [-p] [-f] [-v] SOURCE... DEST` and
//! `mv [-f] [-v] SOURCE... DEST`: copies read the source whole and write
//! the destination through `open`/`write` (created with the source's mode
//! under the umask, or exactly with `-p`/`-a`, which also keep the times
//! and, for root, the owner); directories are walked with `getdents`,
//! symbolic links copied as links under `-R`; `mv` is `rename(2)`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::common::{Spec, at_cwd, base_name, join, parse, qa, usage};
use crate::process::{Ctx, Started};
use crate::sys::Errno;
use crate::sys::fs::{FileType, OpenFlags, Stat, TimeSpec};

/// How deep `cp -r` goes.
const MAX_DEPTH: usize = 256;

const CP: Spec = Spec {
    tool: "cp",
    flags: "rRavfpPd",
    with_value: "",
    long: &[
        ("recursive", 'r'),
        ("archive", 'a'),
        ("verbose", 'v'),
        ("force", 'f'),
        ("no-dereference", 'P'),
    ],
};

/// The sources and where each goes, after GNU's operand checks.
fn targets(
    ctx: &mut Ctx<'_>,
    tool: &str,
    operands: &[String],
) -> Result<Vec<(String, String)>, Started> {
    let (dest, sources) = match operands {
        [] => return Err(usage(ctx, tool, "missing file operand")),
        [one] => {
            return Err(usage(
                ctx,
                tool,
                &format!("missing destination file operand after {}", qa(one)),
            ));
        }
        [sources @ .., dest] => (dest, sources),
    };
    let dest_path = at_cwd(ctx, dest);
    let dest_is_dir = ctx.sys().is_dir(&dest_path);
    if sources.len() > 1 && !dest_is_dir {
        match ctx.sys().stat(&dest_path) {
            Ok(_) => ctx.err(&format!("{tool}: target {} is not a directory\n", qa(dest))),
            Err(e) => ctx.err(&format!("{tool}: target {}: {}\n", qa(dest), e.message())),
        }
        return Err(Started::Exited(1));
    }
    Ok(sources
        .iter()
        .map(|s| {
            let to = if dest_is_dir {
                join(dest, base_name(s))
            } else {
                dest.clone()
            };
            (s.clone(), to)
        })
        .collect())
}

struct Cp {
    recursive: bool,
    preserve: bool,
    no_deref: bool,
    force: bool,
    verbose: bool,
    umask: u32,
    root: bool,
    status: i32,
    /// The operand being copied, its destination and the destination
    /// directory's inode: met again inside the source, it is not entered.
    top: Option<(String, String, u64)>,
}

/// `cp`.
pub(crate) fn cp(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &CP, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    let archive = p.has('a');
    let recursive = archive || p.has('r') || p.has('R');
    let mut run = Cp {
        recursive,
        preserve: archive || p.has('p'),
        no_deref: recursive || p.has('P') || p.has('d'),
        force: p.has('f'),
        verbose: p.has('v'),
        umask: ctx.sys().umask(),
        root: ctx.sys().getuid() == 0,
        status: 0,
        top: None,
    };
    let pairs = match targets(ctx, "cp", &p.operands) {
        Ok(t) => t,
        Err(s) => return s,
    };
    for (src, dst) in pairs {
        run.top = None;
        run.copy(ctx, &src, &dst, 0);
    }
    Started::Exited(run.status)
}

impl Cp {
    fn fail(&mut self, ctx: &mut Ctx<'_>, message: String) {
        ctx.err(&format!("cp: {message}\n"));
        self.status = 1;
    }

    fn copy(&mut self, ctx: &mut Ctx<'_>, src: &str, dst: &str, depth: usize) {
        let (sp, dp) = (at_cwd(ctx, src), at_cwd(ctx, dst));
        let st = if self.no_deref {
            ctx.sys().lstat(&sp)
        } else {
            ctx.sys().stat(&sp)
        };
        let st = match st {
            Ok(st) => st,
            Err(e) => return self.fail(ctx, format!("cannot stat {}: {}", qa(src), e.message())),
        };
        if let Some((top_src, top_dst, ino)) = &self.top
            && st.kind() == FileType::Directory
            && st.ino == *ino
        {
            let message = format!(
                "cannot copy a directory, {}, into itself, {}",
                qa(top_src),
                qa(top_dst)
            );
            return self.fail(ctx, message);
        }
        let existing = ctx.sys().lstat(&dp).ok();
        if let Some(d) = existing
            && d.ino == st.ino
        {
            return self.fail(
                ctx,
                format!("{} and {} are the same file", qa(src), qa(dst)),
            );
        }
        match st.kind() {
            FileType::Directory => self.copy_dir(ctx, src, dst, &st, existing, depth),
            FileType::Symlink => {
                let target = ctx.sys().readlink(&sp).unwrap_or_default();
                if existing.is_some() && self.force {
                    let _ = ctx.sys().unlink(&dp);
                }
                match ctx.sys().symlink(&target, &dp) {
                    Ok(()) => self.announce(ctx, src, dst),
                    Err(e) => self.fail(
                        ctx,
                        format!("cannot create symbolic link {}: {}", qa(dst), e.message()),
                    ),
                }
            }
            _ => self.copy_file(ctx, src, dst, &st, existing),
        }
    }

    fn announce(&mut self, ctx: &mut Ctx<'_>, src: &str, dst: &str) {
        if self.verbose {
            ctx.out(&format!("{} -> {}\n", qa(src), qa(dst)));
        }
    }

    fn copy_file(
        &mut self,
        ctx: &mut Ctx<'_>,
        src: &str,
        dst: &str,
        st: &Stat,
        existing: Option<Stat>,
    ) {
        let (sp, dp) = (at_cwd(ctx, src), at_cwd(ctx, dst));
        if existing.is_some_and(|d| d.kind() == FileType::Directory) {
            return self.fail(
                ctx,
                format!("cannot overwrite directory {} with non-directory", qa(dst)),
            );
        }
        let bytes = match ctx.sys().read_binary(&sp) {
            Ok(b) => b,
            Err(e) => {
                return self.fail(
                    ctx,
                    format!("cannot open {} for reading: {}", qa(src), e.message()),
                );
            }
        };
        let flags = OpenFlags {
            write: true,
            create: true,
            truncate: true,
            ..OpenFlags::default()
        };
        let mode = st.mode & 0o7777;
        let mut opened = ctx.sys().open(&dp, flags, mode);
        if opened.is_err() && existing.is_some() && self.force && ctx.sys().unlink(&dp).is_ok() {
            opened = ctx.sys().open(&dp, flags, mode);
        }
        match opened {
            Ok(fd) => {
                let _ = ctx.sys().close(fd);
            }
            Err(e) => {
                let what = if existing.is_some() && e != Errno::ENOENT {
                    format!("cannot open {} for writing", qa(dst))
                } else {
                    format!("cannot create regular file {}", qa(dst))
                };
                return self.fail(ctx, format!("{what}: {}", e.message()));
            }
        }
        if let Err(e) = ctx.sys().write_binary(&dp, &bytes) {
            return self.fail(ctx, format!("error writing {}: {}", qa(dst), e.message()));
        }
        self.announce(ctx, src, dst);
        self.finish(ctx, &dp, st, existing.is_none());
    }

    /// The new file's mode, owner and times.
    fn finish(&mut self, ctx: &mut Ctx<'_>, dp: &str, st: &Stat, created: bool) {
        let mut sys = ctx.sys();
        if self.preserve {
            if self.root {
                let _ = sys.chown(dp, Some(st.uid), Some(st.gid), false);
            }
            let _ = sys.chmod(dp, st.mode & 0o7777);
            let _ = sys.utimensat(dp, TimeSpec::At(st.atime), TimeSpec::At(st.mtime), false);
        } else if created && st.kind() == FileType::Directory {
            let _ = sys.chmod(dp, st.mode & 0o7777 & !self.umask);
        }
    }

    fn copy_dir(
        &mut self,
        ctx: &mut Ctx<'_>,
        src: &str,
        dst: &str,
        st: &Stat,
        existing: Option<Stat>,
        depth: usize,
    ) {
        if !self.recursive {
            return self.fail(
                ctx,
                format!("-r not specified; omitting directory {}", qa(src)),
            );
        }
        let (sp, dp) = (at_cwd(ctx, src), at_cwd(ctx, dst));
        match existing {
            Some(d) if d.kind() != FileType::Directory => {
                return self.fail(
                    ctx,
                    format!(
                        "cannot overwrite non-directory {} with directory {}",
                        qa(dst),
                        qa(src)
                    ),
                );
            }
            Some(_) => {}
            None => {
                // Made writable for the copy, then given the source's mode.
                if let Err(e) = ctx.sys().mkdir(&dp, (st.mode & 0o7777) | 0o700) {
                    return self.fail(
                        ctx,
                        format!("cannot create directory {}: {}", qa(dst), e.message()),
                    );
                }
                self.announce(ctx, src, dst);
            }
        }
        if depth == 0
            && let Ok(d) = ctx.sys().stat(&dp)
        {
            self.top = Some((String::from(src), String::from(dst), d.ino));
        }
        if depth >= MAX_DEPTH {
            return self.fail(
                ctx,
                format!("{}: {}", qa(src), Errno::ENAMETOOLONG.message()),
            );
        }
        let entries = match ctx.sys().readdir(&sp) {
            Ok(e) => e,
            Err(e) => return self.fail(ctx, format!("cannot access {}: {}", qa(src), e.message())),
        };
        for e in entries {
            if e.name == "." || e.name == ".." {
                continue;
            }
            self.copy(ctx, &join(src, &e.name), &join(dst, &e.name), depth + 1);
        }
        self.finish(ctx, &dp, st, existing.is_none());
    }
}

const MV: Spec = Spec {
    tool: "mv",
    flags: "fv",
    with_value: "",
    long: &[("force", 'f'), ("verbose", 'v')],
};

/// `mv`.
pub(crate) fn mv(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &MV, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    let pairs = match targets(ctx, "mv", &p.operands) {
        Ok(t) => t,
        Err(s) => return s,
    };
    let mut status = 0;
    for (src, dst) in pairs {
        let (sp, dp) = (at_cwd(ctx, &src), at_cwd(ctx, &dst));
        let st = match ctx.sys().lstat(&sp) {
            Ok(st) => st,
            Err(e) => {
                ctx.err(&format!("mv: cannot stat {}: {}\n", qa(&src), e.message()));
                status = 1;
                continue;
            }
        };
        if ctx.sys().lstat(&dp).is_ok_and(|d| d.ino == st.ino) {
            ctx.err(&format!(
                "mv: {} and {} are the same file\n",
                qa(&src),
                qa(&dst)
            ));
            status = 1;
            continue;
        }
        let message = match ctx.sys().rename(&sp, &dp) {
            Ok(()) => {
                if p.has('v') {
                    ctx.out(&format!("renamed {} -> {}\n", qa(&src), qa(&dst)));
                }
                continue;
            }
            Err(Errno::EINVAL) => format!(
                "cannot move {} to a subdirectory of itself, {}",
                qa(&src),
                qa(&dst)
            ),
            Err(Errno::EISDIR) => {
                format!("cannot overwrite directory {} with non-directory", qa(&dst))
            }
            Err(Errno::ENOTDIR) if st.kind() == FileType::Directory => format!(
                "cannot overwrite non-directory {} with directory {}",
                qa(&dst),
                qa(&src)
            ),
            Err(e) => format!("cannot move {} to {}: {}", qa(&src), qa(&dst), e.message()),
        };
        ctx.err(&format!("mv: {message}\n"));
        status = 1;
    }
    Started::Exited(status)
}
