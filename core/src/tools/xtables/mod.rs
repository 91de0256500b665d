//! The netfilter programs of Debian 12: `iptables`/`ip6tables` and their
//! `-save`/`-restore` (iptables-nft 1.8.9), `nft list` (nftables 1.0.6)
//! and `conntrack` (conntrack-tools 1.4.7). They reach the kernel's
//! netfilter only through `sys::netfilter`'s calls.
//!
//! `parse` reads iptables' command line, `show` prints rules as `-L` and
//! `-S` do, `names` holds the names they read and print, `iptables` runs
//! a command, `save` the save/restore pair, `nft` and `conntrack` the
//! other two programs.

mod conntrack;
mod iptables;
mod names;
mod nft;
mod parse;
mod save;
mod show;
#[cfg(test)]
mod tests;

use crate::process::Command;

/// The netfilter programs, sorted by name.
pub(crate) const COMMANDS: &[Command] = &[
    Command {
        name: "conntrack",
        summary: "list or flush the connection tracking table (conntrack-tools 1.4.7)",
        start: conntrack::start,
    },
    Command {
        name: "ip6tables",
        summary: "IPv6 packet filter rules (iptables-nft 1.8.9)",
        start: iptables::start_v6,
    },
    Command {
        name: "ip6tables-restore",
        summary: "load IPv6 tables from iptables-save's text",
        start: save::restore_v6,
    },
    Command {
        name: "ip6tables-save",
        summary: "print the IPv6 tables as text",
        start: save::save_v6,
    },
    Command {
        name: "iptables",
        summary: "IPv4 packet filter and NAT rules (iptables-nft 1.8.9)",
        start: iptables::start_v4,
    },
    Command {
        name: "iptables-restore",
        summary: "load IPv4 tables from iptables-save's text",
        start: save::restore_v4,
    },
    Command {
        name: "iptables-save",
        summary: "print the IPv4 tables as text",
        start: save::save_v4,
    },
    Command {
        name: "nft",
        summary: "list the nftables ruleset (nftables 1.0.6; list only)",
        start: nft::start,
    },
];
