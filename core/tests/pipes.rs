//! Pipelines (`a | b`) and the text filters that read them. Expected texts
//! were recorded from the real tools on Debian 12 (bash 5.2.15, GNU grep
//! 3.8, coreutils 9.1, iputils 20221126, LANG=C.UTF-8); each test shows the
//! real command it was checked against. The lab's /etc/hosts was copied to
//! /tmp/labhosts for the real runs (`<TAB>` is a tab):
//!
//! ```text
//! 127.0.0.1<TAB>localhost
//! 127.0.1.1<TAB>lab
//!
//! # The following lines are desirable for IPv6 capable hosts
//! ::1     localhost ip6-localhost ip6-loopback
//! ff02::1 ip6-allnodes
//! ff02::2 ip6-allrouters
//! ```

use lolab_core::{Lab, LabConfig};

fn lab() -> Lab {
    Lab::new(LabConfig::default())
}

/// `grep -n localhost /tmp/labhosts` (and the same through `cat |`):
/// ```text
/// 1:127.0.0.1<TAB>localhost
/// 5:::1     localhost ip6-localhost ip6-loopback
/// ```
#[test]
fn cat_into_grep() {
    let mut l = lab();
    let want = "1:127.0.0.1\tlocalhost\n5:::1     localhost ip6-localhost ip6-loopback\n";
    let r = l.run("cat /etc/hosts | grep -n localhost");
    assert_eq!(r.stdout(), want);
    assert_eq!(r.status, 0);
    assert_eq!(l.run("grep -n localhost /etc/hosts").stdout(), want);
    assert_eq!(l.run("grep -n localhost < /etc/hosts").stdout(), want);
}

/// Real runs on /tmp/labhosts:
/// `grep -c -v '^$'` → `6`; `grep -E -o 'ip6-[a-z]+'` → `ip6-localhost`,
/// `ip6-loopback`, `ip6-allnodes`, `ip6-allrouters`; `grep -w -i LAB` →
/// `127.0.1.1<TAB>lab`; `grep -x 'ff02::1 ip6-allnodes'` → that line;
/// `grep '^[^#]*ip6' | grep -v local` → the two ff02 lines.
#[test]
fn grep_options() {
    let mut l = lab();
    assert_eq!(l.run("grep -c -v '^$' /etc/hosts").stdout(), "6\n");
    assert_eq!(
        l.run("cat /etc/hosts | grep -E -o 'ip6-[a-z]+'").stdout(),
        "ip6-localhost\nip6-loopback\nip6-allnodes\nip6-allrouters\n"
    );
    assert_eq!(
        l.run("grep -w -i LAB /etc/hosts").stdout(),
        "127.0.1.1\tlab\n"
    );
    assert_eq!(
        l.run("grep -x 'ff02::1 ip6-allnodes' /etc/hosts").stdout(),
        "ff02::1 ip6-allnodes\n"
    );
    assert_eq!(
        l.run("grep '^[^#]*ip6' /etc/hosts | grep -v local")
            .stdout(),
        "ff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n"
    );
    // printf 'Lo\nlo\nLOCAL\n' | grep -iw lo → Lo, lo
    // printf 'x 127.0.0.1 y\n' | grep -o '[0-9.]*1' → 127.0.0.1
    let r = l.run("grep -o '127[0-9.]*1' /etc/hosts");
    assert_eq!(r.stdout(), "127.0.0.1\n127.0.1.1\n");
    // printf 'a\nb\n' | grep -q a; echo $? → 0
    assert_eq!(l.run("grep -q lab /etc/hosts; echo $?").stdout(), "0\n");
    assert_eq!(l.run("grep -q nothing /etc/hosts; echo $?").stdout(), "1\n");
    assert_eq!(
        l.run("grep -F '::' /etc/hosts | grep -c ff02").stdout(),
        "2\n"
    );
}

