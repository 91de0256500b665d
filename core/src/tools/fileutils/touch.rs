//! coreutils 9.1 `touch [-c] [-a] [-m] FILE...`: `open(O_WRONLY|O_CREAT)`
//! for a missing file (unless `-c`), then `utimensat` to the clock's now.

use alloc::format;
use alloc::string::String;

use super::common::{Spec, at_cwd, parse, qa};
use crate::process::{Ctx, Started};
use crate::sys::Errno;
use crate::sys::fs::{OpenFlags, TimeSpec};

const TOUCH: Spec = Spec {
    tool: "touch",
    flags: "acmf",
    with_value: "",
    long: &[("no-create", 'c')],
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
    let atime = if only_m {
        TimeSpec::Omit
    } else {
        TimeSpec::Now
    };
    let mtime = if only_a {
        TimeSpec::Omit
    } else {
        TimeSpec::Now
    };
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
