//! net-tools 2.10 (`netstat`, `route`), `lsof` 4.95 and the `/proc/net`
//! files they read, against the real programs.
//!
//! Recorded on Linux 6.18 with Debian 12's net-tools 2.10, lsof 4.95.0 and
//! iproute2 6.1, in network namespaces mirroring the lab (see
//! fixtures/nettools/README.md): `# CMD` ran as root, `$ CMD` as uid 1000
//! named `user`; `[exit N]` is the status. Each file is replayed in order
//! in a fresh lab, so state carries over as it did when recorded.

use lolab_core::{Lab, LabConfig, OutputEvent, RunResult};

const NETSTAT: &str = include_str!("fixtures/nettools/netstat_real.txt");
const LSOF: &str = include_str!("fixtures/nettools/lsof_real.txt");
const ROUTE: &str = include_str!("fixtures/nettools/route_real.txt");

/// One recorded command.
struct Entry {
    prompt: char,
    cmd: String,
    output: String,
    status: i32,
}

/// Every `# CMD`/`$ CMD` entry of a recording, in order (other lines, such
/// as the notes of pids, are skipped).
fn entries(file: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut lines = file.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let (prompt, cmd) = match line.split_at_checked(2) {
            Some(("# ", c)) => ('#', c.trim_end()),
            Some(("$ ", c)) => ('$', c.trim_end()),
            _ => continue,
        };
        let mut output = String::new();
        let mut status = 0;
        for l in lines.by_ref() {
            if let Some(n) = l.strip_prefix("[exit ") {
                status = n.trim_end().trim_end_matches(']').parse().unwrap();
                break;
            }
            output.push_str(l);
        }
        out.push(Entry {
            prompt,
            cmd: cmd.to_string(),
            output,
            status,
        });
    }
    out
}

fn interleaved(r: &RunResult) -> String {
    r.events
        .iter()
        .map(|e| match e {
            OutputEvent::Text { text, .. } => text.as_str(),
            _ => "",
        })
        .collect()
}

/// Runs `cmd` as root (`#`) or the user (`$`).
fn lab_run(lab: &mut Lab, prompt: char, cmd: &str) -> (String, i32) {
    let r = if prompt == '#' {
        lab.run(&format!("sudo {cmd}"))
    } else {
        lab.run(cmd)
    };
    (interleaved(&r), r.status)
}

/// The recorded entry for `cmd` (the `n`th from 0).
#[track_caller]
fn recorded<'a>(all: &'a [Entry], prompt: char, cmd: &str, n: usize) -> &'a Entry {
    all.iter()
        .filter(|e| e.prompt == prompt && e.cmd == cmd)
        .nth(n)
        .unwrap_or_else(|| panic!("no {prompt} {cmd} #{n} in the recording"))
}

/// What legitimately differs between two runs: process ids, socket inode
/// numbers, ephemeral ports, hashed kernel pointers and runs of spaces
/// that pad them. Numbers named in `pids` become `PID`; numbers of five
/// digits and more become `N`.
fn normalise(s: &str, pids: &[u32]) -> String {
    let mut out = String::new();
    for line in s.lines() {
        let words: Vec<String> = line
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut t = String::new();
                let mut digits = String::new();
                let flush = |digits: &mut String, t: &mut String| {
                    if digits.is_empty() {
                        return;
                    }
                    let n: u64 = digits.parse().unwrap_or(0);
                    if pids.iter().any(|&p| u64::from(p) == n) {
                        t.push_str("PID");
                    } else if digits.len() >= 5 {
                        t.push('N');
                    } else {
                        t.push_str(digits);
                    }
                    digits.clear();
                };
                for c in w.chars() {
                    if c.is_ascii_digit() {
                        digits.push(c);
                    } else {
                        flush(&mut digits, &mut t);
                        t.push(c);
                    }
                }
                flush(&mut digits, &mut t);
                t
            })
            .collect();
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    out
}

