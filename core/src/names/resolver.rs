//! glibc 2.36's `getaddrinfo`, returning a step-by-step [`Step`] trace.
//!
//! [`Step`]: super::Step

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::addrinfo::{AddrInfo, GaiError, Hints, Resolution};
use super::config::Config;
use super::dnssource::DnsSource;
use super::hosts::Family;
use super::inet::{inet_aton_exact, pton4, pton6};
use super::journey::{Stage, Trace};
use super::modules::{Query, family_word};
use super::net::{AddrConfig, NetView};
use super::nsswitch::Status;
use super::rfc3484::sort_addrs;
use super::services::socktypes_for;
use super::walk::nss_walk;

/// glibc 2.36's `getaddrinfo`.
///
/// Order of work, as glibc does it: flag checks; `AI_ADDRCONFIG` (which can
/// narrow `AF_UNSPEC` to one family, or fail outright before any parsing);
/// the service; a numeric host (`inet_aton` shorthands, then `inet_pton`
/// for IPv6); `AI_NUMERICHOST`; the `hosts:` modules in order; RFC 3484
/// sorting with the gai.conf policy and the kernel's source addresses.
pub fn getaddrinfo(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    name: Option<&str>,
    service: Option<&str>,
    hints: &Hints,
) -> Resolution<Vec<AddrInfo>, GaiError> {
    let mut trace = Trace::default();
    let mut result = gai_inner(cfg, net, dns, name, service, hints, &mut trace);
    // glibc attaches ai_canonname to the first entry of the final, sorted
    // list (`PING ip6-localhost(localhost (::1))`).
    if let Ok(list) = result.as_mut() {
        let canon = list.iter_mut().find_map(|ai| ai.canonname.take());
        if let Some(first) = list.first_mut() {
            first.canonname = canon;
        }
    }
    match &result {
        Ok(v) => {
            let mut shown: Vec<String> = Vec::new();
            for ai in v {
                let s = ai.addr.to_string();
                if shown.last() != Some(&s) {
                    shown.push(s);
                }
            }
            trace.push(Stage::Result, format!("answer: {}", shown.join(", ")));
        }
        Err(e) => trace.push(Stage::Result, format!("{}: {e}", e.name())),
    }
    Resolution {
        result,
        trace: trace.0,
    }
}

