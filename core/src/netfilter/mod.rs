//! Netfilter: the kernel's packet filter and NAT, per network namespace.
//!
//! Five hooks sit at Linux's places on the paths through the stack
//! (`net/output.rs`, `net/input/`, `net/raw.rs` call [`Netfilter::hook`]):
//!
//! ```text
//! local process -> OUTPUT -> (re-route) -> POSTROUTING -> device
//! device -> PREROUTING -> input route -> INPUT -> local socket
//!                                     -> FORWARD -> POSTROUTING -> device
//! ```
//!
//! A packet to 127.0.0.1 crosses OUTPUT and POSTROUTING, then (the
//! loopback turns it around) PREROUTING and INPUT. Each hook runs the
//! chains of the tables registered on it in priority order (nat's
//! destination NAT at -100, filter at 0, nat's source NAT at 100), after
//! connection tracking ([`conntrack`]) classified the packet. The nat
//! table is asked once per connection and direction of translation; the
//! binding then rewrites every packet of the connection both ways.
//!
//! `table` holds the rules (and their edits), `eval` runs a chain,
//! `packet` reads and rewrites datagrams, `log` writes `LOG`'s line.

pub mod conntrack;
pub mod eval;
pub mod log;
pub mod packet;
pub mod rule;
pub mod table;
#[cfg(test)]
mod tests;

use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use conntrack::{Conntrack, Dir};
use eval::{Decision, Env};
use packet::View;
use rule::{AddrType, NatRange, RejectWith, Target, ct_bits};
use table::{Table, TableKind};

use crate::time::Instant;

/// A netfilter hook.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Hook {
    /// `NF_INET_PRE_ROUTING`: every packet a device received.
    Prerouting,
    /// `NF_INET_LOCAL_IN`: packets for this host.
    Input,
    /// `NF_INET_FORWARD`: packets routed through.
    Forward,
    /// `NF_INET_LOCAL_OUT`: packets this host sends.
    Output,
    /// `NF_INET_POST_ROUTING`: every packet leaving by a device.
    Postrouting,
}

impl Hook {
    /// The built-in chain's name.
    pub const fn chain_name(self) -> &'static str {
        match self {
            Hook::Prerouting => "PREROUTING",
            Hook::Input => "INPUT",
            Hook::Forward => "FORWARD",
            Hook::Output => "OUTPUT",
            Hook::Postrouting => "POSTROUTING",
        }
    }

    /// nft's name of the hook.
    pub const fn nft_name(self) -> &'static str {
        match self {
            Hook::Prerouting => "prerouting",
            Hook::Input => "input",
            Hook::Forward => "forward",
            Hook::Output => "output",
            Hook::Postrouting => "postrouting",
        }
    }

    /// Whether NAT at this hook translates the destination (else the source).
    const fn dst_manip(self) -> bool {
        matches!(self, Hook::Prerouting | Hook::Output)
    }
}

/// An address family's tables (`ip` or `ip6`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NfFamily {
    /// `iptables`, nft's `ip`.
    Ipv4,
    /// `ip6tables`, nft's `ip6`.
    Ipv6,
}

impl NfFamily {
    /// The family of an address.
    pub fn of(a: IpAddr) -> NfFamily {
        if a.is_ipv4() {
            NfFamily::Ipv4
        } else {
            NfFamily::Ipv6
        }
    }
}

/// What a hook decided about one packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It goes on.
    Accept,
    /// It is dropped (`SKB_DROP_REASON_NETFILTER_DROP`).
    Drop,
    /// It is dropped and answered.
    Reject(RejectWith),
}

/// One step of a hook for the trace: a table's chain decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The table.
    pub table: TableKind,
    /// The chain of the deciding rule (the built-in chain for a policy).
    pub chain: String,
    /// The rule's number, 0 for the policy.
    pub rule: usize,
    /// The target that decided (`ACCEPT`, `DROP`, `REJECT`, `DNAT`...).
    pub target: String,
}

/// A NAT rewrite done at a hook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rewrite {
    /// The source was rewritten (else the destination).
    pub src: bool,
    /// Address and port before.
    pub from: (IpAddr, u16),
    /// Address and port after.
    pub to: (IpAddr, u16),
}

/// What one hook did to one packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The verdict.
    pub verdict: Verdict,
    /// The conntrack state, when conntrack runs in the namespace.
    pub ctstate: Option<u8>,
    /// The conntrack entry was made by this packet.
    pub ct_new: bool,
    /// Each table's decision, in priority order (only tables with the
    /// hook's chain made).
    pub steps: Vec<Step>,
    /// The rewrites made.
    pub rewrites: Vec<Rewrite>,
    /// `LOG` lines to write, as (prefix, level).
    pub logs: Vec<(String, u8)>,
    /// Conntrack's table is full: the packet was dropped for that.
    pub table_full: bool,
}

