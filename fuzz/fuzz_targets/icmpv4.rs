//! ICMPv4 message: `Repr::parse` and round trip (checksum verified after emit).
#![no_main]
use libfuzzer_sys::fuzz_target;
use lolab_core::wire::{Icmpv4Packet, Icmpv4Repr};

fuzz_target!(|data: &[u8]| {
    let Ok(packet) = Icmpv4Packet::new_checked(data) else {
        return;
    };
    let _ = (
        packet.verify_checksum(),
        packet.data(),
        packet.next_hop_mtu(),
    );
    let Ok(repr) = Icmpv4Repr::parse(&packet) else {
        return;
    };
    let mut buf = vec![0u8; repr.buffer_len()];
    if repr
        .emit(&mut Icmpv4Packet::new_unchecked(&mut buf[..]))
        .is_ok()
    {
        let again = Icmpv4Packet::new_checked(&buf[..]).expect("emitted message checks");
        assert!(again.verify_checksum());
        assert_eq!(
            Icmpv4Repr::parse(&again).expect("emitted message parses"),
            repr
        );
    }
});
