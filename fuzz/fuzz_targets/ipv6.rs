//! IPv6 header: checked packet, `Repr::parse`, `parse_quoted`, round trip.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lolab_core::wire::{Ipv6Packet, Ipv6Repr};

fuzz_target!(|data: &[u8]| {
    let _ = Ipv6Repr::parse_quoted(data);
    let Ok(packet) = Ipv6Packet::new_checked(data) else {
        return;
    };
    let _ = packet.payload();
    let Ok(repr) = Ipv6Repr::parse(&packet) else {
        return;
    };
    let mut buf = vec![0u8; repr.total_len()];
    if repr
        .emit(&mut Ipv6Packet::new_unchecked(&mut buf[..]))
        .is_ok()
    {
        let again = Ipv6Packet::new_checked(&buf[..]).expect("emitted header checks");
        assert_eq!(
            Ipv6Repr::parse(&again).expect("emitted header parses"),
            repr
        );
    }
});
