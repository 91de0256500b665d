//! `/etc/resolv.conf`: nameserver/search/domain/options, glibc's caps, and
//! the search-list candidates for a name.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lolab_core::names::ResolvConf;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let rc = ResolvConf::parse(&text);
    assert!(rc.nameservers.len() <= 3);
    assert!(rc.search.len() <= 6);
    for name in ["localhost", "example", "a.b.c", "", ".", "x."] {
        let _ = rc.candidates(name);
    }
    if let Some(word) = text.split_whitespace().last() {
        let _ = rc.candidates(word);
    }
});
