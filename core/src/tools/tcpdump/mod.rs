//! `tcpdump` 4.99.3 (libpcap 1.10.3): prints the packets that cross an
//! interface of the process's namespace from the moment it starts, in
//! tcpdump's format, until `-c N` packets or Ctrl-C.
//!
//! It reads the lab's capture ring ([`crate::net::Capture`]), which records
//! every packet on every interface. On `lo` each packet is seen once, as
//! libpcap shows it (it drops the outgoing copy). Real outputs:
//! core/tests/fixtures/inspect/tcpdump_real.txt and td*.out / td*.err.

mod filter;
mod packet;

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use crate::process::{Ctx, Process, Started};
use crate::sys::{Fd, IfIndex, User};
use crate::time::Instant;

use super::{netnames, netutil};
use filter::Filter;
use packet::{Namer, SeqTracker};

#[derive(Debug)]
struct Tcpdump {
    iface: Option<IfIndex>,
    numeric: bool,
    verbose: u8,
    hex: bool,
    count: Option<u64>,
    filter: Filter,
    /// The packet socket (`None` when reading a file).
    socket: Option<Fd>,
    captured: u64,
    seqs: SeqTracker,
    names: BTreeMap<IpAddr, String>,
    /// `-w FILE`: the capture file, written as packets arrive.
    write: Option<(String, crate::wire::pcap::Writer)>,
    /// `-r FILE`: printing a saved capture, not a live interface.
    offline: bool,
}

/// `HH:MM:SS.micros` of a wall-clock time (microseconds since 1970, UTC).
fn clock(us: u64) -> String {
    let secs = us / 1_000_000;
    let day = secs % 86_400;
    format!(
        "{:02}:{:02}:{:02}.{:06}",
        day / 3600,
        (day / 60) % 60,
        day % 60,
        us % 1_000_000
    )
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

impl Tcpdump {
    fn statistics(&self, ctx: &mut Ctx<'_>) {
        ctx.err(&format!(
            "{} captured\n{} received by filter\n0 packets dropped by kernel\n",
            plural(self.captured, "packet"),
            plural(self.captured, "packet")
        ));
    }

    /// Prints one packet in tcpdump's format.
    fn print(
        &mut self,
        ctx: &mut Ctx<'_>,
        time: Instant,
        ifindex: IfIndex,
        ifname: &str,
        outgoing: bool,
        data: &[u8],
    ) {
        let f_time = time;
        let mut line = clock(f_time.micros() + netutil::boot_epoch_us(ctx));
        line.push(' ');
        if self.iface.is_none() && !self.offline {
            let name = ifname;
            let dir = if outgoing && ifindex != IfIndex::LOOPBACK {
                "Out"
            } else {
                "In"
            };
            line.push_str(&format!("{name:<5} {dir:<4}"));
        }
        let names = &mut self.names;
        let mut lookup = |a: IpAddr| -> String {
            if let Some(n) = names.get(&a) {
                return n.clone();
            }
            let n = netnames::host_name(&ctx.sys(), a);
            if names.len() < 1024 {
                names.insert(a, n.clone());
            }
            n
        };
        let mut namer = Namer {
            numeric: self.numeric,
            host: &mut lookup,
        };
        line.push_str(&packet::format_packet(
            data,
            self.verbose,
            &mut namer,
            &mut self.seqs,
        ));
        if self.hex {
            line.push_str(&packet::hex_ascii(data));
        }
        ctx.out(&line);
    }

    fn drain(&mut self, ctx: &mut Ctx<'_>) -> bool {
        let Some(fd) = self.socket else {
            return false;
        };
        let frames = ctx.sys().packet_recv(fd).unwrap_or_default();
        let boot_us = netutil::boot_epoch_us(ctx);
        for f in frames {
            let Some(ip) = packet::parse(&f.data) else {
                continue;
            };
            if !self.filter.matches(&ip.summary) {
                continue;
            }
            self.captured += 1;
            if let Some((path, w)) = self.write.as_mut() {
                let _ = w.write_ip(f.time.micros() + boot_us, &f.data);
                let bytes = w.as_bytes().to_vec();
                if let Err(e) = ctx.sys().write_binary(path, &bytes) {
                    ctx.err(&format!("tcpdump: {path}: {}\n", e.message()));
                    return true;
                }
                if self.count.is_some_and(|c| self.captured >= c) {
                    return true;
                }
                continue;
            }
            self.print(ctx, f.time, f.ifindex, &f.ifname, f.outgoing, &f.data);
            if self.count.is_some_and(|c| self.captured >= c) {
                return true;
            }
        }
        false
    }
}

impl Process for Tcpdump {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if self.drain(ctx) {
            self.statistics(ctx);
            return Some(0);
        }
        None
    }

    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if self.drain(ctx) {
            self.statistics(ctx);
            return Some(0);
        }
        ctx.out("\n");
        self.statistics(ctx);
        Some(0)
    }
}

