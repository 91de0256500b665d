//! The `-s` statistics of `ip link` and `ip addr`: iproute2 6.1's
//! print_link_stats64 text and its JSON object.

use alloc::format;
use alloc::string::String;
use core::fmt::Write;

use super::json::Json;
use crate::sys::link::Counters;

/// Digits of a number, for iproute2's column sizing.
fn digits(mut n: u64) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// The `-s` block (and `-s -s` error lines) of iproute2 6.1's
/// print_link_stats64: columns widen to fit the largest number.
pub(super) fn stats_block(c: &Counters, level: u8) -> String {
    let rx = [c.rx_bytes, c.rx_packets, c.rx_errors, c.rx_dropped, 0, 0, 0];
    let tx = [c.tx_bytes, c.tx_packets, c.tx_errors, c.tx_dropped, 0, 0, 0];
    let mut cols = [10usize, 7, 6, 7, 7, 7, 10];
    for vals in [rx, tx] {
        for (col, v) in cols.iter_mut().zip(vals) {
            *col = (*col).max(digits(v));
        }
    }
    let [c0, c1, c2, c3, c4, c5, c6] = cols;
    let nums = |vals: &[u64]| -> String {
        let mut s = String::from("    ");
        for (w, v) in cols.iter().zip(vals) {
            let _ = write!(s, "{v:>w$} ");
        }
        s.push('\n');
        s
    };
    let mut s = format!(
        "    RX: {:>w0$} {:>c1$} {:>c2$} {:>c3$} {:>c4$} {:>c5$} {:>c6$}\n",
        "bytes",
        "packets",
        "errors",
        "dropped",
        "missed",
        "mcast",
        "",
        w0 = c0 - 4
    );
    s.push_str(&nums(rx.get(..6).unwrap_or_default()));
    if level > 1 {
        let _ = writeln!(
            s,
            "    RX errors: {:>c1$} {:>c2$} {:>c3$} {:>c4$} {:>c5$}",
            "length", "crc", "frame", "fifo", "overrun"
        );
        let _ = write!(s, "    {:c0$} ", "");
        for w in [c1, c2, c3, c4, c5] {
            let _ = write!(s, "{:>w$} ", 0);
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "    TX: {:>w0$} {:>c1$} {:>c2$} {:>c3$} {:>c4$} {:>c5$} {:>c6$}",
        "bytes",
        "packets",
        "errors",
        "dropped",
        "carrier",
        "collsns",
        "",
        w0 = c0 - 4
    );
    s.push_str(&nums(tx.get(..6).unwrap_or_default()));
    if level > 1 {
        let _ = writeln!(
            s,
            "    TX errors: {:>c1$} {:>c2$} {:>c3$} {:>c4$} {:>c5$}",
            "aborted", "fifo", "window", "heartbt", "transns"
        );
        let _ = write!(s, "    {:c0$} ", "");
        for w in [c1, c2, c3, c4, c5] {
            let _ = write!(s, "{:>w$} ", 0);
        }
        s.push('\n');
    }
    s
}

pub(super) fn stats_json(c: &Counters) -> Json {
    Json::Obj(alloc::vec![
        (
            "rx",
            Json::Obj(alloc::vec![
                ("bytes", Json::Num(c.rx_bytes)),
                ("packets", Json::Num(c.rx_packets)),
                ("errors", Json::Num(c.rx_errors)),
                ("dropped", Json::Num(c.rx_dropped)),
                ("over_errors", Json::Num(0)),
                ("multicast", Json::Num(0)),
            ])
        ),
        (
            "tx",
            Json::Obj(alloc::vec![
                ("bytes", Json::Num(c.tx_bytes)),
                ("packets", Json::Num(c.tx_packets)),
                ("errors", Json::Num(c.tx_errors)),
                ("dropped", Json::Num(c.tx_dropped)),
                ("carrier_errors", Json::Num(0)),
                ("collisions", Json::Num(0)),
            ])
        ),
    ])
}
