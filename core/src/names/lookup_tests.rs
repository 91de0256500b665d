//! The resumable lookup gives what the blocking call gives: the same
//! result, the same steps, the same questions; and it waits as `res_send`
//! waits.

use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};

use super::dns::{self, Rdata};
use super::*;
use crate::time::{Duration, Instant};

/// The lab's namespace with a counter for ids.
struct Env {
    net: SimpleNet,
    ids: u16,
}

impl NetView for Env {
    fn addresses(&self) -> Vec<IfAddr> {
        self.net.addresses()
    }
    fn source_for(&self, dst: IpAddr) -> Option<IfAddr> {
        self.net.source_for(dst)
    }
}

impl LookupEnv for Env {
    fn next_id(&mut self) -> u16 {
        self.ids = self.ids.wrapping_add(7);
        self.ids
    }
}

/// The router's answers: `router.lan` has an A record, nothing else exists.
fn answer(query: &[u8]) -> Option<Vec<u8>> {
    let m = dns::parse(query)?;
    let q = m.question?;
    if q.name == "router.lan" && q.qtype == dns::TYPE_A {
        let a = Rdata::Addr(IpAddr::V4(Ipv4Addr::new(192, 168, 1, 1)));
        dns::response(query, dns::RCODE_NOERROR, &[a], 0)
    } else if q.name == "router.lan" {
        dns::response(query, dns::RCODE_NOERROR, &[], 0)
    } else {
        dns::response(query, dns::RCODE_NXDOMAIN, &[], 0)
    }
}

/// The same answers, as a blocking source.
struct Table;

impl DnsSource for Table {
    fn query(
        &mut self,
        _: Option<IpAddr>,
        name: &str,
        t: RecordType,
    ) -> Result<Vec<IpAddr>, DnsError> {
        match (name, t) {
            ("router.lan", RecordType::A) => {
                Ok(alloc::vec![IpAddr::V4(Ipv4Addr::new(192, 168, 1, 1))])
            }
            ("router.lan", _) => Ok(Vec::new()),
            _ => Err(DnsError::NxDomain),
        }
    }
    fn reverse(&mut self, _: Option<IpAddr>, _: IpAddr) -> Result<Vec<String>, DnsError> {
        Err(DnsError::NxDomain)
    }
}

/// Drives `lookup` against the router (`answers`) or a silent server;
/// returns the result, the instant it came and the queries sent.
fn drive<T>(mut lookup: Lookup<T>, answers: bool) -> (T, Instant, usize) {
    let mut env = Env {
        net: SimpleNet::debian_lab(),
        ids: 0,
    };
    let mut now = Instant::ZERO;
    let mut sent = 0;
    let mut open = 0;
    let mut inbox: Option<Vec<u8>> = None;
    for _ in 0..1000 {
        match lookup.poll(now, &mut env) {
            Io::Connect(_) => {
                open += 1;
                lookup.connected(Ok(()));
            }
            Io::Send(q) => {
                sent += 1;
                if answers {
                    inbox = answer(&q);
                }
            }
            Io::Wait(t) => match inbox.take() {
                Some(d) => {
                    now += Duration::from_micros(300);
                    assert!(lookup.datagram(&d));
                }
                None => now = t,
            },
            Io::Close => open -= 1,
            Io::Done => match lookup.take() {
                // Every socket it opened is closed.
                Some(r) if open == 0 => return (r, now, sent),
                _ => break,
            },
        }
    }
    panic!("the lookup did not finish, or left a socket open");
}

fn gai(
    name: &'static str,
) -> impl FnMut(&Config, &dyn NetView, &mut dyn DnsSource) -> Resolution<Vec<AddrInfo>, GaiError> {
    move |cfg, net, dns| getaddrinfo(cfg, net, dns, Some(name), None, &Hints::default())
}

#[test]
fn same_answer_and_steps_as_the_blocking_call() {
    let cfg = Config::debian12("lab");
    for name in ["router.lan", "nosuch.example", "localhost", "127.0.0.1"] {
        let blocking = getaddrinfo(
            &cfg,
            &SimpleNet::debian_lab(),
            &mut Table,
            Some(name),
            None,
            &Hints::default(),
        );
        let (resumed, _, _) = drive(Lookup::new(cfg.clone(), gai(name)), true);
        assert_eq!(resumed, blocking, "{name}");
    }
}

#[test]
fn no_query_no_wait() {
    let cfg = Config::debian12("lab");
    let (r, at, sent) = drive(Lookup::new(cfg, gai("localhost")), false);
    assert!(r.result.is_ok());
    assert_eq!((at, sent), (Instant::ZERO, 0));
}

