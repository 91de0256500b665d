//! Random command lines never panic, always end, and leave the lab usable.
//! (The cargo-fuzz target `lab_run` in fuzz/ explores the same space for
//! longer; this runs in the ordinary test suite.)
#![cfg(not(target_arch = "wasm32"))]

use lolab_core::tools::commands;
use lolab_core::{Duration, Lab, LabConfig};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "-c",
    "1",
    "2",
    "0",
    "-1",
    "65536",
    "-4",
    "-6",
    "-n",
    "-s",
    "-j",
    "-br",
    "-i",
    "0.2",
    "-w",
    "-W",
    "-q",
    "-a",
    "-h",
    "--help",
    "-V",
    "addr",
    "link",
    "route",
    "rule",
    "neigh",
    "netns",
    "add",
    "del",
    "show",
    "flush",
    "get",
    "set",
    "exec",
    "dev",
    "lo",
    "eth0",
    "up",
    "down",
    "table",
    "local",
    "main",
    "via",
    "src",
    "127.0.0.1",
    "::1",
    "192.168.1.1",
    "10.0.0.1/8",
    "localhost",
    "laptop",
    "router",
    "hosts",
    "ahosts",
    "/etc/hosts",
    "/etc/resolv.conf",
    "net.ipv4.ip_forward=1",
    "net.ipv4.icmp_echo_ignore_all=1",
    ">",
    ">>",
    "2>&1",
    "<",
    "f",
    "&",
    ";",
    "&&",
    "||",
    "|",
    "%1",
    "$?",
    "'a b'",
    "ns1",
];

fn line() -> impl Strategy<Value = String> {
    let command = (
        any::<bool>(),
        0..commands().len() + 4,
        proptest::collection::vec(
            prop_oneof![
                4 => (0..WORDS.len()).prop_map(|i| WORDS[i].to_string()),
                1 => "[ -~]{0,8}",
            ],
            0..6,
        ),
    )
        .prop_map(|(sudo, c, args)| {
            let programs = commands();
            let name = programs.get(c).map_or_else(
                || ["jobs", "kill", "fg", "wait"][c - programs.len()].to_string(),
                |cmd| cmd.name.to_string(),
            );
            format!(
                "{}{name} {}",
                if sudo { "sudo " } else { "" },
                args.join(" ")
            )
        });
    proptest::collection::vec(command, 1..4).prop_map(|v| v.join("; "))
}

/// The most wake-ups one line may take: a flood (`sudo hping3 -i u1`) must
/// not take minutes in a debug build; what is checked is the same: the
/// line ends when interrupted and nothing panics.
const STEP_BUDGET: usize = 20_000;

fn run_line(lab: &mut Lab, line: &str) {
    let _ = lab.run_bounded(line, Duration::from_secs(30), STEP_BUDGET);
}

/// Found by this property (a case that took minutes in a debug build and
/// grew hping3's send-time table without bound): an interval that parses
/// as 0 is a flood; it must stop on Ctrl-C and keep bounded memory.
#[test]
fn an_hping3_flood_stops_when_interrupted() {
    let mut lab = Lab::new(LabConfig::default());
    run_line(
        &mut lab,
        "sudo hping3 table 192.168.1.1 -i  main; ifconfig | table",
    );
    assert!(!lab.is_busy());
    assert_eq!(
        lab.run_for("echo ok", Duration::from_secs(1)).stdout(),
        "ok\n"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn random_command_lines_never_panic_and_the_lab_stays_usable(
        lines in proptest::collection::vec(line(), 1..4),
        seed in any::<u64>(),
    ) {
        let mut lab = Lab::new(LabConfig { seed, ..LabConfig::default() });
        for l in &lines {
            run_line(&mut lab, l);
            prop_assert!(!lab.is_busy());
        }
        let r = lab.run_for("echo ok", Duration::from_secs(30));
        prop_assert_eq!(r.stdout(), "ok\n");
    }
}
