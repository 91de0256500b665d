//! A rule as the kernel keeps it: the IP header matches iptables puts in
//! every rule (`-p`, `-s`, `-d`, `-i`, `-o`, each negatable), the
//! extensions' matches (`tcp`, `udp`, `icmp`, `multiport`, `conntrack`,
//! `state`, `addrtype`, `comment`), one target, and the rule's counters.
//! Plain data: the system calls hand copies to user space (the `xt`
//! structures iptables-nft keeps inside nft expressions).

use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

/// An address with a prefix length (`-s 10.0.0.0/8`), maybe negated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddrMatch {
    /// `!` before the option.
    pub invert: bool,
    /// The network address (host bits cleared).
    pub addr: IpAddr,
    /// The prefix length.
    pub prefix: u8,
}

impl AddrMatch {
    /// Whether `a` is inside the network (before negation).
    pub fn contains(&self, a: IpAddr) -> bool {
        match (self.addr, a) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let bits = u32::from(self.prefix.min(32));
                let mask = if bits == 0 {
                    0
                } else {
                    u32::MAX << (32 - bits)
                };
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let bits = u32::from(self.prefix.min(128));
                let mask = if bits == 0 {
                    0
                } else {
                    u128::MAX << (128 - bits)
                };
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// An interface name match (`-i eth+`: a trailing `+` is a prefix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IfaceMatch {
    /// `!` before the option.
    pub invert: bool,
    /// The name as given (with its `+`).
    pub name: String,
}

impl IfaceMatch {
    /// Whether device `dev` matches (before negation).
    pub fn matches(&self, dev: &str) -> bool {
        match self.name.strip_suffix('+') {
            Some(prefix) => dev.starts_with(prefix),
            None => dev == self.name,
        }
    }
}

/// A port or a range of ports (`8000`, `1000:2000`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortRange {
    /// The first port.
    pub lo: u16,
    /// The last port.
    pub hi: u16,
}

impl PortRange {
    /// Whether `p` is in the range.
    pub fn contains(&self, p: u16) -> bool {
        self.lo <= p && p <= self.hi
    }
}

/// A port match with its negation (`! --dport 22`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortMatch {
    /// `!` before the option.
    pub invert: bool,
    /// The ports.
    pub range: PortRange,
}

/// `--tcp-flags MASK COMP` (`--syn` is `FIN,SYN,RST,ACK SYN`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TcpFlags {
    /// `!` before the option.
    pub invert: bool,
    /// The flags looked at.
    pub mask: u8,
    /// The ones of them that must be set.
    pub comp: u8,
}

/// `--icmp-type` / `--icmpv6-type`: a type, a type and code, or `any`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IcmpType {
    /// `!` before the option.
    pub invert: bool,
    /// The type (255 is `any`).
    pub kind: u8,
    /// The codes allowed.
    pub code_lo: u8,
    /// The last code allowed.
    pub code_hi: u8,
}

/// Connection tracking states as bits (`--ctstate NEW,ESTABLISHED`).
pub mod ct_bits {
    /// `INVALID`.
    pub const INVALID: u8 = 1;
    /// `ESTABLISHED`.
    pub const ESTABLISHED: u8 = 2;
    /// `RELATED`.
    pub const RELATED: u8 = 4;
    /// `NEW`.
    pub const NEW: u8 = 8;
    /// `UNTRACKED`.
    pub const UNTRACKED: u8 = 16;
    /// The names in the order iptables prints them.
    pub const NAMES: [(u8, &str); 5] = [
        (INVALID, "INVALID"),
        (NEW, "NEW"),
        (RELATED, "RELATED"),
        (ESTABLISHED, "ESTABLISHED"),
        (UNTRACKED, "UNTRACKED"),
    ];
}

/// `-m addrtype` types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddrType {
    /// `UNICAST`.
    Unicast,
    /// `LOCAL`: an address of this host (the local table).
    Local,
    /// `BROADCAST`.
    Broadcast,
    /// `MULTICAST`.
    Multicast,
}

impl AddrType {
    /// The name iptables prints.
    pub const fn name(self) -> &'static str {
        match self {
            AddrType::Unicast => "UNICAST",
            AddrType::Local => "LOCAL",
            AddrType::Broadcast => "BROADCAST",
            AddrType::Multicast => "MULTICAST",
        }
    }
}

