//! The resolver's UDP socket is a descriptor of the process that looks a
//! name up, as glibc's is: `ss -p` shows it on the process's lowest free
//! descriptor, owned by the user who runs the lookup (`ss -e`), and the
//! kernel closes it however the process ends (Ctrl-C, `kill -9`). The DNS
//! server is made unreachable (`netem loss 100%` on eth0, as in
//! one_clock.rs) so the lookup waits with its socket open.

use lolab_core::{Duration, Lab, LabConfig};

/// A lab whose DNS queries are lost on the wire.
fn lab_without_dns() -> Lab {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("sudo tc qdisc add dev eth0 root netem loss 100%");
    assert_eq!(r.status, 0, "{}", r.stderr());
    lab
}

/// The lines of `ss -uaep` about a socket connected to the DNS server.
fn dns_sockets(lab: &mut Lab) -> Vec<String> {
    lab.run("ss -uaep")
        .stdout()
        .lines()
        .filter(|l| l.contains("192.168.1.1:domain"))
        .map(String::from)
        .collect()
}

#[test]
fn a_waiting_lookup_holds_its_socket_on_a_descriptor_of_its_own() {
    let mut lab = lab_without_dns();
    lab.run("getent hosts nowhere.example &");
    let lines = dns_sockets(&mut lab);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("users:((\"getent\",pid=") && lines[0].contains(",fd=3))"),
        "{lines:?}"
    );
    assert!(lines[0].contains(" uid:1000 "), "{lines:?}");
}

#[test]
fn kill_9_of_a_waiting_lookup_leaves_no_socket() {
    let mut lab = lab_without_dns();
    lab.run("getent hosts nowhere.example &");
    assert_eq!(dns_sockets(&mut lab).len(), 1);
    let r = lab.run("kill -9 %1");
    assert_eq!(r.status, 0);
    assert_eq!(dns_sockets(&mut lab), Vec::<String>::new());
}

#[test]
fn ctrl_c_in_getaddrinfo_leaves_no_socket() {
    let mut lab = lab_without_dns();
    let r = lab.run_for("ping -c 1 nowhere.example", Duration::from_secs(1));
    assert!(r.interrupted);
    assert_eq!(dns_sockets(&mut lab), Vec::<String>::new());
}

#[test]
fn a_lookup_that_ends_closes_its_socket() {
    let mut lab = lab_without_dns();
    // 5 s x 2 attempts, then EAI_AGAIN.
    let r = lab.run_for("getent hosts nowhere.example", Duration::from_secs(30));
    assert_eq!(r.status, 2);
    assert_eq!(dns_sockets(&mut lab), Vec::<String>::new());
}
