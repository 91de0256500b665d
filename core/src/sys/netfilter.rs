//! Netfilter's system calls: what `iptables`, `ip6tables`,
//! `iptables-save`/`-restore`, `nft list` and `conntrack` ask of the kernel
//! (nf_tables' netlink messages: `NFT_MSG_NEWRULE`/`DELRULE`/`GETRULE`,
//! `NEWCHAIN`/`DELCHAIN`/`GETCHAIN`, a table replaced in one batch; and
//! ctnetlink's dump and flush). Every call needs root (`CAP_NET_ADMIN`:
//! EPERM otherwise) and works on the caller's namespace; rules and chains
//! come back as plain copies.

use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::Sys;
use crate::errno::Errno;
use crate::netfilter::conntrack::TcpState;
use crate::netfilter::table::{Chain, Table};

pub use crate::netfilter::rule::{
    AddrMatch, AddrType, Counters, IcmpType, IfaceMatch, Match, MultiportDir, NatRange, PortMatch,
    PortRange, RejectWith, Rule, Target, TcpFlags, ct_bits,
};
pub use crate::netfilter::table::{Policy, RuleEdit, TableKind};
pub use crate::netfilter::{Hook, NfFamily};

/// One chain as a dump shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainRecord {
    /// Its name.
    pub name: String,
    /// The hook of a built-in chain.
    pub hook: Option<Hook>,
    /// The policy of a built-in chain.
    pub policy: Policy,
    /// The rules with their counters.
    pub rules: Vec<Rule>,
    /// How many rules jump or go to it.
    pub references: usize,
}

/// One table as a dump shows it: the chains made, in the order made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRecord {
    /// Its family.
    pub family: NfFamily,
    /// Which table.
    pub kind: TableKind,
    /// Its chains.
    pub chains: Vec<ChainRecord>,
}

/// One direction of a tracked connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CtTuple {
    /// Source address.
    pub src: IpAddr,
    /// Destination address.
    pub dst: IpAddr,
    /// TCP/UDP source port.
    pub sport: u16,
    /// TCP/UDP destination port.
    pub dport: u16,
    /// ICMP type, code and identifier.
    pub icmp: Option<(u8, u8, u16)>,
}

/// One tracked connection as `conntrack -L` gets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CtRecord {
    /// The protocol number.
    pub proto: u8,
    /// Seconds until it expires.
    pub timeout: u64,
    /// The TCP state's name.
    pub state: Option<&'static str>,
    /// The original direction.
    pub orig: CtTuple,
    /// The reply direction (after NAT).
    pub reply: CtTuple,
    /// No reply was seen.
    pub unreplied: bool,
    /// `[ASSURED]`.
    pub assured: bool,
}

fn record(family: NfFamily, t: &Table) -> TableRecord {
    TableRecord {
        family,
        kind: t.kind,
        chains: t
            .chains
            .iter()
            .map(|c| ChainRecord {
                name: c.name.clone(),
                hook: c.hook,
                policy: c.policy,
                rules: c.rules.clone(),
                references: t.references(&c.name),
            })
            .collect(),
    }
}

/// Whether rule `r`'s target may sit in a chain on `hook` of table
/// `kind` (xt targets' `checkentry`: EINVAL otherwise; a TCP reset needs
/// `-p tcp`).
fn target_allowed(kind: TableKind, hook: Option<Hook>, r: &Rule) -> bool {
    match &r.target {
        Target::Reject(RejectWith::TcpReset) => {
            kind == TableKind::Filter && r.proto == Some((false, 6))
        }
        Target::Dnat(_) | Target::Redirect(_) => {
            kind == TableKind::Nat && matches!(hook, None | Some(Hook::Prerouting | Hook::Output))
        }
        Target::Snat(_) | Target::Masquerade(_) => {
            kind == TableKind::Nat && matches!(hook, None | Some(Hook::Postrouting | Hook::Input))
        }
        Target::Reject(_) => kind == TableKind::Filter,
        _ => true,
    }
}

fn ct_tuple(t: &crate::netfilter::conntrack::Tuple, reply: bool) -> CtTuple {
    let icmp = match t.proto {
        1 => Some((if t.dport == 1 { 0 } else { 8 }, 0, t.sport)),
        58 => Some((if t.dport == 1 { 129 } else { 128 }, 0, t.sport)),
        _ => None,
    };
    let _ = reply;
    CtTuple {
        src: t.src,
        dst: t.dst,
        sport: t.sport,
        dport: t.dport,
        icmp,
    }
}

