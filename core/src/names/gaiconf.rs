//! `/etc/gai.conf` and glibc 2.36's default address-sorting policy.
//!
//! glibc still ships the RFC 3484 tables (not RFC 6724's): IPv4 (as
//! `::ffff:0:0/96`) has precedence 10, below every native IPv6 address
//! (40) and far below `::1` (50). That is why `localhost` sorts `::1` first.

use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::inet::{pton4, pton6};

/// One `label` or `precedence` row: an IPv6 prefix and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrefixEntry {
    /// The prefix (IPv4 addresses are matched as `::ffff:a.b.c.d`).
    pub prefix: Ipv6Addr,
    /// Prefix length in bits (0..=128).
    pub bits: u8,
    /// The label or precedence value.
    pub val: u32,
}

/// One `scopev4` row: an IPv4 network and the scope given to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeEntry {
    /// Network address.
    pub addr: Ipv4Addr,
    /// Prefix length (0..=32).
    pub bits: u8,
    /// Scope value (2 = link-local, 5 = site-local, 14 = global).
    pub scope: u32,
}

/// The sorting policy: label, precedence and IPv4 scope tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GaiConf {
    /// Label table, most specific first.
    pub labels: Vec<PrefixEntry>,
    /// Precedence table, most specific first.
    pub precedence: Vec<PrefixEntry>,
    /// IPv4 scope table, most specific first.
    pub scopes: Vec<ScopeEntry>,
    /// `reload yes` was given.
    pub reload: bool,
}

const fn v6(s: [u16; 8]) -> Ipv6Addr {
    Ipv6Addr::new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7])
}

fn pe(prefix: Ipv6Addr, bits: u8, val: u32) -> PrefixEntry {
    PrefixEntry { prefix, bits, val }
}

impl Default for GaiConf {
    /// glibc 2.36's built-in tables (used when `/etc/gai.conf` has only comments,
    /// as Debian ships it).
    fn default() -> Self {
        let lo = Ipv6Addr::LOCALHOST;
        let zero = Ipv6Addr::UNSPECIFIED;
        let mapped = v6([0, 0, 0, 0, 0, 0xffff, 0, 0]);
        GaiConf {
            labels: alloc::vec![
                pe(lo, 128, 0),
                pe(v6([0x2002, 0, 0, 0, 0, 0, 0, 0]), 16, 2),
                pe(zero, 96, 3),
                pe(mapped, 96, 4),
                pe(v6([0xfec0, 0, 0, 0, 0, 0, 0, 0]), 10, 5),
                pe(v6([0xfc00, 0, 0, 0, 0, 0, 0, 0]), 7, 6),
                pe(v6([0x2001, 0, 0, 0, 0, 0, 0, 0]), 32, 7),
                pe(zero, 0, 1),
            ],
            precedence: alloc::vec![
                pe(lo, 128, 50),
                pe(v6([0x2002, 0, 0, 0, 0, 0, 0, 0]), 16, 30),
                pe(zero, 96, 20),
                pe(mapped, 96, 10),
                pe(zero, 0, 40),
            ],
            scopes: alloc::vec![
                ScopeEntry {
                    addr: Ipv4Addr::new(169, 254, 0, 0),
                    bits: 16,
                    scope: 2
                },
                ScopeEntry {
                    addr: Ipv4Addr::new(127, 0, 0, 0),
                    bits: 8,
                    scope: 2
                },
                ScopeEntry {
                    addr: Ipv4Addr::UNSPECIFIED,
                    bits: 0,
                    scope: 14
                },
            ],
            reload: false,
        }
    }
}

fn prefix_match(a: Ipv6Addr, p: Ipv6Addr, bits: u8) -> bool {
    let bits = u32::from(bits.min(128));
    if bits == 0 {
        return true;
    }
    let mask = u128::MAX << (128 - bits);
    (u128::from(a) & mask) == (u128::from(p) & mask)
}

fn v4_mask(bits: u8) -> u32 {
    if bits == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(bits.min(32)))
    }
}

fn as_v6(a: IpAddr) -> Ipv6Addr {
    match a {
        IpAddr::V4(v) => v.to_ipv6_mapped(),
        IpAddr::V6(v) => v,
    }
}

impl GaiConf {
    fn lookup(list: &[PrefixEntry], a: IpAddr, default: u32) -> u32 {
        let a = as_v6(a);
        list.iter()
            .find(|e| prefix_match(a, e.prefix, e.bits))
            .map_or(default, |e| e.val)
    }

    /// The label of an address (`get_label`).
    pub fn label(&self, a: IpAddr) -> u32 {
        Self::lookup(&self.labels, a, u32::MAX)
    }

    /// The precedence of an address (`get_precedence`).
    pub fn precedence(&self, a: IpAddr) -> u32 {
        Self::lookup(&self.precedence, a, 0)
    }

