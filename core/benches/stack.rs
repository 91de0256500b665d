//! The performance report of the simulated stack (`cargo bench -p lolab-core`).
//!
//! One run prints every figure of docs/PERFORMANCE.md on the same machine:
//! TCP bulk transfer over `lo` (ours, smoltcp's `phy::Loopback`, memcpy as the
//! ceiling), ICMP echo round trips (IPv4 and IPv6), TCP connections per
//! second, the transfer again with trace and capture on, and peak memory of a
//! ping flood and of a one-hour soak in virtual time, and the packets per wall
//! second of flood command lines run to their end (`ping -f`, `hping3 --flood`).
//!
//! Arguments (after `--`): section names to run only those (`tcp`, `smoltcp`,
//! `memcpy`, `ping`, `conn`, `trace`, `flood`, `lines`, `soak`), and `--quick` for
//! small sizes (a smoke run, or under callgrind). `LOLAB_BENCH_MIB` sets the
//! transfer size (default 256).
//!
//! Timings are wall-clock (`std::time::Instant`, which works on wasm32-wasip1
//! too); nothing here asserts a timing.

// The counting global allocator is the only unsafe code: it forwards to the
// system allocator and keeps two counters.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant as WallInstant;

use lolab_core::net::{HOST_NS, Network, SockType, SocketId};
use lolab_core::socket::bind::Family;
use lolab_core::socket::tcp::State;
use lolab_core::time::{Duration, Instant};

// ---------------------------------------------------------------- memory

/// Counts live heap bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grow(n: usize) {
    let live = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call forwards to `System` with the caller's arguments; the
// counters do not affect the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grow(new_size);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Starts a peak measurement: returns the live bytes now.
fn mem_mark() -> usize {
    let live = LIVE.load(Ordering::Relaxed);
    PEAK.store(live, Ordering::Relaxed);
    live
}

/// The peak above `base` since [`mem_mark`].
fn mem_peak_since(base: usize) -> usize {
    PEAK.load(Ordering::Relaxed).saturating_sub(base)
}

fn live_since(base: usize) -> isize {
    LIVE.load(Ordering::Relaxed) as isize - base as isize
}

// ---------------------------------------------------------------- report

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1u64 << 20) as f64
}

fn rate(bytes: usize, secs: f64) -> String {
    let b = bytes as f64 / secs;
    if b >= 1e9 {
        format!("{:.2} GB/s", b / 1e9)
    } else {
        format!("{:.1} MB/s", b / 1e6)
    }
}

/// One figure: printed as `name = value` lines that scripts/bench.sh greps.
fn figure(key: &str, value: f64, text: &str) {
    println!("  {text}");
    println!("    [{key} = {value:.6}]");
}

/// Runs `f` `reps` times and keeps the fastest run (the least disturbed
/// by other work on the machine).
fn best_of<T>(reps: usize, mut f: impl FnMut() -> T, secs: impl Fn(&T) -> f64) -> T {
    let mut best = f();
    for _ in 1..reps {
        let t = f();
        if secs(&t) < secs(&best) {
            best = t;
        }
    }
    best
}

struct Opts {
    quick: bool,
    reps: usize,
    only: Vec<String>,
    bytes: usize,
}

impl Opts {
    fn parse() -> Opts {
        let mut quick = false;
        let mut only = Vec::new();
        for a in std::env::args().skip(1) {
            match a.as_str() {
                "--quick" => quick = true,
                s if s.starts_with('-') => {} // --bench and friends from cargo
                s => only.push(s.to_string()),
            }
        }
        let mib: usize = std::env::var("LOLAB_BENCH_MIB")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(if quick { 8 } else { 256 });
        let reps = std::env::var("LOLAB_BENCH_REPS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(3)
            .max(1);
        Opts {
            quick,
            reps,
            only,
            bytes: mib << 20,
        }
    }

    fn wants(&self, section: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|o| o == section)
    }
}

// ---------------------------------------------------------------- our stack

fn sa(s: &str) -> SocketAddr {
    s.parse().expect("a socket address")
}

/// Runs the network until `done` holds (or `limit` of virtual time passes:
/// then false).
fn drive(net: &mut Network, limit: Duration, mut done: impl FnMut(&mut Network) -> bool) -> bool {
    let end = net.now() + limit;
    loop {
        if done(net) {
            return true;
        }
        match net.poll_at() {
            Some(t) if t <= end => net.poll(t),
            _ => {
                net.poll(end);
                return done(net);
            }
        }
    }
}

