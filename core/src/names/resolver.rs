//! `getaddrinfo`, `gethostbyname2` and `gethostbyaddr` as glibc 2.36 runs
//! them, each returning a step-by-step [`Step`] trace.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::fmt;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::gaiconf::GaiConf;
use super::hosts::{Family, HostsFile};
use super::inet::{inet_aton_exact, pton4, pton6};
use super::net::{AddrConfig, IfAddr, NetView};
use super::nsswitch::{Action, NsSwitch, Status};
use super::resolvconf::ResolvConf;

/// Which optional NSS modules the simulated host has installed / running.
/// `files` and `dns` are always there (they ship with glibc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Modules {
    /// `libnss-myhostname` is installed.
    pub myhostname: bool,
    /// `libnss-resolve` is installed and `systemd-resolved` is running.
    pub resolve: bool,
    /// `libnss-mdns` is installed (`mdns4_minimal` & co).
    pub mdns: bool,
}

/// Everything the resolver reads from disk, already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `/etc/hosts`.
    pub hosts: HostsFile,
    /// `/etc/nsswitch.conf`.
    pub nsswitch: NsSwitch,
    /// `/etc/gai.conf`.
    pub gai: GaiConf,
    /// `/etc/resolv.conf`.
    pub resolv: ResolvConf,
    /// The kernel host name (`uname -n`).
    pub hostname: String,
    /// Installed optional modules.
    pub modules: Modules,
}

impl Config {
    /// A stock Debian 12 host named `hostname`.
    pub fn debian12(hostname: &str) -> Self {
        Config {
            hosts: HostsFile::parse(&super::hosts::debian_default(hostname)),
            nsswitch: NsSwitch::debian_default(),
            gai: GaiConf::default(),
            resolv: ResolvConf::parse("nameserver 192.168.1.1\n"),
            hostname: hostname.to_string(),
            modules: Modules::default(),
        }
    }

    /// Builds a config from the four files' contents (`None` = file missing).
    pub fn from_files(
        hosts: Option<&str>,
        nsswitch: Option<&str>,
        gai: Option<&str>,
        resolv: Option<&str>,
        hostname: &str,
        modules: Modules,
    ) -> Self {
        Config {
            hosts: HostsFile::parse(hosts.unwrap_or("")),
            nsswitch: NsSwitch::parse(nsswitch.unwrap_or("")),
            gai: GaiConf::parse(gai.unwrap_or("")),
            resolv: ResolvConf::parse(resolv.unwrap_or("")),
            hostname: hostname.to_string(),
            modules,
        }
    }
}

/// A DNS record type the resolver asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordType {
    /// IPv4 address.
    A,
    /// IPv6 address.
    Aaaa,
}

/// How a DNS query failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnsError {
    /// The name does not exist (NXDOMAIN): `NOTFOUND`.
    NxDomain,
    /// The server answered SERVFAIL: `TRYAGAIN`.
    ServFail,
    /// No server answered in time: `TRYAGAIN`.
    Timeout,
    /// No server could be contacted (ECONNREFUSED, no route): `UNAVAIL`.
    Unreachable,
}

impl DnsError {
    fn status(self) -> Status {
        match self {
            DnsError::NxDomain => Status::NotFound,
            DnsError::ServFail | DnsError::Timeout => Status::TryAgain,
            DnsError::Unreachable => Status::Unavail,
        }
    }
}

impl fmt::Display for DnsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DnsError::NxDomain => "NXDOMAIN",
            DnsError::ServFail => "SERVFAIL",
            DnsError::Timeout => "timed out",
            DnsError::Unreachable => "no server reachable",
        })
    }
}

/// The DNS as the simulated host sees it; the caller (a simulated server,
/// or a canned table in tests) answers queries.
pub trait DnsSource {
    /// Answers a forward query: `Ok(vec![])` is NODATA (name exists, no record).
    fn query(
        &mut self,
        server: Option<IpAddr>,
        name: &str,
        rtype: RecordType,
    ) -> Result<Vec<IpAddr>, DnsError>;
    /// Answers a PTR query for `addr`.
    fn reverse(&mut self, server: Option<IpAddr>, addr: IpAddr) -> Result<Vec<String>, DnsError>;
}

/// A DNS that never answers (the lab with no reachable server): every
/// query times out.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDns;

impl DnsSource for NoDns {
    fn query(
        &mut self,
        _: Option<IpAddr>,
        _: &str,
        _: RecordType,
    ) -> Result<Vec<IpAddr>, DnsError> {
        Err(DnsError::Timeout)
    }
    fn reverse(&mut self, _: Option<IpAddr>, _: IpAddr) -> Result<Vec<String>, DnsError> {
        Err(DnsError::Timeout)
    }
}

/// Which part of the resolver a [`Step`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Argument checks.
    Input,
    /// `AI_ADDRCONFIG`.
    AddrConfig,
    /// Service name / port.
    Service,
    /// The numeric-address fast path.
    Numeric,
    /// Walking `/etc/nsswitch.conf`.
    NsSwitch,
    /// The `files` module (`/etc/hosts`).
    Files,
    /// The `dns` module.
    Dns,
    /// The `myhostname` module.
    MyHostname,
    /// The `resolve` module.
    Resolve,
    /// An `mdns*` module.
    Mdns,
    /// Any other module.
    OtherModule,
    /// RFC 3484/6724 destination sorting.
    Sort,
    /// curl's own rules.
    Curl,
    /// The final answer.
    Result,
}

