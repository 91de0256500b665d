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
