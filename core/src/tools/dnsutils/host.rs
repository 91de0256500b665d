//! `host` (BIND 9.18): a name's A, AAAA and MX records (`-t` for one
//! type), an address's PTR, asked of resolv.conf's server or the one
//! named after the name; each record in host's sentence (`laptop has
//! address 192.168.1.20`, `... domain name pointer router.lan.`), a type
//! the name lacks as `has no AAAA record` (with `-t`), a name that does
//! not exist as `Host x not found: 3(NXDOMAIN)` (status 1). Recorded
//! against dnsmasq 2.90: core/tests/fixtures/dnsutils/rec_host.txt.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use super::servers::{self, Transport};
use super::transport::server_text;
use super::{Asked, Asking, Job, QueryFlags, text};
use crate::names::dns;
use crate::names::dnsmsg::{self, Message, Rdata, Record};
use crate::process::{Ctx, Process, Started};
use crate::time::Duration;

/// AXFR, the zone transfer `-l` asks for.
const AXFR: u16 = 252;

/// host's usage, on standard error after a bad option or with no name.
const USAGE: &str = "Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]
            [-R number] [-m flag] [-p port] hostname [server]
       -a is equivalent to -v -t ANY
       -A is like -a but omits RRSIG, NSEC, NSEC3
       -c specifies query class for non-IN data
       -C compares SOA records on authoritative nameservers
       -d is equivalent to -v
       -l lists all hosts in a domain, using AXFR
       -m set memory debugging flag (trace|record|usage)
       -N changes the number of dots allowed before root lookup is done
       -p specifies the port on the server to query
       -r disables recursive processing
       -R specifies number of retries for UDP packets
       -s a SERVFAIL response should stop query
       -t specifies the query type
       -T enables TCP/IP mode
       -U enables UDP mode
       -v enables verbose output
       -V print version number and exit
       -w specifies to wait forever for a reply
       -W specifies how long to wait for a reply
       -4 use IPv4 query transport only
       -6 use IPv6 query transport only
";

/// The command line.
#[derive(Clone, Debug)]
struct Opts {
    qtype: Option<u16>,
    port: u16,
    transport: Transport,
    tcp: bool,
    recurse: bool,
    timeout_s: u32,
    retries: u32,
    /// `-v`, `-d`, `-a`: each message in full.
    verbose: bool,
    /// `-l`: the zone's records by a zone transfer (AXFR, over TCP).
    list: bool,
    name: String,
    server: Option<String>,
}

fn usage(ctx: &mut Ctx<'_>, bad: Option<char>) -> Started {
    if let Some(c) = bad {
        ctx.err(&format!("host: illegal option -- {c}\n"));
    }
    ctx.err(USAGE);
    Started::Exited(1)
}

