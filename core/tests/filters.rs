//! head, tail, wc, sort, uniq and cat on files and pipes, against the real
//! coreutils 9.1 (Debian 12, LANG=C.UTF-8). The lab's /etc/hosts was
//! copied to /tmp/labhosts (H below) and /etc/hostname (`lab`) to
//! /tmp/labhostname for the real runs; outputs are in each test's comments
//! (`<TAB>` is a tab).

use lolab_core::{Lab, LabConfig};

fn lab() -> Lab {
    Lab::new(LabConfig::default())
}

const V4: &str = "127.0.0.1\tlocalhost\n127.0.1.1\tlab\n";
const FF02: &str = "ff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n";

/// `head -3 H` → the two IPv4 lines and the empty line;
/// `head -n -5 H` → the two IPv4 lines; `tail -2 H` and `tail -n +6 H` →
/// the two ff02 lines; `head -c 9 H` → `127.0.0.1`; `tail -c 10 H` →
/// `llrouters\n`; `cat H | head -n 0` → nothing.
#[test]
fn head_and_tail() {
    let mut l = lab();
    assert_eq!(l.run("head -3 /etc/hosts").stdout(), format!("{V4}\n"));
    assert_eq!(l.run("head -n -5 /etc/hosts").stdout(), V4);
    assert_eq!(l.run("tail -2 /etc/hosts").stdout(), FF02);
    assert_eq!(l.run("cat /etc/hosts | tail -n 2").stdout(), FF02);
    assert_eq!(l.run("tail -n +6 /etc/hosts").stdout(), FF02);
    assert_eq!(l.run("head -c 9 /etc/hosts").stdout(), "127.0.0.1");
    assert_eq!(l.run("tail -c 10 /etc/hosts").stdout(), "llrouters\n");
    assert_eq!(l.run("cat /etc/hosts | head -n 0").stdout(), "");
    assert_eq!(
        l.run("cat /etc/hosts | head --lines=1").stdout(),
        "127.0.0.1\tlocalhost\n"
    );
    // head -1 H /tmp/labhostname:
    // ==> /tmp/labhosts <==
    // 127.0.0.1<TAB>localhost
    //
    // ==> /tmp/labhostname <==
    // lab
    assert_eq!(
        l.run("head -1 /etc/hosts /etc/hostname").stdout(),
        "==> /etc/hosts <==\n127.0.0.1\tlocalhost\n\n==> /etc/hostname <==\nlab\n"
    );
    // printf 'a\nb' | tail -n 1 → `b` (no newline added); head -n 5 → `a\nb`
    l.run("echo -n x > /tmp/partial");
    assert_eq!(l.run("cat /tmp/partial | tail -n 1").stdout(), "x");
}

/// ```text
/// $ head -n x H          → head: invalid number of lines: ‘x’        (1)
/// $ tail -n x H          → tail: invalid number of lines: ‘x’        (1)
/// $ head -n              → head: option requires an argument -- 'n'
///                          Try 'head --help' for more information.   (1)
/// $ head -Q 1            → head: invalid option -- 'Q' + Try line    (1)
/// $ head -3 nosuch       → head: cannot open 'nosuch' for reading: No such file or directory
/// $ head -n 2 nosuch /tmp/f1; echo $?
/// head: cannot open 'nosuch' for reading: No such file or directory
/// ==> /tmp/f1 <==
/// a
/// b
/// 1
/// ```
#[test]
fn head_and_tail_errors() {
    let mut l = lab();
    let r = l.run("head -n x /etc/hosts");
    assert_eq!(
        (r.stderr(), r.status),
        (String::from("head: invalid number of lines: ‘x’\n"), 1)
    );
    let r = l.run("tail -n x /etc/hosts");
    assert_eq!(r.stderr(), "tail: invalid number of lines: ‘x’\n");
    let r = l.run("head -n");
    assert_eq!(
        r.stderr(),
        "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n"
    );
    let r = l.run("head -Q 1");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from("head: invalid option -- 'Q'\nTry 'head --help' for more information.\n"),
            1
        )
    );
    let r = l.run("head -n 1 nosuch /etc/hostname");
    assert_eq!(
        r.stderr(),
        "head: cannot open 'nosuch' for reading: No such file or directory\n"
    );
    assert_eq!(r.stdout(), "==> /etc/hostname <==\nlab\n");
    assert_eq!(r.status, 1);
    let r = l.run("tail nosuch");
    assert_eq!(
        r.stderr(),
        "tail: cannot open 'nosuch' for reading: No such file or directory\n"
    );
    // tail -f prints the last lines, then waits for more until Ctrl-C.
    let r = l.run_for("tail -f /etc/hostname", lolab_core::Duration::from_secs(2));
    assert_eq!((r.stdout(), r.interrupted), (String::from("lab\n"), true));
}

