//! bind9-dnsutils 9.18 as Debian 12 ships it: `dig`, `host` and
//! `nslookup`. They read `/etc/resolv.conf` for their server (not
//! `/etc/hosts`, not nsswitch: a DNS tool asks DNS), build their queries
//! with [`crate::names::dnsmsg`], send them with system calls
//! ([`transport`]) and print the answers in BIND's presentation format
//! ([`text`]). Recorded outputs they are checked against:
//! core/tests/fixtures/dnsutils/.

mod dig;
mod dig_opts;
mod host;
mod nslookup;
mod servers;
mod text;
mod transport;

use alloc::string::String;
use alloc::vec::Vec;

use crate::names::dnsmsg::{self, Edns, Header, Message, Question};
use crate::process::{Command, Ctx};

/// The version the tools print (`dig -v`, the `; <<>> DiG` line).
pub(crate) const VERSION: &str = "9.18.47-1~deb12u1-Debian";

/// The EDNS payload size BIND 9.18 advertises.
const EDNS_UDP_SIZE: u16 = 1232;

/// The programs of the family.
pub(crate) const COMMANDS: &[Command] = &[
    Command {
        name: "dig",
        summary: "ask a DNS server (bind9-dnsutils 9.18; @server, -x, -t, -p, -4/-6, +short, +tcp, +noall +answer)",
        start: dig::start,
    },
    Command {
        name: "host",
        summary: "look a name or an address up in DNS (bind9-dnsutils 9.18; -t, -a, -v, -l, -p, -W, -R, -T, -4/-6)",
        start: host::start,
    },
    Command {
        name: "nslookup",
        summary: "query a DNS server (bind9-dnsutils 9.18, non-interactive; -type=, -port=, -timeout=, -retry=)",
        start: nslookup::start,
    },
];

/// A failed try as host and nslookup print it (BIND's `dighost.c`, as
/// dig): the socket's setup (`UDP setup with ... failed`, followed each
/// time by `no servers could be reached`) or the exchange (`communications
/// error`, `no servers` only after the last try).
pub(crate) fn try_failed(
    name: &str,
    server: core::net::SocketAddr,
    why: transport::Failure,
    last: bool,
) -> String {
    let at = transport::server_text(server);
    if let transport::Failure::Setup(_) = why {
        return alloc::format!(
            ";; UDP setup with {at}({}) for {name} failed: {}.\n;; no servers could be reached\n",
            server.ip(),
            why.text()
        );
    }
    let mut out = alloc::format!(";; communications error to {at}: {}\n", why.text());
    if last {
        out.push_str(";; no servers could be reached\n");
    }
    out
}

/// How a query is built.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QueryFlags {
    /// RD.
    pub(crate) recurse: bool,
    /// AD (dig's default `+adflag`).
    pub(crate) ad: bool,
    /// An OPT record, with a client cookie if `cookie`.
    pub(crate) edns: bool,
    /// A COOKIE option (dig's default `+cookie`).
    pub(crate) cookie: bool,
}

/// A query for `name` (`type`, `class`) with a fresh id from the kernel's
/// random numbers: its bytes and its id. `None` if the name cannot be
/// carried on the wire.
pub(crate) fn build_query(
    ctx: &mut Ctx<'_>,
    name: &str,
    qtype: u16,
    qclass: u16,
    flags: QueryFlags,
) -> Option<(Vec<u8>, u16)> {
    let mut sys = ctx.sys();
    let id = sys.getrandom_u16();
    let edns = flags.edns.then(|| {
        let mut options = Vec::new();
        if flags.cookie {
            let cookie = sys.getrandom_u64().to_be_bytes().to_vec();
            options.push((dnsmsg::OPTION_COOKIE, cookie));
        }
        Edns {
            udp_size: EDNS_UDP_SIZE,
            options,
            ..Edns::default()
        }
    });
    let m = Message {
        header: Header {
            id,
            rd: flags.recurse,
            ad: flags.ad,
            ..Header::default()
        },
        questions: alloc::vec![Question {
            name: String::from(name.trim_end_matches('.')),
            qtype,
            qclass,
        }],
        edns,
        ..Message::default()
    };
    Some((m.emit()?, id))
}

/// One question a tool asks, in its turn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Job {
    /// The name asked.
    pub(crate) name: String,
    /// Its type.
    pub(crate) qtype: u16,
}

