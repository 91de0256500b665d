//! The lab's shell end to end, through the public `Lab` API. Expected texts
//! are what bash 5.2.15 and the real tools print (see the fixtures).

use lolab_core::{Lab, LabConfig};

fn lab() -> Lab {
    Lab::new(LabConfig::default())
}

#[test]
fn first_slice() {
    let mut l = lab();
    let r = l.run("echo hello; nmap");
    assert_eq!(r.stdout(), "hello\n");
    assert_eq!(r.stderr(), "bash: nmap: command not found\n");
    assert_eq!(r.status, 127);
    assert_eq!(l.prompt(), "user@lab:~$ ");
    assert_eq!(l.run("hostname").stdout(), "lab\n");
    assert_eq!(
        l.run("uname -a").stdout(),
        "Linux lab 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux\n"
    );
}

#[test]
fn status_and_operators() {
    let mut l = lab();
    assert_eq!(l.run("false; echo $?").stdout(), "1\n");
    assert_eq!(l.run("false && echo no || echo yes").stdout(), "yes\n");
    assert_eq!(l.run("true && echo a && echo b").stdout(), "a\nb\n");
    let r = l.run("echo 'a");
    assert_eq!(
        r.stderr(),
        "bash: unexpected EOF while looking for matching `''\n"
    );
    assert_eq!(r.status, 2);
}

#[test]
fn sudo_does_not_apply_to_the_shells_redirection() {
    // Real: `sudo echo x >> /etc/hosts` fails: the redirection is the user's shell's.
    let mut l = lab();
    let r = l.run("sudo echo '10.0.0.9 web' >> /etc/hosts");
    assert_eq!(r.stderr(), "bash: /etc/hosts: Permission denied\n");
    assert_eq!(r.status, 1);
    l.run("su");
    // Real Debian 12: `su` without `-` keeps the directory, so the prompt
    // shows it from root's point of view.
    assert_eq!(l.prompt(), "root@lab:/home/user# ");
    assert_eq!(l.run("echo '10.0.0.9 web' >> /etc/hosts").status, 0);
    assert!(l.run("cat /etc/hosts").stdout().ends_with("10.0.0.9 web\n"));
}

#[test]
fn jobs_kill_and_wait_like_bash() {
    let mut l = lab();
    let r = l.run("sleep 100 & sleep 50 & jobs");
    assert_eq!(r.stderr(), "[1] 1234\n[2] 1235\n");
    assert_eq!(
        r.stdout(),
        "[1]-  Running                 sleep 100 &\n[2]+  Running                 sleep 50 &\n"
    );
    let r = l.run("kill %1");
    assert_eq!(r.stderr(), "[1]-  Terminated              sleep 100\n");
    let r = l.run("kill %9; kill 99999");
    assert_eq!(
        r.stderr(),
        "bash: kill: %9: no such job\nbash: kill: (99999) - No such process\n"
    );
    assert_eq!(r.status, 1);
    let r = l.run("wait");
    assert_eq!(r.stderr(), "[2]+  Done                    sleep 50\n");
    assert_eq!(l.run("fg").stderr(), "bash: fg: current: no such job\n");
}

/// Real bash 5.2.15: `sleep 100 & sleep 200 & kill %-` kills job 1;
/// `kill %sl` with both running says `kill: sl: ambiguous job spec`;
/// `kill %%` with no job says `kill: %%: no such job` (status 1).
#[test]
fn job_specs_current_previous_and_by_name() {
    let mut l = lab();
    l.run("sleep 100 & sleep 200 &");
    let r = l.run("kill %sl");
    assert_eq!(r.stderr(), "bash: kill: sl: ambiguous job spec\n");
    assert_eq!(r.status, 1);
    let r = l.run("kill %-");
    assert_eq!(r.stderr(), "[1]-  Terminated              sleep 100\n");
    assert_eq!(r.status, 0);
    let r = l.run("kill %?200");
    assert_eq!(r.stderr(), "[2]+  Terminated              sleep 200\n");
    let r = l.run("kill %%");
    assert_eq!(r.stderr(), "bash: kill: %%: no such job\n");
    assert_eq!(r.status, 1);
    l.run("sleep 30 & sleep 40 &");
    let r = l.run("fg %9");
    assert_eq!(r.stderr(), "bash: fg: %9: no such job\n");
    assert_eq!(r.status, 1);
    // fg %1 brings sleep 30 to the foreground; Ctrl-C at 1 s ends it and
    // job 2 is left.
    let r = l.run_for("fg %1", lolab_core::time::Duration::from_secs(1));
    assert_eq!(r.stdout(), "sleep 30\n");
    assert!(r.interrupted);
    assert_eq!(
        l.run("jobs").stdout(),
        "[2]+  Running                 sleep 40 &\n"
    );
}

