//! The system-call interface: the only door from user space into the
//! simulated kernel.
//!
//! A program gets a [`Sys`] from its context (`ctx.sys()`) and makes the
//! calls a Linux program makes: sockets by descriptor ([`socket`]), socket
//! dumps ([`diag`]), files ([`fs`]), the interfaces' addresses
//! ([`ifaddrs`]), user-space probes in the trace ([`usdt`]), the odds and
//! ends of `uname`, `gethostname`, `clock_gettime`, `getrandom` and
//! `syslog` ([`info`]), and netlink-style configuration: links
//! ([`link`]) and addresses ([`addr`]), routes and rules ([`routing`]),
//! namespaces and `setns` ([`netns`]), qdiscs ([`qdisc`]) and sysctls
//! ([`sysctl`]). The kernel keeps its own invariants behind these calls;
//! a program never holds a kernel structure, and a call answers with the
//! errno Linux gives.
//!
//! Descriptors belong to processes ([`crate::fd::Tasks`]): 0, 1 and 2 are
//! the standard streams the spawn installs ([`stdio`]: `read`, `write`,
//! `isatty`, `fstat`'s file type); when a process ends, however it ends,
//! the process table calls [`exit`] and every descriptor it still held is
//! closed, as the kernel's `do_exit` does (a pipe's end closes with its
//! last descriptor).

pub mod addr;
pub mod diag;
pub mod fs;
pub mod ifaddrs;
pub mod info;
pub mod link;
pub mod neigh;
pub mod netfilter;
pub mod netns;
pub mod packet;
pub mod probe;
pub mod procdir;
pub mod qdisc;
pub mod routing;
pub mod socket;
pub mod stdio;
pub mod sysctl;
pub mod usdt;

#[cfg(test)]
mod netlink_tests;

pub use crate::fd::{Fd, Pid};
pub use ifaddrs::{IfFlags, Ifaddr};
pub use info::{ClockId, Timespec};
pub use packet::{IfIndex, PacketFrame};
pub use socket::{PollEvents, Shutdown, SockOpt, SockOpts};
pub use stdio::{FileKind, Read};

pub use crate::errno::Errno;
/// Who a process runs as: its uid (and the passwd entry of the lab's two
/// users), as `getuid` answers.
pub use crate::host::User;
pub use crate::net::api::SendError;
pub use crate::net::sockets::{IcmpErrorReport, RecvDatagram, SockType};
pub use crate::route::RtnlError;
pub use crate::socket::bind::Family;
pub use crate::trace::{NsId, PacketId};

use crate::fd::OpenFile;
use crate::host::Host;
use crate::output::OutputBuffer;
use crate::time::Instant;

/// One process's handle on the kernel for the duration of one poll: who
/// is calling (pid, user, network namespace) and when.
#[derive(Debug)]
pub struct Sys<'a> {
    host: &'a mut Host,
    pid: Pid,
    ns: NsId,
    uid: u32,
    now: Instant,
    /// The terminal the process writes to (none for a handle made
    /// outside a process's poll: writes there are lost).
    tty: Option<&'a mut OutputBuffer>,
}

impl<'a> Sys<'a> {
    /// The handle of process `pid` (run as `uid` in namespace `ns`) at
    /// virtual time `now`. Only the process table makes these.
    pub(crate) fn new(host: &'a mut Host, pid: Pid, ns: NsId, uid: u32, now: Instant) -> Self {
        Sys {
            host,
            pid,
            ns,
            uid,
            now,
            tty: None,
        }
    }

    /// The same handle, writing to terminal `tty` (what a descriptor on
    /// the terminal shows goes there).
    pub(crate) fn with_tty(mut self, tty: &'a mut OutputBuffer) -> Self {
        self.tty = Some(tty);
        self
    }

    /// `getpid()`.
    pub fn getpid(&self) -> Pid {
        self.pid
    }

    /// `getuid()`.
    pub fn getuid(&self) -> u32 {
        self.uid
    }

    /// The network namespace the process runs in.
    pub fn netns(&self) -> NsId {
        self.ns
    }

    /// `clock_gettime(CLOCK_MONOTONIC)`: the virtual time of this call.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// `execve`'s part that the kernel keeps: the process's command name
    /// (`ss -p` shows it beside the process's sockets).
    pub fn set_comm(&mut self, comm: &str) {
        self.host.tasks.set_comm(self.pid, comm);
        self.host.tasks.set_uid(self.pid, self.uid);
    }

    /// The process's command name.
    pub fn comm(&self) -> &str {
        self.host.tasks.comm(self.pid)
    }

    /// The descriptors the process holds, lowest first (`ls /proc/self/fd`).
    pub fn open_fds(&self) -> alloc::vec::Vec<Fd> {
        self.host.tasks.fds(self.pid)
    }
}

/// Closes one open file, as the last `close` of it does (a pipe's end
/// closes when its last descriptor does).
fn release(host: &mut Host, file: OpenFile) {
    match file {
        OpenFile::Socket { ns, sid } => host.net.close(ns, sid),
        OpenFile::Raw(id) => host.net.raw_close(id),
        OpenFile::PipeRead(id) => host.pipes.close_reader(id),
        OpenFile::PipeWrite(id) => host.pipes.close_writer(id),
        OpenFile::Packet { .. }
        | OpenFile::File { .. }
        | OpenFile::Terminal(_)
        | OpenFile::DevNull => {}
    }
}

/// The kernel's part of a process's exit: every descriptor it still holds
/// is closed (a TCP connection then finishes its close in the kernel), as
/// `do_exit` closes the files of a task. Descriptors are the only way a
/// process holds a socket, so nothing else is left behind.
pub(crate) fn exit(host: &mut Host, pid: Pid) {
    for file in host.tasks.exit(pid) {
        release(host, file);
    }
}
