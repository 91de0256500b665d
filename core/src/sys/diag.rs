//! Socket dumps, as `sock_diag`/`inet_diag` (netlink `SOCK_DIAG_BY_FAMILY`
//! with `NLM_F_DUMP`) answers them: one plain record per TCP or UDP socket
//! of the caller's network namespace, with what `ss` prints (state,
//! queues, addresses, the owning process and descriptor, the pending
//! timer, and `tcp_info` for `-i`).
//!
//! The records are copies: a program formats them and never holds a
//! kernel structure. Which sockets a dump lists is the kernel's rule, as
//! for a real dump: a socket not yet bound or connected (not in a hash
//! table) and a closed TCP socket are not listed, nor ping sockets (this
//! dump is TCP's and UDP's).

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use super::Sys;
use crate::fd::{Fd, OpenFile, Pid};
use crate::net::sockets::{SockType, Socket, SocketId, peer_for};
use crate::socket::bind::Family;
use crate::socket::tcp::{State, TcpSocket};
use crate::time::{Duration, Instant};
use crate::trace::NsId;

/// The transport protocol of a dumped socket (`IPPROTO_TCP`,
/// `IPPROTO_UDP`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagProtocol {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
}

/// A socket's state as `idiag_state` gives it (Linux's `TCP_*` numbers;
/// a UDP socket is `Close` unless connected, then `Established`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagState {
    /// `TCP_ESTABLISHED` (1).
    Established,
    /// `TCP_SYN_SENT` (2).
    SynSent,
    /// `TCP_SYN_RECV` (3).
    SynRecv,
    /// `TCP_FIN_WAIT1` (4).
    FinWait1,
    /// `TCP_FIN_WAIT2` (5).
    FinWait2,
    /// `TCP_TIME_WAIT` (6).
    TimeWait,
    /// `TCP_CLOSE` (7).
    Close,
    /// `TCP_CLOSE_WAIT` (8).
    CloseWait,
    /// `TCP_LAST_ACK` (9).
    LastAck,
    /// `TCP_LISTEN` (10).
    Listen,
    /// `TCP_CLOSING` (11).
    Closing,
}

impl DiagState {
    /// Linux's number for the state (`1 << number` is its bit in
    /// `idiag_states`).
    pub const fn number(self) -> u32 {
        match self {
            DiagState::Established => 1,
            DiagState::SynSent => 2,
            DiagState::SynRecv => 3,
            DiagState::FinWait1 => 4,
            DiagState::FinWait2 => 5,
            DiagState::TimeWait => 6,
            DiagState::Close => 7,
            DiagState::CloseWait => 8,
            DiagState::LastAck => 9,
            DiagState::Listen => 10,
            DiagState::Closing => 11,
        }
    }

    fn of_tcp(state: State) -> DiagState {
        match state {
            State::Closed => DiagState::Close,
            State::Listen => DiagState::Listen,
            State::SynSent => DiagState::SynSent,
            State::SynReceived => DiagState::SynRecv,
            State::Established => DiagState::Established,
            State::FinWait1 => DiagState::FinWait1,
            State::FinWait2 => DiagState::FinWait2,
            State::CloseWait => DiagState::CloseWait,
            State::Closing => DiagState::Closing,
            State::LastAck => DiagState::LastAck,
            State::TimeWait => DiagState::TimeWait,
        }
    }
}

/// The process that holds a socket (what `ss -p` finds by walking
/// `/proc/PID/fd`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SockOwner {
    /// The process id.
    pub pid: Pid,
    /// Its command name.
    pub comm: String,
    /// The descriptor it holds the socket on, if it holds one (a socket
    /// the kernel made on a process's behalf has an owner but no
    /// descriptor).
    pub fd: Option<Fd>,
}

/// What kind of timer a socket has pending (`idiag_timer`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerKind {
    /// 1: retransmission (a SYN, data or a FIN not yet acknowledged).
    Retransmit,
    /// 3: the TIME-WAIT timer.
    TimeWait,
    /// 2: `sk_timer` (the FIN-WAIT-2 timeout of an orphan).
    Keepalive,
    /// 4: the zero-window probe timer.
    Persist,
    /// Another TCP timer (a delayed ACK), which the dump reports as none.
    Other,
}

