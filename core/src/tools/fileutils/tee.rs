//! coreutils 9.1 `tee [-a] [FILE...]`: standard input copied to standard
//! output and to each file, opened once at the start (`O_CREAT` with
//! `O_TRUNC`, or `O_APPEND` with `-a`) and written with `write(2)` as the
//! lines arrive; a file that fails is reported and dropped (status 1).
//! `echo '127.0.0.5 app.test' | sudo tee -a /etc/hosts` is how tutorials
//! edit the hosts file.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::common::{Spec, at_cwd, parse};
use crate::process::{Ctx, Started};
use crate::sys::Fd;
use crate::sys::fs::OpenFlags;
use crate::tools::filter::{LineFilter, run_stdin};

const TEE: Spec = Spec {
    tool: "tee",
    flags: "ai",
    with_value: "",
    long: &[("append", 'a'), ("ignore-interrupts", 'i')],
};

#[derive(Debug)]
struct Tee {
    files: Vec<(Fd, String)>,
    status: i32,
}

impl LineFilter for Tee {
    fn line(&mut self, ctx: &mut Ctx<'_>, line: &str) -> bool {
        ctx.out(line);
        let mut failed = Vec::new();
        for (i, (fd, name)) in self.files.iter().enumerate() {
            if let Err(e) = ctx.sys().write(*fd, line) {
                ctx.err(&format!("tee: {name}: {}\n", e.message()));
                failed.push(i);
            }
        }
        for i in failed.into_iter().rev() {
            if i < self.files.len() {
                let (fd, _) = self.files.remove(i);
                let _ = ctx.sys().close(fd);
            }
            self.status = 1;
        }
        true
    }

    fn end(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        for (fd, _) in core::mem::take(&mut self.files) {
            let _ = ctx.sys().close(fd);
        }
        self.status
    }
}

/// `tee`.
pub(crate) fn tee(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let p = match parse(ctx, &TEE, args) {
        Ok(p) => p,
        Err(s) => return s,
    };
    let append = p.has('a');
    let flags = OpenFlags {
        write: true,
        create: true,
        truncate: !append,
        append,
        ..OpenFlags::default()
    };
    let mut tee = Tee {
        files: Vec::new(),
        status: 0,
    };
    for name in &p.operands {
        let path = at_cwd(ctx, name);
        match ctx.sys().open(&path, flags, 0o666) {
            Ok(fd) => tee.files.push((fd, name.clone())),
            Err(e) => {
                ctx.err(&format!("tee: {name}: {}\n", e.message()));
                tee.status = 1;
            }
        }
    }
    run_stdin(ctx, tee)
}
