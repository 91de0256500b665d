//! A sans-IO TCP connection with Linux 6.1 behaviour on `lo`, in the smoltcp
//! socket style, plus a [`TcpListener`] helper that turns SYNs into sockets.
//!
//! The socket never reads a clock and never emits packets by itself: the
//! stack passes `now` in, hands it demultiplexed segments and pulls what is
//! due.
//!
//! # Call order
//!
//! ```
//! use lolab_core::rand::Rng;
//! use lolab_core::socket::tcp::{State, TcpConfig, TcpSocket};
//! use lolab_core::time::Instant;
//! use lolab_core::wire::tcp::TcpFlags;
//!
//! let mut rng = Rng::new(1);
//! let now = Instant::ZERO;
//! let mut sock = TcpSocket::new(TcpConfig::default());
//! sock.connect(now, "127.0.0.1:40000".parse().unwrap(), "127.0.0.1:8000".parse().unwrap(), &mut rng)
//!     .unwrap();
//! // 1. egress: emit every segment that is due (here: the SYN).
//! let mut sent = Vec::new();
//! sock.dispatch(now, |_ip, repr| -> Result<(), ()> {
//!     sent.push(repr.flags);
//!     Ok(())
//! })
//! .unwrap();
//! assert_eq!(sent, [TcpFlags::SYN]);
//! assert_eq!(sock.state(), State::SynSent);
//! // 2. ingress: `sock.process(now, &repr)` for each segment of this 4-tuple;
//! //    send the returned reply (a RST), if any, then `dispatch` again.
//! // 3. timers: call `dispatch(now, ..)` again at `poll_at()` (an instant at
//! //    or before `now` means "now").
//! assert_eq!(sock.poll_at(), Some(Instant::from_millis(1000)));
//! ```
//!
//! The application side is [`TcpSocket::send`], [`TcpSocket::recv`],
//! [`TcpSocket::shutdown_write`], [`TcpSocket::close`], [`TcpSocket::abort`]
//! and [`TcpSocket::take_error`]; after each of them call `dispatch`.
//!
//! Passive open: a [`TcpListener`] turns a SYN into a socket in SYN-RECEIVED
//! (its `dispatch` sends the SYN-ACK); the stack moves it to the accept queue
//! when [`TcpSocket::state`] becomes ESTABLISHED.

mod assembler;
mod listener;
#[cfg(test)]
mod tests;

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::fmt;
use core::net::{IpAddr, SocketAddr};

use self::assembler::Assembler;
use crate::errno::Errno;
use crate::rand::Rng;
use crate::time::{Duration, Instant};
use crate::wire::tcp::{Repr as TcpRepr, SackBlocks, SeqNumber, TcpFlags, TcpOption};

pub use self::listener::{ListenOutcome, TcpListener};

/// How long a connection stays in TIME-WAIT (`TCP_TIMEWAIT_LEN`).
pub const TIMEWAIT_LEN: Duration = Duration::from_secs(60);
/// The retransmission timeout before any RTT sample (`TCP_TIMEOUT_INIT`).
pub const RTO_INIT: Duration = Duration::from_secs(1);
/// The smallest retransmission timeout (`TCP_RTO_MIN`).
pub const RTO_MIN: Duration = Duration::from_millis(200);
/// The largest retransmission timeout (`TCP_RTO_MAX`).
pub const RTO_MAX: Duration = Duration::from_secs(120);
/// The delayed-ACK timeout (`TCP_DELACK_MIN`).
pub const DELACK: Duration = Duration::from_millis(40);
/// Quick ACKs at connection start (`TCP_MAX_QUICKACKS`).
const MAX_QUICKACKS: u8 = 16;
/// Bytes of the timestamps option with its two NOPs.
const TS_OPTION_LEN: usize = 12;
/// The MSS assumed when the peer sends none (RFC 9293): IPv4 / IPv6.
const DEFAULT_MSS_V4: usize = 536;
const DEFAULT_MSS_V6: usize = 1220;

/// Per-socket settings, with Debian 12 / Linux 6.1 defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TcpConfig {
    /// MTU of the route (`lo`: 65536). The advertised MSS is
    /// `min(mtu, 65535) - 40` for IPv4 (65495) and `mtu - 60` for IPv6 (65476).
    pub mtu: u32,
    /// Initial receive buffer (`tcp_rmem[1]`, 131072). Half of it is window
    /// (`tcp_adv_win_scale = 1`), so the first window is 65536.
    pub rmem_default: usize,
    /// Largest receive buffer (`tcp_rmem[2]`, 6291456); also sets the window
    /// scale (`ilog2(rmem_max) - 15` = 7).
    pub rmem_max: usize,
    /// Largest send buffer (`tcp_wmem[2]`, 4194304): what `send` accepts
    /// beyond the acknowledged data.
    pub wmem_max: usize,
    /// `tcp_syn_retries` (6): connect fails with ETIMEDOUT after ~127 s.
    pub syn_retries: u8,
    /// `tcp_synack_retries` (5).
    pub synack_retries: u8,
    /// `tcp_retries2` (15): data retransmissions before ETIMEDOUT.
    pub retries2: u8,
    /// `tcp_timestamps` (on).
    pub timestamps: bool,
    /// `tcp_window_scaling` (on).
    pub window_scaling: bool,
    /// `tcp_sack` (on).
    pub sack: bool,
    /// `TCP_NODELAY` (off: Nagle with Minshall's variant, as Linux).
    pub nodelay: bool,
    /// `tcp_fin_timeout` (60 s): how long an orphan waits in FIN-WAIT-2.
    pub fin_timeout: Duration,
}

impl Default for TcpConfig {
    fn default() -> Self {
        TcpConfig {
            mtu: 65536,
            rmem_default: 131072,
            rmem_max: 6291456,
            wmem_max: 4194304,
            syn_retries: 6,
            synack_retries: 5,
            retries2: 15,
            timestamps: true,
            window_scaling: true,
            sack: true,
            nodelay: false,
            fin_timeout: Duration::from_secs(60),
        }
    }
}

impl TcpConfig {
    /// The MSS advertised in a SYN for this address family.
    pub fn advmss(&self, ipv6: bool) -> u16 {
        let mss = if ipv6 {
            self.mtu.saturating_sub(60)
        } else {
            self.mtu.min(65535).saturating_sub(40)
        };
        u16::try_from(mss.max(88)).unwrap_or(u16::MAX)
    }

    /// Our window-scale shift (0 without window scaling).
    pub fn wscale(&self) -> u8 {
        if !self.window_scaling {
            return 0;
        }
        let space = self.rmem_max.max(65536);
        let log = usize::BITS - 1 - space.leading_zeros();
        u8::try_from(log.saturating_sub(15).min(14)).unwrap_or(14)
    }
}

/// The TCP states of RFC 9293.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// No connection.
    Closed,
    /// Waiting for SYNs (listeners only).
    Listen,
    /// SYN sent, waiting for SYN-ACK.
    SynSent,
    /// SYN received and SYN-ACK sent, waiting for the ACK.
    SynReceived,
    /// Open.
    Established,
    /// We sent FIN; it is not acknowledged yet.
    FinWait1,
    /// Our FIN is acknowledged; waiting for the peer's FIN.
    FinWait2,
    /// The peer sent FIN; we may still send.
    CloseWait,
    /// Both sent FIN (simultaneous close); ours is not acknowledged yet.
    Closing,
    /// The peer closed first, we sent FIN, waiting for its ACK.
    LastAck,
    /// Both FINs acknowledged; waiting 60 s for stray segments.
    TimeWait,
}

