//! `redis-server` (Redis 7.0, Debian 12) and `redis-cli`: a server that
//! speaks RESP over the lab's TCP (PING, ECHO, SET, GET, DEL, EXISTS) and a
//! client that sends one command. The startup log keeps Redis's key lines
//! (written from Redis 7.0's `main()`; not checked against a real run, see
//! core/tests/fixtures/apps/README.md).

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use crate::names;
use crate::process::{Ctx, Process, Started};
use crate::sys::{Errno, Family, Fd, PollEvents, SockOpt, SockType, Timespec};

use super::netutil::{self, find_bytes, lossy};

/// Encodes a command as a RESP array of bulk strings.
pub(crate) fn encode(args: &[String]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len());
    for a in args {
        out.push_str(&format!("${}\r\n{a}\r\n", a.len()));
    }
    out.into_bytes()
}

/// Parses one command from `buf` (RESP array or inline); returns it and
/// the bytes used, `None` if incomplete.
fn parse_command(buf: &[u8]) -> Option<Result<(Vec<String>, usize), String>> {
    let eol = find_bytes(buf, b"\r\n")?;
    let first = lossy(buf.get(..eol)?);
    if let Some(n) = first.strip_prefix('*') {
        let Ok(n) = n.parse::<usize>() else {
            return Some(Err(String::from(
                "Protocol error: invalid multibulk length",
            )));
        };
        let mut pos = eol + 2;
        let mut args = Vec::new();
        for _ in 0..n.min(1024) {
            let rest = buf.get(pos..)?;
            let e = find_bytes(rest, b"\r\n")?;
            let head = lossy(rest.get(..e)?);
            let Some(len) = head.strip_prefix('$').and_then(|l| l.parse::<usize>().ok()) else {
                return Some(Err(format!(
                    "Protocol error: expected '$', got '{}'",
                    head.chars().next().unwrap_or(' ')
                )));
            };
            let start = pos + e + 2;
            let data = buf.get(start..start.checked_add(len)?)?;
            args.push(lossy(data));
            pos = start + len + 2;
            if buf.len() < pos {
                return None;
            }
        }
        return Some(Ok((args, pos)));
    }
    let args = first.split_whitespace().map(String::from).collect();
    Some(Ok((args, eol + 2)))
}

fn bulk(s: &str) -> String {
    format!("${}\r\n{s}\r\n", s.len())
}

fn execute(store: &mut BTreeMap<String, String>, args: &[String]) -> String {
    let Some(cmd) = args.first() else {
        return String::new();
    };
    let rest = args.get(1..).unwrap_or_default();
    let wrong = |c: &str| {
        format!(
            "-ERR wrong number of arguments for '{}' command\r\n",
            c.to_ascii_lowercase()
        )
    };
    match (cmd.to_ascii_uppercase().as_str(), rest) {
        ("PING", []) => String::from("+PONG\r\n"),
        ("PING", [m]) => bulk(m),
        ("ECHO", [m]) => bulk(m),
        ("SET", [k, v]) => {
            store.insert(k.clone(), v.clone());
            String::from("+OK\r\n")
        }
        ("GET", [k]) => match store.get(k) {
            Some(v) => bulk(v),
            None => String::from("$-1\r\n"),
        },
        ("DEL", keys) if !keys.is_empty() => {
            let n = keys.iter().filter(|k| store.remove(*k).is_some()).count();
            format!(":{n}\r\n")
        }
        ("EXISTS", keys) if !keys.is_empty() => {
            let n = keys.iter().filter(|k| store.contains_key(*k)).count();
            format!(":{n}\r\n")
        }
        ("PING" | "ECHO" | "SET" | "GET" | "DEL" | "EXISTS", _) => wrong(cmd),
        _ => {
            let mut shown = String::new();
            for a in rest {
                shown.push_str(&format!("'{a}' "));
            }
            format!("-ERR unknown command '{cmd}', with args beginning with: {shown}\r\n")
        }
    }
}

#[derive(Debug)]
struct Client {
    fd: Fd,
    buf: Vec<u8>,
    loopback: bool,
}

#[derive(Debug)]
struct Server {
    listeners: Vec<Fd>,
    clients: Vec<Client>,
    store: BTreeMap<String, String>,
    protected: bool,
    pid: u32,
}

