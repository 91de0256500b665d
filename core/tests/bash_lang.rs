//! bash 5.2 as a language, against the real bash: each script of
//! `fixtures/bash_lang/cases.txt` runs in the lab as `bash -c` runs it
//! (a script's shell: `bash: line N:` messages) and must print what
//! `/usr/bin/bash -c` printed when it was recorded (stdout, stderr, exit
//! status; recorded on Linux 6.18, Debian 12 bash 5.2.15, in an empty
//! scratch directory). `live_against_real_bash` runs the real bash again
//! where it is installed (skipped with a message where it is not), and
//! `RECORD=1` rewrites the recordings from it.

use lolab_core::{Lab, LabConfig};

const CASES: &str = "tests/fixtures/bash_lang/cases.txt";

/// One script and what bash did with it.
#[derive(Debug, Clone, PartialEq)]
struct Outcome {
    stdout: String,
    stderr: String,
    status: i32,
}

/// The scripts: blocks separated by lines of `----`, each
/// `### name` then the script, then `=== stdout`, `=== stderr`,
/// `=== status N` sections once recorded.
fn cases() -> Vec<(String, String, Option<Outcome>)> {
    // Compiled in (WASI has no file system to read it from); RECORD=1
    // rewrites the file itself.
    let text = include_str!("fixtures/bash_lang/cases.txt");
    let mut out = Vec::new();
    for block in text.split("\n----\n") {
        let Some(rest) = block.trim_start_matches('\n').strip_prefix("### ") else {
            continue;
        };
        let (name, rest) = rest.split_once('\n').unwrap_or((rest, ""));
        let (script, recorded) = match rest.split_once("=== stdout\n") {
            Some((s, r)) => (s, Some(r)),
            None => (rest, None),
        };
        let outcome = recorded.map(|r| {
            let (stdout, r) = r.split_once("=== stderr\n").unwrap_or((r, ""));
            let (stderr, status) = r.split_once("=== status ").unwrap_or((r, "0"));
            Outcome {
                stdout: stdout.to_string(),
                stderr: stderr.to_string(),
                status: status.trim().parse().unwrap_or(-1),
            }
        });
        out.push((name.to_string(), script.to_string(), outcome));
    }
    out
}

fn lab_outcome(script: &str) -> Outcome {
    let mut lab = Lab::new(LabConfig::default());
    lab.set_script_mode(Some("bash"));
    lab.run("cd /tmp");
    let r = lab.run(script.trim_end_matches('\n'));
    Outcome {
        stdout: r.stdout(),
        stderr: r.stderr(),
        status: r.status,
    }
}

/// No processes to run under WASI: the live comparison is skipped there.
#[cfg(not(unix))]
fn real_bash(_script: &str) -> Option<Outcome> {
    None
}

