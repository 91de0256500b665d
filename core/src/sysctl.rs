//! The network sysctls of one namespace that change what the lab does, with
//! Linux 6.1 defaults and the kernel's validation.
//!
//! Real procps 4.0.2 in a fresh namespace (exit status 1 for each error):
//!
//! ```text
//! # sysctl net.ipv4.foo
//! sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory
//! # sysctl -w net.ipv4.conf.all.route_localnet=abc
//! sysctl: setting key "net.ipv4.conf.all.route_localnet": Invalid argument
//! # sysctl -w net.ipv4.conf.all.route_localnet=7      (accepted: proc_dointvec)
//! net.ipv4.conf.all.route_localnet = 7
//! # sysctl -w net.ipv4.ip_local_port_range="2000 1000"
//! sysctl: setting key "net.ipv4.ip_local_port_range": Invalid argument
//! # sysctl -w net.ipv4.ip_unprivileged_port_start=99999
//! sysctl: setting key "net.ipv4.ip_unprivileged_port_start": Invalid argument
//! $ sysctl -w net.ipv4.conf.all.route_localnet=1      (as a user)
//! sysctl: permission denied on key "net.ipv4.conf.all.route_localnet"
//! ```

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::errno::Errno;

/// How a key's value is checked when written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// One integer (`proc_dointvec`): any value that fits an `int`.
    Int,
    /// One integer within bounds (`proc_dointvec_minmax`).
    IntRange(i64, i64),
    /// Two ports, low <= high, within 1..=65535.
    PortRange,
    /// Two group ids, as `ping_group_range`.
    GroupRange,
    /// Three integers (`tcp_rmem`, `tcp_wmem`).
    Triple,
}

/// The per-interface IPv4 keys (`net.ipv4.conf.IF.KEY`) and their defaults.
const IPV4_CONF: &[(&str, &str, Kind)] = &[
    ("accept_local", "0", Kind::Int),
    ("forwarding", "0", Kind::Int),
    ("log_martians", "0", Kind::Int),
    ("route_localnet", "0", Kind::Int),
    ("rp_filter", "0", Kind::IntRange(0, 2)),
];

/// The per-interface IPv6 keys (`net.ipv6.conf.IF.KEY`).
const IPV6_CONF: &[(&str, &str, Kind)] = &[
    ("disable_ipv6", "0", Kind::Int),
    ("forwarding", "0", Kind::Int),
];

/// Namespace-wide keys and their defaults on a Linux 6.1 kernel.
const GLOBAL: &[(&str, &str, Kind)] = &[
    ("net.ipv4.icmp_echo_ignore_all", "0", Kind::IntRange(0, 1)),
    (
        "net.ipv4.icmp_echo_ignore_broadcasts",
        "1",
        Kind::IntRange(0, 1),
    ),
    ("net.ipv4.ip_forward", "0", Kind::Int),
    (
        "net.ipv4.ip_local_port_range",
        "32768\t60999",
        Kind::PortRange,
    ),
    ("net.ipv4.ip_nonlocal_bind", "0", Kind::Int),
    (
        "net.ipv4.ip_unprivileged_port_start",
        "1024",
        Kind::IntRange(0, 65535),
    ),
    ("net.ipv4.ping_group_range", "1\t0", Kind::GroupRange),
    // proc_dou8vec_minmax, with extra1 = 0 and extra2 = 2 in 6.1.
    ("net.ipv4.tcp_ecn", "2", Kind::IntRange(0, 2)),
    ("net.ipv4.tcp_ecn_fallback", "1", Kind::IntRange(0, 1)),
    ("net.ipv4.tcp_fin_timeout", "60", Kind::Int),
    ("net.ipv4.tcp_rmem", "4096\t131072\t6291456", Kind::Triple),
    ("net.ipv4.tcp_sack", "1", Kind::Int),
    ("net.ipv4.tcp_syn_retries", "6", Kind::IntRange(1, 127)),
    ("net.ipv4.tcp_timestamps", "1", Kind::IntRange(0, 2)),
    ("net.ipv4.tcp_window_scaling", "1", Kind::Int),
    ("net.ipv4.tcp_wmem", "4096\t16384\t4194304", Kind::Triple),
    // The default IPV6_V6ONLY of new AF_INET6 sockets; a u8 without
    // bounds in 6.1 (proc_dou8vec_minmax).
    ("net.ipv6.bindv6only", "0", Kind::IntRange(0, 255)),
];

/// Why a sysctl operation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SysctlError {
    /// No such key (`cannot stat /proc/sys/...`).
    NotFound,
    /// The kernel refused the value (EINVAL).
    Invalid,
    /// Only root may write (EACCES/EPERM).
    PermissionDenied,
}