const DENIED: &str = "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Set up an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

/// A log line stamped with the wall clock `now`.
fn log_line(pid: u32, role: char, now: Timespec, level: char, text: &str) -> String {
    let secs = now.sec;
    let c = netutil::civil(secs);
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = months
        .get((c.month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("Jan");
    let millis = now.nsec / 1_000_000;
    format!(
        "{pid}:{role} {:02} {month} {} {:02}:{:02}:{:02}.{millis:03} {level} {text}\n",
        c.day, c.year, c.hour, c.minute, c.second
    )
}

impl Process for Server {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        for l in self.listeners.clone() {
            while let Ok(Some((fd, peer))) = ctx.sys().accept(l) {
                let ip = match peer.ip() {
                    IpAddr::V6(a) => a.to_ipv4_mapped().map_or(IpAddr::V6(a), IpAddr::V4),
                    v4 => v4,
                };
                self.clients.push(Client {
                    fd,
                    buf: Vec::new(),
                    loopback: ip.is_loopback(),
                });
            }
        }
        let mut clients = core::mem::take(&mut self.clients);
        clients.retain_mut(|c| {
            let mut buf = [0u8; 4096];
            let mut eof = false;
            loop {
                match ctx.sys().recv(c.fd, &mut buf) {
                    Ok(0) => {
                        eof = true;
                        break;
                    }
                    Ok(n) => c.buf.extend_from_slice(buf.get(..n).unwrap_or_default()),
                    Err(Errno::EAGAIN) => break,
                    Err(_) => {
                        eof = true;
                        break;
                    }
                }
            }
            while let Some(parsed) = parse_command(&c.buf) {
                let reply = match parsed {
                    Ok((args, used)) => {
                        c.buf.drain(..used.min(c.buf.len()));
                        if self.protected && !c.loopback {
                            let _ = ctx.sys().send(c.fd, DENIED.as_bytes());
                            let _ = ctx.sys().close(c.fd);
                            return false;
                        }
                        execute(&mut self.store, &args)
                    }
                    Err(e) => {
                        let _ = ctx.sys().send(c.fd, format!("-ERR {e}\r\n").as_bytes());
                        let _ = ctx.sys().close(c.fd);
                        return false;
                    }
                };
                let _ = ctx.sys().send(c.fd, reply.as_bytes());
            }
            if eof {
                // The client hung up: the server closes its end.
                let _ = ctx.sys().close(c.fd);
                return false;
            }
            true
        });
        self.clients = clients;
        None
    }

    fn interrupt(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        let pid = self.pid;
        let now = netutil::wall_clock(ctx);
        for (level, text) in [
            ('#', "Received SIGINT scheduling shutdown..."),
            ('#', "User requested shutdown..."),
            ('#', "Redis is now ready to exit, bye bye..."),
        ] {
            ctx.out(&log_line(pid, 'M', now, level, text));
        }
        // The exit closes the listeners and the clients' connections.
        Some(0)
    }
}

/// `redis-server [--port N] [--bind ADDR...] [--protected-mode yes|no]`.
pub(super) fn server(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut port: u16 = 6379;
    let mut binds: Vec<String> = Vec::new();
    let mut protected = true;
    let rest = args.get(1..).unwrap_or_default();
    let mut i = 0;
    while let Some(a) = rest.get(i) {
        i += 1;
        match a.as_str() {
            "--port" => {
                let v = rest.get(i).cloned().unwrap_or_default();
                i += 1;
                match v.parse::<u16>() {
                    Ok(p) => port = p,
                    Err(_) => {
                        ctx.err(&format!("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'port \"{v}\"'\nargument couldn't be parsed into an integer\n"));
                        return Started::Exited(1);
                    }
                }
            }
            "--bind" => {
                while let Some(v) = rest.get(i).filter(|v| !v.starts_with("--")) {
                    binds.push(v.clone());
                    i += 1;
                }
            }
            "--protected-mode" => {
                protected = rest.get(i).map(String::as_str) != Some("no");
                i += 1;
            }
            "-v" | "--version" => {
                ctx.out("Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=c4b52b2e9f3bb2b3\n");
                return Started::Exited(0);
            }
            _ => {}
        }
    }
    if binds.is_empty() {
        // Redis 7's default `bind * -::*`.
        binds = Vec::from([String::from("*"), String::from("-::*")]);
    }
    let pid = ctx.pid();
    let now = netutil::wall_clock(ctx);
    let mut log = String::new();
    log.push_str(&log_line(
        pid,
        'C',
        now,
        '#',
        "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
    ));
    log.push_str(&log_line(
        pid,
        'C',
        now,
        '#',
        &format!(
            "Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid={pid}, just started"
        ),
    ));
    if rest.is_empty() {
        log.push_str(&log_line(pid, 'C', now, '#', "Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf"));
    } else {
        log.push_str(&log_line(pid, 'C', now, '#', "Configuration loaded"));
    }
    log.push_str(&log_line(
        pid,
        'M',
        now,
        '*',
        "monotonic clock: POSIX clock_gettime",
    ));
    log.push_str(&log_line(
        pid,
        'M',
        now,
        '*',
        &format!("Running mode=standalone, port={port}."),
    ));
    ctx.out(&log);
    // The bind addresses that are names, looked up in order until one
    // fails (redis gives up there).
    let asked: Vec<String> = binds
        .iter()
        .map(|b| b.trim_start_matches('-'))
        .filter(|n| *n != "*" && *n != "::*" && n.parse::<IpAddr>().is_err())
        .map(String::from)
        .collect();
    let lookup = super::resolve::lookup(ctx, move |cfg, view, dns| {
        let mut found = Vec::new();
        for n in &asked {
            let a = netutil::gai(cfg, view, dns, (Some(n), None), names::Family::Unspec, true);
            let ok = a.found();
            found.push(a);
            if !ok {
                break;
            }
        }
        found
    });
    super::resolve::then(ctx, "redis-server", lookup, move |ctx, found| {
        listen_all(ctx, &binds, found, (port, protected))
    })
}

/// redis-server once its bind names are looked up: a listener per bind
/// address, then the server.
fn listen_all(
    ctx: &mut Ctx<'_>,
    binds: &[String],
    found: Vec<netutil::GaiAnswer>,
    (port, protected): (u16, bool),
) -> Started {
    let pid = ctx.pid();
    let now = netutil::wall_clock(ctx);
    let mut found = found.into_iter();
    let mut listeners = Vec::new();
    for b in binds {
        let optional = b.starts_with('-');
        let name = b.trim_start_matches('-');
        let addr: IpAddr = match name {
            "*" => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            "::*" => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
            n => match n.parse() {
                Ok(a) => a,
                Err(_) => {
                    let found = found.next().map(|a| a.addrs(ctx));
                    match found.unwrap_or(Err(names::GaiError::NoName)) {
                        Ok(l) if !l.is_empty() => l
                            .first()
                            .copied()
                            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
                        _ => {
                            ctx.out(&log_line(pid, 'M', now, '#', &format!("Warning: Could not create server TCP listening socket {n}:{port}: Name or service not known")));
                            ctx.out(&log_line(
                                pid,
                                'M',
                                now,
                                '#',
                                &format!("Failed listening on port {port} (TCP), aborting."),
                            ));
                            return Started::Exited(1);
                        }
                    }
                }
            },
        };
        let family = Family::of(&addr);
        let mut sys = ctx.sys();
        let result = sys.socket(family, SockType::Stream).and_then(|fd| {
            let _ = sys.setsockopt(fd, SockOpt::ReuseAddr(true));
            let _ = sys.setsockopt(fd, SockOpt::V6Only(addr.is_ipv6()));
            let r = sys
                .bind(fd, SocketAddr::new(addr, port))
                .and_then(|_| sys.listen(fd, 511));
            if r.is_err() {
                // anetTcpServer closes the socket it could not bind.
                let _ = sys.close(fd);
            }
            r.map(|()| fd)
        });
        match result {
            Ok(fd) => listeners.push(fd),
            Err(Errno::EAFNOSUPPORT | Errno::EADDRNOTAVAIL) if optional => {}
            Err(e) => {
                let shown = match addr {
                    IpAddr::V6(_) if name == "::*" => String::from("::"),
                    a if name == "*" => a.to_string(),
                    _ => name.to_string(),
                };
                ctx.out(&log_line(pid, 'M', now, '#', &format!("Warning: Could not create server TCP listening socket {shown}:{port}: bind: {}", e.message())));
                ctx.out(&log_line(
                    pid,
                    'M',
                    now,
                    '#',
                    &format!("Failed listening on port {port} (TCP), aborting."),
                ));
                return Started::Exited(1);
            }
        }
    }
    ctx.out(&log_line(pid, 'M', now, '#', "Server initialized"));
    ctx.out(&log_line(pid, 'M', now, '*', "Ready to accept connections"));
    Started::Running(Box::new(Server {
        listeners,
        clients: Vec::new(),
        store: BTreeMap::new(),
        protected,
        pid,
    }))
}

#[derive(Debug)]
struct Cli {
    fd: Fd,
    host: String,
    port: u16,
    /// Every command, encoded, sent at once.
    request: Vec<u8>,
    /// What is awaited, in order: a reply (true) or a line that could not
    /// be split into words (false: `Invalid argument(s)` in its place).
    pending: alloc::collections::VecDeque<bool>,
    /// The commands came from standard input (a refused connection is
    /// then reported once more per command, and the status stays 0).
    from_stdin: bool,
    sent: bool,
    buf: Vec<u8>,
    tty: bool,
}

/// The length of the first RESP reply in `buf` (a simple string, error,
/// integer or bulk string), if it is all there.
fn reply_len(buf: &[u8]) -> Option<usize> {
    let eol = find_bytes(buf, b"\r\n")?;
    if buf.first() != Some(&b'$') {
        return Some(eol + 2);
    }
    let len: i64 = lossy(buf.get(1..eol)?).parse().ok()?;
    if len < 0 {
        return Some(eol + 2);
    }
    let end = (eol + 2)
        .checked_add(usize::try_from(len).ok()?)?
        .checked_add(2)?;
    (buf.len() >= end).then_some(end)
}

/// redis-cli's `sdssplitargs`: words split at blanks, `"..."` (with
/// backslash escapes) and `'...'` quoting; None for unbalanced quotes.
fn split_args(line: &str) -> Option<Vec<String>> {
    let mut args = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else {
            return Some(args);
        };
        let mut word = String::new();
        match first {
            '"' | '\'' => {
                chars.next();
                loop {
                    match chars.next()? {
                        c if c == first => break,
                        '\\' if first == '"' => match chars.next()? {
                            'n' => word.push('\n'),
                            'r' => word.push('\r'),
                            't' => word.push('\t'),
                            other => word.push(other),
                        },
                        c => word.push(c),
                    }
                }
                // A closing quote must be followed by a blank.
                if chars.peek().is_some_and(|c| !c.is_whitespace()) {
                    return None;
                }
            }
            _ => {
                while let Some(c) = chars.peek().copied().filter(|c| !c.is_whitespace()) {
                    word.push(c);
                    chars.next();
                }
            }
        }
        args.push(word);
    }
}