/// The servers of the netstat and lsof recordings, started the same way:
/// http.server, a UDP nc as root, a TCP nc on 9000 and one on [::1]:9001
/// as the user, then a client of 9000. Returns the lab's pids.
fn servers(lab: &mut Lab) -> Vec<u32> {
    let mut pids = Vec::new();
    for line in [
        "python3 -m http.server --bind 127.0.0.1 8000 >/dev/null 2>&1 &",
        "sudo nc -ulk 127.0.0.1 5353 &",
        "nc -lk 9000 &",
        "nc -6 -lk ::1 9001 &",
        "nc 127.0.0.1 9000 &",
    ] {
        // bash's job notice: `[1] 1234`.
        let r = lab.run(line);
        let notice = interleaved(&r);
        let pid = notice
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse().ok())
            .expect("a job notice");
        pids.push(pid);
        lab.run("sleep 0.5");
    }
    pids
}

/// The recording's pids in the same order (the note line it keeps).
fn recorded_pids(file: &str) -> Vec<u32> {
    let note = file
        .lines()
        .find(|l| l.starts_with("pids:"))
        .expect("the pids note");
    note.split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect()
}

#[track_caller]
fn same_normalised(lab: &mut Lab, all: &[Entry], prompt: char, cmd: &str, pids: (&[u32], &[u32])) {
    let e = recorded(all, prompt, cmd, 0);
    let (got, status) = lab_run(lab, prompt, cmd);
    assert_eq!(
        (normalise(&got, pids.0), status),
        (normalise(&e.output, pids.1), e.status),
        "{prompt} {cmd}\n--- lab:\n{got}--- real:\n{}",
        e.output
    );
}

#[test]
fn netstat_before_any_server_is_empty() {
    let all = entries(NETSTAT);
    let mut lab = Lab::new(LabConfig::default());
    for cmd in ["netstat -tlnp", "netstat -an"] {
        let e = recorded(&all, '#', cmd, 0);
        assert_eq!(
            lab_run(&mut lab, '#', cmd),
            (e.output.clone(), e.status),
            "{cmd}"
        );
    }
}

#[test]
fn netstat_matches_the_real_one() {
    // What was recorded once the servers ran: after the note of their pids.
    let after = NETSTAT
        .find("pids:")
        .and_then(|at| NETSTAT.get(at..))
        .expect("the pids note");
    let all = entries(after);
    let mut lab = Lab::new(LabConfig::default());
    let lab_pids = servers(&mut lab);
    let real_pids = recorded_pids(NETSTAT);
    // Byte for byte where nothing varies.
    for (p, cmd) in [
        ('#', "netstat -tln"),
        ('#', "netstat -tl"),
        ('#', "netstat -ln"),
        ('#', "netstat -l"),
        ('#', "netstat -6 -tln"),
        ('#', "netstat -4 -tln"),
        ('#', "netstat -tlnW"),
        ('#', "netstat --tcp --listening --numeric"),
        ('#', "netstat -rn"),
        ('#', "netstat -r"),
        ('#', "netstat -rne"),
        ('#', "netstat -rnee"),
        ('#', "netstat -lx"),
        ('#', "netstat -w"),
        ('#', "netstat -y"),
        ('#', "netstat --foo"),
        ('#', "netstat -V"),
        ('#', "netstat -M"),
        ('#', "cat /proc/net/route"),
        ('#', "cat /proc/net/udp6"),
        ('#', "cat /proc/net/unix"),
        ('#', "cat /proc/net/raw"),
    ] {
        let e = recorded(&all, p, cmd, 0);
        assert_eq!(
            lab_run(&mut lab, p, cmd),
            (e.output.clone(), e.status),
            "{p} {cmd}"
        );
    }
    // Where pids, inodes and the client's port differ.
    for (p, cmd) in [
        ('#', "netstat -tlnp"),
        ('#', "netstat -ulnp"),
        ('#', "netstat -an"),
        ('#', "netstat -tan"),
        ('#', "netstat -tuna"),
        ('#', "netstat -a"),
        ('#', "netstat -at"),
        ('#', "netstat -tanp"),
        ('#', "netstat -tlnpe"),
        ('#', "netstat -e"),
        ('#', "netstat -te"),
        ('#', "netstat"),
        ('#', "netstat -n"),
        ('#', "netstat -tlp"),
        ('#', "netstat -o -tn"),
        ('#', "netstat -tn"),
        ('$', "netstat -tlnp"),
        ('$', "netstat -ulnp"),
        ('$', "netstat -tanp"),
        ('$', "netstat -anp"),
        ('$', "netstat -tlnpe"),
    ] {
        same_normalised(&mut lab, &all, p, cmd, (&lab_pids, &real_pids));
    }
}

