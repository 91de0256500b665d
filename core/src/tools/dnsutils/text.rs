//! DNS records in BIND 9.18's presentation format, as `dig`, `host` and
//! `nslookup` print them: owner names with their final dot, the columns of
//! `dns_master_rdatasettotext` (TTL at 24, class at 32, type at 40, data at
//! 48, tab stops of 8, one space when a field is past its column), the
//! data of each type, and the message's header and EDNS lines.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::names::dnsmsg::{self, Edns, Header, Message, Question, Rdata, Record};

/// A name with its final dot (the root is `.`).
pub(crate) fn fqdn(name: &str) -> String {
    let n = name.trim_end_matches('.');
    format!("{n}.")
}

/// A line being laid out in columns: its text and the column it is at.
struct Columns {
    text: String,
    col: usize,
}

impl Columns {
    fn new() -> Self {
        Columns {
            text: String::new(),
            col: 0,
        }
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.col += s.chars().count();
    }

    /// Pads to column `to` as BIND's `indent` does: tabs if a tab stop
    /// lies before `to`, else spaces (one at least).
    fn indent(&mut self, to: usize) {
        let tabs = (to / 8).saturating_sub(self.col / 8);
        if tabs > 0 {
            for _ in 0..tabs {
                self.text.push('\t');
            }
            self.col = to;
        } else {
            let spaces = to.saturating_sub(self.col).max(1);
            for _ in 0..spaces {
                self.text.push(' ');
            }
            self.col += spaces;
        }
    }
}

/// A TXT character string, quoted, with `"` and `\` escaped and bytes
/// outside printable ASCII as `\DDD`.
fn quoted(s: &[u8]) -> String {
    let mut out = String::from("\"");
    for &b in s {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\{b:03}")),
        }
    }
    out.push('"');
    out
}

/// The data of a record (what `+short` prints).
pub(crate) fn rdata(d: &Rdata) -> String {
    match d {
        Rdata::A(a) => format!("{a}"),
        Rdata::Aaaa(a) => format!("{a}"),
        Rdata::Name(n) => fqdn(n),
        Rdata::Mx {
            preference,
            exchange,
        } => format!("{preference} {}", fqdn(exchange)),
        Rdata::Txt(strings) => strings
            .iter()
            .map(|s| quoted(s))
            .collect::<Vec<_>>()
            .join(" "),
        Rdata::Soa {
            mname,
            rname,
            times,
        } => format!(
            "{} {} {} {} {} {} {}",
            fqdn(mname),
            fqdn(rname),
            times[0],
            times[1],
            times[2],
            times[3],
            times[4]
        ),
        Rdata::Other(raw) => {
            let hex: String = raw.iter().map(|b| format!("{b:02X}")).collect();
            if raw.is_empty() {
                String::from("\\# 0")
            } else {
                format!("\\# {} {hex}", raw.len())
            }
        }
    }
}

/// A record's line: `laptop.\t\t\t0\tIN\tA\t192.168.1.20`.
pub(crate) fn record(r: &Record) -> String {
    let mut line = Columns::new();
    line.push(&fqdn(&r.name));
    line.indent(24);
    line.push(&format!("{}", r.ttl));
    line.indent(32);
    line.push(&dnsmsg::class_name(r.class));
    line.indent(40);
    line.push(&dnsmsg::type_name(r.rtype));
    line.indent(48);
    line.push(&rdata(&r.data));
    line.text
}

/// A question's line: `;laptop.\t\t\t\tIN\tA` (the `;` is not counted in
/// the columns).
pub(crate) fn question(q: &Question) -> String {
    let mut line = Columns::new();
    line.push(&fqdn(&q.name));
    line.indent(32);
    line.push(&dnsmsg::class_name(q.qclass));
    line.indent(40);
    line.push(&dnsmsg::type_name(q.qtype));
    format!(";{}", line.text)
}

/// `QUERY`, `IQUERY`, `STATUS`, `NOTIFY`, `UPDATE` or the number.
fn opcode_name(op: u8) -> String {
    match op {
        0 => String::from("QUERY"),
        1 => String::from("IQUERY"),
        2 => String::from("STATUS"),
        4 => String::from("NOTIFY"),
        5 => String::from("UPDATE"),
        n => format!("RESERVED{n}"),
    }
}

