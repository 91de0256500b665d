//! Value types of the routing model: prefixes, table ids, route types,
//! protocols, scopes, routes, rules and the errors the kernel answers with.

use alloc::string::String;
use core::fmt;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::iface::IfIndex;
use crate::num::parse_u32;

/// An address family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// IPv4 (`inet`).
    V4,
    /// IPv6 (`inet6`).
    V6,
}

impl Family {
    /// The family of an address.
    pub fn of(addr: &IpAddr) -> Family {
        match addr {
            IpAddr::V4(_) => Family::V4,
            IpAddr::V6(_) => Family::V6,
        }
    }

    /// Address length in bits (32 or 128).
    pub fn bits(self) -> u8 {
        match self {
            Family::V4 => 32,
            Family::V6 => 128,
        }
    }

    /// The all-zero address of the family.
    pub fn unspecified(self) -> IpAddr {
        match self {
            Family::V4 => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            Family::V6 => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        }
    }
}

/// Address as a 128-bit integer, left aligned (IPv4 in the top 32 bits), so
/// prefixes of both families compare bit by bit the same way.
pub(crate) fn addr_bits(addr: &IpAddr) -> u128 {
    match addr {
        IpAddr::V4(a) => u128::from(u32::from(*a)) << 96,
        IpAddr::V6(a) => u128::from(*a),
    }
}

/// Mask of the first `len` bits of a left-aligned 128-bit value.
pub(crate) fn mask(len: u8) -> u128 {
    if len == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(len.min(128)))
    }
}

fn from_bits(family: Family, bits: u128) -> IpAddr {
    match family {
        Family::V4 => IpAddr::V4(Ipv4Addr::from((bits >> 96) as u32)),
        Family::V6 => IpAddr::V6(Ipv6Addr::from(bits)),
    }
}

/// A destination or source prefix such as `127.0.0.0/8` or `::1/128`.
///
/// Invariant: `len <= family bits` and no bits are set past `len`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Prefix {
    addr: IpAddr,
    len: u8,
}

impl Prefix {
    /// A prefix, or `None` when the length is too long or host bits are set.
    pub fn new(addr: IpAddr, len: u8) -> Option<Prefix> {
        let family = Family::of(&addr);
        if len > family.bits() {
            return None;
        }
        if addr_bits(&addr) & !mask(len) != 0 {
            return None;
        }
        Some(Prefix { addr, len })
    }

    /// A prefix with host bits cleared (`None` only if `len` is too long).
    pub fn new_masked(addr: IpAddr, len: u8) -> Option<Prefix> {
        let family = Family::of(&addr);
        if len > family.bits() {
            return None;
        }
        let addr = from_bits(family, addr_bits(&addr) & mask(len));
        Some(Prefix { addr, len })
    }

    /// The host prefix (`/32` or `/128`) of one address.
    pub fn host(addr: IpAddr) -> Prefix {
        let len = Family::of(&addr).bits();
        Prefix { addr, len }
    }

    /// The default prefix of a family (`0.0.0.0/0`, `::/0`).
    pub fn default_for(family: Family) -> Prefix {
        Prefix {
            addr: family.unspecified(),
            len: 0,
        }
    }

    /// The network address.
    pub fn addr(&self) -> IpAddr {
        self.addr
    }

    /// The prefix length in bits.
    pub fn prefix_len(&self) -> u8 {
        self.len
    }

    /// True for `/0`.
    pub fn is_default(&self) -> bool {
        self.len == 0
    }

    /// The family of the prefix.
    pub fn family(&self) -> Family {
        Family::of(&self.addr)
    }

    /// True if this is a host prefix (`/32`, `/128`).
    pub fn is_host(&self) -> bool {
        self.len == self.family().bits()
    }

    /// Does the prefix contain `addr` (same family only)?
    pub fn contains(&self, addr: &IpAddr) -> bool {
        Family::of(addr) == self.family()
            && addr_bits(addr) & mask(self.len) == addr_bits(&self.addr)
    }

    /// The last address of the prefix (the IPv4 subnet broadcast).
    pub fn last(&self) -> IpAddr {
        from_bits(
            self.family(),
            addr_bits(&self.addr) | (!mask(self.len) & mask(self.family().bits())),
        )
    }
}

impl fmt::Display for Prefix {
    /// iproute2 style: host prefixes print without `/len`, `/0` prints `default`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.len == 0 {
            f.write_str("default")
        } else if self.is_host() {
            write!(f, "{}", self.addr)
        } else {
            write!(f, "{}/{}", self.addr, self.len)
        }
    }
}

