//! Two sockets in virtual time (`Pair`), checked against real `lo` captures.

use super::*;
use crate::wire::ChecksumMode;
use crate::wire::tcp::Packet;
use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::{format, vec::Vec};
use core::fmt::Write as _;

/// The network between the two sockets.
#[derive(Clone, Debug, Default)]
struct Net {
    latency: Duration,
    loss_ppm: u32,
    reorder_ppm: u32,
    reorder_max: Duration,
    /// Drop everything (a black hole).
    blackhole: bool,
}

struct Flight {
    to_server: bool,
    bytes: Vec<u8>,
}

/// A client socket, a listener and the server socket it spawns.
struct Pair {
    now: Instant,
    client: TcpSocket,
    server: Option<TcpSocket>,
    listener: Option<TcpListener>,
    caddr: SocketAddr,
    saddr: SocketAddr,
    wire: BTreeMap<(Instant, u64), Flight>,
    next_id: u64,
    net: Net,
    net_rng: Rng,
    sock_rng: Rng,
    log: Option<String>,
    pool: Vec<Vec<u8>>,
    dropped: u64,
    delivered: u64,
    /// Patch the server's ISN/TS offset before its first segment.
    server_isn: Option<(u32, u32)>,
    /// Drop the next data segment towards the client.
    drop_next_data_to_client: bool,
}

