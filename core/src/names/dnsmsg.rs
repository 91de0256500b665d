//! DNS messages in full (RFC 1035, RFC 6891's OPT record): every header
//! flag, every section and the record types a home network's DNS tools
//! print (A, AAAA, NS, CNAME, SOA, PTR, MX, TXT; others kept as bytes).
//! What `dig`, `host` and `nslookup` send and print, and what the router's
//! dnsmasq answers with. Parsing never panics: a malformed message is
//! `None`.

use alloc::string::String;
use alloc::vec::Vec;
use core::net::{Ipv4Addr, Ipv6Addr};

/// A.
pub const A: u16 = 1;
/// NS.
pub const NS: u16 = 2;
/// CNAME.
pub const CNAME: u16 = 5;
/// SOA.
pub const SOA: u16 = 6;
/// PTR.
pub const PTR: u16 = 12;
/// MX.
pub const MX: u16 = 15;
/// TXT.
pub const TXT: u16 = 16;
/// AAAA.
pub const AAAA: u16 = 28;
/// OPT (EDNS's pseudo-record).
pub const OPT: u16 = 41;
/// ANY (a query type only).
pub const ANY: u16 = 255;
/// Class IN.
pub const CLASS_IN: u16 = 1;
/// RCODE: no error.
pub const NOERROR: u8 = 0;
/// RCODE: server failure.
pub const SERVFAIL: u8 = 2;
/// RCODE: the name does not exist.
pub const NXDOMAIN: u8 = 3;
/// RCODE: not implemented.
pub const NOTIMP: u8 = 4;
/// RCODE: refused.
pub const REFUSED: u8 = 5;
/// EDNS option: COOKIE (RFC 7873).
pub const OPTION_COOKIE: u16 = 10;

/// The largest message read or built (a TCP message's limit).
pub const MAX_MESSAGE: usize = 65_535;

/// The record types by mnemonic, as BIND's tools read and print them.
const TYPE_NAMES: [(u16, &str); 10] = [
    (A, "A"),
    (NS, "NS"),
    (CNAME, "CNAME"),
    (SOA, "SOA"),
    (PTR, "PTR"),
    (MX, "MX"),
    (TXT, "TXT"),
    (AAAA, "AAAA"),
    (OPT, "OPT"),
    (ANY, "ANY"),
];

/// The mnemonic of a type (`TYPE65` for one without a name, RFC 3597).
pub fn type_name(t: u16) -> String {
    TYPE_NAMES
        .iter()
        .find(|(n, _)| *n == t)
        .map_or_else(|| alloc::format!("TYPE{t}"), |(_, s)| String::from(*s))
}

/// The type a mnemonic names, in any case (`aaaa`, `TYPE28`).
pub fn type_from_name(s: &str) -> Option<u16> {
    if let Some((t, _)) = TYPE_NAMES.iter().find(|(_, n)| n.eq_ignore_ascii_case(s)) {
        return Some(*t);
    }
    let n = s.get(..4).filter(|p| p.eq_ignore_ascii_case("TYPE"))?;
    s.get(n.len()..)?.parse().ok()
}

/// The mnemonic of a class.
pub fn class_name(c: u16) -> String {
    match c {
        1 => String::from("IN"),
        3 => String::from("CH"),
        4 => String::from("HS"),
        255 => String::from("ANY"),
        _ => alloc::format!("CLASS{c}"),
    }
}

/// The mnemonic of a response code, as BIND prints a status.
pub fn rcode_name(r: u16) -> String {
    let s = match r {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        6 => "YXDOMAIN",
        7 => "YXRRSET",
        8 => "NXRRSET",
        9 => "NOTAUTH",
        10 => "NOTZONE",
        16 => "BADVERS",
        23 => "BADCOOKIE",
        _ => return alloc::format!("RESERVED{r}"),
    };
    String::from(s)
}

