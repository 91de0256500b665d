//! The old API: `gethostbyname2` and `gethostbyaddr` (what `getent
//! hosts` and ping's reply names use).

use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::addrinfo::{HostEnt, HostError, Resolution};
use super::config::Config;
use super::dnssource::DnsSource;
use super::hosts::Family;
use super::inet::{inet_aton_exact, pton6};
use super::journey::{Stage, Trace};
use super::modules::{Query, family_word};
use super::net::NetView;
use super::nsswitch::{Action, Status};
use super::walk::nss_walk;

/// `gethostbyname2(name, af)` for `AF_INET` or `AF_INET6` (as `getent
/// hosts` uses it): digits-and-dots names are answered without NSS, then the
/// `hosts:` modules; `files` merges every matching line ("multi on").
pub fn gethostbyname2(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    name: &str,
    family: Family,
) -> Resolution<HostEnt, HostError> {
    let mut trace = Trace::default();
    let first = name.as_bytes().first().copied().unwrap_or(0);
    let digits_dots =
        first.is_ascii_digit() && name.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let hexcolon = name.contains(':')
        && name
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
    if digits_dots || hexcolon {
        let addr = if digits_dots && !name.ends_with('.') {
            inet_aton_exact(name).map(IpAddr::V4)
        } else {
            pton6(name).map(IpAddr::V6)
        };
        let result = match (addr, family) {
            (Some(a @ IpAddr::V4(_)), Family::Inet) | (Some(a @ IpAddr::V6(_)), Family::Inet6) => {
                trace.push(Stage::Numeric, format!("numeric? yes: {a}"));
                Ok(HostEnt {
                    name: name.to_string(),
                    aliases: Vec::new(),
                    addrs: alloc::vec![a],
                })
            }
            _ => {
                trace.push(
                    Stage::Numeric,
                    format!(
                        "\"{name}\" looks numeric but is no {} address",
                        family_word(family)
                    ),
                );
                Err(HostError::NotFound)
            }
        };
        return Resolution {
            result,
            trace: trace.0,
        };
    }
    let q = Query {
        name,
        family,
        v4mapped: false,
        all: false,
    };
    let (ans, again) = nss_walk(cfg, net, dns, q, &mut trace);
    let result = if ans.status == Status::Success && !ans.addrs.is_empty() {
        Ok(HostEnt {
            name: ans.canon.unwrap_or_else(|| name.to_string()),
            aliases: ans.aliases,
            addrs: ans.addrs,
        })
    } else if again || ans.status == Status::TryAgain {
        Err(HostError::TryAgain)
    } else {
        Err(HostError::NotFound)
    };
    Resolution {
        result,
        trace: trace.0,
    }
}

/// `gethostbyaddr`: the `hosts:` modules in order (`files`: first line with
/// that address; `dns`: a PTR query; `myhostname`: loopback and own
/// addresses). Used for ping's `64 bytes from localhost (127.0.0.1)`.
pub fn gethostbyaddr(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    addr: IpAddr,
) -> Resolution<HostEnt, HostError> {
    let mut trace = Trace::default();
    trace.push(Stage::NsSwitch, format!("reverse lookup of {addr}"));
    let mut again = false;
    for src in &cfg.nsswitch.sources {
        let (stage, found): (Stage, Result<HostEnt, Status>) = match src.name.as_str() {
            "files" => (
                Stage::Files,
                match cfg.hosts.by_addr(addr) {
                    Some(e) => {
                        trace.push(
                            Stage::Files,
                            format!("/etc/hosts line {}: {} {} matched", e.line, e.addr, e.name),
                        );
                        Ok(HostEnt {
                            name: e.name.clone(),
                            aliases: e.aliases.clone(),
                            addrs: alloc::vec![addr],
                        })
                    }
                    None => Err(Status::NotFound),
                },
            ),
            "dns" => {
                let server = cfg
                    .resolv
                    .nameservers
                    .first()
                    .copied()
                    .or(Some(IpAddr::V4(Ipv4Addr::LOCALHOST)));
                match dns.reverse(server, addr) {
                    Ok(names) => match names.first() {
                        Some(n) => {
                            trace.push(Stage::Dns, format!("PTR for {addr}: {n}"));
                            (
                                Stage::Dns,
                                Ok(HostEnt {
                                    name: n.clone(),
                                    aliases: names.iter().skip(1).cloned().collect(),
                                    addrs: alloc::vec![addr],
                                }),
                            )
                        }
                        None => (Stage::Dns, Err(Status::NotFound)),
                    },
                    Err(e) => {
                        trace.push(Stage::Dns, format!("PTR for {addr}: {e}"));
                        (Stage::Dns, Err(e.status()))
                    }
                }
            }
            "myhostname" | "resolve"
                if (src.name == "myhostname" && cfg.modules.myhostname)
                    || (src.name == "resolve" && cfg.modules.resolve) =>
            {
                let stage = if src.name == "resolve" {
                    Stage::Resolve
                } else {
                    Stage::MyHostname
                };
                let own = net
                    .addresses()
                    .iter()
                    .any(|a| a.addr == addr && !a.addr.is_loopback());
                let name = if addr == IpAddr::V4(Ipv4Addr::LOCALHOST)
                    || addr == IpAddr::V6(Ipv6Addr::LOCALHOST)
                {
                    Some("localhost".to_string())
                } else if own || addr == IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)) {
                    Some(cfg.hostname.clone())
                } else {
                    None
                };
                (
                    stage,
                    name.map(|n| HostEnt {
                        name: n,
                        aliases: Vec::new(),
                        addrs: alloc::vec![addr],
                    })
                    .ok_or(Status::NotFound),
                )
            }
            _ => (Stage::OtherModule, Err(Status::Unavail)),
        };
        let status = match &found {
            Ok(_) => Status::Success,
            Err(s) => *s,
        };
        if status == Status::TryAgain {
            again = true;
        }
        let action = src.action(status);
        trace.push(stage, format!("{}: {status}", src.name));
        if let Ok(h) = found {
            return Resolution {
                result: Ok(h),
                trace: trace.0,
            };
        }
        if action == Action::Return {
            break;
        }
    }
    let e = if again {
        HostError::TryAgain
    } else {
        HostError::NotFound
    };
    Resolution {
        result: Err(e),
        trace: trace.0,
    }
}
