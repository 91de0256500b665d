//! The glue between tools and the resolver: the host's files become a
//! resolver configuration, a namespace becomes the resolver's view of the
//! network, and a program waits for a lookup ([`then`], [`Pending`]) while
//! its DNS queries go over the lab's UDP to the router's server
//! (`dns_io`, the only part that makes socket calls).

mod dns_io;
mod wait;

pub(crate) use wait::{Pending, then};

use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use crate::host::Host;
use crate::names::{self, Config, DnsError, DnsSource, Lookup, Modules, NetView, RecordType};
use crate::net::Network;
use crate::process::Ctx;
use crate::route::{Flow, NetView as _};
use crate::trace::NsId;

/// The resolver configuration read from the host's files, as glibc reads
/// them on each lookup.
pub(crate) fn config(host: &Host) -> Config {
    let f = &host.files;
    Config::from_files(
        f.read("/etc/hosts").ok(),
        f.read("/etc/nsswitch.conf").ok(),
        f.read("/etc/gai.conf").ok(),
        f.read("/etc/resolv.conf").ok(),
        &host.hostname,
        // The lab has libnss-myhostname and libnss-resolve installed, so
        // naming them in nsswitch.conf takes effect.
        Modules {
            myhostname: true,
            resolve: true,
            mdns: false,
        },
    )
}

/// A lookup from the process's namespace with the host's files as they
/// are now; `run` is the lookup itself (`names::getaddrinfo` and co.),
/// given a DNS that [`then`] or [`Pending`] answer over the network.
pub(crate) fn lookup<T>(
    ctx: &Ctx<'_>,
    run: impl FnMut(&Config, &dyn NetView, &mut dyn DnsSource) -> T + 'static,
) -> Lookup<T> {
    Lookup::new(config(ctx.host), run)
}

/// One namespace as the resolver sees it.
#[derive(Debug)]
pub(crate) struct NsView<'a> {
    pub(crate) net: &'a Network,
    pub(crate) ns: NsId,
}

impl names::NetView for NsView<'_> {
    fn addresses(&self) -> Vec<names::IfAddr> {
        self.net
            .ns(self.ns)
            .map(|n| {
                n.addrs()
                    .into_iter()
                    .map(|a| names::IfAddr::new(a.addr, a.prefix_len))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn source_for(&self, dst: IpAddr) -> Option<names::IfAddr> {
        let n = self.net.ns(self.ns)?;
        let d = n.fib.lookup(&Flow::to(dst), n).ok()?;
        let src = d.src?;
        let len = n
            .addrs()
            .into_iter()
            .find(|a| a.addr == src)
            .map_or(0, |a| a.prefix_len);
        Some(names::IfAddr::new(src, len))
    }
}

/// The DNS for lookups made where the process cannot run the network (a
/// read-only context: `ss`, `nc -v` names, tcpdump filters): what the
/// router at 192.168.1.1 answers for names outside its zone, without packets
/// (every name does not exist). A namespace
/// that cannot reach the server gets "unreachable", as glibc's `connect`
/// on its UDP socket would.
#[derive(Debug)]
pub(crate) struct OfflineDns<'a> {
    pub(crate) view: NsView<'a>,
}

impl OfflineDns<'_> {
    fn reach(&self, server: Option<IpAddr>) -> Result<(), DnsError> {
        let server = server.ok_or(DnsError::Unreachable)?;
        let n = self
            .view
            .net
            .ns(self.view.ns)
            .ok_or(DnsError::Unreachable)?;
        n.fib
            .lookup(&Flow::to(server), n)
            .map_err(|_| DnsError::Unreachable)?;
        if server == IpAddr::V4(core::net::Ipv4Addr::new(192, 168, 1, 1)) {
            Ok(())
        } else {
            Err(DnsError::Timeout)
        }
    }
}

impl DnsSource for OfflineDns<'_> {
    fn query(
        &mut self,
        server: Option<IpAddr>,
        _name: &str,
        _t: RecordType,
    ) -> Result<Vec<IpAddr>, DnsError> {
        self.reach(server)?;
        Err(DnsError::NxDomain)
    }

    fn reverse(&mut self, server: Option<IpAddr>, _addr: IpAddr) -> Result<Vec<String>, DnsError> {
        self.reach(server)?;
        Err(DnsError::NxDomain)
    }
}

/// Records a resolver journey in the lab's trace (layer `resolver`), one
/// event per step, so the inspector and `--json` show how a name became
/// addresses: which source was asked, what it said, how the list was sorted.
pub(crate) fn record_steps(ctx: &mut Ctx<'_>, what: &str, steps: &[names::Step]) {
    let ns = ctx.ns;
    for step in steps {
        ctx.host.net.ev(
            ns,
            crate::trace::Layer::Resolver,
            crate::trace::Direction::None,
            None,
            crate::trace::Verdict::Pass,
            || alloc::format!("{what}: {}", step.text),
        );
    }
}