/// One step of a lookup's journey, for the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Where it happened.
    pub stage: Stage,
    /// What happened, in plain words.
    pub text: String,
}

/// A trace under construction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace(pub Vec<Step>);

impl Trace {
    pub(crate) fn push(&mut self, stage: Stage, text: impl Into<String>) {
        self.0.push(Step {
            stage,
            text: text.into(),
        });
    }
}

/// `getaddrinfo` errors, with glibc's `gai_strerror` texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GaiError {
    /// `EAI_BADFLAGS` (-1).
    BadFlags,
    /// `EAI_NONAME` (-2).
    NoName,
    /// `EAI_AGAIN` (-3).
    Again,
    /// `EAI_FAIL` (-4).
    Fail,
    /// `EAI_NODATA` (-5).
    NoData,
    /// `EAI_FAMILY` (-6).
    Family,
    /// `EAI_SOCKTYPE` (-7).
    SockType,
    /// `EAI_SERVICE` (-8).
    Service,
    /// `EAI_ADDRFAMILY` (-9).
    AddrFamily,
}

impl GaiError {
    /// The numeric `EAI_*` code glibc returns.
    pub fn code(self) -> i32 {
        match self {
            GaiError::BadFlags => -1,
            GaiError::NoName => -2,
            GaiError::Again => -3,
            GaiError::Fail => -4,
            GaiError::NoData => -5,
            GaiError::Family => -6,
            GaiError::SockType => -7,
            GaiError::Service => -8,
            GaiError::AddrFamily => -9,
        }
    }

    /// The constant's name, e.g. `EAI_NONAME`.
    pub fn name(self) -> &'static str {
        match self {
            GaiError::BadFlags => "EAI_BADFLAGS",
            GaiError::NoName => "EAI_NONAME",
            GaiError::Again => "EAI_AGAIN",
            GaiError::Fail => "EAI_FAIL",
            GaiError::NoData => "EAI_NODATA",
            GaiError::Family => "EAI_FAMILY",
            GaiError::SockType => "EAI_SOCKTYPE",
            GaiError::Service => "EAI_SERVICE",
            GaiError::AddrFamily => "EAI_ADDRFAMILY",
        }
    }
}

impl fmt::Display for GaiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GaiError::BadFlags => "Bad value for ai_flags",
            GaiError::NoName => "Name or service not known",
            GaiError::Again => "Temporary failure in name resolution",
            GaiError::Fail => "Non-recoverable failure in name resolution",
            GaiError::NoData => "No address associated with hostname",
            GaiError::Family => "ai_family not supported",
            GaiError::SockType => "ai_socktype not supported",
            GaiError::Service => "Servname not supported for ai_socktype",
            GaiError::AddrFamily => "Address family for hostname not supported",
        })
    }
}

impl core::error::Error for GaiError {}

/// Socket type in hints and results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SockType {
    /// 0: any (results come as STREAM, DGRAM, RAW).
    #[default]
    Any,
    /// `SOCK_STREAM` (TCP).
    Stream,
    /// `SOCK_DGRAM` (UDP).
    Dgram,
    /// `SOCK_RAW`.
    Raw,
}

impl SockType {
    /// The word `getent ahosts` prints.
    pub fn getent_word(self) -> &'static str {
        match self {
            SockType::Stream => "STREAM",
            SockType::Dgram => "DGRAM",
            SockType::Raw => "RAW",
            SockType::Any => "",
        }
    }
    /// The protocol number glibc fills in (6, 17, 0).
    pub fn protocol(self) -> u8 {
        match self {
            SockType::Stream => 6,
            SockType::Dgram => 17,
            _ => 0,
        }
    }
}

/// `ai_flags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AiFlags {
    /// `AI_PASSIVE`: a NULL name means the wildcard address.
    pub passive: bool,
    /// `AI_CANONNAME`: fill in the canonical name.
    pub canonname: bool,
    /// `AI_NUMERICHOST`: never look the name up.
    pub numerichost: bool,
    /// `AI_NUMERICSERV`: the service must be a number.
    pub numericserv: bool,
    /// `AI_V4MAPPED`: with `AF_INET6`, map IPv4 answers to `::ffff:a.b.c.d`.
    pub v4mapped: bool,
    /// `AI_ALL`: with `AI_V4MAPPED`, return both IPv6 and mapped IPv4.
    pub all: bool,
    /// `AI_ADDRCONFIG`: only families the namespace has non-loopback addresses for.
    pub addrconfig: bool,
}

/// `getaddrinfo` hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hints {
    /// `ai_family`.
    pub family: Family,
    /// `ai_socktype`.
    pub socktype: SockType,
    /// `ai_flags`.
    pub flags: AiFlags,
}

/// One `struct addrinfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddrInfo {
    /// The address (`ai_family` follows from it).
    pub addr: IpAddr,
    /// The port from the service (0 if none).
    pub port: u16,
    /// `ai_socktype`.
    pub socktype: SockType,
    /// `ai_protocol`.
    pub protocol: u8,
    /// `ai_canonname` (first result only, with `AI_CANONNAME`).
    pub canonname: Option<String>,
}

/// A lookup's answer plus its journey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution<T, E> {
    /// The answer.
    pub result: Result<T, E>,
    /// Every step, in order.
    pub trace: Vec<Step>,
}

/// The `hostent` of `gethostbyname2` / `gethostbyaddr`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostEnt {
    /// `h_name`.
    pub name: String,
    /// `h_aliases`.
    pub aliases: Vec<String>,
    /// `h_addr_list` (all of one family).
    pub addrs: Vec<IpAddr>,
}