/// The header's fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// ID.
    pub id: u16,
    /// QR: a response.
    pub qr: bool,
    /// OPCODE (0 = QUERY).
    pub opcode: u8,
    /// AA: an authoritative answer.
    pub aa: bool,
    /// TC: truncated.
    pub tc: bool,
    /// RD: recursion desired.
    pub rd: bool,
    /// RA: recursion available.
    pub ra: bool,
    /// AD: authentic data.
    pub ad: bool,
    /// CD: checking disabled.
    pub cd: bool,
    /// RCODE's low four bits (EDNS carries the rest).
    pub rcode: u8,
}

impl Header {
    fn flags(&self) -> u16 {
        let bit = |b: bool, at: u16| if b { 1 << at } else { 0 };
        bit(self.qr, 15)
            | (u16::from(self.opcode & 0xf) << 11)
            | bit(self.aa, 10)
            | bit(self.tc, 9)
            | bit(self.rd, 8)
            | bit(self.ra, 7)
            | bit(self.ad, 5)
            | bit(self.cd, 4)
            | u16::from(self.rcode & 0xf)
    }

    fn from_flags(id: u16, f: u16) -> Self {
        Header {
            id,
            qr: f & 0x8000 != 0,
            opcode: ((f >> 11) & 0xf) as u8,
            aa: f & 0x0400 != 0,
            tc: f & 0x0200 != 0,
            rd: f & 0x0100 != 0,
            ra: f & 0x0080 != 0,
            ad: f & 0x0020 != 0,
            cd: f & 0x0010 != 0,
            rcode: (f & 0xf) as u8,
        }
    }
}

/// One question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The name, without its final dot (empty for the root).
    pub name: String,
    /// QTYPE.
    pub qtype: u16,
    /// QCLASS.
    pub qclass: u16,
}

/// A record's data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rdata {
    /// A.
    A(Ipv4Addr),
    /// AAAA.
    Aaaa(Ipv6Addr),
    /// NS, CNAME or PTR: one name.
    Name(String),
    /// MX.
    Mx {
        /// Preference.
        preference: u16,
        /// The mail exchanger.
        exchange: String,
    },
    /// TXT: its character strings.
    Txt(Vec<Vec<u8>>),
    /// SOA.
    Soa {
        /// The primary server.
        mname: String,
        /// The mailbox.
        rname: String,
        /// SERIAL, REFRESH, RETRY, EXPIRE, MINIMUM.
        times: [u32; 5],
    },
    /// Any other type, as bytes.
    Other(Vec<u8>),
}

/// A resource record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The owner, without its final dot.
    pub name: String,
    /// TYPE.
    pub rtype: u16,
    /// CLASS.
    pub class: u16,
    /// TTL.
    pub ttl: u32,
    /// RDATA.
    pub data: Rdata,
}

/// EDNS (the OPT record of the additional section).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Edns {
    /// The sender's UDP payload size.
    pub udp_size: u16,
    /// The high eight bits of the response code.
    pub ext_rcode: u8,
    /// VERSION.
    pub version: u8,
    /// DO: DNSSEC OK.
    pub dnssec_ok: bool,
    /// The options (code, data), in order.
    pub options: Vec<(u16, Vec<u8>)>,
}

/// A whole message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Message {
    /// The header.
    pub header: Header,
    /// The question section.
    pub questions: Vec<Question>,
    /// The answer section.
    pub answers: Vec<Record>,
    /// The authority section.
    pub authority: Vec<Record>,
    /// The additional section without the OPT record.
    pub additional: Vec<Record>,
    /// The OPT record, if any.
    pub edns: Option<Edns>,
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes(<[u8; 2]>::try_from(s).ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes(<[u8; 4]>::try_from(s).ok()?))
}