impl State {
    /// The name `ss` prints (`ESTAB`, `SYN-SENT`, `TIME-WAIT`…).
    pub const fn ss_name(self) -> &'static str {
        match self {
            State::Closed => "UNCONN",
            State::Listen => "LISTEN",
            State::SynSent => "SYN-SENT",
            State::SynReceived => "SYN-RECV",
            State::Established => "ESTAB",
            State::FinWait1 => "FIN-WAIT-1",
            State::FinWait2 => "FIN-WAIT-2",
            State::CloseWait => "CLOSE-WAIT",
            State::Closing => "CLOSING",
            State::LastAck => "LAST-ACK",
            State::TimeWait => "TIME-WAIT",
        }
    }

    /// Whether the SYNs are exchanged (RFC 9293 "synchronized states").
    pub const fn is_synchronized(self) -> bool {
        !matches!(
            self,
            State::Closed | State::Listen | State::SynSent | State::SynReceived
        )
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            State::Closed => "CLOSED",
            State::Listen => "LISTEN",
            State::SynSent => "SYN-SENT",
            State::SynReceived => "SYN-RECEIVED",
            State::Established => "ESTABLISHED",
            State::FinWait1 => "FIN-WAIT-1",
            State::FinWait2 => "FIN-WAIT-2",
            State::CloseWait => "CLOSE-WAIT",
            State::Closing => "CLOSING",
            State::LastAck => "LAST-ACK",
            State::TimeWait => "TIME-WAIT",
        };
        f.write_str(name)
    }
}

/// The IP addresses a segment from [`TcpSocket::dispatch`] goes between.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IpPair {
    /// Source (the socket's local address).
    pub src: IpAddr,
    /// Destination (the peer).
    pub dst: IpAddr,
}

/// Counters for `ss -i` style views and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TcpStats {
    /// Segments emitted.
    pub segs_out: u64,
    /// Segments processed.
    pub segs_in: u64,
    /// Segments retransmitted (timeout, fast retransmit, SYN retries).
    pub retrans: u64,
    /// Fast retransmits (three duplicate ACKs).
    pub fast_retrans: u64,
    /// Retransmission timeouts.
    pub timeouts: u64,
    /// Segments queued out of order.
    pub ofo_queued: u64,
}

/// One TCP connection (or an unconnected socket).
#[derive(Debug)]
pub struct TcpSocket {
    config: TcpConfig,
    state: State,
    local: Option<SocketAddr>,
    remote: Option<SocketAddr>,
    /// Connection error for the application (SO_ERROR), reported once.
    error: Option<Errno>,
    /// The application closed the socket (it is an orphan now).
    orphan: bool,
    /// Receiving is over (FIN received, reset, or timed out): `recv` gives 0.
    shut_rd: bool,
    /// A RST is to be sent by the next `dispatch`.
    rst_pending: bool,
    stats: TcpStats,

    // Send side.
    iss: SeqNumber,
    snd_una: SeqNumber,
    snd_nxt: SeqNumber,
    snd_max: SeqNumber,
    snd_wnd: usize,
    snd_wl1: SeqNumber,
    snd_wl2: SeqNumber,
    /// End of the last sub-MSS segment sent (Minshall's Nagle).
    snd_sml: SeqNumber,
    /// Unacknowledged and unsent data; `tx[0]` is at `snd_una` once the SYN
    /// is acknowledged.
    tx: VecDeque<u8>,
    fin_queued: bool,
    fin_acked: bool,
    /// Effective send MSS (peer's MSS minus the timestamps option).
    mss: usize,
    cwnd: usize,
    ssthresh: usize,
    dupacks: u8,
    fast_rexmit: bool,

    // Receive side.
    irs: SeqNumber,
    rcv_nxt: SeqNumber,
    /// Left edge and size of the last advertised window.
    rcv_wup: SeqNumber,
    rcv_wnd: usize,
    rx: VecDeque<u8>,
    /// Window space: `rmem / 2`, grown as the application keeps up.
    rx_space: usize,
    rx_copied: usize,
    /// Bytes received in order since the SYN (stream offset of `rcv_nxt`).
    rx_offset: u64,
    ooo: Assembler,
    ooo_fin: Option<SeqNumber>,
    rcv_mss: usize,
    ack_now: bool,
    ack_deadline: Option<Instant>,
    ack_pending: usize,
    quickack: u8,

    // Options.
    advmss: usize,
    snd_wscale: u8,
    rcv_wscale: u8,
    ws_ok: bool,
    ts_ok: bool,
    ts_offset: u32,
    ts_recent: u32,
    sack_ok: bool,
    /// Reused for every emitted segment's options (no per-segment allocation).
    opt_scratch: Vec<TcpOption<'static>>,

    // Timers.
    rto: Duration,
    srtt: Option<Duration>,
    rttvar: Duration,
    rtt_probe: Option<(SeqNumber, Instant)>,
    retries: u8,
    rto_deadline: Option<Instant>,
    persist_deadline: Option<Instant>,
    /// TIME-WAIT expiry, or the FIN-WAIT-2 orphan timeout.
    close_deadline: Option<Instant>,
}

/// The non-negative distance from `from` to `to`, or 0.
fn seq_dist(to: SeqNumber, from: SeqNumber) -> usize {
    usize::try_from(to.diff(from).max(0)).unwrap_or(0)
}

