//! iptables 1.8.9's command line (`do_parse`): one command (`-A`, `-I`,
//! `-D`, `-L`...), the options, and a rule specification with its
//! extensions loaded as the real one loads them (`-p tcp` makes `--dport`
//! known; `-m NAME` and `-j NAME` load a match or a target). Every refusal
//! carries the real message and exit status.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::names;
use crate::sys::netfilter::{
    AddrMatch, AddrType, IcmpType, IfaceMatch, Match, MultiportDir, NatRange, NfFamily, PortMatch,
    PortRange, RejectWith, Rule, Target, TcpFlags, ct_bits,
};
use crate::tools::netnames::{self, Proto};

/// The command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Cmd {
    /// `-A chain`.
    Append(String),
    /// `-C chain`.
    Check(String),
    /// `-D chain rule-spec`.
    Delete(String),
    /// `-D chain N`.
    DeleteNum(String, usize),
    /// `-I chain [N]`.
    Insert(String, usize),
    /// `-R chain N`.
    Replace(String, usize),
    /// `-L [chain [N]]`.
    List(Option<String>, Option<usize>),
    /// `-S [chain [N]]`.
    ListRules(Option<String>, Option<usize>),
    /// `-F [chain]`.
    Flush(Option<String>),
    /// `-Z [chain [N]]`.
    Zero(Option<String>, Option<usize>),
    /// `-N chain`.
    New(String),
    /// `-X [chain]`.
    DeleteChain(Option<String>),
    /// `-E old new`.
    Rename(String, String),
    /// `-P chain target`.
    Policy(String, String),
    /// `-h`.
    Help,
    /// `-V`.
    Version,
}

/// A parsed command line.
#[derive(Clone, Debug)]
pub(super) struct Parsed {
    /// The command.
    pub cmd: Cmd,
    /// `-L -Z` zeroes after listing.
    pub zero_too: bool,
    /// `-t`.
    pub table: String,
    /// `-n`.
    pub numeric: bool,
    /// `-v`.
    pub verbose: bool,
    /// `-x`.
    pub exact: bool,
    /// `--line-numbers`.
    pub line_numbers: bool,
    /// The rule specification.
    pub rule: Rule,
    /// A `-j` that named no known target: a chain, checked later.
    pub jump_unknown: Option<String>,
}

/// A refusal: the message and the exit status. Status 2 messages get
/// iptables' "Try `iptables -h'" line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Refusal {
    pub text: String,
    pub status: i32,
}

fn bad(text: impl Into<String>) -> Refusal {
    Refusal {
        text: text.into(),
        status: 2,
    }
}

/// What the extensions loaded so far make known.
#[derive(Default)]
struct Loaded {
    tcp: bool,
    udp: bool,
    icmp: bool,
    icmp6: bool,
    multiport: bool,
    conntrack: bool,
    state: bool,
    addrtype: bool,
    comment: bool,
}

fn parse_port(s: &str, proto: Proto) -> Result<u16, Refusal> {
    if let Ok(p) = s.parse::<u16>() {
        return Ok(p);
    }
    netnames::service_port(s, proto)
        .ok_or_else(|| bad(format!("invalid port/service `{s}' specified")))
}

fn parse_range(s: &str, proto: Proto) -> Result<PortRange, Refusal> {
    match s.split_once(':') {
        Some((a, b)) => {
            let lo = if a.is_empty() {
                0
            } else {
                parse_port(a, proto)?
            };
            let hi = if b.is_empty() {
                65535
            } else {
                parse_port(b, proto)?
            };
            if lo > hi {
                return Err(bad("invalid portrange (min > max)"));
            }
            Ok(PortRange { lo, hi })
        }
        None => {
            let p = parse_port(s, proto)?;
            Ok(PortRange { lo: p, hi: p })
        }
    }
}