/// A socket's pending timer (`idiag_timer`, `idiag_expires`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SockTimer {
    /// What the timer is for.
    pub kind: TimerKind,
    /// How long until it fires.
    pub expires: Duration,
    /// `idiag_retrans`: consecutive retransmissions (or probes) so far.
    pub retrans: u8,
}

/// `struct tcp_info`'s fields that the lab's TCP keeps (`ss -i`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TcpInfo {
    /// `tcpi_rto`: the retransmission timeout.
    pub rto: Duration,
    /// `tcpi_rtt`: the smoothed round-trip time, once measured.
    pub rtt: Option<Duration>,
    /// `tcpi_snd_mss`.
    pub mss: usize,
    /// `tcpi_segs_out`.
    pub segs_out: u64,
    /// `tcpi_segs_in`.
    pub segs_in: u64,
    /// `tcpi_total_retrans`.
    pub retrans: u64,
}

/// One socket of a dump (`struct inet_diag_msg` with its attributes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InetSock {
    /// TCP or UDP.
    pub protocol: DiagProtocol,
    /// The socket's family (an AF_INET6 socket shows IPv4 peers as
    /// v4-mapped addresses).
    pub family: Family,
    /// Its state.
    pub state: DiagState,
    /// `idiag_rqueue`: bytes not yet read (a listener: connections not
    /// yet accepted).
    pub recv_q: usize,
    /// `idiag_wqueue`: bytes not yet acknowledged (a listener: its
    /// backlog).
    pub send_q: usize,
    /// The local address (unspecified, port 0, if not bound).
    pub local: SocketAddr,
    /// The peer's address (unspecified, port 0, if none).
    pub remote: SocketAddr,
    /// `IPV6_V6ONLY` as the kernel applies it: set by the option, or by
    /// binding a specific IPv6 address that is not v4-mapped.
    pub v6only: bool,
    /// `idiag_inode`'s stand-in: the socket's number in its namespace.
    pub id: u32,
    /// `idiag_uid`: the user that created it.
    pub uid: u32,
    /// The process holding it; `None` once its process closed it (an
    /// orphan finishing its close in the kernel).
    pub owner: Option<SockOwner>,
    /// The pending timer, if any (TCP).
    pub timer: Option<SockTimer>,
    /// TCP's `tcp_info` (connections; not listeners).
    pub tcp_info: Option<TcpInfo>,
    /// `idiag_if`: the device it is bound to (`SO_BINDTODEVICE`), 0 if
    /// none.
    pub ifindex: u32,
}

fn unspecified(family: Family) -> SocketAddr {
    match family {
        Family::Inet => SocketAddr::new(IpAddr::V4(core::net::Ipv4Addr::UNSPECIFIED), 0),
        Family::Inet6 => SocketAddr::new(IpAddr::V6(core::net::Ipv6Addr::UNSPECIFIED), 0),
    }
}

/// The kernel sets IPV6_V6ONLY on a socket bound to a specific,
/// non-v4-mapped IPv6 address (`__inet6_bind`), so `[::1]:9000` shows a
/// `[::]:*` peer while `[::ffff:127.0.0.1]:9001` shows `*:*`.
fn effective_v6only(s: &Socket, local: SocketAddr) -> bool {
    match local.ip() {
        IpAddr::V6(a) => s.opts.v6only || (!a.is_unspecified() && a.to_ipv4_mapped().is_none()),
        IpAddr::V4(_) => false,
    }
}

/// A socket its process closed (TIME-WAIT, FIN-WAIT-2...) has no owner.
fn orphaned(s: &Socket) -> bool {
    s.orphaned || s.tcp.as_ref().is_some_and(|t| t.is_orphan())
}

fn tcp_info(t: &TcpSocket) -> TcpInfo {
    let st = t.stats();
    TcpInfo {
        rto: t.rto(),
        rtt: t.srtt(),
        mss: t.mss(),
        segs_out: st.segs_out,
        segs_in: st.segs_in,
        retrans: st.retrans,
    }
}

