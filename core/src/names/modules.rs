//! The `hosts:` NSS modules for forward lookups: `files`, `dns`, and the
//! names `myhostname` and `resolve` synthesize.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::config::Config;
use super::dnssource::{DnsError, DnsSource, RecordType};
use super::hosts::Family;
use super::journey::{Stage, Trace};
use super::net::NetView;
use super::nsswitch::Status;

/// Names the `myhostname` / `resolve` modules synthesize as loopback.
pub fn is_localhost_name(name: &str) -> bool {
    let n = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    n == "localhost"
        || n == "localhost.localdomain"
        || n.ends_with(".localhost")
        || n.ends_with(".localhost.localdomain")
}

/// What one module returned for a forward lookup.
pub(crate) struct ModuleAnswer {
    /// What the module (or the walk) says.
    pub(crate) status: Status,
    /// The addresses found.
    pub(crate) addrs: Vec<IpAddr>,
    /// The canonical name.
    pub(crate) canon: Option<String>,
    /// The aliases.
    pub(crate) aliases: Vec<String>,
}

impl ModuleAnswer {
    /// An answer with no address.
    pub(crate) fn status(status: Status) -> Self {
        ModuleAnswer {
            status,
            addrs: Vec::new(),
            canon: None,
            aliases: Vec::new(),
        }
    }
}

/// The request a module gets: glibc calls `gethostbyname4_r` for
/// `AF_UNSPEC` and `gethostbyname3_r(af)` otherwise.
#[derive(Clone, Copy)]
pub(crate) struct Query<'a> {
    /// The name asked for.
    pub(crate) name: &'a str,
    /// The family asked for.
    pub(crate) family: Family,
    /// `AI_V4MAPPED`.
    pub(crate) v4mapped: bool,
    /// `AI_ALL`.
    pub(crate) all: bool,
}

/// The `AF_*` name of a family.
pub(crate) fn family_word(f: Family) -> &'static str {
    match f {
        Family::Unspec => "AF_UNSPEC",
        Family::Inet => "AF_INET",
        Family::Inet6 => "AF_INET6",
    }
}

/// The `files` module: `/etc/hosts`.
pub(crate) fn files_module(cfg: &Config, q: Query<'_>, trace: &mut Trace) -> ModuleAnswer {
    let mut ans = ModuleAnswer::status(Status::NotFound);
    let pass = |fam: Family, mapped: bool, ans: &mut ModuleAnswer, trace: &mut Trace| {
        for e in cfg.hosts.matching(q.name) {
            match e.addr_for(fam, mapped) {
                Some(a) => {
                    let how = if a == e.addr {
                        String::new()
                    } else {
                        format!(" (read as {a} for {})", family_word(fam))
                    };
                    trace.push(
                        Stage::Files,
                        format!(
                            "/etc/hosts line {}: {} {} matched{how}",
                            e.line, e.addr, e.name
                        ),
                    );
                    ans.addrs.push(a);
                    match &ans.canon {
                        None => {
                            ans.canon = Some(e.name.clone());
                            ans.aliases.extend(e.aliases.iter().cloned());
                        }
                        Some(c) => {
                            // glibc's "multi" merge: later aliases, then the later
                            // line's own name if it differs.
                            for al in e.aliases.iter().chain(core::iter::once(&e.name)) {
                                if al != c && !ans.aliases.contains(al) {
                                    ans.aliases.push(al.clone());
                                }
                            }
                        }
                    }
                }
                None => trace.push(
                    Stage::Files,
                    format!(
                        "/etc/hosts line {}: {} {} names it, but is skipped for {}",
                        e.line,
                        e.addr,
                        e.name,
                        family_word(fam)
                    ),
                ),
            }
        }
    };
    match q.family {
        Family::Unspec | Family::Inet => pass(q.family, false, &mut ans, trace),
        Family::Inet6 => {
            pass(Family::Inet6, false, &mut ans, trace);
            if q.v4mapped && (ans.addrs.is_empty() || q.all) {
                trace.push(
                    Stage::Files,
                    "AI_V4MAPPED: looking for IPv4 lines to map to ::ffff:a.b.c.d",
                );
                pass(Family::Inet6, true, &mut ans, trace);
                // The second pass repeats the IPv6 lines; keep each once.
                let mut seen: Vec<IpAddr> = Vec::new();
                ans.addrs.retain(|a| {
                    if a.is_ipv6() && !matches!(a, IpAddr::V6(v) if v.to_ipv4_mapped().is_some()) {
                        if seen.contains(a) {
                            return false;
                        }
                        seen.push(*a);
                    }
                    true
                });
            }
        }
    }
    if !ans.addrs.is_empty() {
        ans.status = Status::Success;
    } else {
        trace.push(
            Stage::Files,
            format!("no line of /etc/hosts names \"{}\"", q.name),
        );
    }
    ans
}