/// Reads a (possibly compressed) name at `at`: the name and the offset
/// after it. At most 128 labels or pointers are followed.
fn read_name(msg: &[u8], at: usize) -> Option<(String, usize)> {
    let mut name = String::new();
    let (mut pos, mut end) = (at, None);
    for _ in 0..128 {
        let len = *msg.get(pos)?;
        if len == 0 {
            return Some((name, end.unwrap_or(pos + 1)));
        }
        if len & 0xc0 == 0xc0 {
            end.get_or_insert(pos + 2);
            pos = usize::from(be16(msg, pos)? & 0x3fff);
            continue;
        }
        if len & 0xc0 != 0 {
            return None;
        }
        let label = msg.get(pos + 1..pos + 1 + usize::from(len))?;
        if !name.is_empty() {
            name.push('.');
        }
        for &b in label {
            // BIND's presentation format: special characters escaped.
            match b {
                b'.' | b'\\' | b'"' | b'(' | b')' | b';' | b'@' | b'$' => {
                    name.push('\\');
                    name.push(char::from(b));
                }
                0x21..=0x7e => name.push(char::from(b)),
                _ => name.push_str(&alloc::format!("\\{b:03}")),
            }
        }
        pos += 1 + usize::from(len);
    }
    None
}

fn read_rdata(msg: &[u8], rtype: u16, at: usize, len: usize) -> Option<Rdata> {
    let raw = msg.get(at..at.checked_add(len)?)?;
    let name_in = |from: usize| -> Option<String> {
        let (n, next) = read_name(msg, from)?;
        (next <= at + len).then_some(n)
    };
    Some(match rtype {
        A => Rdata::A(Ipv4Addr::from(<[u8; 4]>::try_from(raw).ok()?)),
        AAAA => Rdata::Aaaa(Ipv6Addr::from(<[u8; 16]>::try_from(raw).ok()?)),
        NS | CNAME | PTR => Rdata::Name(name_in(at)?),
        MX => Rdata::Mx {
            preference: be16(msg, at)?,
            exchange: name_in(at + 2)?,
        },
        TXT => {
            let mut strings = Vec::new();
            let mut p = 0;
            while p < raw.len() {
                let l = usize::from(*raw.get(p)?);
                strings.push(raw.get(p + 1..p + 1 + l)?.to_vec());
                p += 1 + l;
            }
            Rdata::Txt(strings)
        }
        SOA => {
            let (mname, next) = read_name(msg, at)?;
            let (rname, next) = read_name(msg, next)?;
            let mut times = [0u32; 5];
            for (i, t) in times.iter_mut().enumerate() {
                *t = be32(msg, next + 4 * i)?;
            }
            Rdata::Soa {
                mname,
                rname,
                times,
            }
        }
        _ => Rdata::Other(raw.to_vec()),
    })
}

/// A parsed record or the OPT pseudo-record.
enum Parsed {
    Record(Record),
    Opt(Edns),
}

fn read_record(msg: &[u8], pos: usize) -> Option<(Parsed, usize)> {
    let (name, next) = read_name(msg, pos)?;
    let rtype = be16(msg, next)?;
    let class = be16(msg, next + 2)?;
    let ttl = be32(msg, next + 4)?;
    let rdlen = usize::from(be16(msg, next + 8)?);
    let at = next + 10;
    let end = at + rdlen;
    if rtype == OPT {
        let raw = msg.get(at..end)?;
        let mut options = Vec::new();
        let mut p = 0;
        while p < raw.len() {
            let code = be16(raw, p)?;
            let l = usize::from(be16(raw, p + 2)?);
            options.push((code, raw.get(p + 4..p + 4 + l)?.to_vec()));
            p += 4 + l;
        }
        let edns = Edns {
            udp_size: class,
            ext_rcode: (ttl >> 24) as u8,
            version: (ttl >> 16) as u8,
            dnssec_ok: ttl & 0x8000 != 0,
            options,
        };
        return Some((Parsed::Opt(edns), end));
    }
    let data = read_rdata(msg, rtype, at, rdlen)?;
    let r = Record {
        name,
        rtype,
        class,
        ttl,
        data,
    };
    Some((Parsed::Record(r), end))
}

