//! dig's command line as BIND 9.18's `dig.c` reads it: `@server`,
//! `-x ADDR`, `-t TYPE`, `-c CLASS`, `-p PORT`, `-q NAME`, `-4`/`-6`,
//! `-v`, `-h`, the `+[no]option` query options, and the words (a name, a
//! type, a class) that make one lookup each. Errors in dig's words
//! (core/tests/fixtures/dnsutils/rec_dig_opts.txt).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::servers::Transport;
use crate::names::{dns, dnsmsg};

/// The short usage dig prints after `Invalid option`.
pub(crate) const USAGE: &str = "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}
            {global-d-opt} host [@local-server] {local-d-opt}
            [ host [@local-server] {local-d-opt} [...]]

Use \"dig -h\" (or \"dig -h | more\") for complete list of options
";

/// One lookup: a name with its type and class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Lookup {
    /// The name (`.` when none is given).
    pub(crate) name: String,
    /// QTYPE (A unless given; PTR for `-x`).
    pub(crate) qtype: u16,
    /// QCLASS.
    pub(crate) qclass: u16,
    /// A type was given (a later type word starts a new lookup's name).
    type_set: bool,
    /// A class was given.
    class_set: bool,
    /// A name was given.
    name_set: bool,
}

impl Default for Lookup {
    fn default() -> Self {
        Lookup {
            name: String::from("."),
            qtype: dnsmsg::A,
            qclass: dnsmsg::CLASS_IN,
            type_set: false,
            class_set: false,
            name_set: false,
        }
    }
}

/// What the output shows (`+[no]cmd`, `+[no]comments`...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Show {
    /// The `; <<>> DiG` banner and `;; global options:`.
    pub(crate) cmd: bool,
    /// `;; Got answer:`, the header, the sections' titles.
    pub(crate) comments: bool,
    /// The question section.
    pub(crate) question: bool,
    /// The answer section.
    pub(crate) answer: bool,
    /// The authority section.
    pub(crate) authority: bool,
    /// The additional section.
    pub(crate) additional: bool,
    /// `;; Query time:`, `;; SERVER:`, `;; WHEN:`, `;; MSG SIZE`.
    pub(crate) stats: bool,
    /// `+short`: the answers' data only.
    pub(crate) short: bool,
}

impl Show {
    const ALL: Show = Show {
        cmd: true,
        comments: true,
        question: true,
        answer: true,
        authority: true,
        additional: true,
        stats: true,
        short: false,
    };
    const NONE: Show = Show {
        cmd: false,
        comments: false,
        question: false,
        answer: false,
        authority: false,
        additional: false,
        stats: false,
        short: false,
    };
}

/// Everything the command line says.
#[derive(Clone, Debug)]
pub(crate) struct DigArgs {
    /// The lookups, in order (at least one).
    pub(crate) lookups: Vec<Lookup>,
    /// `@server`, as written.
    pub(crate) server: Option<String>,
    /// `-p`.
    pub(crate) port: u16,
    /// `-4`/`-6`.
    pub(crate) transport: Transport,
    /// `+tcp`/`+vc`: `Some(true)`; `+notcp`: `Some(false)`.
    pub(crate) tcp: Option<bool>,
    /// `+time=N` seconds (at least 1).
    pub(crate) timeout_s: u32,
    /// `+tries=N` (`+retry=N` is N + 1).
    pub(crate) tries: u32,
    /// `+[no]recurse`.
    pub(crate) recurse: bool,
    /// `+[no]adflag`.
    pub(crate) ad: bool,
    /// `+[no]edns`.
    pub(crate) edns: bool,
    /// `+[no]cookie`.
    pub(crate) cookie: bool,
    /// What to print.
    pub(crate) show: Show,
    /// Warnings to print on standard error before anything else.
    pub(crate) warnings: Vec<String>,
}

/// How parsing ends early.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Print `out` on standard output and `err` on standard error, exit
    /// with `status`.
    Exit {
        out: String,
        err: String,
        status: i32,
    },
}

fn exit(out: String, err: String, status: i32) -> Stop {
    Stop::Exit { out, err, status }
}

fn invalid(option: &str) -> Stop {
    exit(
        String::new(),
        format!("Invalid option: {option}\n{USAGE}"),
        1,
    )
}

/// BIND's `parse_uint`: `invalid NAME 'V': not a valid number` or `out
/// of range` on standard output, then `dig: Couldn't parse NAME`.
fn number(value: &str, what: &str, max: u32, status: i32) -> Result<u32, Stop> {
    let fail = |why: &str| {
        exit(
            format!("invalid {what} '{value}': {why}\n"),
            format!("dig: Couldn't parse {what}\n"),
            status,
        )
    };
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(fail("not a valid number"));
    }
    match value.parse::<u64>() {
        Ok(n) if n <= u64::from(max) => Ok(n as u32),
        _ => Err(fail("out of range")),
    }
}

