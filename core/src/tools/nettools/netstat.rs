//! `netstat` from net-tools 2.10: the socket tables (`-t`, `-u`, `-w`,
//! `-x`, `-l`, `-a`, `-n`, `-p`, `-e`, `-o`, `-W`, `-4`/`-6`), the
//! routing table (`-r`), the interface table (`-i`, `-ie`) and `-M`'s
//! refusal, and `-c` (the listing every second until interrupted), read
//! from `/proc/net/*` and `/proc/*/fd` as the real one reads them.
//! Real outputs: core/tests/fixtures/nettools/netstat_real.txt.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::{IpAddr, SocketAddr};

use super::procnet::{self, Holders, Row, Table};
use super::routes::{self, Layout};
use crate::process::{Ctx, Process, Started};
use crate::sys::User;
use crate::sys::link::IfFlags;
use crate::time::{Duration, Instant};
use crate::tools::netnames::{self, Proto};
use alloc::boxed::Box;

/// `usage()`'s text up to the address-family list.
const USAGE: &str = include_str!("netstat_usage.txt");
/// The address-family list `usage()` prints on the other stream.
const AFS: &str = include_str!("netstat_afs.txt");
const VERSION: &str = "net-tools 2.10
Fred Baumgarten, Alan Cox, Bernd Eckenfels, Phil Blundell, Tuan Hoang, Brian Micek and others
+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N +SELINUX
AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH
HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 
";

/// `tcp_state[]`.
const TCP_STATES: [&str; 12] = [
    "",
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

#[derive(Clone, Copy, Debug, Default)]
struct Opts {
    tcp: bool,
    udp: bool,
    raw: bool,
    unix: bool,
    all: bool,
    listening: bool,
    num_host: bool,
    num_port: bool,
    num_user: bool,
    programs: bool,
    /// `flag_exp`: 1, 2 with `-e`, 3 with `-ee`.
    exp: u8,
    timers: bool,
    wide: bool,
    route: bool,
    interfaces: bool,
    masquerade: bool,
    inet: bool,
    inet6: bool,
    continuous: bool,
}

enum Parsed {
    Run(Opts),
    Help,
    Version,
    /// A usage error: the first line of the complaint.
    Bad(String),
    /// An error without the usage (exit 1).
    Fail(String),
}

fn long(o: &mut Opts, name: &str) -> Result<(), String> {
    match name {
        "route" => o.route = true,
        "interfaces" => o.interfaces = true,
        "masquerade" => o.masquerade = true,
        "verbose" | "fib" | "symbolic" => {}
        "wide" => o.wide = true,
        "numeric" => {
            o.num_host = true;
            o.num_port = true;
            o.num_user = true;
        }
        "numeric-hosts" => o.num_host = true,
        "numeric-ports" => o.num_port = true,
        "numeric-users" => o.num_user = true,
        "extend" => o.exp = o.exp.saturating_add(1),
        "programs" => o.programs = true,
        "timers" => o.timers = true,
        "continuous" => o.continuous = true,
        "listening" => o.listening = true,
        "all" => o.all = true,
        "tcp" => o.tcp = true,
        "udp" => o.udp = true,
        "raw" => o.raw = true,
        "unix" => o.unix = true,
        "inet" => o.inet = true,
        "inet6" => o.inet6 = true,
        _ => return Err(format!("netstat: unrecognized option '--{name}'\n")),
    }
    Ok(())
}

fn parse(args: &[String]) -> Parsed {
    let mut o = Opts {
        exp: 1,
        ..Opts::default()
    };
    let mut family_next = false;
    for a in args {
        if family_next {
            // `-A inet,inet6,unix` (`--protocol`).
            family_next = false;
            for af in a.split(',') {
                match af {
                    "inet" => o.inet = true,
                    "inet6" => o.inet6 = true,
                    "unix" => o.unix = true,
                    other => {
                        return Parsed::Fail(format!("Unknown address family `{other}'.\n"));
                    }
                }
            }
            continue;
        }
        if a == "--help" {
            return Parsed::Help;
        }
        if a == "--version" {
            return Parsed::Version;
        }
        if let Some(name) = a.strip_prefix("--") {
            if let Err(e) = long(&mut o, name) {
                return Parsed::Bad(e);
            }
            continue;
        }
        let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) else {
            // netstat ignores operands it does not expect.
            continue;
        };
        for c in flags.chars() {
            match c {
                't' => o.tcp = true,
                'u' => o.udp = true,
                'w' => o.raw = true,
                'x' => o.unix = true,
                'a' => o.all = true,
                'l' => o.listening = true,
                'n' => {
                    o.num_host = true;
                    o.num_port = true;
                    o.num_user = true;
                }
                'N' | 'v' | 'F' => {}
                'p' => o.programs = true,
                'e' => o.exp = o.exp.saturating_add(1),
                'o' => o.timers = true,
                'c' => o.continuous = true,
                'W' => o.wide = true,
                'r' => o.route = true,
                'i' => o.interfaces = true,
                'M' => o.masquerade = true,
                '4' => o.inet = true,
                '6' => o.inet6 = true,
                'h' | '?' => return Parsed::Help,
                'V' => return Parsed::Version,
                'A' => family_next = true,
                _ => return Parsed::Bad(format!("netstat: invalid option -- '{c}'\n")),
            }
        }
    }
    if o.route && o.inet6 && !o.inet {
        // The IPv6 routing table (`/proc/net/ipv6_route`) is not built.
        return Parsed::Bad(String::from("netstat: invalid option -- '6'\n"));
    }
    Parsed::Run(o)
}

