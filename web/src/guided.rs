//! Guided actions for people who do not use a terminal: Ping, Curl and
//! Bind forms build an exact command line from an address and a port.
//! Pure: the forms' view ([`crate::components::guided`]) shows the line
//! and runs it in the terminal.

use std::net::IpAddr;

use lolab_core::names::HostsFile;

/// Which form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Tool {
    /// `ping -c N ADDR`.
    #[default]
    Ping,
    /// `curl [-v] http://ADDR:PORT/`.
    Curl,
    /// A server bound to ADDR:PORT.
    Bind,
}

impl Tool {
    /// Every form, in order.
    pub const ALL: [Tool; 3] = [Tool::Ping, Tool::Curl, Tool::Bind];

    /// The form's label.
    pub fn label(self) -> &'static str {
        match self {
            Tool::Ping => "Ping",
            Tool::Curl => "Curl",
            Tool::Bind => "Bind",
        }
    }

    /// A stable id fragment.
    pub fn key(self) -> &'static str {
        match self {
            Tool::Ping => "ping",
            Tool::Curl => "curl",
            Tool::Bind => "bind",
        }
    }
}

/// What the Bind form starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Server {
    /// `python3 -m http.server PORT --bind ADDR &`: a web server that answers.
    #[default]
    HttpServer,
    /// `bind ADDR:PORT &`: just the socket, with its system calls printed.
    Socket,
}

/// The addresses every picker offers, with what they mean.
pub const FIXED_ADDRESSES: &[(&str, &str)] = &[
    ("127.0.0.1", "IPv4 loopback"),
    ("::1", "IPv6 loopback"),
    ("localhost", "the name, looked up in /etc/hosts"),
    ("0.0.0.0", "IPv4 wildcard: every address"),
    ("::", "IPv6 wildcard"),
    ("192.168.1.50", "lab's LAN address (eth0)"),
    ("192.168.1.20", "the laptop"),
];

/// The picker's choices: the fixed addresses, then the names in the
/// current /etc/hosts (each once, in file order).
pub fn address_choices(hosts: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = FIXED_ADDRESSES
        .iter()
        .map(|(a, d)| (String::from(*a), String::from(*d)))
        .collect();
    let file = HostsFile::parse(hosts);
    for e in &file.entries {
        for name in std::iter::once(&e.name).chain(e.aliases.iter()) {
            if name.is_empty() || out.iter().any(|(a, _)| a == name) {
                continue;
            }
            out.push((
                name.clone(),
                format!("/etc/hosts line {}: {}", e.line, e.addr),
            ));
        }
    }
    out
}

/// A form's fields, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// Which form.
    pub tool: Tool,
    /// The address or name (picked, or typed).
    pub address: String,
    /// The port (Curl, Bind).
    pub port: String,
    /// How many echo requests (Ping).
    pub count: String,
    /// `curl -v`.
    pub verbose: bool,
    /// What Bind starts.
    pub server: Server,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            tool: Tool::Ping,
            address: String::from("127.0.0.1"),
            port: String::from("8000"),
            count: String::from("1"),
            verbose: false,
            server: Server::HttpServer,
        }
    }
}

/// Checks an address or host name; the message says what is wrong.
pub fn check_address(text: &str) -> Result<Address, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(String::from("Pick or type an address."));
    }
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Ok(Address::Ip(ip));
    }
    if text.starts_with("127.") {
        return Err(format!(
            "\"{text}\" is not a full IPv4 address: write four numbers 0-255, like 127.1.2.3."
        ));
    }
    let name_ok = text.len() <= 253
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && !text.starts_with(['-', '.']);
    if name_ok {
        Ok(Address::Name(String::from(text)))
    } else {
        Err(format!(
            "\"{text}\" is neither an IP address nor a host name (letters, digits, '-' and '.')."
        ))
    }
}

