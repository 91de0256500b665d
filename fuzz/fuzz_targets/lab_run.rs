//! Random command lines in a fresh Lab. Structure-aware: each line is built
//! from the programs of `lolab_core::tools::commands()` (plus the shell's builtins)
//! with arguments drawn from a dictionary of words the tools understand, or
//! free text. Each line runs with `Lab::run_for(line, 30 s)` of virtual time
//! and a fifth of the default work budget (so `ping` without `-c`, a server
//! or a flood ends), some through
//! start/poll/interrupt as the web terminal drives it. After all lines the
//! lab must still answer `echo ok`.
#![no_main]
use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use lolab_core::{Duration, Lab, LabConfig};

/// The work budget of each line here: a fifth of the lab's default
/// (`LINE_WORK_BUDGET`, about a second of a flood in a release build), so
/// that four flood lines under the sanitizers stay well inside
/// scripts/fuzz.sh's 10 s timeout. No ordinary line comes near it.
const LINE_WORK: u64 = lolab_core::LINE_WORK_BUDGET / 5;

const BUILTINS: &[&str] = &[
    "sudo", "su", "exit", "jobs", "wait", "fg", "ps", "kill", "X=1", "cat",
];

const WORDS: &[&str] = &[
    "-c",
    "1",
    "2",
    "3",
    "0",
    "-1",
    "65535",
    "4294967296",
    "99999999999999999999",
    "-4",
    "-6",
    "-n",
    "-s",
    "-j",
    "-p",
    "-br",
    "-d",
    "-i",
    "0.2",
    "0.001",
    "-w",
    "-W",
    "-f",
    "-q",
    "-t",
    "-a",
    "-r",
    "-I",
    "-l",
    "-h",
    "-V",
    "--help",
    "-C",
    "-e",
    "-x",
    "-b",
    "-k",
    "-o",
    "-N",
    "-P",
    "-A",
    "--all",
    "--values",
    "--write",
    "--binary",
    "--names",
    "--version",
    "--color",
    "addr",
    "a",
    "link",
    "l",
    "route",
    "r",
    "rule",
    "neigh",
    "netns",
    "add",
    "del",
    "delete",
    "show",
    "list",
    "flush",
    "get",
    "change",
    "replace",
    "set",
    "exec",
    "dev",
    "lo",
    "eth0",
    "veth0",
    "veth1",
    "up",
    "down",
    "type",
    "veth",
    "peer",
    "name",
    "mtu",
    "table",
    "local",
    "main",
    "default",
    "via",
    "src",
    "from",
    "to",
    "metric",
    "proto",
    "scope",
    "host",
    "link",
    "global",
    "prefsrc",
    "lookup",
    "prio",
    "unreachable",
    "blackhole",
    "prohibit",
    "broadcast",
    "127.0.0.1",
    "127.0.0.2",
    "127.1",
    "0",
    "0.0.0.0",
    "::1",
    "::",
    "::ffff:127.0.0.1",
    "fe80::1",
    "192.168.1.1",
    "192.168.1.50",
    "192.168.1.0/24",
    "10.0.0.1/8",
    "127.0.0.0/8",
    "::1/128",
    "2001:db8::1/64",
    "localhost",
    "ip6-localhost",
    "lab",
    "laptop",
    "router",
    "example.com",
    "hosts",
    "ahosts",
    "ahostsv4",
    "ahostsv6",
    "/etc/hosts",
    "/etc/hostname",
    "/etc/resolv.conf",
    "/etc/nsswitch.conf",
    "/etc/gai.conf",
    "/proc/net/dev",
    "/proc/sys/net/ipv4/ip_forward",
    "/proc/sys/net/ipv4/conf/all/route_localnet",
    "net.ipv4.ip_forward",
    "net.ipv4.ip_forward=1",
    "net.ipv4.conf.all.route_localnet=1",
    "net.ipv4.ping_group_range=0 0",
    "net.ipv6.conf.all.disable_ipv6=1",
    "net.ipv4.icmp_echo_ignore_all=1",
    "-a",
    ">",
    ">>",
    "2>",
    "2>&1",
    "&>",
    "<",
    "/tmp/out",
    "~/f",
    "&",
    ";",
    "&&",
    "||",
    "|",
    "%1",
    "%2",
    "1234",
    "$?",
    "$$",
    "$HOSTNAME",
    "'a b'",
    "\"x\"",
    "\\",
    "#",
    "ns1",
    "ns2",
    "ip",
    "ping",
    "echo",
    "hello",
    "sleep",
    "10",
    "1000000",
    "inf",
    "infinity",
    "1e9",
    "nan",
    "-0",
];