/// `addr_do_one`: `ADDR:PORT`, the address cut so both fit in 22
/// characters unless `-W`.
fn endpoint(ctx: &mut Ctx<'_>, o: &Opts, a: SocketAddr, proto: Option<Proto>) -> String {
    let addr = match a.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => String::from("0.0.0.0"),
        IpAddr::V6(v6) if v6.is_unspecified() => {
            String::from(if o.num_host { "::" } else { "[::]" })
        }
        ip if o.num_host => format!("{ip}"),
        ip => netnames::host_name(&ctx.sys(), ip),
    };
    let port = if a.port() == 0 {
        String::from("*")
    } else {
        match proto.filter(|_| !o.num_port) {
            Some(p) => {
                netnames::service(a.port(), p).map_or_else(|| format!("{}", a.port()), String::from)
            }
            None => format!("{}", a.port()),
        }
    };
    if !o.wide && addr.len() + port.len() > 22 {
        let keep = 22usize.saturating_sub(port.len());
        let cut: String = addr.chars().take(keep).collect();
        format!("{cut}:{port}")
    } else {
        format!("{addr}:{port}")
    }
}

fn user_name(uid: u32) -> Option<&'static str> {
    [User::Root, User::User]
        .into_iter()
        .find(|u| u.uid() == uid)
        .map(User::name)
}

/// `finish_this_one`: the `-e`, `-p` and `-o` columns and the newline.
fn finish(o: &Opts, row: &Row, holders: &Holders, line: &mut String) {
    if o.exp > 1 {
        match user_name(row.uid).filter(|_| !o.num_user) {
            Some(n) => {
                let _ = write!(line, " {n:<10} ");
            }
            None => {
                let _ = write!(line, " {:<10} ", row.uid);
            }
        }
        let _ = write!(line, "{:<10}", row.inode);
    }
    if o.programs {
        let prog = holders
            .by_inode
            .get(&row.inode)
            .filter(|_| row.inode != 0)
            .and_then(|h| h.first())
            .map_or_else(
                || String::from("-"),
                |h| format!("{}/{}", h.pid, h.comm).chars().take(19).collect(),
            );
        let _ = write!(line, " {prog:<20}");
    }
    if o.timers {
        let secs = row.when as f64 / 100.0;
        let t = match row.timer {
            0 => format!("off (0.00/{}/0)", row.retransmits),
            1 | 4 => format!("on ({secs:.2}/{}/0)", row.retransmits),
            2 => format!("keepalive ({secs:.2}/{}/0)", row.retransmits),
            3 => format!("timewait ({secs:.2}/{}/0)", row.retransmits),
            n => format!("unkn-{n} ({secs:.2}/{}/0)", row.retransmits),
        };
        let _ = write!(line, " {t}");
    }
    line.push('\n');
}