impl DigArgs {
    /// Parses `args` (without the program's name).
    pub(crate) fn parse(args: &[String]) -> Result<DigArgs, Stop> {
        let mut a = DigArgs {
            lookups: Vec::new(),
            server: None,
            port: 53,
            transport: Transport::Any,
            tcp: None,
            timeout_s: 5,
            tries: 3,
            recurse: true,
            ad: true,
            edns: true,
            cookie: true,
            show: Show::ALL,
            warnings: Vec::new(),
        };
        let mut cur = Lookup::default();
        let mut i = 0;
        while let Some(arg) = args.get(i) {
            i += 1;
            if let Some(server) = arg.strip_prefix('@') {
                a.server = Some(String::from(server));
            } else if let Some(opt) = arg.strip_prefix('+') {
                a.plus(opt)?;
            } else if arg.len() > 1 && arg.starts_with('-') {
                let mut chars = arg.chars();
                chars.next();
                let flag = chars.next().unwrap_or('-');
                let inline = chars.as_str();
                let takes_value =
                    matches!(flag, 'x' | 't' | 'c' | 'p' | 'q' | 'b' | 'f' | 'k' | 'y');
                let value = if !takes_value {
                    None
                } else if !inline.is_empty() {
                    Some(String::from(inline))
                } else {
                    let v = args.get(i).cloned();
                    i += 1;
                    Some(v.ok_or_else(|| invalid(arg))?)
                };
                match (flag, value) {
                    ('4', _) | ('6', _) => {
                        let want = if flag == '4' {
                            Transport::V4
                        } else {
                            Transport::V6
                        };
                        if a.transport != Transport::Any && a.transport != want {
                            return Err(exit(
                                String::new(),
                                String::from("dig: only one of -4 and -6 allowed\n"),
                                1,
                            ));
                        }
                        a.transport = want;
                    }
                    ('v', _) => {
                        return Err(exit(String::new(), format!("DiG {}\n", super::VERSION), 0));
                    }
                    ('h', _) => {
                        return Err(exit(
                            String::from(include_str!("dig_help.txt")),
                            String::new(),
                            0,
                        ));
                    }
                    ('r', _) | ('m', _) | ('u', _) | ('i', _) => {}
                    ('p', Some(v)) => a.port = number(&v, "port number", 65_535, 1)? as u16,
                    ('t', Some(v)) => match dnsmsg::type_from_name(&v) {
                        Some(t) => {
                            cur.qtype = t;
                            cur.type_set = true;
                        }
                        None => a
                            .warnings
                            .push(format!(";; Warning, ignoring invalid type {v}\n")),
                    },
                    ('c', Some(v)) => match class_from_name(&v) {
                        Some(c) => {
                            cur.qclass = c;
                            cur.class_set = true;
                        }
                        None => a
                            .warnings
                            .push(format!(";; Warning, ignoring invalid class {v}\n")),
                    },
                    ('q', Some(v)) => {
                        if cur.name_set {
                            a.lookups.push(core::mem::take(&mut cur));
                        }
                        cur.name = v;
                        cur.name_set = true;
                    }
                    ('x', Some(v)) => {
                        if cur.name_set {
                            a.lookups.push(core::mem::take(&mut cur));
                        }
                        cur.name = reverse_name(&v);
                        cur.name_set = true;
                        cur.qtype = dnsmsg::PTR;
                        cur.type_set = true;
                    }
                    // -b, -f, -k, -y (a source address, a batch file, TSIG
                    // keys) are not built: dig's words for an option it
                    // does not know.
                    _ => return Err(invalid(arg)),
                }
            } else {
                a.word(&mut cur, arg);
            }
        }
        if !cur.name_set && !cur.type_set {
            // No name: the root's name servers.
            cur.qtype = dnsmsg::NS;
        }
        a.lookups.push(cur);
        Ok(a)
    }

    /// A word: the current lookup's type or class if it has none yet,
    /// else its name, else the name of a new lookup.
    fn word(&mut self, cur: &mut Lookup, w: &str) {
        if !cur.type_set
            && let Some(t) = dnsmsg::type_from_name(w)
        {
            cur.qtype = t;
            cur.type_set = true;
            return;
        }
        if !cur.class_set
            && let Some(c) = class_from_name(w)
        {
            cur.qclass = c;
            cur.class_set = true;
            return;
        }
        if cur.name_set {
            self.lookups.push(core::mem::take(cur));
        }
        cur.name = String::from(w);
        cur.name_set = true;
    }

