//! The IPv4 routing table as net-tools prints it (`lib/inet_gr.c`'s
//! `rprint_fib`), read from `/proc/net/route`: `route`'s and
//! `netstat -r`'s three layouts.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::{IpAddr, Ipv4Addr};

use crate::sys::Sys;
use crate::tools::netnames;

/// Which columns the table has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    /// `Flags Metric Ref    Use Iface` (`route`, `netstat -re`).
    Metric,
    /// `Flags   MSS Window  irtt Iface` (`netstat -r`, `route -e`).
    Mss,
    /// Both (`route -ee`, `netstat -ree`).
    Full,
}

/// One line of `/proc/net/route`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    iface: String,
    dst: Ipv4Addr,
    gw: Ipv4Addr,
    flags: u16,
    refcnt: i64,
    usage: u64,
    metric: i64,
    mask: Ipv4Addr,
    mtu: i64,
    window: u64,
    irtt: u64,
}

fn be32(s: &str) -> Option<Ipv4Addr> {
    Some(Ipv4Addr::from(
        u32::from_str_radix(s, 16).ok()?.to_le_bytes(),
    ))
}

fn parse(text: &str) -> Vec<Entry> {
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some(Entry {
                iface: String::from(*f.first()?),
                dst: be32(f.get(1)?)?,
                gw: be32(f.get(2)?)?,
                flags: u16::from_str_radix(f.get(3)?, 16).ok()?,
                refcnt: f.get(4)?.parse().ok()?,
                usage: f.get(5)?.parse().ok()?,
                metric: f.get(6)?.parse().ok()?,
                mask: be32(f.get(7)?)?,
                mtu: f.get(8)?.parse().ok()?,
                window: f.get(9)?.parse().ok()?,
                irtt: f.get(10)?.parse().ok()?,
            })
        })
        .collect()
}

/// `RTF_*` as letters, in net-tools' order.
fn flag_letters(flags: u16) -> String {
    let mut s = String::new();
    for (bit, c) in [
        (0x0001, 'U'),
        (0x0002, 'G'),
        (0x0200, '!'),
        (0x0004, 'H'),
        (0x0008, 'R'),
        (0x0010, 'D'),
        (0x0020, 'M'),
    ] {
        if flags & bit != 0 {
            s.push(c);
        }
    }
    s
}

/// A name or the dotted address, cut to 15 characters as net-tools does.
fn shown(sys: &Sys<'_>, a: Ipv4Addr, numeric: bool, host: bool, is_dst: bool) -> String {
    let s = if numeric {
        format!("{a}")
    } else if a.is_unspecified() {
        String::from(if is_dst { "default" } else { "0.0.0.0" })
    } else if host {
        netnames::host_name(sys, IpAddr::V4(a))
    } else {
        // getnetbyaddr: the lab has no /etc/networks.
        format!("{a}")
    };
    s.chars().take(15).collect()
}

/// The table, header included, or `None` if `/proc/net/route` cannot be
/// read.
pub(crate) fn table(sys: &Sys<'_>, layout: Layout, numeric: bool) -> Option<String> {
    let text = sys.read_file("/proc/net/route").ok()?;
    let mut out = String::from("Kernel IP routing table\n");
    out.push_str(match layout {
        Layout::Metric => "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n",
        Layout::Mss => "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n",
        Layout::Full => "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt\n",
    });
    for e in parse(&text) {
        let host = e.flags & 0x0004 != 0;
        let reject = e.flags & 0x0200 != 0;
        let dst = shown(sys, e.dst, numeric, host, true);
        // A reject route has no gateway, reference count or device.
        let gw = if reject {
            String::from("-")
        } else {
            shown(sys, e.gw, numeric, true, false)
        };
        let mask = format!("{}", e.mask);
        let flags = if reject {
            String::from("!")
        } else {
            flag_letters(e.flags)
        };
        let refcnt = if reject {
            String::from("-")
        } else {
            format!("{}", e.refcnt)
        };
        let iface = if reject { "-" } else { e.iface.as_str() };
        let mss = if e.mtu > 40 { e.mtu - 40 } else { 0 };
        let _ = match layout {
            Layout::Metric => writeln!(
                out,
                "{dst:<15} {gw:<15} {mask:<15} {flags:<5} {:<6} {refcnt:<2} {:>7} {iface}",
                e.metric, e.usage
            ),
            Layout::Mss => writeln!(
                out,
                "{dst:<15} {gw:<15} {mask:<15} {flags:<6}{mss:>5} {:<6} {:>5} {iface}",
                e.window, e.irtt
            ),
            Layout::Full => writeln!(
                out,
                "{dst:<15} {gw:<15} {mask:<15} {flags:<5} {:<6} {refcnt:<2} {:>7} {iface:<8} {mss:<5} {:<6} {}",
                e.metric, e.usage, e.window, e.irtt
            ),
        };
    }
    Some(out)
}