fn addr(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

/// Sets a fresh socket's ISN and timestamp offset (to replay a capture).
fn force_isn(sock: &mut TcpSocket, isn: u32, ts_offset: u32) {
    let isn = SeqNumber(isn);
    sock.iss = isn;
    sock.snd_una = isn;
    sock.snd_nxt = isn;
    sock.snd_max = isn;
    sock.snd_sml = isn;
    sock.ts_offset = ts_offset;
}

fn tcpdump_line(src: SocketAddr, dst: SocketAddr, repr: &TcpRepr<'_>) -> String {
    let mut out = String::new();
    let ip = |a: SocketAddr| format!("{}.{}", a.ip(), a.port());
    let _ = write!(
        out,
        "{} > {}: Flags [{}]",
        ip(src),
        ip(dst),
        repr.flags
            .with(TcpFlags::ACK, repr.ack_number.is_some())
            .tcpdump()
    );
    let len = repr.payload.len();
    let f = repr.flags;
    if len > 0
        || f.contains(TcpFlags::SYN)
        || f.contains(TcpFlags::FIN)
        || f.contains(TcpFlags::RST)
    {
        if len > 0 {
            let _ = write!(out, ", seq {}:{}", repr.seq_number, repr.seq_number + len);
        } else {
            let _ = write!(out, ", seq {}", repr.seq_number);
        }
    }
    if let Some(ack) = repr.ack_number {
        let _ = write!(out, ", ack {ack}");
    }
    let _ = write!(out, ", win {}", repr.window_len);
    if !repr.options.is_empty() {
        let opts: Vec<String> = repr
            .options
            .iter()
            .map(|o| match o {
                TcpOption::EndOfList => "eol".to_string(),
                TcpOption::NoOperation => "nop".to_string(),
                TcpOption::MaxSegmentSize(m) => format!("mss {m}"),
                TcpOption::WindowScale(w) => format!("wscale {w}"),
                TcpOption::SackPermitted => "sackOK".to_string(),
                TcpOption::Sack(b) => {
                    let mut s = format!("sack {}", b.as_slice().len());
                    for (l, r) in b.as_slice() {
                        let _ = write!(s, " {{{l}:{r}}}");
                    }
                    s
                }
                TcpOption::Timestamp { tsval, tsecr } => format!("TS val {tsval} ecr {tsecr}"),
                TcpOption::Unknown { kind, .. } => format!("unknown-{kind}"),
            })
            .collect();
        let _ = write!(out, ", options [{}]", opts.join(","));
    }
    let _ = write!(out, ", length {len}");
    out
}

impl Pair {
    fn new(client_cfg: TcpConfig, server_cfg: Option<TcpConfig>, caddr: &str, saddr: &str) -> Pair {
        let caddr = addr(caddr);
        let saddr = addr(saddr);
        Pair {
            now: Instant::ZERO,
            client: TcpSocket::new(client_cfg),
            server: None,
            listener: server_cfg.map(|c| TcpListener::new(saddr, 128, c)),
            caddr,
            saddr,
            wire: BTreeMap::new(),
            next_id: 0,
            net: Net::default(),
            net_rng: Rng::new(99),
            sock_rng: Rng::new(7),
            log: None,
            pool: Vec::new(),
            dropped: 0,
            delivered: 0,
            server_isn: None,
            drop_next_data_to_client: false,
        }
    }

    /// IPv4, default configs on both ends.
    fn v4() -> Pair {
        Pair::new(
            TcpConfig::default(),
            Some(TcpConfig::default()),
            "127.0.0.1:40000",
            "127.0.0.1:8000",
        )
    }

    fn server(&mut self) -> &mut TcpSocket {
        self.server.as_mut().expect("no server socket yet")
    }

    fn connect(&mut self) {
        let (now, c, s) = (self.now, self.caddr, self.saddr);
        self.client.connect(now, c, s, &mut self.sock_rng).unwrap();
    }

    fn queue(&mut self, to_server: bool, bytes: Vec<u8>) {
        let has_data = bytes.len() > usize::from(bytes[12] >> 4) * 4;
        let targeted = !to_server && has_data && self.drop_next_data_to_client;
        if targeted {
            self.drop_next_data_to_client = false;
        }
        if targeted || self.net.blackhole || self.net_rng.chance_ppm(self.net.loss_ppm) {
            self.dropped += 1;
            self.pool.push(bytes);
            return;
        }
        let mut at = self.now + self.net.latency;
        if self.net_rng.chance_ppm(self.net.reorder_ppm) {
            let extra = self
                .net_rng
                .range_inclusive(1, self.net.reorder_max.micros().max(1) as u32);
            at += Duration::from_micros(u64::from(extra));
        }
        self.next_id += 1;
        self.wire
            .insert((at, self.next_id), Flight { to_server, bytes });
    }

    fn serialize(pool: &mut Vec<Vec<u8>>, ip: IpPair, repr: &TcpRepr<'_>) -> Vec<u8> {
        let mut buf = pool.pop().unwrap_or_default();
        buf.clear();
        buf.resize(repr.buffer_len(), 0);
        repr.emit(
            &mut Packet::new_unchecked(&mut buf[..]),
            &ip.src,
            &ip.dst,
            ChecksumMode::Partial,
        )
        .unwrap();
        buf
    }

    fn record(&mut self, src: SocketAddr, dst: SocketAddr, repr: &TcpRepr<'_>) {
        if let Some(log) = &mut self.log {
            let ms = self.now.micros() as f64 / 1000.0;
            let _ = writeln!(log, "{ms:9.3} {}", tcpdump_line(src, dst, repr));
        }
    }

    /// Dispatches one side; returns whether it emitted anything.
    fn dispatch(&mut self, server_side: bool) -> bool {
        let mut out: Vec<Vec<u8>> = Vec::new();
        let mut lines: Vec<String> = Vec::new();
        let mut pool = core::mem::take(&mut self.pool);
        let now = self.now;
        let logging = self.log.is_some();
        let (src, dst) = if server_side {
            (self.saddr, self.caddr)
        } else {
            (self.caddr, self.saddr)
        };
        let sock = if server_side {
            match self.server.as_mut() {
                Some(s) => s,
                None => return false,
            }
        } else {
            &mut self.client
        };
        if server_side && let Some((isn, ts)) = self.server_isn.take() {
            force_isn(sock, isn, ts);
        }
        sock.dispatch(now, |ip, repr| -> Result<(), ()> {
            if logging {
                lines.push(tcpdump_line(src, dst, repr));
            }
            out.push(Self::serialize(&mut pool, ip, repr));
            Ok(())
        })
        .unwrap();
        self.pool = pool;
        let any = !out.is_empty();
        for line in lines {
            if let Some(log) = &mut self.log {
                let ms = now.micros() as f64 / 1000.0;
                let _ = writeln!(log, "{ms:9.3} {line}");
            }
        }
        for bytes in out {
            self.queue(!server_side, bytes);
        }
        any
    }

    fn deliver(&mut self, flight: Flight) {
        self.delivered += 1;
        let packet = Packet::new_checked(&flight.bytes[..]).unwrap();
        let repr = TcpRepr::parse(&packet).unwrap();
        let now = self.now;
        let reply = if flight.to_server {
            match (&mut self.server, &self.listener) {
                (Some(s), _) if !s.is_closed() => s.process(now, &repr),
                (_, Some(l)) => {
                    match l.process(now, self.saddr, self.caddr, &repr, 0, &mut self.sock_rng) {
                        ListenOutcome::Accept(sock) => {
                            self.server = Some(*sock);
                            None
                        }
                        ListenOutcome::Reply(r) => Some(r),
                        ListenOutcome::Drop => None,
                    }
                }
                _ => rst_reply(&repr),
            }
        } else {
            self.client.process(now, &repr)
        };
        drop(repr);
        if let Some(r) = reply {
            let (src, dst) = if flight.to_server {
                (self.saddr, self.caddr)
            } else {
                (self.caddr, self.saddr)
            };
            self.record(src, dst, &r);
            let ip = IpPair {
                src: src.ip(),
                dst: dst.ip(),
            };
            let bytes = Self::serialize(&mut self.pool, ip, &r);
            self.queue(!flight.to_server, bytes);
        }
        self.pool.push(flight.bytes);
        // The kernel answers in the receive path, before the application runs.
        self.dispatch(flight.to_server);
    }

    /// One round: both sides dispatch, then everything due is delivered.
    fn step(&mut self) -> bool {
        let mut progress = self.dispatch(false);
        progress |= self.dispatch(true);
        while let Some(entry) = self.wire.first_entry() {
            if entry.key().0 > self.now {
                break;
            }
            let flight = entry.remove();
            self.deliver(flight);
            progress = true;
        }
        progress
    }

    fn next_event(&self) -> Option<Instant> {
        let mut next = self.wire.keys().next().map(|k| k.0);
        for t in [
            self.client.poll_at(),
            self.server.as_ref().and_then(|s| s.poll_at()),
        ]
        .into_iter()
        .flatten()
        {
            next = Some(next.map_or(t, |n| n.min(t)));
        }
        next
    }

    /// Runs until `done` holds, jumping virtual time when idle.
    #[track_caller]
    fn run_until(&mut self, max_steps: usize, mut done: impl FnMut(&mut Pair) -> bool) {
        for _ in 0..max_steps {
            if done(self) {
                return;
            }
            if !self.step() {
                if done(self) {
                    return;
                }
                match self.next_event() {
                    Some(t) if t > self.now => self.now = t,
                    Some(_) => self.now += Duration::from_micros(1),
                    None => panic!("stuck at {} with nothing scheduled", self.now),
                }
            }
        }
        panic!("not done after {max_steps} steps (t = {})", self.now);
    }

    /// Runs until virtual time reaches `t`.
    #[track_caller]
    fn run_to(&mut self, t: Instant) {
        for _ in 0..1_000_000 {
            while self.step() {}
            match self.next_event() {
                Some(n) if n <= t => {
                    self.now = if n > self.now {
                        n
                    } else {
                        self.now + Duration::from_micros(1)
                    }
                }
                _ => {
                    self.now = t;
                    while self.step() {}
                    return;
                }
            }
        }
        panic!("run_to({t}) did not converge");
    }

    #[track_caller]
    fn handshake(&mut self) {
        self.connect();
        self.run_until(100, |p| {
            p.client.state() == State::Established
                && p.server
                    .as_ref()
                    .is_some_and(|s| s.state() == State::Established)
        });
    }
}

fn pattern(len: usize, salt: u8) -> Vec<u8> {
    (0..len)
        .map(|i| ((i as u64).wrapping_mul(2654435761) >> 11) as u8 ^ salt)
        .collect()
}

/// Moves `a2b` bytes client -> server and `b2a` server -> client at once,
/// checking each byte; the pattern repeats every 1 000 003 bytes.
#[track_caller]
fn transfer(p: &mut Pair, a2b: usize, b2a: usize, max_steps: usize) {
    const PERIOD: usize = 1_000_003;
    let periodic = |salt| {
        let base = pattern(PERIOD, salt);
        let mut v = base.clone();
        v.extend_from_slice(&base[..70_000]);
        v
    };
    let pa = periodic(0x5a);
    let pb = periodic(0xa5);
    let (mut sa, mut ra, mut sb, mut rb) = (0usize, 0usize, 0usize, 0usize);
    let mut buf = vec![0u8; 65536];
    p.run_until(max_steps, |p| {
        if sa < a2b {
            let off = sa % PERIOD;
            let n = (a2b - sa).min(65536);
            if let Ok(k) = p.client.send(&pa[off..off + n]) {
                sa += k;
            }
        }
        if sb < b2a {
            let off = sb % PERIOD;
            let n = (b2a - sb).min(65536);
            if let Ok(k) = p.server().send(&pb[off..off + n]) {
                sb += k;
            }
        }
        while let Ok(n) = p.server().recv(&mut buf) {
            assert!(n > 0, "unexpected EOF at {rb}");
            let off = rb % PERIOD;
            assert!(
                buf[..n] == pa[off..off + n],
                "client->server corrupt near byte {rb}"
            );
            rb += n;
        }
        while let Ok(n) = p.client.recv(&mut buf) {
            assert!(n > 0, "unexpected EOF at {ra}");
            let off = ra % PERIOD;
            assert!(
                buf[..n] == pb[off..off + n],
                "server->client corrupt near byte {ra}"
            );
            ra += n;
        }
        rb == a2b && ra == b2a
    });
    assert_eq!((ra, rb), (b2a, a2b));
}

/// Drains everything readable (until EAGAIN or EOF); returns the bytes and
/// whether EOF was seen.
fn drain(sock: &mut TcpSocket) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match sock.recv(&mut buf) {
            Ok(0) => return (out, true),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(_) => return (out, false),
        }
    }
}

