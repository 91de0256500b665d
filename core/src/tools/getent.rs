//! `getent` (glibc 2.36) for the host databases: `hosts`, `ahosts`,
//! `ahostsv4`, `ahostsv6`, through names::getent_* and the lab's resolver glue.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::resolve;
use crate::names::{self, Ahosts};
use crate::process::{Ctx, Started};

const TRY: &str = "Try `getent --help' or `getent --usage' for more information.\n";

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut words: Vec<&str> = Vec::new();
    for a in args.iter().skip(1) {
        match a.as_str() {
            "-V" | "--version" => {
                ctx.out("getent (Debian GLIBC 2.36-9+deb12u9) 2.36\n");
                return Started::Exited(0);
            }
            o if o.starts_with('-') && o.len() > 1 && words.is_empty() => {
                if o.starts_with("--") {
                    ctx.err(&format!("getent: unrecognized option '{o}'\n{TRY}"));
                } else {
                    let c = o.chars().nth(1).unwrap_or('-');
                    ctx.err(&format!("getent: invalid option -- '{c}'\n{TRY}"));
                }
                return Started::Exited(64);
            }
            o => words.push(o),
        }
    }
    let Some((&db, keys)) = words.split_first() else {
        ctx.err(&format!("getent: wrong number of arguments\n{TRY}"));
        return Started::Exited(1);
    };
    let which = match db {
        "hosts" => None,
        "ahosts" => Some(Ahosts::Any),
        "ahostsv4" => Some(Ahosts::V4),
        "ahostsv6" => Some(Ahosts::V6),
        _ => {
            ctx.err(&format!("Unknown database: {db}\n{TRY}"));
            return Started::Exited(1);
        }
    };
    let db = String::from(db);
    let keys: Vec<String> = keys.iter().map(|k| String::from(*k)).collect();
    let asked = keys.clone();
    let lookup = resolve::lookup(ctx, move |cfg, view, dns| {
        let keys: Vec<&str> = asked.iter().map(String::as_str).collect();
        match which {
            None => names::getent_hosts(cfg, view, dns, &keys),
            Some(w) => names::getent_ahosts(cfg, view, dns, w, &keys),
        }
    });
    resolve::then(ctx, "getent", lookup, move |ctx, out| {
        print(ctx, &db, &keys, out)
    })
}

/// What getent prints once its lookups are over.
fn print(ctx: &mut Ctx<'_>, db: &str, keys: &[String], out: names::GetentOutput) -> Started {
    for (key, steps) in keys.iter().zip(&out.traces) {
        resolve::record_steps(ctx, &format!("getent {db} {key}"), steps);
    }
    let text = out.stdout;
    ctx.out(&text);
    Started::Exited(out.status)
}
