//! curl's connection state machine: happy eyeballs over the resolved
//! addresses (one attempt per family, the second family 200 ms later),
//! each attempt's outcome as `poll` reports it (writable once connected,
//! an error in `SO_ERROR` if it failed), the connect timeout, and the TLS
//! hello on an https connection.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use super::{Attempt, Curl, DEFAULT_CONNECT_TIMEOUT_MS, OPENSSL, Phase, Transfer};
use crate::process::{Ctx, Process};
use crate::sys::{Errno, Family, Fd, PollEvents, SockOpt, SockType};
use crate::time::{Duration, Instant};

use super::super::netutil::lossy;

impl Curl {
    /// Starts connecting to the next address of `family0` (then `family1`).
    pub(super) fn start_next(&mut self, ctx: &mut Ctx<'_>, second: bool) {
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
            let family = Family::of(&addr);
            let fd = match ctx.sys().socket(family, SockType::Stream) {
                Ok(fd) => fd,
                Err(e) => {
                    self.last_error = Some(e);
                    continue;
                }
            };
            if let Some(dev) = self.o.interface.clone() {
                // --interface: an interface name (SO_BINDTODEVICE), else
                // an address to bind to.
                let by_name = ctx
                    .sys()
                    .setsockopt(fd, SockOpt::BindToDevice(Some(dev.clone())));
                if by_name.is_err()
                    && let Ok(ip) = dev.parse::<IpAddr>()
                    && ip.is_ipv4() == addr.is_ipv4()
                {
                    let _ = ctx.sys().bind(fd, SocketAddr::new(ip, 0));
                }
            }
            match ctx.sys().connect(fd, SocketAddr::new(addr, self.url.port)) {
                Ok(()) => {
                    self.attempts.push(Attempt { fd, addr });
                    return;
                }
                Err(e) => {
                    let _ = ctx.sys().close(fd);
                    self.last_error = Some(e);
                    self.info(
                        ctx,
                        &format!("Immediate connect fail for {addr}: {}", e.message()),
                    );
                }
            }
        }
    }

    /// When connecting gives up (`--connect-timeout`, `-m`).
    pub(super) fn connect_deadline(&self) -> Instant {
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

    /// Happy eyeballs: the attempts in flight, the second family, the connect timeout.
    pub(super) fn poll_connecting(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        // Outcomes of the attempts in flight.
        let mut i = 0;
        while let Some(a) = self.attempts.get(i).copied() {
            if let Ok(Some(e)) = ctx.sys().take_error(a.fd) {
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
                let _ = ctx.sys().close(a.fd);
                self.attempts.remove(i);
                let second = a.addr.is_ipv4() != self.family0_is_v4();
                self.start_next(ctx, second);
                continue;
            }
            let ready = ctx.sys().poll(a.fd).unwrap_or(PollEvents::NONE);
            if ready.contains(PollEvents::OUT) {
                self.attempts.remove(i);
                // The race is won: the other attempts are closed.
                for other in self.attempts.drain(..) {
                    let _ = ctx.sys().close(other.fd);
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
            && (!first_busy && self.family0.is_empty() || ctx.now() >= self.second_at)
            && !self
                .attempts
                .iter()
                .any(|a| a.addr.is_ipv4() != self.family0_is_v4())
        {
            self.start_next(ctx, true);
            return self.poll_connecting(ctx);
        }
        if self.attempts.is_empty() && self.family0.is_empty() && self.family1.is_empty() {
            let ms = self.elapsed_ms(ctx.now());
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
        if ctx.now() >= deadline {
            // curl's timers fire a millisecond late.
            let ms = self.elapsed_ms(ctx.now()) + 1;
            let msg = format!("Connection timed out after {ms} milliseconds");
            return self.fail(ctx, 28, &msg, true);
        }
        ctx.wake_at(deadline);
        if !self.family1.is_empty() {
            ctx.wake_at(self.second_at);
        }
        None
    }

    /// Whether the first family tried is IPv4.
    pub(super) fn family0_is_v4(&self) -> bool {
        self.family_first_v4
    }

    /// The connection is up: the TLS hello (https) or the request.
    pub(super) fn on_connected(&mut self, ctx: &mut Ctx<'_>, a: Attempt) -> Option<i32> {
        let remote = SocketAddr::new(a.addr, self.url.port);
        let local = ctx
            .sys()
            .getsockname(a.fd)
            .ok()
            .flatten()
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
            let _ = ctx.sys().send(a.fd, &hello);
            self.phase = Phase::Tls { fd: a.fd, got: 0 };
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
            fd: Some(a.fd),
            unsent: bytes,
            head: request.head_request,
            ..Transfer::default()
        };
        self.flush(ctx, &mut t);
        self.phase = Phase::Http(Box::new(t));
        self.poll(ctx)
    }

    /// What the server answered to the TLS hello (the lab has no TLS: an error).
    pub(super) fn poll_tls(&mut self, ctx: &mut Ctx<'_>, fd: Fd, got: usize) -> Option<i32> {
        let mut buf = [0u8; 4096];
        match ctx.sys().recv(fd, &mut buf) {
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
                self.phase = Phase::Tls { fd, got: got + n };
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
}
