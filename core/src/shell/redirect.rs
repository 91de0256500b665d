//! Redirections (`>`, `>>`, `2>`, `&>`, `2>&1`, `<`, `<<EOF`, `<<<`):
//! opening their files as bash does before a command starts (the shell's
//! `open` calls, `/proc` files checked by the kernel), with bash's error
//! texts.

use alloc::format;
use alloc::string::String;

use super::absolute_path;
use super::ast::{Redirect, Word};
use crate::proc::calls::Calls;
use crate::process::{Sink, Stdio};

/// Expands a redirection's word (its target, a here-document's body).
pub(crate) type Expand<'a> = dyn FnMut(&Word) -> Result<String, String> + 'a;

/// Opens the redirections of one command (truncating `>` targets) and
/// returns its stdio (`base` with the redirections applied), or bash's
/// error text.
pub(crate) fn open(
    sys: &mut Calls<'_>,
    cwd: &str,
    as_root: bool,
    redirects: &[Redirect],
    base: Stdio,
    expand: &mut Expand<'_>,
) -> Result<Stdio, String> {
    let mut stdio = base;
    for r in redirects {
        match r {
            Redirect::ToFile { fd, target, append } => {
                let name = expand(target)?;
                let sink = open_file(sys, cwd, &name, *append, as_root)?;
                match fd {
                    2 => stdio.stderr = sink,
                    1 => stdio.stdout = sink,
                    _ => {}
                }
            }
            Redirect::BothToFile { target, append } => {
                let name = expand(target)?;
                let sink = open_file(sys, cwd, &name, *append, as_root)?;
                stdio.stdout = sink.clone();
                stdio.stderr = sink;
            }
            Redirect::Dup { fd, to } => {
                let copy = match to {
                    2 => stdio.stderr.clone(),
                    1 => stdio.stdout.clone(),
                    0 | 3..=9 => {
                        if *to != 0 {
                            return Err(format!("bash: {to}: Bad file descriptor\n"));
                        }
                        continue;
                    }
                    _ => continue,
                };
                match fd {
                    2 => stdio.stderr = copy,
                    1 => stdio.stdout = copy,
                    _ => {}
                }
            }
            Redirect::Close { fd } => match fd {
                1 => {
                    stdio.stdout = Sink::File {
                        path: String::from("/dev/null"),
                        append: true,
                    }
                }
                2 => {
                    stdio.stderr = Sink::File {
                        path: String::from("/dev/null"),
                        append: true,
                    }
                }
                _ => {}
            },
            Redirect::FromFile { target } => {
                let name = expand(target)?;
                let path = absolute_path(&name, cwd);
                match sys.read_file(&path, as_root) {
                    Ok(text) => {
                        // `<` replaces the pipe as standard input.
                        stdio.stdin = Some(text);
                        stdio.stdin_pipe = None;
                        stdio.stdin_file = Some(path);
                        stdio.stdin_from_pipe = false;
                    }
                    Err(e) => return Err(format!("bash: {name}: {}\n", e.message())),
                }
            }
            Redirect::Here { body, string, .. } => {
                let mut text = expand(body)?;
                if *string {
                    text.push('\n');
                }
                // bash hands a here-document over a pipe (or a deleted
                // temporary file): the program reads it as piped input.
                stdio.stdin = Some(text);
                stdio.stdin_pipe = None;
                stdio.stdin_file = None;
                stdio.stdin_from_pipe = true;
            }
        }
    }
    Ok(stdio)
}

/// Opens an output redirection's target: creates or truncates the file
/// (with the shell's permissions), or has the kernel check a /proc file.
fn open_file(
    sys: &mut Calls<'_>,
    cwd: &str,
    name: &str,
    append: bool,
    as_root: bool,
) -> Result<Sink, String> {
    if name.is_empty() {
        return Err(String::from("bash: : No such file or directory\n"));
    }
    let path = absolute_path(name, cwd);
    // Opening creates or truncates the file, with the shell's permissions.
    sys.open_write(&path, append, as_root)
        .map_err(|e| format!("bash: {name}: {}\n", e.message()))?;
    Ok(Sink::File { path, append })
}
