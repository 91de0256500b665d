//! `/etc/hosts`: parse, warnings, lookups by name and address, enumeration;
//! plus the inet_pton/aton helpers it uses.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lolab_core::names::hosts::HostsFile;
use lolab_core::names::inet;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let hosts = HostsFile::parse(&text);
    let _ = hosts.warnings();
    let mut addrs = Vec::new();
    for (addr, entry) in hosts.enumerate().take(1000) {
        addrs.push(addr);
        for name in core::iter::once(&entry.name).chain(entry.aliases.iter().take(4)) {
            let _ = hosts.matching(name).count();
        }
    }
    for addr in addrs {
        let _ = hosts.by_addr(addr);
    }
    for word in text.split_whitespace().take(64) {
        let _ = (inet::pton4(word), inet::pton6(word));
        let _ = hosts.matching(word).count();
    }
});
