//! pcap: the reader over arbitrary bytes, and writer -> reader round trip of
//! records cut from the input.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use lolab_core::wire::pcap::{Reader, Writer};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    raw: &'a [u8],
    records: Vec<(u64, bool, &'a [u8])>,
}

fuzz_target!(|input: Input<'_>| {
    if let Ok(reader) = Reader::new(input.raw) {
        let _ = (reader.link_type(), reader.snaplen());
        for record in reader.take(10_000) {
            if record.is_err() {
                break;
            }
        }
    }
    let mut writer = Writer::new();
    let mut written = Vec::new();
    for (ts, as_ip, data) in &input.records {
        let before = writer.as_bytes().len();
        let ok = if *as_ip {
            writer.write_ip(*ts, data)
        } else {
            writer.write_frame(*ts, data)
        };
        if ok.is_ok() {
            written.push((*ts, *as_ip, *data));
        } else {
            assert_eq!(
                writer.as_bytes().len(),
                before,
                "a refused record writes nothing"
            );
        }
    }
    let bytes = writer.into_bytes();
    let reader = Reader::new(&bytes).expect("the writer's header reads");
    let records: Vec<_> = reader
        .map(|r| r.expect("the writer's records read"))
        .collect();
    assert_eq!(records.len(), written.len());
    for (r, (ts, as_ip, data)) in records.iter().zip(&written) {
        assert_eq!(r.timestamp_us, *ts);
        assert_eq!(r.orig_len as usize, r.data.len());
        if *as_ip {
            assert_eq!(
                lolab_core::wire::pcap::strip_ethernet(r.data).expect("ip frame"),
                *data
            );
        } else {
            assert_eq!(r.data, *data);
        }
    }
});
