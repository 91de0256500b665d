//! The commands the shell answers itself, as one table: `su`, `cd`,
//! `exit`/`logout`, job control (`jobs`, `fg`, `wait`, `kill`, `ps`), the
//! language's built-ins ([`super::lang`]), `test`/`[` ([`super::test`]),
//! `type` and `command -v`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::jobs::{self, JobSpecError};
use super::{Call, Executor, Target, history, lang, test};
use crate::output::{OutputBuffer, OutputEvent, Stream};
use crate::proc::calls::Signal;
use crate::process::{Pid, Stdio};
use crate::shell::paths;
use crate::sys::User;

/// Commands the shell itself answers, with their `help` lines.
pub const BUILTINS: &[(&str, &str)] = &[
    ("sudo", "run a command as root"),
    ("su", "become root (su) or return (exit)"),
    ("exit", "leave a root shell started by su"),
    ("cd", "change the shell's working directory"),
];

/// Whether `sudo NAME` runs the built-in (else sudo looks for a program).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sudo {
    /// Never: `sudo cd` is `sudo: cd: command not found`.
    Never,
    /// Only without arguments (`sudo su`).
    Bare,
    /// Always.
    Always,
}

/// Where a built-in's standard output goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    /// Straight to the terminal, whatever the redirections say.
    Terminal,
    /// Where the command's redirections and pipe send it.
    Stdio,
}

/// A built-in command.
pub(crate) struct Builtin {
    /// Its name.
    pub name: &'static str,
    sudo: Sudo,
    output: Output,
    run: fn(&mut Executor<'_>, &Call<'_>) -> i32,
}

/// Every built-in.
const TABLE: &[Builtin] = &[
    builtin("su", Sudo::Bare, Output::Terminal, su),
    builtin("cd", Sudo::Never, Output::Terminal, cd),
    builtin("exit", Sudo::Always, Output::Terminal, lang::exit),
    builtin("logout", Sudo::Always, Output::Terminal, lang::exit),
    builtin("jobs", Sudo::Never, Output::Stdio, jobs_builtin),
    builtin("wait", Sudo::Never, Output::Stdio, wait),
    builtin("fg", Sudo::Never, Output::Stdio, fg),
    builtin("ps", Sudo::Never, Output::Stdio, ps),
    builtin("kill", Sudo::Never, Output::Stdio, kill),
    builtin("echo", Sudo::Never, Output::Stdio, echo),
    builtin(":", Sudo::Never, Output::Stdio, lang::true_),
    builtin("true", Sudo::Never, Output::Stdio, lang::true_),
    builtin("false", Sudo::Never, Output::Stdio, lang::false_),
    builtin("export", Sudo::Never, Output::Stdio, lang::export),
    builtin("readonly", Sudo::Never, Output::Stdio, lang::readonly),
    builtin("local", Sudo::Never, Output::Stdio, lang::local),
    builtin("declare", Sudo::Never, Output::Stdio, lang::declare),
    builtin("typeset", Sudo::Never, Output::Stdio, lang::declare),
    builtin("unset", Sudo::Never, Output::Stdio, lang::unset),
    builtin("set", Sudo::Never, Output::Stdio, lang::set),
    builtin("shift", Sudo::Never, Output::Stdio, lang::shift),
    builtin("return", Sudo::Never, Output::Stdio, lang::return_),
    builtin("break", Sudo::Never, Output::Stdio, lang::break_),
    builtin("continue", Sudo::Never, Output::Stdio, lang::break_),
    builtin("read", Sudo::Never, Output::Stdio, read),
    builtin("eval", Sudo::Never, Output::Stdio, lang::eval),
    builtin("source", Sudo::Never, Output::Stdio, lang::source),
    builtin(".", Sudo::Never, Output::Stdio, lang::source),
    builtin("let", Sudo::Never, Output::Stdio, lang::let_),
    builtin("alias", Sudo::Never, Output::Stdio, lang::alias),
    builtin("unalias", Sudo::Never, Output::Stdio, lang::unalias),
    builtin("test", Sudo::Never, Output::Stdio, test::test),
    builtin("[", Sudo::Never, Output::Stdio, test::test),
    builtin("type", Sudo::Never, Output::Stdio, type_),
    builtin("command", Sudo::Never, Output::Stdio, command),
    builtin("trap", Sudo::Never, Output::Stdio, lang::trap),
    builtin("help", Sudo::Never, Output::Stdio, history::help),
    builtin("history", Sudo::Never, Output::Stdio, history::history),
];

