//! Tab completion for the terminal's input line: command names (the lab's
//! commands and the shell's builtins), then common options, subcommands and
//! arguments of the command being typed (a small table, not a shell).

use lolab_core::shell::BUILTINS;
use lolab_core::tools::commands;
use lolab_core::world;

/// The job-control builtins bash has and the lab answers.
const JOB_BUILTINS: &[&str] = &["jobs", "kill", "wait", "ps", "fg", "bg"];

/// Words worth completing after a command (options first, then arguments).
fn words_for(command: &str, previous: &[&str]) -> &'static [&'static str] {
    match (command, previous) {
        ("ping", _) => &[
            "-c",
            "-i",
            "-W",
            "-w",
            "-s",
            "-t",
            "-q",
            "-n",
            "-4",
            "-6",
            "-I",
            "-D",
            "-b",
            "localhost",
            "127.0.0.1",
            "::1",
            "192.168.1.50",
            "192.168.1.20",
        ],
        ("curl", _) => &[
            "-v",
            "--verbose",
            "-s",
            "--silent",
            "-S",
            "-o",
            "-I",
            "--head",
            "-i",
            "-f",
            "--fail",
            "-L",
            "-4",
            "-6",
            "-w",
            "--write-out",
            "-m",
            "--max-time",
            "--connect-timeout",
            "--resolve",
            "--interface",
            "http://localhost:8000/",
            "http://127.0.0.1:8000/",
            "http://[::1]:8000/",
        ],
        ("ip", []) => &[
            "addr", "link", "route", "rule", "netns", "-4", "-6", "-s", "-br", "-j",
        ],
        ("ip", ["addr" | "a" | "address", ..]) => &["show", "add", "del", "dev", "lo", "eth0"],
        ("ip", ["link" | "l", ..]) => &[
            "show", "set", "add", "del", "dev", "lo", "eth0", "up", "down", "type", "veth", "peer",
            "name", "netns",
        ],
        ("ip", ["route" | "r" | "ro", ..]) => &[
            "show", "get", "add", "del", "table", "local", "main", "all", "via", "dev", "lo",
            "eth0",
        ],
        ("ip", ["rule", ..]) => &["show", "add", "del"],
        ("ip", ["netns", ..]) => &["add", "del", "exec", "list"],
        ("ss", _) => &[
            "-t", "-u", "-l", "-n", "-a", "-p", "-e", "-i", "-4", "-6", "-ltn", "-ltnp", "-uan",
        ],
        ("getent", []) => &["hosts", "ahosts", "ahostsv4", "ahostsv6"],
        ("getent", _) => &["localhost", "ip6-localhost", world::LAB.name],
        ("sysctl", _) => &[
            "-w",
            "-a",
            "net.ipv4.conf.all.route_localnet",
            "net.ipv4.conf.all.log_martians",
            "net.ipv4.conf.all.rp_filter",
            "net.ipv4.ip_forward",
        ],
        ("tc", _) => &[
            "qdisc", "add", "del", "change", "show", "dev", "lo", "eth0", "root", "netem", "delay",
            "loss",
        ],
        ("python3", []) => &["-m"],
        ("python3", ["-m"]) => &["http.server"],
        ("python3", _) => &["--bind", "8000", "127.0.0.1", "0.0.0.0", "::1"],
        ("ssh", []) => &[world::LAPTOP.name, world::ROUTER.name],
        ("cat", _) => &[
            "/etc/hosts",
            "/etc/hostname",
            "/etc/resolv.conf",
            "/etc/nsswitch.conf",
            "/etc/gai.conf",
        ],
        ("tcpdump", _) => &[
            "-i", "-n", "-v", "-X", "-c", "lo", "eth0", "any", "icmp", "tcp", "udp", "port", "host",
        ],
        ("nc", _) => &["-l", "-v", "-z", "-u", "-n", "-s", "127.0.0.1", "localhost"],
        ("dig", _) => &[
            "+short",
            "+noall",
            "+answer",
            "+tcp",
            "-x",
            "-t",
            "-p",
            "@192.168.1.1",
            "laptop",
            "router.lan",
            "localhost",
            "AAAA",
            "ANY",
            "PTR",
        ],
        ("host" | "nslookup", _) => &["-t", "-type=AAAA", "laptop", "router.lan", "192.168.1.1"],
        ("wget", _) => &[
            "-O",
            "-q",
            "-S",
            "--spider",
            "-T",
            "-t",
            "http://127.0.0.1:8000/",
        ],
        ("telnet", _) => &["127.0.0.1", "localhost", "8000"],
        ("ifconfig", _) => &["lo", "eth0", "up", "down"],
        ("dmesg", _) => &["-T"],
        _ => &[],
    }
}

