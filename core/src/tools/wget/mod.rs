//! `wget` 1.21.3 as Debian 12 ships it, for `http://` URLs: `-O FILE`
//! (`-O -` for standard output), `-q`, `-S`, `--spider`, `-T SECS`,
//! `-t N`, `-4`/`-6`; its log on standard error (the dot progress when
//! that is not a terminal, the bar when it is), the file named after the
//! URL (`.1`, `.2`... when it exists), redirects followed, and its exit
//! statuses (4: network failure, 8: an error response). Recorded against
//! `python3 -m http.server` in a netns: core/tests/fixtures/dnsutils/
//! rec_wget.txt.

mod fetch;
mod http;
mod progress;
mod url;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::process::{Command, Ctx, Started};

/// The programs of the family.
pub(crate) const COMMANDS: &[Command] = &[Command {
    name: "wget",
    summary: "download a URL (GNU Wget 1.21.3, http://; -O, -q, -S, --spider, -T, -t)",
    start: fetch::start,
}];

/// The lines after a usage error.
const USAGE: &str = "Usage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n";

/// wget's exit statuses.
pub(crate) mod status {
    /// A usage error.
    pub(crate) const PARSE: i32 = 2;
    /// A file could not be written.
    pub(crate) const IO: i32 = 3;
    /// A network failure (name, connection, timeout).
    pub(crate) const NETWORK: i32 = 4;
    /// The server answered with an error.
    pub(crate) const SERVER: i32 = 8;
}

/// How much wget says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verbosity {
    /// `-q`: nothing.
    Quiet,
    /// `-nv`: a line per file, and errors.
    NoVerbose,
    /// The default.
    #[default]
    Verbose,
}

/// The command line.
#[derive(Clone, Debug, Default)]
pub(crate) struct Opts {
    /// `-O FILE` (`-` is standard output).
    pub(crate) output: Option<String>,
    /// `-q`, `-nv`, `-v`.
    pub(crate) verbosity: Verbosity,
    /// `-S`.
    pub(crate) server_response: bool,
    /// `--spider`.
    pub(crate) spider: bool,
    /// `-T SECS` (connect and read); `None` is wget's 900 s read timeout.
    pub(crate) timeout_s: Option<u64>,
    /// `-t N` (0 is unlimited; wget's default is 20).
    pub(crate) tries: u32,
    /// `-4` / `-6`.
    pub(crate) family: Option<crate::names::Family>,
    /// `-P DIR`: where files are saved.
    pub(crate) prefix: Option<String>,
    /// The URLs.
    pub(crate) urls: Vec<String>,
}

/// A usage error: `wget: MESSAGE`, the usage lines, status 2 (1 for a
/// missing URL).
fn usage(ctx: &mut Ctx<'_>, message: &str, status: i32) -> Started {
    ctx.err(&format!("wget: {message}\n{USAGE}"));
    Started::Exited(status)
}

/// The long options wget knows and the lab builds, with whether each
/// takes a value.
const LONG: [(&str, bool); 12] = [
    ("directory-prefix", true),
    ("no-verbose", false),
    ("output-document", true),
    ("quiet", false),
    ("server-response", false),
    ("spider", false),
    ("timeout", true),
    ("tries", true),
    ("inet4-only", false),
    ("inet6-only", false),
    ("verbose", false),
    ("connect-timeout", true),
];

