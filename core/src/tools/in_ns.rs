//! Running a command in another network namespace or on another machine of
//! the LAN: the mechanism behind `ip netns exec NAME CMD` and `ssh HOST CMD`.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};

use crate::host::User;
use crate::process::{Ctx, Process, Started};
use crate::trace::NsId;
use crate::world;

/// A process that runs in namespace `ns` as `user`, in directory `cwd`
/// when it is not the caller's (`ssh` starts in the user's home).
#[derive(Debug)]
struct InNs {
    ns: NsId,
    user: User,
    cwd: Option<&'static str>,
    inner: Box<dyn Process>,
}

fn with<R>(
    ctx: &mut Ctx<'_>,
    ns: NsId,
    user: User,
    cwd: Option<&'static str>,
    f: impl FnOnce(&mut Ctx<'_>) -> R,
) -> R {
    let (saved_ns, saved_user, saved_cwd) = (ctx.ns, ctx.user, ctx.cwd);
    ctx.ns = ns;
    ctx.user = user;
    if let Some(dir) = cwd {
        ctx.cwd = dir;
    }
    let r = f(ctx);
    ctx.ns = saved_ns;
    ctx.user = saved_user;
    ctx.cwd = saved_cwd;
    r
}

impl Process for InNs {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        let inner = &mut self.inner;
        with(ctx, self.ns, self.user, self.cwd, |c| inner.poll(c))
    }

    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        let inner = &mut self.inner;
        with(ctx, self.ns, self.user, self.cwd, |c| inner.interrupt(c))
    }
}

/// Starts `argv` in namespace `ns` as `user`, in directory `cwd` if given
/// (else the caller's). `not_found` gives the error
/// text and exit status for a command the lab does not have (`ip netns
/// exec` says `exec of "nmap" failed: No such file or directory`, exit 1).
pub(crate) fn start_in(
    ctx: &mut Ctx<'_>,
    ns: NsId,
    user: User,
    cwd: Option<&'static str>,
    argv: &[String],
    not_found: impl FnOnce(&str) -> (String, i32),
) -> Started {
    let name = argv.first().map(String::as_str).unwrap_or_default();
    let Some(tool) = super::find(name) else {
        let (text, status) = not_found(name);
        ctx.err(&text);
        return Started::Exited(status);
    };
    match with(ctx, ns, user, cwd, |c| {
        c.sys().set_comm(tool.name);
        (tool.start)(c, argv)
    }) {
        Started::Exited(s) => Started::Exited(s),
        Started::Running(inner) => Started::Running(Box::new(InNs {
            ns,
            user,
            cwd,
            inner,
        })),
    }
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
        .and_then(|m| ctx.host.net.machine(m.name));
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
        let mut remote = crate::shell::Shell::default();
        remote.user = User::Root;
        remote.cwd = String::from(User::Root.home());
        let files = &ctx.host.files;
        let outcome = crate::shell::cd::cd(
            &mut remote,
            &|path| files.stat(path),
            command.get(1..).unwrap_or_default(),
            false,
        );
        let err = outcome.stderr.replacen("bash: ", "bash: line 1: ", 1);
        ctx.out(&outcome.stdout);
        ctx.err(&err);
        return Started::Exited(outcome.status);
    }
    start_in(
        ctx,
        ns,
        User::Root,
        Some(User::Root.home()),
        command,
        |name| (format!("bash: line 1: {name}: command not found\n"), 127),
    )
}
