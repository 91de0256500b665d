//! How iptables 1.8.9 prints rules: the `-L` table (`print_header`,
//! `print_rule_details`, each extension's `print`) and the `-S` /
//! `iptables-save` lines (each extension's `save`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::IpAddr;

use super::names;
use crate::sys::netfilter::{
    AddrMatch, ChainRecord, IcmpType, Match, MultiportDir, NatRange, NfFamily, PortMatch,
    PortRange, Rule, Target, ct_bits,
};
use crate::tools::netnames::{self, Proto};

/// The listing options.
#[derive(Clone, Copy, Debug)]
pub(super) struct Format {
    /// `-n`.
    pub numeric: bool,
    /// `-v`.
    pub verbose: bool,
    /// `-x`.
    pub exact: bool,
    /// `--line-numbers`.
    pub line_numbers: bool,
}

/// `xtables_print_num`: a counter in its column (`-x` or not).
fn num(s: &mut String, n: u64, exact: bool) {
    if exact {
        let _ = write!(s, "{n:>8} ");
        return;
    }
    if n <= 99_999 {
        let _ = write!(s, "{n:>5} ");
        return;
    }
    let mut n = n;
    for unit in ['K', 'M', 'G'] {
        n = (n + 500) / 1000;
        if n <= 9999 {
            let _ = write!(s, "{n:>4}{unit} ");
            return;
        }
    }
    n = (n + 500) / 1000;
    let _ = write!(s, "{n:>4}T ");
}

/// The chain's header lines.
pub(super) fn header(s: &mut String, name: &str, policy: Option<&str>, refs: usize, f: Format) {
    match policy {
        Some(p) if f.verbose => {
            let _ = writeln!(s, "Chain {name} (policy {p} 0 packets, 0 bytes)");
        }
        Some(p) => {
            let _ = writeln!(s, "Chain {name} (policy {p})");
        }
        None => {
            let _ = writeln!(s, "Chain {name} ({refs} references)");
        }
    }
    if f.line_numbers {
        s.push_str("num  ");
    }
    if f.verbose {
        if f.exact {
            s.push_str("    pkts      bytes ");
        } else {
            s.push_str(" pkts bytes ");
        }
    }
    s.push_str("target     prot opt ");
    if f.verbose {
        s.push_str("in     out     ");
    }
    s.push_str("source               destination         \n");
}

fn port_text(p: u16, proto: Proto, numeric: bool) -> String {
    if !numeric && let Some(n) = netnames::service(p, proto) {
        return String::from(n);
    }
    format!("{p}")
}

fn addr_field(
    s: &mut String,
    a: &Option<AddrMatch>,
    family: NfFamily,
    numeric: bool,
    name: &dyn Fn(IpAddr) -> String,
) {
    let any = match family {
        NfFamily::Ipv4 => "0.0.0.0/0",
        NfFamily::Ipv6 => "::/0",
    };
    match a {
        None => {
            let t = if numeric { any } else { "anywhere" };
            let _ = write!(s, " {t:<19} ");
        }
        Some(a) => {
            let max = if a.addr.is_ipv4() { 32 } else { 128 };
            let host = if numeric || a.prefix != max {
                format!("{}", a.addr)
            } else {
                name(a.addr)
            };
            let text = if a.prefix == 0 && !numeric {
                String::from("anywhere")
            } else if a.prefix == max {
                host
            } else {
                format!("{host}/{}", a.prefix)
            };
            let inv = if a.invert { '!' } else { ' ' };
            let _ = write!(s, "{inv}{text:<19} ");
        }
    }
}

fn list_ports(s: &mut String, label: &str, m: &Option<PortMatch>, proto: Proto, numeric: bool) {
    if let Some(m) = m {
        let inv = if m.invert { "!" } else { "" };
        if m.range.lo == m.range.hi {
            let _ = write!(s, " {label}:{inv}{}", port_text(m.range.lo, proto, numeric));
        } else {
            let _ = write!(
                s,
                " {label}s:{inv}{}:{}",
                port_text(m.range.lo, proto, numeric),
                port_text(m.range.hi, proto, numeric)
            );
        }
    }
}