/// A `/proc/net/tcp*` table with what varies blanked: ephemeral ports,
/// inodes, reference counts (a pending timer holds one) and the hashed
/// kernel pointer. The padding to 149 columns is checked by the header.
fn proc_table(s: &str) -> Vec<Vec<String>> {
    s.lines()
        .map(|l| {
            l.split_whitespace()
                .enumerate()
                .map(|(i, w)| match i {
                    1 | 2 => match w.split_once(':') {
                        Some((a, p)) if u16::from_str_radix(p, 16).is_ok_and(|p| p >= 32768) => {
                            format!("{a}:EPH")
                        }
                        _ => w.to_string(),
                    },
                    9..=11 if !l.contains("local_address") => String::from("X"),
                    _ => w.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn proc_net_tcp_matches_the_real_one() {
    let after = NETSTAT
        .find("pids:")
        .and_then(|at| NETSTAT.get(at..))
        .expect("the pids note");
    let all = entries(after);
    let mut lab = Lab::new(LabConfig::default());
    servers(&mut lab);
    for cmd in [
        "cat /proc/net/tcp",
        "cat /proc/net/tcp6",
        "cat /proc/net/udp",
    ] {
        let e = recorded(&all, '#', cmd, 0);
        let (got, status) = lab_run(&mut lab, '#', cmd);
        assert_eq!(status, e.status);
        assert_eq!(
            got.lines().next().map(str::len),
            e.output.lines().next().map(str::len),
            "{cmd}: the header's padding"
        );
        let mut want = proc_table(&e.output);
        let mut have = proc_table(&got);
        if cmd.ends_with("udp") {
            // The `sl` of a UDP socket is its hash bucket, salted per
            // namespace.
            for table in [&mut want, &mut have] {
                for row in table.iter_mut().skip(1) {
                    row[0] = String::from("B");
                }
            }
        }
        assert_eq!(have, want, "{cmd}\n--- lab:\n{got}--- real:\n{}", e.output);
    }
}

#[test]
fn lsof_matches_the_real_one() {
    let all = entries(LSOF);
    let mut lab = Lab::new(LabConfig::default());
    let lab_pids = servers(&mut lab);
    let real_pids = recorded_pids(NETSTAT);
    for e in &all {
        let cmd = e.cmd.replace(
            &format!("-p {}", real_pids[0]),
            &format!("-p {}", lab_pids[0]),
        );
        if cmd != e.cmd {
            // `lsof -a -i -p PID` of http.server: the lab's pid.
            let (got, status) = lab_run(&mut lab, e.prompt, &cmd);
            assert_eq!(
                (normalise(&got, &lab_pids), status),
                (normalise(&e.output, &real_pids), e.status),
                "{cmd}"
            );
            continue;
        }
        same_normalised(&mut lab, &all, e.prompt, &e.cmd, (&lab_pids, &real_pids));
    }
}

#[test]
fn route_replays_the_real_session() {
    let all = entries(ROUTE);
    let mut lab = Lab::new(LabConfig::default());
    for e in &all {
        // IPv6 tables (`route -6`, `-A inet6`) are not built: refused.
        if e.cmd.contains("-6") || e.cmd.contains("inet6") {
            continue;
        }
        assert_eq!(
            lab_run(&mut lab, e.prompt, &e.cmd),
            (e.output.clone(), e.status),
            "{} {}",
            e.prompt,
            e.cmd
        );
    }
}

#[test]
fn a_user_cannot_read_another_users_sockets_owner() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("sudo nc -ulk 127.0.0.1 5353 &");
    lab.run("sleep 0.5");
    let r = lab.run("lsof -i :5353");
    assert_eq!((r.stdout().as_str(), r.status), ("", 1));
    let r = lab.run("sudo lsof -t -i :5353");
    assert_eq!(r.status, 0);
    assert!(!r.stdout().is_empty());
}

/// `ss -s` and `/proc/net/sockstat*` with the host-wide TCP counts blanked
/// (`alloc`, and `ss -s`'s total and closed that come from it: the
/// recording machine had other sockets than the namespace's).
fn host_wide_blanked(s: &str) -> String {
    s.lines()
        .map(|l| {
            if let Some(rest) = l.strip_prefix("TCP:   ") {
                let estab = rest.split_once("(estab ").map_or("", |(_, r)| r);
                let estab = estab.split(',').next().unwrap_or("");
                let tw = rest.rsplit_once("timewait ").map_or("", |(_, r)| r);
                format!("TCP: estab {estab} timewait {tw}")
            } else if let Some((head, _)) = l.split_once(" alloc ") {
                head.to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn ss_summary_matches_the_real_one() {
    let all = entries(NETSTAT);
    let mut lab = Lab::new(LabConfig::default());
    let e = recorded(&all, '#', "ss -s", 0);
    let (got, status) = lab_run(&mut lab, '#', "ss -s");
    assert_eq!(
        (host_wide_blanked(&got), status),
        (host_wide_blanked(&e.output), e.status)
    );
    servers(&mut lab);
    for (p, cmd, n) in [
        ('#', "ss -s", 1),
        ('$', "ss -s", 0),
        ('#', "cat /proc/net/sockstat", 0),
        ('#', "cat /proc/net/sockstat6", 0),
    ] {
        let e = recorded(&all, p, cmd, n);
        let (got, status) = lab_run(&mut lab, p, cmd);
        assert_eq!(
            (host_wide_blanked(&got), status),
            (host_wide_blanked(&e.output), e.status),
            "{p} {cmd}\n--- lab:\n{got}--- real:\n{}",
            e.output
        );
    }
}

const ARP: &str = include_str!("fixtures/nettools/arp_real.txt");

/// MAC addresses as `MAC` (the recorded router's is a random veth's).
fn macs_blanked(s: &str) -> String {
    s.split_inclusive(['\n', ' '])
        .map(|w| {
            let t = w.trim_end();
            let is_mac = t.len() == 17
                && t.split(':').count() == 6
                && t.split(':')
                    .all(|p| p.len() == 2 && u8::from_str_radix(p, 16).is_ok());
            if is_mac && t != "00:00:00:00:00:00" {
                w.replacen(t, "MAC", 1)
            } else {
                w.to_string()
            }
        })
        .collect()
}

#[test]
fn arp_and_the_neighbour_table_replay_the_real_session() {
    let all = entries(ARP);
    let mut lab = Lab::new(LabConfig::default());
    for e in &all {
        let (got, status) = lab_run(&mut lab, e.prompt, &e.cmd);
        assert_eq!(
            (macs_blanked(&got), status),
            (macs_blanked(&e.output), e.status),
            "{} {}",
            e.prompt,
            e.cmd
        );
    }
}

const HOSTNAME: &str = include_str!("fixtures/nettools/hostname_real.txt");

#[test]
fn hostname_replays_the_real_session() {
    let mut lab = Lab::new(LabConfig::default());
    for e in entries(HOSTNAME) {
        assert_eq!(
            lab_run(&mut lab, e.prompt, &e.cmd),
            (e.output.clone(), e.status),
            "{} {}",
            e.prompt,
            e.cmd
        );
    }
}

const TRACEPATH: &str = include_str!("fixtures/nettools/tracepath_real.txt");

/// Round-trip times (`0.048ms`) as `N.NNNms`, width kept.
fn times_blanked(s: &str) -> String {
    s.split_inclusive(' ')
        .map(|w| {
            let t = w.trim_end();
            match t.strip_suffix("ms") {
                Some(n) if n.contains('.') && n.chars().all(|c| c.is_ascii_digit() || c == '.') => {
                    w.replace(|c: char| c.is_ascii_digit(), "N")
                }
                _ => w.to_string(),
            }
        })
        .collect()
}

#[test]
fn tracepath_replays_the_real_session() {
    let mut lab = Lab::new(LabConfig::default());
    for e in entries(TRACEPATH) {
        // Where the recording's world differs from the lab's: its router
        // had no DNS server (names became `???`, lookups failed
        // temporarily) and its uplink answered `!H` after an ARP timeout.
        if [
            "tracepath 192.168.1.1",
            "tracepath -n -m 3 100.64.0.1",
            "tracepath nosuchhost.invalid",
        ]
        .contains(&e.cmd.as_str())
        {
            continue;
        }
        let (got, status) = lab_run(&mut lab, e.prompt, &e.cmd);
        assert_eq!(
            (times_blanked(&got), status),
            (times_blanked(&e.output), e.status),
            "{} {}",
            e.prompt,
            e.cmd
        );
    }
}

#[test]
fn tracepath_beyond_the_router_finds_no_reply() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("tracepath -n -m 3 100.64.0.1");
    let out = times_blanked(&interleaved(&r));
    assert_eq!(
        out,
        " 1?: [LOCALHOST]                      pmtu 1500
 1:  192.168.1.1                                           N.NNNms 
 1:  192.168.1.1                                           N.NNNms 
 2:  no reply
 3:  no reply
     Too many hops: pmtu 1500
     Resume: pmtu 1500 
"
    );
    let r = lab.run("tracepath nosuchhost.invalid");
    assert_eq!(
        (interleaved(&r).as_str(), r.status),
        (
            "tracepath: nosuchhost.invalid: Name or service not known\n",
            1
        )
    );
}

const NEIGH: &str = include_str!("fixtures/nettools/neigh_real.txt");

/// An absent LAN host: its ARP fails after three seconds and the kernel
/// answers every datagram that waited with a host unreachable from the
/// host's own address, which also ends a TCP connect (`No route to host`)
/// (recorded as the user, after `ip neigh flush all`).
/// The lab's ping prints no `pipe N` line; times differ by milliseconds.
#[test]
fn an_absent_lan_host_is_unreachable_after_its_arp_fails() {
    let mut lab = Lab::new(LabConfig::default());
    for e in entries(NEIGH) {
        let (got, status) = lab_run(&mut lab, e.prompt, &e.cmd);
        let want = e.output.replace("pipe 4\n", "\n");
        let digits = times_blanked;
        let time = |s: &str| {
            s.lines()
                .map(|l| {
                    if let Some((head, _)) = l.split_once(", time ") {
                        format!("{head}, time Tms")
                    } else if let Some((head, tail)) = l.split_once(" after ") {
                        let rest = tail.split_once(" ms").map_or("", |(_, r)| r);
                        format!("{head} after T ms{rest}")
                    } else {
                        l.to_string()
                    }
                })
                .map(|l| l + "\n")
                .collect::<String>()
        };
        assert_eq!(
            (time(&digits(&got)), status),
            (time(&digits(&want)), e.status),
            "{} {}",
            e.prompt,
            e.cmd
        );
    }
}

/// `netstat -c` lists again every second until Ctrl-C (recorded with
/// `timeout -s INT 2.5 netstat -tln -c` in an empty namespace: three
/// listings).
#[test]
fn netstat_continuous_lists_every_second_until_interrupted() {
    let mut lab = Lab::new(LabConfig::default());
    let t0 = lab.now();
    assert!(lab.start("netstat -tln -c", t0));
    lab.poll(t0 + lolab_core::time::Duration::from_millis(2500));
    assert!(lab.is_busy());
    lab.interrupt(lab.now());
    lab.poll(lab.now());
    let text: String = lab
        .take_output()
        .iter()
        .map(|e| match e {
            OutputEvent::Text { text, .. } => text.as_str(),
            _ => "",
        })
        .collect();
    let listing = "Active Internet connections (only servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n";
    assert_eq!(text.matches(listing).count(), 3, "{text}");
    assert!(!lab.is_busy());
    assert_eq!(lab.last_status(), 130);
}

const ARP_SET: &str = include_str!("fixtures/nettools/arp_set_real.txt");

#[test]
fn arp_set_makes_permanent_entries_as_the_real_one() {
    let mut lab = Lab::new(LabConfig::default());
    // Until the recording pinged the router, an entry for it that its own
    // traffic had made showed up in the listings; the lab's table has
    // none then. Listings are compared as sets: both kernels list in hash
    // order.
    let mut router_seen = false;
    let norm = |s: &str, router_seen: bool| {
        let mut lines: Vec<&str> = s
            .lines()
            .filter(|l| router_seen || !(l.contains("192.168.1.1 ") || l.contains("(192.168.1.1)")))
            .collect();
        let header = lines
            .first()
            .filter(|l| l.starts_with("Address") || l.starts_with("IP address"))
            .is_some();
        let start = usize::from(header);
        if let Some(rest) = lines.get_mut(start..) {
            rest.sort_unstable();
        }
        lines.join("\n")
    };
    for e in entries(ARP_SET) {
        if e.cmd.starts_with("ping") {
            router_seen = true;
        }
        let (got, status) = lab_run(&mut lab, e.prompt, &e.cmd);
        assert_eq!(
            (norm(&got, router_seen), status),
            (norm(&e.output, router_seen), e.status),
            "{} {}",
            e.prompt,
            e.cmd
        );
    }
    // A pinned MAC no host has: the router is unreachable.
    let r = lab.run("ping -c1 -W1 192.168.1.1");
    assert_eq!(r.status, 1);
}

/// `ip neigh del` and `flush`: texts and statuses recorded on Linux 6.18
/// with iproute2 6.1 in a namespace whose veth had one REACHABLE
/// neighbour (the device and address there were `va`, 10.9.0.2).
#[test]
fn ip_neigh_del_and_flush_as_iproute2() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("ping -c1 -q 192.168.1.1");
    let run = |lab: &mut Lab, line: &str| {
        let r = lab.run(line);
        (interleaved(&r), r.status)
    };
    assert_eq!(
        run(&mut lab, "ip neigh flush all"),
        (
            String::from("Failed to send flush request: Operation not permitted\n"),
            1
        )
    );
    assert_eq!(
        run(&mut lab, "ip neigh del 192.168.1.1 dev eth0"),
        (
            String::from("RTNETLINK answers: Operation not permitted\n"),
            2
        )
    );
    assert_eq!(
        run(&mut lab, "sudo ip -s neigh flush all"),
        (
            String::from(
                "\n*** Round 1, deleting 1 entries ***\n*** Flush is complete after 1 round ***\n"
            ),
            0
        )
    );
    assert_eq!(run(&mut lab, "ip neigh"), (String::new(), 0));
    assert_eq!(
        run(&mut lab, "sudo ip neigh del 192.168.1.1 dev eth0"),
        (
            String::from("RTNETLINK answers: No such file or directory\n"),
            2
        )
    );
    assert_eq!(
        run(&mut lab, "sudo ip neigh flush"),
        (String::from("Flush requires arguments.\n"), 1)
    );
    assert_eq!(
        run(&mut lab, "sudo ip neigh del 192.168.1.1 dev nosuch"),
        (String::from("Cannot find device \"nosuch\"\n"), 1)
    );
    assert_eq!(
        run(&mut lab, "sudo ip neigh del 192.168.1.1"),
        (
            String::from("Device and destination are required arguments.\n"),
            255
        )
    );
}
