//! Packet sockets (`AF_PACKET`): what `tcpdump` opens to see every frame
//! an interface sends and receives, and `if_nametoindex`.
//!
//! A packet socket reads the kernel's capture of one namespace from the
//! moment it was opened on: one interface's frames, or every interface's
//! (`tcpdump -i any`).

use alloc::string::String;
use alloc::vec::Vec;

use super::Sys;
use crate::errno::Errno;
use crate::fd::{Fd, OpenFile};
pub use crate::iface::IfIndex;
use crate::time::Instant;

/// One frame read from a packet socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PacketFrame {
    /// When it crossed the interface.
    pub time: Instant,
    /// The interface's index.
    pub ifindex: IfIndex,
    /// The interface's name.
    pub ifname: String,
    /// The host sent it (`PACKET_OUTGOING`; on `lo` every frame is both).
    pub outgoing: bool,
    /// The IP datagram's bytes.
    pub data: Vec<u8>,
}

impl Sys<'_> {
    /// `if_nametoindex(name)` in the process's namespace: ENODEV if there
    /// is no such interface.
    pub fn if_nametoindex(&self, name: &str) -> Result<IfIndex, Errno> {
        self.host
            .net
            .ns(self.ns)
            .and_then(|n| n.iface_by_name(name))
            .map(|i| i.index)
            .ok_or(Errno::ENODEV)
    }

    /// `socket(AF_PACKET, SOCK_DGRAM, ETH_P_ALL)` bound to `ifindex` (`None`:
    /// every interface). Root only (CAP_NET_RAW): EPERM otherwise.
    pub fn packet_socket(&mut self, ifindex: Option<IfIndex>) -> Result<Fd, Errno> {
        if self.uid != 0 {
            return Err(Errno::EPERM);
        }
        let file = OpenFile::Packet {
            ns: self.ns,
            ifindex,
            next: self.host.net.capture.next_number(),
        };
        self.host.tasks.install(self.pid, file).ok_or(Errno::EMFILE)
    }

    /// Reads every frame the socket has not read yet, oldest first.
    pub fn packet_recv(&mut self, fd: Fd) -> Result<Vec<PacketFrame>, Errno> {
        let Some(OpenFile::Packet { ns, ifindex, next }) = self.host.tasks.get(self.pid, fd) else {
            return Err(if self.host.tasks.get(self.pid, fd).is_some() {
                Errno::EOPNOTSUPP
            } else {
                Errno::EBADF
            });
        };
        let netns = self.host.net.ns(ns);
        let mut last = None;
        let frames: Vec<PacketFrame> = self
            .host
            .net
            .capture
            .since(next)
            .filter(|f| f.netns == ns)
            .inspect(|f| last = Some(f.number))
            .filter(|f| ifindex.is_none_or(|i| i == f.ifindex))
            .map(|f| PacketFrame {
                time: f.time,
                ifindex: f.ifindex,
                ifname: netns.map_or_else(String::new, |n| String::from(n.iface_name(f.ifindex))),
                outgoing: f.outgoing,
                data: f.data.clone(),
            })
            .collect();
        if let Some(n) = last {
            self.host.tasks.set_packet_cursor(self.pid, fd, n + 1);
        }
        Ok(frames)
    }
}
