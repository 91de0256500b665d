//! The route a datagram socket's `connect()` would pick, asked without
//! binding a port: how ping learns its source address and whether the
//! destination is a broadcast before it sends anything (iputils connects a
//! probe UDP socket for exactly this).

use core::net::IpAddr;

use super::Sys;
use crate::errno::Errno;
use crate::route::RouteType;

/// What the output route lookup chose for a destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteProbe {
    /// The source address a socket connected there would use.
    pub src: IpAddr,
    /// The destination is a broadcast address (`connect` then needs
    /// `SO_BROADCAST`).
    pub broadcast: bool,
    /// The output device's name.
    pub dev: alloc::string::String,
}

impl Sys<'_> {
    /// The source and route type `connect(dst)` on a UDP socket bound to
    /// `device` (by name) would get, or the errno it fails with: ENODEV for
    /// an unknown device, the route's error (ENETUNREACH, EINVAL...),
    /// EADDRNOTAVAIL when no source fits (IPv6 chooses its source first:
    /// with no IPv6 address at all that is the error).
    pub fn probe_route(&self, dst: IpAddr, device: Option<&str>) -> Result<RouteProbe, Errno> {
        let n = self.host.net.ns(self.ns).ok_or(Errno::ENETUNREACH)?;
        let oif = match device {
            Some(name) => Some(n.iface_by_name(name).ok_or(Errno::ENODEV)?.index),
            None => None,
        };
        let flow = crate::route::Flow {
            dst,
            src: None,
            oif,
            iif: None,
            mark: 0,
        };
        match n.fib.lookup(&flow, n) {
            Ok(d) => Ok(RouteProbe {
                src: d.src.ok_or(Errno::EADDRNOTAVAIL)?,
                broadcast: d.kind == RouteType::Broadcast,
                dev: alloc::string::String::from(n.iface_name(d.dev)),
            }),
            Err(f) => {
                let no_v6_source = dst.is_ipv6() && !n.ifaces.values().any(|i| !i.ipv6.is_empty());
                Err(if no_v6_source {
                    Errno::EADDRNOTAVAIL
                } else {
                    f.error.errno()
                })
            }
        }
    }
}
