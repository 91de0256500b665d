//! `nc` as netcat-openbsd 1.219 (Debian 12) runs: connecting (with `-z`
//! port scans and `-v` reports), listening (`-l`, `-k`), UDP (`-u`), text
//! from standard input (`< file`), and the usage errors. Real outputs it is
//! checked against: core/tests/fixtures/apps/nc_real.txt.

use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use crate::names;
use crate::process::{Ctx, Process, Started};
use crate::sys::{Errno, Family, Fd, PollEvents, Shutdown, SockOpt, SockType};
use crate::time::{Duration, Instant};

use super::netutil;

const USAGE: &str = "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]
\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]
\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]
\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]
\t  [destination] [port]
";

/// netcat's `UDP_SCAN_TIMEOUT`: seconds `udptest` waits for an ICMP error
/// when `-w` does not say.
const UDP_SCAN_TIMEOUT_S: u64 = 3;

#[derive(Clone, Debug, Default)]
struct Opts {
    listen: bool,
    keep: bool,
    verbose: bool,
    udp: bool,
    zero: bool,
    numeric: bool,
    shutdown_on_eof: bool,
    family: Option<Family>,
    wait_s: Option<u64>,
    positional: Vec<String>,
}

fn service(port: u16, udp: bool) -> &'static str {
    match (port, udp) {
        (22, false) => "ssh",
        (25, false) => "smtp",
        (53, _) => "domain",
        (80, false) => "http",
        (443, false) => "https",
        _ => "*",
    }
}

/// Parses `8000` or `8000-8002`.
fn ports(s: &str) -> Result<Vec<u16>, String> {
    let one = |p: &str| -> Result<u16, String> {
        match p.parse::<u64>() {
            Ok(0) => Err(format!("nc: port number too small: {p}\n")),
            Ok(n) => u16::try_from(n).map_err(|_| format!("nc: port number too large: {p}\n")),
            Err(_) => Err(format!("nc: port number invalid: {p}\n")),
        }
    };
    match s.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (one(a)?, one(b)?);
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            Ok((lo..=hi).collect())
        }
        None => Ok(Vec::from([one(s)?])),
    }
}

#[derive(Debug)]
enum Mode {
    Connecting {
        fd: Fd,
        port: u16,
        addr: IpAddr,
        since: Instant,
    },
    Talking {
        fd: Fd,
    },
    /// netcat's `udptest` (with `-v`, UDP): "X" written twice at once,
    /// then once a second for the `-w` timeout (3 s without one); a write
    /// that fails with ECONNREFUSED (the ICMP port unreachable an earlier
    /// "X" drew) fails the port without a word.
    UdpTest {
        fd: Fd,
        port: u16,
        addr: IpAddr,
        /// Writes done so far.
        writes: u64,
        /// When the next write is due.
        next: Instant,
    },
    Listening {
        fd: Fd,
    },
    Done(i32),
}

#[derive(Debug)]
struct Nc {
    o: Opts,
    host: String,
    /// (port, address) pairs left to try.
    todo: VecDeque<(u16, IpAddr)>,
    /// Ports already connected (a port's other addresses are skipped).
    succeeded: Vec<u16>,
    any_ok: bool,
    mode: Mode,
    udp_peer: Option<SocketAddr>,
    /// The accepted connection in listen mode.
    listener_child: Option<Fd>,
}

impl Nc {
    fn label(&self, addr: IpAddr) -> String {
        if self.host == addr.to_string() {
            addr.to_string()
        } else {
            format!("{} ({addr})", self.host)
        }
    }

    fn name_of(&self, ctx: &mut Ctx<'_>, addr: IpAddr) -> String {
        let addr = match addr {
            IpAddr::V6(a) => a.to_ipv4_mapped().map_or(IpAddr::V6(a), IpAddr::V4),
            v4 => v4,
        };
        if self.o.numeric {
            return addr.to_string();
        }
        netutil::reverse_name(&ctx.sys(), addr).unwrap_or_else(|| addr.to_string())
    }