fn gai_inner(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    name: Option<&str>,
    service: Option<&str>,
    hints: &Hints,
    trace: &mut Trace,
) -> Result<Vec<AddrInfo>, GaiError> {
    if name.is_none() && service.is_none() {
        trace.push(Stage::Input, "neither a host nor a service");
        return Err(GaiError::NoName);
    }
    if hints.flags.canonname && name.is_none() {
        trace.push(Stage::Input, "AI_CANONNAME needs a host name");
        return Err(GaiError::BadFlags);
    }
    let mut family = hints.family;
    if hints.flags.addrconfig {
        let ac = AddrConfig::from_addrs(&net.addresses());
        let yn = |b: bool| if b { "yes" } else { "no" };
        trace.push(
            Stage::AddrConfig,
            format!(
                "AI_ADDRCONFIG: IPv4 configured (other than 127.0.0.1)? {}; IPv6 configured (other than ::1)? {}",
                yn(ac.v4),
                yn(ac.v6)
            ),
        );
        match family {
            Family::Unspec if ac.v4 != ac.v6 => {
                family = if ac.v4 { Family::Inet } else { Family::Inet6 };
                trace.push(
                    Stage::AddrConfig,
                    format!("AF_UNSPEC narrowed to {}", family_word(family)),
                );
            }
            Family::Unspec if !ac.v4 => {
                trace.push(
                    Stage::AddrConfig,
                    "neither family configured: glibc does not narrow, both are looked up",
                );
            }
            Family::Inet if !ac.v4 => {
                trace.push(
                    Stage::AddrConfig,
                    "AF_INET asked, no IPv4 address counts: fail before any lookup",
                );
                return Err(GaiError::NoName);
            }
            Family::Inet6 if !ac.v6 => {
                trace.push(
                    Stage::AddrConfig,
                    "AF_INET6 asked, no IPv6 address counts: fail before any lookup",
                );
                return Err(GaiError::NoName);
            }
            _ => {}
        }
    }
    let (port, socktypes) = socktypes_for(hints, service, trace)?;
    let expand = |addrs: Vec<IpAddr>, canon: Option<String>| -> Vec<AddrInfo> {
        let mut out = Vec::new();
        for a in addrs {
            for t in &socktypes {
                out.push(AddrInfo {
                    addr: a,
                    port,
                    socktype: *t,
                    protocol: t.protocol(),
                    canonname: None,
                });
            }
        }
        if hints.flags.canonname
            && let Some(first) = out.first_mut()
        {
            first.canonname = canon;
        }
        out
    };
    let Some(name) = name else {
        let (v4, v6) = if hints.flags.passive {
            (Ipv4Addr::UNSPECIFIED, Ipv6Addr::UNSPECIFIED)
        } else {
            (Ipv4Addr::LOCALHOST, Ipv6Addr::LOCALHOST)
        };
        let mut addrs = Vec::new();
        if family != Family::Inet {
            addrs.push(IpAddr::V6(v6));
        }
        if family != Family::Inet6 {
            addrs.push(IpAddr::V4(v4));
        }
        trace.push(
            Stage::Numeric,
            if hints.flags.passive {
                "no host, AI_PASSIVE: the wildcard address"
            } else {
                "no host: the loopback address"
            },
        );
        return Ok(expand(addrs, None));
    };
    // Numeric hosts.
    if let Some(v4) = inet_aton_exact(name) {
        trace.push(
            Stage::Numeric,
            format!("numeric? yes: inet_aton reads \"{name}\" as {v4}"),
        );
        let addr = match family {
            Family::Inet6 if hints.flags.v4mapped => IpAddr::V6(v4.to_ipv6_mapped()),
            Family::Inet6 => {
                trace.push(
                    Stage::Numeric,
                    "an IPv4 address, but AF_INET6 was asked without AI_V4MAPPED",
                );
                return Err(GaiError::AddrFamily);
            }
            _ => IpAddr::V4(v4),
        };
        return Ok(expand(alloc::vec![addr], Some(name.to_string())));
    }
    let v6text = name.split_once('%').map_or(name, |(a, _)| a);
    if let Some(v6) = pton6(v6text) {
        trace.push(
            Stage::Numeric,
            format!("numeric? yes: an IPv6 address {v6}"),
        );
        let addr = match family {
            Family::Inet => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => {
                    trace.push(Stage::Numeric, "an IPv6 address, but AF_INET was asked");
                    return Err(GaiError::AddrFamily);
                }
            },
            _ => IpAddr::V6(v6),
        };
        return Ok(expand(alloc::vec![addr], Some(name.to_string())));
    }
    trace.push(
        Stage::Numeric,
        format!("numeric? no: \"{name}\" is not an IPv4 (inet_aton) or IPv6 address"),
    );
    if hints.flags.numerichost {
        trace.push(Stage::Numeric, "AI_NUMERICHOST: no lookup allowed");
        return Err(GaiError::NoName);
    }
    let q = Query {
        name,
        family,
        v4mapped: hints.flags.v4mapped,
        all: hints.flags.all,
    };
    let (ans, again) = nss_walk(cfg, net, dns, q, trace);
    if ans.status != Status::Success || ans.addrs.is_empty() {
        return Err(if again || ans.status == Status::TryAgain {
            GaiError::Again
        } else {
            GaiError::NoName
        });
    }
    let addrs = sort_addrs(cfg, net, ans.addrs, trace);
    let canon = ans.canon.or_else(|| Some(name.to_string()));
    Ok(expand(addrs, canon))
}

/// `inet_pton` for either family (what `getent hosts KEY` tries first).
pub fn pton_any(s: &str) -> Option<IpAddr> {
    pton6(s)
        .map(IpAddr::V6)
        .or_else(|| pton4(s).map(IpAddr::V4))
}
