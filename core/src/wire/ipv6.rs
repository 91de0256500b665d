//! IPv6 fixed header (RFC 8200). Extension headers are not walked: their
//! numbers show up as [`IpProtocol::Unknown`] next headers.

use core::net::Ipv6Addr;

use super::field::{self, u8_at, u16_at, u32_at};
use super::{Error, IpProtocol, Result};

/// Byte offsets of the header.
mod offs {
    pub(super) const VER_TC_FLOW: usize = 0;
    pub(super) const LENGTH: usize = 4;
    pub(super) const NXT_HDR: usize = 6;
    pub(super) const HOP_LIMIT: usize = 7;
    pub(super) const SRC: usize = 8;
    pub(super) const DST: usize = 24;
}

/// Length of the fixed header.
pub const HEADER_LEN: usize = 40;

/// A read/write view of an IPv6 packet in a byte buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps a buffer without checking it.
    pub const fn new_unchecked(buffer: T) -> Self {
        Packet { buffer }
    }

    /// Wraps a buffer after [`Packet::check_len`].
    pub fn new_checked(buffer: T) -> Result<Self> {
        let packet = Self::new_unchecked(buffer);
        packet.check_len()?;
        Ok(packet)
    }

    /// Checks that the header and the payload length fit in the buffer.
    pub fn check_len(&self) -> Result<()> {
        let buf = self.buffer.as_ref();
        field::need(buf, HEADER_LEN)?;
        field::need(buf, HEADER_LEN + usize::from(self.payload_len()))
    }

    /// Returns the buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The version nibble (6).
    pub fn version(&self) -> u8 {
        u8_at(self.buffer.as_ref(), offs::VER_TC_FLOW) >> 4
    }

    /// The traffic class (DSCP/ECN).
    pub fn traffic_class(&self) -> u8 {
        ((u32_at(self.buffer.as_ref(), offs::VER_TC_FLOW) >> 20) & 0xff) as u8
    }

    /// The 20-bit flow label.
    pub fn flow_label(&self) -> u32 {
        u32_at(self.buffer.as_ref(), offs::VER_TC_FLOW) & 0x000f_ffff
    }

    /// The payload length field.
    pub fn payload_len(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::LENGTH)
    }

    /// The next header.
    pub fn next_header(&self) -> IpProtocol {
        IpProtocol::from(u8_at(self.buffer.as_ref(), offs::NXT_HDR))
    }

    /// The hop limit.
    pub fn hop_limit(&self) -> u8 {
        u8_at(self.buffer.as_ref(), offs::HOP_LIMIT)
    }

    /// The source address.
    pub fn src_addr(&self) -> Ipv6Addr {
        Ipv6Addr::from(field::array_at::<16>(self.buffer.as_ref(), offs::SRC))
    }

    /// The destination address.
    pub fn dst_addr(&self) -> Ipv6Addr {
        Ipv6Addr::from(field::array_at::<16>(self.buffer.as_ref(), offs::DST))
    }

    /// The payload, up to the payload length.
    pub fn payload(&self) -> &[u8] {
        let buf = self.buffer.as_ref();
        let end = (HEADER_LEN + usize::from(self.payload_len())).min(buf.len());
        field::slice(buf, HEADER_LEN..end)
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Sets version, traffic class and flow label in one go.
    pub fn set_version_tc_flow(&mut self, version: u8, traffic_class: u8, flow_label: u32) {
        let word = (u32::from(version & 0x0f) << 28)
            | (u32::from(traffic_class) << 20)
            | (flow_label & 0x000f_ffff);
        field::set_u32(self.buffer.as_mut(), offs::VER_TC_FLOW, word);
    }

    /// Sets the payload length.
    pub fn set_payload_len(&mut self, value: u16) {
        field::set_u16(self.buffer.as_mut(), offs::LENGTH, value);
    }

    /// Sets the next header.
    pub fn set_next_header(&mut self, value: IpProtocol) {
        field::set_u8(self.buffer.as_mut(), offs::NXT_HDR, value.into());
    }

    /// Sets the hop limit.
    pub fn set_hop_limit(&mut self, value: u8) {
        field::set_u8(self.buffer.as_mut(), offs::HOP_LIMIT, value);
    }

    /// Sets the source address.
    pub fn set_src_addr(&mut self, value: Ipv6Addr) {
        field::set_bytes(self.buffer.as_mut(), offs::SRC, &value.octets());
    }

    /// Sets the destination address.
    pub fn set_dst_addr(&mut self, value: Ipv6Addr) {
        field::set_bytes(self.buffer.as_mut(), offs::DST, &value.octets());
    }

    /// The mutable payload.
    pub fn payload_mut(&mut self) -> &mut [u8] {
        let end = (HEADER_LEN + usize::from(self.payload_len())).min(self.buffer.as_ref().len());
        field::slice_mut(self.buffer.as_mut(), HEADER_LEN..end)
    }
}

/// A parsed IPv6 fixed header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Repr {
    /// Source address.
    pub src_addr: Ipv6Addr,
    /// Destination address.
    pub dst_addr: Ipv6Addr,
    /// Next header (extension headers appear as `Unknown`).
    pub next_header: IpProtocol,
    /// Payload length in bytes.
    pub payload_len: usize,
    /// Hop limit.
    pub hop_limit: u8,
    /// Traffic class.
    pub traffic_class: u8,
    /// Flow label (20 bits). Linux picks a hashed label per flow.
    pub flow_label: u32,
}