/// `redis-cli` at a terminal without a command: it connects, then shows
/// its prompt (`HOST:PORT> `, or the error and `not connected> `) and
/// waits for what is typed until Ctrl-C ends it.
#[derive(Debug)]
struct Prompt {
    fd: Option<Fd>,
    host: String,
    port: u16,
    shown: bool,
}

impl Prompt {
    fn refused(&mut self, ctx: &mut Ctx<'_>) {
        ctx.err(&format!(
            "Could not connect to Redis at {}:{}: Connection refused\n",
            self.host, self.port
        ));
        ctx.out("not connected> ");
        self.shown = true;
    }
}

impl Process for Prompt {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if self.shown {
            return None;
        }
        let Some(fd) = self.fd else {
            self.refused(ctx);
            return None;
        };
        if let Ok(Some(_)) = ctx.sys().take_error(fd) {
            self.refused(ctx);
            return None;
        }
        let ready = ctx.sys().poll(fd).unwrap_or(PollEvents::NONE);
        if ready.contains(PollEvents::OUT) {
            ctx.out(&format!("{}:{}> ", self.host, self.port));
            self.shown = true;
        }
        None
    }

    fn interrupt(&mut self, _ctx: &mut Ctx<'_>) -> Option<i32> {
        Some(0)
    }
}

