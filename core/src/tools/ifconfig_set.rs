//! `ifconfig IF [inet|inet6] [ADDR[/LEN]] [netmask MASK] [mtu N] [add|del
//! ADDR6[/LEN]] [up|down]...`: net-tools 2.10 works through its words in
//! order, with the ioctls it makes shown by their names in its errors
//! (`SIOCSIFADDR: Operation not permitted`), over the kernel's address
//! and link calls. Setting an IPv4 address replaces the interface's
//! primary one with a classful prefix (the kernel's SIOCSIFADDR) and
//! brings the interface up, as ifconfig does.
//!
//! Alias labels (`lo:1`, `add` of an IPv4 address) and the settings the
//! simulated kernel has no knob for (a broadcast address of one's own,
//! ARP and promiscuous flags, hardware address, queue length, renaming,
//! point-to-point peers, device maps) are answered as a kernel without
//! them answers the ioctl: `Operation not supported`.

use alloc::format;
use alloc::string::String;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::process::{Ctx, Started};
use crate::sys::User;
use crate::sys::link::IfIndex;

/// ifconfig's usage, as it prints it after a keyword without its value
/// (all on standard error, exit status 3).
const USAGE: &str = include_str!("../../tests/fixtures/tools/ifconfig_usage.txt");

/// The words that take a value, and the ioctl a kernel without the knob
/// refuses (see the module doc).
const UNSUPPORTED_WITH_VALUE: &[(&str, &str)] = &[
    ("broadcast", "SIOCSIFBRDADDR"),
    ("pointopoint", "SIOCSIFDSTADDR"),
    ("dstaddr", "SIOCSIFDSTADDR"),
    ("tunnel", "SIOCSIFDSTADDR"),
    ("metric", "SIOCSIFMETRIC"),
    ("txqueuelen", "SIOCSIFTXQLEN"),
    ("name", "SIOCSIFNAME"),
    ("mem_start", "SIOCSIFMAP"),
    ("io_addr", "SIOCSIFMAP"),
    ("irq", "SIOCSIFMAP"),
    ("media", "SIOCSIFMAP"),
    ("outfill", "SIOCSOUTFILL"),
    ("keepalive", "SIOCSKEEPALIVE"),
];

/// Flag words: each sets or clears an interface flag with SIOCSIFFLAGS.
const FLAG_WORDS: &[&str] = &[
    "arp",
    "-arp",
    "promisc",
    "-promisc",
    "allmulti",
    "-allmulti",
    "multicast",
    "-multicast",
    "trailers",
    "-trailers",
    "dynamic",
    "-dynamic",
    "-broadcast",
    "-pointopoint",
];

/// The kernel's `inet_abc_len`: the prefix a classful address implies.
fn classful_len(a: Ipv4Addr) -> Option<u8> {
    let first = a.octets()[0];
    if a.is_unspecified() {
        Some(0)
    } else if first < 128 {
        Some(8)
    } else if first < 192 {
        Some(16)
    } else if first < 224 {
        Some(24)
    } else {
        None
    }
}

/// The prefix length of a contiguous netmask.
fn mask_len(mask: Ipv4Addr) -> Option<u8> {
    let bits = u32::from(mask);
    let len = bits.leading_ones();
    (bits.checked_shl(len).unwrap_or(0) == 0).then_some(len as u8)
}

/// One run of ifconfig over its words.
struct Run<'w> {
    name: &'w str,
    index: Option<IfIndex>,
    /// net-tools' `goterr`: 0, 1, or -1 (exit status 255).
    goterr: i32,
}