fn timer(t: &TcpSocket, now: Instant) -> Option<SockTimer> {
    let at = t.poll_at()?;
    let kind = match t.state() {
        State::TimeWait => TimerKind::TimeWait,
        State::SynSent | State::SynReceived | State::FinWait1 | State::Closing | State::LastAck => {
            TimerKind::Retransmit
        }
        _ if t.is_probing() => TimerKind::Persist,
        _ if t.send_queue() > 0 => TimerKind::Retransmit,
        State::FinWait2 if t.is_orphan() => TimerKind::Keepalive,
        _ => TimerKind::Other,
    };
    Some(SockTimer {
        kind,
        expires: if at > now { at - now } else { Duration::ZERO },
        retrans: if kind == TimerKind::TimeWait {
            0
        } else {
            t.retransmits()
        },
    })
}

/// The record of one socket, or `None` if a dump does not list it.
fn record(id: SocketId, s: &Socket, now: Instant) -> Option<InetSock> {
    let protocol = match s.ty {
        SockType::Stream => DiagProtocol::Tcp,
        SockType::Dgram => DiagProtocol::Udp,
        SockType::Ping => return None,
    };
    let mut r = InetSock {
        protocol,
        family: s.family,
        state: DiagState::Close,
        recv_q: 0,
        send_q: 0,
        local: unspecified(s.family),
        remote: unspecified(s.family),
        v6only: false,
        id: id.0,
        uid: s.uid,
        owner: None,
        timer: None,
        tcp_info: None,
        ifindex: s.opts.bind_device.map_or(0, |i| i.0),
    };
    if s.ty == SockType::Stream {
        if s.listening {
            r.state = DiagState::Listen;
            r.recv_q = s.accept_queue.len();
            r.send_q = s.backlog as usize;
            r.local = s.local?;
        } else {
            let t = s.tcp.as_ref()?;
            if t.state() == State::Closed {
                return None;
            }
            r.state = DiagState::of_tcp(t.state());
            r.recv_q = t.recv_queue();
            r.send_q = t.send_queue();
            r.local = t.local().or(s.local)?;
            r.remote = t.remote().or(s.remote)?;
            r.timer = timer(t, now);
            r.tcp_info = Some(tcp_info(t));
        }
    } else {
        r.local = s.local?;
        if let Some(remote) = s.remote {
            r.remote = remote;
            r.state = DiagState::Established;
        }
        r.recv_q = s.rx.iter().map(|d| d.data.len()).sum();
    }
    if s.family == Family::Inet6 {
        // An AF_INET6 socket holds IPv4 peers as v4-mapped addresses.
        r.local = peer_for(Family::Inet6, r.local);
        r.remote = peer_for(Family::Inet6, r.remote);
    }
    r.v6only = effective_v6only(s, r.local);
    Some(r)
}