/// `h_errno` values for the old API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostError {
    /// `HOST_NOT_FOUND`: "Unknown host".
    NotFound,
    /// `TRY_AGAIN`: "Host name lookup failure".
    TryAgain,
    /// `NO_DATA`: "No address associated with name".
    NoData,
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HostError::NotFound => "Unknown host",
            HostError::TryAgain => "Host name lookup failure",
            HostError::NoData => "No address associated with name",
        })
    }
}

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

fn socktypes_for(
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

/// Names the `myhostname` / `resolve` modules synthesize as loopback.
pub fn is_localhost_name(name: &str) -> bool {
    let n = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    n == "localhost"
        || n == "localhost.localdomain"
        || n.ends_with(".localhost")
        || n.ends_with(".localhost.localdomain")
}

/// What one module returned for a forward lookup.
struct ModuleAnswer {
    status: Status,
    addrs: Vec<IpAddr>,
    canon: Option<String>,
    aliases: Vec<String>,
}

impl ModuleAnswer {
    fn status(status: Status) -> Self {
        ModuleAnswer {
            status,
            addrs: Vec::new(),
            canon: None,
            aliases: Vec::new(),
        }
    }
}

/// The request a module gets: glibc calls `gethostbyname4_r` for
/// `AF_UNSPEC` and `gethostbyname3_r(af)` otherwise.
#[derive(Clone, Copy)]
struct Query<'a> {
    name: &'a str,
    family: Family,
    v4mapped: bool,
    all: bool,
}

fn family_word(f: Family) -> &'static str {
    match f {
        Family::Unspec => "AF_UNSPEC",
        Family::Inet => "AF_INET",
        Family::Inet6 => "AF_INET6",
    }
}

fn files_module(cfg: &Config, q: Query<'_>, trace: &mut Trace) -> ModuleAnswer {
    let mut ans = ModuleAnswer::status(Status::NotFound);
    let pass = |fam: Family, mapped: bool, ans: &mut ModuleAnswer, trace: &mut Trace| {
        for e in cfg.hosts.matching(q.name) {
            match e.addr_for(fam, mapped) {
                Some(a) => {
                    let how = if a == e.addr {
                        String::new()
                    } else {
                        format!(" (read as {a} for {})", family_word(fam))
                    };
                    trace.push(
                        Stage::Files,
                        format!(
                            "/etc/hosts line {}: {} {} matched{how}",
                            e.line, e.addr, e.name
                        ),
                    );
                    ans.addrs.push(a);
                    match &ans.canon {
                        None => {
                            ans.canon = Some(e.name.clone());
                            ans.aliases.extend(e.aliases.iter().cloned());
                        }
                        Some(c) => {
                            // glibc's "multi" merge: later aliases, then the later
                            // line's own name if it differs.
                            for al in e.aliases.iter().chain(core::iter::once(&e.name)) {
                                if al != c && !ans.aliases.contains(al) {
                                    ans.aliases.push(al.clone());
                                }
                            }
                        }
                    }
                }
                None => trace.push(
                    Stage::Files,
                    format!(
                        "/etc/hosts line {}: {} {} names it, but is skipped for {}",
                        e.line,
                        e.addr,
                        e.name,
                        family_word(fam)
                    ),
                ),
            }
        }
    };
    match q.family {
        Family::Unspec | Family::Inet => pass(q.family, false, &mut ans, trace),
        Family::Inet6 => {
            pass(Family::Inet6, false, &mut ans, trace);
            if q.v4mapped && (ans.addrs.is_empty() || q.all) {
                trace.push(
                    Stage::Files,
                    "AI_V4MAPPED: looking for IPv4 lines to map to ::ffff:a.b.c.d",
                );
                pass(Family::Inet6, true, &mut ans, trace);
                // The second pass repeats the IPv6 lines; keep each once.
                let mut seen: Vec<IpAddr> = Vec::new();
                ans.addrs.retain(|a| {
                    if a.is_ipv6() && !matches!(a, IpAddr::V6(v) if v.to_ipv4_mapped().is_some()) {
                        if seen.contains(a) {
                            return false;
                        }
                        seen.push(*a);
                    }
                    true
                });
            }
        }
    }
    if !ans.addrs.is_empty() {
        ans.status = Status::Success;
    } else {
        trace.push(
            Stage::Files,
            format!("no line of /etc/hosts names \"{}\"", q.name),
        );
    }
    ans
}