#[derive(Arbitrary, Debug)]
enum Arg<'a> {
    Word(u8),
    Free(&'a str),
}

#[derive(Arbitrary, Debug)]
struct Command<'a> {
    sudo: bool,
    name: u8,
    args: Vec<Arg<'a>>,
    connector: u8,
}

#[derive(Arbitrary, Debug)]
enum Line<'a> {
    Built(Vec<Command<'a>>),
    Raw(&'a str),
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    seed: u8,
    /// Ctrl-C after this many virtual milliseconds instead of `run_for`.
    interrupt_after_ms: Option<u16>,
    lines: Vec<Line<'a>>,
}

fn render(line: &Line<'_>) -> String {
    match line {
        Line::Raw(s) => (*s).to_owned(),
        Line::Built(commands) => {
            let mut out = String::new();
            for c in commands.iter().take(4) {
                if c.sudo {
                    out.push_str("sudo ");
                }
                let n = usize::from(c.name);
                let programs = lolab_core::tools::commands();
                let name = match programs.get(n % (programs.len() + BUILTINS.len())) {
                    Some(cmd) => cmd.name,
                    None => BUILTINS[(n % (programs.len() + BUILTINS.len())) - programs.len()],
                };
                out.push_str(name);
                for a in c.args.iter().take(12) {
                    out.push(' ');
                    match a {
                        Arg::Word(i) => out.push_str(WORDS[usize::from(*i) % WORDS.len()]),
                        Arg::Free(s) => out.push_str(s),
                    }
                }
                out.push_str(match c.connector % 5 {
                    0 => "; ",
                    1 => " && ",
                    2 => " || ",
                    3 => " & ",
                    _ => "; ",
                });
            }
            out
        }
    }
}

/// Byte 0 of the input picks the format: 0 = plain text lines (the
/// stored corpus of real command lines), 1 = the same with a Ctrl-C after
/// 300 ms of each, anything else = the structured [`Input`].
fn decode(data: &[u8]) -> Option<Input<'_>> {
    match data.split_first() {
        Some((&mode @ (0 | 1), rest)) => {
            let text = core::str::from_utf8(rest).ok()?;
            Some(Input {
                seed: 1,
                interrupt_after_ms: (mode == 1).then_some(300),
                lines: text.lines().map(Line::Raw).collect(),
            })
        }
        _ => Input::arbitrary_take_rest(Unstructured::new(data)).ok(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(input) = decode(data) else {
        return;
    };
    let mut lab = Lab::new(LabConfig {
        seed: u64::from(input.seed),
        line_work_budget: LINE_WORK,
        ..LabConfig::default()
    });
    for line in input.lines.iter().take(4) {
        let text = render(line);
        if text.len() > 4096 {
            continue;
        }
        match input.interrupt_after_ms {
            Some(ms) => {
                let start = lab.now();
                lab.start(&text, start);
                let stop = start + Duration::from_millis(u64::from(ms));
                let mut steps = 0;
                while lab.is_busy() && steps < 10_000 {
                    match lab.poll_at() {
                        Some(at) if at <= stop => lab.poll(at),
                        _ => break,
                    }
                    let _ = lab.take_output();
                    steps += 1;
                }
                lab.poll(stop.max(lab.now()));
                lab.interrupt(lab.now());
                let _ = lab.take_output();
                // Whatever survived the Ctrl-C (e.g. `wait`-less background
                // jobs) must not keep the terminal busy.
                if lab.is_busy() {
                    let r = lab.run_for("", Duration::from_secs(30));
                    let _ = r;
                }
            }
            None => {
                let _ = lab.run_for(&text, Duration::from_secs(30));
            }
        }
    }
    // The lab stays usable.
    let r = lab.run_for("echo ok", Duration::from_secs(30));
    assert_eq!(r.stdout(), "ok\n", "lab unusable after the lines: {r:?}");
    assert!(!lab.is_busy());
});
