//! `lolab -c`, `lolab FILE` and a script on standard input run as
//! `bash -c`, `bash FILE` and `bash < FILE` do (bash 5.2.15's messages
//! and statuses, recorded on Debian 12).

use std::io::Write;
use std::process::{Command, Stdio};

fn lolab() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lolab"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn dash_c_with_newlines_runs_as_bash_c() {
    let out = lolab()
        .args([
            "-c",
            "echo a\necho b\nfor i in 1 2; do echo $i; done\nnosuch\nexit 3",
        ])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "a\nb\n1\n2\n");
    // bash -c: `bash: line 4: nosuch: command not found`.
    assert_eq!(
        text(&out.stderr),
        "bash: line 4: nosuch: command not found\n"
    );
    assert_eq!(out.status.code(), Some(3));
    let out = lolab()
        .args(["-c", "echo $0 $1 $#", "me", "x", "y"])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "me x 2\n");
    let out = lolab().args(["-c", "echo a\nif then"]).output().unwrap();
    assert_eq!(text(&out.stdout), "a\n");
    assert_eq!(
        text(&out.stderr),
        "bash: -c: line 2: syntax error near unexpected token `then'\nbash: -c: line 2: `if then'\n"
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_script_file_of_this_machine() {
    let dir = std::env::temp_dir().join(format!("lolab_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("s.sh");
    std::fs::write(&file, "#!/bin/bash\necho \"hi $1\"\nnosuch\n").unwrap();
    let path = file.to_string_lossy().into_owned();
    let out = lolab().args([path.as_str(), "there"]).output().unwrap();
    assert_eq!(text(&out.stdout), "hi there\n");
    assert_eq!(
        text(&out.stderr),
        format!("{path}: line 3: nosuch: command not found\n")
    );
    assert_eq!(out.status.code(), Some(127));
    let _ = std::fs::remove_dir_all(&dir);
    let out = lolab().arg("/nonexistent/x.sh").output().unwrap();
    assert_eq!(
        text(&out.stderr),
        "bash: /nonexistent/x.sh: No such file or directory\n"
    );
    assert_eq!(out.status.code(), Some(127));
}

#[test]
fn a_script_on_standard_input() {
    let mut child = lolab()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"if true; then\n  echo yes\nfi\nx=5\necho $((x * 2))\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(text(&out.stdout), "yes\n10\n");
    assert_eq!(out.status.code(), Some(0));
}
