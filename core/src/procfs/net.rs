//! The socket and routing files of `/proc/net` (what `netstat`, `route`
//! and `lsof` read, and what learners `cat`): `tcp`, `tcp6`, `udp`,
//! `udp6` and `route`, in Linux 6.1's exact layout (`tcp4_seq_show`,
//! `tcp6_seq_show`, `udp4_seq_show`, `udp6_seq_show`,
//! `fib_route_seq_show`), for the reader's network namespace.
//!
//! Each socket has an inode number ([`socket_inode`]): the number
//! `/proc/PID/fd/N` links to as `socket:[INODE]`, which is how netstat
//! and lsof find the process holding a socket.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::{IpAddr, SocketAddr};

use crate::net::netns::Netns;
use crate::net::sockets::{SockType, Socket, SocketId};
use crate::route::{RouteType, TableId};
use crate::socket::bind::Family;
use crate::socket::tcp::State;
use crate::time::{Duration, Instant};
use crate::trace::NsId;

/// The width `tcp4_seq_show` pads each line to (`TMPSZ - 1`).
const TCP_WIDTH: usize = 149;
/// The width `udp4_seq_show` and `fib_route_seq_show` pad lines to.
const UDP_WIDTH: usize = 127;
/// The size of the lab's UDP hash table (the `sl` column is the bucket).
const UDP_HASH_MASK: u16 = 2047;

/// The inode of socket `sid` of namespace `ns` (`sock_i_ino`): unique on
/// the host, the number `ss -e` prints as `ino:` in the host namespace.
pub(crate) fn socket_inode(ns: NsId, sid: SocketId) -> u64 {
    20_000 + u64::from(ns) * 100_000 + u64::from(sid.0)
}

/// The kernel's hashed `%pK` of a socket: a stable 32-bit value per
/// socket, zero-extended as Linux prints hashed pointers.
fn hashed_pointer(inode: u64) -> String {
    let mut x = inode.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 29;
    format!("{:016x}", x & 0xffff_ffff)
}

/// Clock ticks (`USER_HZ` 100) of a duration, as `jiffies_to_clock_t`.
fn clock_t(d: Duration) -> u64 {
    d.micros() / 10_000
}

/// An IPv4 address as the kernel prints `__be32` with `%08X` on a
/// little-endian machine.
fn hex4(a: core::net::Ipv4Addr) -> String {
    format!("{:08X}", u32::from_le_bytes(a.octets()))
}

/// An IPv6 address as four `%08X` words of its `s6_addr32`.
fn hex6(a: core::net::Ipv6Addr) -> String {
    let o = a.octets();
    let mut s = String::new();
    for w in o.chunks_exact(4) {
        let word = <[u8; 4]>::try_from(w).map_or(0, u32::from_le_bytes);
        let _ = write!(s, "{word:08X}");
    }
    s
}

fn hex_addr(family: Family, a: SocketAddr) -> String {
    match (family, a.ip()) {
        (Family::Inet, IpAddr::V4(v4)) => format!("{}:{:04X}", hex4(v4), a.port()),
        (Family::Inet, IpAddr::V6(_)) => format!("00000000:{:04X}", a.port()),
        (Family::Inet6, IpAddr::V6(v6)) => format!("{}:{:04X}", hex6(v6), a.port()),
        (Family::Inet6, IpAddr::V4(v4)) => {
            format!("{}:{:04X}", hex6(v4.to_ipv6_mapped()), a.port())
        }
    }
}

fn unspecified(family: Family) -> SocketAddr {
    match family {
        Family::Inet => SocketAddr::new(IpAddr::V4(core::net::Ipv4Addr::UNSPECIFIED), 0),
        Family::Inet6 => SocketAddr::new(IpAddr::V6(core::net::Ipv6Addr::UNSPECIFIED), 0),
    }
}

/// Linux's `TCP_*` state number.
fn state_number(s: State) -> u8 {
    match s {
        State::Established => 1,
        State::SynSent => 2,
        State::SynReceived => 3,
        State::FinWait1 => 4,
        State::FinWait2 => 5,
        State::TimeWait => 6,
        State::Closed => 7,
        State::CloseWait => 8,
        State::LastAck => 9,
        State::Listen => 10,
        State::Closing => 11,
    }
}

