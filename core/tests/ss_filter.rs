//! ss's FILTER (iproute2 6.1), compared with real runs recorded on Linux
//! 6.18 (Debian 12 iproute2 6.1) in a network namespace holding the same
//! sockets, made with OpenBSD nc:
//! `nc -l 127.0.0.1 8000 & nc -lu 127.0.0.1 5353 & nc -l ::1 9000 &` and a
//! client `nc 127.0.0.1 8000` (the real client's port was 49068; the lab's
//! client port is put in its place before comparing).

use lolab_core::{Lab, LabConfig};

/// The lab with the recorded sockets, and a function that runs `ss` with
/// the client's port written as the real one was.
fn lab() -> (Lab, String) {
    let mut l = Lab::new(LabConfig::default());
    for line in [
        "nc -l 127.0.0.1 8000 &",
        "nc -lu 127.0.0.1 5353 &",
        "nc -l ::1 9000 &",
        "nc 127.0.0.1 8000 &",
        "sleep 1",
    ] {
        l.run(line);
    }
    let client = l.run("ss -tanH dport = :8000").stdout();
    let port = client
        .split_whitespace()
        .nth(3)
        .and_then(|a| a.rsplit(':').next())
        .unwrap_or_default()
        .to_string();
    assert_eq!(port.len(), 5, "{client}");
    (l, port)
}

fn ss(l: &mut Lab, port: &str, line: &str) -> (String, String, i32) {
    let r = l.run(line);
    (r.stdout().replace(port, "49068"), r.stderr(), r.status)
}

fn ok(out: &str) -> (String, String, i32) {
    (String::from(out), String::new(), 0)
}

/// ```text
/// $ ss -tan sport = :8000      (also `sport :8000`, `sport = 8000`, `sport == :8000`)
/// State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
/// LISTEN 0      1          127.0.0.1:8000      0.0.0.0:*
/// ESTAB  0      0          127.0.0.1:8000    127.0.0.1:49068
/// $ ss -tan dport eq :8000
/// State Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
/// ESTAB 0      0          127.0.0.1:49068    127.0.0.1:8000
/// $ ss -tan ( sport = :8000 or dport = :8000 )   → the three 8000 lines
/// $ ss -tan ! sport = :8000
/// State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
/// ESTAB  0      0          127.0.0.1:49068    127.0.0.1:8000
/// LISTEN 0      1              [::1]:9000          [::]:*
/// $ ss -tanH 'sport = :9000 or sport = :8000 and dport = :49068'   (left to right)
/// ESTAB 0      0      127.0.0.1:8000 127.0.0.1:49068
/// $ ss -tan src [::1]
/// State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
/// LISTEN 0      1              [::1]:9000         [::]:*
/// $ ss -tan dst 127/8            → the two ESTAB lines (State column shown)
/// $ ss -tan state listening
/// Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
/// 0      1          127.0.0.1:8000      0.0.0.0:*
/// 0      1              [::1]:9000         [::]:*
/// $ ss -tan sport = :8000 & dport = :0
/// State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
/// LISTEN 0      1          127.0.0.1:8000      0.0.0.0:*
/// $ ss -tan autobound
/// State Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
/// ESTAB 0      0          127.0.0.1:49068    127.0.0.1:8000
/// $ ss -tan dst *:8000           → as autobound
/// ```
/// (Trailing blanks of the real lines are in the strings below.)
#[test]
fn filters_select_sockets_as_iproute2_does() {
    let (mut l, p) = lab();
    let sport = "State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\nLISTEN 0      1          127.0.0.1:8000      0.0.0.0:*           \nESTAB  0      0          127.0.0.1:8000    127.0.0.1:49068       \n";
    for f in [
        "sport = :8000",
        "sport :8000",
        "sport = 8000",
        "sport == :8000",
    ] {
        assert_eq!(ss(&mut l, &p, &format!("ss -tan {f}")), ok(sport), "{f}");
    }
    let client = "State Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\nESTAB 0      0          127.0.0.1:49068    127.0.0.1:8000       \n";
    assert_eq!(ss(&mut l, &p, "ss -tan dport eq :8000"), ok(client));
    assert_eq!(ss(&mut l, &p, "ss -tan autobound"), ok(client));
    assert_eq!(ss(&mut l, &p, "ss -tan dst '*:8000'"), ok(client));
    assert_eq!(
        ss(&mut l, &p, "ss -tan '(' sport = :8000 or dport = :8000 ')'"),
        ok(
            "State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\nLISTEN 0      1          127.0.0.1:8000       0.0.0.0:*           \nESTAB  0      0          127.0.0.1:49068    127.0.0.1:8000        \nESTAB  0      0          127.0.0.1:8000     127.0.0.1:49068       \n"
        )
    );
    assert_eq!(
        ss(&mut l, &p, "ss -tan '!' sport = :8000"),
        ok(
            "State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\nESTAB  0      0          127.0.0.1:49068    127.0.0.1:8000       \nLISTEN 0      1              [::1]:9000          [::]:*          \n"
        )
    );
    assert_eq!(
        ss(
            &mut l,
            &p,
            &format!("ss -tanH 'sport = :9000 or sport = :8000 and dport = :{p}'")
        ),
        ok("ESTAB 0      0      127.0.0.1:8000 127.0.0.1:49068\n")
    );
    assert_eq!(
        ss(&mut l, &p, "ss -tan src [::1]"),
        ok(
            "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nLISTEN 0      1              [::1]:9000         [::]:*          \n"
        )
    );
    assert_eq!(
        ss(&mut l, &p, "ss -tan dst 127/8"),
        ok(
            "State Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\nESTAB 0      0          127.0.0.1:49068    127.0.0.1:8000        \nESTAB 0      0          127.0.0.1:8000     127.0.0.1:49068       \n"
        )
    );
    assert_eq!(
        ss(&mut l, &p, "ss -tan state listening"),
        ok(
            "Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n0      1          127.0.0.1:8000      0.0.0.0:*          \n0      1              [::1]:9000         [::]:*          \n"
        )
    );
    assert_eq!(
        ss(&mut l, &p, "ss -tan sport = :8000 '&' dport = :0"),
        ok(
            "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nLISTEN 0      1          127.0.0.1:8000      0.0.0.0:*          \n"
        )
    );
}

