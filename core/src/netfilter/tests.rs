//! Netfilter's pieces on their own: chains with jumps, gotos and
//! policies; conntrack's TCP states and NAT bindings; the NAT rewrite's
//! checksums.

use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};

use super::conntrack::{Conntrack, Dir, TcpState};
use super::eval::{self, Decision, Env};
use super::packet::{self, View};
use super::rule::{AddrType, Rule, Target, ct_bits};
use super::table::{Policy, RuleEdit, Table, TableKind};
use crate::net::build::{self, IpFields};
use crate::time::{Duration, Instant};
use crate::wire::{self, TcpFlags};

fn v4(a: [u8; 4]) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(a))
}

/// A TCP segment 127.0.0.1:sport -> 127.0.0.1:dport with `flags`.
fn segment(sport: u16, dport: u16, flags: TcpFlags) -> Vec<u8> {
    let seg = wire::TcpRepr {
        src_port: sport,
        dst_port: dport,
        seq_number: wire::SeqNumber(1),
        ack_number: flags.contains(TcpFlags::ACK).then_some(wire::SeqNumber(1)),
        flags,
        window_len: 100,
        urgent_at: 0,
        options: Vec::new(),
        payload: &[],
    };
    let fields = IpFields {
        ttl: 64,
        ident: 1,
        dont_frag: true,
    };
    build::datagram(
        v4([127, 0, 0, 1]),
        v4([127, 0, 0, 1]),
        fields,
        wire::TransportRepr::Tcp(seg),
    )
    .unwrap_or_default()
}

fn env(state: u8) -> (impl Fn(IpAddr) -> AddrType, u8) {
    (|_| AddrType::Local, state)
}

#[test]
fn jumps_returns_gotos_and_policies() {
    let mut t = Table::new(TableKind::Filter);
    t.new_chain("A").unwrap();
    t.new_chain("B").unwrap();
    let r = |target| Rule {
        target,
        ..Rule::new()
    };
    t.edit(
        "INPUT",
        RuleEdit::Append(r(Target::Jump(String::from("A")))),
    )
    .unwrap();
    t.edit("INPUT", RuleEdit::Append(r(Target::Drop))).unwrap();
    t.edit("A", RuleEdit::Append(r(Target::Goto(String::from("B")))))
        .unwrap();
    t.edit("B", RuleEdit::Append(r(Target::Return))).unwrap();
    t.edit("B", RuleEdit::Append(r(Target::Accept))).unwrap();
    let bytes = segment(1000, 80, TcpFlags::SYN);
    let v = View::parse(&bytes).unwrap();
    let (at, ct) = env(ct_bits::NEW);
    let e = Env {
        iif: Some("lo"),
        oif: None,
        ctstate: ct,
        addr_type: &at,
    };
    // INPUT -> A -> (goto) B -> RETURN back to INPUT (not to A), then DROP.
    let verdict = eval::run(&mut t, "INPUT", &v, &e).unwrap();
    assert_eq!(verdict.decision, Decision::Drop);
    assert_eq!((verdict.chain.as_str(), verdict.rule), ("INPUT", 2));
    assert_eq!(t.chain("B").unwrap().rules[1].counters.packets, 0);
    assert_eq!(t.chain("INPUT").unwrap().rules[0].counters.packets, 1);
    // The policy decides when no rule does.
    t.edit("INPUT", RuleEdit::DeleteNum(2)).unwrap();
    t.set_policy("INPUT", Policy::Drop).unwrap();
    let verdict = eval::run(&mut t, "INPUT", &v, &e).unwrap();
    assert_eq!((verdict.decision, verdict.rule), (Decision::Drop, 0));
    // A referenced or non-empty chain cannot go; a built-in never can.
    assert_eq!(t.delete_chain("A"), Err(crate::errno::Errno::EBUSY));
    assert_eq!(t.delete_chain("INPUT"), Err(crate::errno::Errno::EBUSY));
    assert_eq!(
        t.edit("INPUT", RuleEdit::DeleteNum(5)),
        Err(crate::errno::Errno::E2BIG)
    );
}

#[test]
fn a_handshake_walks_the_tcp_states() {
    let mut ct = Conntrack::default();
    let now = Instant::ZERO;
    let syn = segment(40000, 8000, TcpFlags::SYN);
    let v = View::parse(&syn).unwrap();
    let info = ct.classify(&v, None, now);
    assert_eq!(info.state, ct_bits::NEW);
    let id = info.id.unwrap();
    ct.confirm(id, Dir::Original, &v, now, true);
    assert_eq!(ct.get(id).unwrap().tcp, Some(TcpState::SynSent));
    let synack = segment(8000, 40000, TcpFlags::SYN | TcpFlags::ACK);
    let v = View::parse(&synack).unwrap();
    let info = ct.classify(&v, None, now);
    assert_eq!((info.state, info.dir), (ct_bits::ESTABLISHED, Dir::Reply));
    ct.confirm(id, Dir::Reply, &v, now, true);
    let ack = segment(40000, 8000, TcpFlags::ACK);
    let v = View::parse(&ack).unwrap();
    ct.classify(&v, None, now);
    ct.confirm(id, Dir::Original, &v, now, true);
    let e = ct.get(id).unwrap();
    assert_eq!((e.tcp, e.assured), (Some(TcpState::Established), true));
    // Five days, as nf_conntrack_tcp_timeout_established.
    assert_eq!(e.expires, now + Duration::from_secs(432_000));
}

#[test]
fn a_nat_binding_is_found_from_the_translated_reply() {
    let mut ct = Conntrack::default();
    let now = Instant::ZERO;
    let syn = segment(40000, 8081, TcpFlags::SYN);
    let v = View::parse(&syn).unwrap();
    let id = ct.classify(&v, None, now).id.unwrap();
    ct.bind_nat(id, false, v4([127, 0, 0, 1]), Some(8000));
    ct.confirm(id, Dir::Original, &v, now, true);
    // The server's answer comes from port 8000.
    let synack = segment(8000, 40000, TcpFlags::SYN | TcpFlags::ACK);
    let v = View::parse(&synack).unwrap();
    let info = ct.classify(&v, None, now);
    assert_eq!((info.id, info.dir), (Some(id), Dir::Reply));
    // ... and is rewritten to come from 8081.
    assert_eq!(ct.get(id).unwrap().target(Dir::Reply).sport, 8081);
}

#[test]
fn the_nat_rewrite_keeps_the_checksums_right() {
    let mut bytes = segment(40000, 8081, TcpFlags::SYN);
    packet::rewrite(&mut bytes, false, v4([10, 0, 0, 2]), Some(80));
    let d = wire::Datagram::parse(&bytes).unwrap();
    assert_eq!(d.ip.dst_addr(), v4([10, 0, 0, 2]));
    let p = wire::TcpPacket::new_checked(&bytes[20..]).unwrap();
    assert!(p.verify_checksum(&d.ip.src_addr(), &d.ip.dst_addr()));
    assert_eq!(p.dst_port(), 80);
    let ip = wire::Ipv4Packet::new_checked(&bytes[..]).unwrap();
    assert!(ip.verify_checksum());
}