impl Message {
    /// Parses a message; `None` if it is malformed or runs past its end.
    pub fn parse(msg: &[u8]) -> Option<Message> {
        let header = Header::from_flags(be16(msg, 0)?, be16(msg, 2)?);
        let counts = [be16(msg, 4)?, be16(msg, 6)?, be16(msg, 8)?, be16(msg, 10)?];
        let mut m = Message {
            header,
            ..Message::default()
        };
        let mut pos = 12;
        for _ in 0..counts[0] {
            let (name, next) = read_name(msg, pos)?;
            m.questions.push(Question {
                name,
                qtype: be16(msg, next)?,
                qclass: be16(msg, next + 2)?,
            });
            pos = next + 4;
        }
        for (section, &count) in counts.iter().enumerate().skip(1) {
            for _ in 0..count {
                let (parsed, next) = read_record(msg, pos)?;
                pos = next;
                match (parsed, section) {
                    (Parsed::Opt(e), 3) if m.edns.is_none() => m.edns = Some(e),
                    (Parsed::Opt(_), _) => return None,
                    (Parsed::Record(r), 1) => m.answers.push(r),
                    (Parsed::Record(r), 2) => m.authority.push(r),
                    (Parsed::Record(r), _) => m.additional.push(r),
                }
            }
        }
        Some(m)
    }

    /// The full response code (EDNS's high bits included).
    pub fn rcode(&self) -> u16 {
        let high = self.edns.as_ref().map_or(0, |e| u16::from(e.ext_rcode));
        (high << 4) | u16::from(self.header.rcode)
    }

    /// The message on the wire. Owner names equal to the first question's
    /// are compressed to a pointer to it (as dnsmasq writes them); every
    /// other name is written in full. `None` if a name cannot be encoded
    /// or the message passes [`MAX_MESSAGE`].
    pub fn emit(&self) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(512);
        out.extend_from_slice(&self.header.id.to_be_bytes());
        out.extend_from_slice(&self.header.flags().to_be_bytes());
        let extra = usize::from(self.edns.is_some());
        for n in [
            self.questions.len(),
            self.answers.len(),
            self.authority.len(),
            self.additional.len() + extra,
        ] {
            out.extend_from_slice(&u16::try_from(n).ok()?.to_be_bytes());
        }
        let first = self.questions.first().map(|q| q.name.as_str());
        for q in &self.questions {
            push_name(&mut out, &q.name)?;
            out.extend_from_slice(&q.qtype.to_be_bytes());
            out.extend_from_slice(&q.qclass.to_be_bytes());
        }
        for r in self
            .answers
            .iter()
            .chain(&self.authority)
            .chain(&self.additional)
        {
            if first.is_some_and(|f| f.eq_ignore_ascii_case(&r.name)) {
                out.extend_from_slice(&[0xc0, 0x0c]);
            } else {
                push_name(&mut out, &r.name)?;
            }
            out.extend_from_slice(&r.rtype.to_be_bytes());
            out.extend_from_slice(&r.class.to_be_bytes());
            out.extend_from_slice(&r.ttl.to_be_bytes());
            let data = rdata_bytes(&r.data)?;
            out.extend_from_slice(&u16::try_from(data.len()).ok()?.to_be_bytes());
            out.extend_from_slice(&data);
        }
        if let Some(e) = &self.edns {
            out.push(0);
            out.extend_from_slice(&OPT.to_be_bytes());
            out.extend_from_slice(&e.udp_size.to_be_bytes());
            let ttl = (u32::from(e.ext_rcode) << 24)
                | (u32::from(e.version) << 16)
                | if e.dnssec_ok { 0x8000 } else { 0 };
            out.extend_from_slice(&ttl.to_be_bytes());
            let mut opts = Vec::new();
            for (code, data) in &e.options {
                opts.extend_from_slice(&code.to_be_bytes());
                opts.extend_from_slice(&u16::try_from(data.len()).ok()?.to_be_bytes());
                opts.extend_from_slice(data);
            }
            out.extend_from_slice(&u16::try_from(opts.len()).ok()?.to_be_bytes());
            out.extend_from_slice(&opts);
        }
        (out.len() <= MAX_MESSAGE).then_some(out)
    }
}

