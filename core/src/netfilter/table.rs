//! Tables and chains, and the edits the system calls make on them with the
//! errno the kernel (or iptables-nft's batch) answers: rules appended,
//! inserted, deleted, replaced; chains made, renamed, deleted; policies.
//!
//! As with iptables-nft, a table exists once something was written to it,
//! and its built-in chains once a rule or a policy needed them (`nft list
//! ruleset` shows chains in the order they were made); `iptables -L` shows
//! every built-in chain of the table anyway.

use alloc::string::String;
use alloc::vec::Vec;

use super::Hook;
use super::rule::{Counters, Rule};
use crate::errno::Errno;

/// The most rules a chain holds, and the most chains a table holds (the
/// lab's bound; the kernel's is memory).
pub const RULE_LIMIT: usize = 4096;
/// The most chains in a table.
pub const CHAIN_LIMIT: usize = 256;

/// Which table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TableKind {
    /// `filter`.
    Filter,
    /// `nat`.
    Nat,
}

impl TableKind {
    /// Every table, in the order `iptables-save` prints them.
    pub const ALL: [TableKind; 2] = [TableKind::Filter, TableKind::Nat];

    /// Its name.
    pub const fn name(self) -> &'static str {
        match self {
            TableKind::Filter => "filter",
            TableKind::Nat => "nat",
        }
    }

    /// The table called `name`.
    pub fn from_name(name: &str) -> Option<TableKind> {
        TableKind::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Its built-in chains, in iptables' order.
    pub const fn builtins(self) -> &'static [Hook] {
        match self {
            TableKind::Filter => &[Hook::Input, Hook::Forward, Hook::Output],
            TableKind::Nat => &[
                Hook::Prerouting,
                Hook::Input,
                Hook::Output,
                Hook::Postrouting,
            ],
        }
    }
}

/// A chain's policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// `ACCEPT`.
    Accept,
    /// `DROP`.
    Drop,
}

impl Policy {
    /// Its name.
    pub const fn name(self) -> &'static str {
        match self {
            Policy::Accept => "ACCEPT",
            Policy::Drop => "DROP",
        }
    }
}

/// One chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// Its name.
    pub name: String,
    /// The hook of a built-in chain.
    pub hook: Option<Hook>,
    /// The policy of a built-in chain.
    pub policy: Policy,
    /// The rules, in order.
    pub rules: Vec<Rule>,
}

/// One table of one family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// Which table.
    pub kind: TableKind,
    /// The chains made so far, in the order they were made.
    pub chains: Vec<Chain>,
}

/// Where an insert, delete or replace lands.
#[derive(Clone, Debug)]
pub enum RuleEdit {
    /// `-A`.
    Append(Rule),
    /// `-I N` (1 is first).
    Insert(usize, Rule),
    /// `-R N`.
    Replace(usize, Rule),
    /// `-D N`.
    DeleteNum(usize),
    /// `-D rule`: the first rule that is the same.
    Delete(Rule),
    /// `-C rule`: nothing changes; ENOENT if no rule is the same.
    Check(Rule),
}

impl Table {
    /// An empty table.
    pub fn new(kind: TableKind) -> Table {
        Table {
            kind,
            chains: Vec::new(),
        }
    }

    /// The built-in hook called `name` in this table.
    pub fn builtin(&self, name: &str) -> Option<Hook> {
        self.kind
            .builtins()
            .iter()
            .copied()
            .find(|h| h.chain_name() == name)
    }

    /// The chain called `name`, if it exists.
    pub fn chain(&self, name: &str) -> Option<&Chain> {
        self.chains.iter().find(|c| c.name == name)
    }

    fn chain_mut(&mut self, name: &str) -> Option<&mut Chain> {
        self.chains.iter_mut().find(|c| c.name == name)
    }

    /// The chain a built-in hook runs, if made.
    pub fn hook_chain(&self, hook: Hook) -> Option<&Chain> {
        self.chains.iter().find(|c| c.hook == Some(hook))
    }

    /// The chain `name`, making it if it is a built-in chain not made yet;
    /// ENOENT for an unknown chain.
    fn chain_or_builtin(&mut self, name: &str) -> Result<&mut Chain, Errno> {
        if self.chain(name).is_none() {
            let hook = self.builtin(name).ok_or(Errno::ENOENT)?;
            self.chains.push(Chain {
                name: String::from(name),
                hook: Some(hook),
                policy: Policy::Accept,
                rules: Vec::new(),
            });
        }
        self.chain_mut(name).ok_or(Errno::ENOENT)
    }

    /// How many rules jump or go to `name`.
    pub fn references(&self, name: &str) -> usize {
        self.chains
            .iter()
            .flat_map(|c| c.rules.iter())
            .filter(|r| r.target.chain() == Some(name))
            .count()
    }

    /// Whether `name` is a chain a rule may jump to: an existing user chain.
    pub fn user_chain_exists(&self, name: &str) -> bool {
        self.chain(name).is_some_and(|c| c.hook.is_none())
    }