    fn next_connect(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        while let Some((port, addr)) = self.todo.pop_front() {
            if self.succeeded.contains(&port) {
                continue;
            }
            let family = Family::of(&addr);
            let ty = if self.o.udp {
                SockType::Dgram
            } else {
                SockType::Stream
            };
            let Ok(fd) = ctx.sys().socket(family, ty) else {
                continue;
            };
            let remote = SocketAddr::new(addr, port);
            match ctx.sys().connect(fd, remote) {
                Err(e) => {
                    let _ = ctx.sys().close(fd);
                    self.report_fail(ctx, port, addr, e);
                }
                Ok(()) if self.o.udp && self.o.verbose => {
                    self.mode = Mode::UdpTest {
                        fd,
                        port,
                        addr,
                        writes: 0,
                        next: ctx.now(),
                    };
                    return self.poll(ctx);
                }
                Ok(()) if self.o.udp => {
                    self.connected(ctx, fd, port, addr);
                    if !self.o.zero {
                        return None;
                    }
                }
                Ok(()) => {
                    self.mode = Mode::Connecting {
                        fd,
                        port,
                        addr,
                        since: ctx.now(),
                    };
                    return self.poll(ctx);
                }
            }
        }
        Some(if self.any_ok { 0 } else { 1 })
    }

    fn report_fail(&mut self, ctx: &mut Ctx<'_>, port: u16, addr: IpAddr, e: Errno) {
        if self.o.verbose {
            let proto = if self.o.udp { "udp" } else { "tcp" };
            ctx.err(&format!(
                "nc: connect to {} port {port} ({proto}) failed: {}\n",
                self.label(addr),
                e.message()
            ));
        }
    }

    fn connected(&mut self, ctx: &mut Ctx<'_>, fd: Fd, port: u16, addr: IpAddr) {
        self.any_ok = true;
        self.succeeded.push(port);
        if self.o.verbose {
            let proto = if self.o.udp { "udp" } else { "tcp" };
            let shown = if self.host == addr.to_string() {
                addr.to_string()
            } else {
                format!("{} ({addr})", self.host)
            };
            ctx.err(&format!(
                "Connection to {shown} {port} port [{proto}/{}] succeeded!\n",
                service(port, self.o.udp)
            ));
        }
        if self.o.zero {
            // The probe is over: nc closes it and tries the next port.
            let _ = ctx.sys().close(fd);
            return;
        }
        self.send_stdin(ctx, fd, None);
        self.mode = Mode::Talking { fd };
    }

    fn send_stdin(&mut self, ctx: &mut Ctx<'_>, fd: Fd, to: Option<SocketAddr>) {
        let text = ctx.stdin().map(String::from).unwrap_or_default();
        if !text.is_empty() {
            if self.o.udp {
                let _ = ctx.sys().sendto(fd, text.as_bytes(), to);
            } else {
                let _ = ctx.sys().send(fd, text.as_bytes());
            }
        }
        if self.o.shutdown_on_eof && !self.o.udp {
            let _ = ctx.sys().shutdown(fd, Shutdown::Write);
        }
    }

    /// Reads what arrived; true at end of file.
    fn drain(&mut self, ctx: &mut Ctx<'_>, fd: Fd) -> bool {
        if self.o.udp {
            while let Ok(Some(d)) = ctx.sys().recvfrom(fd) {
                if self.udp_peer.is_none() {
                    self.udp_peer = Some(d.from);
                    if self.o.verbose {
                        let name = self.name_of(ctx, d.from.ip());
                        ctx.err(&format!(
                            "Connection received on {name} {}\n",
                            d.from.port()
                        ));
                    }
                }
                ctx.out(&netutil::lossy(&d.data));
            }
            return false;
        }
        let mut buf = [0u8; 8192];
        loop {
            match ctx.sys().recv(fd, &mut buf) {
                Ok(0) => return true,
                Ok(n) => ctx.out(&netutil::lossy(buf.get(..n).unwrap_or_default())),
                Err(Errno::EAGAIN) => return false,
                Err(_) => return true,
            }
        }
    }
}

