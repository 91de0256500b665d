//! Shells started from the shell: scripts (`bash -c '…'`, `sh -c '…'`,
//! `bash FILE`, `./script.sh` with its `#!` line, `bash < FILE`) run as a
//! subshell of this interpreter with a script's messages; interactive
//! shells (`bash`, `sh`, `su`, `su -`, `sudo -i`, `sudo -s`, `sudo su`)
//! nest: the prompt becomes theirs and `exit` (or Ctrl-D) returns.

use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::Executor;
use super::frame::{Frame, Saved};
use crate::output::Stream;
use crate::proc::calls::{FileType, Spawn};
use crate::process::Stdio;
use crate::shell::{Nested, parse};
use crate::sys::User;

/// How deep interactive shells may nest (each holds its parent's state).
pub(crate) const MAX_NESTED: usize = 32;

/// The names that start a shell.
pub(crate) fn is_shell(name: &str) -> bool {
    matches!(
        name,
        "bash"
            | "sh"
            | "dash"
            | "/bin/bash"
            | "/usr/bin/bash"
            | "/bin/sh"
            | "/usr/bin/sh"
            | "/bin/dash"
            | "/usr/bin/dash"
    )
}

/// What a shell's arguments ask for.
enum Invocation {
    /// `-c SCRIPT [NAME [ARG…]]`.
    Command(String, Option<String>, Vec<String>),
    /// `FILE [ARG…]`.
    File(String, Vec<String>),
    /// No script: read standard input (interactive at the terminal).
    Stdin { login: bool },
}

const BASH_USAGE: &str = "Usage:\tbash [GNU long option] [option] ...\n\tbash [GNU long option] [option] script-file ...\nGNU long options:\n\t--debug\n\t--debugger\n\t--dump-po-strings\n\t--dump-strings\n\t--help\n\t--init-file\n\t--login\n\t--noediting\n\t--noprofile\n\t--norc\n\t--posix\n\t--pretty-print\n\t--rcfile\n\t--rpm-requires\n\t--restricted\n\t--verbose\n\t--version\nShell options:\n\t-ilrsD or -c command or -O shopt_option\t\t(invocation only)\n\t-abefhkmnptuvxBCHP or -o option\n";

