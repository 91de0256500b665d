//! Helpers the network tools share: name lookups through the lab's
//! resolver, wall-clock dates for HTTP and logs, and small text utilities.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::resolve;
use crate::names::{self, Hints, Lookup};
use crate::process::Ctx;
use crate::sys::{ClockId, Sys, Timespec};

/// `getaddrinfo(name, service, {family, SOCK_STREAM, flags})` as a
/// lookup to wait for (`resolve::then`); [`GaiAnswer::addrs`] reads it.
pub(crate) fn gai_lookup(
    ctx: &mut Ctx<'_>,
    name: Option<&str>,
    service: Option<&str>,
    family: names::Family,
    passive: bool,
) -> Lookup<GaiAnswer> {
    let name = name.map(String::from);
    let service = service.map(String::from);
    resolve::lookup(ctx, move |cfg, view, dns| {
        let q = (name.as_deref(), service.as_deref());
        gai(cfg, view, dns, q, family, passive)
    })
}

/// The lookup [`gai_lookup`] makes, for a lookup that makes several.
pub(crate) fn gai(
    cfg: &names::Config,
    view: &dyn names::NetView,
    dns: &mut dyn names::DnsSource,
    (name, service): (Option<&str>, Option<&str>),
    family: names::Family,
    passive: bool,
) -> GaiAnswer {
    let hints = Hints {
        family,
        socktype: names::SockType::Stream,
        flags: names::AiFlags {
            passive,
            ..names::AiFlags::default()
        },
    };
    GaiAnswer {
        res: names::getaddrinfo(cfg, view, dns, name, service, &hints),
        name: name.map(String::from),
    }
}

/// What [`gai_lookup`] found, for the name it was asked.
#[derive(Debug)]
pub(crate) struct GaiAnswer {
    name: Option<String>,
    res: names::Resolution<Vec<names::AddrInfo>, names::GaiError>,
}

impl GaiAnswer {
    /// True if the lookup found an address.
    pub(crate) fn found(&self) -> bool {
        matches!(&self.res.result, Ok(l) if !l.is_empty())
    }

    /// The addresses in the resolver's order, or its error; the lookup's
    /// steps go to the trace.
    pub(crate) fn addrs(self, ctx: &mut Ctx<'_>) -> Result<Vec<IpAddr>, names::GaiError> {
        if let Some(n) = &self.name {
            resolve::record_steps(ctx, &format!("getaddrinfo(\"{n}\")"), &self.res.trace);
        }
        self.res
            .result
            .map(|list| list.into_iter().map(|a| a.addr).collect())
    }
}

/// The host name for `addr` (`getnameinfo` without `NI_NUMERICHOST`), or
/// `None` when there is none.
pub(crate) fn reverse_name(sys: &Sys<'_>, addr: IpAddr) -> Option<String> {
    let cfg = resolve::config(sys);
    let view = resolve::NsView { sys };
    let mut dns = resolve::OfflineDns { sys };
    names::gethostbyaddr(&cfg, &view, &mut dns, addr)
        .result
        .ok()
        .map(|h| h.name)
}

/// [`reverse_name`] with a real PTR query over the lab's network, as a
/// lookup to wait for (`resolve::Pending`).
pub(crate) fn reverse_lookup(ctx: &mut Ctx<'_>, addr: IpAddr) -> Lookup<Option<String>> {
    resolve::lookup(ctx, move |cfg, view, dns| {
        names::gethostbyaddr(cfg, view, dns, addr)
            .result
            .ok()
            .map(|h| h.name)
    })
}

/// The wall clock now: `clock_gettime(CLOCK_REALTIME)`.
pub(crate) fn wall_clock(ctx: &mut Ctx<'_>) -> Timespec {
    ctx.sys().clock_gettime(ClockId::Realtime)
}

/// Seconds since 1970 now.
pub(crate) fn epoch_secs(ctx: &mut Ctx<'_>) -> u64 {
    wall_clock(ctx).sec
}

/// The wall clock at boot, in microseconds since 1970: `CLOCK_REALTIME`
/// less `CLOCK_MONOTONIC`. The kernel stamps packets and replies with its
/// monotonic clock; a program adds this to print them in wall-clock time.
pub(crate) fn boot_epoch_us(ctx: &mut Ctx<'_>) -> u64 {
    let sys = ctx.sys();
    let realtime = sys.clock_gettime(ClockId::Realtime).micros();
    realtime.saturating_sub(sys.clock_gettime(ClockId::Monotonic).micros())
}

/// A broken-down UTC time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Civil {
    pub(crate) year: i64,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) hour: u64,
    pub(crate) minute: u64,
    pub(crate) second: u64,
    pub(crate) weekday: u64,
}

/// Converts seconds since 1970 to a UTC date (Howard Hinnant's algorithm).
pub(crate) fn civil(secs: u64) -> Civil {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: rem / 3600,
        minute: rem % 3600 / 60,
        second: rem % 60,
        // 1970-01-01 was a Thursday.
        weekday: (secs / 86_400 + 4) % 7,
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

pub(crate) fn month_name(m: u32) -> &'static str {
    MONTHS
        .get((m as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("Jan")
}

/// An HTTP date: `Fri, 27 Nov 2026 00:37:25 GMT`.
pub(crate) fn http_date(secs: u64) -> String {
    let c = civil(secs);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS.get(c.weekday as usize).copied().unwrap_or("Thu"),
        c.day,
        month_name(c.month),
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// C's `ctime` without its newline: `Sat Dec  5 10:13:27 2026` (the
/// lab's local time is UTC).
pub(crate) fn ctime(secs: u64) -> String {
    let c = civil(secs);
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} {}",
        DAYS.get(c.weekday as usize).copied().unwrap_or("Thu"),
        month_name(c.month),
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.year
    )
}

/// Python's `log_date_time_string`: `27/Nov/2026 00:35:38` (the lab's
/// local time is UTC).
pub(crate) fn log_date(secs: u64) -> String {
    let c = civil(secs);
    format!(
        "{:02}/{}/{:04} {:02}:{:02}:{:02}",
        c.day,
        month_name(c.month),
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// Finds `needle` in `hay`.
pub(crate) fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Bytes as text, invalid UTF-8 replaced.
pub(crate) fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::EPOCH_AT_START;

    #[test]
    fn dates() {
        // The lab starts at 2026-11-27 00:00:00 UTC, a Friday.
        assert_eq!(http_date(EPOCH_AT_START), "Fri, 27 Nov 2026 00:00:00 GMT");
        assert_eq!(log_date(EPOCH_AT_START + 2138), "27/Nov/2026 00:35:38");
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
    }
}