/// GNU grep 3.8's errors:
/// ```text
/// $ echo a | grep -j x; echo $?
/// grep: invalid option -- 'j'
/// Usage: grep [OPTION]... PATTERNS [FILE]...
/// Try 'grep --help' for more information.
/// 2
/// $ grep x nosuch; echo $?
/// grep: nosuch: No such file or directory
/// 2
/// $ grep -E 'a(' /dev/null → grep: Unmatched ( or \(          (2)
/// $ grep '[a' /dev/null    → grep: Unmatched [, [^, [:, [., or [=
/// $ grep 'a\' /dev/null    → grep: Trailing backslash
/// $ grep '[:space:]' x     → grep: character class syntax is [[:space:]], not [:space:]
/// $ grep --bogus x         → grep: unrecognized option '--bogus' + the 2 usage lines
/// $ grep                   → the 2 usage lines, 2
/// $ grep -c localhost /tmp/labhosts nosuch; echo $?
/// /tmp/labhosts:2
/// grep: nosuch: No such file or directory
/// 2
/// $ grep -q localhost /tmp/labhosts nosuch; echo $?   → 0, nothing printed
/// ```
#[test]
fn grep_errors() {
    let mut l = lab();
    let usage =
        "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
    let r = l.run("echo a | grep -j x");
    assert_eq!(r.stderr(), format!("grep: invalid option -- 'j'\n{usage}"));
    assert_eq!(r.status, 2);
    let r = l.run("grep x nosuch");
    assert_eq!(r.stderr(), "grep: nosuch: No such file or directory\n");
    assert_eq!(r.status, 2);
    for (pattern, message) in [
        ("-E 'a('", "Unmatched ( or \\("),
        ("'[a'", "Unmatched [, [^, [:, [., or [="),
        ("'a\\'", "Trailing backslash"),
        (
            "'[:space:]'",
            "character class syntax is [[:space:]], not [:space:]",
        ),
        ("'a\\{2'", "Unmatched \\{"),
    ] {
        let r = l.run(&format!("grep {pattern} /etc/hosts"));
        assert_eq!(r.stderr(), format!("grep: {message}\n"), "{pattern}");
        assert_eq!(r.status, 2);
    }
    let r = l.run("grep --bogus x");
    assert_eq!(
        r.stderr(),
        format!("grep: unrecognized option '--bogus'\n{usage}")
    );
    let r = l.run("grep");
    assert_eq!((r.stderr(), r.status), (String::from(usage), 2));
    let r = l.run("grep -c localhost /etc/hosts nosuch");
    assert_eq!(r.stdout(), "/etc/hosts:2\n");
    assert_eq!(r.stderr(), "grep: nosuch: No such file or directory\n");
    assert_eq!(r.status, 2);
    let r = l.run("grep -q localhost /etc/hosts nosuch");
    assert_eq!((r.stderr(), r.status), (String::new(), 0));
    // Back-references (GNU grep 3.8 on a copy of the lab's /etc/hosts):
    // `grep -o '\([a-z]\)\1'` → ll oo ff ll ff ll; `grep -E '(o)\1'` → the
    // ::1 line; `grep '\1'` and `grep '\(a\)\2'` → grep: Invalid back
    // reference (2).
    assert_eq!(
        l.run("grep -o '\\([a-z]\\)\\1' /etc/hosts").stdout(),
        "ll\noo\nff\nll\nff\nll\n"
    );
    assert_eq!(
        l.run("grep -E '(o)\\1' /etc/hosts").stdout(),
        "::1     localhost ip6-localhost ip6-loopback\n"
    );
    for pattern in ["'\\1'", "'\\(a\\)\\2'"] {
        let r = l.run(&format!("grep {pattern} /etc/hosts"));
        assert_eq!(
            (r.stderr(), r.status),
            (String::from("grep: Invalid back reference\n"), 2)
        );
    }
}

