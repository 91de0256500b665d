//! `ping` as iputils 20221126 (Debian 12) runs it: the header line, one
//! line per reply, the statistics, and every error with its exit status.
//! Real outputs it is checked against: core/tests/fixtures/ping_real.txt.

mod options;
mod stats;

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::names::{self, Hints, Lookup};
use crate::process::{Ctx, Process, Started};
use crate::sys::{Errno, Family, Fd, SockOpt, SockType, Timespec, User};
use crate::sys::{IcmpErrorReport, RecvDatagram};
use crate::time::{Duration, Instant};

use super::{netutil, resolve};
use options::{FamilyWanted, Options, Parsed};
use stats::{Rtt, percent_g, time_text};

/// The default wait for replies after the last probe when none came back.
const DEFAULT_LINGER_US: u64 = 10_000_000;

#[derive(Debug)]
struct Ping {
    o: Options,
    dst: IpAddr,
    /// The name as given (header and statistics).
    shown: String,
    /// Print "name (address)" for replies.
    names: bool,
    fd: Fd,
    payload_len: usize,
    seq: u16,
    transmitted: u64,
    received: u64,
    duplicates: u64,
    errors: u64,
    sent_at: BTreeMap<u16, Instant>,
    answered: BTreeMap<u16, bool>,
    rtt: Rtt,
    start: Instant,
    next_send: Option<Instant>,
    last_send: Instant,
    finish_at: Option<Instant>,
    reverse_cache: BTreeMap<IpAddr, String>,
    /// The reverse lookup of a reply's sender under way, and the reply
    /// (or ICMP error) it holds back.
    reverse: resolve::Pending<Option<String>>,
    held_reply: Option<RecvDatagram>,
    held_error: Option<IcmpErrorReport>,
    /// The most probes out at once (`acknowledge()`'s pipesize).
    pipesize: u16,
    /// The round trip's moving average, times 8, in microseconds
    /// (iputils' `rtt`).
    ewma8: u64,
    /// With `-M do`: the route's MTU, past which a probe fails.
    pmtu: Option<u32>,
}

fn v6(dst: IpAddr) -> bool {
    dst.is_ipv6()
}

/// The largest payload worth building: one byte more than fits any IP datagram.
const MAX_BUILT_PAYLOAD: usize = 65_536;

/// iputils' payload: a timeval of the wall clock `now` (when there is
/// room) then bytes 0x10, 0x11... (or the `-p` pattern, repeated).
fn payload(size: usize, now: Timespec, pattern: Option<&[u8]>) -> Vec<u8> {
    let mut data: Vec<u8> = match pattern.filter(|p| !p.is_empty()) {
        Some(p) => p.iter().copied().cycle().take(size).collect(),
        None => (0..size).map(|i| (i % 256) as u8).collect(),
    };
    if size >= 16 {
        let secs = now.sec;
        let usec = u64::from(now.nsec / 1_000);
        let mut tv = [0u8; 16];
        tv[..8].copy_from_slice(&secs.to_le_bytes());
        tv[8..].copy_from_slice(&usec.to_le_bytes());
        if let Some(head) = data.get_mut(..16) {
            head.copy_from_slice(&tv);
        }
    }
    data
}

impl Ping {
    /// How a reply's sender is shown; `None` while its name is looked up.
    fn display_addr(&mut self, ctx: &mut Ctx<'_>, addr: IpAddr) -> Option<String> {
        if !self.names {
            return Some(format!("{addr}"));
        }
        if let Some(s) = self.reverse_cache.get(&addr) {
            return Some(s.clone());
        }
        let name = self
            .reverse
            .poll(ctx, |ctx| netutil::reverse_lookup(ctx, addr))?
            .unwrap_or_else(|| format!("{addr}"));
        let s = format!("{name} ({addr})");
        self.reverse_cache.insert(addr, s.clone());
        Some(s)
    }

