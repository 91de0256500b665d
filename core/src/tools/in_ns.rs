//! Running a command in another network namespace or on another machine of
//! the LAN: the mechanism behind `ip netns exec NAME CMD` and `ssh HOST CMD`.
//!
//! The process moves itself with a call (`setns` for `ip netns exec`, the
//! lab's login for `ssh`) and then runs the command, as `execvp` would;
//! the kernel keeps it in its new namespace (and an `ssh` session as root
//! in root's home) until it exits.

use alloc::format;
use alloc::string::{String, ToString};

use crate::process::{Ctx, Started};
use crate::sys::User;
use crate::world;

/// `execvp(argv)` in the process's current namespace (after `ip netns
/// exec` moved it). `not_found` gives the error text and exit status for a
/// command the lab does not have (`ip netns exec` says `exec of "nmap"
/// failed: No such file or directory`, exit 1).
pub(crate) fn exec(
    ctx: &mut Ctx<'_>,
    argv: &[String],
    not_found: impl FnOnce(&str) -> (String, i32),
) -> Started {
    let name = argv.first().map(String::as_str).unwrap_or_default();
    let Some(tool) = super::find(name) else {
        let (text, status) = not_found(name);
        ctx.err(&text);
        return Started::Exited(status);
    };
    ctx.sys().set_comm(tool.name);
    (tool.start)(ctx, argv)
}

/// `ssh HOST CMD...`: runs a command as root on another machine of the LAN
/// (`laptop` 192.168.1.20, `router` 192.168.1.1).
pub(super) fn ssh(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let Some(target) = args.get(1) else {
        ctx.err("usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]\n           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]\n           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]\n           [-i identity_file] [-J [user@]host[:port]] [-L address]\n           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]\n           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]\n           [-w local_tun[:remote_tun]] destination [command [argument ...]]\n");
        return Started::Exited(255);
    };
    let host = target.rsplit('@').next().unwrap_or(target);
    let machine = [world::LAPTOP, world::ROUTER]
        .into_iter()
        .find(|m| host == m.name || host == m.addr.to_string())
        .and_then(|m| ctx.sys().machine(m.name));
    let Some(ns) = machine else {
        ctx.err(&format!(
            "ssh: Could not resolve hostname {host}: Name or service not known\n"
        ));
        return Started::Exited(255);
    };
    let command = args.get(2..).unwrap_or_default();
    if command.is_empty() {
        ctx.err(&format!(
            "ssh: the lab has no interactive sessions on {host}; give the command to run, e.g. ssh {host} ping -c 1 {}\n",
            world::LAB.addr
        ));
        return Started::Exited(255);
    }
    if command.first().is_some_and(|c| c == "cd") {
        // The remote shell's builtin: it checks the directory, then the
        // session ends (`ssh laptop cd /tmp` changes nothing here).
        let mut remote = crate::shell::Shell {
            user: User::Root,
            cwd: String::from(User::Root.home()),
            ..Default::default()
        };
        let sys = ctx.sys();
        let outcome = crate::shell::cd::cd(
            &mut remote,
            &|path| sys.file_type(path),
            command.get(1..).unwrap_or_default(),
            false,
        );
        let err = outcome.stderr.replacen("bash: ", "bash: line 1: ", 1);
        ctx.out(&outcome.stdout);
        ctx.err(&err);
        return Started::Exited(outcome.status);
    }
    let name = command.first().map(String::as_str).unwrap_or_default();
    let Some(tool) = super::find(name) else {
        ctx.err(&format!("bash: line 1: {name}: command not found\n"));
        return Started::Exited(127);
    };
    if let Err(e) = ctx.login(ns) {
        ctx.err(&format!("ssh: connect to host {host}: {}\n", e.message()));
        return Started::Exited(255);
    }
    ctx.sys().set_comm(tool.name);
    (tool.start)(ctx, command)
}
