//! The router's DNS server (a home router's dnsmasq), a daemon: the
//! router's init starts it at boot (the facade, `Lab::new`), it binds a
//! UDP socket and a TCP listener to 0.0.0.0:53 and answers each query as
//! it is polled. Its small zone answers A/AAAA and PTR for `router` and
//! `laptop` (bare and in `.lan`) and the router's own `localhost`; every
//! other name is NXDOMAIN (the lab has no Internet behind the router).
//! What it answers is what dnsmasq 2.90 answered in a recording
//! (core/tests/fixtures/dnsutils/): see [`DnsServer`].

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, SocketAddr};

use crate::names::dnsmsg::{self, Edns, Header, Message, Rdata, Record};
use crate::process::{Ctx, Process, Started};
use crate::sys::{Errno, Family, Fd, SockOpt, SockType};
use crate::world;

/// The command name `ss -p` shows for the server.
pub(crate) const COMM: &str = "dnsmasq";

/// The port it serves.
const DNS_PORT: u16 = 53;

/// dnsmasq's exit status when it cannot open its socket (`EC_BADNET`).
const EXIT_BADNET: i32 = 2;

/// The router's `/etc/hosts` (a Debian router's stock loopback lines);
/// dnsmasq reads it besides its own host records.
const ROUTER_ETC_HOSTS: [(&str, IpAddr); 2] = [
    ("localhost", IpAddr::V4(Ipv4Addr::LOCALHOST)),
    ("localhost", IpAddr::V6(core::net::Ipv6Addr::LOCALHOST)),
];

/// The most TCP clients served at once (dnsmasq's `MAX_PROCS` is 20).
const TCP_CLIENTS: usize = 20;

/// The zone, as dnsmasq 2.90 serves it configured as a home router with
/// no upstream server (`--domain=lan --local=/lan/ --expand-hosts
/// --address=/#/`, its host records in a hosts file): every host name
/// answers bare and with `.lan` appended, each address's PTR is its first
/// name with `.lan`, and everything else does not exist (NXDOMAIN). The
/// answers (flags, sections, EDNS) are the recorded ones:
/// core/tests/fixtures/dnsutils/rec_dig.txt.
#[derive(Clone, Debug, Default)]
pub(crate) struct DnsServer {
    /// Host names (lower case, bare) and their addresses, in file order.
    pub(crate) hosts: Vec<(String, IpAddr)>,
}

impl DnsServer {
    /// The lab's zone: the router's `/etc/hosts` and
    /// [`world::DNS_RECORDS`] (`router`, `laptop`).
    pub(crate) fn lab_zone() -> Self {
        let mut hosts: Vec<(String, IpAddr)> = ROUTER_ETC_HOSTS
            .iter()
            .map(|(n, a)| (String::from(*n), *a))
            .collect();
        for m in world::DNS_RECORDS {
            hosts.push((String::from(m.name), IpAddr::V4(m.addr)));
        }
        DnsServer { hosts }
    }

