//! `hping3` 3.a2.ds2-10 (Debian 12): hand-made ICMP echo (`-1`), UDP (`-2`)
//! or TCP (default; `-S -A -F -R -P -U` flags) probes sent through a raw
//! socket (`Network::send_raw`), with an optional spoofed source (`-a`).
//! Replies are read from a raw socket of the sending namespace (hping3
//! reads them with libpcap). Header and reply lines go to stdout, the
//! statistics to stderr, as the real one prints them.
//! Options (`options`) are read as hping3's `antigetopt` and
//! `parse_options` read them. An interval of 0 (`-i 0`, `-i --values`,
//! `-i u0`, or `u` past 999,999, which `setitimer` refuses) arms no timer:
//! one probe, then hping3 waits. `--flood` sends as fast as it can, never
//! reads a reply and never stops by itself (`main`'s loop re-arms the
//! count's alarm), after "hping in flood mode, no replies will be shown"
//! on stderr.
//! Real outputs: core/tests/fixtures/inspect/hping3_real.txt and
//! core/tests/fixtures/tools2/hping3_extra_real.txt.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};

mod options;

use options::{Mode, Options, parse};

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
    fn flags_are_written_in_hping3s_order() {
        assert_eq!(flags_text(TcpFlags::RST.with(TcpFlags::ACK, true)), "RA");
    }
}