impl Executor<'_> {
    /// Runs a shell (`bash …`, `sh …`, `./script`) if `argv` names one;
    /// false if it does not.
    pub(crate) fn run_shell(&mut self, argv: &[String], stdio: &Stdio, user: User) -> bool {
        let Some(name) = argv.first() else {
            return false;
        };
        if name.contains('/') && !is_shell(name) {
            self.run_path(name, argv, stdio, user);
            return true;
        }
        if !is_shell(name) {
            return false;
        }
        let dash = !name.ends_with("bash");
        let shell_name = if dash { "sh" } else { "bash" };
        let mut errexit = false;
        let mut xtrace = false;
        let mut login = false;
        let mut rest = argv.get(1..).unwrap_or_default().iter();
        let invocation = loop {
            let Some(a) = rest.next() else {
                break Invocation::Stdin { login };
            };
            match a.as_str() {
                "-c" => {
                    let Some(script) = rest.next() else {
                        self.say(
                            Stream::Stderr,
                            &format!("{shell_name}: -c: option requires an argument\n"),
                        );
                        self.finish_now(2);
                        return true;
                    };
                    let name = rest.next().cloned();
                    break Invocation::Command(script.clone(), name, rest.cloned().collect());
                }
                "-e" => errexit = true,
                "-x" => xtrace = true,
                "-ex" | "-xe" => {
                    errexit = true;
                    xtrace = true;
                }
                "-l" | "--login" => login = true,
                "-i" | "-s" | "--norc" | "--noprofile" | "--" => {}
                o if o.starts_with('-') && o.len() > 1 => {
                    let text = if dash {
                        format!("sh: 0: Illegal option {o}\n")
                    } else {
                        format!("bash: {o}: invalid option\n{BASH_USAGE}")
                    };
                    self.say(Stream::Stderr, &text);
                    self.finish_now(2);
                    return true;
                }
                file => break Invocation::File(String::from(file), rest.cloned().collect()),
            }
        };
        match invocation {
            Invocation::Command(script, name, args) => {
                let name = name.unwrap_or_else(|| String::from(shell_name));
                self.start_subscript(
                    &script,
                    &name,
                    args,
                    user,
                    stdio,
                    dash,
                    (errexit, xtrace),
                    true,
                );
            }
            Invocation::File(file, args) => {
                let path = crate::shell::absolute_path(&file, &self.shell.cwd);
                match self.sys.read_file(&path, self.shell.user == User::Root) {
                    Ok(src) => self.start_subscript(
                        &src,
                        &file,
                        args,
                        user,
                        stdio,
                        dash,
                        (errexit, xtrace),
                        false,
                    ),
                    Err(e) => {
                        let text = if dash {
                            format!("sh: 0: cannot open {file}: {}\n", e.message())
                        } else {
                            format!("{shell_name}: {file}: {}\n", e.message())
                        };
                        self.say_raw(Stream::Stderr, &text);
                        self.finish_now(if dash { 2 } else { 127 });
                    }
                }
            }
            Invocation::Stdin { login } => {
                if let Some(text) = stdio.stdin.clone().filter(|_| stdio.stdin_pipe.is_none()) {
                    self.start_subscript(
                        &text,
                        shell_name,
                        Vec::new(),
                        user,
                        stdio,
                        dash,
                        (errexit, xtrace),
                        false,
                    );
                } else if let Some(id) = stdio.stdin_pipe {
                    // The script comes through a pipe: all of it, then run.
                    let mut buf = self.shell.pipe_buffers.remove(&id).unwrap_or_default();
                    let (data, eof) = self.sys.read_pipe(id);
                    buf.push_str(&data);
                    if !eof {
                        self.shell.pipe_buffers.insert(id, buf);
                        self.shell.blocked = true;
                        return true;
                    }
                    self.start_subscript(
                        &buf,
                        shell_name,
                        Vec::new(),
                        user,
                        stdio,
                        dash,
                        (errexit, xtrace),
                        false,
                    );
                } else {
                    self.nest(user, dash, login, false);
                    self.finish_now(0);
                }
            }
        }
        true
    }

    /// A command that ends as it starts reports its status.
    fn finish_now(&mut self, status: i32) {
        self.shell.last_status = status;
        self.report(Spawn::Exited(status));
    }

    /// `./script.sh`, `/path/to/prog`: a file run by its path.
    fn run_path(&mut self, name: &str, argv: &[String], stdio: &Stdio, user: User) {
        let path = crate::shell::absolute_path(name, &self.shell.cwd);
        match self.sys.stat(&path) {
            None => {
                self.say(
                    Stream::Stderr,
                    &format!("bash: {name}: No such file or directory\n"),
                );
                self.finish_now(127);
            }
            Some(FileType::Directory) => {
                self.say(Stream::Stderr, &format!("bash: {name}: Is a directory\n"));
                self.finish_now(126);
            }
            Some(FileType::Regular | FileType::Symlink | FileType::CharDevice) => {
                if let Err(e) = self.sys.access_exec(&path, user == User::Root) {
                    self.say(Stream::Stderr, &format!("bash: {name}: {}\n", e.message()));
                    self.finish_now(126);
                    return;
                }
                let src = self
                    .sys
                    .read_file(&path, user == User::Root)
                    .unwrap_or_default();
                let first = src.lines().next().unwrap_or_default();
                let dash =
                    first.starts_with("#!") && first.contains("sh") && !first.contains("bash");
                let args = argv.get(1..).unwrap_or_default().to_vec();
                self.start_subscript(&src, name, args, user, stdio, dash, (false, false), false);
            }
        }
    }

    /// Runs `src` as a script in a subshell: a script's messages, its
    /// own `$0` and arguments, only exported variables.
    #[allow(clippy::too_many_arguments)]
    fn start_subscript(
        &mut self,
        src: &str,
        name: &str,
        args: Vec<String>,
        user: User,
        stdio: &Stdio,
        dash: bool,
        (errexit, xtrace): (bool, bool),
        dash_c: bool,
    ) {
        self.shell.stack.push(Frame::StageReport);
        let saved = Box::new(self.save());
        self.shell.stack.push(Frame::Subshell(saved));
        let s = &mut *self.shell;
        s.user = user;
        s.interactive = false;
        s.dash = dash;
        s.arg0 = String::from(name);
        s.syntax_prefix = Some(if dash_c {
            format!("{name}: -c: ")
        } else {
            format!("{name}: ")
        });
        s.positional = args;
        s.vars.keep_exported();
        s.functions.clear();
        s.aliases.clear();
        s.traps.clear();
        s.options = crate::shell::Options {
            errexit,
            xtrace,
            ..Default::default()
        };
        s.io = stdio.clone();
        s.io.stdin = None;
        self.shell.stack.push(Frame::ExitTrap);
        let parsed = parse::parse_script(src, true);
        if let Some(e) = parsed.error {
            let message = self.syntax_message(&e);
            self.shell.stack.push(Frame::SyntaxError(message));
        }
        self.push_list(Rc::new(parsed.list));
    }

    /// An interactive shell inside this one: its prompt until `exit`.
    pub(crate) fn nest(&mut self, user: User, dash: bool, login: bool, keep_env: bool) {
        if self.shell.nested.len() >= MAX_NESTED {
            self.say(Stream::Stderr, super::FORK_FAILED);
            return;
        }
        let saved = self.save();
        let s = &mut *self.shell;
        s.nested.push(Nested { saved, login });
        s.user = user;
        s.dash = dash;
        s.arg0 = String::from(if dash { "sh" } else { "bash" });
        if !keep_env {
            s.vars.keep_exported();
            s.functions.clear();
            s.aliases.clear();
        }
        if login {
            s.vars = Default::default();
            s.cwd = String::from(user.home());
            s.oldpwd = None;
        }
        s.positional.clear();
        s.options = Default::default();
        s.history_base = s.history.len();
    }

    /// `exit` in a nested interactive shell: back to the one that
    /// started it, `$?` the exit status. False at the login shell.
    pub(crate) fn unnest(&mut self, status: i32) -> bool {
        let Some(n) = self.shell.nested.pop() else {
            return false;
        };
        let word = if n.login { "logout" } else { "exit" };
        self.say_raw(Stream::Stderr, &format!("{word}\n"));
        self.restore_nested(n.saved);
        self.shell.last_status = status;
        true
    }

    fn restore_nested(&mut self, saved: Saved) {
        self.restore(saved);
        self.shell.stack.clear();
    }
}

/// `$SHLVL` of a shell nested `depth` deep.
pub(crate) fn shlvl(depth: usize) -> String {
    (depth + 1).to_string()
}
