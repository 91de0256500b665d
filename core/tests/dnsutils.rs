//! dig, host and nslookup (bind9-dnsutils 9.18) against the real
//! programs' recorded output.
//!
//! Recorded on Linux 6.18 with Debian 12's bind9-dnsutils
//! 9.18.47-1~deb12u1 in two network namespaces joined by a veth: `dnc`
//! (192.168.1.50/24, default via 192.168.1.1, `/etc/resolv.conf`
//! `nameserver 192.168.1.1` and Debian's stock `/etc/hosts` through
//! `/etc/netns/dnc/`) and `dnr` (192.168.1.1/24) running dnsmasq 2.90 as a
//! home router with no upstream:
//!
//! ```text
//! dnsmasq -k --no-resolv --domain=lan --local=/lan/ --address=/#/ \
//!   --expand-hosts --addn-hosts=HOSTS        # HOSTS: 192.168.1.1 router
//!                                            #        192.168.1.20 laptop
//! ```
//!
//! with the router's own `/etc/hosts` holding `127.0.0.1 localhost` and
//! `::1 localhost ip6-localhost ip6-loopback`. Each command's standard
//! output, standard error and exit status are in
//! fixtures/dnsutils/rec_*.txt (`$ CMD`, `--- stdout`, `--- stderr`,
//! `--- exit N`). The query id, `Query time` and `WHEN` vary and are
//! normalised (and host -v's `in N ms`); everything else is compared
//! byte for byte.

use lolab_core::{Lab, LabConfig};

/// One recorded command.
struct Recorded {
    cmd: String,
    stdout: String,
    stderr: String,
    status: i32,
}

fn recordings(text: &str) -> Vec<Recorded> {
    let mut out = Vec::new();
    for block in text.split("\n$ ").map(|b| b.trim_start_matches("$ ")) {
        let Some((cmd, rest)) = block.split_once("\n--- stdout\n") else {
            continue;
        };
        let (stdout, rest) = rest.split_once("--- stderr\n").expect("stderr");
        let (stderr, rest) = rest.split_once("--- exit ").expect("exit");
        let status = rest.trim().lines().next().unwrap().parse().unwrap();
        out.push(Recorded {
            cmd: cmd.to_string(),
            stdout: stdout.to_string(),
            stderr: stderr.to_string(),
            status,
        });
    }
    out
}