fn list_icmp(s: &mut String, t: &IcmpType, v6: bool, numeric: bool) {
    s.push_str(if v6 { " ipv6-icmp" } else { " icmp" });
    let table = if v6 {
        names::ICMP6_TYPES
    } else {
        names::ICMP_TYPES
    };
    if !numeric && let Some(n) = names::icmp_name(table, t.kind, t.code_lo, t.code_hi) {
        let _ = write!(s, " {}{n}", if t.invert { "!" } else { "" });
        return;
    }
    if t.invert {
        s.push_str(" !");
    }
    let _ = write!(s, "type {}", t.kind);
    if t.code_lo == t.code_hi {
        let _ = write!(s, " code {}", t.code_lo);
    } else if t.code_lo != 0 || t.code_hi != 0xff {
        let _ = write!(s, " codes {}-{}", t.code_lo, t.code_hi);
    }
}

fn states_text(bits: u8) -> String {
    let names: Vec<&str> = ct_bits::NAMES
        .iter()
        .filter(|(b, _)| bits & b != 0)
        .map(|(_, n)| *n)
        .collect();
    names.join(",")
}

fn range_text(r: &PortRange, sep: char) -> String {
    if r.lo == r.hi {
        format!("{}", r.lo)
    } else {
        format!("{}{sep}{}", r.lo, r.hi)
    }
}

fn nat_text(r: &NatRange) -> String {
    let mut s = String::new();
    match r.addr {
        Some(IpAddr::V6(a)) if r.ports.is_some() => {
            let _ = write!(s, "[{a}]");
        }
        Some(a) => {
            let _ = write!(s, "{a}");
        }
        None => {}
    }
    if let Some(p) = &r.ports {
        let _ = write!(s, ":{}", range_text(p, '-'));
    }
    s
}

/// The matches and target part of a `-L` line.
fn list_extras(s: &mut String, r: &Rule, family: NfFamily, numeric: bool) {
    let _ = family;
    for m in &r.matches {
        match m {
            Match::Tcp {
                sport,
                dport,
                flags,
            } => {
                s.push_str(" tcp");
                list_ports(s, "spt", sport, Proto::Tcp, numeric);
                list_ports(s, "dpt", dport, Proto::Tcp, numeric);
                if let Some(f) = flags {
                    let _ = write!(s, " flags:{}", if f.invert { "!" } else { "" });
                    if numeric {
                        let _ = write!(s, "0x{:02X}/0x{:02X}", f.mask, f.comp);
                    } else {
                        let _ = write!(
                            s,
                            "{}/{}",
                            names::tcp_flags_text(f.mask),
                            names::tcp_flags_text(f.comp)
                        );
                    }
                }
            }
            Match::Udp { sport, dport } => {
                s.push_str(" udp");
                list_ports(s, "spt", sport, Proto::Udp, numeric);
                list_ports(s, "dpt", dport, Proto::Udp, numeric);
            }
            Match::Icmp(t) => list_icmp(s, t, false, numeric),
            Match::Icmp6(t) => list_icmp(s, t, true, numeric),
            Match::Multiport { dir, invert, ports } => {
                let d = match dir {
                    MultiportDir::Source => "sports",
                    MultiportDir::Destination => "dports",
                    MultiportDir::Either => "ports",
                };
                let proto = if r.proto.is_some_and(|(_, p)| p == 17) {
                    Proto::Udp
                } else {
                    Proto::Tcp
                };
                let list: Vec<String> = ports
                    .iter()
                    .map(|p| {
                        if p.lo == p.hi {
                            port_text(p.lo, proto, numeric)
                        } else {
                            format!(
                                "{}:{}",
                                port_text(p.lo, proto, numeric),
                                port_text(p.hi, proto, numeric)
                            )
                        }
                    })
                    .collect();
                let _ = write!(
                    s,
                    " multiport {d} {}{}",
                    if *invert { "!" } else { "" },
                    list.join(",")
                );
            }
            Match::CtState {
                legacy,
                invert,
                states,
            } => {
                let _ = write!(
                    s,
                    "{} {} {}",
                    if *invert { " !" } else { "" },
                    if *legacy { "state" } else { "ctstate" },
                    states_text(*states)
                );
            }
            Match::AddrType { src, dst } => {
                s.push_str(" ADDRTYPE match");
                if let Some((inv, t)) = src {
                    let _ = write!(s, " src-type {}{}", if *inv { "!" } else { "" }, t.name());
                }
                if let Some((inv, t)) = dst {
                    let _ = write!(s, " dst-type {}{}", if *inv { "!" } else { "" }, t.name());
                }
            }
            Match::Comment(c) => {
                let _ = write!(s, " /* {c} */");
            }
        }
    }
    match &r.target {
        Target::Reject(w) => {
            let _ = write!(s, " reject-with {}", w.name());
        }
        Target::Log { prefix, level } => {
            if numeric {
                let _ = write!(s, " LOG flags 0 level {level}");
            } else {
                let _ = write!(s, " LOG level {}", names::log_level_name(*level));
            }
            if !prefix.is_empty() {
                let _ = write!(s, " prefix \"{prefix}\"");
            }
        }
        Target::Dnat(n) | Target::Snat(n) => {
            let _ = write!(s, " to:{}", nat_text(n));
        }
        Target::Masquerade(n) => {
            if let Some(p) = &n.ports {
                let _ = write!(s, " masq ports: {}", range_text(p, '-'));
            }
        }
        Target::Redirect(n) => {
            if let Some(p) = &n.ports {
                let _ = write!(s, " redir ports {}", range_text(p, '-'));
            }
        }
        _ => {}
    }
}

