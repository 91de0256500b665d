//! coreutils 9.1 `mkdir [-p] [-m MODE] [-v] DIR...` and `rmdir [-p] [-v]
//! DIR...` over `mkdir(2)`, `stat(2)`, `chmod(2)` and `rmdir(2)`.

use alloc::format;
use alloc::string::String;

use super::common::{Spec, at_cwd, parse, q, qa, usage};
use super::mode;
use crate::process::{Ctx, Started};
use crate::sys::Errno;
use crate::sys::fs::FileType;

const MKDIR: Spec = Spec {
    tool: "mkdir",
    flags: "pv",
    with_value: "m",
    long: &[("parents", 'p'), ("verbose", 'v'), ("mode=", 'm')],
};

/// `mkdir`.
pub(crate) fn mkdir(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &MKDIR, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.operands.is_empty() {
        return usage(ctx, "mkdir", "missing operand");
    }
    let umask = ctx.sys().umask();
    let change = match p.value('m') {
        Some(m) => match mode::parse(m) {
            Some(c) => Some(c),
            None => {
                ctx.err(&format!("mkdir: invalid mode {}\n", q(m)));
                return Started::Exited(1);
            }
        },
        None => None,
    };
    let final_mode = change
        .as_ref()
        .map_or(0o777 & !umask, |c| c.apply(0o777, true, umask));
    let (parents, verbose) = (p.has('p'), p.has('v'));
    let mut status = 0;
    for op in &p.operands {
        if parents {
            // Each missing ancestor: 0777 & ~umask, plus u+wx.
            let path = at_cwd(ctx, op);
            let mut prefix_len = 0;
            let mut failed = false;
            let parts: alloc::vec::Vec<&str> = op.trim_end_matches('/').split('/').collect();
            let count = parts.len();
            for (i, part) in parts.iter().enumerate() {
                prefix_len += part.len() + usize::from(i > 0);
                if part.is_empty() || i + 1 == count || *part == "." || *part == ".." {
                    continue;
                }
                let shown = op.get(..prefix_len).unwrap_or(op);
                let abs = at_cwd(ctx, shown);
                match ctx.sys().stat(&abs) {
                    Ok(st) if st.kind() == FileType::Directory => continue,
                    Ok(_) => {
                        ctx.err(&format!(
                            "mkdir: cannot create directory {}: {}\n",
                            q(shown),
                            Errno::ENOTDIR.message()
                        ));
                        failed = true;
                        break;
                    }
                    Err(_) => {}
                }
                let m = (0o777 & !umask) | 0o300;
                match ctx.sys().mkdir(&abs, m) {
                    Ok(()) | Err(Errno::EEXIST) => {
                        if verbose {
                            ctx.out(&format!("mkdir: created directory {}\n", qa(shown)));
                        }
                    }
                    Err(e) => {
                        ctx.err(&format!(
                            "mkdir: cannot create directory {}: {}\n",
                            q(shown),
                            e.message()
                        ));
                        failed = true;
                        break;
                    }
                }
            }
            if failed {
                status = 1;
                continue;
            }
            if ctx.sys().is_dir(&path) {
                continue;
            }
        }
        if make(ctx, op, final_mode, change.is_some(), verbose).is_err() {
            status = 1;
        }
    }
    Started::Exited(status)
}

fn make(ctx: &mut Ctx<'_>, op: &str, mode: u32, exact: bool, verbose: bool) -> Result<(), ()> {
    let path = at_cwd(ctx, op);
    if let Err(e) = ctx.sys().mkdir(&path, mode) {
        ctx.err(&format!(
            "mkdir: cannot create directory {}: {}\n",
            q(op),
            e.message()
        ));
        return Err(());
    }
    if verbose {
        ctx.out(&format!("mkdir: created directory {}\n", qa(op)));
    }
    // -m sets the mode exactly, past the umask.
    if exact && let Err(e) = ctx.sys().chmod(&path, mode) {
        ctx.err(&format!(
            "mkdir: cannot set permissions of {}: {}\n",
            q(op),
            e.message()
        ));
        return Err(());
    }
    Ok(())
}

const RMDIR: Spec = Spec {
    tool: "rmdir",
    flags: "pv",
    with_value: "",
    long: &[
        ("parents", 'p'),
        ("verbose", 'v'),
        ("ignore-fail-on-non-empty", 'i'),
    ],
};

/// `rmdir`.
pub(crate) fn rmdir(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &RMDIR, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if p.operands.is_empty() {
        return usage(ctx, "rmdir", "missing operand");
    }
    let ignore_non_empty = p.has('i');
    let mut status = 0;
    for op in &p.operands {
        let mut current = String::from(op.trim_end_matches('/'));
        if current.is_empty() {
            current = String::from("/");
        }
        loop {
            if p.has('v') {
                ctx.out(&format!("rmdir: removing directory, {}\n", qa(&current)));
            }
            let path = at_cwd(ctx, &current);
            if let Err(e) = ctx.sys().rmdir(&path) {
                if !(ignore_non_empty && e == Errno::ENOTEMPTY) {
                    ctx.err(&format!(
                        "rmdir: failed to remove {}: {}\n",
                        qa(&current),
                        e.message()
                    ));
                    status = 1;
                }
                break;
            }
            if !p.has('p') {
                break;
            }
            match current.rfind('/') {
                Some(i) if i > 0 => current.truncate(i),
                _ => break,
            }
            let trimmed = String::from(current.trim_end_matches('/'));
            current = trimmed;
            if current.is_empty() {
                break;
            }
        }
    }
    Started::Exited(status)
}
