//! Real options of the text filters (head, tail, uniq, wc), recorded on
//! Linux 6.18 with Debian 12 coreutils 9.1 (LANG=C.UTF-8); each test shows
//! the real runs it compares to.

use lolab_core::{Duration, Lab, LabConfig};

fn lab() -> Lab {
    Lab::new(LabConfig::default())
}

/// ```text
/// $ echo -ne 'a\nb\nc\n' > /tmp/r1.txt
/// $ head -c -3 /tmp/r1.txt | od -c        → a \n b
/// $ echo -ne 'a\0b\0c\0' | head -z -n 2     → a \0 b \0
/// $ head -5x /tmp/r1.txt; echo $?
/// head: invalid trailing option -- x
/// Try 'head --help' for more information.
/// 1
/// $ echo -ne 'abc\ndef\n' | tail -c +3      → c \n d e f \n
/// $ echo -ne 'a\0b\0c\0' | tail -z -n 1     → c \0
/// $ tail -s x /tmp/r1.txt; echo $?        → tail: invalid number of seconds: ‘x’, 1
/// ```
#[test]
fn head_and_tail_bytes_and_nul_lines() {
    let mut l = lab();
    l.run("echo -ne 'a\\nb\\nc\\n' > /tmp/r1.txt");
    assert_eq!(l.run("head -c -3 /tmp/r1.txt").stdout(), "a\nb");
    assert_eq!(l.run("cat /tmp/r1.txt | head -c -3").stdout(), "a\nb");
    assert_eq!(
        l.run("echo -ne 'a\\0b\\0c\\0' | head -z -n 2").stdout(),
        "a\0b\0"
    );
    let r = l.run("head -5x /tmp/r1.txt");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from(
                "head: invalid trailing option -- x\nTry 'head --help' for more information.\n"
            ),
            1
        )
    );
    assert_eq!(
        l.run("echo -ne 'abc\\ndef\\n' | tail -c +3").stdout(),
        "c\ndef\n"
    );
    assert_eq!(
        l.run("echo -ne 'a\\0b\\0c\\0' | tail -z -n 1").stdout(),
        "c\0"
    );
    let r = l.run("tail -s x /tmp/r1.txt");
    assert_eq!(
        (r.stderr(), r.status),
        (String::from("tail: invalid number of seconds: ‘x’\n"), 1)
    );
}

/// ```text
/// $ tail -f /tmp/nonexist; echo $?
/// tail: cannot open '/tmp/nonexist' for reading: No such file or directory
/// tail: no files remaining
/// 1
/// $ echo trunc > /tmp/r1.txt; tail -f /tmp/r1.txt &   (then, later)
/// $ echo more >> /tmp/r1.txt                → tail prints: more
/// $ echo x > /tmp/r1.txt                    → tail: /tmp/r1.txt: file truncated, x
/// ```
#[test]
fn tail_follows_a_growing_file_until_ctrl_c() {
    let mut l = lab();
    let r = l.run("tail -f /tmp/nonexist");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from(
                "tail: cannot open '/tmp/nonexist' for reading: No such file or directory\ntail: no files remaining\n"
            ),
            1
        )
    );
    l.run("echo trunc > /tmp/f");
    let r = l.run("tail -f /tmp/f &");
    assert_eq!(r.stdout(), "trunc\n", "{r:?}");
    let r = l.run("echo more >> /tmp/f; sleep 1");
    assert_eq!(r.stdout(), "more\n", "{r:?}");
    let r = l.run("echo x > /tmp/f; sleep 1");
    assert_eq!(
        (r.stdout(), r.stderr()),
        (
            String::from("x\n"),
            String::from("tail: /tmp/f: file truncated\n")
        )
    );
    let r = l.run_for("tail -f /etc/hostname", Duration::from_secs(2));
    assert_eq!((r.stdout(), r.interrupted), (String::from("lab\n"), true));
}

