//! The packet as netfilter looks at it: the fields rules match on, read
//! from the datagram's bytes without trusting them (a short or odd packet
//! is simply one with fewer fields), and the NAT rewrite of addresses and
//! ports with the checksums fixed, as `nf_nat_manip_pkt` does.

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::wire::IpProtocol;
use crate::wire::checksum;

/// IP protocol numbers netfilter names.
pub mod proto {
    /// ICMP.
    pub const ICMP: u8 = 1;
    /// TCP.
    pub const TCP: u8 = 6;
    /// UDP.
    pub const UDP: u8 = 17;
    /// ICMPv6.
    pub const ICMPV6: u8 = 58;
}

/// TCP flag bits.
pub mod tcp_flags {
    /// FIN.
    pub const FIN: u8 = 0x01;
    /// SYN.
    pub const SYN: u8 = 0x02;
    /// RST.
    pub const RST: u8 = 0x04;
    /// PSH.
    pub const PSH: u8 = 0x08;
    /// ACK.
    pub const ACK: u8 = 0x10;
    /// URG.
    pub const URG: u8 = 0x20;
}

/// The fields of one datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct View {
    /// Source address.
    pub src: IpAddr,
    /// Destination address.
    pub dst: IpAddr,
    /// The transport protocol number.
    pub proto: u8,
    /// The whole datagram's length.
    pub len: usize,
    /// Where the transport header starts.
    pub l4: usize,
    /// TCP/UDP source port.
    pub sport: Option<u16>,
    /// TCP/UDP destination port.
    pub dport: Option<u16>,
    /// TCP flags.
    pub flags: Option<u8>,
    /// ICMP (or ICMPv6) type and code.
    pub icmp: Option<(u8, u8)>,
    /// ICMP echo identifier.
    pub icmp_id: Option<u16>,
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

impl View {
    /// Reads the fields of `bytes`, or `None` if it is not an IP datagram.
    pub fn parse(bytes: &[u8]) -> Option<View> {
        let version = bytes.first()? >> 4;
        let (src, dst, proto, l4) = match version {
            4 => {
                let ihl = usize::from(bytes.first()? & 0x0f) * 4;
                let s: [u8; 4] = bytes.get(12..16)?.try_into().ok()?;
                let d: [u8; 4] = bytes.get(16..20)?.try_into().ok()?;
                (
                    IpAddr::V4(Ipv4Addr::from(s)),
                    IpAddr::V4(Ipv4Addr::from(d)),
                    *bytes.get(9)?,
                    ihl.max(20),
                )
            }
            6 => {
                let s: [u8; 16] = bytes.get(8..24)?.try_into().ok()?;
                let d: [u8; 16] = bytes.get(24..40)?.try_into().ok()?;
                (
                    IpAddr::V6(Ipv6Addr::from(s)),
                    IpAddr::V6(Ipv6Addr::from(d)),
                    *bytes.get(6)?,
                    40,
                )
            }
            _ => return None,
        };
        let mut v = View {
            src,
            dst,
            proto,
            len: bytes.len(),
            l4,
            sport: None,
            dport: None,
            flags: None,
            icmp: None,
            icmp_id: None,
        };
        match proto {
            proto::TCP | proto::UDP => {
                v.sport = be16(bytes, l4);
                v.dport = be16(bytes, l4 + 2);
                if proto == proto::TCP {
                    v.flags = bytes.get(l4 + 13).copied();
                }
            }
            proto::ICMP | proto::ICMPV6 => {
                let t = *bytes.get(l4)?;
                let c = *bytes.get(l4 + 1)?;
                v.icmp = Some((t, c));
                let echo = matches!(
                    (proto, t),
                    (proto::ICMP, 0 | 8) | (proto::ICMPV6, 128 | 129)
                );
                if echo {
                    v.icmp_id = be16(bytes, l4 + 4);
                }
            }
            _ => {}
        }
        Some(v)
    }

    /// Whether this is an ICMP error (destination unreachable, time
    /// exceeded, ...), which quotes the datagram it is about.
    pub fn is_icmp_error(&self) -> bool {
        match (self.proto, self.icmp) {
            (proto::ICMP, Some((t, _))) => matches!(t, 3 | 4 | 5 | 11 | 12),
            (proto::ICMPV6, Some((t, _))) => t < 128,
            _ => false,
        }
    }
}

/// The datagram an ICMP error quotes, if it has one.
pub fn quoted(bytes: &[u8], v: &View) -> Option<View> {
    let inner = bytes.get(v.l4 + 8..)?;
    View::parse(inner)
}

