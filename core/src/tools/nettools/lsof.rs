//! `lsof` 4.95 for Internet files: `lsof -i [46][PROTO][@HOST][:PORT[-PORT]]`
//! with `-n`, `-P`, `-t`, `-a` with `-p PID[,PID]` or `-c CMD`, and
//! `-sTCP:STATE`. It walks `/proc/*/fd` as the real one does (a user sees
//! only their own processes' descriptors) and names each socket from
//! `/proc/net/{tcp,tcp6,udp,udp6}`. Nothing matching: exit 1.
//! Real outputs: core/tests/fixtures/nettools/lsof_real.txt.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::{IpAddr, SocketAddr};

use super::procnet::{self, Row, Table};
use crate::names;
use crate::process::{Ctx, Started};
use crate::sys::User;
use crate::tools::netnames::{self, Proto};

const USAGE: &str = "lsof 4.95.0
 latest revision: https://github.com/lsof-org/lsof
 latest FAQ: https://github.com/lsof-org/lsof/blob/master/00FAQ
 latest (non-formatted) man page: https://github.com/lsof-org/lsof/blob/master/Lsof.8
 usage: [-?abhKlnNoOPRtUvVX] [+|-c c] [+|-d s] [+D D] [+|-E] [+|-e s] [+|-f[gG]]
 [-F [f]] [-g [s]] [-i [i]] [+|-L [l]] [+m [m]] [+|-M] [-o [o]] [-p s]
 [+|-r [t]] [-s [p:s]] [-S [t]] [-T [t]] [-u s] [+|-w] [-x [fl]] [--] [names]
Use the ``-h'' option to get more help information.
";

/// The TCP state names lsof prints.
const STATES: [&str; 12] = [
    "UNKNOWN",
    "ESTABLISHED",
    "SYN_SENT",
    "SYN_RECV",
    "FIN_WAIT1",
    "FIN_WAIT2",
    "TIME_WAIT",
    "CLOSE",
    "CLOSE_WAIT",
    "LAST_ACK",
    "LISTEN",
    "CLOSING",
];

/// One `-i` address: `[46][protocol][@hostname|hostaddr][:service|port]`.
#[derive(Clone, Debug, Default)]
struct InetSpec {
    v4: bool,
    v6: bool,
    proto: Option<Proto>,
    host: Option<IpAddr>,
    ports: Option<(u16, u16)>,
}

impl InetSpec {
    fn matches(&self, row: &Row) -> bool {
        let v6 = matches!(row.table, Table::Tcp6 | Table::Udp6);
        if (self.v4 && v6) || (self.v6 && !v6) {
            return false;
        }
        let proto = match row.table {
            Table::Tcp | Table::Tcp6 => Proto::Tcp,
            _ => Proto::Udp,
        };
        if self.proto.is_some_and(|p| p != proto) {
            return false;
        }
        let unmap = |a: IpAddr| match a {
            IpAddr::V6(v) => v.to_ipv4_mapped().map_or(a, IpAddr::V4),
            a => a,
        };
        if let Some(h) = self.host
            && unmap(row.local.ip()) != h
            && unmap(row.remote.ip()) != h
        {
            return false;
        }
        if let Some((lo, hi)) = self.ports {
            let hit = |p: u16| p != 0 && p >= lo && p <= hi;
            if !hit(row.local.port()) && !hit(row.remote.port()) {
                return false;
            }
        }
        true
    }
}

#[derive(Debug, Default)]
struct Opts {
    inet: Vec<InetSpec>,
    numeric_hosts: bool,
    numeric_ports: bool,
    terse: bool,
    and: bool,
    pids: Vec<u32>,
    commands: Vec<String>,
    tcp_states: Vec<String>,
}

fn port_of(s: &str, proto: Option<Proto>) -> Option<u16> {
    if let Ok(n) = s.parse::<u16>() {
        return Some(n);
    }
    let protos = match proto {
        Some(p) => [Some(p), None],
        None => [Some(Proto::Tcp), Some(Proto::Udp)],
    };
    (1..=u16::MAX).find(|&p| {
        protos
            .iter()
            .flatten()
            .any(|&pr| netnames::service(p, pr) == Some(s))
    })
}