/// The two header lines:
///
/// ```text
/// ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 12771
/// ;; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
/// ```
pub(crate) fn header(m: &Message) -> String {
    let h: &Header = &m.header;
    let mut flags = String::new();
    for (on, name) in [
        (h.qr, "qr"),
        (h.aa, "aa"),
        (h.tc, "tc"),
        (h.rd, "rd"),
        (h.ra, "ra"),
        (h.ad, "ad"),
        (h.cd, "cd"),
    ] {
        if on {
            flags.push(' ');
            flags.push_str(name);
        }
    }
    format!(
        ";; ->>HEADER<<- opcode: {}, status: {}, id: {}\n;; flags:{flags}; QUERY: {}, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: {}\n",
        opcode_name(h.opcode),
        dnsmsg::rcode_name(m.rcode()),
        h.id,
        m.questions.len(),
        m.answers.len(),
        m.authority.len(),
        m.additional.len() + usize::from(m.edns.is_some()),
    )
}

/// The OPT pseudo-section's lines (without the section's title):
/// `; EDNS: version: 0, flags:; udp: 1232` and its options.
pub(crate) fn edns(e: &Edns) -> String {
    let flags = if e.dnssec_ok { " do" } else { "" };
    let mut out = format!(
        "; EDNS: version: {}, flags:{flags}; udp: {}\n",
        e.version, e.udp_size
    );
    for (code, data) in &e.options {
        let hex: String = data.iter().map(|b| format!("{b:02x}")).collect();
        match *code {
            dnsmsg::OPTION_COOKIE => out.push_str(&format!("; COOKIE: {hex}\n")),
            c => out.push_str(&format!("; OPT={c}: {hex}\n")),
        }
    }
    out
}

/// The wall-clock date of `;; WHEN:`, `Sat Dec 05 10:13:37 UTC 2026`
/// (`%a %b %d %H:%M:%S %Z %Y`; the lab's time zone is UTC).
pub(crate) fn when(secs: u64) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let c = crate::tools::netutil::civil(secs);
    format!(
        "{} {} {:02} {:02}:{:02}:{:02} UTC {}",
        DAYS.get(c.weekday as usize).copied().unwrap_or("Thu"),
        MONTHS
            .get((c.month as usize).wrapping_sub(1))
            .copied()
            .unwrap_or("Jan"),
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.year
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::{Ipv4Addr, Ipv6Addr};

    fn rr(name: &str, rtype: u16, data: Rdata) -> Record {
        Record {
            name: String::from(name),
            rtype,
            class: dnsmsg::CLASS_IN,
            ttl: 0,
            data,
        }
    }

    /// Lines of core/tests/fixtures/dnsutils/rec_dig.txt.
    #[test]
    fn columns_as_recorded() {
        let a = rr(
            "laptop",
            dnsmsg::A,
            Rdata::A(Ipv4Addr::new(192, 168, 1, 20)),
        );
        assert_eq!(record(&a), "laptop.\t\t\t0\tIN\tA\t192.168.1.20");
        let p = rr(
            "20.1.168.192.in-addr.arpa",
            dnsmsg::PTR,
            Rdata::Name(String::from("laptop.lan")),
        );
        assert_eq!(
            record(&p),
            "20.1.168.192.in-addr.arpa. 0\tIN\tPTR\tlaptop.lan."
        );
        let six = rr("localhost", dnsmsg::AAAA, Rdata::Aaaa(Ipv6Addr::LOCALHOST));
        assert_eq!(record(&six), "localhost.\t\t0\tIN\tAAAA\t::1");
        let q = |name: &str, qtype| Question {
            name: String::from(name),
            qtype,
            qclass: 1,
        };
        assert_eq!(question(&q("laptop", dnsmsg::A)), ";laptop.\t\t\t\tIN\tA");
        assert_eq!(
            question(&q("laptop.lan", dnsmsg::A)),
            ";laptop.lan.\t\t\tIN\tA"
        );
        assert_eq!(
            question(&q("20.1.168.192.in-addr.arpa", dnsmsg::PTR)),
            ";20.1.168.192.in-addr.arpa.\tIN\tPTR"
        );
        assert_eq!(
            question(&q("1.0.0.127.in-addr.arpa", dnsmsg::PTR)),
            ";1.0.0.127.in-addr.arpa.\t\tIN\tPTR"
        );
        let long = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa";
        assert_eq!(question(&q(long, dnsmsg::PTR)), format!(";{long}. IN PTR"));
        assert_eq!(when(1_796_465_617), "Sat Dec 05 10:13:37 UTC 2026");
    }
}