fn dns_module(
    cfg: &Config,
    dns: &mut dyn DnsSource,
    q: Query<'_>,
    trace: &mut Trace,
) -> ModuleAnswer {
    let server = cfg.resolv.nameservers.first().copied();
    let server_text = match server {
        Some(s) => s.to_string(),
        None => "127.0.0.1 (no nameserver line: glibc's default)".to_string(),
    };
    let server = server.or(Some(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    let types: &[RecordType] = match q.family {
        Family::Unspec => &[RecordType::A, RecordType::Aaaa],
        Family::Inet => &[RecordType::A],
        Family::Inet6 if q.v4mapped => &[RecordType::Aaaa, RecordType::A],
        Family::Inet6 => &[RecordType::Aaaa],
    };
    let mut worst = Status::NotFound;
    for cand in cfg.resolv.candidates(q.name) {
        let mut addrs = Vec::new();
        let mut nx = false;
        let mut exists = false;
        for &t in types {
            if t == RecordType::A && q.family == Family::Inet6 && (!addrs.is_empty() && !q.all) {
                continue;
            }
            let tn = if t == RecordType::A { "A" } else { "AAAA" };
            match dns.query(server, &cand, t) {
                Ok(v) => {
                    exists = true;
                    trace.push(
                        Stage::Dns,
                        format!("asked {server_text} for {tn} {cand}: {} answer(s)", v.len()),
                    );
                    for a in v {
                        let a = match (q.family, a) {
                            (Family::Inet6, IpAddr::V4(v4)) => IpAddr::V6(v4.to_ipv6_mapped()),
                            (_, a) => a,
                        };
                        addrs.push(a);
                    }
                }
                Err(e) => {
                    trace.push(
                        Stage::Dns,
                        format!("asked {server_text} for {tn} {cand}: {e}"),
                    );
                    if e == DnsError::NxDomain {
                        nx = true;
                    } else if worst != Status::TryAgain {
                        worst = e.status();
                    }
                }
            }
        }
        if !addrs.is_empty() {
            return ModuleAnswer {
                status: Status::Success,
                addrs,
                canon: Some(cand),
                aliases: Vec::new(),
            };
        }
        if exists && !nx {
            worst = if worst == Status::NotFound {
                Status::NotFound
            } else {
                worst
            };
        }
    }
    ModuleAnswer::status(worst)
}

fn synth_local(
    cfg: &Config,
    net: &dyn NetView,
    q: Query<'_>,
    stage: Stage,
    trace: &mut Trace,
) -> ModuleAnswer {
    let lo6 = IpAddr::V6(Ipv6Addr::LOCALHOST);
    let (canon, candidates) = if is_localhost_name(q.name) {
        trace.push(
            stage,
            format!(
                "\"{}\" is localhost or *.localhost: synthesized ::1 and 127.0.0.1",
                q.name
            ),
        );
        (
            "localhost".to_string(),
            alloc::vec![lo6, IpAddr::V4(Ipv4Addr::LOCALHOST)],
        )
    } else if q
        .name
        .strip_suffix('.')
        .unwrap_or(q.name)
        .eq_ignore_ascii_case(&cfg.hostname)
    {
        let own: Vec<IpAddr> = net
            .addresses()
            .iter()
            .map(|a| a.addr)
            .filter(|a| {
                !a.is_loopback()
                    && !matches!(a, IpAddr::V6(v) if v.segments()[0] & 0xffc0 == 0xfe80)
            })
            .collect();
        if own.is_empty() {
            trace.push(
                stage,
                format!(
                    "\"{}\" is the host name; no non-loopback address: ::1 and 127.0.0.2",
                    q.name
                ),
            );
            (
                cfg.hostname.clone(),
                alloc::vec![lo6, IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))],
            )
        } else {
            trace.push(
                stage,
                format!("\"{}\" is the host name: its configured addresses", q.name),
            );
            (cfg.hostname.clone(), own)
        }
    } else {
        return ModuleAnswer::status(Status::NotFound);
    };
    let addrs: Vec<IpAddr> = candidates
        .into_iter()
        .filter_map(|a| match (q.family, a) {
            (Family::Unspec, a) => Some(a),
            (Family::Inet, IpAddr::V4(_)) | (Family::Inet6, IpAddr::V6(_)) => Some(a),
            (Family::Inet6, IpAddr::V4(v)) if q.v4mapped => Some(IpAddr::V6(v.to_ipv6_mapped())),
            _ => None,
        })
        .collect();
    if addrs.is_empty() {
        return ModuleAnswer::status(Status::NotFound);
    }
    ModuleAnswer {
        status: Status::Success,
        addrs,
        canon: Some(canon),
        aliases: Vec::new(),
    }
}

fn run_module(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    module: &str,
    q: Query<'_>,
    trace: &mut Trace,
) -> (Stage, ModuleAnswer) {
    match module {
        "files" => (Stage::Files, files_module(cfg, q, trace)),
        "dns" => (Stage::Dns, dns_module(cfg, dns, q, trace)),
        "myhostname" => {
            if !cfg.modules.myhostname {
                trace.push(
                    Stage::MyHostname,
                    "libnss_myhostname.so.2 is not installed: UNAVAIL",
                );
                return (Stage::MyHostname, ModuleAnswer::status(Status::Unavail));
            }
            (
                Stage::MyHostname,
                synth_local(cfg, net, q, Stage::MyHostname, trace),
            )
        }
        "resolve" => {
            if !cfg.modules.resolve {
                trace.push(
                    Stage::Resolve,
                    "systemd-resolved is not running (or libnss_resolve missing): UNAVAIL",
                );
                return (Stage::Resolve, ModuleAnswer::status(Status::Unavail));
            }
            let a = synth_local(cfg, net, q, Stage::Resolve, trace);
            if a.status == Status::Success {
                return (Stage::Resolve, a);
            }
            trace.push(
                Stage::Resolve,
                "systemd-resolved forwards the question to DNS",
            );
            (Stage::Resolve, dns_module(cfg, dns, q, trace))
        }
        m if m.starts_with("mdns") => {
            if !cfg.modules.mdns {
                trace.push(
                    Stage::Mdns,
                    format!("libnss_{m}.so.2 is not installed: UNAVAIL"),
                );
                return (Stage::Mdns, ModuleAnswer::status(Status::Unavail));
            }
            let n = q
                .name
                .strip_suffix('.')
                .unwrap_or(q.name)
                .to_ascii_lowercase();
            if m.contains("minimal") && !n.ends_with(".local") {
                trace.push(
                    Stage::Mdns,
                    format!("\"{}\" is not a .local name: UNAVAIL", q.name),
                );
                return (Stage::Mdns, ModuleAnswer::status(Status::Unavail));
            }
            trace.push(Stage::Mdns, "no mDNS responder answered: NOTFOUND");
            (Stage::Mdns, ModuleAnswer::status(Status::NotFound))
        }
        m => {
            trace.push(
                Stage::OtherModule,
                format!("libnss_{m}.so.2 is not installed: UNAVAIL"),
            );
            (Stage::OtherModule, ModuleAnswer::status(Status::Unavail))
        }
    }
}

