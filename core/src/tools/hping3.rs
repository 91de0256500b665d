//! `hping3` 3.a2.ds2-10 (Debian 12): hand-made ICMP echo (`-1`), UDP (`-2`)
//! or TCP (default; `-S -A -F -R -P -U` flags) probes sent through a raw
//! socket (`Network::send_raw`), with an optional spoofed source (`-a`).
//! Replies are read from a raw socket of the sending namespace (hping3
//! reads them with libpcap). Header and reply lines go to stdout, the
//! statistics to stderr, as the real one prints them.
//! Options are read as hping3's `antigetopt` and `parse_options` read them
//! (antirez/hping `parseoptions.c`): `-i` takes the next word whatever it
//! is, `strtol` reads its number, an interval of 0 (or `u0`, or `u` past
//! 999,999, which `setitimer` refuses) arms no timer, so one probe is sent
//! and hping3 waits; a negative one is "Option error: bad timing
//! interval"; a second host is refused. `--flood` sends as fast as it can,
//! never reads a reply and never stops by itself (`main`'s loop re-arms
//! the count's alarm), after "hping in flood mode, no replies will be
//! shown" on stderr.
//! Real outputs: core/tests/fixtures/inspect/hping3_real.txt and
//! core/tests/fixtures/tools2/hping3_extra_real.txt.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};

use crate::process::{Ctx, Process, Started};
use crate::sys::Fd;
use crate::time::{Duration, Instant};

/// hping3's `TABLESIZE`: how many probes' send times it remembers.
const DELAY_TABLE: u64 = 400;
use crate::wire::{
    ChecksumMode, Datagram, Icmpv4Repr, IpProtocol, IpRepr, Ipv4Repr, SeqNumber, TcpFlags, TcpRepr,
    TransportRepr, UdpRepr, icmpv4,
};

/// How long hping3 waits after the last probe of `-c` (COUNTREACHED_TIMEOUT).
const COUNT_REACHED_US: u64 = 1_000_000;

/// The time one probe of `--flood` takes to build and send (the lab's
/// fastest, as `-i u1`).
const FLOOD_GAP: Duration = Duration::from_micros(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Tcp,
    Udp,
    Icmp,
}

#[derive(Clone, Debug)]
struct Options {
    mode: Mode,
    flags: TcpFlags,
    dport: u16,
    base_sport: Option<u16>,
    spoof: Option<Ipv4Addr>,
    count: Option<u64>,
    /// The time between probes; `None`: no probe after the first (hping3
    /// arms no timer: `-i 0`, `-i u0`, or `-i u1000000` and more, which
    /// `setitimer` refuses with EINVAL).
    interval: Option<Duration>,
    /// `--flood`: probes as fast as it can send them, replies never read.
    flood: bool,
    ttl: u8,
    quiet: bool,
    target: String,
}

/// hping3's parse error: `(stdout, stderr, status)`.
type ParseError = (String, String, i32);

/// What `-i`, `--fast` and `--faster` set, as hping3 keeps it: seconds
/// for `alarm` (`sending_wait`, an `int`) and, once any microsecond form
/// was given, microseconds for `setitimer` (`usec_delay`), which then win.
#[derive(Clone, Copy, Debug)]
struct Wait {
    secs: i32,
    usecs: Option<i64>,
}

impl Wait {
    /// "Option error: bad timing interval" for a negative one, else the
    /// time between probes (`None`: no timer is armed).
    fn interval(self) -> Result<Option<Duration>, ParseError> {
        let bad = || {
            (
                String::from("Option error: bad timing interval\n"),
                String::new(),
                1,
            )
        };
        if self.secs < 0 {
            return Err(bad());
        }
        match self.usecs {
            Some(us) if us < 0 => Err(bad()),
            // setitimer: a zero it_value disarms; tv_usec past 999,999 is
            // EINVAL, which hping3 does not check: no timer either.
            Some(us) => Ok(u64::try_from(us)
                .ok()
                .filter(|us| (1..1_000_000).contains(us))
                .map(Duration::from_micros)),
            // alarm(0) cancels the alarm.
            None => Ok(u64::try_from(self.secs)
                .ok()
                .filter(|s| *s > 0)
                .map(Duration::from_secs)),
        }
    }
}

