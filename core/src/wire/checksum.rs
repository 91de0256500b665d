//! The internet checksum (RFC 1071) and the IPv4/IPv6 pseudo-headers.
//!
//! [`data`] sums 32-bit native-endian words into a `u64` (a loop the compiler
//! vectorizes) and swaps the folded result, which gives the same
//! ones'-complement sum as 16-bit big-endian words (RFC 1071 §2(B)) at a
//! fraction of the work; bulk TCP runs through it.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::IpProtocol;

/// How an emitter fills transport (TCP/UDP) checksums.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ChecksumMode {
    /// The full checksum, as a NIC or the software path computes it.
    #[default]
    Full,
    /// What Linux writes on `lo` (CHECKSUM_PARTIAL offload): only the folded
    /// pseudo-header sum, not complemented. Captures on `lo` show this, and
    /// tcpdump/Wireshark report it as "incorrect".
    Partial,
}

/// Folds a 64-bit ones'-complement sum to 16 bits.
fn fold(mut sum: u64) -> u16 {
    sum = (sum & 0xffff_ffff) + (sum >> 32);
    sum = (sum & 0xffff_ffff) + (sum >> 32);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    // Only the low 16 bits are left after the folds above.
    (sum & 0xffff) as u16
}

/// The ones'-complement sum of `data` as 16-bit big-endian words, folded
/// (not complemented). An odd trailing byte is padded with zero.
///
/// Sums native-endian 32-bit words into a `u64` (no carries to handle until
/// 16 GiB of input, so the compiler vectorizes the loop) and byte-swaps the
/// folded result on little-endian machines: the ones'-complement sum is
/// byte-order independent (RFC 1071 §2(B)).
pub fn data(data: &[u8]) -> u16 {
    let (words, rest) = data.as_chunks::<4>();
    let mut sum: u64 = words
        .iter()
        .map(|w| u64::from(u32::from_ne_bytes(*w)))
        .sum();
    let mut tail = [0u8; 4];
    if let Some(t) = tail.get_mut(..rest.len()) {
        t.copy_from_slice(rest);
    }
    sum += u64::from(u32::from_ne_bytes(tail));
    let folded = fold(sum);
    if cfg!(target_endian = "little") {
        folded.swap_bytes()
    } else {
        folded
    }
}

/// Combines folded partial sums into one folded sum.
pub fn combine(sums: &[u16]) -> u16 {
    fold(sums.iter().fold(0u64, |acc, &s| acc + u64::from(s)))
}

/// The checksum field value for `data` alone: the complement of its sum.
pub fn checksum(bytes: &[u8]) -> u16 {
    !data(bytes)
}

/// The folded sum of the IPv4 pseudo-header (RFC 768/793).
pub fn pseudo_header_v4(src: &Ipv4Addr, dst: &Ipv4Addr, protocol: IpProtocol, length: u32) -> u16 {
    let [s0, s1, s2, s3] = src.octets();
    let [d0, d1, d2, d3] = dst.octets();
    let [l0, l1] = u16::try_from(length).unwrap_or(u16::MAX).to_be_bytes();
    let proto = u8::from(protocol);
    data(&[s0, s1, s2, s3, d0, d1, d2, d3, 0, proto, l0, l1])
}

/// The folded sum of the IPv6 pseudo-header (RFC 8200 §8.1).
pub fn pseudo_header_v6(
    src: &Ipv6Addr,
    dst: &Ipv6Addr,
    next_header: IpProtocol,
    length: u32,
) -> u16 {
    let [l0, l1, l2, l3] = length.to_be_bytes();
    let tail = [l0, l1, l2, l3, 0, 0, 0, u8::from(next_header)];
    combine(&[data(&src.octets()), data(&dst.octets()), data(&tail)])
}

/// The pseudo-header sum for either family. Mixed families (never valid on
/// the wire) use the IPv4-mapped IPv6 form of the IPv4 address.
pub fn pseudo_header(src: &IpAddr, dst: &IpAddr, protocol: IpProtocol, length: u32) -> u16 {
    match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => pseudo_header_v4(s, d, protocol, length),
        _ => pseudo_header_v6(&to_v6(src), &to_v6(dst), protocol, length),
    }
}

fn to_v6(addr: &IpAddr) -> Ipv6Addr {
    match addr {
        IpAddr::V4(a) => a.to_ipv6_mapped(),
        IpAddr::V6(a) => *a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::fixtures;

    /// The straightforward 16-bit RFC 1071 loop, as a reference.
    fn reference(bytes: &[u8]) -> u16 {
        let mut sum: u32 = 0;
        let mut i = 0;
        while i + 1 < bytes.len() {
            sum += u32::from(u16::from_be_bytes([bytes[i], bytes[i + 1]]));
            i += 2;
        }
        if i < bytes.len() {
            sum += u32::from(bytes[i]) << 8;
        }
        while sum > 0xffff {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        sum as u16
    }

    #[test]
    fn test_rfc1071_example() {
        // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2.
        assert_eq!(
            data(&[0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]),
            0xddf2
        );
    }

    #[test]
    fn test_known_ipv4_header_checksum() {
        // ICMP echo request from `ping -c1 127.0.0.1`: header checksum a981.
        let hdr = &fixtures::ICMPV4_ECHO_REQUEST[..20];
        assert_eq!(data(hdr), 0xffff);
        let mut zeroed = [0u8; 20];
        zeroed.copy_from_slice(hdr);
        zeroed[10] = 0;
        zeroed[11] = 0;
        assert_eq!(checksum(&zeroed), 0xa981);
    }

    #[test]
    fn test_known_partial_tcp_checksum() {
        // Linux on lo writes only the pseudo-header sum: 0xfe30 in the SYN
        // of `curl http://127.0.0.1:8000/` (tcpdump: "cksum 0xfe30 (incorrect").
        let lo = Ipv4Addr::LOCALHOST;
        assert_eq!(pseudo_header_v4(&lo, &lo, IpProtocol::Tcp, 40), 0xfe30);
        let one = Ipv6Addr::LOCALHOST;
        // IPv6 SYN to [::1]:9002: "cksum 0x0030 (incorrect".
        assert_eq!(pseudo_header_v6(&one, &one, IpProtocol::Tcp, 40), 0x0030);
    }

    #[test]
    fn test_fast_matches_reference_on_fixtures() {
        for pkt in fixtures::ALL {
            for start in 0..8.min(pkt.len()) {
                assert_eq!(data(&pkt[start..]), reference(&pkt[start..]));
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn fast_matches_reference(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
                prop_assert_eq!(data(&bytes), reference(&bytes));
            }

            #[test]
            fn split_sums_combine(bytes in proptest::collection::vec(any::<u8>(), 0..300), cut in 0usize..150) {
                let cut = (cut * 2).min(bytes.len() & !1);
                let (a, b) = bytes.split_at(cut);
                prop_assert_eq!(combine(&[data(a), data(b)]), data(&bytes));
            }
        }
    }
}