/// A checked address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Address {
    /// A literal address.
    Ip(IpAddr),
    /// A host name, resolved by the tool.
    Name(String),
}

impl Address {
    /// As written in a URL's host part (IPv6 in brackets).
    fn url_host(&self) -> String {
        match self {
            Address::Ip(IpAddr::V6(a)) => format!("[{a}]"),
            Address::Ip(a) => a.to_string(),
            Address::Name(n) => n.clone(),
        }
    }

    /// As written on a command line.
    fn plain(&self) -> String {
        match self {
            Address::Ip(a) => a.to_string(),
            Address::Name(n) => n.clone(),
        }
    }
}

fn check_port(text: &str) -> Result<u16, String> {
    match text.trim().parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(format!(
            "\"{}\" is not a port: use a number from 1 to 65535.",
            text.trim()
        )),
    }
}

/// The exact command line the form runs, or what to fix.
pub fn command(form: &Form) -> Result<String, String> {
    let addr = check_address(&form.address)?;
    match form.tool {
        Tool::Ping => {
            let count = match form.count.trim().parse::<u32>() {
                Ok(n @ 1..=20) => n,
                _ => return Err(String::from("Count: a number from 1 to 20.")),
            };
            Ok(format!("ping -c {count} {}", addr.plain()))
        }
        Tool::Curl => {
            let port = check_port(&form.port)?;
            let v = if form.verbose { "-v " } else { "" };
            Ok(format!("curl {v}http://{}:{port}/", addr.url_host()))
        }
        Tool::Bind => {
            let port = check_port(&form.port)?;
            match form.server {
                Server::HttpServer => Ok(format!(
                    "python3 -m http.server {port} --bind {} &",
                    addr.plain()
                )),
                Server::Socket => match addr {
                    Address::Ip(_) => Ok(format!("bind {}:{port} &", addr.url_host())),
                    Address::Name(_) => Err(String::from(
                        "bind takes an address, not a name: pick an IP address.",
                    )),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(tool: Tool, address: &str) -> Form {
        Form {
            tool,
            address: String::from(address),
            ..Form::default()
        }
    }

    #[test]
    fn builds_command_lines() {
        assert_eq!(
            command(&form(Tool::Ping, "127.0.0.1")),
            Ok(String::from("ping -c 1 127.0.0.1"))
        );
        assert_eq!(
            command(&form(Tool::Ping, " ::1 ")),
            Ok(String::from("ping -c 1 ::1"))
        );
        assert_eq!(
            command(&form(Tool::Curl, "::1")),
            Ok(String::from("curl http://[::1]:8000/"))
        );
        assert_eq!(
            command(&form(Tool::Bind, "0.0.0.0")),
            Ok(String::from("python3 -m http.server 8000 --bind 0.0.0.0 &"))
        );
        let mut f = form(Tool::Bind, "::");
        f.server = Server::Socket;
        assert_eq!(command(&f), Ok(String::from("bind [::]:8000 &")));
        f.address = String::from("localhost");
        assert!(command(&f).is_err());
    }

    #[test]
    fn rejects_bad_input() {
        assert!(
            command(&form(Tool::Ping, "127.1"))
                .unwrap_err()
                .contains("four numbers")
        );
        assert!(command(&form(Tool::Ping, "a;rm")).is_err());
        assert!(command(&form(Tool::Ping, "")).is_err());
        let mut f = form(Tool::Curl, "localhost");
        f.port = String::from("70000");
        assert!(command(&f).unwrap_err().contains("65535"));
    }

    #[test]
    fn names_from_hosts() {
        let c = address_choices("127.0.0.1 localhost\n127.0.0.5 myapp api\nbad line\n");
        let names: Vec<&str> = c.iter().map(|(a, _)| a.as_str()).collect();
        assert!(names.contains(&"myapp"));
        assert!(names.contains(&"api"));
        assert_eq!(names.iter().filter(|n| **n == "localhost").count(), 1);
    }
}