/// ```text
/// $ cat H | wc        →       7      22     183
/// $ wc H              →   7  22 183 /tmp/labhosts
/// $ wc < H            →   7  22 183
/// $ cat H | wc -l     → 7
/// $ wc -l -w H /tmp/labhostname
///   7  22 /tmp/labhosts
///   1   1 /tmp/labhostname
///   8  23 total
/// $ wc /etc; echo $?
/// wc: /etc: Is a directory
///       0       0       0 /etc
/// 1
/// $ printf '' | wc    →       0       0       0
/// $ wc -x             → wc: invalid option -- 'x' + Try line (1)
/// ```
#[test]
fn wc_counts_and_widths() {
    let mut l = lab();
    assert_eq!(
        l.run("cat /etc/hosts | wc").stdout(),
        "      7      22     183\n"
    );
    assert_eq!(l.run("wc /etc/hosts").stdout(), "  7  22 183 /etc/hosts\n");
    assert_eq!(l.run("wc < /etc/hosts").stdout(), "  7  22 183\n");
    assert_eq!(l.run("cat /etc/hosts | wc -l").stdout(), "7\n");
    assert_eq!(
        l.run("wc -l -w /etc/hosts /etc/hostname").stdout(),
        "  7  22 /etc/hosts\n  1   1 /etc/hostname\n  8  23 total\n"
    );
    let r = l.run("wc /etc");
    assert_eq!(r.stderr(), "wc: /etc: Is a directory\n");
    assert_eq!(r.stdout(), "      0       0       0 /etc\n");
    assert_eq!(r.status, 1);
    assert_eq!(l.run("true | wc").stdout(), "      0       0       0\n");
    let r = l.run("wc -x");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from("wc: invalid option -- 'x'\nTry 'wc --help' for more information.\n"),
            1
        )
    );
}

/// ```text
/// $ sort H
///
/// # The following lines are desirable for IPv6 capable hosts
/// 127.0.0.1<TAB>localhost
/// 127.0.1.1<TAB>lab
/// ::1     localhost ip6-localhost ip6-loopback
/// ff02::1 ip6-allnodes
/// ff02::2 ip6-allrouters
/// $ sort -r H | head -3   → ff02::2..., ff02::1..., ::1...
/// $ sort -n H | head -3   → (empty), # The following..., ::1...
/// $ cat H | sort -u | wc -l → 7
/// $ printf 'b\na\n1\n01\n-2\n 3\n1.5\n' | sort -n → -2 a b 01 1 1.5  3
/// $ printf 'b\na\n1\n01\n-2\n' | sort -nu        → -2 b 1
/// $ printf 'b\na\n1\n01\n' | sort -rn            → 1 01 b a
/// $ sort -n nosuch /tmp/f1; echo $?
/// sort: cannot read: nosuch: No such file or directory
/// 2
/// $ sort -x → sort: invalid option -- 'x' + Try line, 2
/// ```
#[test]
fn sort_orders() {
    let mut l = lab();
    let sorted = "\n# The following lines are desirable for IPv6 capable hosts\n127.0.0.1\tlocalhost\n127.0.1.1\tlab\n::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n";
    assert_eq!(l.run("sort /etc/hosts").stdout(), sorted);
    assert_eq!(l.run("cat /etc/hosts | sort").stdout(), sorted);
    assert_eq!(
        l.run("sort -r /etc/hosts | head -3").stdout(),
        "ff02::2 ip6-allrouters\nff02::1 ip6-allnodes\n::1     localhost ip6-localhost ip6-loopback\n"
    );
    assert_eq!(
        l.run("sort -n /etc/hosts | head -3").stdout(),
        "\n# The following lines are desirable for IPv6 capable hosts\n::1     localhost ip6-localhost ip6-loopback\n"
    );
    assert_eq!(l.run("cat /etc/hosts | sort -u | wc -l").stdout(), "7\n");
    l.run(
        "echo b > /tmp/n; echo a >> /tmp/n; echo 1 >> /tmp/n; echo 01 >> /tmp/n; echo -2 >> /tmp/n",
    );
    assert_eq!(l.run("sort -n /tmp/n").stdout(), "-2\na\nb\n01\n1\n");
    assert_eq!(l.run("sort -nu /tmp/n").stdout(), "-2\nb\n1\n");
    assert_eq!(
        l.run("grep -v - /tmp/n | sort -rn").stdout(),
        "1\n01\nb\na\n"
    );
    let r = l.run("sort -n nosuch /etc/hosts");
    assert_eq!(
        (r.stdout(), r.stderr(), r.status),
        (
            String::new(),
            String::from("sort: cannot read: nosuch: No such file or directory\n"),
            2
        )
    );
    let r = l.run("sort -x");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from("sort: invalid option -- 'x'\nTry 'sort --help' for more information.\n"),
            2
        )
    );
}