/// Formats a RESP reply as redis-cli does (quoted on a terminal).
fn format_reply(buf: &[u8], tty: bool) -> Option<String> {
    let eol = find_bytes(buf, b"\r\n")?;
    let line = lossy(buf.get(..eol)?);
    let (kind, rest) = line.split_at(line.chars().next().map_or(0, char::len_utf8));
    Some(match kind {
        "+" => format!("{rest}\n"),
        "-" => {
            if tty {
                format!("(error) {rest}\n")
            } else {
                // Raw output ends an error with two newlines.
                format!("{rest}\n\n")
            }
        }
        ":" => {
            if tty {
                format!("(integer) {rest}\n")
            } else {
                format!("{rest}\n")
            }
        }
        "$" => {
            let len: i64 = rest.parse().ok()?;
            if len < 0 {
                return Some(if tty {
                    String::from("(nil)\n")
                } else {
                    String::from("\n")
                });
            }
            let start = eol + 2;
            let data = buf.get(start..start.checked_add(len as usize)?)?;
            let s = lossy(data);
            if tty {
                format!("\"{s}\"\n")
            } else {
                format!("{s}\n")
            }
        }
        _ => format!("{line}\n"),
    })
}

impl Process for Cli {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if !self.sent {
            if let Ok(Some(e)) = ctx.sys().take_error(self.fd) {
                let line = format!(
                    "Could not connect to Redis at {}:{}: {}\n",
                    self.host,
                    self.port,
                    e.message()
                );
                if !self.from_stdin {
                    ctx.err(&line);
                    return Some(1);
                }
                ctx.err(&line);
                for awaited in core::mem::take(&mut self.pending) {
                    if awaited {
                        ctx.err(&line);
                    } else {
                        ctx.out("Invalid argument(s)\n");
                    }
                }
                return Some(0);
            }
            let ready = ctx.sys().poll(self.fd).unwrap_or(PollEvents::NONE);
            if !ready.contains(PollEvents::OUT) {
                return None;
            }
            let _ = ctx.sys().send(self.fd, &self.request);
            self.sent = true;
        }
        let mut buf = [0u8; 4096];
        let mut eof = false;
        loop {
            match ctx.sys().recv(self.fd, &mut buf) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => self.buf.extend_from_slice(buf.get(..n).unwrap_or_default()),
                Err(Errno::EAGAIN) => break,
                Err(_) => {
                    eof = true;
                    break;
                }
            }
        }
        while let Some(&awaited) = self.pending.front() {
            if !awaited {
                ctx.out("Invalid argument(s)\n");
                self.pending.pop_front();
                continue;
            }
            let Some(len) = reply_len(&self.buf) else {
                break;
            };
            if let Some(text) = format_reply(&self.buf, self.tty) {
                ctx.out(&text);
            }
            self.buf.drain(..len.min(self.buf.len()));
            self.pending.pop_front();
        }
        if self.pending.is_empty() {
            return Some(0);
        }
        if eof {
            ctx.err("Error: Server closed the connection\n");
            return Some(1);
        }
        None
    }
}