    /// The bare host name `name` stands for: itself, or itself less
    /// `.lan` (`--expand-hosts`).
    fn host_of<'n>(&self, name: &'n str) -> Option<&'n str> {
        let suffix = format!(".{}", world::DNS_DOMAIN);
        let bare = name.strip_suffix(suffix.as_str()).unwrap_or(name);
        self.hosts.iter().any(|(h, _)| h == bare).then_some(bare)
    }

    /// The answer to a query's bytes (`None`: not a query, or malformed).
    pub(crate) fn answer(&self, query: &[u8]) -> Option<Vec<u8>> {
        let m = Message::parse(query)?;
        if m.header.qr {
            return None;
        }
        let q = m.questions.first()?.clone();
        let mut r = Message {
            header: Header {
                id: m.header.id,
                qr: true,
                opcode: m.header.opcode,
                rd: m.header.rd,
                ra: true,
                ..Header::default()
            },
            questions: alloc::vec![q.clone()],
            edns: m.edns.as_ref().map(|_| Edns {
                udp_size: EDNS_PAYLOAD,
                ..Edns::default()
            }),
            ..Message::default()
        };
        if m.header.opcode != 0 {
            r.header.rcode = dnsmsg::NOTIMP;
            return r.emit();
        }
        let name = q.name.trim_end_matches('.').to_ascii_lowercase();
        let record = |data: Rdata, rtype: u16| Record {
            name: q.name.clone(),
            rtype,
            class: dnsmsg::CLASS_IN,
            ttl: LOCAL_TTL,
            data,
        };
        if (q.qtype == dnsmsg::PTR || q.qtype == dnsmsg::ANY)
            && let Some(addr) = reverse_addr(&name)
        {
            match self.hosts.iter().find(|(_, a)| *a == addr) {
                Some((h, _)) => {
                    r.header.aa = true;
                    let target = format!("{h}.{}", world::DNS_DOMAIN);
                    r.answers.push(record(Rdata::Name(target), dnsmsg::PTR));
                }
                None => r.header.rcode = dnsmsg::NXDOMAIN,
            }
            return r.emit();
        }
        if let Some(bare) = self.host_of(&name) {
            for (_, a) in self.hosts.iter().filter(|(h, _)| h == bare) {
                let (rtype, data) = match a {
                    IpAddr::V4(v4) => (dnsmsg::A, Rdata::A(*v4)),
                    IpAddr::V6(v6) => (dnsmsg::AAAA, Rdata::Aaaa(*v6)),
                };
                if q.qtype == rtype || q.qtype == dnsmsg::ANY {
                    r.answers.push(record(data, rtype));
                }
            }
            // A type the host has no record of: NOERROR, no answer.
            r.header.aa = !r.answers.is_empty();
        } else if name != world::DNS_DOMAIN {
            // The domain itself exists (`--local=/lan/`), without records.
            r.header.rcode = dnsmsg::NXDOMAIN;
        }
        r.emit()
    }
}

/// dnsmasq's EDNS payload size (`--edns-packet-max`'s default).
const EDNS_PAYLOAD: u16 = 1232;

/// The TTL of its own names (`--local-ttl`'s default).
const LOCAL_TTL: u32 = 0;

/// The address a reverse name (`20.1.168.192.in-addr.arpa`, the 32
/// nibbles of `ip6.arpa`) stands for.
fn reverse_addr(name: &str) -> Option<IpAddr> {
    if let Some(rest) = name.strip_suffix(".in-addr.arpa") {
        let mut o = [0u8; 4];
        let parts: Vec<&str> = rest.split('.').collect();
        if parts.len() != 4 {
            return None;
        }
        for (i, p) in parts.iter().rev().enumerate() {
            *o.get_mut(i)? = p.parse().ok()?;
        }
        return Some(IpAddr::V4(Ipv4Addr::from(o)));
    }
    let rest = name.strip_suffix(".ip6.arpa")?;
    let nibbles: Vec<u8> = rest
        .split('.')
        .map(|n| u8::from_str_radix(n, 16).ok().filter(|_| n.len() == 1))
        .collect::<Option<_>>()?;
    if nibbles.len() != 32 {
        return None;
    }
    let mut o = [0u8; 16];
    for (i, pair) in nibbles.rchunks(2).enumerate() {
        let (hi, lo) = (pair.get(1)?, pair.first()?);
        *o.get_mut(i)? = (hi << 4) | lo;
    }
    Some(IpAddr::V6(core::net::Ipv6Addr::from(o)))
}

/// A TCP client: its socket and the bytes read so far (messages come
/// with a two-byte length, RFC 1035 4.2.2).
#[derive(Debug)]
struct TcpClient {
    fd: Fd,
    buf: Vec<u8>,
}

/// The running daemon: its zone and its sockets.
#[derive(Debug)]
struct Dnsmasq {
    server: DnsServer,
    socket: Fd,
    /// The TCP listener (dnsmasq answers over TCP too), if it opened.
    listener: Option<Fd>,
    clients: Vec<TcpClient>,
}

/// Starts the server with the lab's zone: a UDP socket bound to
/// 0.0.0.0:53 in the machine it runs on, and a TCP listener beside it.
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
    let listener = sys.socket(Family::Inet, SockType::Stream).ok();
    if let Some(l) = listener {
        let _ = sys.setsockopt(l, SockOpt::ReuseAddr(true));
        if sys.bind(l, any).is_err() || sys.listen(l, 32).is_err() {
            return Started::Exited(EXIT_BADNET);
        }
    }
    Started::Running(Box::new(Dnsmasq {
        server: DnsServer::lab_zone(),
        socket,
        listener,
        clients: Vec::new(),
    }))
}

