//! The interactive shell as a terminal meets it: an unfinished command
//! continues at PS2 (`> `), history and `!!`, `help`, aliases, nested
//! shells (`bash`, `su -`, `sudo -i`) and Ctrl-D. Expected texts are
//! bash 5.2.15's (Debian 12), typed at a real terminal.

use lolab_core::{Instant, Lab, LabConfig, OutputEvent, Stream};

fn lab() -> Lab {
    Lab::new(LabConfig::default())
}

/// Types `line` at the prompt and runs it to its end; returns stdout
/// and stderr.
fn typed(l: &mut Lab, line: &str) -> (String, String) {
    let now = l.now();
    assert!(l.start(line, now), "busy at {line:?}");
    let mut steps = 0;
    let deadline = now + lolab_core::Duration::from_secs(60);
    let _ = l.run_until(deadline, 100_000, &mut steps, |_| {});
    let mut out = String::new();
    let mut err = String::new();
    for e in l.take_output() {
        if let OutputEvent::Text { stream, text } = e {
            match stream {
                Stream::Stdout => out.push_str(&text),
                Stream::Stderr => err.push_str(&text),
            }
        }
    }
    (out, err)
}

#[test]
fn an_unfinished_command_continues_at_ps2() {
    let mut l = lab();
    typed(&mut l, "for i in 1 2");
    assert_eq!(l.prompt(), "> ");
    typed(&mut l, "do echo $i");
    assert_eq!(l.prompt(), "> ");
    let (out, _) = typed(&mut l, "done");
    assert_eq!(out, "1\n2\n");
    assert_eq!(l.prompt(), "user@lab:~$ ");
    typed(&mut l, "echo 'a");
    let (out, _) = typed(&mut l, "b'");
    assert_eq!(out, "a\nb\n");
    typed(&mut l, "cat <<EOF");
    typed(&mut l, "here $HOME");
    let (out, _) = typed(&mut l, "EOF");
    assert_eq!(out, "here /home/user\n");
    typed(&mut l, "echo x |");
    assert_eq!(l.prompt(), "> ");
    // Ctrl-D at PS2: bash's end-of-file error.
    assert!(l.end_of_input(Instant::default()));
    let err: String = l
        .take_output()
        .into_iter()
        .filter_map(|e| match e {
            OutputEvent::Text { text, .. } => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(err, "bash: syntax error: unexpected end of file\n");
    assert_eq!(l.prompt(), "user@lab:~$ ");
}

#[test]
fn history_and_bang_bang() {
    let mut l = lab();
    typed(&mut l, "echo one");
    typed(&mut l, " echo hidden");
    typed(&mut l, "echo two");
    let (out, _) = typed(&mut l, "!!");
    assert_eq!(out, "echo two\ntwo\n");
    let (out, _) = typed(&mut l, "!1");
    assert_eq!(out, "echo one\none\n");
    let (_, err) = typed(&mut l, "!99");
    assert_eq!(err, "bash: !99: event not found\n");
    let (out, _) = typed(&mut l, "history");
    assert_eq!(
        out,
        // ignoreboth: the repeated `echo two` is not saved again.
        "    1  echo one\n    2  echo two\n    3  echo one\n    4  history\n"
    );
}

#[test]
fn help_is_bashs() {
    let mut l = lab();
    let (out, _) = typed(&mut l, "help");
    assert!(out.starts_with("GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)\n"));
    let (out, _) = typed(&mut l, "help cd");
    assert!(out.starts_with("cd: cd [-L|[-P [-e]] [-@]] [dir]\n"));
    let (_, err) = typed(&mut l, "help nosuch");
    assert_eq!(
        err,
        "bash: help: no help topics match `nosuch'.  Try `help help' or `man -k nosuch' or `info nosuch'.\n"
    );
    let (out, _) = typed(&mut l, "type help echo");
    assert_eq!(out, "help is a shell builtin\necho is a shell builtin\n");
}

#[test]
fn aliases_expand_at_the_prompt() {
    let mut l = lab();
    typed(&mut l, "alias hi='echo hello'");
    let (out, _) = typed(&mut l, "hi there");
    assert_eq!(out, "hello there\n");
    let (out, _) = typed(&mut l, "alias");
    assert_eq!(out, "alias hi='echo hello'\n");
    let (out, _) = typed(&mut l, "type hi");
    assert_eq!(out, "hi is aliased to `echo hello'\n");
}

#[test]
fn nested_shells_and_their_prompts() {
    let mut l = lab();
    typed(&mut l, "cd /tmp; sudo -i");
    assert_eq!(l.prompt(), "root@lab:~# ");
    let (out, _) = typed(&mut l, "pwd; echo $SHLVL");
    assert_eq!(out, "/root\n2\n");
    let (_, err) = typed(&mut l, "exit 4");
    assert_eq!(err, "logout\n");
    assert_eq!(l.prompt(), "user@lab:/tmp$ ");
    assert_eq!(l.last_status(), 4);
    typed(&mut l, "su -");
    assert_eq!(l.prompt(), "root@lab:~# ");
    assert!(l.end_of_input(l.now()));
    assert_eq!(l.prompt(), "user@lab:/tmp$ ");
    typed(&mut l, "x=1; export Y=2; bash");
    let (out, _) = typed(&mut l, "echo \"[$x][$Y]\"");
    assert_eq!(out, "[][2]\n");
    typed(&mut l, "sh");
    assert_eq!(l.prompt(), "$ ");
    let (_, err) = typed(&mut l, "nosuch");
    assert_eq!(err, "sh: 1: nosuch: not found\n");
    typed(&mut l, "exit");
    typed(&mut l, "exit");
    assert_eq!(l.prompt(), "user@lab:/tmp$ ");
    // The login shell: nothing to return to.
    assert!(!l.end_of_input(l.now()));
}

#[test]
fn scripts_run_by_bash_and_sh() {
    let mut l = lab();
    typed(&mut l, "cd /tmp; echo 'echo \"$0 got $1\"; exit 3' > s.sh");
    let (out, _) = typed(&mut l, "bash s.sh a; echo $?");
    assert_eq!(out, "s.sh got a\n3\n");
    let (out, err) = typed(&mut l, "./s.sh");
    assert_eq!(
        (out.as_str(), err.as_str()),
        ("", "bash: ./s.sh: Permission denied\n")
    );
    assert_eq!(l.last_status(), 126);
    let (out, err) = typed(&mut l, "bash -c 'echo $0 $1; nosuch' me x");
    assert_eq!(out, "me x\n");
    assert_eq!(err, "me: line 1: nosuch: command not found\n");
    let (out, _) = typed(&mut l, "echo 'echo piped $((1+1))' | bash");
    assert_eq!(out, "piped 2\n");
    let (out, _) = typed(&mut l, "sh -c 'echo {a,b}'");
    assert_eq!(out, "{a,b}\n");
}

/// bash 5.2: `trap 'echo caught' INT; sleep 100; echo after`, Ctrl-C
/// during the sleep: the trap runs and the script goes on.
#[test]
fn ctrl_c_runs_the_int_trap_and_the_script_goes_on() {
    let mut l = lab();
    let now = l.now();
    l.set_script_mode(Some("bash"));
    assert!(l.start("trap 'echo caught' INT; sleep 100; echo after $?", now));
    l.poll(now + lolab_core::Duration::from_secs(1));
    assert!(l.is_busy());
    l.interrupt(l.now());
    let mut steps = 0;
    let _ = l.run_until(
        l.now() + lolab_core::Duration::from_secs(5),
        1000,
        &mut steps,
        |_| {},
    );
    let out: String = l
        .take_output()
        .into_iter()
        .filter_map(|e| match e {
            OutputEvent::Text {
                stream: Stream::Stdout,
                text,
            } => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(out, "caught\nafter 130\n");
}

/// `time sleep 1` on the lab's clock: bash's report on standard error.
#[test]
fn time_reports_the_virtual_seconds() {
    let mut l = lab();
    let (out, err) = typed(&mut l, "time sleep 1.5");
    assert_eq!(out, "");
    assert_eq!(err, "\nreal\t0m1.500s\nuser\t0m0.000s\nsys\t0m0.000s\n");
}

/// `sudo ip netns exec c1 bash`: a root shell whose commands run in the
/// namespace (only `lo`, down), the host's name in the prompt; `exit`
/// returns to the host's shell.
#[test]
fn a_shell_inside_a_network_namespace() {
    let mut l = lab();
    typed(&mut l, "sudo ip netns add c1");
    typed(&mut l, "sudo ip netns exec c1 bash");
    assert_eq!(l.prompt(), "root@lab:/home/user# ");
    let (out, _) = typed(&mut l, "ip -br link");
    assert_eq!(
        out,
        "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n"
    );
    let (_, err) = typed(&mut l, "exit");
    assert_eq!(err, "exit\n");
    assert_eq!(l.prompt(), "user@lab:~$ ");
    let (out, _) = typed(&mut l, "ip -br link show lo");
    assert!(out.starts_with("lo               UNKNOWN"), "{out:?}");
}
