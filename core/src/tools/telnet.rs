//! `telnet` as Debian 12 installs it (the `telnet` package is a
//! transitional one pulling inetutils-telnet 2.4): `telnet HOST [PORT]`
//! tries each address (`Trying 127.0.0.1...`), says `Connected to HOST.`
//! and `Escape character is '^]'.`, sends its standard input (a newline
//! as CR LF, a lone CR as CR NUL, as the NVT wants), shows what the server
//! sends, and ends with `Connection closed by foreign host.` when the
//! server closes, or when its standard input ends (as it does reading a
//! pipe). Input from the terminal is not read: the lab's programs get
//! none (`nc` is the same), so a session ends when the server closes it
//! or with Ctrl-C. Telnet's option negotiation is refused (`DONT`/`WONT`).
//! Recorded: core/tests/fixtures/dnsutils/rec_telnet*.txt.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use crate::names;
use crate::process::{Command, Ctx, Process, Started};
use crate::sys::{Errno, Family, Fd, PollEvents, SockType};

use super::{netutil, resolve};

/// The programs of the family.
pub(crate) const COMMANDS: &[Command] = &[Command {
    name: "telnet",
    summary: "talk to a TCP port by hand (inetutils-telnet 2.4, as Debian 12's telnet)",
    start,
}];

/// inetutils' status for a usage error (`EX_USAGE`).
const EXIT_USAGE: i32 = 64;

/// Telnet's command byte and the commands it refuses with.
const IAC: u8 = 255;
const DONT: u8 = 254;
const DO: u8 = 253;
const WONT: u8 = 252;
const WILL: u8 = 251;
const SB: u8 = 250;
const SE: u8 = 240;

/// The most bytes of standard input held to send.
const MAX_PENDING: usize = 1 << 20;

/// `telnet [-4 | -6] [HOST [PORT]]`.
fn start(ctx: &mut Ctx<'_>, argv: &[String]) -> Started {
    let mut family = names::Family::Unspec;
    let mut positional: Vec<String> = Vec::new();
    for a in argv.get(1..).unwrap_or_default() {
        match a.as_str() {
            "-4" => family = names::Family::Inet,
            "-6" => family = names::Family::Inet6,
            s if s.len() > 1 && s.starts_with('-') => {
                let c = s.chars().nth(1).unwrap_or('-');
                let shown = if s.starts_with("--") {
                    format!("unrecognized option '{s}'")
                } else {
                    format!("invalid option -- '{c}'")
                };
                ctx.err(&format!(
                    "telnet: {shown}\nTry 'telnet --help' or 'telnet --usage' for more information.\n"
                ));
                return Started::Exited(EXIT_USAGE);
            }
            _ => positional.push(a.clone()),
        }
    }
    let mut positional = positional.into_iter();
    let Some(host) = positional.next() else {
        // The command mode, with nothing to read: its prompt, then the end
        // of its input.
        ctx.out("telnet> \n");
        return Started::Exited(0);
    };
    let port_text = positional.next().unwrap_or_else(|| String::from("23"));
    let Some(port) = port_number(&port_text) else {
        ctx.out(&format!(
            "Server lookup failure:  {host}:{port_text}, Servname not supported for ai_socktype\n"
        ));
        return Started::Exited(1);
    };
    let lookup = netutil::gai_lookup(ctx, Some(&host), None, family, false);
    resolve::then(ctx, "telnet", lookup, move |ctx, found| {
        let addrs = match found.addrs(ctx) {
            Ok(a) if !a.is_empty() => a,
            Ok(_) => {
                ctx.out(&format!(
                    "Server lookup failure:  {host}:{port_text}, Name or service not known\n"
                ));
                return Started::Exited(1);
            }
            Err(e) => {
                ctx.out(&format!(
                    "Server lookup failure:  {host}:{port_text}, {e}\n"
                ));
                return Started::Exited(1);
            }
        };
        let mut t = Telnet {
            host,
            port,
            addrs: addrs.into(),
            mode: Mode::Idle,
            pending: Vec::new(),
            stdin_done: false,
        };
        match t.next_address(ctx) {
            Some(s) => Started::Exited(s),
            None => Started::Running(Box::new(t)),
        }
    })
}

