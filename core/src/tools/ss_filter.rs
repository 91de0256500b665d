//! ss's FILTER (iproute2 6.1, `ssfilter.y` and `ss.c`): `state`/`exclude`
//! words first, then an expression of conditions on a socket's addresses
//! and ports: `src`/`dst HOST`, `sport`/`dport OP HOST` (`=`, `!=`, `<`,
//! `<=`, `>`, `>=`, or their words `eq neq lt le gt ge`), `dev NAME`,
//! `fwmark VALUE[/MASK]`, `autobound`, joined by `and`/`&`, `or`/`|`, `not`/
//! `!` and `( )`. Each word of the command line is split at blanks; a word
//! that is no keyword is a HOST. As bison builds it, the joins apply left
//! to right with no precedence (`a or b and c` is `(a or b) and c`), and
//! two conditions side by side are joined by `and`.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use crate::process::Ctx;

use super::netnames::{self, Proto};

/// How deep `(` and `!` may nest (the parser recurses that deep).
const DEPTH_LIMIT: usize = 64;

/// The mark of every socket: nothing sets SO_MARK.
const SOCKET_MARK: u32 = 0;

/// The state bits (`1 << SS_*`) of every TCP state.
pub(super) const ALL_STATES: u32 = 0xfff;
const SS_ESTABLISHED: u32 = 1 << 1;
const SS_SYN_SENT: u32 = 1 << 2;
const SS_SYN_RECV: u32 = 1 << 3;
const SS_TIME_WAIT: u32 = 1 << 6;
const SS_CLOSE: u32 = 1 << 7;
const SS_LISTEN: u32 = 1 << 10;

/// Why a filter was refused: what ss prints on standard error and its
/// exit status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Refusal {
    /// The message.
    pub(super) text: String,
    /// Whether ss's usage (`ss -h`) follows it.
    pub(super) usage: bool,
    /// The exit status.
    pub(super) status: i32,
}

impl Refusal {
    fn syntax() -> Refusal {
        Refusal {
            text: String::from(
                "ss: bison bellows (while parsing filter): \"syntax error!\" Sorry.\n",
            ),
            usage: true,
            status: 255,
        }
    }

    fn address(word: &str) -> Refusal {
        Refusal {
            text: format!(
                "Error: an inet prefix is expected rather than \"{word}\".\nCannot parse dst/src address.\n"
            ),
            usage: false,
            status: 1,
        }
    }

    fn port(word: &str) -> Refusal {
        Refusal {
            text: format!(
                "Error: \"{word}\" does not look like a port.\nCannot parse dst/src address.\n"
            ),
            usage: false,
            status: 1,
        }
    }
}

/// An address condition: a prefix (none: any address) and a port (none:
/// any port).
#[derive(Clone, Debug, PartialEq, Eq)]
struct HostCond {
    prefix: Option<(IpAddr, u8)>,
    port: Option<u16>,
}

impl HostCond {
    fn matches(&self, addr: SocketAddr) -> bool {
        if self.port.is_some_and(|p| p != addr.port()) {
            return false;
        }
        let Some((net, len)) = self.prefix else {
            return true;
        };
        // An AF_INET6 socket's v4-mapped address matches an IPv4 prefix.
        let ip = match addr.ip() {
            IpAddr::V6(v6) if net.is_ipv4() => v6.to_ipv4_mapped().map_or(addr.ip(), IpAddr::V4),
            ip => ip,
        };
        match (net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => prefix_eq(&n.octets(), &a.octets(), len),
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix_eq(&n.octets(), &a.octets(), len),
            _ => false,
        }
    }
}

/// Whether the first `len` bits of `a` and `b` are equal.
fn prefix_eq(a: &[u8], b: &[u8], len: u8) -> bool {
    let mut left = usize::from(len);
    for (x, y) in a.iter().zip(b) {
        if left == 0 {
            return true;
        }
        let bits = left.min(8);
        let mask = (0xffu16 << (8 - bits)) as u8;
        if x & mask != y & mask {
            return false;
        }
        left -= bits;
    }
    true
}