/// `tcpdump -r FILE`: prints a saved capture (any user may read one).
fn read_capture(
    ctx: &mut Ctx<'_>,
    name: &str,
    numeric: bool,
    verbose: u8,
    hex: bool,
    count: Option<u64>,
    expr: &[String],
) -> Started {
    let path = crate::shell::absolute_path(name, ctx.cwd());
    let bytes = match ctx.sys().read_binary(&path) {
        Ok(b) => b,
        Err(e) => return fail(ctx, &format!("tcpdump: {name}: {}\n", e.message()), 1),
    };
    let reader = match crate::wire::pcap::Reader::new(&bytes) {
        Ok(r) => r,
        Err(_) => return fail(ctx, &format!("tcpdump: {name}: unknown file format\n"), 1),
    };
    let text = expr.join(" ");
    let sys = ctx.sys();
    let resolve = |w: &str| netnames::resolve_host(&sys, w, crate::names::Family::Unspec);
    let filter = match filter::compile(&text, &resolve) {
        Ok(f) => f,
        Err(e) => return fail(ctx, &e, 1),
    };
    ctx.err(&format!(
        "reading from file {name}, link-type EN10MB (Ethernet), snapshot length 262144\n"
    ));
    let mut t = Tcpdump {
        iface: Some(IfIndex::LOOPBACK),
        numeric,
        verbose,
        hex,
        count,
        filter,
        socket: None,
        captured: 0,
        seqs: SeqTracker::default(),
        names: BTreeMap::new(),
        write: None,
        offline: true,
    };
    let boot_us = netutil::boot_epoch_us(ctx);
    for record in reader {
        let Ok(record) = record else { break };
        let Ok(ip) = crate::wire::pcap::strip_ethernet(record.data) else {
            continue;
        };
        let Some(parsed) = packet::parse(ip) else {
            continue;
        };
        if !t.filter.matches(&parsed.summary) {
            continue;
        }
        let time = Instant::from_micros(record.timestamp_us.saturating_sub(boot_us));
        t.print(ctx, time, IfIndex::LOOPBACK, "lo", false, ip);
        t.captured += 1;
        if count.is_some_and(|c| t.captured >= c) {
            break;
        }
    }
    Started::Exited(0)
}

fn fail(ctx: &mut Ctx<'_>, text: &str, status: i32) -> Started {
    ctx.err(text);
    Started::Exited(status)
}

const USAGE: &str = "tcpdump version 4.99.3\nlibpcap version 1.10.3 (with TPACKET_V3)\nOpenSSL 3.0.11 19 Sep 2023\nUsage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]\n\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]\n\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]\n\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]\n\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]\n\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]\n\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]\n";