    fn send_one(&mut self, ctx: &mut Ctx<'_>) {
        // -O: the last probe is still unanswered as the next leaves.
        if self.o.outstanding
            && self.transmitted > 0
            && !self.answered.get(&self.seq).copied().unwrap_or(false)
        {
            ctx.out(&format!("no answer yet for icmp_seq={}\n", self.seq));
        }
        self.seq = self.seq.wrapping_add(1);
        let seq = self.seq;
        // iputils' `rcvd_clear(ntransmitted + 1)`: a sequence number used
        // again after 65,536 probes is not yet answered (a flood's reply is
        // no duplicate).
        self.answered.remove(&seq);
        // Any payload over 65535 bytes fails with EMSGSIZE whatever its size,
        // so `-s 2147483647` must not allocate 2 GiB per packet (found by
        // fuzz/lab_run: the tab would run out of memory).
        let data = payload(
            self.payload_len.min(MAX_BUILT_PAYLOAD),
            netutil::wall_clock(ctx),
            self.o.pattern.as_deref(),
        );
        self.transmitted += 1;
        self.last_send = ctx.now();
        let header = if v6(self.dst) { 48 } else { 28 };
        let sent = match self.pmtu {
            // -M do: the kernel refuses what the path cannot carry whole.
            Some(mtu) if data.len() + header > mtu as usize => Err(crate::sys::SendError {
                errno: Errno::EMSGSIZE,
                mtu: Some(mtu),
            }),
            // -N: the node information query leaves; Linux answers none.
            _ if self.o.node_info && v6(self.dst) => Ok(()),
            _ => ctx
                .sys()
                .send_echo(self.fd, self.dst, seq, &data)
                .map(|_| ()),
        };
        match sent {
            Ok(_) => {
                self.sent_at.insert(seq, ctx.now());
                if self.o.flood {
                    ctx.out(".");
                }
            }
            Err(e) => {
                self.errors += 1;
                if e.errno == Errno::EMSGSIZE {
                    let mtu = e.mtu.unwrap_or(65536);
                    if v6(self.dst) {
                        ctx.err(&format!(
                            "ping: local error: message too long, mtu: {mtu}\n"
                        ));
                    } else {
                        ctx.err(&format!("ping: local error: message too long, mtu={mtu}\n"));
                    }
                } else {
                    ctx.err(&format!("ping: sendmsg: {}\n", e.errno.message()));
                }
            }
        }
        let more = self.o.count.is_none_or(|c| self.transmitted < c);
        self.next_send = if more {
            // The interval timer fires a little late, as a real one does.
            let slack = u64::from(ctx.sys().random_range(60, 900));
            Some(ctx.now() + Duration::from_micros(self.o.interval_us + slack))
        } else {
            None
        };
    }

    /// A reply to `seq` came: iputils' `acknowledge()` (the most probes
    /// out at once) and, with a round trip, its moving average; with -A
    /// the interval becomes that average (at least 2 ms for a user).
    fn acknowledge(&mut self, ctx: &mut Ctx<'_>, seq: u16, rtt: Option<u64>) {
        let diff = (self.transmitted as u16).wrapping_sub(seq);
        if diff <= 0x7fff {
            self.pipesize = self.pipesize.max(diff + 1);
        }
        let Some(us) = rtt else {
            return;
        };
        self.ewma8 = if self.ewma8 == 0 {
            us * 8
        } else {
            (self.ewma8 + us).saturating_sub(self.ewma8 / 8)
        };
        if self.o.adaptive {
            let ms = (self.ewma8 / 8 + 500) / 1000;
            let least = if ctx.user() == User::Root { 0 } else { 2 };
            self.o.interval_us = ms.max(least) * 1000;
            if let Some(at) = self.next_send {
                let due = self.last_send + Duration::from_micros(self.o.interval_us);
                self.next_send = Some(if due < at { due.max(ctx.now()) } else { at });
            }
        }
    }

