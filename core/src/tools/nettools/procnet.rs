//! User space's reading of `/proc/net/{tcp,tcp6,udp,udp6,raw}` and of the
//! process directories, as net-tools and lsof do it: the socket tables'
//! lines parsed back into records, and the map from a socket's inode to
//! the processes holding it (`prg_cache_load`: a walk of `/proc/*/fd`).

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use crate::sys::{Errno, Fd, Pid, Sys};

/// Which table a row came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Table {
    /// `/proc/net/tcp`.
    Tcp,
    /// `/proc/net/tcp6`.
    Tcp6,
    /// `/proc/net/udp`.
    Udp,
    /// `/proc/net/udp6`.
    Udp6,
    /// `/proc/net/raw`.
    Raw,
    /// `/proc/net/raw6`.
    Raw6,
}

impl Table {
    /// The file the table is read from.
    pub(crate) fn path(self) -> &'static str {
        match self {
            Table::Tcp => "/proc/net/tcp",
            Table::Tcp6 => "/proc/net/tcp6",
            Table::Udp => "/proc/net/udp",
            Table::Udp6 => "/proc/net/udp6",
            Table::Raw => "/proc/net/raw",
            Table::Raw6 => "/proc/net/raw6",
        }
    }
}

/// One line of a socket table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    /// The table it came from.
    pub table: Table,
    /// The local address and port.
    pub local: SocketAddr,
    /// The remote address and port.
    pub remote: SocketAddr,
    /// The `TCP_*` state number (`st`).
    pub state: u8,
    /// `tx_queue`.
    pub tx: u64,
    /// `rx_queue`.
    pub rx: u64,
    /// `tr`: which timer runs (0 none, 1 retransmit, 2 keepalive, 3
    /// TIME-WAIT, 4 zero-window probe).
    pub timer: u8,
    /// `tm->when` in clock ticks (1/100 s).
    pub when: u64,
    /// `retrnsmt`.
    pub retransmits: u64,
    /// `uid`.
    pub uid: u32,
    /// `inode` (0 for a socket no process holds).
    pub inode: u64,
}

fn hex_u32(s: &str) -> Option<u32> {
    u32::from_str_radix(s, 16).ok()
}

fn parse_addr(s: &str) -> Option<SocketAddr> {
    let (a, p) = s.split_once(':')?;
    let port = u16::from_str_radix(p, 16).ok()?;
    let ip = match a.len() {
        8 => IpAddr::V4(Ipv4Addr::from(hex_u32(a)?.to_le_bytes())),
        32 => {
            let mut bytes = [0u8; 16];
            for (i, chunk) in bytes.chunks_exact_mut(4).enumerate() {
                let w = hex_u32(a.get(i * 8..i * 8 + 8)?)?;
                chunk.copy_from_slice(&w.to_le_bytes());
            }
            let v6 = Ipv6Addr::from(bytes);
            IpAddr::V6(v6)
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

fn parse_line(table: Table, line: &str) -> Option<Row> {
    let mut f = line.split_whitespace();
    f.next()?; // sl
    let local = parse_addr(f.next()?)?;
    let remote = parse_addr(f.next()?)?;
    let state = u8::from_str_radix(f.next()?, 16).ok()?;
    let (tx, rx) = f.next()?.split_once(':')?;
    let (tr, when) = f.next()?.split_once(':')?;
    let retransmits = u64::from_str_radix(f.next()?, 16).ok()?;
    let uid = f.next()?.parse().ok()?;
    f.next()?; // timeout
    let inode = f.next()?.parse().ok()?;
    Some(Row {
        table,
        local,
        remote,
        state,
        tx: u64::from_str_radix(tx, 16).ok()?,
        rx: u64::from_str_radix(rx, 16).ok()?,
        timer: u8::from_str_radix(tr, 16).ok()?,
        when: u64::from_str_radix(when, 16).ok()?,
        retransmits,
        uid,
        inode,
    })
}

/// Reads one table; `Err` with the errno of `fopen` if it cannot be read.
pub(crate) fn read_table(sys: &Sys<'_>, table: Table) -> Result<Vec<Row>, Errno> {
    let text = sys.read_file(table.path()).map_err(|_| Errno::ENOENT)?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| parse_line(table, l))
        .collect())
}

/// A process holding a socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Holder {
    /// Its pid.
    pub pid: Pid,
    /// Its command name (`/proc/PID/comm`).
    pub comm: String,
    /// The user it runs as.
    pub uid: u32,
    /// The descriptor it holds the socket on.
    pub fd: Fd,
}

/// What a walk of `/proc/*/fd` found: every holder of each socket inode
/// (pids ascending, descriptors ascending), and whether some process's
/// descriptors could not be read (EACCES: another user's process).
#[derive(Clone, Debug, Default)]
pub(crate) struct Holders {
    /// Socket inode -> the processes holding it.
    pub by_inode: BTreeMap<u64, Vec<Holder>>,
    /// Some `/proc/PID/fd` was refused.
    pub denied: bool,
}

/// Walks `/proc/*/fd` (`prg_cache_load`, lsof's process scan).
pub(crate) fn holders(sys: &Sys<'_>) -> Holders {
    let mut h = Holders::default();
    for pid in sys.proc_pids() {
        let fds = match sys.proc_fds(pid) {
            Ok(f) => f,
            Err(Errno::EACCES) => {
                h.denied = true;
                continue;
            }
            Err(_) => continue,
        };
        let comm = sys.proc_comm(pid).unwrap_or_default();
        let uid = sys.proc_uid(pid).unwrap_or(0);
        for l in fds {
            let Some(inode) = l
                .link
                .strip_prefix("socket:[")
                .and_then(|r| r.strip_suffix(']'))
                .and_then(|n| n.parse::<u64>().ok())
            else {
                continue;
            };
            h.by_inode.entry(inode).or_default().push(Holder {
                pid,
                comm: comm.clone(),
                uid,
                fd: l.fd,
            });
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_line_parses() {
        let r = parse_line(
            Table::Tcp,
            "   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 432920 1 000000009df27415 100 0 0 10 0",
        )
        .unwrap();
        assert_eq!(r.local, "127.0.0.1:8000".parse().unwrap());
        assert_eq!((r.state, r.uid, r.inode), (0x0A, 1000, 432_920));
        let r = parse_line(
            Table::Tcp6,
            "   0: 00000000000000000000000001000000:2329 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 433363 1 000000009752dcb6 100 0 0 10 0",
        )
        .unwrap();
        assert_eq!(r.local, "[::1]:9001".parse().unwrap());
        let tw = parse_line(
            Table::Tcp,
            "   4: 0100007F:2328 0100007F:E426 06 00000000:00000000 03:0000027C 00000000     0        0 0 3 000000009848e590",
        )
        .unwrap();
        assert_eq!((tw.timer, tw.when, tw.inode), (3, 0x27C, 0));
    }
}
