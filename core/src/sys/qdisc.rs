//! Netlink-style calls on queueing disciplines (`RTM_GETQDISC`,
//! `RTM_NEWQDISC`/`RTM_DELQDISC`): what `tc qdisc` asks of the kernel.
//!
//! The lab's only configurable qdisc is netem on a device's root; without
//! one a device shows `noqueue`. Changes answer with the kernel's errno
//! and extended-ack text ([`RtnlError`]).

use alloc::string::String;
use alloc::vec::Vec;

use super::Sys;
use crate::errno::Errno;
use crate::net::NetemState;
use crate::route::RtnlError;

pub use crate::iface::IfIndex;
pub use crate::net::Netem;

/// The root qdisc of one device, as a dump reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QdiscRecord {
    /// The device's index.
    pub dev: IfIndex,
    /// The device's name.
    pub dev_name: String,
    /// The netem configuration, or `None` for `noqueue`.
    pub netem: Option<Netem>,
}

/// Which `RTM_NEWQDISC` request: the netlink flags `tc` sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QdiscOp {
    /// `tc qdisc add`: `NLM_F_CREATE | NLM_F_EXCL`.
    Add,
    /// `tc qdisc change`: no flags (the qdisc must exist).
    Change,
    /// `tc qdisc replace` (and `link`): `NLM_F_CREATE | NLM_F_REPLACE`.
    Replace,
}

/// "Qdisc not found. To create specify NLM_F_CREATE flag".
const NOT_FOUND: RtnlError = RtnlError::extack(
    Errno::ENOENT,
    "Qdisc not found. To create specify NLM_F_CREATE flag",
);

impl Sys<'_> {
    /// `RTM_GETQDISC` dump: the root qdisc of every device of the caller's
    /// namespace, in index order.
    pub fn qdisc_dump(&self) -> Vec<QdiscRecord> {
        let net = &self.host.net;
        let Some(n) = net.ns(self.ns) else {
            return Vec::new();
        };
        n.ifaces
            .values()
            .map(|i| QdiscRecord {
                dev: i.index,
                dev_name: i.name.clone(),
                netem: net.qdiscs.get(&(self.ns, i.index)).map(|q| q.config),
            })
            .collect()
    }

    /// `RTM_NEWQDISC` on a device's root: `kind` is the qdisc's name
    /// (`None` when the request names none, which only finds an existing
    /// qdisc), `netem` its options. An unknown kind is `ENOENT`
    /// ("Specified qdisc kind is unknown"); `add` over an existing qdisc is
    /// `EEXIST` ("Exclusivity flag on, cannot modify"); `change` of none,
    /// or no kind, is `ENOENT` ("Qdisc not found...").
    pub fn qdisc_set(
        &mut self,
        dev: IfIndex,
        kind: Option<&str>,
        netem: Netem,
        op: QdiscOp,
    ) -> Result<(), RtnlError> {
        if self.uid != 0 {
            return Err(RtnlError::errno(Errno::EPERM));
        }
        match kind {
            Some("netem") => {}
            Some(_) => {
                return Err(RtnlError::extack(
                    Errno::ENOENT,
                    "Specified qdisc kind is unknown",
                ));
            }
            None => return Err(NOT_FOUND),
        }
        let key = (self.ns, dev);
        let qdiscs = &mut self.host.net.qdiscs;
        match (op, qdiscs.contains_key(&key)) {
            (QdiscOp::Add, true) => Err(RtnlError::extack(
                Errno::EEXIST,
                "Exclusivity flag on, cannot modify",
            )),
            (QdiscOp::Change, false) => Err(NOT_FOUND),
            _ => {
                qdiscs.insert(key, NetemState::new(netem));
                Ok(())
            }
        }
    }

    /// `RTM_DELQDISC` of a device's root: back to `noqueue`. A device
    /// without a qdisc is `EINVAL` ("Cannot delete qdisc with handle of
    /// zero").
    pub fn qdisc_del(&mut self, dev: IfIndex) -> Result<(), RtnlError> {
        if self.uid != 0 {
            return Err(RtnlError::errno(Errno::EPERM));
        }
        match self.host.net.qdiscs.remove(&(self.ns, dev)) {
            Some(_) => Ok(()),
            None => Err(RtnlError::extack(
                Errno::EINVAL,
                "Cannot delete qdisc with handle of zero",
            )),
        }
    }
}