impl Process for Nc {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        match core::mem::replace(&mut self.mode, Mode::Done(0)) {
            Mode::Done(s) => Some(s),
            Mode::Connecting {
                fd,
                port,
                addr,
                since,
            } => {
                if let Ok(Some(e)) = ctx.sys().take_error(fd) {
                    let _ = ctx.sys().close(fd);
                    self.report_fail(ctx, port, addr, e);
                    return self.next_connect(ctx);
                }
                let ready = ctx.sys().poll(fd).unwrap_or(PollEvents::NONE);
                if ready.contains(PollEvents::OUT) {
                    self.connected(ctx, fd, port, addr);
                    if self.o.zero {
                        return self.next_connect(ctx);
                    }
                    return self.poll(ctx);
                }
                if let Some(w) = self.o.wait_s {
                    let end = since + Duration::from_secs(w);
                    if ctx.now() >= end {
                        let _ = ctx.sys().close(fd);
                        self.report_fail(ctx, port, addr, Errno::ETIMEDOUT);
                        return self.next_connect(ctx);
                    }
                    ctx.wake_at(end);
                }
                self.mode = Mode::Connecting {
                    fd,
                    port,
                    addr,
                    since,
                };
                None
            }
            Mode::UdpTest {
                fd,
                port,
                addr,
                writes,
                next,
            } => {
                if ctx.now() < next {
                    ctx.wake_at(next);
                    self.mode = Mode::UdpTest {
                        fd,
                        port,
                        addr,
                        writes,
                        next,
                    };
                    return None;
                }
                let refused = match ctx.sys().sendto(fd, b"X", None) {
                    Ok(_) => false,
                    // The first write fails the test whatever the error.
                    Err(e) => writes == 0 || e == Errno::ECONNREFUSED,
                };
                if refused {
                    let _ = ctx.sys().close(fd);
                    // netcat sets its status to 1 and goes on, silently.
                    self.any_ok = false;
                    return self.next_connect(ctx);
                }
                let writes = writes + 1;
                if writes >= 2 + self.o.wait_s.unwrap_or(UDP_SCAN_TIMEOUT_S) {
                    self.connected(ctx, fd, port, addr);
                    if self.o.zero {
                        return self.next_connect(ctx);
                    }
                    return self.poll(ctx);
                }
                // The second write follows the first at once (on lo, the
                // first one's ICMP error is already queued); later ones
                // after a second's sleep.
                let next = if writes == 1 {
                    ctx.now()
                } else {
                    ctx.now() + Duration::from_secs(1)
                };
                ctx.wake_at(next);
                self.mode = Mode::UdpTest {
                    fd,
                    port,
                    addr,
                    writes,
                    next,
                };
                None
            }
            Mode::Talking { fd } => {
                if self.drain(ctx, fd) {
                    // End of file: nc exits, and the exit closes the socket.
                    return Some(0);
                }
                self.mode = Mode::Talking { fd };
                None
            }
            Mode::Listening { fd } => {
                if self.o.udp {
                    let first = self.udp_peer.is_none();
                    self.drain(ctx, fd);
                    if first && let Some(peer) = self.udp_peer {
                        let _ = ctx.sys().connect(fd, peer);
                        self.send_stdin(ctx, fd, Some(peer));
                    }
                    self.mode = Mode::Listening { fd };
                    return None;
                }
                if let Ok(Some((c, peer))) = ctx.sys().accept(fd) {
                    if self.o.verbose {
                        let name = self.name_of(ctx, peer.ip());
                        ctx.err(&format!("Connection received on {name} {}\n", peer.port()));
                    }
                    self.send_stdin(ctx, c, None);
                    self.listener_child = Some(c);
                }
                if let Some(c) = self.listener_child
                    && self.drain(ctx, c)
                {
                    // The connection is over: nc closes it (and, without
                    // -k, exits, which closes the listener).
                    let _ = ctx.sys().close(c);
                    self.listener_child = None;
                    if !self.o.keep {
                        return Some(0);
                    }
                }
                self.mode = Mode::Listening { fd };
                None
            }
        }
    }

    fn interrupt(&mut self, _ctx: &mut Ctx<'_>) -> Option<i32> {
        // SIGINT's default action: the exit closes every descriptor.
        Some(130)
    }
}