impl Run<'_> {
    fn fail(&mut self, ctx: &mut Ctx<'_>, text: &str, status: i32) {
        ctx.err(text);
        if self.goterr != -1 {
            self.goterr = status;
        }
    }

    /// `set_flag`/`clr_flag` of IFF_UP: fetch the flags, then set them.
    fn set_up(&mut self, ctx: &mut Ctx<'_>, up: bool) {
        let Some(index) = self.index else {
            let text = format!(
                "{}: ERROR while getting interface flags: No such device\n",
                self.name
            );
            self.fail(ctx, &text, -1);
            return;
        };
        if ctx.user() != User::Root {
            self.fail(ctx, "SIOCSIFFLAGS: Operation not permitted\n", -1);
            return;
        }
        if let Err(e) = ctx.sys().link_set_up(index, up) {
            let text = format!("SIOCSIFFLAGS: {}\n", e.errno.message());
            self.fail(ctx, &text, -1);
        }
    }

    /// An ioctl on the device: ENODEV without it, EPERM for a user.
    fn device(&mut self, ctx: &mut Ctx<'_>, ioctl: &str) -> Option<IfIndex> {
        let Some(index) = self.index else {
            let text = format!("{ioctl}: No such device\n");
            self.fail(ctx, &text, 1);
            return None;
        };
        if ctx.user() != User::Root {
            let text = format!("{ioctl}: Operation not permitted\n");
            self.fail(ctx, &text, 1);
            return None;
        }
        Some(index)
    }

    /// The interface's primary IPv4 address and prefix.
    fn primary(&self, ctx: &mut Ctx<'_>) -> Option<(Ipv4Addr, u8)> {
        let link = ctx.sys().link(self.name)?;
        link.ipv4.first().map(|a| (a.addr, a.prefix_len))
    }

    /// SIOCSIFADDR for IPv4: the primary address replaced (0.0.0.0
    /// removes it), with the prefix given or its class's.
    fn set_address(&mut self, ctx: &mut Ctx<'_>, addr: Ipv4Addr, len: Option<u8>) {
        let Some(index) = self.device(ctx, "SIOCSIFADDR") else {
            return;
        };
        let Some(class_len) = classful_len(addr) else {
            self.fail(ctx, "SIOCSIFADDR: Invalid argument\n", 1);
            return;
        };
        let old = self.primary(ctx);
        if let Some((a, l)) = old {
            if a == addr && len.is_none_or(|n| n == l) {
                return;
            }
            let _ = ctx.sys().addr_del(index, IpAddr::V4(a), l);
        }
        if addr.is_unspecified() {
            return;
        }
        if let Err(e) = ctx
            .sys()
            .addr_add(index, IpAddr::V4(addr), len.unwrap_or(class_len))
        {
            let text = format!("SIOCSIFADDR: {}\n", e.errno.message());
            self.fail(ctx, &text, 1);
        }
    }

    /// SIOCSIFNETMASK: the primary address's prefix changed.
    fn set_netmask(&mut self, ctx: &mut Ctx<'_>, mask: Ipv4Addr) {
        let Some(index) = self.device(ctx, "SIOCSIFNETMASK") else {
            return;
        };
        let Some(len) = mask_len(mask) else {
            self.fail(ctx, "SIOCSIFNETMASK: Invalid argument\n", 1);
            return;
        };
        let Some((addr, old)) = self.primary(ctx) else {
            self.fail(ctx, "SIOCSIFNETMASK: Cannot assign requested address\n", 1);
            return;
        };
        if old == len {
            return;
        }
        let mut sys = ctx.sys();
        let _ = sys.addr_del(index, IpAddr::V4(addr), old);
        if let Err(e) = sys.addr_add(index, IpAddr::V4(addr), len) {
            let text = format!("SIOCSIFNETMASK: {}\n", e.errno.message());
            self.fail(ctx, &text, 1);
        }
    }

    /// SIOCSIFMTU, with atoi's number (`abc` is 0: EINVAL).
    fn set_mtu(&mut self, ctx: &mut Ctx<'_>, value: &str) {
        let Some(index) = self.device(ctx, "SIOCSIFMTU") else {
            return;
        };
        let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
        let mtu = digits
            .parse::<u32>()
            .unwrap_or(if digits.is_empty() { 0 } else { u32::MAX });
        if let Err(e) = ctx.sys().link_set_mtu(index, mtu) {
            let text = format!("SIOCSIFMTU: {}\n", e.errno.message());
            self.fail(ctx, &text, 1);
        }
    }

    /// `add`/`del` of an IPv6 address (`/LEN`, 128 without).
    fn ipv6(&mut self, ctx: &mut Ctx<'_>, value: &str, add: bool) {
        let (text, len) = match value.split_once('/') {
            Some((a, l)) => (a, l.parse::<u8>().ok().filter(|l| *l <= 128)),
            None => (value, Some(128)),
        };
        let (Ok(addr), Some(len)) = (text.parse::<Ipv6Addr>(), len) else {
            let message = format!("{text}: Resolver Error 0 (no error)\n");
            self.fail(ctx, &message, 1);
            return;
        };
        let ioctl = if add { "SIOCSIFADDR" } else { "SIOCDIFADDR" };
        let Some(index) = self.device(ctx, ioctl) else {
            return;
        };
        let mut sys = ctx.sys();
        let done = if add {
            sys.addr_add(index, IpAddr::V6(addr), len)
        } else {
            sys.addr_del(index, IpAddr::V6(addr), len)
        };
        if let Err(e) = done {
            let message = format!("{ioctl}: {}\n", e.errno.message());
            self.fail(ctx, &message, 1);
        }
    }
}

