//! `nft list` (nftables 1.0.6) over the tables iptables-nft made: each
//! table with iptables-nft's warning line, each chain with its hook,
//! priority and policy, each rule translated the way nft prints
//! iptables-nft's expressions (`tcp dport 8000 counter packets 0 bytes 0
//! reject`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use super::names;
use crate::process::{Ctx, Started};
use crate::sys::netfilter::{
    ChainRecord, Hook, Match, MultiportDir, NfFamily, PortMatch, PortRange, RejectWith, Rule,
    TableKind, TableRecord, Target, ct_bits,
};

fn fam_name(f: NfFamily) -> &'static str {
    match f {
        NfFamily::Ipv4 => "ip",
        NfFamily::Ipv6 => "ip6",
    }
}

fn range(r: &PortRange) -> String {
    if r.lo == r.hi {
        format!("{}", r.lo)
    } else {
        format!("{}-{}", r.lo, r.hi)
    }
}

fn ports(s: &mut String, proto: &str, field: &str, m: &Option<PortMatch>) {
    if let Some(m) = m {
        let _ = write!(
            s,
            " {proto} {field} {}{}",
            if m.invert { "!= " } else { "" },
            range(&m.range)
        );
    }
}

fn flag_names(v: u8) -> String {
    let n: Vec<String> = names::TCP_FLAGS
        .iter()
        .filter(|(_, b)| v & b != 0)
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    n.join(",")
}

fn proto_word(p: u8) -> String {
    names::proto_name(p)
        .map(String::from)
        .unwrap_or_else(|| format!("{p}"))
}