/// ```text
/// $ ss -tan src ::1; echo $?
/// Error: an inet prefix is expected rather than ":".
/// Cannot parse dst/src address.
/// 1
/// $ ss -tan bogus               → … rather than "bogus". (1)
/// $ ss -tan dport = :nosuchsvc; echo $?
/// Error: "nosuchsvc" does not look like a port.
/// Cannot parse dst/src address.
/// 1
/// $ ss -tan state foo; echo $?  → ss: wrong state name: foo, 255
/// $ ss -tan sport; echo $?
/// ss: bison bellows (while parsing filter): "syntax error!" Sorry.
/// (ss -h's text)
/// 255
/// $ ss -tan 127.0.0.1           → the same syntax error
/// $ ss -tan dev nosuch; echo $? → Cannot parse device., 1
/// ```
#[test]
fn bad_filters_get_iproute2s_words() {
    let (mut l, p) = lab();
    let address = |w: &str| {
        (
            String::new(),
            format!(
                "Error: an inet prefix is expected rather than \"{w}\".\nCannot parse dst/src address.\n"
            ),
            1,
        )
    };
    assert_eq!(ss(&mut l, &p, "ss -tan src ::1"), address(":"));
    assert_eq!(ss(&mut l, &p, "ss -tan bogus"), address("bogus"));
    assert_eq!(
        ss(&mut l, &p, "ss -tan src 127.0.0.1/33"),
        address("127.0.0.1/33")
    );
    assert_eq!(
        ss(&mut l, &p, "ss -tan dport = :nosuchsvc"),
        (
            String::new(),
            String::from(
                "Error: \"nosuchsvc\" does not look like a port.\nCannot parse dst/src address.\n"
            ),
            1
        )
    );
    assert_eq!(
        ss(&mut l, &p, "ss -tan state foo"),
        (
            String::new(),
            String::from("ss: wrong state name: foo\n"),
            255
        )
    );
    let help = l.run("ss -h").stdout();
    for f in [
        "sport",
        "127.0.0.1",
        "'(' sport = :8000",
        "sport = :8000 ')'",
        "sport = :8000 or",
    ] {
        assert_eq!(
            ss(&mut l, &p, &format!("ss -tan {f}")),
            (
                String::new(),
                format!(
                    "ss: bison bellows (while parsing filter): \"syntax error!\" Sorry.\n{help}"
                ),
                255
            ),
            "{f}"
        );
    }
    assert_eq!(
        ss(&mut l, &p, "ss -tan dev nosuch"),
        (String::new(), String::from("Cannot parse device.\n"), 1)
    );
}
