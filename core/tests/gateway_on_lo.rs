//! A route whose gateway is one of the host's own addresses: Linux 6.1's
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
