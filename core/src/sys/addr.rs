//! Netlink-style calls on addresses (`RTM_NEWADDR`/`RTM_DELADDR`): what
//! `ip addr add|del` asks of the kernel, which computes scope and
//! broadcast and keeps the prefix and local routes in step. The link dump
//! ([`super::link`]) reports the addresses.

use core::net::IpAddr;

use super::Sys;
use super::link::{IfIndex, admin};
use crate::errno::Errno;
use crate::route::RtnlError;

impl Sys<'_> {
    /// `RTM_NEWADDR`: the kernel computes scope and broadcast and adds the
    /// prefix and local routes. An address already there is `EEXIST`
    /// ("ipv4: Address already assigned" for IPv4).
    pub fn addr_add(&mut self, index: IfIndex, addr: IpAddr, len: u8) -> Result<(), RtnlError> {
        admin(self.uid)?;
        let n = self
            .host
            .net
            .ns_mut(self.ns)
            .ok_or(RtnlError::errno(Errno::ENODEV))?;
        n.add_addr(index, addr, len).map_err(|e| match addr {
            IpAddr::V4(_) => RtnlError::extack(e, "ipv4: Address already assigned"),
            IpAddr::V6(_) => RtnlError::errno(e),
        })
    }

    /// `RTM_DELADDR`: the kernel removes the address and the routes it
    /// made. An address not there is `EADDRNOTAVAIL` ("ipv4: Address not
    /// found" for IPv4). IPv6 matches the address whatever its length.
    pub fn addr_del(&mut self, index: IfIndex, addr: IpAddr, len: u8) -> Result<(), RtnlError> {
        admin(self.uid)?;
        let n = self
            .host
            .net
            .ns_mut(self.ns)
            .ok_or(RtnlError::errno(Errno::ENODEV))?;
        n.del_addr(index, addr, len).map_err(|e| match addr {
            IpAddr::V4(_) => RtnlError::extack(e, "ipv4: Address not found"),
            IpAddr::V6(_) => RtnlError::errno(e),
        })
    }
}
