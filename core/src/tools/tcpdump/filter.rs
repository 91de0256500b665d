//! The subset of libpcap's filter language the lab's `tcpdump` accepts:
//! `host`, `src|dst host`, `port`, `src|dst port`, `tcp`, `udp`, `icmp`,
//! `icmp6`, `ip`, `ip6`, protocol-qualified ports (`tcp port 80`), `and`
//! `&&`, `or` `||`, `not` `!`, and parentheses. As in libpcap, `and` and
//! `or` have the same precedence and group left to right; `not` binds
//! tightest.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::packet::Summary;

/// Which end of the packet a primitive looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    /// Source or destination.
    Either,
    /// Source only.
    Src,
    /// Destination only.
    Dst,
}

/// A protocol keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ProtoKw {
    /// `ip`.
    Ip,
    /// `ip6`.
    Ip6,
    /// `tcp`.
    Tcp,
    /// `udp`.
    Udp,
    /// `icmp`.
    Icmp,
    /// `icmp6`.
    Icmp6,
}

/// A compiled filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Filter {
    /// Matches every packet (no expression).
    True,
    /// A protocol.
    Proto(ProtoKw),
    /// An address.
    Host(Dir, IpAddr),
    /// A TCP or UDP port, optionally of one transport.
    Port(Dir, u16, Option<ProtoKw>),
    /// Negation.
    Not(Box<Filter>),
    /// Both.
    And(Box<Filter>, Box<Filter>),
    /// Either.
    Or(Box<Filter>, Box<Filter>),
}

impl Filter {
    /// Whether the packet passes.
    pub(crate) fn matches(&self, p: &Summary) -> bool {
        match self {
            Filter::True => true,
            Filter::Proto(k) => match k {
                ProtoKw::Ip => p.src.is_ipv4(),
                ProtoKw::Ip6 => p.src.is_ipv6(),
                ProtoKw::Tcp => p.proto == 6,
                ProtoKw::Udp => p.proto == 17,
                ProtoKw::Icmp => p.src.is_ipv4() && p.proto == 1,
                ProtoKw::Icmp6 => p.src.is_ipv6() && p.proto == 58,
            },
            Filter::Host(d, a) => match d {
                Dir::Either => p.src == *a || p.dst == *a,
                Dir::Src => p.src == *a,
                Dir::Dst => p.dst == *a,
            },
            Filter::Port(d, port, proto) => {
                let transport_ok = match proto {
                    Some(ProtoKw::Tcp) => p.proto == 6,
                    Some(ProtoKw::Udp) => p.proto == 17,
                    _ => p.proto == 6 || p.proto == 17,
                };
                let Some((sp, dp)) = p.ports else {
                    return false;
                };
                transport_ok
                    && match d {
                        Dir::Either => sp == *port || dp == *port,
                        Dir::Src => sp == *port,
                        Dir::Dst => dp == *port,
                    }
            }
            Filter::Not(f) => !f.matches(p),
            Filter::And(a, b) => a.matches(p) && b.matches(p),
            Filter::Or(a, b) => a.matches(p) || b.matches(p),
        }
    }
}

