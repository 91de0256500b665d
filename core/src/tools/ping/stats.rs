//! ping's round-trip statistics and the text iputils prints for them.

use alloc::format;
use alloc::string::String;

/// Round-trip times in microseconds, summed as iputils sums them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Rtt {
    pub(crate) count: u64,
    pub(crate) min: u64,
    pub(crate) max: u64,
    pub(crate) sum: u64,
    pub(crate) sum2: u128,
}

impl Rtt {
    pub(crate) fn add(&mut self, us: u64) {
        if self.count == 0 || us < self.min {
            self.min = us;
        }
        if us > self.max {
            self.max = us;
        }
        self.count += 1;
        self.sum += us;
        self.sum2 += u128::from(us) * u128::from(us);
    }

    /// `rtt min/avg/max/mdev = ...` (iputils' integer arithmetic).
    pub(crate) fn line(&self) -> Option<String> {
        if self.count == 0 {
            return None;
        }
        let n = self.count;
        let avg = self.sum / n;
        let mean_sq = self.sum2 / u128::from(n);
        let var = mean_sq.saturating_sub(u128::from(avg) * u128::from(avg));
        let mdev = isqrt(var);
        let ms = |v: u64| format!("{}.{:03}", v / 1000, v % 1000);
        Some(format!(
            "rtt min/avg/max/mdev = {}/{}/{}/{} ms\n",
            ms(self.min),
            ms(avg),
            ms(self.max),
            ms(mdev)
        ))
    }
}

/// Integer square root (floor).
fn isqrt(v: u128) -> u64 {
    if v == 0 {
        return 0;
    }
    let mut x = v;
    let mut y = x.div_ceil(2);
    while y < x {
        x = y;
        y = (x + v / x) / 2;
    }
    u64::try_from(x).unwrap_or(u64::MAX)
}

/// A round-trip time as ping prints it after `time=`.
pub(crate) fn time_text(us: u64) -> String {
    if us >= 100_000 - 50 {
        format!("{} ms", (us + 500) / 1000)
    } else if us >= 10_000 - 5 {
        let t = (us + 50) / 100;
        format!("{}.{} ms", t / 10, t % 10)
    } else if us >= 1000 {
        let t = (us + 5) / 10;
        format!("{}.{:02} ms", t / 100, t % 100)
    } else {
        format!("{}.{:03} ms", us / 1000, us % 1000)
    }
}

/// C's `%g` for the loss percentage (six significant digits, no trailing zeros).
pub(crate) fn percent_g(lost: u64, sent: u64) -> String {
    if sent == 0 {
        return String::from("0");
    }
    let value = (lost as f64) * 100.0 / (sent as f64);
    let int_digits = if value >= 1.0 {
        (value as u64).to_string_len()
    } else {
        1
    };
    let decimals = 6usize.saturating_sub(int_digits);
    let mut s = format!("{value:.decimals$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    s
}

trait DigitCount {
    fn to_string_len(self) -> usize;
}

impl DigitCount for u64 {
    fn to_string_len(self) -> usize {
        let mut n = self;
        let mut d = 1;
        while n >= 10 {
            n /= 10;
            d += 1;
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iputils_arithmetic() {
        // Real (ping_real.txt, `ping -c2 -q 127.0.0.1`): replies of 9 and 33 us gave
        // rtt min/avg/max/mdev = 0.009/0.021/0.033/0.012 ms
        let mut r = Rtt::default();
        r.add(9);
        r.add(33);
        assert_eq!(
            r.line().unwrap(),
            "rtt min/avg/max/mdev = 0.009/0.021/0.033/0.012 ms\n"
        );
        assert_eq!(time_text(45), "0.045 ms");
        assert_eq!(time_text(2455), "2.46 ms");
        assert_eq!(time_text(12_345), "12.3 ms");
        assert_eq!(time_text(123_456), "123 ms");
        assert_eq!(percent_g(0, 3), "0");
        assert_eq!(percent_g(1, 3), "33.3333");
        assert_eq!(percent_g(3, 3), "100");
        assert_eq!(percent_g(1, 2), "50");
    }
}
