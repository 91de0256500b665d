//! `tracepath` from iputils 20221126: the path to a host and its MTU,
//! with UDP probes on a socket with `IP_RECVERR` and `IP_PMTUDISC_PROBE`,
//! each answer read from the error queue (`recverr`): a local EMSGSIZE
//! (`[LOCALHOST] pmtu N`), an ICMP time exceeded (a hop), port
//! unreachable (`reached`), host/net unreachable (`!H`, `!N`). Each TTL
//! gets up to three probes, each waited for a second. Options `-4`, `-6`,
//! `-b`, `-l`, `-m`, `-n`, `-p`, `-V`.
//! Real outputs: core/tests/fixtures/nettools/tracepath_real.txt.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use core::net::{IpAddr, SocketAddr};

use super::netnames;
use super::netutil;
use super::resolve;
use crate::names;
use crate::process::{Ctx, Process, Started};
use crate::sys::{Errno, Family, Fd, IcmpErrorReport, PollEvents, SockOpt, SockType};
use crate::time::{Duration, Instant};

const USAGE: &str = "
Usage
  tracepath [options] <destination>

Options:
  -4             use IPv4
  -6             use IPv6
  -b             print both name and ip
  -l <length>    use packet <length>
  -m <hops>      use maximum <hops>
  -n             no dns name resolution
  -p <port>      use destination <port>
  -V             print version and exit
  <destination>  dns name or ip address

For more details see tracepath(8).
";

/// The first destination port (`-p` changes it); probe N goes to base + N.
const BASE_PORT: u16 = 44444;
/// `HIS_ARRAY_SIZE`: probes remembered by the port they were sent to.
const HISTORY: usize = 64;
/// `MAX_HOPS_DEFAULT`.
const MAX_HOPS: u8 = 30;
/// How long one probe is waited for (`data_wait`'s poll).
const WAIT: Duration = Duration::from_secs(1);
/// `HOST_COLUMN_SIZE`.
const HOST_COLUMN: usize = 52;

#[derive(Clone, Debug)]
struct Opts {
    family: names::Family,
    both: bool,
    numeric: bool,
    mtu: Option<u32>,
    max_hops: u8,
    port: u16,
    host: String,
}

fn usage(ctx: &mut Ctx<'_>, first: &str) -> Started {
    ctx.err(first);
    ctx.err(USAGE);
    Started::Exited(255)
}

/// A probe sent: its TTL and when.
#[derive(Clone, Copy, Debug, Default)]
struct Sent {
    hops: u8,
    at: Option<Instant>,
}

/// Where the main loop is.
#[derive(Clone, Copy, Debug)]
enum Step {
    /// Waiting for the answer to the probe sent (attempt `i` of this TTL;
    /// the MTU when the attempt began).
    Waiting { until: Instant, old_mtu: u32 },
}

#[derive(Debug)]
struct Tracepath {
    o: Opts,
    fd: Fd,
    dst: IpAddr,
    mtu: u32,
    overhead: u32,
    ttl: u8,
    attempt: u8,
    his: [Sent; HISTORY],
    hisptr: usize,
    hops_to: Option<u8>,
    hops_from: Option<i32>,
    step: Option<Step>,
}

/// What reading the error queue came to (`recverr`'s return).
enum Progress {
    /// Nothing was queued.
    Nothing,
    /// Answers, none final (the MTU after them).
    Some,
    /// A final answer: the destination or an unreachable.
    Final,
}

impl Tracepath {
    fn print_host(&self, ctx: &mut Ctx<'_>, addr: IpAddr) -> String {
        let abuf = format!("{addr}");
        let hbuf = if self.o.numeric {
            abuf.clone()
        } else {
            netnames::host_name(&ctx.sys(), addr)
        };
        let text = if self.o.both {
            format!("{hbuf} ({abuf})")
        } else {
            hbuf
        };
        format!("{text:<HOST_COLUMN$}")
    }