    /// A `+option`.
    fn plus(&mut self, opt: &str) -> Result<(), Stop> {
        let (name, value) = match opt.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (opt, None),
        };
        let (on, name) = match name.strip_prefix("no") {
            Some(rest) => (false, rest),
            None => (true, name),
        };
        let s = &mut self.show;
        match (name, value) {
            ("all", None) => *s = if on { Show::ALL } else { Show::NONE },
            ("cmd", None) => s.cmd = on,
            ("comments", None) => s.comments = on,
            ("question", None) => s.question = on,
            ("answer", None) => s.answer = on,
            ("authority", None) => s.authority = on,
            ("additional", None) => s.additional = on,
            ("stats", None) => s.stats = on,
            ("short", None) => {
                if on {
                    *s = Show::NONE;
                    s.answer = true;
                    s.short = true;
                } else {
                    s.short = false;
                }
            }
            ("tcp", None) | ("vc", None) => self.tcp = Some(on),
            ("recurse", None) => self.recurse = on,
            ("adflag", None) => self.ad = on,
            ("edns", None) => self.edns = on,
            ("cookie", None) => self.cookie = on,
            ("time", Some(v)) if on => {
                self.timeout_s = number(v, "timeout", u32::MAX, 10)?.max(1);
            }
            ("tries", Some(v)) if on => {
                self.tries = number(v, "tries", u32::MAX, 10)?.max(1);
            }
            ("retry", Some(v)) if on => {
                self.tries = number(v, "retries", u32::MAX, 10)?.saturating_add(1);
            }
            _ => return Err(invalid(&format!("+{opt}"))),
        }
        Ok(())
    }
}

/// BIND's `get_reverse`: an address's PTR name; anything else is taken
/// as labels, reversed under `in-addr.arpa` (recorded: `-x 1.2.3` asks
/// `3.2.1.in-addr.arpa`, `-x foo` asks `foo.in-addr.arpa`).
fn reverse_name(v: &str) -> String {
    // Absolute: dig names it with its final dot (`for foo.in-addr.arpa.`).
    if let Ok(addr) = v.parse::<IpAddr>() {
        return format!("{}.", dns::ptr_name(addr));
    }
    let mut labels: Vec<&str> = v.split('.').filter(|l| !l.is_empty()).collect();
    labels.reverse();
    labels.push("in-addr.arpa.");
    labels.join(".")
}

/// A class mnemonic (`IN`, `CH`, `HS`, `CLASS3`), in any case.
fn class_from_name(s: &str) -> Option<u16> {
    match s.to_ascii_uppercase().as_str() {
        "IN" => Some(1),
        "CH" | "CHAOS" => Some(3),
        "HS" | "HESIOD" => Some(4),
        other => other.strip_prefix("CLASS")?.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<DigArgs, Stop> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        DigArgs::parse(&args)
    }

    #[test]
    fn words_make_lookups() {
        let a = parse("laptop.lan A router.lan").unwrap();
        let names: Vec<(&str, u16)> = a
            .lookups
            .iter()
            .map(|l| (l.name.as_str(), l.qtype))
            .collect();
        assert_eq!(names, [("laptop.lan", 1), ("router.lan", 1)]);
        let a = parse("laptop FOO").unwrap();
        assert_eq!(a.lookups.len(), 2);
        let a = parse("-x 192.168.1.20 +short").unwrap();
        assert_eq!(a.lookups[0].name, "20.1.168.192.in-addr.arpa.");
        assert_eq!(a.lookups[0].qtype, dnsmsg::PTR);
        assert!(a.show.short && !a.show.cmd);
        let a = parse("@192.168.1.1 -p 5353 localhost ANY").unwrap();
        assert_eq!((a.server.as_deref(), a.port), (Some("192.168.1.1"), 5353));
        assert_eq!(a.lookups[0].qtype, dnsmsg::ANY);
        assert_eq!(parse("").unwrap().lookups[0].name, ".");
    }

    /// fixtures/dnsutils/rec_dig_opts.txt and rec_dig.txt.
    #[test]
    fn errors_in_digs_words() {
        assert!(parse("-é -ü +ñ @ é").is_err());
        let Err(Stop::Exit { out, err, status }) = parse("-p 99999 laptop") else {
            panic!()
        };
        assert_eq!(out, "invalid port number '99999': out of range\n");
        assert_eq!(
            (err.as_str(), status),
            ("dig: Couldn't parse port number\n", 1)
        );
        let Err(Stop::Exit { err, status, .. }) = parse("-x") else {
            panic!()
        };
        assert!(err.starts_with("Invalid option: -x\nUsage:  dig"));
        assert_eq!(status, 1);
        let Err(Stop::Exit { out, status, .. }) = parse("+tries=abc x") else {
            panic!()
        };
        assert_eq!(
            (out.as_str(), status),
            ("invalid tries 'abc': not a valid number\n", 10)
        );
        assert!(parse("+foo").is_err());
        assert_eq!(
            parse("-t FOO laptop").unwrap().warnings,
            [";; Warning, ignoring invalid type FOO\n"]
        );
    }
}