/// A parsed expression.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Expr {
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    /// `src` (local true) or `dst` HOST, `sport`/`dport = HOST`.
    Host {
        local: bool,
        cond: HostCond,
    },
    /// `sport >= P` (local true) or `dport >= P`.
    PortGe {
        local: bool,
        port: u16,
    },
    /// `sport <= P` or `dport <= P`.
    PortLe {
        local: bool,
        port: u16,
    },
    /// `autobound`: a local port from the ephemeral range.
    Autobound,
    /// `dev NAME`: bound to that device.
    Dev(u32),
    /// `fwmark VALUE/MASK`.
    Mark {
        value: u32,
        mask: u32,
    },
}

/// What a filter sees of a socket.
#[derive(Clone, Copy, Debug)]
pub(super) struct Sock {
    /// The local address.
    pub(super) local: SocketAddr,
    /// The peer's address.
    pub(super) remote: SocketAddr,
    /// The device it is bound to (0: none).
    pub(super) ifindex: u32,
    /// `net.ipv4.ip_local_port_range`.
    pub(super) ephemeral: (u16, u16),
}

impl Expr {
    fn matches(&self, s: &Sock) -> bool {
        let port = |local: bool| {
            if local {
                s.local.port()
            } else {
                s.remote.port()
            }
        };
        match self {
            Expr::Not(e) => !e.matches(s),
            Expr::And(a, b) => a.matches(s) && b.matches(s),
            Expr::Or(a, b) => a.matches(s) || b.matches(s),
            Expr::Host { local, cond } => cond.matches(if *local { s.local } else { s.remote }),
            Expr::PortGe { local, port: p } => port(*local) >= *p,
            Expr::PortLe { local, port: p } => port(*local) <= *p,
            Expr::Autobound => {
                let p = s.local.port();
                p >= s.ephemeral.0 && p <= s.ephemeral.1
            }
            Expr::Dev(index) => s.ifindex == *index,
            Expr::Mark { value, mask } => SOCKET_MARK & mask == *value,
        }
    }
}

/// ss's FILTER: the states it asks for (None: as the options say) and the
/// expression.
#[derive(Clone, Debug, Default)]
pub(super) struct Filter {
    /// `state`/`exclude`: the state bits wanted.
    pub(super) states: Option<u32>,
    expr: Option<Expr>,
}

impl Filter {
    /// Whether a socket passes the expression.
    pub(super) fn matches(&self, s: &Sock) -> bool {
        self.expr.as_ref().is_none_or(|e| e.matches(s))
    }
}

/// `scan_state`: a state word's bits, or ss's error.
fn state_bits(word: &str) -> Result<u32, Refusal> {
    let w = word.to_ascii_lowercase();
    Ok(match w.as_str() {
        "close" | "closed" | "unconnected" => SS_CLOSE,
        "syn-rcv" | "syn-recv" => SS_SYN_RECV,
        "established" => SS_ESTABLISHED,
        "all" => ALL_STATES,
        "connected" => ALL_STATES & !(SS_CLOSE | SS_LISTEN),
        "synchronized" => ALL_STATES & !(SS_CLOSE | SS_LISTEN | SS_SYN_SENT),
        "bucket" => SS_SYN_RECV | SS_TIME_WAIT,
        "big" => ALL_STATES & !(SS_SYN_RECV | SS_TIME_WAIT),
        "unknown" => 1,
        "syn-sent" => SS_SYN_SENT,
        "fin-wait-1" => 1 << 4,
        "fin-wait-2" => 1 << 5,
        "time-wait" => SS_TIME_WAIT,
        "close-wait" => 1 << 8,
        "last-ack" => 1 << 9,
        "listening" => SS_LISTEN,
        "closing" => 1 << 11,
        _ => {
            return Err(Refusal {
                text: format!("ss: wrong state name: {word}\n"),
                usage: false,
                status: 255,
            });
        }
    })
}

