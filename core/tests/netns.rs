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
