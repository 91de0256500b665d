//! `iptables` / `ip6tables` (iptables-nft 1.8.9): parse the command line,
//! make the netfilter system calls, print what iptables prints, and answer
//! a refusal with its text and status (2 for a bad command line, 1 for
//! what `nft_strerror` words, 3 for an unknown table, 4 for a failed
//! batch or no permission).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::parse::{self, Cmd, Parsed, Refusal};
use super::show::{self, Format};
use crate::errno::Errno;
use crate::process::{Ctx, Started};
use crate::sys::netfilter::{NfFamily, Policy, Rule, RuleEdit, TableKind, Target};
use crate::tools::netnames;

/// The program's name for a family.
pub(super) fn prog(family: NfFamily) -> &'static str {
    match family {
        NfFamily::Ipv4 => "iptables",
        NfFamily::Ipv6 => "ip6tables",
    }
}

/// A command-line refusal: status 2 with the `Try` line.
pub(super) fn usage_error(ctx: &mut Ctx<'_>, prog: &str, text: &str) -> Started {
    ctx.err(&format!(
        "{prog} v1.8.9 (nf_tables): {text}\nTry `{prog} -h' or '{prog} --help' for more information.\n"
    ));
    Started::Exited(2)
}

/// `nft_strerror`'s words: `iptables: TEXT.`, status 1.
fn said(ctx: &mut Ctx<'_>, prog: &str, text: &str) -> Started {
    ctx.err(&format!("{prog}: {text}.\n"));
    Started::Exited(1)
}

/// A failed batch: `iptables v1.8.9 (nf_tables):  OP failed (ERR): WHAT`, status 4.
fn batch(ctx: &mut Ctx<'_>, prog: &str, op: &str, e: Errno, what: &str) -> Started {
    ctx.err(&format!(
        "{prog} v1.8.9 (nf_tables):  {op} failed ({}): {what}\n",
        e.message()
    ));
    Started::Exited(4)
}

/// No permission to read the rule set.
pub(super) fn not_root(ctx: &mut Ctx<'_>, prog: &str) -> Started {
    ctx.err(&format!(
        "{prog} v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n"
    ));
    Started::Exited(4)
}

/// `iptables`.
pub(super) fn start_v4(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    run(ctx, args, NfFamily::Ipv4)
}

/// `ip6tables`.
pub(super) fn start_v6(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    run(ctx, args, NfFamily::Ipv6)
}

/// Parses a command line with the namespace's name resolution.
pub(super) fn parse_line(
    ctx: &mut Ctx<'_>,
    args: &[String],
    family: NfFamily,
) -> Result<Parsed, Refusal> {
    let sys = ctx.sys();
    let fam = match family {
        NfFamily::Ipv4 => crate::names::Family::Inet,
        NfFamily::Ipv6 => crate::names::Family::Inet6,
    };
    let resolve = |name: &str| netnames::resolve_host(&sys, name, fam);
    parse::parse(args, family, &resolve)
}

fn run(ctx: &mut Ctx<'_>, args: &[String], family: NfFamily) -> Started {
    let prog = prog(family);
    let p = match parse_line(ctx, args.get(1..).unwrap_or_default(), family) {
        Ok(p) => p,
        Err(r) => return refuse(ctx, prog, &r),
    };
    match p.cmd {
        Cmd::Help => {
            ctx.out(match family {
                NfFamily::Ipv4 => include_str!("iptables-help.txt"),
                NfFamily::Ipv6 => include_str!("ip6tables-help.txt"),
            });
            return Started::Exited(0);
        }
        Cmd::Version => {
            ctx.out(&format!("{prog} v1.8.9 (nf_tables)\n"));
            return Started::Exited(0);
        }
        _ => {}
    }
    if ctx.sys().getuid() != 0 {
        return not_root(ctx, prog);
    }
    let Some(kind) = TableKind::from_name(&p.table) else {
        ctx.err(&format!(
            "{prog} v1.8.9 (nf_tables): table '{}' does not exist\nPerhaps {prog} or your kernel needs to be upgraded.\n",
            p.table
        ));
        return Started::Exited(3);
    };
    execute(ctx, prog, family, kind, p)
}