fn listener(net: &mut Network, family: Family, addr: &str) -> SocketId {
    let s = net
        .socket(HOST_NS, family, SockType::Stream, 0)
        .expect("socket");
    net.bind(HOST_NS, s, sa(addr)).expect("bind");
    net.listen(HOST_NS, s, 4096).expect("listen");
    s
}

/// connect + accept; returns (client, server).
fn connect_pair(net: &mut Network, l: SocketId, to: &str) -> (SocketId, SocketId) {
    let c = net
        .socket(HOST_NS, Family::Inet, SockType::Stream, 0)
        .expect("socket");
    net.tcp_connect(HOST_NS, c, sa(to)).expect("connect");
    let mut s = None;
    let ok = drive(net, Duration::from_secs(5), |n| {
        if s.is_none() {
            s = n.accept(HOST_NS, l).expect("accept").map(|(s, _)| s);
        }
        s.is_some() && n.tcp_state(HOST_NS, c) == Some(State::Established)
    });
    assert!(ok, "the connection is established");
    (c, s.expect("accepted"))
}

/// The bytes the sender sends, cycled: a 1 MiB pattern.
fn pattern() -> Vec<u8> {
    (0..1u32 << 20)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect()
}

/// Checks `got` is the pattern at stream offset `at`.
fn check(pat: &[u8], at: usize, got: &[u8]) -> bool {
    let mut off = at % pat.len();
    let mut rest = got;
    while !rest.is_empty() {
        let n = rest.len().min(pat.len() - off);
        if pat[off..off + n] != rest[..n] {
            return false;
        }
        rest = &rest[n..];
        off = 0;
    }
    true
}

struct Transfer {
    secs: f64,
    virtual_us: u64,
    peak: usize,
    trace_events: usize,
    capture_frames: usize,
}

/// `total` bytes from a client to a server over 127.0.0.1, one connection.
fn our_transfer(total: usize, trace: bool) -> Transfer {
    let mut net = Network::debian_lab(42);
    net.trace.set_enabled(trace);
    net.capture.set_enabled(trace);
    let l = listener(&mut net, Family::Inet, "127.0.0.1:7000");
    let (c, s) = connect_pair(&mut net, l, "127.0.0.1:7000");
    let pat = pattern();
    let mut buf = vec![0u8; 1 << 16];
    let (mut sent, mut got) = (0usize, 0usize);
    let mut ok = true;
    let v0 = net.now();
    let base = mem_mark();
    let t0 = WallInstant::now();
    let done = drive(&mut net, Duration::from_secs(3600), |n| {
        if sent < total {
            let off = sent % pat.len();
            let want = (total - sent).min(pat.len() - off);
            if let Ok(k) = n.tcp_send(HOST_NS, c, &pat[off..off + want]) {
                sent += k;
            }
        }
        while let Ok(k) = n.tcp_recv(HOST_NS, s, &mut buf) {
            if k == 0 {
                break;
            }
            ok &= check(&pat, got, &buf[..k]);
            got += k;
        }
        got >= total
    });
    let secs = t0.elapsed().as_secs_f64();
    let peak = mem_peak_since(base);
    assert!(done && ok && got == total, "every byte arrives, in order");
    Transfer {
        secs,
        virtual_us: (net.now() - v0).micros(),
        peak,
        trace_events: net.trace.events().count(),
        capture_frames: net.capture.frames().count(),
    }
}

// ---------------------------------------------------------------- smoltcp