#[allow(missing_debug_implementations)]
/// What the stack tells a hook about the packet's place.
pub struct Place<'a> {
    /// The hook.
    pub hook: Hook,
    /// The input device.
    pub iif: Option<&'a str>,
    /// The output device.
    pub oif: Option<&'a str>,
    /// The type of an address in this namespace.
    pub addr_type: &'a dyn Fn(IpAddr) -> AddrType,
    /// The address MASQUERADE uses: the output device's primary address.
    pub masq_addr: Option<IpAddr>,
    /// The address REDIRECT uses: the input device's primary address
    /// (127.0.0.1 for locally generated packets).
    pub redirect_addr: Option<IpAddr>,
    /// Whether the packet already went through this namespace's
    /// conntrack on its way (the loopback turned it around).
    pub looped: bool,
}

/// One namespace's netfilter: its tables per family, and conntrack.
#[derive(Clone, Debug, Default)]
pub struct Netfilter {
    tables: Vec<(NfFamily, Table)>,
    /// The connection tracking table.
    pub conntrack: Conntrack,
}

impl Netfilter {
    /// The table, if something made it.
    pub fn table(&self, family: NfFamily, kind: TableKind) -> Option<&Table> {
        self.tables
            .iter()
            .find(|(f, t)| *f == family && t.kind == kind)
            .map(|(_, t)| t)
    }

    /// Every table made, in the order they were made.
    pub fn tables(&self) -> impl Iterator<Item = (NfFamily, &Table)> {
        self.tables.iter().map(|(f, t)| (*f, t))
    }

    /// The table, made if it is not there yet (`None` only if it cannot
    /// be found after being made, which does not happen).
    pub fn table_mut(&mut self, family: NfFamily, kind: TableKind) -> Option<&mut Table> {
        if self.table(family, kind).is_none() {
            self.tables.push((family, Table::new(kind)));
        }
        self.tables
            .iter_mut()
            .find(|(f, t)| *f == family && t.kind == kind)
            .map(|(_, t)| t)
    }

    /// Forgets the table if it has no chain (a failed batch made it).
    pub fn remove_empty(&mut self, family: NfFamily, kind: TableKind) {
        self.tables
            .retain(|(f, t)| !(*f == family && t.kind == kind && t.chains.is_empty()));
    }

    /// Whether conntrack runs: a nat table exists, or a rule asks for a
    /// state (`nf_ct_netns_get`).
    pub fn conntrack_on(&self) -> bool {
        self.tables.iter().any(|(_, t)| {
            (t.kind == TableKind::Nat && !t.chains.is_empty())
                || t.chains
                    .iter()
                    .any(|c| c.rules.iter().any(|r| r.needs_conntrack()))
        })
    }

    /// Whether any chain is registered on `hook` for `family` (the stack
    /// traces a hook only then).
    pub fn active(&self, family: NfFamily, hook: Hook) -> bool {
        self.tables
            .iter()
            .any(|(f, t)| *f == family && t.hook_chain(hook).is_some())
            || self.conntrack_on()
    }