fn parse_addr(
    s: &str,
    family: NfFamily,
    resolve: &dyn Fn(&str) -> Option<IpAddr>,
) -> Result<AddrMatch, Refusal> {
    let (host, mask) = match s.split_once('/') {
        Some((h, m)) => (h, Some(m)),
        None => (s, None),
    };
    let max: u8 = if family == NfFamily::Ipv4 { 32 } else { 128 };
    let addr = match host.parse::<IpAddr>() {
        Ok(a) => a,
        Err(_) => resolve(host).ok_or_else(|| bad(format!("host/network `{host}' not found")))?,
    };
    if (family == NfFamily::Ipv4) != addr.is_ipv4() {
        return Err(bad(format!("host/network `{host}' not found")));
    }
    let prefix = match mask {
        None => max,
        Some(m) => match m.parse::<u8>() {
            Ok(p) if p <= max => p,
            _ => match (m.parse::<IpAddr>(), family) {
                (Ok(IpAddr::V4(v)), NfFamily::Ipv4) => {
                    let bits = u32::from(v);
                    let ones = bits.leading_ones() as u8;
                    if bits.count_ones() as u8 != ones {
                        return Err(bad(format!("invalid mask `{m}' specified")));
                    }
                    ones
                }
                _ => return Err(bad(format!("invalid mask `{m}' specified"))),
            },
        },
    };
    let net = AddrMatch {
        invert: false,
        addr,
        prefix,
    };
    // The network's own address (iptables clears the host bits).
    let addr = match addr {
        IpAddr::V4(a) => {
            let m = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(prefix))
            };
            IpAddr::V4((u32::from(a) & m).into())
        }
        IpAddr::V6(a) => {
            let m = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(prefix))
            };
            IpAddr::V6((u128::from(a) & m).into())
        }
    };
    Ok(AddrMatch { addr, ..net })
}

fn parse_icmp(s: &str, v6: bool) -> Result<IcmpType, Refusal> {
    let table = if v6 {
        names::ICMP6_TYPES
    } else {
        names::ICMP_TYPES
    };
    if let Some((_, t, lo, hi)) = table.iter().find(|(n, ..)| n.eq_ignore_ascii_case(s)) {
        return Ok(IcmpType {
            invert: false,
            kind: *t,
            code_lo: *lo,
            code_hi: *hi,
        });
    }
    let (t, c) = match s.split_once('/') {
        Some((t, c)) => (t, Some(c)),
        None => (s, None),
    };
    let unknown = || {
        bad(if v6 {
            format!("Unknown ICMPv6 type `{s}'")
        } else {
            format!("Unknown ICMP type `{s}'")
        })
    };
    let t = t.parse::<u8>().map_err(|_| unknown())?;
    let (lo, hi) = match c {
        Some(c) => {
            let c = c.parse::<u8>().map_err(|_| unknown())?;
            (c, c)
        }
        None => (0, 0xff),
    };
    Ok(IcmpType {
        invert: false,
        kind: t,
        code_lo: lo,
        code_hi: hi,
    })
}

fn parse_states(s: &str, legacy: bool) -> Result<u8, Refusal> {
    let mut bits = 0;
    for part in s.split(',') {
        let b = ct_bits::NAMES
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(part))
            .map(|(b, _)| *b);
        match b {
            Some(b) => bits |= b,
            None if legacy => return Err(bad(format!("Bad state \"{part}\""))),
            None => return Err(bad(format!("Bad ctstate \"{part}\""))),
        }
    }
    Ok(bits)
}

fn parse_addrtype(s: &str) -> Result<AddrType, Refusal> {
    match s.to_ascii_uppercase().as_str() {
        "LOCAL" => Ok(AddrType::Local),
        "UNICAST" => Ok(AddrType::Unicast),
        "BROADCAST" => Ok(AddrType::Broadcast),
        "MULTICAST" => Ok(AddrType::Multicast),
        _ => Err(bad(format!("addrtype: bad type \"{s}\""))),
    }
}