/// `host [-46rTU] [-t type] [-p port] [-W secs] [-R n] name [server]`.
pub(super) fn start(ctx: &mut Ctx<'_>, argv: &[String]) -> Started {
    let mut o = Opts {
        qtype: None,
        port: 53,
        transport: Transport::Any,
        tcp: false,
        recurse: true,
        timeout_s: 5,
        retries: 1,
        verbose: false,
        list: false,
        name: String::new(),
        server: None,
    };
    let mut positional: Vec<String> = Vec::new();
    let mut i = 1;
    while let Some(a) = argv.get(i) {
        i += 1;
        if !a.starts_with('-') || a == "-" {
            positional.push(a.clone());
            continue;
        }
        for (at, c) in a.char_indices().skip(1) {
            match c {
                '4' => o.transport = Transport::V4,
                '6' => o.transport = Transport::V6,
                'T' => o.tcp = true,
                'U' => o.tcp = false,
                'r' => o.recurse = false,
                'l' => o.list = true,
                'v' | 'd' => o.verbose = true,
                'a' => {
                    o.verbose = true;
                    o.qtype = Some(dnsmsg::ANY);
                }
                'V' => {
                    ctx.err(&format!("host {}\n", super::VERSION));
                    return Started::Exited(0);
                }
                't' | 'p' | 'W' | 'R' | 'c' | 'N' => {
                    let rest = a.get(at + c.len_utf8()..).unwrap_or_default();
                    let value = if rest.is_empty() {
                        let v = argv.get(i).cloned();
                        i += 1;
                        v
                    } else {
                        Some(String::from(rest))
                    };
                    let Some(v) = value else {
                        ctx.err(&format!("host: option requires an argument -- {c}\n"));
                        return usage(ctx, None);
                    };
                    match c {
                        't' => match dnsmsg::type_from_name(&v) {
                            Some(t) => o.qtype = Some(t),
                            None => {
                                ctx.err(&format!("host: invalid type: {v}\n\n"));
                                return Started::Exited(2);
                            }
                        },
                        'p' => match v.parse::<u16>() {
                            Ok(p) => o.port = p,
                            Err(_) => {
                                ctx.err(&format!("host: invalid port: {v}\n\n"));
                                return Started::Exited(2);
                            }
                        },
                        'W' => o.timeout_s = v.parse::<u32>().unwrap_or(0).max(1),
                        'R' => o.retries = v.parse::<u32>().unwrap_or(1),
                        // -c IN and -N: the lab's one class, no search list.
                        _ => {}
                    }
                    break;
                }
                // -A -C -m -s -w: not built.
                other => return usage(ctx, Some(other)),
            }
        }
    }
    let mut positional = positional.into_iter();
    let Some(name) = positional.next() else {
        return usage(ctx, None);
    };
    o.name = name;
    o.server = positional.next();
    let server = o.server.clone();
    servers::then(ctx, "host", server, o.transport, move |ctx, servers| {
        let Some(addr) = servers.addrs.first().copied() else {
            ctx.out(";; no servers could be reached\n");
            return Started::Exited(1);
        };
        let server = SocketAddr::new(addr, o.port);
        // Said once the server has answered.
        let using = servers.given.as_ref().map(|given| {
            format!(
                "Using domain server:\nName: {given}\nAddress: {}\nAliases: \n\n",
                server_text(server)
            )
        });
        let reverse = o.name.parse::<IpAddr>().ok();
        let jobs: Vec<Job> = match (reverse, o.qtype) {
            _ if o.list => alloc::vec![Job {
                name: o.name.clone(),
                qtype: AXFR,
            }],
            (Some(a), t) => alloc::vec![Job {
                name: dns::ptr_name(a),
                qtype: t.unwrap_or(dnsmsg::PTR),
            }],
            (None, Some(t)) => alloc::vec![Job {
                name: o.name.clone(),
                qtype: t,
            }],
            (None, None) => [dnsmsg::A, dnsmsg::AAAA, dnsmsg::MX]
                .into_iter()
                .map(|qtype| Job {
                    name: o.name.clone(),
                    qtype,
                })
                .collect(),
        };
        let flags = QueryFlags {
            recurse: o.recurse,
            ad: false,
            edns: false,
            cookie: false,
        };
        // Retries below one still try twice (recorded: -R 0).
        let tries = o.retries.max(1).saturating_add(1);
        let timing = (Duration::from_secs(u64::from(o.timeout_s)), tries);
        let mut host = Host {
            asking: Asking::new(jobs, server, o.tcp || o.list, timing, flags)
                .with_search(servers::resolv_conf(ctx)),
            explicit_type: o.qtype.is_some(),
            verbose: o.verbose,
            server,
            reverse: reverse.is_some(),
            status: 0,
            using,
        };
        match host.advance(ctx) {
            Some(s) => Started::Exited(s),
            None => Started::Running(Box::new(host)),
        }
    })
}

/// A running host.
#[derive(Debug)]
struct Host {
    asking: Asking,
    /// `-t` given: a type without records is said.
    explicit_type: bool,
    /// `-v`: each message in full.
    verbose: bool,
    server: SocketAddr,
    /// The name is an address (a PTR lookup).
    reverse: bool,
    status: i32,
    /// `Using domain server:`..., printed with the first answer.
    using: Option<String>,
}

impl Host {
    fn advance(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        for _ in 0..16 {
            match self.asking.poll(ctx) {
                Asked::Waiting => return None,
                Asked::Done => return Some(self.status),
                Asked::TryFailed {
                    name,
                    server,
                    why,
                    last,
                } => {
                    ctx.out(&super::try_failed(&name, server, why, last));
                    if last {
                        return Some(1);
                    }
                }
                Asked::Answer {
                    job,
                    msg,
                    size,
                    rtt,
                } => {
                    if self.verbose {
                        self.print_verbose(ctx, &job, &msg, size, rtt);
                    } else {
                        self.print(ctx, &job, &msg);
                    }
                }
            }
        }
        ctx.wake_at(ctx.now());
        None
    }

