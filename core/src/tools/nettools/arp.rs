//! `arp` from net-tools 2.10: the kernel's ARP cache from `/proc/net/arp`
//! in the Linux style (`arp`, `-e`, `-n`) or the BSD style (`-a`), for one
//! host or one interface (`-i`); `arp -d HOST` through `SIOCDARP` and
//! `arp -s HOST HWADDR` (a permanent entry) through `SIOCSARP`.
//! Real outputs: core/tests/fixtures/nettools/arp_real.txt.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::{IpAddr, Ipv4Addr};

use crate::names;
use crate::process::{Ctx, Started};
use crate::sys::Errno;
use crate::tools::netnames;

/// The usage text (`arp -h` on standard output, a bad option on standard
/// error).
const USAGE: &str = include_str!("arp_usage.txt");
const VERSION: &str = "net-tools 2.10
+I18N +SELINUX
AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH
HW: (ether) +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 
";

/// `ATF_COM`: the entry is complete.
const ATF_COM: u32 = 0x02;
/// `ATF_PERM`: a permanent entry.
const ATF_PERM: u32 = 0x04;

/// One line of `/proc/net/arp`.
struct Entry {
    ip: Ipv4Addr,
    flags: u32,
    hw: String,
    dev: String,
}

fn read_cache(ctx: &mut Ctx<'_>) -> Vec<Entry> {
    let text = ctx.sys().read_file("/proc/net/arp").unwrap_or_default();
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some(Entry {
                ip: f.first()?.parse().ok()?,
                flags: u32::from_str_radix(f.get(2)?.trim_start_matches("0x"), 16).ok()?,
                hw: String::from(*f.get(3)?),
                dev: String::from(*f.get(5)?),
            })
        })
        .collect()
}

#[derive(Default)]
struct Opts {
    bsd: bool,
    numeric: bool,
    device: Option<String>,
    delete: bool,
    set: bool,
    host: Option<String>,
    /// `-s HOST HWADDR`: the hardware address.
    hw: Option<String>,
}

fn resolve(ctx: &mut Ctx<'_>, host: &str) -> Option<Ipv4Addr> {
    match netnames::resolve_host(&ctx.sys(), host, names::Family::Inet) {
        Some(IpAddr::V4(a)) => Some(a),
        _ => None,
    }
}

/// `arp_show`: the cache, or the entries for one host or device.
fn show(ctx: &mut Ctx<'_>, o: &Opts) -> Started {
    let want = match &o.host {
        Some(h) => match resolve(ctx, h) {
            Some(a) => Some(a),
            None => {
                ctx.err(&format!("{h}: Host name lookup failure\n"));
                return Started::Exited(255);
            }
        },
        None => None,
    };
    let entries = read_cache(ctx);
    let mut out = String::new();
    let mut shown = 0;
    for e in &entries {
        if want.is_some_and(|w| w != e.ip) || o.device.as_ref().is_some_and(|d| *d != e.dev) {
            continue;
        }
        let name = if o.numeric {
            None
        } else {
            let n = netnames::host_name(&ctx.sys(), IpAddr::V4(e.ip));
            (n != format!("{}", e.ip)).then_some(n)
        };
        let complete = e.flags & ATF_COM != 0;
        if o.bsd {
            let _ = write!(out, "{} ({}) at ", name.as_deref().unwrap_or("?"), e.ip);
            if complete {
                let _ = write!(out, "{} [ether] ", e.hw);
            } else {
                out.push_str("<incomplete> ");
            }
            if e.flags & ATF_PERM != 0 {
                out.push_str("PERM ");
            }
            let _ = writeln!(out, "on {}", e.dev);
        } else {
            if shown == 0 {
                out.push_str(
                    "Address                  HWtype  HWaddress           Flags Mask            Iface\n",
                );
            }
            let addr = name.unwrap_or_else(|| format!("{}", e.ip));
            let addr: String = addr.chars().take(23).collect();
            let _ = write!(out, "{addr:<23}  ");
            if complete {
                let _ = write!(out, "{:<8}{:<20}", "ether", e.hw);
            } else {
                let _ = write!(out, "{:<8}{:<20}", "", "(incomplete)");
            }
            let mut flags = String::new();
            if complete {
                flags.push('C');
            }
            if e.flags & ATF_PERM != 0 {
                flags.push('M');
            }
            let _ = writeln!(out, "{flags:<6}{:<15} {}", "", e.dev);
        }
        shown += 1;
    }
    if shown == 0 {
        match (&o.host, want) {
            (Some(h), Some(a)) if !o.bsd => {
                let _ = writeln!(out, "{h} ({a}) -- no entry");
            }
            _ if o.host.is_some() || o.device.is_some() => {
                let _ = writeln!(out, "arp: in {} entries no match found.", entries.len());
            }
            _ => {}
        }
    }
    ctx.out(&out);
    Started::Exited(0)
}

/// `arp -d HOST`: `SIOCDARP`.
fn delete(ctx: &mut Ctx<'_>, o: &Opts) -> Started {
    let Some(h) = &o.host else {
        ctx.err(USAGE);
        return Started::Exited(3);
    };
    let Some(a) = resolve(ctx, h) else {
        ctx.err(&format!("{h}: Host name lookup failure\n"));
        return Started::Exited(255);
    };
    let dev = match &o.device {
        Some(d) => match ctx.sys().links().iter().find(|l| &l.name == d) {
            Some(l) => Some(l.index),
            None => {
                ctx.err(&format!("SIOCDARP(dontpub): {}\n", Errno::ENODEV.message()));
                return Started::Exited(255);
            }
        },
        None => None,
    };
    match ctx.sys().neigh_del(dev, IpAddr::V4(a)) {
        Ok(()) => Started::Exited(0),
        Err(Errno::ENXIO) => {
            ctx.err(&format!("No ARP entry for {h}\n"));
            Started::Exited(255)
        }
        Err(e) => {
            ctx.err(&format!("SIOCDARP(dontpub): {}\n", e.message()));
            Started::Exited(255)
        }
    }
}