/// A routing table id (`ip route show table N`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableId(pub u32);

impl TableId {
    /// `unspec` (0).
    pub const UNSPEC: TableId = TableId(0);
    /// `default` (253).
    pub const DEFAULT: TableId = TableId(253);
    /// `main` (254).
    pub const MAIN: TableId = TableId(254);
    /// `local` (255).
    pub const LOCAL: TableId = TableId(255);

    /// The name iproute2 prints (`local`, `main`, `default`) or the number.
    pub fn name(self) -> Option<&'static str> {
        match self.0 {
            253 => Some("default"),
            254 => Some("main"),
            255 => Some("local"),
            _ => None,
        }
    }

    /// Order in which the kernel dumps tables (`table all`): hash bucket
    /// `id & 255` first, then id.
    pub(crate) fn dump_key(self) -> (u32, u32) {
        (self.0 & 0xff, self.0)
    }
}

impl fmt::Display for TableId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", self.0),
        }
    }
}

/// Route type (`rtm_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RouteType {
    /// A gateway or direct route.
    Unicast,
    /// Destination is this host: delivered through the loopback.
    Local,
    /// A broadcast address: delivered locally and on the link.
    Broadcast,
    /// A multicast route.
    Multicast,
    /// Lookup fails with `EHOSTUNREACH` ("No route to host").
    Unreachable,
    /// Packets silently dropped; local senders get `EINVAL`.
    Blackhole,
    /// Lookup fails with `EACCES` ("Permission denied").
    Prohibit,
    /// Lookup in this table stops; the next rule is tried.
    Throw,
}

impl RouteType {
    /// The iproute2 keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            RouteType::Unicast => "unicast",
            RouteType::Local => "local",
            RouteType::Broadcast => "broadcast",
            RouteType::Multicast => "multicast",
            RouteType::Unreachable => "unreachable",
            RouteType::Blackhole => "blackhole",
            RouteType::Prohibit => "prohibit",
            RouteType::Throw => "throw",
        }
    }

    /// Parse an iproute2 keyword.
    pub fn from_keyword(s: &str) -> Option<RouteType> {
        Some(match s {
            "unicast" => RouteType::Unicast,
            "local" => RouteType::Local,
            "broadcast" => RouteType::Broadcast,
            "multicast" => RouteType::Multicast,
            "unreachable" => RouteType::Unreachable,
            "blackhole" => RouteType::Blackhole,
            "prohibit" => RouteType::Prohibit,
            "throw" => RouteType::Throw,
            _ => return None,
        })
    }

    /// Types without a next hop (they answer with an error or throw).
    pub fn is_error(self) -> bool {
        matches!(
            self,
            RouteType::Unreachable | RouteType::Blackhole | RouteType::Prohibit | RouteType::Throw
        )
    }
}

/// Routing protocol (`proto`), who installed the route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Proto(pub u8);

impl Proto {
    /// `kernel`: made by the kernel from an address.
    pub const KERNEL: Proto = Proto(2);
    /// `boot`: the default of `ip route add` (not printed).
    pub const BOOT: Proto = Proto(3);
    /// `static`.
    pub const STATIC: Proto = Proto(4);

    const NAMES: [(u8, &'static str); 23] = [
        (0, "unspec"),
        (1, "redirect"),
        (2, "kernel"),
        (3, "boot"),
        (4, "static"),
        (8, "gated"),
        (9, "ra"),
        (10, "mrt"),
        (11, "zebra"),
        (12, "bird"),
        (13, "dnrouted"),
        (14, "xorp"),
        (15, "ntk"),
        (16, "dhcp"),
        (18, "keepalived"),
        (42, "babel"),
        (99, "openr"),
        (186, "bgp"),
        (187, "isis"),
        (188, "ospf"),
        (189, "rip"),
        (192, "eigrp"),
        (255, "local"),
    ];

    /// The name from iproute2's `rt_protos`, if any.
    pub fn name(self) -> Option<&'static str> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == self.0)
            .map(|(_, s)| *s)
    }

    /// Parse a name or a number (0..=255).
    pub fn parse(s: &str) -> Option<Proto> {
        if let Some((n, _)) = Self::NAMES.iter().find(|(_, name)| *name == s) {
            return Some(Proto(*n));
        }
        parse_u32(s).and_then(|n| u8::try_from(n).ok()).map(Proto)
    }
}