    /// `recverr`: prints a line per queued error until the queue is empty
    /// or an answer is final.
    fn recverr(&mut self, ctx: &mut Ctx<'_>) -> Progress {
        let mut progress = Progress::Nothing;
        for _ in 0..HISTORY {
            let Ok(Some(e)) = ctx.sys().recv_error(self.fd) else {
                return progress;
            };
            progress = Progress::Some;
            if self.report(ctx, &e) {
                return Progress::Final;
            }
        }
        progress
    }

    /// Prints one error; true if it ends the trace.
    fn report(&mut self, ctx: &mut Ctx<'_>, e: &IcmpErrorReport) -> bool {
        let slot = e
            .port
            .and_then(|p| p.checked_sub(self.o.port))
            .map(usize::from)
            .filter(|&s| s < HISTORY - 1);
        // The kernel's local errors for IPv4 carry no probe to match.
        let sent = slot
            .filter(|_| !(e.local && self.dst.is_ipv4()))
            .and_then(|s| {
                let h = self.his.get_mut(s)?;
                if h.hops == 0 {
                    return None;
                }
                let found = *h;
                h.hops = 0;
                Some(found)
            });
        let mut line = if e.local {
            format!("{:2}?: {:<32} ", self.ttl, "[LOCALHOST]")
        } else {
            let head = match sent {
                Some(s) => format!("{:2}:  ", s.hops),
                None => format!("{:2}?: ", self.ttl),
            };
            head + &self.print_host(ctx, e.from)
        };
        if let Some(at) = sent.and_then(|s| s.at) {
            let diff = if e.time > at {
                (e.time - at).micros()
            } else {
                0
            };
            line.push_str(&format!("{:3}.{:03}ms ", diff / 1000, diff % 1000));
        }
        let rethops: i32 = if e.local {
            -1
        } else if e.ttl <= 64 {
            65 - i32::from(e.ttl)
        } else if e.ttl <= 128 {
            129 - i32::from(e.ttl)
        } else {
            256 - i32::from(e.ttl)
        };
        let sndhops = sent.map(|s| s.hops);
        let mut end = false;
        match e.errno {
            Errno::EMSGSIZE => {
                line.push_str(&format!("pmtu {}\n", e.info));
                self.mtu = e.info;
            }
            Errno::ECONNREFUSED => {
                line.push_str("reached\n");
                self.hops_to = Some(sndhops.unwrap_or(self.ttl));
                self.hops_from = Some(rethops);
                end = true;
            }
            Errno::EHOSTUNREACH => {
                let exceeded = matches!(
                    (self.dst.is_ipv4(), e.icmp),
                    (true, (11, 0)) | (false, (3, 0))
                );
                if exceeded {
                    let sent_hops = i32::from(sndhops.unwrap_or(self.ttl));
                    if rethops >= 0 && rethops != sent_hops {
                        line.push_str(&format!("asymm {rethops:2} "));
                    }
                    line.push('\n');
                } else {
                    line.push_str("!H\n");
                    end = true;
                }
            }
            Errno::ENETUNREACH => {
                line.push_str("!N\n");
                end = true;
            }
            Errno::EACCES => {
                line.push_str("!A\n");
                end = true;
            }
            Errno::ETIMEDOUT => line.push('\n'),
            other => {
                line.push('\n');
                ctx.out(&line);
                ctx.err(&format!("NET ERROR: {}\n", other.message()));
                return true;
            }
        }
        ctx.out(&line);
        end
    }

