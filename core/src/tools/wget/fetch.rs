//! One wget run: each URL resolved (`Resolving x (x)... ADDRS`),
//! connected to address by address (`Connecting to ...` then `connected.`
//! or `failed: Connection refused.`), asked with `GET` (`HEAD` for
//! `--spider`), its response read whole and said (`HTTP request sent,
//! awaiting response... 200 OK`, `Length:`, `Saving to:`, the progress,
//! the summary) and saved. A connection that times out is retried
//! (`Retrying.`) up to `-t` tries; a refused one is not.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use super::http::{client_hello, complete, length_line};
use super::progress;
use super::url::Url;
use super::{Opts, Verbosity, parse, status};
use crate::process::{Ctx, Process, Started};
use crate::sys::{Errno, Family, Fd, PollEvents, SockType};
use crate::time::{Duration, Instant};
use crate::tools::{netutil, resolve};

/// wget's read timeout when `-T` is not given.
const READ_TIMEOUT: Duration = Duration::from_secs(900);

/// The most bytes of a response kept (the lab's file cap is smaller).
const MAX_RESPONSE: usize = 8 << 20;

/// The most redirects followed (`--max-redirect`'s default).
const MAX_REDIRECTS: u32 = 20;

/// `wget [options] URL...`.
pub(super) fn start(ctx: &mut Ctx<'_>, argv: &[String]) -> Started {
    let o = match parse(ctx, argv) {
        Ok(o) => o,
        Err(end) => return end,
    };
    if let Some(out) = o.output.as_deref().filter(|f| *f != "-") {
        // wget opens -O's file before it connects.
        let path = crate::shell::absolute_path(out, ctx.cwd());
        if let Err(e) = ctx.sys().write_file(&path, "", false) {
            ctx.err(&format!("{out}: {}\n", e.message()));
            return Started::Exited(1);
        }
    }
    if o.spider && o.verbosity == Verbosity::Verbose {
        ctx.err("Spider mode enabled. Check if remote file exists.\n");
    }
    let started = ctx.now();
    let mut w = Wget {
        several: o.urls.len() > 1,
        started,
        files: 0,
        bytes: 0,
        spent: Duration::ZERO,
        urls: o.urls.clone().into(),
        o,
        status: 0,
        state: State::Next,
        try_no: 1,
        redirects: 0,
    };
    match w.poll(ctx) {
        Some(s) => Started::Exited(s),
        None => Started::Running(Box::new(w)),
    }
}

/// Where the run is.
#[derive(Debug)]
enum State {
    /// The next URL starts on the next poll.
    Next,
    /// Waiting for the name's lookup.
    Resolving {
        url: Url,
        pending: Box<resolve::Pending<netutil::GaiAnswer>>,
    },
    /// Connecting to `addrs[0]`.
    Connecting {
        url: Url,
        addrs: Vec<IpAddr>,
        /// The host was a name: `Connecting to NAME (NAME)|ADDR|:PORT`.
        named: bool,
        fd: Fd,
        deadline: Option<Instant>,
    },
    /// The request is sent; the response is read.
    Reading {
        url: Url,
        fd: Fd,
        buf: Vec<u8>,
        sent_at: Instant,
        deadline: Instant,
    },
    /// `https://`: the hello is sent, the server's answer awaited.
    TlsHello { fd: Fd, deadline: Instant },
    /// Waiting before the next try.
    Backoff { url: Url, until: Instant },
}

/// A running wget.
#[derive(Debug)]
struct Wget {
    o: Opts,
    /// More than one URL: the `FINISHED` lines at the end.
    several: bool,
    started: Instant,
    /// Files downloaded, their bytes and the time their transfers took.
    files: u32,
    bytes: u64,
    spent: Duration,
    urls: alloc::collections::VecDeque<String>,
    status: i32,
    state: State,
    try_no: u32,
    redirects: u32,
}

impl Wget {
    /// What the default verbosity says.
    fn log(&self, ctx: &mut Ctx<'_>, text: &str) {
        if self.o.verbosity == Verbosity::Verbose {
            ctx.err(text);
        }
    }

