//! The glue between tools and the resolver: the host's files become a
//! resolver configuration, a namespace becomes the resolver's view of the
//! network, and the router's empty zone answers DNS queries.

use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use crate::host::Host;
use crate::names::{self, Config, DnsError, DnsSource, Modules, RecordType};
use crate::net::Network;
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

/// The DNS the lab's machines use: the router at 192.168.1.1 serves an
/// empty zone, so every name it is asked for does not exist. A namespace
/// that cannot reach the server gets "unreachable", as glibc's `connect`
/// on its UDP socket would.
#[derive(Debug)]
pub(crate) struct LabDns<'a> {
    pub(crate) view: NsView<'a>,
}

impl LabDns<'_> {
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

impl DnsSource for LabDns<'_> {
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