/// Parses one `-i` address, or the complaint lsof prints.
fn parse_inet(ctx: &mut Ctx<'_>, spec: &str) -> Result<InetSpec, String> {
    let mut s = InetSpec::default();
    let mut rest = spec;
    if let Some(r) = rest.strip_prefix('4') {
        s.v4 = true;
        rest = r;
    } else if let Some(r) = rest.strip_prefix('6') {
        s.v6 = true;
        rest = r;
    }
    let end = rest.find(['@', ':']).unwrap_or(rest.len());
    let proto = rest.get(..end).unwrap_or("");
    rest = rest.get(end..).unwrap_or("");
    if !proto.is_empty() {
        s.proto = match proto.to_ascii_lowercase().as_str() {
            "tcp" => Some(Proto::Tcp),
            "udp" => Some(Proto::Udp),
            _ => {
                return Err(format!(
                    "lsof: unknown protocol name ({proto}) in: -i {spec}\n"
                ));
            }
        };
    }
    if let Some(r) = rest.strip_prefix('@') {
        let (host, after) = if let Some(r6) = r.strip_prefix('[') {
            let close = r6.find(']').unwrap_or(r6.len());
            (
                r6.get(..close).unwrap_or(""),
                r6.get(close + 1..).unwrap_or(""),
            )
        } else {
            let colon = r.find(':').unwrap_or(r.len());
            (r.get(..colon).unwrap_or(""), r.get(colon..).unwrap_or(""))
        };
        let family = if s.v6 {
            names::Family::Inet6
        } else if s.v4 {
            names::Family::Inet
        } else {
            names::Family::Unspec
        };
        s.host = Some(
            netnames::resolve_host(&ctx.sys(), host, family)
                .ok_or_else(|| format!("lsof: unknown host name ({host}) in: -i {spec}\n"))?,
        );
        rest = after;
    }
    if let Some(p) = rest.strip_prefix(':') {
        let (lo, hi) = p.split_once('-').unwrap_or((p, p));
        let bad = |name: &str| format!("lsof: unknown service {name} in: -i {spec}\n");
        let lo = port_of(lo, s.proto).ok_or_else(|| bad(lo))?;
        let hi = port_of(hi, s.proto).ok_or_else(|| bad(hi))?;
        s.ports = Some((lo, hi));
    } else if !rest.is_empty() {
        return Err(format!(
            "lsof: unknown protocol name ({rest}) in: -i {spec}\n"
        ));
    }
    Ok(s)
}

enum Parsed {
    Run(Opts),
    Bad(String),
}

fn parse(ctx: &mut Ctx<'_>, args: &[String]) -> Parsed {
    let mut o = Opts::default();
    let mut any_inet = false;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) else {
            return Parsed::Bad(format!(
                "lsof: status error on {a}: No such file or directory\n"
            ));
        };
        let chars = flags.char_indices();
        for (at, c) in chars {
            let tail = flags.get(at + c.len_utf8()..).unwrap_or("");
            match c {
                'n' => o.numeric_hosts = true,
                'P' => o.numeric_ports = true,
                't' => o.terse = true,
                'a' => o.and = true,
                'l' | 'w' | 'V' => {}
                'i' => {
                    any_inet = true;
                    // The address is the rest of this word, or the next
                    // word if it does not start with '-'.
                    let spec = if !tail.is_empty() {
                        Some(String::from(tail))
                    } else if let Some(next) = args.get(i).filter(|n| !n.starts_with('-')) {
                        i += 1;
                        Some(next.clone())
                    } else {
                        None
                    };
                    if let Some(spec) = spec {
                        match parse_inet(ctx, &spec) {
                            Ok(s) => o.inet.push(s),
                            Err(e) => return Parsed::Bad(e),
                        }
                    }
                    break;
                }
                'p' | 'c' | 's' => {
                    let value = if !tail.is_empty() {
                        String::from(tail)
                    } else if let Some(next) = args.get(i) {
                        i += 1;
                        next.clone()
                    } else {
                        return Parsed::Bad(format!("lsof: missing -{c} option value\n"));
                    };
                    match c {
                        'p' => {
                            for p in value.split(',') {
                                match p.parse::<u32>() {
                                    Ok(n) => o.pids.push(n),
                                    Err(_) => {
                                        return Parsed::Bad(format!(
                                            "lsof: illegal process ID: {p}\n"
                                        ));
                                    }
                                }
                            }
                        }
                        'c' => o.commands.push(value),
                        _ => {
                            let Some(states) = value.strip_prefix("TCP:") else {
                                return Parsed::Bad(format!(
                                    "lsof: -s not followed by protocol name: {value}\n"
                                ));
                            };
                            o.tcp_states
                                .extend(states.split(',').map(|s| s.to_ascii_uppercase()));
                        }
                    }
                    break;
                }
                'Z' => return Parsed::Bad(String::from("lsof: -Z limited to SELinux\n")),
                _ => return Parsed::Bad(format!("lsof: illegal option character: {c}\n")),
            }
        }
    }
    if any_inet && o.inet.is_empty() {
        o.inet.push(InetSpec::default());
    }
    if !any_inet || ((!o.pids.is_empty() || !o.commands.is_empty()) && !o.and) {
        // Without -i (or -p/-c not ANDed with it) lsof lists every kind of
        // file (cwd, txt, mem, ...): the lab's lsof lists Internet files
        // only, and answers anything else with its usage.
        return Parsed::Bad(String::new());
    }
    Parsed::Run(o)
}

/// An address as lsof names it: `*` for a wildcard, a host name unless
/// `-n`, IPv6 numbers in brackets.
fn name_addr(ctx: &mut Ctx<'_>, o: &Opts, a: SocketAddr, proto: Proto) -> String {
    let ip = match a.ip() {
        IpAddr::V6(v) => v.to_ipv4_mapped().map_or(a.ip(), IpAddr::V4),
        ip => ip,
    };
    let host = if ip.is_unspecified() {
        String::from("*")
    } else if o.numeric_hosts {
        match ip {
            IpAddr::V6(v) => format!("[{v}]"),
            IpAddr::V4(v) => format!("{v}"),
        }
    } else {
        let n = netnames::host_name(&ctx.sys(), ip);
        match (ip, n.parse::<IpAddr>()) {
            (IpAddr::V6(v), Ok(_)) => format!("[{v}]"),
            _ => n,
        }
    };
    let port = match netnames::service(a.port(), proto).filter(|_| !o.numeric_ports) {
        Some(s) => String::from(s),
        None if a.port() == 0 => String::from("*"),
        None => format!("{}", a.port()),
    };
    format!("{host}:{port}")
}

