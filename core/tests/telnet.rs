//! telnet (Debian 12's `telnet`, a transitional package that installs
//! inetutils-telnet 2.4) against the real program's recorded output.
//!
//! Recorded on Linux 6.18 in a network namespace (`dnc`: see
//! tests/dnsutils.rs), standard input `/dev/null`:
//! fixtures/dnsutils/rec_telnet.txt; a session on a terminal (a pty, CR LF
//! line ends) with a server that greets and closes (`nc -N -l 127.0.0.1
//! 9000 < banner`, the banner `220 welcome\r\n`):
//! fixtures/dnsutils/rec_telnet_pty.txt.

use lolab_core::{Lab, LabConfig};

#[test]
fn telnet_as_recorded() {
    let text = include_str!("fixtures/dnsutils/rec_telnet.txt");
    let mut lab = Lab::new(LabConfig::default());
    let mut checked = 0;
    for block in text.split("\n$ ").map(|b| b.trim_start_matches("$ ")) {
        let Some((cmd, rest)) = block.split_once("\n--- stdout\n") else {
            continue;
        };
        let (stdout, rest) = rest.split_once("--- stderr\n").unwrap();
        let (stderr, rest) = rest.split_once("--- exit ").unwrap();
        let status: i32 = rest.trim().lines().next().unwrap().parse().unwrap();
        let got = lab.run(&format!("{cmd} < /dev/null"));
        assert_eq!(
            (got.stdout().as_str(), got.stderr().as_str(), got.status),
            (stdout, stderr, status),
            "$ {cmd}"
        );
        checked += 1;
    }
    assert_eq!(checked, 6);
}

#[test]
fn a_session_shows_the_servers_bytes_until_it_closes() {
    let pty = include_str!("fixtures/dnsutils/rec_telnet_pty.txt");
    // The recording is Python's repr of what the pty showed.
    let shown = pty
        .lines()
        .next()
        .unwrap()
        .trim_matches('"')
        .replace("\\r\\n", "\n");
    let mut lab = Lab::new(LabConfig::default());
    lab.run("echo '220 welcome' > banner");
    lab.run("nc -N -l 127.0.0.1 9000 < banner &");
    lab.run("sleep 1");
    let r = lab.run("telnet 127.0.0.1 9000");
    assert_eq!(r.status, 0);
    // The server exits when telnet closes (its FIN and the ACK go through
    // lo at once), so bash announces the job right after telnet's output,
    // as interactive bash did in fixtures/tcp_teardown/real_bash_telnet_nc.txt
    // (the pty recording above is telnet's alone).
    let out = format!("{}{}", r.stdout(), r.stderr());
    let (telnet, jobs): (Vec<&str>, Vec<&str>) = out
        .split_inclusive('\n')
        .partition(|l| !l.starts_with("[1]"));
    assert_eq!(telnet.concat(), shown);
    let real = include_str!("fixtures/tcp_teardown/real_bash_telnet_nc.txt");
    let real_job = real.lines().find(|l| l.starts_with("[1]+")).unwrap();
    // The job's text keeps its redirection (`< banner`), as bash's does.
    assert_eq!(jobs.concat(), format!("{real_job}\n"));
}