/// `ADDR[:PORT[-PORT]]` of `--to-destination` / `--to-source`.
fn parse_nat(s: &str, family: NfFamily) -> Result<NatRange, Refusal> {
    let (a, p) = match family {
        NfFamily::Ipv4 => match s.split_once(':') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        },
        NfFamily::Ipv6 => match s.strip_prefix('[').and_then(|r| r.split_once("]:")) {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim_start_matches('[').trim_end_matches(']'), None),
        },
    };
    let addr = if a.is_empty() {
        None
    } else {
        let ip = a
            .split('-')
            .next()
            .and_then(|x| x.parse::<IpAddr>().ok())
            .ok_or_else(|| bad(format!("Bad IP address \"{a}\"")))?;
        Some(ip)
    };
    let ports = match p {
        Some(p) => Some(parse_ports_dash(p)?),
        None => None,
    };
    Ok(NatRange { addr, ports })
}

fn parse_ports_dash(p: &str) -> Result<PortRange, Refusal> {
    let (lo, hi) = match p.split_once('-') {
        Some((a, b)) => (a, b),
        None => (p, p),
    };
    let lo = lo
        .parse::<u16>()
        .map_err(|_| bad(format!("Port `{p}' not valid")))?;
    let hi = hi
        .parse::<u16>()
        .map_err(|_| bad(format!("Port `{p}' not valid")))?;
    if hi < lo {
        return Err(bad(format!("Port range `{p}' is invalid")));
    }
    Ok(PortRange { lo, hi })
}

/// Splits `-nvL` into `-n -v -L` (getopt's clustered flags).
fn expand(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for a in args {
        let cluster = a.len() > 2
            && a.starts_with('-')
            && !a.starts_with("--")
            && a.chars().skip(1).all(|c| "nvxLSFZXhV46".contains(c));
        if cluster {
            out.extend(a.chars().skip(1).map(|c| format!("-{c}")));
        } else {
            out.push(a.clone());
        }
    }
    out
}

