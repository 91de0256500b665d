//! `/etc/gai.conf`: label/precedence/scopev4 lines, then lookups in the tables.
#![no_main]
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use libfuzzer_sys::fuzz_target;
use lolab_core::names::GaiConf;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let conf = GaiConf::parse(&text);
    let mut probes = vec![
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(Ipv6Addr::LOCALHOST),
        IpAddr::V4(Ipv4Addr::new(192, 168, 1, 50)),
    ];
    if data.len() >= 16 {
        let mut a = [0u8; 16];
        a.copy_from_slice(&data[..16]);
        probes.push(IpAddr::V6(Ipv6Addr::from(a)));
        probes.push(IpAddr::V4(Ipv4Addr::new(a[0], a[1], a[2], a[3])));
    }
    for p in probes {
        let _ = (conf.label(p), conf.precedence(p), conf.scope(p));
    }
});