pub(crate) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut iface_name: Option<String> = None;
    let mut numeric = false;
    let mut verbose = 0u8;
    let mut hex = false;
    let mut count = None;
    let mut write: Option<String> = None;
    let mut read: Option<String> = None;
    let mut expr: Vec<String> = Vec::new();
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        if a == "--version" {
            ctx.out(USAGE.split("Usage").next().unwrap_or_default());
            return Started::Exited(0);
        }
        let Some(flags) = a
            .strip_prefix('-')
            .filter(|f| !f.is_empty() && !a.starts_with("--"))
        else {
            expr.push(a.clone());
            continue;
        };
        for (i, c) in flags.char_indices() {
            match c {
                'n' => numeric = true,
                'v' => verbose = verbose.saturating_add(1),
                'X' | 'x' => hex = true,
                'l' | 'p' | 'q' | 'S' => {}
                'i' | 'c' | 'w' | 'r' | 's' => {
                    let rest = flags.get(i + 1..).unwrap_or_default();
                    let value = if rest.is_empty() {
                        match it.next() {
                            Some(v) => v.clone(),
                            None => {
                                return fail(
                                    ctx,
                                    &format!(
                                        "tcpdump: option requires an argument -- '{c}'\n{USAGE}"
                                    ),
                                    1,
                                );
                            }
                        }
                    } else {
                        String::from(rest)
                    };
                    match c {
                        'i' => iface_name = Some(value),
                        'w' => write = Some(value),
                        'r' => read = Some(value),
                        'c' => match value.parse::<u64>() {
                            Ok(n) if n > 0 => count = Some(n),
                            _ => {
                                return fail(
                                    ctx,
                                    &format!("tcpdump: invalid packet count {value}\n"),
                                    1,
                                );
                            }
                        },
                        _ => {}
                    }
                    break;
                }
                'h' => {
                    ctx.out(USAGE);
                    return Started::Exited(0);
                }
                other => {
                    return fail(
                        ctx,
                        &format!("tcpdump: invalid option -- '{other}'\n{USAGE}"),
                        1,
                    );
                }
            }
        }
    }
    if let Some(name) = read {
        return read_capture(ctx, &name, numeric, verbose, hex, count, &expr);
    }
    let iface_name = iface_name.unwrap_or_else(|| String::from("eth0"));
    let iface = if iface_name == "any" {
        None
    } else {
        match ctx.sys().if_nametoindex(&iface_name) {
            Ok(i) => Some(i),
            Err(_) => {
                return fail(
                    ctx,
                    &format!(
                        "tcpdump: {iface_name}: No such device exists\n(No such device exists)\n"
                    ),
                    1,
                );
            }
        }
    };
    if ctx.user() != User::Root {
        return fail(
            ctx,
            &format!(
                "tcpdump: {iface_name}: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)\n"
            ),
            1,
        );
    }
    let text = expr.join(" ");
    let sys = ctx.sys();
    let resolve = |w: &str| netnames::resolve_host(&sys, w, crate::names::Family::Unspec);
    let filter = match filter::compile(&text, &resolve) {
        Ok(f) => f,
        Err(e) => return fail(ctx, &e, 1),
    };
    let write = match write {
        Some(name) => {
            let path = crate::shell::absolute_path(&name, ctx.cwd());
            let w = crate::wire::pcap::Writer::new();
            // tcpdump opens the file at once (an empty capture has a header).
            if let Err(e) = ctx.sys().write_binary(&path, w.as_bytes()) {
                return fail(ctx, &format!("tcpdump: {name}: {}\n", e.message()), 1);
            }
            Some((path, w))
        }
        None => None,
    };
    if iface.is_none() {
        ctx.err("tcpdump: data link type LINUX_SLL2\n");
    }
    if verbose == 0 && write.is_none() {
        ctx.err("tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n");
    } else {
        ctx.err("tcpdump: ");
    }
    let link = if iface.is_none() {
        "LINUX_SLL2 (Linux cooked v2)"
    } else {
        "EN10MB (Ethernet)"
    };
    ctx.err(&format!(
        "listening on {iface_name}, link-type {link}, snapshot length 262144 bytes\n"
    ));
    let socket = match ctx.sys().packet_socket(iface) {
        Ok(fd) => fd,
        Err(e) => {
            return fail(
                ctx,
                &format!(
                    "tcpdump: {iface_name}: You don't have permission to perform this capture on that device\n(socket: {})\n",
                    e.message()
                ),
                1,
            );
        }
    };
    let t = Tcpdump {
        iface,
        numeric,
        verbose,
        hex,
        count,
        filter,
        socket: Some(socket),
        captured: 0,
        seqs: SeqTracker::default(),
        names: BTreeMap::new(),
        write,
        offline: false,
    };
    Started::Running(Box::new(t))
}

#[cfg(test)]
mod tests {
    use crate::{Lab, LabConfig};

    /// Replaces runs of digits in the fields that vary (times, ids,
    /// sequence numbers, ports) with `N`.
    fn norm(text: &str) -> String {
        let mut out = String::new();
        let mut in_digits = false;
        for ch in text.chars() {
            if ch.is_ascii_digit() {
                if !in_digits {
                    out.push('N');
                }
                in_digits = true;
            } else {
                in_digits = false;
                out.push(ch);
            }
        }
        out
    }

    use alloc::string::String;