    /// The scope of an address (`get_scope`): IPv6 loopback and link-local
    /// are 2, site-local 5, multicast its scope nibble, else 14; IPv4 from
    /// the `scopev4` table.
    pub fn scope(&self, a: IpAddr) -> u32 {
        match a {
            IpAddr::V6(v) => {
                let o = v.octets();
                if o[0] == 0xff {
                    u32::from(o[1] & 0xf)
                } else if v.is_loopback() || (o[0] == 0xfe && o[1] & 0xc0 == 0x80) {
                    2
                } else if o[0] == 0xfe && o[1] & 0xc0 == 0xc0 {
                    5
                } else {
                    14
                }
            }
            IpAddr::V4(v) => {
                let x = u32::from(v);
                self.scopes
                    .iter()
                    .find(|s| x & v4_mask(s.bits) == u32::from(s.addr) & v4_mask(s.bits))
                    .map_or(14, |s| s.scope)
            }
        }
    }

    /// Parses `/etc/gai.conf`. A file with no `label` (or `precedence`,
    /// `scopev4`) lines keeps that default table; any such line replaces the
    /// whole table, with a catch-all `::/0` row added as glibc does.
    pub fn parse(text: &str) -> Self {
        let mut labels = Vec::new();
        let mut precs = Vec::new();
        let mut scopes = Vec::new();
        let mut reload = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut w = line.split_whitespace();
            let (Some(cmd), Some(v1)) = (w.next(), w.next()) else {
                continue;
            };
            let v2 = w.next().unwrap_or("");
            let val: Option<u32> = v2.parse().ok().filter(|v| *v <= i32::MAX as u32);
            let (addr, bits) = match v1.split_once('/') {
                Some((a, b)) => (a, b.parse::<u8>().ok()),
                None => (v1, None),
            };
            match cmd {
                "label" | "precedence" => {
                    let (Some(p), Some(val)) = (pton6(addr), val) else {
                        continue;
                    };
                    let bits = match bits {
                        Some(b) if b <= 128 => b,
                        None if !v1.contains('/') => 128,
                        _ => continue,
                    };
                    let list = if cmd == "label" {
                        &mut labels
                    } else {
                        &mut precs
                    };
                    list.push(pe(p, bits, val));
                }
                "scopev4" => {
                    let Some(val) = val else { continue };
                    let entry = if let Some(p) = pton6(addr) {
                        let Some(v4) = p.to_ipv4_mapped() else {
                            continue;
                        };
                        let b = match bits {
                            Some(b) if (96..=128).contains(&b) => b - 96,
                            None if !v1.contains('/') => 32,
                            _ => continue,
                        };
                        ScopeEntry {
                            addr: v4,
                            bits: b,
                            scope: val,
                        }
                    } else if let Some(v4) = pton4(addr) {
                        let b = match bits {
                            Some(b) if b <= 32 => b,
                            None if !v1.contains('/') => 32,
                            _ => continue,
                        };
                        ScopeEntry {
                            addr: v4,
                            bits: b,
                            scope: val,
                        }
                    } else {
                        continue;
                    };
                    scopes.push(entry);
                }
                "reload" => reload = v1 == "yes",
                _ => {}
            }
        }
        let mut conf = GaiConf {
            reload,
            ..GaiConf::default()
        };
        if !labels.is_empty() {
            if !labels.iter().any(|e| e.bits == 0) {
                labels.push(pe(Ipv6Addr::UNSPECIFIED, 0, 1));
            }
            crate::sort::sort_by_key(&mut labels, |e| core::cmp::Reverse(e.bits));
            conf.labels = labels;
        }
        if !precs.is_empty() {
            if !precs.iter().any(|e| e.bits == 0) {
                precs.push(pe(Ipv6Addr::UNSPECIFIED, 0, 40));
            }
            crate::sort::sort_by_key(&mut precs, |e| core::cmp::Reverse(e.bits));
            conf.precedence = precs;
        }
        if !scopes.is_empty() {
            if !scopes.iter().any(|e| e.bits == 0) {
                scopes.push(ScopeEntry {
                    addr: Ipv4Addr::UNSPECIFIED,
                    bits: 0,
                    scope: 14,
                });
            }
            crate::sort::sort_by_key(&mut scopes, |e| core::cmp::Reverse(e.bits));
            conf.scopes = scopes;
        }
        conf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let g = GaiConf::default();
        let lo6: IpAddr = "::1".parse().unwrap();
        let lo4: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(g.precedence(lo6), 50);
        assert_eq!(g.precedence(lo4), 10);
        assert_eq!(g.label(lo6), 0);
        assert_eq!(g.label(lo4), 4);
        assert_eq!(g.scope(lo4), 2);
        assert_eq!(g.scope(lo6), 2);
        assert_eq!(g.scope("192.168.1.50".parse().unwrap()), 14);
        assert_eq!(g.precedence("2001:db8::1".parse().unwrap()), 40);
    }

    #[test]
    fn prefer_ipv4_line() {
        // The line Debian's gai.conf suggests to prefer IPv4.
        let g = GaiConf::parse(
            "#comment\nprecedence ::ffff:0:0/96  100\nreload yes\nscopev4 ::ffff:10.0.0.0/104 5\n",
        );
        assert_eq!(g.precedence("127.0.0.1".parse().unwrap()), 100);
        assert_eq!(g.precedence("::1".parse().unwrap()), 40);
        assert!(g.reload);
        assert_eq!(g.scope("10.1.2.3".parse().unwrap()), 5);
        assert_eq!(g.scope("127.0.0.1".parse().unwrap()), 14);
        assert_eq!(GaiConf::parse(""), GaiConf::default());
    }
}
