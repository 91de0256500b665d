//! `ping -I ADDR`: iputils 20221126 reads -I as an address first (the
//! source, bound), a device name otherwise. Recorded on Linux 6.18 with
//! Debian 12's iputils-ping in a network namespace (lo up, a veth holding
//! 192.168.1.50/24):
//!
//! ```text
//! # ping -c1 -I 127.0.0.9 127.0.0.1
//! PING 127.0.0.1 (127.0.0.1) from 127.0.0.9 : 56(84) bytes of data.
//! 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.095 ms
//! ... 1 packets transmitted, 1 received, 0% packet loss ...            rc=0
//! # ping -c1 -I 192.168.1.99 127.0.0.1
//! ping: bind: Cannot assign requested address                          rc=2
//! # ping -c1 -I ::1 127.0.0.1       (an IPv6 source for IPv4: not used)
//! PING 127.0.0.1 (127.0.0.1) from 127.0.0.1 : 56(84) bytes of data.   rc=0
//! # ping -6 -c1 -I ::1 ::1
//! PING ::1(::1) from ::1 : 56 data bytes                               rc=0
//! ```

use lolab_core::{Lab, LabConfig};

#[test]
fn an_address_after_dash_i_is_the_source() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("ping -c1 -I 127.0.0.9 127.0.0.1");
    assert_eq!(r.status, 0);
    assert!(
        r.stdout()
            .starts_with("PING 127.0.0.1 (127.0.0.1) from 127.0.0.9 : 56(84) bytes of data.\n64 bytes from 127.0.0.1: icmp_seq=1 ttl=64"),
        "{}",
        r.stdout()
    );
    let r = lab.run("ping -c1 -I 192.168.1.99 127.0.0.1");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        ("ping: bind: Cannot assign requested address\n", 2)
    );
    let r = lab.run("ping -c1 -I ::1 127.0.0.1");
    assert!(
        r.stdout()
            .starts_with("PING 127.0.0.1 (127.0.0.1) from 127.0.0.1 : 56(84)")
    );
    let r = lab.run("ping -6 -c1 -I ::1 ::1");
    assert!(
        r.stdout()
            .starts_with("PING ::1(::1) from ::1 : 56 data bytes\n")
    );
    assert_eq!(r.status, 0);
    // A name is still a device.
    let r = lab.run("ping -c1 -I lo 127.0.0.1");
    assert!(
        r.stdout()
            .starts_with("PING 127.0.0.1 (127.0.0.1) from 127.0.0.1 lo: 56(84)")
    );
}