/// Splits an expression into words, `(`, `)` and `!` standing alone.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        match ch {
            '(' | ')' | '!' => {
                if !cur.is_empty() {
                    out.push(core::mem::take(&mut cur));
                }
                out.push(String::from(ch));
            }
            c if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(core::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

const SYNTAX: &str = "tcpdump: can't parse filter expression: syntax error\n";

struct Parser<'a> {
    toks: Vec<String>,
    pos: usize,
    resolve: &'a dyn Fn(&str) -> Option<IpAddr>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.toks.get(self.pos).map(String::as_str)
    }

    fn next(&mut self) -> Option<String> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn expr(&mut self, depth: usize) -> Result<Filter, String> {
        if depth > 64 {
            return Err(String::from(SYNTAX));
        }
        let mut left = self.unary(depth)?;
        loop {
            match self.peek() {
                Some("and" | "&&") => {
                    self.pos += 1;
                    let right = self.unary(depth)?;
                    left = Filter::And(Box::new(left), Box::new(right));
                }
                Some("or" | "||") => {
                    self.pos += 1;
                    let right = self.unary(depth)?;
                    left = Filter::Or(Box::new(left), Box::new(right));
                }
                _ => return Ok(left),
            }
        }
    }

    fn unary(&mut self, depth: usize) -> Result<Filter, String> {
        if depth > 64 {
            return Err(String::from(SYNTAX));
        }
        match self.peek() {
            Some("not" | "!") => {
                self.pos += 1;
                Ok(Filter::Not(Box::new(self.unary(depth + 1)?)))
            }
            Some("(") => {
                self.pos += 1;
                let inner = self.expr(depth + 1)?;
                if self.next().as_deref() != Some(")") {
                    return Err(String::from(SYNTAX));
                }
                Ok(inner)
            }
            _ => self.primitive(),
        }
    }

    fn port(&mut self, dir: Dir, proto: Option<ProtoKw>) -> Result<Filter, String> {
        let word = self.next().ok_or_else(|| String::from(SYNTAX))?;
        if is_keyword(&word) {
            return Err(String::from(SYNTAX));
        }
        let port = match word.parse::<u64>() {
            Ok(n) if n > 65535 => {
                return Err(format!("tcpdump: illegal port number {n} > 65535\n"));
            }
            Ok(n) => u16::try_from(n).unwrap_or(0),
            Err(_) => port_by_name(&word).ok_or_else(|| {
                format!("tcpdump: can't parse filter expression: unknown port '{word}'\n")
            })?,
        };
        Ok(Filter::Port(dir, port, proto))
    }

    fn host(&mut self, dir: Dir) -> Result<Filter, String> {
        let word = self.next().ok_or_else(|| String::from(SYNTAX))?;
        if is_keyword(&word) {
            return Err(String::from(SYNTAX));
        }
        let addr = (self.resolve)(&word).ok_or_else(|| {
            format!("tcpdump: can't parse filter expression: unknown host '{word}'\n")
        })?;
        Ok(Filter::Host(dir, addr))
    }

    fn primitive(&mut self) -> Result<Filter, String> {
        let word = self.next().ok_or_else(|| String::from(SYNTAX))?;
        let proto = match word.as_str() {
            "ip" => Some(ProtoKw::Ip),
            "ip6" => Some(ProtoKw::Ip6),
            "tcp" => Some(ProtoKw::Tcp),
            "udp" => Some(ProtoKw::Udp),
            "icmp" => Some(ProtoKw::Icmp),
            "icmp6" => Some(ProtoKw::Icmp6),
            _ => None,
        };
        if let Some(p) = proto {
            // `tcp port 80`, `udp dst port 53`, `ip host 1.2.3.4`.
            let (dir, consumed) = match self.peek() {
                Some("src") => (Dir::Src, 1),
                Some("dst") => (Dir::Dst, 1),
                _ => (Dir::Either, 0),
            };
            let after = self.toks.get(self.pos + consumed).map(String::as_str);
            match after {
                Some("port") if matches!(p, ProtoKw::Tcp | ProtoKw::Udp) => {
                    self.pos += consumed + 1;
                    return self.port(dir, Some(p));
                }
                Some("host") if matches!(p, ProtoKw::Ip | ProtoKw::Ip6) => {
                    self.pos += consumed + 1;
                    let h = self.host(dir)?;
                    return Ok(Filter::And(Box::new(Filter::Proto(p)), Box::new(h)));
                }
                _ if consumed == 1 => return Err(String::from(SYNTAX)),
                _ => return Ok(Filter::Proto(p)),
            }
        }
        match word.as_str() {
            "host" => self.host(Dir::Either),
            "port" => self.port(Dir::Either, None),
            "src" | "dst" => {
                let dir = if word == "src" { Dir::Src } else { Dir::Dst };
                match self.peek() {
                    Some("host") => {
                        self.pos += 1;
                        self.host(dir)
                    }
                    Some("port") => {
                        self.pos += 1;
                        self.port(dir, None)
                    }
                    Some(w) if !is_keyword(w) => self.host(dir),
                    _ => Err(String::from(SYNTAX)),
                }
            }
            // A bare address is `host ADDR`; a bare name is a syntax error
            // for libpcap (it is parsed as an identifier).
            w if w.parse::<IpAddr>().is_ok() => {
                self.pos -= 1;
                self.host(Dir::Either)
            }
            _ => Err(String::from(SYNTAX)),
        }
    }
}

fn is_keyword(w: &str) -> bool {
    matches!(
        w,
        "and" | "or" | "not" | "&&" | "||" | "!" | "(" | ")" | "host" | "port" | "src" | "dst"
    )
}

fn port_by_name(name: &str) -> Option<u16> {
    (1..=u16::MAX).find(|p| {
        crate::tools::netnames::service(*p, crate::tools::netnames::Proto::Tcp) == Some(name)
            || crate::tools::netnames::service(*p, crate::tools::netnames::Proto::Udp) == Some(name)
    })
}

/// Compiles `text`; the error is tcpdump's message, line included.
pub(crate) fn compile(
    text: &str,
    resolve: &dyn Fn(&str) -> Option<IpAddr>,
) -> Result<Filter, String> {
    let toks = tokens(text);
    if toks.is_empty() {
        return Ok(Filter::True);
    }
    let mut p = Parser {
        toks,
        pos: 0,
        resolve,
    };
    let f = p.expr(0)?;
    if p.pos != p.toks.len() {
        return Err(String::from(SYNTAX));
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Result<Filter, String> {
        compile(s, &|w| {
            if w == "localhost" {
                Some("127.0.0.1".parse().unwrap())
            } else {
                w.parse().ok()
            }
        })
    }

    fn sum(src: &str, dst: &str, proto: u8, ports: Option<(u16, u16)>) -> Summary {
        Summary {
            src: src.parse().unwrap(),
            dst: dst.parse().unwrap(),
            proto,
            ports,
        }
    }

    #[test]
    fn errors_match_real_tcpdump() {
        // Real (tcpdump_real.txt): each exits 1.
        for bad in ["tcp and (", "foo", "host", "tcp port 80 or", "not"] {
            assert_eq!(c(bad), Err(String::from(SYNTAX)), "{bad}");
        }
        assert_eq!(
            c("port 99999"),
            Err(String::from("tcpdump: illegal port number 99999 > 65535\n"))
        );
    }

    #[test]
    fn semantics() {
        let syn = sum("127.0.0.1", "127.0.0.1", 6, Some((40000, 8000)));
        let ping6 = sum("::1", "::1", 58, None);
        assert!(c("tcp and dst port 8000").unwrap().matches(&syn));
        assert!(!c("src port 8000").unwrap().matches(&syn));
        assert!(c("icmp6 or (udp and port 53)").unwrap().matches(&ping6));
        assert!(!c("not ip6").unwrap().matches(&ping6));
        assert!(c("host localhost and not udp").unwrap().matches(&syn));
        assert!(c("! icmp && tcp port 8000").unwrap().matches(&syn));
        assert!(c("port http-alt").unwrap() == Filter::Port(Dir::Either, 8080, None));
    }
}
