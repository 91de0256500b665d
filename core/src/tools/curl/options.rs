//! curl's command line: the options the lab knows, parsed as curl's
//! getparam does (short options bundle, values attach or follow).

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::names::IpResolve;

/// Everything the command line asked for.
#[derive(Clone, Debug, Default)]
pub(crate) struct Options {
    pub(crate) verbose: bool,
    pub(crate) silent: bool,
    pub(crate) show_error: bool,
    pub(crate) include: bool,
    pub(crate) head: bool,
    pub(crate) fail: bool,
    pub(crate) location: bool,
    pub(crate) output: Option<String>,
    pub(crate) remote_name: bool,
    pub(crate) ip: IpResolve,
    pub(crate) method: Option<String>,
    pub(crate) data: Option<String>,
    pub(crate) headers: Vec<String>,
    pub(crate) connect_timeout_ms: Option<u64>,
    pub(crate) max_time_ms: Option<u64>,
    pub(crate) resolve: Vec<String>,
    pub(crate) interface: Option<String>,
    pub(crate) write_out: Option<String>,
    pub(crate) urls: Vec<String>,
}

/// The outcome of parsing.
#[derive(Debug)]
pub(crate) enum Parsed {
    Run(Box<Options>),
    /// `curl --version` / `-V`.
    Version,
    /// Print this on stderr and exit with this status.
    Fail(String, i32),
}

const TRY: &str = "curl: try 'curl --help' or 'curl --manual' for more information\n";

fn seconds_ms(opt: &str, v: &str) -> Result<u64, String> {
    let ok = !v.is_empty()
        && v.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && v.bytes().filter(|b| *b == b'.').count() <= 1;
    let bad = || format!("curl: option {opt}: expected a proper numerical parameter\n{TRY}");
    if !ok {
        return Err(bad());
    }
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let secs: u64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| bad())?
    };
    let mut ms = 0u64;
    for (i, d) in frac.bytes().take(3).enumerate() {
        ms += u64::from(d - b'0') * [100, 10, 1].get(i).copied().unwrap_or(0);
    }
    Ok(secs.saturating_mul(1000).saturating_add(ms))
}

/// Options that take a value, as (short, long).
const WITH_VALUE: &[(Option<char>, &str)] = &[
    (Some('o'), "output"),
    (Some('X'), "request"),
    (Some('d'), "data"),
    (None, "data-raw"),
    (None, "data-binary"),
    (Some('H'), "header"),
    (None, "connect-timeout"),
    (Some('m'), "max-time"),
    (None, "resolve"),
    (None, "interface"),
    (Some('w'), "write-out"),
    (None, "url"),
];

const FLAGS: &[(Option<char>, &str)] = &[
    (Some('v'), "verbose"),
    (Some('s'), "silent"),
    (Some('S'), "show-error"),
    (Some('i'), "include"),
    (Some('I'), "head"),
    (Some('f'), "fail"),
    (Some('L'), "location"),
    (Some('O'), "remote-name"),
    (Some('4'), "ipv4"),
    (Some('6'), "ipv6"),
    (Some('V'), "version"),
    (Some('g'), "globoff"),
];

fn apply(o: &mut Options, long: &str, value: Option<&str>, shown: &str) -> Result<bool, String> {
    let v = value.unwrap_or_default();
    match long {
        "verbose" => o.verbose = true,
        "silent" => o.silent = true,
        "show-error" => o.show_error = true,
        "include" => o.include = true,
        "head" => o.head = true,
        "fail" => o.fail = true,
        "location" => o.location = true,
        "remote-name" => o.remote_name = true,
        "ipv4" => o.ip = IpResolve::V4,
        "ipv6" => o.ip = IpResolve::V6,
        "globoff" => {}
        "version" => return Ok(true),
        "output" => o.output = Some(String::from(v)),
        "request" => o.method = Some(String::from(v)),
        "data" | "data-raw" | "data-binary" => {
            o.data = Some(match o.data.take() {
                Some(mut d) => {
                    d.push('&');
                    d.push_str(v);
                    d
                }
                None => String::from(v),
            })
        }
        "header" => o.headers.push(String::from(v)),
        "connect-timeout" => o.connect_timeout_ms = Some(seconds_ms(shown, v)?),
        "max-time" => o.max_time_ms = Some(seconds_ms(shown, v)?),
        "resolve" => o.resolve.push(String::from(v)),
        "interface" => o.interface = Some(String::from(v)),
        "write-out" => o.write_out = Some(String::from(v)),
        "url" => o.urls.push(String::from(v)),
        _ => {}
    }
    Ok(false)
}

