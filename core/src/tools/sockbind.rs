//! `bind ADDR:PORT [--udp] [--v6only] [--reuseaddr] [--freebind]`: a lab
//! command that opens a socket, sets options, binds and (TCP) listens,
//! printing each system call as `strace -e trace=socket,setsockopt,bind,listen`
//! prints them for a Python socket doing the same (checked in
//! core/tests/fixtures/apps/bind_strace_real.txt). On success it keeps the
//! socket until Ctrl-C, accepting and closing connections.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use core::net::{IpAddr, SocketAddr};

use crate::process::{Ctx, Process, Started};
use crate::sys::{Errno, Family, Fd, SockOpt, SockType};

/// The backlog Python's `socket.listen()` uses: min(SOMAXCONN, 128).
const BACKLOG: u32 = 128;

const USAGE: &str = "usage: bind ADDR:PORT [--udp] [--v6only] [--reuseaddr] [--freebind]\n       (IPv6 as [::1]:8000)\n";

/// strace's line: the call padded to column 39, then ` = result`.
fn line(call: &str, result: Result<i32, Errno>) -> String {
    let ret = match result {
        Ok(v) => format!("{v}"),
        Err(e) => format!("-1 {} ({})", e.name(), e.message()),
    };
    format!("{call:<39} = {ret}\n")
}

fn sockaddr(addr: SocketAddr) -> (String, u32) {
    match addr {
        SocketAddr::V4(a) => (
            format!(
                "{{sa_family=AF_INET, sin_port=htons({}), sin_addr=inet_addr(\"{}\")}}",
                a.port(),
                a.ip()
            ),
            16,
        ),
        SocketAddr::V6(a) => (
            format!(
                "{{sa_family=AF_INET6, sin6_port=htons({}), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"{}\", &sin6_addr), sin6_scope_id=0}}",
                a.port(),
                a.ip()
            ),
            28,
        ),
    }
}

/// Parses `127.0.0.1:8080`, `[::1]:8000`, `:8000` (0.0.0.0).
fn parse_addr(s: &str) -> Option<SocketAddr> {
    if let Ok(a) = s.parse::<SocketAddr>() {
        return Some(a);
    }
    let (host, port) = s.rsplit_once(':')?;
    let port: u16 = port.parse().ok()?;
    let ip: IpAddr = if host.is_empty() {
        IpAddr::V4(core::net::Ipv4Addr::UNSPECIFIED)
    } else {
        host.trim_matches(['[', ']']).parse().ok()?
    };
    Some(SocketAddr::new(ip, port))
}

#[derive(Debug)]
struct Bound {
    fd: Fd,
    stream: bool,
}

impl Process for Bound {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if self.stream {
            while let Ok(Some((c, _))) = ctx.sys().accept(self.fd) {
                let _ = ctx.sys().close(c);
            }
        } else {
            while let Ok(Some(_)) = ctx.sys().recvfrom(self.fd) {}
        }
        None
    }

    fn interrupt(&mut self, _ctx: &mut Ctx<'_>) -> Option<i32> {
        // The exit closes the socket.
        Some(130)
    }
}

/// `bind ADDR:PORT [options]`.
pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut target = None;
    let (mut udp, mut v6only, mut reuse, mut freebind) = (false, false, false, false);
    for a in args.get(1..).unwrap_or_default() {
        match a.as_str() {
            "--udp" => udp = true,
            "--v6only" => v6only = true,
            "--reuseaddr" => reuse = true,
            "--freebind" => freebind = true,
            s if target.is_none() && !s.starts_with("--") => match parse_addr(s) {
                Some(addr) => target = Some(addr),
                None => {
                    ctx.err(&format!("bind: invalid address '{s}'\n{USAGE}"));
                    return Started::Exited(2);
                }
            },
            _ => {
                ctx.err(USAGE);
                return Started::Exited(2);
            }
        }
    }
    let Some(addr) = target else {
        ctx.err(USAGE);
        return Started::Exited(2);
    };
    let v6 = addr.is_ipv6();
    let (family, fam_name) = if v6 {
        (Family::Inet6, "AF_INET6")
    } else {
        (Family::Inet, "AF_INET")
    };
    let (ty, ty_name) = if udp {
        (SockType::Dgram, "SOCK_DGRAM")
    } else {
        (SockType::Stream, "SOCK_STREAM")
    };
    let call = format!("socket({fam_name}, {ty_name}|SOCK_CLOEXEC, IPPROTO_IP)");
    let fd = match ctx.sys().socket(family, ty) {
        Ok(fd) => {
            ctx.err(&line(&call, Ok(fd.0)));
            fd
        }
        Err(e) => {
            ctx.err(&line(&call, Err(e)));
            return Started::Exited(1);
        }
    };
    let set = |ctx: &mut Ctx<'_>, name: &str, opt: Option<SockOpt>| {
        // IPV6_V6ONLY is an IPv6 option: an AF_INET socket has no such
        // option (`None`).
        let r = match opt {
            Some(opt) => ctx.sys().setsockopt(fd, opt).map(|()| 0),
            None => Err(Errno::ENOPROTOOPT),
        };
        ctx.err(&line(&format!("setsockopt({fd}, {name}, [1], 4)"), r));
    };
    if reuse {
        set(
            ctx,
            "SOL_SOCKET, SO_REUSEADDR",
            Some(SockOpt::ReuseAddr(true)),
        );
    }
    if v6only {
        set(
            ctx,
            "SOL_IPV6, IPV6_V6ONLY",
            v6.then_some(SockOpt::V6Only(true)),
        );
    }
    if freebind {
        set(ctx, "SOL_IP, IP_FREEBIND", Some(SockOpt::FreeBind(true)));
    }
    let (text, len) = sockaddr(addr);
    let call = format!("bind({fd}, {text}, {len})");
    if let Err(e) = ctx.sys().bind(fd, addr) {
        ctx.err(&line(&call, Err(e)));
        return Started::Exited(1);
    }
    ctx.err(&line(&call, Ok(0)));
    if !udp {
        let call = format!("listen({fd}, {BACKLOG})");
        if let Err(e) = ctx.sys().listen(fd, BACKLOG) {
            ctx.err(&line(&call, Err(e)));
            return Started::Exited(1);
        }
        ctx.err(&line(&call, Ok(0)));
    }
    Started::Running(Box::new(Bound { fd, stream: !udp }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strace_format() {
        // Real: listen(3, 128)                          = 0
        assert_eq!(
            line("listen(3, 128)", Ok(0)),
            "listen(3, 128)                          = 0\n"
        );
        assert_eq!(parse_addr("[::1]:8000"), "[::1]:8000".parse().ok());
        assert_eq!(parse_addr(":80"), "0.0.0.0:80".parse().ok());
        assert_eq!(parse_addr("x"), None);
    }
}