/// `redis-cli [-h HOST] [-p PORT] [COMMAND [ARG...]]`: the command; without
/// one, the commands of standard input, a line each (when it is not the
/// terminal), or the interactive prompt.
pub(super) fn cli(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut host = String::from("127.0.0.1");
    let mut port: u16 = 6379;
    let mut command: Vec<String> = Vec::new();
    let rest = args.get(1..).unwrap_or_default();
    let mut i = 0;
    while let Some(a) = rest.get(i) {
        i += 1;
        match a.as_str() {
            "-h" if command.is_empty() => {
                host = rest.get(i).cloned().unwrap_or_default();
                i += 1;
            }
            "-p" if command.is_empty() => {
                let v = rest.get(i).cloned().unwrap_or_default();
                i += 1;
                port = v.parse().unwrap_or(0);
            }
            _ => command.push(a.clone()),
        }
    }
    let mut commands: Vec<Option<Vec<String>>> = Vec::new();
    let from_stdin = command.is_empty();
    if command.is_empty() {
        if ctx.stdin().is_none() && ctx.stdin_is_pipe() {
            return super::stdin_wait::start(ctx, cli, args);
        }
        match ctx.stdin().map(String::from) {
            Some(text) => {
                for line in text.lines() {
                    match split_args(line) {
                        Some(words) if words.is_empty() => {}
                        words => commands.push(words),
                    }
                }
                if commands.is_empty() {
                    return Started::Exited(0);
                }
            }
            None => return prompt(ctx, &host, port),
        }
    } else {
        commands.push(Some(command));
    }
    if let Ok(addr) = host.parse::<IpAddr>() {
        return cli_connect(ctx, host, port, &commands, addr, from_stdin);
    }
    let lookup = netutil::gai_lookup(ctx, Some(&host), None, names::Family::Unspec, false);
    super::resolve::then(ctx, "redis-cli", lookup, move |ctx, found| {
        match found.addrs(ctx) {
            Ok(l) if !l.is_empty() => {
                let addr = l
                    .first()
                    .copied()
                    .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
                cli_connect(ctx, host, port, &commands, addr, from_stdin)
            }
            Ok(_) | Err(_) => {
                ctx.err(&format!(
                    "Could not connect to Redis at {host}:{port}: Name or service not known\n"
                ));
                Started::Exited(1)
            }
        }
    })
}

