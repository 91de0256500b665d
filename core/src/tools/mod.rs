//! The commands the lab's shell can run, and the registry that finds them.
//!
//! Each tool parses its own options the way the real program does and gives
//! the real program's errors for bad ones.

mod awk;
mod cat;
pub(crate) mod coreutils;
mod curl;
mod diffutils;
mod dmesg;
pub(crate) mod dns_server;
mod dnsutils;
mod echo;
mod fileutils;
mod filter;
mod getent;
mod grep;
mod grep_context;
mod head;
mod hostname;
mod hping3;
mod http_server;
mod ifconfig;
pub(crate) mod in_ns;
pub mod ip;
mod ls;
mod man;
mod nc;
pub(crate) mod netnames;
mod nettools;
mod netutil;
mod ping;
pub(crate) mod printf;
mod redis;
mod regex;
mod resolve;
mod sed;
mod simple;
mod sleep;
mod sockbind;
mod sort;
mod sort_keys;
mod ss;
mod ss_summary;
mod stdin_wait;
mod sysctl;
mod tail;
mod tc;
mod tcpdump;
mod telnet;
mod tracepath;
mod traceroute;
mod uname;
mod uniq;
mod wc;
mod wget;

use alloc::string::String;

use crate::process::{Ctx, Started};

pub use crate::process::{Command, StartFn};

/// The first programs, sorted by name; each family of programs added later
/// keeps its own table in its module, listed in [`REGISTRIES`].
const BASE_COMMANDS: &[Command] = &[
    Command {
        name: "bind",
        summary: "open, bind and listen on a socket, printing each system call (strace-style)",
        start: sockbind::start,
    },
    Command {
        name: "cat",
        summary: "print files (/etc/hosts, /etc/hostname, ...) or standard input",
        start: cat::start,
    },
    Command {
        name: "clear",
        summary: "clear the terminal screen",
        start: simple::clear,
    },
    Command {
        name: "curl",
        summary: "transfer a URL (curl 7.88.1, http://)",
        start: curl::start,
    },
    Command {
        name: "dmesg",
        summary: "print the kernel log (util-linux; root only on Debian)",
        start: dmesg::start,
    },
    Command {
        name: "echo",
        summary: "print its arguments",
        start: echo::start,
    },
    Command {
        name: "false",
        summary: "do nothing, unsuccessfully",
        start: simple::false_,
    },
    Command {
        name: "getent",
        summary: "look up hosts the way glibc does (hosts, ahosts, ahostsv4, ahostsv6)",
        start: getent::start,
    },
    Command {
        name: "grep",
        summary: "print lines that match a pattern (GNU grep 3.8; -i -v -c -n -w -x -o -q -l -m -A -B -C -E -F)",
        start: grep::start,
    },
    Command {
        name: "head",
        summary: "print the first lines of files or of a pipe (coreutils 9.1; -n N, -N, -c N)",
        start: head::start,
    },
    Command {
        name: "help",
        summary: "list the commands of this lab",
        start: simple::help,
    },
    Command {
        name: "hostname",
        summary: "show the host name",
        start: hostname::start,
    },
    Command {
        name: "hping3",
        summary: "send hand-made ICMP/UDP/TCP packets, spoofed sources too (hping3; root)",
        start: hping3::start,
    },
    Command {
        name: "hosts-check",
        summary: "list the lines of /etc/hosts glibc cannot use, with their numbers and what is wrong",
        start: sed::hosts_check,
    },
    Command {
        name: "ifconfig",
        summary: "show interfaces, set them up or down (net-tools)",
        start: ifconfig::start,
    },
    Command {
        name: "ip",
        summary: "show and change addresses, links, routes, rules, namespaces (iproute2)",
        start: ip::start,
    },
    Command {
        name: "ls",
        summary: "list the lab's files (/etc, /tmp, your home)",
        start: ls::start,
    },
    Command {
        name: "man",
        summary: "a short manual of a command and the options the lab has",
        start: man::start,
    },
    Command {
        name: "nc",
        summary: "netcat (OpenBSD 1.219): connect, listen, scan ports",
        start: nc::start,
    },
    Command {
        name: "ping",
        summary: "send ICMP echo requests (iputils)",
        start: ping::start,
    },
    Command {
        name: "python3",
        summary: "Python 3.11.2 (only -m http.server)",
        start: http_server::start,
    },
    Command {
        name: "redis-cli",
        summary: "talk to a Redis server (ping)",
        start: redis::cli,
    },
    Command {
        name: "redis-server",
        summary: "a Redis 7.0 server (PING, ECHO, SET, GET)",
        start: redis::server,
    },
    Command {
        name: "pwd",
        summary: "print the working directory",
        start: simple::pwd,
    },
    Command {
        name: "sed",
        summary: "edit files in place (GNU sed 4.9 subset: s///, /re/d, /re/p, y, a, i, q; -n -i -e)",
        start: sed::start,
    },
    Command {
        name: "sleep",
        summary: "wait for a number of seconds",
        start: sleep::start,
    },
    Command {
        name: "sort",
        summary: "sort lines (coreutils 9.1; -n -r -u -b, -k F1[,F2], -t C)",
        start: sort::start,
    },
    Command {
        name: "ss",
        summary: "list sockets (iproute2 6.1)",
        start: ss::start,
    },
    Command {
        name: "ssh",
        summary: "run a command on another machine of the LAN (laptop, router)",
        start: in_ns::ssh,
    },
    Command {
        name: "sysctl",
        summary: "read and write kernel parameters (procps)",
        start: sysctl::start,
    },
    Command {
        name: "tail",
        summary: "print the last lines of files or of a pipe (coreutils 9.1; -n N, -n +K, -c N)",
        start: tail::start,
    },
    Command {
        name: "tc",
        summary: "add delay, loss... to an interface (tc qdisc netem)",
        start: tc::start,
    },
    Command {
        name: "tcpdump",
        summary: "print the packets crossing an interface (tcpdump 4.99)",
        start: tcpdump::start,
    },
    Command {
        name: "traceroute",
        summary: "print the route packets take, hop by hop (traceroute 2.1.2; -n -I -T -q -m)",
        start: traceroute::start,
    },
    Command {
        name: "true",
        summary: "do nothing, successfully",
        start: simple::true_,
    },
    Command {
        name: "uname",
        summary: "print system information",
        start: uname::start,
    },
    Command {
        name: "uniq",
        summary: "drop repeated adjacent lines (coreutils 9.1; -c -d -u -i)",
        start: uniq::start,
    },
    Command {
        name: "wc",
        summary: "count lines, words and bytes (coreutils 9.1; -l -w -c -m)",
        start: wc::start,
    },
    Command {
        name: "whoami",
        summary: "print the current user name",
        start: simple::whoami,
    },
];

