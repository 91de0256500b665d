//! bash's `cd` builtin: where it goes, and its error texts.
//!
//! Recorded from bash 5.2.15 on Debian 12 (`bash -c '...'` as root, and as
//! an ordinary user for `/root`):
//!
//! ```text
//! $ cd /nonexist      bash: cd: /nonexist: No such file or directory   (1)
//! $ cd /etc/hosts     bash: cd: /etc/hosts: Not a directory            (1)
//! $ cd a b            bash: cd: too many arguments                     (1)
//! $ cd -              (fresh login shell) bash: cd: OLDPWD not set     (1)
//! $ cd /tmp; cd /etc; cd -    prints /tmp                              (0)
//! $ cd /tmp/../etc/./; pwd    /etc
//! $ cd ""             stays, status 0
//! $ cd /root          (as user) bash: cd: /root: Permission denied     (1)
//! ```

use alloc::format;
use alloc::string::String;

use super::{Shell, absolute_path};
use crate::proc::calls::FileType;
use crate::sys::User;

/// What `cd` printed and its exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CdOutcome {
    /// Standard output (`cd -` prints the new directory).
    pub stdout: String,
    /// Standard error (bash's message), empty on success.
    pub stderr: String,
    /// The exit status.
    pub status: i32,
}

fn failed(message: String) -> CdOutcome {
    CdOutcome {
        stdout: String::new(),
        stderr: message,
        status: 1,
    }
}

/// Runs `cd ARGS` (the words after `cd`), asking `stat` what a path is
/// (`None`: ENOENT). With `apply` false (a `cd` in a pipeline, which runs
/// in a subshell) the checks and messages are the same but the shell keeps
/// its directory.
pub fn cd(
    shell: &mut Shell,
    stat: &dyn Fn(&str) -> Option<FileType>,
    args: &[String],
    apply: bool,
) -> CdOutcome {
    let target = match args {
        [] => String::from(shell.user.home()),
        [one] if one == "-" => match &shell.oldpwd {
            Some(old) => old.clone(),
            None => return failed(String::from("bash: cd: OLDPWD not set\n")),
        },
        [one] if one.is_empty() => shell.cwd.clone(),
        [one] => absolute_path(one, &shell.cwd),
        _ => return failed(String::from("bash: cd: too many arguments\n")),
    };
    let shown = args.first().map_or(target.as_str(), String::as_str);
    let why = match stat(&target) {
        Some(FileType::Directory) => None,
        Some(_) => Some("Not a directory"),
        None => Some("No such file or directory"),
    };
    if let Some(why) = why {
        return failed(format!("bash: cd: {shown}: {why}\n"));
    }
    // /root is mode 0700: only root may enter it.
    if shell.user != User::Root && (target == "/root" || target.starts_with("/root/")) {
        return failed(format!("bash: cd: {shown}: Permission denied\n"));
    }
    let stdout = if args.first().is_some_and(|a| a == "-") {
        format!("{target}\n")
    } else {
        String::new()
    };
    if apply {
        let old = core::mem::replace(&mut shell.cwd, target);
        shell.oldpwd = Some(old);
    }
    CdOutcome {
        stdout,
        stderr: String::new(),
        status: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::files::Files;
    use alloc::vec::Vec;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| String::from(*w)).collect()
    }

    #[test]
    fn moves_and_fails_as_bash_does() {
        let disk = Files::debian("lab", crate::host::files::Stamp::default());
        let files = |p: &str| disk.stat(p);
        let mut sh = Shell::default();
        assert_eq!(sh.cwd, "/home/user");
        let r = cd(&mut sh, &files, &args(&["-"]), true);
        assert_eq!(r.stderr, "bash: cd: OLDPWD not set\n");
        assert_eq!(r.status, 1);
        assert_eq!(
            cd(&mut sh, &files, &args(&["/tmp/../etc/./"]), true).status,
            0
        );
        assert_eq!(sh.cwd, "/etc");
        assert_eq!(sh.prompt("lab"), "user@lab:/etc$ ");
        let r = cd(&mut sh, &files, &args(&["-"]), true);
        assert_eq!(r.stdout, "/home/user\n");
        assert_eq!(sh.prompt("lab"), "user@lab:~$ ");
        let r = cd(&mut sh, &files, &args(&["/etc/hosts"]), true);
        assert_eq!(r.stderr, "bash: cd: /etc/hosts: Not a directory\n");
        let r = cd(&mut sh, &files, &args(&["nowhere"]), true);
        assert_eq!(r.stderr, "bash: cd: nowhere: No such file or directory\n");
        let r = cd(&mut sh, &files, &args(&["a", "b"]), true);
        assert_eq!(r.stderr, "bash: cd: too many arguments\n");
        let r = cd(&mut sh, &files, &args(&["/root"]), true);
        assert_eq!(r.stderr, "bash: cd: /root: Permission denied\n");
        assert_eq!(sh.cwd, "/home/user", "failures change nothing");
        assert_eq!(cd(&mut sh, &files, &args(&["/"]), false).status, 0);
        assert_eq!(sh.cwd, "/home/user", "a subshell's cd stays there");
        assert_eq!(cd(&mut sh, &files, &[String::new()], true).status, 0);
        assert_eq!(cd(&mut sh, &files, &args(&[".."]), true).status, 0);
        assert_eq!(sh.cwd, "/home");
        assert_eq!(cd(&mut sh, &files, &[], true).status, 0);
        assert_eq!(sh.cwd, "/home/user");
    }

    #[test]
    fn paths_resolve_against_the_directory() {
        assert_eq!(absolute_path("hosts", "/etc"), "/etc/hosts");
        assert_eq!(absolute_path("./x", "/tmp"), "/tmp/x");
        assert_eq!(absolute_path("../../..", "/home/user"), "/");
        assert_eq!(absolute_path("/etc//hosts", "/tmp"), "/etc/hosts");
        assert_eq!(
            super::super::prompt_dir("/home/user/a", "/home/user"),
            "~/a"
        );
        assert_eq!(
            super::super::prompt_dir("/home/username", "/home/user"),
            "/home/username"
        );
    }
}
