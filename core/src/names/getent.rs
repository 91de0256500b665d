//! `getent hosts` / `getent ahosts*` output, byte for byte (glibc 2.36's getent).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::IpAddr;

use super::addrinfo::{AiFlags, Hints, HostEnt, SockType};
use super::config::Config;
use super::dnssource::DnsSource;
use super::hostent::{gethostbyaddr, gethostbyname2};
use super::hosts::Family;
use super::journey::Step;
use super::net::NetView;
use super::resolver::{getaddrinfo, pton_any};

/// What `getent` printed and its exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetentOutput {
    /// Standard output.
    pub stdout: String,
    /// Exit status: 0 found, 2 a key was not found.
    pub status: i32,
    /// The resolver journeys, one per key.
    pub traces: Vec<Vec<Step>>,
}

/// `getent ahosts`, `ahostsv4`, `ahostsv6`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ahosts {
    /// `ahosts`: `AF_UNSPEC`.
    Any,
    /// `ahostsv4`: `AF_INET`.
    V4,
    /// `ahostsv6`: `AF_INET6` with `AI_V4MAPPED`.
    V6,
}

fn host_lines(out: &mut String, h: &HostEnt) {
    for a in &h.addrs {
        out.push_str(&format!("{:<15} {}", a.to_string(), h.name));
        for al in &h.aliases {
            out.push(' ');
            out.push_str(al);
        }
        out.push('\n');
    }
}

/// `getent hosts [KEY...]`. With no key, enumerates `/etc/hosts` the way
/// `gethostent` does (as `AF_INET`: `::1` shows as `127.0.0.1`, other IPv6
/// lines are left out). A key that parses as an address is looked up in
/// reverse; a name is tried as `AF_INET6`, then `AF_INET`.
pub fn getent_hosts(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    keys: &[&str],
) -> GetentOutput {
    let mut out = GetentOutput {
        stdout: String::new(),
        status: 0,
        traces: Vec::new(),
    };
    if keys.is_empty() {
        if cfg.nsswitch.sources.iter().any(|s| s.name == "files") {
            for (a, e) in cfg.hosts.enumerate() {
                let h = HostEnt {
                    name: e.name.clone(),
                    aliases: e.aliases.clone(),
                    addrs: alloc::vec![a],
                };
                host_lines(&mut out.stdout, &h);
            }
        }
        return out;
    }
    for key in keys {
        let r = if let Some(a) = pton_any(key) {
            gethostbyaddr(cfg, net, dns, a)
        } else {
            let r6 = gethostbyname2(cfg, net, dns, key, Family::Inet6);
            if r6.result.is_ok() {
                r6
            } else {
                let mut r4 = gethostbyname2(cfg, net, dns, key, Family::Inet);
                let mut t = r6.trace;
                t.append(&mut r4.trace);
                r4.trace = t;
                r4
            }
        };
        match &r.result {
            Ok(h) => host_lines(&mut out.stdout, h),
            Err(_) => out.status = 2,
        }
        out.traces.push(r.trace);
    }
    out
}

/// `getent ahosts|ahostsv4|ahostsv6 KEY...`: `getaddrinfo` with
/// `AI_ADDRCONFIG | AI_CANONNAME` (plus `AI_V4MAPPED` for v6), one line per
/// result: `%-15s %-6s %s` (address, socket type, canonical name on the
/// first line only). Failures print nothing and exit 2.
pub fn getent_ahosts(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    which: Ahosts,
    keys: &[&str],
) -> GetentOutput {
    let mut out = GetentOutput {
        stdout: String::new(),
        status: 0,
        traces: Vec::new(),
    };
    if keys.is_empty() {
        // getent enumerates with gethostent for ahosts too.
        return getent_hosts(cfg, net, dns, keys);
    }
    let hints = Hints {
        family: match which {
            Ahosts::Any => Family::Unspec,
            Ahosts::V4 => Family::Inet,
            Ahosts::V6 => Family::Inet6,
        },
        socktype: SockType::Any,
        flags: AiFlags {
            addrconfig: true,
            canonname: true,
            v4mapped: which == Ahosts::V6,
            ..AiFlags::default()
        },
    };
    for key in keys {
        let r = getaddrinfo(cfg, net, dns, Some(key), None, &hints);
        match &r.result {
            Ok(list) => {
                for ai in list {
                    let addr: IpAddr = ai.addr;
                    out.stdout.push_str(&format!(
                        "{:<15} {:<6} {}\n",
                        addr.to_string(),
                        ai.socktype.getent_word(),
                        ai.canonname.as_deref().unwrap_or("")
                    ));
                }
            }
            Err(_) => out.status = 2,
        }
        out.traces.push(r.trace);
    }
    out
}
