//! Running a packet through one table's chain: each rule's matches in
//! order, the counters of every rule that matched, jumps and gotos into
//! user chains (with `RETURN` and the fall off a user chain's end), and
//! the policy of the built-in chain when nothing decided.

use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::packet::{View, proto};
use super::rule::{AddrType, IcmpType, Match, MultiportDir, PortMatch, RejectWith, Rule, Target};
use super::table::{Policy, Table};

/// The deepest chain nesting (the kernel's `XT_MAX_STACK`-like bound).
const STACK_LIMIT: usize = 32;
/// The most rules looked at for one packet in one table.
const STEP_LIMIT: usize = 100_000;

#[allow(missing_debug_implementations)]
/// What the rules see besides the packet.
pub struct Env<'a> {
    /// The input device (`-i`), none on OUTPUT.
    pub iif: Option<&'a str>,
    /// The output device (`-o`), none on PREROUTING and INPUT.
    pub oif: Option<&'a str>,
    /// The conntrack state bits of the packet.
    pub ctstate: u8,
    /// The type of an address in the namespace (`-m addrtype`).
    pub addr_type: &'a dyn Fn(IpAddr) -> AddrType,
}

/// How a table decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// `ACCEPT` or the end of the chain with an ACCEPT policy.
    Accept,
    /// `DROP`.
    Drop,
    /// `REJECT`.
    Reject(RejectWith),
    /// A NAT target (the nat table decides by translating).
    Nat(Target),
}

/// The rule that decided (or the policy).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// How.
    pub decision: Decision,
    /// The chain the deciding rule is in.
    pub chain: String,
    /// Its number (1 is first); 0 for the policy.
    pub rule: usize,
    /// The rules that logged, as (chain, number, prefix, level).
    pub logs: Vec<(String, usize, String, u8)>,
}

fn port_ok(m: &Option<PortMatch>, p: Option<u16>) -> bool {
    match m {
        None => true,
        Some(m) => p.is_some_and(|p| m.range.contains(p) != m.invert),
    }
}

fn icmp_ok(t: &IcmpType, v: &View) -> bool {
    let hit = match v.icmp {
        Some(_) if t.kind == 255 => true,
        Some((ty, code)) => ty == t.kind && t.code_lo <= code && code <= t.code_hi,
        None => false,
    };
    hit != t.invert
}

fn match_ok(m: &Match, v: &View, env: &Env<'_>) -> bool {
    match m {
        Match::Tcp {
            sport,
            dport,
            flags,
        } => {
            v.proto == proto::TCP
                && port_ok(sport, v.sport)
                && port_ok(dport, v.dport)
                && flags.is_none_or(|f| {
                    v.flags
                        .is_some_and(|fl| ((fl & f.mask) == f.comp) != f.invert)
                })
        }
        Match::Udp { sport, dport } => {
            v.proto == proto::UDP && port_ok(sport, v.sport) && port_ok(dport, v.dport)
        }
        Match::Icmp(t) => v.proto == proto::ICMP && icmp_ok(t, v),
        Match::Icmp6(t) => v.proto == proto::ICMPV6 && icmp_ok(t, v),
        Match::Multiport { dir, invert, ports } => {
            let any = |p: Option<u16>| p.is_some_and(|p| ports.iter().any(|r| r.contains(p)));
            let hit = match dir {
                MultiportDir::Source => any(v.sport),
                MultiportDir::Destination => any(v.dport),
                MultiportDir::Either => any(v.sport) || any(v.dport),
            };
            v.sport.is_some() && hit != *invert
        }
        Match::CtState { invert, states, .. } => (env.ctstate & states != 0) != *invert,
        Match::AddrType { src, dst } => {
            src.is_none_or(|(inv, t)| ((env.addr_type)(v.src) == t) != inv)
                && dst.is_none_or(|(inv, t)| ((env.addr_type)(v.dst) == t) != inv)
        }
        Match::Comment(_) => true,
    }
}

/// Whether `r` matches the packet.
pub fn rule_matches(r: &Rule, v: &View, env: &Env<'_>) -> bool {
    if let Some((inv, p)) = r.proto
        && p != 0
        && (v.proto == p) == inv
    {
        return false;
    }
    if let Some(a) = &r.src
        && a.contains(v.src) == a.invert
    {
        return false;
    }
    if let Some(a) = &r.dst
        && a.contains(v.dst) == a.invert
    {
        return false;
    }
    if let Some(i) = &r.iif
        && env.iif.is_none_or(|d| i.matches(d)) == i.invert
    {
        return false;
    }
    if let Some(o) = &r.oif
        && env.oif.is_none_or(|d| o.matches(d)) == o.invert
    {
        return false;
    }
    r.matches.iter().all(|m| match_ok(m, v, env))
}

/// Runs the packet through `chain` of `table`, counting `len` bytes on
/// every rule that matched. `None` if the chain does not exist.
pub fn run(table: &mut Table, chain: &str, v: &View, env: &Env<'_>) -> Option<Verdict> {
    let policy = table.chain(chain)?.policy;
    let mut logs = Vec::new();
    // (chain name, next rule index)
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut cur = String::from(chain);
    let mut i = 0usize;
    let mut steps = 0usize;
    loop {
        steps += 1;
        if steps > STEP_LIMIT {
            break;
        }
        let Some(c) = table.chains.iter_mut().find(|c| c.name == cur) else {
            break;
        };
        let Some(r) = c.rules.get_mut(i) else {
            // Off the end of the chain: back to the caller, or the policy.
            match stack.pop() {
                Some((name, next)) => {
                    cur = name;
                    i = next;
                    continue;
                }
                None => break,
            }
        };
        i += 1;
        if !rule_matches(r, v, env) {
            continue;
        }
        r.counters.packets += 1;
        r.counters.bytes += v.len as u64;
        let num = i;
        let decided = |d: Decision, logs| Verdict {
            decision: d,
            chain: cur.clone(),
            rule: num,
            logs,
        };
        match &r.target {
            Target::None => {}
            Target::Accept => return Some(decided(Decision::Accept, logs)),
            Target::Drop => return Some(decided(Decision::Drop, logs)),
            Target::Reject(w) => return Some(decided(Decision::Reject(*w), logs)),
            t @ (Target::Dnat(_)
            | Target::Snat(_)
            | Target::Masquerade(_)
            | Target::Redirect(_)) => {
                let t = t.clone();
                return Some(decided(Decision::Nat(t), logs));
            }
            Target::Log { prefix, level } => logs.push((cur.clone(), num, prefix.clone(), *level)),
            Target::Return => match stack.pop() {
                Some((name, next)) => {
                    cur = name;
                    i = next;
                }
                None => break,
            },
            Target::Jump(to) => {
                if stack.len() >= STACK_LIMIT {
                    return Some(decided(Decision::Drop, logs));
                }
                let to = to.clone();
                stack.push((core::mem::replace(&mut cur, to), i));
                i = 0;
            }
            Target::Goto(to) => {
                cur = to.clone();
                i = 0;
            }
        }
    }
    Some(Verdict {
        decision: match policy {
            Policy::Accept => Decision::Accept,
            Policy::Drop => Decision::Drop,
        },
        chain: String::from(chain),
        rule: 0,
        logs,
    })
}