fn wanted(o: &Opts, row: &Row) -> bool {
    let listening = match row.table {
        Table::Tcp | Table::Tcp6 => row.state == 10,
        _ => row.remote.ip().is_unspecified() && row.remote.port() == 0,
    };
    o.all || (o.listening && listening) || (!o.listening && !listening)
}

fn print_row(ctx: &mut Ctx<'_>, o: &Opts, row: &Row, holders: &Holders, out: &mut String) {
    let (name, proto, state) = match row.table {
        Table::Tcp | Table::Tcp6 => (
            if row.table == Table::Tcp {
                "tcp"
            } else {
                "tcp6"
            },
            Some(Proto::Tcp),
            String::from(
                TCP_STATES
                    .get(usize::from(row.state))
                    .copied()
                    .unwrap_or("UNKNOWN"),
            ),
        ),
        Table::Udp | Table::Udp6 => (
            if row.table == Table::Udp {
                "udp"
            } else {
                "udp6"
            },
            Some(Proto::Udp),
            String::from(if row.state == 1 { "ESTABLISHED" } else { "" }),
        ),
        Table::Raw | Table::Raw6 => (
            if row.table == Table::Raw {
                "raw"
            } else {
                "raw6"
            },
            None,
            format!("{}", row.state),
        ),
    };
    let local = endpoint(ctx, o, row.local, proto);
    let remote = endpoint(ctx, o, row.remote, proto);
    let mut line = format!(
        "{name:<5} {:>6} {:>6} {local:<23} {remote:<23} {state:<11}",
        row.rx, row.tx
    );
    finish(o, row, holders, &mut line);
    out.push_str(&line);
}

fn heading(o: &Opts, what: &str) -> String {
    let which = if o.all {
        "(servers and established)"
    } else if o.listening {
        "(only servers)"
    } else {
        "(w/o servers)"
    };
    format!("Active {what} {which}\n")
}

fn sockets(ctx: &mut Ctx<'_>, o: &Opts) -> String {
    let any_proto = o.tcp || o.udp || o.raw || o.unix;
    let any_af = o.inet || o.inet6;
    let (tcp, udp, raw) = if any_proto {
        (o.tcp, o.udp, o.raw)
    } else {
        (true, true, true)
    };
    let unix = (!any_proto || o.unix) && !any_af;
    let v4 = !any_af || o.inet;
    let v6 = !any_af || o.inet6;
    let holders = if o.programs {
        procnet::holders(&ctx.sys())
    } else {
        Holders::default()
    };
    if holders.denied {
        ctx.err("(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n");
    }
    let mut out = String::new();
    if tcp || udp || raw {
        out.push_str(&heading(o, "Internet connections"));
        out.push_str(
            "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ",
        );
        if o.exp > 1 {
            out.push_str(" User       Inode     ");
        }
        if o.programs {
            out.push_str(" PID/Program name    ");
        }
        if o.timers {
            out.push_str(" Timer");
        }
        out.push('\n');
        let mut tables = Vec::new();
        for (on, t4, t6) in [
            (tcp, Table::Tcp, Table::Tcp6),
            (udp, Table::Udp, Table::Udp6),
            (raw, Table::Raw, Table::Raw6),
        ] {
            if on && v4 {
                tables.push(t4);
            }
            if on && v6 {
                tables.push(t6);
            }
        }
        for t in tables {
            let rows = procnet::read_table(&ctx.sys(), t).unwrap_or_default();
            for row in rows.iter().filter(|r| wanted(o, r)) {
                print_row(ctx, o, row, &holders, &mut out);
            }
        }
    }
    if unix {
        out.push_str(&heading(o, "UNIX domain sockets"));
        out.push_str("Proto RefCnt Flags       Type       State         I-Node  ");
        if o.programs {
            out.push_str(" PID/Program name    ");
        }
        out.push_str(" Path\n");
    }
    out
}

