//! `traceroute` 2.1.2 (Debian 12): probes with increasing TTL, one line per
//! hop. The default method sends UDP datagrams to ports 33434 and up, each
//! from its own socket with `IP_RECVERR` and `IP_TTL`, and reads the ICMP
//! time exceeded / port unreachable answers from the socket's error queue;
//! `-I` uses ICMP echo (a ping socket), `-T` TCP SYNs to port 80 (a raw
//! socket, as the real one). Every output is on stdout.
//!
//! The real one sends up to 16 probes at once over several hops; the lab
//! sends the probes of one hop at once and waits for them (at most 5 s,
//! `-w 5`), which prints the same lines.
//! Real outputs: core/tests/fixtures/inspect/traceroute_real.txt and
//! core/tests/fixtures/tools2/traceroute_real.txt.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use super::{netutil, resolve};
use crate::process::{Ctx, Process, Started};
use crate::sys::{Family, Fd, SockOpt, SockType};
use crate::time::{Duration, Instant};
use crate::wire::{
    ChecksumMode, Datagram, IpProtocol, IpRepr, Ipv4Repr, Ipv6Repr, SeqNumber, TcpFlags, TcpRepr,
    TransportRepr, icmpv4, icmpv6,
};

/// How long a probe is waited for (`-w 5.0`).
const WAIT_US: u64 = 5_000_000;
/// The first UDP port (`-p`).
const BASE_PORT: u16 = 33434;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Udp,
    Icmp,
    Tcp,
}

#[derive(Clone, Debug)]
struct Options {
    numeric: bool,
    method: Method,
    queries: u32,
    max_hops: u32,
    first: u32,
    port: Option<u16>,
    host: String,
    /// The host argument's index in argv (for the error message).
    host_argc: usize,
}

/// The usage text (printed on stdout by `traceroute` without a host).
const USAGE_HEAD: &str = "Usage:\n  traceroute [ -46dFITnreAUDV ] [ -f first_ttl ] [ -g gate,... ] [ -i device ] [ -m max_ttl ] [ -N squeries ] [ -p port ] [ -t tos ] [ -l flow_label ] [ -w MAX,HERE,NEAR ] [ -q nqueries ] [ -s src_addr ] [ -z sendwait ] [ --fwmark=num ] host [ packetlen ]\n";

fn parse(args: &[String]) -> Result<Options, (String, i32, bool)> {
    let mut o = Options {
        numeric: false,
        method: Method::Udp,
        queries: 3,
        max_hops: 30,
        first: 1,
        port: None,
        host: String::new(),
        host_argc: 0,
    };
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        let argc = i;
        let Some(flags) = arg
            .strip_prefix('-')
            .filter(|f| !f.is_empty() && o.host.is_empty())
        else {
            if o.host.is_empty() {
                o.host = arg.clone();
                o.host_argc = argc;
            }
            continue;
        };
        let mut chars = flags.chars();
        while let Some(c) = chars.next() {
            match c {
                'n' => o.numeric = true,
                'I' => o.method = Method::Icmp,
                'T' => o.method = Method::Tcp,
                'U' => o.method = Method::Udp,
                '4' => {}
                'q' | 'm' | 'f' | 'p' | 'w' | 'N' | 'z' => {
                    let rest: String = chars.by_ref().collect();
                    let value = if rest.is_empty() {
                        let v = args.get(i).cloned();
                        i += 1;
                        v
                    } else {
                        Some(rest)
                    };
                    let Some(value) = value else {
                        return Err((
                            format!(
                                "Option `-{c}' (argc {argc}) requires an argument: `-{c} {}'\n",
                                arg_name(c)
                            ),
                            2,
                            false,
                        ));
                    };
                    let num = value.trim().parse::<i64>();
                    let bad = || {
                        (
                            format!(
                                "Cannot handle `-{c}' option with arg `{value}' (argc {argc})\n"
                            ),
                            2,
                            false,
                        )
                    };
                    match c {
                        'q' => {
                            let n = num.map_err(|_| bad())?;
                            if !(1..=10).contains(&n) {
                                return Err((
                                    String::from("no more than 10 probes per hop\n"),
                                    2,
                                    false,
                                ));
                            }
                            o.queries = n as u32;
                        }
                        'm' => {
                            let n = num.map_err(|_| bad())?;
                            if !(1..=255).contains(&n) {
                                return Err((String::from("first hop out of range\n"), 2, false));
                            }
                            o.max_hops = n as u32;
                        }
                        'f' => {
                            let n = num.map_err(|_| bad())?;
                            if !(1..=255).contains(&n) {
                                return Err((String::from("first hop out of range\n"), 2, false));
                            }
                            o.first = n as u32;
                        }
                        'p' => {
                            let n = num.map_err(|_| bad())?;
                            o.port = Some(u16::try_from(n).map_err(|_| bad())?);
                        }
                        _ => {}
                    }
                    break;
                }
                _ => {
                    return Err((format!("Bad option `-{c}' (argc {argc})\n"), 2, false));
                }
            }
        }
    }
    if o.host.is_empty() {
        return Err((String::from(USAGE_HEAD), 0, true));
    }
    if o.first > o.max_hops {
        return Err((String::from("first hop out of range\n"), 2, false));
    }
    Ok(o)
}

