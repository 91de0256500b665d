//! `ip route show SELECTOR` and `ip route flush SELECTOR` against iproute2
//! 6.1 on Linux: the transcript in fixtures/ip/route_filter_flush_real.txt
//! was recorded in a fresh network namespace with lo up; the same lines run
//! here in a namespace made the same way (`ip -n t`), and every output and
//! exit status must match.

mod transcript;

use lolab_core::{Lab, LabConfig};
use transcript::steps;

#[test]
fn route_selectors_and_flush_match_iproute2() {
    let transcript = include_str!("fixtures/ip/route_filter_flush_real.txt");
    let steps = steps(transcript);
    assert!(steps.len() > 30, "{} steps", steps.len());
    let mut lab = Lab::new(LabConfig::default());
    assert_eq!(lab.run("sudo ip netns add t").status, 0);
    assert_eq!(lab.run("sudo ip -n t link set lo up").status, 0);
    for (cmd, want, status) in steps {
        let rest = cmd.strip_prefix("ip ").expect("an ip command");
        let r = lab.run(&format!("sudo ip -n t {rest}"));
        let got = format!("{}{}", r.stdout(), r.stderr());
        assert_eq!((got.as_str(), r.status), (want.as_str(), status), "{cmd}");
    }
}

#[test]
fn a_user_cannot_flush() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("sudo ip route add 10.1.0.0/16 dev lo");
    // Recorded as `su nobody` in the same namespace: the dump works, the
    // deletion is refused; the cache file is root's.
    let r = lab.run("ip route flush dev lo");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        ("Failed to send flush request: Operation not permitted\n", 2)
    );
    let r = lab.run("ip route flush cache");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        (
            "Cannot open \"/proc/sys/net/ipv4/route/flush\": Permission denied\n",
            0
        )
    );
    assert!(lab.run("ip route").stdout().contains("10.1.0.0/16 dev lo"));
}