/// A token of the expression.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    Not,
    And,
    Or,
    Src,
    Dst,
    Sport,
    Dport,
    Dev,
    Fwmark,
    Autobound,
    Eq,
    Neq,
    Ge,
    Le,
    Gt,
    Lt,
    /// Any other word: a HOST (or a device name, or a mark).
    Word(String),
}

fn token(word: &str) -> Token {
    match word {
        "(" => Token::Open,
        ")" => Token::Close,
        "!" | "not" => Token::Not,
        "&" | "&&" | "and" => Token::And,
        "|" | "||" | "or" => Token::Or,
        "src" => Token::Src,
        "dst" => Token::Dst,
        "sport" => Token::Sport,
        "dport" => Token::Dport,
        "dev" => Token::Dev,
        "fwmark" => Token::Fwmark,
        "autobound" => Token::Autobound,
        "=" | "==" | "eq" => Token::Eq,
        "!=" | "ne" | "neq" => Token::Neq,
        ">=" | "ge" | "geq" => Token::Ge,
        "<=" | "le" | "leq" => Token::Le,
        ">" | "gt" => Token::Gt,
        "<" | "lt" => Token::Lt,
        other => Token::Word(String::from(other)),
    }
}

/// Parses ss's FILTER words (those after the options).
pub(super) fn parse(ctx: &mut Ctx<'_>, words: &[String]) -> Result<Filter, Refusal> {
    let mut filter = Filter::default();
    let mut rest = words;
    // `state X` and `exclude X` come first.
    while let Some((first, after)) = rest.split_first() {
        let exclude = match first.as_str() {
            "state" => false,
            "exclude" | "excl" => true,
            _ => break,
        };
        let Some((name, after)) = after.split_first() else {
            // ssfilter's NEXT_ARG (recorded: iproute2 6.1, exit 255).
            return Err(Refusal {
                text: String::from("Command line is not complete. Try option \"help\"\n"),
                usage: false,
                status: 255,
            });
        };
        let bits = state_bits(name)?;
        let saw = filter.states.is_some();
        let states = filter
            .states
            .get_or_insert(if exclude { ALL_STATES } else { 0 });
        if !saw && exclude {
            *states = ALL_STATES;
        }
        if exclude {
            *states &= !bits;
        } else {
            *states |= bits;
        }
        rest = after;
    }
    let tokens: Vec<Token> = rest
        .iter()
        .flat_map(|w| w.split_whitespace())
        .map(token)
        .collect();
    if tokens.is_empty() {
        return Ok(filter);
    }
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        ctx,
    };
    let expr = parser.list(0)?;
    if parser.at < tokens.len() {
        return Err(Refusal::syntax());
    }
    filter.expr = Some(expr);
    Ok(filter)
}

struct Parser<'t, 'c, 'a> {
    tokens: &'t [Token],
    at: usize,
    ctx: &'c mut Ctx<'a>,
}