/// The lines of a transcript without the time column.
fn lines_of(log: &str) -> Vec<&str> {
    log.lines().map(|l| l.get(10..).unwrap_or("")).collect()
}

// Real capture on Linux, Debian 12 sysctls (tcp_rmem 4096 131072 6291456 ->
// wscale 7), `ip netns add tcpcap; ip -n tcpcap link set lo up;
// tcpdump -i lo -nn -v -S`, `python3 -m http.server 8002 --bind 127.0.0.1`,
// `curl -s http://127.0.0.1:8002/` (cksum and IP header fields cut):
//
// 127.0.0.1.52380 > 127.0.0.1.8002: Flags [S], seq 2553937692, win 65495, options [mss 65495,sackOK,TS val 1357473747 ecr 0,nop,wscale 7], length 0
// 127.0.0.1.8002 > 127.0.0.1.52380: Flags [S.], seq 2835974973, ack 2553937693, win 65483, options [mss 65495,sackOK,TS val 1460503070 ecr 1357473747,nop,wscale 7], length 0
// 127.0.0.1.52380 > 127.0.0.1.8002: Flags [.], ack 2835974974, win 512, options [nop,nop,TS val 1357473747 ecr 1460503070], length 0
// 127.0.0.1.52380 > 127.0.0.1.8002: Flags [P.], seq 2553937693:2553937771, ack 2835974974, win 512, options [nop,nop,TS val 1357473748 ecr 1460503070], length 78
// 127.0.0.1.8002 > 127.0.0.1.52380: Flags [.], ack 2553937771, win 511, options [nop,nop,TS val 1460503071 ecr 1357473748], length 0
// 127.0.0.1.8002 > 127.0.0.1.52380: Flags [P.], seq 2835974974:2835975130, ack 2553937771, win 512, options [nop,nop,TS val 1460503075 ecr 1357473748], length 156
// 127.0.0.1.52380 > 127.0.0.1.8002: Flags [.], ack 2835975130, win 511, options [nop,nop,TS val 1357473752 ecr 1460503075], length 0
// 127.0.0.1.8002 > 127.0.0.1.52380: Flags [P.], seq 2835975130:2835978631, ack 2553937771, win 512, options [nop,nop,TS val 1460503075 ecr 1357473752], length 3501
// 127.0.0.1.52380 > 127.0.0.1.8002: Flags [.], ack 2835978631, win 797, options [nop,nop,TS val 1357473752 ecr 1460503075], length 0
// 127.0.0.1.8002 > 127.0.0.1.52380: Flags [F.], seq 2835978631, ack 2553937771, win 512, options [nop,nop,TS val 1460503075 ecr 1357473752], length 0
// 127.0.0.1.52380 > 127.0.0.1.8002: Flags [F.], seq 2553937771, ack 2835978632, win 797, options [nop,nop,TS val 1357473752 ecr 1460503075], length 0
// 127.0.0.1.8002 > 127.0.0.1.52380: Flags [.], ack 2553937772, win 512, options [nop,nop,TS val 1460503075 ecr 1357473752], length 0
//
// The same capture for `::1` (python3 -m http.server 8001 --bind ::1):
// ::1.32918 > ::1.8001: Flags [S], seq 3863650649, win 65476, options [mss 65476,sackOK,TS val 928206976 ecr 0,nop,wscale 7], length 0
// ::1.8001 > ::1.32918: Flags [S.], seq 3393400982, ack 3863650650, win 65464, options [mss 65476,sackOK,TS val 1292681075 ecr 928206976,nop,wscale 7], length 0
// ::1.32918 > ::1.8001: Flags [.], ack 3393400983, win 512, options [nop,nop,TS val 928206976 ecr 1292681075], length 0
//
// and a SYN to a closed port (`curl -s http://127.0.0.1:9`, exit 7):
// 127.0.0.1.57946 > 127.0.0.1.9: Flags [S], seq 3338417306, win 65495, options [mss 65495,sackOK,TS val 1252740921 ecr 0,nop,wscale 7], length 0
// 127.0.0.1.9 > 127.0.0.1.57946: Flags [R.], seq 0, ack 3338417307, win 0, length 0
const CAPTURE_HTTP_V4: &str = "\
127.0.0.1.52380 > 127.0.0.1.8002: Flags [S], seq 2553937692, win 65495, options [mss 65495,sackOK,TS val 1357473747 ecr 0,nop,wscale 7], length 0
127.0.0.1.8002 > 127.0.0.1.52380: Flags [S.], seq 2835974973, ack 2553937693, win 65483, options [mss 65495,sackOK,TS val 1460503070 ecr 1357473747,nop,wscale 7], length 0
127.0.0.1.52380 > 127.0.0.1.8002: Flags [.], ack 2835974974, win 512, options [nop,nop,TS val 1357473747 ecr 1460503070], length 0
127.0.0.1.52380 > 127.0.0.1.8002: Flags [P.], seq 2553937693:2553937771, ack 2835974974, win 512, options [nop,nop,TS val 1357473748 ecr 1460503070], length 78
127.0.0.1.8002 > 127.0.0.1.52380: Flags [.], ack 2553937771, win 511, options [nop,nop,TS val 1460503071 ecr 1357473748], length 0
127.0.0.1.8002 > 127.0.0.1.52380: Flags [P.], seq 2835974974:2835975130, ack 2553937771, win 512, options [nop,nop,TS val 1460503075 ecr 1357473748], length 156
127.0.0.1.52380 > 127.0.0.1.8002: Flags [.], ack 2835975130, win 511, options [nop,nop,TS val 1357473752 ecr 1460503075], length 0
";