/// GNU grep 3.8, with /tmp/g1 holding `a b a` (one a line):
/// ```text
/// $ grep -l a /tmp/g1 /tmp/labhosts; echo $?   → /tmp/g1, /tmp/labhosts, 0
/// $ grep -L zzz /tmp/g1; echo $?                → /tmp/g1, 1
/// $ grep -L a /tmp/g1; echo $?                  → (nothing), 0
/// $ grep -m1 -n a /tmp/g1                       → 1:a
/// $ grep -c -m1 a /tmp/g1                       → 1
/// $ grep -m 0 a /tmp/g1; echo $?                → 1
/// $ grep -m x a /tmp/g1; echo $?                → grep: invalid max count, 2
/// $ printf 'a\n' | grep -l a                    → (standard input)
/// ```
#[test]
fn grep_lists_and_max_count() {
    let mut l = lab();
    let r = l.run("grep -l local /etc/hosts /etc/hostname");
    assert_eq!((r.stdout(), r.status), (String::from("/etc/hosts\n"), 0));
    let r = l.run("grep -L zzz /etc/hostname");
    assert_eq!((r.stdout(), r.status), (String::from("/etc/hostname\n"), 1));
    let r = l.run("grep -L lab /etc/hostname");
    assert_eq!((r.stdout(), r.status), (String::new(), 0));
    assert_eq!(
        l.run("grep -m1 -n local /etc/hosts").stdout(),
        "1:127.0.0.1\tlocalhost\n"
    );
    assert_eq!(l.run("grep -c -m1 local /etc/hosts").stdout(), "1\n");
    assert_eq!(l.run("grep -m 0 local /etc/hosts").status, 1);
    let r = l.run("grep -m x a /etc/hosts");
    assert_eq!(
        (r.stderr(), r.status),
        (String::from("grep: invalid max count\n"), 2)
    );
    assert_eq!(l.run("echo a | grep -l a").stdout(), "(standard input)\n");
    // -m behind a pipe stops reading: ping then dies of SIGPIPE.
    let r = l.run("ping 127.0.0.1 | grep -m2 ttl; echo $?");
    assert_eq!(r.stdout().lines().count(), 3);
    assert!(!r.interrupted);
    // grep -r searches the files under a directory (GNU grep 3.8 on a copy
    // of the lab's /etc: `grep -rc 127.0 etc/` → etc/hosts:2 first, in name
    // order here).
    let r = l.run("grep -r -c 127.0 /etc/");
    assert!(r.stdout().contains("/etc/hosts:2\n"), "{r:?}");
}

