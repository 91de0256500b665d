//! How fast virtual time runs against the browser's clock.

/// How fast virtual time runs against the browser's clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Speed {
    /// One virtual second per real second.
    #[default]
    RealTime,
    /// Ten virtual seconds per real second.
    Fast,
    /// As fast as the page can go, jumping from deadline to deadline.
    Instant,
}

impl Speed {
    /// Every speed, in the order the speed control shows them.
    pub const ALL: [Speed; 3] = [Speed::RealTime, Speed::Fast, Speed::Instant];

    /// The label the speed control shows.
    pub fn label(self) -> &'static str {
        match self {
            Speed::RealTime => "1×",
            Speed::Fast => "10×",
            Speed::Instant => "instant",
        }
    }

    /// A longer description, for tooltips and screen readers.
    pub fn description(self) -> &'static str {
        match self {
            Speed::RealTime => "real time",
            Speed::Fast => "ten times faster than real time",
            Speed::Instant => "as fast as possible",
        }
    }

    /// Virtual microseconds per real microsecond, or `None` for
    /// [`Speed::Instant`].
    pub fn factor(self) -> Option<u32> {
        match self {
            Speed::RealTime => Some(1),
            Speed::Fast => Some(10),
            Speed::Instant => None,
        }
    }
}