    /// What `-nv` says too (errors, the line per file).
    fn note(&self, ctx: &mut Ctx<'_>, text: &str) {
        if self.o.verbosity >= Verbosity::NoVerbose {
            ctx.err(text);
        }
    }

    /// `--2026-12-05 10:14:27--  URL` (with `(try: N)` after the first).
    fn banner(&self, ctx: &mut Ctx<'_>, url: &Url) {
        let now = progress::date(netutil::epoch_secs(ctx));
        let tried = if self.try_no > 1 {
            format!("(try:{:2})  ", self.try_no)
        } else {
            String::new()
        };
        self.log(ctx, &format!("--{now}--  {tried}{}\n", url.text()));
    }

    /// Starts `url`: its banner, then its lookup or its connection.
    fn begin(&mut self, ctx: &mut Ctx<'_>, url: Url) {
        self.banner(ctx, &url);
        if let Ok(a) = url.host.parse::<IpAddr>() {
            self.connect(ctx, url, Vec::from([a]), false);
            return;
        }
        self.log(ctx, &format!("Resolving {0} ({0})... ", url.host));
        self.state = State::Resolving {
            url,
            pending: Box::default(),
        };
    }

    /// Opens a connection to the first of `addrs`.
    fn connect(&mut self, ctx: &mut Ctx<'_>, url: Url, addrs: Vec<IpAddr>, named: bool) {
        let Some(&addr) = addrs.first() else {
            self.state = State::Next;
            return;
        };
        let shown = if named {
            format!("{0} ({0})|{addr}|:{1}", url.host, url.port)
        } else if addr.is_ipv6() {
            format!("[{addr}]:{}", url.port)
        } else {
            format!("{addr}:{}", url.port)
        };
        self.log(ctx, &format!("Connecting to {shown}... "));
        let fd = match ctx.sys().socket(Family::of(&addr), SockType::Stream) {
            Ok(fd) => fd,
            Err(e) => return self.connect_failed(ctx, url, addrs, named, e),
        };
        if let Err(e) = ctx.sys().connect(fd, SocketAddr::new(addr, url.port)) {
            let _ = ctx.sys().close(fd);
            return self.connect_failed(ctx, url, addrs, named, e);
        }
        let deadline = self.o.timeout_s.map(|s| ctx.now() + Duration::from_secs(s));
        self.state = State::Connecting {
            url,
            addrs,
            named,
            fd,
            deadline,
        };
    }

    /// `failed: Connection refused.`; the next address, a retry, or the
    /// end (status 4).
    fn connect_failed(
        &mut self,
        ctx: &mut Ctx<'_>,
        url: Url,
        mut addrs: Vec<IpAddr>,
        named: bool,
        e: Errno,
    ) {
        self.note(ctx, &format!("failed: {}.\n", e.message()));
        if addrs.len() > 1 {
            addrs.remove(0);
            return self.connect(ctx, url, addrs, named);
        }
        if e == Errno::ECONNREFUSED || e == Errno::ENETUNREACH {
            // wget does not retry a refused connection, nor one with no
            // route (recorded).
            self.status = status::NETWORK;
            self.state = State::Next;
            return;
        }
        if self.o.tries != 0 && self.try_no >= self.o.tries {
            self.log(ctx, "Giving up.\n\n");
            self.status = status::NETWORK;
            self.state = State::Next;
            return;
        }
        self.log(ctx, "Retrying.\n\n");
        // wget waits 1 s more after each failed try, up to --waitretry (10 s).
        let wait = Duration::from_secs(u64::from(self.try_no.min(10)));
        self.try_no += 1;
        self.state = State::Backoff {
            url,
            until: ctx.now() + wait,
        };
    }

    /// The request wget sends.
    fn request(&self, url: &Url) -> String {
        let method = if self.o.spider { "HEAD" } else { "GET" };
        format!(
            "{method} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: Wget/1.21.3\r\nAccept: */*\r\nAccept-Encoding: identity\r\nConnection: Keep-Alive\r\n\r\n",
            url.path,
            url.host_header()
        )
    }