/// Empties a used options vector and gives its allocation back for reuse.
fn recycle(mut options: Vec<TcpOption<'_>>) -> Vec<TcpOption<'static>> {
    options.clear();
    // In-place collection keeps the allocation (same layout); the iterator is
    // empty, the closure only changes the lifetime.
    #[allow(clippy::unnecessary_filter_map)]
    options.into_iter().filter_map(|_| None).collect()
}

/// The reply RFC 9293 prescribes for a segment that reaches no socket (a
/// closed port): `RST` with `seq = SEG.ACK` if it had ACK, otherwise
/// `RST|ACK` with `seq 0, ack SEG.SEQ+SEG.LEN`. Nothing answers a RST.
pub fn rst_reply(repr: &TcpRepr<'_>) -> Option<TcpRepr<'static>> {
    if repr.flags.contains(TcpFlags::RST) {
        return None;
    }
    let (seq, ack) = match repr.ack_number {
        Some(ack) => (ack, None),
        None => (SeqNumber(0), Some(repr.seq_number + repr.segment_len())),
    };
    Some(TcpRepr {
        src_port: repr.dst_port,
        dst_port: repr.src_port,
        seq_number: seq,
        ack_number: ack,
        flags: TcpFlags::RST.with(TcpFlags::ACK, ack.is_some()),
        window_len: 0,
        urgent_at: 0,
        options: Vec::new(),
        payload: &[],
    })
}

impl TcpSocket {
    /// A closed, unconnected socket.
    pub fn new(config: TcpConfig) -> Self {
        let rx_space = (config.rmem_default / 2).max(1);
        TcpSocket {
            state: State::Closed,
            local: None,
            remote: None,
            error: None,
            orphan: false,
            shut_rd: false,
            rst_pending: false,
            stats: TcpStats::default(),
            iss: SeqNumber(0),
            snd_una: SeqNumber(0),
            snd_nxt: SeqNumber(0),
            snd_max: SeqNumber(0),
            snd_wnd: 0,
            snd_wl1: SeqNumber(0),
            snd_wl2: SeqNumber(0),
            snd_sml: SeqNumber(0),
            tx: VecDeque::new(),
            fin_queued: false,
            fin_acked: false,
            mss: DEFAULT_MSS_V4,
            cwnd: 0,
            ssthresh: usize::MAX,
            dupacks: 0,
            fast_rexmit: false,
            irs: SeqNumber(0),
            rcv_nxt: SeqNumber(0),
            rcv_wup: SeqNumber(0),
            rcv_wnd: 0,
            rx: VecDeque::new(),
            rx_space,
            rx_copied: 0,
            rx_offset: 0,
            ooo: Assembler::default(),
            ooo_fin: None,
            rcv_mss: DEFAULT_MSS_V4,
            ack_now: false,
            ack_deadline: None,
            ack_pending: 0,
            quickack: MAX_QUICKACKS,
            advmss: usize::from(config.advmss(false)),
            snd_wscale: 0,
            rcv_wscale: config.wscale(),
            ws_ok: false,
            ts_ok: false,
            ts_offset: 0,
            ts_recent: 0,
            sack_ok: false,
            opt_scratch: Vec::with_capacity(8),
            rto: RTO_INIT,
            srtt: None,
            rttvar: Duration::ZERO,
            rtt_probe: None,
            retries: 0,
            rto_deadline: None,
            persist_deadline: None,
            close_deadline: None,
            config,
        }
    }

    fn open(&mut self, local: SocketAddr, remote: SocketAddr, rng: &mut Rng) {
        let ipv6 = local.is_ipv6();
        self.local = Some(local);
        self.remote = Some(remote);
        self.advmss = usize::from(self.config.advmss(ipv6));
        self.iss = SeqNumber(rng.next_u32());
        self.ts_offset = rng.next_u32();
        self.snd_una = self.iss;
        self.snd_nxt = self.iss;
        self.snd_max = self.iss;
        self.snd_sml = self.iss;
        self.rcv_wscale = self.config.wscale();
        self.rto = RTO_INIT;
        self.retries = 0;
        self.error = None;
    }

    /// Starts an active open: the next `dispatch` sends the SYN. Fails with
    /// EISCONN if the socket is already connected and EALREADY while
    /// connecting.
    pub fn connect(
        &mut self,
        now: Instant,
        local: SocketAddr,
        remote: SocketAddr,
        rng: &mut Rng,
    ) -> Result<(), Errno> {
        match self.state {
            State::Closed => {}
            State::SynSent | State::SynReceived => return Err(Errno::EALREADY),
            _ => return Err(Errno::EISCONN),
        }
        self.open(local, remote, rng);
        self.state = State::SynSent;
        self.rto_deadline = Some(now + self.rto);
        Ok(())
    }

    /// A socket in SYN-RECEIVED for the SYN `syn` that reached a listener on
    /// `local` from `remote`; its first `dispatch` sends the SYN-ACK.
    /// Fails with EINVAL if `syn` is not a plain SYN.
    pub fn accept_syn(
        config: TcpConfig,
        now: Instant,
        local: SocketAddr,
        remote: SocketAddr,
        syn: &TcpRepr<'_>,
        rng: &mut Rng,
    ) -> Result<TcpSocket, Errno> {
        let flags = syn.flags;
        if !flags.contains(TcpFlags::SYN)
            || flags.contains(TcpFlags::RST)
            || flags.contains(TcpFlags::FIN)
            || syn.ack_number.is_some()
        {
            return Err(Errno::EINVAL);
        }
        let mut sock = TcpSocket::new(config);
        sock.open(local, remote, rng);
        sock.state = State::SynReceived;
        sock.accept_peer_syn(syn);
        sock.rto_deadline = Some(now + sock.rto);
        Ok(sock)
    }

    /// Records the peer's SYN: its sequence number and options.
    fn accept_peer_syn(&mut self, syn: &TcpRepr<'_>) {
        self.irs = syn.seq_number;
        self.rcv_nxt = syn.seq_number + 1;
        self.rcv_wup = self.rcv_nxt;
        self.rx_offset = 0;
        self.ts_ok = self.config.timestamps && syn.timestamp().is_some();
        if let Some((tsval, _)) = syn.timestamp() {
            self.ts_recent = tsval;
        }
        match syn.window_scale() {
            Some(shift) if self.config.window_scaling => {
                self.ws_ok = true;
                self.snd_wscale = shift.min(14);
            }
            _ => {
                self.ws_ok = false;
                self.snd_wscale = 0;
                self.rcv_wscale = 0;
            }
        }
        self.sack_ok = self.config.sack && syn.sack_permitted();
        let default = if self.is_ipv6() {
            DEFAULT_MSS_V6
        } else {
            DEFAULT_MSS_V4
        };
        let peer_mss = syn.mss().map_or(default, usize::from);
        let ts = if self.ts_ok { TS_OPTION_LEN } else { 0 };
        self.mss = peer_mss.min(self.advmss).saturating_sub(ts).max(64);
        self.rcv_mss = DEFAULT_MSS_V4.min(self.mss);
        // SYN windows are never scaled.
        self.snd_wnd = usize::from(syn.window_len);
        self.snd_wl1 = syn.seq_number;
        self.cwnd = 10 * self.mss;
    }

    fn is_ipv6(&self) -> bool {
        self.local.is_some_and(|a| a.is_ipv6())
    }

    /// The socket's state.
    pub fn state(&self) -> State {
        self.state
    }

    /// The local address, once bound by `connect` or `accept_syn`.
    pub fn local(&self) -> Option<SocketAddr> {
        self.local
    }

    /// The peer's address.
    pub fn remote(&self) -> Option<SocketAddr> {
        self.remote
    }

    /// `ss` Recv-Q: bytes received and not yet read.
    pub fn recv_queue(&self) -> usize {
        self.rx.len()
    }

    /// `ss` Send-Q: bytes sent and not acknowledged plus bytes not sent.
    pub fn send_queue(&self) -> usize {
        self.tx.len()
    }

    /// How many bytes `send` would accept now.
    pub fn send_capacity(&self) -> usize {
        self.config.wmem_max.saturating_sub(self.tx.len())
    }

    /// The effective send MSS (`ss -i` "mss").
    pub fn mss(&self) -> usize {
        self.mss
    }

    /// The current retransmission timeout (`ss -i` "rto").
    pub fn rto(&self) -> Duration {
        self.rto
    }

    /// The smoothed RTT, once measured.
    pub fn srtt(&self) -> Option<Duration> {
        self.srtt
    }

    /// Counters.
    pub fn stats(&self) -> TcpStats {
        self.stats
    }

    /// Consecutive retransmissions (or window probes) of the current
    /// timeout (`icsk_retransmits`).
    pub fn retransmits(&self) -> u8 {
        self.retries
    }

    /// Whether the zero-window probe timer is armed.
    pub fn is_probing(&self) -> bool {
        self.persist_deadline.is_some()
    }

    /// Whether the application closed the socket (the stack keeps it until
    /// it reaches CLOSED).
    pub fn is_orphan(&self) -> bool {
        self.orphan
    }

    /// Whether the socket is finished and can be dropped by the stack
    /// (CLOSED and nothing left to send).
    pub fn is_closed(&self) -> bool {
        self.state == State::Closed && !self.rst_pending
    }

    /// The pending connection error (`getsockopt(SO_ERROR)`), cleared by
    /// reading: ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE.
    pub fn take_error(&mut self) -> Option<Errno> {
        self.error.take()
    }

    /// Whether a connection error is waiting for the application.
    pub fn error(&self) -> Option<Errno> {
        self.error
    }

    /// Whether `recv` would return data or end-of-file now (poll `POLLIN`).
    pub fn can_recv(&self) -> bool {
        !self.rx.is_empty() || self.shut_rd || self.error.is_some()
    }

    /// Whether `send` would accept data now (poll `POLLOUT`).
    pub fn can_send(&self) -> bool {
        matches!(self.state, State::Established | State::CloseWait)
            && !self.fin_queued
            && self.send_capacity() > 0
    }

    /// Queues data; returns how much was taken. EAGAIN when the buffer is
    /// full or the handshake is not done, EPIPE after `shutdown_write` or
    /// `close` or on a closed socket, or the pending connection error.
    pub fn send(&mut self, data: &[u8]) -> Result<usize, Errno> {
        if let Some(err) = self.error.take() {
            return Err(err);
        }
        match self.state {
            State::Established | State::CloseWait if !self.fin_queued => {}
            State::SynSent | State::SynReceived if !self.fin_queued => {
                return Err(Errno::EAGAIN);
            }
            _ => return Err(Errno::EPIPE),
        }
        if data.is_empty() {
            return Ok(0);
        }
        let n = data.len().min(self.send_capacity());
        if n == 0 {
            return Err(Errno::EAGAIN);
        }
        self.tx.extend(data.get(..n).unwrap_or(&[]));
        Ok(n)
    }

    /// Reads received data in order; `Ok(0)` is end-of-file. EAGAIN when
    /// nothing is there yet, ENOTCONN on a socket never connected, or the
    /// pending connection error (ECONNRESET…) once the queue is empty.
    pub fn recv(&mut self, buf: &mut [u8]) -> Result<usize, Errno> {
        if self.rx.is_empty() {
            if buf.is_empty() {
                return Ok(0);
            }
            if let Some(err) = self.error.take() {
                return Err(err);
            }
            if self.shut_rd {
                return Ok(0);
            }
            return match self.state {
                State::Closed | State::Listen => Err(Errno::ENOTCONN),
                _ => Err(Errno::EAGAIN),
            };
        }
        let mut n = 0;
        while n < buf.len() && !self.rx.is_empty() {
            let (front, _) = self.rx.as_slices();
            let take = front.len().min(buf.len() - n);
            if let (Some(dst), Some(src)) = (buf.get_mut(n..n + take), front.get(..take)) {
                dst.copy_from_slice(src);
            }
            self.rx.drain(..take);
            n += take;
        }
        self.after_read(n);
        Ok(n)
    }

    /// Reads without copying: `f` gets the contiguous front of the receive
    /// queue and returns how many bytes it consumed.
    pub fn recv_with<R>(&mut self, f: impl FnOnce(&[u8]) -> (usize, R)) -> Result<R, Errno> {
        if self.rx.is_empty() {
            if let Some(err) = self.error.take() {
                return Err(err);
            }
            if !self.shut_rd {
                return match self.state {
                    State::Closed | State::Listen => Err(Errno::ENOTCONN),
                    _ => Err(Errno::EAGAIN),
                };
            }
        }
        let (front, _) = self.rx.as_slices();
        let (used, r) = f(front);
        let used = used.min(front.len());
        self.rx.drain(..used);
        self.after_read(used);
        Ok(r)
    }

    /// Receive-buffer autotuning and window updates after the application
    /// read `n` bytes (Linux's `tcp_rcv_space_adjust` and `tcp_cleanup_rbuf`).
    fn after_read(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        self.rx_copied += n;
        let max_space = (self.config.rmem_max / 2).max(self.rx_space);
        if self.rx_copied >= self.rx_space / 4 && self.rx_space < max_space {
            self.rx_space = (self.rx_space * 2).min(max_space);
            self.rx_copied = 0;
        }
        if !self.state.is_synchronized() && self.state != State::SynReceived {
            return;
        }
        if self.shut_rd {
            return;
        }
        let now_wnd = self.rcv_wnd_remaining();
        let unit = 1usize << self.rcv_wscale;
        let new_wnd = self.window_space() / unit * unit;
        if 2 * now_wnd <= max_space && new_wnd >= 2 * now_wnd && new_wnd >= self.rcv_mss {
            self.ack_now = true;
        }
    }

    /// Sends FIN after the queued data (`shutdown(SHUT_WR)`).
    pub fn shutdown_write(&mut self) {
        match self.state {
            State::Established => {
                self.fin_queued = true;
                self.state = State::FinWait1;
            }
            State::CloseWait => {
                self.fin_queued = true;
                self.state = State::LastAck;
            }
            // The FIN goes out once the handshake completes.
            State::SynReceived => self.fin_queued = true,
            State::SynSent | State::Listen => self.reset_to_closed(),
            _ => {}
        }
    }

    /// `close()`: FIN after the queued data, or RST if received data was not
    /// read (Linux `tcp_close`). The socket becomes an orphan: data arriving
    /// afterwards is answered with RST.
    pub fn close(&mut self) {
        self.orphan = true;
        let unread = !self.rx.is_empty() || !self.ooo.is_empty();
        match self.state {
            State::Closed | State::Listen | State::SynSent => self.reset_to_closed(),
            State::SynReceived | State::Established | State::CloseWait if unread => {
                self.rst_pending = true;
                self.reset_to_closed();
            }
            State::FinWait1 | State::FinWait2 | State::Closing if unread => {
                self.rst_pending = true;
                self.reset_to_closed();
            }
            _ => self.shutdown_write(),
        }
        self.shut_rd = true;
    }

    /// Aborts the connection with RST (`SO_LINGER` 0, then `close`).
    pub fn abort(&mut self) {
        self.orphan = true;
        if (self.state.is_synchronized() && self.state != State::TimeWait)
            || self.state == State::SynReceived
        {
            self.rst_pending = true;
        }
        self.reset_to_closed();
        self.shut_rd = true;
    }

    /// Goes to CLOSED, dropping queues and timers (not `rst_pending`).
    fn reset_to_closed(&mut self) {
        self.state = State::Closed;
        self.rto_deadline = None;
        self.persist_deadline = None;
        self.close_deadline = None;
        self.ack_deadline = None;
        self.ack_now = false;
        self.fast_rexmit = false;
        self.tx.clear();
        self.ooo.clear();
    }

    /// An ICMP destination unreachable about this connection
    /// (`tcp_v4_err`): while the connection is being opened (SYN-SENT,
    /// SYN-RECEIVED) it ends it with `err` (`ECONNREFUSED` for a port
    /// unreachable, `EHOSTUNREACH` for a host or an administratively
    /// prohibited one); later it is only a soft error. True if it ended
    /// the connection.
    pub fn icmp_unreachable(&mut self, err: Errno) -> bool {
        if matches!(self.state, State::SynSent | State::SynReceived) {
            self.fail(err);
            true
        } else {
            false
        }
    }

    /// Ends the connection with an error for the application.
    fn fail(&mut self, err: Errno) {
        self.error = Some(err);
        self.shut_rd = true;
        self.rx.clear();
        self.reset_to_closed();
    }

    /// Whether a SYN from the peer may reuse this TIME-WAIT connection's
    /// 4-tuple (its sequence number is beyond ours, as Linux's
    /// `tcp_timewait_state_process` checks). The stack then drops this socket
    /// and hands the SYN to the listener.
    pub fn accepts_new_syn(&self, syn: &TcpRepr<'_>) -> bool {
        self.state == State::TimeWait
            && syn.flags.contains(TcpFlags::SYN)
            && syn.ack_number.is_none()
            && syn.seq_number.diff(self.rcv_nxt) > 0
    }

    /// The next instant `dispatch` has work: a timer, or an instant at or
    /// before any `now` (here `Instant::ZERO`) if something can be sent
    /// already. `None` when idle.
    pub fn poll_at(&self) -> Option<Instant> {
        if self.rst_pending
            || self.ack_now
            || self.fast_rexmit
            || self.syn_due()
            || self.next_data().is_some()
        {
            return Some(Instant::ZERO);
        }
        [
            self.rto_deadline,
            self.persist_deadline,
            self.close_deadline,
            self.ack_deadline,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Whether a SYN or SYN-ACK is to be (re)sent.
    fn syn_due(&self) -> bool {
        matches!(self.state, State::SynSent | State::SynReceived) && self.snd_nxt == self.snd_una
    }

    /// The remaining part of the window we last advertised.
    fn rcv_wnd_remaining(&self) -> usize {
        seq_dist(self.rcv_wup + self.rcv_wnd, self.rcv_nxt)
    }

    /// Free receive space that could be advertised now.
    fn window_space(&self) -> usize {
        self.rx_space.saturating_sub(self.rx.len())
    }

    /// Chooses the window for an outgoing non-SYN segment, never moving the
    /// right edge left (Linux `tcp_select_window`), and records it.
    fn select_window(&mut self) -> u16 {
        let shift = self.rcv_wscale;
        let unit = 1usize << shift;
        let cur = self.rcv_wnd_remaining();
        let mut new = self.window_space() / unit * unit;
        if new < cur {
            new = cur.div_ceil(unit) * unit;
        }
        new = new.min(65535usize << shift);
        self.rcv_wnd = new;
        self.rcv_wup = self.rcv_nxt;
        u16::try_from(new >> shift).unwrap_or(u16::MAX)
    }

    /// The window in our SYN or SYN-ACK: the space rounded down to whole
    /// segments, unscaled (65495 for a SYN and 65483 for a SYN-ACK on lo).
    fn syn_window(&mut self) -> u16 {
        let ts = if self.state == State::SynReceived && self.ts_ok {
            TS_OPTION_LEN
        } else {
            0
        };
        let mss = self.advmss.saturating_sub(ts).max(1);
        let space = self.window_space();
        let wnd = if space > mss {
            space / mss * mss
        } else {
            space
        };
        let wnd = wnd.min(65535);
        self.rcv_wnd = wnd;
        self.rcv_wup = self.rcv_nxt;
        u16::try_from(wnd).unwrap_or(u16::MAX)
    }

    fn tsval(&self, now: Instant) -> u32 {
        self.ts_offset.wrapping_add(now.millis() as u32)
    }

    /// The next data/FIN segment the send rules allow: (offset in `tx`,
    /// length, FIN).
    fn next_data(&self) -> Option<(usize, usize, bool)> {
        if !matches!(
            self.state,
            State::Established
                | State::CloseWait
                | State::FinWait1
                | State::Closing
                | State::LastAck
        ) {
            return None;
        }
        let offset = seq_dist(self.snd_nxt, self.snd_una);
        let queued = self.tx.len();
        if offset > queued {
            return None; // FIN already sent
        }
        let avail = queued - offset;
        let wnd = self.snd_wnd.min(self.cwnd);
        let in_flight = seq_dist(self.snd_nxt, self.snd_una);
        let win_left = wnd.saturating_sub(in_flight);
        let wlen = avail.min(self.mss).min(win_left);
        let fin = self.fin_queued && offset + wlen == queued;
        if wlen == 0 {
            return fin.then_some((offset, 0, true));
        }
        if wlen < self.mss && !fin && in_flight > 0 {
            // Window-limited runt while data is in flight: wait for the ACK
            // (sender-side silly window avoidance).
            if wlen < avail {
                return None;
            }
            // Nagle, Minshall's variant: one small segment in flight at most.
            if !self.config.nodelay && self.snd_sml.diff(self.snd_una) > 0 {
                return None;
            }
        }
        let len = wlen.min(self.contiguous_at(offset));
        let fin = fin && len == wlen;
        Some((offset, len, fin))
    }

    /// Bytes stored contiguously in `tx` from `offset`.
    fn contiguous_at(&self, offset: usize) -> usize {
        let (front, back) = self.tx.as_slices();
        if offset < front.len() {
            front.len() - offset
        } else {
            back.len().saturating_sub(offset - front.len())
        }
    }

    /// Emits every segment that is due: RST, SYN/SYN-ACK, data and FIN as
    /// the windows allow, retransmissions, window probes and ACKs. `emit`
    /// gets each segment (its payload borrows the send buffer); if it returns
    /// an error the segment counts as not sent, `dispatch` stops and returns
    /// the error.
    pub fn dispatch<F, E>(&mut self, now: Instant, mut emit: F) -> Result<(), E>
    where
        F: FnMut(IpPair, &TcpRepr<'_>) -> Result<(), E>,
    {
        let (Some(local), Some(remote)) = (self.local, self.remote) else {
            return Ok(());
        };
        let ip = IpPair {
            src: local.ip(),
            dst: remote.ip(),
        };
        self.handle_timers(now);

        if self.rst_pending {
            let repr = self.control_repr(TcpFlags::RST, self.snd_nxt, Some(self.rcv_nxt), 0);
            emit(ip, &repr)?;
            self.stats.segs_out += 1;
            self.rst_pending = false;
            return Ok(());
        }

        if self.syn_due() {
            let window = self.syn_window();
            let mut opts: Vec<TcpOption<'_>> = core::mem::take(&mut self.opt_scratch);
            self.push_syn_options(&mut opts, now);
            let ack = (self.state == State::SynReceived).then_some(self.rcv_nxt);
            let repr = TcpRepr {
                src_port: local.port(),
                dst_port: remote.port(),
                seq_number: self.iss,
                ack_number: ack,
                flags: TcpFlags::SYN,
                window_len: window,
                urgent_at: 0,
                options: opts,
                payload: &[],
            };
            let result = emit(ip, &repr);
            self.opt_scratch = recycle(repr.options);
            result?;
            self.stats.segs_out += 1;
            if self.snd_max != self.iss {
                self.stats.retrans += 1;
                self.rtt_probe = None;
            } else {
                self.rtt_probe = Some((self.iss + 1, now));
            }
            self.snd_nxt = self.iss + 1;
            self.snd_max = self.snd_nxt;
            self.ack_sent();
            if self.rto_deadline.is_none() {
                self.rto_deadline = Some(now + self.rto);
            }
            return Ok(());
        }

        if self.fast_rexmit {
            self.fast_rexmit = false;
            let len = seq_dist(self.snd_max, self.snd_una)
                .min(self.mss)
                .min(self.contiguous_at(0));
            if len > 0 {
                self.emit_data(now, ip, &mut emit, 0, len, false)?;
                self.stats.fast_retrans += 1;
            }
        }

        let mut sent_any = false;
        while let Some((offset, len, fin)) = self.next_data() {
            self.emit_data(now, ip, &mut emit, offset, len, fin)?;
            sent_any = true;
            if fin {
                break;
            }
        }

        // Zero-window probe: an old sequence number makes the peer answer
        // with its current window.
        if let Some(at) = self.persist_deadline
            && now >= at
        {
            let repr = self.control_repr_ts(now, TcpFlags::NONE, self.snd_una - 1);
            let result = emit(ip, &repr);
            self.opt_scratch = recycle(repr.options);
            result?;
            self.stats.segs_out += 1;
            self.ack_sent();
            self.rto = (self.rto + self.rto).min(RTO_MAX);
            self.persist_deadline = Some(now + self.rto);
            sent_any = true;
        }

        let delack_due = self.ack_deadline.is_some_and(|t| now >= t);
        if !sent_any && (self.ack_now || delack_due) && self.state != State::Closed {
            let repr = self.control_repr_ts(now, TcpFlags::NONE, self.snd_nxt);
            let result = emit(ip, &repr);
            self.opt_scratch = recycle(repr.options);
            result?;
            self.stats.segs_out += 1;
            self.quickack = self.quickack.saturating_sub(1);
            self.ack_sent();
        }
        self.update_persist(now);
        Ok(())
    }

    /// Emits the data segment at `offset` in the send buffer.
    fn emit_data<F, E>(
        &mut self,
        now: Instant,
        ip: IpPair,
        emit: &mut F,
        offset: usize,
        len: usize,
        fin: bool,
    ) -> Result<(), E>
    where
        F: FnMut(IpPair, &TcpRepr<'_>) -> Result<(), E>,
    {
        let seq = self.snd_una + offset;
        let window = self.select_window();
        let mut opts: Vec<TcpOption<'_>> = core::mem::take(&mut self.opt_scratch);
        if self.ts_ok {
            opts.push(TcpOption::NoOperation);
            opts.push(TcpOption::NoOperation);
            opts.push(TcpOption::Timestamp {
                tsval: self.tsval(now),
                tsecr: self.ts_recent,
            });
        }
        let (front, back) = self.tx.as_slices();
        let payload = if offset < front.len() {
            front.get(offset..offset + len)
        } else {
            back.get(offset - front.len()..offset - front.len() + len)
        }
        .unwrap_or(&[]);
        let mut flags = TcpFlags::NONE;
        if len > 0 && offset + len == self.tx.len() {
            flags |= TcpFlags::PSH;
        }
        if fin {
            flags |= TcpFlags::FIN;
        }
        let repr = TcpRepr {
            src_port: self.local.map_or(0, |a| a.port()),
            dst_port: self.remote.map_or(0, |a| a.port()),
            seq_number: seq,
            ack_number: Some(self.rcv_nxt),
            flags,
            window_len: window,
            urgent_at: 0,
            options: opts,
            payload,
        };
        let result = emit(ip, &repr);
        let TcpRepr { options, .. } = repr;
        self.opt_scratch = recycle(options);
        result?;
        self.stats.segs_out += 1;
        let end = seq + len + usize::from(fin);
        let retransmission = seq.diff(self.snd_max) < 0;
        if retransmission {
            self.stats.retrans += 1;
            self.rtt_probe = None;
        } else if self.rtt_probe.is_none() {
            self.rtt_probe = Some((end, now));
        }
        if end.diff(self.snd_nxt) > 0 && seq == self.snd_nxt {
            self.snd_nxt = end;
        }
        if end.diff(self.snd_max) > 0 {
            self.snd_max = end;
        }
        if len < self.mss {
            self.snd_sml = end;
        }
        if self.rto_deadline.is_none() {
            self.rto_deadline = Some(now + self.rto);
        }
        self.ack_sent();
        Ok(())
    }

    /// A segment without payload carrying ACK and the data options.
    fn control_repr_ts(
        &mut self,
        now: Instant,
        flags: TcpFlags,
        seq: SeqNumber,
    ) -> TcpRepr<'static> {
        let window = self.select_window();
        let mut opts = core::mem::take(&mut self.opt_scratch);
        if self.ts_ok {
            opts.push(TcpOption::NoOperation);
            opts.push(TcpOption::NoOperation);
            opts.push(TcpOption::Timestamp {
                tsval: self.tsval(now),
                tsecr: self.ts_recent,
            });
            if self.sack_ok && !self.ooo.is_empty() {
                self.push_sack(&mut opts);
            }
        } else if self.sack_ok && !self.ooo.is_empty() {
            self.push_sack(&mut opts);
        }
        TcpRepr {
            src_port: self.local.map_or(0, |a| a.port()),
            dst_port: self.remote.map_or(0, |a| a.port()),
            seq_number: seq,
            ack_number: Some(self.rcv_nxt),
            flags,
            window_len: window,
            urgent_at: 0,
            options: opts,
            payload: &[],
        }
    }

    /// Adds `nop,nop,sack ...` for the out-of-order data (at most three
    /// blocks with timestamps, as Linux).
    fn push_sack(&self, opts: &mut Vec<TcpOption<'static>>) {
        let mut blocks = [(SeqNumber(0), SeqNumber(0)); 3];
        let mut n = 0;
        for ((start, end), slot) in self.ooo.ranges().zip(blocks.iter_mut()) {
            let base = self.rx_offset;
            let l = self.rcv_nxt + usize::try_from(start.saturating_sub(base)).unwrap_or(0);
            let r = self.rcv_nxt + usize::try_from(end.saturating_sub(base)).unwrap_or(0);
            *slot = (l, r);
            n += 1;
        }
        if let Some(blocks) = blocks.get(..n).and_then(SackBlocks::new) {
            opts.push(TcpOption::NoOperation);
            opts.push(TcpOption::NoOperation);
            opts.push(TcpOption::Sack(blocks));
        }
    }

    /// A RST (or RST|ACK) without options.
    fn control_repr(
        &self,
        flags: TcpFlags,
        seq: SeqNumber,
        ack: Option<SeqNumber>,
        window: u16,
    ) -> TcpRepr<'static> {
        TcpRepr {
            src_port: self.local.map_or(0, |a| a.port()),
            dst_port: self.remote.map_or(0, |a| a.port()),
            seq_number: seq,
            ack_number: ack,
            flags,
            window_len: window,
            urgent_at: 0,
            options: Vec::new(),
            payload: &[],
        }
    }

    /// SYN options in Linux's order: `mss,sackOK,TS,nop,wscale` (with NOPs
    /// in place of what is off).
    fn push_syn_options(&self, opts: &mut Vec<TcpOption<'_>>, now: Instant) {
        let passive = self.state == State::SynReceived;
        let mss = u16::try_from(self.advmss).unwrap_or(u16::MAX);
        let ts = if passive {
            self.ts_ok
        } else {
            self.config.timestamps
        };
        let sack = if passive {
            self.sack_ok
        } else {
            self.config.sack
        };
        let ws = if passive {
            self.ws_ok
        } else {
            self.config.window_scaling
        };
        opts.push(TcpOption::MaxSegmentSize(mss));
        if ts {
            if sack {
                opts.push(TcpOption::SackPermitted);
            } else {
                opts.push(TcpOption::NoOperation);
                opts.push(TcpOption::NoOperation);
            }
            opts.push(TcpOption::Timestamp {
                tsval: self.tsval(now),
                tsecr: if passive { self.ts_recent } else { 0 },
            });
        } else if sack {
            opts.push(TcpOption::NoOperation);
            opts.push(TcpOption::NoOperation);
            opts.push(TcpOption::SackPermitted);
        }
        if ws {
            opts.push(TcpOption::NoOperation);
            opts.push(TcpOption::WindowScale(self.rcv_wscale));
        }
    }

    /// Bookkeeping after any segment that carried our ACK.
    fn ack_sent(&mut self) {
        self.ack_now = false;
        self.ack_deadline = None;
        self.ack_pending = 0;
    }

    /// Arms or disarms the zero-window probe timer.
    fn update_persist(&mut self, now: Instant) {
        let stalled = self.snd_wnd == 0
            && self.snd_max == self.snd_una
            && self.tx.len() > seq_dist(self.snd_nxt, self.snd_una)
            && matches!(
                self.state,
                State::Established | State::CloseWait | State::FinWait1 | State::LastAck
            );
        if stalled {
            if self.persist_deadline.is_none() {
                self.persist_deadline = Some(now + self.rto);
            }
        } else {
            self.persist_deadline = None;
        }
    }

    /// Fires expired timers.
    fn handle_timers(&mut self, now: Instant) {
        if self.orphan && self.state == State::FinWait2 && self.close_deadline.is_none() {
            self.close_deadline = Some(now + self.config.fin_timeout);
        }
        if let Some(at) = self.close_deadline
            && now >= at
        {
            // TIME-WAIT over, or the orphan's FIN-WAIT-2 timeout.
            self.reset_to_closed();
            return;
        }
        if let Some(at) = self.rto_deadline
            && now >= at
        {
            self.on_rto(now);
        }
    }

    /// The retransmission timer expired.
    fn on_rto(&mut self, now: Instant) {
        if self.snd_max == self.snd_una {
            self.rto_deadline = None;
            return;
        }
        self.stats.timeouts += 1;
        let limit = match self.state {
            State::SynSent => self.config.syn_retries,
            State::SynReceived => self.config.synack_retries,
            _ => self.config.retries2,
        };
        if self.retries >= limit {
            match self.state {
                // A half-open child just disappears.
                State::SynReceived => self.reset_to_closed(),
                _ => self.fail(Errno::ETIMEDOUT),
            }
            return;
        }
        self.retries += 1;
        self.rto = (self.rto + self.rto).min(RTO_MAX);
        self.rto_deadline = Some(now + self.rto);
        self.rtt_probe = None;
        if self.state.is_synchronized() {
            let flight = seq_dist(self.snd_max, self.snd_una);
            self.ssthresh = (flight / 2).max(2 * self.mss);
            self.cwnd = self.mss;
            self.dupacks = 0;
            self.fast_rexmit = false;
        }
        // Go back: resend from the oldest unacknowledged byte.
        self.snd_nxt = self.snd_una;
    }

    /// Processes one incoming segment of this connection (the stack has
    /// matched the 4-tuple). Returns a segment to send at once, if any (a
    /// RST); ACKs and data go out through the next `dispatch`.
    pub fn process(&mut self, now: Instant, repr: &TcpRepr<'_>) -> Option<TcpRepr<'static>> {
        self.stats.segs_in += 1;
        match self.state {
            State::Closed => return rst_reply(repr),
            State::Listen => return None,
            State::SynSent => return self.process_syn_sent(now, repr),
            _ => {}
        }
        let flags = repr.flags;
        let seq = repr.seq_number;
        let seg_len = repr.segment_len();

        if self.state == State::TimeWait {
            return self.process_time_wait(now, repr);
        }

        // RFC 9293 3.10.7.4, first: is the segment acceptable?
        let wnd = self.rcv_wnd_remaining();
        let rcv_end = self.rcv_nxt + wnd;
        let in_window = |s: SeqNumber| s.diff(self.rcv_nxt) >= 0 && s.diff(rcv_end) < 0;
        let acceptable = match (seg_len, wnd) {
            (0, 0) => seq == self.rcv_nxt,
            (0, _) => in_window(seq),
            (_, 0) => false,
            (len, _) => in_window(seq) || in_window(seq + (len - 1)),
        };
        // A retransmitted SYN in SYN-RECEIVED: send the SYN-ACK again.
        if self.state == State::SynReceived
            && flags.contains(TcpFlags::SYN)
            && !flags.contains(TcpFlags::RST)
            && repr.ack_number.is_none()
            && seq == self.irs
        {
            self.snd_nxt = self.snd_una;
            return None;
        }
        if !acceptable {
            if !flags.contains(TcpFlags::RST) {
                self.ack_now = true;
            }
            return None;
        }
        if flags.contains(TcpFlags::RST) {
            if seq == self.rcv_nxt {
                self.on_reset();
            } else {
                // RFC 5961 challenge ACK.
                self.ack_now = true;
            }
            return None;
        }
        if flags.contains(TcpFlags::SYN) {
            // RFC 5961 challenge ACK for a SYN in a synchronized state.
            self.ack_now = true;
            return None;
        }
        let ack = repr.ack_number?;

        if self.ts_ok
            && let Some((tsval, _)) = repr.timestamp()
            && seq.diff(self.rcv_nxt) <= 0
        {
            self.ts_recent = tsval;
        }

        if self.state == State::SynReceived {
            if ack.diff(self.snd_una) > 0 && ack.diff(self.snd_max) <= 0 {
                self.state = State::Established;
                self.snd_una = ack;
                self.snd_wnd = usize::from(repr.window_len) << self.snd_wscale;
                self.snd_wl1 = seq;
                self.snd_wl2 = ack;
                self.retries = 0;
                self.take_rtt_sample(now, ack);
                self.rto_deadline = None;
                if self.fin_queued {
                    self.state = State::FinWait1;
                }
            } else {
                return rst_reply(repr);
            }
        }

        if ack.diff(self.snd_max) > 0 {
            // Acknowledges something never sent: ACK and drop.
            self.ack_now = true;
            return None;
        }
        let old_wnd = self.snd_wnd;
        if ack.diff(self.snd_una) > 0 {
            self.on_new_ack(now, ack);
        } else if ack == self.snd_una
            && repr.payload.is_empty()
            && !flags.contains(TcpFlags::FIN)
            && self.snd_max != self.snd_una
            && (usize::from(repr.window_len) << self.snd_wscale) == old_wnd
        {
            self.dupacks = self.dupacks.saturating_add(1);
            if self.dupacks == 3 {
                let flight = seq_dist(self.snd_max, self.snd_una);
                self.ssthresh = (flight / 2).max(2 * self.mss);
                self.cwnd = self.ssthresh;
                self.fast_rexmit = true;
                self.rtt_probe = None;
            }
        }
        // Window update (RFC 9293 SND.WL1/WL2 rule).
        if self.snd_wl1.diff(seq) < 0 || (self.snd_wl1 == seq && self.snd_wl2.diff(ack) <= 0) {
            self.snd_wnd = usize::from(repr.window_len) << self.snd_wscale;
            self.snd_wl1 = seq;
            self.snd_wl2 = ack;
        }

        // Our FIN acknowledged?
        if self.fin_acked {
            match self.state {
                State::FinWait1 => {
                    self.state = State::FinWait2;
                    if self.orphan {
                        self.close_deadline = Some(now + self.config.fin_timeout);
                    }
                }
                State::Closing => self.enter_time_wait(now),
                State::LastAck => {
                    self.reset_to_closed();
                    return None;
                }
                _ => {}
            }
        }

        // Data and FIN.
        let fin = flags.contains(TcpFlags::FIN);
        if !repr.payload.is_empty() || fin {
            match self.state {
                State::Established | State::FinWait1 | State::FinWait2 => {
                    let end = seq + repr.payload.len();
                    if self.orphan && end.diff(self.rcv_nxt) > 0 && !repr.payload.is_empty() {
                        // Data for a closed socket: reset (Linux tcp_rcv_state_process).
                        let reply =
                            self.control_repr(TcpFlags::RST, self.snd_nxt, Some(self.rcv_nxt), 0);
                        self.reset_to_closed();
                        return Some(reply);
                    }
                    self.receive(now, seq, repr.payload, fin);
                }
                _ => {
                    // CLOSE-WAIT, CLOSING, LAST-ACK: the peer's FIN is in
                    // already; a retransmission gets an ACK.
                    self.ack_now = true;
                }
            }
        }
        None
    }

    /// A new cumulative ACK up to `ack`.
    fn on_new_ack(&mut self, now: Instant, ack: SeqNumber) {
        let acked = seq_dist(ack, self.snd_una);
        let data = acked.min(self.tx.len());
        if self.fin_queued && acked > self.tx.len() {
            self.fin_acked = true;
        }
        self.tx.drain(..data);
        self.snd_una = ack;
        if self.snd_nxt.diff(ack) < 0 {
            self.snd_nxt = ack;
        }
        self.take_rtt_sample(now, ack);
        self.retries = 0;
        self.dupacks = 0;
        // Reno: slow start, then congestion avoidance.
        if self.cwnd < self.ssthresh {
            self.cwnd = self.cwnd.saturating_add(data.max(1));
        } else {
            let inc = (self.mss * self.mss / self.cwnd.max(1)).max(1);
            self.cwnd = self.cwnd.saturating_add(inc);
        }
        self.cwnd = self.cwnd.min(1 << 30);
        if self.snd_max == self.snd_una {
            self.rto_deadline = None;
        } else {
            self.rto_deadline = Some(now + self.rto);
        }
    }

    /// RFC 6298 with Linux's floor: RTO = SRTT + max(4 RTTVAR, 200 ms).
    fn take_rtt_sample(&mut self, now: Instant, ack: SeqNumber) {
        let Some((end, sent)) = self.rtt_probe else {
            return;
        };
        if ack.diff(end) < 0 {
            return;
        }
        self.rtt_probe = None;
        let r = now - sent;
        match self.srtt {
            None => {
                self.srtt = Some(r);
                self.rttvar = Duration::from_micros(r.micros() / 2);
            }
            Some(srtt) => {
                let delta = srtt.micros().abs_diff(r.micros());
                self.rttvar =
                    Duration::from_micros((3 * self.rttvar.micros()).saturating_add(delta) / 4);
                self.srtt = Some(Duration::from_micros(
                    (7 * srtt.micros()).saturating_add(r.micros()) / 8,
                ));
            }
        }
        let srtt = self.srtt.unwrap_or(Duration::ZERO);
        let var = Duration::from_micros(4 * self.rttvar.micros()).max(RTO_MIN);
        self.rto = (srtt + var).min(RTO_MAX);
    }

    /// A valid RST arrived.
    fn on_reset(&mut self) {
        match self.state {
            State::SynReceived => {
                // Passive: the child just goes away; active (simultaneous
                // open): the connect fails.
                if self.orphan || self.error.is_some() {
                    self.reset_to_closed();
                } else {
                    self.fail(Errno::ECONNREFUSED);
                }
            }
            State::CloseWait => self.fail(Errno::EPIPE),
            State::Closing | State::LastAck | State::TimeWait => self.reset_to_closed(),
            _ => self.fail(Errno::ECONNRESET),
        }
    }

    fn enter_time_wait(&mut self, now: Instant) {
        self.state = State::TimeWait;
        self.rto_deadline = None;
        self.persist_deadline = None;
        self.close_deadline = Some(now + TIMEWAIT_LEN);
    }

    fn process_time_wait(&mut self, now: Instant, repr: &TcpRepr<'_>) -> Option<TcpRepr<'static>> {
        let flags = repr.flags;
        if flags.contains(TcpFlags::RST) {
            // RFC 1337: ignore RSTs in TIME-WAIT (Linux's default
            // tcp_rfc1337=0 kills the socket instead).
            self.reset_to_closed();
            return None;
        }
        if flags.contains(TcpFlags::FIN) || flags.contains(TcpFlags::SYN) || repr.segment_len() > 0
        {
            // A retransmitted FIN: ACK again and restart the 60 s.
            if flags.contains(TcpFlags::FIN) {
                self.close_deadline = Some(now + TIMEWAIT_LEN);
            }
            self.ack_now = true;
        }
        None
    }

    /// SYN-SENT (RFC 9293 3.10.7.3).
    fn process_syn_sent(&mut self, now: Instant, repr: &TcpRepr<'_>) -> Option<TcpRepr<'static>> {
        let flags = repr.flags;
        if let Some(ack) = repr.ack_number
            && (ack.diff(self.iss) <= 0 || ack.diff(self.snd_max) > 0)
        {
            return rst_reply(repr);
        }
        if flags.contains(TcpFlags::RST) {
            if repr.ack_number.is_some() {
                self.fail(Errno::ECONNREFUSED);
            }
            return None;
        }
        if !flags.contains(TcpFlags::SYN) {
            return None;
        }
        self.accept_peer_syn(repr);
        match repr.ack_number {
            Some(ack) => {
                self.snd_una = ack;
                self.snd_wl2 = ack;
                self.state = State::Established;
                self.take_rtt_sample(now, ack);
                self.retries = 0;
                self.rto = if self.srtt.is_some() {
                    self.rto
                } else {
                    RTO_INIT
                };
                self.rto_deadline = None;
                self.ack_now = true;
            }
            None => {
                // Simultaneous open: answer with SYN-ACK.
                self.state = State::SynReceived;
                self.snd_nxt = self.snd_una;
            }
        }
        None
    }

    /// Accepts payload (and FIN) in an acceptable segment.
    fn receive(&mut self, now: Instant, seq: SeqNumber, payload: &[u8], fin: bool) {
        let mut seq = seq;
        let mut data = payload;
        // Trim what we already have.
        let behind = seq_dist(self.rcv_nxt, seq);
        if behind > 0 {
            data = data.get(behind..).unwrap_or(&[]);
            seq = seq + behind.min(payload.len());
        }
        let fin_seq = fin.then(|| seq + data.len());
        // Trim to the advertised window.
        let wnd = self.rcv_wnd_remaining();
        let ahead = seq_dist(seq, self.rcv_nxt);
        let room = wnd.saturating_sub(ahead);
        let fin_fits = data.len() <= room;
        data = data.get(..data.len().min(room)).unwrap_or(&[]);
        if !payload.is_empty() {
            self.rcv_mss = self.rcv_mss.max(payload.len().min(self.advmss));
        }

        if seq == self.rcv_nxt {
            let had_ooo = !self.ooo.is_empty();
            self.rx.extend(data);
            self.rx_offset += data.len() as u64;
            self.rcv_nxt = self.rcv_nxt + data.len();
            self.ack_pending += data.len();
            if had_ooo {
                let rx = &mut self.rx;
                let start = self.rx_offset;
                let end = self.ooo.drain_from(start, |d| rx.extend(d));
                let n = usize::try_from(end - start).unwrap_or(0);
                self.rx_offset = end;
                self.rcv_nxt = self.rcv_nxt + n;
                self.ack_now = true;
            }
            if data.is_empty() && !fin {
                self.ack_now = true; // a duplicate
            }
        } else if !data.is_empty() {
            self.ooo.insert(self.rx_offset + ahead as u64, data);
            self.stats.ofo_queued += 1;
            self.ack_now = true;
        }
        if let Some(f) = fin_seq
            && fin_fits
        {
            self.ooo_fin = Some(f);
        }
        if let Some(f) = self.ooo_fin
            && f == self.rcv_nxt
        {
            self.ooo_fin = None;
            self.on_fin(now);
            return;
        }
        if self.ack_now {
            return;
        }
        if self.quickack > 0 || self.ack_pending >= 2 * self.rcv_mss {
            self.ack_now = true;
        } else if self.ack_deadline.is_none() {
            self.ack_deadline = Some(now + DELACK);
        }
    }

    /// The peer's FIN is next in sequence (Linux `tcp_fin`). In ESTABLISHED
    /// the socket enters CLOSE-WAIT and pingpong mode: the FIN's ACK is
    /// delayed, so the application's close() usually carries it on its own
    /// FIN; in FIN-WAIT-1/2 it is sent at once.
    fn on_fin(&mut self, now: Instant) {
        self.rcv_nxt = self.rcv_nxt + 1;
        self.shut_rd = true;
        if self.state == State::Established {
            self.state = State::CloseWait;
            self.quickack = 0;
            if self.ack_pending >= 2 * self.rcv_mss {
                self.ack_now = true;
            } else if !self.ack_now && self.ack_deadline.is_none() {
                self.ack_deadline = Some(now + DELACK);
            }
            return;
        }
        self.ack_now = true;
        match self.state {
            State::FinWait1 => {
                if self.fin_acked {
                    self.enter_time_wait(now);
                } else {
                    self.state = State::Closing;
                }
            }
            State::FinWait2 => self.enter_time_wait(now),
            _ => {}
        }
    }
}