fn arg_name(c: char) -> &'static str {
    match c {
        'q' => "nqueries",
        'm' => "max_ttl",
        'f' => "first_ttl",
        'p' => "port",
        'w' => "MAX,HERE,NEAR",
        'N' => "squeries",
        _ => "sendwait",
    }
}

/// What came back for one probe.
#[derive(Clone, Debug)]
struct Answer {
    from: IpAddr,
    at: Instant,
    /// `!N`, `!H`... printed after the time.
    note: Option<String>,
    /// The trace ends at this hop.
    last: bool,
}

#[derive(Debug)]
struct Probe {
    fd: Option<Fd>,
    /// ICMP sequence or TCP source port.
    key: u16,
    sent: Instant,
    answer: Option<Answer>,
}

#[derive(Debug)]
struct Traceroute {
    o: Options,
    dst: IpAddr,
    ttl: u32,
    probes: Vec<Probe>,
    deadline: Instant,
    next_port: u16,
    next_seq: u16,
    /// -T: raw sockets for TCP replies and ICMP errors.
    raw: Option<(Fd, Fd)>,
    src: IpAddr,
    /// The names of this hop's answers, looked up in the order the line
    /// prints them, and the lookup under way.
    hop_names: Vec<String>,
    reverse: resolve::Pending<Option<String>>,
}

/// traceroute's note for an ICMP error (type, code); `None`: time exceeded.
fn classify(v6: bool, from_dst: bool, icmp: (u8, u8)) -> Option<(Option<String>, bool)> {
    let (t, c) = icmp;
    if v6 {
        return match (t, c) {
            (3, _) => None,
            (1, 4) => Some((
                if from_dst {
                    None
                } else {
                    Some(String::from("!P"))
                },
                true,
            )),
            (1, 0) => Some((Some(String::from("!N")), true)),
            (1, 1) => Some((Some(String::from("!X")), true)),
            (1, 3) => Some((Some(String::from("!H")), true)),
            (1, c) => Some((Some(format!("!<{c}>")), true)),
            _ => Some((None, false)),
        };
    }
    match (t, c) {
        (11, _) => None,
        (3, 3) => Some((
            if from_dst {
                None
            } else {
                Some(String::from("!P"))
            },
            true,
        )),
        (3, 0) => Some((Some(String::from("!N")), true)),
        (3, 1) => Some((Some(String::from("!H")), true)),
        (3, 2) => Some((Some(String::from("!P")), true)),
        (3, 4) => Some((Some(String::from("!F")), true)),
        (3, 9) | (3, 10) | (3, 13) => Some((Some(String::from("!X")), true)),
        (3, c) => Some((Some(format!("!<{c}>")), true)),
        _ => Some((None, false)),
    }
}

impl Traceroute {
    fn family(&self) -> Family {
        Family::of(&self.dst)
    }

