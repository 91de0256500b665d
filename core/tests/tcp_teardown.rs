//! TCP teardown on loopback against real Linux: who closes first, which
//! segments carry the FINs and their ACKs, and which end `ss -tan` shows in
//! TIME-WAIT afterwards.
//!
//! The recordings are in `fixtures/tcp_teardown/real_teardown.txt`, made
//! by `record.sh` beside it (Linux 6.18 on a VM, Debian 12 curl 7.88.1,
//! Python 3.11, netcat-openbsd, inetutils telnet, in a network namespace
//! of its own). Real runs differ by timing: when python3's http.server
//! closes before curl does (its run 3, and most runs: six of nine counted
//! here), curl's socket takes the FIN in ESTABLISHED, goes to CLOSE-WAIT
//! and does not ACK it at once (`tcp_fin` enters pingpong mode, the ACK is
//! delayed); curl's close() sends its own FIN carrying that ACK, and only
//! the server ends in TIME-WAIT. (Its runs 1 and 2 are the races curl won:
//! curl's FIN first, then either crossing FINs and two TIME-WAITs or the
//! server in LAST-ACK.) The lab, deterministic, runs the common order.

use lolab_core::{Lab, LabConfig};

const REAL: &str = include_str!("fixtures/tcp_teardown/real_teardown.txt");

/// The part of the recording under `## {title}` up to the next `## `.
fn section(title: &str) -> &'static str {
    let start = REAL
        .find(&format!("## {title}\n"))
        .expect("section in the recording");
    let rest = &REAL[start + title.len() + 4..];
    &rest[..rest.find("\n## ").map_or(rest.len(), |i| i + 1)]
}

/// The tcpdump lines of a section (or of lab output).
fn dump_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.contains(" IP ")).collect()
}

