//! UDP datagram: `Repr::parse` and round trip, both checksum modes.
#![no_main]
use core::net::{IpAddr, Ipv4Addr};
use libfuzzer_sys::fuzz_target;
use lolab_core::wire::{ChecksumMode, UdpPacket, UdpRepr};

fuzz_target!(|data: &[u8]| {
    let lo = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let Ok(packet) = UdpPacket::new_checked(data) else {
        return;
    };
    let _ = packet.verify_checksum(&lo, &lo);
    let Ok(repr) = UdpRepr::parse(&packet) else {
        return;
    };
    for mode in [ChecksumMode::Full, ChecksumMode::Partial] {
        let mut buf = vec![0u8; repr.buffer_len()];
        if repr
            .emit(&mut UdpPacket::new_unchecked(&mut buf[..]), &lo, &lo, mode)
            .is_ok()
        {
            let again = UdpPacket::new_checked(&buf[..]).expect("emitted datagram checks");
            if mode == ChecksumMode::Full {
                assert!(again.verify_checksum(&lo, &lo));
            }
            assert_eq!(
                UdpRepr::parse(&again).expect("emitted datagram parses"),
                repr
            );
        }
    }
});
