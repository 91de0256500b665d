//! Where Debian 12 installs each program the lab has: the one table of
//! install paths in user space (`type`, `command -v`, `which` read it).
//! Recorded with `dpkg -S` on Debian 12 (bookworm, merged /usr: `/bin`
//! is `/usr/bin`, `/sbin` is `/usr/sbin`). A program not listed is in
//! `/usr/bin`.

use alloc::format;
use alloc::string::String;

/// Programs Debian installs in /usr/sbin (`/sbin` before the merge).
/// `ip` and `ss` are /bin (iproute2 6.1 also links /sbin/ip).
const SBIN: &[&str] = &[
    "ifconfig",
    "route",
    "arp",
    "sysctl",
    "iptables",
    "ip6tables",
    "iptables-save",
    "iptables-restore",
    "tc",
    "hping3",
    "nft",
    "conntrack",
    "dnsmasq",
    "sshd",
    "ipmaddr",
    "iptunnel",
    "mii-tool",
    "nameif",
    "plipconfig",
    "rarp",
    "slattach",
];

/// Programs in both /usr/bin and /usr/sbin (a compatibility link).
const BOTH: &[&str] = &["ip"];

/// The directories `name` is installed in, as real paths.
fn dirs(name: &str) -> &'static [&'static str] {
    if BOTH.contains(&name) {
        &["/usr/bin", "/usr/sbin", "/bin", "/sbin"]
    } else if SBIN.contains(&name) {
        &["/usr/sbin", "/sbin"]
    } else {
        &["/usr/bin", "/bin"]
    }
}

/// The program a path names, if it is where Debian installs one the
/// machine has (`/usr/bin/ping`, `/bin/ping`, `/usr/sbin/sysctl`): the
/// program's name. `path` is absolute and normalized.
pub fn program_at(path: &str) -> Option<&str> {
    let (dir, name) = path.rsplit_once('/')?;
    (!name.is_empty() && dirs(name).contains(&dir)).then_some(name)
}

/// The real directories (merged `/usr`) Debian installs `name` in.
pub fn install_dirs(name: &str) -> &'static [&'static str] {
    if BOTH.contains(&name) {
        &["/usr/bin", "/usr/sbin"]
    } else if SBIN.contains(&name) {
        &["/usr/sbin"]
    } else {
        &["/usr/bin"]
    }
}

/// The path `$PATH` finds `name` at (the first directory of `path` that
/// holds it), as bash's `type` prints it.
pub fn lookup(name: &str, path: &str) -> Option<String> {
    if name.contains('/') {
        return Some(String::from(name));
    }
    let installed = dirs(name);
    path.split(':')
        .find(|d| installed.contains(d))
        .map(|d| format!("{d}/{name}"))
}

/// Every path of `$PATH` that holds `name`, in order (`which -a`).
pub fn lookup_all(name: &str, path: &str) -> alloc::vec::Vec<String> {
    let installed = dirs(name);
    path.split(':')
        .filter(|d| installed.contains(d))
        .map(|d| format!("{d}/{name}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::{ROOT_PATH, USER_PATH};

    #[test]
    fn debian_paths() {
        assert_eq!(lookup("ip", USER_PATH).as_deref(), Some("/usr/bin/ip"));
        assert_eq!(lookup("ping", USER_PATH).as_deref(), Some("/usr/bin/ping"));
        assert_eq!(lookup("ifconfig", USER_PATH), None);
        assert_eq!(
            lookup("ifconfig", ROOT_PATH).as_deref(),
            Some("/usr/sbin/ifconfig")
        );
        assert_eq!(lookup("ip", ROOT_PATH).as_deref(), Some("/usr/sbin/ip"));
    }
}
