//! IP protocol numbers and helpers shared by IPv4 and IPv6.

use core::fmt;

/// An IP protocol number (IPv4 `protocol`, IPv6 `next header`).
///
/// Numbers this crate does not model (including IPv6 extension headers)
/// are kept as [`IpProtocol::Unknown`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IpProtocol {
    /// ICMP for IPv4 (1).
    Icmp,
    /// TCP (6).
    Tcp,
    /// UDP (17).
    Udp,
    /// ICMP for IPv6 (58).
    Icmpv6,
    /// Any other number.
    Unknown(u8),
}

impl From<u8> for IpProtocol {
    fn from(value: u8) -> Self {
        match value {
            1 => IpProtocol::Icmp,
            6 => IpProtocol::Tcp,
            17 => IpProtocol::Udp,
            58 => IpProtocol::Icmpv6,
            other => IpProtocol::Unknown(other),
        }
    }
}

impl From<IpProtocol> for u8 {
    fn from(value: IpProtocol) -> Self {
        match value {
            IpProtocol::Icmp => 1,
            IpProtocol::Tcp => 6,
            IpProtocol::Udp => 17,
            IpProtocol::Icmpv6 => 58,
            IpProtocol::Unknown(n) => n,
        }
    }
}

impl IpProtocol {
    /// The name Wireshark and `/etc/protocols` use, if known.
    pub fn name(self) -> Option<&'static str> {
        Some(match u8::from(self) {
            0 => "IPv6 Hop-by-Hop Option",
            1 => "ICMP",
            2 => "IGMP",
            4 => "IPIP",
            6 => "TCP",
            17 => "UDP",
            41 => "IPv6",
            43 => "IPv6 Routing",
            44 => "IPv6 Fragment",
            47 => "GRE",
            50 => "ESP",
            51 => "AH",
            58 => "ICMPv6",
            59 => "IPv6 No Next Header",
            60 => "IPv6 Destination Options",
            132 => "SCTP",
            _ => return None,
        })
    }
}

impl fmt::Display for IpProtocol {
    /// Formats as Wireshark does: `TCP (6)`, or the bare number if unknown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} ({})", u8::from(*self)),
            None => write!(f, "{}", u8::from(*self)),
        }
    }
}

/// The IP version nibble of a datagram (`4` or `6`), if it has a first byte.
pub fn version(datagram: &[u8]) -> Option<u8> {
    datagram.first().map(|b| b >> 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_round_trip_all_numbers() {
        for n in 0..=255u8 {
            assert_eq!(u8::from(IpProtocol::from(n)), n);
        }
        assert_eq!(IpProtocol::from(6), IpProtocol::Tcp);
        assert_eq!(IpProtocol::from(43), IpProtocol::Unknown(43));
        assert_eq!(alloc::format!("{}", IpProtocol::Icmp), "ICMP (1)");
    }
}