fn fail(ctx: &mut Ctx<'_>, text: &str) -> Started {
    ctx.err(text);
    Started::Exited(1)
}

/// `nc [options] [destination] [port]`.
pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut o = Opts::default();
    let mut i = 1;
    while let Some(a) = args.get(i) {
        i += 1;
        if !a.starts_with('-') || a == "-" {
            o.positional.push(a.clone());
            continue;
        }
        let chars = a.char_indices().skip(1);
        for (at, c) in chars {
            match c {
                'l' => o.listen = true,
                'k' => o.keep = true,
                'v' => o.verbose = true,
                'u' => o.udp = true,
                'z' => o.zero = true,
                'n' => o.numeric = true,
                'N' => o.shutdown_on_eof = true,
                '4' => o.family = Some(Family::Inet),
                '6' => o.family = Some(Family::Inet6),
                'd' | 'D' | 'F' | 'S' | 'C' | 'r' | 't' | 'Z' | 'U' | 'h' => {}
                'w' | 'q' | 'i' | 'p' | 's' | 'I' | 'O' | 'M' | 'm' | 'T' | 'V' | 'W' | 'X'
                | 'x' | 'P' => {
                    let rest = a.get(at + 1..).unwrap_or_default();
                    let v = if rest.is_empty() {
                        let v = args.get(i).cloned();
                        i += 1;
                        v
                    } else {
                        Some(String::from(rest))
                    };
                    let Some(v) = v else {
                        return fail(
                            ctx,
                            &format!("nc: option requires an argument -- '{c}'\n{USAGE}"),
                        );
                    };
                    if c == 'w' {
                        match v.parse::<u64>() {
                            Ok(n) => o.wait_s = Some(n),
                            Err(_) => {
                                return fail(ctx, &format!("nc: timeout invalid: {v}\n"));
                            }
                        }
                    }
                    break;
                }
                other => {
                    return fail(ctx, &format!("nc: invalid option -- '{other}'\n{USAGE}"));
                }
            }
        }
    }
    let family = match o.family {
        Some(Family::Inet) => names::Family::Inet,
        Some(Family::Inet6) => names::Family::Inet6,
        None => names::Family::Unspec,
    };
    if o.listen {
        let (host, port) = match o.positional.as_slice() {
            [p] => (None, p.clone()),
            [h, p] => (Some(h.clone()), p.clone()),
            [] => return fail(ctx, "nc: missing port number\n"),
            _ => return fail(ctx, USAGE),
        };
        let port = match ports(&port) {
            Ok(p) => p.first().copied().unwrap_or(0),
            Err(t) => return fail(ctx, &t),
        };
        let addr = match host.as_deref() {
            // glibc's passive answer order: 0.0.0.0 before :: (see http_server).
            None => match o.family {
                Some(Family::Inet6) => IpAddr::V6(core::net::Ipv6Addr::UNSPECIFIED),
                _ => IpAddr::V4(core::net::Ipv4Addr::UNSPECIFIED),
            },
            Some(h) => {
                let h = String::from(h);
                let lookup = netutil::gai_lookup(ctx, Some(&h), None, family, true);
                return super::resolve::then(ctx, "nc", lookup, move |ctx, found| {
                    match found.addrs(ctx) {
                        Ok(list) => match list.first() {
                            Some(a) => listen(ctx, o, *a, port),
                            None => fail(ctx, "nc: Name or service not known\n"),
                        },
                        Err(e) => fail(
                            ctx,
                            &format!("nc: getaddrinfo for host \"{h}\" port {port}: {e}\n"),
                        ),
                    }
                });
            }
        };
        return listen(ctx, o, addr, port);
    }
    let (host, port_text) = match o.positional.as_slice() {
        [h, p] => (h.clone(), p.clone()),
        [] => return fail(ctx, USAGE),
        [_] => return fail(ctx, "nc: missing port number\n"),
        _ => return fail(ctx, USAGE),
    };
    let port_list = match ports(&port_text) {
        Ok(p) => p,
        Err(t) => return fail(ctx, &t),
    };
    if o.numeric {
        return match host.parse::<IpAddr>() {
            Ok(a) => connect(ctx, o, host, &port_list, Vec::from([a])),
            Err(_) => fail(
                ctx,
                &format!(
                    "nc: getaddrinfo for host \"{host}\" port {port_text}: Name or service not known\n"
                ),
            ),
        };
    }
    let lookup = netutil::gai_lookup(ctx, Some(&host), None, family, false);
    super::resolve::then(ctx, "nc", lookup, move |ctx, found| {
        match found.addrs(ctx) {
            Ok(list) => connect(ctx, o, host, &port_list, list),
            Err(e) => {
                let p = port_list.first().copied().unwrap_or(0);
                fail(
                    ctx,
                    &format!("nc: getaddrinfo for host \"{host}\" port {p}: {e}\n"),
                )
            }
        }
    })
}