/// ```text
/// $ echo -ne 'a x\na x\nb x\nc y\nc y\nc y\nd\n' > /tmp/r1u
/// $ uniq -D /tmp/r1u                → a x, a x, c y, c y, c y
/// $ uniq -f1 -c /tmp/r1u            →       3 a x /      3 c y /      1 d
/// $ uniq -s2 -w1 /tmp/r1u           → a x, c y, d
/// $ uniq --all-repeated=separate /tmp/r1u → a x, a x, (empty), c y ×3
/// $ uniq --all-repeated=prepend /tmp/r1u  → (empty), a x ×2, (empty), c y ×3
/// $ uniq -Dc /tmp/r1u; echo $?
/// uniq: printing all duplicated lines and repeat counts is meaningless
/// Try 'uniq --help' for more information.
/// 1
/// $ uniq -f x /tmp/r1u             → uniq: x: invalid number of fields to skip (1)
/// $ echo -ne 'a\0a\0b\0' | uniq -zc  → "      2 a\0      1 b\0"
/// ```
#[test]
fn uniq_fields_chars_and_all_repeated() {
    let mut l = lab();
    l.run("echo -ne 'a x\\na x\\nb x\\nc y\\nc y\\nc y\\nd\\n' > /tmp/r1u");
    assert_eq!(
        l.run("uniq -D /tmp/r1u").stdout(),
        "a x\na x\nc y\nc y\nc y\n"
    );
    assert_eq!(
        l.run("uniq -f1 -c /tmp/r1u").stdout(),
        "      3 a x\n      3 c y\n      1 d\n"
    );
    assert_eq!(l.run("uniq -s2 -w1 /tmp/r1u").stdout(), "a x\nc y\nd\n");
    assert_eq!(
        l.run("uniq --all-repeated=separate /tmp/r1u").stdout(),
        "a x\na x\n\nc y\nc y\nc y\n"
    );
    assert_eq!(
        l.run("cat /tmp/r1u | uniq --all-repeated=prepend").stdout(),
        "\na x\na x\n\nc y\nc y\nc y\n"
    );
    let r = l.run("uniq -Dc /tmp/r1u");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from(
                "uniq: printing all duplicated lines and repeat counts is meaningless\nTry 'uniq --help' for more information.\n"
            ),
            1
        )
    );
    let r = l.run("uniq -f x /tmp/r1u");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from("uniq: x: invalid number of fields to skip\n"),
            1
        )
    );
    assert_eq!(
        l.run("echo -ne 'a\\0a\\0b\\0' | uniq -zc").stdout(),
        "      2 a\0      1 b\0"
    );
}

/// ```text
/// $ echo -ne 'ab\tc\nxyz\n' | wc -L          → 9
/// $ echo -ne 'ab\tc\nxyz\n' > /tmp/r1w
/// $ wc -lL /tmp/r1w /tmp/r1w
///  2  9 /tmp/r1w
///  2  9 /tmp/r1w
///  4  9 total
/// $ echo -ne 'abc' | wc -L                   → 3
/// ```
#[test]
fn wc_longest_line() {
    let mut l = lab();
    assert_eq!(l.run("echo -ne 'ab\\tc\\nxyz\\n' | wc -L").stdout(), "9\n");
    l.run("echo -ne 'ab\\tc\\nxyz\\n' > /tmp/r1w");
    assert_eq!(
        l.run("wc -lL /tmp/r1w /tmp/r1w").stdout(),
        " 2  9 /tmp/r1w\n 2  9 /tmp/r1w\n 4  9 total\n"
    );
    assert_eq!(l.run("echo -ne 'abc' | wc -L").stdout(), "3\n");
}

