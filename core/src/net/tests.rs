//! Scenario tests of the whole stack in virtual time. Each rule is written
//! from what a real Linux namespace does; the real commands and outputs are
//! in the comments (and core/tests/fixtures/socket/bind_rules.*).

use alloc::vec::Vec;
use core::net::{IpAddr, SocketAddr};

use super::{HOST_NS, Network, SockType, SocketId};
use crate::errno::Errno;
use crate::socket::bind::Family;
use crate::socket::tcp::State;
use crate::time::{Duration, Instant};
use crate::trace::{DropReason, Verdict};

fn sa(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

/// Runs the network until `done` holds or `limit` of virtual time passes.
#[track_caller]
fn drive(net: &mut Network, limit: Duration, mut done: impl FnMut(&mut Network) -> bool) {
    let end = net.now() + limit;
    for _ in 0..1_000_000 {
        if done(net) {
            return;
        }
        match net.poll_at() {
            Some(t) if t <= end => net.poll(t),
            _ => {
                net.poll(end);
                assert!(done(net), "condition not reached in {} us", limit.micros());
                return;
            }
        }
    }
    panic!("too many steps");
}

fn listener(net: &mut Network, ns: u32, family: Family, addr: &str) -> SocketId {
    let s = net.socket(ns, family, SockType::Stream, 1000).unwrap();
    net.bind(ns, s, sa(addr)).unwrap();
    net.listen(ns, s, 128).unwrap();
    s
}

/// Connects and returns the connect outcome (Ok when established).
fn connect(net: &mut Network, ns: u32, family: Family, to: &str) -> (SocketId, Result<(), Errno>) {
    let c = net.socket(ns, family, SockType::Stream, 1000).unwrap();
    if let Err(e) = net.tcp_connect(ns, c, sa(to)) {
        return (c, Err(e));
    }
    let mut result = None;
    drive(net, Duration::from_secs(200), |n| {
        if let Some(e) = n.tcp_take_error(ns, c) {
            result = Some(Err(e));
        } else if n.tcp_state(ns, c) == Some(State::Established) {
            result = Some(Ok(()));
        }
        result.is_some()
    });
    (c, result.unwrap())
}

fn laptop(net: &Network) -> u32 {
    net.machine("laptop").unwrap()
}

#[test]
fn connect_to_closed_port_is_refused() {
    // Real: python3 -c "socket.create_connection(('127.0.0.1', 59999))"
    //   ConnectionRefusedError: [Errno 111] Connection refused
    let mut net = Network::debian_lab(1);
    let (_, r) = connect(&mut net, HOST_NS, Family::Inet, "127.0.0.1:59999");
    assert_eq!(r, Err(Errno::ECONNREFUSED));
    let drop = net
        .trace
        .events()
        .find(|e| e.verdict == Verdict::Drop(DropReason::NoSocket))
        .expect("the SYN's drop is traced");
    assert!(
        drop.summary.to_string().contains("answers with RST"),
        "{}",
        drop.summary
    );
}

#[test]
fn data_both_ways_and_close() {
    let mut net = Network::debian_lab(2);
    let l = listener(&mut net, HOST_NS, Family::Inet, "127.0.0.1:8000");
    let (c, r) = connect(&mut net, HOST_NS, Family::Inet, "127.0.0.1:8000");
    r.unwrap();
    let mut accepted = None;
    drive(&mut net, Duration::from_secs(1), |n| {
        accepted = n.accept(HOST_NS, l).unwrap();
        accepted.is_some()
    });
    let (s, peer) = accepted.unwrap();
    assert_eq!(peer.ip(), IpAddr::V4(core::net::Ipv4Addr::LOCALHOST));
    assert_eq!(
        net.tcp_send(HOST_NS, c, b"GET / HTTP/1.1\r\n\r\n").unwrap(),
        18
    );
    let mut buf = [0u8; 64];
    let mut got = Vec::new();
    drive(&mut net, Duration::from_secs(1), |n| {
        if let Ok(k) = n.tcp_recv(HOST_NS, s, &mut buf) {
            got.extend_from_slice(&buf[..k]);
        }
        got.len() == 18
    });
    assert_eq!(&got, b"GET / HTTP/1.1\r\n\r\n");
    net.tcp_send(HOST_NS, s, b"hello").unwrap();
    net.close(HOST_NS, s);
    let mut reply = Vec::new();
    let mut eof = false;
    drive(&mut net, Duration::from_secs(1), |n| {
        match n.tcp_recv(HOST_NS, c, &mut buf) {
            Ok(0) => eof = true,
            Ok(k) => reply.extend_from_slice(&buf[..k]),
            Err(_) => {}
        }
        eof
    });
    assert_eq!(&reply, b"hello");
    net.close(HOST_NS, c);
    // The server closed first: its side sits in TIME-WAIT for 60 s, then goes.
    drive(&mut net, Duration::from_secs(1), |n| {
        n.tcp_state(HOST_NS, s) == Some(State::TimeWait)
    });
    drive(&mut net, Duration::from_secs(61), |n| {
        n.tcp_state(HOST_NS, s).is_none()
    });
}

#[test]
fn listener_on_127_0_0_1_is_not_reached_through_127_0_0_2() {
    let mut net = Network::debian_lab(3);
    listener(&mut net, HOST_NS, Family::Inet, "127.0.0.1:8000");
    assert_eq!(
        connect(&mut net, HOST_NS, Family::Inet, "127.0.0.2:8000").1,
        Err(Errno::ECONNREFUSED)
    );
    assert_eq!(
        connect(&mut net, HOST_NS, Family::Inet, "127.0.0.1:8000").1,
        Ok(())
    );
    // ...nor from the LAN: 192.168.1.50:8000 is refused.
    let lap = laptop(&net);
    assert_eq!(
        connect(&mut net, lap, Family::Inet, "192.168.1.50:8000").1,
        Err(Errno::ECONNREFUSED)
    );
}

#[test]
fn wildcard_listener_is_reached_everywhere() {
    let mut net = Network::debian_lab(4);
    listener(&mut net, HOST_NS, Family::Inet, "0.0.0.0:8080");
    for to in ["127.0.0.1:8080", "127.5.6.7:8080", "192.168.1.50:8080"] {
        assert_eq!(
            connect(&mut net, HOST_NS, Family::Inet, to).1,
            Ok(()),
            "{to}"
        );
    }
    let lap = laptop(&net);
    assert_eq!(
        connect(&mut net, lap, Family::Inet, "192.168.1.50:8080").1,
        Ok(())
    );
}

#[test]
fn ipv6_only_server_and_dual_stack_peer_names() {
    let mut net = Network::debian_lab(5);
    listener(&mut net, HOST_NS, Family::Inet6, "[::1]:8000");
    // curl http://localhost:8000 tries 127.0.0.1 first: refused there.
    assert_eq!(
        connect(&mut net, HOST_NS, Family::Inet, "127.0.0.1:8000").1,
        Err(Errno::ECONNREFUSED)
    );
    assert_eq!(
        connect(&mut net, HOST_NS, Family::Inet6, "[::1]:8000").1,
        Ok(())
    );

    let dual = listener(&mut net, HOST_NS, Family::Inet6, "[::]:9000");
    assert_eq!(
        connect(&mut net, HOST_NS, Family::Inet, "127.0.0.1:9000").1,
        Ok(())
    );
    let mut accepted = None;
    drive(&mut net, Duration::from_secs(1), |n| {
        accepted = n.accept(HOST_NS, dual).unwrap();
        accepted.is_some()
    });
    let (_, peer) = accepted.unwrap();
    assert_eq!(peer.ip(), "::ffff:127.0.0.1".parse::<IpAddr>().unwrap());
}

#[test]
fn connected_udp_sees_port_unreachable_once() {
    // Real (python3): s.connect(('127.0.0.1', 9)); s.send(b'x') -> ok;
    // s.send(b'x') -> ConnectionRefusedError; unconnected sendto never fails.
    let mut net = Network::debian_lab(6);
    let u = net
        .socket(HOST_NS, Family::Inet, SockType::Dgram, 1000)
        .unwrap();
    net.connect_dgram(HOST_NS, u, sa("127.0.0.1:9")).unwrap();
    net.udp_send(HOST_NS, u, b"x", None).unwrap();
    drive(&mut net, Duration::from_millis(10), |n| {
        n.poll_at().is_none()
    });
    assert_eq!(
        net.udp_send(HOST_NS, u, b"x", None),
        Err(Errno::ECONNREFUSED)
    );
    let free = net
        .socket(HOST_NS, Family::Inet, SockType::Dgram, 1000)
        .unwrap();
    net.udp_send(HOST_NS, free, b"x", Some(sa("127.0.0.1:9")))
        .unwrap();
    drive(&mut net, Duration::from_millis(10), |n| {
        n.poll_at().is_none()
    });
    assert!(
        net.udp_send(HOST_NS, free, b"x", Some(sa("127.0.0.1:9")))
            .is_ok()
    );
}

/// A UDP datagram the laptop forges with a loopback source.
fn spoofed(src: &str, dst: &str) -> Vec<u8> {
    use crate::wire::{TransportRepr, UdpRepr};
    let fields = super::build::IpFields {
        ttl: 64,
        ident: 1,
        dont_frag: true,
    };
    super::build::datagram(
        src.parse().unwrap(),
        dst.parse().unwrap(),
        fields,
        TransportRepr::Udp(UdpRepr {
            src_port: 1234,
            dst_port: 5353,
            payload: b"hi",
        }),
    )
    .unwrap()
}

#[test]
fn martian_source_is_dropped_and_logged() {
    let mut net = Network::debian_lab(7);
    let lap = laptop(&net);
    let u = net
        .socket(HOST_NS, Family::Inet, SockType::Dgram, 1000)
        .unwrap();
    net.bind(HOST_NS, u, sa("0.0.0.0:5353")).unwrap();
    net.send_raw(lap, spoofed("127.0.0.1", "192.168.1.50"))
        .unwrap();
    drive(&mut net, Duration::from_millis(10), |n| {
        n.poll_at().is_none()
    });
    assert_eq!(
        net.recv(HOST_NS, u).unwrap(),
        None,
        "a martian never reaches the socket"
    );
    assert!(
        net.trace
            .events()
            .any(|e| e.verdict == Verdict::Drop(DropReason::IpLocalnet))
    );
    assert_eq!(
        net.klog.lines().count(),
        0,
        "log_martians is off by default"
    );
    // With log_martians on, the kernel logs it (argument order: dst, src, dev).
    let ns = net.ns_mut(HOST_NS).unwrap();
    ns.sysctls
        .set("net.ipv4.conf.all.log_martians", "1", true)
        .unwrap();
    net.send_raw(lap, spoofed("127.0.0.1", "192.168.1.50"))
        .unwrap();
    drive(&mut net, Duration::from_millis(10), |n| {
        n.poll_at().is_none()
    });
    let lines: Vec<_> = net.klog.lines().map(|(_, l)| l.clone()).collect();
    assert_eq!(
        lines[0],
        "IPv4: martian source 192.168.1.50 from 127.0.0.1, on dev eth0"
    );
    assert!(lines[1].starts_with("ll header: 00000000: 52 54 00 12 34 56 52 54 00 12 34 20 08 00"));
}

#[test]
fn martian_destination_needs_route_localnet() {
    let mut net = Network::debian_lab(8);
    let lap = laptop(&net);
    // The laptop routes 127.0.0.1 to the lab host's MAC (a static route via
    // 192.168.1.50, as an attacker on the LAN would).
    let u = net
        .socket(HOST_NS, Family::Inet, SockType::Dgram, 1000)
        .unwrap();
    net.bind(HOST_NS, u, sa("127.0.0.1:5353")).unwrap();
    let bytes = spoofed("192.168.1.20", "127.0.0.1");
    let eth = net.ns(lap).unwrap().iface_by_name("eth0").unwrap().index;
    let id = net.new_packet_id();
    net.transmit(lap, eth, "192.168.1.50".parse().unwrap(), bytes.clone(), id)
        .unwrap();
    drive(&mut net, Duration::from_millis(10), |n| {
        n.poll_at().is_none()
    });
    assert_eq!(net.recv(HOST_NS, u).unwrap(), None);
    net.ns_mut(HOST_NS)
        .unwrap()
        .sysctls
        .set("net.ipv4.conf.eth0.route_localnet", "1", true)
        .unwrap();
    let id = net.new_packet_id();
    net.transmit(lap, eth, "192.168.1.50".parse().unwrap(), bytes, id)
        .unwrap();
    drive(&mut net, Duration::from_millis(10), |n| {
        n.poll_at().is_none()
    });
    assert!(
        net.recv(HOST_NS, u).unwrap().is_some(),
        "route_localnet lets 127.0.0.1 in from eth0"
    );
}

#[test]
fn ten_megabytes_through_lo_with_loss_and_reordering() {
    let mut net = Network::debian_lab(9);
    net.trace.set_enabled(false);
    net.capture.set_enabled(false);
    net.qdiscs.insert(
        (HOST_NS, crate::iface::IfIndex::LOOPBACK),
        super::NetemState::new(super::Netem {
            delay: Duration::from_micros(200),
            jitter: Duration::from_micros(150),
            loss_ppm: 50_000,
            reorder_ppm: 50_000,
            ..super::Netem::default()
        }),
    );
    let l = listener(&mut net, HOST_NS, Family::Inet, "127.0.0.1:7000");
    let (c, r) = connect(&mut net, HOST_NS, Family::Inet, "127.0.0.1:7000");
    r.unwrap();
    let mut s = None;
    drive(&mut net, Duration::from_secs(5), |n| {
        s = n.accept(HOST_NS, l).unwrap().map(|(s, _)| s);
        s.is_some()
    });
    let s = s.unwrap();
    let data: Vec<u8> = (0..10_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let mut sent = 0;
    let mut got = Vec::with_capacity(data.len());
    let mut buf = alloc::vec![0u8; 1 << 16];
    drive(&mut net, Duration::from_secs(600), |n| {
        if sent < data.len()
            && let Ok(k) = n.tcp_send(HOST_NS, c, &data[sent..])
        {
            sent += k;
        }
        while let Ok(k) = n.tcp_recv(HOST_NS, s, &mut buf) {
            if k == 0 {
                break;
            }
            got.extend_from_slice(&buf[..k]);
        }
        got.len() == data.len()
    });
    assert!(got == data, "every byte arrives, in order");
    let _ = Instant::ZERO;
}

#[test]
fn udp_datagrams_are_truncated_to_the_buffer() {
    // Real (python3): s.recvfrom(10) on a 100-byte datagram returns 10
    // bytes; the other 90 are gone, the next recvfrom gets the next datagram.
    let mut net = Network::debian_lab(10);
    let r = net
        .socket(HOST_NS, Family::Inet, SockType::Dgram, 1000)
        .unwrap();
    net.bind(HOST_NS, r, sa("127.0.0.1:5000")).unwrap();
    let s = net
        .socket(HOST_NS, Family::Inet, SockType::Dgram, 1000)
        .unwrap();
    net.udp_send(HOST_NS, s, &[7u8; 100], Some(sa("127.0.0.1:5000")))
        .unwrap();
    net.udp_send(HOST_NS, s, b"second", Some(sa("127.0.0.1:5000")))
        .unwrap();
    drive(&mut net, Duration::from_millis(10), |n| {
        n.poll_at().is_none()
    });
    let mut buf = [0u8; 10];
    let (n, full, from) = net.recv_into(HOST_NS, r, &mut buf).unwrap().unwrap();
    assert_eq!((n, full, buf), (10, 100, [7u8; 10]));
    assert_eq!(from.ip(), IpAddr::V4(core::net::Ipv4Addr::LOCALHOST));
    let (n, full, _) = net.recv_into(HOST_NS, r, &mut buf).unwrap().unwrap();
    assert_eq!((&buf[..n], full), (&b"second"[..], 6));
    assert!(net.recv_into(HOST_NS, r, &mut buf).unwrap().is_none());
}

#[test]
fn loopback_delivers_in_the_order_packets_were_sent() {
    // Linux's loopback_xmit queues to the per-CPU backlog, a FIFO: a burst
    // of datagrams sent back to back is received in the same order, for
    // every seed (the lab's random backlog latency must not reorder them).
    // Real: `ip netns add x; ip -n x link set lo up; ip netns exec x python3`
    // binding 127.0.0.1:5000, sending bytes 0..50 back to back with
    // sendto() and reading 50 datagrams: they arrive as 0, 1, ..., 49.
    for seed in 0..20 {
        let mut net = Network::debian_lab(seed);
        let r = net
            .socket(HOST_NS, Family::Inet, SockType::Dgram, 1000)
            .unwrap();
        net.bind(HOST_NS, r, sa("127.0.0.1:5000")).unwrap();
        let s = net
            .socket(HOST_NS, Family::Inet, SockType::Dgram, 1000)
            .unwrap();
        for i in 0..50u8 {
            net.udp_send(HOST_NS, s, &[i], Some(sa("127.0.0.1:5000")))
                .unwrap();
        }
        drive(&mut net, Duration::from_millis(10), |n| {
            n.poll_at().is_none()
        });
        let mut got = Vec::new();
        let mut buf = [0u8; 4];
        while let Some((n, _, _)) = net.recv_into(HOST_NS, r, &mut buf).unwrap() {
            got.extend_from_slice(&buf[..n]);
        }
        assert_eq!(got, (0..50u8).collect::<Vec<_>>(), "seed {seed}");
    }
}
