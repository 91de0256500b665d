//! `ifconfig IF ...` setting an interface, against net-tools 2.10 recorded
//! on Linux 6.18 in a namespace (the interface there was a veth `r1v0`; the
//! lab's is `eth0`, so the name is the one thing changed). Root runs as
//! root; the "user" runs with `setpriv --reuid=65534`.

use lolab_core::{Lab, LabConfig};

fn lab() -> Lab {
    let mut l = Lab::new(LabConfig::default());
    l.run("su");
    l
}

fn inet_lines(l: &mut Lab, dev: &str) -> String {
    l.run(&format!("ip -4 addr show {dev}"))
        .stdout()
        .lines()
        .filter(|x| x.trim_start().starts_with("inet "))
        .map(|x| format!("{}\n", x.trim_end()))
        .collect()
}

/// ```text
/// # ip link set r1v0 down; ip addr flush dev r1v0
/// # ifconfig r1v0 10.1.2.3; echo $?               → 0, and the link is UP
/// # ip addr show r1v0 | grep inet
///     inet 10.1.2.3/8 brd 10.255.255.255 scope global r1v0
/// # ifconfig r1v0 | head -2
/// r1v0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
///         inet 10.1.2.3  netmask 255.0.0.0  broadcast 10.255.255.255
/// # ifconfig r1v0 10.1.2.4 netmask 255.255.255.0
///     inet 10.1.2.4/24 brd 10.1.2.255 scope global r1v0
/// # ifconfig r1v0 netmask 255.255.0.0
///     inet 10.1.2.4/16 brd 10.1.255.255 scope global r1v0
/// # ifconfig r1v0 10.3.3.3/24
///     inet 10.3.3.3/24 brd 10.3.3.255 scope global r1v0
/// # ifconfig r1v0 netmask 255.255.255.0 up mtu 1450; ifconfig r1v0 | head -1
/// r1v0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450
/// # ifconfig r1v0 0.0.0.0                         → the address is gone
/// ```
#[test]
fn root_sets_addresses_masks_and_mtu() {
    let mut l = lab();
    l.run("ip link set eth0 down");
    let r = l.run("ifconfig eth0 10.1.2.3");
    assert_eq!((r.stderr(), r.status), (String::new(), 0));
    assert_eq!(
        inet_lines(&mut l, "eth0"),
        "    inet 10.1.2.3/8 brd 10.255.255.255 scope global eth0\n"
    );
    let shown = l.run("ifconfig eth0").stdout();
    let head: Vec<&str> = shown.lines().take(2).collect();
    assert_eq!(
        head,
        [
            "eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500",
            "        inet 10.1.2.3  netmask 255.0.0.0  broadcast 10.255.255.255"
        ]
    );
    l.run("ifconfig eth0 10.1.2.4 netmask 255.255.255.0");
    assert_eq!(
        inet_lines(&mut l, "eth0"),
        "    inet 10.1.2.4/24 brd 10.1.2.255 scope global eth0\n"
    );
    l.run("ifconfig eth0 netmask 255.255.0.0");
    assert_eq!(
        inet_lines(&mut l, "eth0"),
        "    inet 10.1.2.4/16 brd 10.1.255.255 scope global eth0\n"
    );
    l.run("ifconfig eth0 10.3.3.3/24");
    assert_eq!(
        inet_lines(&mut l, "eth0"),
        "    inet 10.3.3.3/24 brd 10.3.3.255 scope global eth0\n"
    );
    let r = l.run("ifconfig eth0 netmask 255.255.255.0 up mtu 1450");
    assert_eq!(r.status, 0, "{r:?}");
    assert!(
        l.run("ifconfig eth0")
            .stdout()
            .starts_with("eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450\n")
    );
    l.run("ifconfig eth0 0.0.0.0");
    assert_eq!(inet_lines(&mut l, "eth0"), "");
}

