//! Fault injection on an interface's egress (`tc qdisc ... netem`): delay,
//! jitter, loss, duplication, reordering, corruption and a rate limit, all
//! drawn from the lab's seeded PRNG.

use crate::rand::Rng;
use crate::time::{Duration, Instant};

/// A netem configuration. Probabilities are in parts per million.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Netem {
    /// Added delay.
    pub delay: Duration,
    /// Random variation of the delay (uniform in ±jitter).
    pub jitter: Duration,
    /// Chance to drop a packet.
    pub loss_ppm: u32,
    /// Chance to send a packet twice.
    pub duplicate_ppm: u32,
    /// Chance to send a packet at once, ahead of delayed ones (needs a delay).
    pub reorder_ppm: u32,
    /// Chance to flip one bit of the packet.
    pub corrupt_ppm: u32,
    /// Rate limit in bits per second (0 = none).
    pub rate_bps: u64,
}

/// What netem decided for one packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Drop it.
    pub drop: bool,
    /// Extra delay before it reaches the wire.
    pub delay: Duration,
    /// Send a copy too.
    pub duplicate: bool,
    /// Flip this bit (index into the packet's bits), if corrupting.
    pub corrupt_bit: Option<usize>,
}

/// Netem's state on one interface.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetemState {
    /// The configuration.
    pub config: Netem,
    /// When the rate limiter's link is free again.
    busy_until: Instant,
}

impl NetemState {
    /// A qdisc with this configuration.
    pub fn new(config: Netem) -> Self {
        NetemState {
            config,
            busy_until: Instant::ZERO,
        }
    }

    /// Decides the fate of a packet of `len` bytes sent at `now`.
    pub fn decide(&mut self, now: Instant, len: usize, rng: &mut Rng) -> Verdict {
        let c = self.config;
        if rng.chance_ppm(c.loss_ppm) {
            return Verdict {
                drop: true,
                delay: Duration::ZERO,
                duplicate: false,
                corrupt_bit: None,
            };
        }
        let mut delay = c.delay.micros();
        if c.jitter.micros() > 0 {
            let j = c.jitter.micros();
            let offset =
                u64::from(rng.range_inclusive(0, u32::try_from(2 * j).unwrap_or(u32::MAX)));
            delay = (delay + offset).saturating_sub(j);
        }
        if c.reorder_ppm > 0 && rng.chance_ppm(c.reorder_ppm) {
            delay = 0;
        }
        if c.rate_bps > 0 {
            let start = if self.busy_until > now {
                self.busy_until
            } else {
                now
            };
            let tx_micros = (len as u64).saturating_mul(8_000_000) / c.rate_bps.max(1);
            self.busy_until = start + Duration::from_micros(tx_micros);
            delay += (self.busy_until - now).micros();
        }
        let duplicate = rng.chance_ppm(c.duplicate_ppm);
        let corrupt_bit = (len > 0 && rng.chance_ppm(c.corrupt_ppm))
            .then(|| rng.range_inclusive(0, u32::try_from(len * 8 - 1).unwrap_or(0)) as usize);
        Verdict {
            drop: false,
            delay: Duration::from_micros(delay),
            duplicate,
            corrupt_bit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_rate_is_roughly_right() {
        let mut s = NetemState::new(Netem {
            loss_ppm: 100_000,
            ..Netem::default()
        });
        let mut rng = Rng::new(9);
        let drops = (0..10_000)
            .filter(|_| s.decide(Instant::ZERO, 100, &mut rng).drop)
            .count();
        assert!((800..1200).contains(&drops), "{drops}");
    }

    #[test]
    fn rate_limit_spaces_packets() {
        let mut s = NetemState::new(Netem {
            rate_bps: 8_000_000,
            ..Netem::default()
        });
        let mut rng = Rng::new(1);
        let a = s.decide(Instant::ZERO, 1000, &mut rng);
        let b = s.decide(Instant::ZERO, 1000, &mut rng);
        assert_eq!(a.delay, Duration::from_micros(1000));
        assert_eq!(b.delay, Duration::from_micros(2000));
    }
}