    /// One rule edit on chain `name`. E2BIG for a number past the end,
    /// ENOENT for an unknown chain or (delete, check) no same rule.
    pub fn edit(&mut self, name: &str, edit: RuleEdit) -> Result<(), Errno> {
        if let RuleEdit::Append(r) | RuleEdit::Insert(_, r) | RuleEdit::Replace(_, r) = &edit
            && let Some(target) = r.target.chain()
            && !self.user_chain_exists(target)
        {
            return Err(Errno::ENOENT);
        }
        let existed = self.chain(name).is_some();
        let chain = self.chain_or_builtin(name)?;
        let len = chain.rules.len();
        let result = match edit {
            RuleEdit::Append(r) if len < RULE_LIMIT => {
                chain.rules.push(r);
                Ok(())
            }
            RuleEdit::Insert(n, r) if len < RULE_LIMIT => {
                if n == 0 || n > len + 1 {
                    Err(Errno::E2BIG)
                } else {
                    chain.rules.insert(n - 1, r);
                    Ok(())
                }
            }
            RuleEdit::Append(_) | RuleEdit::Insert(..) => Err(Errno::ENOSPC),
            RuleEdit::Replace(n, r) => {
                match n.checked_sub(1).and_then(|i| chain.rules.get_mut(i)) {
                    Some(slot) => {
                        *slot = r;
                        Ok(())
                    }
                    None => Err(Errno::E2BIG),
                }
            }
            RuleEdit::DeleteNum(n) => {
                if n == 0 || n > len {
                    Err(Errno::E2BIG)
                } else {
                    chain.rules.remove(n - 1);
                    Ok(())
                }
            }
            RuleEdit::Delete(r) => match chain.rules.iter().position(|x| x.same(&r)) {
                Some(i) => {
                    chain.rules.remove(i);
                    Ok(())
                }
                None => Err(Errno::ENOENT),
            },
            RuleEdit::Check(r) => {
                if chain.rules.iter().any(|x| x.same(&r)) {
                    Ok(())
                } else {
                    Err(Errno::ENOENT)
                }
            }
        };
        if result.is_err() && !existed {
            // A failed batch makes nothing.
            self.chains.retain(|c| c.name != name);
        }
        result
    }

    /// `-F [chain]`: removes the rules of one chain or of all.
    pub fn flush(&mut self, name: Option<&str>) -> Result<(), Errno> {
        match name {
            Some(n) => {
                if self.builtin(n).is_none() && self.chain(n).is_none() {
                    return Err(Errno::ENOENT);
                }
                if let Some(c) = self.chain_mut(n) {
                    c.rules.clear();
                }
            }
            None => self.chains.iter_mut().for_each(|c| c.rules.clear()),
        }
        Ok(())
    }

    /// `-Z [chain [rulenum]]`: zeroes counters.
    pub fn zero(&mut self, name: Option<&str>, num: Option<usize>) -> Result<(), Errno> {
        match name {
            Some(n) => {
                if self.builtin(n).is_none() && self.chain(n).is_none() {
                    return Err(Errno::ENOENT);
                }
                if let Some(c) = self.chain_mut(n) {
                    match num {
                        Some(i) => {
                            let r = i
                                .checked_sub(1)
                                .and_then(|i| c.rules.get_mut(i))
                                .ok_or(Errno::E2BIG)?;
                            r.counters = Counters::default();
                        }
                        None => c
                            .rules
                            .iter_mut()
                            .for_each(|r| r.counters = Counters::default()),
                    }
                }
            }
            None => self
                .chains
                .iter_mut()
                .flat_map(|c| c.rules.iter_mut())
                .for_each(|r| r.counters = Counters::default()),
        }
        Ok(())
    }

    /// `-N`: EEXIST if a chain (built-in or not) has the name.
    pub fn new_chain(&mut self, name: &str) -> Result<(), Errno> {
        if self.chain(name).is_some() || self.builtin(name).is_some() {
            return Err(Errno::EEXIST);
        }
        if self.chains.len() >= CHAIN_LIMIT {
            return Err(Errno::ENOSPC);
        }
        self.chains.push(Chain {
            name: String::from(name),
            hook: None,
            policy: Policy::Accept,
            rules: Vec::new(),
        });
        Ok(())
    }

    /// `-X chain`: EBUSY for a built-in or referenced chain, ENOENT for none.
    pub fn delete_chain(&mut self, name: &str) -> Result<(), Errno> {
        if self.builtin(name).is_some() {
            return Err(Errno::EBUSY);
        }
        if self.chain(name).is_none() {
            return Err(Errno::ENOENT);
        }
        // nf_tables refuses to delete a chain that still has rules, too.
        if self.references(name) > 0 || self.chain(name).is_some_and(|c| !c.rules.is_empty()) {
            return Err(Errno::EBUSY);
        }
        self.chains.retain(|c| c.name != name);
        Ok(())
    }

    /// `-E old new`: EEXIST if `new` is taken, ENOENT if `old` is not a user chain.
    pub fn rename_chain(&mut self, old: &str, new: &str) -> Result<(), Errno> {
        if self.chain(new).is_some() || self.builtin(new).is_some() {
            return Err(Errno::EEXIST);
        }
        if !self.user_chain_exists(old) {
            return Err(Errno::ENOENT);
        }
        for c in self.chains.iter_mut() {
            if c.name == old {
                c.name = String::from(new);
            }
            for r in c.rules.iter_mut() {
                if let super::rule::Target::Jump(t) | super::rule::Target::Goto(t) = &mut r.target
                    && t == old
                {
                    *t = String::from(new);
                }
            }
        }
        Ok(())
    }

    /// `-P chain policy`: ENOENT unless `name` is a built-in chain.
    pub fn set_policy(&mut self, name: &str, policy: Policy) -> Result<(), Errno> {
        if self.builtin(name).is_none() {
            return Err(Errno::ENOENT);
        }
        self.chain_or_builtin(name)?.policy = policy;
        Ok(())
    }
}