/// nc's start once the host is looked up: one connection to try per port
/// and address, in order.
fn connect(
    ctx: &mut Ctx<'_>,
    o: Opts,
    host: String,
    port_list: &[u16],
    addrs: Vec<IpAddr>,
) -> Started {
    let mut todo = VecDeque::new();
    for p in port_list {
        let mut seen: Vec<IpAddr> = Vec::new();
        for a in &addrs {
            if !seen.contains(a) {
                seen.push(*a);
                todo.push_back((*p, *a));
            }
        }
    }
    let mut nc = Nc {
        host,
        todo,
        succeeded: Vec::new(),
        any_ok: false,
        mode: Mode::Done(1),
        udp_peer: None,
        listener_child: None,
        o,
    };
    match nc.next_connect(ctx) {
        Some(s) => Started::Exited(s),
        None => Started::Running(Box::new(nc)),
    }
}

/// `nc -l`: listens on `addr` port `port`.
fn listen(ctx: &mut Ctx<'_>, o: Opts, addr: IpAddr, port: u16) -> Started {
    let fam = Family::of(&addr);
    let ty = if o.udp {
        SockType::Dgram
    } else {
        SockType::Stream
    };
    let fd = match ctx.sys().socket(fam, ty) {
        Ok(fd) => fd,
        Err(e) => return fail(ctx, &format!("nc: {}\n", e.message())),
    };
    let _ = ctx.sys().setsockopt(fd, SockOpt::ReuseAddr(true));
    let _ = ctx.sys().setsockopt(fd, SockOpt::ReusePort(true));
    if let Err(e) = ctx.sys().bind(fd, SocketAddr::new(addr, port)) {
        return fail(ctx, &format!("nc: {}\n", e.message()));
    }
    if !o.udp
        && let Err(e) = ctx.sys().listen(fd, 1)
    {
        return fail(ctx, &format!("nc: {}\n", e.message()));
    }
    let mut nc = Nc {
        host: String::new(),
        todo: VecDeque::new(),
        succeeded: Vec::new(),
        any_ok: false,
        mode: Mode::Listening { fd },
        udp_peer: None,
        listener_child: None,
        o,
    };
    if nc.o.verbose {
        let name = nc.name_of(ctx, addr);
        let what = if nc.o.udp { "Bound on" } else { "Listening on" };
        ctx.err(&format!("{what} {name} {port}\n"));
    }
    match nc.poll(ctx) {
        Some(s) => Started::Exited(s),
        None => Started::Running(Box::new(nc)),
    }
}