#[test]
fn handshake_and_first_exchange_match_capture() {
    let mut p = Pair::new(
        TcpConfig::default(),
        Some(TcpConfig::default()),
        "127.0.0.1:52380",
        "127.0.0.1:8002",
    );
    p.log = Some(String::new());
    p.connect();
    force_isn(&mut p.client, 2553937692, 1357473747);
    p.server_isn = Some((2835974973, 1460503070));
    p.run_until(50, |p| {
        p.server
            .as_ref()
            .is_some_and(|s| s.state() == State::Established)
    });
    p.now = Instant::from_micros(1_000);
    assert_eq!(p.client.send(&[b'G'; 78]), Ok(78));
    p.run_until(50, |p| p.server().recv_queue() == 78 && p.wire.is_empty());
    let (req, eof) = drain(p.server());
    assert_eq!((req.len(), eof), (78, false));
    p.now = Instant::from_micros(5_000);
    assert_eq!(p.server().send(&[b'H'; 156]), Ok(156));
    p.run_until(50, |p| p.client.recv_queue() == 156 && p.wire.is_empty());
    let log = p.log.take().unwrap();
    assert_eq!(
        lines_of(&log),
        CAPTURE_HTTP_V4.lines().collect::<Vec<_>>(),
        "\n{log}"
    );
}

#[test]
fn ipv6_handshake_matches_capture() {
    let mut p = Pair::new(
        TcpConfig::default(),
        Some(TcpConfig::default()),
        "[::1]:32918",
        "[::1]:8001",
    );
    p.log = Some(String::new());
    p.connect();
    force_isn(&mut p.client, 3863650649, 928206976);
    p.server_isn = Some((3393400982, 1292681075));
    p.run_until(50, |p| {
        p.client.state() == State::Established && p.wire.is_empty()
    });
    let log = p.log.take().unwrap();
    assert_eq!(
        lines_of(&log),
        [
            "::1.32918 > ::1.8001: Flags [S], seq 3863650649, win 65476, options [mss 65476,sackOK,TS val 928206976 ecr 0,nop,wscale 7], length 0",
            "::1.8001 > ::1.32918: Flags [S.], seq 3393400982, ack 3863650650, win 65464, options [mss 65476,sackOK,TS val 1292681075 ecr 928206976,nop,wscale 7], length 0",
            "::1.32918 > ::1.8001: Flags [.], ack 3393400983, win 512, options [nop,nop,TS val 928206976 ecr 1292681075], length 0",
        ]
    );
    assert_eq!(p.client.mss(), 65464);
}

#[test]
fn syn_bytes_match_fixture() {
    // The wire fixture comes from a 6.18 kernel with tcp_rmem[2] = 32 MiB,
    // hence wscale 10.
    let cfg = TcpConfig {
        rmem_max: 33554432,
        ..TcpConfig::default()
    };
    let mut sock = TcpSocket::new(cfg);
    sock.connect(
        Instant::ZERO,
        addr("127.0.0.1:57894"),
        addr("127.0.0.1:8000"),
        &mut Rng::new(1),
    )
    .unwrap();
    force_isn(&mut sock, 3016965906, 45456150);
    let mut bytes = Vec::new();
    sock.dispatch(Instant::ZERO, |ip, repr| -> Result<(), ()> {
        bytes = Pair::serialize(&mut Vec::new(), ip, repr);
        Ok(())
    })
    .unwrap();
    assert_eq!(&bytes[..], &crate::wire::fixtures::TCPV4_SYN[20..]);
}

#[test]
fn syn_to_closed_port_is_refused() {
    let mut p = Pair::new(TcpConfig::default(), None, "127.0.0.1:57946", "127.0.0.1:9");
    p.log = Some(String::new());
    p.connect();
    force_isn(&mut p.client, 3338417306, 1252740921);
    p.run_until(20, |p| p.client.state() == State::Closed);
    let log = p.log.take().unwrap();
    assert_eq!(
        lines_of(&log),
        [
            "127.0.0.1.57946 > 127.0.0.1.9: Flags [S], seq 3338417306, win 65495, options [mss 65495,sackOK,TS val 1252740921 ecr 0,nop,wscale 7], length 0",
            "127.0.0.1.9 > 127.0.0.1.57946: Flags [R.], seq 0, ack 3338417307, win 0, length 0",
        ]
    );
    assert_eq!(p.client.take_error(), Some(Errno::ECONNREFUSED));
    assert_eq!(p.client.take_error(), None);
    assert_eq!(p.client.recv(&mut [0; 4]), Ok(0));
    assert_eq!(p.client.send(b"x"), Err(Errno::EPIPE));
    assert_eq!(p.client.poll_at(), None);
}

#[test]
fn connect_error_reported_by_recv_and_send() {
    let mut p = Pair::new(TcpConfig::default(), None, "127.0.0.1:1000", "127.0.0.1:9");
    p.connect();
    assert_eq!(p.client.send(b"x"), Err(Errno::EAGAIN));
    assert_eq!(p.client.recv(&mut [0; 4]), Err(Errno::EAGAIN));
    p.run_until(20, |p| p.client.state() == State::Closed);
    assert_eq!(p.client.send(b"x"), Err(Errno::ECONNREFUSED));
    assert_eq!(p.client.send(b"x"), Err(Errno::EPIPE));
    let mut fresh = TcpSocket::new(TcpConfig::default());
    assert_eq!(fresh.recv(&mut [0; 4]), Err(Errno::ENOTCONN));
    assert_eq!(fresh.send(b"x"), Err(Errno::EPIPE));
}