/// Prints a parse refusal.
pub(super) fn refuse(ctx: &mut Ctx<'_>, prog: &str, r: &Refusal) -> Started {
    if r.text.starts_with("Bad argument") {
        ctx.err(&format!(
            "{}\nTry `{prog} -h' or '{prog} --help' for more information.\n",
            r.text
        ));
        return Started::Exited(2);
    }
    usage_error(ctx, prog, &r.text)
}

/// The rule checks iptables makes before it asks the kernel.
fn check_rule(
    ctx: &mut Ctx<'_>,
    prog: &str,
    family: NfFamily,
    kind: TableKind,
    chain: &str,
    p: &Parsed,
) -> Option<Started> {
    let r = &p.rule;
    if r.oif.is_some() && matches!(chain, "INPUT" | "PREROUTING") {
        return Some(usage_error(
            ctx,
            prog,
            &format!("Can't use -o with {chain}\n"),
        ));
    }
    if r.iif.is_some() && matches!(chain, "OUTPUT" | "POSTROUTING") {
        return Some(usage_error(
            ctx,
            prog,
            &format!("Can't use -i with {chain}\n"),
        ));
    }
    if kind == TableKind::Nat && r.target == Target::Drop {
        return Some(usage_error(
            ctx,
            prog,
            "\nThe \"nat\" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n",
        ));
    }
    if let Some(t) = &p.jump_unknown {
        let exists = ctx
            .sys()
            .nf_table(family, kind)
            .ok()
            .flatten()
            .is_some_and(|tb| tb.chains.iter().any(|c| c.hook.is_none() && &c.name == t));
        if !exists {
            return Some(usage_error(
                ctx,
                prog,
                &format!("Chain '{t}' does not exist"),
            ));
        }
    }
    None
}

fn chain_known(ctx: &mut Ctx<'_>, family: NfFamily, kind: TableKind, chain: &str) -> bool {
    kind.builtins().iter().any(|h| h.chain_name() == chain)
        || ctx
            .sys()
            .nf_table(family, kind)
            .ok()
            .flatten()
            .is_some_and(|t| t.chains.iter().any(|c| c.name == chain))
}

