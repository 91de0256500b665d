//! `ip` from iproute2 6.1: `addr`, `link`, `route`, `rule`, `neigh`,
//! `netns`, `maddr` and the other objects ([`objects`]), with iproute2's option parsing, output formats (text, `-br`,
//! `-j`, `-s`) and error texts and exit statuses.
//!
//! Checked against real outputs in core/tests/fixtures/tools/ip_real_*.txt
//! and netns_real.txt.

mod addr;
pub(crate) mod cmd;
pub mod format;
mod json;
mod link;
mod maddr;
mod neigh;
mod netns;
mod objects;
mod route;
mod route_filter;
mod route_flush;
mod show;
mod stats;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::process::{Ctx, Started};
use crate::sys::routing::Family;

/// What one `ip` invocation printed and its exit status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Out {
    stdout: String,
    stderr: String,
    status: i32,
}

impl Out {
    fn ok(stdout: String) -> Out {
        Out {
            stdout,
            stderr: String::new(),
            status: 0,
        }
    }

    fn fail(stderr: impl Into<String>, status: i32) -> Out {
        Out {
            stdout: String::new(),
            stderr: stderr.into(),
            status,
        }
    }
}

/// The global options before the object.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Opts {
    /// `-4` / `-6` (`-f inet|inet6`).
    family: Option<Family>,
    /// How many `-s`.
    stats: u8,
    /// `-d`.
    details: bool,
    /// `-br`.
    brief: bool,
    /// `-j`.
    json: bool,
}

/// `ip help` and a bare `ip` print this on stderr (exit 255).
const USAGE: &str = "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
";

/// iproute2's `matches(arg, word)`: `arg` is a non-empty prefix of `word`.
pub(crate) fn matches(arg: &str, word: &str) -> bool {
    !arg.is_empty() && word.starts_with(arg)
}

/// The objects iproute2 knows, in the order of its table (the first one a
/// prefix matches wins: `ip r` is `route`, `ip n` is `neighbor`).
const OBJECTS: &[&str] = &[
    "address",
    "addrlabel",
    "maddress",
    "route",
    "rule",
    "neighbor",
    "neighbour",
    "ntable",
    "ntbl",
    "link",
    "l2tp",
    "fou",
    "ila",
    "macsec",
    "tunnel",
    "tunl",
    "tuntap",
    "tap",
    "token",
    "tcpmetrics",
    "monitor",
    "xfrm",
    "mroute",
    "mrule",
    "netns",
    "netconf",
    "vrf",
    "sr",
    "nexthop",
    "mptcp",
    "ioam",
    "help",
];

/// "Permission denied" for changes as an ordinary user.
pub(crate) const EPERM: &str = "RTNETLINK answers: Operation not permitted\n";

/// `Command line is not complete. Try option "help"` (exit 255).
pub(crate) fn incomplete() -> Out {
    Out::fail("Command line is not complete. Try option \"help\"\n", 255)
}