    fn drain(&mut self, ctx: &mut Ctx<'_>) {
        loop {
            let reply = match self.held_reply.take() {
                Some(r) => r,
                None => match ctx.sys().recvfrom(self.fd) {
                    Ok(Some(r)) => r,
                    _ => break,
                },
            };
            // ping names the sender before it counts the reply.
            if !self.o.flood && !self.o.quiet && self.display_addr(ctx, reply.from.ip()).is_none() {
                self.held_reply = Some(reply);
                return;
            }
            let seq = reply.seq;
            let dup = self.answered.get(&seq).copied().unwrap_or(false);
            let rtt = self.sent_at.get(&seq).map(|t| (reply.time - *t).micros());
            if dup {
                self.duplicates += 1;
            } else {
                self.received += 1;
                self.answered.insert(seq, true);
                let timed = rtt.filter(|_| self.payload_len >= 16);
                if let Some(us) = timed {
                    self.rtt.add(us);
                }
                self.acknowledge(ctx, seq, timed);
            }
            if self.o.flood {
                ctx.out("\x08 \x08");
                continue;
            }
            if self.o.quiet {
                continue;
            }
            let from = self.display_addr(ctx, reply.from.ip()).unwrap_or_default();
            let mut line = String::new();
            if self.o.timestamps {
                let us = reply.time.micros() + netutil::boot_epoch_us(ctx);
                line.push_str(&format!("[{}.{:06}] ", us / 1_000_000, us % 1_000_000));
            }
            line.push_str(&format!(
                "{} bytes from {from}: icmp_seq={seq} ttl={}",
                reply.data.len() + 8,
                reply.ttl
            ));
            if let (Some(us), true) = (rtt, self.payload_len >= 16) {
                line.push_str(&format!(" time={}", time_text(us)));
            }
            if dup {
                line.push_str(" (DUP!)");
            }
            if self.o.audible {
                line.push('\x07');
            }
            line.push('\n');
            ctx.out(&line);
        }
        while let Some(e) = self
            .held_error
            .take()
            .or_else(|| ctx.sys().recv_error(self.fd).ok().flatten())
        {
            if !self.o.quiet && self.display_addr(ctx, e.from).is_none() {
                self.held_error = Some(e);
                return;
            }
            self.errors += 1;
            if !self.o.quiet {
                let seq = e.seq.map_or_else(String::new, |s| format!(" icmp_seq={s}"));
                let from = self.display_addr(ctx, e.from).unwrap_or_default();
                ctx.out(&format!("From {from}{seq} {}\n", e.text));
            }
        }
    }

    fn statistics(&mut self, ctx: &mut Ctx<'_>) -> i32 {
        let end = if self.received > 0 || self.errors > 0 {
            ctx.now()
        } else {
            self.last_send
        };
        let elapsed = (end - self.start).micros();
        let ms = (elapsed + 500) / 1000;
        let elapsed_ms = if self.transmitted <= 1 { 0 } else { ms };
        let mut text = format!("\n--- {} ping statistics ---\n", self.shown);
        text.push_str(&format!(
            "{} packets transmitted, {} received",
            self.transmitted, self.received
        ));
        if self.duplicates > 0 {
            text.push_str(&format!(", +{} duplicates", self.duplicates));
        }
        if self.errors > 0 {
            text.push_str(&format!(", +{} errors", self.errors));
        }
        let lost = self.transmitted.saturating_sub(self.received);
        text.push_str(&format!(
            ", {}% packet loss, time {elapsed_ms}ms\n",
            percent_g(lost, self.transmitted)
        ));
        match self.rtt.line() {
            Some(line) => {
                text.push_str(line.trim_end_matches('\n'));
                if self.pipesize > 1 {
                    text.push_str(&format!(", pipe {}", self.pipesize));
                }
                // Probes sent as fast as replies come: the gap between
                // them and the moving average.
                let fast = self.o.interval_us == 0 || self.o.flood || self.o.adaptive;
                if self.received > 0 && fast && self.transmitted > 1 {
                    let ipg = elapsed / (self.transmitted - 1);
                    text.push_str(&format!(
                        ", ipg/ewma {}.{:03}/{}.{:03} ms",
                        ipg / 1000,
                        ipg % 1000,
                        self.ewma8 / 8000,
                        (self.ewma8 / 8) % 1000
                    ));
                }
                text.push('\n');
            }
            None => text.push('\n'),
        }
        ctx.out(&text);
        if self.received > 0 { 0 } else { 1 }
    }