impl Repr {
    /// A header with Linux defaults: hop limit 64, flow label 0.
    pub fn new(
        src_addr: Ipv6Addr,
        dst_addr: Ipv6Addr,
        next_header: IpProtocol,
        payload_len: usize,
    ) -> Self {
        Repr {
            src_addr,
            dst_addr,
            next_header,
            payload_len,
            hop_limit: 64,
            traffic_class: 0,
            flow_label: 0,
        }
    }

    /// Parses a checked packet; rejects a version other than 6.
    pub fn parse<T: AsRef<[u8]>>(packet: &Packet<T>) -> Result<Repr> {
        packet.check_len()?;
        Self::parse_unverified(packet)
    }

    /// Parses the header quoted inside an ICMPv6 error, where the packet may
    /// be cut short. Returns the header and the quoted payload bytes.
    pub fn parse_quoted(bytes: &[u8]) -> Result<(Repr, &[u8])> {
        field::need(bytes, HEADER_LEN)?;
        let repr = Self::parse_unverified(&Packet::new_unchecked(bytes))?;
        Ok((repr, field::rest(bytes, HEADER_LEN)))
    }

    fn parse_unverified<T: AsRef<[u8]>>(packet: &Packet<T>) -> Result<Repr> {
        if packet.version() != 6 {
            return Err(Error::Malformed);
        }
        Ok(Repr {
            src_addr: packet.src_addr(),
            dst_addr: packet.dst_addr(),
            next_header: packet.next_header(),
            payload_len: usize::from(packet.payload_len()),
            hop_limit: packet.hop_limit(),
            traffic_class: packet.traffic_class(),
            flow_label: packet.flow_label(),
        })
    }

    /// The bytes [`Repr::emit`] writes: 40.
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Header plus payload.
    pub const fn total_len(&self) -> usize {
        HEADER_LEN + self.payload_len
    }

    /// Writes the header into the start of `packet`. Errors if the buffer is
    /// shorter than 40 bytes or the payload length exceeds 65535 (jumbograms
    /// are not modelled).
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) -> Result<()> {
        field::need(packet.buffer.as_ref(), HEADER_LEN)?;
        let len = u16::try_from(self.payload_len).map_err(|_| Error::Malformed)?;
        packet.set_version_tc_flow(6, self.traffic_class, self.flow_label);
        packet.set_payload_len(len);
        packet.set_next_header(self.next_header);
        packet.set_hop_limit(self.hop_limit);
        packet.set_src_addr(self.src_addr);
        packet.set_dst_addr(self.dst_addr);
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::wire::fixtures;
    use alloc::vec;

    #[test]
    fn test_parse() {
        // `ping -6 -c1 ::1`: "IP6 (flowlabel 0x1967d, hlim 64, next-header ICMPv6 (58) payload length: 64)"
        let packet = Packet::new_checked(fixtures::ICMPV6_ECHO_REQUEST).unwrap();
        let repr = Repr::parse(&packet).unwrap();
        assert_eq!(
            repr,
            Repr {
                src_addr: Ipv6Addr::LOCALHOST,
                dst_addr: Ipv6Addr::LOCALHOST,
                next_header: IpProtocol::Icmpv6,
                payload_len: 64,
                hop_limit: 64,
                traffic_class: 0,
                flow_label: 0x1967d,
            }
        );
        assert_eq!(packet.payload().len(), 64);
    }

    #[test]
    fn test_emit() {
        for bytes in fixtures::ALL.iter().filter(|b| b[0] >> 4 == 6) {
            let repr = Repr::parse(&Packet::new_checked(*bytes).unwrap()).unwrap();
            let mut buf = vec![0u8; repr.buffer_len()];
            repr.emit(&mut Packet::new_unchecked(&mut buf)).unwrap();
            assert_eq!(&buf[..], &bytes[..40]);
        }
    }

    #[test]
    fn test_truncated() {
        for bytes in fixtures::ALL.iter().filter(|b| b[0] >> 4 == 6) {
            for len in 0..bytes.len() {
                assert!(Repr::parse(&Packet::new_unchecked(&bytes[..len])).is_err());
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) mod prop {
        use super::*;
        use proptest::prelude::*;

        /// Any valid IPv6 header.
        pub(crate) fn arb_repr() -> impl Strategy<Value = Repr> {
            (
                any::<u128>(),
                any::<u128>(),
                any::<u8>(),
                0usize..2000,
                any::<u8>(),
                any::<u8>(),
                0u32..0x10_0000,
            )
                .prop_map(|(s, d, nh, len, hl, tc, fl)| Repr {
                    src_addr: Ipv6Addr::from(s),
                    dst_addr: Ipv6Addr::from(d),
                    next_header: IpProtocol::from(nh),
                    payload_len: len,
                    hop_limit: hl,
                    traffic_class: tc,
                    flow_label: fl,
                })
        }

        proptest! {
            #[test]
            fn parse_emit_round_trip(repr in arb_repr()) {
                let mut buf = vec![0u8; repr.total_len()];
                repr.emit(&mut Packet::new_unchecked(&mut buf)).unwrap();
                prop_assert_eq!(Repr::parse(&Packet::new_checked(&buf).unwrap()).unwrap(), repr);
            }
        }
    }
}