/// sort's keys, coreutils 9.1, with /tmp/K holding `b 2 x`, `a  10 y`,
/// `c 1 z`, `d 2 a` and /tmp/P `root:x:0:0`, `bin:x:2:2`, `daemon:x:1:1`,
/// `user:x:1000:1000`:
/// ```text
/// $ sort -k2 /tmp/K; echo $?
/// a  10 y
/// c 1 z
/// d 2 a
/// b 2 x
/// 0
/// $ sort -k2n /tmp/K; echo $?
/// c 1 z
/// b 2 x
/// d 2 a
/// a  10 y
/// 0
/// $ sort -k2,2n -k3r /tmp/K; echo $?
/// c 1 z
/// b 2 x
/// d 2 a
/// a  10 y
/// 0
/// $ sort -t: -k3 -n /tmp/P; echo $?
/// root:x:0:0
/// daemon:x:1:1
/// bin:x:2:2
/// user:x:1000:1000
/// 0
/// $ sort -t: -k3,3 /tmp/P; echo $?
/// root:x:0:0
/// daemon:x:1:1
/// user:x:1000:1000
/// bin:x:2:2
/// 0
/// $ sort -k0 /tmp/K; echo $?
/// sort: field number is zero: invalid field specification ‘0’
/// 2
/// $ sort -k x /tmp/K; echo $?
/// sort: invalid number at field start: invalid count at start of ‘x’
/// 2
/// $ sort -t ab /tmp/K; echo $?
/// sort: multi-character tab ‘ab’
/// 2
/// $ sort -k2b /tmp/K; echo $?
/// c 1 z
/// a  10 y
/// d 2 a
/// b 2 x
/// 0
/// $ sort -k1,x /tmp/K; echo $?
/// sort: invalid number after ',': invalid count at start of ‘x’
/// 2
/// $ sort -k1z /tmp/K; echo $?
/// sort: stray character in field spec: invalid field specification ‘1z’
/// 2
/// $ sort -rk2 /tmp/K; echo $?
/// b 2 x
/// d 2 a
/// c 1 z
/// a  10 y
/// 0
/// $ sort -u -k1,1 -t: /tmp/P; echo $?
/// bin:x:2:2
/// daemon:x:1:1
/// root:x:0:0
/// user:x:1000:1000
/// 0
/// $ sort -nrk3 -t: /tmp/P; echo $?
/// user:x:1000:1000
/// bin:x:2:2
/// daemon:x:1:1
/// root:x:0:0
/// 0
/// ```
#[test]
fn sort_keys_and_separators() {
    let mut l = lab();
    l.run("echo -e 'b 2 x\\na  10 y\\nc 1 z\\nd 2 a' > /tmp/K");
    l.run("echo -e 'root:x:0:0\\nbin:x:2:2\\ndaemon:x:1:1\\nuser:x:1000:1000' > /tmp/P");
    for (line, stdout, stderr, status) in [
        ("sort -k2 /tmp/K", "a  10 y\nc 1 z\nd 2 a\nb 2 x\n", "", 0),
        ("sort -k2n /tmp/K", "c 1 z\nb 2 x\nd 2 a\na  10 y\n", "", 0),
        (
            "sort -k2,2n -k3r /tmp/K",
            "c 1 z\nb 2 x\nd 2 a\na  10 y\n",
            "",
            0,
        ),
        (
            "sort -t: -k3 -n /tmp/P",
            "root:x:0:0\ndaemon:x:1:1\nbin:x:2:2\nuser:x:1000:1000\n",
            "",
            0,
        ),
        (
            "sort -t: -k3,3 /tmp/P",
            "root:x:0:0\ndaemon:x:1:1\nuser:x:1000:1000\nbin:x:2:2\n",
            "",
            0,
        ),
        (
            "sort -k0 /tmp/K",
            "",
            "sort: field number is zero: invalid field specification ‘0’\n",
            2,
        ),
        (
            "sort -k x /tmp/K",
            "",
            "sort: invalid number at field start: invalid count at start of ‘x’\n",
            2,
        ),
        (
            "sort -t ab /tmp/K",
            "",
            "sort: multi-character tab ‘ab’\n",
            2,
        ),
        ("sort -k2b /tmp/K", "c 1 z\na  10 y\nd 2 a\nb 2 x\n", "", 0),
        (
            "sort -k1,x /tmp/K",
            "",
            "sort: invalid number after ',': invalid count at start of ‘x’\n",
            2,
        ),
        (
            "sort -k1z /tmp/K",
            "",
            "sort: stray character in field spec: invalid field specification ‘1z’\n",
            2,
        ),
        ("sort -rk2 /tmp/K", "b 2 x\nd 2 a\nc 1 z\na  10 y\n", "", 0),
        (
            "sort -u -k1,1 -t: /tmp/P",
            "bin:x:2:2\ndaemon:x:1:1\nroot:x:0:0\nuser:x:1000:1000\n",
            "",
            0,
        ),
        (
            "sort -nrk3 -t: /tmp/P",
            "user:x:1000:1000\nbin:x:2:2\ndaemon:x:1:1\nroot:x:0:0\n",
            "",
            0,
        ),
    ] {
        let r = l.run(line);
        assert_eq!(
            (r.stdout(), r.stderr(), r.status),
            (String::from(stdout), String::from(stderr), status),
            "{line}"
        );
    }
}