/// Writes `name` as labels (a final dot or none, the same name).
fn push_name(out: &mut Vec<u8>, name: &str) -> Option<()> {
    let mut total = 1;
    for label in name.split('.').filter(|l| !l.is_empty()) {
        let len = u8::try_from(label.len()).ok().filter(|l| *l <= 63)?;
        total += 1 + label.len();
        out.push(len);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    (total <= 255).then_some(())
}

fn rdata_bytes(d: &Rdata) -> Option<Vec<u8>> {
    let mut b = Vec::new();
    match d {
        Rdata::A(a) => b.extend_from_slice(&a.octets()),
        Rdata::Aaaa(a) => b.extend_from_slice(&a.octets()),
        Rdata::Name(n) => push_name(&mut b, n)?,
        Rdata::Mx {
            preference,
            exchange,
        } => {
            b.extend_from_slice(&preference.to_be_bytes());
            push_name(&mut b, exchange)?;
        }
        Rdata::Txt(strings) => {
            for s in strings {
                b.push(u8::try_from(s.len()).ok()?);
                b.extend_from_slice(s);
            }
        }
        Rdata::Soa {
            mname,
            rname,
            times,
        } => {
            push_name(&mut b, mname)?;
            push_name(&mut b, rname)?;
            for t in times {
                b.extend_from_slice(&t.to_be_bytes());
            }
        }
        Rdata::Other(raw) => b.extend_from_slice(raw),
    }
    Some(b)
}

/// True if `name` is a name the wire can carry (labels of 1 to 63 bytes,
/// 255 in all).
pub fn is_encodable(name: &str) -> bool {
    push_name(&mut Vec::new(), name).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// dig 9.18's query for `laptop` (RD, AD, EDNS udp 1232 with a cookie),
    /// and dnsmasq 2.90's answer, as captured on the veth of the recording
    /// in fixtures/dnsutils: 51 bytes, `MSG SIZE  rcvd: 51`.
    #[test]
    fn round_trip_and_sizes() {
        let q = Message {
            header: Header {
                id: 0x31e3,
                rd: true,
                ad: true,
                ..Header::default()
            },
            questions: alloc::vec![Question {
                name: String::from("laptop"),
                qtype: A,
                qclass: CLASS_IN,
            }],
            edns: Some(Edns {
                udp_size: 1232,
                options: alloc::vec![(OPTION_COOKIE, alloc::vec![7; 8])],
                ..Edns::default()
            }),
            ..Message::default()
        };
        let bytes = q.emit().unwrap();
        assert_eq!(bytes.len(), 12 + 12 + 11 + 12);
        assert_eq!(Message::parse(&bytes).unwrap(), q);
        let mut r = q.clone();
        r.header.qr = true;
        r.header.aa = true;
        r.header.ra = true;
        r.header.ad = false;
        r.answers.push(Record {
            name: String::from("laptop"),
            rtype: A,
            class: CLASS_IN,
            ttl: 0,
            data: Rdata::A(Ipv4Addr::new(192, 168, 1, 20)),
        });
        r.edns = Some(Edns {
            udp_size: 1232,
            ..Edns::default()
        });
        let bytes = r.emit().unwrap();
        assert_eq!(bytes.len(), 51);
        assert_eq!(Message::parse(&bytes).unwrap(), r);
        assert_eq!(type_from_name("aaaa"), Some(AAAA));
        assert_eq!(type_from_name("TYPE99"), Some(99));
        assert_eq!(type_from_name("FOO"), None);
        assert_eq!(type_name(99), "TYPE99");
    }

    #[test]
    fn garbage_never_panics() {
        let mut rng = crate::rand::Rng::new(3);
        for _ in 0..3000 {
            let len = rng.range_inclusive(0, 120) as usize;
            let b: Vec<u8> = (0..len).map(|_| rng.next_u16() as u8).collect();
            let _ = Message::parse(&b);
        }
    }
}