/// Which ports `-m multiport` looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MultiportDir {
    /// `--sports`.
    Source,
    /// `--dports`.
    Destination,
    /// `--ports`: either.
    Either,
}

/// An extension match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match {
    /// `-m tcp` (loaded by `-p tcp` and a TCP option).
    Tcp {
        /// `--sport`.
        sport: Option<PortMatch>,
        /// `--dport`.
        dport: Option<PortMatch>,
        /// `--tcp-flags` / `--syn`.
        flags: Option<TcpFlags>,
    },
    /// `-m udp`.
    Udp {
        /// `--sport`.
        sport: Option<PortMatch>,
        /// `--dport`.
        dport: Option<PortMatch>,
    },
    /// `-m icmp --icmp-type`.
    Icmp(IcmpType),
    /// `-m icmp6 --icmpv6-type`.
    Icmp6(IcmpType),
    /// `-m multiport`.
    Multiport {
        /// Which ports.
        dir: MultiportDir,
        /// `!` before the option.
        invert: bool,
        /// At most 15 ports or ranges.
        ports: Vec<PortRange>,
    },
    /// `-m conntrack --ctstate` (`state: false`) or `-m state --state` (`true`).
    CtState {
        /// Written as `-m state`.
        legacy: bool,
        /// `!` before the option.
        invert: bool,
        /// The [`ct_bits`].
        states: u8,
    },
    /// `-m addrtype`.
    AddrType {
        /// `--src-type` with its `!`.
        src: Option<(bool, AddrType)>,
        /// `--dst-type` with its `!`.
        dst: Option<(bool, AddrType)>,
    },
    /// `-m comment --comment`.
    Comment(String),
}

/// What `REJECT` answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectWith {
    /// `icmp-net-unreachable` (code 0).
    NetUnreachable,
    /// `icmp-host-unreachable` (1).
    HostUnreachable,
    /// `icmp-port-unreachable` (3), the default.
    PortUnreachable,
    /// `icmp-proto-unreachable` (2).
    ProtoUnreachable,
    /// `icmp-net-prohibited` (9).
    NetProhibited,
    /// `icmp-host-prohibited` (10).
    HostProhibited,
    /// `icmp-admin-prohibited` (13).
    AdminProhibited,
    /// `tcp-reset`.
    TcpReset,
    /// `icmp6-no-route` (0).
    Icmp6NoRoute,
    /// `icmp6-adm-prohibited` (1).
    Icmp6AdmProhibited,
    /// `icmp6-addr-unreachable` (3).
    Icmp6AddrUnreachable,
    /// `icmp6-port-unreachable` (4), ip6tables' default.
    Icmp6PortUnreachable,
}

impl RejectWith {
    /// Every kind with its iptables name.
    pub const ALL: [(RejectWith, &'static str); 12] = [
        (RejectWith::NetUnreachable, "icmp-net-unreachable"),
        (RejectWith::HostUnreachable, "icmp-host-unreachable"),
        (RejectWith::PortUnreachable, "icmp-port-unreachable"),
        (RejectWith::ProtoUnreachable, "icmp-proto-unreachable"),
        (RejectWith::NetProhibited, "icmp-net-prohibited"),
        (RejectWith::HostProhibited, "icmp-host-prohibited"),
        (RejectWith::AdminProhibited, "icmp-admin-prohibited"),
        (RejectWith::TcpReset, "tcp-reset"),
        (RejectWith::Icmp6NoRoute, "icmp6-no-route"),
        (RejectWith::Icmp6AdmProhibited, "icmp6-adm-prohibited"),
        (RejectWith::Icmp6AddrUnreachable, "icmp6-addr-unreachable"),
        (RejectWith::Icmp6PortUnreachable, "icmp6-port-unreachable"),
    ];

    /// The iptables name.
    pub fn name(self) -> &'static str {
        RejectWith::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, n)| n)
    }

    /// The ICMP (or ICMPv6) destination-unreachable code, `None` for a reset.
    pub const fn code(self) -> Option<u8> {
        match self {
            RejectWith::NetUnreachable | RejectWith::Icmp6NoRoute => Some(0),
            RejectWith::HostUnreachable | RejectWith::Icmp6AdmProhibited => Some(1),
            RejectWith::ProtoUnreachable => Some(2),
            RejectWith::PortUnreachable | RejectWith::Icmp6AddrUnreachable => Some(3),
            RejectWith::Icmp6PortUnreachable => Some(4),
            RejectWith::NetProhibited => Some(9),
            RejectWith::HostProhibited => Some(10),
            RejectWith::AdminProhibited => Some(13),
            RejectWith::TcpReset => None,
        }
    }
}

