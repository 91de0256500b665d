//! The work budget of a line run to its end (issue 21): a flood is stopped
//! as Ctrl-C would once the line has done [`LabConfig::line_work_budget`]
//! of work (network events and process wake-ups), whatever virtual time it
//! reached; every ordinary line stays far below it.

use lolab_core::{LINE_WORK_BUDGET, Lab, LabConfig};

/// A lab whose lines may do at most `budget` of work.
fn lab_with_budget(budget: u64) -> Lab {
    Lab::new(LabConfig {
        line_work_budget: budget,
        ..LabConfig::default()
    })
}

/// A small budget, for floods in a debug build.
const SMALL: u64 = 20_000;

/// The most one step may overshoot the budget: the work of one wake-up.
const SLACK: u64 = 100;

#[test]
fn the_default_lab_has_the_budget() {
    assert_eq!(LabConfig::default().line_work_budget, LINE_WORK_BUDGET);
}

#[test]
fn an_hping3_flood_with_a_microsecond_interval_is_stopped_by_the_budget() {
    let mut lab = lab_with_budget(SMALL);
    let r = lab.run("sudo hping3 -i u1 127.0.0.1");
    assert!(r.interrupted);
    assert!(lab.line_work() >= SMALL && lab.line_work() < SMALL + SLACK);
    assert!(r.stderr().contains("--- 127.0.0.1 hping statistic ---\n"));
    // A fraction of a virtual second, not the hour.
    assert!(lab.now().micros() < 1_000_000, "{:?}", lab.now());
    assert_eq!(lab.run("echo ok").stdout(), "ok\n");
}

#[test]
fn a_ping_flood_is_stopped_by_the_budget() {
    let mut lab = lab_with_budget(SMALL);
    let r = lab.run("sudo ping -f 127.0.0.1");
    assert!(r.interrupted);
    assert!(lab.line_work() >= SMALL && lab.line_work() < SMALL + SLACK);
    assert!(r.stdout().contains("--- 127.0.0.1 ping statistics ---\n"));
    assert_eq!(r.status, 0);
}

#[test]
fn an_hping3_flood_mode_line_is_stopped_by_the_budget() {
    let mut lab = lab_with_budget(SMALL);
    let r = lab.run("sudo hping3 --flood 127.0.0.1");
    assert!(r.interrupted);
    assert!(lab.line_work() < SMALL + SLACK);
    assert!(r.stdout().starts_with(
        "HPING 127.0.0.1 (lo 127.0.0.1): NO FLAGS are set, 40 headers + 0 data bytes\n"
    ));
    let err = r.stderr();
    assert!(
        err.starts_with("hping in flood mode, no replies will be shown\n"),
        "{err}"
    );
    // No reply is read: every probe counts as lost.
    assert!(
        err.contains(
            " packets received, 100% packet loss\nround-trip min/avg/max = 0.0/0.0/0.0 ms\n"
        ),
        "{err}"
    );
    assert_eq!(r.status, 1);
}

#[test]
fn the_fuzzers_hping3_line_ends_at_once_with_hping3s_error() {
    // Found by the lab_run fuzz target: `-i` takes `--values` as its
    // interval and 192.168.1.1 is a second host, which hping3 refuses
    // before sending anything.
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("sudo hping3 ᇇ -i --values 192.168.1.1 ;");
    assert!(!r.interrupted);
    assert_eq!(r.stdout(), "");
    assert_eq!(
        r.stderr(),
        "hping3: you must specify only one target host at a time\n"
    );
    assert_eq!(r.status, 1);
    assert!(lab.line_work() < 100, "{}", lab.line_work());
}

#[test]
fn an_interval_of_zero_sends_one_probe_and_waits() {
    // `-i --values`: strtol reads 0, and alarm(0) arms nothing: one probe,
    // its reply, then hping3 waits for Ctrl-C (here the hour's cap, with
    // next to no work).
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("sudo hping3 -1 -i --values 127.0.0.1");
    assert!(r.interrupted);
    assert!(r.stdout().contains("icmp_seq=0 "));
    assert!(!r.stdout().contains("icmp_seq=1 "));
    assert!(
        r.stderr()
            .contains("1 packets transmitted, 1 packets received")
    );
    assert!(lab.line_work() < 100, "{}", lab.line_work());
}

#[test]
fn a_negative_interval_is_hping3s_option_error() {
    let mut lab = Lab::new(LabConfig::default());
    for line in [
        "sudo hping3 -i -1 127.0.0.1",
        "sudo hping3 -i u-5 127.0.0.1",
    ] {
        let r = lab.run(line);
        assert_eq!(r.stdout(), "Option error: bad timing interval\n", "{line}");
        assert_eq!(r.stderr(), "");
        assert_eq!(r.status, 1);
    }
}

#[test]
fn ordinary_lines_stay_far_below_the_budget() {
    // The largest line of the test suites (core/tests/limits.rs) did
    // 279,995 units when the budget was chosen; a lesson's line a few
    // thousand.
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("sudo ping -c 20000 -i 0 -q 127.0.0.1");
    assert!(!r.interrupted);
    assert!(
        lab.line_work() * 3 < LINE_WORK_BUDGET,
        "{}",
        lab.line_work()
    );
    let r = lab.run("ping -c 3 127.0.0.1");
    assert!(!r.interrupted);
    assert!(lab.line_work() < 1_000, "{}", lab.line_work());
}

#[test]
fn the_interactive_path_has_no_budget() {
    // Lab::poll (the prompt, the web terminal) runs a flood at its pace
    // past the budget; only Ctrl-C stops it.
    let mut lab = lab_with_budget(1_000);
    assert!(lab.start("sudo hping3 --flood 127.0.0.1", lab.now()));
    let mut t = lab.now();
    while lab.line_work() < 5_000 {
        t += lolab_core::Duration::from_micros(100);
        lab.poll(t);
    }
    assert!(lab.is_busy());
    lab.interrupt(t);
    assert!(!lab.is_busy());
}

#[test]
fn the_default_budget_stops_a_ping_flood_long_before_the_hour() {
    // The default path (`lolab -c`, `--json`, the JS API's `run`): the
    // budget, not the hour's cap, ends it.
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("sudo ping -f 127.0.0.1");
    assert!(r.interrupted);
    assert!(lab.line_work() >= LINE_WORK_BUDGET && lab.line_work() < LINE_WORK_BUDGET + SLACK);
    assert!(lab.now().micros() < 3_600_000_000 / 2, "{:?}", lab.now());
}

#[test]
fn a_ping_flood_past_65536_probes_counts_no_false_duplicates() {
    // The sequence number wraps after 65,536 probes; iputils clears its
    // bit as it sends again, so the next replies are not duplicates. (A
    // line this long does about 980,000 units: no budget here.)
    let mut lab = lab_with_budget(u64::MAX);
    let r = lab.run("sudo ping -c 70000 -i 0 -q 127.0.0.1");
    assert!(!r.interrupted);
    let out = r.stdout();
    assert!(
        out.contains("70000 packets transmitted, 70000 received, 0% packet loss"),
        "{out}"
    );
}