/// Parses hping3's arguments as its `antigetopt` and `parse_options` do:
/// an option that needs an argument takes the next word whatever it is
/// (`-i --values` is an interval of `--values`, read by `strtol` as 0), a
/// second host is an error, and the numbers are checked once every option
/// is read. `Err((stdout, stderr, status))` on a bad one.
fn parse(args: &[String]) -> Result<Options, ParseError> {
    let mut o = Options {
        mode: Mode::Tcp,
        flags: TcpFlags::NONE,
        dport: 0,
        base_sport: None,
        spoof: None,
        count: None,
        interval: None,
        flood: false,
        ttl: 64,
        quiet: false,
        target: String::new(),
    };
    let mut count: i64 = -1;
    let mut wait = Wait {
        secs: 1,
        usecs: None,
    };
    let mut target_set = false;
    let usage_err = |text: String| (String::new(), format!("{text}\nTry hping3 --help\n"), 1);
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        let mut value = |name: &str| -> Result<String, ParseError> {
            let v = args.get(i).cloned();
            i += 1;
            v.ok_or_else(|| usage_err(format!("hping3: option requires an argument -- {name}")))
        };
        match arg.as_str() {
            "-1" | "--icmp" => o.mode = Mode::Icmp,
            "-2" | "--udp" => o.mode = Mode::Udp,
            "-S" | "--syn" => o.flags = o.flags.with(TcpFlags::SYN, true),
            "-A" | "--ack" => o.flags = o.flags.with(TcpFlags::ACK, true),
            "-F" | "--fin" => o.flags = o.flags.with(TcpFlags::FIN, true),
            "-R" | "--rst" => o.flags = o.flags.with(TcpFlags::RST, true),
            "-P" | "--push" => o.flags = o.flags.with(TcpFlags::PSH, true),
            "-U" | "--urg" => o.flags = o.flags.with(TcpFlags::URG, true),
            "-n" | "--numeric" => {}
            "-q" | "--quiet" => o.quiet = true,
            "--fast" => wait.usecs = Some(100_000),
            "--faster" => wait.usecs = Some(1),
            "--flood" => o.flood = true,
            "-c" | "--count" => count = crate::num::strtol(&value("c")?, 0),
            "-i" | "--interval" => {
                let v = value("i")?;
                match v.strip_prefix('u') {
                    Some(us) => wait.usecs = Some(crate::num::strtol(us, 10)),
                    // `sending_wait` is an int: C keeps the low 32 bits.
                    None => wait.secs = crate::num::strtol(&v, 0) as i32,
                }
            }
            "-p" | "--destport" => {
                let v = value("p")?;
                o.dport = v.trim_start_matches('+').trim().parse::<u16>().unwrap_or(0);
            }
            "-s" | "--baseport" => {
                let v = value("s")?;
                o.base_sport = Some(v.trim().parse::<u16>().unwrap_or(0));
            }
            "-t" | "--ttl" => {
                let v = value("t")?;
                o.ttl = v.trim().parse::<u8>().unwrap_or(64);
            }
            "-a" | "--spoof" => {
                let v = value("a")?;
                match v.parse::<Ipv4Addr>() {
                    Ok(a) => o.spoof = Some(a),
                    Err(_) => {
                        return Err((String::new(), format!("Unable to resolve '{v}'\n"), 1));
                    }
                }
            }
            s if s.starts_with("--") => {
                return Err(usage_err(format!("hping3: unrecognized option `{s}'")));
            }
            s if s.starts_with('-') && s.len() > 1 => {
                let c = s.chars().nth(1).unwrap_or('-');
                return Err(usage_err(format!("hping3: invalid option -- {c}")));
            }
            _ if target_set => {
                return Err((
                    String::new(),
                    String::from("hping3: you must specify only one target host at a time\n"),
                    1,
                ));
            }
            s => {
                o.target = String::from(s);
                target_set = true;
            }
        }
    }
    // parse_options' checks, in its order, once every option is read.
    if count <= 0 && count != -1 {
        return Err((
            String::from("Option error: count must > 0\n"),
            String::new(),
            1,
        ));
    }
    o.count = u64::try_from(count).ok();
    o.interval = wait.interval()?;
    Ok(o)
}