/// One `-L` line (without its newline).
pub(super) fn list_rule(
    r: &Rule,
    n: usize,
    family: NfFamily,
    f: Format,
    name: &dyn Fn(IpAddr) -> String,
) -> String {
    let mut s = String::new();
    if f.line_numbers {
        let _ = write!(s, "{n:<4} ");
    }
    if f.verbose {
        num(&mut s, r.counters.packets, f.exact);
        num(&mut s, r.counters.bytes, f.exact);
    }
    let _ = write!(s, "{:<9} ", r.target.name());
    let (inv, p) = r.proto.unwrap_or((false, 0));
    s.push(if inv { '!' } else { ' ' });
    if f.numeric {
        let _ = write!(s, "{p:<4} ");
    } else {
        let pn = names::proto_name(p)
            .map(String::from)
            .unwrap_or_else(|| format!("{p}"));
        let _ = write!(s, "{pn:<4} ");
    }
    s.push_str("-- ");
    if f.verbose {
        let iface = |m: &Option<crate::sys::netfilter::IfaceMatch>| match m {
            Some(m) => format!("{}{}", if m.invert { "!" } else { "" }, m.name),
            None => String::from("*"),
        };
        let _ = write!(s, " {:<6} {:<6} ", iface(&r.iif), iface(&r.oif));
    }
    addr_field(&mut s, &r.src, family, f.numeric, name);
    addr_field(&mut s, &r.dst, family, f.numeric, name);
    if matches!(r.target, Target::Goto(_)) {
        s.push_str("[goto] ");
    }
    list_extras(&mut s, r, family, f.numeric);
    s
}