/// Walks the `hosts:` line; returns the merged answer and whether any
/// module said TRYAGAIN.
fn nss_walk(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    q: Query<'_>,
    trace: &mut Trace,
) -> (ModuleAnswer, bool) {
    let line: Vec<&str> = cfg
        .nsswitch
        .sources
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    trace.push(
        Stage::NsSwitch,
        format!(
            "hosts: {}{} ({} lookup of \"{}\")",
            line.join(" "),
            if cfg.nsswitch.is_default {
                " (no hosts line: glibc default)"
            } else {
                ""
            },
            family_word(q.family),
            q.name
        ),
    );
    let mut total = ModuleAnswer::status(Status::NotFound);
    let mut again = false;
    for (i, src) in cfg.nsswitch.sources.iter().enumerate() {
        trace.push(Stage::NsSwitch, format!("nsswitch: {}", src.name));
        let (stage, ans) = run_module(cfg, net, dns, &src.name, q, trace);
        let action = src.action(ans.status);
        trace.push(
            stage,
            format!(
                "{}: {} -> {}",
                src.name,
                ans.status,
                match action {
                    Action::Return => "return",
                    _ => "continue",
                }
            ),
        );
        if ans.status == Status::TryAgain {
            again = true;
        }
        if ans.status == Status::Success {
            if total.canon.is_none() {
                total.canon = ans.canon;
                total.aliases = ans.aliases;
            }
            total.addrs.extend(ans.addrs);
            total.status = Status::Success;
        }
        if action == Action::Return {
            let rest: Vec<&str> = cfg
                .nsswitch
                .sources
                .iter()
                .skip(i + 1)
                .map(|s| s.name.as_str())
                .collect();
            if !rest.is_empty() {
                trace.push(
                    Stage::NsSwitch,
                    format!("not consulted: {}", rest.join(" ")),
                );
            }
            if total.status != Status::Success {
                total.status = ans.status;
            }
            return (total, again);
        }
    }
    (total, again)
}

/// Why one destination sorted before another.
fn rfc3484_cmp(
    g: &GaiConf,
    a: (IpAddr, Option<IfAddr>),
    b: (IpAddr, Option<IfAddr>),
) -> (Ordering, String) {
    let (ad, asrc) = a;
    let (bd, bsrc) = b;
    let m = |o: Ordering, s: String| (o, s);
    // Rule 1.
    match (asrc.is_some(), bsrc.is_some()) {
        (true, false) => {
            return m(
                Ordering::Less,
                format!("rule 1 (avoid unusable destinations): no route to {bd}"),
            );
        }
        (false, true) => {
            return m(
                Ordering::Greater,
                format!("rule 1 (avoid unusable destinations): no route to {ad}"),
            );
        }
        _ => {}
    }
    let (ads, bds) = (g.scope(ad), g.scope(bd));
    // Rule 2.
    if let (Some(sa), Some(sb)) = (asrc, bsrc) {
        let (ass, bss) = (g.scope(sa.addr), g.scope(sb.addr));
        if ads == ass && bds != bss {
            return m(
                Ordering::Less,
                format!(
                    "rule 2 (matching scope): {ad} and its source {} share scope {ads}",
                    sa.addr
                ),
            );
        }
        if ads != ass && bds == bss {
            return m(
                Ordering::Greater,
                format!(
                    "rule 2 (matching scope): {bd} and its source {} share scope {bds}",
                    sb.addr
                ),
            );
        }
        // Rule 5.
        let (adl, asl, bdl, bsl) = (g.label(ad), g.label(sa.addr), g.label(bd), g.label(sb.addr));
        if adl == asl && bdl != bsl {
            return m(
                Ordering::Less,
                format!(
                    "rule 5 (matching label): {ad} has the label {adl} of its source {}",
                    sa.addr
                ),
            );
        }
        if adl != asl && bdl == bsl {
            return m(
                Ordering::Greater,
                format!(
                    "rule 5 (matching label): {bd} has the label {bdl} of its source {}",
                    sb.addr
                ),
            );
        }
    }
    // Rule 6.
    let (ap, bp) = (g.precedence(ad), g.precedence(bd));
    if ap != bp {
        let o = bp.cmp(&ap);
        return m(
            o,
            format!("rule 6 (higher precedence): {ad} has precedence {ap}, {bd} has {bp}"),
        );
    }
    // Rule 8.
    if ads != bds {
        return m(
            ads.cmp(&bds),
            format!("rule 8 (smaller scope): {ad} has scope {ads}, {bd} has scope {bds}"),
        );
    }
    // Rule 9.
    if let (Some(sa), Some(sb)) = (asrc, bsrc) {
        let bits = match (ad, sa.addr, bd, sb.addr) {
            (IpAddr::V4(d1), IpAddr::V4(s1), IpAddr::V4(d2), IpAddr::V4(s2)) => {
                let f = |d: Ipv4Addr, s: Ipv4Addr, p: u8| {
                    let p = u32::from(p.min(32));
                    let mask = if p == 0 { 0 } else { u32::MAX << (32 - p) };
                    let (d, s) = (u32::from(d), u32::from(s));
                    if d & mask == s & mask {
                        (d ^ s).leading_zeros()
                    } else {
                        0
                    }
                };
                Some((f(d1, s1, sa.prefix_len), f(d2, s2, sb.prefix_len)))
            }
            (IpAddr::V6(d1), IpAddr::V6(s1), IpAddr::V6(d2), IpAddr::V6(s2)) => {
                let (x1, x2) = (
                    u128::from(d1) ^ u128::from(s1),
                    u128::from(d2) ^ u128::from(s2),
                );
                // glibc compares within the first 32-bit word where either differs.
                let mut r = (0, 0);
                for i in 0..4u32 {
                    let sh = 96 - 32 * i;
                    let (w1, w2) = ((x1 >> sh) as u32, (x2 >> sh) as u32);
                    if w1 != 0 || w2 != 0 {
                        r = (w1.leading_zeros(), w2.leading_zeros());
                        break;
                    }
                }
                Some(r)
            }
            _ => None,
        };
        if let Some((b1, b2)) = bits
            && b1 != b2
        {
            return m(
                b2.cmp(&b1),
                format!("rule 9 (longest matching prefix with the source): {b1} vs {b2} bits"),
            );
        }
    }
    (
        Ordering::Equal,
        "rule 10: no rule decides, the order from the lookup is kept".to_string(),
    )
}