/// One line to print: (pid, fd) sorts them.
struct Line {
    pid: u32,
    fd: i32,
    cmd: String,
    user: String,
    ty: &'static str,
    device: u64,
    node: &'static str,
    name: String,
}

/// Runs `lsof ARGS`.
pub(crate) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let o = match parse(ctx, args.get(1..).unwrap_or_default()) {
        Parsed::Run(o) => o,
        Parsed::Bad(first) => {
            ctx.err(&first);
            ctx.err(USAGE);
            return Started::Exited(1);
        }
    };
    let mut rows: Vec<Row> = Vec::new();
    for t in [Table::Tcp, Table::Tcp6, Table::Udp, Table::Udp6] {
        rows.extend(procnet::read_table(&ctx.sys(), t).unwrap_or_default());
    }
    let holders = procnet::holders(&ctx.sys());
    let mut lines: Vec<Line> = Vec::new();
    for row in &rows {
        if row.inode == 0 || !o.inet.iter().any(|s| s.matches(row)) {
            continue;
        }
        let tcp = matches!(row.table, Table::Tcp | Table::Tcp6);
        let state = STATES
            .get(usize::from(row.state))
            .copied()
            .unwrap_or("UNKNOWN");
        if !o.tcp_states.is_empty() && (!tcp || !o.tcp_states.iter().any(|s| s == state)) {
            continue;
        }
        let Some(hs) = holders.by_inode.get(&row.inode) else {
            continue;
        };
        for h in hs {
            if !o.pids.is_empty() && !o.pids.contains(&h.pid) {
                continue;
            }
            if !o.commands.is_empty() && !o.commands.iter().any(|c| h.comm.starts_with(c.as_str()))
            {
                continue;
            }
            let proto = if tcp { Proto::Tcp } else { Proto::Udp };
            let mut name = name_addr(ctx, &o, row.local, proto);
            let connected = row.remote.port() != 0 || !row.remote.ip().is_unspecified();
            if connected {
                name.push_str("->");
                name.push_str(&name_addr(ctx, &o, row.remote, proto));
            }
            if tcp {
                let _ = write!(name, " ({state})");
            } else {
                name.push(' ');
            }
            let user = [User::Root, User::User]
                .into_iter()
                .find(|u| u.uid() == h.uid)
                .map_or_else(|| format!("{}", h.uid), |u| String::from(u.name()));
            lines.push(Line {
                pid: h.pid,
                fd: h.fd.0,
                cmd: h.comm.chars().take(9).collect(),
                user,
                ty: if matches!(row.table, Table::Tcp6 | Table::Udp6) {
                    "IPv6"
                } else {
                    "IPv4"
                },
                device: row.inode,
                node: if tcp { "TCP" } else { "UDP" },
                name,
            });
        }
    }
    if lines.is_empty() {
        return Started::Exited(1);
    }
    lines.sort_by_key(|l| (l.pid, l.fd));
    let mut out = String::new();
    if o.terse {
        let mut last = None;
        for l in &lines {
            if last != Some(l.pid) {
                let _ = writeln!(out, "{}", l.pid);
                last = Some(l.pid);
            }
        }
        ctx.out(&out);
        return Started::Exited(0);
    }
    let cmd_w = lines.iter().map(|l| l.cmd.len()).max().unwrap_or(0).max(7);
    let pid_w = lines
        .iter()
        .map(|l| format!("{}", l.pid).len())
        .max()
        .unwrap_or(0)
        .max(3);
    let user_w = lines.iter().map(|l| l.user.len()).max().unwrap_or(0).max(4);
    let fd_w = lines
        .iter()
        .map(|l| format!("{}", l.fd).len())
        .max()
        .unwrap_or(0)
        .max(4);
    let dev_w = lines
        .iter()
        .map(|l| format!("{}", l.device).len())
        .max()
        .unwrap_or(0)
        .max(6);
    let _ = writeln!(
        out,
        "{:<cmd_w$} {:>pid_w$} {:>user_w$} {:>fd_w$}   {:>4} {:>dev_w$} SIZE/OFF NODE NAME",
        "COMMAND", "PID", "USER", "FD", "TYPE", "DEVICE"
    );
    for l in &lines {
        let _ = writeln!(
            out,
            "{:<cmd_w$} {:>pid_w$} {:>user_w$} {:>fd_w$}u  {:>4} {:>dev_w$} {:>8} {:>4} {}",
            l.cmd, l.pid, l.user, l.fd, l.ty, l.device, "0t0", l.node, l.name
        );
    }
    ctx.out(&out);
    Started::Exited(0)
}
