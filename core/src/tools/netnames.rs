//! Names the inspection tools print instead of numbers: host names from
//! `/etc/hosts` (through the lab's resolver) and service names from Debian
//! 12's `/etc/services` (netbase 6.4) for the ports the lab uses.

use alloc::format;
use alloc::string::String;
use core::net::IpAddr;

use crate::names;
use crate::sys::Sys;

use super::resolve;

/// The transport a port belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Proto {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
}

/// The part of Debian 12's `/etc/services` the lab knows: port, the
/// transport it is listed for (None: both), name.
const SERVICES: &[(u16, Option<Proto>, &str)] = {
    use Proto::{Tcp, Udp};
    &[
        (1, Some(Tcp), "tcpmux"),
        (7, None, "echo"),
        (9, None, "discard"),
        (13, None, "daytime"),
        (20, Some(Tcp), "ftp-data"),
        (21, Some(Tcp), "ftp"),
        (22, Some(Tcp), "ssh"),
        (23, Some(Tcp), "telnet"),
        (25, Some(Tcp), "smtp"),
        (53, None, "domain"),
        (67, Some(Udp), "bootps"),
        (68, Some(Udp), "bootpc"),
        (69, Some(Udp), "tftp"),
        (80, Some(Tcp), "http"),
        (110, Some(Tcp), "pop3"),
        (123, Some(Udp), "ntp"),
        (143, Some(Tcp), "imap2"),
        (161, Some(Udp), "snmp"),
        (443, None, "https"),
        (514, Some(Udp), "syslog"),
        (587, Some(Tcp), "submission"),
        (631, Some(Tcp), "ipp"),
        (993, Some(Tcp), "imaps"),
        (3306, Some(Tcp), "mysql"),
        (5353, Some(Udp), "mdns"),
        (2000, None, "cisco-sccp"),
        (5432, Some(Tcp), "postgresql"),
        (6379, Some(Tcp), "redis"),
        (8080, Some(Tcp), "http-alt"),
        (8081, Some(Tcp), "tproxy"),
    ]
};

/// `getservbyport(port, proto)` over the lab's `/etc/services` subset.
pub(crate) fn service(port: u16, proto: Proto) -> Option<&'static str> {
    SERVICES
        .iter()
        .find(|(p, pr, _)| *p == port && pr.is_none_or(|x| x == proto))
        .map(|(_, _, n)| *n)
}

/// `getservbyname(name, proto)` over the same subset.
pub(crate) fn service_port(name: &str, proto: Proto) -> Option<u16> {
    SERVICES
        .iter()
        .find(|(_, pr, n)| *n == name && pr.is_none_or(|x| x == proto))
        .map(|(p, _, _)| *p)
}

/// The name `gethostbyaddr` gives for `addr` in the calling process's
/// namespace, or the address itself.
pub(crate) fn host_name(sys: &Sys<'_>, addr: IpAddr) -> String {
    let cfg = resolve::config(sys);
    let view = resolve::NsView { sys };
    let mut dns = resolve::OfflineDns { sys };
    match names::gethostbyaddr(&cfg, &view, &mut dns, addr).result {
        Ok(h) => h.name,
        Err(_) => format!("{addr}"),
    }
}

/// Resolves a host name or address to one address (IPv4 preferred, as
/// tools that call `gethostbyname` get).
pub(crate) fn resolve_host(sys: &Sys<'_>, name: &str, family: names::Family) -> Option<IpAddr> {
    if let Ok(a) = name.parse::<IpAddr>() {
        return Some(a);
    }
    let hints = names::Hints {
        family,
        socktype: names::SockType::Dgram,
        flags: names::AiFlags::default(),
    };
    let cfg = resolve::config(sys);
    let view = resolve::NsView { sys };
    let mut dns = resolve::OfflineDns { sys };
    let res = names::getaddrinfo(&cfg, &view, &mut dns, Some(name), None, &hints);
    res.result.ok()?.first().map(|ai| ai.addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debian_services() {
        assert_eq!(service(8080, Proto::Tcp), Some("http-alt"));
        assert_eq!(service(8080, Proto::Udp), None);
        assert_eq!(service(8000, Proto::Tcp), None);
        assert_eq!(service(53, Proto::Udp), Some("domain"));
        assert_eq!(service(5353, Proto::Udp), Some("mdns"));
    }
}