fn smoltcp_transfer(total: usize) -> (f64, u64) {
    use smoltcp::iface::{Config, Interface, SocketSet};
    use smoltcp::phy::{Loopback, Medium};
    use smoltcp::socket::tcp;
    use smoltcp::time::{Duration as SDuration, Instant as SInstant};
    use smoltcp::wire::{HardwareAddress, IpAddress, IpCidr};

    let mut device = Loopback::new(Medium::Ip);
    let mut config = Config::new(HardwareAddress::Ip);
    config.random_seed = 42;
    let mut now = SInstant::from_millis(0);
    let mut iface = Interface::new(config, &mut device, now);
    iface.update_ip_addrs(|addrs| {
        addrs
            .push(IpCidr::new(IpAddress::v4(127, 0, 0, 1), 8))
            .expect("an address");
    });
    let buffers = || {
        tcp::Socket::new(
            tcp::SocketBuffer::new(vec![0; 4 << 20]),
            tcp::SocketBuffer::new(vec![0; 4 << 20]),
        )
    };
    let mut sockets = SocketSet::new(vec![]);
    let server = sockets.add(buffers());
    let client = sockets.add(buffers());
    sockets
        .get_mut::<tcp::Socket>(server)
        .listen(7000)
        .expect("listen");
    sockets
        .get_mut::<tcp::Socket>(client)
        .connect(iface.context(), (IpAddress::v4(127, 0, 0, 1), 7000), 40000)
        .expect("connect");

    let pat = pattern();
    let mut buf = vec![0u8; 1 << 16];
    let (mut sent, mut got) = (0usize, 0usize);
    let mut ok = true;
    let t0 = WallInstant::now();
    let start = now;
    while got < total {
        iface.poll(now, &mut device, &mut sockets);
        let c = sockets.get_mut::<tcp::Socket>(client);
        if c.can_send() && sent < total {
            let off = sent % pat.len();
            let want = (total - sent).min(pat.len() - off);
            sent += c.send_slice(&pat[off..off + want]).expect("send");
        }
        let s = sockets.get_mut::<tcp::Socket>(server);
        while s.can_recv() {
            let k = s.recv_slice(&mut buf).expect("recv");
            if k == 0 {
                break;
            }
            ok &= check(&pat, got, &buf[..k]);
            got += k;
        }
        match iface.poll_delay(now, &sockets) {
            Some(d) if d == SDuration::ZERO => {}
            Some(d) => now += d,
            None => now += SDuration::from_millis(1),
        }
        assert!(
            (now - start) < SDuration::from_secs(3600),
            "smoltcp transfer stalled"
        );
    }
    let secs = t0.elapsed().as_secs_f64();
    assert!(ok && got == total, "smoltcp delivers every byte in order");
    (secs, (now - start).total_micros())
}

// ---------------------------------------------------------------- memcpy

fn memcpy(total: usize) -> f64 {
    let src = vec![0x5au8; total];
    let mut dst = vec![0u8; total];
    // Touch both once so page faults are not part of the copy.
    dst.copy_from_slice(&src);
    let rounds = 4;
    let t0 = WallInstant::now();
    for i in 0..rounds {
        dst.copy_from_slice(black_box(&src));
        black_box(&mut dst)[i] ^= 1;
    }
    t0.elapsed().as_secs_f64() / rounds as f64
}

// ---------------------------------------------------------------- ping

/// Echo round trips through the full path; returns (round trips/s, peak bytes).
/// Each family and trace setting runs in its own function so callgrind can
/// tell them apart (`--toggle-collect=stack::ping_v6_traced` etc.).
fn ping_rate(family: Family, dst: &str, count: u32, trace: bool) -> (f64, usize) {
    match (family, trace) {
        (Family::Inet6, true) => ping_v6_traced(dst, count),
        (Family::Inet6, false) => ping_v6_untraced(dst, count),
        (_, true) => ping_v4_traced(dst, count),
        (_, false) => ping_v4_untraced(dst, count),
    }
}

#[inline(never)]
fn ping_v4_traced(dst: &str, count: u32) -> (f64, usize) {
    ping_run(Family::Inet, dst, count, true)
}

#[inline(never)]
fn ping_v4_untraced(dst: &str, count: u32) -> (f64, usize) {
    ping_run(Family::Inet, dst, count, false)
}

#[inline(never)]
fn ping_v6_traced(dst: &str, count: u32) -> (f64, usize) {
    ping_run(Family::Inet6, dst, count, true)
}

#[inline(never)]
fn ping_v6_untraced(dst: &str, count: u32) -> (f64, usize) {
    ping_run(Family::Inet6, dst, count, false)
}

