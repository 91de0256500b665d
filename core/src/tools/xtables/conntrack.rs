//! `conntrack` (conntrack-tools 1.4.7): `-L` lists the namespace's tracked
//! connections in libnetfilter_conntrack's format (`tcp      6 119
//! TIME_WAIT src=... [ASSURED] mark=0 use=1`) with the count on standard
//! error; `-F` empties the table; `-C` counts.

use alloc::format;
use alloc::string::String;
use core::fmt::Write;

use crate::process::{Ctx, Started};
use crate::sys::netfilter::{CtRecord, CtTuple, NfFamily};

const PREFIX: &str = "conntrack v1.4.7 (conntrack-tools)";

fn proto_name(p: u8) -> &'static str {
    match p {
        1 => "icmp",
        6 => "tcp",
        17 => "udp",
        58 => "icmpv6",
        _ => "unknown",
    }
}

fn tuple(s: &mut String, t: &CtTuple) {
    let _ = write!(s, "src={} dst={} ", t.src, t.dst);
    match t.icmp {
        Some((ty, code, id)) => {
            let _ = write!(s, "type={ty} code={code} id={id} ");
        }
        None => {
            let _ = write!(s, "sport={} dport={} ", t.sport, t.dport);
        }
    }
}

/// One entry's line.
fn line(r: &CtRecord) -> String {
    let mut s = format!("{:<8} {} {} ", proto_name(r.proto), r.proto, r.timeout);
    if let Some(st) = r.state {
        let _ = write!(s, "{st} ");
    }
    tuple(&mut s, &r.orig);
    if r.unreplied {
        s.push_str("[UNREPLIED] ");
    }
    tuple(&mut s, &r.reply);
    if r.assured {
        s.push_str("[ASSURED] ");
    }
    s.push_str("mark=0 use=1\n");
    s
}

fn usage(ctx: &mut Ctx<'_>, text: &str) -> Started {
    ctx.err(&format!(
        "{PREFIX}: {text}\nTry `conntrack -h' or 'conntrack --help' for more information.\n"
    ));
    Started::Exited(2)
}

/// `conntrack`.
pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut cmd: Option<char> = None;
    let mut proto: Option<u8> = None;
    let mut family = NfFamily::Ipv4;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "-L" | "--dump" => cmd = Some('L'),
            "-F" | "--flush" => cmd = Some('F'),
            "-C" | "--count" => cmd = Some('C'),
            "-V" | "--version" => {
                ctx.out(&format!("{PREFIX}\n"));
                return Started::Exited(0);
            }
            "-p" | "--proto" => {
                let Some(p) = it.next() else {
                    return usage(ctx, "option `-p' requires an argument");
                };
                proto = match p.as_str() {
                    "tcp" | "6" => Some(6),
                    "udp" | "17" => Some(17),
                    "icmp" | "1" => Some(1),
                    "icmpv6" | "58" => Some(58),
                    _ => return usage(ctx, &format!("`{p}' unsupported protocol")),
                };
            }
            "-f" | "--family" => match it.next().map(String::as_str) {
                Some("ipv4") => family = NfFamily::Ipv4,
                Some("ipv6") => family = NfFamily::Ipv6,
                Some(f) => return usage(ctx, &format!("`{f}' is unsupported protocol family")),
                None => return usage(ctx, "option `-f' requires an argument"),
            },
            o => return usage(ctx, &format!("unknown option `{o}'")),
        }
    }
    let Some(cmd) = cmd else {
        ctx.out(include_str!("conntrack-help.txt"));
        return Started::Exited(0);
    };
    if ctx.sys().getuid() != 0 {
        ctx.err(&format!(
            "{PREFIX}: Operation failed: sorry, you must be root or get CAP_NET_ADMIN capability to do this\n"
        ));
        return Started::Exited(1);
    }
    match cmd {
        'F' => {
            let _ = ctx.sys().ct_flush();
            ctx.err(&format!(
                "{PREFIX}: connection tracking table has been emptied.\n"
            ));
        }
        'C' => {
            let n = ctx.sys().ct_dump(family).map(|v| v.len()).unwrap_or(0);
            ctx.out(&format!("{n}\n"));
        }
        _ => {
            let all = ctx.sys().ct_dump(family).unwrap_or_default();
            let mut out = String::new();
            let mut n = 0;
            for r in all.iter().filter(|r| proto.is_none_or(|p| r.proto == p)) {
                out.push_str(&line(r));
                n += 1;
            }
            ctx.out(&out);
            ctx.err(&format!("{PREFIX}: {n} flow entries have been shown.\n"));
        }
    }
    Started::Exited(0)
}