fn sort_addrs(
    cfg: &Config,
    net: &dyn NetView,
    addrs: Vec<IpAddr>,
    trace: &mut Trace,
) -> Vec<IpAddr> {
    if addrs.len() < 2 {
        return addrs;
    }
    let with_src: Vec<(IpAddr, Option<IfAddr>)> =
        addrs.iter().map(|a| (*a, net.source_for(*a))).collect();
    for (d, s) in &with_src {
        match s {
            Some(s) => trace.push(
                Stage::Sort,
                format!("{d}: the kernel would send from {}", s.addr),
            ),
            None => trace.push(Stage::Sort, format!("{d}: no route, unusable")),
        }
    }
    let mut idx: Vec<usize> = (0..with_src.len()).collect();
    crate::sort::sort_by(&mut idx, |&i, &j| {
        match (with_src.get(i), with_src.get(j)) {
            (Some(a), Some(b)) => rfc3484_cmp(&cfg.gai, *a, *b).0.then(i.cmp(&j)),
            _ => i.cmp(&j),
        }
    });
    let sorted: Vec<(IpAddr, Option<IfAddr>)> = idx
        .iter()
        .filter_map(|i| with_src.get(*i).copied())
        .collect();
    for w in sorted.windows(2) {
        if let [a, b] = w
            && a.0 != b.0
        {
            let (_, why) = rfc3484_cmp(&cfg.gai, *a, *b);
            trace.push(Stage::Sort, format!("{} before {}: {why}", a.0, b.0));
        }
    }
    sorted.into_iter().map(|(a, _)| a).collect()
}

/// glibc 2.36's `getaddrinfo`.
///
/// Order of work, as glibc does it: flag checks; `AI_ADDRCONFIG` (which can
/// narrow `AF_UNSPEC` to one family, or fail outright before any parsing);
/// the service; a numeric host (`inet_aton` shorthands, then `inet_pton`
/// for IPv6); `AI_NUMERICHOST`; the `hosts:` modules in order; RFC 3484
/// sorting with the gai.conf policy and the kernel's source addresses.
pub fn getaddrinfo(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    name: Option<&str>,
    service: Option<&str>,
    hints: &Hints,
) -> Resolution<Vec<AddrInfo>, GaiError> {
    let mut trace = Trace::default();
    let mut result = gai_inner(cfg, net, dns, name, service, hints, &mut trace);
    // glibc attaches ai_canonname to the first entry of the final, sorted
    // list (`PING ip6-localhost(localhost (::1))`).
    if let Ok(list) = result.as_mut() {
        let canon = list.iter_mut().find_map(|ai| ai.canonname.take());
        if let Some(first) = list.first_mut() {
            first.canonname = canon;
        }
    }
    match &result {
        Ok(v) => {
            let mut shown: Vec<String> = Vec::new();
            for ai in v {
                let s = ai.addr.to_string();
                if shown.last() != Some(&s) {
                    shown.push(s);
                }
            }
            trace.push(Stage::Result, format!("answer: {}", shown.join(", ")));
        }
        Err(e) => trace.push(Stage::Result, format!("{}: {e}", e.name())),
    }
    Resolution {
        result,
        trace: trace.0,
    }
}

