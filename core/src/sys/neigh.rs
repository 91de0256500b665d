//! The neighbour table's calls: `RTM_GETNEIGH` dumps (`ip neigh`) and
//! `RTM_DELNEIGH` / `SIOCDARP` (`ip neigh del`, `arp -d`). The kernel
//! fills the table itself as it resolves next hops (see
//! [`crate::net::neigh`]).

use alloc::vec::Vec;
use core::net::IpAddr;

use super::{Errno, Sys};
use crate::iface::IfIndex;

pub use crate::net::neigh::{Neighbour, NudState};

impl Sys<'_> {
    /// `RTM_GETNEIGH` dump of the caller's namespace, newest first.
    pub fn neigh_dump(&self) -> Vec<Neighbour> {
        self.host
            .net
            .ns(self.ns)
            .map(|n| n.neigh.dump(self.now))
            .unwrap_or_default()
    }

    /// `SIOCSARP` with `ATF_PERM` (`arp -s`): a permanent entry for the
    /// IPv4 `addr`, on `dev` or on the device whose connected prefix holds
    /// it (`ip_route_output` with `RTO_ONLINK`: ENETUNREACH when none
    /// does); EINVAL on a device without ARP (`lo`); EPERM unless root.
    pub fn neigh_set_permanent(
        &mut self,
        dev: Option<IfIndex>,
        addr: core::net::Ipv4Addr,
        mac: [u8; 6],
    ) -> Result<(), Errno> {
        if self.uid != 0 {
            return Err(Errno::EPERM);
        }
        let now = self.now;
        let n = self.host.net.ns_mut(self.ns).ok_or(Errno::ENETUNREACH)?;
        let dev = match dev {
            Some(d) => d,
            None => n
                .ifaces
                .values()
                .find(|i| {
                    i.admin_up
                        && i.ipv4.iter().any(|a| {
                            let len = u32::from(a.prefix_len.min(32));
                            let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
                            u32::from(a.addr) & mask == u32::from(addr) & mask
                        })
                })
                .map(|i| i.index)
                .ok_or(Errno::ENETUNREACH)?,
        };
        match n.ifaces.get(&dev) {
            Some(i) if !i.is_loopback() => {}
            Some(_) => return Err(Errno::EINVAL),
            None => return Err(Errno::ENODEV),
        }
        n.neigh.set_permanent(dev, IpAddr::V4(addr), mac, now);
        Ok(())
    }

    /// `ip neigh flush` (RTM_DELNEIGH for each dumped entry): forgets the
    /// entries that are not permanent (on `dev` if given) and says how
    /// many; EPERM for a user when there is one to delete.
    pub fn neigh_flush(&mut self, dev: Option<IfIndex>) -> Result<usize, Errno> {
        let now = self.now;
        let uid = self.uid;
        let Some(n) = self.host.net.ns_mut(self.ns) else {
            return Ok(0);
        };
        let doomed: Vec<Neighbour> = n
            .neigh
            .dump(now)
            .into_iter()
            .filter(|e| e.state != NudState::Permanent && dev.is_none_or(|d| d == e.dev))
            .collect();
        if !doomed.is_empty() && uid != 0 {
            return Err(Errno::EPERM);
        }
        for e in &doomed {
            n.neigh.remove(Some(e.dev), e.addr);
        }
        Ok(doomed.len())
    }

    /// `SIOCDARP`/`RTM_DELNEIGH`: forgets the entry for `addr` (on `dev`
    /// if given): EPERM unless root, ENXIO if there is none.
    pub fn neigh_del(&mut self, dev: Option<IfIndex>, addr: IpAddr) -> Result<(), Errno> {
        if self.uid != 0 {
            return Err(Errno::EPERM);
        }
        let Some(n) = self.host.net.ns_mut(self.ns) else {
            return Err(Errno::ENXIO);
        };
        if n.neigh.remove(dev, addr) {
            Ok(())
        } else {
            Err(Errno::ENXIO)
        }
    }
}