/// ```text
/// # ifconfig r1v0 netmask 255.0.255.0; echo $?  → SIOCSIFNETMASK: Invalid argument, 1
/// # ifconfig r1v0 mtu 100000; echo $?           → SIOCSIFMTU: Invalid argument, 1
/// # ifconfig r1v0 mtu abc; echo $?              → SIOCSIFMTU: Invalid argument, 1
/// # ifconfig r1v0 224.1.1.1; echo $?            → SIOCSIFADDR: Invalid argument, 1
/// # ifconfig r1v0 999.1.1.1; echo $?
/// 999.1.1.1: Unknown host
/// ifconfig: `--help' gives usage information.
/// 1
/// # ifconfig r1v0 foo; echo $?
/// foo: Host name lookup failure
/// ifconfig: `--help' gives usage information.
/// 1
/// # ifconfig nosuch 10.0.0.1; echo $?
/// SIOCSIFADDR: No such device
/// nosuch: ERROR while getting interface flags: No such device
/// 255
/// # ifconfig nosuch up; echo $?  → nosuch: ERROR while getting interface flags: No such device, 255
/// # ifconfig nosuch mtu 1400     → SIOCSIFMTU: No such device, 1
/// # ifconfig nosuch netmask 255.0.0.0 → SIOCSIFNETMASK: No such device, 1
/// # ifconfig r1v0 mtu; echo $?   → ifconfig's usage on stderr, 3
/// # ifconfig r1v0 inet6 2001:db8::99; echo $?
/// Don't know how to set addresses for family 10.
/// 1
/// ```
#[test]
fn errors_are_net_tools_words() {
    let mut l = lab();
    let check = |l: &mut Lab, line: &str, err: &str, status: i32| {
        let r = l.run(line);
        assert_eq!(
            (r.stderr(), r.status),
            (String::from(err), status),
            "{line}"
        );
    };
    check(
        &mut l,
        "ifconfig eth0 netmask 255.0.255.0",
        "SIOCSIFNETMASK: Invalid argument\n",
        1,
    );
    check(
        &mut l,
        "ifconfig eth0 mtu 100000",
        "SIOCSIFMTU: Invalid argument\n",
        1,
    );
    check(
        &mut l,
        "ifconfig eth0 mtu abc",
        "SIOCSIFMTU: Invalid argument\n",
        1,
    );
    check(
        &mut l,
        "ifconfig eth0 224.1.1.1",
        "SIOCSIFADDR: Invalid argument\n",
        1,
    );
    let usage_hint = "ifconfig: `--help' gives usage information.\n";
    check(
        &mut l,
        "ifconfig eth0 999.1.1.1",
        &format!("999.1.1.1: Unknown host\n{usage_hint}"),
        1,
    );
    check(
        &mut l,
        "ifconfig eth0 foo",
        &format!("foo: Host name lookup failure\n{usage_hint}"),
        1,
    );
    check(
        &mut l,
        "ifconfig nosuch 10.0.0.1",
        "SIOCSIFADDR: No such device\nnosuch: ERROR while getting interface flags: No such device\n",
        255,
    );
    check(
        &mut l,
        "ifconfig nosuch up",
        "nosuch: ERROR while getting interface flags: No such device\n",
        255,
    );
    check(
        &mut l,
        "ifconfig nosuch mtu 1400",
        "SIOCSIFMTU: No such device\n",
        1,
    );
    check(
        &mut l,
        "ifconfig nosuch netmask 255.0.0.0",
        "SIOCSIFNETMASK: No such device\n",
        1,
    );
    let usage = include_str!("fixtures/tools/ifconfig_usage.txt");
    check(&mut l, "ifconfig eth0 mtu", usage, 3);
    check(
        &mut l,
        "ifconfig eth0 inet6 2001:db8::99",
        "Don't know how to set addresses for family 10.\n",
        1,
    );
    // The address is still the lab's.
    assert_eq!(
        inet_lines(&mut l, "eth0"),
        "    inet 192.168.1.50/24 brd 192.168.1.255 scope global eth0\n"
    );
}

/// ```text
/// # ifconfig r1v0 add 2001:db8::5/64; echo $?      → 0
///     inet6 2001:db8::5/64 scope global
/// # ifconfig r1v0 del 2001:db8::5/64; echo $?      → 0
/// # ifconfig r1v0 del 2001:db8::5/64; echo $?      → SIOCDIFADDR: Cannot assign requested address, 1
/// # ifconfig r1v0 add 2001:db8::8; ip -6 addr      → inet6 2001:db8::8/128 scope global
/// # ifconfig r1v0 add 2001:db8::zz/64; echo $?     → 2001:db8::zz: Resolver Error 0 (no error), 1
/// $ ifconfig r1v0 add 2001:db8::10/64; echo $?     → SIOCSIFADDR: Operation not permitted, 1
/// $ ifconfig r1v0 10.1.2.9; echo $?
/// SIOCSIFADDR: Operation not permitted
/// SIOCSIFFLAGS: Operation not permitted
/// 255
/// $ ifconfig r1v0 mtu 1300; echo $?                → SIOCSIFMTU: Operation not permitted, 1
/// $ ifconfig r1v0 netmask 255.0.0.0; echo $?       → SIOCSIFNETMASK: Operation not permitted, 1
/// ```
#[test]
fn ipv6_add_del_and_a_users_refusals() {
    let mut l = lab();
    assert_eq!(l.run("ifconfig eth0 add 2001:db8::5/64").status, 0);
    assert!(
        l.run("ip -6 addr show eth0")
            .stdout()
            .contains("inet6 2001:db8::5/64 scope global")
    );
    assert_eq!(l.run("ifconfig eth0 del 2001:db8::5/64").status, 0);
    let r = l.run("ifconfig eth0 del 2001:db8::5/64");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from("SIOCDIFADDR: Cannot assign requested address\n"),
            1
        )
    );
    l.run("ifconfig eth0 add 2001:db8::8");
    assert!(
        l.run("ip -6 addr show eth0")
            .stdout()
            .contains("inet6 2001:db8::8/128 scope global")
    );
    let r = l.run("ifconfig eth0 add 2001:db8::zz/64");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from("2001:db8::zz: Resolver Error 0 (no error)\n"),
            1
        )
    );
    l.run("exit");
    for (line, err, status) in [
        (
            "ifconfig eth0 add 2001:db8::10/64",
            "SIOCSIFADDR: Operation not permitted\n",
            1,
        ),
        (
            "ifconfig eth0 10.1.2.9",
            "SIOCSIFADDR: Operation not permitted\nSIOCSIFFLAGS: Operation not permitted\n",
            255,
        ),
        (
            "ifconfig eth0 mtu 1300",
            "SIOCSIFMTU: Operation not permitted\n",
            1,
        ),
        (
            "ifconfig eth0 netmask 255.0.0.0",
            "SIOCSIFNETMASK: Operation not permitted\n",
            1,
        ),
    ] {
        let r = l.run(line);
        assert_eq!(
            (r.stderr(), r.status),
            (String::from(err), status),
            "{line}"
        );
    }
}
