//! The `hosts:` line of `/etc/nsswitch.conf`, with `[STATUS=action]` items.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

/// What an NSS module reported for one lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `SUCCESS`: the module found the name.
    Success,
    /// `NOTFOUND`: the module works, but the name is not there.
    NotFound,
    /// `UNAVAIL`: the module cannot answer (not installed, no server).
    Unavail,
    /// `TRYAGAIN`: a temporary failure (timeout, SERVFAIL).
    TryAgain,
}

impl Status {
    fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_uppercase().as_str() {
            "SUCCESS" => Self::Success,
            "NOTFOUND" => Self::NotFound,
            "UNAVAIL" => Self::Unavail,
            "TRYAGAIN" => Self::TryAgain,
            _ => return None,
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Success => "SUCCESS",
            Self::NotFound => "NOTFOUND",
            Self::Unavail => "UNAVAIL",
            Self::TryAgain => "TRYAGAIN",
        })
    }
}

/// What to do after a module reports a [`Status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Stop and return the current result.
    Return,
    /// Go on to the next module.
    Continue,
    /// Merge with the next module's result (group databases; treated as continue).
    Merge,
}

/// One module in the `hosts:` line, e.g. `mdns4_minimal [NOTFOUND=return]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Module name (`files`, `dns`, `myhostname`, `resolve`, ...).
    pub name: String,
    /// Explicit `[STATUS=action]` items in order; `!` negations already
    /// expanded into the three other statuses.
    pub actions: Vec<(Status, Action)>,
}

impl Source {
    /// The action for `status`: explicit items first, then the defaults
    /// (`SUCCESS=return`, everything else `continue`).
    pub fn action(&self, status: Status) -> Action {
        self.actions
            .iter()
            .rev()
            .find(|(s, _)| *s == status)
            .map(|(_, a)| *a)
            .unwrap_or(if status == Status::Success {
                Action::Return
            } else {
                Action::Continue
            })
    }
}

/// The parsed `hosts` database line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NsSwitch {
    /// Modules in order.
    pub sources: Vec<Source>,
    /// True when the file had no `hosts:` line and glibc's built-in default
    /// (`dns [!UNAVAIL=return] files`) is in use.
    pub is_default: bool,
}

const ALL: [Status; 4] = [
    Status::Success,
    Status::NotFound,
    Status::Unavail,
    Status::TryAgain,
];

impl NsSwitch {
    /// Debian 12's stock file (its line `hosts: files dns`).
    pub fn debian_default() -> Self {
        Self::parse(crate::world::files::NSSWITCH_CONF)
    }

    /// Parses a whole `nsswitch.conf`; uses the first `hosts:` line. Never
    /// fails: unknown words in brackets are ignored.
    pub fn parse(text: &str) -> Self {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let Some((db, rest)) = line.split_once(':') else {
                continue;
            };
            if db.trim().eq_ignore_ascii_case("hosts") {
                return NsSwitch {
                    sources: parse_sources(rest),
                    is_default: false,
                };
            }
        }
        NsSwitch {
            sources: parse_sources("dns [!UNAVAIL=return] files"),
            is_default: true,
        }
    }
}

fn parse_sources(spec: &str) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    let mut rest = spec;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix('[') {
            let (inner, tail) = after.split_once(']').unwrap_or((after, ""));
            rest = tail;
            if let Some(src) = out.last_mut() {
                for item in inner.split_whitespace() {
                    let Some((st, act)) = item.split_once('=') else {
                        continue;
                    };
                    let act = match act.to_ascii_lowercase().as_str() {
                        "return" => Action::Return,
                        "continue" => Action::Continue,
                        "merge" => Action::Merge,
                        _ => continue,
                    };
                    let (neg, st) = match st.strip_prefix('!') {
                        Some(s) => (true, s),
                        None => (false, st),
                    };
                    let Some(st) = Status::parse(st) else {
                        continue;
                    };
                    if neg {
                        src.actions
                            .extend(ALL.iter().filter(|s| **s != st).map(|s| (*s, act)));
                    } else {
                        src.actions.push((st, act));
                    }
                }
            }
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '[')
            .unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        out.push(Source {
            name: word.to_string(),
            actions: Vec::new(),
        });
        rest = tail;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions() {
        let n = NsSwitch::parse(
            "passwd: files\nhosts:  files mdns4_minimal [NOTFOUND=return] resolve [!UNAVAIL=return] myhostname dns\n",
        );
        let names: Vec<_> = n.sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["files", "mdns4_minimal", "resolve", "myhostname", "dns"]
        );
        let mdns = n.sources.get(1).unwrap();
        assert_eq!(mdns.action(Status::NotFound), Action::Return);
        assert_eq!(mdns.action(Status::Unavail), Action::Continue);
        let resolve = n.sources.get(2).unwrap();
        assert_eq!(resolve.action(Status::NotFound), Action::Return);
        assert_eq!(resolve.action(Status::Unavail), Action::Continue);
        assert_eq!(resolve.action(Status::TryAgain), Action::Return);
    }

    #[test]
    fn default_when_missing() {
        let n = NsSwitch::parse("");
        assert!(n.is_default);
        assert_eq!(n.sources.len(), 2);
        assert_eq!(NsSwitch::debian_default().sources.len(), 2);
    }
}
