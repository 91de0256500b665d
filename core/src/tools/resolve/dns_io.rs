//! The resolver's socket I/O: what a [`Lookup`] asks for (a UDP socket
//! connected to the nameserver, a query sent, a wait), done with system
//! calls on a descriptor the process owns. The only place a lookup
//! touches the kernel.

use core::net::{IpAddr, SocketAddr};

use crate::names::{DnsError, IfAddr, Io, Lookup, LookupEnv, NetView};
use crate::process::Ctx;
use crate::sys::{Family, Fd, SockType, Sys};

/// The most requests one drive answers before it yields (a lookup asks a
/// handful).
const IO_LIMIT: usize = 1_000;

/// The socket of a lookup in progress (at most one query is on the wire).
#[derive(Debug, Default)]
pub(crate) struct DnsSocket {
    fd: Option<Fd>,
}

/// The namespace and the kernel's random numbers, as a lookup sees them.
struct Env<'s, 'a> {
    sys: &'s mut Sys<'a>,
}

impl NetView for Env<'_, '_> {
    fn addresses(&self) -> alloc::vec::Vec<IfAddr> {
        super::addresses(self.sys)
    }

    fn source_for(&self, dst: IpAddr) -> Option<IfAddr> {
        super::source_for(self.sys, dst)
    }
}

impl LookupEnv for Env<'_, '_> {
    fn next_id(&mut self) -> u16 {
        self.sys.getrandom_u16()
    }
}

impl DnsSocket {
    /// Moves `lookup` on at `ctx.now()`: its result, or `None` after asking
    /// to be woken (`ctx.wake_at`) when the answer is due. A datagram on
    /// the socket wakes the process before that, as any socket does.
    pub(crate) fn drive<T>(&mut self, lookup: &mut Lookup<T>, ctx: &mut Ctx<'_>) -> Option<T> {
        let now = ctx.now();
        for _ in 0..IO_LIMIT {
            let mut sys = ctx.sys();
            match lookup.poll(now, &mut Env { sys: &mut sys }) {
                Io::Connect(server) => {
                    let r = self.open(&mut sys, server);
                    lookup.connected(r);
                }
                Io::Send(query) => {
                    let sent = self.fd.map(|fd| sys.sendto(fd, &query, None));
                    if !matches!(sent, Some(Ok(_))) {
                        lookup.failed(DnsError::Unreachable);
                    }
                }
                Io::Wait(at) => {
                    if !self.receive(&mut sys, lookup) {
                        ctx.wake_at(at);
                        return None;
                    }
                }
                Io::Close => self.close(&mut sys),
                Io::Done => return lookup.take(),
            }
        }
        ctx.wake_at(now);
        None
    }

    /// A UDP socket connected to `server` port 53. No route: glibc gives
    /// up at once and getaddrinfo says EAI_AGAIN (checked on Linux in a
    /// fresh namespace: "Temporary failure in name resolution").
    fn open(&mut self, sys: &mut Sys<'_>, server: IpAddr) -> Result<(), DnsError> {
        let family = Family::of(&server);
        let fd = sys
            .socket(family, SockType::Dgram)
            .map_err(|_| DnsError::Unreachable)?;
        if sys.connect(fd, SocketAddr::new(server, 53)).is_err() {
            // glibc closes the socket and tries the next server.
            let _ = sys.close(fd);
            return Err(DnsError::Timeout);
        }
        self.fd = Some(fd);
        Ok(())
    }

    /// Hands the lookup what waits on the socket; true if that moved it
    /// on (the answer, or an error such as port unreachable).
    fn receive<T>(&mut self, sys: &mut Sys<'_>, lookup: &mut Lookup<T>) -> bool {
        let Some(fd) = self.fd else {
            return false;
        };
        loop {
            match sys.recvfrom(fd) {
                Err(_) => {
                    lookup.failed(DnsError::Unreachable);
                    return true;
                }
                Ok(Some(d)) => {
                    if lookup.datagram(&d.data) {
                        return true;
                    }
                }
                Ok(None) => return false,
            }
        }
    }

    /// Closes the socket, if one is open (glibc closes it between
    /// exchanges and when the lookup is over).
    fn close(&mut self, sys: &mut Sys<'_>) {
        if let Some(fd) = self.fd.take() {
            let _ = sys.close(fd);
        }
    }
}
