//! The shell's job control over its system calls: `kill` sends a signal
//! and the shell learns what ended through `waitpid`. A program a signal
//! makes print (ping's statistics on SIGINT) writes to its own stdout and
//! terminal, as on Linux, never to the `kill` built-in's redirections.

use lolab_core::{Duration, Instant, Lab, LabConfig, OutputEvent, Stream};

/// The text of `stream` written on terminal `terminal` in `events`.
fn text_on(events: &[OutputEvent], terminal: u32, stream: Stream) -> String {
    let mut now = 0;
    let mut text = String::new();
    for e in events {
        match e {
            OutputEvent::Terminal(n) => now = *n,
            OutputEvent::Text { stream: s, text: t } if now == terminal && *s == stream => {
                text.push_str(t);
            }
            _ => {}
        }
    }
    text
}

#[test]
fn sigint_output_goes_to_the_job_s_own_terminal() {
    let mut lab = Lab::new(LabConfig::default());
    let at = |ms| Instant::ZERO + Duration::from_millis(ms);
    assert!(lab.start_on("ping -c 100 127.0.0.1 &", at(0), 1));
    lab.poll(at(1500));
    let started = lab.take_output();
    assert!(text_on(&started, 1, Stream::Stdout).starts_with("PING 127.0.0.1"));
    assert!(lab.start_on("kill -INT %1 > /tmp/k", at(1600), 0));
    lab.poll(at(1700));
    let killed = lab.take_output();
    let stats = text_on(&killed, 1, Stream::Stdout);
    assert!(
        stats.contains("--- 127.0.0.1 ping statistics ---\n2 packets transmitted, 2 received"),
        "{killed:?}"
    );
    assert_eq!(text_on(&killed, 0, Stream::Stdout), "");
    // The job ended by the signal is announced where it was started.
    assert_eq!(
        text_on(&killed, 1, Stream::Stderr),
        "[1]+  Done                    ping -c 100 127.0.0.1\n"
    );
    assert_eq!(lab.run("cat /tmp/k; echo $?").stdout(), "0\n");
    assert_eq!(lab.run("jobs").stdout(), "");
}

#[test]
fn a_pipeline_s_status_is_its_last_command_s_whoever_ends_last() {
    let mut lab = Lab::new(LabConfig::default());
    // The last command ends first; the pipeline ends with the sleep.
    let r = lab.run("sleep 1 | false; echo $?");
    assert_eq!(r.stdout(), "1\n");
    let r = lab.run("false | sleep 1; echo $?");
    assert_eq!(r.stdout(), "0\n");
    let r = lab.run("sleep 1 | sleep 2 & kill %1; sleep 1; jobs");
    assert_eq!(
        r.stderr(),
        "[1] 1241\n[1]+  Terminated              sleep 1 | sleep 2\n"
    );
    assert_eq!(
        lab.run("kill 99999").stderr(),
        "bash: kill: (99999) - No such process\n"
    );
}