    /// Sends the probes of the current hop. `Err` is a fatal send error.
    fn send_hop(&mut self, ctx: &mut Ctx<'_>) -> Result<(), String> {
        let ttl = u8::try_from(self.ttl).unwrap_or(u8::MAX);
        for _ in 0..self.o.queries {
            let now = ctx.now();
            let probe = match self.o.method {
                Method::Udp => {
                    let mut sys = ctx.sys();
                    let fd = sys
                        .socket(self.family(), SockType::Dgram)
                        .map_err(|e| format!("socket: {}\n", e.message()))?;
                    let _ = sys.setsockopt(fd, SockOpt::RecvErr(true));
                    let _ = sys.setsockopt(fd, SockOpt::Ttl(ttl));
                    let port = self.next_port;
                    self.next_port = self.next_port.wrapping_add(1);
                    let to = SocketAddr::new(self.dst, port);
                    if let Err(e) = sys.connect(fd, to) {
                        let _ = sys.close(fd);
                        return Err(format!("connect: {}\n", e.message()));
                    }
                    let payload: Vec<u8> = (0..32u8).map(|i| 0x40 + i).collect();
                    if let Err(e) = sys.sendto(fd, &payload, None) {
                        let _ = sys.close(fd);
                        return Err(format!("send: {}\n", e.message()));
                    }
                    Probe {
                        fd: Some(fd),
                        key: port,
                        sent: now,
                        answer: None,
                    }
                }
                Method::Icmp => {
                    let mut sys = ctx.sys();
                    let fd = sys
                        .socket(self.family(), SockType::Ping)
                        .map_err(|e| format!("socket: {}\n", e.message()))?;
                    let _ = sys.setsockopt(fd, SockOpt::RecvErr(true));
                    let _ = sys.setsockopt(fd, SockOpt::Ttl(ttl));
                    let seq = self.next_seq;
                    self.next_seq = self.next_seq.wrapping_add(1);
                    let payload: Vec<u8> = (0..32u8).map(|i| 0x40 + i).collect();
                    if let Err(e) = sys.send_echo(fd, self.dst, seq, &payload) {
                        let _ = sys.close(fd);
                        return Err(format!("send: {}\n", e.errno.message()));
                    }
                    Probe {
                        fd: Some(fd),
                        key: seq,
                        sent: now,
                        answer: None,
                    }
                }
                Method::Tcp => {
                    let sport = self.next_port;
                    self.next_port = self.next_port.wrapping_add(1);
                    let bytes = self.tcp_syn(ctx, sport, ttl);
                    let Some((raw_tcp, _)) = self.raw else {
                        return Err(String::from("send: Bad file descriptor\n"));
                    };
                    if let Err(e) = ctx.sys().raw_send(raw_tcp, bytes) {
                        return Err(format!("send: {}\n", e.message()));
                    }
                    Probe {
                        fd: None,
                        key: sport,
                        sent: now,
                        answer: None,
                    }
                }
            };
            self.probes.push(probe);
        }
        self.deadline = ctx.now() + Duration::from_micros(WAIT_US);
        Ok(())
    }

    fn tcp_syn(&self, ctx: &mut Ctx<'_>, sport: u16, ttl: u8) -> Vec<u8> {
        let seq = ctx.sys().getrandom_u64() as u32;
        let t = TransportRepr::Tcp(TcpRepr {
            src_port: sport,
            dst_port: self.o.port.unwrap_or(80),
            seq_number: SeqNumber(seq),
            ack_number: None,
            flags: TcpFlags::SYN,
            window_len: 5840,
            urgent_at: 0,
            options: Vec::new(),
            payload: &[],
        });
        let ip = match (self.src, self.dst) {
            (IpAddr::V4(src), IpAddr::V4(dst)) => {
                let mut ip = Ipv4Repr::new(src, dst, IpProtocol::Tcp, t.buffer_len());
                ip.ttl = ttl;
                ip.ident = ctx.sys().getrandom_u16();
                IpRepr::Ipv4(ip)
            }
            (IpAddr::V6(src), IpAddr::V6(dst)) => {
                let mut ip = Ipv6Repr::new(src, dst, IpProtocol::Tcp, t.buffer_len());
                ip.hop_limit = ttl;
                IpRepr::Ipv6(ip)
            }
            _ => return Vec::new(),
        };
        let mut out = Vec::new();
        let _ = Datagram { ip, transport: t }.emit(&mut out, ChecksumMode::Full);
        out
    }

