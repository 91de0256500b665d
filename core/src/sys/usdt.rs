//! User-space probes: a program marks a point of its own work in the
//! kernel's trace, as a USDT probe (a `uprobe` on a `DTRACE_PROBE` site
//! that a tracer such as `bpftrace` attaches to) would. The resolver
//! records its steps this way (which source it asked, what it said, how
//! it sorted the list), so the trace shows a name becoming addresses
//! between the packets it caused.

use alloc::string::String;

use super::Sys;
use crate::trace::{Direction, Layer, Verdict};

impl Sys<'_> {
    /// Fires the resolver's user-space probe: one event in the trace at
    /// layer `resolver`, for the process's namespace, with the text
    /// `describe` gives (asked only when the trace is recording).
    pub fn usdt_resolver(&mut self, describe: impl FnOnce() -> String) {
        self.host.net.ev(
            self.ns,
            Layer::Resolver,
            Direction::None,
            None,
            Verdict::Pass,
            describe,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::HOST_NS;
    use crate::time::Instant;
    use crate::{Lab, LabConfig};

    #[test]
    fn a_probe_is_one_resolver_event_of_the_namespace() {
        let mut lab = Lab::new(LabConfig::default());
        let from = lab.host().net.trace.next_seq();
        let mut sys = Sys::new(lab.host_mut(), 7, HOST_NS, 1000, Instant::ZERO);
        sys.usdt_resolver(|| String::from("getent hosts lab: files: found"));
        let events: Vec<_> = lab.host().net.trace.since(from).collect();
        assert_eq!(events.len(), 1);
        let e = events[0];
        assert_eq!(
            (e.layer, e.netns, e.packet),
            (Layer::Resolver, HOST_NS, None)
        );
        assert_eq!(e.verdict, Verdict::Pass);
        assert_eq!(
            alloc::format!("{}", e.summary),
            "getent hosts lab: files: found"
        );
    }
}