/// Parses `args` (without the program name) for `family`.
pub(super) fn parse(
    args: &[String],
    family: NfFamily,
    resolve: &dyn Fn(&str) -> Option<IpAddr>,
) -> Result<Parsed, Refusal> {
    let args = expand(args);
    let v6 = family == NfFamily::Ipv6;
    let mut p = Parsed {
        cmd: Cmd::Help,
        zero_too: false,
        table: String::from("filter"),
        numeric: false,
        verbose: false,
        exact: false,
        line_numbers: false,
        rule: Rule::new(),
        jump_unknown: None,
    };
    let mut cmd: Option<Cmd> = None;
    let mut loaded = Loaded::default();
    let mut invert = false;
    let mut i = 0usize;
    let next = |i: &mut usize, opt: &str| -> Result<String, Refusal> {
        *i += 1;
        args.get(*i)
            .cloned()
            .ok_or_else(|| bad(format!("option \"{opt}\" requires an argument")))
    };
    // An optional argument that is not an option.
    let optional = |i: &mut usize| -> Option<String> {
        match args.get(*i + 1) {
            Some(a) if !a.starts_with('-') && a != "!" => {
                *i += 1;
                Some(a.clone())
            }
            _ => None,
        }
    };
    let rulenum = |s: &str| -> Result<usize, Refusal> {
        match s.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(bad(format!("Invalid rule number `{s}'"))),
        }
    };
    let set_cmd = |cmd: &mut Option<Cmd>, c: Cmd, zero_too: &mut bool| -> Result<(), Refusal> {
        match (&cmd, &c) {
            (None, _) => {
                *cmd = Some(c);
                Ok(())
            }
            (Some(Cmd::List(..)), Cmd::Zero(None, None)) => {
                *zero_too = true;
                Ok(())
            }
            (Some(Cmd::Zero(None, None)), Cmd::List(..)) => {
                *zero_too = true;
                *cmd = Some(c);
                Ok(())
            }
            _ => Err(bad("Cannot use -... with -...")),
        }
    };
    let mut dport_seen = false;
    let mut sport_seen = false;
    let mut to_dest = false;
    while i < args.len() {
        let a = args.get(i).cloned().unwrap_or_default();
        let inv = core::mem::take(&mut invert);
        let proto_kind = if p.rule.proto.is_some_and(|(_, n)| n == 17) {
            Proto::Udp
        } else {
            Proto::Tcp
        };
        match a.as_str() {
            "!" => {
                invert = true;
            }
            "-A" | "--append" => {
                let c = next(&mut i, &a)?;
                set_cmd(&mut cmd, Cmd::Append(c), &mut p.zero_too)?;
            }
            "-C" | "--check" => {
                let c = next(&mut i, &a)?;
                set_cmd(&mut cmd, Cmd::Check(c), &mut p.zero_too)?;
            }
            "-D" | "--delete" => {
                let c = next(&mut i, &a)?;
                let c = match optional(&mut i) {
                    Some(n) => Cmd::DeleteNum(c, rulenum(&n)?),
                    None => Cmd::Delete(c),
                };
                set_cmd(&mut cmd, c, &mut p.zero_too)?;
            }
            "-I" | "--insert" => {
                let c = next(&mut i, &a)?;
                let n = match optional(&mut i) {
                    Some(n) => rulenum(&n)?,
                    None => 1,
                };
                set_cmd(&mut cmd, Cmd::Insert(c, n), &mut p.zero_too)?;
            }
            "-R" | "--replace" => {
                let c = next(&mut i, &a)?;
                let n = next(&mut i, &a)?;
                set_cmd(&mut cmd, Cmd::Replace(c, rulenum(&n)?), &mut p.zero_too)?;
            }
            "-L" | "--list" | "-S" | "--list-rules" | "-Z" | "--zero" => {
                let chain = optional(&mut i);
                let num = match (&chain, optional(&mut i)) {
                    (Some(_), Some(n)) => Some(rulenum(&n)?),
                    _ => None,
                };
                let c = match a.as_str() {
                    "-L" | "--list" => Cmd::List(chain, num),
                    "-S" | "--list-rules" => Cmd::ListRules(chain, num),
                    _ => Cmd::Zero(chain, num),
                };
                set_cmd(&mut cmd, c, &mut p.zero_too)?;
            }
            "-F" | "--flush" => {
                let chain = optional(&mut i);
                set_cmd(&mut cmd, Cmd::Flush(chain), &mut p.zero_too)?;
            }
            "-N" | "--new-chain" | "--new" => {
                let c = next(&mut i, &a)?;
                set_cmd(&mut cmd, Cmd::New(c), &mut p.zero_too)?;
            }
            "-X" | "--delete-chain" => {
                let chain = optional(&mut i);
                set_cmd(&mut cmd, Cmd::DeleteChain(chain), &mut p.zero_too)?;
            }
            "-E" | "--rename-chain" => {
                let o = next(&mut i, &a)?;
                let n = next(&mut i, &a)?;
                set_cmd(&mut cmd, Cmd::Rename(o, n), &mut p.zero_too)?;
            }
            "-P" | "--policy" => {
                let c = next(&mut i, &a)?;
                let t = next(&mut i, &a)?;
                set_cmd(&mut cmd, Cmd::Policy(c, t), &mut p.zero_too)?;
            }
            "-h" | "--help" => set_cmd(&mut cmd, Cmd::Help, &mut p.zero_too)?,
            "-V" | "--version" => set_cmd(&mut cmd, Cmd::Version, &mut p.zero_too)?,
            "-t" | "--table" => p.table = next(&mut i, &a)?,
            "-n" | "--numeric" => p.numeric = true,
            "-v" | "--verbose" => p.verbose = true,
            "-x" | "--exact" => p.exact = true,
            "--line-numbers" => p.line_numbers = true,
            "-4" | "--ipv4" if !v6 => {}
            "-6" | "--ipv6" if v6 => {}
            "-w" | "--wait" => {
                let _ = optional(&mut i);
            }
            "-c" | "--set-counters" => {
                let pk = next(&mut i, &a)?;
                let by = next(&mut i, &a)?;
                p.rule.counters.packets = pk
                    .parse()
                    .map_err(|_| bad(format!("invalid packet counter `{pk}'")))?;
                p.rule.counters.bytes = by
                    .parse()
                    .map_err(|_| bad(format!("invalid byte counter `{by}'")))?;
            }
            "-p" | "--protocol" => {
                let v = next(&mut i, &a)?;
                let n = names::proto_parse(&v)
                    .ok_or_else(|| bad(format!("unknown protocol \"{v}\" specified")))?;
                p.rule.proto = Some((inv, n));
            }
            "-s" | "--source" | "--src" | "-d" | "--destination" | "--dst" => {
                let v = next(&mut i, &a)?;
                let mut m = parse_addr(&v, family, resolve)?;
                m.invert = inv;
                if a.starts_with("-s") || a == "--source" || a == "--src" {
                    p.rule.src = Some(m);
                } else {
                    p.rule.dst = Some(m);
                }
            }
            "-i" | "--in-interface" | "-o" | "--out-interface" => {
                let v = next(&mut i, &a)?;
                let m = IfaceMatch {
                    invert: inv,
                    name: v,
                };
                if a == "-i" || a == "--in-interface" {
                    p.rule.iif = Some(m);
                } else {
                    p.rule.oif = Some(m);
                }
            }
            "-m" | "--match" => {
                let m = next(&mut i, &a)?;
                match m.as_str() {
                    "tcp" => loaded.tcp = true,
                    "udp" => loaded.udp = true,
                    "icmp" if !v6 => loaded.icmp = true,
                    "icmp6" if v6 => loaded.icmp6 = true,
                    "multiport" => {
                        let ok = p
                            .rule
                            .proto
                            .is_some_and(|(inv, n)| !inv && matches!(n, 6 | 17 | 132 | 136 | 33));
                        if !ok {
                            return Err(bad(
                                "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
                            ));
                        }
                        loaded.multiport = true;
                    }
                    "conntrack" => loaded.conntrack = true,
                    "state" => loaded.state = true,
                    "addrtype" => loaded.addrtype = true,
                    "comment" => loaded.comment = true,
                    other => {
                        return Err(bad(format!(
                            "Couldn't load match `{other}':No such file or directory\n"
                        )));
                    }
                }
            }
            "-j" | "--jump" | "-g" | "--goto" => {
                let t = next(&mut i, &a)?;
                let goto = a == "-g" || a == "--goto";
                p.rule.target = if goto {
                    p.jump_unknown = Some(t.clone());
                    Target::Goto(t)
                } else {
                    match t.as_str() {
                        "ACCEPT" => Target::Accept,
                        "DROP" => Target::Drop,
                        "RETURN" => Target::Return,
                        "REJECT" => Target::Reject(if v6 {
                            RejectWith::Icmp6PortUnreachable
                        } else {
                            RejectWith::PortUnreachable
                        }),
                        "LOG" => Target::Log {
                            prefix: String::new(),
                            level: 4,
                        },
                        "DNAT" => Target::Dnat(NatRange {
                            addr: None,
                            ports: None,
                        }),
                        "SNAT" => Target::Snat(NatRange {
                            addr: None,
                            ports: None,
                        }),
                        "MASQUERADE" => Target::Masquerade(NatRange {
                            addr: None,
                            ports: None,
                        }),
                        "REDIRECT" => Target::Redirect(NatRange {
                            addr: None,
                            ports: None,
                        }),
                        _ => {
                            p.jump_unknown = Some(t.clone());
                            Target::Jump(t)
                        }
                    }
                };
            }
            // Extension options: known once their extension is loaded.
            "--dport" | "--destination-port" | "--sport" | "--source-port"
                if loaded.tcp
                    || loaded.udp
                    || p.rule
                        .proto
                        .is_some_and(|(inv, n)| !inv && (n == 6 || n == 17)) =>
            {
                let v = next(&mut i, &a)?;
                let dst = a == "--dport" || a == "--destination-port";
                if dst && dport_seen {
                    return Err(bad("Only one `--destination-port' allowed"));
                }
                if !dst && sport_seen {
                    return Err(bad("Only one `--source-port' allowed"));
                }
                if dst {
                    dport_seen = true;
                } else {
                    sport_seen = true;
                }
                let pm = PortMatch {
                    invert: inv,
                    range: parse_range(&v, proto_kind)?,
                };
                set_ports(&mut p.rule, proto_kind, dst, pm);
            }
            "--tcp-flags" | "--syn"
                if loaded.tcp || p.rule.proto.is_some_and(|(inv, n)| !inv && n == 6) =>
            {
                let (mask, comp) = if a == "--syn" {
                    (0x17, 0x02)
                } else {
                    let m = next(&mut i, &a)?;
                    let c = next(&mut i, &a)?;
                    (
                        names::tcp_flags_parse(&m)
                            .ok_or_else(|| bad(format!("Unknown TCP flag `{m}'")))?,
                        names::tcp_flags_parse(&c)
                            .ok_or_else(|| bad(format!("Unknown TCP flag `{c}'")))?,
                    )
                };
                let flags = TcpFlags {
                    invert: inv,
                    mask,
                    comp,
                };
                tcp_match(&mut p.rule, |f| *f = Some(flags));
            }
            "--icmp-type"
                if !v6 && (loaded.icmp || p.rule.proto.is_some_and(|(inv, n)| !inv && n == 1)) =>
            {
                let v = next(&mut i, &a)?;
                let mut t = parse_icmp(&v, false)?;
                t.invert = inv;
                p.rule.matches.push(Match::Icmp(t));
            }
            "--icmpv6-type"
                if v6 && (loaded.icmp6 || p.rule.proto.is_some_and(|(inv, n)| !inv && n == 58)) =>
            {
                let v = next(&mut i, &a)?;
                let mut t = parse_icmp(&v, true)?;
                t.invert = inv;
                p.rule.matches.push(Match::Icmp6(t));
            }
            "--dports" | "--destination-ports" | "--sports" | "--source-ports" | "--ports"
                if loaded.multiport =>
            {
                let v = next(&mut i, &a)?;
                let dir = match a.as_str() {
                    "--dports" | "--destination-ports" => MultiportDir::Destination,
                    "--sports" | "--source-ports" => MultiportDir::Source,
                    _ => MultiportDir::Either,
                };
                let mut ports = Vec::new();
                for part in v.split(',') {
                    if ports.len() >= 15 {
                        return Err(bad("too many ports specified"));
                    }
                    ports.push(parse_range(part, proto_kind)?);
                }
                p.rule.matches.push(Match::Multiport {
                    dir,
                    invert: inv,
                    ports,
                });
            }
            "--ctstate" if loaded.conntrack => {
                let v = next(&mut i, &a)?;
                p.rule.matches.push(Match::CtState {
                    legacy: false,
                    invert: inv,
                    states: parse_states(&v, false)?,
                });
            }
            "--state" if loaded.state => {
                let v = next(&mut i, &a)?;
                p.rule.matches.push(Match::CtState {
                    legacy: true,
                    invert: inv,
                    states: parse_states(&v, true)?,
                });
            }
            "--src-type" | "--dst-type" if loaded.addrtype => {
                let v = next(&mut i, &a)?;
                let t = (inv, parse_addrtype(&v)?);
                let src = a == "--src-type";
                match p.rule.matches.iter_mut().find_map(|m| match m {
                    Match::AddrType { src, dst } => Some((src, dst)),
                    _ => None,
                }) {
                    Some((s, d)) => {
                        if src {
                            *s = Some(t);
                        } else {
                            *d = Some(t);
                        }
                    }
                    None => p.rule.matches.push(Match::AddrType {
                        src: src.then_some(t),
                        dst: (!src).then_some(t),
                    }),
                }
            }
            "--comment" if loaded.comment => {
                let v = next(&mut i, &a)?;
                if v.len() > 255 {
                    return Err(bad("COMMENT must be shorter than 256 characters"));
                }
                p.rule.matches.push(Match::Comment(v));
            }
            "--reject-with" if matches!(p.rule.target, Target::Reject(_)) => {
                let v = next(&mut i, &a)?;
                let w = RejectWith::ALL
                    .iter()
                    .filter(|(k, _)| {
                        k.code().is_none()
                            || (matches!(
                                k,
                                RejectWith::Icmp6NoRoute
                                    | RejectWith::Icmp6AdmProhibited
                                    | RejectWith::Icmp6AddrUnreachable
                                    | RejectWith::Icmp6PortUnreachable
                            ) == v6)
                    })
                    .find(|(_, n)| *n == v)
                    .map(|(k, _)| *k)
                    .ok_or_else(|| bad(format!("unknown reject type \"{v}\"")))?;
                p.rule.target = Target::Reject(w);
            }
            "--log-prefix" if matches!(p.rule.target, Target::Log { .. }) => {
                let v = next(&mut i, &a)?;
                if let Target::Log { prefix, .. } = &mut p.rule.target {
                    *prefix = v.chars().take(29).collect();
                }
            }
            "--log-level" if matches!(p.rule.target, Target::Log { .. }) => {
                let v = next(&mut i, &a)?;
                let l = match v.parse::<u8>() {
                    Ok(n) if n <= 7 => n,
                    _ => names::LOG_LEVELS
                        .iter()
                        .find(|(n, _)| *n == v)
                        .map(|(_, l)| *l)
                        .ok_or_else(|| bad(format!("log level \"{v}\" unknown\n")))?,
                };
                if let Target::Log { level, .. } = &mut p.rule.target {
                    *level = l;
                }
            }
            "--to-destination" | "--to-source" | "--to"
                if matches!(p.rule.target, Target::Dnat(_) | Target::Snat(_)) =>
            {
                let v = next(&mut i, &a)?;
                let r = parse_nat(&v, family)?;
                to_dest = true;
                match &mut p.rule.target {
                    Target::Dnat(x) | Target::Snat(x) => *x = r,
                    _ => {}
                }
            }
            "--to-ports"
                if matches!(p.rule.target, Target::Masquerade(_) | Target::Redirect(_)) =>
            {
                let v = next(&mut i, &a)?;
                let r = parse_ports_dash(&v)?;
                if let Target::Masquerade(x) | Target::Redirect(x) = &mut p.rule.target {
                    x.ports = Some(r);
                }
            }
            o if o.starts_with('-') => return Err(bad(format!("unknown option \"{o}\""))),
            o => {
                return Err(Refusal {
                    text: format!("Bad argument `{o}'"),
                    status: 2,
                });
            }
        }
        i += 1;
    }
    match &p.rule.target {
        Target::Dnat(_) if !to_dest => {
            return Err(bad("DNAT: option \"--to-destination\" must be specified\n"));
        }
        Target::Snat(_) if !to_dest => {
            return Err(bad("SNAT: option \"--to-source\" must be specified\n"));
        }
        _ => {}
    }
    p.cmd = cmd.ok_or_else(|| bad("no command specified"))?;
    Ok(p)
}