#[derive(Debug)]
struct Hping {
    o: Options,
    dst: Ipv4Addr,
    src: Ipv4Addr,
    shown: String,
    raw: Fd,
    icmp_id: u16,
    base_sport: u16,
    tcp_seq: u32,
    sent: u64,
    received: u64,
    /// When probes were sent, by sequence number modulo [`DELAY_TABLE`]
    /// (hping3's own `delaytable[TABLESIZE]`): a flood keeps a fixed
    /// amount of memory, and a reply older than 400 probes finds its slot
    /// reused and no time.
    sent_at: Vec<Option<(u64, Instant)>>,
    rtt_min: f64,
    rtt_max: f64,
    rtt_sum: f64,
    next_send: Option<Instant>,
    finish_at: Option<Instant>,
}

impl Hping {
    fn probe(&mut self, ctx: &mut Ctx<'_>) -> Vec<u8> {
        let seq = self.sent;
        let sport = self.base_sport.wrapping_add(seq as u16);
        let ident = ctx.sys().getrandom_u16();
        let transport = match self.o.mode {
            Mode::Icmp => TransportRepr::Icmpv4(Icmpv4Repr::EchoRequest {
                ident: self.icmp_id,
                seq_no: seq as u16,
                data: &[],
            }),
            Mode::Udp => TransportRepr::Udp(UdpRepr {
                src_port: sport,
                dst_port: self.o.dport,
                payload: &[],
            }),
            Mode::Tcp => TransportRepr::Tcp(TcpRepr {
                src_port: sport,
                dst_port: self.o.dport,
                seq_number: SeqNumber(self.tcp_seq),
                ack_number: if self.o.flags.contains(TcpFlags::ACK) {
                    Some(SeqNumber(0))
                } else {
                    None
                },
                flags: self.o.flags,
                window_len: 64,
                urgent_at: 0,
                options: Vec::new(),
                payload: &[],
            }),
        };
        let protocol = match self.o.mode {
            Mode::Icmp => IpProtocol::Icmp,
            Mode::Udp => IpProtocol::Udp,
            Mode::Tcp => IpProtocol::Tcp,
        };
        let mut ip = Ipv4Repr::new(self.src, self.dst, protocol, transport.buffer_len());
        ip.ttl = self.o.ttl;
        ip.ident = ident;
        ip.dont_frag = false;
        let d = Datagram {
            ip: IpRepr::Ipv4(ip),
            transport,
        };
        let mut out = Vec::new();
        let _ = d.emit(&mut out, ChecksumMode::Full);
        out
    }

    fn send(&mut self, ctx: &mut Ctx<'_>) {
        let bytes = self.probe(ctx);
        let _ = ctx.sys().raw_send(self.raw, bytes);
        let slot = (self.sent % DELAY_TABLE) as usize;
        if let Some(entry) = self.sent_at.get_mut(slot) {
            *entry = Some((self.sent, ctx.now()));
        }
        self.sent += 1;
        if self.o.flood {
            // main()'s `while (1) send_packet(0)`: the count it reaches
            // re-arms the alarm at the next probe, so a flood never ends by
            // itself.
            self.next_send = Some(ctx.now() + FLOOD_GAP);
            return;
        }
        let more = self.o.count.is_none_or(|c| self.sent < c);
        self.next_send = if more {
            self.o.interval.map(|gap| ctx.now() + gap)
        } else {
            None
        };
        if !more {
            self.finish_at = Some(ctx.now() + Duration::from_micros(COUNT_REACHED_US));
        }
    }

    fn rtt(&mut self, seq: u64, at: Instant) -> f64 {
        let ms = self
            .sent_at
            .get((seq % DELAY_TABLE) as usize)
            .copied()
            .flatten()
            .filter(|(sent, _)| *sent == seq)
            .map_or(0.0, |(_, t)| (at - t).micros() as f64 / 1000.0);
        if self.received == 0 || ms < self.rtt_min {
            self.rtt_min = ms;
        }
        if ms > self.rtt_max {
            self.rtt_max = ms;
        }
        self.rtt_sum += ms;
        self.received += 1;
        ms
    }

