//! The resolver's socket I/O: what a [`Lookup`] asks for (a UDP socket
//! connected to the nameserver, a query sent, a wait), done with the
//! lab's socket calls. The only place a lookup touches the kernel.

use core::net::{IpAddr, SocketAddr};

use super::NsView;
use crate::names::{DnsError, IfAddr, Io, Lookup, LookupEnv, NetView};
use crate::net::{Network, SockType, SocketId};
use crate::process::Ctx;
use crate::socket::bind::Family;
use crate::trace::NsId;

/// The most requests one drive answers before it yields (a lookup asks a
/// handful).
const IO_LIMIT: usize = 1_000;

/// The socket of a lookup in progress (at most one query is on the wire).
#[derive(Debug, Default)]
pub(crate) struct DnsSocket {
    sid: Option<SocketId>,
}

/// The namespace and the kernel's random numbers, as a lookup sees them.
struct Env<'a> {
    net: &'a mut Network,
    ns: NsId,
}

impl NetView for Env<'_> {
    fn addresses(&self) -> alloc::vec::Vec<IfAddr> {
        NsView {
            net: self.net,
            ns: self.ns,
        }
        .addresses()
    }

    fn source_for(&self, dst: IpAddr) -> Option<IfAddr> {
        NsView {
            net: self.net,
            ns: self.ns,
        }
        .source_for(dst)
    }
}

impl LookupEnv for Env<'_> {
    fn next_id(&mut self) -> u16 {
        self.net.rng.next_u16()
    }
}

impl DnsSocket {
    /// Moves `lookup` on at `ctx.now` for process `program`: its result,
    /// or `None` after asking to be woken (`ctx.wake_at`) when the answer
    /// is due. A datagram on the socket wakes the process before that, as
    /// any socket does.
    pub(crate) fn drive<T>(
        &mut self,
        lookup: &mut Lookup<T>,
        ctx: &mut Ctx<'_>,
        program: &str,
    ) -> Option<T> {
        let ns = ctx.ns;
        for _ in 0..IO_LIMIT {
            let net = &mut ctx.host.net;
            match lookup.poll(ctx.now, &mut Env { net, ns }) {
                Io::Connect(server) => {
                    let r = self.open(net, ns, server, ctx.pid, program);
                    lookup.connected(r);
                }
                Io::Send(query) => {
                    let sent = self.sid.map(|sid| net.udp_send(ns, sid, &query, None));
                    if !matches!(sent, Some(Ok(_))) {
                        lookup.failed(DnsError::Unreachable);
                    }
                }
                Io::Wait(at) => {
                    if !self.receive(net, ns, lookup) {
                        ctx.wake_at(at);
                        return None;
                    }
                }
                Io::Close => self.close(net, ns),
                Io::Done => return lookup.take(),
            }
        }
        ctx.wake_at(ctx.now);
        None
    }

    /// A UDP socket connected to `server` port 53. No route: glibc gives
    /// up at once and getaddrinfo says EAI_AGAIN (checked on Linux in a
    /// fresh namespace: "Temporary failure in name resolution").
    fn open(
        &mut self,
        net: &mut Network,
        ns: NsId,
        server: IpAddr,
        pid: u32,
        program: &str,
    ) -> Result<(), DnsError> {
        let family = if server.is_ipv4() {
            Family::Inet
        } else {
            Family::Inet6
        };
        let sid = net
            .socket(ns, family, SockType::Dgram, 0)
            .map_err(|_| DnsError::Unreachable)?;
        net.set_owner(ns, sid, pid, program);
        if net
            .connect_dgram(ns, sid, SocketAddr::new(server, 53))
            .is_err()
        {
            net.close(ns, sid);
            return Err(DnsError::Timeout);
        }
        self.sid = Some(sid);
        Ok(())
    }

    /// Hands the lookup what waits on the socket; true if that moved it
    /// on (the answer, or an error such as port unreachable).
    fn receive<T>(&mut self, net: &mut Network, ns: NsId, lookup: &mut Lookup<T>) -> bool {
        let Some(sid) = self.sid else {
            return false;
        };
        loop {
            match net.recv(ns, sid) {
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

    /// Closes the socket, if one is open.
    pub(crate) fn close(&mut self, net: &mut Network, ns: NsId) {
        if let Some(sid) = self.sid.take() {
            net.close(ns, sid);
        }
    }
}