    /// `probe_ttl`'s sending half: `Ok(true)` once a probe is out,
    /// `Ok(false)` when the trace is over (a final answer, or ten failed
    /// sends).
    fn send_probe(&mut self, ctx: &mut Ctx<'_>) -> bool {
        let mut tries = 0;
        let mut restarts = 0;
        while tries < 10 {
            let port = self.o.port.wrapping_add(self.hisptr as u16);
            let target = SocketAddr::new(self.dst, port);
            if let Some(h) = self.his.get_mut(self.hisptr) {
                *h = Sent {
                    hops: self.ttl,
                    at: Some(ctx.now()),
                };
            }
            let len = self.mtu.saturating_sub(self.overhead) as usize;
            let payload = vec![0u8; len.min(1 << 17)];
            if ctx.sys().sendto(self.fd, &payload, Some(target)).is_ok() {
                break;
            }
            let res = self.recverr(ctx);
            if let Some(h) = self.his.get_mut(self.hisptr) {
                h.hops = 0;
            }
            match res {
                Progress::Final => return false,
                Progress::Some if restarts < HISTORY => {
                    restarts += 1;
                    tries = 0;
                }
                _ => tries += 1,
            }
        }
        self.hisptr = (self.hisptr + 1) % HISTORY;
        if tries >= 10 {
            ctx.out(&format!("{:2}:  send failed\n", self.ttl));
            return false;
        }
        true
    }

    /// Starts an attempt at the current TTL; false when the trace ends.
    fn attempt(&mut self, ctx: &mut Ctx<'_>) -> bool {
        let old_mtu = self.mtu;
        if !self.send_probe(ctx) {
            return false;
        }
        self.step = Some(Step::Waiting {
            until: ctx.now() + WAIT,
            old_mtu,
        });
        true
    }

    /// Moves to the next TTL; false past the last one.
    fn next_ttl(&mut self, ctx: &mut Ctx<'_>) -> bool {
        self.ttl += 1;
        if self.ttl > self.o.max_hops {
            ctx.out(&format!("     Too many hops: pmtu {}\n", self.mtu));
            return false;
        }
        let _ = ctx.sys().setsockopt(self.fd, SockOpt::Ttl(self.ttl));
        self.attempt = 0;
        true
    }

    fn resume(&self, ctx: &mut Ctx<'_>) -> i32 {
        let mut line = format!("     Resume: pmtu {} ", self.mtu);
        if let Some(h) = self.hops_to {
            line.push_str(&format!("hops {h} "));
        }
        if let Some(b) = self.hops_from {
            line.push_str(&format!("back {b} "));
        }
        line.push('\n');
        ctx.out(&line);
        0
    }

    /// Runs until it must wait; `Some(status)` when it is over.
    fn run(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        for _ in 0..1024 {
            match self.step {
                None => {
                    if !self.attempt(ctx) {
                        return Some(self.resume(ctx));
                    }
                }
                Some(Step::Waiting { until, old_mtu }) => {
                    let ready = ctx.sys().poll(self.fd).is_ok_and(|ev| {
                        ev.contains(PollEvents::ERR) || ev.contains(PollEvents::IN)
                    });
                    if !ready && ctx.now() < until {
                        ctx.wake_at(until);
                        return None;
                    }
                    self.step = None;
                    let res = self.recverr(ctx);
                    if self.mtu != old_mtu {
                        self.attempt = 0;
                        continue;
                    }
                    match res {
                        Progress::Final => return Some(self.resume(ctx)),
                        Progress::Some => {
                            if !self.next_ttl(ctx) {
                                return Some(self.resume(ctx));
                            }
                        }
                        Progress::Nothing => {
                            self.attempt += 1;
                            if self.attempt >= 3 {
                                ctx.out(&format!("{:2}:  no reply\n", self.ttl));
                                if !self.next_ttl(ctx) {
                                    return Some(self.resume(ctx));
                                }
                            }
                        }
                    }
                }
            }
        }
        ctx.wake_at(ctx.now());
        None
    }
}

impl Process for Tracepath {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        self.run(ctx)
    }

    fn interrupt(&mut self, _ctx: &mut Ctx<'_>) -> Option<i32> {
        Some(130)
    }
}

fn number<T: core::str::FromStr>(s: &str) -> Option<T> {
    s.parse().ok()
}

