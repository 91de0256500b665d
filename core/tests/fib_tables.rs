//! IPv4 routing tables as Linux keeps them: which exist, and a route
//! whose gateway is one of the host's own addresses: Linux 6.1's
//! `fib_check_nh_v4_gw` accepts a gateway that resolves to a local route
//! (RTN_LOCAL) as well as a unicast one and gives the next hop host scope,
//! so output sends without a gateway (`rt_set_nexthop` uses one only for a
//! link-scope next hop). Recorded on Linux 6.18 (iproute2 6.1, iputils
//! 20221126) in a network namespace with lo up and a veth `v0` holding
//! 192.168.1.50/24:
//!
//! ```text
//! # ip route add 10.9.0.0/16 via 127.0.0.1; echo $?
//! 0
//! # ip route get 10.9.1.1
//! 10.9.1.1 dev lo src 192.168.1.50 uid 0
//!     cache <local>
//! # ping -c2 -W1 10.9.1.1
//! PING 10.9.1.1 (10.9.1.1) 56(84) bytes of data.
//!
//! --- 10.9.1.1 ping statistics ---
//! 2 packets transmitted, 0 received, 100% packet loss, time 1006ms
//! # ip route add 10.8.0.0/16 via 192.168.1.50; ip route get 10.8.0.1
//! 10.8.0.1 dev v0 src 192.168.1.50 uid 0
//!     cache
//! # ip route
//! 10.8.0.0/16 via 192.168.1.50 dev v0
//! 10.9.0.0/16 via 127.0.0.1 dev lo
//! 192.168.1.0/24 dev v0 proto kernel scope link src 192.168.1.50
//! ```

use lolab_core::{Lab, LabConfig};

#[test]
fn a_gateway_on_lo_is_accepted_and_used_without_a_gateway() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("sudo ip route add 10.9.0.0/16 via 127.0.0.1");
    assert_eq!((r.stderr().as_str(), r.status), ("", 0));
    assert!(
        lab.run("ip route")
            .stdout()
            .contains("10.9.0.0/16 via 127.0.0.1 dev lo \n")
    );
    assert_eq!(
        lab.run("ip route get 10.9.1.1").stdout(),
        "10.9.1.1 dev lo src 192.168.1.50 uid 1000 \n    cache <local> \n"
    );
    // The echo request loops back through lo, is not for this host and is
    // not forwarded: lost without an error.
    let r = lab.run("ping -c2 -W1 10.9.1.1");
    assert_eq!(r.status, 1);
    assert!(
        r.stdout()
            .contains("2 packets transmitted, 0 received, 100% packet loss"),
        "{}",
        r.stdout()
    );
    assert!(!r.stdout().contains("Unreachable"), "{}", r.stdout());
}

#[test]
fn a_gateway_that_is_an_address_of_eth0_goes_out_eth0_without_it() {
    let mut lab = Lab::new(LabConfig::default());
    assert_eq!(
        lab.run("sudo ip route add 10.8.0.0/16 via 192.168.1.50")
            .status,
        0
    );
    assert_eq!(
        lab.run("ip route get 10.8.0.1").stdout(),
        "10.8.0.1 dev eth0 src 192.168.1.50 uid 1000 \n    cache \n"
    );
    // A gateway the kernel cannot reach on a link is still refused.
    let r = lab.run("sudo ip route add 10.7.0.0/16 via 172.31.0.1");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        ("Error: Nexthop has invalid gateway.\n", 2)
    );
}

/// Which IPv4 tables exist. Recorded on Linux 6.18 (iproute2 6.1):
///
/// ```text
/// # ip netns add t                      (lo down)
/// # ip -n t route show table local; echo rc=$?
/// Error: ipv4: FIB table does not exist.
/// Dump terminated
/// rc=2
/// # ip -n t route show table default    -> the same, rc=2
/// # ip -n t route show table main       -> nothing, rc=0
/// # ip -n t -6 route show table local   -> nothing, rc=0
/// # ip -n t link set lo up; ip -n t link set lo down
/// # ip -n t route show table local      (the table stays, so do 127's routes)
/// local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1
/// local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1
/// # ip route add 10.1.0.0/16 dev lo table 99; ip route del 10.1.0.0/16 dev lo table 99
/// # ip route show table 99; echo rc=$?  -> nothing, rc=0 (created for good)
/// ```
#[test]
fn the_local_table_exists_from_the_first_local_route() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("sudo ip netns add t");
    let missing = "Error: ipv4: FIB table does not exist.\nDump terminated\n";
    for table in ["local", "default", "99"] {
        let r = lab.run(&format!("sudo ip -n t route show table {table}"));
        assert_eq!((r.stderr().as_str(), r.status), (missing, 2), "{table}");
    }
    for line in [
        "sudo ip -n t route show table main",
        "sudo ip -n t -6 route show table local",
    ] {
        let r = lab.run(line);
        assert_eq!(
            (r.stdout().as_str(), r.stderr().as_str(), r.status),
            ("", "", 0),
            "{line}"
        );
    }
    lab.run("sudo ip -n t link set lo up");
    lab.run("sudo ip -n t link set lo down");
    let r = lab.run("sudo ip -n t route show table local");
    assert_eq!(
        (r.stdout().as_str(), r.status),
        (
            "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \nlocal 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n",
            0
        )
    );
    lab.run("sudo ip route add 10.1.0.0/16 dev lo table 99");
    lab.run("sudo ip route del 10.1.0.0/16 dev lo table 99");
    let r = lab.run("ip route show table 99");
    assert_eq!((r.stderr().as_str(), r.status), ("", 0));
}