    /// A whole response (or what came before the connection closed).
    fn respond(&mut self, ctx: &mut Ctx<'_>, url: Url, data: &[u8], elapsed: Duration) {
        let Some(head_end) = netutil::find_bytes(data, b"\r\n\r\n") else {
            self.log(ctx, "No data received.\nRetrying.\n\n");
            self.status = status::NETWORK;
            return;
        };
        let head = netutil::lossy(data.get(..head_end).unwrap_or_default());
        let body = data.get(head_end + 4..).unwrap_or_default();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let mut parts = status_line.splitn(3, ' ');
        let _version = parts.next();
        let code: u16 = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        let reason = parts.next().unwrap_or_default();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), String::from(v.trim())))
            .collect();
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        if self.o.server_response {
            let mut shown = String::from("\n");
            for l in head.split("\r\n") {
                shown.push_str(&format!("  {l}\n"));
            }
            self.log(ctx, &shown);
        } else {
            self.log(ctx, &format!("{code} {reason}\n"));
        }
        if matches!(code, 301 | 302 | 303 | 307 | 308)
            && let Some(location) = header("location")
        {
            self.log(ctx, &format!("Location: {location} [following]\n"));
            self.redirects += 1;
            if self.redirects > MAX_REDIRECTS {
                self.log(ctx, &format!("{MAX_REDIRECTS} redirections exceeded.\n"));
                self.status = status::SERVER;
                return;
            }
            let next = if location.starts_with('/') {
                Url {
                    path: location.clone(),
                    ..url
                }
            } else {
                match Url::parse(&location) {
                    Ok(u) => u,
                    Err(e) => {
                        self.log(ctx, &format!("{e}\n"));
                        self.status = status::SERVER;
                        return;
                    }
                }
            };
            self.try_no = 1;
            self.begin(ctx, next);
            return;
        }
        let length: Option<u64> = header("content-length").and_then(|v| v.parse().ok());
        let ctype = header("content-type").unwrap_or_default();
        let ctype_short = ctype.split(';').next().unwrap_or_default().trim();
        if !(200..300).contains(&code) {
            if self.o.spider {
                self.log(ctx, "Remote file does not exist -- broken link!!!\n\n");
            } else {
                let now = progress::date(netutil::epoch_secs(ctx));
                if self.o.verbosity == Verbosity::NoVerbose {
                    self.note(
                        ctx,
                        &format!("{}:\n{now} ERROR {code}: {reason}.\n", url.text()),
                    );
                } else {
                    self.log(ctx, &format!("{now} ERROR {code}: {reason}.\n\n"));
                }
            }
            self.status = status::SERVER;
            return;
        }
        self.log(ctx, &length_line(length, ctype_short));
        if self.o.spider {
            if ctype_short == "text/html" {
                self.log(ctx, "Remote file exists and could contain further links,\nbut recursion is disabled -- not retrieving.\n\n");
            } else {
                self.log(ctx, "Remote file exists.\n\n");
            }
            if self.o.verbosity == Verbosity::NoVerbose {
                let now = progress::date(netutil::epoch_secs(ctx));
                self.note(ctx, &format!("{now} URL: {} {code} {reason}\n", url.text()));
            }
            return;
        }
        let to_stdout = self.o.output.as_deref() == Some("-");
        let (name, path) = match &self.o.output {
            Some(o) if o == "-" => (String::from("STDOUT"), None),
            Some(o) => (o.clone(), Some(crate::shell::absolute_path(o, ctx.cwd()))),
            None => {
                let base = match &self.o.prefix {
                    Some(dir) => format!("{}/{}", dir.trim_end_matches('/'), url.file_name()),
                    None => url.file_name(),
                };
                let mut name = base.clone();
                let mut n = 1;
                let cwd = String::from(ctx.cwd());
                while ctx
                    .sys()
                    .stat(&crate::shell::absolute_path(&name, &cwd))
                    .is_ok()
                    && n < 10_000
                {
                    name = format!("{base}.{n}");
                    n += 1;
                }
                let path = crate::shell::absolute_path(&name, ctx.cwd());
                (name, Some(path))
            }
        };
        if let Some(path) = path.as_deref().filter(|_| self.o.output.is_none())
            && let Err(e) = ctx.sys().write_file(path, "", false)
        {
            let why = e.message();
            self.note(
                ctx,
                &format!("{name}: {why}\n\nCannot write to ‘{name}’ ({why}).\n"),
            );
            self.status = status::IO;
            return;
        }
        self.log(ctx, &format!("Saving to: ‘{name}’\n\n"));
        let total = body.len() as u64;
        let tty = ctx.sys().isatty(crate::sys::Fd(2));
        let bar_name = if to_stdout { "-" } else { name.as_str() };
        if tty {
            self.log(ctx, &progress::bar_start(bar_name));
        }
        if to_stdout {
            ctx.out(&netutil::lossy(body));
        } else if let Some(path) = &path {
            // The file is open (-O's since the start: its downloads follow
            // one another).
            let written = match core::str::from_utf8(body) {
                Ok(text) => ctx.sys().write_file(path, text, true),
                Err(_) => ctx.sys().write_binary(path, body),
            };
            if let Err(e) = written {
                self.note(ctx, &format!("{name}: {}\n", e.message()));
                self.status = status::IO;
                return;
            }
        }
        if tty {
            self.log(ctx, &progress::bar_end(bar_name, total, length, elapsed));
        } else {
            self.log(ctx, &progress::dots(total, length, elapsed));
        }
        self.files += 1;
        self.bytes += total;
        self.spent = self.spent + elapsed;
        let now = progress::date(netutil::epoch_secs(ctx));
        let rate = progress::rate_long(total, elapsed);
        let got = match length {
            Some(l) => format!("[{total}/{l}]"),
            None => format!("[{total}]"),
        };
        if self.o.verbosity == Verbosity::NoVerbose {
            let shown = if to_stdout { "-" } else { name.as_str() };
            self.note(
                ctx,
                &format!("{now} URL:{} {got} -> \"{shown}\" [1]\n", url.text()),
            );
        } else if to_stdout {
            self.log(
                ctx,
                &format!("{now} ({rate}) - written to stdout {got}\n\n"),
            );
        } else {
            self.log(ctx, &format!("{now} ({rate}) - ‘{name}’ saved {got}\n\n"));
        }
    }

    /// Moves the run on; its exit status once every URL is done.
    fn step(&mut self, ctx: &mut Ctx<'_>) -> Option<Option<i32>> {
        let now = ctx.now();
        match core::mem::replace(&mut self.state, State::Next) {
            State::Next => {
                let Some(text) = self.urls.pop_front() else {
                    if self.several {
                        let now = netutil::epoch_secs(ctx);
                        let wall = ctx.now().saturating_since(self.started);
                        let lines =
                            progress::finished(now, wall, self.files, self.bytes, self.spent);
                        self.note(ctx, &lines);
                    }
                    return Some(Some(self.status));
                };
                self.try_no = 1;
                self.redirects = 0;
                match Url::parse(&text) {
                    Ok(url) => self.begin(ctx, url),
                    Err(e) => {
                        ctx.err(&format!("{e}\n"));
                        self.status = 1;
                    }
                }
                None
            }
            State::Backoff { url, until } => {
                if now < until {
                    ctx.wake_at(until);
                    self.state = State::Backoff { url, until };
                    return Some(None);
                }
                self.begin(ctx, url);
                None
            }
            State::Resolving { url, mut pending } => {
                let host = url.host.clone();
                let family = self.o.family.unwrap_or(crate::names::Family::Unspec);
                let Some(found) = pending.poll(ctx, move |ctx| {
                    netutil::gai_lookup(ctx, Some(&host), None, family, false)
                }) else {
                    self.state = State::Resolving { url, pending };
                    return Some(None);
                };
                match found.addrs(ctx) {
                    Ok(addrs) => {
                        let list: Vec<String> = addrs.iter().map(|a| format!("{a}")).collect();
                        self.log(ctx, &format!("{}\n", list.join(", ")));
                        self.connect(ctx, url, addrs, true);
                    }
                    Err(why) => {
                        self.log(ctx, &format!("failed: {why}.\n"));
                        self.note(
                            ctx,
                            &format!("wget: unable to resolve host address ‘{}’\n", url.host),
                        );
                        self.status = status::NETWORK;
                    }
                }
                None
            }
            State::Connecting {
                url,
                addrs,
                named,
                fd,
                deadline,
            } => {
                if let Ok(Some(e)) = ctx.sys().take_error(fd) {
                    let _ = ctx.sys().close(fd);
                    self.connect_failed(ctx, url, addrs, named, e);
                    return None;
                }
                let ready = ctx.sys().poll(fd).unwrap_or(PollEvents::NONE);
                if ready.contains(PollEvents::OUT) {
                    self.log(ctx, "connected.\n");
                    if url.https {
                        let hello = client_hello();
                        let _ = ctx.sys().send(fd, &hello);
                        let timeout = self.o.timeout_s.map_or(READ_TIMEOUT, Duration::from_secs);
                        self.state = State::TlsHello {
                            fd,
                            deadline: now + timeout,
                        };
                        return None;
                    }
                    let _ = ctx.sys().send(fd, self.request(&url).as_bytes());
                    self.log(ctx, "HTTP request sent, awaiting response... ");
                    let timeout = self.o.timeout_s.map_or(READ_TIMEOUT, Duration::from_secs);
                    self.state = State::Reading {
                        url,
                        fd,
                        buf: Vec::new(),
                        sent_at: now,
                        deadline: now + timeout,
                    };
                    return None;
                }
                if let Some(d) = deadline {
                    if now >= d {
                        let _ = ctx.sys().close(fd);
                        self.connect_failed(ctx, url, addrs, named, Errno::ETIMEDOUT);
                        return None;
                    }
                    ctx.wake_at(d);
                }
                self.state = State::Connecting {
                    url,
                    addrs,
                    named,
                    fd,
                    deadline,
                };
                Some(None)
            }
            State::TlsHello { fd, deadline } => {
                let mut chunk = [0u8; 4096];
                let why = match ctx.sys().recv(fd, &mut chunk) {
                    // GnuTLS's words (recorded: a plain HTTP server on 443).
                    Ok(0) => "The TLS connection was non-properly terminated.",
                    Ok(_) => "An unexpected TLS packet was received.",
                    Err(Errno::EAGAIN) if now < deadline => {
                        ctx.wake_at(deadline);
                        self.state = State::TlsHello { fd, deadline };
                        return Some(None);
                    }
                    Err(Errno::EAGAIN) => "The operation timed out",
                    Err(_) => "Error in the push function.",
                };
                let _ = ctx.sys().close(fd);
                self.note(
                    ctx,
                    &format!("GnuTLS: {why}\nUnable to establish SSL connection.\n"),
                );
                self.status = status::NETWORK;
                None
            }
            State::Reading {
                url,
                fd,
                mut buf,
                sent_at,
                deadline,
            } => {
                let mut chunk = [0u8; 8192];
                let done = loop {
                    match ctx.sys().recv(fd, &mut chunk) {
                        Ok(0) => break true,
                        Ok(n) => {
                            buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
                            if buf.len() > MAX_RESPONSE || complete(&buf, self.o.spider) {
                                break true;
                            }
                        }
                        Err(Errno::EAGAIN) => break false,
                        Err(_) => break true,
                    }
                };
                if done {
                    let _ = ctx.sys().close(fd);
                    self.respond(ctx, url, &buf, now.saturating_since(sent_at));
                    return None;
                }
                if now >= deadline {
                    let _ = ctx.sys().close(fd);
                    self.log(
                        ctx,
                        "Read error (Connection timed out) in headers.\nGiving up.\n\n",
                    );
                    self.status = status::NETWORK;
                    return None;
                }
                ctx.wake_at(deadline);
                self.state = State::Reading {
                    url,
                    fd,
                    buf,
                    sent_at,
                    deadline,
                };
                Some(None)
            }
        }
    }
}

impl Process for Wget {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        for _ in 0..64 {
            match self.step(ctx) {
                None => continue,
                Some(done) => return done,
            }
        }
        ctx.wake_at(ctx.now());
        None
    }

    fn interrupt(&mut self, _ctx: &mut Ctx<'_>) -> Option<i32> {
        Some(130)
    }
}
