//! coreutils 9.1 `ln [-s] [-f] [-n] [-v] TARGET [LINK]` (or `TARGET...
//! DIR`), `readlink [-f|-e|-m] [-n] [-v] FILE...` and `realpath [-e|-m]
//! FILE...`: `symlink(2)`, `link(2)`, `readlink(2)`, and gnulib's
//! `canonicalize_filename_mode` walking `lstat`/`readlink` component by
//! component.

use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::String;

use super::common::{Spec, at_cwd, base_name, join, parse, qa, usage};
use crate::process::{Ctx, Started};
use crate::sys::Errno;
use crate::sys::fs::FileType;

const LN: Spec = Spec {
    tool: "ln",
    flags: "sfnvT",
    with_value: "",
    long: &[
        ("symbolic", 's'),
        ("force", 'f'),
        ("no-dereference", 'n'),
        ("verbose", 'v'),
    ],
};

/// `ln`.
pub(crate) fn ln(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &LN, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    let (targets, dest): (&[String], String) = match p.operands.as_slice() {
        [] => return usage(ctx, "ln", "missing file operand"),
        [one] => (core::slice::from_ref(one), String::from(".")),
        [targets @ .., dest] => (targets, dest.clone()),
    };
    let dest_path = at_cwd(ctx, &dest);
    let dest_is_dir = if p.has('n') {
        ctx.sys()
            .lstat(&dest_path)
            .is_ok_and(|s| s.kind() == FileType::Directory)
    } else {
        ctx.sys().is_dir(&dest_path)
    };
    if targets.len() > 1 && !dest_is_dir {
        ctx.err(&format!("ln: target {} is not a directory\n", qa(&dest)));
        return Started::Exited(1);
    }
    let symbolic = p.has('s');
    let mut status = 0;
    for target in targets {
        let link = if dest_is_dir {
            join(&dest, base_name(target))
        } else {
            dest.clone()
        };
        let link_path = at_cwd(ctx, &link);
        if !symbolic {
            let target_path = at_cwd(ctx, target);
            match ctx.sys().lstat(&target_path) {
                Ok(st) if st.kind() == FileType::Directory => {
                    ctx.err(&format!(
                        "ln: {target}: hard link not allowed for directory\n"
                    ));
                    status = 1;
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    ctx.err(&format!(
                        "ln: failed to access {}: {}\n",
                        qa(target),
                        e.message()
                    ));
                    status = 1;
                    continue;
                }
            }
        }
        if p.has('f')
            && ctx
                .sys()
                .lstat(&link_path)
                .is_ok_and(|s| s.kind() != FileType::Directory)
        {
            let _ = ctx.sys().unlink(&link_path);
        }
        let r = if symbolic {
            ctx.sys().symlink(target, &link_path)
        } else {
            let target_path = at_cwd(ctx, target);
            ctx.sys().hard_link(&target_path, &link_path)
        };
        match r {
            Ok(()) => {
                if p.has('v') {
                    let arrow = if symbolic { "->" } else { "=>" };
                    ctx.out(&format!("{} {arrow} {}\n", qa(&link), qa(target)));
                }
            }
            Err(e) => {
                let what = if symbolic {
                    format!("failed to create symbolic link {}", qa(&link))
                } else if e == Errno::EEXIST {
                    format!("failed to create hard link {}", qa(&link))
                } else {
                    format!("failed to create hard link {} => {}", qa(&link), qa(target))
                };
                ctx.err(&format!("ln: {what}: {}\n", e.message()));
                status = 1;
            }
        }
    }
    Started::Exited(status)
}

/// How much of a path must exist (`-e`, default `-f`/`realpath`, `-m`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Every component (`-e`).
    All,
    /// Every component but the last (`readlink -f`, `realpath`).
    AllButLast,
    /// None (`-m`).
    Nothing,
}

