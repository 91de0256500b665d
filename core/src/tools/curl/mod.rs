//! `curl` 7.88.1 as Debian 12 ships it, for `http://` over the lab's TCP:
//! URL checks, name resolution (curl's own `localhost`), happy eyeballs
//! over the addresses, the request bytes, response parsing, `-v` lines,
//! the progress meter when the body does not go to the terminal, and the
//! error messages and exit codes. Real outputs it is checked against:
//! core/tests/fixtures/apps/curl_real.txt.

mod options;
mod url;

use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use crate::errno::Errno;
use crate::names::{self, IpResolve};
use crate::net::{SockType, SocketId};
use crate::process::{Ctx, Process, Started};
use crate::socket::bind::Family;
use crate::socket::tcp::State;
use crate::time::{Duration, Instant};

use super::netutil::{find_bytes, lossy};
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
    sid: SocketId,
    addr: IpAddr,
}

#[derive(Debug)]
enum Phase {
    Connecting,
    Tls { sid: SocketId, got: usize },
    Http(Box<Transfer>),
}

/// The response being read.
#[derive(Debug, Default)]
struct Transfer {
    sid: Option<SocketId>,
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

fn ms(d: Duration) -> u64 {
    d.micros() / 1000
}

/// curl's `max5data`: a number in at most five characters.
fn max5(n: u64) -> String {
    const K: u64 = 1024;
    const M: u64 = K * K;
    const G: u64 = M * K;
    if n < 100_000 {
        format!("{n:>5}")
    } else if n < 10_000 * K {
        format!("{:>4}k", n / K)
    } else if n < 100 * M {
        format!("{:>2}.{}M", n / M, (n % M) / (M / 10))
    } else if n < 10_000 * M {
        format!("{:>4}M", n / M)
    } else if n < 100 * G {
        format!("{:>2}.{}G", n / G, (n % G) / (G / 10))
    } else {
        format!("{:>4}G", n / G)
    }
}

fn time2str(secs: u64) -> String {
    if secs == 0 {
        return String::from("--:--:--");
    }
    let h = secs / 3600;
    let m = secs % 3600 / 60;
    let s = secs % 60;
    if h < 100 {
        format!("{h:>2}:{m:02}:{s:02}")
    } else {
        format!("{:>3}d {:02}h", h / 24, h % 24)
    }
}

const METER_HEAD: &str = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n";

impl Curl {
    fn info(&self, ctx: &mut Ctx<'_>, text: &str) {
        if self.o.verbose {
            ctx.err(&format!("* {text}\n"));
        }
    }

    fn elapsed_ms(&self, now: Instant) -> u64 {
        ms(now - self.start)
    }

    fn meter_line(&self, ctx: &Ctx<'_>, total: Option<usize>) -> String {
        let elapsed = (ctx.now - self.start).micros();
        let got = self.downloaded as u64;
        let speed = got
            .saturating_mul(1_000_000)
            .checked_div(elapsed)
            .unwrap_or(got);
        let (pct, size) = match total {
            Some(t) if t > 0 => ((got * 100 / t as u64).min(100), t as u64),
            _ => (0, 0),
        };
        let spent = time2str(elapsed / 1_000_000);
        format!(
            "{pct:>3} {}  {pct:>3} {}    0     0  {}      0 --:--:-- {spent} --:--:-- {}",
            max5(size),
            max5(got),
            max5(speed),
            max5(speed)
        )
    }

    fn meter_end(&self, ctx: &mut Ctx<'_>) {
        if self.meter {
            let total = match &self.phase {
                Phase::Http(t) => t.content_length,
                _ => None,
            };
            let line = self.meter_line(ctx, total);
            ctx.err(&format!("\r{line}\n"));
        }
    }

