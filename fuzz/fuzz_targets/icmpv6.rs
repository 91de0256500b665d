//! ICMPv6 message: `Repr::parse` and round trip (checksum over ::1 -> ::1).
#![no_main]
use core::net::Ipv6Addr;
use libfuzzer_sys::fuzz_target;
use lolab_core::wire::{Icmpv6Packet, Icmpv6Repr};

fuzz_target!(|data: &[u8]| {
    let lo = Ipv6Addr::LOCALHOST;
    let Ok(packet) = Icmpv6Packet::new_checked(data) else {
        return;
    };
    let _ = (
        packet.verify_checksum(&lo, &lo),
        packet.data(),
        packet.mtu(),
    );
    let Ok(repr) = Icmpv6Repr::parse(&packet) else {
        return;
    };
    let mut buf = vec![0u8; repr.buffer_len()];
    if repr
        .emit(&mut Icmpv6Packet::new_unchecked(&mut buf[..]), &lo, &lo)
        .is_ok()
    {
        let again = Icmpv6Packet::new_checked(&buf[..]).expect("emitted message checks");
        assert!(again.verify_checksum(&lo, &lo));
        assert_eq!(
            Icmpv6Repr::parse(&again).expect("emitted message parses"),
            repr
        );
    }
});