    /// Runs hook `place.hook` on the datagram in `bytes` (rewritten in
    /// place by NAT) at `now`.
    pub fn hook(&mut self, bytes: &mut [u8], place: &Place<'_>, now: Instant) -> Outcome {
        let mut out = Outcome {
            verdict: Verdict::Accept,
            ctstate: None,
            ct_new: false,
            steps: Vec::new(),
            rewrites: Vec::new(),
            logs: Vec::new(),
            table_full: false,
        };
        let Some(v) = View::parse(bytes) else {
            return out;
        };
        let family = NfFamily::of(v.src);
        let hook = place.hook;
        // Connection tracking.
        let ct_on = self.conntrack_on();
        let mut ct = None;
        if ct_on {
            let quoted = if v.is_icmp_error() {
                packet::quoted(bytes, &v)
            } else {
                None
            };
            let info = self.conntrack.classify(&v, quoted.as_ref(), now);
            if info.full {
                out.verdict = Verdict::Drop;
                out.table_full = true;
                return out;
            }
            out.ctstate = Some(info.state);
            out.ct_new = info.state == ct_bits::NEW
                && info
                    .id
                    .and_then(|id| self.conntrack.get(id))
                    .is_some_and(|e| !e.confirmed)
                && matches!(hook, Hook::Prerouting | Hook::Output);
            ct = info.id.map(|id| (id, info.dir, info.state));
        }
        let ctstate = out.ctstate.unwrap_or(ct_bits::UNTRACKED);
        let order: &[TableKind] = match hook {
            Hook::Prerouting | Hook::Output => &[TableKind::Nat, TableKind::Filter],
            _ => &[TableKind::Filter, TableKind::Nat],
        };
        for &kind in order {
            let Some(pos) = self
                .tables
                .iter()
                .position(|(f, t)| *f == family && t.kind == kind && t.hook_chain(hook).is_some())
            else {
                continue;
            };
            if kind == TableKind::Nat {
                // The nat table sees a connection's first packet only, once
                // per kind of translation.
                let Some((id, Dir::Original, _)) = ct else {
                    continue;
                };
                if self.conntrack.nat_asked(id, !hook.dst_manip()) {
                    continue;
                }
            }
            let cur = View::parse(bytes).unwrap_or(v);
            let env = Env {
                iif: place.iif,
                oif: place.oif,
                ctstate,
                addr_type: place.addr_type,
            };
            let Some((_, table)) = self.tables.get_mut(pos) else {
                continue;
            };
            let Some(verdict) = eval::run(table, hook.chain_name(), &cur, &env) else {
                continue;
            };
            out.logs
                .extend(verdict.logs.iter().map(|(_, _, p, l)| (p.clone(), *l)));
            let target = match &verdict.decision {
                Decision::Accept => String::from("ACCEPT"),
                Decision::Drop => String::from("DROP"),
                Decision::Reject(_) => String::from("REJECT"),
                Decision::Nat(t) => String::from(t.name()),
            };
            out.steps.push(Step {
                table: kind,
                chain: verdict.chain.clone(),
                rule: verdict.rule,
                target,
            });
            match verdict.decision {
                Decision::Accept => {}
                Decision::Drop => {
                    out.verdict = Verdict::Drop;
                    break;
                }
                Decision::Reject(w) => {
                    out.verdict = Verdict::Reject(w);
                    break;
                }
                Decision::Nat(t) => {
                    if let Some((id, _, _)) = ct {
                        self.bind(id, &cur, &t, place);
                    }
                }
            }
        }
        if out.verdict != Verdict::Accept {
            if let Some((id, _, _)) = ct {
                self.conntrack.drop_unconfirmed(id);
            }
            return out;
        }
        // Apply the connection's translation for this direction.
        if let Some((id, dir, state)) = ct
            && state != ct_bits::INVALID
            && let Some(e) = self.conntrack.get(id)
        {
            // An ICMP error travels against the connection it quotes: its
            // direction was set so by the classification.
            let target = e.target(dir);
            let cur = View::parse(bytes).unwrap_or(v);
            let src = !hook.dst_manip();
            let (addr, port, cur_addr, cur_port) = if src {
                (target.src, target.sport, cur.src, conn_port(&cur, true))
            } else {
                (target.dst, target.dport, cur.dst, conn_port(&cur, false))
            };
            let port_differs = state != ct_bits::RELATED
                && matches!(cur.proto, packet::proto::TCP | packet::proto::UDP)
                && Some(port) != cur_port;
            if state == ct_bits::RELATED {
                // The quoted datagram travelled the other way: its
                // destination (at a source NAT hook) or source is ours.
                let inner_port = if src { target.sport } else { target.dport };
                packet::rewrite_quoted(bytes, !src, addr, Some(inner_port));
            }
            if addr != cur_addr || port_differs {
                let new_port = if port_differs { Some(port) } else { None };
                packet::rewrite(bytes, src, addr, new_port);
                out.rewrites.push(Rewrite {
                    src,
                    from: (cur_addr, cur_port.unwrap_or(0)),
                    to: (addr, new_port.or(cur_port).unwrap_or(0)),
                });
            }
        }
        // The last hook in this namespace confirms the entry.
        if let Some((id, dir, state)) = ct
            && matches!(hook, Hook::Postrouting | Hook::Input)
            && state != ct_bits::INVALID
            && state != ct_bits::RELATED
        {
            let now_v = View::parse(bytes).unwrap_or(v);
            let update = !(hook == Hook::Input && place.looped);
            self.conntrack.confirm(id, dir, &now_v, now, update);
        }
        out
    }

    /// Records the NAT binding target `t` makes for connection `id`.
    fn bind(&mut self, id: u64, v: &View, t: &Target, place: &Place<'_>) {
        let (src, range): (bool, NatRange) = match t {
            Target::Dnat(r) => (false, *r),
            Target::Snat(r) => (true, *r),
            Target::Masquerade(r) => (
                true,
                NatRange {
                    addr: place.masq_addr,
                    ports: r.ports,
                },
            ),
            Target::Redirect(r) => (
                false,
                NatRange {
                    addr: place.redirect_addr,
                    ports: r.ports,
                },
            ),
            _ => return,
        };
        let Some(addr) = range.addr.or(if src { Some(v.src) } else { Some(v.dst) }) else {
            return;
        };
        let port = range.ports.map(|p| p.lo);
        self.conntrack.bind_nat(id, src, addr, port);
    }
}

/// The port a packet's connection is known by on one side.
fn conn_port(v: &View, src: bool) -> Option<u16> {
    match v.proto {
        packet::proto::TCP | packet::proto::UDP => {
            if src {
                v.sport
            } else {
                v.dport
            }
        }
        _ => None,
    }
}
