//! curl's output besides the body: the `-v` lines (`* ...`, the data
//! lines), the progress meter when the body does not go to the terminal,
//! and `-w`'s format.

use alloc::format;
use alloc::string::{String, ToString};

use super::{Curl, Phase};
use crate::process::Ctx;
use crate::time::{Duration, Instant};

/// Whole milliseconds of `d`.
fn ms(d: Duration) -> u64 {
    d.micros() / 1000
}

/// curl's `max5data`: a number in at most five characters.
fn max5(n: u64) -> String {
    const K: u64 = 1024;
    const M: u64 = K * K;
    const G: u64 = M * K;
    if n < 100_000 {
        format!("{n:>5}")
    } else if n < 10_000 * K {
        format!("{:>4}k", n / K)
    } else if n < 100 * M {
        format!("{:>2}.{}M", n / M, (n % M) / (M / 10))
    } else if n < 10_000 * M {
        format!("{:>4}M", n / M)
    } else if n < 100 * G {
        format!("{:>2}.{}G", n / G, (n % G) / (G / 10))
    } else {
        format!("{:>4}G", n / G)
    }
}

/// curl's `time2str`: seconds as `H:MM:SS` (or days and hours).
fn time2str(secs: u64) -> String {
    if secs == 0 {
        return String::from("--:--:--");
    }
    let h = secs / 3600;
    let m = secs % 3600 / 60;
    let s = secs % 60;
    if h < 100 {
        format!("{h:>2}:{m:02}:{s:02}")
    } else {
        format!("{:>3}d {:02}h", h / 24, h % 24)
    }
}

/// The progress meter's two heading lines.
pub(super) const METER_HEAD: &str = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n";

impl Curl {
    /// A `* text` verbose line (with -v).
    pub(super) fn info(&self, ctx: &mut Ctx<'_>, text: &str) {
        if self.o.verbose {
            ctx.err(&format!("* {text}\n"));
        }
    }

    /// Milliseconds since the transfer started.
    pub(super) fn elapsed_ms(&self, now: Instant) -> u64 {
        ms(now - self.start)
    }

    /// The progress meter's line for the bytes received so far.
    pub(super) fn meter_line(&self, ctx: &Ctx<'_>, total: Option<usize>) -> String {
        let elapsed = (ctx.now() - self.start).micros();
        let got = self.downloaded as u64;
        let speed = got
            .saturating_mul(1_000_000)
            .checked_div(elapsed)
            .unwrap_or(got);
        let (pct, size) = match total {
            Some(t) if t > 0 => ((got * 100 / t as u64).min(100), t as u64),
            _ => (0, 0),
        };
        let spent = time2str(elapsed / 1_000_000);
        format!(
            "{pct:>3} {}  {pct:>3} {}    0     0  {}      0 --:--:-- {spent} --:--:-- {}",
            max5(size),
            max5(got),
            max5(speed),
            max5(speed)
        )
    }

    /// The progress meter's last line, if the meter is shown.
    pub(super) fn meter_end(&self, ctx: &mut Ctx<'_>) {
        if self.meter {
            let total = match &self.phase {
                Phase::Http(t) => t.content_length,
                _ => None,
            };
            let line = self.meter_line(ctx, total);
            ctx.err(&format!("\r{line}\n"));
        }
    }

    /// A `{ [n bytes data]` / `} [n bytes data]` verbose line.
    pub(super) fn data_line(&self, ctx: &mut Ctx<'_>, dir: char, n: usize) {
        if self.o.verbose && self.show_data_lines {
            ctx.err(&format!("{dir} [{n} bytes data]\n"));
        }
    }

    /// Prints the `-w` format with its variables filled in.
    pub(super) fn write_out(&self, ctx: &mut Ctx<'_>, code: i32) {
        let Some(fmt) = self.o.write_out.clone() else {
            return;
        };
        let mut out = String::new();
        let mut rest = fmt.as_str();
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("%{")
                && let Some(end) = after.find('}')
            {
                let name = after.get(..end).unwrap_or_default();
                rest = after.get(end + 1..).unwrap_or_default();
                let (remote, local) = match self.connected {
                    Some((r, l)) => (Some(r), Some(l)),
                    None => (None, None),
                };
                let value = match name {
                    "http_code" | "response_code" => format!("{:03}", self.response_code),
                    "url_effective" => self.url.to_text(),
                    "remote_ip" => remote.map(|a| a.ip().to_string()).unwrap_or_default(),
                    "remote_port" => remote.map(|a| a.port().to_string()).unwrap_or_default(),
                    "local_ip" => local.map(|a| a.ip().to_string()).unwrap_or_default(),
                    "local_port" => local.map(|a| a.port().to_string()).unwrap_or_default(),
                    "size_download" => self.downloaded.to_string(),
                    "num_redirects" => self.redirects.to_string(),
                    "exitcode" => code.to_string(),
                    "content_type" => match &self.phase {
                        Phase::Http(t) => t.content_type.clone().unwrap_or_default(),
                        _ => String::new(),
                    },
                    "time_total" => {
                        let us = (ctx.now() - self.start).micros();
                        format!("{}.{:06}", us / 1_000_000, us % 1_000_000)
                    }
                    _ => {
                        ctx.err(&format!("curl: unknown --write-out variable: '{name}'\n"));
                        String::new()
                    }
                };
                out.push_str(&value);
                continue;
            }
            if let Some(after) = rest.strip_prefix('\\')
                && let Some(e) = after.chars().next()
            {
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    '\\' => out.push('\\'),
                    other => {
                        out.push('\\');
                        out.push(other);
                    }
                }
                rest = after.get(e.len_utf8()..).unwrap_or_default();
                continue;
            }
            out.push(c);
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
        }
        ctx.out(&out);
    }
}
