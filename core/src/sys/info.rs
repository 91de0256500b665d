//! The small calls: `gethostname`/`uname`, `clock_gettime`, `getrandom`,
//! and `syslog` (the kernel log `dmesg` reads).

use alloc::string::String;
use alloc::vec::Vec;

use super::Sys;
use crate::errno::Errno;
use crate::time::Instant;

/// What `uname(2)` fills in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Utsname {
    /// `sysname`: "Linux".
    pub sysname: &'static str,
    /// `nodename`: the host name this process sees.
    pub nodename: String,
    /// `release`: the kernel release.
    pub release: &'static str,
    /// `version`: the kernel build string.
    pub version: &'static str,
    /// `machine`: the hardware name.
    pub machine: &'static str,
}

/// The clocks `clock_gettime(2)` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockId {
    /// `CLOCK_REALTIME`: the wall clock, counted from 1970-01-01 UTC.
    Realtime,
    /// `CLOCK_MONOTONIC`: counted from boot (the lab's virtual time).
    Monotonic,
}

/// What `clock_gettime(2)` fills in (`struct timespec`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timespec {
    /// `tv_sec`: whole seconds.
    pub sec: u64,
    /// `tv_nsec`: nanoseconds within the second.
    pub nsec: u32,
}

impl Timespec {
    /// The time in microseconds (the lab's clocks tick in microseconds).
    pub const fn micros(self) -> u64 {
        self.sec * 1_000_000 + self.nsec as u64 / 1_000
    }
}

impl Sys<'_> {
    /// `clock_gettime(clock)`: the wall clock started at
    /// [`crate::host::EPOCH_AT_START`] when the lab booted and runs with
    /// its virtual time.
    pub fn clock_gettime(&self, clock: ClockId) -> Timespec {
        let since_boot = self.now.micros();
        let micros = match clock {
            ClockId::Realtime => crate::host::EPOCH_AT_START * 1_000_000 + since_boot,
            ClockId::Monotonic => since_boot,
        };
        Timespec {
            sec: micros / 1_000_000,
            nsec: (micros % 1_000_000) as u32 * 1_000,
        }
    }

    /// `sched_yield()` after computing for `ticks` scheduler ticks: the
    /// process gives up the CPU, and the kernel accounts the time it ran
    /// (a long computation counts as work, as a flood of packets does).
    pub fn sched_yield(&mut self, ticks: u64) {
        self.host.cpu_ticks = self.host.cpu_ticks.saturating_add(ticks);
    }

    /// `gethostname()`: the host's name, or the name of the LAN machine
    /// the process runs on (`ssh laptop hostname`). Namespaces made with
    /// `ip netns add` share the host's name (they are not UTS namespaces).
    pub fn gethostname(&self) -> String {
        match self.host.net.ns(self.ns) {
            Some(n) if n.kind == crate::net::NsKind::Machine => n.name.clone(),
            _ => self.host.hostname.clone(),
        }
    }

    /// `sethostname()`: the host's name (the LAN machines keep theirs).
    /// `EPERM` unless root, `EINVAL` past 64 bytes.
    pub fn sethostname(&mut self, name: &str) -> Result<(), Errno> {
        if self.uid != 0 {
            return Err(Errno::EPERM);
        }
        if name.len() > 64 {
            return Err(Errno::EINVAL);
        }
        self.host.hostname = String::from(name);
        Ok(())
    }

    /// `uname()`.
    pub fn uname(&self) -> Utsname {
        Utsname {
            sysname: "Linux",
            nodename: self.gethostname(),
            release: crate::host::KERNEL_RELEASE,
            version: crate::host::KERNEL_VERSION,
            machine: crate::host::MACHINE,
        }
    }

    /// `getrandom()`: 64 random bits from the kernel's seeded generator.
    pub fn getrandom_u64(&mut self) -> u64 {
        self.host.net.rng.next_u64()
    }

    /// `getrandom()`: 16 random bits.
    pub fn getrandom_u16(&mut self) -> u16 {
        self.host.net.rng.next_u16()
    }

    /// A random number in `low..=high` drawn from `getrandom()`.
    pub fn random_range(&mut self, low: u32, high: u32) -> u32 {
        self.host.net.rng.range_inclusive(low, high)
    }

    /// `syslog(SYSLOG_ACTION_READ_ALL)`: the kernel log with the time of
    /// each line. EPERM unless root (`kernel.dmesg_restrict` is 1 on
    /// Debian).
    pub fn syslog_read(&self) -> Result<Vec<(Instant, String)>, Errno> {
        if self.uid != 0 {
            return Err(Errno::EPERM);
        }
        Ok(self.host.net.klog.lines().cloned().collect())
    }

    /// `syslog(SYSLOG_ACTION_CLEAR)`. EPERM unless root.
    pub fn syslog_clear(&mut self) -> Result<(), Errno> {
        if self.uid != 0 {
            return Err(Errno::EPERM);
        }
        self.host.net.klog.clear();
        Ok(())
    }
}
