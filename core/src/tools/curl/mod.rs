//! `curl` 7.88.1 as Debian 12 ships it, for `http://` over the lab's TCP:
//! URL checks, name resolution (curl's own `localhost`), happy eyeballs
//! over the addresses, the request bytes, response parsing, `-v` lines,
//! the progress meter when the body does not go to the terminal, and the
//! error messages and exit codes. Real outputs it is checked against:
//! core/tests/fixtures/apps/curl_real.txt.
//!
//! This file holds curl's state, its start (options, output file,
//! `--resolve`), name resolution, errors and redirects; the connection
//! state machine is in [`connect`], the request and response in
//! [`transfer`], the `-v` lines, progress meter and `-w` in [`report`].

mod connect;
mod options;
mod report;
mod transfer;
mod url;

use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use crate::names::{self, IpResolve};
use crate::process::{Ctx, Process, Started};
use crate::sys::{Errno, Fd};
use crate::time::{Duration, Instant};

use super::resolve;
use options::{Options, Parsed};
use url::Url;

/// curl's default connect timeout (`DEFAULT_CONNECT_TIMEOUT`).
const DEFAULT_CONNECT_TIMEOUT_MS: u64 = 300_000;
/// Happy eyeballs: the other family starts this long after the first.
const HAPPY_EYEBALLS_MS: u64 = 200;
/// The most redirects `-L` follows (`--max-redirs` default).
const MAX_REDIRS: u32 = 50;
/// The TLS library Debian 12's curl is built with (as the real one prints it).
const OPENSSL: &str = "OpenSSL/3.0.19";

/// One connection attempt.
#[derive(Debug, Clone, Copy)]
struct Attempt {
    fd: Fd,
    addr: IpAddr,
}

#[derive(Debug)]
enum Phase {
    Connecting,
    Tls { fd: Fd, got: usize },
    Http(Box<Transfer>),
}

/// The response being read.
#[derive(Debug, Default)]
struct Transfer {
    fd: Option<Fd>,
    /// Request bytes not yet accepted by the socket.
    unsent: Vec<u8>,
    buf: Vec<u8>,
    headers_done: bool,
    status: u16,
    http10: bool,
    content_length: Option<usize>,
    chunked: bool,
    close: bool,
    location: Option<String>,
    content_type: Option<String>,
    body: usize,
    /// Chunked bodies: bytes still in the current chunk.
    chunk_left: usize,
    chunks_done: bool,
    head: bool,
}

#[derive(Debug)]
struct Curl {
    o: Options,
    url: Url,
    /// Connection number (`#0`, `#1` after a redirect).
    conn_no: u32,
    redirects: u32,
    /// Use HTTP/1.0 for the next request (after a 1.0 response).
    http10_next: bool,
    start: Instant,
    phase: Phase,
    family0: VecDeque<IpAddr>,
    family1: VecDeque<IpAddr>,
    second_at: Instant,
    family_first_v4: bool,
    attempts: Vec<Attempt>,
    last_error: Option<Errno>,
    connected: Option<(SocketAddr, SocketAddr)>,
    meter: bool,
    /// Debug "[n bytes data]" lines are shown when stdout is not a tty.
    show_data_lines: bool,
    downloaded: usize,
    response_code: u16,
    /// Names added with --resolve: (host, port) -> addresses.
    cache: Vec<(String, u16, Vec<IpAddr>)>,
    /// The lookup of the URL's host under way.
    dns: resolve::Pending<CurlLookup>,
}

/// What curl's name lookup returns.
type CurlLookup = names::Resolution<Vec<IpAddr>, names::CurlResolveError>;

impl Curl {
    /// Ends with curl's error: the verbose line, the meter, "Closing
    /// connection", then `curl: (N) message` unless silenced.
    fn fail(&mut self, ctx: &mut Ctx<'_>, code: i32, msg: &str, meter: bool) -> Option<i32> {
        self.info(ctx, msg);
        if meter {
            self.meter_end(ctx);
        }
        // curl exits next: the exit closes its sockets.
        self.info(ctx, &format!("Closing connection {}", self.conn_no));
        if !self.o.silent || self.o.show_error {
            ctx.err(&format!("curl: ({code}) {msg}\n"));
        }
        self.write_out(ctx, code);
        Some(code)
    }

