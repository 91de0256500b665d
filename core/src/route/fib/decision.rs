//! What a route lookup is asked ([`Flow`]) and what it answers: a
//! [`Decision`] or a [`LookupFailure`], each with the [`Step`]s that
//! explain it.

use alloc::vec::Vec;
use core::net::IpAddr;

use crate::iface::IfIndex;
use crate::route::types::{Errno, Prefix, Route, RouteType, RuleAction, Scope, TableId};

/// What the caller asks the lookup about (`ip route get` arguments, or a
/// socket's flow).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    /// Destination address.
    pub dst: IpAddr,
    /// Source address if bound (`from`).
    pub src: Option<IpAddr>,
    /// Output interface if bound (`oif`, `SO_BINDTODEVICE`).
    pub oif: Option<IfIndex>,
    /// Input interface for received packets; `None` means locally generated
    /// (rules then see `iif lo`).
    pub iif: Option<IfIndex>,
    /// Firewall mark.
    pub mark: u32,
}

impl Flow {
    /// A locally generated flow to `dst` with nothing bound.
    pub fn to(dst: IpAddr) -> Flow {
        Flow {
            dst,
            src: None,
            oif: None,
            iif: None,
            mark: 0,
        }
    }
}

/// Why a lookup failed: the errno a local sender sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookupError {
    /// No route (`ENETUNREACH`, "Network is unreachable").
    NetUnreachable,
    /// An `unreachable` route or rule, or no forwarding (`EHOSTUNREACH`).
    HostUnreachable,
    /// A `prohibit` route or rule (`EACCES`, "Permission denied").
    Prohibited,
    /// A `blackhole` route or rule, or an impossible source (`EINVAL`).
    Invalid,
    /// The bound output device does not exist (`ENODEV`).
    NoDevice,
}

impl LookupError {
    /// The errno.
    pub fn errno(self) -> Errno {
        match self {
            LookupError::NetUnreachable => Errno::ENETUNREACH,
            LookupError::HostUnreachable => Errno::EHOSTUNREACH,
            LookupError::Prohibited => Errno::EACCES,
            LookupError::Invalid => Errno::EINVAL,
            LookupError::NoDevice => Errno::ENODEV,
        }
    }

    pub(super) fn from_type(kind: RouteType) -> Option<LookupError> {
        match kind {
            RouteType::Unreachable => Some(LookupError::HostUnreachable),
            RouteType::Prohibit => Some(LookupError::Prohibited),
            RouteType::Blackhole => Some(LookupError::Invalid),
            _ => None,
        }
    }
}

impl core::fmt::Display for LookupError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.errno().message())
    }
}

impl core::error::Error for LookupError {}

/// What one table said during a lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableOutcome {
    /// This route matched (longest prefix, then lowest metric).
    Matched(Route),
    /// No route in the table covers the destination: next rule.
    NoMatch,
    /// A `throw` route matched: next rule.
    Throw(Prefix),
    /// An error route matched and ends the lookup.
    Error(Route),
}

/// One step of the lookup, for the UI to explain why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A special case before the rules (e.g. `0.0.0.0` means this host).
    Special(&'static str),
    /// A rule whose selectors did not match.
    RuleSkipped {
        /// Its priority.
        priority: u32,
    },
    /// A rule matched and looked up a table.
    TableLookup {
        /// The rule's priority.
        priority: u32,
        /// The table consulted.
        table: TableId,
        /// What the table answered.
        outcome: TableOutcome,
    },
    /// A rule matched and its action is an error.
    RuleAction {
        /// The rule's priority.
        priority: u32,
        /// The action.
        action: RuleAction,
    },
    /// No table answered but an output device was bound: assume on-link.
    AssumeOnLink(IfIndex),
    /// The source address was chosen.
    SourceChosen {
        /// The address.
        addr: IpAddr,
        /// How: `route src`, `destination (local route)`, `bound`, `device address`...
        how: &'static str,
    },
}

/// Flags the kernel shows on the `cache` line of `ip route get`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheFlags {
    /// `local`: delivered through this host.
    pub local: bool,
    /// `brd`: broadcast.
    pub brd: bool,
    /// `mc`: multicast.
    pub mc: bool,
}

/// The successful result of a lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The destination asked for.
    pub dst: IpAddr,
    /// The source the caller bound, if any.
    pub bound_src: Option<IpAddr>,
    /// The priority of the matching rule (`None` for special cases).
    pub rule: Option<u32>,
    /// The table that held the route.
    pub table: TableId,
    /// The route that matched (`None` for special cases and on-link guesses).
    pub route: Option<Route>,
    /// The resulting type (`local`, `broadcast`, `multicast`, `unicast`).
    pub kind: RouteType,
    /// The output device (`lo` for local destinations).
    pub dev: IfIndex,
    /// Next hop gateway.
    pub via: Option<IpAddr>,
    /// Scope of the route.
    pub scope: Scope,
    /// The chosen source address (`None` when no address fits).
    pub src: Option<IpAddr>,
    /// Flags of the route cache entry.
    pub cache: CacheFlags,
    /// The steps of the lookup, in order.
    pub steps: Vec<Step>,
    /// Whether `ip route get` prints the table (IPv4: only once local and main
    /// are split by a custom rule; IPv6: always unless main).
    pub show_table: bool,
}

/// A failed lookup with the steps that led to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookupFailure {
    /// The error.
    pub error: LookupError,
    /// The steps, in order.
    pub steps: Vec<Step>,
}
