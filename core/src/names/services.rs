//! The service part of `getaddrinfo`: `/etc/services` and the socket
//! types a service gives.

use alloc::format;
use alloc::vec::Vec;

use super::addrinfo::{GaiError, Hints, SockType};
use super::journey::{Stage, Trace};

/// `/etc/services` entries glibc would find on Debian 12 (netbase).
const SERVICES: &[(&str, u16, bool, bool)] = &[
    // name, port, tcp, udp
    ("ftp", 21, true, false),
    ("ssh", 22, true, false),
    ("telnet", 23, true, false),
    ("smtp", 25, true, false),
    ("domain", 53, true, true),
    ("http", 80, true, false),
    ("www", 80, true, false),
    ("ntp", 123, false, true),
    ("https", 443, true, true),
    ("http-alt", 8080, true, false),
];

/// The port of `service` and the socket types it gives, as glibc
/// works them out from the hints and `/etc/services`.
pub(crate) fn socktypes_for(
    hints: &Hints,
    service: Option<&str>,
    trace: &mut Trace,
) -> Result<(u16, Vec<SockType>), GaiError> {
    let Some(svc) = service else {
        let types = match hints.socktype {
            SockType::Any => alloc::vec![SockType::Stream, SockType::Dgram, SockType::Raw],
            t => alloc::vec![t],
        };
        return Ok((0, types));
    };
    if hints.socktype == SockType::Raw {
        trace.push(
            Stage::Service,
            format!("service \"{svc}\" with SOCK_RAW: raw sockets have no ports"),
        );
        return Err(GaiError::Service);
    }
    let both = |t: SockType| match t {
        SockType::Any => alloc::vec![SockType::Stream, SockType::Dgram],
        t => alloc::vec![t],
    };
    if let Ok(port) = svc.parse::<u16>() {
        trace.push(
            Stage::Service,
            format!("service \"{svc}\" is numeric: port {port}"),
        );
        return Ok((port, both(hints.socktype)));
    }
    if hints.flags.numericserv {
        trace.push(
            Stage::Service,
            format!("AI_NUMERICSERV but \"{svc}\" is not a number"),
        );
        return Err(GaiError::NoName);
    }
    let Some(&(_, port, tcp, udp)) = SERVICES.iter().find(|s| s.0 == svc) else {
        trace.push(
            Stage::Service,
            format!("service \"{svc}\" is not in /etc/services"),
        );
        return Err(GaiError::Service);
    };
    let types: Vec<SockType> = both(hints.socktype)
        .into_iter()
        .filter(|t| (*t == SockType::Stream && tcp) || (*t == SockType::Dgram && udp))
        .collect();
    if types.is_empty() {
        trace.push(
            Stage::Service,
            format!("service \"{svc}\" exists, but not for this socket type"),
        );
        return Err(GaiError::Service);
    }
    trace.push(
        Stage::Service,
        format!("service \"{svc}\" is port {port} in /etc/services"),
    );
    Ok((port, types))
}