#[cfg(unix)]
fn real_bash(script: &str) -> Option<Outcome> {
    let bash = std::path::Path::new("/usr/bin/bash");
    if !bash.exists() {
        return None;
    }
    let dir = std::env::temp_dir().join(format!("bash_lang_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).ok()?;
    use std::os::unix::process::CommandExt;
    let out = std::process::Command::new(bash)
        .arg0("bash")
        .arg("-c")
        .arg(script.trim_end_matches('\n'))
        .current_dir(&dir)
        .env_clear()
        .env(
            "PATH",
            "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games",
        )
        .env("HOME", "/home/user")
        .env("LANG", "C.UTF-8")
        .output()
        .ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    Some(Outcome {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code().unwrap_or(-1),
    })
}

#[test]
fn recorded_bash_outcomes() {
    let mut failures = Vec::new();
    for (name, script, recorded) in cases() {
        let Some(expected) = recorded else {
            failures.push(format!(
                "{name}: not recorded (RECORD=1 cargo test --test bash_lang live)"
            ));
            continue;
        };
        let got = lab_outcome(&script);
        if got != expected {
            failures.push(format!(
                "{name}:\n  script: {script:?}\n  bash: {expected:?}\n  lab:  {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n{} failing",
        failures.join("\n"),
        failures.len()
    );
}

#[test]
fn live_against_real_bash() {
    if !std::path::Path::new("/usr/bin/bash").exists() {
        eprintln!("skipped: /usr/bin/bash is not installed here");
        return;
    }
    let record = std::env::var("RECORD").is_ok();
    let mut text = String::new();
    let mut drift = Vec::new();
    for (name, script, recorded) in cases() {
        let Some(real) = real_bash(&script) else {
            return;
        };
        if !record && recorded.as_ref() != Some(&real) {
            drift.push(format!(
                "{name}: the recording differs from bash now: {real:?}"
            ));
        }
        let script = format!("{}\n", script.trim_end_matches('\n'));
        text.push_str(&format!(
            "### {name}\n{script}=== stdout\n{}=== stderr\n{}=== status {}\n----\n",
            real.stdout, real.stderr, real.status
        ));
    }
    if record {
        std::fs::write(CASES, text).expect("write recordings");
    }
    assert!(drift.is_empty(), "{}", drift.join("\n"));
}

/// Lines of bash-shaped garbage never panic and always end (an endless
/// loop is stopped by the line's work budget, as Ctrl-C would).
#[test]
fn garbage_never_panics_and_ends() {
    const PIECES: &[&str] = &[
        "if",
        "then",
        "fi",
        "for",
        "in",
        "do",
        "done",
        "while",
        "until",
        "case",
        "esac",
        ";;",
        "{",
        "}",
        "(",
        ")",
        "((",
        "))",
        "[[",
        "]]",
        "$(",
        "`",
        "${",
        "}",
        "$((",
        "'",
        "\"",
        "\\",
        "<<",
        "EOF",
        "\n",
        ";",
        "&",
        "&&",
        "||",
        "|",
        ">",
        "<",
        "<<<",
        "x=1",
        "$x",
        "${x:-y}",
        "echo",
        "f()",
        "function",
        "!",
        "*",
        "?",
        "[a-z]",
        "{1..3}",
        "~",
        "#",
        ":",
        "true",
        "false",
        "break",
        "continue",
        "return",
        "exit",
        "local",
        "set -e",
        "eval",
        "read",
        "${#x}",
        "$@",
        "\"$@\"",
        "$?",
        "2>&1",
        "-eq",
        "1",
        "0",
        "test",
        "[",
        "]",
        "=",
        " ",
        "shift",
        "source",
        "bash -c",
        "sh -c",
        "sudo -i",
        "su",
        "cat",
        "while :; do :; done",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut lab = Lab::new(LabConfig {
        line_work_budget: 50_000,
        ..LabConfig::default()
    });
    for _ in 0..600 {
        let n = (next() % 14) as usize + 1;
        let line: Vec<&str> = (0..n)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let line = line.join(" ");
        if std::env::var("GARBAGE_DEBUG").is_ok() {
            eprintln!("LINE {line:?}");
        }
        let _ = lab.run(&line);
        assert!(!lab.is_busy(), "{line:?}");
        if lab.prompt().starts_with("root") || lab.prompt().starts_with('$') {
            lab.run("exit");
        }
    }
}

/// `eval` and `source` calling themselves are bounded (bash would run
/// out of memory); the lab says so and the line ends.
#[test]
fn endless_eval_and_source_end() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("cd /tmp; echo 'source ./rec.sh' > rec.sh");
    let r = lab.run("source ./rec.sh");
    assert_eq!(r.stderr(), "bash: maximum nesting level exceeded\n");
    let r = lab.run("x='eval $x'; eval $x");
    assert_eq!(r.stderr(), "bash: maximum nesting level exceeded\n");
    assert_eq!(lab.run("echo ok").stdout(), "ok\n");
}