/// One rule as nft prints it (without the indentation).
fn rule_text(r: &Rule, family: NfFamily) -> String {
    let v6 = family == NfFamily::Ipv6;
    let ip = fam_name(family);
    let mut s = String::new();
    for (word, m) in [("iifname", &r.iif), ("oifname", &r.oif)] {
        if let Some(m) = m {
            let name = match m.name.strip_suffix('+') {
                Some(p) => format!("{p}*"),
                None => m.name.clone(),
            };
            let _ = write!(s, " {word} {}\"{name}\"", if m.invert { "!= " } else { "" });
        }
    }
    // Does a native transport match follow, making `meta l4proto` implied?
    let implied = r
        .matches
        .iter()
        .any(|m| matches!(m, Match::Tcp { .. } | Match::Udp { .. }));
    let proto = |s: &mut String| {
        if let Some((inv, p)) = r.proto
            && (p != 0 || inv)
            && (!implied || inv)
        {
            let _ = write!(
                s,
                " meta l4proto {}{}",
                if inv { "!= " } else { "" },
                proto_word(p)
            );
        }
    };
    if v6 {
        proto(&mut s);
    }
    for (word, a) in [("saddr", &r.src), ("daddr", &r.dst)] {
        if let Some(a) = a {
            let max = if a.addr.is_ipv4() { 32 } else { 128 };
            let text = if a.prefix == max {
                format!("{}", a.addr)
            } else {
                format!("{}/{}", a.addr, a.prefix)
            };
            let _ = write!(
                s,
                " {ip} {word} {}{text}",
                if a.invert { "!= " } else { "" }
            );
        }
    }
    if !v6 {
        proto(&mut s);
    }
    for m in &r.matches {
        match m {
            Match::Tcp {
                sport,
                dport,
                flags,
            } => {
                ports(&mut s, "tcp", "sport", sport);
                ports(&mut s, "tcp", "dport", dport);
                if let Some(f) = flags {
                    let _ = write!(
                        s,
                        " tcp flags {}{} / {}",
                        if f.invert { "!= " } else { "" },
                        flag_names(f.comp),
                        flag_names(f.mask)
                    );
                }
            }
            Match::Udp { sport, dport } => {
                ports(&mut s, "udp", "sport", sport);
                ports(&mut s, "udp", "dport", dport);
            }
            Match::Icmp(t) | Match::Icmp6(t) => {
                let word = if v6 { "icmpv6" } else { "icmp" };
                if t.kind == 0xff {
                    let _ = write!(s, " ip protocol {word}");
                } else if t.code_lo == 0 && t.code_hi == 0xff {
                    let name = names::nft_icmp_type(v6, t.kind)
                        .map(String::from)
                        .unwrap_or_else(|| format!("{}", t.kind));
                    let _ = write!(
                        s,
                        " {word} type {}{name}",
                        if t.invert { "!= " } else { "" }
                    );
                } else {
                    let _ = write!(s, " xt match {}", if v6 { "icmp6" } else { "icmp" });
                }
            }
            Match::Multiport { dir, invert, ports } => {
                let p = proto_word(r.proto.map_or(6, |(_, p)| p));
                let field = match dir {
                    MultiportDir::Source => "sport",
                    MultiportDir::Destination => "dport",
                    MultiportDir::Either => "dport",
                };
                let list: Vec<String> = ports.iter().map(range).collect();
                let _ = write!(
                    s,
                    " {p} {field} {}{{ {} }}",
                    if *invert { "!= " } else { "" },
                    list.join(", ")
                );
            }
            Match::CtState { invert, states, .. } => {
                let list: Vec<String> = ct_bits::NAMES
                    .iter()
                    .filter(|(b, _)| states & b != 0)
                    .map(|(_, n)| n.to_ascii_lowercase())
                    .collect();
                let _ = write!(
                    s,
                    " ct state {}{}",
                    if *invert { "! " } else { "" },
                    list.join(",")
                );
            }
            Match::AddrType { src, dst } => {
                for (word, t) in [("saddr", src), ("daddr", dst)] {
                    if let Some((inv, t)) = t {
                        let _ = write!(
                            s,
                            " fib {word} type {}{}",
                            if *inv { "!= " } else { "" },
                            t.name().to_ascii_lowercase()
                        );
                    }
                }
            }
            Match::Comment(_) => s.push(' '),
        }
    }
    let _ = write!(
        s,
        " counter packets {} bytes {}",
        r.counters.packets, r.counters.bytes
    );
    match &r.target {
        Target::None => {}
        Target::Accept => s.push_str(" accept"),
        Target::Drop => s.push_str(" drop"),
        Target::Return => s.push_str(" return"),
        Target::Jump(c) => {
            let _ = write!(s, " jump {c}");
        }
        Target::Goto(c) => {
            let _ = write!(s, " goto {c}");
        }
        Target::Reject(w) => {
            let text = match w {
                RejectWith::PortUnreachable | RejectWith::Icmp6PortUnreachable => "",
                RejectWith::TcpReset => " with tcp reset",
                RejectWith::NetUnreachable => " with icmp type net-unreachable",
                RejectWith::HostUnreachable => " with icmp type host-unreachable",
                RejectWith::ProtoUnreachable => " with icmp type prot-unreachable",
                RejectWith::NetProhibited => " with icmp type net-prohibited",
                RejectWith::HostProhibited => " with icmp type host-prohibited",
                RejectWith::AdminProhibited => " with icmp type admin-prohibited",
                RejectWith::Icmp6NoRoute => " with icmpv6 type no-route",
                RejectWith::Icmp6AdmProhibited => " with icmpv6 type admin-prohibited",
                RejectWith::Icmp6AddrUnreachable => " with icmpv6 type addr-unreachable",
            };
            let _ = write!(s, " reject{text}");
        }
        Target::Log { prefix, level } => {
            s.push_str(" log");
            if !prefix.is_empty() {
                let _ = write!(s, " prefix \"{prefix}\"");
            }
            if *level != 4 {
                let _ = write!(s, " level {}", names::log_level_name(*level));
            }
        }
        Target::Dnat(n) | Target::Snat(n) => {
            let word = if matches!(r.target, Target::Dnat(_)) {
                "dnat"
            } else {
                "snat"
            };
            let _ = write!(s, " {word} to ");
            match (n.addr, &n.ports) {
                (Some(core::net::IpAddr::V6(a)), Some(p)) => {
                    let _ = write!(s, "[{a}]:{}", range(p));
                }
                (Some(a), Some(p)) => {
                    let _ = write!(s, "{a}:{}", range(p));
                }
                (Some(a), None) => {
                    let _ = write!(s, "{a}");
                }
                (None, Some(p)) => {
                    let _ = write!(s, ":{}", range(p));
                }
                (None, None) => {}
            }
        }
        Target::Masquerade(n) | Target::Redirect(n) => {
            s.push_str(if matches!(r.target, Target::Masquerade(_)) {
                " masquerade"
            } else {
                " redirect"
            });
            if let Some(p) = &n.ports {
                let _ = write!(s, " to :{}", range(p));
            }
        }
    }
    String::from(s.trim_start())
}

fn chain_text(out: &mut String, kind: TableKind, family: NfFamily, c: &ChainRecord) {
    let _ = writeln!(out, "\tchain {} {{", c.name);
    if let Some(h) = c.hook {
        let prio = match (kind, h) {
            (TableKind::Filter, _) => "filter",
            (TableKind::Nat, Hook::Prerouting) => "dstnat",
            (TableKind::Nat, Hook::Postrouting) => "srcnat",
            (TableKind::Nat, Hook::Output) => "-100",
            (TableKind::Nat, _) => "100",
        };
        let _ = writeln!(
            out,
            "\t\ttype {} hook {} priority {prio}; policy {};",
            kind.name(),
            h.nft_name(),
            c.policy.name().to_ascii_lowercase()
        );
    }
    for r in &c.rules {
        let _ = writeln!(out, "\t\t{}", rule_text(r, family));
    }
    out.push_str("\t}\n");
}

