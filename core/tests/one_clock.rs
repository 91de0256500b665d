//! One clock: a program waiting for a name lookup waits as for anything
//! else, and the other processes run meanwhile (on Linux getaddrinfo
//! blocks one process, not the machine). The DNS server is made
//! unreachable (`netem loss 100%` on eth0 as in tools2.rs, or resolv.conf
//! naming an address nobody has): glibc waits timeout x attempts, 5 s x 2,
//! then EAI_AGAIN, while loopback traffic goes on.

use lolab_core::{Duration, Instant, Lab, LabConfig, OutputEvent};

/// What a terminal showed, and when.
#[derive(Debug)]
struct Shown {
    at: Instant,
    terminal: u32,
    text: String,
}

/// Runs the lab until no line is busy, collecting what each terminal
/// showed and at what virtual time.
fn drive(lab: &mut Lab, until: Instant, shown: &mut Vec<Shown>) {
    let mut terminal = 0;
    let mut collect = |lab: &mut Lab, shown: &mut Vec<Shown>| {
        for e in lab.take_output() {
            match e {
                OutputEvent::Terminal(n) => terminal = n,
                OutputEvent::Text { text, .. } => shown.push(Shown {
                    at: lab.now(),
                    terminal,
                    text,
                }),
                OutputEvent::Clear => {}
            }
        }
    };
    collect(lab, shown);
    while lab.is_busy() {
        match lab.poll_at() {
            Some(at) if at <= until => lab.poll(at),
            _ => break,
        }
        collect(lab, shown);
    }
}

fn start(lab: &mut Lab, line: &str, terminal: u32, shown: &mut Vec<Shown>) {
    let now = lab.now();
    assert!(lab.start_on(line, now, terminal), "{line}");
    drive(lab, now, shown);
}

/// The first time `needle` showed on `terminal`.
fn when(shown: &[Shown], terminal: u32, needle: &str) -> Option<Instant> {
    shown
        .iter()
        .find(|s| s.terminal == terminal && s.text.contains(needle))
        .map(|s| s.at)
}

/// Debian 12: `ping -c1 example.com` with the DNS server unreachable says
/// "ping: example.com: Temporary failure in name resolution" and exits 2
/// after 10 s (tools2.rs, fixtures/ping_real.txt); an http.server started
/// in the background of one terminal answers a curl from another
/// meanwhile.
#[test]
fn a_background_server_answers_while_a_foreground_lookup_waits() {
    let mut lab = Lab::new(LabConfig::default());
    let mut shown = Vec::new();
    lab.run("sudo tc qdisc add dev eth0 root netem loss 100%");
    // A slow loopback keeps the curl in flight for a while.
    lab.run("sudo tc qdisc add dev lo root netem delay 100ms");
    start(&mut lab, "python3 -m http.server &", 1, &mut shown);
    lab.run("sleep 1");
    start(&mut lab, "curl -s http://127.0.0.1:8000/ &", 2, &mut shown);
    let began = lab.now();
    start(&mut lab, "ping -c1 example.com", 1, &mut shown);
    drive(&mut lab, began + Duration::from_secs(60), &mut shown);
    let failed = when(
        &shown,
        1,
        "ping: example.com: Temporary failure in name resolution\n",
    );
    assert_eq!(failed, Some(began + Duration::from_secs(10)), "{shown:?}");
    assert_eq!(lab.last_status(), 2);
    let page = when(&shown, 2, "Directory listing for /");
    let logged = when(&shown, 1, "\"GET / HTTP/1.1\" 200 -");
    assert!(
        page.is_some_and(|t| t < began + Duration::from_secs(2)),
        "{shown:?}"
    );
    assert!(
        logged.is_some_and(|t| t < began + Duration::from_secs(2)),
        "{shown:?}"
    );
}

/// A background ping prints a reply a second while getent, in the
/// foreground, waits 10 s for a DNS server that never answers (exit 2,
/// nothing printed, as on Debian 12: tools2.rs). Here resolv.conf names an
/// address beyond the router, where packets are lost. (A LAN address no
/// machine has is not silent: its ARP fails after 3 s and the kernel
/// answers each query with a host unreachable, as Linux does.)
#[test]
fn a_background_ping_prints_while_a_foreground_lookup_waits() {
    let mut lab = Lab::new(LabConfig::default());
    let mut shown = Vec::new();
    let r = lab.run("sudo sed -i 's/192.168.1.1/192.0.2.1/' /etc/resolv.conf");
    assert_eq!(r.status, 0);
    start(&mut lab, "ping -c 5 127.0.0.1 &", 0, &mut shown);
    let began = lab.now();
    start(&mut lab, "getent hosts laptop.lan", 0, &mut shown);
    drive(&mut lab, began + Duration::from_secs(60), &mut shown);
    assert_eq!(lab.last_status(), 2);
    let done = began + Duration::from_secs(10);
    assert_eq!(lab.now(), done);
    for seq in 2..=5 {
        let at = when(&shown, 0, &format!("icmp_seq={seq} "));
        assert!(
            at.is_some_and(|t| t > began && t < done),
            "icmp_seq={seq}: {shown:?}"
        );
    }
    let stats = when(&shown, 0, "5 packets transmitted, 5 received");
    assert!(stats.is_some_and(|t| t < done), "{shown:?}");
}

/// Ctrl-C during a lookup ends the program (status 130) and closes the
/// socket it was asking on.
#[test]
fn ctrl_c_in_a_lookup_leaves_no_socket() {
    let mut lab = Lab::new(LabConfig::default());
    lab.run("sudo tc qdisc add dev eth0 root netem loss 100%");
    let now = lab.now();
    assert!(lab.start("ping -c1 example.com", now));
    lab.poll(now + Duration::from_secs(3));
    assert!(lab.is_busy());
    lab.interrupt(lab.now());
    lab.poll(lab.now());
    assert!(!lab.is_busy());
    assert_eq!(lab.last_status(), 130);
    let ss = lab.run("ss -uanp").stdout();
    assert!(!ss.contains("192.168.1.1:53"), "{ss}");
}

/// The lookup's socket is closed once the answer is in: a ping that goes
/// on after resolving its destination holds no socket to port 53.
#[test]
fn an_answered_lookup_closes_its_socket() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("ping -c 3 router.lan &");
    assert_eq!(r.status, 0);
    lab.run("sleep 1");
    let ss = lab.run("ss -uanp").stdout();
    assert!(!ss.contains("192.168.1.1:53"), "{ss}");
    let ps = lab.run("jobs").stdout();
    assert!(ps.contains("Running"), "{ps}");
}