/// A port number or one of the service names telnet is pointed at.
fn port_number(s: &str) -> Option<u16> {
    if let Ok(p) = s.parse::<u16>() {
        return Some(p);
    }
    let known = [
        ("telnet", 23),
        ("ssh", 22),
        ("smtp", 25),
        ("http", 80),
        ("https", 443),
        ("domain", 53),
        ("pop3", 110),
        ("imap", 143),
    ];
    known.iter().find(|(n, _)| *n == s).map(|(_, p)| *p)
}

#[derive(Debug)]
enum Mode {
    Idle,
    Connecting { fd: Fd, addr: IpAddr },
    Connected { fd: Fd, polls: u32 },
}

/// A running telnet.
#[derive(Debug)]
struct Telnet {
    host: String,
    port: u16,
    addrs: alloc::collections::VecDeque<IpAddr>,
    mode: Mode,
    /// Standard input translated for the wire, not sent yet.
    pending: Vec<u8>,
    stdin_done: bool,
}

impl Telnet {
    /// Tries the next address; the exit status once none is left.
    fn next_address(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        while let Some(addr) = self.addrs.pop_front() {
            ctx.out(&format!("Trying {addr}...\n"));
            let result = ctx
                .sys()
                .socket(Family::of(&addr), SockType::Stream)
                .and_then(
                    |fd| match ctx.sys().connect(fd, SocketAddr::new(addr, self.port)) {
                        Ok(()) => Ok(fd),
                        Err(e) => {
                            let _ = ctx.sys().close(fd);
                            Err(e)
                        }
                    },
                );
            match result {
                Ok(fd) => {
                    self.mode = Mode::Connecting { fd, addr };
                    return self.poll(ctx);
                }
                Err(e) => {
                    if let Some(s) = self.failed(ctx, e) {
                        return Some(s);
                    }
                }
            }
        }
        Some(1)
    }

    /// A failed connection: `Connection failed:` before another address,
    /// `telnet: Unable to connect to remote host:` after the last.
    fn failed(&mut self, ctx: &mut Ctx<'_>, e: Errno) -> Option<i32> {
        if self.addrs.is_empty() {
            ctx.err(&format!(
                "telnet: Unable to connect to remote host: {}\n",
                e.message()
            ));
            return Some(1);
        }
        ctx.err(&format!("Connection failed: {}\n", e.message()));
        None
    }

    /// Reads standard input into `pending`, translated (LF as CR LF, a
    /// lone CR as CR NUL, IAC doubled).
    fn read_stdin(&mut self, ctx: &mut Ctx<'_>) {
        if self.stdin_done {
            return;
        }
        let (text, eof) = match ctx.read_stdin_pipe() {
            Some(r) => (r.data, r.eof),
            None => match ctx.stdin() {
                // A file: all of it, then its end.
                Some(t) => (String::from(t), true),
                // The terminal: nothing the lab can type.
                None => (String::new(), false),
            },
        };
        for b in text.bytes() {
            if self.pending.len() >= MAX_PENDING {
                break;
            }
            match b {
                b'\n' => self.pending.extend_from_slice(b"\r\n"),
                b'\r' => self.pending.extend_from_slice(b"\r\0"),
                IAC => self.pending.extend_from_slice(&[IAC, IAC]),
                other => self.pending.push(other),
            }
        }
        self.stdin_done = eof;
    }

    /// Shows the server's bytes, answering its option requests; true at
    /// the end of the connection.
    fn receive(&mut self, ctx: &mut Ctx<'_>, fd: Fd) -> bool {
        let mut buf = [0u8; 4096];
        let mut shown = Vec::new();
        let mut replies = Vec::new();
        let closed = loop {
            match ctx.sys().recv(fd, &mut buf) {
                Ok(0) => break true,
                Ok(n) => strip_iac(buf.get(..n).unwrap_or_default(), &mut shown, &mut replies),
                Err(Errno::EAGAIN) => break false,
                Err(_) => break true,
            }
        };
        if !replies.is_empty() {
            let _ = ctx.sys().send(fd, &replies);
        }
        // The NVT's line end (CR LF) is the local one, CR NUL a CR
        // (recorded: `220 welcome\r\n` printed to a pipe as a line).
        let text = netutil::lossy(&shown)
            .replace("\r\n", "\n")
            .replace("\r\0", "\r");
        ctx.out(&text);
        closed
    }
}

