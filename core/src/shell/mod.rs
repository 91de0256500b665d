//! The lab's bash: parsing ([`parse`]), expansion, the state a shell
//! keeps between commands (`$?`, variables, the user, what is left of the
//! current line), running a line ([`exec`], [`redirect`]), the commands
//! it answers itself ([`exec::builtins`]) and its jobs ([`jobtable`]).
//!
//! The shell is user space: it reaches the kernel only through its system
//! calls, [`crate::proc::calls::Calls`].

pub mod cd;
pub(crate) mod exec;
pub mod jobs;
pub mod jobtable;
pub mod parse;
pub(crate) mod redirect;

use alloc::collections::{BTreeMap, VecDeque};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::sys::User;
use jobtable::JobTable;
use parse::{Connector, Pipeline, Word, WordPart};

pub use exec::builtins::BUILTINS;

/// The pid the lab's interactive bash reports for `$$`.
pub const SHELL_PID: u32 = 1000;

/// The state of the interactive shell.
#[derive(Clone, Debug)]
pub struct Shell {
    /// Who the shell runs as (changed by `su` and `exit`).
    pub user: User,
    /// `$?`.
    pub last_status: i32,
    vars: BTreeMap<String, String>,
    /// What is left of the current command line.
    pub(crate) pending: VecDeque<(Pipeline, Connector)>,
    /// The connector before the next pending pipeline.
    pub(crate) previous: Connector,
    /// The working directory (`cd`, `pwd`, `$PWD`), absolute and normalized.
    pub cwd: String,
    /// `$OLDPWD`, for `cd -` (unset in a new login shell).
    pub(crate) oldpwd: Option<String>,
    /// The user's shell's directories while `su` runs a root shell: `exit`
    /// returns to them.
    pub(crate) outer_dirs: Option<(String, Option<String>)>,
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
            vars: BTreeMap::new(),
            pending: VecDeque::new(),
            previous: Connector::Then,
            cwd: String::from(User::User.home()),
            oldpwd: None,
            outer_dirs: None,
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
    /// The prompt bash shows: `user@lab:~$ `, `root@lab:/tmp# `.
    pub fn prompt(&self, hostname: &str) -> String {
        let sigil = if self.user == User::Root { '#' } else { '$' };
        let dir = prompt_dir(&self.cwd, self.user.home());
        format!("{}@{hostname}:{dir}{sigil} ", self.user.name())
    }

    /// True while a foreground command (or the rest of a line) runs.
    pub(crate) fn is_busy(&self) -> bool {
        self.jobs.foreground().is_some() || self.waiting || !self.pending.is_empty()
    }

    /// Whether the pipeline after the current connector should run.
    pub(crate) fn should_run(&self) -> bool {
        match self.previous {
            Connector::And => self.last_status == 0,
            Connector::Or => self.last_status != 0,
            Connector::Then | Connector::Background => true,
        }
    }

    fn param(&self, name: &str, hostname: &str) -> String {
        match name {
            "?" => format!("{}", self.last_status),
            "$" => format!("{SHELL_PID}"),
            "#" => String::from("0"),
            "0" => String::from("bash"),
            "HOME" => String::from(self.user.home()),
            "PWD" => self.cwd.clone(),
            "OLDPWD" => self.oldpwd.clone().unwrap_or_default(),
            "USER" | "LOGNAME" => String::from(self.user.name()),
            "HOSTNAME" => String::from(hostname),
            "SHELL" => String::from("/bin/bash"),
            "PATH" => String::from("/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"),
            _ => self.vars.get(name).cloned().unwrap_or_default(),
        }
    }

    /// Expands one word to its text.
    pub fn expand(&self, word: &Word, hostname: &str) -> String {
        let mut s = String::new();
        for part in &word.parts {
            match part {
                WordPart::Literal(t) => s.push_str(t),
                WordPart::Param(name) => s.push_str(&self.param(name, hostname)),
                WordPart::Tilde => s.push_str(self.user.home()),
            }
        }
        s
    }

    /// Expands words into arguments. Unquoted words that expand to nothing
    /// disappear, as in bash.
    pub fn expand_all(&self, words: &[Word], hostname: &str) -> Vec<String> {
        words
            .iter()
            .filter_map(|w| {
                let s = self.expand(w, hostname);
                (w.quoted || !s.is_empty()).then_some(s)
            })
            .collect()
    }

    /// If every word is `NAME=value`, performs the assignments and returns true.
    pub(crate) fn try_assignments(&mut self, words: &[Word], hostname: &str) -> bool {
        let mut assignments = Vec::new();
        for w in words {
            let Some(WordPart::Literal(first)) = w.parts.first() else {
                return false;
            };
            let Some((name, _)) = first.split_once('=') else {
                return false;
            };
            let valid = name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                return false;
            }
            let full = self.expand(w, hostname);
            let value = full.get(name.len() + 1..).unwrap_or_default();
            assignments.push((String::from(name), String::from(value)));
        }
        if assignments.is_empty() {
            return false;
        }
        self.vars.extend(assignments);
        true
    }
}
