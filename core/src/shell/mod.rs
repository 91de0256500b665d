//! The lab's bash: the grammar ([`parse`]) into a syntax tree ([`ast`]),
//! expansion ([`expand`]), variables ([`vars`]), the state a shell keeps
//! between commands (`$?`, variables, functions, options, the user, the
//! commands still to run), running them as a resumable interpreter
//! ([`exec`], [`redirect`]), the commands it answers itself
//! ([`exec::builtins`]) and its jobs ([`jobtable`]).
//!
//! The shell is user space: it reaches the kernel only through its system
//! calls, [`crate::proc::calls::Calls`].

pub mod ast;
pub mod cd;
pub mod echo;
pub(crate) mod exec;
pub mod expand;
pub mod jobs;
pub mod jobtable;
pub mod parse;
pub mod paths;
pub(crate) mod redirect;
pub mod unparse;
pub mod vars;

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use crate::process::Stdio;
use crate::sys::User;
use ast::{Compound, Redirect};
use exec::frame::Frame;
use jobtable::JobTable;
use vars::{AssignError, Vars};

pub use exec::builtins::BUILTINS;

/// The pid the lab's interactive bash reports for `$$`.
pub const SHELL_PID: u32 = 1000;

/// `PATH` as Debian 12's /etc/profile sets it for a user.
pub const USER_PATH: &str = "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games";

/// `PATH` for root (/etc/profile, and sudo's `secure_path`).
pub const ROOT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// `set -o` options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `-e`.
    pub errexit: bool,
    /// `-x`.
    pub xtrace: bool,
    /// `-u`.
    pub nounset: bool,
    /// `-f`.
    pub noglob: bool,
    /// `-o pipefail`.
    pub pipefail: bool,
}

/// An interactive shell started from another (`bash`, `su`, `sudo -i`):
/// the state of the one that started it, given back at `exit`.
#[derive(Clone, Debug)]
pub(crate) struct Nested {
    /// The outer shell.
    pub(crate) saved: exec::frame::Saved,
    /// A login shell (`su -`, `sudo -i`) says `logout` as it ends.
    pub(crate) login: bool,
}

/// A function's definition.
pub type Function = Rc<(Compound, Vec<Redirect>)>;

/// The state of the interactive shell.
#[derive(Clone, Debug)]
pub struct Shell {
    /// Who the shell runs as (changed by `su` and `exit`).
    pub user: User,
    /// `$?`.
    pub last_status: i32,
    pub(crate) vars: Vars,
    /// `$1`, `$2`….
    pub(crate) positional: Vec<String>,
    /// `$0`.
    pub(crate) arg0: String,
    /// Defined functions.
    pub(crate) functions: BTreeMap<String, Function>,
    /// `trap` actions by signal name (`EXIT`, `SIGINT`).
    pub(crate) traps: BTreeMap<String, String>,
    /// `alias`es.
    pub(crate) aliases: BTreeMap<String, String>,
    /// `set` options.
    pub(crate) options: Options,
    /// What is left to run: the interpreter's frames, innermost last.
    pub(crate) stack: Vec<Frame>,
    /// Where commands' standard streams go now (a redirected `{ …; }`,
    /// a pipeline's shell stage, a command substitution).
    pub(crate) io: Stdio,
    /// The outputs of finished command substitutions, for the command
    /// that waits for them.
    pub(crate) sub_results: Vec<String>,
    /// `$!`.
    pub(crate) last_bg: Option<u32>,
    /// The line being run (`$LINENO`, `bash: line N:` messages).
    pub(crate) lineno: u32,
    /// Interactive (`bash: x: command not found`) or a script
    /// (`bash: line 1: x: command not found`).
    pub(crate) interactive: bool,
    /// The network namespace its commands start in (`ip netns exec NS
    /// bash`); None: the host's.
    pub(crate) netns: Option<crate::sys::NsId>,
    /// Runs as `sh` (dash): its prompt and messages.
    pub(crate) dash: bool,
    /// The shells this one was started from, innermost last.
    pub(crate) nested: Vec<Nested>,
    /// Where this shell's own history starts.
    pub(crate) history_base: usize,
    /// How a script's syntax errors begin (`bash: -c: `, `FILE: `);
    /// None at the prompt.
    pub(crate) syntax_prefix: Option<String>,
    /// The lines typed so far of an unfinished command (PS2).
    pub(crate) partial: String,
    /// The commands typed, for `history` and `!!`.
    pub(crate) history: Vec<String>,
    /// How deep functions call each other.
    pub(crate) call_depth: u32,
    /// Ctrl-C ran the `INT` trap already; a second one stops the line.
    pub(crate) interrupted: bool,
    /// A built-in waits for input (`read` on an empty pipe).
    pub(crate) blocked: bool,
    /// How many tested contexts (`if` conditions, `&&` lists) enclose the
    /// command running: `set -e` does not exit there.
    pub(crate) tested: u32,
    /// A built-in asked to leave a loop, function or the shell.
    pub(crate) pending_control: Option<exec::Control>,
    /// What a built-in read from a pipe beyond the line it wanted.
    pub(crate) pipe_buffers: BTreeMap<u32, String>,
    /// The working directory (`cd`, `pwd`, `$PWD`), absolute and normalized.
    pub cwd: String,
    /// `$OLDPWD`, for `cd -` (unset in a new login shell).
    pub(crate) oldpwd: Option<String>,
    /// The `wait` builtin is waiting for the background jobs.
    pub(crate) waiting: bool,
    /// The process groups it started: its jobs and the foreground.
    pub(crate) jobs: JobTable,
}