/// The interactive prompt: `HOST:PORT> ` once connected, else the error
/// and `not connected> `.
fn prompt(ctx: &mut Ctx<'_>, host: &str, port: u16) -> Started {
    let fd = host.parse::<IpAddr>().ok().and_then(|addr| {
        let fd = ctx.sys().socket(Family::of(&addr), SockType::Stream).ok()?;
        ctx.sys().connect(fd, SocketAddr::new(addr, port)).ok()?;
        Some(fd)
    });
    let mut p = Prompt {
        fd,
        host: String::from(host),
        port,
        shown: false,
    };
    match p.poll(ctx) {
        Some(status) => Started::Exited(status),
        None => Started::Running(Box::new(p)),
    }
}

/// redis-cli once the host is looked up: connects and sends the commands.
fn cli_connect(
    ctx: &mut Ctx<'_>,
    host: String,
    port: u16,
    commands: &[Option<Vec<String>>],
    addr: IpAddr,
    from_stdin: bool,
) -> Started {
    let family = Family::of(&addr);
    let fd = match ctx.sys().socket(family, SockType::Stream) {
        Ok(fd) => fd,
        Err(e) => {
            ctx.err(&format!(
                "Could not connect to Redis at {host}:{port}: {}\n",
                e.message()
            ));
            return Started::Exited(1);
        }
    };
    if let Err(e) = ctx.sys().connect(fd, SocketAddr::new(addr, port)) {
        ctx.err(&format!(
            "Could not connect to Redis at {host}:{port}: {}\n",
            e.message()
        ));
        return Started::Exited(1);
    }
    let mut c = Cli {
        fd,
        host,
        port,
        request: commands.iter().flatten().flat_map(|c| encode(c)).collect(),
        pending: commands.iter().map(Option::is_some).collect(),
        from_stdin,
        sent: false,
        buf: Vec::new(),
        tty: ctx.stdout_is_terminal(),
    };
    match c.poll(ctx) {
        Some(s) => Started::Exited(s),
        None => Started::Running(Box::new(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resp() {
        assert_eq!(encode(&[String::from("PING")]), b"*1\r\n$4\r\nPING\r\n");
        let (args, used) = parse_command(b"*1\r\n$4\r\nPING\r\n").unwrap().unwrap();
        assert_eq!(
            (args.as_slice(), used),
            ([String::from("PING")].as_slice(), 14)
        );
        let mut store = BTreeMap::new();
        assert_eq!(execute(&mut store, &args), "+PONG\r\n");
        assert_eq!(format_reply(b"+PONG\r\n", true).unwrap(), "PONG\n");
        assert_eq!(format_reply(b"$-1\r\n", true).unwrap(), "(nil)\n");
        assert!(parse_command(b"*1\r\n$4\r\nPI").is_none());
    }
}
