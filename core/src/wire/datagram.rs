//! A whole IP datagram, parsed into IP header + transport message, for the
//! stack's ingress and egress paths.
//!
//! Parsing borrows payloads from the input; emitting appends to a caller's
//! `Vec<u8>` that can be reused, so the bulk path does not allocate (TCP
//! options aside, see [`tcp::Repr::options`]).

use alloc::vec::Vec;
use core::net::IpAddr;

use super::{ChecksumMode, Error, IpProtocol, Result, icmpv4, icmpv6, ip, ipv4, ipv6, tcp, udp};

/// The IP header of a datagram.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IpRepr {
    /// IPv4.
    Ipv4(ipv4::Repr),
    /// IPv6.
    Ipv6(ipv6::Repr),
}

impl IpRepr {
    /// The source address.
    pub fn src_addr(&self) -> IpAddr {
        match self {
            IpRepr::Ipv4(r) => IpAddr::V4(r.src_addr),
            IpRepr::Ipv6(r) => IpAddr::V6(r.src_addr),
        }
    }

    /// The destination address.
    pub fn dst_addr(&self) -> IpAddr {
        match self {
            IpRepr::Ipv4(r) => IpAddr::V4(r.dst_addr),
            IpRepr::Ipv6(r) => IpAddr::V6(r.dst_addr),
        }
    }

    /// The protocol / next header.
    pub fn protocol(&self) -> IpProtocol {
        match self {
            IpRepr::Ipv4(r) => r.protocol,
            IpRepr::Ipv6(r) => r.next_header,
        }
    }

    /// TTL or hop limit.
    pub fn hop_limit(&self) -> u8 {
        match self {
            IpRepr::Ipv4(r) => r.ttl,
            IpRepr::Ipv6(r) => r.hop_limit,
        }
    }

    /// The payload length.
    pub fn payload_len(&self) -> usize {
        match self {
            IpRepr::Ipv4(r) => r.payload_len,
            IpRepr::Ipv6(r) => r.payload_len,
        }
    }

    /// The header length.
    pub fn header_len(&self) -> usize {
        match self {
            IpRepr::Ipv4(r) => r.header_len(),
            IpRepr::Ipv6(r) => r.buffer_len(),
        }
    }

    /// Writes the header with `payload_len` into the start of `buf`.
    fn emit_with_len(&self, buf: &mut [u8], payload_len: usize) -> Result<()> {
        match self {
            IpRepr::Ipv4(r) => {
                let mut packet = ipv4::Packet::new_unchecked(buf);
                if r.payload_len == payload_len {
                    r.emit(&mut packet)
                } else {
                    let mut r = r.clone();
                    r.payload_len = payload_len;
                    r.emit(&mut packet)
                }
            }
            IpRepr::Ipv6(r) => {
                ipv6::Repr { payload_len, ..*r }.emit(&mut ipv6::Packet::new_unchecked(buf))
            }
        }
    }
}