const fn builtin(
    name: &'static str,
    sudo: Sudo,
    output: Output,
    run: fn(&mut Executor<'_>, &Call<'_>) -> i32,
) -> Builtin {
    Builtin {
        name,
        sudo,
        output,
        run,
    }
}

/// The built-in `name`, if the shell answers it (after `sudo` when
/// `via_sudo`, with `argc` words).
pub(crate) fn find(name: &str, via_sudo: bool, argc: usize) -> Option<&'static Builtin> {
    let b = TABLE.iter().find(|b| b.name == name)?;
    let runs = match b.sudo {
        _ if !via_sudo => true,
        Sudo::Never => false,
        Sudo::Bare => argc == 1,
        Sudo::Always => true,
    };
    runs.then_some(b)
}

/// Runs `builtin` with its standard output where it belongs; returns its
/// exit status.
pub(crate) fn run(ex: &mut Executor<'_>, builtin: &Builtin, call: &Call<'_>, stdio: &Stdio) -> i32 {
    if builtin.output == Output::Terminal {
        return (builtin.run)(ex, call);
    }
    // What it prints is collected, then written where its stdout goes.
    let saved = ex.capture.replace(OutputBuffer::uncapped());
    let status = (builtin.run)(ex, call);
    let printed = core::mem::replace(&mut ex.capture, saved)
        .map(|mut b| b.take())
        .unwrap_or_default();
    for event in printed {
        match event {
            OutputEvent::Text { stream, text } => {
                let sink = match stream {
                    Stream::Stdout => stdio.stdout.clone(),
                    Stream::Stderr => stdio.stderr.clone(),
                };
                ex.write_sink(&sink, stream, &text);
            }
            // Built-ins neither clear the screen nor change terminals.
            OutputEvent::Clear | OutputEvent::Terminal(_) => {}
        }
    }
    status
}

impl Executor<'_> {
    /// The process group of the job a spec (the text after `%`) names.
    fn job_pid(&self, spec: &str) -> Result<Pid, JobSpecError> {
        let table = &self.shell.jobs;
        let running = table.jobs();
        let named: Vec<(u32, &str)> = running
            .iter()
            .filter_map(|j| table.line(j.pgid).map(|l| (j.number, l)))
            .collect();
        let number = jobs::resolve_spec(spec, &named)?;
        running
            .iter()
            .find(|j| j.number == number)
            .map(|j| j.pgid)
            .ok_or(JobSpecError::NoSuchJob)
    }
}

/// `su [-] [root]`: a root shell (`su -`: a login shell, in root's home);
/// `exit` returns.
fn su(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let args = call.argv.get(1..).unwrap_or_default();
    let mut login = false;
    for a in args {
        match a.as_str() {
            "-" | "-l" | "--login" => login = true,
            "root" => {}
            other => {
                ex.say(Stream::Stderr, &format!("su: user {other} does not exist or the user entry does not contain all the required fields\n"));
                return 1;
            }
        }
    }
    if call.alone {
        ex.nest(User::Root, false, login, !login);
    }
    0
}

/// `cd [DIR|-]`.
fn cd(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let sys = &ex.sys;
    let outcome = crate::shell::cd::cd(
        ex.shell,
        &|path| sys.stat(path),
        call.argv.get(1..).unwrap_or_default(),
        call.alone,
    );
    ex.say(Stream::Stdout, &outcome.stdout);
    ex.say(Stream::Stderr, &outcome.stderr);
    outcome.status
}

/// The `+`/`-` marker of the `i`th of `count` jobs (oldest first).
fn marker(count: usize, i: usize) -> char {
    match count.saturating_sub(i) {
        1 => '+',
        2 => '-',
        _ => ' ',
    }
}

/// `jobs`.
fn jobs_builtin(ex: &mut Executor<'_>, _: &Call<'_>) -> i32 {
    let running = ex.shell.jobs.jobs();
    for (i, job) in running.iter().enumerate() {
        let command = String::from(ex.shell.jobs.line(job.pgid).unwrap_or_default());
        let line = jobs::job_line(job.number, marker(running.len(), i), None, &command);
        ex.say(Stream::Stdout, &line);
    }
    0
}