    fn collect(&mut self, ctx: &mut Ctx<'_>) {
        let v6 = self.dst.is_ipv6();
        let dst = self.dst;
        for p in &mut self.probes {
            let Some(fd) = p.fd else { continue };
            while let Ok(Some(d)) = ctx.sys().recvfrom(fd) {
                if p.answer.is_none() {
                    p.answer = Some(Answer {
                        from: d.from.ip(),
                        at: d.time,
                        note: None,
                        last: true,
                    });
                }
            }
            while let Ok(Some(e)) = ctx.sys().recv_error(fd) {
                if p.answer.is_some() {
                    continue;
                }
                let (note, last) = classify(v6, e.from == dst, e.icmp).unwrap_or((None, false));
                p.answer = Some(Answer {
                    from: e.from,
                    at: e.time,
                    note,
                    last,
                });
            }
        }
        if let Some((tcp, icmp)) = self.raw {
            while let Ok(Some((at, bytes))) = ctx.sys().raw_recv(tcp) {
                let Ok(d) = Datagram::parse(&bytes) else {
                    continue;
                };
                if let TransportRepr::Tcp(t) = &d.transport
                    && d.ip.src_addr() == dst
                    && let Some(p) = self
                        .probes
                        .iter_mut()
                        .find(|p| p.key == t.dst_port && p.answer.is_none())
                {
                    p.answer = Some(Answer {
                        from: dst,
                        at,
                        note: None,
                        last: true,
                    });
                }
            }
            while let Ok(Some((at, bytes))) = ctx.sys().raw_recv(icmp) {
                let Ok(d) = Datagram::parse(&bytes) else {
                    continue;
                };
                let (icmp_tc, data) =
                    match &d.transport {
                        TransportRepr::Icmpv4(icmpv4::Repr::TimeExceeded {
                            header, data, ..
                        }) if IpAddr::V4(header.dst_addr) == dst => ((11, 0), *data),
                        TransportRepr::Icmpv4(icmpv4::Repr::DstUnreachable {
                            reason,
                            header,
                            data,
                        }) if IpAddr::V4(header.dst_addr) == dst => ((3, reason.code()), *data),
                        TransportRepr::Icmpv6(icmpv6::Repr::TimeExceeded {
                            header, data, ..
                        }) if IpAddr::V6(header.dst_addr) == dst => ((3, 0), *data),
                        TransportRepr::Icmpv6(icmpv6::Repr::DstUnreachable {
                            reason,
                            header,
                            data,
                        }) if IpAddr::V6(header.dst_addr) == dst => ((1, u8::from(*reason)), *data),
                        _ => continue,
                    };
                let sport = data
                    .get(0..2)
                    .and_then(|b| <[u8; 2]>::try_from(b).ok())
                    .map_or(0, u16::from_be_bytes);
                let from = d.ip.src_addr();
                if let Some(p) = self
                    .probes
                    .iter_mut()
                    .find(|p| p.key == sport && p.answer.is_none())
                {
                    let (note, last) = classify(v6, from == dst, icmp_tc).unwrap_or((None, false));
                    p.answer = Some(Answer {
                        from,
                        at,
                        note,
                        last,
                    });
                }
            }
        }
    }

    /// Looks up the names the hop's line shows (each answer's sender,
    /// once per run of the same sender), in order; false while one is
    /// under way.
    fn names_ready(&mut self, ctx: &mut Ctx<'_>) -> bool {
        if self.o.numeric {
            return true;
        }
        let mut wanted: Vec<IpAddr> = Vec::new();
        let mut prev = None;
        for a in self.probes.iter().filter_map(|p| p.answer.as_ref()) {
            if prev != Some(a.from) {
                wanted.push(a.from);
            }
            prev = Some(a.from);
        }
        while let Some(&addr) = wanted.get(self.hop_names.len()) {
            let Some(name) = self
                .reverse
                .poll(ctx, |ctx| netutil::reverse_lookup(ctx, addr))
            else {
                return false;
            };
            self.hop_names
                .push(name.unwrap_or_else(|| format!("{addr}")));
        }
        true
    }

    /// Prints the hop's line; true if the trace is over.
    fn finish_hop(&mut self, ctx: &mut Ctx<'_>) -> bool {
        let mut names = core::mem::take(&mut self.hop_names).into_iter();
        let mut line = format!("{:2} ", self.ttl);
        let mut prev: Option<IpAddr> = None;
        let mut last = false;
        let probes = core::mem::take(&mut self.probes);
        for p in &probes {
            match &p.answer {
                Some(a) => {
                    if prev != Some(a.from) {
                        if self.o.numeric {
                            line.push_str(&format!(" {}", a.from));
                        } else {
                            let name = names.next().unwrap_or_else(|| format!("{}", a.from));
                            line.push_str(&format!(" {name} ({})", a.from));
                        }
                        prev = Some(a.from);
                    }
                    let us = (a.at - p.sent).micros();
                    line.push_str(&format!("  {}.{:03} ms", us / 1000, us % 1000));
                    if let Some(n) = &a.note {
                        line.push_str(&format!(" {n}"));
                    }
                    last |= a.last;
                }
                None => line.push_str(" *"),
            }
            if let Some(fd) = p.fd {
                let _ = ctx.sys().close(fd);
            }
        }
        line.push('\n');
        ctx.out(&line);
        last || self.ttl >= self.o.max_hops
    }
}

