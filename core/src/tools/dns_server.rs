//! The router's DNS server (a home router's dnsmasq): a UDP socket bound to
//! 0.0.0.0:53 in the router's namespace whose datagrams a
//! [`crate::net::raw::UdpService`] answers the moment they are queued. Its
//! small zone answers A/AAAA and PTR for `router.lan` (192.168.1.1) and
//! `laptop.lan` (192.168.1.20); every other name is NXDOMAIN (the lab has no
//! Internet behind the router).

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, SocketAddr};

use crate::names::dns::{self, Rdata};
use crate::net::raw::UdpService;
use crate::net::{Network, SockType};
use crate::socket::bind::Family;
use crate::world;

/// The process id `ss -p` shows for the server.
const DNSMASQ_PID: u32 = 611;

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

impl UdpService for DnsServer {
    fn handle(&mut self, _from: SocketAddr, data: &[u8]) -> Option<Vec<u8>> {
        self.answer(data)
    }
}

/// Starts the DNS server on the router (if the network has one).
pub(crate) fn install(net: &mut Network, server: DnsServer) {
    let Some(ns) = net.machine(world::DNS_HOST.name) else {
        return;
    };
    let Ok(sid) = net.socket(ns, Family::Inet, SockType::Dgram, 0) else {
        return;
    };
    let any = SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 53);
    if net.bind(ns, sid, any).is_err() {
        net.close(ns, sid);
        return;
    }
    net.set_owner(ns, sid, DNSMASQ_PID, "dnsmasq");
    net.attach_udp_service(ns, sid, Box::new(server));
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