/// grep's context lines, GNU grep 3.8, with /tmp/F holding the lines
/// `a x y a z 1 2 3 a` and /tmp/G `a b a`:
/// ```text
/// $ grep -A1 a /tmp/F; echo $?
/// a
/// x
/// --
/// a
/// z
/// --
/// a
/// 0
/// $ grep -B1 -n a /tmp/F; echo $?
/// 1:a
/// --
/// 3-y
/// 4:a
/// --
/// 8-3
/// 9:a
/// 0
/// $ grep -C1 z /tmp/F /tmp/G; echo $?
/// /tmp/F-a
/// /tmp/F:z
/// /tmp/F-1
/// 0
/// $ grep -A 1 -m1 a /tmp/F; echo $?
/// a
/// x
/// 0
/// $ grep -A x a /tmp/F; echo $?
/// grep: x: invalid context length argument
/// 2
/// $ grep -2 z /tmp/F; echo $?
/// y
/// a
/// z
/// 1
/// 2
/// 0
/// $ grep -A1 -B1 -n 1 /tmp/F /tmp/G; echo $?
/// /tmp/F-5-z
/// /tmp/F:6:1
/// /tmp/F-7-2
/// 0
/// $ grep -C 1 -v a /tmp/F; echo $?
/// a
/// x
/// y
/// a
/// z
/// 1
/// 2
/// 3
/// a
/// 0
/// $ grep -B1 a /tmp/G /tmp/F; echo $?
/// /tmp/G:a
/// /tmp/G-b
/// /tmp/G:a
/// --
/// /tmp/F:a
/// --
/// /tmp/F-y
/// /tmp/F:a
/// --
/// /tmp/F-3
/// /tmp/F:a
/// 0
/// ```
#[test]
fn grep_context_lines() {
    let mut l = lab();
    l.run("echo -e 'a\\nx\\ny\\na\\nz\\n1\\n2\\n3\\na' > /tmp/F; echo -e 'a\\nb\\na' > /tmp/G");
    for (line, stdout, stderr, status) in [
        ("grep -A1 a /tmp/F", "a\nx\n--\na\nz\n--\na\n", "", 0),
        (
            "grep -B1 -n a /tmp/F",
            "1:a\n--\n3-y\n4:a\n--\n8-3\n9:a\n",
            "",
            0,
        ),
        (
            "grep -C1 z /tmp/F /tmp/G",
            "/tmp/F-a\n/tmp/F:z\n/tmp/F-1\n",
            "",
            0,
        ),
        ("grep -A 1 -m1 a /tmp/F", "a\nx\n", "", 0),
        (
            "grep -A x a /tmp/F",
            "",
            "grep: x: invalid context length argument\n",
            2,
        ),
        ("grep -2 z /tmp/F", "y\na\nz\n1\n2\n", "", 0),
        (
            "grep -A1 -B1 -n 1 /tmp/F /tmp/G",
            "/tmp/F-5-z\n/tmp/F:6:1\n/tmp/F-7-2\n",
            "",
            0,
        ),
        (
            "grep -C 1 -v a /tmp/F",
            "a\nx\ny\na\nz\n1\n2\n3\na\n",
            "",
            0,
        ),
        (
            "grep -B1 a /tmp/G /tmp/F",
            "/tmp/G:a\n/tmp/G-b\n/tmp/G:a\n--\n/tmp/F:a\n--\n/tmp/F-y\n/tmp/F:a\n--\n/tmp/F-3\n/tmp/F:a\n",
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

/// A file with NUL bytes is binary to grep 3.8, which reports a match on
/// standard error instead of printing it:
/// ```text
/// $ echo -e 'abc\0def\nxyz' > /tmp/bin
/// $ grep abc /tmp/bin; echo $?        → grep: /tmp/bin: binary file matches, 0
/// $ grep -c abc /tmp/bin              → 1
/// $ cat /tmp/bin | grep xyz           → grep: (standard input): binary file matches
/// $ grep qqq /tmp/bin; echo $?        → 1
/// ```
#[test]
fn grep_reports_binary_files() {
    let mut l = lab();
    l.run("echo -e 'abc\\0def\\nxyz' > /tmp/bin");
    let r = l.run("grep abc /tmp/bin");
    assert_eq!(
        (r.stdout(), r.stderr(), r.status),
        (
            String::new(),
            String::from("grep: /tmp/bin: binary file matches\n"),
            0
        )
    );
    assert_eq!(l.run("grep -c abc /tmp/bin").stdout(), "1\n");
    assert_eq!(
        l.run("cat /tmp/bin | grep xyz").stderr(),
        "grep: (standard input): binary file matches\n"
    );
    assert_eq!(l.run("grep qqq /tmp/bin").status, 1);
}

/// grep's output into a pipe is block-buffered by stdio: the lines come
/// out together when grep exits (or 4 KiB at a time), unless
/// `--line-buffered`. Real, one line per arrival with its time:
/// ```text
/// $ ping -c 3 -i 0.5 127.0.0.1 | grep ttl | while read l; do echo "$(date +%s.%N) $l"; done
/// 1568.360 64 bytes from 127.0.0.1: icmp_
/// 1568.364 64 bytes from 127.0.0.1: icmp_
/// 1568.366 64 bytes from 127.0.0.1: icmp_
/// $ ping -c 3 -i 0.5 127.0.0.1 | grep --line-buffered ttl | while read ...
/// 1568.373 64 bytes from 127.0.0.1: icmp_
/// 1568.900 64 bytes from 127.0.0.1: icmp_
/// 1569.412 64 bytes from 127.0.0.1: icmp_
/// ```
/// Ctrl-C kills grep with its buffer unwritten, so nothing shows.
#[test]
fn grep_into_a_pipe_is_block_buffered() {
    let mut l = lab();
    let limit = lolab_core::Duration::from_millis(3500);
    let r = l.run_for("ping 127.0.0.1 | grep ttl | cat", limit);
    assert!(r.interrupted);
    assert_eq!(r.stdout(), "");
    let r = l.run_for("ping 127.0.0.1 | grep --line-buffered ttl | cat", limit);
    assert_eq!(r.stdout().lines().count(), 4, "{r:?}");
    let r = l.run("ping -c 3 127.0.0.1 | grep ttl | cat");
    assert_eq!(r.stdout().lines().count(), 3, "{r:?}");
}

/// bash: `$?` is the last command's status (no pipefail):
/// `echo x | false; echo $?` → `1`; `false | echo y; echo $?` → `y`, `0`;
/// `ls /nonexistent 2>&1 | grep -c 'No such'` → `1`.
#[test]
fn status_is_the_last_commands_and_redirections_apply() {
    let mut l = lab();
    assert_eq!(l.run("echo x | false; echo $?").stdout(), "1\n");
    assert_eq!(l.run("false | echo y; echo $?").stdout(), "y\n0\n");
    let r = l.run("ls /nonexistent 2>&1 | grep -c 'No such'");
    assert_eq!(
        (r.stdout(), r.stderr()),
        (String::from("1\n"), String::new())
    );
    // Without 2>&1 the error goes to the terminal and grep sees nothing.
    let r = l.run("ls /nonexistent | grep -c 'No such'");
    assert_eq!(r.stdout(), "0\n");
    assert!(r.stderr().contains("No such file"), "{r:?}");
    assert_eq!(l.run("nosuchcmd | grep x; echo $?").stdout(), "1\n");
    // bash: `ls /nope |& grep -c No` → 1 (`|&` is `2>&1 |`); `|& x` →
    // bash: syntax error near unexpected token `|&'
    assert_eq!(
        l.run("ls /nonexistent |& grep -c 'No such'").stdout(),
        "1\n"
    );
    assert_eq!(
        l.run("|& grep x").stderr(),
        "bash: syntax error near unexpected token `|&'\n"
    );
}

/// A writer whose reader has gone dies of SIGPIPE. Real:
/// `ping -c 5 127.0.0.1 | grep -q ttl; echo ${PIPESTATUS[@]}` → `141 0`.
#[test]
fn a_writer_without_reader_gets_sigpipe() {
    let mut l = lab();
    let start = l.now();
    let r = l.run("ping 127.0.0.1 | grep -q ttl; echo $?");
    assert_eq!(r.stdout(), "0\n");
    assert!(!r.interrupted);
    // ping wrote its second reply a second later and died of it.
    assert!(l.now() - start < lolab_core::Duration::from_secs(3));
    assert!(!l.run("ps").stdout().contains("ping"));
}

/// Real bash 5.2.15 with job control (`set -m`):
/// ```text
/// $ sleep 30 | sleep 31 &
/// $ jobs
/// [1]+  Running                 sleep 30 | sleep 31 &
/// $ kill %1
/// [1]+  Terminated              sleep 30 | sleep 31
/// ```
#[test]
fn a_pipeline_is_one_job() {
    let mut l = lab();
    let r = l.run("sleep 30 | sleep 31 &");
    // bash announces the job by its last process.
    assert_eq!(r.stderr(), "[1] 1235\n");
    assert_eq!(
        l.run("jobs").stdout(),
        "[1]+  Running                 sleep 30 | sleep 31 &\n"
    );
    let ps = l.run("ps").stdout();
    assert!(ps.contains(" 1234 pts/0    00:00:00 sleep\n"), "{ps}");
    assert!(ps.contains(" 1235 pts/0    00:00:00 sleep\n"), "{ps}");
    let r = l.run("kill %1");
    assert_eq!(
        r.stderr(),
        "[1]+  Terminated              sleep 30 | sleep 31\n"
    );
    assert!(!l.run("ps").stdout().contains("sleep"));
    assert_eq!(l.run("jobs").stdout(), "");
}

/// Ctrl-C reaches every process of the foreground pipeline.
#[test]
fn ctrl_c_ends_the_whole_pipeline() {
    let mut l = lab();
    let r = l.run_for(
        "ping 127.0.0.1 | grep ttl",
        lolab_core::Duration::from_secs(3),
    );
    assert!(r.interrupted);
    assert!(r.stdout().contains("icmp_seq=1 ttl=64"), "{r:?}");
    let ps = l.run("ps").stdout();
    assert!(!ps.contains("ping") && !ps.contains("grep"), "{ps}");
    // The pipes are gone and the shell takes the next line.
    assert_eq!(l.run("echo ok | grep ok").stdout(), "ok\n");
}

/// Builtins write into the pipe like any command. Real bash 5.2.15,
/// interactive: `sleep 5 &` then `jobs | grep -c Running` → `1`, and
/// `jobs | cat` → `[1]+  Running                 sleep 5 &`.
#[test]
fn builtins_in_a_pipeline() {
    let mut l = lab();
    l.run("sleep 100 &");
    assert_eq!(l.run("jobs | grep -c Running").stdout(), "1\n");
    assert_eq!(
        l.run("jobs | cat").stdout(),
        "[1]+  Running                 sleep 100 &\n"
    );
    assert_eq!(l.run("ps | grep -c sleep").stdout(), "1\n");
}

#[cfg(not(target_arch = "wasm32"))]
mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Commands that write (some forever), and the filters that read.
    const COMMANDS: &[&str] = &[
        "cat /etc/hosts",
        "ping 127.0.0.1",
        "ping -c 2 -i 0.2 ::1",
        "ip a",
        "ss -tlnp",
        "getent ahosts localhost",
        "echo hi",
        "sleep 1",
        "false",
        "nosuch",
        "jobs",
        "ps",
        "grep",
        "grep -c",
        "grep -v",
        "grep -E",
        "grep -o",
        "grep -iwn",
        "grep -q",
        "head",
        "head -n",
        "head -2",
        "tail",
        "tail -n",
        "wc",
        "wc -l",
        "sort",
        "sort -nru",
        "uniq -c",
        "cat",
        "cat -",
        "sed s/a/b/",
    ];

    /// Arguments: patterns (regex syntax, broken ones too), counts, files.
    const ARGS: &[&str] = &[
        "lo",
        "^inet",
        "a*",
        "(a|b)+",
        "\\(x",
        "[a-",
        "[[:digit:]]+",
        "x{2,1}",
        "\\<lo\\>",
        "1",
        "-3",
        "+2",
        "0",
        "/etc/hosts",
        "-",
        "nosuch",
        "-Z",
        ".",
        "$",
        "\\",
        "é",
        "a\\{3\\}",
    ];

    fn command() -> impl Strategy<Value = String> {
        (
            proptest::sample::select(COMMANDS),
            proptest::collection::vec(proptest::sample::select(ARGS), 0..3),
        )
            .prop_map(|(c, args)| {
                let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
                format!("{c} {}", quoted.join(" "))
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        /// Random pipelines (with redirections and backgrounding) never
        /// panic, end within the limit, and leave no pipe or process behind
        /// once the foreground pipeline is over.
        #[test]
        fn random_pipelines_never_panic(
            commands in proptest::collection::vec(command(), 1..5),
            stderr_too in any::<bool>(),
            background in any::<bool>(),
        ) {
            let mut l = lab();
            let joiner = if stderr_too { " 2>&1 | " } else { " | " };
            let mut line = commands.join(joiner);
            if background {
                line.push_str(" &");
            }
            let _ = l.run_for(&line, lolab_core::Duration::from_secs(4));
            let _ = l.run("kill %1");
            let r = l.run("echo ok | grep ok");
            prop_assert_eq!(r.stdout(), "ok\n");
        }
    }
}

/// A process killed in the middle of a pipeline closes its pipe ends as it
/// exits: the next command sees end-of-file at once, while the first, whose
/// reader is gone, runs on until it writes. Real bash 5.2.15:
/// `sleep 30 | cat | wc -l &`, `kill -9 <cat's pid>` → wc prints `0` and
/// `sleep` is still in `ps`.
#[test]
fn a_killed_middle_command_closes_its_pipe_ends() {
    let mut l = lab();
    let r = l.run("sleep 30 | cat | wc -l &");
    assert_eq!(r.stderr(), "[1] 1236\n");
    let r = l.run("kill -9 1235; sleep 1");
    assert_eq!(r.stdout(), "0\n", "wc saw end-of-file: {r:?}");
    let ps = l.run("ps").stdout();
    assert!(ps.contains(" 1234 pts/0    00:00:00 sleep\n"), "{ps}");
    assert!(!ps.contains(" cat\n") && !ps.contains(" wc\n"), "{ps}");
}

/// A pipe end nobody holds is closed: when a redirection takes a command's
/// standard output off the pipe, the shell's copy was its last descriptor,
/// so the next command sees end-of-file while the first still runs. Real
/// bash 5.2.15: `sleep 30 > /dev/null | wc -l &` prints `0` at once.
#[test]
fn a_write_end_redirected_away_is_end_of_file_at_once() {
    let mut l = lab();
    let r = l.run("sleep 30 > /dev/null | wc -l &");
    assert_eq!(r.stderr(), "[1] 1235\n");
    assert_eq!(r.stdout(), "0\n", "{r:?}");
    let ps = l.run("ps").stdout();
    assert!(ps.contains(" 1234 pts/0    00:00:00 sleep\n"), "{ps}");
    assert!(!ps.contains(" wc\n"), "{ps}");
}