fn execute(ctx: &mut Ctx<'_>, prog: &str, family: NfFamily, kind: TableKind, p: Parsed) -> Started {
    let fmt = Format {
        numeric: p.numeric,
        verbose: p.verbose,
        exact: p.exact,
        line_numbers: p.line_numbers,
    };
    let rule = p.rule.clone();
    let edit = |ctx: &mut Ctx<'_>, chain: &str, e: RuleEdit, op: &str, big: &str| -> Started {
        match ctx.sys().nf_rule(family, kind, chain, e) {
            Ok(()) => Started::Exited(0),
            Err(Errno::E2BIG) => said(ctx, prog, big),
            Err(Errno::EINVAL) => batch(
                ctx,
                prog,
                op,
                Errno::EINVAL,
                &format!("rule in chain {chain}"),
            ),
            Err(Errno::EPERM) => not_root(ctx, prog),
            Err(_) => said(ctx, prog, "No chain/target/match by that name"),
        }
    };
    match &p.cmd {
        Cmd::Append(c)
        | Cmd::Insert(c, _)
        | Cmd::Replace(c, _)
        | Cmd::Check(c)
        | Cmd::Delete(c) => {
            if let Some(s) = check_rule(ctx, prog, family, kind, c, &p) {
                return s;
            }
            let c = c.clone();
            match &p.cmd {
                Cmd::Append(_) => edit(ctx, &c, RuleEdit::Append(rule), "RULE_APPEND", ""),
                Cmd::Insert(_, n) => edit(
                    ctx,
                    &c,
                    RuleEdit::Insert(*n, rule),
                    "RULE_INSERT",
                    "Index of insertion too big",
                ),
                Cmd::Replace(_, n) => edit(
                    ctx,
                    &c,
                    RuleEdit::Replace(*n, rule),
                    "RULE_REPLACE",
                    "Index of replacement too big",
                ),
                _ => {
                    if !chain_known(ctx, family, kind, &c) {
                        return said(ctx, prog, "No chain/target/match by that name");
                    }
                    let e = if matches!(p.cmd, Cmd::Check(_)) {
                        RuleEdit::Check(rule)
                    } else {
                        RuleEdit::Delete(rule)
                    };
                    match ctx.sys().nf_rule(family, kind, &c, e) {
                        Ok(()) => Started::Exited(0),
                        Err(Errno::EPERM) => not_root(ctx, prog),
                        Err(_) => said(
                            ctx,
                            prog,
                            "Bad rule (does a matching rule exist in that chain?)",
                        ),
                    }
                }
            }
        }
        Cmd::DeleteNum(c, n) => {
            if !chain_known(ctx, family, kind, c) {
                return said(ctx, prog, "No chain/target/match by that name");
            }
            let c = c.clone();
            edit(
                ctx,
                &c,
                RuleEdit::DeleteNum(*n),
                "RULE_DELETE",
                "Index of deletion too big",
            )
        }
        Cmd::List(chain, num) => {
            let s = list(ctx, prog, family, kind, chain.as_deref(), *num, fmt);
            if p.zero_too && matches!(s, Started::Exited(0)) {
                let _ = ctx.sys().nf_zero(family, kind, chain.as_deref(), None);
            }
            s
        }
        Cmd::ListRules(chain, num) => list_rules(ctx, prog, family, kind, chain.as_deref(), *num),
        Cmd::Flush(chain) => match ctx.sys().nf_flush(family, kind, chain.as_deref()) {
            Ok(()) => Started::Exited(0),
            Err(_) => said(ctx, prog, "No chain/target/match by that name"),
        },
        Cmd::Zero(chain, num) => match ctx.sys().nf_zero(family, kind, chain.as_deref(), *num) {
            Ok(()) => Started::Exited(0),
            Err(Errno::E2BIG) => said(ctx, prog, "Index of deletion too big"),
            Err(_) => said(ctx, prog, "No chain/target/match by that name"),
        },
        Cmd::New(c) => match ctx.sys().nf_chain_new(family, kind, c) {
            Ok(()) => Started::Exited(0),
            Err(Errno::EEXIST) => said(ctx, prog, "Chain already exists"),
            Err(e) => batch(ctx, prog, "CHAIN_ADD", e, &format!("chain {c}")),
        },
        Cmd::DeleteChain(Some(c)) => match ctx.sys().nf_chain_del(family, kind, c) {
            Ok(()) => Started::Exited(0),
            Err(Errno::EBUSY) => batch(ctx, prog, "CHAIN_DEL", Errno::EBUSY, &format!("chain {c}")),
            Err(_) => said(ctx, prog, "No chain/target/match by that name"),
        },
        Cmd::DeleteChain(None) => {
            let mut users: Vec<String> = ctx
                .sys()
                .nf_table(family, kind)
                .ok()
                .flatten()
                .map(|t| {
                    t.chains
                        .into_iter()
                        .filter(|c| c.hook.is_none())
                        .map(|c| c.name)
                        .collect()
                })
                .unwrap_or_default();
            users.sort();
            for c in &users {
                if let Err(e) = ctx.sys().nf_chain_del(family, kind, c) {
                    return batch(ctx, prog, "CHAIN_DEL", e, &format!("chain {c}"));
                }
            }
            Started::Exited(0)
        }
        Cmd::Rename(old, new) => match ctx.sys().nf_chain_rename(family, kind, old, new) {
            Ok(()) => Started::Exited(0),
            Err(Errno::EEXIST) => said(ctx, prog, "File exists"),
            Err(_) => said(ctx, prog, "No chain/target/match by that name"),
        },
        Cmd::Policy(c, t) => {
            let policy = match t.as_str() {
                "ACCEPT" => Policy::Accept,
                "DROP" => Policy::Drop,
                _ => {
                    return said(
                        ctx,
                        prog,
                        "Bad policy name. Run `dmesg' for more information",
                    );
                }
            };
            match ctx.sys().nf_policy(family, kind, c, policy) {
                Ok(()) => Started::Exited(0),
                Err(_) => said(ctx, prog, "Bad built-in chain name"),
            }
        }
        Cmd::Help | Cmd::Version => Started::Exited(0),
    }
}