    fn finish_response(&mut self, ctx: &mut Ctx<'_>, t: Box<Transfer>) -> Option<i32> {
        let status = t.status;
        let location = t.location.clone();
        let close = t.close;
        self.http10_next = t.http10;
        self.phase = Phase::Http(t);
        if self.o.fail && status >= 400 {
            let msg = format!("The requested URL returned error: {status}");
            return self.fail(ctx, 22, &msg, true);
        }
        let redirect =
            self.o.location && matches!(status, 301 | 302 | 303 | 307 | 308) && location.is_some();
        if !redirect {
            self.meter_end(ctx);
        }
        if redirect
            && let Phase::Http(t) = &mut self.phase
            && let Some(fd) = t.fd.take()
        {
            // The next request gets a new connection: this one is closed
            // (without a redirect curl exits, and the exit closes it).
            let _ = ctx.sys().close(fd);
        }
        if close {
            self.info(ctx, &format!("Closing connection {}", self.conn_no));
        } else {
            self.info(
                ctx,
                &format!(
                    "Connection #{} to host {} left intact",
                    self.conn_no, self.url.host
                ),
            );
        }
        if redirect && let Some(loc) = location {
            if self.redirects >= MAX_REDIRS {
                return self.fail(
                    ctx,
                    47,
                    &format!("Maximum ({MAX_REDIRS}) redirects followed"),
                    true,
                );
            }
            let Ok(next) = url::join(&self.url, &loc) else {
                return self.fail(ctx, 3, "URL using bad/illegal format or missing URL", true);
            };
            self.info(
                ctx,
                &format!("Issue another request to this URL: '{}'", next.to_text()),
            );
            self.redirects += 1;
            self.conn_no += 1;
            let same_host = next.host == self.url.host;
            self.url = next;
            if !same_host {
                self.http10_next = false;
            }
            self.phase = Phase::Connecting;
            return self.begin(ctx);
        }
        self.write_out(ctx, 0);
        Some(0)
    }

    /// Resolves the URL's host and starts connecting.
    fn begin(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        let addrs = if let Some(a) = url::literal(&self.url) {
            Vec::from([a])
        } else if let Some((_, _, list)) = self
            .cache
            .iter()
            .find(|(h, p, _)| h.eq_ignore_ascii_case(&self.url.host) && *p == self.url.port)
        {
            self.info(
                ctx,
                &format!("Hostname {} was found in DNS cache", self.url.host),
            );
            list.clone()
        } else {
            let (host, ip) = (self.url.host.clone(), self.o.ip);
            // Until the answer comes, each poll comes back here.
            let res = self.dns.poll(ctx, |ctx| {
                resolve::lookup(ctx, move |cfg, view, dns| {
                    names::curl_resolve(cfg, view, dns, &host, ip)
                })
            })?;
            resolve::record_steps(
                ctx,
                &format!("curl resolves \"{}\"", self.url.host),
                &res.trace,
            );
            match res.result {
                Ok(list) if !list.is_empty() => {
                    self.cache
                        .push((self.url.host.clone(), self.url.port, list.clone()));
                    list
                }
                _ => {
                    let msg = format!("Could not resolve host: {}", self.url.host);
                    return self.fail(ctx, 6, &msg, false);
                }
            }
        };
        let addrs: Vec<IpAddr> = addrs
            .into_iter()
            .filter(|a| match self.o.ip {
                IpResolve::V4 => a.is_ipv4(),
                IpResolve::V6 => a.is_ipv6(),
                IpResolve::Whatever => true,
            })
            .collect();
        let Some(first) = addrs.first().copied() else {
            let msg = format!("Could not resolve host: {}", self.url.host);
            return self.fail(ctx, 6, &msg, false);
        };
        self.family_first_v4 = first.is_ipv4();
        self.family0 = addrs
            .iter()
            .copied()
            .filter(|a| a.is_ipv4() == first.is_ipv4())
            .collect();
        self.family1 = addrs
            .iter()
            .copied()
            .filter(|a| a.is_ipv4() != first.is_ipv4())
            .collect();
        self.second_at = ctx.now() + Duration::from_micros(HAPPY_EYEBALLS_MS * 1000);
        self.start_next(ctx, false);
        self.poll_connecting(ctx)
    }
}