    fn done_sending(&self) -> bool {
        self.next_send.is_none()
    }
}

impl Process for Ping {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        self.drain(ctx);
        if let Some(c) = self.o.count
            && self.received + self.errors >= c
            && self.done_sending()
        {
            return Some(self.statistics(ctx));
        }
        if let Some(deadline) = self.o.deadline_s {
            let end = self.start + Duration::from_secs(deadline);
            if ctx.now() >= end {
                return Some(self.statistics(ctx));
            }
            ctx.wake_at(end);
        }
        if let Some(at) = self.next_send
            && ctx.now() >= at
        {
            // -l: the first probes leave together.
            let burst = if self.transmitted == 0 {
                self.o.preload.max(1)
            } else {
                1
            };
            for _ in 0..burst {
                self.send_one(ctx);
                if self.next_send.is_none() {
                    break;
                }
            }
        }
        match self.next_send {
            Some(at) => ctx.wake_at(at),
            None => {
                // After the last probe: wait for replies (2 x the longest
                // round trip if some came back, else the linger time).
                let finish = *self.finish_at.get_or_insert_with(|| {
                    let wait = if self.received > 0 {
                        (2 * self.rtt.max).max(self.o.interval_us.min(1_000_000))
                    } else {
                        self.o
                            .linger_us
                            .filter(|l| *l > 0)
                            .unwrap_or(DEFAULT_LINGER_US)
                    };
                    self.last_send + Duration::from_micros(wait)
                });
                if ctx.now() >= finish && self.o.deadline_s.is_none() {
                    return Some(self.statistics(ctx));
                }
                ctx.wake_at(finish);
            }
        }
        None
    }

    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        self.drain(ctx);
        Some(self.statistics(ctx))
    }
}

fn fail(ctx: &mut Ctx<'_>, text: &str, status: i32) -> Started {
    ctx.err(text);
    Started::Exited(status)
}

/// The destination's lookup as ping makes it (getaddrinfo with
/// AI_CANONNAME), to wait for.
fn destination_lookup(
    ctx: &mut Ctx<'_>,
    o: &Options,
) -> Lookup<names::Resolution<Vec<names::AddrInfo>, names::GaiError>> {
    let family = match o.family {
        FamilyWanted::Any => names::Family::Unspec,
        FamilyWanted::V4 => names::Family::Inet,
        FamilyWanted::V6 => names::Family::Inet6,
    };
    let hints = Hints {
        family,
        socktype: names::SockType::Dgram,
        flags: names::AiFlags {
            canonname: true,
            ..names::AiFlags::default()
        },
    };
    let destination = o.destination.clone();
    resolve::lookup(ctx, move |cfg, view, dns| {
        names::getaddrinfo(cfg, view, dns, Some(&destination), None, &hints)
    })
}

