//! A whole datagram: `Datagram::parse`, then emit in both checksum modes and
//! parse again: the second parse equals the first.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lolab_core::wire::{ChecksumMode, Datagram};

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
        assert_eq!(again, dgram, "parse(emit(parse(x))) == parse(x)");
    }
});