fn ping_run(family: Family, dst: &str, count: u32, trace: bool) -> (f64, usize) {
    let mut net = Network::debian_lab(7);
    net.trace.set_enabled(trace);
    net.capture.set_enabled(trace);
    let sid = net
        .socket(HOST_NS, family, SockType::Ping, 0)
        .expect("ping socket");
    let dst: std::net::IpAddr = dst.parse().expect("an address");
    let payload = [0xa5u8; 56];
    let base = mem_mark();
    let t0 = WallInstant::now();
    for i in 0..count {
        let seq = (i % 65536) as u16;
        net.send_echo(HOST_NS, sid, dst, seq, &payload)
            .expect("send_echo");
        while let Some(t) = net.poll_at() {
            net.poll(t);
        }
        let reply = net
            .recv(HOST_NS, sid)
            .expect("recv")
            .expect("an echo reply");
        assert_eq!(reply.seq, seq);
    }
    let secs = t0.elapsed().as_secs_f64();
    (f64::from(count) / secs, mem_peak_since(base))
}

// ---------------------------------------------------------------- connections

/// One short exchange: connect, accept, request, response, server closes,
/// client reads EOF and closes. Returns false if it did not complete.
fn exchange(net: &mut Network, l: SocketId) -> bool {
    let (c, s) = connect_pair(net, l, "127.0.0.1:8080");
    let mut buf = [0u8; 256];
    if net.tcp_send(HOST_NS, c, b"GET / HTTP/1.0\r\n\r\n") != Ok(18) {
        return false;
    }
    let mut req = 0;
    let ok = drive(net, Duration::from_secs(5), |n| {
        if let Ok(k) = n.tcp_recv(HOST_NS, s, &mut buf) {
            req += k;
        }
        req == 18
    });
    if !ok {
        return false;
    }
    let reply = b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok";
    if net.tcp_send(HOST_NS, s, reply) != Ok(reply.len()) {
        return false;
    }
    net.close(HOST_NS, s);
    let mut got = 0;
    let mut eof = false;
    let ok = drive(net, Duration::from_secs(5), |n| {
        match n.tcp_recv(HOST_NS, c, &mut buf) {
            Ok(0) => eof = true,
            Ok(k) => got += k,
            Err(_) => {}
        }
        eof
    });
    net.close(HOST_NS, c);
    ok && got == reply.len()
}