#[test]
fn ctrl_c_stops_an_endless_ping_with_statistics() {
    let mut l = lab();
    let now = l.now();
    assert!(l.start("ping 127.0.0.1", now));
    let t = lolab_core::Instant::from_millis(2500);
    l.poll(t);
    l.interrupt(t);
    let out = lolab_core::output::collect(&l.take_output(), lolab_core::Stream::Stdout);
    assert!(out.contains("icmp_seq=3 "), "{out}");
    assert!(
        out.contains(
            "--- 127.0.0.1 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss"
        ),
        "{out}"
    );
    assert!(!l.is_busy());
    assert_eq!(l.last_status(), 0);
}

#[test]
fn each_machine_has_its_own_name_but_netns_shares_the_hosts() {
    // Real: `ip netns exec x hostname` prints the host's name (a network
    // namespace is not a UTS namespace); another machine has its own.
    let mut l = lab();
    assert_eq!(l.run("ssh laptop hostname").stdout(), "laptop\n");
    assert_eq!(l.run("ssh router uname -n").stdout(), "router\n");
    l.run("sudo ip netns add x");
    assert_eq!(l.run("sudo ip netns exec x hostname").stdout(), "lab\n");
}

#[test]
fn tcpdump_writes_a_capture_file_that_it_and_wireshark_read_back() {
    let mut l = lab();
    let r = l.run("sudo tcpdump -i lo -w /tmp/lo.pcap -c 2 & ping -c 1 127.0.0.1");
    assert!(r.stderr().contains(
        "tcpdump: listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n"
    ));
    let bytes = l
        .host()
        .files
        .read_bytes("/tmp/lo.pcap")
        .expect("the capture file exists")
        .to_vec();
    let records: Vec<_> = lolab_core::wire::pcap::Reader::new(&bytes)
        .unwrap()
        .collect();
    assert_eq!(records.len(), 2, "request and reply");
    let r = l.run("tcpdump -n -r /tmp/lo.pcap");
    assert_eq!(
        r.stderr(),
        "reading from file /tmp/lo.pcap, link-type EN10MB (Ethernet), snapshot length 262144\n"
    );
    assert!(
        r.stdout()
            .contains(" IP 127.0.0.1 > 127.0.0.1: ICMP echo request, id ")
    );
    assert!(
        r.stdout()
            .contains(" IP 127.0.0.1 > 127.0.0.1: ICMP echo reply, id ")
    );
    assert!(l.run("ls -l /tmp").stdout().contains(" lo.pcap\n"));
    let r = l.run("tcpdump -r /tmp/none.pcap");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        ("tcpdump: /tmp/none.pcap: No such file or directory\n", 1)
    );
}

#[test]
fn a_fresh_namespace_and_lo_down_like_linux() {
    // Recorded in a real namespace (`ip netns add fr`):
    //   fresh:           ping -c1 127.0.0.1 -> ping: connect: Network is unreachable (exit 2)
    //                    ping -c1 ::1       -> ping: connect: Cannot assign requested address (exit 2)
    //   lo up then down: ping -c1 -W1 127.0.0.1 -> 100% packet loss (exit 1), 127.0.0.1/8 stays
    //                    ping -c1 ::1       -> ping: connect: Cannot assign requested address
    let mut l = lab();
    l.run("sudo ip netns add fr");
    let r = l.run("sudo ip netns exec fr ping -c1 127.0.0.1");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        ("ping: connect: Network is unreachable\n", 2)
    );
    let r = l.run("sudo ip netns exec fr ping -c1 ::1");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        ("ping: connect: Cannot assign requested address\n", 2)
    );
    l.run("sudo ip netns exec fr ip link set lo up");
    l.run("sudo ip netns exec fr ip link set lo down");
    let r = l.run("sudo ip netns exec fr ping -c1 -W1 127.0.0.1");
    assert!(
        r.stdout()
            .contains("1 packets transmitted, 0 received, 100% packet loss"),
        "{}",
        r.stdout()
    );
    assert_eq!(r.status, 1);
    let r = l.run("sudo ip netns exec fr ping -c1 ::1");
    assert_eq!(
        r.stderr(),
        "ping: connect: Cannot assign requested address\n"
    );
    assert!(
        l.run("sudo ip netns exec fr ip addr")
            .stdout()
            .contains("inet 127.0.0.1/8 scope host lo")
    );
}

/// Real Debian 12: `echo hi > /dev/null; echo $?` prints `0`; `cat /dev/null`
/// prints nothing; `wc -c < /dev/null` prints `0`; `ls -l /dev/null` prints
/// `crw-rw-rw- 1 root root 1, 3 Nov 20 04:34 /dev/null` (any user may write
/// it); `curl -s -o /dev/null -w '%{http_code}\n' URL` prints the code only.
#[test]
fn dev_null_swallows_writes_and_reads_empty() {
    let mut l = lab();
    let r = l.run("echo hi > /dev/null; echo $?; cat /dev/null; wc -c < /dev/null");
    assert_eq!(r.stdout(), "0\n0\n");
    assert_eq!(r.stderr(), "");
    assert_eq!(
        l.run("ls -l /dev/null").stdout(),
        "crw-rw-rw- 1 root root 1, 3 Nov 27 00:00 /dev/null\n"
    );
    assert_eq!(l.run("ls /dev").stdout(), "null\n");
    l.run("echo more >> /dev/null 2>/dev/null");
    assert_eq!(l.run("cat /dev/null").stdout(), "");
    l.run("python3 -m http.server 8000 --bind 127.0.0.1 >/dev/null 2>&1 &");
    let r = l.run("curl -s -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:8000/");
    assert_eq!(r.stdout(), "200\n");
    assert_eq!(r.status, 0);
}

