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