impl SysctlError {
    /// The errno behind the error.
    pub const fn errno(self) -> Errno {
        match self {
            SysctlError::NotFound => Errno::ENOENT,
            SysctlError::Invalid => Errno::EINVAL,
            SysctlError::PermissionDenied => Errno::EACCES,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    value: String,
    kind: Kind,
}

/// The sysctls of one network namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sysctls {
    entries: BTreeMap<String, Entry>,
}

/// Normalises `net/ipv4/conf/lo/rp_filter` or `/proc/sys/...` to dotted form.
pub fn normalize_key(key: &str) -> String {
    let key = key.strip_prefix("/proc/sys/").unwrap_or(key);
    key.trim_matches('/').replace('/', ".")
}

fn parse_ints(value: &str) -> Option<Vec<i64>> {
    value
        .split_whitespace()
        .map(|w| w.parse::<i64>().ok().filter(|v| i32::try_from(*v).is_ok()))
        .collect()
}

impl Kind {
    /// Checks `value` and returns it the way the kernel prints it back.
    fn validate(self, value: &str) -> Option<String> {
        let ints = parse_ints(value)?;
        match (self, ints.as_slice()) {
            (Kind::Int, [v]) => Some(v.to_string()),
            (Kind::IntRange(lo, hi), [v]) if (lo..=hi).contains(v) => Some(v.to_string()),
            (Kind::PortRange, [lo, hi]) if 1 <= *lo && lo <= hi && *hi <= 65535 => {
                Some(format!("{lo}\t{hi}"))
            }
            (Kind::GroupRange, [lo, hi]) if *lo >= 0 && *hi >= 0 => Some(format!("{lo}\t{hi}")),
            (Kind::Triple, [a, b, c]) if *a >= 0 && *b >= 0 && *c >= 0 => {
                Some(format!("{a}\t{b}\t{c}"))
            }
            _ => None,
        }
    }
}

impl Sysctls {
    /// The sysctls of a fresh namespace whose only interface is `lo`.
    pub fn new() -> Self {
        let mut s = Sysctls {
            entries: BTreeMap::new(),
        };
        for (key, value, kind) in GLOBAL {
            s.insert(String::from(*key), value, *kind);
        }
        for dev in ["all", "default", "lo"] {
            s.add_device(dev);
        }
        s
    }

    fn insert(&mut self, key: String, value: &str, kind: Kind) {
        self.entries.insert(
            key,
            Entry {
                value: String::from(value),
                kind,
            },
        );
    }

    /// Adds the per-interface keys of a new device, copied from `default`
    /// as the kernel does.
    pub fn add_device(&mut self, dev: &str) {
        for (family, table) in [("ipv4", IPV4_CONF), ("ipv6", IPV6_CONF)] {
            for (key, default, kind) in table {
                let inherited = self
                    .entries
                    .get(&format!("net.{family}.conf.default.{key}"))
                    .map(|e| e.value.clone())
                    .unwrap_or_else(|| String::from(*default));
                self.insert(format!("net.{family}.conf.{dev}.{key}"), &inherited, *kind);
            }
        }
    }

    /// Removes the keys of a device that left the namespace.
    pub fn remove_device(&mut self, dev: &str) {
        let v4 = format!("net.ipv4.conf.{dev}.");
        let v6 = format!("net.ipv6.conf.{dev}.");
        self.entries
            .retain(|k, _| !k.starts_with(&v4) && !k.starts_with(&v6));
    }

    /// The value of `key` (dotted or slashed form), as `sysctl -n` prints it.
    pub fn get(&self, key: &str) -> Result<&str, SysctlError> {
        self.entries
            .get(&normalize_key(key))
            .map(|e| e.value.as_str())
            .ok_or(SysctlError::NotFound)
    }

    /// Writes `key`; `as_root` says whether the writer is root.
    pub fn set(&mut self, key: &str, value: &str, as_root: bool) -> Result<&str, SysctlError> {
        let entry = self
            .entries
            .get_mut(&normalize_key(key))
            .ok_or(SysctlError::NotFound)?;
        if !as_root {
            return Err(SysctlError::PermissionDenied);
        }
        entry.value = entry.kind.validate(value).ok_or(SysctlError::Invalid)?;
        Ok(entry.value.as_str())
    }

    /// Every key and value, sorted, for `sysctl -a`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|(k, e)| (k.as_str(), e.value.as_str()))
    }

    /// `net.ipv6.bindv6only`: new AF_INET6 sockets start with IPV6_V6ONLY.
    pub fn bindv6only(&self) -> bool {
        self.int("net.ipv6.bindv6only") != 0
    }

    fn int(&self, key: &str) -> i64 {
        self.entries
            .get(key)
            .and_then(|e| parse_ints(&e.value))
            .and_then(|v| v.first().copied())
            .unwrap_or(0)
    }

    fn ints(&self, key: &str) -> Vec<i64> {
        self.entries
            .get(key)
            .and_then(|e| parse_ints(&e.value))
            .unwrap_or_default()
    }

