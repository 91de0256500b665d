//! netcat-openbsd 1.219's UDP probe (`udptest`, done with `-v`) and its
//! port-number errors, against runs recorded on Linux 6.18 with Debian 12's
//! netcat-openbsd 1.219-1, inside a fresh network namespace (lo up):
//!
//! ```text
//! # nc -zu 127.0.0.1 53; echo rc=$?           (nothing listens: no test)
//! rc=0
//! # nc -zuv 127.0.0.1 53; echo rc=$?          (the second "X" is refused)
//! rc=1
//! # nc -lu 127.0.0.1 5000 >/tmp/srv.out &
//! # time nc -zuv 127.0.0.1 5000
//! Connection to 127.0.0.1 5000 port [udp/*] succeeded!
//! real 0m3.003s                               (2 writes, then 3 at 1 s)
//! # nc -zuv -w2 127.0.0.1 5000; cat /tmp/srv.out
//! Connection to 127.0.0.1 5000 port [udp/*] succeeded!
//! XXXX
//! # nc -zv 127.0.0.1 0; echo rc=$?
//! nc: port number too small: 0
//! rc=1
//! ```

use lolab_core::{Lab, LabConfig};

#[test]
fn udp_probe_without_verbose_reports_nothing_and_succeeds() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("nc -zu 127.0.0.1 53");
    assert_eq!(
        (r.stdout().as_str(), r.stderr().as_str(), r.status),
        ("", "", 0)
    );
}

#[test]
fn verbose_udp_probe_of_a_closed_port_fails_silently() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("nc -zuv 127.0.0.1 53");
    assert_eq!(
        (r.stdout().as_str(), r.stderr().as_str(), r.status),
        ("", "", 1)
    );
    // Without -z too: the test comes before any data.
    let r = lab.run("nc -uv -w1 127.0.0.1 53");
    assert_eq!((r.stderr().as_str(), r.status), ("", 1));
}

#[test]
fn verbose_udp_probe_of_an_open_port_writes_x_for_the_timeout() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("nc -lu 127.0.0.1 5000 > /tmp/srv.out &");
    let start = lab.now();
    let r = lab.run("nc -zuv -w2 127.0.0.1 5000");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        ("Connection to 127.0.0.1 5000 port [udp/*] succeeded!\n", 0)
    );
    let took = lab.now().saturating_since(start).millis();
    assert!(
        (2000..2100).contains(&took),
        "took {took} ms of virtual time"
    );
    lab.run("sleep 1");
    assert_eq!(lab.run("cat /tmp/srv.out").stdout(), "XXXX");
}

#[test]
fn port_zero_is_too_small() {
    let mut lab = Lab::new(LabConfig::default());
    for line in ["nc -zv 127.0.0.1 0", "nc -zv 127.0.0.1 0-5"] {
        let r = lab.run(line);
        assert_eq!(
            (r.stderr().as_str(), r.status),
            ("nc: port number too small: 0\n", 1),
            "{line}"
        );
    }
}