/// ```text
/// $ printf 'x\nx\ny\nx' | uniq -c
///       2 x
///       1 y
///       1 x
/// $ printf 'x\nx\ny\n' | uniq -d → x
/// $ uniq -c /tmp/f1 /tmp/out1; cat /tmp/out1 → "      1 a", "      1 b"
/// $ uniq a b c → uniq: extra operand ‘c’ + Try line (1)
/// $ uniq nosuch → uniq: nosuch: No such file or directory (1)
/// ```
#[test]
fn uniq_counts() {
    let mut l = lab();
    l.run("echo x > /tmp/u; echo x >> /tmp/u; echo y >> /tmp/u; echo -n x >> /tmp/u");
    assert_eq!(
        l.run("cat /tmp/u | uniq -c").stdout(),
        "      2 x\n      1 y\n      1 x\n"
    );
    assert_eq!(l.run("uniq -d /tmp/u").stdout(), "x\n");
    assert_eq!(l.run("uniq -u /tmp/u").stdout(), "y\nx\n");
    assert_eq!(
        l.run("uniq -c /etc/hostname /tmp/out1; cat /tmp/out1")
            .stdout(),
        "      1 lab\n"
    );
    let r = l.run("uniq a b c");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from("uniq: extra operand ‘c’\nTry 'uniq --help' for more information.\n"),
            1
        )
    );
    let r = l.run("uniq nosuch");
    assert_eq!(r.stderr(), "uniq: nosuch: No such file or directory\n");
}

/// `cat - f` reads standard input for `-`: `cat - /tmp/f1 < /tmp/n12 | wc -l` → 14.
#[test]
fn cat_reads_stdin_for_dash() {
    let mut l = lab();
    assert_eq!(
        l.run("cat /etc/hosts | cat - /etc/hostname | wc -l")
            .stdout(),
        "8\n"
    );
    assert_eq!(
        l.run("cat - /etc/hostname < /etc/hostname").stdout(),
        "lab\nlab\n"
    );
    assert_eq!(l.run("echo hi | cat").stdout(), "hi\n");
}

/// The pipelines users type first. Real, iputils:
/// `ping -c 100 -i 0.2 127.0.0.1 | head -3; echo ${PIPESTATUS[@]}` prints
/// the PING line and two replies, then `141 0`.
#[test]
fn everyday_pipelines() {
    let mut l = lab();
    let r = l.run("ping 127.0.0.1 | head -3; echo $?");
    let out = r.stdout();
    assert!(
        out.starts_with("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 4, "{out}");
    assert!(
        out.contains("icmp_seq=2 ttl=64") && out.ends_with("\n0\n"),
        "{out}"
    );
    assert!(!r.interrupted);
    assert!(!l.run("ps").stdout().contains("ping"));
    // The stock lab's kernel log is empty.
    let r = l.run("sudo dmesg | tail -3; echo $?");
    assert_eq!(r.stdout(), "0\n");
    assert_eq!(l.run("ip a | tail -3 | wc -l").stdout(), "3\n");
    // ip route show table local on a stock host: 5 routes (lo and eth0).
    let routes = l.run("ip route show table local").stdout().lines().count();
    assert_eq!(
        l.run("ip route show table local | wc -l").stdout(),
        format!("{routes}\n")
    );
    let r = l.run("getent ahosts localhost | sort -u | head -1");
    assert_eq!(r.stdout(), "127.0.0.1       DGRAM  \n");
    // A server in the background, found through ss.
    l.run("python3 -m http.server 8000 &");
    let r = l.run("ss -tlnp | grep -c 8000");
    assert_eq!(r.stdout(), "1\n");
    // A streaming reader sees lines as they come, not at the end.
    let r = l.run_for(
        "ping 127.0.0.1 | grep --color=auto ttl",
        lolab_core::Duration::from_millis(2500),
    );
    assert_eq!(r.stdout().lines().count(), 3, "{r:?}");
}
