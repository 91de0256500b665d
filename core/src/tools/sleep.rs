//! coreutils `sleep NUMBER[SUFFIX]...`, in virtual time.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;

use crate::process::{Ctx, Process, Started};
use crate::time::{Duration, Instant};

#[derive(Debug)]
struct Sleep {
    until: Instant,
}

impl Process for Sleep {
    fn poll(&mut self, ctx: &mut Ctx<'_>) -> Option<i32> {
        if ctx.now() >= self.until {
            return Some(0);
        }
        ctx.wake_at(self.until);
        None
    }
}

/// Parses `1`, `0.5`, `2m`, `1.5h`, `3d` into microseconds.
fn parse_interval(s: &str) -> Option<u64> {
    let (number, unit) = match s.char_indices().last() {
        Some((i, c @ ('s' | 'm' | 'h' | 'd'))) => (s.get(..i)?, c),
        _ => (s, 's'),
    };
    let scale: u64 = match unit {
        'm' => 60_000_000,
        'h' => 3_600_000_000,
        'd' => 86_400_000_000,
        _ => 1_000_000,
    };
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut micros = whole.checked_mul(scale)?;
    let mut place = scale / 10;
    for d in frac.chars().take(12) {
        micros = micros.checked_add(u64::from(d.to_digit(10)?) * place)?;
        place /= 10;
    }
    Some(micros)
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let operands = args.get(1..).unwrap_or_default();
    if operands.is_empty() {
        ctx.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
        return Started::Exited(1);
    }
    let mut total: u64 = 0;
    for op in operands {
        match parse_interval(op) {
            Some(m) => total = total.saturating_add(m),
            None => {
                ctx.err(&format!("sleep: invalid time interval ‘{op}’\nTry 'sleep --help' for more information.\n"));
                return Started::Exited(1);
            }
        }
    }
    let until = ctx.now() + Duration::from_micros(total);
    let mut process = Sleep { until };
    match process.poll(ctx) {
        Some(status) => Started::Exited(status),
        None => Started::Running(Box::new(process)),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_interval;

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("1"), Some(1_000_000));
        assert_eq!(parse_interval("0.5"), Some(500_000));
        assert_eq!(parse_interval(".25"), Some(250_000));
        assert_eq!(parse_interval("2m"), Some(120_000_000));
        assert_eq!(parse_interval("x"), None);
        assert_eq!(parse_interval("."), None);
        assert_eq!(parse_interval("1e3"), None);
        assert_eq!(parse_interval(""), None);
        assert_eq!(parse_interval("99999999999999999999"), None);
    }
}