/// A host word as ifconfig's inet `input()` reads it: a dotted address
/// (maybe `/LEN`), or its resolver's complaint.
fn inet_word(ctx: &mut Ctx<'_>, word: &str) -> Result<(Ipv4Addr, Option<u8>), String> {
    let (text, len) = match word.split_once('/') {
        Some((a, l)) => (a, Some(l)),
        None => (word, None),
    };
    let len = match len {
        Some(l) => Some(
            l.parse::<u8>()
                .ok()
                .filter(|l| *l <= 32)
                .ok_or_else(|| format!("{word}: Unknown host\n"))?,
        ),
        None => None,
    };
    if let Some(a) = crate::names::inet::inet_aton_exact(text) {
        return Ok((a, len));
    }
    if text.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(format!("{word}: Unknown host\n"));
    }
    match super::netnames::resolve_host(&ctx.sys(), text, crate::names::Family::Inet) {
        Some(IpAddr::V4(a)) => Ok((a, len)),
        _ => Err(format!("{text}: Host name lookup failure\n")),
    }
}

/// `ifconfig NAME WORDS...` (WORDS not empty).
pub(super) fn configure(ctx: &mut Ctx<'_>, name: &str, words: &[&str]) -> Started {
    let alias = name.contains(':');
    let index = if alias {
        None
    } else {
        ctx.sys().link(name).map(|l| l.index)
    };
    let mut run = Run {
        name,
        index,
        goterr: 0,
    };
    let mut inet6 = false;
    let mut i = 0;
    while let Some(&word) = words.get(i) {
        i += 1;
        let mut value = || {
            let v = words.get(i).copied();
            i += 1;
            v
        };
        match word {
            "up" => run.set_up(ctx, true),
            "down" => run.set_up(ctx, false),
            "inet" => inet6 = false,
            "inet6" => inet6 = true,
            "mtu" | "netmask" | "add" | "del" | "hw" => {
                let Some(v) = value() else {
                    ctx.err(USAGE);
                    return Started::Exited(3);
                };
                match word {
                    "mtu" => run.set_mtu(ctx, v),
                    "netmask" => match inet_word(ctx, v) {
                        Ok((mask, _)) => run.set_netmask(ctx, mask),
                        Err(text) => run.fail(ctx, &text, 1),
                    },
                    "add" | "del" if v.contains(':') => run.ipv6(ctx, v, word == "add"),
                    // An IPv4 `add` makes an alias label (`eth0:0`).
                    "add" => run.fail(ctx, "SIOCSIFADDR: Operation not supported\n", 1),
                    "del" => run.fail(ctx, "SIOCDIFADDR: Operation not supported\n", 1),
                    _ => {
                        // hw CLASS ADDRESS
                        let _ = value();
                        run.fail(ctx, "SIOCSIFHWADDR: Operation not supported\n", 1);
                    }
                }
            }
            _ if FLAG_WORDS.contains(&word) => {
                run.fail(ctx, "SIOCSIFFLAGS: Operation not supported\n", 1);
            }
            _ if UNSUPPORTED_WITH_VALUE.iter().any(|(w, _)| *w == word) => {
                let ioctl = UNSUPPORTED_WITH_VALUE
                    .iter()
                    .find(|(w, _)| *w == word)
                    .map_or("SIOCSIFFLAGS", |(_, ioctl)| *ioctl);
                // `broadcast` and `pointopoint` may stand alone (a flag).
                let alone = matches!(word, "broadcast" | "pointopoint");
                if value().is_none() && !alone {
                    ctx.err(USAGE);
                    return Started::Exited(3);
                }
                run.fail(ctx, &format!("{ioctl}: Operation not supported\n"), 1);
            }
            _ if inet6 => {
                ctx.err("Don't know how to set addresses for family 10.\n");
                return Started::Exited(1);
            }
            _ => match inet_word(ctx, word) {
                Ok(_) if alias => {
                    run.fail(ctx, "SIOCSIFADDR: Operation not supported\n", 1);
                }
                Ok((addr, len)) => {
                    run.set_address(ctx, addr, len);
                    let failed = run.goterr != 0;
                    if !(failed && run.index.is_some() && ctx.user() == User::Root) {
                        run.set_up(ctx, true);
                    }
                }
                Err(text) => {
                    ctx.err(&text);
                    ctx.err("ifconfig: `--help' gives usage information.\n");
                    return Started::Exited(1);
                }
            },
        }
    }
    Started::Exited(match run.goterr {
        -1 => 255,
        n => n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_masks() {
        assert_eq!(classful_len(Ipv4Addr::new(10, 1, 2, 3)), Some(8));
        assert_eq!(classful_len(Ipv4Addr::new(172, 16, 0, 1)), Some(16));
        assert_eq!(classful_len(Ipv4Addr::new(192, 168, 1, 1)), Some(24));
        assert_eq!(classful_len(Ipv4Addr::new(224, 1, 1, 1)), None);
        assert_eq!(mask_len(Ipv4Addr::new(255, 255, 255, 0)), Some(24));
        assert_eq!(mask_len(Ipv4Addr::new(255, 0, 255, 0)), None);
        assert_eq!(mask_len(Ipv4Addr::new(0, 0, 0, 0)), Some(0));
        assert_eq!(mask_len(Ipv4Addr::new(255, 255, 255, 255)), Some(32));
    }
}