impl Parser<'_, '_, '_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    /// exprlist: expr, then `| expr`, `& expr` or `expr`, left to right.
    fn list(&mut self, depth: usize) -> Result<Expr, Refusal> {
        let mut left = self.expr(depth)?;
        loop {
            match self.peek() {
                None | Some(Token::Close) => return Ok(left),
                Some(Token::Or) => {
                    self.at += 1;
                    let right = self.expr(depth)?;
                    left = Expr::Or(Box::new(left), Box::new(right));
                }
                Some(Token::And) => {
                    self.at += 1;
                    let right = self.expr(depth)?;
                    left = Expr::And(Box::new(left), Box::new(right));
                }
                Some(_) => {
                    let right = self.expr(depth)?;
                    left = Expr::And(Box::new(left), Box::new(right));
                }
            }
        }
    }

    fn expr(&mut self, depth: usize) -> Result<Expr, Refusal> {
        if depth >= DEPTH_LIMIT {
            return Err(Refusal::syntax());
        }
        match self.next() {
            Some(Token::Open) => {
                let inner = self.list(depth + 1)?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err(Refusal::syntax()),
                }
            }
            Some(Token::Not) => Ok(Expr::Not(Box::new(self.expr(depth + 1)?))),
            Some(t @ (Token::Src | Token::Dst)) => {
                if self.peek() == Some(&Token::Eq) {
                    self.at += 1;
                }
                let cond = self.host(false)?;
                Ok(Expr::Host {
                    local: t == Token::Src,
                    cond,
                })
            }
            Some(t @ (Token::Sport | Token::Dport)) => {
                let local = t == Token::Sport;
                let op = match self.peek() {
                    Some(
                        op @ (Token::Eq
                        | Token::Neq
                        | Token::Ge
                        | Token::Le
                        | Token::Gt
                        | Token::Lt),
                    ) => {
                        let op = op.clone();
                        self.at += 1;
                        op
                    }
                    _ => Token::Eq,
                };
                let cond = self.host(true)?;
                let port = cond.port.unwrap_or(0);
                let host = Expr::Host { local, cond };
                Ok(match op {
                    Token::Neq => Expr::Not(Box::new(host)),
                    Token::Ge => Expr::PortGe { local, port },
                    Token::Le => Expr::PortLe { local, port },
                    Token::Gt => Expr::Not(Box::new(Expr::PortLe { local, port })),
                    Token::Lt => Expr::Not(Box::new(Expr::PortGe { local, port })),
                    _ => host,
                })
            }
            Some(Token::Autobound) => Ok(Expr::Autobound),
            Some(Token::Dev) => {
                if self.peek() == Some(&Token::Eq) {
                    self.at += 1;
                }
                let Some(Token::Word(name)) = self.next() else {
                    return Err(Refusal::syntax());
                };
                let index = match self.ctx.sys().if_nametoindex(&name) {
                    Ok(i) => Some(i.0),
                    Err(_) => name.parse::<u32>().ok(),
                };
                match index {
                    Some(i) => Ok(Expr::Dev(i)),
                    None => Err(Refusal {
                        text: String::from("Cannot parse device.\n"),
                        usage: false,
                        status: 1,
                    }),
                }
            }
            Some(Token::Fwmark) => {
                if self.peek() == Some(&Token::Eq) {
                    self.at += 1;
                }
                let Some(Token::Word(word)) = self.next() else {
                    return Err(Refusal::syntax());
                };
                let (value, mask) = match word.split_once('/') {
                    Some((v, m)) => (number(v), number(m)),
                    None => (number(&word), Some(u32::MAX)),
                };
                match (value, mask) {
                    (Some(value), Some(mask)) => Ok(Expr::Mark { value, mask }),
                    _ => Err(Refusal {
                        text: String::from("Cannot parse mark.\n"),
                        usage: false,
                        status: 1,
                    }),
                }
            }
            Some(Token::Word(word)) => {
                // A lone HOST is a token no rule takes: the lexer parses it
                // (and may fail), then bison does not accept it.
                self.parse_host(&word, false)?;
                Err(Refusal::syntax())
            }
            _ => Err(Refusal::syntax()),
        }
    }

    /// The HOST after `src`, `dst`, `sport OP`, `dport OP`.
    fn host(&mut self, port_only: bool) -> Result<HostCond, Refusal> {
        match self.next() {
            Some(Token::Word(word)) => self.parse_host(&word, port_only),
            _ => Err(Refusal::syntax()),
        }
    }

    /// `parse_hostcond`: `ADDR[/LEN][:PORT]`, `[ADDR6][:PORT]`, `*`,
    /// `:PORT`, a host name; after `sport`/`dport`, `[:]PORT`.
    fn parse_host(&mut self, word: &str, port_only: bool) -> Result<HostCond, Refusal> {
        if port_only {
            let port = word.rsplit(':').next().unwrap_or(word);
            return Ok(HostCond {
                prefix: None,
                port: self.port(port)?,
            });
        }
        let (addr, port) = if let Some(inner) = word.strip_prefix('[') {
            match inner.split_once(']') {
                Some((a, rest)) => match rest.strip_prefix(':') {
                    Some(p) => (a, Some(p)),
                    None if rest.is_empty() => (a, None),
                    None => return Err(Refusal::address(word)),
                },
                None => return Err(Refusal::address(word)),
            }
        } else {
            match word.rsplit_once(':') {
                Some((a, p)) => (a, Some(p)),
                None => (word, None),
            }
        };
        let port = match port {
            Some(p) => self.port(p)?,
            None => None,
        };
        let prefix = if addr.is_empty() || addr == "*" {
            None
        } else {
            Some(self.prefix(addr).ok_or_else(|| Refusal::address(addr))?)
        };
        Ok(HostCond { prefix, port })
    }

    /// A port: `*` (any), a number, or a service name.
    fn port(&self, word: &str) -> Result<Option<u16>, Refusal> {
        if word == "*" {
            return Ok(None);
        }
        if !word.is_empty() && word.chars().all(|c| c.is_ascii_digit()) {
            // strtoul, kept to 16 bits as ss stores it.
            let n = word.parse::<u64>().unwrap_or(u64::MAX);
            return Ok(Some((n & 0xffff) as u16));
        }
        netnames::service_port(word, Proto::Tcp)
            .or_else(|| netnames::service_port(word, Proto::Udp))
            .map(Some)
            .ok_or_else(|| Refusal::port(word))
    }

    /// `ADDR[/LEN]`: IPv4 (iproute2 takes `127` as 127.0.0.0), IPv6, or
    /// a host name from the resolver.
    fn prefix(&mut self, text: &str) -> Option<(IpAddr, u8)> {
        let (addr, len) = match text.split_once('/') {
            Some((a, l)) => (a, Some(l.parse::<u8>().ok()?)),
            None => (text, None),
        };
        let ip = if let Some(v4) = short_ipv4(addr) {
            IpAddr::V4(v4)
        } else if let Ok(v6) = addr.parse::<Ipv6Addr>() {
            IpAddr::V6(v6)
        } else if len.is_none() {
            netnames::resolve_host(&self.ctx.sys(), addr, crate::names::Family::Inet)?
        } else {
            return None;
        };
        let max = if ip.is_ipv4() { 32 } else { 128 };
        let len = len.unwrap_or(max);
        (len <= max).then_some((ip, len))
    }
}

