//! `/etc/hosts` as glibc 2.36's `nss_files` reads it, plus a validator.
//!
//! glibc's line parser: everything from the first `#` is a comment; fields
//! are separated by spaces or tabs; the first field is the address (strict
//! `inet_pton`, IPv4 tried first), the second the canonical name, the rest
//! aliases. A line whose address does not parse is skipped silently. A line
//! with an address and no name is *kept* with an empty name (`getent hosts`
//! enumerates it as `1.2.3.4         `).
//!
//! How an address is seen depends on the family asked for ([`Family`]):
//! for `AF_INET` an IPv6 line is kept only if it is `::1` (read as
//! `127.0.0.1`!) or v4-mapped; for `AF_INET6` IPv4 lines are dropped unless
//! `AI_V4MAPPED` maps them; for `AF_UNSPEC` both are kept as written.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::net::{IpAddr, Ipv4Addr};

use super::inet::{inet_aton_exact, pton4, pton6};

/// Address family of a request (`AF_UNSPEC`, `AF_INET`, `AF_INET6`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Family {
    /// `AF_UNSPEC`: any family.
    #[default]
    Unspec,
    /// `AF_INET`: IPv4 only.
    Inet,
    /// `AF_INET6`: IPv6 only.
    Inet6,
}

/// One parsed, usable line of `/etc/hosts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1-based line number in the file.
    pub line: usize,
    /// The address as written (IPv4 or IPv6).
    pub addr: IpAddr,
    /// The canonical name (second field; empty if the line has none).
    pub name: String,
    /// The aliases (third field on).
    pub aliases: Vec<String>,
}

impl Entry {
    /// Whether `query` equals the name or an alias, ignoring ASCII case
    /// (glibc uses `strcasecmp`).
    pub fn matches(&self, query: &str) -> bool {
        self.name.eq_ignore_ascii_case(query)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(query))
    }

    /// The address as glibc's parser produces it for a lookup in `family`
    /// (`v4mapped` = `AI_V4MAPPED` for `AF_INET6`), or `None` if the line is
    /// skipped for that family.
    pub fn addr_for(&self, family: Family, v4mapped: bool) -> Option<IpAddr> {
        match (family, self.addr) {
            (Family::Unspec, a) => Some(a),
            (Family::Inet, IpAddr::V4(a)) => Some(IpAddr::V4(a)),
            (Family::Inet, IpAddr::V6(a)) => {
                if let Some(v4) = a.to_ipv4_mapped() {
                    Some(IpAddr::V4(v4))
                } else if a.is_loopback() {
                    Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
                } else {
                    None
                }
            }
            (Family::Inet6, IpAddr::V6(a)) => Some(IpAddr::V6(a)),
            (Family::Inet6, IpAddr::V4(a)) => v4mapped.then(|| IpAddr::V6(a.to_ipv6_mapped())),
        }
    }
}

/// What is wrong with a line of `/etc/hosts` (for `cat`-style warnings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueKind {
    /// The first field is not a strict IPv4 or IPv6 address: glibc skips the line.
    BadAddress {
        /// The offending text.
        text: String,
        /// `inet_aton` would accept it (e.g. `127.1`), but hosts files need
        /// the full form.
        shorthand: bool,
        /// It carries a `%scope` suffix, which hosts files do not allow.
        scoped: bool,
    },
    /// An address with no host name after it: glibc keeps the line, but no
    /// name can ever match it.
    NoName {
        /// The address text.
        text: String,
    },
}

/// One warning about `/etc/hosts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub kind: IssueKind,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            IssueKind::BadAddress {
                text,
                shorthand,
                scoped,
            } => {
                write!(
                    f,
                    "line {}: \"{}\" is not an IPv4 or IPv6 address",
                    self.line, text
                )?;
                if *shorthand {
                    write!(
                        f,
                        " (shorthand like 127.1 works as a typed host name, not in /etc/hosts)"
                    )?;
                } else if *scoped {
                    write!(f, " (a %scope suffix is not allowed in /etc/hosts)")?;
                }
                write!(f, "; the line is ignored")
            }
            IssueKind::NoName { text } => {
                write!(
                    f,
                    "line {}: no host name after the address \"{}\"",
                    self.line, text
                )
            }
        }
    }
}

/// A parsed `/etc/hosts`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HostsFile {
    /// Usable lines, in file order.
    pub entries: Vec<Entry>,
    /// Warnings, in file order.
    pub issues: Vec<Issue>,
}

/// Debian 12's stock `/etc/hosts` for a host called `hostname`.
pub use crate::world::files::etc_hosts as debian_default;

