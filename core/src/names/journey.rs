//! A lookup's journey: the [`Step`]s the resolver records, for the UI and
//! the trace.

use alloc::string::String;
use alloc::vec::Vec;

/// Which part of the resolver a [`Step`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Argument checks.
    Input,
    /// `AI_ADDRCONFIG`.
    AddrConfig,
    /// Service name / port.
    Service,
    /// The numeric-address fast path.
    Numeric,
    /// Walking `/etc/nsswitch.conf`.
    NsSwitch,
    /// The `files` module (`/etc/hosts`).
    Files,
    /// The `dns` module.
    Dns,
    /// The `myhostname` module.
    MyHostname,
    /// The `resolve` module.
    Resolve,
    /// An `mdns*` module.
    Mdns,
    /// Any other module.
    OtherModule,
    /// RFC 3484/6724 destination sorting.
    Sort,
    /// curl's own rules.
    Curl,
    /// The final answer.
    Result,
}

/// One step of a lookup's journey, for the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Where it happened.
    pub stage: Stage,
    /// What happened, in plain words.
    pub text: String,
}

/// A trace under construction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace(pub Vec<Step>);

impl Trace {
    pub(crate) fn push(&mut self, stage: Stage, text: impl Into<String>) {
        self.0.push(Step {
            stage,
            text: text.into(),
        });
    }
}