/// The destination as ping reads its lookup: the address, whether it was
/// numeric, the canonical name; or the error line.
fn resolved_destination(
    ctx: &mut Ctx<'_>,
    o: &Options,
    res: names::Resolution<Vec<names::AddrInfo>, names::GaiError>,
) -> Result<(IpAddr, bool, Option<String>), String> {
    let numeric = names::resolver::pton_any(&o.destination).is_some()
        || names::inet::inet_aton_exact(&o.destination).is_some();
    if !numeric {
        resolve::record_steps(
            ctx,
            &format!("getaddrinfo(\"{}\")", o.destination),
            &res.trace,
        );
    }
    match res.result {
        Ok(list) => list
            .first()
            .map(|ai| (ai.addr, numeric, ai.canonname.clone()))
            .ok_or_else(|| format!("ping: {}: Name or service not known\n", o.destination)),
        Err(e) => Err(format!("ping: {}: {e}\n", o.destination)),
    }
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let o = match options::parse(args.get(1..).unwrap_or_default()) {
        Parsed::Run(o) => *o,
        Parsed::Version => {
            ctx.out("ping from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n");
            return Started::Exited(0);
        }
        Parsed::NodeInfoHelp => {
            ctx.out(options::NODE_INFO_HELP);
            return Started::Exited(0);
        }
        Parsed::Fail(text, status) => return fail(ctx, &text, status),
    };
    if o.preload > 3 && ctx.user() != User::Root {
        return fail(
            ctx,
            &format!(
                "ping: cannot set preload to value greater than 3: {}\n",
                o.preload
            ),
            2,
        );
    }
    if let Some(pattern) = &o.pattern {
        let hex: String = pattern.iter().map(|b| format!("{b:02x}")).collect();
        ctx.out(&format!("PATTERN: 0x{hex}\n"));
    }
    ctx.err(&o.warnings);
    let lookup = destination_lookup(ctx, &o);
    resolve::then(ctx, "ping", lookup, move |ctx, res| {
        let resolved = resolved_destination(ctx, &o, res);
        start_resolved(ctx, o, resolved)
    })
}

