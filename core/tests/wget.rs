//! wget 1.21.3 against the real program's recorded output.
//!
//! Recorded on Linux 6.18, Debian 12's wget 1.21.3, in a network
//! namespace (`dnc`, `lo` up, Debian's stock `/etc/hosts`, resolv.conf
//! naming a dnsmasq 2.90 in a second namespace: see tests/dnsutils.rs)
//! with `python3 -m http.server 8000 --bind 127.0.0.1` serving
//! `hello.txt` ("hello world\n") and `index.html`, wget run in another
//! directory: fixtures/dnsutils/rec_wget.txt (standard error a file: the
//! dot progress) and rec_wget_tty.raw (under `script`: the bar).
//! Dates, rates and Python's patch version vary and are normalised.

use lolab_core::{Lab, LabConfig};

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
        out.push(Recorded {
            cmd: cmd.to_string(),
            stdout: stdout.to_string(),
            stderr: stderr.to_string(),
            status: rest.trim().lines().next().unwrap().parse().unwrap(),
        });
    }
    out
}

/// Dates, rates and versions out.
fn norm(s: &str) -> String {
    s.lines()
        .map(|l| {
            let mut l = l.to_string();
            if l.starts_with("--20")
                && let Some(at) = l.find("--  ")
            {
                l = format!("--D{}", &l[at..]);
            }
            if l.starts_with("20") && l.len() > 19 && l.as_bytes()[4] == b'-' {
                l = format!("D{}", &l[19..]);
            }
            if let Some((head, rest)) = l.split_once(" (")
                && let Some((_, tail)) = rest.split_once("/s) ")
            {
                l = format!("{head} (R) {tail}");
            }
            if l.trim_start().starts_with("0K")
                && let Some(at) = l.find("100%")
            {
                l = format!("{}100% R", &l[..at]);
            }
            if l.starts_with("Total wall clock time: ") {
                l = String::from("Total wall clock time: T");
            }
            if l.starts_with("FINISHED --") {
                l = String::from("FINISHED --D--");
            }
            if l.starts_with("Downloaded: ")
                && let Some((head, _)) = l.split_once(" in ")
            {
                l = format!("{head} in T (R)");
            }
            for h in ["  Date: ", "  Last-Modified: "] {
                if l.starts_with(h) {
                    l = format!("{h}D");
                }
            }
            l.replace("Python/3.11.7", "Python/3.11.2")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A lab serving hello.txt and index.html from the home directory on
/// 127.0.0.1:8000, the shell in /tmp.
fn serving() -> Lab {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("echo 'hello world' > hello.txt; echo '<h1>hello</h1>' > index.html");
    lab.run("python3 -m http.server 8000 --bind 127.0.0.1 > /dev/null 2>&1 &");
    lab.run("sleep 1; cd /tmp");
    lab
}

/// Runs each recorded command in `lab` and lists the differences.
fn differences(lab: &mut Lab, text: &str) -> Vec<String> {
    let mut failures = Vec::new();
    for r in recordings(text) {
        // The recording's working directory is the lab's /tmp; its `ls`
        // (to a file, one name a line) is left out: the files are checked
        // below.
        // The recording's unprivileged user (setpriv) is the lab's user.
        let cmd = r
            .cmd
            .replace("cd /tmp/dn/wd && ", "")
            .replace("setpriv --reuid=65534 --regid=65534 --clear-groups ", "");
        let (cmd, r) = match cmd.strip_suffix("; ls") {
            Some(c) => (
                c.to_string(),
                Recorded {
                    stdout: String::new(),
                    ..r
                },
            ),
            None => (cmd, r),
        };
        let got = lab.run(&format!("{cmd} 2> /tmp/wget.err"));
        let err = lab.run("cat /tmp/wget.err").stdout();
        if norm(&got.stdout()) != norm(&r.stdout)
            || norm(&err) != norm(&r.stderr)
            || got.status != r.status
        {
            failures.push(format!(
                "$ {cmd}\n--- want (exit {})\n{}{}--- got (exit {})\n{}{}",
                r.status,
                r.stdout,
                r.stderr,
                got.status,
                got.stdout(),
                err
            ));
        }
    }
    failures
}

#[test]
fn wget_as_recorded() {
    let mut lab = serving();
    let failures = differences(&mut lab, include_str!("fixtures/dnsutils/rec_wget.txt"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // What it saved.
    assert_eq!(lab.run("cat /tmp/hello.txt.1").stdout(), "hello world\n");
    assert_eq!(lab.run("cat /tmp/out.txt").stdout(), "hello world\n");
    assert_eq!(lab.run("cat /tmp/index.html").stdout(), "<h1>hello</h1>\n");
}

/// Retries, files it cannot write, `-nv` (rec_wget2.txt).
#[test]
fn wget_retries_permissions_and_no_verbose_as_recorded() {
    let mut lab = serving();
    let failures = differences(&mut lab, include_str!("fixtures/dnsutils/rec_wget2.txt"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// https (a plain HTTP server on 443: the lab has no TLS either), `-P`,
/// a bad URL (rec_wget4.txt, recorded in a namespace of its own with
/// `python3 -m http.server 443 --bind 127.0.0.1` serving `a.txt`, "hi").
/// The recording's `-P` directory is the lab's /tmp (the lab's file
/// system has no mkdir yet); ftp:// is not built.
#[test]
fn wget_https_and_prefix_as_recorded() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("echo hi > a.txt");
    lab.run("sudo python3 -m http.server 443 --bind 127.0.0.1 > /dev/null 2>&1 &");
    lab.run("sleep 1; cd /tmp");
    let text = include_str!("fixtures/dnsutils/rec_wget4.txt")
        .replace("/tmp/dn/www2/sub", "/tmp")
        .replace("\n$ wget ftp://127.0.0.1/x\n", "\n$ SKIPPED\n");
    let failures: Vec<String> = differences(&mut lab, &text)
        .into_iter()
        .filter(|f| !f.starts_with("$ SKIPPED"))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(lab.run("cat /tmp/a.txt").stdout(), "hi\n");
}

/// Several URLs: each in turn, then `FINISHED`, the wall clock time and
/// what was downloaded (rec_wget5.txt, the same server as rec_wget4.txt).
#[test]
fn wget_several_urls_as_recorded() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("echo hi > a.txt");
    lab.run("sudo python3 -m http.server 443 --bind 127.0.0.1 > /dev/null 2>&1 &");
    lab.run("sleep 1; cd /tmp");
    let text = include_str!("fixtures/dnsutils/rec_wget5.txt").replace("cd /tmp/dn/wd2 && ", "");
    let failures = differences(&mut lab, &text);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(lab.run("cat /tmp/both.txt").stdout(), "hi\n");
    assert_eq!(lab.run("cat /tmp/a.txt.3").stdout(), "hi\n");
}

/// On a terminal wget draws its bar (rec_wget_tty.raw, CR LF from the
/// pty turned back to LF).
#[test]
fn wget_draws_its_bar_on_a_terminal() {
    let mut lab = serving();
    let raw = include_str!("fixtures/dnsutils/rec_wget_tty.raw").replace("\r\n", "\n");
    let got = lab.run("wget http://127.0.0.1:8000/hello.txt");
    assert_eq!(got.status, 0);
    let (want, got) = (norm(&raw), norm(&got.stderr()));
    let bar = |s: &str| {
        s.lines()
            .find(|l| l.contains("0%["))
            .map(|l| l.replace("hello.txt.1", "hello.txt  "))
    };
    assert_eq!(bar(&got), bar(&want), "{got}");
    assert_eq!(
        got.replace("hello.txt.1", "hello.txt").lines().count(),
        want.lines().count(),
        "{got}"
    );
}
