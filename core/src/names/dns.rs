//! DNS messages on the wire (RFC 1035): the stub resolver's queries (A,
//! AAAA, PTR; one question, RD set, no EDNS, as glibc 2.36 sends them) and
//! the answers a small authoritative server gives.

use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Record types the lab asks for.
pub const TYPE_A: u16 = 1;
/// PTR.
pub const TYPE_PTR: u16 = 12;
/// AAAA.
pub const TYPE_AAAA: u16 = 28;
/// Response code: no error.
pub const RCODE_NOERROR: u8 = 0;
/// Response code: server failure.
pub const RCODE_SERVFAIL: u8 = 2;
/// Response code: the name does not exist.
pub const RCODE_NXDOMAIN: u8 = 3;

/// One question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The name, without the final dot, as written on the wire.
    pub name: String,
    /// QTYPE.
    pub qtype: u16,
    /// QCLASS (1 = IN).
    pub qclass: u16,
}

/// A parsed message: what the resolver and the server need of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// ID.
    pub id: u16,
    /// QR: a response.
    pub response: bool,
    /// RD.
    pub recursion_desired: bool,
    /// RCODE.
    pub rcode: u8,
    /// The first question, if any.
    pub question: Option<Question>,
    /// Addresses from A/AAAA answers.
    pub addresses: Vec<IpAddr>,
    /// Names from PTR answers.
    pub names: Vec<String>,
}

fn push_name(out: &mut Vec<u8>, name: &str) -> Option<()> {
    for label in name
        .trim_end_matches('.')
        .split('.')
        .filter(|l| !l.is_empty())
    {
        let len = u8::try_from(label.len()).ok().filter(|l| *l <= 63)?;
        out.push(len);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    (out.len() <= 512).then_some(())
}

/// A query as glibc's `res_mkquery` makes it: one question, RD set.
/// `None` if the name cannot be encoded (a label over 63 bytes).
pub fn query(id: u16, name: &str, qtype: u16) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(12 + name.len() + 6);
    out.extend_from_slice(&id.to_be_bytes());
    out.extend_from_slice(&[0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
    push_name(&mut out, name)?;
    out.extend_from_slice(&qtype.to_be_bytes());
    out.extend_from_slice(&1u16.to_be_bytes());
    Some(out)
}

/// The PTR name of an address (`1.1.168.192.in-addr.arpa`, `...ip6.arpa`).
pub fn ptr_name(addr: IpAddr) -> String {
    let mut s = String::new();
    match addr {
        IpAddr::V4(a) => {
            for o in a.octets().iter().rev() {
                s.push_str(&alloc::format!("{o}."));
            }
            s.push_str("in-addr.arpa");
        }
        IpAddr::V6(a) => {
            for o in a.octets().iter().rev() {
                s.push_str(&alloc::format!("{:x}.{:x}.", o & 0xf, o >> 4));
            }
            s.push_str("ip6.arpa");
        }
    }
    s
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2)
        .and_then(|s| <[u8; 2]>::try_from(s).ok())
        .map(u16::from_be_bytes)
}

/// Reads a (possibly compressed) name at `at`; returns it and the offset
/// after it in the message.
fn read_name(msg: &[u8], at: usize) -> Option<(String, usize)> {
    let mut name = String::new();
    let mut pos = at;
    let mut end = None;
    for _ in 0..128 {
        let len = *msg.get(pos)?;
        if len == 0 {
            return Some((name, end.unwrap_or(pos + 1)));
        }
        if len & 0xc0 == 0xc0 {
            let ptr = usize::from(be16(msg, pos)? & 0x3fff);
            end.get_or_insert(pos + 2);
            pos = ptr;
            continue;
        }
        let label = msg.get(pos + 1..pos + 1 + usize::from(len))?;
        if !name.is_empty() {
            name.push('.');
        }
        name.push_str(&String::from_utf8_lossy(label));
        pos += 1 + usize::from(len);
    }
    None
}

/// Parses a message; `None` if it is malformed.
pub fn parse(msg: &[u8]) -> Option<Message> {
    let id = be16(msg, 0)?;
    let flags = be16(msg, 2)?;
    let qd = be16(msg, 4)?;
    let an = be16(msg, 6)?;
    let mut pos = 12;
    let mut question = None;
    for i in 0..qd {
        let (name, next) = read_name(msg, pos)?;
        let qtype = be16(msg, next)?;
        let qclass = be16(msg, next + 2)?;
        if i == 0 {
            question = Some(Question {
                name,
                qtype,
                qclass,
            });
        }
        pos = next + 4;
    }
    let mut addresses = Vec::new();
    let mut names = Vec::new();
    for _ in 0..an {
        let (_, next) = read_name(msg, pos)?;
        let rtype = be16(msg, next)?;
        let rdlen = usize::from(be16(msg, next + 8)?);
        let rdata_at = next + 10;
        let rdata = msg.get(rdata_at..rdata_at + rdlen)?;
        match rtype {
            TYPE_A => {
                let o = <[u8; 4]>::try_from(rdata).ok()?;
                addresses.push(IpAddr::V4(Ipv4Addr::from(o)));
            }
            TYPE_AAAA => {
                let o = <[u8; 16]>::try_from(rdata).ok()?;
                addresses.push(IpAddr::V6(Ipv6Addr::from(o)));
            }
            TYPE_PTR => names.push(read_name(msg, rdata_at)?.0),
            _ => {}
        }
        pos = rdata_at + rdlen;
    }
    Some(Message {
        id,
        response: flags & 0x8000 != 0,
        recursion_desired: flags & 0x0100 != 0,
        rcode: (flags & 0xf) as u8,
        question,
        addresses,
        names,
    })
}

/// What an answer carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rdata {
    /// An address (A or AAAA by its family).
    Addr(IpAddr),
    /// A name (PTR).
    Name(String),
}