    /// Ends with curl's error: the verbose line, the meter, "Closing
    /// connection", then `curl: (N) message` unless silenced.
    fn fail(&mut self, ctx: &mut Ctx<'_>, code: i32, msg: &str, meter: bool) -> Option<i32> {
        self.info(ctx, msg);
        if meter {
            self.meter_end(ctx);
        }
        self.close_all(ctx);
        self.info(ctx, &format!("Closing connection {}", self.conn_no));
        if !self.o.silent || self.o.show_error {
            ctx.err(&format!("curl: ({code}) {msg}\n"));
        }
        self.write_out(ctx, code);
        Some(code)
    }

    fn close_all(&mut self, ctx: &mut Ctx<'_>) {
        for a in self.attempts.drain(..) {
            ctx.host.net.close(ctx.ns, a.sid);
        }
        match &mut self.phase {
            Phase::Tls { sid, .. } => ctx.host.net.close(ctx.ns, *sid),
            Phase::Http(t) => {
                if let Some(sid) = t.sid.take() {
                    ctx.host.net.close(ctx.ns, sid);
                }
            }
            Phase::Connecting => {}
        }
    }

    fn write_out(&self, ctx: &mut Ctx<'_>, code: i32) {
        let Some(fmt) = self.o.write_out.clone() else {
            return;
        };
        let mut out = String::new();
        let mut rest = fmt.as_str();
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("%{")
                && let Some(end) = after.find('}')
            {
                let name = after.get(..end).unwrap_or_default();
                rest = after.get(end + 1..).unwrap_or_default();
                let (remote, local) = match self.connected {
                    Some((r, l)) => (Some(r), Some(l)),
                    None => (None, None),
                };
                let value = match name {
                    "http_code" | "response_code" => format!("{:03}", self.response_code),
                    "url_effective" => self.url.to_text(),
                    "remote_ip" => remote.map(|a| a.ip().to_string()).unwrap_or_default(),
                    "remote_port" => remote.map(|a| a.port().to_string()).unwrap_or_default(),
                    "local_ip" => local.map(|a| a.ip().to_string()).unwrap_or_default(),
                    "local_port" => local.map(|a| a.port().to_string()).unwrap_or_default(),
                    "size_download" => self.downloaded.to_string(),
                    "num_redirects" => self.redirects.to_string(),
                    "exitcode" => code.to_string(),
                    "content_type" => match &self.phase {
                        Phase::Http(t) => t.content_type.clone().unwrap_or_default(),
                        _ => String::new(),
                    },
                    "time_total" => {
                        let us = (ctx.now - self.start).micros();
                        format!("{}.{:06}", us / 1_000_000, us % 1_000_000)
                    }
                    _ => {
                        ctx.err(&format!("curl: unknown --write-out variable: '{name}'\n"));
                        String::new()
                    }
                };
                out.push_str(&value);
                continue;
            }
            if let Some(after) = rest.strip_prefix('\\')
                && let Some(e) = after.chars().next()
            {
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    '\\' => out.push('\\'),
                    other => {
                        out.push('\\');
                        out.push(other);
                    }
                }
                rest = after.get(e.len_utf8()..).unwrap_or_default();
                continue;
            }
            out.push(c);
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
        }
        ctx.out(&out);
    }

    fn body_out(&mut self, ctx: &mut Ctx<'_>, bytes: &[u8]) {
        self.downloaded += bytes.len();
        let text = lossy(bytes);
        match self.out_path(ctx) {
            Some(path) if path == "/dev/null" => {}
            Some(path) => {
                let root = ctx.user == crate::host::User::Root;
                let _ = ctx.host.files.write(&path, &text, true, root);
            }
            None => ctx.out(&text),
        }
    }

    fn out_path(&self, ctx: &Ctx<'_>) -> Option<String> {
        let name = match (&self.o.output, self.o.remote_name) {
            (Some(o), _) if o != "-" => o.clone(),
            (None, true) => {
                let p = self.url.path.split('?').next().unwrap_or_default();
                String::from(p.rsplit('/').next().unwrap_or_default())
            }
            _ => return None,
        };
        Some(crate::shell::absolute_path(&name, ctx.cwd))
    }

    /// Starts connecting to the next address of `family0` (then `family1`).
    fn start_next(&mut self, ctx: &mut Ctx<'_>, second: bool) {
        loop {
            let addr = if second {
                self.family1.pop_front()
            } else {
                self.family0.pop_front()
            };
            let Some(addr) = addr else { return };
            let shown = match addr {
                IpAddr::V6(a) => format!("[{a}]"),
                IpAddr::V4(a) => a.to_string(),
            };
            self.info(ctx, &format!("  Trying {shown}:{}...", self.url.port));
            let family = if addr.is_ipv4() {
                Family::Inet
            } else {
                Family::Inet6
            };
            let uid = ctx.user.uid();
            let sid = match ctx.host.net.socket(ctx.ns, family, SockType::Stream, uid) {
                Ok(s) => s,
                Err(e) => {
                    self.last_error = Some(e);
                    continue;
                }
            };
            ctx.host.net.set_owner(ctx.ns, sid, ctx.pid, "curl");
            if let Some(dev) = &self.o.interface {
                let index = ctx
                    .host
                    .net
                    .ns(ctx.ns)
                    .and_then(|n| n.iface_by_name(dev))
                    .map(|i| i.index);
                match index {
                    Some(i) => {
                        if let Some(o) = ctx.host.net.sockopts_mut(ctx.ns, sid) {
                            o.bind_device = Some(i);
                        }
                    }
                    None => {
                        if let Ok(ip) = dev.parse::<IpAddr>()
                            && ip.is_ipv4() == addr.is_ipv4()
                        {
                            let _ = ctx.host.net.bind(ctx.ns, sid, SocketAddr::new(ip, 0));
                        }
                    }
                }
            }
            match ctx
                .host
                .net
                .tcp_connect(ctx.ns, sid, SocketAddr::new(addr, self.url.port))
            {
                Ok(()) => {
                    self.attempts.push(Attempt { sid, addr });
                    return;
                }
                Err(e) => {
                    ctx.host.net.close(ctx.ns, sid);
                    self.last_error = Some(e);
                    self.info(
                        ctx,
                        &format!("Immediate connect fail for {addr}: {}", e.message()),
                    );
                }
            }
        }
    }

    fn connect_deadline(&self) -> Instant {
        let c = self
            .o
            .connect_timeout_ms
            .unwrap_or(DEFAULT_CONNECT_TIMEOUT_MS);
        let c = match self.o.max_time_ms {
            Some(m) if m > 0 && (m < c || self.o.connect_timeout_ms.is_none()) => m.min(c),
            _ => c,
        };
        self.start + Duration::from_micros(c.saturating_mul(1000))
    }

    fn poll_connecting(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        // Outcomes of the attempts in flight.
        let mut i = 0;
        while let Some(a) = self.attempts.get(i).copied() {
            if let Some(e) = ctx.host.net.tcp_take_error(ctx.ns, a.sid) {
                self.info(
                    ctx,
                    &format!(
                        "connect to {} port {} failed: {}",
                        a.addr,
                        self.url.port,
                        e.message()
                    ),
                );
                self.last_error = Some(e);
                ctx.host.net.close(ctx.ns, a.sid);
                self.attempts.remove(i);
                let second = a.addr.is_ipv4() != self.family0_is_v4();
                self.start_next(ctx, second);
                continue;
            }
            if ctx.host.net.tcp_state(ctx.ns, a.sid) == Some(State::Established) {
                self.attempts.remove(i);
                for other in self.attempts.drain(..) {
                    ctx.host.net.close(ctx.ns, other.sid);
                }
                return self.on_connected(ctx, a);
            }
            i += 1;
        }
        // The first family is done (or slow): start the other one.
        let first_busy = self
            .attempts
            .iter()
            .any(|a| a.addr.is_ipv4() == self.family0_is_v4());
        if !self.family1.is_empty()
            && (!first_busy && self.family0.is_empty() || ctx.now >= self.second_at)
            && !self
                .attempts
                .iter()
                .any(|a| a.addr.is_ipv4() != self.family0_is_v4())
        {
            self.start_next(ctx, true);
            return self.poll_connecting(ctx);
        }
        if self.attempts.is_empty() && self.family0.is_empty() && self.family1.is_empty() {
            let ms = self.elapsed_ms(ctx.now);
            let msg = format!(
                "Failed to connect to {} port {} after {ms} ms: Couldn't connect to server",
                self.url.host, self.url.port
            );
            let code = if self.last_error == Some(Errno::ETIMEDOUT) {
                28
            } else {
                7
            };
            return self.fail(ctx, code, &msg, true);
        }
        let deadline = self.connect_deadline();
        if ctx.now >= deadline {
            // curl's timers fire a millisecond late.
            let ms = self.elapsed_ms(ctx.now) + 1;
            let msg = format!("Connection timed out after {ms} milliseconds");
            return self.fail(ctx, 28, &msg, true);
        }
        ctx.wake_at(deadline);
        if !self.family1.is_empty() {
            ctx.wake_at(self.second_at);
        }
        None
    }

    fn family0_is_v4(&self) -> bool {
        self.family_first_v4
    }

    fn on_connected(&mut self, ctx: &mut Ctx<'_>, a: Attempt) -> Option<i32> {
        let remote = SocketAddr::new(a.addr, self.url.port);
        let local = ctx
            .host
            .net
            .local_addr(ctx.ns, a.sid)
            .unwrap_or(SocketAddr::new(a.addr, 0));
        self.connected = Some((remote, local));
        self.info(
            ctx,
            &format!(
                "Connected to {} ({}) port {} (#{})",
                self.url.host, a.addr, self.url.port, self.conn_no
            ),
        );
        if self.url.scheme == "https" {
            self.info(ctx, "ALPN: offers h2,http/1.1");
            self.data_line(ctx, '}', 5);
            self.info(ctx, "TLSv1.3 (OUT), TLS handshake, Client hello (1):");
            self.data_line(ctx, '}', 512);
            self.info(ctx, " CAfile: /etc/ssl/certs/ca-certificates.crt");
            self.info(ctx, " CApath: /etc/ssl/certs");
            let mut hello = Vec::with_capacity(517);
            hello.extend_from_slice(&[0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc]);
            hello.resize(517, 0);
            let _ = ctx.host.net.tcp_send(ctx.ns, a.sid, &hello);
            self.phase = Phase::Tls { sid: a.sid, got: 0 };
            return self.poll(ctx);
        }
        let request = self.request_bytes();
        if self.o.verbose {
            let text = lossy(request.head.as_slice());
            for line in text.split_inclusive("\r\n") {
                ctx.err(&format!("> {line}"));
            }
        }
        let mut bytes = request.head;
        if let Some(d) = &self.o.data {
            bytes.extend_from_slice(d.as_bytes());
            if !d.is_empty() {
                self.data_line(ctx, '}', d.len());
            }
        }
        let mut t = Transfer {
            sid: Some(a.sid),
            unsent: bytes,
            head: request.head_request,
            ..Transfer::default()
        };
        self.flush(ctx, &mut t);
        self.phase = Phase::Http(Box::new(t));
        self.poll(ctx)
    }

    fn data_line(&self, ctx: &mut Ctx<'_>, dir: char, n: usize) {
        if self.o.verbose && self.show_data_lines {
            ctx.err(&format!("{dir} [{n} bytes data]\n"));
        }
    }

    fn flush(&self, ctx: &mut Ctx<'_>, t: &mut Transfer) {
        if t.unsent.is_empty() {
            return;
        }
        let Some(sid) = t.sid else { return };
        if let Ok(n) = ctx.host.net.tcp_send(ctx.ns, sid, &t.unsent) {
            t.unsent.drain(..n.min(t.unsent.len()));
        }
    }

    fn request_bytes(&self) -> Request {
        let method = match (&self.o.method, self.o.head, &self.o.data) {
            (Some(m), _, _) => m.clone(),
            (None, true, _) => String::from("HEAD"),
            (None, false, Some(_)) => String::from("POST"),
            _ => String::from("GET"),
        };
        let version = if self.http10_next { "1.0" } else { "1.1" };
        let mut headers: Vec<(String, String)> = Vec::from([
            (String::from("Host"), self.url.host_header()),
            (String::from("User-Agent"), String::from("curl/7.88.1")),
            (String::from("Accept"), String::from("*/*")),
        ]);
        let mut custom: Vec<(String, String)> = Vec::new();
        for h in &self.o.headers {
            let Some((name, value)) = h.split_once(':') else {
                continue;
            };
            let value = value.trim_start().to_string();
            if let Some(slot) = headers
                .iter_mut()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                slot.1 = value;
            } else {
                custom.push((name.to_string(), value));
            }
        }
        headers.extend(custom);
        if let Some(d) = &self.o.data {
            headers.push((String::from("Content-Length"), d.len().to_string()));
            if !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
            {
                headers.push((
                    String::from("Content-Type"),
                    String::from("application/x-www-form-urlencoded"),
                ));
            }
        }
        let mut head = format!("{method} {} HTTP/{version}\r\n", self.url.path);
        for (n, v) in headers.iter().filter(|(_, v)| !v.is_empty()) {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str("\r\n");
        Request {
            head: head.into_bytes(),
            head_request: method == "HEAD" || self.o.head,
        }
    }

    fn poll_tls(&mut self, ctx: &mut Ctx<'_>, sid: SocketId, got: usize) -> Option<i32> {
        let mut buf = [0u8; 4096];
        match ctx.host.net.tcp_recv(ctx.ns, sid, &mut buf) {
            Ok(0) => {
                let msg =
                    format!("{OPENSSL}: error:0A000126:SSL routines::unexpected eof while reading");
                self.fail(ctx, 35, &msg, true)
            }
            Ok(n) => {
                let first = buf.first().copied().unwrap_or(0);
                if got == 0 {
                    self.data_line(ctx, '{', 5.min(n));
                }
                if first != 0x16 {
                    let msg =
                        format!("{OPENSSL}: error:0A00010B:SSL routines::wrong version number");
                    return self.fail(ctx, 35, &msg, true);
                }
                self.phase = Phase::Tls { sid, got: got + n };
                None
            }
            Err(Errno::EAGAIN) => self.check_max_time(ctx),
            Err(e) => self.fail(
                ctx,
                35,
                &format!("OpenSSL SSL_connect: {}", e.message()),
                true,
            ),
        }
    }

    fn check_max_time(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        let m = self.o.max_time_ms.filter(|m| *m > 0)?;
        let end = self.start + Duration::from_micros(m.saturating_mul(1000));
        if ctx.now >= end {
            let ms = self.elapsed_ms(ctx.now) + 1;
            let total = match &self.phase {
                Phase::Http(t) => t.content_length,
                _ => None,
            };
            let msg = match total {
                Some(t) => format!(
                    "Operation timed out after {ms} milliseconds with {} out of {t} bytes received",
                    self.downloaded
                ),
                None => format!(
                    "Operation timed out after {ms} milliseconds with {} bytes received",
                    self.downloaded
                ),
            };
            return self.fail(ctx, 28, &msg, true);
        }
        ctx.wake_at(end);
        None
    }

    fn poll_http(&mut self, ctx: &mut Ctx<'_>, mut t: Box<Transfer>) -> Option<i32> {
        self.flush(ctx, &mut t);
        let Some(sid) = t.sid else {
            return Some(0);
        };
        let mut eof = false;
        let mut buf = [0u8; 16384];
        loop {
            match ctx.host.net.tcp_recv(ctx.ns, sid, &mut buf) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => t.buf.extend_from_slice(buf.get(..n).unwrap_or_default()),
                Err(Errno::EAGAIN) => break,
                Err(e) => {
                    self.phase = Phase::Http(t);
                    return self.fail(ctx, 56, &format!("Recv failure: {}", e.message()), true);
                }
            }
        }
        if !t.headers_done {
            if !t.buf.is_empty() && !t.buf.starts_with(b"HTTP/") && t.buf.len() >= 5
                || (eof && !t.buf.is_empty() && !t.buf.starts_with(b"HTTP/"))
            {
                self.phase = Phase::Http(t);
                return self.fail(ctx, 1, "Received HTTP/0.9 when not allowed", true);
            }
            let end = find_bytes(&t.buf, b"\r\n\r\n")
                .map(|i| i + 4)
                .or_else(|| find_bytes(&t.buf, b"\n\n").map(|i| i + 2));
            match end {
                Some(end) => {
                    let head: Vec<u8> = t.buf.drain(..end).collect();
                    self.headers(ctx, &mut t, &head);
                    if self.o.fail && t.status >= 400 {
                        // -f stops before the body.
                        let msg = format!("The requested URL returned error: {}", t.status);
                        self.phase = Phase::Http(t);
                        return self.fail(ctx, 22, &msg, true);
                    }
                }
                None if eof => {
                    self.phase = Phase::Http(t);
                    return self.fail(ctx, 52, "Empty reply from server", true);
                }
                None => {
                    self.phase = Phase::Http(t);
                    return self.check_max_time(ctx);
                }
            }
        }
        // Body.
        let data = core::mem::take(&mut t.buf);
        if t.head {
            // No body for HEAD.
        } else if t.chunked {
            let body = self.dechunk(&mut t, &data);
            if !body.is_empty() {
                self.data_line(ctx, '{', body.len());
                self.body_out(ctx, &body);
            }
        } else if !data.is_empty() {
            let take = match t.content_length {
                Some(cl) => data.len().min(cl.saturating_sub(t.body)),
                None => data.len(),
            };
            let part = data.get(..take).unwrap_or_default();
            t.body += take;
            if !part.is_empty() {
                self.data_line(ctx, '{', part.len());
                self.body_out(ctx, part);
            }
        }
        let complete = t.head
            || (t.chunked && t.chunks_done)
            || t.content_length.is_some_and(|cl| t.body >= cl);
        if complete || eof {
            if !complete && let Some(cl) = t.content_length {
                let left = cl.saturating_sub(t.body);
                self.phase = Phase::Http(t);
                return self.fail(
                    ctx,
                    18,
                    &format!("transfer closed with {left} bytes remaining to read"),
                    true,
                );
            }
            return self.finish_response(ctx, t);
        }
        self.phase = Phase::Http(t);
        self.check_max_time(ctx)
    }

    fn dechunk(&self, t: &mut Transfer, data: &[u8]) -> Vec<u8> {
        let mut pending = core::mem::take(&mut t.buf);
        pending.extend_from_slice(data);
        let mut out = Vec::new();
        let mut pos = 0;
        while !t.chunks_done {
            if t.chunk_left > 0 {
                let rest = pending.get(pos..).unwrap_or_default();
                let n = rest.len().min(t.chunk_left);
                out.extend_from_slice(rest.get(..n).unwrap_or_default());
                pos += n;
                t.chunk_left -= n;
                if t.chunk_left > 0 {
                    break;
                }
                // The CRLF after the chunk.
                pos += 2;
                continue;
            }
            let rest = pending.get(pos..).unwrap_or_default();
            let Some(eol) = find_bytes(rest, b"\r\n") else {
                break;
            };
            let line = lossy(rest.get(..eol).unwrap_or_default());
            let size =
                usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16).unwrap_or(0);
            pos += eol + 2;
            if size == 0 {
                t.chunks_done = true;
            } else {
                t.chunk_left = size;
            }
        }
        t.buf = pending.get(pos..).map(<[u8]>::to_vec).unwrap_or_default();
        t.body += out.len();
        out
    }

    fn headers(&mut self, ctx: &mut Ctx<'_>, t: &mut Transfer, head: &[u8]) {
        t.headers_done = true;
        let text = lossy(head);
        let mut lines = text.split_inclusive('\n');
        let status_line = lines.next().unwrap_or_default();
        let mut parts = status_line.split_whitespace();
        let version = parts.next().unwrap_or_default();
        t.http10 = version == "HTTP/1.0";
        t.status = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        self.response_code = t.status;
        if t.http10 {
            self.info(ctx, "HTTP 1.0, assume close after body");
            t.close = true;
        }
        let mut shown = String::new();
        shown.push_str(status_line);
        for line in lines {
            shown.push_str(line);
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => t.content_length = value.parse().ok(),
                "transfer-encoding" if value.eq_ignore_ascii_case("chunked") => t.chunked = true,
                "connection" if value.eq_ignore_ascii_case("close") => t.close = true,
                "connection" if value.eq_ignore_ascii_case("keep-alive") => t.close = false,
                "location" => t.location = Some(value.to_string()),
                "content-type" => t.content_type = Some(value.to_string()),
                _ => {}
            }
        }
        if self.o.verbose {
            for line in shown.split_inclusive('\n') {
                ctx.err(&format!("< {line}"));
            }
        }
        if self.o.include || self.o.head {
            match self.out_path(ctx) {
                Some(path) if path == "/dev/null" => {}
                Some(path) => {
                    let root = ctx.user == crate::host::User::Root;
                    let _ = ctx.host.files.write(&path, &shown, true, root);
                }
                None => ctx.out(&shown),
            }
        }
        if t.content_length.is_none() && !t.chunked && !t.head {
            t.close = true;
        }
        if t.chunked {
            t.content_length = None;
        }
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
        if let Phase::Http(t) = &mut self.phase
            && let Some(sid) = t.sid.take()
        {
            ctx.host.net.close(ctx.ns, sid);
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
            let res = self.dns.poll(ctx, "curl", |ctx| {
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
        self.second_at = ctx.now + Duration::from_micros(HAPPY_EYEBALLS_MS * 1000);
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
            Phase::Tls { sid, got } => {
                self.phase = Phase::Tls { sid, got };
                self.poll_tls(ctx, sid, got)
            }
            Phase::Http(t) => self.poll_http(ctx, t),
        }
    }

    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        self.close_all(ctx);
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
        start: ctx.now,
        phase: Phase::Connecting,
        family0: VecDeque::new(),
        family1: VecDeque::new(),
        family_first_v4: true,
        second_at: ctx.now,
        attempts: Vec::new(),
        last_error: None,
        connected: None,
        downloaded: 0,
        response_code: 0,
        cache: Vec::new(),
        dns: resolve::Pending::default(),
    };
    if let Some(path) = c.out_path(ctx).filter(|p| p != "/dev/null") {
        let root = ctx.user == crate::host::User::Root;
        if let Err(e) = ctx.host.files.write(&path, "", false, root) {
            ctx.err(&format!(
                "Warning: Failed to open the file {}: {}\n",
                c.o.output.clone().unwrap_or(path),
                e.message()
            ));
            if !c.o.silent || c.o.show_error {
                ctx.err("curl: (23) Failure writing output to destination\n");
            }
            return Started::Exited(23);
        }
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
        ctx.err(METER_HEAD);
        let line = c.meter_line(ctx, None);
        ctx.err(&format!("\r{line}"));
    }
    match c.begin(ctx) {
        Some(status) => Started::Exited(status),
        None => Started::Running(Box::new(c)),
    }
}