fn list(
    ctx: &mut Ctx<'_>,
    prog: &str,
    family: NfFamily,
    kind: TableKind,
    chain: Option<&str>,
    num: Option<usize>,
    fmt: Format,
) -> Started {
    let made = match ctx.sys().nf_table(family, kind) {
        Ok(t) => t.map(|t| t.chains).unwrap_or_default(),
        Err(_) => return not_root(ctx, prog),
    };
    let chains = show::listed_chains(kind, &made);
    let chosen: Vec<_> = match chain {
        Some(c) => match chains.iter().find(|x| x.name == c) {
            Some(x) => alloc::vec![x.clone()],
            None => {
                ctx.err(&format!(
                    "{prog} v1.8.9 (nf_tables): chain `{c}' in table `{}' is incompatible, use 'nft' tool.\n",
                    kind.name()
                ));
                return Started::Exited(1);
            }
        },
        None => chains,
    };
    let sys = ctx.sys();
    let name = |a| netnames::host_name(&sys, a);
    let mut out = String::new();
    if let Some(n) = num {
        if let Some(r) = chosen.first().and_then(|c| c.rules.get(n.wrapping_sub(1))) {
            out.push_str(&show::list_rule(r, n, family, fmt, &name));
            out.push('\n');
        }
    } else {
        for (i, c) in chosen.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let policy = c.hook.map(|_| c.policy.name());
            show::header(&mut out, &c.name, policy, c.references, fmt);
            for (k, r) in c.rules.iter().enumerate() {
                out.push_str(&show::list_rule(r, k + 1, family, fmt, &name));
                out.push('\n');
            }
        }
    }
    ctx.out(&out);
    Started::Exited(0)
}

fn list_rules(
    ctx: &mut Ctx<'_>,
    prog: &str,
    family: NfFamily,
    kind: TableKind,
    chain: Option<&str>,
    num: Option<usize>,
) -> Started {
    let made = match ctx.sys().nf_table(family, kind) {
        Ok(t) => t.map(|t| t.chains).unwrap_or_default(),
        Err(_) => return not_root(ctx, prog),
    };
    let chains = show::listed_chains(kind, &made);
    let chosen: Vec<_> = match chain {
        Some(c) => match chains.iter().find(|x| x.name == c) {
            Some(x) => alloc::vec![x.clone()],
            None => {
                ctx.err(&format!(
                    "{prog} v1.8.9 (nf_tables): chain `{c}' in table `{}' is incompatible, use 'nft' tool.\n",
                    kind.name()
                ));
                return Started::Exited(1);
            }
        },
        None => chains,
    };
    let mut out = String::new();
    let line = |c: &str, r: &Rule| format!("-A {c}{}\n", show::save_rule(r, family));
    if let Some(n) = num {
        if let Some((c, r)) = chosen
            .first()
            .and_then(|c| c.rules.get(n.wrapping_sub(1)).map(|r| (c.name.clone(), r)))
        {
            out.push_str(&line(&c, r));
        }
        ctx.out(&out);
        return Started::Exited(0);
    }
    for c in &chosen {
        match c.hook {
            Some(_) => out.push_str(&format!("-P {} {}\n", c.name, c.policy.name())),
            None => out.push_str(&format!("-N {}\n", c.name)),
        }
    }
    for c in &chosen {
        for r in &c.rules {
            out.push_str(&line(&c.name, r));
        }
    }
    ctx.out(&out);
    Started::Exited(0)
}