/// A response to `q` (the query's bytes, for its header and question):
/// `rcode` and the answers, each with `ttl`. AA and RA are set, as a home
/// router's dnsmasq answers for its own names. `None` if `q` is malformed.
pub fn response(q: &[u8], rcode: u8, answers: &[Rdata], ttl: u32) -> Option<Vec<u8>> {
    let m = parse(q)?;
    let question = m.question?;
    let mut out = Vec::new();
    out.extend_from_slice(&m.id.to_be_bytes());
    let rd = if m.recursion_desired { 0x01 } else { 0 };
    out.push(0x84 | rd);
    out.push(0x80 | (rcode & 0xf));
    out.extend_from_slice(&[0, 1]);
    let count = u16::try_from(answers.len()).ok()?;
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    push_name(&mut out, &question.name)?;
    out.extend_from_slice(&question.qtype.to_be_bytes());
    out.extend_from_slice(&question.qclass.to_be_bytes());
    for a in answers {
        out.extend_from_slice(&[0xc0, 0x0c]);
        let (rtype, rdata) = match a {
            Rdata::Addr(IpAddr::V4(v4)) => (TYPE_A, v4.octets().to_vec()),
            Rdata::Addr(IpAddr::V6(v6)) => (TYPE_AAAA, v6.octets().to_vec()),
            Rdata::Name(n) => {
                let mut b = Vec::new();
                push_name(&mut b, n)?;
                (TYPE_PTR, b)
            }
        };
        out.extend_from_slice(&rtype.to_be_bytes());
        out.extend_from_slice(&1u16.to_be_bytes());
        out.extend_from_slice(&ttl.to_be_bytes());
        out.extend_from_slice(&u16::try_from(rdata.len()).ok()?.to_be_bytes());
        out.extend_from_slice(&rdata);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_bytes_and_round_trip() {
        let q = query(0x1234, "router.lan", TYPE_A).unwrap();
        assert_eq!(
            q,
            b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x06router\x03lan\x00\x00\x01\x00\x01"
        );
        let addr = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 1));
        let r = response(&q, RCODE_NOERROR, &[Rdata::Addr(addr)], 0).unwrap();
        let m = parse(&r).unwrap();
        assert!(m.response);
        assert_eq!((m.id, m.rcode, m.addresses), (0x1234, 0, alloc::vec![addr]));
        let nx = parse(&response(&q, RCODE_NXDOMAIN, &[], 0).unwrap()).unwrap();
        assert_eq!(nx.rcode, RCODE_NXDOMAIN);
        assert_eq!(ptr_name(addr), "1.1.168.192.in-addr.arpa");
        let p = query(7, &ptr_name(addr), TYPE_PTR).unwrap();
        let r = response(&p, 0, &[Rdata::Name(String::from("router.lan"))], 0).unwrap();
        assert_eq!(
            parse(&r).unwrap().names,
            alloc::vec![String::from("router.lan")]
        );
        assert!(query(1, &"a".repeat(64), TYPE_A).is_none());
    }

    #[test]
    fn garbage_never_panics() {
        let mut rng = crate::rand::Rng::new(9);
        for _ in 0..2000 {
            let len = rng.range_inclusive(0, 80) as usize;
            let b: Vec<u8> = (0..len).map(|_| rng.next_u16() as u8).collect();
            let _ = parse(&b);
            let _ = response(&b, 3, &[], 0);
        }
        // a pointer loop
        let mut m = query(1, "a", TYPE_A).unwrap();
        m[6] = 0;
        m[7] = 1;
        m.extend_from_slice(&[0xc0, 0x0c + 0x40]);
        let _ = parse(&m);
    }
}