impl Dnsmasq {
    /// Accepts new TCP clients and answers each whole message they sent;
    /// a client that closed (or sent garbage) is closed.
    fn serve_tcp(&mut self, ctx: &mut Ctx<'_>) {
        let mut sys = ctx.sys();
        if let Some(l) = self.listener {
            while self.clients.len() < TCP_CLIENTS {
                match sys.accept(l) {
                    Ok(Some((fd, _))) => self.clients.push(TcpClient {
                        fd,
                        buf: Vec::new(),
                    }),
                    _ => break,
                }
            }
        }
        let server = &self.server;
        self.clients.retain_mut(|c| {
            let mut chunk = [0u8; 2048];
            let open = loop {
                match sys.recv(c.fd, &mut chunk) {
                    Ok(0) => break false,
                    Ok(n) => {
                        c.buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
                        if c.buf.len() > 2 + dnsmsg::MAX_MESSAGE {
                            break false;
                        }
                    }
                    Err(Errno::EAGAIN) => break true,
                    Err(_) => break false,
                }
            };
            while let Some(len) = c
                .buf
                .get(..2)
                .and_then(|b| <[u8; 2]>::try_from(b).ok())
                .map(|b| usize::from(u16::from_be_bytes(b)))
            {
                let Some(msg) = c.buf.get(2..2 + len) else {
                    break;
                };
                if let Some(answer) = server.answer(msg)
                    && let Ok(n) = u16::try_from(answer.len())
                {
                    let mut framed = n.to_be_bytes().to_vec();
                    framed.extend_from_slice(&answer);
                    let _ = sys.send(c.fd, &framed);
                }
                c.buf.drain(..2 + len);
            }
            if !open {
                let _ = sys.close(c.fd);
            }
            open
        });
    }
}

impl Process for Dnsmasq {
    /// Answers every query waiting on the UDP socket, each to its sender,
    /// and every whole message its TCP clients sent.
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        let mut sys = ctx.sys();
        while let Ok(Some(query)) = sys.recvfrom(self.socket) {
            if let Some(answer) = self.server.answer(&query.data) {
                let _ = sys.sendto(self.socket, &answer, Some(query.from));
            }
        }
        self.serve_tcp(ctx);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::dns;

    fn ask(s: &DnsServer, name: &str, qtype: u16) -> Message {
        let q = dns::query(5, name, qtype).unwrap();
        Message::parse(&s.answer(&q).unwrap()).unwrap()
    }

    #[test]
    fn zone_answers() {
        let s = DnsServer::lab_zone();
        let r = ask(&s, "Router.LAN", dns::TYPE_A);
        assert_eq!(
            r.answers.first().map(|a| &a.data),
            Some(&Rdata::A(Ipv4Addr::new(192, 168, 1, 1)))
        );
        assert!(r.header.aa && r.edns.is_none());
        assert_eq!(ask(&s, "laptop", dns::TYPE_A).answers.len(), 1);
        let r = ask(&s, "router.lan", dns::TYPE_AAAA);
        assert_eq!(
            (r.header.rcode, r.answers.len(), r.header.aa),
            (0, 0, false)
        );
        assert_eq!(ask(&s, "nosuchhost", dns::TYPE_A).header.rcode, 3);
        assert_eq!(ask(&s, "lan", dnsmsg::SOA).header.rcode, 0);
        assert_eq!(ask(&s, "localhost", dnsmsg::ANY).answers.len(), 2);
        let r = ask(&s, "1.0.0.127.in-addr.arpa", dnsmsg::PTR);
        assert_eq!(
            r.answers.first().map(|a| &a.data),
            Some(&Rdata::Name(String::from("localhost.lan")))
        );
        let six = dns::ptr_name(IpAddr::V6(core::net::Ipv6Addr::LOCALHOST));
        assert_eq!(ask(&s, &six, dnsmsg::PTR).answers.len(), 1);
        assert_eq!(
            ask(&s, "99.1.168.192.in-addr.arpa", dnsmsg::PTR)
                .header
                .rcode,
            3
        );
    }
}
