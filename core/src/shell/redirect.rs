//! Redirections (`>`, `>>`, `2>`, `&>`, `2>&1`, `<`): opening their files
//! as bash does before a command starts (the shell's `open` calls, `/proc`
//! files checked by the kernel), with bash's error texts.

use alloc::format;
use alloc::string::String;

use super::parse::{Redirect, Word};
use super::{Shell, absolute_path};
use crate::proc::calls::Calls;
use crate::process::{Sink, Stdio};
use crate::sys::User;

/// Opens the redirections of one command (truncating `>` targets) and
/// returns its stdio (`base` with the redirections applied), or bash's
/// error text.
pub(crate) fn open(
    shell: &Shell,
    sys: &mut Calls<'_>,
    redirects: &[Redirect],
    base: Stdio,
) -> Result<Stdio, String> {
    let hostname = sys.gethostname();
    let mut stdio = base;
    let as_root = shell.user == User::Root;
    for r in redirects {
        match r {
            Redirect::ToFile { fd, target, append } => {
                let sink = open_file(shell, sys, target, *append, as_root, &hostname)?;
                if *fd == 2 {
                    stdio.stderr = sink;
                } else {
                    stdio.stdout = sink;
                }
            }
            Redirect::BothToFile { target, append } => {
                let sink = open_file(shell, sys, target, *append, as_root, &hostname)?;
                stdio.stdout = sink.clone();
                stdio.stderr = sink;
            }
            Redirect::Dup { fd, to } => {
                let copy = if *to == 2 {
                    stdio.stderr.clone()
                } else {
                    stdio.stdout.clone()
                };
                if *fd == 2 {
                    stdio.stderr = copy;
                } else {
                    stdio.stdout = copy;
                }
            }
            Redirect::FromFile { target } => {
                let name = shell.expand(target, &hostname);
                let path = absolute_path(&name, &shell.cwd);
                match sys.read_file(&path, as_root) {
                    Ok(text) => {
                        // `<` replaces the pipe as standard input.
                        stdio.stdin = Some(text);
                        stdio.stdin_pipe = None;
                        stdio.stdin_file = Some(path);
                    }
                    Err(e) => return Err(format!("bash: {name}: {}\n", e.message())),
                }
            }
        }
    }
    Ok(stdio)
}

/// Opens an output redirection's target: creates or truncates the file
/// (with the shell's permissions), or has the kernel check a /proc file.
fn open_file(
    shell: &Shell,
    sys: &mut Calls<'_>,
    target: &Word,
    append: bool,
    as_root: bool,
    hostname: &str,
) -> Result<Sink, String> {
    let name = shell.expand(target, hostname);
    if name.is_empty() {
        return Err(String::from("bash: : No such file or directory\n"));
    }
    let path = absolute_path(&name, &shell.cwd);
    // Opening creates or truncates the file, with the shell's permissions.
    sys.open_write(&path, append, as_root)
        .map_err(|e| format!("bash: {name}: {}\n", e.message()))?;
    Ok(Sink::File { path, append })
}