    fn drain(&mut self, ctx: &mut Ctx<'_>) {
        let mut budget = 10_000;
        while budget > 0 {
            budget -= 1;
            let Ok(Some((at, bytes))) = ctx.sys().raw_recv(self.raw) else {
                break;
            };
            let Ok(d) = Datagram::parse(&bytes) else {
                continue;
            };
            let IpRepr::Ipv4(ip) = &d.ip else {
                continue;
            };
            if ip.dst_addr != self.src {
                continue;
            }
            let len = bytes.len();
            let df = if ip.dont_frag { " DF" } else { "" };
            let line = match (&d.transport, self.o.mode) {
                (
                    TransportRepr::Icmpv4(Icmpv4Repr::EchoReply { ident, seq_no, .. }),
                    Mode::Icmp,
                ) if *ident == self.icmp_id && ip.src_addr == self.dst => {
                    let rtt = self.rtt(u64::from(*seq_no), at);
                    format!(
                        "len={len} ip={} ttl={}{df} id={} icmp_seq={seq_no} rtt={rtt:.1} ms\n",
                        ip.src_addr, ip.ttl, ip.ident
                    )
                }
                (TransportRepr::Tcp(t), Mode::Tcp)
                    if ip.src_addr == self.dst && t.src_port == self.o.dport =>
                {
                    let seq = u64::from(t.dst_port.wrapping_sub(self.base_sport));
                    if seq >= self.sent {
                        continue;
                    }
                    let rtt = self.rtt(seq, at);
                    format!(
                        "len={len} ip={} ttl={}{df} id={} sport={} flags={} seq={seq} win={} rtt={rtt:.1} ms\n",
                        ip.src_addr,
                        ip.ttl,
                        ip.ident,
                        t.src_port,
                        flags_text(t.flags),
                        t.window_len
                    )
                }
                (
                    TransportRepr::Icmpv4(Icmpv4Repr::DstUnreachable {
                        reason,
                        header,
                        data,
                        ..
                    }),
                    _,
                ) if header.dst_addr == self.dst => {
                    let sport = be16(data, 0);
                    let seq = match self.o.mode {
                        Mode::Icmp => u64::from(be16(data, 6)),
                        _ => u64::from(sport.wrapping_sub(self.base_sport)),
                    };
                    let _ = self.rtt(seq, at);
                    format!(
                        "ICMP {} from ip={} get hostname...{}{}{}name=UNKNOWN\nstatus=0 port={sport} seq={seq}\n",
                        unreach_text(*reason),
                        ip.src_addr,
                        "\x08".repeat(15),
                        " ".repeat(15),
                        "\x08".repeat(15)
                    )
                }
                _ => continue,
            };
            if !self.o.quiet {
                ctx.out(&line);
            }
        }
    }

    fn statistics(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        let loss = (self.sent.saturating_sub(self.received) * 100)
            .checked_div(self.sent)
            .unwrap_or(0);
        let avg = if self.received == 0 {
            0.0
        } else {
            self.rtt_sum / self.received as f64
        };
        ctx.err(&format!(
            "\n--- {} hping statistic ---\n{} packets transmitted, {} packets received, {loss}% packet loss\nround-trip min/avg/max = {:.1}/{avg:.1}/{:.1} ms\n",
            self.shown, self.sent, self.received, self.rtt_min, self.rtt_max
        ));
        if self.received > 0 { 0 } else { 1 }
    }
}

/// A big-endian u16 at `at` in `data` (0 if it is too short).
fn be16(data: &[u8], at: usize) -> u16 {
    data.get(at..at + 2)
        .and_then(|b| <[u8; 2]>::try_from(b).ok())
        .map_or(0, u16::from_be_bytes)
}