    #[test]
    fn ping_on_lo_matches_real_format() {
        let mut lab = Lab::new(LabConfig::default());
        let r = lab.run("sudo tcpdump -i lo -n -c 2 & ping -c 1 127.0.0.1");
        let out = r.stdout();
        let lines: alloc::vec::Vec<&str> = out.lines().filter(|l| l.contains(" IP ")).collect();
        // Real (tcpdump_real.txt, td1).
        let real = "00:38:12.990683 IP 127.0.0.1 > 127.0.0.1: ICMP echo request, id 16824, seq 1, length 64\n\
                    00:38:12.990694 IP 127.0.0.1 > 127.0.0.1: ICMP echo reply, id 16824, seq 1, length 64";
        assert_eq!(norm(&lines.join("\n")), norm(real));
        let err = r.stderr();
        // bash announces the job first: `[1] 1234`.
        assert!(err.starts_with("[1] "));
        let err = err.split_once('\n').map_or("", |(_, rest)| rest);
        assert!(err.starts_with(
            "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n\
             listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n"
        ));
        assert!(err.contains(
            "2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n"
        ));
        // Without -n: names from /etc/hosts (td2).
        let r = lab.run("sudo tcpdump -i lo -c 1 & ping -c 1 127.0.0.1");
        assert!(
            r.stdout()
                .contains(" IP localhost > localhost: ICMP echo request, id ")
        );
        assert!(
            r.stderr()
                .contains("1 packet captured\n1 packet received by filter\n")
        );
    }

    #[test]
    fn verbose_ipv4_header() {
        let mut lab = Lab::new(LabConfig::default());
        let r = lab.run("sudo tcpdump -i lo -n -v -c 1 & ping -c 1 -s 8 127.0.0.1");
        // Real (td3).
        let real = "00:38:15.075653 IP (tos 0x0, ttl 64, id 20835, offset 0, flags [DF], proto ICMP (1), length 36)\n    127.0.0.1 > 127.0.0.1: ICMP echo request, id 16939, seq 1, length 16";
        let line: String = r
            .stdout()
            .lines()
            .skip_while(|l| !l.contains("IP ("))
            .take(2)
            .collect::<alloc::vec::Vec<_>>()
            .join("\n");
        assert_eq!(norm(&line), norm(real));
        let err = r.stderr();
        let err = err.split_once('\n').map_or("", |(_, rest)| rest);
        assert!(err.starts_with("tcpdump: listening on lo, link-type EN10MB"));
    }

    #[test]
    fn errors_match_real() {
        let mut lab = Lab::new(LabConfig::default());
        let r = lab.run("tcpdump -i lo");
        assert_eq!(r.status, 1);
        assert_eq!(
            r.stderr(),
            "tcpdump: lo: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)\n"
        );
        let r = lab.run("sudo tcpdump -i eth9 -c 1");
        assert_eq!(
            (r.status, r.stderr().as_str()),
            (
                1,
                "tcpdump: eth9: No such device exists\n(No such device exists)\n"
            )
        );
        let r = lab.run("sudo tcpdump -i lo port 99999");
        assert_eq!(
            (r.status, r.stderr().as_str()),
            (1, "tcpdump: illegal port number 99999 > 65535\n")
        );
        let r = lab.run("sudo tcpdump -i lo 'tcp and ('");
        assert_eq!(
            r.stderr(),
            "tcpdump: can't parse filter expression: syntax error\n"
        );
    }

    #[test]
    fn random_filters_never_panic() {
        let mut lab = Lab::new(LabConfig::default());
        let words = [
            "host",
            "port",
            "src",
            "dst",
            "and",
            "or",
            "not",
            "!",
            "(",
            ")",
            "tcp",
            "udp",
            "icmp",
            "icmp6",
            "ip",
            "ip6",
            "127.0.0.1",
            "::1",
            "80",
            "99999",
            "localhost",
            "&&",
            "||",
            "-c",
            "-X",
            "-vv",
            "x(",
            "http",
        ];
        let mut rng = crate::rand::Rng::new(11);
        for _ in 0..300 {
            let n = rng.range_inclusive(0, 6);
            let mut f = String::new();
            for _ in 0..n {
                let k = rng.range_inclusive(0, words.len() as u32 - 1) as usize;
                f.push_str(words[k]);
                f.push(' ');
            }
            let text = f.clone();
            let _ = super::filter::compile(&text, &|w| w.parse().ok());
            let _ = lab.run_for(
                &alloc::format!("sudo tcpdump -i lo -c 1 {f}"),
                crate::time::Duration::from_millis(1),
            );
        }
    }
}