impl Default for Shell {
    fn default() -> Self {
        Shell {
            user: User::User,
            last_status: 0,
            vars: Vars::default(),
            positional: Vec::new(),
            arg0: String::from("bash"),
            functions: BTreeMap::new(),
            aliases: BTreeMap::new(),
            traps: BTreeMap::new(),
            options: Options::default(),
            stack: Vec::new(),
            io: Stdio::default(),
            sub_results: Vec::new(),
            last_bg: None,
            lineno: 1,
            interactive: true,
            partial: String::new(),
            syntax_prefix: None,
            dash: false,
            netns: None,
            nested: Vec::new(),
            history_base: 0,
            history: Vec::new(),
            call_depth: 0,
            blocked: false,
            interrupted: false,
            tested: 0,
            pending_control: None,
            pipe_buffers: BTreeMap::new(),
            cwd: String::from(User::User.home()),
            oldpwd: None,
            waiting: false,
            jobs: JobTable::default(),
        }
    }
}

/// Makes `path` absolute against the working directory `cwd`, with `.`,
/// `..` and repeated slashes resolved as the kernel walks them (`..` of `/`
/// is `/`).
pub fn absolute_path(path: &str, cwd: &str) -> String {
    let joined = if path.starts_with('/') {
        String::from(path)
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        return String::from("/");
    }
    let mut out = String::new();
    for part in parts {
        out.push('/');
        out.push_str(part);
    }
    out
}

/// How bash's `\w` shows a directory in the prompt: `~` for the home
/// directory, `~/sub` below it, the path elsewhere.
pub fn prompt_dir(cwd: &str, home: &str) -> String {
    if cwd == home {
        return String::from("~");
    }
    match cwd.strip_prefix(home) {
        Some(rest) if rest.starts_with('/') => format!("~{rest}"),
        _ => String::from(cwd),
    }
}

impl Shell {
    /// The prompt bash shows: `user@lab:~$ `, `root@lab:/tmp# `, or PS2
    /// (`> `) while a command is unfinished.
    pub fn prompt(&self, hostname: &str) -> String {
        if !self.partial.is_empty() {
            return String::from("> ");
        }
        let sigil = if self.user == User::Root { '#' } else { '$' };
        if self.dash {
            return format!("{sigil} ");
        }
        let dir = prompt_dir(&self.cwd, self.user.home());
        format!("{}@{hostname}:{dir}{sigil} ", self.user.name())
    }

