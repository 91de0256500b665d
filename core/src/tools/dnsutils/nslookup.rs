//! `nslookup` (BIND 9.18): `nslookup NAME [SERVER]` asks for A then AAAA
//! (`-type=` for another type; an address asks for its PTR) and prints
//! `Server:`/`Address:`, `Non-authoritative answer:` when the answer is
//! not authoritative, `Name:`/`Address:` per address, `** server can't
//! find x: NXDOMAIN` (status 1). With no name it reads names from its
//! standard input, as its interactive mode does without a terminal
//! (`set type=X`, `server X` and `exit` are understood there). Recorded
//! against dnsmasq 2.90: core/tests/fixtures/dnsutils/rec_nslookup*.txt.

use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use super::servers::{self, Servers, Transport};
use super::transport::server_text;
use super::{Asked, Asking, Job, QueryFlags, text};
use crate::names::dns;
use crate::names::dnsmsg::{self, Message, Rdata, Record};
use crate::process::{Ctx, Process, Started};
use crate::time::Duration;

/// The settings (`-type=`, `-port=`...).
#[derive(Clone, Debug)]
struct Settings {
    qtype: Option<u16>,
    port: u16,
    timeout_s: u32,
    tries: u32,
    tcp: bool,
    recurse: bool,
}

/// Applies one `-opt[=value]` (or an interactive `set opt[=value]`);
/// what nslookup says of a bad one goes to `out`.
fn setting(s: &mut Settings, opt: &str, out: &mut String) {
    let (name, value) = match opt.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (opt, None),
    };
    let lower = name.to_ascii_lowercase();
    // nslookup takes any unambiguous prefix of its long names.
    let is = |full: &str, min: usize| lower.len() >= min && full.starts_with(lower.as_str());
    match value {
        Some(v) if is("type", 2) || is("querytype", 1) => match dnsmsg::type_from_name(v) {
            Some(t) => s.qtype = Some(t),
            None => out.push_str(&format!("unknown query type: {v}\n")),
        },
        Some(v) if is("port", 2) => match v.parse::<u16>() {
            Ok(p) => s.port = p,
            Err(_) => out.push_str(&format!("*** Invalid option: {opt}\n")),
        },
        Some(v) if is("timeout", 2) => s.timeout_s = v.parse::<u32>().unwrap_or(5).max(1),
        Some(v) if is("retry", 3) => s.tries = v.parse::<u32>().unwrap_or(3).max(1),
        None if lower == "vc" => s.tcp = true,
        None if lower == "novc" => s.tcp = false,
        None if is("recurse", 3) => s.recurse = true,
        None if is("norecurse", 5) => s.recurse = false,
        _ => out.push_str(&format!("*** Invalid option: {opt}\n")),
    }
}

/// `nslookup [-opt...] [name [server]]`.
pub(super) fn start(ctx: &mut Ctx<'_>, argv: &[String]) -> Started {
    let mut s = Settings {
        qtype: None,
        port: 53,
        timeout_s: 5,
        tries: 3,
        tcp: false,
        recurse: true,
    };
    let mut said = String::new();
    let mut status = 0;
    let mut positional: Vec<String> = Vec::new();
    for a in argv.get(1..).unwrap_or_default() {
        match a.strip_prefix('-') {
            Some(opt) if !opt.is_empty() => setting(&mut s, opt, &mut said),
            _ => positional.push(a.clone()),
        }
    }
    ctx.out(&said);
    let mut positional = positional.into_iter();
    let (names, interactive) = match positional.next() {
        Some(n) => (VecDeque::from([n]), false),
        None => {
            let input = ctx.stdin().map(String::from).unwrap_or_default();
            let lines: VecDeque<String> = input
                .lines()
                .map(|l| String::from(l.trim()))
                .filter(|l| !l.is_empty())
                .take(MAX_LINES)
                .collect();
            if lines.is_empty() {
                // Nothing asked: recorded as status 1.
                status = 1;
            }
            (lines, true)
        }
    };
    let server = positional.next();
    servers::then(
        ctx,
        "nslookup",
        server,
        Transport::Any,
        move |ctx, servers| {
            let mut ns = Nslookup {
                settings: s,
                servers,
                names,
                interactive,
                asking: None,
                current: Current::default(),
                status,
            };
            match ns.advance(ctx) {
                Some(st) => Started::Exited(st),
                None => Started::Running(Box::new(ns)),
            }
        },
    )
}