/// `netstat -i`: one line per interface (`ife_print_short`), sorted by
/// name; only the ones up unless `-a`.
fn interfaces(ctx: &mut Ctx<'_>, o: &Opts) -> String {
    let mut links = ctx.sys().links();
    links.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = String::from("Kernel Interface table\n");
    if o.exp > 1 {
        for l in links.iter().filter(|l| o.all || l.is_up()) {
            out.push_str(&crate::tools::ifconfig::block(l));
        }
        return out;
    }
    out.push_str(
        "Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n",
    );
    for l in links.iter().filter(|l| o.all || l.is_up()) {
        let c = &l.counters;
        let mut flags = String::new();
        for (bit, ch) in [
            (IfFlags::BROADCAST, 'B'),
            (IfFlags::LOOPBACK, 'L'),
            (IfFlags::MULTICAST, 'M'),
            (IfFlags::RUNNING, 'R'),
            (IfFlags::UP, 'U'),
        ] {
            if l.flags.contains(bit) {
                flags.push(ch);
            }
        }
        let _ = writeln!(
            out,
            "{:<15} {:>5} {:>8} {:>6} {:>6} {:<6} {:>8} {:>6} {:>6} {:>6} {flags}",
            l.name,
            l.mtu,
            c.rx_packets,
            c.rx_errors,
            c.rx_dropped,
            0,
            c.tx_packets,
            c.tx_errors,
            c.tx_dropped,
            0
        );
    }
    out
}

/// Runs `netstat ARGS`.
pub(crate) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let o = match parse(args.get(1..).unwrap_or_default()) {
        Parsed::Run(o) => o,
        Parsed::Help => {
            ctx.err(AFS);
            ctx.out(USAGE);
            return Started::Exited(0);
        }
        Parsed::Version => {
            ctx.out(VERSION);
            return Started::Exited(0);
        }
        Parsed::Fail(text) => {
            ctx.err(&text);
            return Started::Exited(1);
        }
        Parsed::Bad(first) => {
            ctx.err(&first);
            ctx.err(USAGE);
            ctx.out(AFS);
            return Started::Exited(3);
        }
    };
    if o.masquerade {
        ctx.err("netstat: no support for `ip_masquerade' on this system.\n");
        return Started::Exited(1);
    }
    let Some(text) = report(ctx, &o) else {
        return Started::Exited(1);
    };
    ctx.out(&text);
    if o.continuous {
        let next = ctx.now() + Duration::from_secs(1);
        ctx.wake_at(next);
        return Started::Running(Box::new(Continuous { o, next }));
    }
    Started::Exited(0)
}

/// One listing: the routes, the interfaces or the sockets.
fn report(ctx: &mut Ctx<'_>, o: &Opts) -> Option<String> {
    if o.route {
        let layout = match o.exp {
            1 => Layout::Mss,
            2 => Layout::Metric,
            _ => Layout::Full,
        };
        routes::table(&ctx.sys(), layout, o.num_host)
    } else if o.interfaces {
        Some(interfaces(ctx, o))
    } else {
        Some(sockets(ctx, o))
    }
}

/// `netstat -c`: the listing again every second until interrupted.
#[derive(Debug)]
struct Continuous {
    o: Opts,
    next: Instant,
}

impl Process for Continuous {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if ctx.now() >= self.next {
            let text = report(ctx, &self.o)?;
            ctx.out(&text);
            self.next += Duration::from_secs(1);
        }
        ctx.wake_at(self.next);
        None
    }

    fn interrupt(&mut self, _ctx: &mut Ctx<'_>) -> Option<i32> {
        Some(130)
    }
}
