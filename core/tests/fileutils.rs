//! The file programs against the real ones: `fixtures/fileutils/steps.txt`
//! was recorded by `fixtures/fileutils/record.py` on Linux 6.18 with
//! Debian 12's coreutils 9.1 and findutils 4.9 (LANG=C.UTF-8, TZ=UTC), each
//! step run with `bash -c` in a scratch directory, as root or (for the
//! permission steps) as an unprivileged user. The lab runs the same steps
//! in the same order, as root (`su`) and then as its user, in the same
//! directory, and must print the same bytes with the same status.

use lolab_core::{Lab, LabConfig};

const STEPS: &str = include_str!("fixtures/fileutils/steps.txt");

struct Step<'a> {
    who: &'a str,
    command: &'a str,
    status: i32,
    stdout: String,
    stderr: String,
}

fn steps() -> Vec<Step<'static>> {
    let mut out = Vec::new();
    for block in STEPS.split("=== ").skip(1) {
        let (head, rest) = block.split_once('\n').unwrap();
        let (who, command) = head.split_once(' ').unwrap();
        let (status_line, rest) = rest.split_once('\n').unwrap();
        let status = status_line
            .trim_start_matches("--- status ")
            .parse()
            .unwrap();
        let rest = rest.strip_prefix("--- stdout\n").unwrap();
        let (stdout, stderr) = rest.split_once("--- stderr\n").unwrap();
        out.push(Step {
            who,
            command,
            status,
            stdout: stdout.to_string(),
            stderr: stderr.to_string(),
        });
    }
    out
}

fn sorted_lines(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    lines.join("\n")
}

#[test]
fn file_programs_match_coreutils() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("su");
    lab.run("mkdir -p /tmp/lolab-rec/w");
    lab.run("cd /tmp/lolab-rec/w");
    let mut as_root = true;
    let mut failures = Vec::new();
    let all = steps();
    assert!(all.len() > 100);
    for step in &all {
        if step.who == "user" && as_root {
            lab.run("exit");
            lab.run("cd /tmp/lolab-rec/w");
            as_root = false;
        }
        // The recording set every time to the lab's boot before `ls -l`.
        let command = step.command.replace("TIMES; ", "");
        let r = lab.run(&command);
        let mut got = (r.status, r.stdout(), r.stderr());
        let mut want = (step.status, step.stdout.clone(), step.stderr.clone());
        // `find` and `du` walk directories in the file system's order,
        // which on the recording machine's ext4 is its hash order: their
        // lines are compared as sets.
        if command.starts_with("find ") || command.starts_with("du ") {
            got.1 = sorted_lines(&got.1);
            want.1 = sorted_lines(&want.1);
        }
        if got != want {
            failures.push(format!(
                "$ {} ({})\n  want {:?}\n  got  {:?}",
                step.command, step.who, want, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} steps differ:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

/// `ls` on a terminal lays names down columns as `ls -C` does for an
/// 80-column terminal, padding with tabs: `fixtures/fileutils/ls_c_real.txt`
/// is `COLUMNS=80 ls -C` (coreutils 9.1, Debian 12) in a directory holding
/// the files named in `ls_c_names.txt`.
#[test]
fn ls_fills_columns_as_coreutils() {
    let names = include_str!("fixtures/fileutils/ls_c_names.txt");
    let real = include_str!("fixtures/fileutils/ls_c_real.txt");
    let mut lab = Lab::new(LabConfig::default());
    lab.run("mkdir /tmp/cols");
    let list: Vec<&str> = names.lines().collect();
    lab.run(&format!("cd /tmp/cols; touch {}", list.join(" ")));
    assert_eq!(lab.run("ls").stdout(), real);
    // -C through a pipe too; -1 and a pipe give one per line.
    assert_eq!(lab.run("ls -C | cat").stdout(), real);
    assert_eq!(lab.run("ls | cat").stdout(), names);
}

/// What the programs write is the kernel's file, which the front ends read
/// through the snapshot; a pcap `tcpdump -w` wrote is bytes among them.
#[test]
fn files_reach_the_snapshot_and_bytes_stay_bytes() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("mkdir -p site/img; echo '<h1>hi</h1>' > site/index.html; cp site/index.html site/img/copy.html");
    assert_eq!(
        lab.snapshot().file("/home/user/site/img/copy.html"),
        Some("<h1>hi</h1>\n")
    );
    lab.run("sudo tcpdump -i lo -c 1 -w /tmp/one.pcap & ping -c 1 127.0.0.1 > /dev/null");
    let r = lab.run("cp /tmp/one.pcap /tmp/two.pcap; stat -c '%s' /tmp/two.pcap");
    let size: usize = r.stdout().trim().parse().unwrap_or(0);
    assert!(size > 24, "{r:?}");
    let r = lab.run("tcpdump -r /tmp/two.pcap -n");
    assert!(r.stdout().contains("ICMP echo request"), "{r:?}");
}

/// A descriptor refers to the inode it opened, as on Linux: a file
/// renamed while a program writes to it keeps receiving the output, and
/// one removed is not made again by the next write.
#[test]
fn descriptors_follow_the_inode() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("ping -c 2 127.0.0.1 > out & mv out moved; sleep 2");
    let r = lab.run("wc -l moved; ls out");
    assert_eq!(r.stdout(), "7 moved\n");
    assert_eq!(
        r.stderr(),
        "ls: cannot access 'out': No such file or directory\n"
    );
    lab.run("ping -c 2 127.0.0.1 > gone & rm gone; sleep 2");
    assert_eq!(lab.run("ls gone").status, 2);
}

/// `curl -o` where the user may not write: recorded with curl 7.88.1 on
/// Debian 12 as an unprivileged user (`curl -s -o /root/x
/// file:///etc/hostname`): `-s` prints nothing, `-sS` the error alone,
/// both exit 23.
#[test]
fn curl_output_into_a_directory_the_user_may_not_write() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("python3 -m http.server 8000 --bind 127.0.0.1 > /dev/null 2>&1 &");
    let r = lab.run("curl -s -o /root/x http://127.0.0.1:8000/");
    assert_eq!(
        (r.status, r.stdout(), r.stderr()),
        (23, String::new(), String::new())
    );
    let r = lab.run("curl -sS -o /root/x http://127.0.0.1:8000/");
    assert_eq!(
        (r.status, r.stderr()),
        (
            23,
            String::from("curl: (23) Failure writing output to destination\n")
        )
    );
}
