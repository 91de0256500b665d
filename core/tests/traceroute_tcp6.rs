//! `traceroute -T` to IPv6 hosts (traceroute 2.1.2, recorded as root on
//! Linux 6.18 in a namespace with lo up):
//! ```text
//! # traceroute -T -n -q1 ::1
//! traceroute to ::1 (::1), 30 hops max, 80 byte packets
//!  1  ::1  0.026 ms
//! # traceroute -T -n ::1
//! traceroute to ::1 (::1), 30 hops max, 80 byte packets
//!  1  ::1  0.389 ms  0.322 ms  0.276 ms
//! ```

use lolab_core::{Duration, Lab, LabConfig};

/// The times of a hop line (`0.026 ms`) as `T ms`.
fn norm(s: &str) -> String {
    s.split_inclusive(' ')
        .map(|w| {
            let body = w.trim_end();
            let timing = body.contains('.')
                && body
                    .split('.')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
                && body.split('.').count() == 2;
            if timing {
                w.replacen(body, "T", 1)
            } else {
                w.to_string()
            }
        })
        .collect()
}

#[test]
fn tcp_syn_probes_reach_an_ipv6_host() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("su");
    for (cmd, real) in [
        (
            "traceroute -T -n -q1 ::1",
            "traceroute to ::1 (::1), 30 hops max, 80 byte packets\n 1  ::1  0.026 ms\n",
        ),
        (
            "traceroute -T -n ::1",
            "traceroute to ::1 (::1), 30 hops max, 80 byte packets\n 1  ::1  0.389 ms  0.322 ms  0.276 ms\n",
        ),
    ] {
        let r = lab.run_for(cmd, Duration::from_secs(100));
        assert_eq!(
            (norm(&(r.stdout() + &r.stderr())), r.status),
            (norm(real), 0),
            "{cmd}"
        );
    }
}