struct Request {
    head: Vec<u8>,
    head_request: bool,
}

impl Process for Curl {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if self.dns.is_waiting() {
            return self.begin(ctx);
        }
        match core::mem::replace(&mut self.phase, Phase::Connecting) {
            Phase::Connecting => self.poll_connecting(ctx),
            Phase::Tls { fd, got } => {
                self.phase = Phase::Tls { fd, got };
                self.poll_tls(ctx, fd, got)
            }
            Phase::Http(t) => self.poll_http(ctx, t),
        }
    }

    fn interrupt(&mut self, _ctx: &mut Ctx<'_>) -> Option<i32> {
        // SIGINT's default action: the exit closes the sockets.
        Some(130)
    }
}

/// `curl [options] URL`.
pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let o = match options::parse(args.get(1..).unwrap_or_default()) {
        Parsed::Run(o) => *o,
        Parsed::Version => {
            ctx.out("curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13\nRelease-Date: 2023-02-20, security patched: 7.88.1-10+deb12u8\nProtocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\nFeatures: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n");
            return Started::Exited(0);
        }
        Parsed::Fail(text, status) => {
            ctx.err(&text);
            return Started::Exited(status);
        }
    };
    let raw = o.urls.first().cloned().unwrap_or_default();
    let url = match url::parse(&raw) {
        Ok(u) => u,
        Err(e) => {
            if o.verbose && !matches!(e, url::UrlError::Glob { .. }) {
                if let url::UrlError::Unsupported(_) = e {
                    ctx.err(&format!("* {}\n", e.message()));
                }
                ctx.err("* Closing connection -1\n");
            }
            if !o.silent || o.show_error {
                ctx.err(&format!("curl: ({}) {}\n", e.code(), e.message()));
            }
            return Started::Exited(e.code());
        }
    };
    let to_terminal = ctx.stdout_is_terminal()
        && !(o.output.as_deref().is_some_and(|p| p != "-") || o.remote_name);
    let mut c = Curl {
        meter: !o.silent && !to_terminal,
        show_data_lines: !ctx.stdout_is_terminal() || o.output.is_some() || o.remote_name,
        o,
        url,
        conn_no: 0,
        redirects: 0,
        http10_next: false,
        start: ctx.now(),
        phase: Phase::Connecting,
        family0: VecDeque::new(),
        family1: VecDeque::new(),
        family_first_v4: true,
        second_at: ctx.now(),
        attempts: Vec::new(),
        last_error: None,
        connected: None,
        downloaded: 0,
        response_code: 0,
        cache: Vec::new(),
        dns: resolve::Pending::default(),
    };
    if let Some(path) = c.out_path(ctx).filter(|p| p != "/dev/null")
        && let Err(e) = ctx.sys().write_file(&path, "", false)
    {
        // curl 7.88.1: -s mutes the warning; -S brings back the error only.
        if !c.o.silent {
            ctx.err(&format!(
                "Warning: Failed to open the file {}: {}\n",
                c.o.output.clone().unwrap_or(path),
                e.message()
            ));
        }
        if !c.o.silent || c.o.show_error {
            ctx.err("curl: (23) Failure writing output to destination\n");
        }
        return Started::Exited(23);
    }
    for entry in c.o.resolve.clone() {
        let mut parts = entry.splitn(3, ':');
        let (Some(host), Some(port), Some(addrs)) = (parts.next(), parts.next(), parts.next())
        else {
            ctx.err(&format!("Couldn't parse CURLOPT_RESOLVE entry '{entry}'\n"));
            continue;
        };
        let Ok(port) = port.parse::<u16>() else {
            continue;
        };
        let list: Vec<IpAddr> = addrs
            .split(',')
            .filter_map(|a| a.trim_matches(['[', ']']).parse().ok())
            .collect();
        if !list.is_empty() {
            c.info(ctx, &format!("Added {host}:{port}:{addrs} to DNS cache"));
            c.cache.push((String::from(host), port, list));
        }
    }
    if c.meter {
        ctx.err(report::METER_HEAD);
        let line = c.meter_line(ctx, None);
        ctx.err(&format!("\r{line}"));
    }
    match c.begin(ctx) {
        Some(status) => Started::Exited(status),
        None => Started::Running(Box::new(c)),
    }
}