/// GNU grep 3.8 on a copy of the lab's /etc (`cat` of each file into
/// /tmp/r1etc/etc), run in /tmp/r1etc:
/// ```text
/// $ grep -r 127 etc
/// etc/hosts:127.0.0.1<TAB>localhost
/// etc/hosts:127.0.1.1<TAB>lab
/// $ grep -rn --include=host* local etc/
/// etc/hosts:1:127.0.0.1<TAB>localhost
/// etc/hosts:5:::1     localhost ip6-localhost ip6-loopback
/// $ grep -rl local etc --exclude=hosts; echo $?      → 1
/// $ grep -c -r nameserver etc --exclude-dir=etc; echo $? → 1
/// $ grep local etc; echo $?                          → grep: etc: Is a directory, 2
/// $ grep -bT local etc/hosts
///   0:<TAB>127.0.0.1<TAB>localhost
///  94:<TAB>::1     localhost ip6-localhost ip6-loopback
/// $ echo local | grep -nT local                      → 18 spaces, 1:<TAB>local
/// $ grep -ob local etc/hosts                         → 10:local 102:local 116:local
/// $ grep -3n lab etc/hosts
/// 1-127.0.0.1<TAB>localhost
/// 2:127.0.1.1<TAB>lab
/// 3-
/// 4-# The following lines are desirable for IPv6 capable hosts
/// 5-::1     localhost ip6-localhost ip6-loopback
/// $ grep -Zc local etc/hosts etc/hostname | od -c   → etc/hosts\02\netc/hostname\00\n
/// $ grep -zc local etc/hosts                         → 1
/// $ cd etc; grep -rc local   (readdir order; the lab walks in name order)
/// debian_version:0 gai.conf:0 hostname:0 hosts:2 nsswitch.conf:0 os-release:0 resolv.conf:0
/// $ echo local > /tmp/r1p; grep -f /tmp/r1p -c hosts → 2
/// $ grep -f /tmp/nonex hosts; echo $?   → grep: /tmp/nonex: No such file or directory, 2
/// $ grep -u -c local etc/hosts          → grep: warning: --unix-byte-offsets (-u) is obsolete, 2
/// $ grep -d foo x etc/hosts; echo $?
/// grep: invalid argument ‘foo’ for ‘--directories’
/// Valid arguments are:
///   - ‘read’
///   - ‘recurse’
///   - ‘skip’
/// Usage: grep [OPTION]... PATTERNS [FILE]...
/// Try 'grep --help' for more information.
/// 2
/// ```
/// `-P` is refused as a grep built with --disable-perl-regexp refuses it.
#[test]
fn grep_recursive_and_output_options() {
    let mut l = lab();
    let usage =
        "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
    // The recording's directory held the stock files of the lab's /etc
    // only: the same files, copied to /tmp/etc.
    l.run("mkdir /tmp/etc");
    for f in [
        "debian_version",
        "gai.conf",
        "hostname",
        "hosts",
        "nsswitch.conf",
        "os-release",
        "resolv.conf",
    ] {
        assert_eq!(l.run(&format!("cp /etc/{f} /tmp/etc/")).status, 0, "{f}");
    }
    assert_eq!(
        l.run("cd /tmp; grep -r 127 etc").stdout(),
        "etc/hosts:127.0.0.1\tlocalhost\netc/hosts:127.0.1.1\tlab\n"
    );
    assert_eq!(
        l.run("grep -rn --include='host*' local /etc/").stdout(),
        "/etc/hosts:1:127.0.0.1\tlocalhost\n/etc/hosts:5:::1     localhost ip6-localhost ip6-loopback\n"
    );
    let r = l.run("grep -rl local /tmp/etc --exclude=hosts");
    assert_eq!((r.stdout(), r.status), (String::new(), 1));
    // Debian's /etc/profile and /etc/skel/.profile name local paths too.
    let r = l.run("grep -rl local /etc --exclude=hosts");
    assert_eq!(
        (r.stdout(), r.status),
        (String::from("/etc/profile\n/etc/skel/.profile\n"), 0)
    );
    let r = l.run("cd /; grep -c -r nameserver etc --exclude-dir=etc");
    assert_eq!((r.stdout(), r.status), (String::new(), 1));
    let r = l.run("grep local /etc");
    assert_eq!(
        (r.stderr(), r.status),
        (String::from("grep: /etc: Is a directory\n"), 2)
    );
    assert_eq!(
        l.run("grep -bT local /etc/hosts").stdout(),
        "  0:\t127.0.0.1\tlocalhost\n 94:\t::1     localhost ip6-localhost ip6-loopback\n"
    );
    assert_eq!(
        l.run("echo local | grep -nT local").stdout(),
        format!("{}1:\tlocal\n", " ".repeat(18))
    );
    assert_eq!(
        l.run("grep -ob local /etc/hosts").stdout(),
        "10:local\n102:local\n116:local\n"
    );
    assert_eq!(
        l.run("grep -3n lab /etc/hosts").stdout(),
        "1-127.0.0.1\tlocalhost\n2:127.0.1.1\tlab\n3-\n4-# The following lines are desirable for IPv6 capable hosts\n5-::1     localhost ip6-localhost ip6-loopback\n"
    );
    assert_eq!(
        l.run("grep -Zc local /etc/hosts /etc/hostname").stdout(),
        "/etc/hosts\x002\n/etc/hostname\x000\n"
    );
    assert_eq!(l.run("grep -zc local /etc/hosts").stdout(), "1\n");
    assert_eq!(
        l.run("cd /tmp/etc; grep -rc local").stdout(),
        "debian_version:0\ngai.conf:0\nhostname:0\nhosts:2\nnsswitch.conf:0\nos-release:0\nresolv.conf:0\n"
    );
    l.run("echo local > /tmp/r1p");
    assert_eq!(l.run("grep -f /tmp/r1p -c /etc/hosts").stdout(), "2\n");
    let r = l.run("grep -f /tmp/nonex /etc/hosts");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from("grep: /tmp/nonex: No such file or directory\n"),
            2
        )
    );
    let r = l.run("grep -u -c local /etc/hosts");
    assert_eq!(
        (r.stdout(), r.stderr()),
        (
            String::from("2\n"),
            String::from("grep: warning: --unix-byte-offsets (-u) is obsolete\n")
        )
    );
    let r = l.run("grep -d foo x /etc/hosts");
    assert_eq!(
        (r.stderr(), r.status),
        (
            format!(
                "grep: invalid argument ‘foo’ for ‘--directories’\nValid arguments are:\n  - ‘read’\n  - ‘recurse’\n  - ‘skip’\n{usage}"
            ),
            2
        )
    );
    let r = l.run("grep -P x /etc/hosts");
    assert_eq!(
        (r.stderr(), r.status),
        (
            String::from("grep: Perl matching not supported in a --disable-perl-regexp build\n"),
            2
        )
    );
}