    /// A per-device IPv4 boolean that the kernel ORs over `all` and the device
    /// (`IN_DEV_ORCONF`): `route_localnet`, `log_martians`, `accept_local`.
    pub fn ipv4_conf_or(&self, dev: &str, key: &str) -> bool {
        self.int(&format!("net.ipv4.conf.all.{key}")) != 0
            || self.int(&format!("net.ipv4.conf.{dev}.{key}")) != 0
    }

    /// The effective `rp_filter` of a device: the maximum of `all` and the device.
    pub fn rp_filter(&self, dev: &str) -> i64 {
        self.int("net.ipv4.conf.all.rp_filter")
            .max(self.int(&format!("net.ipv4.conf.{dev}.rp_filter")))
    }

    /// Whether IPv6 is disabled on a device (either `all` or the device).
    pub fn ipv6_disabled(&self, dev: &str) -> bool {
        self.int("net.ipv6.conf.all.disable_ipv6") != 0
            || self.int(&format!("net.ipv6.conf.{dev}.disable_ipv6")) != 0
    }

    /// `net.ipv4.ip_unprivileged_port_start`.
    pub fn unprivileged_port_start(&self) -> u16 {
        u16::try_from(self.int("net.ipv4.ip_unprivileged_port_start")).unwrap_or(1024)
    }

    /// `net.ipv4.ip_local_port_range` as (low, high).
    pub fn local_port_range(&self) -> (u16, u16) {
        match self.ints("net.ipv4.ip_local_port_range").as_slice() {
            [lo, hi] => (
                u16::try_from(*lo).unwrap_or(32768),
                u16::try_from(*hi).unwrap_or(60999),
            ),
            _ => (32768, 60999),
        }
    }

    /// `net.ipv4.ping_group_range` as (low, high) group ids.
    pub fn ping_group_range(&self) -> (i64, i64) {
        match self.ints("net.ipv4.ping_group_range").as_slice() {
            [lo, hi] => (*lo, *hi),
            _ => (1, 0),
        }
    }

    /// A namespace-wide integer such as `net.ipv4.tcp_timestamps`.
    pub fn global_int(&self, key: &str) -> i64 {
        self.int(key)
    }
}

impl Default for Sysctls {
    fn default() -> Self {
        Sysctls::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_linux() {
        let s = Sysctls::new();
        assert_eq!(s.get("net.ipv4.conf.all.route_localnet"), Ok("0"));
        assert_eq!(s.get("net/ipv4/ip_local_port_range"), Ok("32768\t60999"));
        assert_eq!(
            s.get("/proc/sys/net/ipv4/ip_unprivileged_port_start"),
            Ok("1024")
        );
        assert_eq!(s.local_port_range(), (32768, 60999));
        assert_eq!(s.get("net.ipv4.foo"), Err(SysctlError::NotFound));
        assert_eq!(
            s.get("net.ipv4.conf.eth0.rp_filter"),
            Err(SysctlError::NotFound)
        );
    }

    #[test]
    fn writes_validate_like_the_kernel() {
        let mut s = Sysctls::new();
        assert_eq!(
            s.set("net.ipv4.conf.all.route_localnet", "7", true),
            Ok("7")
        );
        assert_eq!(
            s.set("net.ipv4.conf.all.route_localnet", "abc", true),
            Err(SysctlError::Invalid)
        );
        assert_eq!(
            s.set("net.ipv4.conf.all.route_localnet", "1", false),
            Err(SysctlError::PermissionDenied)
        );
        assert_eq!(
            s.set("net.ipv4.ip_local_port_range", "2000 1000", true),
            Err(SysctlError::Invalid)
        );
        assert_eq!(
            s.set("net.ipv4.ip_local_port_range", "2000   3000", true),
            Ok("2000\t3000")
        );
        assert_eq!(
            s.set("net.ipv4.ip_unprivileged_port_start", "99999", true),
            Err(SysctlError::Invalid)
        );
        assert_eq!(
            s.set("net.ipv4.nope", "1", true),
            Err(SysctlError::NotFound)
        );
        assert!(s.ipv4_conf_or("lo", "route_localnet"));
    }

    #[test]
    fn devices_inherit_default() {
        let mut s = Sysctls::new();
        s.set("net.ipv4.conf.default.log_martians", "1", true)
            .unwrap();
        s.add_device("eth0");
        assert_eq!(s.get("net.ipv4.conf.eth0.log_martians"), Ok("1"));
        assert!(!s.ipv4_conf_or("lo", "log_martians"));
        assert!(s.ipv4_conf_or("eth0", "log_martians"));
        s.remove_device("eth0");
        assert_eq!(
            s.get("net.ipv4.conf.eth0.log_martians"),
            Err(SysctlError::NotFound)
        );
    }
}