/// `wait`: the shell waits until no background job runs.
fn wait(ex: &mut Executor<'_>, _: &Call<'_>) -> i32 {
    if ex.shell.jobs.has_jobs() {
        ex.shell.waiting = true;
    }
    0
}

/// `fg [%JOB]`.
fn fg(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let target = match call.argv.get(1) {
        Some(arg) => {
            let spec = arg.strip_prefix('%').unwrap_or(arg);
            match ex.job_pid(spec) {
                Ok(pid) => Some(pid),
                Err(e) => {
                    ex.say(Stream::Stderr, &jobs::spec_error_line("fg", arg, &e));
                    return 1;
                }
            }
        }
        None => ex.shell.jobs.jobs().last().map(|j| j.pgid),
    };
    let Some(pgid) = target else {
        ex.say(Stream::Stderr, "bash: fg: current: no such job\n");
        return 1;
    };
    if let Some(line) = ex.shell.jobs.line(pgid) {
        let line = format!("{line}\n");
        ex.say(Stream::Stdout, &line);
    }
    ex.foreground(pgid);
    0
}

/// `ps`: the shell, every running process, and `ps` itself.
fn ps(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let mut text = String::from("    PID TTY          TIME CMD\n");
    text.push_str(&format!(
        "{:>7} pts/0    00:00:00 bash\n",
        crate::shell::SHELL_PID
    ));
    for (pid, cmd) in ex.sys.processes() {
        text.push_str(&format!("{pid:>7} pts/0    00:00:00 {cmd}\n"));
    }
    // ps itself, forked as this command of the pipeline.
    let pid = call.pid;
    text.push_str(&format!("{pid:>7} pts/0    00:00:00 ps\n"));
    ex.say(Stream::Stdout, &text);
    0
}

/// `kill [-SIG] %JOB|PID...`, `kill -l`.
fn kill(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let args = call.argv.get(1..).unwrap_or_default();
    let mut signal = Signal::Term;
    let mut status = 0;
    let mut targets = args;
    if let Some(first) = args.first()
        && let Some(sig) = first.strip_prefix('-')
    {
        signal = match Signal::from_spec(sig) {
            Some(s) => s,
            None if sig == "l" => {
                ex.say(Stream::Stdout, &Signal::listing());
                return 0;
            }
            None => {
                let text = format!("bash: kill: {sig}: invalid signal specification\n");
                ex.say(Stream::Stderr, &text);
                return 1;
            }
        };
        targets = args.get(1..).unwrap_or_default();
    }
    if targets.is_empty() {
        ex.say(
            Stream::Stderr,
            "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n",
        );
        return 2;
    }
    for t in targets {
        // A job is its whole pipeline: its process group.
        let target = if let Some(spec) = t.strip_prefix('%') {
            match ex.job_pid(spec) {
                Ok(pgid) => Target::Group(pgid),
                Err(e) => {
                    ex.say(Stream::Stderr, &jobs::spec_error_line("kill", t, &e));
                    status = 1;
                    continue;
                }
            }
        } else {
            match t.parse::<Pid>() {
                Ok(pid) => Target::Process(pid),
                Err(_) => {
                    let text = format!("bash: kill: {t}: arguments must be process or job IDs\n");
                    ex.say(Stream::Stderr, &text);
                    status = 1;
                    continue;
                }
            }
        };
        // ESRCH (a listed job always has a process to signal).
        if ex.signal(target, signal).is_err() {
            ex.say(
                Stream::Stderr,
                &format!("bash: kill: ({t}) - No such process\n"),
            );
            status = 1;
        }
    }
    status
}

/// `echo` (bash's builtin).
fn echo(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let text = crate::shell::echo::text(call.argv.get(1..).unwrap_or_default());
    ex.say(Stream::Stdout, &text);
    0
}

/// `read`, with the command's standard input.
fn read(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    lang::read(ex, call, call.stdio)
}

/// What a name is to the shell, as `type` says it.
enum Kind {
    Alias(String),
    Keyword,
    Function,
    Builtin,
    File(String),
}

impl Executor<'_> {
    fn kind(&self, name: &str) -> Option<Kind> {
        if let Some(a) = self.shell.aliases.get(name) {
            return Some(Kind::Alias(a.clone()));
        }
        if lang::KEYWORDS.contains(&name) {
            return Some(Kind::Keyword);
        }
        if self.shell.functions.contains_key(name) {
            return Some(Kind::Function);
        }
        if TABLE.iter().any(|b| b.name == name) && !matches!(name, "ps") {
            return Some(Kind::Builtin);
        }
        let found = (self.programs.find)(name).is_some() || name == "ps";
        if !found {
            return None;
        }
        let hostname = self.sys.gethostname();
        let path = self.shell.param("PATH", &hostname).unwrap_or_default();
        paths::lookup(name, &path).map(Kind::File)
    }
}

