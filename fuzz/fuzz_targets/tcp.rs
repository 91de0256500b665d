//! TCP segment with options: the option walker on raw bytes, `Repr::parse`
//! and round trip (checksum verified after a full emit).
#![no_main]
use core::net::{IpAddr, Ipv6Addr};
use libfuzzer_sys::fuzz_target;
use lolab_core::wire::{ChecksumMode, TcpOption, TcpPacket, TcpRepr};

fuzz_target!(|data: &[u8]| {
    // The option walker alone, on arbitrary bytes: it must always progress.
    let mut rest = data;
    while !rest.is_empty() {
        match TcpOption::parse(rest) {
            Ok((_, next)) => {
                assert!(next.len() < rest.len(), "option parser made progress");
                rest = next;
            }
            Err(_) => break,
        }
    }
    let lo = IpAddr::V6(Ipv6Addr::LOCALHOST);
    let Ok(packet) = TcpPacket::new_checked(data) else {
        return;
    };
    let _ = packet.verify_checksum(&lo, &lo);
    let Ok(repr) = TcpRepr::parse(&packet) else {
        return;
    };
    let mut buf = vec![0u8; repr.buffer_len()];
    if repr
        .emit(
            &mut TcpPacket::new_unchecked(&mut buf[..]),
            &lo,
            &lo,
            ChecksumMode::Full,
        )
        .is_ok()
    {
        let again = TcpPacket::new_checked(&buf[..]).expect("emitted segment checks");
        assert!(again.verify_checksum(&lo, &lo));
        let reparsed = TcpRepr::parse(&again).expect("emitted segment parses");
        // Emit pads the options with EOL/zeros, so compare the re-emitted bytes.
        let mut buf2 = vec![0u8; reparsed.buffer_len()];
        reparsed
            .emit(
                &mut TcpPacket::new_unchecked(&mut buf2[..]),
                &lo,
                &lo,
                ChecksumMode::Full,
            )
            .expect("re-emit");
        assert_eq!(buf, buf2);
        assert_eq!(reparsed.payload, repr.payload);
        assert_eq!(
            (
                reparsed.src_port,
                reparsed.dst_port,
                reparsed.seq_number,
                reparsed.ack_number
            ),
            (
                repr.src_port,
                repr.dst_port,
                repr.seq_number,
                repr.ack_number
            )
        );
    }
});
