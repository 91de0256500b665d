//! The glue between tools and the resolver, libc's side of it: the files
//! (read with system calls) become a resolver configuration, `getifaddrs`
//! and the kernel's route choice (`probe_route`) become the resolver's
//! view of the network, and a program waits for a lookup ([`then`],
//! [`Pending`]) while its DNS queries go over the lab's UDP to the LAN's
//! DNS server (`dns_io`, the only part that makes socket calls).

mod dns_io;
mod wait;

pub(crate) use wait::{Pending, then};

use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use crate::names::{self, Config, DnsError, DnsSource, Lookup, Modules, NetView, RecordType};
use crate::process::Ctx;
use crate::sys::Sys;

/// The resolver configuration read from the host's files, as glibc reads
/// them on each lookup: `/etc/hosts`, `nsswitch.conf`, `gai.conf` and
/// `resolv.conf` with `read`, the host name with `gethostname`.
pub(crate) fn config(sys: &Sys<'_>) -> Config {
    let read = |path: &str| sys.read_file(path).ok();
    let (hosts, nsswitch) = (read("/etc/hosts"), read("/etc/nsswitch.conf"));
    let (gai, resolv) = (read("/etc/gai.conf"), read("/etc/resolv.conf"));
    Config::from_files(
        hosts.as_deref(),
        nsswitch.as_deref(),
        gai.as_deref(),
        resolv.as_deref(),
        &sys.gethostname(),
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
    ctx: &mut Ctx<'_>,
    run: impl FnMut(&Config, &dyn NetView, &mut dyn DnsSource) -> T + 'static,
) -> Lookup<T> {
    Lookup::new(config(&ctx.sys()), run)
}

/// The namespace's addresses as the resolver lists them: `getifaddrs`,
/// interface by interface (each one's IPv4 addresses, then its IPv6 ones).
pub(crate) fn addresses(sys: &Sys<'_>) -> Vec<names::IfAddr> {
    let mut list = sys.getifaddrs();
    list.sort_by_key(|a| a.index);
    list.into_iter()
        .map(|a| names::IfAddr::new(a.addr, a.prefix_len))
        .collect()
}

/// The source address (with its prefix length) the kernel would give a
/// UDP socket connected to `dst`, as glibc learns it for RFC 3484
/// sorting: the route's choice (`probe_route`), its prefix from
/// `getifaddrs`. `None` when `dst` is unreachable.
pub(crate) fn source_for(sys: &Sys<'_>, dst: IpAddr) -> Option<names::IfAddr> {
    let src = sys.probe_route(dst, None).ok()?.src;
    let len = sys
        .getifaddrs()
        .into_iter()
        .find(|a| a.addr == src)
        .map_or(0, |a| a.prefix_len);
    Some(names::IfAddr::new(src, len))
}

/// The process's namespace as the resolver sees it, through system calls.
#[derive(Debug)]
pub(crate) struct NsView<'a> {
    pub(crate) sys: &'a Sys<'a>,
}

impl names::NetView for NsView<'_> {
    fn addresses(&self) -> Vec<names::IfAddr> {
        addresses(self.sys)
    }

    fn source_for(&self, dst: IpAddr) -> Option<names::IfAddr> {
        source_for(self.sys, dst)
    }
}

/// The DNS for lookups made where the process cannot run the network (a
/// read-only context: `ss`, `nc -v` names, tcpdump filters): what the
/// LAN's DNS server ([`crate::world::DNS_SERVER`]) answers for names
/// outside its zone, without packets (every name does not exist). A
/// namespace that cannot reach the server gets "unreachable", as glibc's
/// `connect` on its UDP socket would.
#[derive(Debug)]
pub(crate) struct OfflineDns<'a> {
    pub(crate) sys: &'a Sys<'a>,
}

impl OfflineDns<'_> {
    fn reach(&self, server: Option<IpAddr>) -> Result<(), DnsError> {
        let server = server.ok_or(DnsError::Unreachable)?;
        self.sys
            .probe_route(server, None)
            .map_err(|_| DnsError::Unreachable)?;
        if server == IpAddr::V4(crate::world::DNS_SERVER) {
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
/// user-space probe (`usdt_resolver`) per step, so the inspector and `--json` show how a name became
/// addresses: which source was asked, what it said, how the list was sorted.
pub(crate) fn record_steps(ctx: &mut Ctx<'_>, what: &str, steps: &[names::Step]) {
    let mut sys = ctx.sys();
    for step in steps {
        sys.usdt_resolver(|| alloc::format!("{what}: {}", step.text));
    }
}