/// `xtables_save_string`: quoted unless it is all safe characters.
fn save_string(s: &mut String, v: &str) {
    let safe = !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    s.push(' ');
    if safe {
        s.push_str(v);
        return;
    }
    s.push('"');
    for c in v.chars() {
        if matches!(c, '"' | '\\' | '\'') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('"');
}

fn save_ports(s: &mut String, opt: &str, m: &Option<PortMatch>) {
    if let Some(m) = m {
        if m.invert {
            s.push_str(" !");
        }
        let _ = write!(s, " {opt} {}", range_text(&m.range, ':'));
    }
}

fn save_icmp(s: &mut String, t: &IcmpType, v6: bool) {
    let _ = write!(s, " -m {}", if v6 { "icmp6" } else { "icmp" });
    if t.invert {
        s.push_str(" !");
    }
    let _ = write!(s, " {} ", if v6 { "--icmpv6-type" } else { "--icmp-type" });
    if t.kind == 0xff && !v6 {
        s.push_str("any");
    } else {
        let _ = write!(s, "{}", t.kind);
        if t.code_lo != 0 || t.code_hi != 0xff {
            let _ = write!(s, "/{}", t.code_lo);
        }
    }
}

fn save_addr(s: &mut String, opt: &str, a: &Option<AddrMatch>) {
    if let Some(a) = a {
        let _ = write!(
            s,
            "{} {opt} {}/{}",
            if a.invert { " !" } else { "" },
            a.addr,
            a.prefix
        );
    }
}

/// A rule as `-S` and `iptables-save` write it, after `-A CHAIN`.
pub(super) fn save_rule(r: &Rule, family: NfFamily) -> String {
    let _ = family;
    let mut s = String::new();
    save_addr(&mut s, "-s", &r.src);
    save_addr(&mut s, "-d", &r.dst);
    for (opt, m) in [("-i", &r.iif), ("-o", &r.oif)] {
        if let Some(m) = m {
            let _ = write!(s, "{} {opt} {}", if m.invert { " !" } else { "" }, m.name);
        }
    }
    if let Some((inv, p)) = r.proto
        && (p != 0 || inv)
    {
        let pn = names::proto_name(p)
            .map(String::from)
            .unwrap_or_else(|| format!("{p}"));
        let _ = write!(s, "{} -p {pn}", if inv { " !" } else { "" });
    }
    for m in &r.matches {
        match m {
            Match::Tcp {
                sport,
                dport,
                flags,
            } => {
                s.push_str(" -m tcp");
                save_ports(&mut s, "--sport", sport);
                save_ports(&mut s, "--dport", dport);
                if let Some(f) = flags {
                    if f.invert {
                        s.push_str(" !");
                    }
                    let _ = write!(
                        s,
                        " --tcp-flags {} {}",
                        names::tcp_flags_text(f.mask),
                        names::tcp_flags_text(f.comp)
                    );
                }
            }
            Match::Udp { sport, dport } => {
                s.push_str(" -m udp");
                save_ports(&mut s, "--sport", sport);
                save_ports(&mut s, "--dport", dport);
            }
            Match::Icmp(t) => save_icmp(&mut s, t, false),
            Match::Icmp6(t) => save_icmp(&mut s, t, true),
            Match::Multiport { dir, invert, ports } => {
                let d = match dir {
                    MultiportDir::Source => "--sports",
                    MultiportDir::Destination => "--dports",
                    MultiportDir::Either => "--ports",
                };
                let list: Vec<String> = ports.iter().map(|p| range_text(p, ':')).collect();
                let _ = write!(
                    s,
                    " -m multiport{} {d} {}",
                    if *invert { " !" } else { "" },
                    list.join(",")
                );
            }
            Match::CtState {
                legacy,
                invert,
                states,
            } => {
                let (m, o) = if *legacy {
                    ("state", "--state")
                } else {
                    ("conntrack", "--ctstate")
                };
                let _ = write!(
                    s,
                    " -m {m}{} {o} {}",
                    if *invert { " !" } else { "" },
                    states_text(*states)
                );
            }
            Match::AddrType { src, dst } => {
                s.push_str(" -m addrtype");
                if let Some((inv, t)) = src {
                    let _ = write!(
                        s,
                        "{} --src-type {}",
                        if *inv { " !" } else { "" },
                        t.name()
                    );
                }
                if let Some((inv, t)) = dst {
                    let _ = write!(
                        s,
                        "{} --dst-type {}",
                        if *inv { " !" } else { "" },
                        t.name()
                    );
                }
            }
            Match::Comment(c) => {
                s.push_str(" -m comment --comment");
                save_string(&mut s, c);
            }
        }
    }
    match &r.target {
        Target::None => {}
        Target::Goto(c) => {
            let _ = write!(s, " -g {c}");
        }
        t => {
            let _ = write!(s, " -j {}", t.name());
        }
    }
    match &r.target {
        Target::Reject(w) => {
            let _ = write!(s, " --reject-with {}", w.name());
        }
        Target::Log { prefix, level } => {
            if !prefix.is_empty() {
                s.push_str(" --log-prefix");
                save_string(&mut s, prefix);
            }
            if *level != 4 {
                let _ = write!(s, " --log-level {level}");
            }
        }
        Target::Dnat(n) => {
            let _ = write!(s, " --to-destination {}", nat_text(n));
        }
        Target::Snat(n) => {
            let _ = write!(s, " --to-source {}", nat_text(n));
        }
        Target::Masquerade(n) | Target::Redirect(n) => {
            if let Some(p) = &n.ports {
                let _ = write!(s, " --to-ports {}", range_text(p, '-'));
            }
        }
        _ => {}
    }
    s
}

/// The chains of a table as `-L` shows them: every built-in chain (made
/// or not) in iptables' order, then the user chains by name.
pub(super) fn listed_chains(
    kind: crate::sys::netfilter::TableKind,
    made: &[ChainRecord],
) -> Vec<ChainRecord> {
    let mut out: Vec<ChainRecord> = kind
        .builtins()
        .iter()
        .map(|h| {
            made.iter()
                .find(|c| c.hook == Some(*h))
                .cloned()
                .unwrap_or_else(|| ChainRecord {
                    name: String::from(h.chain_name()),
                    hook: Some(*h),
                    policy: crate::sys::netfilter::Policy::Accept,
                    rules: Vec::new(),
                    references: 0,
                })
        })
        .collect();
    let mut user: Vec<ChainRecord> = made.iter().filter(|c| c.hook.is_none()).cloned().collect();
    user.sort_by(|a, b| a.name.cmp(&b.name));
    out.extend(user);
    out
}