impl Process for Traceroute {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        for _ in 0..256 {
            if self.probes.is_empty()
                && let Err(text) = self.send_hop(ctx)
            {
                ctx.err(&text);
                return Some(1);
            }
            // The hop is over once its names are being looked up.
            if !self.reverse.is_waiting() {
                self.collect(ctx);
            }
            let all = self.probes.iter().all(|p| p.answer.is_some());
            if !all && ctx.now() < self.deadline {
                ctx.wake_at(self.deadline);
                return None;
            }
            if !self.names_ready(ctx) {
                return None;
            }
            if self.finish_hop(ctx) {
                return Some(0);
            }
            self.ttl += 1;
        }
        ctx.wake_at(ctx.now());
        None
    }

    fn interrupt(&mut self, _ctx: &mut Ctx<'_>) -> Option<i32> {
        Some(130)
    }
}

/// `traceroute [-nIT] [-q N] [-m MAX] [-f FIRST] [-p PORT] HOST`.
pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let o = match parse(args.get(1..).unwrap_or_default()) {
        Ok(o) => o,
        Err((text, status, stdout)) => {
            if stdout {
                ctx.out(&text);
            } else {
                ctx.err(&text);
            }
            return Started::Exited(status);
        }
    };
    // traceroute asks for any family and prefers IPv4.
    let lookup = netutil::gai_lookup(
        ctx,
        Some(&o.host),
        None,
        crate::names::Family::Unspec,
        false,
    );
    resolve::then(ctx, "traceroute", lookup, move |ctx, found| {
        let found = found.addrs(ctx);
        start_to(ctx, o, found)
    })
}

/// traceroute's start once the host is looked up.
fn start_to(
    ctx: &mut Ctx<'_>,
    o: Options,
    found: Result<Vec<IpAddr>, crate::names::GaiError>,
) -> Started {
    let dst = match found {
        Ok(list) => list
            .iter()
            .copied()
            .find(IpAddr::is_ipv4)
            .or_else(|| list.first().copied()),
        Err(e) => {
            ctx.err(&format!(
                "{}: {e}\nCannot handle \"host\" cmdline arg `{}' on position 1 (argc {})\n",
                o.host, o.host, o.host_argc
            ));
            return Started::Exited(2);
        }
    };
    let Some(dst) = dst else {
        return Started::Exited(2);
    };
    if ctx.user() != crate::sys::User::Root && o.method == Method::Tcp {
        ctx.err("You do not have enough privileges to use this traceroute method.\nsocket: Operation not permitted\n");
        return Started::Exited(1);
    }
    let size = if dst.is_ipv4() { 60 } else { 80 };
    ctx.out(&format!(
        "traceroute to {} ({dst}), {} hops max, {size} byte packets\n",
        o.host, o.max_hops
    ));
    let src = ctx.sys().probe_route(dst, None).map_or(dst, |r| r.src);
    let raw = if o.method == Method::Tcp {
        let mut sys = ctx.sys();
        let icmp = if dst.is_ipv6() { 58 } else { 1 };
        match (sys.raw_socket(6), sys.raw_socket(icmp)) {
            (Ok(tcp), Ok(icmp)) => Some((tcp, icmp)),
            (Err(e), _) | (_, Err(e)) => {
                ctx.err(&format!("socket: {}\n", e.message()));
                return Started::Exited(1);
            }
        }
    } else {
        None
    };
    let next_port = match o.method {
        Method::Tcp => 1024 + ctx.sys().getrandom_u16() % 30000,
        _ => o.port.unwrap_or(BASE_PORT),
    };
    let mut t = Traceroute {
        ttl: o.first,
        next_seq: o.port.unwrap_or(1),
        o,
        dst,
        probes: Vec::new(),
        deadline: ctx.now(),
        next_port,
        raw,
        src,
        hop_names: Vec::new(),
        reverse: resolve::Pending::default(),
    };
    match t.poll(ctx) {
        Some(s) => Started::Exited(s),
        None => Started::Running(Box::new(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn options_and_errors() {
        let o = parse(&a("-n -q 1 -m 3 10.9.9.9")).unwrap();
        assert_eq!((o.numeric, o.queries, o.max_hops), (true, 1, 3));
        assert_eq!(o.host_argc, 6);
        assert_eq!(
            parse(&a("-q 0 1.2.3.4")).unwrap_err(),
            (String::from("no more than 10 probes per hop\n"), 2, false)
        );
        assert_eq!(
            parse(&a("-m 0 1.2.3.4")).unwrap_err().0,
            "first hop out of range\n"
        );
        assert_eq!(
            parse(&a("-Z 1.2.3.4")).unwrap_err().0,
            "Bad option `-Z' (argc 1)\n"
        );
        assert!(parse(&[]).unwrap_err().2);
    }
}
