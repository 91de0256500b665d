//! The sysctl calls: reading and writing the caller's namespace's
//! `/proc/sys` values (what `sysctl` reads and writes; `cat` and `echo >`
//! reach the same values through the file calls). The kernel validates
//! every value it is given.

use alloc::string::String;
use alloc::vec::Vec;

use super::Sys;

pub use crate::sysctl::{SysctlError, normalize_key};

/// One sysctl and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SysctlEntry {
    /// The dotted key (`net.ipv4.ip_forward`).
    pub key: String,
    /// The value as the kernel prints it.
    pub value: String,
}

impl Sys<'_> {
    /// Reads one sysctl by its dotted key; `NotFound` if there is no such
    /// value (a directory is not a value).
    pub fn sysctl_read(&self, key: &str) -> Result<String, SysctlError> {
        let n = self.host.net.ns(self.ns).ok_or(SysctlError::NotFound)?;
        n.sysctls.get(key).map(String::from)
    }

    /// Every sysctl of the caller's namespace, in key order.
    pub fn sysctl_list(&self) -> Vec<SysctlEntry> {
        self.host
            .net
            .ns(self.ns)
            .map(|n| {
                n.sysctls
                    .iter()
                    .map(|(k, v)| SysctlEntry {
                        key: String::from(k),
                        value: String::from(v),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Writes one sysctl: the kernel parses and checks the value
    /// (`Invalid`), and only root may write (`PermissionDenied`).
    pub fn sysctl_write(&mut self, key: &str, value: &str) -> Result<(), SysctlError> {
        let as_root = self.uid == 0;
        let n = self.host.net.ns_mut(self.ns).ok_or(SysctlError::NotFound)?;
        n.sysctls.set(key, value, as_root).map(|_| ())
    }
}
