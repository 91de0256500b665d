//! Random command lines never panic and leave the lab usable. Unlike the
//! proptest suite (native only), this one uses the lab's own seeded PRNG so
//! it runs in the wasm32 build of the tests too.

use lolab_core::rand::Rng;
use lolab_core::shell::BUILTINS;
use lolab_core::tools::commands;
use lolab_core::{Duration, Lab, LabConfig};

const WORDS: &[&str] = &[
    "-c",
    "1",
    "-n",
    "-v",
    "-4",
    "-6",
    "127.0.0.1",
    "::1",
    "localhost",
    "0.0.0.0",
    "192.168.1.50",
    "8000",
    "-l",
    "-t",
    "addr",
    "route",
    "get",
    "show",
    "table",
    "local",
    "lo",
    "eth0",
    "up",
    "down",
    "netns",
    "add",
    "exec",
    "x",
    "http://localhost:8000/",
    "--bind",
    "-m",
    "http.server",
    ";",
    "&&",
    "||",
    "&",
    "|",
    "2>&1",
    ">",
    ">>",
    "/etc/hosts",
    "/tmp/f",
    "'a b'",
    "\"$?\"",
    "-w",
    "net.ipv4.conf.all.route_localnet=1",
    "qdisc",
    "netem",
    "delay",
    "10ms",
    "-I",
    "-s",
    "65535",
    "%1",
    "-9",
    "é",
    "\\",
    "\u{0}",
];

fn random_line(rng: &mut Rng) -> String {
    let mut line = String::new();
    if rng.range_inclusive(0, 3) == 0 {
        line.push_str("sudo ");
    }
    let programs = commands();
    let n = programs.len() + BUILTINS.len();
    let pick = rng.range_inclusive(0, n as u32 - 1) as usize;
    match programs.get(pick) {
        Some(c) => line.push_str(c.name),
        None => line.push_str(BUILTINS[pick - programs.len()].0),
    }
    for _ in 0..rng.range_inclusive(0, 6) {
        line.push(' ');
        line.push_str(WORDS[rng.range_inclusive(0, WORDS.len() as u32 - 1) as usize]);
    }
    line
}

#[test]
fn random_command_lines_never_break_the_lab() {
    let mut rng = Rng::new(20261127);
    for round in 0..60 {
        let mut lab = Lab::new(LabConfig {
            seed: round,
            ..LabConfig::default()
        });
        for _ in 0..5 {
            let line = random_line(&mut rng);
            let r = lab.run_for(&line, Duration::from_secs(30));
            assert!(!lab.is_busy(), "{line}: the lab is idle afterwards ({r:?})");
        }
        assert_eq!(lab.run("echo ok").stdout(), "ok\n", "round {round}");
    }
}
