//! IPv4 header: checked packet, getters, `Repr::parse`, `parse_quoted`, and
//! parse(emit(parse(x))) == parse(x).
#![no_main]
use libfuzzer_sys::fuzz_target;
use lolab_core::wire::{Ipv4Packet, Ipv4Repr};

fuzz_target!(|data: &[u8]| {
    let _ = Ipv4Repr::parse_quoted(data);
    let Ok(packet) = Ipv4Packet::new_checked(data) else {
        return;
    };
    let _ = (
        packet.options(),
        packet.payload(),
        packet.verify_checksum(),
        packet.frag_offset(),
    );
    let Ok(repr) = Ipv4Repr::parse(&packet) else {
        return;
    };
    let mut buf = vec![0u8; repr.total_len()];
    if repr
        .emit(&mut Ipv4Packet::new_unchecked(&mut buf[..]))
        .is_ok()
    {
        let again = Ipv4Packet::new_checked(&buf[..]).expect("emitted header checks");
        assert!(again.verify_checksum(), "emitted checksum verifies");
        assert_eq!(
            Ipv4Repr::parse(&again).expect("emitted header parses"),
            repr
        );
    }
});