    /// `-v`: `Trying "NAME"`, the message as dig prints it (without
    /// EDNS), `Received N bytes from SERVER in T ms`.
    fn print_verbose(
        &mut self,
        ctx: &mut Ctx<'_>,
        job: &Job,
        m: &Message,
        size: usize,
        rtt: Duration,
    ) {
        if let Some(using) = self.using.take() {
            ctx.out(&using);
        }
        let received = format!(
            "Received {size} bytes from {} in {} ms\n",
            server_text(self.server),
            rtt.millis()
        );
        let rcode = m.rcode();
        if rcode == u16::from(dnsmsg::NXDOMAIN) {
            // Recorded: the other questions' answers are counted too.
            let others = if self.explicit_type { 1 } else { 2 };
            let mut out = format!(
                "Trying \"{0}\"\nHost {0} not found: {rcode}({1})\n",
                job.name,
                dnsmsg::rcode_name(rcode)
            );
            for _ in 0..others {
                out.push_str(&received);
            }
            ctx.out(&out);
            self.status = 1;
            self.asking.cancel_rest();
            return;
        }
        let mut out = format!("Trying \"{}\"\n", job.name);
        out.push_str(&text::header(m));
        out.push_str("\n;; QUESTION SECTION:\n");
        for q in &m.questions {
            out.push_str(&text::question(q));
            out.push('\n');
        }
        out.push('\n');
        for (title, records) in [
            ("ANSWER", &m.answers),
            ("AUTHORITY", &m.authority),
            ("ADDITIONAL", &m.additional),
        ] {
            if records.is_empty() {
                continue;
            }
            out.push_str(&format!(";; {title} SECTION:\n"));
            for r in records {
                out.push_str(&text::record(r));
                out.push('\n');
            }
            out.push('\n');
        }
        out.push_str(&received);
        if rcode != u16::from(dnsmsg::NOERROR) {
            self.status = 1;
        }
        ctx.out(&out);
    }

    fn print(&mut self, ctx: &mut Ctx<'_>, job: &Job, m: &Message) {
        if let Some(using) = self.using.take() {
            ctx.out(&using);
        }
        if job.qtype == AXFR {
            // A transfer starts with the zone's SOA; a server that refuses
            // it (dnsmasq has no zone to give) fails it.
            let first_soa = m.answers.first().is_some_and(|r| r.rtype == dnsmsg::SOA);
            if m.rcode() != 0 || !first_soa {
                ctx.out("; Transfer failed.\n");
                return;
            }
            let mut out = String::new();
            for r in m.answers.iter().filter(|r| r.rtype != dnsmsg::SOA) {
                out.push_str(&sentence(r));
                out.push('\n');
            }
            ctx.out(&out);
            return;
        }
        let rcode = m.rcode();
        if rcode != u16::from(dnsmsg::NOERROR) {
            let dot = if self.reverse && rcode == u16::from(dnsmsg::NXDOMAIN) {
                "."
            } else {
                ""
            };
            ctx.out(&format!(
                "Host {}{dot} not found: {rcode}({})\n",
                job.name,
                dnsmsg::rcode_name(rcode)
            ));
            self.status = 1;
            if rcode == u16::from(dnsmsg::NXDOMAIN) {
                self.asking.cancel_rest();
            }
            return;
        }
        let mut out = String::new();
        for r in &m.answers {
            out.push_str(&sentence(r));
            out.push('\n');
        }
        if m.answers.is_empty() && self.explicit_type {
            out.push_str(&format!(
                "{} has no {} record\n",
                job.name.trim_end_matches('.'),
                dnsmsg::type_name(job.qtype)
            ));
        }
        ctx.out(&out);
    }
}

/// A record as host says it.
fn sentence(r: &Record) -> String {
    let owner = r.name.trim_end_matches('.');
    match &r.data {
        Rdata::A(a) => format!("{owner} has address {a}"),
        Rdata::Aaaa(a) => format!("{owner} has IPv6 address {a}"),
        Rdata::Name(n) => match r.rtype {
            dnsmsg::PTR => format!("{owner} domain name pointer {}", text::fqdn(n)),
            dnsmsg::CNAME => format!("{owner} is an alias for {}", text::fqdn(n)),
            _ => format!("{owner} name server {}", text::fqdn(n)),
        },
        Rdata::Mx { .. } => format!("{owner} mail is handled by {}", text::rdata(&r.data)),
        Rdata::Txt(_) => format!("{owner} descriptive text {}", text::rdata(&r.data)),
        Rdata::Soa { .. } => format!("{owner} has SOA record {}", text::rdata(&r.data)),
        Rdata::Other(_) => format!(
            "{owner} has {} record {}",
            dnsmsg::type_name(r.rtype),
            text::rdata(&r.data)
        ),
    }
}

impl Process for Host {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        self.advance(ctx)
    }

    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        self.asking.close(ctx);
        Some(130)
    }
}