impl Sys<'_> {
    /// `sock_diag` dump of every TCP and UDP socket of the caller's
    /// network namespace, in the namespace's table order (creation order).
    pub fn inet_diag_dump(&self) -> Vec<InetSock> {
        let Some(n) = self.host.net.ns(self.ns) else {
            return Vec::new();
        };
        let holders = self.descriptor_holders(self.ns);
        n.sockets
            .iter()
            .filter_map(|(id, s)| {
                let mut r = record(id, s, self.now)?;
                if !orphaned(s)
                    && let Some((pid, comm)) = &s.owner
                {
                    let fd = holders
                        .get(&id)
                        .filter(|(holder, _)| holder == pid)
                        .map(|(_, fd)| *fd);
                    r.owner = Some(SockOwner {
                        pid: *pid,
                        comm: comm.clone(),
                        fd,
                    });
                }
                Some(r)
            })
            .collect()
    }

    /// Which process holds each socket of namespace `ns`, and on which
    /// descriptor (the walk of `/proc/*/fd` that `ss -p` does).
    fn descriptor_holders(&self, ns: NsId) -> BTreeMap<SocketId, (Pid, Fd)> {
        let mut map = BTreeMap::new();
        let tasks = &self.host.tasks;
        for (pid, _) in tasks.processes() {
            for fd in tasks.fds(pid) {
                if let Some(OpenFile::Socket { ns: at, sid }) = tasks.get(pid, fd)
                    && at == ns
                {
                    map.entry(sid).or_insert((pid, fd));
                }
            }
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::HOST_NS;
    use crate::{Lab, LabConfig};

    fn sa(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_dump_lists_bound_sockets_with_their_holder() {
        let mut lab = Lab::new(LabConfig::default());
        let host = lab.host_mut();
        let mut sys = Sys::new(host, 7, HOST_NS, 1000, Instant::ZERO);
        sys.set_comm("nc");
        // Not bound: not in a hash table, not listed.
        let _unbound = sys.socket(Family::Inet, SockType::Stream).unwrap();
        let listener = sys.socket(Family::Inet6, SockType::Stream).unwrap();
        sys.bind(listener, sa("[::1]:9000")).unwrap();
        sys.listen(listener, 5).unwrap();
        let udp = sys.socket(Family::Inet, SockType::Dgram).unwrap();
        sys.bind(udp, sa("127.0.0.1:5353")).unwrap();
        // Ping sockets are not inet_diag's TCP or UDP.
        let _ping = sys.socket(Family::Inet, SockType::Ping);
        let dump = sys.inet_diag_dump();
        assert_eq!(dump.len(), 2, "{dump:?}");
        let l = &dump[0];
        assert_eq!(
            (l.protocol, l.state, l.send_q, l.local, l.v6only),
            (
                DiagProtocol::Tcp,
                DiagState::Listen,
                5,
                sa("[::1]:9000"),
                true
            )
        );
        assert_eq!(
            l.owner,
            Some(SockOwner {
                pid: 7,
                comm: String::from("nc"),
                fd: Some(listener),
            })
        );
        assert_eq!(l.uid, 1000);
        let u = &dump[1];
        assert_eq!(
            (
                u.protocol,
                u.state,
                u.local,
                u.owner.as_ref().and_then(|o| o.fd)
            ),
            (
                DiagProtocol::Udp,
                DiagState::Close,
                sa("127.0.0.1:5353"),
                Some(udp)
            )
        );
        assert_eq!(DiagState::Listen.number(), 10);
    }

    #[test]
    fn a_closed_connection_finishing_in_the_kernel_has_no_owner() {
        let mut lab = Lab::new(LabConfig::default());
        let mut sys = Sys::new(lab.host_mut(), 7, HOST_NS, 0, Instant::ZERO);
        sys.set_comm("srv");
        let l = sys.socket(Family::Inet, SockType::Stream).unwrap();
        sys.bind(l, sa("127.0.0.1:8000")).unwrap();
        sys.listen(l, 5).unwrap();
        let c = sys.socket(Family::Inet, SockType::Stream).unwrap();
        sys.connect(c, sa("127.0.0.1:8000")).unwrap();
        lab.host_mut()
            .net
            .poll(Instant::ZERO + Duration::from_millis(5));
        let mut sys = Sys::new(lab.host_mut(), 7, HOST_NS, 0, Instant::ZERO);
        let dump = sys.inet_diag_dump();
        let connected = dump
            .iter()
            .filter(|r| r.state == DiagState::Established)
            .count();
        assert_eq!(connected, 2, "{dump:?}");
        let client = dump
            .iter()
            .find(|r| r.remote == sa("127.0.0.1:8000"))
            .expect("the client");
        assert!(client.tcp_info.is_some());
        assert_eq!(client.owner.as_ref().and_then(|o| o.fd), Some(c));
        // The client closes first: it goes to FIN-WAIT, owned by no one.
        sys.close(c).unwrap();
        let dump = sys.inet_diag_dump();
        let client = dump
            .iter()
            .find(|r| r.remote == sa("127.0.0.1:8000"))
            .expect("the closing client");
        assert_eq!(client.owner, None);
        assert!(client.timer.is_some(), "{client:?}");
    }
}