#[test]
fn a_silent_server_costs_timeout_times_attempts_once() {
    let cfg = Config::debian12("lab");
    let (r, at, sent) = drive(Lookup::new(cfg, gai("example.com")), false);
    assert_eq!(r.result, Err(GaiError::Again));
    // A: two attempts of 5 s; AAAA then fails at once.
    assert_eq!(at, Instant::ZERO + Duration::from_secs(10));
    assert_eq!(sent, 2);
    let steps: Vec<&str> = r.trace.iter().map(|s| s.text.as_str()).collect();
    assert!(steps.contains(&"asked 192.168.1.1 for AAAA example.com: timed out"));
}

#[test]
fn resolv_conf_timeout_and_attempts() {
    let mut cfg = Config::debian12("lab");
    cfg.resolv = ResolvConf::parse("nameserver 192.168.1.1\noptions timeout:1 attempts:3\n");
    let (_, at, sent) = drive(Lookup::new(cfg, gai("example.com")), false);
    assert_eq!((at, sent), (Instant::ZERO + Duration::from_secs(3), 3));
}

#[test]
fn a_wrong_id_is_not_the_answer() {
    let cfg = Config::debian12("lab");
    let mut lookup = Lookup::new(cfg, gai("router.lan"));
    let mut env = Env {
        net: SimpleNet::debian_lab(),
        ids: 0,
    };
    assert!(matches!(
        lookup.poll(Instant::ZERO, &mut env),
        Io::Connect(_)
    ));
    lookup.connected(Ok(()));
    let Io::Send(q) = lookup.poll(Instant::ZERO, &mut env) else {
        panic!("no query");
    };
    let mut forged = answer(&q).unwrap_or_default();
    if let Some(b) = forged.first_mut() {
        *b ^= 0xff;
    }
    assert!(!lookup.datagram(&forged));
    assert!(lookup.datagram(&answer(&q).unwrap_or_default()));
}

#[test]
fn no_route_fails_at_once() {
    let cfg = Config::debian12("lab");
    let mut lookup = Lookup::new(cfg, gai("example.com"));
    let mut env = Env {
        net: SimpleNet::debian_lab(),
        ids: 0,
    };
    let mut connects = 0;
    loop {
        match lookup.poll(Instant::ZERO, &mut env) {
            Io::Connect(_) => {
                connects += 1;
                lookup.connected(Err(DnsError::Timeout));
            }
            Io::Done => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(connects, 1);
    let r = lookup.take().map(|r| r.result);
    assert_eq!(r, Some(Err(GaiError::Again)));
}

/// A DNS that is refused (ICMP port unreachable on every query).
struct Refused;

impl DnsSource for Refused {
    fn query(
        &mut self,
        _: Option<IpAddr>,
        _: &str,
        _: RecordType,
    ) -> Result<Vec<IpAddr>, DnsError> {
        Err(DnsError::Unreachable)
    }
    fn reverse(&mut self, _: Option<IpAddr>, _: IpAddr) -> Result<Vec<String>, DnsError> {
        Err(DnsError::Unreachable)
    }
}

#[test]
fn a_refused_query_fails_at_once_and_the_next_is_still_sent() {
    let cfg = Config::debian12("lab");
    let blocking = getaddrinfo(
        &cfg,
        &SimpleNet::debian_lab(),
        &mut Refused,
        Some("example.com"),
        None,
        &Hints::default(),
    );
    let mut lookup = Lookup::new(cfg, gai("example.com"));
    let mut env = Env {
        net: SimpleNet::debian_lab(),
        ids: 0,
    };
    let (mut sent, mut closed) = (0, 0);
    loop {
        match lookup.poll(Instant::ZERO, &mut env) {
            Io::Connect(_) => lookup.connected(Ok(())),
            Io::Send(_) => sent += 1,
            Io::Wait(_) => lookup.failed(DnsError::Unreachable),
            Io::Close => closed += 1,
            Io::Done => break,
        }
    }
    // A and AAAA: each is sent once, refused, its socket closed.
    assert_eq!((sent, closed), (2, 2));
    assert_eq!(lookup.take(), Some(blocking));
}

#[test]
fn a_name_too_long_for_a_query_is_nxdomain_without_a_packet() {
    let cfg = Config::debian12("lab");
    let long: &'static str = String::leak("a".repeat(300) + ".lan");
    let (r, at, sent) = drive(Lookup::new(cfg, gai(long)), true);
    assert_eq!((at, sent), (Instant::ZERO, 0));
    assert_eq!(r.result, Err(GaiError::NoName));
}
