//! `diff` (GNU diffutils 3.8) against the real one: each case was
//! recorded with bash 5.2 and diff 3.8 on Linux 6.18, Debian 12,
//! LANG=C.UTF-8, in a directory holding the files `SETUP` makes (the
//! unified header's times are cut with `tail -n +3`; see
//! `unified_header`).

use lolab_core::{Lab, LabConfig};

/// The files the cases compare, made the same way in both places.
const SETUP: &str = r#"printf 'a\nb\nc\nd\n' > f1; printf 'a\nB\nc\nd\ne\n' > f2; printf 'x\n' > f3; printf 'a\nb' > f4; printf '' > f5; seq 1 20 > g1; seq 1 20 > g2x; printf '1\n2\nY\n4\n5\n6\n7\n8\n9\nX\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n' > g2; printf 'a\nb\nc\n' > h1; printf 'b\nc\nd\n' > h2; printf 'x\na\nb\n' > i1; printf 'a\nb\nx\n' > i2"#;

/// (command line, stdout, stderr, status), recorded.
const RECORDED: &[(&str, &str, &str, i32)] = &[
    (
        r#"diff f1 f2"#,
        r#"2c2
< b
---
> B
4a5
> e
"#,
        r#""#,
        1,
    ),
    (
        r#"diff -u f1 f2 | tail -n +3"#,
        r#"@@ -1,4 +1,5 @@
 a
-b
+B
 c
 d
+e
"#,
        r#""#,
        0,
    ),
    (r#"diff f1 f1"#, r#""#, r#""#, 0),
    (
        r#"diff f1 nosuch"#,
        r#""#,
        r#"diff: nosuch: No such file or directory
"#,
        2,
    ),
    (
        r#"diff f1"#,
        r#""#,
        r#"diff: missing operand after 'f1'
diff: Try 'diff --help' for more information.
"#,
        2,
    ),
    (
        r#"diff -Q a b"#,
        r#""#,
        r#"diff: invalid option -- 'Q'
diff: Try 'diff --help' for more information.
"#,
        2,
    ),
    (
        r#"diff f1 f3"#,
        r#"1,4c1
< a
< b
< c
< d
---
> x
"#,
        r#""#,
        1,
    ),
    (
        r#"diff -u f1 f3 | tail -n +3"#,
        r#"@@ -1,4 +1 @@
-a
-b
-c
-d
+x
"#,
        r#""#,
        0,
    ),
    (
        r#"diff f1 f4"#,
        r#"2,4c2
< b
< c
< d
---
> b
\ No newline at end of file
"#,
        r#""#,
        1,
    ),
    (
        r#"diff -u f4 f1 | tail -n +3"#,
        r#"@@ -1,2 +1,4 @@
 a
-b
\ No newline at end of file
+b
+c
+d
"#,
        r#""#,
        0,
    ),
    (
        r#"diff -q f1 f2"#,
        r#"Files f1 and f2 differ
"#,
        r#""#,
        1,
    ),
    (
        r#"diff -u f5 f1 | tail -n +3"#,
        r#"@@ -0,0 +1,4 @@
+a
+b
+c
+d
"#,
        r#""#,
        0,
    ),
    (
        r#"diff -u f1 f5 | tail -n +3"#,
        r#"@@ -1,4 +0,0 @@
-a
-b
-c
-d
"#,
        r#""#,
        0,
    ),
    (
        r#"diff f5 f1"#,
        r#"0a1,4
> a
> b
> c
> d
"#,
        r#""#,
        1,
    ),
    (
        r#"diff f1 f2 f3"#,
        r#""#,
        r#"diff: extra operand 'f3'
diff: Try 'diff --help' for more information.
"#,
        2,
    ),
    (
        r#"diff"#,
        r#""#,
        r#"diff: missing operand after 'diff'
diff: Try 'diff --help' for more information.
"#,
        2,
    ),
    (
        r#"printf 'a\n' | diff - f1"#,
        r#"1a2,4
> b
> c
> d
"#,
        r#""#,
        1,
    ),
    (
        r#"diff -U1 f1 f2 | tail -n +3"#,
        r#"@@ -1,4 +1,5 @@
 a
-b
+B
 c
 d
+e
"#,
        r#""#,
        0,
    ),
    (
        r#"diff -s f1 f1"#,
        r#"Files f1 and f1 are identical
"#,
        r#""#,
        0,
    ),
    (
        r#"diff --brief f1 f2"#,
        r#"Files f1 and f2 differ
"#,
        r#""#,
        1,
    ),
    (
        r#"diff -u g1 g2 | tail -n +3"#,
        r#"@@ -1,13 +1,13 @@
 1
 2
-3
+Y
 4
 5
 6
 7
 8
 9
-10
+X
 11
 12
 13
"#,
        r#""#,
        0,
    ),
    (
        r#"diff g1 g2"#,
        r#"3c3
< 3
---
> Y
10c10
< 10
---
> X
"#,
        r#""#,
        1,
    ),
    (
        r#"diff h1 h2"#,
        r#"1d0
< a
3a3
> d
"#,
        r#""#,
        1,
    ),
    (
        r#"diff -u h1 h2 | tail -n +3"#,
        r#"@@ -1,3 +1,3 @@
-a
 b
 c
+d
"#,
        r#""#,
        0,
    ),
    (
        r#"diff i1 i2"#,
        r#"1d0
< x
3a3
> x
"#,
        r#""#,
        1,
    ),
    (
        r#"diff -i f1 f2"#,
        r#"4a5
> e
"#,
        r#""#,
        1,
    ),
    (
        r#"diff -U0 g1 g2 | tail -n +3"#,
        r#"@@ -3 +3 @@
-3
+Y
@@ -10 +10 @@
-10
+X
"#,
        r#""#,
        0,
    ),
    (
        r#"diff -u f4 f3 | tail -n +3"#,
        r#"@@ -1,2 +1 @@
-a
-b
\ No newline at end of file
+x
"#,
        r#""#,
        0,
    ),
    (
        r#"diff f4 f3"#,
        r#"1,2c1
< a
< b
\ No newline at end of file
---
> x
"#,
        r#""#,
        1,
    ),
    (
        r#"diff -u g1 h1 | tail -n +3"#,
        r#"@@ -1,20 +1,3 @@
-1
-2
-3
-4
-5
-6
-7
-8
-9
-10
-11
-12
-13
-14
-15
-16
-17
-18
-19
-20
+a
+b
+c
"#,
        r#""#,
        0,
    ),
];

fn lab() -> Lab {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run(&format!("cd /tmp; {SETUP}"));
    assert_eq!(r.stderr(), "");
    lab
}

#[test]
fn recorded() {
    let mut lab = lab();
    let mut failures = Vec::new();
    for (line, stdout, stderr, status) in RECORDED {
        let r = lab.run(line);
        if (r.stdout().as_str(), r.stderr().as_str(), r.status) != (*stdout, *stderr, *status) {
            failures.push(format!(
                "{line}\n  want {stdout:?} {stderr:?} {status}\n  got  {:?} {:?} {}",
                r.stdout(),
                r.stderr(),
                r.status
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `diff -u f1 f2 | head -2` on the real box:
/// `--- f1<TAB>2026-12-05 10:14:08.560153156 +0000` and the same for f2: each
/// file's modification time (`stat`); standard input's is now. In the lab
/// the wall clock starts at 2026-11-27 00:00:00 UTC.
#[test]
fn unified_header() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("cd /tmp; printf 'a\\n' > u1; sleep 2; printf 'b\\n' > u2");
    let r = lab.run("cd /tmp; diff -u u1 u2 | head -2");
    assert_eq!(
        r.stdout(),
        "--- u1\t2026-11-27 00:00:00.000000000 +0000\n+++ u2\t2026-11-27 00:00:02.000000000 +0000\n"
    );
}
