//! The simulated machine: its name, users, files and (as the lab grows) its
//! network namespaces.

pub mod files;
pub mod users;

use alloc::string::String;

use crate::net::Network;

pub use files::Files;
pub use users::User;

/// The stock Debian 12 kernel the lab's `uname` reports.
pub const KERNEL_RELEASE: &str = "6.1.0-28-amd64";
/// The kernel version string (`uname -v`).
pub const KERNEL_VERSION: &str = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)";
/// The machine hardware name (`uname -m`).
pub const MACHINE: &str = "x86_64";

/// One simulated Linux host.
#[derive(Debug)]
pub struct Host {
    /// The host name (`hostname`, the prompt, `/etc/hostname`).
    pub hostname: String,
    /// The file system the tools read and write.
    pub files: Files,
    /// The network: this host's namespaces and the machines on its LAN.
    pub net: Network,
    /// Every process's open descriptors and command name.
    pub tasks: crate::fd::Tasks,
    /// The pipes between processes (descriptors in `tasks` refer to them).
    pub pipes: crate::pipe::Pipes,
    /// The CPU user space has spent computing, in scheduler ticks, as
    /// processes account it (`Sys::sched_yield`): the kernel cannot see
    /// an interpreter's loop, so the interpreter says what it used.
    pub cpu_ticks: u64,
}

/// The wall-clock time (seconds since 1970) at which the lab starts; `ping
/// -D` and `date` count from here.
pub const EPOCH_AT_START: u64 = 1_795_737_600;

impl Host {
    /// A stock Debian 12 host named `hostname`.
    pub fn debian(hostname: &str, seed: u64) -> Self {
        Host {
            hostname: String::from(hostname),
            files: Files::debian(
                hostname,
                files::Stamp {
                    sec: EPOCH_AT_START,
                    nsec: 0,
                },
            ),
            net: Network::debian_lab(seed),
            tasks: crate::fd::Tasks::default(),
            pipes: crate::pipe::Pipes::default(),
            cpu_ticks: 0,
        }
    }
}