fn is_field_space(c: char) -> bool {
    // glibc uses isspace() in the C locale.
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

impl HostsFile {
    /// Parses the text of `/etc/hosts`. Never fails: bad lines become
    /// [`Issue`]s, exactly the lines glibc would skip.
    pub fn parse(text: &str) -> Self {
        let mut out = HostsFile::default();
        for (idx, raw) in text.split('\n').enumerate() {
            let line = idx + 1;
            let content = raw.split('#').next().unwrap_or("");
            let mut fields = content.split(is_field_space).filter(|f| !f.is_empty());
            let Some(addr_text) = fields.next() else {
                continue;
            };
            let addr = if let Some(a) = pton4(addr_text) {
                IpAddr::V4(a)
            } else if let Some(a) = pton6(addr_text) {
                IpAddr::V6(a)
            } else {
                out.issues.push(Issue {
                    line,
                    kind: IssueKind::BadAddress {
                        text: addr_text.to_string(),
                        shorthand: inet_aton_exact(addr_text).is_some(),
                        scoped: addr_text.contains('%'),
                    },
                });
                continue;
            };
            let name = fields.next().unwrap_or("").to_string();
            if name.is_empty() {
                out.issues.push(Issue {
                    line,
                    kind: IssueKind::NoName {
                        text: addr_text.to_string(),
                    },
                });
            }
            let aliases = fields.map(ToString::to_string).collect();
            out.entries.push(Entry {
                line,
                addr,
                name,
                aliases,
            });
        }
        out
    }

    /// The warnings as display lines, e.g.
    /// `line 9: "127.0.0.300" is not an IPv4 or IPv6 address; the line is ignored`.
    pub fn warnings(&self) -> Vec<String> {
        self.issues.iter().map(ToString::to_string).collect()
    }

    /// Every line matching `name` (case-insensitively), in file order.
    pub fn matching<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| e.matches(name))
    }

    /// First line whose address (as seen for `family`) equals `addr`
    /// (`gethostbyaddr` through `nss_files`).
    pub fn by_addr(&self, addr: IpAddr) -> Option<&Entry> {
        let family = match addr {
            IpAddr::V4(_) => Family::Inet,
            IpAddr::V6(_) => Family::Inet6,
        };
        self.entries
            .iter()
            .find(|e| e.addr_for(family, false) == Some(addr))
    }

    /// `gethostent` enumeration (what `getent hosts` with no key prints):
    /// glibc enumerates as `AF_INET`, so `::1` appears as `127.0.0.1` and
    /// other IPv6 lines are skipped.
    pub fn enumerate(&self) -> impl Iterator<Item = (IpAddr, &Entry)> + '_ {
        self.entries
            .iter()
            .filter_map(|e| e.addr_for(Family::Inet, false).map(|a| (a, e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn stock_debian() {
        let h = HostsFile::parse(&debian_default("lab"));
        assert!(h.issues.is_empty());
        assert_eq!(h.entries.len(), 5);
        let e = h.entries.get(2).unwrap();
        assert_eq!(e.line, 5);
        assert_eq!(e.addr, "::1".parse::<IpAddr>().unwrap());
        assert_eq!(e.name, "localhost");
        assert_eq!(e.aliases, vec!["ip6-localhost", "ip6-loopback"]);
        // Real (`getent hosts` with stock file, Debian 12):
        // 127.0.0.1       localhost$
        // 127.0.1.1       lab$
        // 127.0.0.1       localhost ip6-localhost ip6-loopback$
        let en: Vec<_> = h
            .enumerate()
            .map(|(a, e)| (a.to_string(), e.line))
            .collect();
        assert_eq!(
            en,
            vec![
                ("127.0.0.1".into(), 1),
                ("127.0.1.1".into(), 2),
                ("127.0.0.1".into(), 5)
            ]
        );
    }

    // Fixture core/tests/fixtures/names/odd.hosts, checked with real getent:
    //   getent hosts        -> 127.0.0.1 localhost / 127.0.0.1 localhost / 10.0.0.5 LocalHost lh /
    //                          "1.2.3.4         " / 1.2.3.5 web / 1.2.3.6 Web www / 1.2.3.7 mapped
    //   getent hosts bad / short, getent ahosts ll -> exit 2 (lines skipped)
    #[test]
    fn odd_file_and_warnings() {
        let h = HostsFile::parse(include_str!("../../tests/fixtures/names/odd.hosts"));
        let names: Vec<_> = h.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "localhost",
                "localhost",
                "LocalHost",
                "",
                "web",
                "Web",
                "mapped"
            ]
        );
        assert_eq!(
            h.warnings(),
            vec![
                "line 4: \"127.0.0.300\" is not an IPv4 or IPv6 address; the line is ignored".to_string(),
                "line 5: no host name after the address \"1.2.3.4\"".into(),
                "line 9: \"127.1\" is not an IPv4 or IPv6 address (shorthand like 127.1 works as a typed host name, not in /etc/hosts); the line is ignored".into(),
                "line 10: \"fe80::1%lo\" is not an IPv4 or IPv6 address (a %scope suffix is not allowed in /etc/hosts); the line is ignored".into(),
            ]
        );
        assert!(h.matching("LOCALHOST").count() == 3);
        assert_eq!(h.matching("www").next().map(|e| e.line), Some(8));
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC*") {
            let h = HostsFile::parse(&s);
            let _ = h.warnings();
            let _ = h.enumerate().count();
        }
    }
}