pub(crate) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let words: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let mut opts = Opts::default();
    let mut i = 0;
    let mut netns: Option<&str> = None;
    while let Some(&w) = words.get(i) {
        if !w.starts_with('-') || w == "-" {
            break;
        }
        // iproute2 accepts `--opt` as `-opt`.
        let o = w
            .strip_prefix("--")
            .or_else(|| w.strip_prefix('-'))
            .unwrap_or(w);
        match o {
            "4" => opts.family = Some(Family::V4),
            "6" => opts.family = Some(Family::V6),
            "0" | "M" | "B" => {}
            _ if matches(o, "family") => {
                i += 1;
                match words.get(i).copied() {
                    Some("inet") => opts.family = Some(Family::V4),
                    Some("inet6") => opts.family = Some(Family::V6),
                    Some(f) => {
                        return exit(
                            ctx,
                            Out::fail(
                                format!(
                                    "Error: argument \"{f}\" is wrong: invalid address family\n\n"
                                ),
                                255,
                            ),
                        );
                    }
                    None => {
                        return exit(
                            ctx,
                            Out::fail("Error: argument \"family\" is required\n", 255),
                        );
                    }
                }
            }
            _ if matches(o, "stats") || matches(o, "statistics") => {
                opts.stats = opts.stats.saturating_add(1);
            }
            _ if matches(o, "details") => opts.details = true,
            _ if o == "br" || matches(o, "brief") && o.len() >= 2 => opts.brief = true,
            _ if matches(o, "json") => opts.json = true,
            _ if matches(o, "pretty")
                || matches(o, "resolve")
                || matches(o, "oneline")
                || matches(o, "human-readable")
                || matches(o, "Numeric")
                || matches(o, "all")
                || matches(o, "color")
                || matches(o, "timestamp")
                || o == "ts"
                || o == "iec" => {}
            _ if matches(o, "netns") => {
                i += 1;
                match words.get(i).copied() {
                    Some(n) => netns = Some(n),
                    None => {
                        return exit(
                            ctx,
                            Out::fail("Error: argument \"netns\" is required\n", 255),
                        );
                    }
                }
            }
            _ if matches(o, "Version") => {
                return exit(
                    ctx,
                    Out::ok(String::from("ip utility, iproute2-6.1.0, libbpf 1.1.2\n")),
                );
            }
            "h" | "help" => return exit(ctx, Out::fail(USAGE, 255)),
            _ => {
                return exit(
                    ctx,
                    Out::fail(
                        format!("Option \"{w}\" is unknown, try \"ip -help\".\n"),
                        255,
                    ),
                );
            }
        }
        i += 1;
    }
    let rest = words.get(i..).unwrap_or_default();
    if let Some(name) = netns {
        let Ok(id) = ctx.sys().netns_open(name) else {
            return exit(
                ctx,
                Out::fail(
                    format!(
                        "Cannot open network namespace \"{name}\": No such file or directory\n"
                    ),
                    255,
                ),
            );
        };
        if let Err(e) = ctx.setns(id) {
            return exit(
                ctx,
                Out::fail(
                    format!(
                        "setting the network namespace \"{name}\" failed: {}\n",
                        e.message()
                    ),
                    255,
                ),
            );
        }
    }
    run_object(ctx, opts, rest)
}

fn run_object(ctx: &mut Ctx<'_>, opts: Opts, rest: &[&str]) -> Started {
    let Some((&obj, args)) = rest.split_first() else {
        return exit(ctx, Out::fail(USAGE, 255));
    };
    let object = OBJECTS.iter().copied().find(|o| matches(obj, o));
    let out = match object {
        Some("address") => addr::addr(ctx, opts, args),
        Some("link") => link::link(ctx, opts, args),
        Some("route") => route::route(ctx, opts, args),
        Some("rule") => route::rule(ctx, opts, args),
        Some("neighbor" | "neighbour") => neigh::neigh(ctx, opts, args),
        Some("netns") => return netns::netns(ctx, opts, args),
        Some("help") => Out::fail(USAGE, 255),
        Some("maddress") => maddr::maddr(ctx, opts, args),
        Some(other) => objects::run(ctx, other, args),
        None => Out::fail(
            format!("Object \"{obj}\" is unknown, try \"ip help\".\n"),
            1,
        ),
    };
    exit(ctx, out)
}

/// Prints an outcome and ends the command.
pub(crate) fn exit(ctx: &mut Ctx<'_>, out: Out) -> Started {
    if !out.stdout.is_empty() {
        ctx.out(&out.stdout);
    }
    if !out.stderr.is_empty() {
        ctx.err(&out.stderr);
    }
    Started::Exited(out.status)
}

/// `Command "X" is unknown, try "ip OBJ help".` (exit 255).
pub(crate) fn unknown_command(cmd: &str, obj: &str) -> Out {
    Out::fail(
        format!("Command \"{cmd}\" is unknown, try \"ip {obj} help\".\n"),
        255,
    )
}