/// `aa:bb:cc:dd:ee:ff` as six bytes.
fn parse_mac(s: &str) -> Option<[u8; 6]> {
    let mut mac = [0u8; 6];
    let mut parts = s.split(':');
    for b in &mut mac {
        let p = parts.next()?;
        if p.is_empty() || p.len() > 2 {
            return None;
        }
        *b = u8::from_str_radix(p, 16).ok()?;
    }
    parts.next().is_none().then_some(mac)
}

/// `arp -s HOST HWADDR`: a permanent entry through `SIOCSARP`.
fn set(ctx: &mut Ctx<'_>, o: &Opts) -> Started {
    let Some(h) = &o.host else {
        ctx.err(USAGE);
        return Started::Exited(3);
    };
    let Some(a) = resolve(ctx, h) else {
        ctx.err(&format!("{h}: Host name lookup failure\n"));
        return Started::Exited(255);
    };
    let Some(hw) = &o.hw else {
        ctx.err("arp: need hardware address\n");
        return Started::Exited(255);
    };
    let Some(mac) = parse_mac(hw) else {
        ctx.err("arp: invalid hardware address\n");
        return Started::Exited(255);
    };
    let dev = match &o.device {
        Some(d) => match ctx.sys().links().iter().find(|l| &l.name == d) {
            Some(l) => Some(l.index),
            None => {
                ctx.err(&format!("SIOCSARP: {}\n", Errno::ENODEV.message()));
                return Started::Exited(255);
            }
        },
        None => None,
    };
    match ctx.sys().neigh_set_permanent(dev, a, mac) {
        Ok(()) => Started::Exited(0),
        Err(e) => {
            ctx.err(&format!("SIOCSARP: {}\n", e.message()));
            Started::Exited(255)
        }
    }
}

fn bad(ctx: &mut Ctx<'_>, first: &str) -> Started {
    ctx.err(first);
    ctx.err(USAGE);
    Started::Exited(3)
}

/// Runs `arp ARGS`.
pub(crate) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut o = Opts::default();
    let mut i = 1;
    while let Some(a) = args.get(i) {
        i += 1;
        match a.as_str() {
            "--numeric" => o.numeric = true,
            "--delete" => o.delete = true,
            "--set" => o.set = true,
            "--verbose" => {}
            "--help" => {
                ctx.out(USAGE);
                return Started::Exited(0);
            }
            "--version" => {
                ctx.out(VERSION);
                return Started::Exited(0);
            }
            "--device" => {
                let Some(d) = args.get(i) else {
                    return bad(ctx, "arp: option '--device' requires an argument\n");
                };
                o.device = Some(d.clone());
                i += 1;
            }
            long if long.starts_with("--") => {
                return bad(ctx, &format!("arp: unrecognized option '{long}'\n"));
            }
            flags if flags.starts_with('-') && flags.len() > 1 => {
                let chars = flags.char_indices().skip(1);
                for (at, c) in chars {
                    match c {
                        'a' => o.bsd = true,
                        'e' => o.bsd = false,
                        'n' => o.numeric = true,
                        'v' => {}
                        'd' => o.delete = true,
                        's' => o.set = true,
                        'h' => {
                            ctx.out(USAGE);
                            return Started::Exited(0);
                        }
                        'V' => {
                            ctx.out(VERSION);
                            return Started::Exited(0);
                        }
                        'i' | 'H' | 't' | 'A' | 'p' => {
                            let tail = flags.get(at + 1..).unwrap_or("");
                            let value = if tail.is_empty() {
                                let Some(v) = args.get(i) else {
                                    return bad(
                                        ctx,
                                        &format!("arp: option requires an argument -- '{c}'\n"),
                                    );
                                };
                                i += 1;
                                v.clone()
                            } else {
                                String::from(tail)
                            };
                            match c {
                                'i' => o.device = Some(value),
                                'H' | 't' if value != "ether" => {
                                    ctx.err(&format!("arp: {value}: unknown hardware type.\n"));
                                    return Started::Exited(255);
                                }
                                'A' | 'p' if value != "inet" => {
                                    ctx.err(&format!("arp: {value}: unknown address family.\n"));
                                    return Started::Exited(255);
                                }
                                _ => {}
                            }
                            break;
                        }
                        // -f and -D (entries from a file or a device) are
                        // not built.
                        _ => return bad(ctx, &format!("arp: invalid option -- '{c}'\n")),
                    }
                }
            }
            word => {
                if o.host.is_none() {
                    o.host = Some(String::from(word));
                } else if o.set && o.hw.is_none() {
                    o.hw = Some(String::from(word));
                } else {
                    // `temp`, `pub`, `netmask`: not built.
                    return bad(ctx, "");
                }
            }
        }
    }
    if o.set {
        set(ctx, &o)
    } else if o.delete {
        delete(ctx, &o)
    } else {
        show(ctx, &o)
    }
}