/// Every command name the shell knows, sorted.
pub fn command_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = commands().iter().map(|c| c.name).collect();
    names.extend(BUILTINS.iter().map(|(n, _)| *n));
    names.extend(JOB_BUILTINS);
    lolab_core::sort::sort(&mut names);
    names.dedup();
    names
}

/// What a Tab press does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    /// The line after completion (unchanged if there was nothing to add).
    pub line: String,
    /// The candidates when more than one fits (shown under the input).
    pub candidates: Vec<String>,
}

fn common_prefix<'a>(words: &[&'a str]) -> &'a str {
    let Some(first) = words.first() else {
        return "";
    };
    let mut len = first.len();
    for w in &words[1..] {
        len = len.min(
            first
                .char_indices()
                .zip(w.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, a), _)| i + a.len_utf8()),
        );
    }
    first.get(..len).unwrap_or("")
}

/// Completes the last word of `line`.
pub fn complete(line: &str) -> Completion {
    // The command being typed starts after the last `;`, `&&`, `||` or `&`.
    let start = line.rfind([';', '&', '|']).map_or(0, |i| i + 1);
    let segment = line.get(start..).unwrap_or("");
    let ends_with_space = segment.ends_with(char::is_whitespace) || segment.is_empty();
    let mut words: Vec<&str> = segment.split_whitespace().collect();
    let partial = if ends_with_space {
        ""
    } else {
        words.pop().unwrap_or("")
    };
    // Skip the wrappers: sudo, ssh HOST, ip netns exec NAME.
    let mut rest: &[&str] = &words;
    loop {
        match rest {
            ["sudo", tail @ ..] => rest = tail,
            ["ssh", _host, tail @ ..] => rest = tail,
            ["ip", "netns", "exec", _name, tail @ ..] => rest = tail,
            _ => break,
        }
    }
    let pool: Vec<&str> = match rest {
        [] => {
            if words.last() == Some(&"ssh") {
                words_for("ssh", &[]).to_vec()
            } else {
                command_names()
            }
        }
        [command, args @ ..] => words_for(command, args).to_vec(),
    };
    let matches: Vec<&str> = pool
        .into_iter()
        .filter(|w| w.starts_with(partial))
        .collect();
    let unchanged = Completion {
        line: String::from(line),
        candidates: Vec::new(),
    };
    match matches.as_slice() {
        [] => unchanged,
        [one] => {
            let prefix_len = line.len() - partial.len();
            let mut out = String::from(line.get(..prefix_len).unwrap_or(line));
            out.push_str(one);
            out.push(' ');
            Completion {
                line: out,
                candidates: Vec::new(),
            }
        }
        many => {
            let common = common_prefix(many);
            let prefix_len = line.len() - partial.len();
            let mut out = String::from(line.get(..prefix_len).unwrap_or(line));
            out.push_str(if common.len() >= partial.len() {
                common
            } else {
                partial
            });
            Completion {
                line: out,
                candidates: many.iter().map(|s| String::from(*s)).collect(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::complete;

    #[test]
    fn command_names() {
        assert_eq!(complete("pin").line, "ping ");
        let c = complete("s");
        assert_eq!(c.line, "s");
        assert!(c.candidates.contains(&String::from("ss")));
        assert!(c.candidates.contains(&String::from("sudo")));
        assert_eq!(complete("sudo sys").line, "sudo sysctl ");
        assert_eq!(complete("echo a; hostn").line, "echo a; hostname ");
        assert_eq!(complete("redis-s").line, "redis-server ");
        assert_eq!(complete("redis").line, "redis-");
    }

    #[test]
    fn options_and_subcommands() {
        assert_eq!(complete("ip ro").line, "ip route ");
        assert_eq!(complete("ip route sh").line, "ip route show ");
        assert_eq!(complete("ping -").line, "ping -");
        assert!(complete("ping -").candidates.contains(&String::from("-c")));
        assert_eq!(complete("curl --verb").line, "curl --verbose ");
        assert_eq!(complete("ss -lt").line, "ss -ltn");
        assert_eq!(complete("getent ah").line, "getent ahosts");
        assert_eq!(complete("ssh lap").line, "ssh laptop ");
        assert_eq!(complete("ssh laptop pin").line, "ssh laptop ping ");
        assert_eq!(
            complete("nothing-matches-this").line,
            "nothing-matches-this"
        );
    }
}
