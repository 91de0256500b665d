//! coreutils 9.1 `id [-u|-g|-G] [-n] [USER]...` and `groups [USER]...`:
//! the process's user (`getuid`) and the accounts of `/etc/passwd` and
//! `/etc/group` (glibc's `getpwuid`, `getpwnam`, `getgrgid` and
//! `getgrouplist` over the files).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::quote;
use crate::process::{Ctx, Started};

/// One account of `/etc/passwd`.
#[derive(Clone, Debug)]
struct Account {
    name: String,
    uid: u32,
    gid: u32,
}

/// The account database as the files hold it.
struct Accounts {
    passwd: String,
    group: String,
}

impl Accounts {
    fn read(ctx: &mut Ctx<'_>) -> Accounts {
        let sys = ctx.sys();
        Accounts {
            passwd: sys.read_file("/etc/passwd").unwrap_or_default(),
            group: sys.read_file("/etc/group").unwrap_or_default(),
        }
    }

    fn accounts(&self) -> impl Iterator<Item = Account> + '_ {
        self.passwd.lines().filter_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            Some(Account {
                name: String::from(*f.first()?),
                uid: f.get(2)?.parse().ok()?,
                gid: f.get(3)?.parse().ok()?,
            })
        })
    }

    /// `getpwnam`, or a number taken as a uid (as `id 0` does).
    fn by_name(&self, name: &str) -> Option<Account> {
        self.accounts()
            .find(|a| a.name == name)
            .or_else(|| name.parse::<u32>().ok().and_then(|u| self.by_uid(u)))
    }

    fn by_uid(&self, uid: u32) -> Option<Account> {
        self.accounts().find(|a| a.uid == uid)
    }

    /// `getgrgid`'s name.
    fn group_name(&self, gid: u32) -> Option<String> {
        self.group.lines().find_map(|l| {
            let mut f = l.split(':');
            let name = f.next()?;
            f.next();
            (f.next()?.parse::<u32>().ok()? == gid).then(|| String::from(name))
        })
    }

    /// `getgrouplist`: the primary group, then every group naming the user.
    fn groups(&self, account: &Account) -> Vec<u32> {
        let mut all = alloc::vec![account.gid];
        for l in self.group.lines() {
            let f: Vec<&str> = l.split(':').collect();
            let (Some(gid), Some(members)) =
                (f.get(2).and_then(|g| g.parse::<u32>().ok()), f.get(3))
            else {
                continue;
            };
            if members.split(',').any(|m| m == account.name) && !all.contains(&gid) {
                all.push(gid);
            }
        }
        all
    }

    fn named(&self, gid: u32) -> String {
        match self.group_name(gid) {
            Some(n) => format!("{gid}({n})"),
            None => format!("{gid}"),
        }
    }
}

/// The process's own account (`getuid` then `getpwuid`).
fn me(ctx: &mut Ctx<'_>, db: &Accounts) -> Account {
    let uid = ctx.user().uid();
    db.by_uid(uid).unwrap_or(Account {
        name: format!("{uid}"),
        uid,
        gid: uid,
    })
}

pub(super) fn id(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let (mut only, mut names) = (Vec::new(), false);
    let mut operands: Vec<String> = Vec::new();
    let mut it = super::super::filter::GnuArgs::new(args);
    while let Some(arg) = it.next_option(&mut operands) {
        if let Some(long) = arg.strip_prefix("--") {
            match long {
                "version" => return super::version(ctx, "id"),
                "help" => return super::help::print(ctx, "id"),
                "user" => only.push('u'),
                "group" => only.push('g'),
                "groups" => only.push('G'),
                "name" => names = true,
                _ => return super::super::gnu_unrecognized_option(ctx, "id", arg),
            }
            continue;
        }
        for c in arg.chars().skip(1) {
            match c {
                'u' | 'g' | 'G' => {
                    if !only.contains(&c) {
                        only.push(c);
                    }
                }
                'n' => names = true,
                'r' => {}
                _ => return super::super::gnu_invalid_option(ctx, "id", c),
            }
        }
    }
    if only.len() > 1 {
        ctx.err("id: cannot print \"only\" of more than one choice\n");
        return Started::Exited(1);
    }
    if names && only.is_empty() {
        ctx.err("id: cannot print only names or real IDs in default format\n");
        return Started::Exited(1);
    }
    let db = Accounts::read(ctx);
    let who: Vec<Option<Account>> = if operands.is_empty() {
        alloc::vec![Some(me(ctx, &db))]
    } else {
        operands.iter().map(|n| db.by_name(n)).collect()
    };
    let mut status = 0;
    let mut text = String::new();
    for (i, account) in who.into_iter().enumerate() {
        let Some(a) = account else {
            status = 1;
            let name = operands.get(i).map_or("", String::as_str);
            ctx.out(&core::mem::take(&mut text));
            ctx.err(&format!("id: {}: no such user\n", quote(name)));
            continue;
        };
        let group = |g: u32| {
            if names {
                db.group_name(g).unwrap_or_else(|| format!("{g}"))
            } else {
                format!("{g}")
            }
        };
        let line = match only.first() {
            Some('u') => {
                if names {
                    a.name.clone()
                } else {
                    format!("{}", a.uid)
                }
            }
            Some('g') => group(a.gid),
            Some(_) => db
                .groups(&a)
                .into_iter()
                .map(group)
                .collect::<Vec<_>>()
                .join(" "),
            None => format!(
                "uid={}({}) gid={} groups={}",
                a.uid,
                a.name,
                db.named(a.gid),
                db.groups(&a)
                    .into_iter()
                    .map(|g| db.named(g))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        };
        text.push_str(&line);
        text.push('\n');
    }
    ctx.out(&text);
    Started::Exited(status)
}

pub(super) fn groups(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut operands: Vec<String> = Vec::new();
    let mut it = super::super::filter::GnuArgs::new(args);
    if let Some(arg) = it.next_option(&mut operands) {
        if arg == "--version" {
            return super::version(ctx, "groups");
        }
        if arg == "--help" {
            return super::help::print(ctx, "groups");
        }
        if arg.starts_with("--") {
            return super::super::gnu_unrecognized_option(ctx, "groups", arg);
        }
        let c = arg.chars().nth(1).unwrap_or('-');
        return super::super::gnu_invalid_option(ctx, "groups", c);
    }
    let db = Accounts::read(ctx);
    let list = |a: &Account| {
        db.groups(a)
            .into_iter()
            .map(|g| db.group_name(g).unwrap_or_else(|| format!("{g}")))
            .collect::<Vec<_>>()
            .join(" ")
    };
    if operands.is_empty() {
        let a = me(ctx, &db);
        ctx.out(&format!("{}\n", list(&a)));
        return Started::Exited(0);
    }
    let mut status = 0;
    for name in &operands {
        match db.by_name(name) {
            Some(a) => ctx.out(&format!("{name} : {}\n", list(&a))),
            None => {
                status = 1;
                ctx.err(&format!("groups: {}: no such user\n", quote(name)));
            }
        }
    }
    Started::Exited(status)
}
