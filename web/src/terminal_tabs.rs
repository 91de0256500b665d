//! Terminal tabs, one per machine: the lab host, the laptop on the LAN and
//! each `ip netns` namespace.
//!
//! The lab has one shell (on the host). A tab for another machine is an
//! honest wrapper: each command of a line typed there runs as
//! `ssh laptop COMMAND` or `sudo ip netns exec NAME COMMAND` in that shell,
//! and the tab shows the prompt such a session would have.

use lolab_core::world;
use std::fmt;

/// Which machine a terminal tab talks to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Machine {
    /// The lab host itself (the shell's own prompt).
    #[default]
    Lab,
    /// The laptop on the LAN, 192.168.1.20, reached with `ssh laptop`.
    Laptop,
    /// A namespace made with `ip netns add NAME`.
    Netns(String),
}

impl Machine {
    /// A stable id fragment (`lab`, `laptop`, `netns-web`).
    pub fn key(&self) -> String {
        match self {
            Machine::Lab => String::from(world::LAB.name),
            Machine::Laptop => String::from(world::LAPTOP.name),
            Machine::Netns(name) => format!("netns-{name}"),
        }
    }

    /// The tab's label.
    pub fn label(&self) -> String {
        match self {
            Machine::Lab => String::from(world::LAB.name),
            Machine::Laptop => String::from(world::LAPTOP.name),
            Machine::Netns(name) => format!("{name} (netns)"),
        }
    }

    /// The prompt the tab shows, given the host shell's own prompt and
    /// working directory.
    pub fn prompt(&self, host_prompt: &str, cwd: &str) -> String {
        match self {
            Machine::Lab => String::from(host_prompt),
            // ssh logs in as root on the laptop.
            Machine::Laptop => String::from("root@laptop:~# "),
            // `sudo ip netns exec NAME bash` keeps the host name and the
            // directory (shown from root's home, /root).
            Machine::Netns(_) => format!(
                "root@lab:{}# ",
                lolab_core::shell::prompt_dir(cwd, lolab_core::host::User::Root.home())
            ),
        }
    }

    /// What the tab puts before each command it sends to the host shell.
    pub fn prefix(&self) -> Option<String> {
        match self {
            Machine::Lab => None,
            Machine::Laptop => Some(format!("ssh {} ", world::LAPTOP.name)),
            Machine::Netns(name) => Some(format!("sudo ip netns exec {name} ")),
        }
    }

    /// The line the host shell runs for `line` typed in this tab: the
    /// prefix goes before every command (after `;`, `&&`, `||`, `&`),
    /// outside quotes.
    pub fn wrap(&self, line: &str) -> String {
        let Some(prefix) = self.prefix() else {
            return String::from(line);
        };
        let mut out = String::new();
        let mut at_start = true;
        let mut quote: Option<char> = None;
        let mut chars = line.chars().peekable();
        let mut prev = ' ';
        while let Some(c) = chars.next() {
            let after_redirect = matches!(prev, '>' | '<');
            prev = c;
            if at_start && quote.is_none() {
                if c.is_whitespace() {
                    out.push(c);
                    continue;
                }
                out.push_str(&prefix);
                at_start = false;
            }
            out.push(c);
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some('"'), '\\') => {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                }
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '\\') => {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                }
                (None, ';') => at_start = true,
                (None, '&') if after_redirect => {}
                (None, '&' | '|') => {
                    // `&&`, `||`, and `|&` (a pipe of stdout and stderr).
                    if (chars.peek() == Some(&c) || (c == '|' && chars.peek() == Some(&'&')))
                        && let Some(n) = chars.next()
                    {
                        out.push(n);
                    }
                    at_start = true;
                }
                (None, _) => {}
            }
        }
        out
    }
}

impl fmt::Display for Machine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::Machine;

    #[test]
    fn wraps_every_command_of_a_line() {
        let l = Machine::Laptop;
        assert_eq!(l.wrap("hostname"), "ssh laptop hostname");
        assert_eq!(
            l.wrap("ping -c1 127.0.0.1; ip addr && echo 'a;b' &"),
            "ssh laptop ping -c1 127.0.0.1; ssh laptop ip addr && ssh laptop echo 'a;b' &"
        );
        assert_eq!(l.wrap("curl x 2>&1"), "ssh laptop curl x 2>&1");
        assert_eq!(
            l.wrap("ip a | grep inet; curl x |& head -1"),
            "ssh laptop ip a | ssh laptop grep inet; ssh laptop curl x |& ssh laptop head -1"
        );
        assert_eq!(l.wrap(""), "");
        assert_eq!(Machine::Lab.wrap("a; b"), "a; b");
        assert_eq!(
            Machine::Netns(String::from("web")).wrap("ip link set lo up"),
            "sudo ip netns exec web ip link set lo up"
        );
    }

    #[test]
    fn prompts() {
        assert_eq!(
            Machine::Laptop.prompt("user@lab:~$ ", "/home/user"),
            "root@laptop:~# "
        );
        assert_eq!(
            Machine::Lab.prompt("user@lab:~$ ", "/home/user"),
            "user@lab:~$ "
        );
        // sudo ip netns exec NAME bash keeps the directory (Debian 12).
        assert_eq!(
            Machine::Netns(String::from("web")).prompt("user@lab:~$ ", "/home/user"),
            "root@lab:/home/user# "
        );
    }
}