/// Commands that read all of their standard input before doing anything;
/// behind a pipe they start once the writer has finished.
const READ_STDIN_WHOLE: &[&str] = &["sed", "nc", "nslookup"];

/// Starts `command`: at once, or, for one that reads its whole standard
/// input first and has a pipe there, once the pipe's writer has finished.
pub(crate) fn start_with_stdin(ctx: &mut Ctx<'_>, command: &Command, argv: &[String]) -> Started {
    ctx.sys().set_comm(command.name);
    if ctx.stdin_is_pipe() && READ_STDIN_WHOLE.contains(&command.name) {
        stdin_wait::start(ctx, command.start, argv)
    } else {
        (command.start)(ctx, argv)
    }
}

/// Every program, as the shell's `$PATH` finds and execs them.
pub const PROGRAMS: crate::process::Programs = crate::process::Programs {
    find,
    exec: start_with_stdin,
};

/// Every table of programs. A family of programs (coreutils, net-tools,
/// dnsutils...) keeps its table beside its code and adds one line here.
const REGISTRIES: &[&[Command]] = &[
    BASE_COMMANDS,
    fileutils::COMMANDS,
    coreutils::COMMANDS,
    awk::COMMANDS,
    diffutils::COMMANDS,
    nettools::COMMANDS,
    dnsutils::COMMANDS,
    wget::COMMANDS,
    telnet::COMMANDS,
];

/// Finds a command by name.
pub fn find(name: &str) -> Option<&'static Command> {
    REGISTRIES
        .iter()
        .flat_map(|r| r.iter())
        .find(|c| c.name == name)
}

/// Every program installed, sorted by name.
pub fn commands() -> alloc::vec::Vec<&'static Command> {
    let mut all: alloc::vec::Vec<&'static Command> =
        REGISTRIES.iter().flat_map(|r| r.iter()).collect();
    all.sort_by(|a, b| a.name.cmp(b.name));
    all
}

/// The coreutils-style "invalid option" pair of lines, as `uname -z` prints:
///
/// ```text
/// uname: invalid option -- 'z'
/// Try 'uname --help' for more information.
/// ```
pub(crate) fn gnu_invalid_option(ctx: &mut Ctx<'_>, tool: &str, option: char) -> Started {
    ctx.err(&alloc::format!(
        "{tool}: invalid option -- '{option}'\nTry '{tool} --help' for more information.\n"
    ));
    Started::Exited(1)
}

/// [`gnu_invalid_option`] with another exit status (`ls` exits 2).
pub(crate) fn gnu_invalid_option_status(
    ctx: &mut Ctx<'_>,
    tool: &str,
    option: char,
    status: i32,
) -> Started {
    match gnu_invalid_option(ctx, tool, option) {
        Started::Exited(_) => Started::Exited(status),
        other => other,
    }
}

/// [`gnu_unrecognized_option`] with another exit status (`sort` exits 2).
pub(crate) fn gnu_unrecognized_option_status(
    ctx: &mut Ctx<'_>,
    tool: &str,
    option: &str,
    status: i32,
) -> Started {
    match gnu_unrecognized_option(ctx, tool, option) {
        Started::Exited(_) => Started::Exited(status),
        other => other,
    }
}

/// The coreutils "unrecognized option" lines for a bad long option.
pub(crate) fn gnu_unrecognized_option(ctx: &mut Ctx<'_>, tool: &str, option: &str) -> Started {
    ctx.err(&alloc::format!(
        "{tool}: unrecognized option '{option}'\nTry '{tool} --help' for more information.\n"
    ));
    Started::Exited(1)
}