impl Sys<'_> {
    fn nf_admin(&self) -> Result<(), Errno> {
        if self.uid != 0 {
            return Err(Errno::EPERM);
        }
        if self.host.net.ns(self.ns).is_none() {
            return Err(Errno::ENOENT);
        }
        Ok(())
    }

    fn nf_mut(&mut self) -> Result<&mut crate::netfilter::Netfilter, Errno> {
        self.nf_admin()?;
        self.host
            .net
            .ns_mut(self.ns)
            .map(|n| &mut n.nf)
            .ok_or(Errno::ENOENT)
    }

    /// `NFT_MSG_GETTABLE` + chains + rules: one table of the caller's
    /// namespace, `None` if nothing made it yet.
    pub fn nf_table(
        &self,
        family: NfFamily,
        kind: TableKind,
    ) -> Result<Option<TableRecord>, Errno> {
        self.nf_admin()?;
        Ok(self
            .host
            .net
            .ns(self.ns)
            .and_then(|n| n.nf.table(family, kind))
            .map(|t| record(family, t)))
    }

    /// Every table made, in the order made (`nft list ruleset`).
    pub fn nf_tables(&self) -> Result<Vec<TableRecord>, Errno> {
        self.nf_admin()?;
        Ok(self
            .host
            .net
            .ns(self.ns)
            .map(|n| n.nf.tables().map(|(f, t)| record(f, t)).collect())
            .unwrap_or_default())
    }

    /// `NFT_MSG_NEWRULE`/`DELRULE` on chain `chain`: append, insert,
    /// replace, delete (by number or by specification) or check. ENOENT
    /// for an unknown chain, a jump to no chain or no same rule; E2BIG for
    /// a number past the end; EINVAL for a target the table or hook does
    /// not allow.
    pub fn nf_rule(
        &mut self,
        family: NfFamily,
        kind: TableKind,
        chain: &str,
        edit: RuleEdit,
    ) -> Result<(), Errno> {
        let nf = self.nf_mut()?;
        let exists = nf.table(family, kind).is_some();
        let table = nf.table_mut(family, kind).ok_or(Errno::ENOMEM)?;
        let hook = table.builtin(chain);
        let rule = match &edit {
            RuleEdit::Append(r) | RuleEdit::Insert(_, r) | RuleEdit::Replace(_, r) => Some(r),
            _ => None,
        };
        let mut result = Ok(());
        if let Some(r) = rule
            && !target_allowed(kind, hook, r)
        {
            result = Err(Errno::EINVAL);
        }
        if result.is_ok() {
            result = table.edit(chain, edit);
        }
        if !exists && table.chains.is_empty() && result.is_err() {
            self.nf_drop_empty(family, kind);
        }
        result
    }

    /// Forgets a table a failed batch made.
    fn nf_drop_empty(&mut self, family: NfFamily, kind: TableKind) {
        if let Some(n) = self.host.net.ns_mut(self.ns) {
            n.nf.remove_empty(family, kind);
        }
    }

    /// `-F [chain]`.
    pub fn nf_flush(
        &mut self,
        family: NfFamily,
        kind: TableKind,
        chain: Option<&str>,
    ) -> Result<(), Errno> {
        let nf = self.nf_mut()?;
        match nf.table_mut(family, kind) {
            Some(t) => t.flush(chain),
            None => Err(Errno::ENOMEM),
        }
    }

    /// `-Z [chain [rulenum]]`.
    pub fn nf_zero(
        &mut self,
        family: NfFamily,
        kind: TableKind,
        chain: Option<&str>,
        num: Option<usize>,
    ) -> Result<(), Errno> {
        let nf = self.nf_mut()?;
        match nf.table_mut(family, kind) {
            Some(t) => t.zero(chain, num),
            None => Err(Errno::ENOMEM),
        }
    }

    /// `NFT_MSG_NEWCHAIN` (`-N`): EEXIST if the name is taken.
    pub fn nf_chain_new(
        &mut self,
        family: NfFamily,
        kind: TableKind,
        name: &str,
    ) -> Result<(), Errno> {
        let nf = self.nf_mut()?;
        match nf.table_mut(family, kind) {
            Some(t) => t.new_chain(name),
            None => Err(Errno::ENOMEM),
        }
    }

    /// `NFT_MSG_DELCHAIN` (`-X chain`): EBUSY for a built-in or a
    /// referenced chain, ENOENT for none.
    pub fn nf_chain_del(
        &mut self,
        family: NfFamily,
        kind: TableKind,
        name: &str,
    ) -> Result<(), Errno> {
        let nf = self.nf_mut()?;
        match nf.table_mut(family, kind) {
            Some(t) => t.delete_chain(name),
            None => Err(Errno::ENOMEM),
        }
    }

    /// `-E old new`.
    pub fn nf_chain_rename(
        &mut self,
        family: NfFamily,
        kind: TableKind,
        old: &str,
        new: &str,
    ) -> Result<(), Errno> {
        let nf = self.nf_mut()?;
        match nf.table_mut(family, kind) {
            Some(t) => t.rename_chain(old, new),
            None => Err(Errno::ENOMEM),
        }
    }

    /// `-P chain policy`: ENOENT unless a built-in chain.
    pub fn nf_policy(
        &mut self,
        family: NfFamily,
        kind: TableKind,
        chain: &str,
        policy: Policy,
    ) -> Result<(), Errno> {
        let nf = self.nf_mut()?;
        match nf.table_mut(family, kind) {
            Some(t) => t.set_policy(chain, policy),
            None => Err(Errno::ENOMEM),
        }
    }

    /// Replaces a whole table in one batch (`iptables-restore`): the
    /// chains in order, each with its policy and rules (with counters).
    /// Nothing changes if a rule jumps to no chain (ENOENT) or has a target
    /// its chain does not allow (EINVAL).
    pub fn nf_table_replace(
        &mut self,
        family: NfFamily,
        kind: TableKind,
        chains: Vec<ChainRecord>,
    ) -> Result<(), Errno> {
        let too_many = chains.len() > crate::netfilter::table::CHAIN_LIMIT
            || chains
                .iter()
                .any(|c| c.rules.len() > crate::netfilter::table::RULE_LIMIT);
        if too_many {
            return Err(Errno::ENOSPC);
        }
        let mut table = Table::new(kind);
        for c in &chains {
            if table.chain(&c.name).is_some() {
                return Err(Errno::EEXIST);
            }
            let hook = table.builtin(&c.name);
            if c.rules.iter().any(|r| !target_allowed(kind, hook, r)) {
                return Err(Errno::EINVAL);
            }
            table.chains.push(Chain {
                name: c.name.clone(),
                hook,
                policy: c.policy,
                rules: c.rules.clone(),
            });
        }
        for c in &table.chains {
            for r in &c.rules {
                if let Some(t) = r.target.chain()
                    && !table.user_chain_exists(t)
                {
                    return Err(Errno::ENOENT);
                }
            }
        }
        let nf = self.nf_mut()?;
        let slot = nf.table_mut(family, kind).ok_or(Errno::ENOMEM)?;
        *slot = table;
        Ok(())
    }

    /// ctnetlink's dump: the namespace's tracked connections of `family`.
    pub fn ct_dump(&self, family: NfFamily) -> Result<Vec<CtRecord>, Errno> {
        self.nf_admin()?;
        let now = self.now;
        let Some(n) = self.host.net.ns(self.ns) else {
            return Ok(Vec::new());
        };
        Ok(n.nf
            .conntrack
            .entries()
            .filter(|e| NfFamily::of(e.orig.src) == family && e.expires > now)
            .map(|e| CtRecord {
                proto: e.orig.proto,
                timeout: e.expires.saturating_since(now).micros() / 1_000_000,
                state: e.tcp.map(TcpState::name),
                orig: ct_tuple(&e.orig, false),
                reply: ct_tuple(&e.reply, true),
                unreplied: !e.seen_reply,
                assured: e.assured,
            })
            .collect())
    }

    /// ctnetlink's flush (`conntrack -F`).
    pub fn ct_flush(&mut self) -> Result<(), Errno> {
        let nf = self.nf_mut()?;
        nf.conntrack.flush();
        Ok(())
    }
}