/// One TCP socket's line (without the sequence number and padding).
fn tcp_line(ns: NsId, id: SocketId, s: &Socket, now: Instant) -> Option<(bool, String)> {
    let fam = s.family;
    let inode = if s.orphaned { 0 } else { socket_inode(ns, id) };
    if s.listening {
        let local = s.local?;
        let line = format!(
            "{} {} 0A {:08X}:{:08X} 00:00000000 00000000 {:>5} {:>8} {} 1 {} 100 0 0 10 0",
            hex_addr(fam, local),
            hex_addr(fam, unspecified(fam)),
            0,
            s.accept_queue.len(),
            s.uid,
            0,
            inode,
            hashed_pointer(socket_inode(ns, id)),
        );
        return Some((true, line));
    }
    let t = s.tcp.as_ref()?;
    if t.state() == State::Closed {
        return None;
    }
    let local = t.local().or(s.local)?;
    let remote = t.remote().or(s.remote)?;
    let when = t
        .poll_at()
        .map(|at| if at > now { at - now } else { Duration::ZERO });
    if t.state() == State::TimeWait {
        let line = format!(
            "{} {} 06 00000000:00000000 03:{:08X} 00000000 {:>5} {:>8} 0 3 {}",
            hex_addr(fam, local),
            hex_addr(fam, remote),
            when.map(clock_t).unwrap_or(0),
            0,
            0,
            hashed_pointer(socket_inode(ns, id)),
        );
        return Some((false, line));
    }
    let inode = if t.is_orphan() { 0 } else { inode };
    let retransmitting = matches!(
        t.state(),
        State::SynSent | State::SynReceived | State::FinWait1 | State::Closing | State::LastAck
    ) || t.send_queue() > 0;
    let (tr, tm) = match when {
        Some(d) if retransmitting => (1, clock_t(d)),
        _ => (0, 0),
    };
    let line = format!(
        "{} {} {:02X} {:08X}:{:08X} {:02X}:{:08X} {:08X} {:>5} {:>8} {} 1 {} {} 0 0 10 -1",
        hex_addr(fam, local),
        hex_addr(fam, remote),
        state_number(t.state()),
        t.send_queue(),
        t.recv_queue(),
        tr,
        tm,
        t.stats().retrans.min(u64::from(u32::MAX)),
        s.uid,
        0,
        inode,
        hashed_pointer(socket_inode(ns, id)),
        clock_t(t.rto()),
    );
    Some((false, line))
}