/// The id, the query time and the date, which vary from run to run.
fn norm(s: &str) -> String {
    s.lines()
        .map(|l| {
            if l.starts_with(";; WHEN: ") {
                String::from(";; WHEN: D")
            } else if l.starts_with(";; Query time: ") {
                String::from(";; Query time: N msec")
            } else if l.starts_with("Received ")
                && let Some((head, _)) = l.split_once(" in ")
            {
                format!("{head} in N ms")
            } else if let Some((head, _)) = l.split_once(", id: ") {
                format!("{head}, id: N")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[track_caller]
fn check(file: &str, text: &str, skip: &[&str]) {
    let mut lab = Lab::new(LabConfig::default());
    let mut failures = Vec::new();
    let all = recordings(text);
    assert!(all.len() >= 3, "{file}: no recordings");
    for r in all {
        if skip.contains(&r.cmd.as_str()) {
            continue;
        }
        let got = lab.run(&r.cmd);
        let (out, err) = (norm(&got.stdout()), norm(&got.stderr()));
        if out != norm(&r.stdout) || err != norm(&r.stderr) || got.status != r.status {
            failures.push(format!(
                "$ {}\n--- want (exit {})\n{}{}--- got (exit {})\n{}{}",
                r.cmd, r.status, r.stdout, r.stderr, got.status, out, err
            ));
        }
    }
    assert!(failures.is_empty(), "{file}:\n{}", failures.join("\n"));
}

#[test]
fn dig_as_recorded() {
    check(
        "rec_dig.txt",
        include_str!("fixtures/dnsutils/rec_dig.txt"),
        &[],
    );
}

#[test]
fn dig_options_as_recorded() {
    check(
        "rec_dig_opts.txt",
        include_str!("fixtures/dnsutils/rec_dig_opts.txt"),
        &[],
    );
}

#[test]
fn host_as_recorded() {
    check(
        "rec_host.txt",
        include_str!("fixtures/dnsutils/rec_host.txt"),
        &[],
    );
}

/// host and nslookup use resolv.conf's search list (recorded with
/// `search lan` added: rec_search.txt); dig does not.
#[test]
fn host_and_nslookup_search_as_recorded() {
    let text = include_str!("fixtures/dnsutils/rec_search.txt");
    let mut lab = Lab::new(LabConfig::default());
    lab.run("sudo sed -i '$a search lan' /etc/resolv.conf");
    for r in recordings(text) {
        let got = lab.run(&r.cmd);
        assert_eq!(
            (norm(&got.stdout()), got.status),
            (norm(&r.stdout), r.status),
            "$ {}",
            r.cmd
        );
    }
    let r = lab.run("dig +short router");
    assert_eq!(r.stdout(), "192.168.1.1\n", "the bare name, asked as it is");
}

/// No route to the server (a fresh namespace: `lo` down): dig's `UDP
/// setup ... failed: network unreachable.` each try, status 9; `-x` with
/// what is not an address; host's missing argument (rec_setup.txt,
/// recorded in a namespace with only `lo` and resolv.conf naming
/// 10.255.255.53, here the lab's 192.168.1.1).
#[test]
fn no_route_and_odd_arguments_as_recorded() {
    let text =
        include_str!("fixtures/dnsutils/rec_setup.txt").replace("10.255.255.53", "192.168.1.1");
    let mut lab = Lab::new(LabConfig::default());
    lab.run("sudo ip netns add c");
    for r in recordings(&text) {
        // wget's dates vary; its lines are checked in tests/wget.rs.
        let got = lab.run(&format!("sudo ip netns exec c {}", r.cmd));
        if r.cmd.starts_with("wget") {
            let strip = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
            assert_eq!(
                (strip(&got.stderr()), got.status),
                (strip(&r.stderr), r.status),
                "$ {}",
                r.cmd
            );
            continue;
        }
        assert_eq!(
            (norm(&got.stdout()), norm(&got.stderr()), got.status),
            (norm(&r.stdout), norm(&r.stderr), r.status),
            "$ {}",
            r.cmd
        );
    }
}

#[test]
fn host_verbose_as_recorded() {
    check(
        "rec_host_v.txt",
        include_str!("fixtures/dnsutils/rec_host_v.txt"),
        &[],
    );
}

#[test]
fn nslookup_as_recorded() {
    check(
        "rec_nslookup.txt",
        include_str!("fixtures/dnsutils/rec_nslookup.txt"),
        &[],
    );
    // The lab has no printf yet (bash's builtin is another branch's).
    check(
        "rec_nslookup2.txt",
        include_str!("fixtures/dnsutils/rec_nslookup2.txt"),
        &["printf 'laptop\\nnosuch.lan\\n' | nslookup"],
    );
    check(
        "rec_nslookup3.txt",
        include_str!("fixtures/dnsutils/rec_nslookup3.txt"),
        &[],
    );
}

#[test]
fn unreachable_servers_time_out_as_recorded() {
    check(
        "rec_timeouts.txt",
        include_str!("fixtures/dnsutils/rec_timeouts.txt"),
        &[],
    );
}

/// dig tries 3 times 5 s, host 2 times, nslookup 3 times (timed on the
/// recording machine: 15.04 s, 10.04 s, 15.04 s).
#[test]
fn timeouts_take_the_recorded_time() {
    let mut lab = Lab::new(LabConfig::default());
    for (cmd, secs) in [
        ("dig @192.168.1.99 laptop", 15),
        ("host laptop 192.168.1.99", 10),
        ("nslookup laptop 192.168.1.99", 15),
        ("dig +time=1 +tries=2 @192.168.1.99 laptop", 2),
    ] {
        let before = lab.now();
        lab.run(cmd);
        let took = lab.now() - before;
        assert!(
            took >= lolab_core::Duration::from_secs(secs)
                && took < lolab_core::Duration::from_millis(secs * 1000 + 100),
            "{cmd}: {took:?}"
        );
    }
}

/// dig does not read /etc/hosts: it asks the DNS server, whatever the
/// file says; getent (glibc) reads the file first.
#[test]
fn dig_asks_dns_not_etc_hosts() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("sudo sed -i '$a 127.0.0.5 app.test' /etc/hosts");
    assert!(
        lab.run("getent hosts app.test")
            .stdout()
            .contains("127.0.0.5")
    );
    let r = lab.run("dig +short app.test");
    assert_eq!((r.stdout().as_str(), r.status), ("", 0));
    let r = lab.run("dig app.test");
    assert!(r.stdout().contains("status: NXDOMAIN"), "{}", r.stdout());
    let r = lab.run("host app.test");
    assert_eq!(
        (r.stdout().as_str(), r.status),
        ("Host app.test not found: 3(NXDOMAIN)\n", 1)
    );
    // The router's own /etc/hosts answers localhost.
    assert_eq!(lab.run("dig +short localhost").stdout(), "127.0.0.1\n");
}

/// A resolv.conf pointing elsewhere moves all three tools.
#[test]
fn the_tools_read_resolv_conf() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("sudo sed -i 's/192.168.1.1/192.168.1.20/' /etc/resolv.conf");
    let r = lab.run("dig +short +tries=1 laptop");
    assert_eq!(
        (r.stdout().as_str(), r.status),
        (
            ";; communications error to 192.168.1.20#53: connection refused\n;; no servers could be reached\n",
            9
        )
    );
    let r = lab.run("dig +short @192.168.1.1 laptop");
    assert_eq!(r.stdout(), "192.168.1.20\n");
}

/// Random command lines of these tools (and wget's, telnet's) end, never
/// panic, and leave the lab answering.
#[test]
fn random_lines_of_the_tools_end() {
    const PROGRAMS: &[&str] = &["dig", "host", "nslookup", "wget", "telnet"];
    const WORDS: &[&str] = &[
        "@192.168.1.1",
        "@router.lan",
        "@::1",
        "@",
        "-x",
        "192.168.1.20",
        "::1",
        "-t",
        "-p",
        "53",
        "0",
        "65536",
        "-4",
        "-6",
        "+short",
        "+tcp",
        "+noall",
        "+answer",
        "+time=1",
        "+tries=1",
        "+retry=0",
        "+nocmd",
        "ANY",
        "AAAA",
        "MX",
        "PTR",
        "TYPE99",
        "CH",
        "laptop",
        "localhost",
        ".",
        "..",
        "a..b",
        "-type=MX",
        "-port=5353",
        "-retry=1",
        "-timeout=1",
        "-v",
        "-a",
        "-W",
        "1",
        "-R",
        "-T",
        "-O",
        "-",
        "-q",
        "-S",
        "--spider",
        "-nv",
        "http://127.0.0.1:8000/",
        "http://[::1]:8000/x",
        "http://:80",
        "ftp://x",
        "localhost:8000",
        "-z",
        "--",
        "''",
        "\"\"",
        "-é",
        "+ñ",
        "@é",
        "é",
    ];
    let mut lab = Lab::new(LabConfig::default());
    lab.run("python3 -m http.server 8000 > /dev/null 2>&1 &");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    };
    for _ in 0..150 {
        let mut line = String::from(PROGRAMS[next(PROGRAMS.len())]);
        for _ in 0..next(5) {
            line.push(' ');
            line.push_str(WORDS[next(WORDS.len())]);
        }
        let _ = lab.run(&line);
    }
    let r = lab.run("dig +short laptop");
    assert_eq!(r.stdout(), "192.168.1.20\n");
}

/// `host -l lan`: dnsmasq has no zone to transfer. Recorded against the
/// same dnsmasq (without `--address=/#/`): `; Transfer failed.`, status 0.
#[test]
fn host_l_transfer_fails() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("host -l lan");
    assert_eq!(
        (r.stdout().as_str(), r.stderr().as_str(), r.status),
        ("; Transfer failed.\n", "", 0)
    );
}
