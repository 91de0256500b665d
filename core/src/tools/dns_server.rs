//! The router's DNS server (a home router's dnsmasq), a daemon: the
//! router's init starts it at boot (the facade, `Lab::new`), it binds a
//! UDP socket to 0.0.0.0:53 and answers each query as it is polled. Its
//! small zone answers A/AAAA and PTR for `router.lan` (192.168.1.1) and
//! `laptop.lan` (192.168.1.20); every other name is NXDOMAIN (the lab has
//! no Internet behind the router).

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, SocketAddr};

use crate::names::dns::{self, Rdata};
use crate::process::{Ctx, Process, Started};
use crate::sys::{Family, Fd, SockType};
use crate::world;

/// The command name `ss -p` shows for the server.
pub(crate) const COMM: &str = "dnsmasq";

/// The port it serves.
const DNS_PORT: u16 = 53;

/// dnsmasq's exit status when it cannot open its socket (`EC_BADNET`).
const EXIT_BADNET: i32 = 2;

/// The zone: lower-case names to their addresses.
#[derive(Clone, Debug, Default)]
pub(crate) struct DnsServer {
    /// Names and addresses it is authoritative for.
    pub(crate) zone: BTreeMap<String, Vec<IpAddr>>,
}

impl DnsServer {
    /// The lab's zone ([`world::DNS_RECORDS`]): `router.lan` and `laptop.lan`.
    pub(crate) fn lab_zone() -> Self {
        let zone = world::DNS_RECORDS
            .iter()
            .map(|m| {
                (
                    format!("{}.{}", m.name, world::DNS_DOMAIN),
                    alloc::vec![IpAddr::V4(m.addr)],
                )
            })
            .collect();
        DnsServer { zone }
    }

    fn answer(&self, query: &[u8]) -> Option<Vec<u8>> {
        let m = dns::parse(query)?;
        if m.response {
            return None;
        }
        let q = m.question?;
        let name = q.name.to_ascii_lowercase();
        if q.qtype == dns::TYPE_PTR {
            let names: Vec<Rdata> = self
                .zone
                .iter()
                .filter(|(_, addrs)| addrs.iter().any(|a| dns::ptr_name(*a) == name))
                .map(|(n, _)| Rdata::Name(n.clone()))
                .collect();
            let rcode = if names.is_empty() {
                dns::RCODE_NXDOMAIN
            } else {
                dns::RCODE_NOERROR
            };
            return dns::response(query, rcode, &names, 0);
        }
        match self.zone.get(&name) {
            None => dns::response(query, dns::RCODE_NXDOMAIN, &[], 0),
            Some(addrs) => {
                let want_v4 = q.qtype == dns::TYPE_A;
                let want_v6 = q.qtype == dns::TYPE_AAAA;
                let answers: Vec<Rdata> = addrs
                    .iter()
                    .filter(|a| (a.is_ipv4() && want_v4) || (a.is_ipv6() && want_v6))
                    .map(|a| Rdata::Addr(*a))
                    .collect();
                // NODATA for a type the name has no record of.
                dns::response(query, dns::RCODE_NOERROR, &answers, 0)
            }
        }
    }
}

/// The running daemon: its zone and its socket.
#[derive(Debug)]
struct Dnsmasq {
    server: DnsServer,
    socket: Fd,
}

/// Starts the server with the lab's zone: a UDP socket bound to
/// 0.0.0.0:53 in the machine it runs on.
pub(crate) fn start(ctx: &mut Ctx<'_>) -> Started {
    let mut sys = ctx.sys();
    let Ok(socket) = sys.socket(Family::Inet, SockType::Dgram) else {
        return Started::Exited(EXIT_BADNET);
    };
    let any = SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), DNS_PORT);
    if sys.bind(socket, any).is_err() {
        // Exit closes the socket.
        return Started::Exited(EXIT_BADNET);
    }
    Started::Running(Box::new(Dnsmasq {
        server: DnsServer::lab_zone(),
        socket,
    }))
}

impl Process for Dnsmasq {
    /// Answers every query waiting on the socket, each to its sender.
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        let mut sys = ctx.sys();
        while let Ok(Some(query)) = sys.recvfrom(self.socket) {
            if let Some(answer) = self.server.answer(&query.data) {
                let _ = sys.sendto(self.socket, &answer, Some(query.from));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_answers() {
        let s = DnsServer::lab_zone();
        let q = dns::query(5, "Router.LAN", dns::TYPE_A).unwrap();
        let r = dns::parse(&s.answer(&q).unwrap()).unwrap();
        assert_eq!(
            r.addresses,
            alloc::vec![IpAddr::V4(Ipv4Addr::new(192, 168, 1, 1))]
        );
        let q = dns::query(6, "router.lan", dns::TYPE_AAAA).unwrap();
        let r = dns::parse(&s.answer(&q).unwrap()).unwrap();
        assert_eq!((r.rcode, r.addresses.len()), (0, 0));
        let q = dns::query(7, "nosuchhost", dns::TYPE_A).unwrap();
        assert_eq!(dns::parse(&s.answer(&q).unwrap()).unwrap().rcode, 3);
    }
}