/// `type [-t] NAME…`.
fn type_(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let mut terse = false;
    let mut path_only = false;
    let mut status = 0;
    for a in call.argv.get(1..).unwrap_or_default() {
        match a.as_str() {
            "-t" => terse = true,
            "-p" | "-P" => path_only = true,
            "-a" => {}
            name => {
                let kind = ex.kind(name);
                let text = match (&kind, terse) {
                    (None, _) => {
                        if !terse && !path_only {
                            ex.say(Stream::Stderr, &format!("bash: type: {name}: not found\n"));
                        }
                        status = 1;
                        continue;
                    }
                    (Some(k), true) => String::from(match k {
                        Kind::Alias(_) => "alias",
                        Kind::Keyword => "keyword",
                        Kind::Function => "function",
                        Kind::Builtin => "builtin",
                        Kind::File(_) => "file",
                    }),
                    (Some(Kind::File(p)), false) if path_only => p.clone(),
                    (Some(_), false) if path_only => continue,
                    (Some(Kind::Alias(a)), false) => format!("{name} is aliased to `{a}'"),
                    (Some(Kind::Keyword), false) => format!("{name} is a shell keyword"),
                    (Some(Kind::Function), false) => {
                        let body = ex.shell.functions.get(name).cloned();
                        let def = body
                            .map(|b| crate::shell::unparse::function(name, &b.0))
                            .unwrap_or_default();
                        format!("{name} is a function\n{}", def.trim_end_matches('\n'))
                    }
                    (Some(Kind::Builtin), false) => format!("{name} is a shell builtin"),
                    (Some(Kind::File(p)), false) => format!("{name} is {p}"),
                };
                ex.say(Stream::Stdout, &format!("{text}\n"));
            }
        }
    }
    status
}

/// `command -v NAME…` / `command -V NAME…`.
fn command(ex: &mut Executor<'_>, call: &Call<'_>) -> i32 {
    let args = call.argv.get(1..).unwrap_or_default();
    let (verbose, names) = match args.first().map(String::as_str) {
        Some("-v") => (false, args.get(1..).unwrap_or_default()),
        Some("-V") => (true, args.get(1..).unwrap_or_default()),
        Some(o) if o.starts_with('-') => {
            ex.say(
                Stream::Stderr,
                &format!("bash: command: {o}: invalid option\ncommand: usage: command [-pVv] command [arg ...]\n"),
            );
            return 2;
        }
        // `command` alone does nothing.
        _ => return 0,
    };
    let mut status = 0;
    for name in names {
        match ex.kind(name) {
            None => {
                if verbose {
                    ex.say(
                        Stream::Stderr,
                        &format!("bash: command: {name}: not found\n"),
                    );
                }
                status = 1;
            }
            Some(k) if verbose => {
                let text = match k {
                    Kind::Alias(a) => format!("{name} is aliased to `{a}'"),
                    Kind::Keyword => format!("{name} is a shell keyword"),
                    Kind::Function => format!("{name} is a function"),
                    Kind::Builtin => format!("{name} is a shell builtin"),
                    Kind::File(p) => format!("{name} is {p}"),
                };
                ex.say(Stream::Stdout, &format!("{text}\n"));
            }
            Some(Kind::Alias(a)) => ex.say(Stream::Stdout, &format!("alias {name}='{a}'\n")),
            Some(Kind::File(p)) => ex.say(Stream::Stdout, &format!("{p}\n")),
            Some(_) => ex.say(Stream::Stdout, &format!("{name}\n")),
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_with_a_help_line_is_in_the_table() {
        for (name, _) in BUILTINS {
            // sudo is a prefix the executor strips, not a command.
            if *name != "sudo" {
                assert!(find(name, false, 1).is_some(), "{name}");
            }
        }
        assert!(find("su", true, 1).is_some());
        assert!(find("su", true, 2).is_none());
        assert!(find("cd", true, 1).is_none());
        assert!(find("exit", true, 1).is_some());
        assert!(find("kill", true, 2).is_none());
        assert!(find("ls", false, 1).is_none());
    }
}
