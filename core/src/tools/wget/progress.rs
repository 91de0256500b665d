//! wget 1.21.3's words about a download: the `--DATE--  URL` line, the
//! transfer rate (`2.37 MB/s`, `2.37M`), the dot progress it prints when
//! standard error is not a terminal and the bar it draws when it is
//! (80 columns), as recorded in core/tests/fixtures/dnsutils/rec_wget*.txt.

use alloc::format;
use alloc::string::String;

use crate::time::Duration;
use crate::tools::netutil;

/// `2026-12-05 10:14:27` (the lab's time zone is UTC).
pub(crate) fn date(secs: u64) -> String {
    let c = netutil::civil(secs);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// The rate of `bytes` in `elapsed`: its value, its unit index (B, K, M,
/// G) and its precision, as wget's `calc_rate` and `retr_rate` choose them.
fn rate(bytes: u64, elapsed: Duration) -> (f64, usize, usize) {
    // A transfer faster than the clock's grain counts as one microsecond.
    let secs = (elapsed.micros().max(1) as f64) / 1_000_000.0;
    let mut r = bytes as f64 / secs;
    let mut unit = 0;
    while r >= 1024.0 && unit < 3 {
        r /= 1024.0;
        unit += 1;
    }
    let precision = if r >= 99.95 {
        0
    } else if r >= 9.995 {
        1
    } else {
        2
    };
    (r, unit, precision)
}

/// `2.37 MB/s`, the summary's rate.
pub(crate) fn rate_long(bytes: u64, elapsed: Duration) -> String {
    const UNITS: [&str; 4] = ["B/s", "KB/s", "MB/s", "GB/s"];
    let (r, unit, p) = rate(bytes, elapsed);
    format!("{r:.p$} {}", UNITS.get(unit).copied().unwrap_or("GB/s"))
}

/// ` 2.37M`, the dot progress's rate (bytes: ` 981 `, recorded).
fn rate_short(bytes: u64, elapsed: Duration) -> String {
    const UNITS: [char; 4] = [' ', 'K', 'M', 'G'];
    let (r, unit, p) = rate(bytes, elapsed);
    format!(" {r:4.p$}{}", UNITS.get(unit).copied().unwrap_or('G'))
}

/// Bytes per dot, dots per group, dots per line (the `default` style).
const DOT_BYTES: u64 = 1024;
const DOT_GROUP: u64 = 10;
const DOT_LINE: u64 = 50;

/// The dot progress of a whole download of `total` bytes (wget prints it
/// as the data comes; the lab's downloads arrive at once), with the
/// blank line after it:
///
/// ```text
///      0K                                                       100% 2.37M=0s
/// ```
pub(crate) fn dots(total: u64, expected: Option<u64>, elapsed: Duration) -> String {
    let mut out = String::new();
    let full_lines = total / (DOT_BYTES * DOT_LINE);
    let mut offset = 0;
    for _ in 0..full_lines.min(10_000) {
        out.push_str(&format!("{:6}K", offset / 1024));
        for i in 0..DOT_LINE {
            if i % DOT_GROUP == 0 {
                out.push(' ');
            }
            out.push('.');
        }
        offset += DOT_BYTES * DOT_LINE;
        let pct = expected.map_or(0, |e| offset * 100 / e.max(1));
        out.push_str(&format!("{pct:3}%{}", rate_short(offset, elapsed)));
        out.push_str(" 0s\n");
    }
    let rest_dots = (total - offset) / DOT_BYTES;
    out.push_str(&format!("{:6}K", offset / 1024));
    for i in 0..DOT_LINE {
        if i % DOT_GROUP == 0 {
            out.push(' ');
        }
        out.push(if i < rest_dots { '.' } else { ' ' });
    }
    let pct = expected.map_or(100, |e| (total * 100 / e.max(1)).min(100));
    out.push_str(&format!(
        "{pct:3}%{}={}\n\n",
        rate_short(total, elapsed),
        seconds(elapsed)
    ));
    out
}

/// The elapsed time after `=` or `in`, as wget's `print_decimal` writes
/// seconds: `0s` near zero, `0.002s`, `0.9s`, `1.5s`, `12s`.
pub(crate) fn seconds(elapsed: Duration) -> String {
    let n = elapsed.micros() as f64 / 1_000_000.0;
    let text = if n >= 9.95 {
        format!("{n:.0}")
    } else if n >= 0.95 {
        format!("{n:.1}")
    } else if n >= 0.001 {
        // %.1g: one significant digit.
        let mut scale = 1.0;
        let mut decimals = 0;
        while n * scale < 0.95 && decimals < 6 {
            scale *= 10.0;
            decimals += 1;
        }
        format!("{:.*}", decimals, n)
    } else if n >= 0.0005 {
        String::from("0.001")
    } else {
        String::from("0")
    };
    format!("{text}s")
}

/// The bar's first draw (0%) for a download named `name` on an
/// 80-column terminal.
pub(crate) fn bar_start(name: &str) -> String {
    let shown: String = name.chars().take(20).collect();
    format!(
        "\r{shown:<20}{:>3}%[{:20}]{:>8}  --.-KB/s               ",
        0, "", 0
    )
}

/// The bar's last draw for `total` bytes, then the blank line.
pub(crate) fn bar_end(name: &str, total: u64, expected: Option<u64>, elapsed: Duration) -> String {
    let shown: String = name.chars().take(20).collect();
    let pct = expected.map_or(100, |e| (total * 100 / e.max(1)).min(100));
    let filled = (pct as usize * 20 / 100).min(20);
    let arrow = if filled == 0 {
        String::new()
    } else {
        format!("{}>", "=".repeat(filled - 1))
    };
    let tail = format!("in {}", seconds(elapsed));
    let last = format!("\r{shown:<20}{pct:>3}%[{arrow:<20}]{total:>8}  --.-KB/s    {tail:<11}\n\n");
    last
}

/// The lines after several URLs (recorded, rec_wget5.txt):
///
/// ```text
/// FINISHED --2026-12-05 10:51:23--
/// Total wall clock time: 0.03s
/// Downloaded: 2 files, 6 in 0s (663 KB/s)
/// ```
pub(crate) fn finished(
    now_secs: u64,
    wall: Duration,
    files: u32,
    bytes: u64,
    spent: Duration,
) -> String {
    format!(
        "FINISHED --{}--\nTotal wall clock time: {}\nDownloaded: {files} files, {} in {} ({})\n",
        date(now_secs),
        seconds(wall),
        human(bytes),
        seconds(spent),
        rate_long(bytes, spent)
    )
}

/// wget's `human_readable` (`6`, `2.0K`, `15M`).
pub(crate) fn human(n: u64) -> String {
    if n < 1024 {
        return format!("{n}");
    }
    let mut v = n as f64;
    let mut unit = 0;
    const UNITS: [char; 5] = ['B', 'K', 'M', 'G', 'T'];
    while v >= 1024.0 && unit < 4 {
        v /= 1024.0;
        unit += 1;
    }
    let u = UNITS.get(unit).copied().unwrap_or('T');
    if v < 10.0 {
        format!("{v:.1}{u}")
    } else {
        format!("{v:.0}{u}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// fixtures/dnsutils/rec_wget.txt and rec_wget_tty.txt.
    #[test]
    fn as_recorded() {
        let d = Duration::from_micros(5);
        let line = dots(12, Some(12), d);
        assert!(
            line.starts_with("     0K                                                       100% ")
        );
        assert!(line.ends_with("=0s\n\n"), "{line:?}");
        assert_eq!(
            bar_start("hello.txt") + &bar_end("hello.txt", 12, Some(12), d),
            "\rhello.txt             0%[                    ]       0  --.-KB/s               \rhello.txt           100%[===================>]      12  --.-KB/s    in 0s      \n\n"
        );
        assert_eq!(rate_long(12, Duration::from_micros(5)), "2.29 MB/s");
        assert_eq!(rate_short(12 * 1024, Duration::from_millis(40)), "  300K");
        assert_eq!(date(1_796_465_617), "2026-12-05 10:13:37");
        // rec_wget2.txt: `100% 1.73K=0.002s`.
        assert_eq!(seconds(Duration::from_micros(1_700)), "0.002s");
        assert_eq!(seconds(Duration::from_micros(5)), "0s");
        assert_eq!(seconds(Duration::from_millis(1_500)), "1.5s");
        assert_eq!(seconds(Duration::from_millis(12_300)), "12s");
        assert_eq!(seconds(Duration::from_millis(30)), "0.03s");
        // rec_wget5.txt: `100%  981 =0.003s`.
        assert_eq!(rate_short(3, Duration::from_micros(3_058)), "  981 ");
    }
}