/// Rewrites the source (`src: true`) or destination address and port of
/// the datagram and fixes the checksums. A port is only written for TCP
/// and UDP; for ICMP echo the port stands for the identifier.
pub fn rewrite(bytes: &mut [u8], src: bool, addr: IpAddr, port: Option<u16>) {
    let Some(v) = View::parse(bytes) else {
        return;
    };
    match addr {
        IpAddr::V4(a) => {
            let at = if src { 12 } else { 16 };
            if let Some(f) = bytes.get_mut(at..at + 4) {
                f.copy_from_slice(&a.octets());
            }
            if let Some(h) = bytes.get_mut(10..12) {
                h.copy_from_slice(&[0, 0]);
            }
            let sum = bytes.get(..v.l4).map(checksum::checksum).unwrap_or(0);
            if let Some(h) = bytes.get_mut(10..12) {
                h.copy_from_slice(&sum.to_be_bytes());
            }
        }
        IpAddr::V6(a) => {
            let at = if src { 8 } else { 24 };
            if let Some(f) = bytes.get_mut(at..at + 16) {
                f.copy_from_slice(&a.octets());
            }
        }
    }
    if let Some(p) = port {
        let at = match v.proto {
            proto::TCP | proto::UDP => Some(v.l4 + if src { 0 } else { 2 }),
            proto::ICMP | proto::ICMPV6 if v.icmp_id.is_some() => Some(v.l4 + 4),
            _ => None,
        };
        if let Some(at) = at
            && let Some(f) = bytes.get_mut(at..at + 2)
        {
            f.copy_from_slice(&p.to_be_bytes());
        }
    }
    fix_l4_checksum(bytes);
}

/// Recomputes the transport checksum of a TCP, UDP, ICMP or ICMPv6 datagram.
fn fix_l4_checksum(bytes: &mut [u8]) {
    let Some(v) = View::parse(bytes) else {
        return;
    };
    let ip_len = match v.src {
        IpAddr::V4(_) => be16(bytes, 2).map(usize::from),
        IpAddr::V6(_) => be16(bytes, 4).map(|p| usize::from(p) + 40),
    }
    .unwrap_or(bytes.len())
    .min(bytes.len());
    let Some(l4_len) = ip_len.checked_sub(v.l4) else {
        return;
    };
    let at = match v.proto {
        proto::TCP => v.l4 + 16,
        proto::UDP => v.l4 + 6,
        proto::ICMP | proto::ICMPV6 => v.l4 + 2,
        _ => return,
    };
    if let Some(f) = bytes.get_mut(at..at + 2) {
        f.copy_from_slice(&[0, 0]);
    } else {
        return;
    }
    let Some(seg) = bytes.get(v.l4..ip_len) else {
        return;
    };
    let pseudo = match v.proto {
        proto::ICMP => None,
        p => Some(checksum::pseudo_header(
            &v.src,
            &v.dst,
            IpProtocol::from(p),
            l4_len as u32,
        )),
    };
    let sum = match pseudo {
        Some(ph) => !checksum::combine(&[ph, checksum::data(seg)]),
        None => !checksum::data(seg),
    };
    let sum = if v.proto == proto::UDP && sum == 0 {
        0xffff
    } else {
        sum
    };
    if let Some(f) = bytes.get_mut(at..at + 2) {
        f.copy_from_slice(&sum.to_be_bytes());
    }
}

/// Rewrites the datagram an ICMP error quotes: its source (`src: true`)
/// or destination address and, for TCP and UDP, port; then fixes the
/// quoted IPv4 header's checksum and the ICMP checksum (the quoted
/// transport checksum is left as it is: the quote may be truncated, and
/// no receiver checks it). True if something changed.
pub fn rewrite_quoted(bytes: &mut [u8], src: bool, addr: IpAddr, port: Option<u16>) -> bool {
    let Some(v) = View::parse(bytes) else {
        return false;
    };
    let start = v.l4 + 8;
    let Some(inner) = bytes.get(start..).and_then(View::parse) else {
        return false;
    };
    let mut changed = false;
    match addr {
        IpAddr::V4(a) if inner.src.is_ipv4() => {
            let at = start + if src { 12 } else { 16 };
            if let Some(f) = bytes.get_mut(at..at + 4)
                && f != a.octets()
            {
                f.copy_from_slice(&a.octets());
                changed = true;
            }
        }
        IpAddr::V6(a) if !inner.src.is_ipv4() => {
            let at = start + if src { 8 } else { 24 };
            if let Some(f) = bytes.get_mut(at..at + 16)
                && f != a.octets()
            {
                f.copy_from_slice(&a.octets());
                changed = true;
            }
        }
        _ => return false,
    }
    if let Some(p) = port
        && matches!(inner.proto, proto::TCP | proto::UDP)
    {
        let at = start + inner.l4 + if src { 0 } else { 2 };
        if let Some(f) = bytes.get_mut(at..at + 2)
            && f != p.to_be_bytes()
        {
            f.copy_from_slice(&p.to_be_bytes());
            changed = true;
        }
    }
    if !changed {
        return false;
    }
    if inner.src.is_ipv4() {
        let hl = inner.l4;
        if let Some(h) = bytes.get_mut(start + 10..start + 12) {
            h.copy_from_slice(&[0, 0]);
        }
        let sum = bytes
            .get(start..start + hl)
            .map(checksum::checksum)
            .unwrap_or(0);
        if let Some(h) = bytes.get_mut(start + 10..start + 12) {
            h.copy_from_slice(&sum.to_be_bytes());
        }
    }
    fix_l4_checksum(bytes);
    true
}
