//! A process that moves itself into another namespace (`ip netns exec`,
//! `ip -n`) or onto another machine (`ssh`) stays there for its whole life:
//! every later step of a running command happens where it went.

use lolab_core::{Lab, LabConfig};

fn lab() -> Lab {
    Lab::new(LabConfig::default())
}

#[test]
fn a_running_command_stays_in_the_namespace_it_entered() {
    let mut l = lab();
    l.run("sudo ip netns add c1");
    l.run("sudo ip netns exec c1 ip link set lo up");
    assert_eq!(l.run("sudo ip -n c1 addr add 10.9.9.9/32 dev lo").status, 0);
    // Only c1 has 10.9.9.9: every probe after the first is sent on a later
    // step, and each is answered only if the process is still in c1.
    let r = l.run("sudo ip netns exec c1 ping -c 3 -i 0.2 10.9.9.9");
    assert!(
        r.stdout()
            .contains("3 packets transmitted, 3 received, 0% packet loss"),
        "{}",
        r.stdout()
    );
    // The shell itself never moved.
    assert!(!l.run("ip addr").stdout().contains("10.9.9.9"));
    assert_eq!(l.run("sudo ip -n c1 netns identify").stdout(), "c1\n");
    assert_eq!(l.run("ip netns identify").stdout(), "");
}

#[test]
fn entering_a_namespace_needs_root() {
    let mut l = lab();
    l.run("sudo ip netns add c1");
    let r = l.run("ip netns exec c1 hostname");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        (
            "setting the network namespace \"c1\" failed: Operation not permitted\n",
            255
        )
    );
    let r = l.run("ip -n c1 link");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        (
            "setting the network namespace \"c1\" failed: Operation not permitted\n",
            255
        )
    );
}

#[test]
fn an_ssh_command_runs_on_the_machine_until_it_ends() {
    let mut l = lab();
    let r = l.run("ssh laptop ping -c 2 -i 0.2 192.168.1.20");
    assert!(
        r.stdout().contains("PING 192.168.1.20 (192.168.1.20)")
            && r.stdout().contains("2 packets transmitted, 2 received"),
        "{}",
        r.stdout()
    );
    assert_eq!(l.run("ssh laptop hostname").stdout(), "laptop\n");
    assert_eq!(l.run("hostname").stdout(), "lab\n");
}

/// The first line of `ip -br link show DEV` without the MAC (random).
fn brief(l: &mut Lab, line: &str) -> String {
    let out = l.run(line).stdout();
    let words: Vec<&str> = out.split_whitespace().collect();
    words
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_veth_end_moved_to_a_namespace_keeps_its_peer() {
    let mut l = lab();
    l.run("sudo ip netns add c1");
    assert_eq!(
        l.run("sudo ip link add v0 type veth peer name v1").status,
        0
    );
    assert_eq!(l.run("sudo ip link set v1 netns c1").status, 0);
    // The kernel tells each end where its peer went: an index there, and
    // the namespace's name or nsid.
    let v0 = l.run("ip link show v0").stdout();
    assert!(
        v0.starts_with("4: v0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN")
            && v0.contains(" link-netns c1\n"),
        "{v0}"
    );
    let v1 = l.run("sudo ip -n c1 link show v1").stdout();
    assert!(
        v1.starts_with("2: v1@if4: <BROADCAST,MULTICAST>") && v1.contains(" link-netnsid 0\n"),
        "{v1}"
    );
    // One end up: no carrier until its peer is up too.
    l.run("sudo ip link set v0 up");
    assert_eq!(
        brief(&mut l, "ip -br link show v0"),
        "v0@if2 LOWERLAYERDOWN <NO-CARRIER,BROADCAST,MULTICAST,UP>"
    );
    assert!(
        l.run("ifconfig v0")
            .stdout()
            .starts_with("v0: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1500\n")
    );
    l.run("sudo ip -n c1 link set v1 up");
    assert_eq!(
        brief(&mut l, "ip -br link show v0"),
        "v0@if2 UP <BROADCAST,MULTICAST,UP,LOWER_UP>"
    );
    assert!(
        l.run("ifconfig v0")
            .stdout()
            .starts_with("v0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n")
    );
    // The kernel's refusals, with their extended-ack texts.
    let r = l.run("sudo ip link set v0 mtu 20");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        ("Error: mtu less than device minimum.\n", 2)
    );
    let r = l.run("sudo ip link set lo netns c1");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        ("Error: The interface netns is immutable.\n", 2)
    );
    // Deleting the namespace deletes the end inside it and its peer here.
    l.run("sudo ip netns del c1");
    assert_eq!(
        l.run("ip link show v0").stderr(),
        "Device \"v0\" does not exist.\n"
    );
}