/// ```text
/// $ printf 'x 10 b\ny 9 a\nz 10 A\nw 2K c\nv 1M d\n' > /tmp/r1k
/// $ sort -k2n /tmp/r1k         → v 1M d / w 2K c / y 9 a / x 10 b / z 10 A
/// $ sort -k2,2 -k3f /tmp/r1k   → z 10 A / x 10 b / v 1M d / w 2K c / y 9 a
/// $ sort -k2h /tmp/r1k         → y 9 a / x 10 b / z 10 A / w 2K c / v 1M d
/// $ sort -k1.2 /tmp/r1k | head -2  → z 10 A / x 10 b
/// $ printf 'Feb\njan\nDEC\nfoo\n' | sort -M           → foo jan Feb DEC
/// $ printf '1.10\n1.9\n1.0~rc1\n1.0\n' | sort -V      → 1.0~rc1 1.0 1.9 1.10
/// $ printf '1e3\n999\nabc\n-5\n' | sort -g            → abc -5 999 1e3
/// $ printf 'b-c\nb a\nB\n' | sort -fd                 → B / b a / b-c
/// $ printf 'a b\na a\n' | sort -s -k1,1               → a b / a a
/// $ printf 'b\0a\0' | sort -z                         → a\0b\0
/// $ printf 'ab\naa\nba\n' | sort -t a -k2             → ba aa ab
/// $ printf 'b\na\nc\n' > /tmp/r1s; sort -c /tmp/r1s; echo $?
/// sort: /tmp/r1s:2: disorder: a
/// 1
/// $ sort -C /tmp/r1s; echo $?                         → 1
/// $ sort -dn /tmp/r1s; echo $?                        → sort: options '-dn' are incompatible, 2
/// $ sort -gR /tmp/r1s; echo $?                        → sort: options '-gR' are incompatible, 2
/// $ sort -k1.0 /tmp/r1s; echo $?
/// sort: character offset is zero: invalid field specification ‘1.0’
/// 2
/// $ sort -c /tmp/r1s /tmp/r1s; echo $?   → sort: extra operand '/tmp/r1s' not allowed with -c, 2
/// $ sort -o /tmp/r1o /tmp/r1s; cat /tmp/r1o          → a b c
/// ```
#[test]
fn sort_orderings_keys_and_checks() {
    let mut l = lab();
    l.run("echo -ne 'x 10 b\\ny 9 a\\nz 10 A\\nw 2K c\\nv 1M d\\n' > /tmp/r1k");
    let lines = |s: &str| s.replace(" / ", "\n") + "\n";
    assert_eq!(
        l.run("sort -k2n /tmp/r1k").stdout(),
        lines("v 1M d / w 2K c / y 9 a / x 10 b / z 10 A")
    );
    assert_eq!(
        l.run("sort -k2,2 -k3f /tmp/r1k").stdout(),
        lines("z 10 A / x 10 b / v 1M d / w 2K c / y 9 a")
    );
    assert_eq!(
        l.run("sort -k2h /tmp/r1k").stdout(),
        lines("y 9 a / x 10 b / z 10 A / w 2K c / v 1M d")
    );
    assert_eq!(
        l.run("sort -k1.2 /tmp/r1k | head -2").stdout(),
        lines("z 10 A / x 10 b")
    );
    let piped = |l: &mut Lab, input: &str, options: &str| {
        l.run(&format!("echo -ne '{input}' | sort {options}"))
            .stdout()
    };
    assert_eq!(
        piped(&mut l, "Feb\\njan\\nDEC\\nfoo\\n", "-M"),
        "foo\njan\nFeb\nDEC\n"
    );
    assert_eq!(
        piped(&mut l, "1.10\\n1.9\\n1.0~rc1\\n1.0\\n", "-V"),
        "1.0~rc1\n1.0\n1.9\n1.10\n"
    );
    assert_eq!(
        piped(&mut l, "1e3\\n999\\nabc\\n-5\\n", "-g"),
        "abc\n-5\n999\n1e3\n"
    );
    assert_eq!(piped(&mut l, "b-c\\nb a\\nB\\n", "-fd"), "B\nb a\nb-c\n");
    assert_eq!(piped(&mut l, "a b\\na a\\n", "-s -k1,1"), "a b\na a\n");
    assert_eq!(piped(&mut l, "b\\0a\\0", "-z"), "a\0b\0");
    assert_eq!(piped(&mut l, "ab\\naa\\nba\\n", "-t a -k2"), "ba\naa\nab\n");
    l.run("echo -ne 'b\\na\\nc\\n' > /tmp/r1s");
    let check = |l: &mut Lab, line: &str, err: &str, status: i32| {
        let r = l.run(line);
        assert_eq!(
            (r.stderr(), r.status),
            (String::from(err), status),
            "{line}"
        );
    };
    check(
        &mut l,
        "sort -c /tmp/r1s",
        "sort: /tmp/r1s:2: disorder: a\n",
        1,
    );
    check(&mut l, "sort -C /tmp/r1s", "", 1);
    check(
        &mut l,
        "sort -dn /tmp/r1s",
        "sort: options '-dn' are incompatible\n",
        2,
    );
    check(
        &mut l,
        "sort -gR /tmp/r1s",
        "sort: options '-gR' are incompatible\n",
        2,
    );
    check(
        &mut l,
        "sort -k1.0 /tmp/r1s",
        "sort: character offset is zero: invalid field specification ‘1.0’\n",
        2,
    );
    check(
        &mut l,
        "sort -c /tmp/r1s /tmp/r1s",
        "sort: extra operand '/tmp/r1s' not allowed with -c\n",
        2,
    );
    l.run("sort -o /tmp/r1o /tmp/r1s");
    assert_eq!(l.run("cat /tmp/r1o").stdout(), "a\nb\nc\n");
    // -R: equal keys stay together, in some order.
    let r = piped(&mut l, "b\\na\\nb\\na\\n", "-R");
    assert!(r == "a\na\nb\nb\n" || r == "b\nb\na\na\n", "{r}");
}
