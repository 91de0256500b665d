//! `ss -s` (iproute2 6.1's `print_summary`): the totals of
//! `/proc/net/sockstat` and `/proc/net/sockstat6`, with the established
//! count `Tcp: CurrEstab` counts (connections in ESTABLISHED or
//! CLOSE-WAIT), taken from the namespace's socket dump.

use alloc::format;
use alloc::string::String;

use crate::sys::Sys;
use crate::sys::diag::{DiagProtocol, DiagState};

/// The numbers of one `/proc/net/sockstat*` line: `PROTO: key value...`.
fn field(text: &str, proto: &str, key: &str) -> i64 {
    text.lines()
        .find_map(|l| l.strip_prefix(proto)?.strip_prefix(": "))
        .and_then(|rest| {
            let words: alloc::vec::Vec<&str> = rest.split_whitespace().collect();
            let at = words.iter().position(|w| *w == key)?;
            words.get(at + 1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// The summary `ss -s` prints.
pub(crate) fn summary(sys: &Sys<'_>) -> String {
    let v4 = sys.read_file("/proc/net/sockstat").unwrap_or_default();
    let v6 = sys.read_file("/proc/net/sockstat6").unwrap_or_default();
    let socks = field(&v4, "sockets", "used");
    let tcp4 = field(&v4, "TCP", "inuse");
    let orphans = field(&v4, "TCP", "orphan");
    let tws = field(&v4, "TCP", "tw");
    let tcp_total = field(&v4, "TCP", "alloc");
    let udp4 = field(&v4, "UDP", "inuse");
    let raw4 = field(&v4, "RAW", "inuse");
    let frag4 = field(&v4, "FRAG", "inuse");
    let tcp6 = field(&v6, "TCP6", "inuse");
    let udp6 = field(&v6, "UDP6", "inuse");
    let raw6 = field(&v6, "RAW6", "inuse");
    let frag6 = field(&v6, "FRAG6", "inuse");
    let estab = sys
        .inet_diag_dump()
        .iter()
        .filter(|r| {
            r.protocol == DiagProtocol::Tcp
                && matches!(r.state, DiagState::Established | DiagState::CloseWait)
        })
        .count();
    let mut s = format!("Total: {socks}\n");
    s.push_str(&format!(
        "TCP:   {} (estab {estab}, closed {}, orphaned {orphans}, timewait {tws})\n\n",
        tcp_total + tws,
        tcp_total - (tcp4 + tcp6 - tws)
    ));
    s.push_str("Transport Total     IP        IPv6\n");
    for (name, a, b) in [
        ("RAW", raw4, raw6),
        ("UDP", udp4, udp6),
        ("TCP", tcp4, tcp6),
        ("INET", raw4 + udp4 + tcp4, raw6 + udp6 + tcp6),
        ("FRAG", frag4, frag6),
    ] {
        s.push_str(&format!("{name}\t  {:<9} {a:<9} {b:<9}\n", a + b));
    }
    s.push('\n');
    s
}