/// The transport message of a datagram.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TransportRepr<'a> {
    /// ICMP (over IPv4).
    Icmpv4(icmpv4::Repr<'a>),
    /// ICMPv6 (over IPv6).
    Icmpv6(icmpv6::Repr<'a>),
    /// UDP.
    Udp(udp::Repr<'a>),
    /// TCP.
    Tcp(tcp::Repr<'a>),
    /// Anything else (other protocols, IPv6 extension headers, IPv4
    /// fragments): the raw IP payload.
    Raw(&'a [u8]),
}

impl TransportRepr<'_> {
    /// The encoded length.
    pub fn buffer_len(&self) -> usize {
        match self {
            TransportRepr::Icmpv4(r) => r.buffer_len(),
            TransportRepr::Icmpv6(r) => r.buffer_len(),
            TransportRepr::Udp(r) => r.buffer_len(),
            TransportRepr::Tcp(r) => r.buffer_len(),
            TransportRepr::Raw(b) => b.len(),
        }
    }
}

/// A parsed IP datagram: header plus transport message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Datagram<'a> {
    /// The IP header.
    pub ip: IpRepr,
    /// The transport message.
    pub transport: TransportRepr<'a>,
}

impl<'a> Datagram<'a> {
    /// Parses a datagram, IPv4 or IPv6 by its version nibble. Bytes after
    /// the IP length (link padding) are ignored. The IPv4 header checksum is
    /// verified (as `ip_rcv` does); transport checksums are not (Linux trusts
    /// `lo`), see the per-protocol `verify_checksum`.
    pub fn parse(bytes: &'a [u8]) -> Result<Datagram<'a>> {
        match ip::version(bytes) {
            Some(4) => {
                let packet = ipv4::Packet::new_checked(bytes)?;
                let repr = ipv4::Repr::parse(&packet)?;
                let payload = ipv4_payload(bytes, &packet);
                let transport = if repr.more_frags || repr.frag_offset != 0 {
                    TransportRepr::Raw(payload)
                } else {
                    match repr.protocol {
                        IpProtocol::Icmp => TransportRepr::Icmpv4(icmpv4::Repr::parse(
                            &icmpv4::Packet::new_checked(payload)?,
                        )?),
                        other => parse_common(other, payload)?,
                    }
                };
                Ok(Datagram {
                    ip: IpRepr::Ipv4(repr),
                    transport,
                })
            }
            Some(6) => {
                let packet = ipv6::Packet::new_checked(bytes)?;
                let repr = ipv6::Repr::parse(&packet)?;
                let end = ipv6::HEADER_LEN + repr.payload_len;
                let payload = bytes.get(ipv6::HEADER_LEN..end).ok_or(Error::Truncated)?;
                let transport = match repr.next_header {
                    IpProtocol::Icmpv6 => TransportRepr::Icmpv6(icmpv6::Repr::parse(
                        &icmpv6::Packet::new_checked(payload)?,
                    )?),
                    other => parse_common(other, payload)?,
                };
                Ok(Datagram {
                    ip: IpRepr::Ipv6(repr),
                    transport,
                })
            }
            Some(_) => Err(Error::Malformed),
            None => Err(Error::Truncated),
        }
    }

    /// The encoded length.
    pub fn buffer_len(&self) -> usize {
        self.ip.header_len() + self.transport.buffer_len()
    }

    /// Appends the datagram to `out`. The IP payload length is taken from
    /// the transport message; transport checksums follow `mode`.
    pub fn emit(&self, out: &mut Vec<u8>, mode: ChecksumMode) -> Result<()> {
        let start = out.len();
        out.resize(start + self.buffer_len(), 0);
        let result = self.emit_into(out.get_mut(start..).unwrap_or(&mut []), mode);
        if result.is_err() {
            out.truncate(start);
        }
        result
    }

    /// Writes the datagram into `buf`, which must be exactly
    /// [`Datagram::buffer_len`] bytes.
    pub fn emit_into(&self, buf: &mut [u8], mode: ChecksumMode) -> Result<()> {
        if buf.len() != self.buffer_len() {
            return Err(Error::Truncated);
        }
        let (header, payload) = buf
            .split_at_mut_checked(self.ip.header_len())
            .ok_or(Error::Truncated)?;
        self.ip.emit_with_len(header, payload.len())?;
        let (src, dst) = (self.ip.src_addr(), self.ip.dst_addr());
        match (&self.transport, &self.ip) {
            (TransportRepr::Icmpv4(r), _) => r.emit(&mut icmpv4::Packet::new_unchecked(payload)),
            (TransportRepr::Icmpv6(r), IpRepr::Ipv6(ip)) => r.emit(
                &mut icmpv6::Packet::new_unchecked(payload),
                &ip.src_addr,
                &ip.dst_addr,
            ),
            (TransportRepr::Icmpv6(_), IpRepr::Ipv4(_)) => Err(Error::Unsupported),
            (TransportRepr::Udp(r), _) => {
                r.emit(&mut udp::Packet::new_unchecked(payload), &src, &dst, mode)
            }
            (TransportRepr::Tcp(r), _) => {
                r.emit(&mut tcp::Packet::new_unchecked(payload), &src, &dst, mode)
            }
            (TransportRepr::Raw(b), _) => {
                payload.copy_from_slice(b);
                Ok(())
            }
        }
    }
}

/// The IPv4 payload (up to the total length).
fn ipv4_payload<'a>(bytes: &'a [u8], packet: &ipv4::Packet<&'a [u8]>) -> &'a [u8] {
    let start = usize::from(packet.header_len());
    let end = usize::from(packet.total_len());
    bytes.get(start..end).unwrap_or(&[])
}

/// UDP, TCP or raw, the same over both families.
fn parse_common(protocol: IpProtocol, payload: &[u8]) -> Result<TransportRepr<'_>> {
    Ok(match protocol {
        IpProtocol::Udp => {
            TransportRepr::Udp(udp::Repr::parse(&udp::Packet::new_checked(payload)?)?)
        }
        IpProtocol::Tcp => {
            TransportRepr::Tcp(tcp::Repr::parse(&tcp::Packet::new_checked(payload)?)?)
        }
        _ => TransportRepr::Raw(payload),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::fixtures;

    #[test]
    fn test_parse_all_fixtures() {
        for bytes in fixtures::ALL {
            let dgram = Datagram::parse(bytes).unwrap();
            assert!(
                !matches!(dgram.transport, TransportRepr::Raw(_)),
                "{dgram:?}"
            );
            assert_eq!(dgram.buffer_len(), bytes.len());
        }
    }

    #[test]
    fn test_emit_reproduces_capture() {
        // `lo` leaves TCP/UDP checksums partial, so Partial mode gives back
        // exactly the captured bytes; ICMP checksums are always full.
        let mut out = Vec::new();
        for bytes in fixtures::ALL {
            out.clear();
            Datagram::parse(bytes)
                .unwrap()
                .emit(&mut out, ChecksumMode::Partial)
                .unwrap();
            assert_eq!(&out[..], *bytes);
        }
    }

    #[test]
    fn test_every_prefix_is_an_error() {
        for bytes in fixtures::ALL {
            for len in 0..bytes.len() {
                assert!(
                    Datagram::parse(&bytes[..len]).is_err(),
                    "prefix {len} of {bytes:?}"
                );
            }
        }
    }

    #[test]
    fn test_fragment_is_raw() {
        let mut bytes = fixtures::UDPV4_HELLO.to_vec();
        bytes[6] = 0x20; // MF
        ipv4::Packet::new_unchecked(&mut bytes[..]).fill_checksum();
        assert!(matches!(
            Datagram::parse(&bytes).unwrap().transport,
            TransportRepr::Raw(_)
        ));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod prop {
        use super::*;
        use crate::wire::{icmpv4, icmpv6, ipv4, ipv6, tcp};
        use proptest::prelude::*;

        fn arb_datagram() -> impl Strategy<Value = Datagram<'static>> {
            static PAYLOAD: [u8; 100] = [7; 100];
            fn v4() -> impl Strategy<Value = ipv4::Repr> {
                ipv4::tests::prop::arb_repr().prop_map(|mut r| {
                    r.more_frags = false;
                    r.frag_offset = 0;
                    r
                })
            }
            prop_oneof![
                (v4(), icmpv4::tests::prop::arb_repr()).prop_map(|(mut ip, t)| {
                    ip.protocol = IpProtocol::Icmp;
                    ip.payload_len = t.buffer_len();
                    Datagram {
                        ip: IpRepr::Ipv4(ip),
                        transport: TransportRepr::Icmpv4(t),
                    }
                }),
                (
                    ipv6::tests::prop::arb_repr(),
                    icmpv6::tests::prop::arb_repr()
                )
                    .prop_map(|(mut ip, t)| {
                        ip.next_header = IpProtocol::Icmpv6;
                        ip.payload_len = t.buffer_len();
                        Datagram {
                            ip: IpRepr::Ipv6(ip),
                            transport: TransportRepr::Icmpv6(t),
                        }
                    }),
                (v4(), tcp::tests::prop::arb_repr(&PAYLOAD)).prop_map(|(mut ip, t)| {
                    ip.protocol = IpProtocol::Tcp;
                    ip.payload_len = t.buffer_len();
                    Datagram {
                        ip: IpRepr::Ipv4(ip),
                        transport: TransportRepr::Tcp(t),
                    }
                }),
                (
                    ipv6::tests::prop::arb_repr(),
                    any::<u16>(),
                    any::<u16>(),
                    0usize..100
                )
                    .prop_map(|(mut ip, s, d, n)| {
                        let t = udp::Repr {
                            src_port: s,
                            dst_port: d,
                            payload: &PAYLOAD[..n],
                        };
                        ip.next_header = IpProtocol::Udp;
                        ip.payload_len = t.buffer_len();
                        Datagram {
                            ip: IpRepr::Ipv6(ip),
                            transport: TransportRepr::Udp(t),
                        }
                    }),
            ]
        }

        proptest! {
            #[test]
            fn parse_emit_round_trip(dgram in arb_datagram()) {
                let mut out = Vec::new();
                dgram.emit(&mut out, ChecksumMode::Full).unwrap();
                prop_assert_eq!(Datagram::parse(&out).unwrap(), dgram);
            }

            #[test]
            fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..120), v6 in any::<bool>()) {
                let mut bytes = bytes;
                if let Some(b) = bytes.first_mut() {
                    *b = if v6 { 0x60 | (*b & 0x0f) } else { 0x40 | (*b & 0x0f) };
                }
                let _ = Datagram::parse(&bytes);
            }
        }
    }
}
