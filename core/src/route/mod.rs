//! Routing: policy rules, tables, kernel-made routes, longest-prefix match
//! and source address choice for one network namespace, IPv4 and IPv6,
//! as Linux 6.x does it.
//!
//! - [`types`]: prefixes, table ids, route types, scopes, rules, errors.
//! - [`fib`]: the state ([`Fib`]) and its edits; beneath it what routing
//!   knows of interfaces ([`NetView`]), the routes the kernel makes from
//!   addresses and links, and the lookup that returns a [`Decision`] with
//!   the [`Step`]s that explain it, with source address selection.
//! - [`dump`]: a table's routes in the kernel's dump order.
//!
//! iproute2's argument parsing and printing belong to the `ip` program
//! (`tools/ip/cmd.rs`, `tools/ip/format.rs`); programs reach this state
//! only through the netlink-style calls of `crate::sys`.

pub mod dump;
pub mod fib;
pub mod types;

pub use fib::{
    AddrFlags, CacheFlags, Decision, Fib, Flow, IfAddr, LinkInfo, LookupError, LookupFailure,
    NetView, RouteMatch, RuleMatch, SimpleNet, Step, TableOutcome,
};
pub use types::{
    Errno, Family, Prefix, Proto, Route, RouteType, RtnlError, Rule, RuleAction, Scope, TableId,
};

#[cfg(test)]
mod tests;
