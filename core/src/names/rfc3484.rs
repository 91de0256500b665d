//! RFC 3484 (glibc's RFC 6724 subset) destination sorting with the
//! gai.conf policy and the kernel's source addresses, each decision
//! explained.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::net::{IpAddr, Ipv4Addr};

use super::config::Config;
use super::gaiconf::GaiConf;
use super::journey::{Stage, Trace};
use super::net::{IfAddr, NetView};

/// Why one destination sorted before another.
fn rfc3484_cmp(
    g: &GaiConf,
    a: (IpAddr, Option<IfAddr>),
    b: (IpAddr, Option<IfAddr>),
) -> (Ordering, String) {
    let (ad, asrc) = a;
    let (bd, bsrc) = b;
    let m = |o: Ordering, s: String| (o, s);
    // Rule 1.
    match (asrc.is_some(), bsrc.is_some()) {
        (true, false) => {
            return m(
                Ordering::Less,
                format!("rule 1 (avoid unusable destinations): no route to {bd}"),
            );
        }
        (false, true) => {
            return m(
                Ordering::Greater,
                format!("rule 1 (avoid unusable destinations): no route to {ad}"),
            );
        }
        _ => {}
    }
    let (ads, bds) = (g.scope(ad), g.scope(bd));
    // Rule 2.
    if let (Some(sa), Some(sb)) = (asrc, bsrc) {
        let (ass, bss) = (g.scope(sa.addr), g.scope(sb.addr));
        if ads == ass && bds != bss {
            return m(
                Ordering::Less,
                format!(
                    "rule 2 (matching scope): {ad} and its source {} share scope {ads}",
                    sa.addr
                ),
            );
        }
        if ads != ass && bds == bss {
            return m(
                Ordering::Greater,
                format!(
                    "rule 2 (matching scope): {bd} and its source {} share scope {bds}",
                    sb.addr
                ),
            );
        }
        // Rule 5.
        let (adl, asl, bdl, bsl) = (g.label(ad), g.label(sa.addr), g.label(bd), g.label(sb.addr));
        if adl == asl && bdl != bsl {
            return m(
                Ordering::Less,
                format!(
                    "rule 5 (matching label): {ad} has the label {adl} of its source {}",
                    sa.addr
                ),
            );
        }
        if adl != asl && bdl == bsl {
            return m(
                Ordering::Greater,
                format!(
                    "rule 5 (matching label): {bd} has the label {bdl} of its source {}",
                    sb.addr
                ),
            );
        }
    }
    // Rule 6.
    let (ap, bp) = (g.precedence(ad), g.precedence(bd));
    if ap != bp {
        let o = bp.cmp(&ap);
        return m(
            o,
            format!("rule 6 (higher precedence): {ad} has precedence {ap}, {bd} has {bp}"),
        );
    }
    // Rule 8.
    if ads != bds {
        return m(
            ads.cmp(&bds),
            format!("rule 8 (smaller scope): {ad} has scope {ads}, {bd} has scope {bds}"),
        );
    }
    // Rule 9.
    if let (Some(sa), Some(sb)) = (asrc, bsrc) {
        let bits = match (ad, sa.addr, bd, sb.addr) {
            (IpAddr::V4(d1), IpAddr::V4(s1), IpAddr::V4(d2), IpAddr::V4(s2)) => {
                let f = |d: Ipv4Addr, s: Ipv4Addr, p: u8| {
                    let p = u32::from(p.min(32));
                    let mask = if p == 0 { 0 } else { u32::MAX << (32 - p) };
                    let (d, s) = (u32::from(d), u32::from(s));
                    if d & mask == s & mask {
                        (d ^ s).leading_zeros()
                    } else {
                        0
                    }
                };
                Some((f(d1, s1, sa.prefix_len), f(d2, s2, sb.prefix_len)))
            }
            (IpAddr::V6(d1), IpAddr::V6(s1), IpAddr::V6(d2), IpAddr::V6(s2)) => {
                let (x1, x2) = (
                    u128::from(d1) ^ u128::from(s1),
                    u128::from(d2) ^ u128::from(s2),
                );
                // glibc compares within the first 32-bit word where either differs.
                let mut r = (0, 0);
                for i in 0..4u32 {
                    let sh = 96 - 32 * i;
                    let (w1, w2) = ((x1 >> sh) as u32, (x2 >> sh) as u32);
                    if w1 != 0 || w2 != 0 {
                        r = (w1.leading_zeros(), w2.leading_zeros());
                        break;
                    }
                }
                Some(r)
            }
            _ => None,
        };
        if let Some((b1, b2)) = bits
            && b1 != b2
        {
            return m(
                b2.cmp(&b1),
                format!("rule 9 (longest matching prefix with the source): {b1} vs {b2} bits"),
            );
        }
    }
    (
        Ordering::Equal,
        "rule 10: no rule decides, the order from the lookup is kept".to_string(),
    )
}

/// Sorts `addrs` as glibc does before `getaddrinfo` returns them.
pub(crate) fn sort_addrs(
    cfg: &Config,
    net: &dyn NetView,
    addrs: Vec<IpAddr>,
    trace: &mut Trace,
) -> Vec<IpAddr> {
    if addrs.len() < 2 {
        return addrs;
    }
    let with_src: Vec<(IpAddr, Option<IfAddr>)> =
        addrs.iter().map(|a| (*a, net.source_for(*a))).collect();
    for (d, s) in &with_src {
        match s {
            Some(s) => trace.push(
                Stage::Sort,
                format!("{d}: the kernel would send from {}", s.addr),
            ),
            None => trace.push(Stage::Sort, format!("{d}: no route, unusable")),
        }
    }
    let mut idx: Vec<usize> = (0..with_src.len()).collect();
    crate::sort::sort_by(&mut idx, |&i, &j| {
        match (with_src.get(i), with_src.get(j)) {
            (Some(a), Some(b)) => rfc3484_cmp(&cfg.gai, *a, *b).0.then(i.cmp(&j)),
            _ => i.cmp(&j),
        }
    });
    let sorted: Vec<(IpAddr, Option<IfAddr>)> = idx
        .iter()
        .filter_map(|i| with_src.get(*i).copied())
        .collect();
    for w in sorted.windows(2) {
        if let [a, b] = w
            && a.0 != b.0
        {
            let (_, why) = rfc3484_cmp(&cfg.gai, *a, *b);
            trace.push(Stage::Sort, format!("{} before {}: {why}", a.0, b.0));
        }
    }
    sorted.into_iter().map(|(a, _)| a).collect()
}
