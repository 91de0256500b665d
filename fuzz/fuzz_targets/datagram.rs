//! A whole datagram: `Datagram::parse`, then emit in both checksum modes and
//! parse again: the second parse equals the first, except the IP payload
//! length, which emit recomputes from the transport message (TCP option
//! bytes after End-of-List are padding, dropped by parse, so the header can
//! shrink; found by this target, see fuzz/README.md). Emitting the re-parse
//! gives the same bytes again (emit is idempotent on its own output).
#![no_main]
use libfuzzer_sys::fuzz_target;
use lolab_core::wire::{ChecksumMode, Datagram, IpRepr};

/// The datagram with the IP payload length that emit writes.
fn canonical(mut d: Datagram<'_>) -> Datagram<'_> {
    let len = d.transport.buffer_len();
    match &mut d.ip {
        IpRepr::Ipv4(r) => r.payload_len = len,
        IpRepr::Ipv6(r) => r.payload_len = len,
    }
    d
}

fuzz_target!(|data: &[u8]| {
    let Ok(dgram) = Datagram::parse(data) else {
        return;
    };
    for mode in [ChecksumMode::Full, ChecksumMode::Partial] {
        let mut out = Vec::new();
        if dgram.emit(&mut out, mode).is_err() {
            assert!(out.is_empty(), "a failed emit leaves the buffer as it was");
            continue;
        }
        assert_eq!(out.len(), dgram.buffer_len());
        let again = Datagram::parse(&out).expect("an emitted datagram parses");
        assert_eq!(
            again,
            canonical(dgram.clone()),
            "parse(emit(parse(x))) == parse(x)"
        );
        let mut out2 = Vec::new();
        again.emit(&mut out2, mode).expect("re-emit");
        assert_eq!(out2, out, "emit is idempotent");
    }
});
