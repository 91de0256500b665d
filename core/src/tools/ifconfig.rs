//! `ifconfig` from net-tools 2.10: `ifconfig [-a] [IF]`, `ifconfig IF up|down`,
//! over the kernel's link dump and link calls.
//! Real outputs: core/tests/fixtures/tools/misc_real_*.txt.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::process::{Ctx, Started};
use crate::sys::User;
use crate::sys::link::{AddrScope, IfFlags, LinkRecord, prefix_mask_v4};

/// `(168.0 B)`, `(176.9 KiB)`: net-tools' one-decimal scaling.
fn scaled(bytes: u64) -> String {
    let units: [(u64, &str); 5] = [
        (1 << 50, "PiB"),
        (1 << 40, "TiB"),
        (1 << 30, "GiB"),
        (1 << 20, "MiB"),
        (1 << 10, "KiB"),
    ];
    let mut short = u128::from(bytes) * 10;
    let mut unit = "B";
    for (size, name) in units {
        if bytes > size {
            short /= u128::from(size);
            unit = name;
            break;
        }
    }
    format!("{}.{} {unit}", short / 10, short % 10)
}

/// The flags ifconfig names, in bit order.
const FLAG_NAMES: [(IfFlags, &str); 5] = [
    (IfFlags::UP, "UP"),
    (IfFlags::BROADCAST, "BROADCAST"),
    (IfFlags::LOOPBACK, "LOOPBACK"),
    (IfFlags::RUNNING, "RUNNING"),
    (IfFlags::MULTICAST, "MULTICAST"),
];

/// The interface block, blank line included.
pub(crate) fn block(i: &LinkRecord) -> String {
    let bits: Vec<(IfFlags, &str)> = FLAG_NAMES
        .into_iter()
        .filter(|(f, _)| i.flags.contains(*f))
        .collect();
    let value: u32 = bits.iter().map(|(f, _)| f.0).sum();
    let names: Vec<&str> = bits.iter().map(|(_, n)| *n).collect();
    let mut s = format!(
        "{}: flags={value}<{}>  mtu {}\n",
        i.name,
        names.join(","),
        i.mtu
    );
    if let Some(a) = i.ipv4.first() {
        let mask = core::net::Ipv4Addr::from(prefix_mask_v4(a.prefix_len));
        let _ = write!(s, "        inet {}  netmask {mask}", a.addr);
        if !i.is_loopback() {
            let b = a.broadcast.unwrap_or(core::net::Ipv4Addr::UNSPECIFIED);
            let _ = write!(s, "  broadcast {b}");
        }
        s.push('\n');
    }
    for a in &i.ipv6 {
        let (id, name) = match a.scope {
            AddrScope::Host => (0x10, "host"),
            AddrScope::Link => (0x20, "link"),
            AddrScope::Global => (0x0, "global"),
        };
        let _ = writeln!(
            s,
            "        inet6 {}  prefixlen {}  scopeid {id:#x}<{name}>",
            a.addr, a.prefix_len
        );
    }
    if i.is_loopback() {
        s.push_str("        loop  txqueuelen 1000  (Local Loopback)\n");
    } else {
        let [a, b, c, d, e, f] = i.mac;
        let _ = writeln!(
            s,
            "        ether {a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{f:02x}  txqueuelen 1000  (Ethernet)"
        );
    }
    let k = &i.counters;
    let _ = writeln!(
        s,
        "        RX packets {}  bytes {} ({})",
        k.rx_packets,
        k.rx_bytes,
        scaled(k.rx_bytes)
    );
    let _ = writeln!(
        s,
        "        RX errors {}  dropped {}  overruns 0  frame 0",
        k.rx_errors, k.rx_dropped
    );
    let _ = writeln!(
        s,
        "        TX packets {}  bytes {} ({})",
        k.tx_packets,
        k.tx_bytes,
        scaled(k.tx_bytes)
    );
    let _ = writeln!(
        s,
        "        TX errors {}  dropped {} overruns 0  carrier 0  collisions 0\n",
        k.tx_errors, k.tx_dropped
    );
    s
}

/// The links of the namespace sorted by name, as net-tools lists them.
fn sorted(ctx: &mut Ctx<'_>) -> Vec<LinkRecord> {
    let mut v = ctx.sys().links();
    crate::sort::sort_by(&mut v, |a, b| a.name.cmp(&b.name));
    v
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut all = false;
    let mut rest: Vec<&str> = Vec::new();
    for a in args.iter().skip(1) {
        match a.as_str() {
            "-a" => all = true,
            "-s" | "-v" => {}
            "-h" | "--help" => {
                ctx.err("Usage:\n  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]\n");
                return Started::Exited(0);
            }
            o if o.starts_with('-') && rest.is_empty() => {
                ctx.err(&format!(
                    "ifconfig: option `{o}' not recognised.\nifconfig: `--help' gives usage information.\n"
                ));
                return Started::Exited(1);
            }
            o => rest.push(o),
        }
    }
    let Some((&name, actions)) = rest.split_first() else {
        let text: String = sorted(ctx)
            .iter()
            .filter(|i| all || i.is_up())
            .map(block)
            .collect();
        ctx.out(&text);
        return Started::Exited(0);
    };
    let link = ctx.sys().link(name);
    let index = link.as_ref().map(|l| l.index);
    if actions.is_empty() {
        return match link {
            Some(l) => {
                ctx.out(&block(&l));
                Started::Exited(0)
            }
            None => {
                ctx.err(&format!(
                    "{name}: error fetching interface information: Device not found\n"
                ));
                Started::Exited(1)
            }
        };
    }
    let Some(index) = index else {
        ctx.err("SIOCGIFFLAGS: No such device\n");
        return Started::Exited(255);
    };
    for action in actions {
        let up = match *action {
            "up" => true,
            "down" => false,
            other => {
                ctx.err(&format!(
                    "ifconfig: the lab only does `ifconfig IF up|down` (not `{other}`)\n"
                ));
                return Started::Exited(1);
            }
        };
        if ctx.user() != User::Root {
            ctx.err("SIOCSIFFLAGS: Operation not permitted\n");
            return Started::Exited(255);
        }
        if let Err(e) = ctx.sys().link_set_up(index, up) {
            ctx.err(&format!("SIOCSIFFLAGS: {}\n", e.errno.message()));
            return Started::Exited(255);
        }
    }
    Started::Exited(0)
}

#[cfg(test)]
mod tests {
    use super::scaled;

    #[test]
    fn byte_scaling() {
        assert_eq!(scaled(0), "0.0 B");
        assert_eq!(scaled(168), "168.0 B");
        assert_eq!(scaled(181_224), "176.9 KiB");
        assert_eq!(scaled(u64::MAX), "16383.9 PiB");
    }
}
