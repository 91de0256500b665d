//! `/etc/nsswitch.conf`: the `hosts:` line and its `[STATUS=action]` items.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lolab_core::names::nsswitch::{NsSwitch, Status};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ns = NsSwitch::parse(&text);
    for source in &ns.sources {
        for status in [
            Status::Success,
            Status::NotFound,
            Status::Unavail,
            Status::TryAgain,
        ] {
            let _ = source.action(status);
        }
    }
});