/// The `dns` module: the resolv.conf nameserver, each search candidate.
pub(crate) fn dns_module(
    cfg: &Config,
    dns: &mut dyn DnsSource,
    q: Query<'_>,
    trace: &mut Trace,
) -> ModuleAnswer {
    let server = cfg.resolv.nameservers.first().copied();
    let server_text = match server {
        Some(s) => s.to_string(),
        None => "127.0.0.1 (no nameserver line: glibc's default)".to_string(),
    };
    let server = server.or(Some(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    let types: &[RecordType] = match q.family {
        Family::Unspec => &[RecordType::A, RecordType::Aaaa],
        Family::Inet => &[RecordType::A],
        Family::Inet6 if q.v4mapped => &[RecordType::Aaaa, RecordType::A],
        Family::Inet6 => &[RecordType::Aaaa],
    };
    let mut worst = Status::NotFound;
    for cand in cfg.resolv.candidates(q.name) {
        let mut addrs = Vec::new();
        let mut nx = false;
        let mut exists = false;
        for &t in types {
            if t == RecordType::A && q.family == Family::Inet6 && (!addrs.is_empty() && !q.all) {
                continue;
            }
            let tn = if t == RecordType::A { "A" } else { "AAAA" };
            match dns.query(server, &cand, t) {
                Ok(v) => {
                    exists = true;
                    trace.push(
                        Stage::Dns,
                        format!("asked {server_text} for {tn} {cand}: {} answer(s)", v.len()),
                    );
                    for a in v {
                        let a = match (q.family, a) {
                            (Family::Inet6, IpAddr::V4(v4)) => IpAddr::V6(v4.to_ipv6_mapped()),
                            (_, a) => a,
                        };
                        addrs.push(a);
                    }
                }
                Err(e) => {
                    trace.push(
                        Stage::Dns,
                        format!("asked {server_text} for {tn} {cand}: {e}"),
                    );
                    if e == DnsError::NxDomain {
                        nx = true;
                    } else if worst != Status::TryAgain {
                        worst = e.status();
                    }
                }
            }
        }
        if !addrs.is_empty() {
            return ModuleAnswer {
                status: Status::Success,
                addrs,
                canon: Some(cand),
                aliases: Vec::new(),
            };
        }
        if exists && !nx {
            worst = if worst == Status::NotFound {
                Status::NotFound
            } else {
                worst
            };
        }
    }
    ModuleAnswer::status(worst)
}

/// What `myhostname` and `resolve` synthesize: localhost and the host name.
pub(crate) fn synth_local(
    cfg: &Config,
    net: &dyn NetView,
    q: Query<'_>,
    stage: Stage,
    trace: &mut Trace,
) -> ModuleAnswer {
    let lo6 = IpAddr::V6(Ipv6Addr::LOCALHOST);
    let (canon, candidates) = if is_localhost_name(q.name) {
        trace.push(
            stage,
            format!(
                "\"{}\" is localhost or *.localhost: synthesized ::1 and 127.0.0.1",
                q.name
            ),
        );
        (
            "localhost".to_string(),
            alloc::vec![lo6, IpAddr::V4(Ipv4Addr::LOCALHOST)],
        )
    } else if q
        .name
        .strip_suffix('.')
        .unwrap_or(q.name)
        .eq_ignore_ascii_case(&cfg.hostname)
    {
        let own: Vec<IpAddr> = net
            .addresses()
            .iter()
            .map(|a| a.addr)
            .filter(|a| {
                !a.is_loopback()
                    && !matches!(a, IpAddr::V6(v) if v.segments()[0] & 0xffc0 == 0xfe80)
            })
            .collect();
        if own.is_empty() {
            trace.push(
                stage,
                format!(
                    "\"{}\" is the host name; no non-loopback address: ::1 and 127.0.0.2",
                    q.name
                ),
            );
            (
                cfg.hostname.clone(),
                alloc::vec![lo6, IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))],
            )
        } else {
            trace.push(
                stage,
                format!("\"{}\" is the host name: its configured addresses", q.name),
            );
            (cfg.hostname.clone(), own)
        }
    } else {
        return ModuleAnswer::status(Status::NotFound);
    };
    let addrs: Vec<IpAddr> = candidates
        .into_iter()
        .filter_map(|a| match (q.family, a) {
            (Family::Unspec, a) => Some(a),
            (Family::Inet, IpAddr::V4(_)) | (Family::Inet6, IpAddr::V6(_)) => Some(a),
            (Family::Inet6, IpAddr::V4(v)) if q.v4mapped => Some(IpAddr::V6(v.to_ipv6_mapped())),
            _ => None,
        })
        .collect();
    if addrs.is_empty() {
        return ModuleAnswer::status(Status::NotFound);
    }
    ModuleAnswer {
        status: Status::Success,
        addrs,
        canon: Some(canon),
        aliases: Vec::new(),
    }
}
