//! Golden tests: the lab's `ping` against iputils 20221126 run in a real
//! namespace set up like the lab (lo up, eth0 192.168.1.50/24 on a veth to
//! a namespace holding 192.168.1.1, default route, Debian's /etc/hosts
//! bind-mounted with `unshare -m`). The recording, with the commands, is
//! tests/fixtures/ping_real.txt (stdout and stderr merged, as a terminal
//! shows them). Only values that vary from run to run are normalised: round
//! trip times, the statistics' elapsed time and rtt figures.

use lolab_core::{Lab, LabConfig, OutputEvent};

const REAL: &str = include_str!("fixtures/ping_real.txt");

/// (command, merged output, exit status) for each case of the recording.
fn cases() -> Vec<(String, String, i32)> {
    let mut out = Vec::new();
    let mut cur: Option<(String, String)> = None;
    for line in REAL.split_inclusive('\n') {
        if let Some(cmd) = line.strip_prefix("$ ") {
            cur = Some((cmd.trim_end().to_string(), String::new()));
        } else if let Some(code) = line.strip_prefix("[exit ") {
            if let Some((cmd, text)) = cur.take() {
                let status = code.trim_end().trim_end_matches(']').parse().unwrap();
                out.push((cmd, text, status));
            }
        } else if let Some((_, text)) = cur.as_mut() {
            text.push_str(line);
        }
    }
    out
}

/// Replaces the digits after each marker with `N`.
fn normalise(text: &str) -> String {
    let mut s = String::new();
    for line in text.lines() {
        let mut l = line.to_string();
        for marker in ["time=", "time ", "rtt min/avg/max/mdev = "] {
            if let Some(i) = l.find(marker) {
                let start = i + marker.len();
                let end = l[start..]
                    .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '/'))
                    .map_or(l.len(), |e| start + e);
                l.replace_range(start..end, "N");
            }
        }
        s.push_str(&l);
        s.push('\n');
    }
    s
}

fn merged(events: &[OutputEvent]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            OutputEvent::Text { text, .. } => Some(text.as_str()),
            OutputEvent::Clear | OutputEvent::Terminal(_) => None,
        })
        .collect()
}

/// Cases whose real output depends on the recording machine, not on Linux:
/// - `nosuchhost`: the recording namespace had no DNS server at all
///   ("Temporary failure in name resolution"); the lab's router answers
///   NXDOMAIN ("Name or service not known"), as a connected host does.
/// - `-s 70000`: gVisor sent a 70 kB datagram; a Linux kernel refuses it
///   (the lab follows Linux: "message too long").
const MACHINE_SPECIFIC: &[&str] = &["ping -c1 nosuchhost", "ping -c1 -s 70000 127.0.0.1"];

#[test]
fn every_recorded_case_matches() {
    let cases = cases();
    assert!(cases.len() > 30, "fixture parsed: {} cases", cases.len());
    let mut failures = Vec::new();
    for (cmd, real, status) in cases {
        if MACHINE_SPECIFIC.contains(&cmd.as_str()) {
            continue;
        }
        let mut lab = Lab::new(LabConfig::default());
        lab.run("su");
        let r = lab.run(&cmd);
        let got = normalise(&merged(&r.events));
        let want = normalise(&real);
        if got != want || r.status != status {
            failures.push(format!(
                "$ {cmd}\n--- real (exit {status})\n{want}--- lab (exit {})\n{got}",
                r.status
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn unknown_host_is_nxdomain_from_the_lab_router() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("ping -c1 nosuchhost");
    assert_eq!(r.stderr(), "ping: nosuchhost: Name or service not known\n");
    assert_eq!(r.status, 2);
}

#[test]
fn message_too_long_on_lo() {
    // Real Linux 6.x (bare kernel, not gVisor), recorded in a namespace:
    //   ping -c1 -s 65508 127.0.0.1 -> ping: local error: message too long, mtu=65535
    //   ping -c1 -s 65528 ::1       -> ping: local error: message too long, mtu: 65536
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("ping -c1 -s 65508 127.0.0.1");
    assert_eq!(
        r.stderr(),
        "ping: local error: message too long, mtu=65535\n"
    );
    assert!(
        r.stdout()
            .contains("1 packets transmitted, 0 received, +1 errors, 100% packet loss")
    );
    assert_eq!(r.status, 1);
    let r = lab.run("ping -c1 -s 65528 ::1");
    assert_eq!(
        r.stderr(),
        "ping: local error: message too long, mtu: 65536\n"
    );
}