/// The most lines of standard input read as questions.
const MAX_LINES: usize = 1_000;

/// The name being looked up and what was printed of it.
#[derive(Debug, Default)]
struct Current {
    name: String,
    reverse: bool,
    explicit: bool,
    header_shown: bool,
    banner_shown: bool,
    answers: usize,
    failed: bool,
}

/// A running nslookup.
#[derive(Debug)]
struct Nslookup {
    settings: Settings,
    servers: Servers,
    names: VecDeque<String>,
    interactive: bool,
    asking: Option<Asking>,
    current: Current,
    status: i32,
}

impl Nslookup {
    fn server(&self) -> Option<SocketAddr> {
        let a = self.servers.addrs.first().copied()?;
        Some(SocketAddr::new(a, self.settings.port))
    }

    /// Starts the next name (or handles an interactive command); false
    /// when none is left.
    fn next_name(&mut self, ctx: &mut Ctx<'_>) -> bool {
        while let Some(line) = self.names.pop_front() {
            let mut words = line.split_whitespace();
            let first = words.next().unwrap_or_default();
            if self.interactive {
                match first {
                    "exit" => return false,
                    "set" => {
                        let mut said = String::new();
                        for w in words {
                            setting(&mut self.settings, w, &mut said);
                        }
                        ctx.out(&said);
                        continue;
                    }
                    "server" | "lserver" => {
                        if let Some(a) = words.next().and_then(|w| w.parse::<IpAddr>().ok()) {
                            self.servers = Servers {
                                addrs: alloc::vec![a],
                                given: None,
                            };
                            let text = format!(
                                "Default server: {a}\nAddress: {a}#{}\n",
                                self.settings.port
                            );
                            ctx.out(&text);
                        }
                        continue;
                    }
                    _ => {}
                }
            }
            let Some(server) = self.server() else {
                ctx.out(";; no servers could be reached\n");
                self.status = 1;
                continue;
            };
            let name = String::from(first);
            let reverse = name.parse::<IpAddr>().ok();
            let jobs: Vec<Job> = match (reverse, self.settings.qtype) {
                (Some(a), t) => alloc::vec![Job {
                    name: dns::ptr_name(a),
                    qtype: t.unwrap_or(dnsmsg::PTR),
                }],
                (None, Some(t)) => alloc::vec![Job {
                    name: name.clone(),
                    qtype: t,
                }],
                (None, None) => [dnsmsg::A, dnsmsg::AAAA]
                    .into_iter()
                    .map(|qtype| Job {
                        name: name.clone(),
                        qtype,
                    })
                    .collect(),
            };
            let flags = QueryFlags {
                recurse: self.settings.recurse,
                ad: false,
                edns: false,
                cookie: false,
            };
            let timing = (
                Duration::from_secs(u64::from(self.settings.timeout_s)),
                self.settings.tries,
            );
            let rc = servers::resolv_conf(ctx);
            self.asking =
                Some(Asking::new(jobs, server, self.settings.tcp, timing, flags).with_search(rc));
            self.current = Current {
                name,
                reverse: reverse.is_some() && self.settings.qtype.is_none(),
                explicit: self.settings.qtype.is_some(),
                ..Current::default()
            };
            return true;
        }
        false
    }

    fn advance(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        for _ in 0..MAX_LINES * 4 + 16 {
            let Some(asking) = self.asking.as_mut() else {
                if !self.next_name(ctx) {
                    // nslookup ends with a blank line (its interactive
                    // mode's too, at the end of its input).
                    ctx.out("\n");
                    return Some(self.status);
                }
                continue;
            };
            match asking.poll(ctx) {
                Asked::Waiting => return None,
                Asked::Done => {
                    self.asking = None;
                    self.finish(ctx);
                }
                Asked::TryFailed {
                    name,
                    server,
                    why,
                    last,
                } => {
                    ctx.out(&super::try_failed(&name, server, why, last));
                    if last {
                        self.asking = None;
                        self.status = 1;
                    }
                }
                Asked::Answer { job, msg, .. } => self.print(ctx, &job, &msg),
            }
        }
        ctx.wake_at(ctx.now());
        None
    }

