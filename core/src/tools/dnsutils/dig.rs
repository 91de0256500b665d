//! `dig` (BIND 9.18): each lookup of the command line sent to the server
//! (`@server`, else resolv.conf's), over UDP (TCP for `+tcp` and for ANY,
//! as 9.18 does), `+tries` times `+time` seconds each, and the answer
//! printed in full (the `; <<>> DiG` banner, `;; Got answer:`, the header,
//! the OPT pseudo-section, the sections, the statistics) or as `+short`
//! asks. No answer from any try: `;; no servers could be reached`, exit 9.
//! Recorded against dnsmasq 2.90: core/tests/fixtures/dnsutils/rec_dig.txt.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use core::net::SocketAddr;

use super::dig_opts::{DigArgs, Lookup, Stop};
use super::servers::{self, Servers};
use super::transport::{Event, Failure, Query, server_text};
use super::{QueryFlags, build_query, text};
use crate::names::dnsmsg::{self, Message, Record};
use crate::process::{Ctx, Process, Started};
use crate::time::Duration;
use crate::tools::netutil;

/// dig's status when no server answered.
const EXIT_NO_REPLY: i32 = 9;

/// `dig [@server] [options] [name] [type] [class] ...`.
pub(super) fn start(ctx: &mut Ctx<'_>, argv: &[String]) -> Started {
    let args = argv.get(1..).unwrap_or_default();
    let parsed = match DigArgs::parse(args) {
        Ok(p) => p,
        Err(Stop::Exit { out, err, status }) => {
            ctx.out(&out);
            ctx.err(&err);
            return Started::Exited(status);
        }
    };
    for w in &parsed.warnings {
        ctx.err(w);
    }
    let banner_args = args.join(" ");
    let server = parsed.server.clone();
    let transport = parsed.transport;
    servers::then(ctx, "dig", server, transport, move |ctx, servers| {
        let mut dig = Dig {
            args: parsed,
            servers,
            banner_args,
            banner_shown: false,
            next_lookup: 0,
            server_index: 0,
            current: None,
        };
        match dig.advance(ctx) {
            Some(status) => Started::Exited(status),
            None => Started::Running(Box::new(dig)),
        }
    })
}

/// The query on the wire and what it is for.
#[derive(Debug)]
struct InFlight {
    lookup: Lookup,
    query: Query,
}

/// A running dig.
#[derive(Debug)]
struct Dig {
    args: DigArgs,
    servers: Servers,
    /// The command line as the banner shows it.
    banner_args: String,
    banner_shown: bool,
    /// The next lookup to start.
    next_lookup: usize,
    /// The server the current lookup is asking.
    server_index: usize,
    current: Option<InFlight>,
}

impl Dig {
    /// Starts lookups and moves the one in flight on: the exit status once
    /// every lookup is done.
    fn advance(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        for _ in 0..=self.args.lookups.len() + self.servers.addrs.len() * 8 {
            let Some(flight) = self.current.as_mut() else {
                let Some(lookup) = self.args.lookups.get(self.next_lookup).cloned() else {
                    return Some(0);
                };
                self.next_lookup += 1;
                self.server_index = 0;
                if let Err(status) = self.send(ctx, lookup) {
                    return Some(status);
                }
                continue;
            };
            match flight.query.poll(ctx) {
                Event::Waiting => return None,
                Event::TryFailed { why, last } => {
                    let server = flight.query.server;
                    let tcp = flight.query.tcp;
                    let name = flight.lookup.name.clone();
                    self.report_failure(ctx, server, tcp, &name, why);
                    if last && !self.next_server(ctx) {
                        // A connection or setup failure said it each try.
                        let said = tcp || matches!(why, Failure::Setup(_));
                        if !said {
                            self.banner(ctx);
                        }
                        if !said {
                            ctx.out(";; no servers could be reached\n");
                        }
                        return Some(EXIT_NO_REPLY);
                    }
                }
                Event::Answer { msg, size, rtt } => {
                    let server = flight.query.server;
                    let tcp = flight.query.tcp;
                    self.current = None;
                    self.print_answer(ctx, &msg, (server, tcp), size, rtt);
                }
            }
        }
        ctx.wake_at(ctx.now());
        None
    }

    /// Builds and starts the query of `lookup` to the current server.
    fn send(&mut self, ctx: &mut Ctx<'_>, lookup: Lookup) -> Result<(), i32> {
        let Some(addr) = self.servers.addrs.get(self.server_index).copied() else {
            self.banner(ctx);
            ctx.out(";; no servers could be reached\n");
            return Err(EXIT_NO_REPLY);
        };
        let flags = QueryFlags {
            recurse: self.args.recurse,
            ad: self.args.ad,
            edns: self.args.edns,
            cookie: self.args.cookie,
        };
        let Some((bytes, id)) = build_query(ctx, &lookup.name, lookup.qtype, lookup.qclass, flags)
        else {
            ctx.err(&format!(
                "dig: '{}' is not a legal name (label too long)\n",
                lookup.name
            ));
            return Err(10);
        };
        // dig 9.18 asks ANY over TCP unless told +notcp.
        let tcp = self.args.tcp.unwrap_or(lookup.qtype == dnsmsg::ANY);
        let query = Query::new(
            SocketAddr::new(addr, self.args.port),
            tcp,
            bytes,
            id,
            Duration::from_secs(u64::from(self.args.timeout_s)),
            self.args.tries,
        );
        self.current = Some(InFlight { lookup, query });
        Ok(())
    }

