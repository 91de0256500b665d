//! The router's DNS server is a daemon: a process on the router (pid 611,
//! `dnsmasq`, as `ss -p` shows it there) that the lab boots, which is no
//! job of the shell's, and which answers each query at the instant it
//! arrives, as the kernel's handler it replaced did.

use lolab_core::trace::{Direction, Layer, Verdict};
use lolab_core::{Duration, Lab, LabConfig};

#[test]
fn the_dns_server_runs_on_the_router_not_in_the_shell() {
    let mut lab = Lab::new(LabConfig::default());
    assert!(!lab.is_busy(), "a daemon keeps no line running");
    assert_eq!(lab.poll_at(), None, "nor asks for a wake-up");
    let ss = lab.run("ssh router ss -ulnpe").stdout();
    assert!(
        ss.contains("0.0.0.0:53") && ss.contains("users:((\"dnsmasq\",pid=611,fd=3)) ino:"),
        "{ss}"
    );
    assert!(!ss.contains("uid:"), "its socket is root's: {ss}");
    let ps = lab.run("ps").stdout();
    assert!(!ps.contains("dnsmasq") && !ps.contains(" 611 "), "{ps}");
    let r = lab.run("kill 611");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        ("bash: kill: (611) - No such process\n", 1)
    );
    let r = lab.run("ping -c 1 -i 0.2 router.lan");
    assert_eq!(r.status, 0, "{}", r.stderr());
    assert_eq!(lab.run("jobs").stdout(), "");
}

#[test]
fn a_query_is_answered_at_the_instant_it_arrives() {
    // Queries from the lab and the laptop at once: on some seeds two reach
    // the router at the same microsecond. Each is answered before the
    // router's network handles anything else, as the kernel's handler
    // that answered before did (trace order included).
    let (mut checked, mut together) = (0, 0);
    for seed in 1..40 {
        let mut lab = Lab::new(LabConfig {
            seed,
            ..LabConfig::default()
        });
        let r = lab.run_for(
            "ssh laptop getent hosts router.lan & getent hosts router.lan",
            Duration::from_secs(20),
        );
        assert_eq!(r.status, 0, "{}", r.stderr());
        lab.run("wait");
        let router = lab.host().net.machine("router");
        let events: Vec<_> = lab.host().net.trace.since(r.trace_from).collect();
        for (i, e) in events.iter().enumerate() {
            let query = Some(e.netns) == router
                && e.layer == Layer::SocketDemux
                && e.verdict == Verdict::Delivered
                && e.summary.to_string().contains(":53 matched");
            if !query {
                continue;
            }
            let next = events.get(i + 1).expect("an answer follows");
            assert_eq!(
                (next.time, next.netns, next.layer, next.direction),
                (e.time, e.netns, Layer::Route, Direction::Egress),
                "seed {seed}: {next:?}"
            );
            checked += 1;
            together += usize::from(events[..i].iter().rev().any(|q| {
                q.time == e.time && q.layer == Layer::SocketDemux && Some(q.netns) == router
            }));
        }
    }
    assert!(checked >= 2 * 39, "{checked}");
    assert!(together > 0, "some queries arrive together");
}

#[test]
fn a_query_waiting_when_the_clock_jumps_is_answered_when_it_arrived() {
    // A background lookup's query is on the wire when a line typed later
    // moves the clock past its arrival: the router answered at arrival.
    let mut lab = Lab::new(LabConfig::default());
    let t0 = lab.now();
    let from = lab.host().net.trace.next_seq();
    assert!(lab.start("getent hosts laptop.lan &", t0));
    let t1 = t0 + Duration::from_millis(50);
    assert!(lab.start("echo typed", t1));
    lab.poll(t1 + Duration::from_millis(1));
    let router = lab.host().net.machine("router");
    let events: Vec<_> = lab.host().net.trace.since(from).collect();
    let arrival = events
        .iter()
        .find(|e| Some(e.netns) == router && e.layer == Layer::SocketDemux)
        .map(|e| e.time);
    let answer = events
        .iter()
        .find(|e| Some(e.netns) == router && e.layer == Layer::Route)
        .map(|e| e.time);
    assert!(arrival.is_some_and(|t| t < t1), "{arrival:?}");
    assert_eq!(answer, arrival);
}
