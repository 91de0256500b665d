//! `net.ipv6.bindv6only` and the TCP ECN keys, against Linux: recorded on
//! Linux 6.18 (Debian 12 procps 4.0.2, netcat-openbsd 1.219, Python 3.11)
//! in a fresh network namespace; the bounds are 6.1's (`tcp_ecn` is
//! `proc_dou8vec_minmax` 0..=2, `bindv6only` a u8 without bounds).
//!
//! ```text
//! # sysctl net.ipv6.bindv6only net.ipv4.tcp_ecn net.ipv4.tcp_ecn_fallback
//! net.ipv6.bindv6only = 0
//! net.ipv4.tcp_ecn = 2
//! net.ipv4.tcp_ecn_fallback = 1
//! # sysctl -w net.ipv6.bindv6only=2      -> net.ipv6.bindv6only = 2
//! # sysctl -w net.ipv6.bindv6only=-1     -> sysctl: setting key "net.ipv6.bindv6only": Invalid argument (1)
//! # sysctl -w net.ipv4.tcp_ecn=3         -> sysctl: setting key "net.ipv4.tcp_ecn": Invalid argument (1)
//! # sysctl -w net.ipv6.bindv6only=1
//! # python3 -m http.server --bind :: 8000 &   (sets IPV6_V6ONLY=0 itself)
//! # nc -l :: 8001 &
//! # nc -l 0.0.0.0 8001 &
//! # ss -tln
//! State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
//! LISTEN 0      1            0.0.0.0:8001      0.0.0.0:*
//! LISTEN 0      5                  *:8000            *:*
//! LISTEN 0      1               [::]:8001         [::]:*
//! # python3 -m http.server --bind 0.0.0.0 8000
//! OSError: [Errno 98] Address already in use
//! # (with bindv6only=0) nc -l :: 8002 & ss -tln
//! LISTEN 0      1                  *:8002            *:*
//! ```

use lolab_core::{Lab, LabConfig};

#[test]
fn the_keys_exist_with_linux_defaults_and_bounds() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("sysctl net.ipv6.bindv6only net.ipv4.tcp_ecn net.ipv4.tcp_ecn_fallback");
    assert_eq!(
        r.stdout(),
        "net.ipv6.bindv6only = 0\nnet.ipv4.tcp_ecn = 2\nnet.ipv4.tcp_ecn_fallback = 1\n"
    );
    let r = lab.run("sudo sysctl -w net.ipv6.bindv6only=2");
    assert_eq!(
        (r.stdout().as_str(), r.status),
        ("net.ipv6.bindv6only = 2\n", 0)
    );
    for (line, key) in [
        (
            "sudo sysctl -w net.ipv6.bindv6only=-1",
            "net.ipv6.bindv6only",
        ),
        ("sudo sysctl -w net.ipv4.tcp_ecn=3", "net.ipv4.tcp_ecn"),
        (
            "sudo sysctl -w net.ipv4.tcp_ecn_fallback=2",
            "net.ipv4.tcp_ecn_fallback",
        ),
    ] {
        let r = lab.run(line);
        assert_eq!(
            (r.stderr(), r.status),
            (
                format!("sysctl: setting key \"{key}\": Invalid argument\n"),
                1
            ),
            "{line}"
        );
    }
}

#[test]
fn bindv6only_makes_new_ipv6_sockets_v6_only() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("sudo sysctl -w net.ipv6.bindv6only=1");
    lab.run("python3 -m http.server --bind :: 8000 > /dev/null 2>&1 &");
    lab.run("nc -l :: 8001 &");
    lab.run("nc -l 0.0.0.0 8001 &");
    lab.run("sleep 1");
    let listing = lab.run("ss -tln").stdout();
    let mut rows: Vec<&str> = listing.lines().skip(1).map(str::trim_end).collect();
    rows.sort_unstable();
    assert_eq!(
        rows,
        [
            "LISTEN 0      1               [::]:8001         [::]:*",
            "LISTEN 0      1            0.0.0.0:8001      0.0.0.0:*",
            "LISTEN 0      5                  *:8000            *:*",
        ]
    );
    // http.server clears IPV6_V6ONLY itself: 0.0.0.0:8000 stays taken.
    let r = lab.run("python3 -m http.server --bind 0.0.0.0 8000");
    assert!(
        r.stderr()
            .ends_with("OSError: [Errno 98] Address already in use\n"),
        "{}",
        r.stderr()
    );
    // With the default, :: is dual-stack (recorded: `*:8002`).
    let mut lab = Lab::new(LabConfig::default());
    lab.run("nc -l :: 8002 &");
    lab.run("sleep 1");
    let listing = lab.run("ss -tln").stdout();
    assert_eq!(
        listing.lines().nth(1).map(str::trim_end),
        Some("LISTEN 0      1                  *:8002            *:*")
    );
}