/// `/proc/net/tcp` (`family` Inet) or `/proc/net/tcp6` (Inet6): the
/// listeners first (the listening hash), then every other socket.
pub(crate) fn tcp(n: &Netns, family: Family, now: Instant) -> String {
    let mut listeners = Vec::new();
    let mut others = Vec::new();
    for (id, s) in n.sockets.iter() {
        if s.ty != SockType::Stream || s.family != family {
            continue;
        }
        if let Some((listening, line)) = tcp_line(n.id, id, s, now) {
            if listening {
                listeners.push(line);
            } else {
                others.push(line);
            }
        }
    }
    let mut out = String::new();
    match family {
        Family::Inet => {
            let _ = writeln!(
                out,
                "{:<TCP_WIDTH$}",
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
            );
        }
        Family::Inet6 => out.push_str(
            "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n",
        ),
    }
    for (i, line) in listeners.iter().chain(others.iter()).enumerate() {
        let line = format!("{i:>4}: {line}");
        match family {
            Family::Inet => {
                let _ = writeln!(out, "{line:<TCP_WIDTH$}");
            }
            Family::Inet6 => {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    out
}

/// `/proc/net/udp` or `/proc/net/udp6`, in hash-bucket order.
pub(crate) fn udp(n: &Netns, family: Family) -> String {
    let mut rows: Vec<(u16, String)> = Vec::new();
    for (id, s) in n.sockets.iter() {
        if s.ty != SockType::Dgram || s.family != family {
            continue;
        }
        let Some(local) = s.local else { continue };
        let remote = s.remote.unwrap_or(unspecified(family));
        let st = if s.remote.is_some() { 1 } else { 7 };
        let rx: usize = s.rx.iter().map(|d| d.data.len()).sum();
        let inode = if s.orphaned {
            0
        } else {
            socket_inode(n.id, id)
        };
        let bucket = local.port() & UDP_HASH_MASK;
        let line = format!(
            "{bucket:>5}: {} {} {st:02X} {:08X}:{:08X} 00:00000000 00000000 {:>5} {:>8} {} 2 {} 0",
            hex_addr(family, local),
            hex_addr(family, remote),
            0,
            rx,
            s.uid,
            0,
            inode,
            hashed_pointer(socket_inode(n.id, id)),
        );
        rows.push((bucket, line));
    }
    rows.sort_by_key(|(b, _)| *b);
    let mut out = String::new();
    match family {
        Family::Inet => {
            let _ = writeln!(
                out,
                "{:<UDP_WIDTH$}",
                "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops"
            );
        }
        Family::Inet6 => out.push_str(
            "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n",
        ),
    }
    for (_, line) in rows {
        match family {
            Family::Inet => {
                let _ = writeln!(out, "{line:<UDP_WIDTH$}");
            }
            Family::Inet6 => {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    out
}

/// The inode of raw socket `id` (what `/proc/PID/fd` links to).
pub(crate) fn raw_inode(id: u32) -> u64 {
    10_000 + u64::from(id)
}

/// `/proc/net/raw` (the lab's raw sockets are AF_INET) or `raw6`: the
/// protocol number is the local port (`inet_num`), the bucket `sl`.
pub(crate) fn raw(net: &crate::net::Network, ns: NsId, family: Family) -> String {
    let mut out = String::from(
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n",
    );
    if family == Family::Inet6 {
        out = String::from(
            "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n",
        );
        return out;
    }
    for (id, r) in net.raw_sockets() {
        if r.ns != ns {
            continue;
        }
        let rx: usize = r.rx.iter().map(|(_, d)| d.len()).sum();
        let inode = raw_inode(id.0);
        let _ = writeln!(
            out,
            "{:>4}: 00000000:{:04X} 00000000:0000 07 00000000:{:08X} 00:00000000 00000000 {:>5} {:>8} {} 2 {} 0",
            r.protocol,
            r.protocol,
            rx,
            0,
            0,
            inode,
            hashed_pointer(inode),
        );
    }
    out
}

/// The namespaces that are one machine with `ns`: a LAN machine is
/// alone; the lab's own namespaces share its kernel's global counters.
fn same_machine(net: &crate::net::Network, ns: NsId, other: NsId) -> bool {
    use crate::net::NsKind;
    let machine = |id| net.ns(id).is_some_and(|n| n.kind == NsKind::Machine);
    if machine(ns) || machine(other) {
        ns == other
    } else {
        true
    }
}

/// `/proc/net/sockstat` (`sockstat_seq_show`): the namespace's sockets
/// in use and hashed per protocol; TCP's `orphan` and `alloc` are the
/// host's (global counters), `tw` the namespace's.
pub(crate) fn sockstat(net: &crate::net::Network, ns: NsId) -> String {
    let Some(n) = net.ns(ns) else {
        return String::new();
    };
    let mut used = 0usize;
    let (mut tcp, mut tw, mut udp) = (0usize, 0usize, 0usize);
    for (_, s) in n.sockets.iter() {
        let state = s.tcp.as_ref().map(|t| t.state());
        if !s.orphaned && !s.tcp.as_ref().is_some_and(|t| t.is_orphan()) {
            used += 1;
        }
        if s.family != Family::Inet {
            continue;
        }
        match s.ty {
            SockType::Stream if state == Some(State::TimeWait) => tw += 1,
            SockType::Stream if s.listening || state.is_some_and(|st| st != State::Closed) => {
                tcp += 1
            }
            SockType::Dgram if s.local.is_some() => udp += 1,
            _ => {}
        }
    }
    let raw = net.raw_sockets().filter(|(_, r)| r.ns == ns).count();
    used += raw;
    let (mut orphan, mut alloc) = (0usize, 0usize);
    for other in net.namespaces() {
        if !same_machine(net, ns, other.id) {
            continue;
        }
        for (_, s) in other.sockets.iter() {
            if s.ty != SockType::Stream {
                continue;
            }
            let state = s.tcp.as_ref().map(|t| t.state());
            if state == Some(State::TimeWait) {
                continue;
            }
            alloc += 1;
            if s.orphaned || s.tcp.as_ref().is_some_and(|t| t.is_orphan()) {
                orphan += 1;
            }
        }
    }
    format!(
        "sockets: used {used}\nTCP: inuse {tcp} orphan {orphan} tw {tw} alloc {alloc} mem 0\nUDP: inuse {udp} mem 0\nUDPLITE: inuse 0\nRAW: inuse {raw}\nFRAG: inuse 0 memory 0\n"
    )
}

/// `/proc/net/sockstat6`: the namespace's hashed IPv6 sockets.
pub(crate) fn sockstat6(n: &Netns) -> String {
    let (mut tcp, mut udp) = (0usize, 0usize);
    for (_, s) in n.sockets.iter() {
        if s.family != Family::Inet6 {
            continue;
        }
        let state = s.tcp.as_ref().map(|t| t.state());
        match s.ty {
            SockType::Stream
                if s.listening
                    || state.is_some_and(|st| st != State::Closed && st != State::TimeWait) =>
            {
                tcp += 1
            }
            SockType::Dgram if s.local.is_some() => udp += 1,
            _ => {}
        }
    }
    format!(
        "TCP6: inuse {tcp}\nUDP6: inuse {udp}\nUDPLITE6: inuse 0\nRAW6: inuse 0\nFRAG6: inuse 0 memory 0\n"
    )
}

/// `/proc/net/arp` (`arp_seq_show`): the IPv4 neighbours, newest first.
pub(crate) fn arp(n: &Netns, now: Instant) -> String {
    use crate::net::neigh::NudState;
    let mut out = String::from(
        "IP address       HW type     Flags       HW address            Mask     Device\n",
    );
    for e in n.neigh.dump(now) {
        let IpAddr::V4(a) = e.addr else { continue };
        let complete = matches!(
            e.state,
            NudState::Reachable | NudState::Stale | NudState::Permanent
        );
        let mac = e.lladdr.filter(|_| complete).unwrap_or([0; 6]);
        let hw = format!(
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]
        );
        let dev = n.ifaces.get(&e.dev).map_or("", |i| i.name.as_str());
        // ATF_COM, and ATF_PERM for a permanent entry.
        let flags = match e.state {
            NudState::Permanent => 6,
            _ if complete => 2,
            _ => 0,
        };
        let _ = writeln!(
            out,
            "{:<16} 0x{:<10x}0x{:<10x}{hw:<17}     {:<8} {dev}",
            format!("{a}"),
            1,
            flags,
            "*"
        );
    }
    out
}

/// `/proc/net/unix`: the header only (the lab has no Unix sockets).
pub(crate) fn unix() -> String {
    String::from("Num       RefCount Protocol Flags    Type St Inode Path\n")
}

/// `/proc/net/route`: the main table's IPv4 routes (`fib_route_seq_show`).
pub(crate) fn route(n: &Netns) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<UDP_WIDTH$}",
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"
    );
    for r in crate::route::dump::routes(&n.fib, crate::route::types::Family::V4, TableId::MAIN) {
        if matches!(r.kind, RouteType::Broadcast | RouteType::Multicast) {
            continue;
        }
        let IpAddr::V4(dst) = r.dst.addr() else {
            continue;
        };
        let len = u32::from(r.dst.prefix_len().min(32));
        let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
        let mask = core::net::Ipv4Addr::from(mask);
        let gw = match r.via {
            Some(IpAddr::V4(g)) => g,
            _ => core::net::Ipv4Addr::UNSPECIFIED,
        };
        let mut flags = 0x0001u16; // RTF_UP
        if r.via.is_some() {
            flags |= 0x0002; // RTF_GATEWAY
        }
        if len == 32 {
            flags |= 0x0004; // RTF_HOST
        }
        if matches!(r.kind, RouteType::Unreachable | RouteType::Prohibit) {
            flags |= 0x0200; // RTF_REJECT
        }
        let dev = r
            .dev
            .and_then(|d| n.ifaces.get(&d))
            .map_or("*", |i| i.name.as_str());
        let line = format!(
            "{dev}\t{}\t{}\t{flags:04X}\t0\t0\t{}\t{}\t0\t0\t0",
            hex4(dst),
            hex4(gw),
            r.metric,
            hex4(mask),
        );
        let _ = writeln!(out, "{line:<UDP_WIDTH$}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_print_as_the_kernel_prints_be32() {
        assert_eq!(hex4("127.0.0.1".parse().unwrap()), "0100007F");
        assert_eq!(hex4("192.168.1.1".parse().unwrap()), "0101A8C0");
        assert_eq!(
            hex6("::1".parse().unwrap()),
            "00000000000000000000000001000000"
        );
        assert_eq!(
            hex6("fe80::5054:ff:fe12:3456".parse().unwrap()),
            "000080FE00000000FF005450563412FE"
        );
    }
}