fn gai_inner(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    name: Option<&str>,
    service: Option<&str>,
    hints: &Hints,
    trace: &mut Trace,
) -> Result<Vec<AddrInfo>, GaiError> {
    if name.is_none() && service.is_none() {
        trace.push(Stage::Input, "neither a host nor a service");
        return Err(GaiError::NoName);
    }
    if hints.flags.canonname && name.is_none() {
        trace.push(Stage::Input, "AI_CANONNAME needs a host name");
        return Err(GaiError::BadFlags);
    }
    let mut family = hints.family;
    if hints.flags.addrconfig {
        let ac = AddrConfig::from_addrs(&net.addresses());
        let yn = |b: bool| if b { "yes" } else { "no" };
        trace.push(
            Stage::AddrConfig,
            format!(
                "AI_ADDRCONFIG: IPv4 configured (other than 127.0.0.1)? {}; IPv6 configured (other than ::1)? {}",
                yn(ac.v4),
                yn(ac.v6)
            ),
        );
        match family {
            Family::Unspec if ac.v4 != ac.v6 => {
                family = if ac.v4 { Family::Inet } else { Family::Inet6 };
                trace.push(
                    Stage::AddrConfig,
                    format!("AF_UNSPEC narrowed to {}", family_word(family)),
                );
            }
            Family::Unspec if !ac.v4 => {
                trace.push(
                    Stage::AddrConfig,
                    "neither family configured: glibc does not narrow, both are looked up",
                );
            }
            Family::Inet if !ac.v4 => {
                trace.push(
                    Stage::AddrConfig,
                    "AF_INET asked, no IPv4 address counts: fail before any lookup",
                );
                return Err(GaiError::NoName);
            }
            Family::Inet6 if !ac.v6 => {
                trace.push(
                    Stage::AddrConfig,
                    "AF_INET6 asked, no IPv6 address counts: fail before any lookup",
                );
                return Err(GaiError::NoName);
            }
            _ => {}
        }
    }
    let (port, socktypes) = socktypes_for(hints, service, trace)?;
    let expand = |addrs: Vec<IpAddr>, canon: Option<String>| -> Vec<AddrInfo> {
        let mut out = Vec::new();
        for a in addrs {
            for t in &socktypes {
                out.push(AddrInfo {
                    addr: a,
                    port,
                    socktype: *t,
                    protocol: t.protocol(),
                    canonname: None,
                });
            }
        }
        if hints.flags.canonname
            && let Some(first) = out.first_mut()
        {
            first.canonname = canon;
        }
        out
    };
    let Some(name) = name else {
        let (v4, v6) = if hints.flags.passive {
            (Ipv4Addr::UNSPECIFIED, Ipv6Addr::UNSPECIFIED)
        } else {
            (Ipv4Addr::LOCALHOST, Ipv6Addr::LOCALHOST)
        };
        let mut addrs = Vec::new();
        if family != Family::Inet {
            addrs.push(IpAddr::V6(v6));
        }
        if family != Family::Inet6 {
            addrs.push(IpAddr::V4(v4));
        }
        trace.push(
            Stage::Numeric,
            if hints.flags.passive {
                "no host, AI_PASSIVE: the wildcard address"
            } else {
                "no host: the loopback address"
            },
        );
        return Ok(expand(addrs, None));
    };
    // Numeric hosts.
    if let Some(v4) = inet_aton_exact(name) {
        trace.push(
            Stage::Numeric,
            format!("numeric? yes: inet_aton reads \"{name}\" as {v4}"),
        );
        let addr = match family {
            Family::Inet6 if hints.flags.v4mapped => IpAddr::V6(v4.to_ipv6_mapped()),
            Family::Inet6 => {
                trace.push(
                    Stage::Numeric,
                    "an IPv4 address, but AF_INET6 was asked without AI_V4MAPPED",
                );
                return Err(GaiError::AddrFamily);
            }
            _ => IpAddr::V4(v4),
        };
        return Ok(expand(alloc::vec![addr], Some(name.to_string())));
    }
    let v6text = name.split_once('%').map_or(name, |(a, _)| a);
    if let Some(v6) = pton6(v6text) {
        trace.push(
            Stage::Numeric,
            format!("numeric? yes: an IPv6 address {v6}"),
        );
        let addr = match family {
            Family::Inet => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => {
                    trace.push(Stage::Numeric, "an IPv6 address, but AF_INET was asked");
                    return Err(GaiError::AddrFamily);
                }
            },
            _ => IpAddr::V6(v6),
        };
        return Ok(expand(alloc::vec![addr], Some(name.to_string())));
    }
    trace.push(
        Stage::Numeric,
        format!("numeric? no: \"{name}\" is not an IPv4 (inet_aton) or IPv6 address"),
    );
    if hints.flags.numerichost {
        trace.push(Stage::Numeric, "AI_NUMERICHOST: no lookup allowed");
        return Err(GaiError::NoName);
    }
    let q = Query {
        name,
        family,
        v4mapped: hints.flags.v4mapped,
        all: hints.flags.all,
    };
    let (ans, again) = nss_walk(cfg, net, dns, q, trace);
    if ans.status != Status::Success || ans.addrs.is_empty() {
        return Err(if again || ans.status == Status::TryAgain {
            GaiError::Again
        } else {
            GaiError::NoName
        });
    }
    let addrs = sort_addrs(cfg, net, ans.addrs, trace);
    let canon = ans.canon.or_else(|| Some(name.to_string()));
    Ok(expand(addrs, canon))
}