/// A NAT range (`--to-destination 127.0.0.1:8000`, `--to-ports 8000`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NatRange {
    /// The address (none for REDIRECT and MASQUERADE).
    pub addr: Option<IpAddr>,
    /// The ports, if given.
    pub ports: Option<PortRange>,
}

/// What a rule does when it matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// No `-j`: the rule only counts.
    None,
    /// `ACCEPT`.
    Accept,
    /// `DROP`.
    Drop,
    /// `RETURN`.
    Return,
    /// `REJECT --reject-with`.
    Reject(RejectWith),
    /// `LOG --log-prefix --log-level`.
    Log {
        /// The prefix (at most 29 characters).
        prefix: String,
        /// The syslog level (4, `warning`, by default).
        level: u8,
    },
    /// `DNAT --to-destination`.
    Dnat(NatRange),
    /// `SNAT --to-source`.
    Snat(NatRange),
    /// `MASQUERADE [--to-ports]`.
    Masquerade(NatRange),
    /// `REDIRECT [--to-ports]`.
    Redirect(NatRange),
    /// `-j CHAIN`.
    Jump(String),
    /// `-g CHAIN`.
    Goto(String),
}

impl Target {
    /// The name `iptables -L` prints in the target column.
    pub fn name(&self) -> &str {
        match self {
            Target::None => "",
            Target::Accept => "ACCEPT",
            Target::Drop => "DROP",
            Target::Return => "RETURN",
            Target::Reject(_) => "REJECT",
            Target::Log { .. } => "LOG",
            Target::Dnat(_) => "DNAT",
            Target::Snat(_) => "SNAT",
            Target::Masquerade(_) => "MASQUERADE",
            Target::Redirect(_) => "REDIRECT",
            Target::Jump(c) | Target::Goto(c) => c,
        }
    }

    /// The user chain it names, if any.
    pub fn chain(&self) -> Option<&str> {
        match self {
            Target::Jump(c) | Target::Goto(c) => Some(c),
            _ => None,
        }
    }
}

/// A rule's packet and byte counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// Packets that matched.
    pub packets: u64,
    /// Their bytes (IP header included).
    pub bytes: u64,
}

/// One rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// `-p`: the protocol number (0 is `all`) and its `!`.
    pub proto: Option<(bool, u8)>,
    /// `-s`.
    pub src: Option<AddrMatch>,
    /// `-d`.
    pub dst: Option<AddrMatch>,
    /// `-i`.
    pub iif: Option<IfaceMatch>,
    /// `-o`.
    pub oif: Option<IfaceMatch>,
    /// The extensions' matches, in the order given.
    pub matches: Vec<Match>,
    /// The target.
    pub target: Target,
    /// The counters (ignored when rules are compared).
    pub counters: Counters,
}

impl Rule {
    /// A rule matching everything with no target.
    pub fn new() -> Rule {
        Rule {
            proto: None,
            src: None,
            dst: None,
            iif: None,
            oif: None,
            matches: Vec::new(),
            target: Target::None,
            counters: Counters::default(),
        }
    }

    /// Whether two rules are the same rule (`-D`/`-C` by specification):
    /// everything but the counters.
    pub fn same(&self, other: &Rule) -> bool {
        self.proto == other.proto
            && self.src == other.src
            && self.dst == other.dst
            && self.iif == other.iif
            && self.oif == other.oif
            && self.matches == other.matches
            && self.target == other.target
    }

    /// Whether the rule needs connection tracking (a state match or NAT).
    pub fn needs_conntrack(&self) -> bool {
        self.matches
            .iter()
            .any(|m| matches!(m, Match::CtState { .. }))
            || matches!(
                self.target,
                Target::Dnat(_) | Target::Snat(_) | Target::Masquerade(_) | Target::Redirect(_)
            )
    }
}

impl Default for Rule {
    fn default() -> Self {
        Rule::new()
    }
}