/// The absolute path of `path` with `.`, `..` and every link resolved.
pub(crate) fn canonicalize(ctx: &mut Ctx<'_>, path: &str, need: Need) -> Result<String, Errno> {
    let mut queue: VecDeque<String> = path.split('/').map(String::from).collect();
    let mut result = String::from("/");
    let mut links = 0;
    while let Some(comp) = queue.pop_front() {
        if comp.is_empty() || comp == "." {
            continue;
        }
        if comp == ".." {
            let cut = result.rfind('/').unwrap_or(0);
            result.truncate(cut.max(1));
            continue;
        }
        let candidate = join(&result, &comp);
        let last = queue.iter().all(|c| c.is_empty() || c == ".");
        match ctx.sys().lstat(&candidate) {
            Ok(st) if st.kind() == FileType::Symlink => {
                links += 1;
                if links > 40 {
                    return Err(Errno::ELOOP);
                }
                let target = ctx.sys().readlink(&candidate)?;
                if target.starts_with('/') {
                    result = String::from("/");
                }
                for part in target.split('/').rev() {
                    queue.push_front(String::from(part));
                }
            }
            Ok(st) => {
                if st.kind() != FileType::Directory && !last && need != Need::Nothing {
                    return Err(Errno::ENOTDIR);
                }
                result = candidate;
            }
            Err(Errno::ENOENT) if need == Need::Nothing || need == Need::AllButLast && last => {
                result = candidate;
            }
            Err(e) => return Err(e),
        }
    }
    // A trailing slash asks for a directory.
    if path.ends_with('/') && need != Need::Nothing && !ctx.sys().is_dir(&result) {
        return Err(Errno::ENOTDIR);
    }
    Ok(result)
}

const READLINK: Spec = Spec {
    tool: "readlink",
    flags: "femnqsvz",
    with_value: "",
    long: &[
        ("canonicalize", 'f'),
        ("canonicalize-existing", 'e'),
        ("canonicalize-missing", 'm'),
        ("no-newline", 'n'),
        ("verbose", 'v'),
        ("quiet", 'q'),
        ("silent", 's'),
    ],
};

/// `readlink`.
pub(crate) fn readlink(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &READLINK, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.operands.is_empty() {
        return usage(ctx, "readlink", "missing operand");
    }
    let need = p.opts.iter().rev().find_map(|(c, _)| match c {
        'f' => Some(Need::AllButLast),
        'e' => Some(Need::All),
        'm' => Some(Need::Nothing),
        _ => None,
    });
    let verbose = p.has('v') && !p.has('q') && !p.has('s');
    let newline = !(p.has('n') && p.operands.len() == 1);
    let mut status = 0;
    for op in &p.operands {
        let path = at_cwd(ctx, op);
        let r = match need {
            Some(n) => canonicalize(ctx, &path, n),
            None => ctx.sys().readlink(&path),
        };
        match r {
            Ok(t) => ctx.out(&format!("{t}{}", if newline { "\n" } else { "" })),
            Err(e) => {
                if verbose {
                    ctx.err(&format!("readlink: {op}: {}\n", e.message()));
                }
                status = 1;
            }
        }
    }
    Started::Exited(status)
}

const REALPATH: Spec = Spec {
    tool: "realpath",
    flags: "emqsLP",
    with_value: "",
    long: &[
        ("canonicalize-existing", 'e'),
        ("canonicalize-missing", 'm'),
        ("quiet", 'q'),
    ],
};

/// `realpath`.
pub(crate) fn realpath(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &REALPATH, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.has('s') {
        return crate::tools::gnu_invalid_option(ctx, "realpath", 's');
    }
    if p.operands.is_empty() {
        return usage(ctx, "realpath", "missing operand");
    }
    let need = if p.has('e') {
        Need::All
    } else if p.has('m') {
        Need::Nothing
    } else {
        Need::AllButLast
    };
    let mut status = 0;
    for op in &p.operands {
        let path = at_cwd(ctx, op);
        match canonicalize(ctx, &path, need) {
            Ok(t) => ctx.out(&format!("{t}\n")),
            Err(e) => {
                if !p.has('q') {
                    ctx.err(&format!("realpath: {op}: {}\n", e.message()));
                }
                status = 1;
            }
        }
    }
    Started::Exited(status)
}