fn flags_text(f: TcpFlags) -> String {
    let mut s = String::new();
    for (flag, c) in [
        (TcpFlags::RST, 'R'),
        (TcpFlags::SYN, 'S'),
        (TcpFlags::ACK, 'A'),
        (TcpFlags::FIN, 'F'),
        (TcpFlags::PSH, 'P'),
        (TcpFlags::URG, 'U'),
        (TcpFlags::ECE, 'X'),
        (TcpFlags::CWR, 'Y'),
    ] {
        if f.contains(flag) {
            s.push(c);
        }
    }
    s
}

fn unreach_text(r: icmpv4::DstUnreachable) -> &'static str {
    match r.code() {
        0 => "Network Unreachable",
        1 => "Host Unreachable",
        2 => "Protocol Unreachable",
        3 => "Port Unreachable",
        4 => "Fragmentation Needed/DF set",
        13 => "Packet filtered",
        _ => "Unreachable type 3",
    }
}

impl Process for Hping {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if !self.o.flood {
            self.drain(ctx);
        }
        if let Some(at) = self.next_send
            && ctx.now() >= at
        {
            self.send(ctx);
        }
        if let Some(f) = self.finish_at {
            if ctx.now() >= f {
                self.drain(ctx);
                return Some(self.statistics(ctx));
            }
            ctx.wake_at(f);
        }
        if let Some(at) = self.next_send {
            ctx.wake_at(at);
        }
        None
    }

    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        // A flood never reads a reply: its statistics count none.
        if !self.o.flood {
            self.drain(ctx);
        }
        Some(self.statistics(ctx))
    }
}

/// `hping3 [options] HOST`.
pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let o = match parse(args.get(1..).unwrap_or_default()) {
        Ok(o) => o,
        Err((out, err, status)) => {
            ctx.out(&out);
            ctx.err(&err);
            return Started::Exited(status);
        }
    };
    if ctx.user() != crate::sys::User::Root {
        ctx.err("[open_sockraw] socket(): Operation not permitted\n[main] can't open raw socket\n");
        return Started::Exited(1);
    }
    if o.target.is_empty() {
        // Without a host hping3 reads Tcl commands from its standard input.
        return Started::Exited(0);
    }
    if let Ok(a) = o.target.parse::<Ipv4Addr>() {
        return start_to(ctx, o, Some(a));
    }
    let lookup = super::netutil::gai_lookup(
        ctx,
        Some(&o.target),
        None,
        crate::names::Family::Inet,
        false,
    );
    super::resolve::then(ctx, "hping3", lookup, move |ctx, found| {
        let dst = found.addrs(ctx).ok().and_then(|l| {
            l.into_iter().find_map(|a| match a {
                IpAddr::V4(v4) => Some(v4),
                IpAddr::V6(_) => None,
            })
        });
        start_to(ctx, o, dst)
    })
}