/// iproute2's `get_addr_ipv4`: one to four dotted bytes, the rest zero.
fn short_ipv4(text: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    for (count, part) in text.split('.').enumerate() {
        let slot = octets.get_mut(count)?;
        if part.is_empty() || !part.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    Some(Ipv4Addr::from(octets))
}

/// strtoul with base 0: `0x1f`, `017`, `31`.
fn number(text: &str) -> Option<u32> {
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        u32::from_str_radix(hex, 16).ok()
    } else if text.len() > 1 && text.starts_with('0') {
        u32::from_str_radix(text.get(1..)?, 8).ok()
    } else {
        text.parse().ok()
    }
}

/// The state bits ss shows by default and with `-l`/`-a` (ss.c).
pub(super) fn default_states(all: bool, listening: bool) -> u32 {
    if all {
        ALL_STATES
    } else if listening {
        SS_LISTEN | SS_CLOSE
    } else {
        ALL_STATES & !(SS_LISTEN | SS_CLOSE | SS_TIME_WAIT | SS_SYN_RECV)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_short_addresses() {
        assert_eq!(short_ipv4("127"), Some(Ipv4Addr::new(127, 0, 0, 0)));
        assert_eq!(short_ipv4("127.1"), Some(Ipv4Addr::new(127, 1, 0, 0)));
        assert_eq!(short_ipv4("300.1.1.1"), None);
        assert!(prefix_eq(&[127, 0, 0, 1], &[127, 9, 9, 9], 8));
        assert!(!prefix_eq(&[127, 0, 0, 1], &[128, 0, 0, 1], 8));
        // 1 = 0b0000_0001 and 200 = 0b1100_1000 differ in bit 25.
        assert!(prefix_eq(&[10, 0, 0, 1], &[10, 0, 0, 200], 24));
        assert!(!prefix_eq(&[10, 0, 0, 1], &[10, 0, 0, 200], 25));
        assert!(prefix_eq(&[10, 0, 0, 1], &[10, 0, 0, 100], 25));
    }
}
