//! The kernel's virtual files under `/proc` (procfs): `/proc/net/dev`,
//! the socket and route tables of `/proc/net` ([`net`]) and
//! `/proc/sys/...` (the namespace's sysctls), read with `cat` and written
//! with `echo VALUE > /proc/sys/...`.

pub(crate) mod net;

use alloc::format;
use alloc::string::String;

use crate::errno::Errno;
use crate::host::Host;
use crate::sysctl::{SysctlError, normalize_key};
use crate::time::Instant;
use crate::trace::NsId;

/// True if `path` is one of the lab's virtual `/proc` paths (the tools
/// must not look for it in the file system).
fn is_virtual(path: &str) -> bool {
    path == "/proc/net/dev" || NET_FILES.contains(&path) || path.starts_with("/proc/sys/")
}

/// The `/proc/net` files [`net`] computes.
const NET_FILES: &[&str] = &[
    "/proc/net/tcp",
    "/proc/net/tcp6",
    "/proc/net/udp",
    "/proc/net/udp6",
    "/proc/net/route",
    "/proc/net/raw",
    "/proc/net/raw6",
    "/proc/net/unix",
    "/proc/net/sockstat",
    "/proc/net/sockstat6",
    "/proc/net/arp",
];

/// A `/proc/net` file of [`net`] for namespace `ns` at `now`.
fn net_file(host: &Host, ns: NsId, path: &str, now: Instant) -> Option<String> {
    use crate::socket::bind::Family;
    let n = host.net.ns(ns)?;
    Some(match path {
        "/proc/net/tcp" => net::tcp(n, Family::Inet, now),
        "/proc/net/tcp6" => net::tcp(n, Family::Inet6, now),
        "/proc/net/udp" => net::udp(n, Family::Inet),
        "/proc/net/udp6" => net::udp(n, Family::Inet6),
        "/proc/net/route" => net::route(n),
        "/proc/net/raw" => net::raw(&host.net, ns, Family::Inet),
        "/proc/net/raw6" => net::raw(&host.net, ns, Family::Inet6),
        "/proc/net/unix" => net::unix(),
        "/proc/net/sockstat" => net::sockstat(&host.net, ns),
        "/proc/net/sockstat6" => net::sockstat6(n),
        "/proc/net/arp" => net::arp(n, now),
        _ => return None,
    })
}

/// `/proc/net/dev` of namespace `ns`, in the kernel's dev_seq_show layout.
pub(crate) fn net_dev(host: &Host, ns: NsId) -> String {
    let mut s = String::from(
        "Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n",
    );
    if let Some(n) = host.net.ns(ns) {
        for i in n.ifaces.values() {
            let c = &i.counters;
            s.push_str(&format!(
                "{:>6}:{:>8} {:>7} {:>4} {:>4} {:>4} {:>5} {:>10} {:>9} {:>8} {:>7} {:>4} {:>4} {:>4} {:>5} {:>7} {:>10}\n",
                i.name,
                c.rx_bytes,
                c.rx_packets,
                c.rx_errors,
                c.rx_dropped,
                0,
                0,
                0,
                0,
                c.tx_bytes,
                c.tx_packets,
                c.tx_errors,
                c.tx_dropped,
                0,
                0,
                0,
                0
            ));
        }
    }
    s
}

/// The entries of one of procfs's directories (`/proc`, `/proc/net`,
/// `/proc/sys` and the sysctl directories below it), each with whether
/// it is a directory; `None` if `path` is not one.
pub(crate) fn list(host: &Host, ns: NsId, path: &str) -> Option<alloc::vec::Vec<(String, bool)>> {
    let p = path.trim_end_matches('/');
    match p {
        "/proc" => {
            return Some(alloc::vec![
                (String::from("net"), true),
                (String::from("sys"), true)
            ]);
        }
        "/proc/net" => return Some(alloc::vec![(String::from("dev"), false)]),
        _ => {}
    }
    if p != "/proc/sys" && !p.starts_with("/proc/sys/") {
        return None;
    }
    let prefix = if p == "/proc/sys" {
        String::new()
    } else {
        format!("{}.", normalize_key(p))
    };
    let n = host.net.ns(ns)?;
    let mut names: alloc::collections::BTreeMap<String, bool> = alloc::collections::BTreeMap::new();
    for (key, _) in n.sysctls.iter() {
        if let Some(rest) = key.strip_prefix(prefix.as_str()) {
            let (first, deeper) = match rest.split_once('.') {
                Some((f, _)) => (f, true),
                None => (rest, false),
            };
            let dir = names.entry(String::from(first)).or_insert(deeper);
            *dir |= deeper;
        }
    }
    (!names.is_empty()).then(|| names.into_iter().collect())
}

/// Reads a virtual file; `None` if `path` is not one.
pub(crate) fn read(host: &Host, ns: NsId, path: &str) -> Option<Result<String, Errno>> {
    if path == "/proc/net/dev" {
        return Some(Ok(net_dev(host, ns)));
    }
    if NET_FILES.contains(&path) {
        return Some(net_file(host, ns, path, host.net.now()).ok_or(Errno::ENOENT));
    }
    if !path.starts_with("/proc/sys/") {
        return None;
    }
    let n = host.net.ns(ns)?;
    let key = normalize_key(path);
    Some(match n.sysctls.get(&key) {
        Ok(v) => Ok(format!("{v}\n")),
        Err(_) => {
            let dir = format!("{key}.");
            if n.sysctls.iter().any(|(k, _)| k.starts_with(&dir)) {
                Err(Errno::EISDIR)
            } else {
                Err(Errno::ENOENT)
            }
        }
    })
}

/// Checks that a virtual file may be opened for writing (bash's `>`).
pub(crate) fn open_for_write(
    host: &Host,
    ns: NsId,
    path: &str,
    as_root: bool,
) -> Option<Result<(), Errno>> {
    if path == "/proc/net/dev" || NET_FILES.contains(&path) {
        return Some(Err(Errno::EACCES));
    }
    if !path.starts_with("/proc/sys/") {
        return None;
    }
    Some(match read(host, ns, path)? {
        Ok(_) if as_root => Ok(()),
        Ok(_) => Err(Errno::EACCES),
        Err(e) => Err(e),
    })
}

/// Writes `text` to a sysctl file: `None` if `path` is not virtual,
/// `Some(Err(errno))` when the kernel refuses the value.
pub(crate) fn write(
    host: &mut Host,
    ns: NsId,
    path: &str,
    text: &str,
) -> Option<Result<(), Errno>> {
    if !is_virtual(path) {
        return None;
    }
    let Some(n) = host.net.ns_mut(ns) else {
        return Some(Err(Errno::ENOENT));
    };
    let key = normalize_key(path);
    Some(match n.sysctls.set(&key, text.trim(), true) {
        Ok(_) => Ok(()),
        Err(SysctlError::Invalid) => Err(Errno::EINVAL),
        Err(SysctlError::NotFound) => Err(Errno::ENOENT),
        Err(SysctlError::PermissionDenied) => Err(Errno::EACCES),
    })
}