/// hping3's start once its target is looked up (`None`: it was not found).
fn start_to(ctx: &mut Ctx<'_>, o: Options, dst: Option<Ipv4Addr>) -> Started {
    let Some(dst) = dst else {
        ctx.err(&format!("Unable to resolve '{}'\n", o.target));
        return Started::Exited(1);
    };
    let route = ctx
        .sys()
        .probe_route(IpAddr::V4(dst), None)
        .ok()
        .and_then(|r| match r.src {
            IpAddr::V4(src) => Some((r.dev, src)),
            IpAddr::V6(_) => None,
        });
    let Some((ifname, route_src)) = route else {
        ctx.err("[main] no such device\n");
        return Started::Exited(1);
    };
    let src = o.spoof.unwrap_or(route_src);
    let header = match o.mode {
        Mode::Icmp => String::from("icmp mode set, 28 headers + 0 data bytes"),
        Mode::Udp => String::from("udp mode set, 28 headers + 0 data bytes"),
        Mode::Tcp => {
            let f = flags_text(o.flags);
            if f.is_empty() {
                String::from("NO FLAGS are set, 40 headers + 0 data bytes")
            } else {
                format!("{f} set, 40 headers + 0 data bytes")
            }
        }
    };
    ctx.out(&format!("HPING {} ({ifname} {dst}): {header}\n", o.target));
    if o.flood {
        ctx.err("hping in flood mode, no replies will be shown\n");
    }
    let protocol = match o.mode {
        Mode::Icmp | Mode::Udp => 1,
        Mode::Tcp => 6,
    };
    let raw = match ctx.sys().raw_socket(protocol) {
        Ok(fd) => fd,
        Err(e) => {
            ctx.err(&format!(
                "[open_sockraw] socket(): {}\n[main] can't open raw socket\n",
                e.message()
            ));
            return Started::Exited(1);
        }
    };
    let base_sport = o
        .base_sport
        .unwrap_or_else(|| 1024 + (ctx.sys().getrandom_u16() % 2000));
    let shown = o.target.clone();
    let mut h = Hping {
        icmp_id: (ctx.pid() & 0xffff) as u16,
        tcp_seq: ctx.sys().getrandom_u64() as u32,
        o,
        dst,
        src,
        shown,
        raw,
        base_sport,
        sent: 0,
        received: 0,
        sent_at: alloc::vec![None; DELAY_TABLE as usize],
        rtt_min: 0.0,
        rtt_max: 0.0,
        rtt_sum: 0.0,
        next_send: Some(ctx.now()),
        finish_at: None,
    };
    match h.poll(ctx) {
        Some(s) => Started::Exited(s),
        None => Started::Running(Box::new(h)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options() {
        let a = |s: &str| -> Vec<String> { s.split_whitespace().map(String::from).collect() };
        let o = parse(&a("-1 -a 127.0.0.1 192.168.1.50 -c 1")).unwrap();
        assert_eq!(o.mode, Mode::Icmp);
        assert_eq!(o.spoof, Some(Ipv4Addr::LOCALHOST));
        assert_eq!(o.count, Some(1));
        assert_eq!(o.target, "192.168.1.50");
        assert_eq!(
            parse(&a("-c abc -1 x")).unwrap_err(),
            (
                String::from("Option error: count must > 0\n"),
                String::new(),
                1
            )
        );
        assert_eq!(
            parse(&a("--bogus x")).unwrap_err().1,
            "hping3: unrecognized option `--bogus'\nTry hping3 --help\n"
        );
        assert_eq!(flags_text(TcpFlags::RST.with(TcpFlags::ACK, true)), "RA");
    }

    #[test]
    fn intervals_and_hosts_as_hping3_reads_them() {
        let a = |s: &str| -> Vec<String> { s.split_whitespace().map(String::from).collect() };
        let interval = |s: &str| parse(&a(s)).unwrap().interval;
        assert_eq!(interval("x"), Some(Duration::from_secs(1)));
        assert_eq!(interval("x -i 2"), Some(Duration::from_secs(2)));
        assert_eq!(interval("x -i 0x3"), Some(Duration::from_secs(3)));
        assert_eq!(interval("x -i u10"), Some(Duration::from_micros(10)));
        assert_eq!(interval("x --fast"), Some(Duration::from_micros(100_000)));
        assert_eq!(interval("x --faster"), Some(Duration::from_micros(1)));
        // Once a microsecond form is given it wins over seconds.
        assert_eq!(interval("x -i u10 -i 5"), Some(Duration::from_micros(10)));
        assert_eq!(interval("x -i --values"), None);
        assert_eq!(interval("x -i u0"), None);
        assert_eq!(interval("x -i u1000000"), None);
        assert_eq!(interval("x -i 4294967296"), None);
        let bad = (
            String::from("Option error: bad timing interval\n"),
            String::new(),
            1,
        );
        assert_eq!(parse(&a("x -i -2")).unwrap_err(), bad);
        assert_eq!(parse(&a("x -i u-1")).unwrap_err(), bad);
        assert_eq!(
            parse(&a("a -i --values b")).unwrap_err().1,
            "hping3: you must specify only one target host at a time\n"
        );
        // The count is checked once every option is read; -1 is "forever".
        assert_eq!(parse(&a("x -c -1")).unwrap().count, None);
        assert_eq!(parse(&a("x -c 0x10")).unwrap().count, Some(16));
        assert!(parse(&a("x --flood")).unwrap().flood);
    }
}