/// `gethostbyname2(name, af)` for `AF_INET` or `AF_INET6` (as `getent
/// hosts` uses it): digits-and-dots names are answered without NSS, then the
/// `hosts:` modules; `files` merges every matching line ("multi on").
pub fn gethostbyname2(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    name: &str,
    family: Family,
) -> Resolution<HostEnt, HostError> {
    let mut trace = Trace::default();
    let first = name.as_bytes().first().copied().unwrap_or(0);
    let digits_dots =
        first.is_ascii_digit() && name.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let hexcolon = name.contains(':')
        && name
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
    if digits_dots || hexcolon {
        let addr = if digits_dots && !name.ends_with('.') {
            inet_aton_exact(name).map(IpAddr::V4)
        } else {
            pton6(name).map(IpAddr::V6)
        };
        let result = match (addr, family) {
            (Some(a @ IpAddr::V4(_)), Family::Inet) | (Some(a @ IpAddr::V6(_)), Family::Inet6) => {
                trace.push(Stage::Numeric, format!("numeric? yes: {a}"));
                Ok(HostEnt {
                    name: name.to_string(),
                    aliases: Vec::new(),
                    addrs: alloc::vec![a],
                })
            }
            _ => {
                trace.push(
                    Stage::Numeric,
                    format!(
                        "\"{name}\" looks numeric but is no {} address",
                        family_word(family)
                    ),
                );
                Err(HostError::NotFound)
            }
        };
        return Resolution {
            result,
            trace: trace.0,
        };
    }
    let q = Query {
        name,
        family,
        v4mapped: false,
        all: false,
    };
    let (ans, again) = nss_walk(cfg, net, dns, q, &mut trace);
    let result = if ans.status == Status::Success && !ans.addrs.is_empty() {
        Ok(HostEnt {
            name: ans.canon.unwrap_or_else(|| name.to_string()),
            aliases: ans.aliases,
            addrs: ans.addrs,
        })
    } else if again || ans.status == Status::TryAgain {
        Err(HostError::TryAgain)
    } else {
        Err(HostError::NotFound)
    };
    Resolution {
        result,
        trace: trace.0,
    }
}

/// `gethostbyaddr`: the `hosts:` modules in order (`files`: first line with
/// that address; `dns`: a PTR query; `myhostname`: loopback and own
/// addresses). Used for ping's `64 bytes from localhost (127.0.0.1)`.
pub fn gethostbyaddr(
    cfg: &Config,
    net: &dyn NetView,
    dns: &mut dyn DnsSource,
    addr: IpAddr,
) -> Resolution<HostEnt, HostError> {
    let mut trace = Trace::default();
    trace.push(Stage::NsSwitch, format!("reverse lookup of {addr}"));
    let mut again = false;
    for src in &cfg.nsswitch.sources {
        let (stage, found): (Stage, Result<HostEnt, Status>) = match src.name.as_str() {
            "files" => (
                Stage::Files,
                match cfg.hosts.by_addr(addr) {
                    Some(e) => {
                        trace.push(
                            Stage::Files,
                            format!("/etc/hosts line {}: {} {} matched", e.line, e.addr, e.name),
                        );
                        Ok(HostEnt {
                            name: e.name.clone(),
                            aliases: e.aliases.clone(),
                            addrs: alloc::vec![addr],
                        })
                    }
                    None => Err(Status::NotFound),
                },
            ),
            "dns" => {
                let server = cfg
                    .resolv
                    .nameservers
                    .first()
                    .copied()
                    .or(Some(IpAddr::V4(Ipv4Addr::LOCALHOST)));
                match dns.reverse(server, addr) {
                    Ok(names) => match names.first() {
                        Some(n) => {
                            trace.push(Stage::Dns, format!("PTR for {addr}: {n}"));
                            (
                                Stage::Dns,
                                Ok(HostEnt {
                                    name: n.clone(),
                                    aliases: names.iter().skip(1).cloned().collect(),
                                    addrs: alloc::vec![addr],
                                }),
                            )
                        }
                        None => (Stage::Dns, Err(Status::NotFound)),
                    },
                    Err(e) => {
                        trace.push(Stage::Dns, format!("PTR for {addr}: {e}"));
                        (Stage::Dns, Err(e.status()))
                    }
                }
            }
            "myhostname" | "resolve"
                if (src.name == "myhostname" && cfg.modules.myhostname)
                    || (src.name == "resolve" && cfg.modules.resolve) =>
            {
                let stage = if src.name == "resolve" {
                    Stage::Resolve
                } else {
                    Stage::MyHostname
                };
                let own = net
                    .addresses()
                    .iter()
                    .any(|a| a.addr == addr && !a.addr.is_loopback());
                let name = if addr == IpAddr::V4(Ipv4Addr::LOCALHOST)
                    || addr == IpAddr::V6(Ipv6Addr::LOCALHOST)
                {
                    Some("localhost".to_string())
                } else if own || addr == IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)) {
                    Some(cfg.hostname.clone())
                } else {
                    None
                };
                (
                    stage,
                    name.map(|n| HostEnt {
                        name: n,
                        aliases: Vec::new(),
                        addrs: alloc::vec![addr],
                    })
                    .ok_or(Status::NotFound),
                )
            }
            _ => (Stage::OtherModule, Err(Status::Unavail)),
        };
        let status = match &found {
            Ok(_) => Status::Success,
            Err(s) => *s,
        };
        if status == Status::TryAgain {
            again = true;
        }
        let action = src.action(status);
        trace.push(stage, format!("{}: {status}", src.name));
        if let Ok(h) = found {
            return Resolution {
                result: Ok(h),
                trace: trace.0,
            };
        }
        if action == Action::Return {
            break;
        }
    }
    let e = if again {
        HostError::TryAgain
    } else {
        HostError::NotFound
    };
    Resolution {
        result: Err(e),
        trace: trace.0,
    }
}

/// `inet_pton` for either family (what `getent hosts KEY` tries first).
pub fn pton_any(s: &str) -> Option<IpAddr> {
    pton6(s)
        .map(IpAddr::V6)
        .or_else(|| pton4(s).map(IpAddr::V4))
}