fn table_text(out: &mut String, t: &TableRecord, only_chain: Option<&str>) {
    let fam = fam_name(t.family);
    let name = t.kind.name();
    // nft warns about tables whose rules carry iptables-nft's expressions.
    if t.chains.iter().any(|c| !c.rules.is_empty()) {
        let _ = writeln!(
            out,
            "# Warning: table {fam} {name} is managed by iptables-nft, do not touch!"
        );
    }
    let _ = writeln!(out, "table {fam} {name} {{");
    let mut first = true;
    for c in &t.chains {
        if only_chain.is_some_and(|n| n != c.name) {
            continue;
        }
        if !first {
            out.push('\n');
        }
        first = false;
        chain_text(out, t.kind, t.family, c);
    }
    out.push_str("}\n");
}

fn parse_family(w: Option<&String>) -> Option<Option<NfFamily>> {
    match w.map(String::as_str) {
        Some("ip") => Some(Some(NfFamily::Ipv4)),
        Some("ip6") => Some(Some(NfFamily::Ipv6)),
        _ => None,
    }
}

/// nft's error for a command it cannot parse, with the caret line.
fn syntax_error(ctx: &mut Ctx<'_>, line: &str, unexpected: &str) -> Started {
    let at = line.find(unexpected).unwrap_or(0);
    let carets = "^".repeat(unexpected.len().max(1));
    ctx.err(&format!(
        "Error: syntax error, unexpected {unexpected}\n{line}\n{}{carets}\n",
        " ".repeat(at)
    ));
    Started::Exited(1)
}

/// nft's answer for a table or chain that is not there: the command with
/// carets under the missing name.
fn no_such(ctx: &mut Ctx<'_>, line: &str, name: &str) -> Started {
    let at = line.rfind(name).unwrap_or(0);
    ctx.err(&format!(
        "Error: No such file or directory\n{line}\n{}{}\n",
        " ".repeat(at),
        "^".repeat(name.len().max(1))
    ));
    Started::Exited(1)
}

/// `nft`.
pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let words: Vec<String> = args.iter().skip(1).cloned().collect();
    let line = words.join(" ");
    if words.is_empty() {
        ctx.err("nft: no command specified\n");
        return Started::Exited(1);
    }
    if matches!(words.first().map(String::as_str), Some("-v" | "--version")) {
        ctx.out("nftables v1.0.6 (Lester Gooch #5)\n");
        return Started::Exited(0);
    }
    if words.first().map(String::as_str) != Some("list") {
        let w = words.first().cloned().unwrap_or_default();
        return syntax_error(ctx, &line, &w);
    }
    if ctx.sys().getuid() != 0 {
        ctx.err("Operation not permitted (you must be root)\nnetlink: Error: cache initialization failed: Operation not permitted\n");
        return Started::Exited(1);
    }
    let tables = ctx.sys().nf_tables().unwrap_or_default();
    let mut out = String::new();
    match words.get(1).map(String::as_str) {
        Some("ruleset") => {
            let fam = match words.get(2) {
                None => None,
                w => match parse_family(w) {
                    Some(f) => f,
                    None => return syntax_error(ctx, &line, w.map_or("", |s| s.as_str())),
                },
            };
            // The kernel lists tables in the order they were made.
            for t in tables.iter().filter(|t| fam.is_none_or(|f| t.family == f)) {
                table_text(&mut out, t, None);
            }
        }
        Some("tables") => {
            for t in &tables {
                let _ = writeln!(out, "table {} {}", fam_name(t.family), t.kind.name());
            }
        }
        Some(what @ ("table" | "chain")) => {
            let mut rest: Vec<&String> = words.iter().skip(2).collect();
            let fam = match parse_family(rest.first().copied()) {
                Some(f) => {
                    rest.remove(0);
                    f.unwrap_or(NfFamily::Ipv4)
                }
                None => NfFamily::Ipv4,
            };
            let Some(tname) = rest.first() else {
                return syntax_error(ctx, &line, "end of file");
            };
            let chain = rest.get(1).map(|s| s.as_str());
            if what == "chain" && chain.is_none() {
                return syntax_error(ctx, &line, "end of file");
            }
            let Some(t) = tables
                .iter()
                .find(|t| t.family == fam && t.kind.name() == tname.as_str())
            else {
                return no_such(ctx, &line, tname);
            };
            if let Some(c) = chain
                && !t.chains.iter().any(|x| x.name == c)
            {
                return no_such(ctx, &line, c);
            }
            table_text(&mut out, t, if what == "chain" { chain } else { None });
        }
        Some(w) => return syntax_error(ctx, &line, w),
        None => return syntax_error(ctx, &line, "end of file"),
    }
    ctx.out(&out);
    Started::Exited(0)
}