/// Splits `data` into what is shown and the refusals of the server's
/// option requests (DO x: WONT x; WILL x: DONT x); subnegotiations are
/// dropped. A command cut by the end of a read is dropped too.
fn strip_iac(data: &[u8], shown: &mut Vec<u8>, replies: &mut Vec<u8>) {
    let mut i = 0;
    let mut in_sb = false;
    while let Some(&b) = data.get(i) {
        if b != IAC {
            if !in_sb {
                shown.push(b);
            }
            i += 1;
            continue;
        }
        match data.get(i + 1).copied() {
            Some(IAC) => {
                if !in_sb {
                    shown.push(IAC);
                }
                i += 2;
            }
            Some(DO) | Some(DONT) | Some(WILL) | Some(WONT) => {
                let cmd = data.get(i + 1).copied().unwrap_or(0);
                if let Some(&opt) = data.get(i + 2) {
                    match cmd {
                        DO => replies.extend_from_slice(&[IAC, WONT, opt]),
                        WILL => replies.extend_from_slice(&[IAC, DONT, opt]),
                        _ => {}
                    }
                }
                i += 3;
            }
            Some(SB) => {
                in_sb = true;
                i += 2;
            }
            Some(SE) => {
                in_sb = false;
                i += 2;
            }
            _ => i += 2,
        }
    }
}

impl Process for Telnet {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        match core::mem::replace(&mut self.mode, Mode::Idle) {
            Mode::Idle => Some(1),
            Mode::Connecting { fd, addr } => {
                if let Ok(Some(e)) = ctx.sys().take_error(fd) {
                    let _ = ctx.sys().close(fd);
                    if let Some(s) = self.failed(ctx, e) {
                        return Some(s);
                    }
                    return self.next_address(ctx);
                }
                let ready = ctx.sys().poll(fd).unwrap_or(PollEvents::NONE);
                if !ready.contains(PollEvents::OUT) {
                    self.mode = Mode::Connecting { fd, addr };
                    return None;
                }
                ctx.out(&format!(
                    "Connected to {}.\nEscape character is '^]'.\n",
                    self.host
                ));
                self.mode = Mode::Connected { fd, polls: 0 };
                self.poll(ctx)
            }
            Mode::Connected { fd, polls } => {
                self.read_stdin(ctx);
                if !self.pending.is_empty() {
                    match ctx.sys().send(fd, &self.pending) {
                        Ok(n) => {
                            self.pending.drain(..n.min(self.pending.len()));
                        }
                        Err(Errno::EAGAIN) => {}
                        Err(_) => self.pending.clear(),
                    }
                }
                let closed = self.receive(ctx, fd);
                // The end of standard input closes the connection, after
                // what the server sent on connecting has been shown.
                if closed || (self.stdin_done && self.pending.is_empty() && polls > 0) {
                    ctx.err("Connection closed by foreign host.\n");
                    // The exit closes the socket.
                    return Some(0);
                }
                self.mode = Mode::Connected {
                    fd,
                    polls: polls.saturating_add(1),
                };
                None
            }
        }
    }

    fn interrupt(&mut self, _ctx: &mut Ctx<'_>) -> Option<i32> {
        Some(130)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_refused() {
        let mut shown = Vec::new();
        let mut replies = Vec::new();
        strip_iac(
            &[
                b'h', IAC, DO, 1, b'i', IAC, WILL, 3, IAC, IAC, IAC, SB, 24, 1, IAC, SE, b'!',
            ],
            &mut shown,
            &mut replies,
        );
        assert_eq!(shown, [b'h', b'i', IAC, b'!']);
        assert_eq!(replies, [IAC, WONT, 1, IAC, DONT, 3]);
        strip_iac(&[IAC], &mut shown, &mut replies);
        assert_eq!(port_number("http"), Some(80));
        assert_eq!(port_number("foo"), None);
    }
}