/// Real bash 5.2.15 on Debian 12: the prompt shows the directory (`\w`),
/// relative paths start there, `python3 -m http.server` serves it, `su`
/// keeps it and `exit` returns to the user's shell's; `ssh HOST pwd` prints
/// the remote home (`/root`).
#[test]
fn cd_changes_the_directory_everything_starts_in() {
    let mut l = lab();
    assert_eq!(l.prompt(), "user@lab:~$ ");
    assert_eq!(l.run("cd /etc; pwd").stdout(), "/etc\n");
    assert_eq!(l.prompt(), "user@lab:/etc$ ");
    assert_eq!(
        l.run("cat hosts | head -1").stdout(),
        "127.0.0.1\tlocalhost\n"
    );
    assert!(l.run("ls").stdout().contains("nsswitch.conf"));
    let r = l.run("cd nowhere");
    assert_eq!(r.stderr(), "bash: cd: nowhere: No such file or directory\n");
    assert_eq!(r.status, 1);
    l.run("cd /tmp && echo hi > note");
    assert_eq!(l.run("cat /tmp/note").stdout(), "hi\n");
    l.run("python3 -m http.server 8000 --bind 127.0.0.1 > /dev/null 2>&1 &");
    assert!(
        l.run("curl -s http://127.0.0.1:8000/")
            .stdout()
            .contains("<a href=\"note\">note</a>")
    );
    l.run("su");
    assert_eq!(l.prompt(), "root@lab:/tmp# ");
    l.run("cd /root");
    assert_eq!(l.prompt(), "root@lab:~# ");
    l.run("exit");
    assert_eq!(l.prompt(), "user@lab:/tmp$ ");
    assert_eq!(l.run("ssh laptop pwd").stdout(), "/root\n");
    assert_eq!(l.run("cd - ; cd").stdout(), "/etc\n");
    assert_eq!(l.prompt(), "user@lab:~$ ");
}

/// Real: `ssh laptop cd /tmp` runs the remote shell's builtin and ends
/// (status 0, nothing changes here); `ssh laptop cd /nope` prints
/// `bash: line 1: cd: /nope: No such file or directory`, status 1.
#[test]
fn ssh_cd_is_the_remote_shells_builtin() {
    let mut l = lab();
    let r = l.run("ssh laptop cd /tmp");
    assert_eq!(
        (r.stdout(), r.stderr(), r.status),
        (String::new(), String::new(), 0)
    );
    let r = l.run("ssh laptop cd /nope");
    assert_eq!(
        r.stderr(),
        "bash: line 1: cd: /nope: No such file or directory\n"
    );
    assert_eq!(r.status, 1);
    assert_eq!(l.prompt(), "user@lab:~$ ");
}

/// A front end with several terminal tabs numbers them: a background job's
/// later output and its completion notice come marked with the terminal
/// whose line started it, while the current line's own output stays on
/// that line's terminal.
#[test]
fn background_output_is_marked_with_the_terminal_that_started_it() {
    use lolab_core::OutputEvent;
    let mut l = lab();
    let now = l.now();
    assert!(l.start_on("ping -c 3 127.0.0.1 &", now, 1));
    let _ = l.take_output();
    let now = l.now();
    assert!(l.start_on("sleep 3; echo from-two", now, 2));
    let mut events = Vec::new();
    while l.is_busy() {
        let Some(at) = l.poll_at() else { break };
        l.poll(at);
        events.extend(l.take_output());
    }
    // Which terminal each text went to, in order.
    let mut terminal = 0;
    let mut seen = Vec::new();
    for e in &events {
        match e {
            OutputEvent::Terminal(n) => terminal = *n,
            OutputEvent::Text { text, .. } => seen.push((terminal, text.clone())),
            OutputEvent::Clear => {}
        }
    }
    let on = |t: u32, needle: &str| seen.iter().any(|(n, s)| *n == t && s.contains(needle));
    assert!(on(1, "icmp_seq=2 "), "{seen:?}");
    assert!(on(1, "3 packets transmitted"), "{seen:?}");
    assert!(
        on(1, "[1]+  Done                    ping -c 3 127.0.0.1"),
        "{seen:?}"
    );
    assert!(on(2, "from-two"), "{seen:?}");
    assert!(!on(2, "icmp_seq") && !on(1, "from-two"), "{seen:?}");
}

/// Real Debian 12 (this machine): `cat /etc/os-release` starts with
/// `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"` and has `ID=debian`.
#[test]
fn the_host_says_it_is_debian_12() {
    let mut l = lab();
    let r = l.run("cat /etc/os-release");
    assert!(
        r.stdout()
            .starts_with("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n")
    );
    assert!(r.stdout().contains("\nID=debian\n"));
    assert_eq!(l.run("cat /etc/debian_version").stdout(), "12.8\n");
}