/// From the first FIN on, the segments that carry a FIN or acknowledge
/// one, each as `who [flags] seq X ack Y` with the numbers named after the
/// connection's two FIN sequence numbers: `S` (the server's FIN) and `C`
/// (the client's FIN), so recordings with other payload sizes compare.
/// Left out: a pure ACK of data only (`ack S`). The lab's server writes
/// and closes in one instant, so its FIN follows the response before the
/// client's ACK of the response, which in the recordings goes out before
/// the server's close; that is the programs' timing, not the teardown.
fn symbolic(lines: &[&str], server_port: u16) -> Vec<String> {
    let server = format!("127.0.0.1.{server_port} >");
    let field = |l: &str, key: &str| -> Option<u32> {
        let i = l.find(key)? + key.len();
        let digits: String = l[i..].chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    let fin_seq = |from_server: bool| {
        lines
            .iter()
            .find(|l| l.contains("[F") && l.contains(&server) == from_server)
            .and_then(|l| field(l, ", seq "))
            .expect("a FIN from each end")
    };
    let (s, c) = (fin_seq(true), fin_seq(false));
    let name = |n: u32| match n {
        _ if n == s => "S".to_string(),
        _ if n == s + 1 => "S+1".to_string(),
        _ if n == c => "C".to_string(),
        _ if n == c + 1 => "C+1".to_string(),
        _ => n.to_string(),
    };
    let first_fin = lines.iter().position(|l| l.contains("[F")).unwrap_or(0);
    lines[first_fin..]
        .iter()
        .map(|l| {
            let who = if l.contains(&server) {
                "server"
            } else {
                "client"
            };
            let flags = l
                .split("Flags [")
                .nth(1)
                .and_then(|f| f.split(']').next())
                .unwrap_or("");
            let seq = field(l, ", seq ").map_or(String::new(), |n| format!(" seq {}", name(n)));
            let ack = field(l, ", ack ").map_or(String::new(), |n| format!(" ack {}", name(n)));
            format!("{who} [{flags}]{seq}{ack}")
        })
        .filter(|seg| seg.contains("[F") || seg.ends_with("+1"))
        .collect()
}

/// The `ss -tan` rows of the connection whose client port is in `dump`.
fn conn_rows(ss: &str, dump: &[&str], server_port: u16) -> Vec<String> {
    let syn = dump.first().expect("a SYN");
    let client = syn
        .split(" > ")
        .next()
        .and_then(|s| s.rsplit('.').next())
        .expect("the client's port");
    let (cl, sv) = (
        format!("127.0.0.1:{client} "),
        format!("127.0.0.1:{server_port} "),
    );
    ss.lines()
        .filter(|l| l.contains(&cl))
        .map(|l| {
            let state = l.split_whitespace().next().unwrap_or("");
            let side = if l.find(&sv) < l.find(&cl) {
                "server"
            } else {
                "client"
            };
            format!("{state} {side}")
        })
        .collect()
}

fn lab_run(lab: &mut Lab, line: &str) -> String {
    let r = lab.run(line);
    format!("{}{}", r.stdout(), r.stderr())
}

#[test]
fn curl_against_http_server_leaves_the_server_in_time_wait() {
    let real = section("curl run 3");
    let real_dump = dump_lines(real);
    let mut lab = Lab::new(LabConfig::default());
    lab_run(&mut lab, "python3 -m http.server 8000 --bind 127.0.0.1 &");
    lab_run(&mut lab, "sudo tcpdump -i lo -n -w /tmp/t.pcap &");
    let ss = lab_run(&mut lab, "curl -s 127.0.0.1:8000 >/dev/null; ss -tan");
    let dump = lab_run(&mut lab, "tcpdump -r /tmp/t.pcap -n");
    let lab_dump = dump_lines(&dump);
    let expected = [
        "server [F.] seq S ack C",
        "client [F.] seq C ack S+1",
        "server [.] ack C+1",
    ];
    assert_eq!(symbolic(&real_dump, 8000), expected, "{real}");
    assert_eq!(symbolic(&lab_dump, 8000), expected, "{dump}");
    assert_eq!(
        conn_rows(real, &real_dump, 8000),
        ["TIME-WAIT server"],
        "{real}"
    );
    assert_eq!(
        conn_rows(&ss, &lab_dump, 8000),
        ["TIME-WAIT server"],
        "{ss}"
    );
}

#[test]
fn telnet_against_nc_leaves_the_server_in_time_wait() {
    for run in ["telnet run 1", "telnet run 2"] {
        let real = section(run);
        let real_dump = dump_lines(real);
        let mut lab = Lab::new(LabConfig::default());
        lab_run(&mut lab, "echo '220 welcome' > banner");
        lab_run(&mut lab, "sudo tcpdump -i lo -n -w /tmp/t.pcap &");
        lab_run(&mut lab, "nc -N -l 127.0.0.1 9000 < banner > /dev/null &");
        let out = lab_run(&mut lab, "telnet 127.0.0.1 9000 2>&1; ss -tan");
        let dump = lab_run(&mut lab, "tcpdump -r /tmp/t.pcap -n");
        let lab_dump = dump_lines(&dump);
        let expected = [
            "server [F.] seq S ack C",
            "client [F.] seq C ack S+1",
            "server [.] ack C+1",
        ];
        assert_eq!(symbolic(&real_dump, 9000), expected, "{real}");
        assert_eq!(symbolic(&lab_dump, 9000), expected, "{dump}");
        assert_eq!(conn_rows(real, &real_dump, 9000), ["TIME-WAIT server"]);
        assert_eq!(
            conn_rows(&out, &lab_dump, 9000),
            ["TIME-WAIT server"],
            "{out}"
        );
        let telnet: String = real
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with("State"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(out.starts_with(&telnet), "{out}");
    }
}

/// A TIME-WAIT row whose local address is the server's.
fn is_server_time_wait(row: &str) -> bool {
    let f: Vec<&str> = row.split_whitespace().collect();
    f.first() == Some(&"TIME-WAIT") && f.get(3) == Some(&"127.0.0.1:8000")
}

/// `ss -o` shows the TIME-WAIT timer counting down from 60 s
/// (fixtures/tcp_teardown/real_ss_timer.txt, made by record_timer.sh: in
/// that run the FINs crossed and both ends waited; the server's row is the
/// one compared).
#[test]
fn ss_o_shows_the_time_wait_timer() {
    let real = include_str!("fixtures/tcp_teardown/real_ss_timer.txt");
    let server_rows: Vec<&str> = real.lines().filter(|l| is_server_time_wait(l)).collect();
    let real_timers: Vec<&str> = server_rows
        .iter()
        .filter_map(|l| l.split_whitespace().last())
        .collect();
    assert_eq!(
        real_timers,
        ["timer:(timewait,59sec,0)", "timer:(timewait,57sec,0)"]
    );
    let mut lab = Lab::new(LabConfig::default());
    lab_run(&mut lab, "python3 -m http.server 8000 --bind 127.0.0.1 &");
    let out = lab_run(
        &mut lab,
        "curl -s 127.0.0.1:8000 >/dev/null; ss -tan -o; sleep 2.5; ss -tan -o",
    );
    let lab_timers: Vec<&str> = out
        .lines()
        .filter(|l| is_server_time_wait(l))
        .filter_map(|l| l.split_whitespace().last())
        .collect();
    // Known difference: the first `ss` runs at the very instant the
    // TIME-WAIT began in the lab (60 000 ms left, which ss prints as
    // `1min`); the real one starts a few milliseconds after curl exits.
    assert_eq!(lab_timers.len(), 2, "{out}");
    assert_eq!(
        lab_timers.first(),
        Some(&"timer:(timewait,1min,0)"),
        "{out}"
    );
    assert_eq!(lab_timers.get(1), real_timers.get(1), "{out}");
    // The row of the client, gone (LAST-ACK, then CLOSED), has no timer
    // left; LISTEN never has one.
    assert!(
        out.lines()
            .filter(|l| l.starts_with("LISTEN"))
            .all(|l| !l.contains("timer:"))
    );
}

/// The client closes first (`nc -N` shuts down its write side at the end
/// of its input; `nc -l` then sees end-of-file and closes): its FIN is
/// answered by the server's FIN carrying the ACK, and the client alone
/// ends in TIME-WAIT (fixtures/tcp_teardown/real_nc_teardown.txt, made by
/// record_nc.sh, both runs alike).
#[test]
fn nc_client_closing_first_is_the_one_in_time_wait() {
    let real_all = include_str!("fixtures/tcp_teardown/real_nc_teardown.txt");
    let expected = [
        "client [F.] seq C ack S",
        "server [F.] seq S ack C+1",
        "client [.] ack S+1",
    ];
    for run in ["## nc run 1\n", "## nc run 2\n"] {
        let start = real_all.find(run).expect("run in the recording");
        let rest = &real_all[start + run.len()..];
        let real = &rest[..rest.find("\n## ").map_or(rest.len(), |i| i + 1)];
        let real_dump = dump_lines(real);
        assert_eq!(symbolic(&real_dump, 9001), expected, "{real}");
        assert_eq!(
            conn_rows(real, &real_dump, 9001),
            ["TIME-WAIT client"],
            "{real}"
        );
    }
    let mut lab = Lab::new(LabConfig::default());
    lab_run(&mut lab, "sudo tcpdump -i lo -n -w /tmp/t.pcap &");
    lab_run(&mut lab, "nc -l 127.0.0.1 9001 > /dev/null &");
    let ss = lab_run(&mut lab, "echo hi | nc -N 127.0.0.1 9001; ss -tan");
    let dump = lab_run(&mut lab, "tcpdump -r /tmp/t.pcap -n");
    let lab_dump = dump_lines(&dump);
    assert_eq!(symbolic(&lab_dump, 9001), expected, "{dump}");
    assert_eq!(
        conn_rows(&ss, &lab_dump, 9001),
        ["TIME-WAIT client"],
        "{ss}"
    );
}

/// `ss state NAME` / `exclude NAME`, the way one lists the TIME-WAIT
/// sockets, and its two errors, against
/// fixtures/tcp_teardown/real_ss_state.txt (made by record_state.sh after
/// one `nc -N` exchange, so the client's socket alone is in TIME-WAIT).
/// The client's ephemeral port is the one value masked (same width).
#[test]
fn ss_state_filter_as_recorded() {
    let text = include_str!("fixtures/tcp_teardown/real_ss_state.txt");
    let mut lab = Lab::new(LabConfig::default());
    lab_run(&mut lab, "nc -l 127.0.0.1 9001 > /dev/null &");
    lab_run(&mut lab, "echo hi | nc -N 127.0.0.1 9001");
    let mask = |s: &str| {
        s.split_inclusive('\n')
            .map(|l| match l.find("127.0.0.1:") {
                Some(i) if !l[i..].starts_with("127.0.0.1:9001") => {
                    let port = i + "127.0.0.1:".len();
                    let end = l[port..]
                        .find(|c: char| !c.is_ascii_digit())
                        .map_or(l.len(), |e| port + e);
                    format!("{}PORT{}", &l[..port], &l[end..])
                }
                _ => l.to_string(),
            })
            .collect::<String>()
    };
    let mut checked = 0;
    for block in text
        .split("\n$ ")
        .map(|b| b.trim_start_matches("# ").trim_start_matches("$ "))
    {
        let Some((cmd, rest)) = block.split_once("\n--- stdout\n") else {
            continue;
        };
        let (stdout, rest) = rest.split_once("--- stderr\n").unwrap();
        let (stderr, rest) = rest.split_once("--- exit ").unwrap();
        let status: i32 = rest.trim().lines().next().unwrap().parse().unwrap();
        let got = lab.run(cmd);
        assert_eq!(
            (mask(&got.stdout()), got.stderr(), got.status),
            (mask(stdout), stderr.to_string(), status),
            "$ {cmd}"
        );
        checked += 1;
    }
    assert_eq!(checked, 5);
}