#[test]
fn syn_retries_then_etimedout() {
    let mut p = Pair::new(TcpConfig::default(), None, "127.0.0.1:1000", "127.0.0.1:9");
    p.net.blackhole = true;
    p.log = Some(String::new());
    p.connect();
    p.run_until(1000, |p| p.client.state() == State::Closed);
    assert_eq!(p.now, Instant::from_millis(127_000));
    assert_eq!(p.client.take_error(), Some(Errno::ETIMEDOUT));
    let log = p.log.take().unwrap();
    let times: Vec<&str> = log.lines().map(|l| l[..9].trim()).collect();
    assert_eq!(
        times,
        [
            "0.000",
            "1000.000",
            "3000.000",
            "7000.000",
            "15000.000",
            "31000.000",
            "63000.000"
        ]
    );
    assert!(log.lines().all(|l| l.contains("Flags [S]")));
    assert_eq!(p.client.stats().retrans, 6);
}

#[test]
fn bulk_both_directions() {
    let mut p = Pair::v4();
    p.handshake();
    p.log = Some(String::new());
    transfer(&mut p, 8 << 20, 6 << 20, 100_000);
    settle(&mut p);
    let c = &p.client;
    let dbg = format!(
        "una {} nxt {} max {} tx {} wnd {} cwnd {} poll {:?} now {} srv rcv_nxt {:?} tail:\n{}",
        c.snd_una,
        c.snd_nxt,
        c.snd_max,
        c.tx.len(),
        c.snd_wnd,
        c.cwnd,
        c.poll_at(),
        p.now,
        p.server.as_ref().map(|s| s.rcv_nxt),
        p.log
            .as_ref()
            .unwrap()
            .lines()
            .rev()
            .take(8)
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(p.client.send_queue(), 0, "{dbg}");
    assert_eq!(p.server().send_queue(), 0);
    let log = p.log.take().unwrap();
    let i = log.find("  200.").unwrap_or(0);
    let i = log[..i]
        .rfind("\n")
        .map(|k| log[..k].lines().count())
        .unwrap_or(0);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(
        p.client.stats().retrans,
        0,
        "{}",
        lines[i.saturating_sub(30)..(i + 5).min(lines.len())].join("\n")
    );
    // Autotuning opened the window beyond the initial 64 KiB.
    assert!(p.client.window_space() > 65536);
}

#[test]
fn bulk_small_mss() {
    let cfg = TcpConfig {
        mtu: 1500,
        ..TcpConfig::default()
    };
    let mut p = Pair::new(cfg.clone(), Some(cfg), "127.0.0.1:40000", "127.0.0.1:8000");
    p.net.latency = Duration::from_micros(50);
    p.handshake();
    assert_eq!(p.client.mss(), 1448);
    transfer(&mut p, 3 << 20, 1 << 20, 200_000);
}

#[track_caller]
fn settle(p: &mut Pair) {
    p.run_until(10_000, |p| {
        let quiet =
            |s: &TcpSocket| s.poll_at().is_none_or(|t| t > p.now) && s.ack_deadline.is_none();
        p.wire.is_empty() && quiet(&p.client) && p.server.as_ref().is_none_or(quiet)
    });
}

#[test]
fn active_close_then_time_wait_expires() {
    let mut p = Pair::v4();
    p.handshake();
    transfer(&mut p, 1000, 500, 1000);
    p.client.close();
    settle(&mut p);
    assert_eq!(p.client.state(), State::FinWait2);
    assert_eq!(p.server().state(), State::CloseWait);
    assert_eq!(drain(p.server()), (vec![], true));
    p.server().close();
    settle(&mut p);
    assert_eq!(p.server().state(), State::Closed);
    assert_eq!(p.client.state(), State::TimeWait);
    let tw_start = p.now;
    p.run_to(tw_start + Duration::from_millis(59_999));
    assert_eq!(p.client.state(), State::TimeWait);
    p.run_to(tw_start + TIMEWAIT_LEN);
    assert_eq!(p.client.state(), State::Closed);
    assert!(p.client.is_closed());
    assert_eq!(p.client.take_error(), None);
}

#[test]
fn passive_close() {
    let mut p = Pair::v4();
    p.handshake();
    p.server().shutdown_write();
    settle(&mut p);
    assert_eq!(p.server().state(), State::FinWait2);
    assert_eq!(p.client.state(), State::CloseWait);
    assert_eq!(drain(&mut p.client), (vec![], true));
    // CLOSE-WAIT may still send.
    assert_eq!(p.client.send(b"late"), Ok(4));
    p.client.close();
    settle(&mut p);
    assert_eq!(drain(p.server()), (b"late".to_vec(), true));
    assert_eq!(p.client.state(), State::Closed);
    assert_eq!(p.server().state(), State::TimeWait);
    p.run_to(p.now + TIMEWAIT_LEN);
    assert_eq!(p.server().state(), State::Closed);
}

/// Linux `tcp_fin`: a FIN taken in ESTABLISHED moves the socket to
/// CLOSE-WAIT and its ACK is delayed (pingpong mode); an application that
/// closes before the delayed-ACK timer sends one FIN carrying that ACK, so
/// the first closer alone ends in TIME-WAIT (recorded on Linux 6.18:
/// tests/fixtures/tcp_teardown/real_teardown.txt, curl run 3).
#[test]
fn a_fin_in_established_is_acked_by_the_closing_fin() {
    let mut p = Pair::v4();
    p.handshake();
    p.log = Some(String::new());
    p.server().close();
    p.run_until(100, |p| p.client.state() == State::CloseWait);
    assert!(
        p.client.poll_at().is_some_and(|t| t > p.now),
        "no ACK at once"
    );
    p.client.close();
    settle(&mut p);
    let log = p.log.take().unwrap();
    let flags: Vec<&str> = log
        .lines()
        .filter_map(|l| l.split("Flags [").nth(1)?.split(']').next())
        .collect();
    assert_eq!(flags, ["F.", "F.", "."], "{log}");
    assert_eq!(p.server().state(), State::TimeWait);
    assert_eq!(p.client.state(), State::Closed);
}

/// Without a close, the FIN's ACK goes out when the delayed-ACK timer
/// fires.
#[test]
fn a_fin_in_established_is_acked_after_the_delayed_ack_timeout() {
    let mut p = Pair::v4();
    p.handshake();
    p.server().shutdown_write();
    p.run_until(100, |p| p.client.state() == State::CloseWait);
    let fin_at = p.now;
    settle(&mut p);
    assert_eq!(p.server().state(), State::FinWait2);
    assert!(
        p.now >= fin_at + DELACK,
        "acked at {} (FIN at {fin_at})",
        p.now
    );
}

#[test]
fn simultaneous_close() {
    let mut p = Pair::v4();
    p.net.latency = Duration::from_millis(1);
    p.handshake();
    p.client.close();
    p.server().close();
    p.run_until(100, |p| {
        p.client.state() != State::FinWait1 || p.wire.is_empty()
    });
    settle(&mut p);
    assert_eq!(p.client.state(), State::TimeWait);
    assert_eq!(p.server().state(), State::TimeWait);
    p.run_to(p.now + TIMEWAIT_LEN);
    assert_eq!(p.client.state(), State::Closed);
    assert_eq!(p.server().state(), State::Closed);
}

#[test]
fn close_with_unread_data_resets() {
    let mut p = Pair::v4();
    p.log = Some(String::new());
    p.handshake();
    assert_eq!(p.client.send(b"unread"), Ok(6));
    settle(&mut p);
    assert_eq!(p.server().recv_queue(), 6);
    p.server().close();
    assert_eq!(p.server().state(), State::Closed);
    settle(&mut p);
    let log = p.log.take().unwrap();
    assert!(
        log.lines()
            .last()
            .unwrap()
            .contains("127.0.0.1.8000 > 127.0.0.1.40000: Flags [R.]"),
        "{log}"
    );
    assert_eq!(p.client.state(), State::Closed);
    assert_eq!(p.client.recv(&mut [0; 8]), Err(Errno::ECONNRESET));
    assert_eq!(p.client.recv(&mut [0; 8]), Ok(0));
    assert_eq!(p.client.send(b"x"), Err(Errno::EPIPE));
}

#[test]
fn abort_resets_peer() {
    let mut p = Pair::v4();
    p.handshake();
    p.client.abort();
    settle(&mut p);
    assert_eq!(p.server().state(), State::Closed);
    assert_eq!(p.server().take_error(), Some(Errno::ECONNRESET));
}

#[test]
fn orphan_receiving_data_resets() {
    let mut p = Pair::v4();
    p.handshake();
    p.client.close();
    settle(&mut p);
    assert_eq!(p.client.state(), State::FinWait2);
    assert_eq!(p.server().send(b"too late"), Ok(8));
    settle(&mut p);
    assert_eq!(p.client.state(), State::Closed);
    assert_eq!(p.server().state(), State::Closed);
    // Linux's tcp_reset: a RST in CLOSE-WAIT reports EPIPE.
    assert_eq!(p.server().take_error(), Some(Errno::EPIPE));
}

#[test]
fn fin_wait_2_orphan_times_out() {
    let mut p = Pair::v4();
    p.handshake();
    p.client.close();
    settle(&mut p);
    assert_eq!(p.client.state(), State::FinWait2);
    let t = p.now;
    p.run_to(t + Duration::from_secs(60));
    assert_eq!(p.client.state(), State::Closed);
    assert_eq!(p.server().state(), State::CloseWait);
}

#[test]
fn zero_window_then_reopen() {
    let mut p = Pair::v4();
    p.handshake();
    let data = pattern(300_000, 1);
    let mut sent = 0;
    p.run_until(10_000, |p| {
        if let Ok(n) = p.client.send(&data[sent..]) {
            sent += n;
        }
        sent == data.len() && p.wire.is_empty() && p.client.snd_wnd == 0
    });
    let queued = p.server().recv_queue();
    assert!((60_000..=70_000).contains(&queued), "{queued}");
    // The sender probes with backoff while the window is shut.
    let probes_from = p.client.stats().segs_out;
    p.run_to(p.now + Duration::from_secs(3));
    assert!(p.client.stats().segs_out > probes_from);
    assert_eq!(p.client.state(), State::Established);
    let mut got = Vec::new();
    p.run_until(10_000, |p| {
        got.extend(drain(p.server()).0);
        got.len() == data.len()
    });
    assert!(got == data);
}

#[test]
fn ten_megabytes_through_loss_and_reordering() {
    let cfg = TcpConfig {
        mtu: 1500,
        ..TcpConfig::default()
    };
    let mut p = Pair::new(cfg.clone(), Some(cfg), "127.0.0.1:40000", "127.0.0.1:8000");
    p.net = Net {
        latency: Duration::from_micros(200),
        loss_ppm: 50_000,
        reorder_ppm: 50_000,
        reorder_max: Duration::from_millis(3),
        blackhole: false,
    };
    p.net_rng = Rng::new(2024);
    // The handshake itself may lose segments: SYN retries cover it.
    p.connect();
    p.run_until(10_000, |p| {
        p.client.state() == State::Established
            && p.server
                .as_ref()
                .is_some_and(|s| s.state() == State::Established)
    });
    transfer(&mut p, 10_000_000, 1_000_000, 5_000_000);
    p.client.close();
    p.server().close();
    p.run_until(1_000_000, |p| {
        matches!(p.client.state(), State::TimeWait | State::Closed)
            && matches!(p.server().state(), State::TimeWait | State::Closed)
    });
    let (c, s) = (p.client.stats(), p.server().stats());
    assert!(p.dropped > 100, "{}", p.dropped);
    assert!(c.retrans > 0 && s.ofo_queued > 0, "{c:?} {s:?}");
    assert!(c.fast_retrans > 0, "{c:?}");
}

#[test]
fn simultaneous_open() {
    let cfg = TcpConfig::default();
    let a_addr = addr("127.0.0.1:5000");
    let b_addr = addr("127.0.0.1:5001");
    let mut rng = Rng::new(3);
    let mut a = TcpSocket::new(cfg.clone());
    let mut b = TcpSocket::new(cfg);
    a.connect(Instant::ZERO, a_addr, b_addr, &mut rng).unwrap();
    b.connect(Instant::ZERO, b_addr, a_addr, &mut rng).unwrap();
    for _ in 0..10 {
        let mut to_b = Vec::new();
        let mut to_a = Vec::new();
        a.dispatch(Instant::ZERO, |ip, r| -> Result<(), ()> {
            to_b.push(Pair::serialize(&mut Vec::new(), ip, r));
            Ok(())
        })
        .unwrap();
        b.dispatch(Instant::ZERO, |ip, r| -> Result<(), ()> {
            to_a.push(Pair::serialize(&mut Vec::new(), ip, r));
            Ok(())
        })
        .unwrap();
        for bytes in &to_b {
            let repr = TcpRepr::parse(&Packet::new_checked(&bytes[..]).unwrap()).unwrap();
            assert!(b.process(Instant::ZERO, &repr).is_none());
        }
        for bytes in &to_a {
            let repr = TcpRepr::parse(&Packet::new_checked(&bytes[..]).unwrap()).unwrap();
            assert!(a.process(Instant::ZERO, &repr).is_none());
        }
    }
    assert_eq!(a.state(), State::Established);
    assert_eq!(b.state(), State::Established);
}

#[test]
fn options_vector_is_reused() {
    let mut p = Pair::v4();
    p.handshake();
    let before = p.client.opt_scratch.capacity();
    assert!(before >= 5);
    transfer(&mut p, 100_000, 0, 1000);
    assert_eq!(p.client.opt_scratch.capacity(), before);
}

/// A seeded simulation, snapshotted as tcpdump-like lines: handshake, a
/// request, a lost response segment recovered by timeout, close.
#[test]
fn snapshot_seeded_simulation() {
    let cfg = TcpConfig {
        mtu: 1500,
        ..TcpConfig::default()
    };
    let mut p = Pair::new(cfg.clone(), Some(cfg), "127.0.0.1:40000", "127.0.0.1:8000");
    p.net.latency = Duration::from_micros(100);
    p.log = Some(String::new());
    p.handshake();
    assert_eq!(p.client.send(b"GET / HTTP/1.1\r\n\r\n"), Ok(18));
    p.run_until(100, |p| p.server().recv_queue() == 18);
    drain(p.server());
    // Lose the first response segment: SACKed duplicate ACKs, then a fast
    // retransmit.
    assert_eq!(p.server().send(&[b'x'; 8000]), Ok(8000));
    p.drop_next_data_to_client = true;
    p.run_until(10_000, |p| p.client.recv_queue() == 8000);
    drain(&mut p.client);
    // The client takes the FIN in ESTABLISHED: CLOSE-WAIT, and its ACK
    // waits for the delayed-ACK timer (Linux's tcp_fin enters pingpong
    // mode), which fires as the application has not closed yet.
    p.server().close();
    settle(&mut p);
    p.client.close();
    settle(&mut p);
    assert_eq!(p.server().state(), State::TimeWait);
    let log = p.log.take().unwrap();
    let expected = "\
    0.000 127.0.0.1.40000 > 127.0.0.1.8000: Flags [S], seq 3793455073, win 64240, options [mss 1460,sackOK,TS val 3673672873 ecr 0,nop,wscale 7], length 0
    0.100 127.0.0.1.8000 > 127.0.0.1.40000: Flags [S.], seq 1657010662, ack 3793455074, win 65160, options [mss 1460,sackOK,TS val 1055668864 ecr 3673672873,nop,wscale 7], length 0
    0.200 127.0.0.1.40000 > 127.0.0.1.8000: Flags [.], ack 1657010663, win 512, options [nop,nop,TS val 3673672873 ecr 1055668864], length 0
    0.300 127.0.0.1.40000 > 127.0.0.1.8000: Flags [P.], seq 3793455074:3793455092, ack 1657010663, win 512, options [nop,nop,TS val 3673672873 ecr 1055668864], length 18
    0.400 127.0.0.1.8000 > 127.0.0.1.40000: Flags [.], ack 3793455092, win 511, options [nop,nop,TS val 1055668864 ecr 3673672873], length 0
    0.400 127.0.0.1.8000 > 127.0.0.1.40000: Flags [.], seq 1657010663:1657012111, ack 3793455092, win 512, options [nop,nop,TS val 1055668864 ecr 3673672873], length 1448
    0.400 127.0.0.1.8000 > 127.0.0.1.40000: Flags [.], seq 1657012111:1657013559, ack 3793455092, win 512, options [nop,nop,TS val 1055668864 ecr 3673672873], length 1448
    0.400 127.0.0.1.8000 > 127.0.0.1.40000: Flags [.], seq 1657013559:1657015007, ack 3793455092, win 512, options [nop,nop,TS val 1055668864 ecr 3673672873], length 1448
    0.400 127.0.0.1.8000 > 127.0.0.1.40000: Flags [.], seq 1657015007:1657016455, ack 3793455092, win 512, options [nop,nop,TS val 1055668864 ecr 3673672873], length 1448
    0.400 127.0.0.1.8000 > 127.0.0.1.40000: Flags [.], seq 1657016455:1657017903, ack 3793455092, win 512, options [nop,nop,TS val 1055668864 ecr 3673672873], length 1448
    0.400 127.0.0.1.8000 > 127.0.0.1.40000: Flags [P.], seq 1657017903:1657018663, ack 3793455092, win 512, options [nop,nop,TS val 1055668864 ecr 3673672873], length 760
    0.500 127.0.0.1.40000 > 127.0.0.1.8000: Flags [.], ack 1657010663, win 512, options [nop,nop,TS val 3673672873 ecr 1055668864,nop,nop,sack 1 {1657012111:1657013559}], length 0
    0.500 127.0.0.1.40000 > 127.0.0.1.8000: Flags [.], ack 1657010663, win 512, options [nop,nop,TS val 3673672873 ecr 1055668864,nop,nop,sack 1 {1657012111:1657015007}], length 0
    0.500 127.0.0.1.40000 > 127.0.0.1.8000: Flags [.], ack 1657010663, win 512, options [nop,nop,TS val 3673672873 ecr 1055668864,nop,nop,sack 1 {1657012111:1657016455}], length 0
    0.500 127.0.0.1.40000 > 127.0.0.1.8000: Flags [.], ack 1657010663, win 512, options [nop,nop,TS val 3673672873 ecr 1055668864,nop,nop,sack 1 {1657012111:1657017903}], length 0
    0.500 127.0.0.1.40000 > 127.0.0.1.8000: Flags [.], ack 1657010663, win 512, options [nop,nop,TS val 3673672873 ecr 1055668864,nop,nop,sack 1 {1657012111:1657018663}], length 0
    0.600 127.0.0.1.8000 > 127.0.0.1.40000: Flags [.], seq 1657010663:1657012111, ack 3793455092, win 512, options [nop,nop,TS val 1055668864 ecr 3673672873], length 1448
    0.700 127.0.0.1.40000 > 127.0.0.1.8000: Flags [.], ack 1657018663, win 450, options [nop,nop,TS val 3673672873 ecr 1055668864], length 0
    0.700 127.0.0.1.8000 > 127.0.0.1.40000: Flags [F.], seq 1657018663, ack 3793455092, win 512, options [nop,nop,TS val 1055668864 ecr 3673672873], length 0
   40.800 127.0.0.1.40000 > 127.0.0.1.8000: Flags [.], ack 1657018664, win 512, options [nop,nop,TS val 3673672913 ecr 1055668864], length 0
   40.900 127.0.0.1.40000 > 127.0.0.1.8000: Flags [F.], seq 3793455092, ack 1657018664, win 512, options [nop,nop,TS val 3673672913 ecr 1055668864], length 0
   41.000 127.0.0.1.8000 > 127.0.0.1.40000: Flags [.], ack 3793455093, win 512, options [nop,nop,TS val 1055668905 ecr 3673672913], length 0
";
    let trimmed = |s: &str| s.lines().map(str::trim).collect::<Vec<_>>().join("\n");
    assert_eq!(trimmed(&log), trimmed(expected), "\n{log}");
}

#[test]
fn garbage_segments_never_panic() {
    let mut p = Pair::v4();
    p.handshake();
    let mut rng = Rng::new(5);
    let payload = [7u8; 100];
    for i in 0..20_000u32 {
        let flags = TcpFlags((rng.next_u32() & 0x3f) as u16);
        let base = p.server().rcv_nxt;
        let seq = if i % 2 == 0 {
            base + (rng.next_u32() % 200_000) as usize - 100_000
        } else {
            SeqNumber(rng.next_u32())
        };
        let una = p.server().snd_una;
        let ack = match rng.next_u32() % 3 {
            0 => None,
            1 => Some(una + (rng.next_u32() % 10) as usize),
            _ => Some(SeqNumber(rng.next_u32())),
        };
        let opts = if rng.next_u32().is_multiple_of(2) {
            TcpOption::linux_data(rng.next_u32(), rng.next_u32())
        } else {
            TcpOption::linux_syn(rng.next_u16(), 1, 2, (rng.next_u32() % 20) as u8)
        };
        let repr = TcpRepr {
            src_port: 40000,
            dst_port: 8000,
            seq_number: seq,
            ack_number: ack,
            flags,
            window_len: rng.next_u16(),
            urgent_at: 0,
            options: opts,
            payload: &payload[..(rng.next_u32() % 101) as usize],
        };
        let now = p.now;
        let _ = p.server().process(now, &repr);
        let _ = p
            .server()
            .dispatch(now, |_, _| -> Result<(), ()> { Ok(()) });
        let _ = p.server().recv(&mut [0; 64]);
        p.now += Duration::from_millis(u64::from(rng.next_u32() % 50));
    }
}

/// `cargo test -p lolab-core --release socket::tcp::tests::throughput -- --ignored --nocapture`
#[test]
#[ignore]
fn throughput() {
    throughput_with(TcpConfig::default());
    throughput_with(TcpConfig {
        mtu: 1500,
        ..TcpConfig::default()
    });
}

fn throughput_with(cfg: TcpConfig) {
    extern crate std;
    let mut p = Pair::new(cfg.clone(), Some(cfg), "127.0.0.1:40000", "127.0.0.1:8000");
    p.handshake();
    let total = 256usize << 20;
    let chunk = pattern(1 << 20, 3);
    let mut buf = vec![0u8; 1 << 20];
    let (mut sent, mut got) = (0usize, 0usize);
    let start = std::time::Instant::now();
    p.run_until(10_000_000, |p| {
        while sent < total {
            let off = sent % chunk.len();
            match p.client.send(&chunk[off..]) {
                Ok(n) => sent += n,
                Err(_) => break,
            }
        }
        while let Ok(n) = p.server().recv(&mut buf) {
            let off = got % chunk.len();
            let m = n.min(chunk.len() - off);
            assert!(buf[..m] == chunk[off..off + m]);
            got += n;
        }
        got == total
    });
    let secs = start.elapsed().as_secs_f64();
    std::println!(
        "mss {}: 256 MiB through a Pair in {secs:.3} s = {:.0} MB/s ({} segments)",
        p.client.mss(),
        total as f64 / secs / 1e6,
        p.delivered
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod prop {
    use super::*;
    use proptest::prelude::*;

    /// (flags, seq offset from RCV.NXT, ack offset from SND.UNA or None,
    /// window, payload length, with timestamps)
    type Seg = (u16, i32, Option<i16>, u16, usize, bool);

    fn arb_seg() -> impl Strategy<Value = Seg> {
        (
            0u16..0x40,
            -70_000i32..70_000,
            proptest::option::of(-5i16..5),
            any::<u16>(),
            0usize..2000,
            any::<bool>(),
        )
    }

    static PAYLOAD: [u8; 2000] = [0x42; 2000];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Any sequence of segments against an established connection:
        /// no panic, and the socket keeps its invariants.
        #[test]
        fn any_segments_keep_invariants(segs in proptest::collection::vec(arb_seg(), 1..60)) {
            let mut p = Pair::v4();
            p.handshake();
            let _ = p.client.send(&[1u8; 5000]);
            while p.step() {}
            for (flags, seq_off, ack_off, win, len, ts) in segs {
                let now = p.now;
                let s = p.server();
                let seq = s.rcv_nxt + 0usize;
                let seq = SeqNumber(seq.0.wrapping_add(seq_off as u32));
                let ack = ack_off.map(|o| SeqNumber(s.snd_una.0.wrapping_add(o as u32)));
                let repr = TcpRepr {
                    src_port: 40000,
                    dst_port: 8000,
                    seq_number: seq,
                    ack_number: ack,
                    flags: TcpFlags(flags),
                    window_len: win,
                    urgent_at: 0,
                    options: if ts { TcpOption::linux_data(1, 2) } else { Vec::new() },
                    payload: &PAYLOAD[..len],
                };
                let _ = s.process(now, &repr);
                let _ = s.dispatch(now, |_, r| -> Result<(), ()> {
                    assert!(r.payload.len() <= 65483);
                    Ok(())
                });
                let _ = s.recv(&mut [0; 512]);
                prop_assert!(s.snd_una.diff(s.snd_max) <= 0);
                prop_assert!(s.snd_nxt.diff(s.snd_max) <= 0);
                prop_assert!(s.snd_una.diff(s.snd_nxt) <= 0);
                prop_assert!(s.send_queue() <= s.config.wmem_max);
                p.now += Duration::from_millis(7);
            }
        }
    }
}