    /// A script's shell (`$0` is `name`, messages say `NAME: line N:`)
    /// or, with None, the interactive one.
    pub fn set_script_mode(&mut self, name: Option<&str>) {
        self.interactive = name.is_none();
        self.arg0 = String::from(name.unwrap_or("bash"));
        self.syntax_prefix = name.map(|n| {
            if n == "bash" {
                String::from("bash: -c: ")
            } else {
                format!("{n}: ")
            }
        });
    }

    /// Sets `$1`, `$2`….
    pub fn set_positional(&mut self, args: Vec<String>) {
        self.positional = args;
    }

    /// True while a foreground command (or the rest of a line) runs.
    pub(crate) fn is_busy(&self) -> bool {
        self.jobs.foreground().is_some() || self.waiting || !self.stack.is_empty()
    }

    /// True if the interpreter can go on now (no foreground process, no
    /// built-in waiting for input).
    pub(crate) fn runnable(&self) -> bool {
        !self.stack.is_empty() && self.jobs.foreground().is_none() && !self.waiting && !self.blocked
    }

    /// The value of parameter `name` (None: unset).
    pub(crate) fn param(&self, name: &str, hostname: &str) -> Option<String> {
        let s = |x: &str| Some(String::from(x));
        match name {
            "?" => return Some(format!("{}", self.last_status)),
            "$" => return Some(format!("{SHELL_PID}")),
            "#" => return Some(format!("{}", self.positional.len())),
            "0" => return Some(self.arg0.clone()),
            "!" => return self.last_bg.map(|p| format!("{p}")),
            "-" => {
                let mut f = String::new();
                if self.options.errexit {
                    f.push('e');
                }
                if self.options.noglob {
                    f.push('f');
                }
                f.push('h');
                if self.interactive {
                    f.push('i');
                }
                if self.options.nounset {
                    f.push('u');
                }
                if self.options.xtrace {
                    f.push('x');
                }
                f.push('B');
                f.push('H');
                return Some(f);
            }
            "LINENO" => return Some(format!("{}", self.lineno)),
            _ => {}
        }
        if let Some(n) = name
            .parse::<usize>()
            .ok()
            .filter(|_| name.chars().all(|c| c.is_ascii_digit()))
        {
            return self.positional.get(n.checked_sub(1)?).cloned();
        }
        if let Some(v) = self.vars.get(name) {
            return Some(v.value.clone());
        }
        match name {
            "HOME" => s(self.user.home()),
            "PWD" => Some(self.cwd.clone()),
            "OLDPWD" => self.oldpwd.clone(),
            "USER" | "LOGNAME" => s(self.user.name()),
            "HOSTNAME" => s(hostname),
            "SHELL" => s("/bin/bash"),
            "PATH" => s(if self.user == User::Root {
                ROOT_PATH
            } else {
                USER_PATH
            }),
            "UID" | "EUID" => Some(format!("{}", self.user.uid())),
            "BASH" => s("/usr/bin/bash"),
            "BASH_VERSION" => s("5.2.15(1)-release"),
            "IFS" => s(" \t\n"),
            "PS1" => s("\\u@\\h:\\w\\$ "),
            "PS2" => s("> "),
            "TERM" => s("xterm-256color"),
            "LANG" => s("C.UTF-8"),
            "SHLVL" => Some(exec::shells::shlvl(self.nested.len())),
            "RANDOM" => Some(format!(
                "{}",
                (self.lineno.wrapping_mul(7919) ^ SHELL_PID) % 32768
            )),
            _ => None,
        }
    }

    /// `NAME=value`, or bash's message (`bash: X: readonly variable`).
    pub(crate) fn assign(&mut self, name: &str, value: &str) -> Result<(), String> {
        match self.vars.set(name, value) {
            Ok(()) => Ok(()),
            Err(AssignError::Readonly) => Err(format!("bash: {name}: readonly variable\n")),
            Err(AssignError::Full) => {
                Err(format!("bash: {name}: cannot assign: too many variables\n"))
            }
        }
    }
}
