//! How curl 7.88.1 (Debian 12) turns a URL's host into addresses.
//!
//! Verified on Debian 12 with `/etc/hosts` bind-mounted to
//! `10.9.9.9 localhost foo.localhost`:
//!
//! ```text
//! $ curl -sv http://localhost:1/      ->  Trying 127.0.0.1:1...  Trying [::1]:1...
//! $ curl -sv http://foo.localhost:1/  ->  Trying 127.0.0.1:1...  Trying [::1]:1...
//! $ curl -sv http://LocalHost:1/      ->  Trying 127.0.0.1:1...  Trying [::1]:1...
//! $ curl -sv http://localhost.:1/     ->  Could not resolve host: localhost.
//! $ curl -4 ...localhost              ->  Trying 127.0.0.1:1...
//! $ curl -6 ...foo.localhost          ->  Trying [::1]:1...
//! ```
//!
//! So curl answers `localhost` and `*.localhost` itself (any case, no
//! trailing dot), never reading `/etc/hosts`, always 127.0.0.1 then ::1,
//! even in a namespace without IPv6 addresses. Every other name goes to
//! `getaddrinfo` with `SOCK_STREAM` and no `AI_ADDRCONFIG`.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::addrinfo::{AiFlags, Hints, Resolution, SockType};
use super::config::Config;
use super::dnssource::DnsSource;
use super::hosts::Family;
use super::journey::{Stage, Step};
use super::net::NetView;
use super::resolver::getaddrinfo;

/// curl's `-4` / `-6` switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IpResolve {
    /// Default: both families.
    #[default]
    Whatever,
    /// `-4`.
    V4,
    /// `-6`.
    V6,
}

/// curl's resolve failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurlResolveError {
    /// The host as given.
    pub host: String,
}

impl CurlResolveError {
    /// curl's exit code for this error (`CURLE_COULDNT_RESOLVE_HOST`).
    pub const EXIT_CODE: i32 = 6;
}

impl fmt::Display for CurlResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Could not resolve host: {}", self.host)
    }
}

impl core::error::Error for CurlResolveError {}

/// Whether curl 7.88.1 resolves `host` itself (`localhost`, `*.localhost`).
pub fn is_curl_localhost(host: &str) -> bool {
    let l = host.to_ascii_lowercase();
    l == "localhost" || l.ends_with(".localhost")
}

/// curl's resolution of `host` (bare, IPv6 brackets removed). The
/// addresses come in the order curl's happy eyeballs starts from: the first
/// address's family is tried first, the other family 200 ms later.
pub fn curl_resolve(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    host: &str,
    ip: IpResolve,
) -> Resolution<Vec<IpAddr>, CurlResolveError> {
    let mut trace: Vec<Step> = Vec::new();
    let step = |t: &mut Vec<Step>, s: String| {
        t.push(Step {
            stage: Stage::Curl,
            text: s,
        })
    };
    if is_curl_localhost(host) {
        step(
            &mut trace,
            format!(
                "curl: \"{host}\" is localhost or *.localhost: answered by curl itself, /etc/hosts is not read"
            ),
        );
        let mut v = Vec::new();
        if ip != IpResolve::V6 {
            v.push(IpAddr::V4(Ipv4Addr::LOCALHOST));
        }
        if ip != IpResolve::V4 {
            v.push(IpAddr::V6(Ipv6Addr::LOCALHOST));
        }
        return Resolution {
            result: Ok(v),
            trace,
        };
    }
    step(
        &mut trace,
        format!("curl: asking getaddrinfo(\"{host}\", SOCK_STREAM)"),
    );
    let hints = Hints {
        family: match ip {
            IpResolve::Whatever => Family::Unspec,
            IpResolve::V4 => Family::Inet,
            IpResolve::V6 => Family::Inet6,
        },
        socktype: SockType::Stream,
        flags: AiFlags::default(),
    };
    let r = getaddrinfo(cfg, net, dns, Some(host), None, &hints);
    trace.extend(r.trace);
    let result = match r.result {
        Ok(list) => Ok(list.into_iter().map(|a| a.addr).collect()),
        Err(_) => Err(CurlResolveError {
            host: host.to_string(),
        }),
    };
    Resolution { result, trace }
}