/// What [`Asking::poll`] found.
#[derive(Debug)]
pub(crate) enum Asked {
    /// Nothing yet.
    Waiting,
    /// A try failed (`last`: no try is left for this job).
    TryFailed {
        /// The name asked.
        name: String,
        /// The server asked.
        server: core::net::SocketAddr,
        /// Why.
        why: transport::Failure,
        /// No try is left.
        last: bool,
    },
    /// A job's answer.
    Answer {
        /// The job.
        job: Job,
        /// The message.
        msg: Message,
        /// Its size in bytes.
        size: usize,
        /// The round trip.
        rtt: crate::time::Duration,
    },
    /// Every job is done.
    Done,
}

/// `host`'s and `nslookup`'s questions, asked one after the other of one
/// server.
#[derive(Debug)]
pub(crate) struct Asking {
    queue: alloc::collections::VecDeque<Job>,
    /// The job in flight, the name asked, the names it may still try, the
    /// query.
    current: Option<(Job, String, Vec<String>, transport::Query)>,
    /// resolv.conf's search list and ndots (`res_search`), if used.
    search: Option<crate::names::ResolvConf>,
    server: core::net::SocketAddr,
    tcp: bool,
    timeout: crate::time::Duration,
    tries: u32,
    flags: QueryFlags,
}

impl Asking {
    /// The jobs, asked of `server` (`tcp` or UDP) `tries` times `timeout`
    /// long each.
    pub(crate) fn new(
        jobs: Vec<Job>,
        server: core::net::SocketAddr,
        tcp: bool,
        (timeout, tries): (crate::time::Duration, u32),
        flags: QueryFlags,
    ) -> Self {
        Asking {
            queue: jobs.into(),
            current: None,
            search: None,
            server,
            tcp,
            timeout,
            tries,
            flags,
        }
    }

    /// Names are tried with resolv.conf's search list, as `res_search`
    /// does (`host`, `nslookup`; not `dig`): a name that does not exist
    /// is tried with the next.
    pub(crate) fn with_search(mut self, rc: crate::names::ResolvConf) -> Self {
        self.search = Some(rc);
        self
    }

    /// The names to ask for `name`, in order.
    fn candidates(&self, name: &str) -> Vec<String> {
        let reverse = name.ends_with(".in-addr.arpa") || name.ends_with(".ip6.arpa");
        match &self.search {
            Some(rc) if !reverse => rc.candidates(name),
            _ => alloc::vec![String::from(name)],
        }
    }

    /// Sends `name` of `job`; false if it cannot be encoded.
    fn send(&mut self, ctx: &mut Ctx<'_>, job: Job, name: &str, rest: Vec<String>) -> bool {
        let Some((bytes, id)) = build_query(ctx, name, job.qtype, dnsmsg::CLASS_IN, self.flags)
        else {
            return false;
        };
        let q = transport::Query::new(self.server, self.tcp, bytes, id, self.timeout, self.tries);
        self.current = Some((job, String::from(name), rest, q));
        true
    }

    /// Drops the jobs not started yet.
    pub(crate) fn cancel_rest(&mut self) {
        self.queue.clear();
    }

    /// Moves the questions on.
    pub(crate) fn poll(&mut self, ctx: &mut Ctx<'_>) -> Asked {
        for _ in 0..self.queue.len() + 8 {
            let Some((job, asked, _, query)) = self.current.as_mut() else {
                let Some(job) = self.queue.pop_front() else {
                    return Asked::Done;
                };
                let mut names = self.candidates(&job.name);
                names.reverse();
                let Some(first) = names.pop() else {
                    continue;
                };
                self.send(ctx, job, &first, names);
                continue;
            };
            return match query.poll(ctx) {
                transport::Event::Waiting => Asked::Waiting,
                transport::Event::TryFailed { why, last } => {
                    let name = asked.clone();
                    if last {
                        self.current = None;
                    }
                    Asked::TryFailed {
                        name,
                        server: self.server,
                        why,
                        last,
                    }
                }
                transport::Event::Answer { msg, size, rtt } => {
                    let job = job.clone();
                    let current = self.current.take();
                    if msg.header.rcode == dnsmsg::NXDOMAIN
                        && let Some((_, _, mut rest, _)) = current
                        && let Some(next) = rest.pop()
                    {
                        // res_search: the next name of the search list.
                        self.send(ctx, job, &next, rest);
                        continue;
                    }
                    Asked::Answer {
                        job,
                        msg,
                        size,
                        rtt,
                    }
                }
            };
        }
        ctx.wake_at(ctx.now());
        Asked::Waiting
    }

    /// Closes the query in flight (Ctrl-C).
    pub(crate) fn close(&mut self, ctx: &mut Ctx<'_>) {
        if let Some((_, _, _, q)) = self.current.as_mut() {
            q.close(ctx);
        }
    }
}