/// Runs `tracepath ARGS`.
pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut o = Opts {
        family: names::Family::Unspec,
        both: false,
        numeric: false,
        mtu: None,
        max_hops: MAX_HOPS,
        port: BASE_PORT,
        host: String::new(),
    };
    let mut hosts = alloc::vec::Vec::new();
    let mut i = 1;
    while let Some(a) = args.get(i) {
        i += 1;
        let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) else {
            hosts.push(a.clone());
            continue;
        };
        let chars = flags.char_indices();
        for (at, c) in chars {
            match c {
                '4' => o.family = names::Family::Inet,
                '6' => o.family = names::Family::Inet6,
                'b' => o.both = true,
                'n' => o.numeric = true,
                'V' => {
                    ctx.out("tracepath from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n");
                    return Started::Exited(0);
                }
                'l' | 'm' | 'p' => {
                    let tail = flags.get(at + 1..).unwrap_or("");
                    let value = if tail.is_empty() {
                        let Some(v) = args.get(i) else {
                            return usage(
                                ctx,
                                &format!("tracepath: option requires an argument -- '{c}'\n"),
                            );
                        };
                        i += 1;
                        v.clone()
                    } else {
                        String::from(tail)
                    };
                    let bad = || format!("tracepath: invalid argument: '{value}'\n");
                    match c {
                        'l' => match number::<u32>(&value).filter(|&l| l > 0) {
                            Some(l) => o.mtu = Some(l),
                            None => {
                                ctx.err(&bad());
                                return Started::Exited(1);
                            }
                        },
                        'm' => match number::<u8>(&value).filter(|&m| m > 0) {
                            Some(m) => o.max_hops = m,
                            None => {
                                ctx.err(&bad());
                                return Started::Exited(1);
                            }
                        },
                        _ => match number::<u16>(&value) {
                            Some(p) => o.port = p,
                            None => {
                                ctx.err(&bad());
                                return Started::Exited(1);
                            }
                        },
                    }
                    break;
                }
                _ => return usage(ctx, &format!("tracepath: invalid option -- '{c}'\n")),
            }
        }
    }
    if hosts.len() != 1 {
        return usage(ctx, "");
    }
    o.host = hosts.remove(0);
    let lookup = netutil::gai_lookup(ctx, Some(&o.host), None, o.family, false);
    resolve::then(ctx, "tracepath", lookup, move |ctx, found| {
        match found.addrs(ctx) {
            Ok(list) => match list.first() {
                Some(&dst) => begin(ctx, o, dst),
                None => Started::Exited(1),
            },
            Err(e) => {
                ctx.err(&format!("tracepath: {}: {e}\n", o.host));
                Started::Exited(1)
            }
        }
    })
}

/// The socket and the first probe, once the destination is known.
fn begin(ctx: &mut Ctx<'_>, o: Opts, dst: IpAddr) -> Started {
    let family = if dst.is_ipv4() {
        Family::Inet
    } else {
        Family::Inet6
    };
    let fd = match ctx.sys().socket(family, SockType::Dgram) {
        Ok(fd) => fd,
        Err(e) => {
            ctx.err(&format!("tracepath: socket: {}\n", e.message()));
            return Started::Exited(1);
        }
    };
    {
        let mut sys = ctx.sys();
        let _ = sys.setsockopt(fd, SockOpt::RecvErr(true));
        let _ = sys.setsockopt(fd, SockOpt::PmtuDiscDo(true));
        let _ = sys.setsockopt(fd, SockOpt::Ttl(1));
    }
    let (mtu, overhead) = if dst.is_ipv4() {
        (o.mtu.unwrap_or(65535), 28)
    } else {
        (o.mtu.unwrap_or(128_000), 48)
    };
    let mut t = Tracepath {
        o,
        fd,
        dst,
        mtu,
        overhead,
        ttl: 1,
        attempt: 0,
        his: [Sent::default(); HISTORY],
        hisptr: 0,
        hops_to: None,
        hops_from: None,
        step: None,
    };
    match t.run(ctx) {
        Some(s) => Started::Exited(s),
        None => Started::Running(Box::new(t)),
    }
}
