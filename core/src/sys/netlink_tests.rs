//! The netlink-style calls on their own: what each answers, and the
//! invariants the kernel keeps behind them.

use alloc::string::String;
use core::net::IpAddr;

use super::Sys;
use super::link::{IfFlags, IfIndex, LinkKind};
use super::qdisc::{Netem, QdiscOp};
use crate::errno::Errno;
use crate::host::Host;
use crate::net::HOST_NS;
use crate::route::{Family, RtnlError, TableId};
use crate::time::{Duration, Instant};

fn host() -> Host {
    Host::debian("lab", 1)
}

fn root(h: &mut Host) -> Sys<'_> {
    Sys::new(h, 7, HOST_NS, 0, Instant::ZERO)
}

fn user(h: &mut Host) -> Sys<'_> {
    Sys::new(h, 8, HOST_NS, 1000, Instant::ZERO)
}

fn ip(s: &str) -> IpAddr {
    s.parse()
        .unwrap_or(IpAddr::V4(core::net::Ipv4Addr::UNSPECIFIED))
}

#[test]
fn link_dump_reports_flags_addresses_and_counters() {
    let mut h = host();
    let sys = root(&mut h);
    let links = sys.links();
    let names: alloc::vec::Vec<&str> = links.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["lo", "eth0"]);
    let eth0 = sys.link("eth0").expect("eth0");
    assert!(
        eth0.flags
            .contains(IfFlags::UP | IfFlags::RUNNING | IfFlags::LOWER_UP)
    );
    assert_eq!(eth0.kind, LinkKind::Ether);
    assert_eq!(eth0.mtu, 1500);
    assert_eq!(eth0.ipv4.first().map(|a| a.prefix_len), Some(24));
    assert!(sys.link("eth9").is_none());
}

#[test]
fn changes_need_root_and_answer_with_errno_and_extack() {
    let mut h = host();
    let mut sys = user(&mut h);
    let eperm = Err(RtnlError::errno(Errno::EPERM));
    assert_eq!(sys.link_set_up(IfIndex::LOOPBACK, false), eperm);
    assert_eq!(sys.addr_add(IfIndex(2), ip("10.0.0.1"), 8), eperm);
    assert_eq!(sys.netns_add("c1"), Err(Errno::EPERM));
    assert_eq!(sys.setns(HOST_NS), Err(Errno::EPERM));
    let mut sys = root(&mut h);
    assert_eq!(
        sys.addr_add(IfIndex(2), ip("192.168.1.50"), 24),
        Err(RtnlError::extack(
            Errno::EEXIST,
            "ipv4: Address already assigned"
        ))
    );
    assert_eq!(
        sys.link_set_mtu(IfIndex(2), 10),
        Err(RtnlError::extack(
            Errno::EINVAL,
            "mtu less than device minimum"
        ))
    );
    assert_eq!(
        sys.route_dump(Family::V4, TableId(100)),
        Err(RtnlError::extack(
            Errno::ENOENT,
            "ipv4: FIB table does not exist"
        ))
    );
}

#[test]
fn veth_pairs_move_and_die_together() {
    let mut h = host();
    let mut sys = root(&mut h);
    let c1 = sys.netns_add("c1").expect("netns");
    sys.link_add_veth(Some("v0"), Some("v1"), None)
        .expect("veth");
    // The peer is registered first: it gets the lower index.
    let v0 = sys.link("v0").expect("v0");
    let v1 = sys.link("v1").expect("v1");
    assert!(v1.index < v0.index);
    sys.link_set_netns(v1.index, c1).expect("move");
    assert!(sys.link("v1").is_none());
    let LinkKind::Veth(peer) = sys.link("v0").expect("v0").kind else {
        panic!("v0 is a veth");
    };
    assert!(!peer.same_ns);
    assert_eq!(peer.netns_name.as_deref(), Some("c1"));
    assert_eq!(
        sys.link_set_netns(IfIndex::LOOPBACK, c1),
        Err(RtnlError::extack(
            Errno::EINVAL,
            "The interface netns is immutable"
        ))
    );
    // Deleting the namespace takes the moved end and its peer.
    sys.netns_del("c1").expect("del");
    assert!(sys.link("v0").is_none());
    assert_eq!(sys.netns_open("c1"), Err(Errno::ENOENT));
}

#[test]
fn route_changes_bump_the_cache_generation_even_when_refused() {
    let mut h = host();
    let before = h.net.ns(HOST_NS).map(|n| n.generation);
    let mut sys = root(&mut h);
    let none = crate::route::RuleMatch {
        priority: Some(12345),
        ..crate::route::RuleMatch::default()
    };
    assert_eq!(
        sys.rule_del(Family::V4, &none).map_err(|e| e.errno),
        Err(Errno::ENOENT)
    );
    let after = h.net.ns(HOST_NS).map(|n| n.generation);
    assert_eq!(after, before.map(|g| g + 1));
}

#[test]
fn qdisc_flags_as_tc_sets_them() {
    let mut h = host();
    let mut sys = root(&mut h);
    let lo = IfIndex::LOOPBACK;
    let netem = Netem {
        delay: Duration::from_millis(100),
        ..Netem::default()
    };
    assert_eq!(
        sys.qdisc_set(lo, Some("netem"), netem, QdiscOp::Change)
            .map_err(|e| e.extack),
        Err(Some("Qdisc not found. To create specify NLM_F_CREATE flag"))
    );
    sys.qdisc_set(lo, Some("netem"), netem, QdiscOp::Add)
        .expect("add");
    assert_eq!(
        sys.qdisc_set(lo, Some("netem"), netem, QdiscOp::Add)
            .map_err(|e| e.errno),
        Err(Errno::EEXIST)
    );
    assert_eq!(sys.qdisc_dump().first().and_then(|q| q.netem), Some(netem));
    sys.qdisc_del(lo).expect("del");
    assert_eq!(sys.qdisc_del(lo).map_err(|e| e.errno), Err(Errno::EINVAL));
}

#[test]
fn setns_moves_the_process_until_it_exits() {
    let mut h = host();
    let mut sys = root(&mut h);
    let c1 = sys.netns_add("c1").expect("netns");
    sys.setns(c1).expect("setns");
    assert_eq!(sys.netns(), c1);
    assert_eq!(sys.netns_identify(), Some(String::from("c1")));
    assert_eq!(h.tasks.netns(7), Some(c1));
    super::exit(&mut h, 7);
    assert_eq!(h.tasks.netns(7), None);
}

#[test]
fn sysctls_are_validated_by_the_kernel() {
    let mut h = host();
    let mut sys = user(&mut h);
    assert_eq!(
        sys.sysctl_write("net.ipv4.ip_forward", "1"),
        Err(super::sysctl::SysctlError::PermissionDenied)
    );
    let mut sys = root(&mut h);
    assert_eq!(
        sys.sysctl_write("net.ipv4.ip_forward", "x"),
        Err(super::sysctl::SysctlError::Invalid)
    );
    sys.sysctl_write("net.ipv4.ip_forward", "1").expect("write");
    assert_eq!(sys.sysctl_read("net.ipv4.ip_forward").as_deref(), Ok("1"));
    assert!(
        sys.sysctl_list()
            .iter()
            .any(|e| e.key == "net.ipv4.ip_forward")
    );
}