    /// The current lookup goes on to the next server, if there is one.
    fn next_server(&mut self, ctx: &mut Ctx<'_>) -> bool {
        let Some(flight) = self.current.take() else {
            return false;
        };
        self.server_index += 1;
        if self.server_index >= self.servers.addrs.len() {
            return false;
        }
        self.send(ctx, flight.lookup).is_ok()
    }

    /// A try's failure, as dig prints it (standard output).
    fn report_failure(
        &mut self,
        ctx: &mut Ctx<'_>,
        server: SocketAddr,
        tcp: bool,
        name: &str,
        why: Failure,
    ) {
        let label = self.servers.label(server.ip());
        let line = match why {
            // Recorded in a namespace without a route to the server.
            Failure::Setup(_) if !tcp => format!(
                ";; UDP setup with {}({label}) for {name} failed: {}.\n",
                server_text(server),
                why.text()
            ),
            Failure::Setup(_) | Failure::Errno(_) if tcp => format!(
                ";; Connection to {}({label}) for {name} failed: {}.\n",
                server_text(server),
                why.text()
            ),
            _ => {
                ctx.out(&format!(
                    ";; communications error to {}: {}\n",
                    server_text(server),
                    why.text()
                ));
                return;
            }
        };
        // Recorded: with +short too, each try.
        ctx.out(&line);
        ctx.out(";; no servers could be reached\n");
    }

    /// The banner, once: `; <<>> DiG 9.18... <<>> ARGS`, the number of
    /// servers `@server` named, `;; global options: +cmd`.
    fn banner(&mut self, ctx: &mut Ctx<'_>) {
        if self.banner_shown || !self.args.show.cmd {
            return;
        }
        self.banner_shown = true;
        let sep = if self.banner_args.is_empty() { "" } else { " " };
        let mut out = format!(
            "\n; <<>> DiG {} <<>>{sep}{}\n",
            super::VERSION,
            self.banner_args
        );
        if self.servers.given.is_some() {
            let n = self.servers.addrs.len();
            let plural = if n == 1 { "" } else { "s" };
            out.push_str(&format!("; ({n} server{plural} found)\n"));
        }
        out.push_str(";; global options: +cmd\n");
        ctx.out(&out);
    }

    fn print_answer(
        &mut self,
        ctx: &mut Ctx<'_>,
        m: &Message,
        (server, tcp): (SocketAddr, bool),
        size: usize,
        rtt: Duration,
    ) {
        let show = self.args.show;
        if show.short {
            let mut out = String::new();
            for r in &m.answers {
                out.push_str(&text::rdata(&r.data));
                out.push('\n');
            }
            ctx.out(&out);
            return;
        }
        self.banner(ctx);
        let mut out = String::new();
        if show.comments {
            out.push_str(";; Got answer:\n");
            out.push_str(&text::header(m));
            out.push('\n');
            if let Some(e) = &m.edns {
                out.push_str(";; OPT PSEUDOSECTION:\n");
                out.push_str(&text::edns(e));
            }
        }
        if show.question {
            if show.comments {
                out.push_str(";; QUESTION SECTION:\n");
            }
            for q in &m.questions {
                out.push_str(&text::question(q));
                out.push('\n');
            }
            if show.comments {
                out.push('\n');
            }
        }
        let sections: [(&str, bool, &[Record]); 3] = [
            ("ANSWER", show.answer, &m.answers),
            ("AUTHORITY", show.authority, &m.authority),
            ("ADDITIONAL", show.additional, &m.additional),
        ];
        for (title, on, records) in sections {
            if !on || records.is_empty() {
                continue;
            }
            if show.comments {
                out.push_str(&format!(";; {title} SECTION:\n"));
            }
            for r in records {
                out.push_str(&text::record(r));
                out.push('\n');
            }
            if show.comments {
                out.push('\n');
            }
        }
        if show.stats {
            let secs = netutil::epoch_secs(ctx);
            let proto = if tcp { "TCP" } else { "UDP" };
            out.push_str(&format!(
                ";; Query time: {} msec\n;; SERVER: {}({}) ({proto})\n;; WHEN: {}\n;; MSG SIZE  rcvd: {size}\n\n",
                rtt.millis(),
                server_text(server),
                self.servers.label(server.ip()),
                text::when(secs),
            ));
        }
        ctx.out(&out);
    }
}

impl Process for Dig {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        self.advance(ctx)
    }

    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if let Some(f) = self.current.as_mut() {
            f.query.close(ctx);
        }
        Some(130)
    }
}