impl fmt::Display for Proto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", self.0),
        }
    }
}

/// Route or address scope (`rtm_scope`); smaller is wider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Scope(pub u8);

impl Scope {
    /// `global` (universe, 0).
    pub const GLOBAL: Scope = Scope(0);
    /// `link` (253).
    pub const LINK: Scope = Scope(253);
    /// `host` (254).
    pub const HOST: Scope = Scope(254);
    /// `nowhere` (255).
    pub const NOWHERE: Scope = Scope(255);

    /// Parse `host`, `link`, `global`/`universe`, `site`, `nowhere` or a number.
    pub fn parse(s: &str) -> Option<Scope> {
        Some(match s {
            "global" | "universe" => Scope::GLOBAL,
            "site" => Scope(200),
            "link" => Scope::LINK,
            "host" => Scope::HOST,
            "nowhere" => Scope::NOWHERE,
            _ => return parse_u32(s).and_then(|n| u8::try_from(n).ok()).map(Scope),
        })
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str("global"),
            200 => f.write_str("site"),
            253 => f.write_str("link"),
            254 => f.write_str("host"),
            255 => f.write_str("nowhere"),
            n => write!(f, "{n}"),
        }
    }
}

/// One route in one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// Table the route lives in.
    pub table: TableId,
    /// Destination prefix.
    pub dst: Prefix,
    /// Route type.
    pub kind: RouteType,
    /// Output device (error routes have none in IPv4, `lo` in IPv6).
    pub dev: Option<IfIndex>,
    /// Gateway (`via`).
    pub via: Option<IpAddr>,
    /// Who installed it.
    pub proto: Proto,
    /// Route scope.
    pub scope: Scope,
    /// Preferred source address (`src`).
    pub src: Option<IpAddr>,
    /// Metric (`metric`, the kernel's priority). IPv6 user routes default to 1024.
    pub metric: u32,
}

impl Route {
    /// The address family of the route.
    pub fn family(&self) -> Family {
        self.dst.family()
    }
}

/// What a rule does when its selectors match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleAction {
    /// `lookup N`: consult table N.
    Lookup(TableId),
    /// `blackhole`: fail with `EINVAL`.
    Blackhole,
    /// `unreachable`: fail with `EHOSTUNREACH`.
    Unreachable,
    /// `prohibit`: fail with `EACCES`.
    Prohibit,
}

/// A policy routing rule (`ip rule`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Priority (`pref`); lower runs first.
    pub priority: u32,
    /// Source selector (`from`); `None` is `from all`.
    pub from: Option<Prefix>,
    /// Destination selector (`to`).
    pub to: Option<Prefix>,
    /// Input interface name (`iif`); locally generated traffic has iif `lo`.
    pub iif: Option<String>,
    /// Output interface name (`oif`).
    pub oif: Option<String>,
    /// Firewall mark and mask (`fwmark M/MASK`).
    pub fwmark: Option<(u32, u32)>,
    /// Action.
    pub action: RuleAction,
}

impl Rule {
    /// `from all lookup TABLE` at `priority`.
    pub fn lookup(priority: u32, table: TableId) -> Rule {
        Rule {
            priority,
            from: None,
            to: None,
            iif: None,
            oif: None,
            fwmark: None,
            action: RuleAction::Lookup(table),
        }
    }
}

pub use crate::errno::Errno;

/// A netlink answer that failed: an errno and, when the kernel sets one, an
/// extended-ack message (`Error: ...` instead of `RTNETLINK answers: ...`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RtnlError {
    /// The errno.
    pub errno: Errno,
    /// The kernel's extack text, without the final period.
    pub extack: Option<&'static str>,
}

impl RtnlError {
    /// A plain errno answer.
    pub const fn errno(errno: Errno) -> RtnlError {
        RtnlError {
            errno,
            extack: None,
        }
    }

    /// An answer with an extack message.
    pub const fn extack(errno: Errno, msg: &'static str) -> RtnlError {
        RtnlError {
            errno,
            extack: Some(msg),
        }
    }
}

impl fmt::Display for RtnlError {
    /// What `ip` prints on stderr (exit status 2), without the newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.extack {
            Some(msg) => write!(f, "Error: {msg}."),
            None => write!(f, "RTNETLINK answers: {}", self.errno.message()),
        }
    }
}

impl core::error::Error for RtnlError {}
