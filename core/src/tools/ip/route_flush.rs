//! `ip route flush SELECTOR`, as iproute2 6.1 does it: dump the routes the
//! selectors admit, delete them (`RTM_DELROUTE` each), and dump again until
//! a round finds nothing; `-s` counts the rounds, `-s -s` also lists each
//! route deleted. `flush cache` writes the IPv4 route cache's flush file.
//! Recorded on Linux 6.18 with iproute2 6.1 in a network namespace (see
//! core/tests/route_flush.rs).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::cmd::DevLookup;
use super::format::{Names, TableSel, route_line_hiding, show_families};
use super::route_filter;
use super::{Opts, Out};
use crate::process::Ctx;
use crate::sys::User;
use crate::sys::routing::{Family, Route, RouteMatch};

/// At most this many rounds (iproute2 loops until a round deletes nothing;
/// here every deletion is done when its round ends).
const MAX_ROUNDS: usize = 10;

/// The routes of the filter's tables that it admits.
fn dump(ctx: &mut Ctx<'_>, filter: &route_filter::RouteFilter) -> Result<Vec<Route>, Out> {
    let mut found = Vec::new();
    for f in show_families(filter.family, filter.table) {
        let ids = match filter.table {
            TableSel::Id(t) => alloc::vec![t],
            TableSel::All => ctx.sys().route_tables(*f),
        };
        for id in ids {
            let routes = ctx
                .sys()
                .route_dump(*f, id)
                .map_err(|e| Out::fail(format!("{e}\nFlush terminated\n"), 2))?;
            found.extend(routes.into_iter().filter(|r| filter.admits(r)));
        }
    }
    Ok(found)
}

/// `RTM_DELROUTE` for exactly this route.
fn matcher(r: &Route) -> RouteMatch {
    RouteMatch {
        table: Some(r.table),
        kind: Some(r.kind),
        dev: r.dev,
        via: r.via,
        proto: Some(r.proto),
        scope: Some(r.scope),
        src: r.src,
        metric: Some(r.metric),
    }
}

/// `ip [-s [-s]] route flush SELECTOR...`.
pub(super) fn flush(
    ctx: &mut Ctx<'_>,
    opts: Opts,
    args: &[&str],
    names: Names<'_>,
    devs: DevLookup<'_>,
) -> Out {
    if args.is_empty() {
        return Out::fail("\"ip route flush\" requires arguments.\n", 1);
    }
    let filter = match route_filter::parse(opts.family, args, devs) {
        Ok(f) => f,
        Err(e) => return Out::fail(e.stderr, e.status),
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    let v6_only = filter.family == Some(Family::V6);
    if filter.cloned {
        if !v6_only {
            // iproute_flush_cache: the file is root's, mode 0200; a failure
            // is reported and ignored.
            if ctx.user() == User::Root {
                if opts.stats > 0 {
                    stdout.push_str("*** IPv4 routing cache is flushed.\n");
                }
            } else {
                stderr.push_str(
                    "Cannot open \"/proc/sys/net/ipv4/route/flush\": Permission denied\n",
                );
            }
        }
        if !v6_only {
            return Out {
                stdout,
                stderr,
                status: 0,
            };
        }
    }
    let hide = filter.hidden();
    let show_table = filter.table == TableSel::All;
    for round in 0..MAX_ROUNDS {
        let routes = match dump(ctx, &filter) {
            Ok(r) => r,
            Err(out) => {
                stdout.push_str(&out.stdout);
                stderr.push_str(&out.stderr);
                return Out {
                    stdout,
                    stderr,
                    status: out.status,
                };
            }
        };
        // The cache holds no cloned routes to delete.
        let routes: Vec<Route> = if filter.cloned { Vec::new() } else { routes };
        if routes.is_empty() {
            if opts.stats > 0 {
                if round == 0 {
                    stdout.push_str("Nothing to flush.\n");
                } else {
                    let s = if round > 1 { "s" } else { "" };
                    stdout.push_str(&format!(
                        "*** Flush is complete after {round} round{s} ***\n"
                    ));
                }
            }
            return Out {
                stdout,
                stderr,
                status: 0,
            };
        }
        if opts.stats > 1 {
            for r in &routes {
                stdout.push_str(&route_line_hiding(r, names, show_table, hide));
            }
        }
        if ctx.user() != User::Root {
            stderr.push_str("Failed to send flush request: Operation not permitted\n");
            return Out {
                stdout,
                stderr,
                status: 2,
            };
        }
        for r in &routes {
            if let Err(e) = ctx.sys().route_del(r.dst, &matcher(r)) {
                stderr.push_str(&format!(
                    "Failed to send flush request: {}\n",
                    e.errno.message()
                ));
                return Out {
                    stdout,
                    stderr,
                    status: 2,
                };
            }
        }
        if opts.stats > 0 {
            stdout.push_str(&format!(
                "\n*** Round {}, deleting {} entries ***\n",
                round + 1,
                routes.len()
            ));
        }
    }
    Out {
        stdout,
        stderr,
        status: 0,
    }
}
