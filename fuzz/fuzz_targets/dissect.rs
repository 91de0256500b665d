//! The inspector's dissector over raw IP and Ethernet frames: never panics,
//! and every field's byte range lies inside the frame.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lolab_core::wire::{LinkType, dissect};

fuzz_target!(|data: &[u8]| {
    for link in [LinkType::RawIp, LinkType::Ethernet] {
        let layers = dissect(data, link);
        let _ = format!("{layers:?}");
    }
});
