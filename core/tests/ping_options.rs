//! ping's options beyond the everyday ones, against iputils 20221126 run
//! as an unprivileged user in a real namespace (lo up). The recording,
//! with its commands, is tests/fixtures/ping_options_real.txt (stdout and
//! stderr merged). Values that vary from run to run are normalised: round
//! trip times, the elapsed time and the rtt and ipg/ewma figures.

use lolab_core::{Duration, Lab, LabConfig, OutputEvent};

const REAL: &str = include_str!("fixtures/ping_options_real.txt");

/// (command, merged output, exit status) for each case of the recording.
fn cases() -> Vec<(String, String, i32)> {
    let mut out = Vec::new();
    let mut cur: Option<(String, String)> = None;
    for line in REAL.split_inclusive('\n') {
        if line.starts_with('#') {
            continue;
        }
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

/// Replaces the figures after each marker with `N`.
fn normalise(text: &str) -> String {
    let mut s = String::new();
    for line in text.lines() {
        let mut l = line.to_string();
        for marker in ["time=", "time ", "rtt min/avg/max/mdev = ", "ipg/ewma "] {
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

#[test]
fn every_recorded_option_matches() {
    let cases = cases();
    assert!(cases.len() > 30, "fixture parsed: {} cases", cases.len());
    let mut failures = Vec::new();
    for (cmd, real, status) in cases {
        let mut lab = Lab::new(LabConfig::default());
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

/// The bell of -a ends each reply line, before its newline (recorded with
/// `ping -a -c1 127.0.0.1 | od -c`: `... t i m e = 0 . 0 3 2   m s \a \n`).
#[test]
fn audible_rings_after_each_reply() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("ping -a -c2 -i 0.2 127.0.0.1");
    assert_eq!(r.stdout().matches(" ms\x07\n").count(), 2, "{r:?}");
}

/// -O, recorded as the same user towards a neighbour that never answers
/// (a veth whose peer has no address):
/// ```text
/// $ ping -c3 -O -i0.3 -W1 10.9.9.2
/// PING 10.9.9.2 (10.9.9.2) 56(84) bytes of data.
/// no answer yet for icmp_seq=1
/// no answer yet for icmp_seq=2
///
/// --- 10.9.9.2 ping statistics ---
/// 3 packets transmitted, 0 received, 100% packet loss, time 624ms
///
/// [exit 1]
/// ```
#[test]
fn outstanding_probes_are_reported() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run_for(
        "ping -c3 -O -i0.3 -W1 192.168.1.99",
        Duration::from_secs(30),
    );
    assert_eq!(
        normalise(&r.stdout()),
        "PING 192.168.1.99 (192.168.1.99) 56(84) bytes of data.\nno answer yet for icmp_seq=1\nno answer yet for icmp_seq=2\n\n--- 192.168.1.99 ping statistics ---\n3 packets transmitted, 0 received, 100% packet loss, time Nms\n\n"
    );
    assert_eq!(r.status, 1);
}

/// -R and -T would need IPv4 options in the probes, which the lab's
/// network does not carry: ping fails as its setsockopt(IP_OPTIONS) would
/// on such a kernel (ENOPROTOOPT), in its own words.
#[test]
fn ipv4_options_are_refused_as_the_kernel_would() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("ping -c1 -R 127.0.0.1");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from("ping: record route: Protocol not available\n"),
            2
        )
    );
    let r = lab.run("ping -c1 -T tsonly 127.0.0.1");
    assert_eq!(
        (r.stderr(), r.status),
        (String::from("ping: ts option: Protocol not available\n"), 2)
    );
}