/// Connections per second, back to back. Every `batch` connections the
/// clock jumps 61 s so the TIME-WAIT sockets expire (inside the timing).
fn conn_rate(count: u32) -> (f64, usize) {
    let mut net = Network::debian_lab(11);
    net.trace.set_enabled(false);
    net.capture.set_enabled(false);
    let l = listener(&mut net, Family::Inet, "127.0.0.1:8080");
    let batch = 1000;
    let base = mem_mark();
    let t0 = WallInstant::now();
    for i in 0..count {
        assert!(exchange(&mut net, l), "connection {i} completes");
        if (i + 1) % batch == 0 {
            let t = net.now() + Duration::from_secs(61);
            net.poll(t);
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    (f64::from(count) / secs, mem_peak_since(base))
}

/// A server and a client exchanging a small request and response every
/// 100 ms of virtual time for `virtual_secs`, trace and capture on (the
/// defaults). Returns (wall seconds, connections, peak bytes, bytes still
/// held at the end, sockets at the end).
fn soak(virtual_secs: u64) -> (f64, u32, usize, isize, usize) {
    let base = mem_mark();
    let mut net = Network::debian_lab(13);
    let l = listener(&mut net, Family::Inet, "127.0.0.1:8080");
    let t0 = WallInstant::now();
    let end = Instant::ZERO + Duration::from_secs(virtual_secs);
    let mut conns = 0;
    let mut next = net.now();
    while next < end {
        let at = next;
        let wait = at - net.now().min(at);
        drive(&mut net, wait, |n| n.now() >= at);
        assert!(exchange(&mut net, l), "soak connection {conns} completes");
        conns += 1;
        next = at + Duration::from_millis(100);
    }
    let secs = t0.elapsed().as_secs_f64();
    let sockets = net.socket_ids(HOST_NS).len();
    let peak = mem_peak_since(base);
    let held = live_since(base);
    drop(net);
    (secs, conns, peak, held, sockets)
}

// ---------------------------------------------------------------- lines

/// Runs a flood `line` to its end in a fresh lab (the work budget stops
/// it) and returns the packets it sent (the first number before
/// "packets transmitted" in its statistics), the wall seconds, the line's
/// work and the virtual seconds it reached.
fn flood_line(line: &str) -> (u64, f64, u64, f64) {
    let mut lab = lolab_core::Lab::new(lolab_core::LabConfig::default());
    let t0 = WallInstant::now();
    let r = lab.run(line);
    let secs = t0.elapsed().as_secs_f64();
    let text = format!("{}{}", r.stdout(), r.stderr());
    let sent = text
        .lines()
        .find_map(|l| l.split_once(" packets transmitted"))
        .and_then(|(n, _)| n.trim().parse().ok())
        .unwrap_or(0);
    let virtual_secs = lab.now().micros() as f64 / 1e6;
    (sent, secs, lab.line_work(), virtual_secs)
}

// ---------------------------------------------------------------- main

fn main() {
    let o = Opts::parse();
    let target = if cfg!(target_arch = "wasm32") {
        "wasm32"
    } else {
        "native"
    };
    println!(
        "Loopback Lab stack benchmarks ({target}, {} MiB transfers, best of {} runs each)",
        o.bytes >> 20,
        o.reps
    );

    let mut ours_off = None;
    if o.wants("tcp") || o.wants("smoltcp") {
        println!("\nTCP bulk transfer over lo, one connection, trace and capture off");
        // Ours and smoltcp alternate, so both see the same load on the machine;
        // each keeps its fastest run, and the ratio is also taken run by run.
        let mut ours: Option<Transfer> = None;
        let mut smol: Option<(f64, u64)> = None;
        let mut pairs = Vec::new();
        for _ in 0..o.reps {
            let a = o.wants("tcp").then(|| our_transfer(o.bytes, false));
            let b = o.wants("smoltcp").then(|| smoltcp_transfer(o.bytes));
            if let (Some(a), Some(b)) = (&a, &b) {
                pairs.push(b.0 / a.secs);
            }
            if let Some(a) = a
                && ours.as_ref().is_none_or(|o| a.secs < o.secs)
            {
                ours = Some(a);
            }
            if let Some(b) = b
                && smol.is_none_or(|s| b.0 < s.0)
            {
                smol = Some(b);
            }
        }
        if let Some(t) = &ours {
            figure(
                "tcp_bytes_per_sec",
                o.bytes as f64 / t.secs,
                &format!(
                    "ours:    {} MiB in {:.3} s = {} ({:.1} ms virtual, peak heap {:.1} MiB)",
                    o.bytes >> 20,
                    t.secs,
                    rate(o.bytes, t.secs),
                    t.virtual_us as f64 / 1000.0,
                    mib(t.peak)
                ),
            );
            ours_off = Some(t.secs);
        }
        if let Some((secs, virt)) = smol {
            figure(
                "smoltcp_bytes_per_sec",
                o.bytes as f64 / secs,
                &format!(
                    "smoltcp: {} MiB in {:.3} s = {} ({:.1} ms virtual; phy::Loopback, 4 MiB buffers)",
                    o.bytes >> 20,
                    secs,
                    rate(o.bytes, secs),
                    virt as f64 / 1000.0
                ),
            );
            if let Some(ours) = ours_off {
                pairs.sort_by(f64::total_cmp);
                let median = pairs.get(pairs.len() / 2).copied().unwrap_or(0.0);
                figure(
                    "ours_over_smoltcp",
                    secs / ours,
                    &format!(
                        "ours / smoltcp = {:.2} best vs best, {median:.2} median of {} back-to-back pairs (> 1: ours is faster)",
                        secs / ours,
                        pairs.len()
                    ),
                );
            }
        }
    }
    if o.wants("memcpy") {
        let secs = memcpy(o.bytes);
        figure(
            "memcpy_bytes_per_sec",
            o.bytes as f64 / secs,
            &format!(
                "memcpy:  {} MiB in {:.4} s = {} (the ceiling)",
                o.bytes >> 20,
                secs,
                rate(o.bytes, secs)
            ),
        );
        if let Some(ours) = ours_off {
            figure(
                "ours_share_of_memcpy",
                secs / ours,
                &format!("ours reach {:.1}% of memcpy bandwidth", 100.0 * secs / ours),
            );
        }
    }

    if o.wants("ping") {
        let n = if o.quick { 20_000 } else { 200_000 };
        println!("\nICMP echo round trips through the full path ({n} each, trace and capture off)");
        let (r4, _) = ping_rate(Family::Inet, "127.0.0.1", n, false);
        figure(
            "ping4_per_sec",
            r4,
            &format!("IPv4 127.0.0.1: {r4:.0} round trips/s"),
        );
        let (r6, _) = ping_rate(Family::Inet6, "::1", n, false);
        figure(
            "ping6_per_sec",
            r6,
            &format!("IPv6 ::1:       {r6:.0} round trips/s"),
        );
        println!("ICMP echo round trips with the per-layer trace and capture on");
        let (t4, _) = ping_rate(Family::Inet, "127.0.0.1", n, true);
        figure(
            "ping4_trace_per_sec",
            t4,
            &format!(
                "IPv4 127.0.0.1: {t4:.0} round trips/s (trace on / off time {:.2}x)",
                r4 / t4
            ),
        );
        let (t6, _) = ping_rate(Family::Inet6, "::1", n, true);
        figure(
            "ping6_trace_per_sec",
            t6,
            &format!(
                "IPv6 ::1:       {t6:.0} round trips/s (trace on / off time {:.2}x)",
                r6 / t6
            ),
        );
    }

    if o.wants("conn") {
        let n = if o.quick { 500 } else { 5_000 };
        println!(
            "\nTCP connections (connect, accept, request, response, close both; {n} back to back)"
        );
        let (r, peak) = conn_rate(n);
        figure(
            "conn_per_sec",
            r,
            &format!("{r:.0} connections/s (peak heap {:.1} MiB)", mib(peak)),
        );
    }

    if o.wants("trace") {
        println!("\nTCP bulk transfer with the per-layer trace and capture on (both capped)");
        let t = best_of(o.reps, || our_transfer(o.bytes, true), |t| t.secs);
        figure(
            "tcp_trace_bytes_per_sec",
            o.bytes as f64 / t.secs,
            &format!(
                "trace on: {} MiB in {:.3} s = {}; {} events and {} frames kept; peak heap {:.1} MiB",
                o.bytes >> 20,
                t.secs,
                rate(o.bytes, t.secs),
                t.trace_events,
                t.capture_frames,
                mib(t.peak)
            ),
        );
        figure(
            "tcp_trace_peak_bytes",
            t.peak as f64,
            &format!(
                "peak heap with trace and capture on: {:.1} MiB",
                mib(t.peak)
            ),
        );
        if let Some(off) = ours_off {
            figure(
                "trace_on_over_off",
                t.secs / off,
                &format!("trace-on time / trace-off time = {:.2}", t.secs / off),
            );
        }
    }

    if o.wants("flood") {
        let n = if o.quick { 50_000 } else { 1_000_000 };
        println!("\nPing flood: {n} echo round trips, trace and capture on (the defaults)");
        let t0 = WallInstant::now();
        let (r, peak) = ping_rate(Family::Inet, "127.0.0.1", n, true);
        figure(
            "flood_peak_bytes",
            peak as f64,
            &format!(
                "{n} packets in {:.2} s ({r:.0}/s); peak heap {:.1} MiB",
                t0.elapsed().as_secs_f64(),
                mib(peak)
            ),
        );
    }

    if o.wants("lines") {
        println!(
            "\nFlood lines run to their end by Lab::run (the work budget, {} units, stops them)",
            lolab_core::LINE_WORK_BUDGET
        );
        for (key, line) in [
            ("ping_f_packets_per_sec", "sudo ping -f 127.0.0.1"),
            (
                "hping3_flood_packets_per_sec",
                "sudo hping3 --flood 127.0.0.1",
            ),
            (
                "hping3_u1_packets_per_sec",
                "sudo hping3 -i u1 -q 127.0.0.1",
            ),
        ] {
            let (sent, secs, work, virt) =
                best_of(o.reps, || flood_line(line), |(_, secs, _, _)| *secs);
            figure(
                key,
                sent as f64 / secs,
                &format!(
                    "{line}: {sent} packets sent in {secs:.2} s wall = {:.0} packets/s ({work} units of work, {virt:.3} s virtual)",
                    sent as f64 / secs
                ),
            );
        }
    }

    if o.wants("soak") {
        let secs = if o.quick { 120 } else { 3600 };
        println!(
            "\nSoak: a request/response connection every 100 ms for {secs} s of virtual time (trace and capture on)"
        );
        let (wall, conns, peak, held, sockets) = soak(secs);
        figure(
            "soak_peak_bytes",
            peak as f64,
            &format!(
                "{conns} connections in {wall:.2} s wall; peak heap {:.1} MiB, {:.1} MiB held at the end, {sockets} sockets left (TIME-WAIT)",
                mib(peak),
                held as f64 / (1u64 << 20) as f64
            ),
        );
    }
}
