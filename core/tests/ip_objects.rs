//! ip's other objects (iproute2 6.1), recorded on Linux 6.18 in a
//! namespace with lo and a veth `r1v0` (MAC 92:59:66:9b:0e:eb, up, with
//! 2001:db8::7/64 then 2001:db8::8/128 added after its link-local).
//! `<TAB>` is a tab.

use lolab_core::{Lab, LabConfig};

fn lab() -> Lab {
    Lab::new(LabConfig::default())
}

/// ```text
/// $ ip maddr
/// 1:<TAB>lo
/// <TAB>inet  224.0.0.1
/// <TAB>inet6 ff02::1
/// <TAB>inet6 ff01::1
/// 2:<TAB>r1v0
/// <TAB>link  01:00:5e:00:00:01
/// <TAB>link  33:33:00:00:00:01
/// <TAB>link  33:33:ff:9b:0e:eb
/// <TAB>link  33:33:ff:00:00:07
/// <TAB>link  33:33:ff:00:00:08
/// <TAB>inet  224.0.0.1
/// <TAB>inet6 ff02::1:ff00:8
/// <TAB>inet6 ff02::1:ff00:7
/// <TAB>inet6 ff02::1:ff9b:eeb
/// <TAB>inet6 ff02::1
/// <TAB>inet6 ff01::1
/// $ ip -4 maddr
/// 1:<TAB>lo
/// <TAB>inet  224.0.0.1
/// 2:<TAB>r1v0
/// <TAB>inet  224.0.0.1
/// $ ip maddr show dev nosuch; echo $?     → (nothing), 0
/// $ ip maddr foo; echo $?                 → Command "foo" is unknown, try "ip maddr help"., 255
/// ```
#[test]
fn maddr_lists_the_groups_linux_joins() {
    let mut l = lab();
    l.run("sudo ip -6 addr add 2001:db8::7/64 dev eth0");
    l.run("sudo ip -6 addr add 2001:db8::8/128 dev eth0");
    let lo = "1:\tlo\n\tinet  224.0.0.1\n\tinet6 ff02::1\n\tinet6 ff01::1\n";
    let out = l.run("ip maddr").stdout();
    assert!(out.starts_with(lo), "{out}");
    // eth0's link-local comes from its MAC, as r1v0's did.
    let link = l.run("ip -6 addr show dev eth0").stdout();
    let ll = link
        .lines()
        .find(|x| x.contains("scope link"))
        .and_then(|x| x.split_whitespace().nth(1))
        .and_then(|a| a.split('/').next())
        .unwrap_or_default()
        .to_string();
    let ll: std::net::Ipv6Addr = ll.parse().unwrap_or_else(|_| panic!("{link}"));
    let o = ll.octets();
    let eth0 = l.run("ip maddr show dev eth0").stdout();
    let index = eth0.split(':').next().unwrap_or_default().to_string();
    assert_eq!(
        eth0,
        format!(
            "{index}:\teth0\n\tlink  01:00:5e:00:00:01\n\tlink  33:33:00:00:00:01\n\tlink  33:33:ff:{:02x}:{:02x}:{:02x}\n\tlink  33:33:ff:00:00:07\n\tlink  33:33:ff:00:00:08\n\tinet  224.0.0.1\n\tinet6 ff02::1:ff00:8\n\tinet6 ff02::1:ff00:7\n\tinet6 ff02::1:ff{:02x}:{:02x}{:02x}\n\tinet6 ff02::1\n\tinet6 ff01::1\n",
            o[13], o[14], o[15], o[13], o[14], o[15]
        )
        .replace("ff02::1:ff00:", "ff02::1:ff00:")
        // ff02::1:ffXX:XXXX is written as Rust and ip write IPv6 (no
        // leading zeros in a group).
        .replace(
            &format!("ff02::1:ff{:02x}:{:02x}{:02x}", o[13], o[14], o[15]),
            &format!(
                "{}",
                std::net::Ipv6Addr::new(
                    0xff02,
                    0,
                    0,
                    0,
                    0,
                    1,
                    0xff00 | u16::from(o[13]),
                    u16::from(o[14]) << 8 | u16::from(o[15])
                )
            )
        )
    );
    assert!(
        l.run("ip -4 maddr")
            .stdout()
            .starts_with("1:\tlo\n\tinet  224.0.0.1\n")
    );
    let r = l.run("ip maddr show dev nosuch");
    assert_eq!(
        (r.stdout(), r.stderr(), r.status),
        (String::new(), String::new(), 0)
    );
    let r = l.run("ip maddr foo");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from("Command \"foo\" is unknown, try \"ip maddr help\".\n"),
            255
        )
    );
}

/// ```text
/// $ ip tunnel; ip tuntap; ip xfrm state; ip xfrm policy; ip mroute; ip nexthop   → nothing, 0
/// $ ip vrf
/// Name              Table
/// -----------------------
/// No VRF has been configured
/// $ ip token
/// token :: dev r1v0
/// $ ip l2tp show tunnel; echo $?
/// RTNETLINK answers: No such file or directory
/// Error talking to the kernel
/// 1
/// ```
/// (l2tp's kernel module was not loaded: that is the kernel without it.)
#[test]
fn empty_tables_and_missing_kernel_parts() {
    let mut l = lab();
    for line in [
        "ip tunnel",
        "ip tuntap",
        "ip xfrm state",
        "ip xfrm policy",
        "ip mroute",
        "ip nexthop",
    ] {
        let r = l.run(line);
        assert_eq!(
            (r.stdout(), r.stderr(), r.status),
            (String::new(), String::new(), 0),
            "{line}"
        );
    }
    assert_eq!(
        l.run("ip vrf").stdout(),
        "Name              Table\n-----------------------\nNo VRF has been configured\n"
    );
    assert_eq!(l.run("ip token").stdout(), "token :: dev eth0\n");
    let r = l.run("ip l2tp show tunnel");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from(
                "RTNETLINK answers: No such file or directory\nError talking to the kernel\n"
            ),
            1
        )
    );
    let r = l.run("sudo ip tunnel add t0 mode ipip remote 10.0.0.1");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from("RTNETLINK answers: Operation not supported\n"),
            2
        )
    );
}