fn tcp_match(rule: &mut Rule, f: impl FnOnce(&mut Option<TcpFlags>)) {
    if let Some(Match::Tcp { flags, .. }) = rule
        .matches
        .iter_mut()
        .find(|m| matches!(m, Match::Tcp { .. }))
    {
        f(flags);
        return;
    }
    let mut flags = None;
    f(&mut flags);
    rule.matches.push(Match::Tcp {
        sport: None,
        dport: None,
        flags,
    });
}

fn set_ports(rule: &mut Rule, proto: Proto, dst: bool, pm: PortMatch) {
    let existing = rule.matches.iter_mut().find_map(|m| match m {
        Match::Tcp { sport, dport, .. } if proto == Proto::Tcp => Some((sport, dport)),
        Match::Udp { sport, dport } if proto == Proto::Udp => Some((sport, dport)),
        _ => None,
    });
    match existing {
        Some((s, d)) => {
            if dst {
                *d = Some(pm);
            } else {
                *s = Some(pm);
            }
        }
        None => {
            let (sport, dport) = if dst {
                (None, Some(pm))
            } else {
                (Some(pm), None)
            };
            rule.matches.push(if proto == Proto::Udp {
                Match::Udp { sport, dport }
            } else {
                Match::Tcp {
                    sport,
                    dport,
                    flags: None,
                }
            });
        }
    }
}