/// Parses the command line; `Err` is the program's end.
pub(crate) fn parse(ctx: &mut Ctx<'_>, argv: &[String]) -> Result<Opts, Started> {
    let mut o = Opts {
        tries: 20,
        ..Opts::default()
    };
    let mut i = 1;
    while let Some(a) = argv.get(i) {
        i += 1;
        if let Some(long) = a.strip_prefix("--") {
            if long.is_empty() {
                o.urls
                    .extend(argv.get(i..).unwrap_or_default().iter().cloned());
                break;
            }
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(String::from(v))),
                None => (long, None),
            };
            let matches: Vec<&(&str, bool)> =
                LONG.iter().filter(|(n, _)| n.starts_with(name)).collect();
            let Some(&&(full, takes)) = matches
                .iter()
                .find(|(n, _)| *n == name)
                .or(matches.first().filter(|_| matches.len() == 1))
            else {
                return Err(usage(
                    ctx,
                    &format!("unrecognized option '{a}'"),
                    status::PARSE,
                ));
            };
            let value = if takes {
                match inline.or_else(|| {
                    i += 1;
                    argv.get(i - 1).cloned()
                }) {
                    Some(v) => Some(v),
                    None => {
                        return Err(usage(
                            ctx,
                            &format!("option '--{full}' requires an argument"),
                            status::PARSE,
                        ));
                    }
                }
            } else {
                None
            };
            apply(ctx, &mut o, full, value)?;
            continue;
        }
        if a.len() < 2 || !a.starts_with('-') {
            o.urls.push(a.clone());
            continue;
        }
        if a == "-nv" {
            o.verbosity = Verbosity::NoVerbose;
            continue;
        }
        for (at, c) in a.char_indices().skip(1) {
            let long = match c {
                'O' => "output-document",
                'P' => "directory-prefix",
                'q' => "quiet",
                'S' => "server-response",
                'T' => "timeout",
                't' => "tries",
                '4' => "inet4-only",
                '6' => "inet6-only",
                'v' => "verbose",
                _ => {
                    return Err(usage(
                        ctx,
                        &format!("invalid option -- '{c}'"),
                        status::PARSE,
                    ));
                }
            };
            if matches!(c, 'O' | 'P' | 'T' | 't') {
                let rest = a.get(at + 1..).unwrap_or_default();
                let value = if rest.is_empty() {
                    i += 1;
                    argv.get(i - 1).cloned()
                } else {
                    Some(String::from(rest))
                };
                let Some(value) = value else {
                    return Err(usage(
                        ctx,
                        &format!("option requires an argument -- '{c}'"),
                        status::PARSE,
                    ));
                };
                apply(ctx, &mut o, long, Some(value))?;
                break;
            }
            apply(ctx, &mut o, long, None)?;
        }
    }
    if o.urls.is_empty() {
        return Err(usage(ctx, "missing URL", 1));
    }
    Ok(o)
}

fn apply(
    ctx: &mut Ctx<'_>,
    o: &mut Opts,
    name: &str,
    value: Option<String>,
) -> Result<(), Started> {
    match (name, value) {
        ("output-document", Some(v)) => o.output = Some(v),
        ("directory-prefix", Some(v)) => o.prefix = Some(v),
        ("quiet", _) => o.verbosity = Verbosity::Quiet,
        ("verbose", _) => o.verbosity = Verbosity::Verbose,
        ("no-verbose", _) => o.verbosity = Verbosity::NoVerbose,
        ("server-response", _) => o.server_response = true,
        ("spider", _) => o.spider = true,
        ("timeout" | "connect-timeout", Some(v)) => {
            let secs = v.parse::<f64>().ok().filter(|s| *s >= 0.0).ok_or_else(|| {
                ctx.err(&format!("wget: --{name}: Invalid time period ‘{v}’\n"));
                Started::Exited(status::PARSE)
            })?;
            // Whole seconds, a fraction rounding up.
            let whole = secs as u64;
            let up = whole + u64::from(secs > whole as f64);
            o.timeout_s = (up > 0).then_some(up);
        }
        ("tries", Some(v)) => {
            // Recorded: a number wget cannot read is let pass silently.
            if v == "inf" {
                o.tries = 0;
            } else if let Ok(n) = v.parse::<u64>() {
                o.tries = u32::try_from(n).unwrap_or(u32::MAX);
            }
        }
        ("inet4-only", _) => o.family = Some(crate::names::Family::Inet),
        ("inet6-only", _) => o.family = Some(crate::names::Family::Inet6),
        _ => {
            return Err(usage(
                ctx,
                &format!("unrecognized option '--{name}'"),
                status::PARSE,
            ));
        }
    }
    Ok(())
}