/// Parses curl's arguments (after `argv[0]`).
pub(crate) fn parse(args: &[String]) -> Parsed {
    let mut o = Options::default();
    let mut i = 0;
    let mut only_urls = false;
    while let Some(arg) = args.get(i) {
        i += 1;
        if only_urls || !arg.starts_with('-') || arg == "-" {
            o.urls.push(arg.clone());
            continue;
        }
        if arg == "--" {
            only_urls = true;
            continue;
        }
        if let Some(name) = arg.strip_prefix("--") {
            let (name, attached) = match name.split_once('=') {
                Some((n, v)) if WITH_VALUE.iter().any(|(_, l)| *l == n) => (n, Some(v)),
                _ => (name, None),
            };
            let shown = format!("--{name}");
            let result = if WITH_VALUE.iter().any(|(_, l)| *l == name) {
                let value = match attached {
                    Some(v) => Some(String::from(v)),
                    None => {
                        let v = args.get(i).cloned();
                        i += 1;
                        v
                    }
                };
                match value {
                    Some(v) => apply(&mut o, name, Some(&v), &shown),
                    None => {
                        return Parsed::Fail(
                            format!("curl: option {shown}: requires parameter\n{TRY}"),
                            2,
                        );
                    }
                }
            } else if FLAGS.iter().any(|(_, l)| *l == name) {
                apply(&mut o, name, None, &shown)
            } else {
                return Parsed::Fail(format!("curl: option {shown}: is unknown\n{TRY}"), 2);
            };
            match result {
                Ok(true) => return Parsed::Version,
                Ok(false) => {}
                Err(e) => return Parsed::Fail(e, 2),
            }
            continue;
        }
        // A bundle of short options: -sSv, -o file, -ofile.
        let chars = arg.char_indices().skip(1);
        for (at, c) in chars {
            let shown = format!("-{c}");
            if let Some((_, long)) = WITH_VALUE.iter().find(|(s, _)| *s == Some(c)) {
                let rest = arg.get(at + c.len_utf8()..).unwrap_or_default();
                let value = if rest.is_empty() {
                    let v = args.get(i).cloned();
                    i += 1;
                    v
                } else {
                    Some(String::from(rest))
                };
                let Some(v) = value else {
                    return Parsed::Fail(
                        format!("curl: option {shown}: requires parameter\n{TRY}"),
                        2,
                    );
                };
                if let Err(e) = apply(&mut o, long, Some(&v), &shown) {
                    return Parsed::Fail(e, 2);
                }
                break;
            }
            match FLAGS.iter().find(|(s, _)| *s == Some(c)) {
                Some((_, long)) => match apply(&mut o, long, None, &shown) {
                    Ok(true) => return Parsed::Version,
                    Ok(false) => {}
                    Err(e) => return Parsed::Fail(e, 2),
                },
                None => {
                    return Parsed::Fail(format!("curl: option {shown}: is unknown\n{TRY}"), 2);
                }
            }
        }
    }
    if o.urls.is_empty() {
        return Parsed::Fail(String::from(TRY), 2);
    }
    Parsed::Run(Box::new(o))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn bundles_and_values() {
        let Parsed::Run(o) = parse(&args("-sSv -ofile -m 1.5 --connect-timeout=2 http://x/"))
        else {
            panic!()
        };
        assert!(o.silent && o.show_error && o.verbose);
        assert_eq!(o.output.as_deref(), Some("file"));
        assert_eq!(o.max_time_ms, Some(1500));
        assert_eq!(o.connect_timeout_ms, Some(2000));
        assert_eq!(o.urls, ["http://x/"]);
    }

    #[test]
    fn errors_as_curl() {
        // Real: curl -m -> "curl: option -m: requires parameter" (2)
        let Parsed::Fail(t, 2) = parse(&args("-m")) else {
            panic!()
        };
        assert!(t.starts_with("curl: option -m: requires parameter\n"));
        let Parsed::Fail(t, 2) = parse(&args("-m abc x")) else {
            panic!()
        };
        assert!(t.starts_with("curl: option -m: expected a proper numerical parameter\n"));
        let Parsed::Fail(t, 2) = parse(&args("--bogus")) else {
            panic!()
        };
        assert!(t.starts_with("curl: option --bogus: is unknown\n"));
        let Parsed::Fail(t, 2) = parse(&[]) else {
            panic!()
        };
        assert_eq!(t, TRY);
    }
}
