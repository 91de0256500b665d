//! `/etc/resolv.conf`: `nameserver`, `search`/`domain`, `options ndots:N`.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::IpAddr;

use super::inet::{pton4, pton6};

/// A parsed `resolv.conf` (glibc's limits applied: 3 servers, 6 search domains).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvConf {
    /// Name servers in order (at most 3).
    pub nameservers: Vec<IpAddr>,
    /// Search list (the last `search` or `domain` line wins).
    pub search: Vec<String>,
    /// `options ndots:N` (default 1, capped at 15).
    pub ndots: u8,
    /// `options timeout:N` seconds (default 5, capped at 30).
    pub timeout_secs: u8,
    /// `options attempts:N` (default 2, capped at 5).
    pub attempts: u8,
}

impl Default for ResolvConf {
    fn default() -> Self {
        ResolvConf {
            nameservers: Vec::new(),
            search: Vec::new(),
            ndots: 1,
            timeout_secs: 5,
            attempts: 2,
        }
    }
}

impl ResolvConf {
    /// Parses the file; unknown lines are ignored, as glibc does.
    pub fn parse(text: &str) -> Self {
        let mut rc = ResolvConf::default();
        for line in text.lines() {
            let line = line.split(['#', ';']).next().unwrap_or("");
            let mut words = line.split_whitespace();
            match words.next() {
                Some("nameserver") => {
                    if let Some(w) = words.next() {
                        let a = pton4(w)
                            .map(IpAddr::V4)
                            .or_else(|| pton6(w).map(IpAddr::V6));
                        if let Some(a) = a
                            && rc.nameservers.len() < 3
                        {
                            rc.nameservers.push(a);
                        }
                    }
                }
                Some("search") => rc.search = words.take(6).map(ToString::to_string).collect(),
                Some("domain") => rc.search = words.take(1).map(ToString::to_string).collect(),
                Some("options") => {
                    for opt in words {
                        let num = |p: &str| opt.strip_prefix(p).and_then(|v| v.parse::<u32>().ok());
                        if let Some(n) = num("ndots:") {
                            rc.ndots = u8::try_from(n.min(15)).unwrap_or(15);
                        } else if let Some(n) = num("timeout:") {
                            rc.timeout_secs = u8::try_from(n.clamp(1, 30)).unwrap_or(30);
                        } else if let Some(n) = num("attempts:") {
                            rc.attempts = u8::try_from(n.clamp(1, 5)).unwrap_or(5);
                        }
                    }
                }
                _ => {}
            }
        }
        rc
    }

    /// The names the stub resolver tries for `name`, in order (`res_search`):
    /// a trailing dot means "exactly this"; with at least `ndots` dots the
    /// name is tried as-is first, otherwise after the search domains.
    pub fn candidates(&self, name: &str) -> Vec<String> {
        if let Some(abs) = name.strip_suffix('.') {
            return alloc::vec![abs.to_string()];
        }
        let dots = name.matches('.').count();
        let mut out = Vec::new();
        if dots >= usize::from(self.ndots) {
            out.push(name.to_string());
        }
        for d in &self.search {
            out.push(alloc::format!("{name}.{d}"));
        }
        if dots < usize::from(self.ndots) {
            out.push(name.to_string());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_search() {
        let rc = ResolvConf::parse(
            "nameserver 192.168.1.1\nnameserver ::1\nsearch lan example.com\noptions ndots:2 timeout:1\n",
        );
        assert_eq!(rc.nameservers.len(), 2);
        assert_eq!(rc.ndots, 2);
        assert_eq!(rc.timeout_secs, 1);
        assert_eq!(rc.candidates("a.b"), ["a.b.lan", "a.b.example.com", "a.b"]);
        assert_eq!(
            rc.candidates("a.b.c"),
            ["a.b.c", "a.b.c.lan", "a.b.c.example.com"]
        );
        assert_eq!(rc.candidates("x."), ["x"]);
    }
}