/// ping's start once its destination is looked up.
fn start_resolved(
    ctx: &mut Ctx<'_>,
    o: Options,
    resolved: Result<(IpAddr, bool, Option<String>), String>,
) -> Started {
    let (mut dst, numeric, canon) = match resolved {
        Ok(r) => r,
        Err(text) => return fail(ctx, &text, 2),
    };
    // Destination 0.0.0.0 / :: means this host: the kernel sends to loopback.
    if dst == IpAddr::V4(Ipv4Addr::UNSPECIFIED) {
        dst = IpAddr::V4(Ipv4Addr::LOCALHOST);
    } else if dst == IpAddr::V6(Ipv6Addr::UNSPECIFIED) {
        dst = IpAddr::V6(Ipv6Addr::LOCALHOST);
    }
    let family = Family::of(&dst);
    let fd = match ctx.sys().socket(family, SockType::Ping) {
        Ok(fd) => fd,
        Err(e) => return fail(ctx, &format!("ping: socket: {}\n", e.message()), 2),
    };
    // -I ADDR is a source address (iputils tries inet_pton first), -I NAME
    // a device. An address of the other family is not used.
    let source: Option<IpAddr> = o.interface.as_deref().and_then(|v| v.parse().ok());
    let device = o.interface.clone().filter(|_| source.is_none());
    let source = source.filter(|a| Family::of(a) == family);
    if let Some(addr) = source {
        let port = o.ident.unwrap_or(0);
        if let Err(e) = ctx.sys().bind(fd, core::net::SocketAddr::new(addr, port)) {
            return fail(ctx, &format!("ping: bind: {}\n", e.message()), 2);
        }
    }
    if let Some(name) = &device
        && ctx
            .sys()
            .setsockopt(fd, SockOpt::BindToDevice(Some(name.clone())))
            .is_err()
    {
        return fail(
            ctx,
            &format!("ping: SO_BINDTODEVICE {name}: No such device\n"),
            2,
        );
    }
    if o.ttl == Some(0) {
        return fail(
            ctx,
            "ping: cannot set unicast time-to-live: Invalid argument\n",
            2,
        );
    }
    if let Some(ttl) = o.ttl {
        let _ = ctx.sys().setsockopt(fd, SockOpt::Ttl(ttl));
    }
    // -R and -T need IPv4 options in the probes, which this kernel's
    // network does not carry: its setsockopt(IP_OPTIONS) says so.
    if let Some(what) = o.ip_option
        && dst.is_ipv4()
    {
        return fail(ctx, &format!("ping: {what}: Protocol not available\n"), 2);
    }
    // -e: a ping socket's identifier is its port.
    if let Some(ident) = o.ident.filter(|_| source.is_none()) {
        let any = match dst {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        };
        let _ = ctx.sys().bind(fd, core::net::SocketAddr::new(any, ident));
    }
    // -m: SO_MARK needs CAP_NET_ADMIN; ping warns (for its probe socket,
    // then for its own) and goes on. Nothing in this kernel reads a mark.
    let mark_warning = o
        .mark
        .filter(|_| ctx.user() != User::Root)
        .map(|m| format!("ping: WARNING: failed to set mark: {m}: Operation not permitted\n"));
    if let Some(w) = &mark_warning {
        ctx.err(w);
    }
    let _ = ctx.sys().setsockopt(fd, SockOpt::Broadcast(o.broadcast));
    // ping connect()s a probe socket first: route errors end here.
    let mut sys = ctx.sys();
    if let Ok(probe) = sys.socket(family, SockType::Dgram) {
        let _ = sys.close(probe);
    }
    let route = sys.probe_route(dst, device.as_deref());
    let (src, broadcast, dev) = match route {
        Ok(r) => (source.unwrap_or(r.src), r.broadcast, r.dev),
        Err(errno) => return fail(ctx, &format!("ping: connect: {}\n", errno.message()), 2),
    };
    if broadcast {
        if !o.broadcast {
            return fail(
                ctx,
                "ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n",
                2,
            );
        }
        ctx.err("WARNING: pinging broadcast address\n");
    }
    let from_iface = device.clone();
    let source_given = o.interface.is_some() && from_iface.is_none();
    let names = !numeric && !o.numeric;
    // ping names the host by getaddrinfo's canonical name. Recorded quirk
    // (glibc 2.36 + iputils 20221126): with -4 and a name from the hosts
    // file the canonical name comes back empty: `PING  (127.0.0.1) ...`.
    let canon = canon.unwrap_or_else(|| o.destination.clone());
    let shown = if dst.is_ipv6() {
        o.destination.clone()
    } else if o.family == FamilyWanted::V4 && !numeric {
        String::new()
    } else {
        canon.clone()
    };
    let from = match from_iface {
        Some(name) => format!(" from {src} {name}:"),
        None if o.sticky_source || source_given => format!(" from {src} :"),
        None => String::new(),
    };
    let header = if dst.is_ipv4() {
        format!(
            "PING {shown} ({dst}){from} {}({}) bytes of data.\n",
            o.size,
            o.size + 28
        )
    } else if names {
        format!(
            "PING {shown}({canon} ({dst})){from} {} data bytes\n",
            o.size
        )
    } else {
        format!("PING {shown}({dst}){from} {} data bytes\n", o.size)
    };
    ctx.out(&header);
    if let Some(w) = &mark_warning {
        ctx.err(w);
    }
    let pmtu = if o.pmtu_do {
        ctx.sys().link(&dev).map(|l| l.mtu)
    } else {
        None
    };
    let min_interval = if ctx.user() == User::Root { 0 } else { 2000 };
    if (o.flood || (o.interval_given && o.interval_us < min_interval)) && ctx.user() != User::Root {
        return fail(
            ctx,
            "ping: cannot flood; minimal interval allowed for user is 2ms\n",
            2,
        );
    }
    let mut o = o;
    if o.flood && !o.interval_given {
        o.interval_us = 0;
    }
    let mut p = Ping {
        payload_len: o.size,
        o,
        dst,
        shown,
        names,
        fd,
        seq: 0,
        transmitted: 0,
        received: 0,
        duplicates: 0,
        errors: 0,
        sent_at: BTreeMap::new(),
        answered: BTreeMap::new(),
        rtt: Rtt::default(),
        start: ctx.now(),
        next_send: Some(ctx.now()),
        last_send: ctx.now(),
        finish_at: None,
        reverse_cache: BTreeMap::new(),
        reverse: resolve::Pending::default(),
        held_reply: None,
        held_error: None,
        pipesize: 1,
        ewma8: 0,
        pmtu,
    };
    match p.poll(ctx) {
        Some(status) => Started::Exited(status),
        None => Started::Running(Box::new(p)),
    }
}
