//! Network namespaces: the calls behind `ip netns` (the files under
//! `/run/netns` and the namespaces they pin), `setns` (a process moves
//! itself into another namespace: `ip netns exec`, `ip -n`), and the lab's
//! stand-in for a login on another machine of the LAN (`ssh HOST CMD`).
//!
//! Deleting a namespace takes its veth ends with it, and their peers too,
//! as the kernel's `cleanup_net` does; a process that moved itself keeps
//! its new namespace until it exits.

use alloc::string::String;
use alloc::vec::Vec;

use super::Sys;
use crate::errno::Errno;
use crate::net::NsKind;
use crate::trace::NsId;

/// One namespace `ip netns add` made (a file under `/run/netns`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetnsRecord {
    /// The kernel's namespace.
    pub id: NsId,
    /// Its name (the file's).
    pub name: String,
    /// The id the caller's namespace gives it (`RTM_GETNSID`), if it has
    /// one: only namespaces holding a veth peer of the caller's do.
    pub nsid: Option<u32>,
}

impl Sys<'_> {
    /// The namespaces `ip netns add` made, oldest first.
    pub fn netns_list(&self) -> Vec<NetnsRecord> {
        let net = &self.host.net;
        let peers = super::link::peer_namespaces(net, self.ns);
        net.namespaces()
            .filter(|n| n.kind == NsKind::Named)
            .map(|n| NetnsRecord {
                id: n.id,
                name: n.name.clone(),
                nsid: peers
                    .iter()
                    .position(|p| *p == n.id)
                    .and_then(|p| u32::try_from(p).ok()),
            })
            .collect()
    }

    /// `open("/run/netns/NAME")`: the namespace a name pins, or `ENOENT`.
    pub fn netns_open(&self, name: &str) -> Result<NsId, Errno> {
        self.host.net.named_ns(name).ok_or(Errno::ENOENT)
    }

    /// `unshare(CLONE_NEWNET)` and a bind mount on `/run/netns/NAME`: a
    /// fresh namespace with only `lo`, down. `EEXIST` if the name is
    /// taken, `ENOSPC` past the lab's limit, `EPERM` unless root.
    pub fn netns_add(&mut self, name: &str) -> Result<NsId, Errno> {
        if self.uid != 0 {
            return Err(Errno::EPERM);
        }
        self.host.net.add_named_ns(name)
    }

    /// `umount` and `unlink` of `/run/netns/NAME`: the namespace goes, with
    /// its veth ends and their peers. `ENOENT` if there is none, `EACCES`
    /// unless root.
    pub fn netns_del(&mut self, name: &str) -> Result<(), Errno> {
        if self.host.net.named_ns(name).is_none() {
            return Err(Errno::ENOENT);
        }
        if self.uid != 0 {
            return Err(Errno::EACCES);
        }
        self.host.net.del_named_ns(name)
    }

    /// The name of the caller's namespace if `ip netns add` made it
    /// (`ip netns identify`).
    pub fn netns_identify(&self) -> Option<String> {
        self.host
            .net
            .ns(self.ns)
            .filter(|n| n.kind == NsKind::Named)
            .map(|n| n.name.clone())
    }

    /// `setns(fd, CLONE_NEWNET)`: the calling process moves itself into
    /// namespace `ns` and stays there until it exits. `EPERM` unless root
    /// (`CAP_SYS_ADMIN`), `EINVAL` if there is no such namespace.
    pub fn setns(&mut self, ns: NsId) -> Result<(), Errno> {
        if self.uid != 0 {
            return Err(Errno::EPERM);
        }
        if self.host.net.ns(ns).is_none() {
            return Err(Errno::EINVAL);
        }
        self.host.tasks.set_netns(self.pid, ns);
        self.ns = ns;
        Ok(())
    }

    /// The machine of the LAN called `name` (`laptop`, `router`), as a
    /// place to log in to; `None` if the lab has no such machine.
    pub fn machine(&self, name: &str) -> Option<NsId> {
        self.host.net.machine(name)
    }

    /// The stand-in for `ssh HOST CMD`'s login: the process continues on
    /// machine `ns` (in its network namespace, with its host name) as root
    /// in root's home, the credentials the remote sshd gives the session;
    /// the kernel keeps them for the process until it exits.
    /// `EINVAL` if `ns` is not one of the LAN's machines.
    pub fn login(&mut self, ns: NsId) -> Result<(), Errno> {
        match self.host.net.ns(ns) {
            Some(n) if n.kind != NsKind::Named => {}
            _ => return Err(Errno::EINVAL),
        }
        self.host.tasks.set_netns(self.pid, ns);
        self.host.tasks.set_logged_in(self.pid);
        self.ns = ns;
        self.uid = 0;
        Ok(())
    }
}