    /// The `Server:`/`Address:` lines, once per name (not for an
    /// address's PTR, as 9.18 prints it).
    fn header(&mut self, ctx: &mut Ctx<'_>) {
        if self.current.header_shown || self.current.reverse {
            return;
        }
        self.current.header_shown = true;
        let Some(server) = self.server() else {
            return;
        };
        ctx.out(&format!(
            "Server:\t\t{}\nAddress:\t{}\n\n",
            self.servers.label(server.ip()),
            server_text(server)
        ));
    }

    fn print(&mut self, ctx: &mut Ctx<'_>, job: &Job, m: &Message) {
        self.header(ctx);
        let rcode = m.rcode();
        if rcode != u16::from(dnsmsg::NOERROR) {
            ctx.out(&format!(
                "** server can't find {}: {}\n",
                job.name,
                dnsmsg::rcode_name(rcode)
            ));
            self.current.failed = true;
            self.status = 1;
            if let Some(a) = self.asking.as_mut() {
                a.cancel_rest();
            }
            return;
        }
        let mut out = String::new();
        if (!m.answers.is_empty() || self.current.explicit)
            && !m.header.aa
            && !self.current.banner_shown
        {
            self.current.banner_shown = true;
            out.push_str("Non-authoritative answer:\n");
        }
        for r in &m.answers {
            out.push_str(&describe(r));
        }
        self.current.answers += m.answers.len();
        if m.answers.is_empty() && self.current.explicit {
            out.push_str(&format!("*** Can't find {}: No answer\n", job.name));
            if !matches!(job.qtype, dnsmsg::A | dnsmsg::AAAA | dnsmsg::PTR) {
                out.push_str("\nAuthoritative answers can be found from:\n");
            }
        }
        ctx.out(&out);
    }

    /// The end of a name: the blank line of a name answered.
    fn finish(&mut self, ctx: &mut Ctx<'_>) {
        if self.current.failed {
            return;
        }
        self.status = 0;
        if self.current.answers == 0 && !self.current.explicit {
            self.header(ctx);
            ctx.out(&format!(
                "*** Can't find {}: No answer\n",
                self.current.name
            ));
        }
    }
}

/// A record as nslookup prints it.
fn describe(r: &Record) -> String {
    let owner = r.name.trim_end_matches('.');
    match &r.data {
        Rdata::A(a) => format!("Name:\t{owner}\nAddress: {a}\n"),
        Rdata::Aaaa(a) => format!("Name:\t{owner}\nAddress: {a}\n"),
        Rdata::Name(n) => {
            let what = match r.rtype {
                dnsmsg::PTR => "name",
                dnsmsg::CNAME => "canonical name",
                _ => "nameserver",
            };
            format!("{owner}\t{what} = {}\n", text::fqdn(n))
        }
        Rdata::Mx { .. } => format!("{owner}\tmail exchanger = {}\n", text::rdata(&r.data)),
        Rdata::Txt(_) => format!("{owner}\ttext = {}\n", text::rdata(&r.data)),
        Rdata::Soa {
            mname,
            rname,
            times,
        } => format!(
            "{owner}\n\torigin = {}\n\tmail addr = {}\n\tserial = {}\n\trefresh = {}\n\tretry = {}\n\texpire = {}\n\tminimum = {}\n",
            text::fqdn(mname),
            text::fqdn(rname),
            times[0],
            times[1],
            times[2],
            times[3],
            times[4]
        ),
        Rdata::Other(_) => format!("{owner}\trdata_{} = {}\n", r.rtype, text::rdata(&r.data)),
    }
}

impl Process for Nslookup {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        self.advance(ctx)
    }

    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if let Some(a) = self.asking.as_mut() {
            a.close(ctx);
        }
        Some(130)
    }
}
