//! UDP header (RFC 768) and its checksum over the IPv4/IPv6 pseudo-header.

use core::net::IpAddr;

use super::field::{self, u16_at};
use super::{ChecksumMode, Error, IpProtocol, Result, checksum};

/// Byte offsets of the header.
mod offs {
    pub(super) const SRC_PORT: usize = 0;
    pub(super) const DST_PORT: usize = 2;
    pub(super) const LENGTH: usize = 4;
    pub(super) const CHECKSUM: usize = 6;
}

/// Length of the header.
pub const HEADER_LEN: usize = 8;

/// A read/write view of a UDP datagram in a byte buffer.
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

    /// Checks that the header fits and the length field is between 8 and
    /// the buffer length.
    pub fn check_len(&self) -> Result<()> {
        let buf = self.buffer.as_ref();
        field::need(buf, HEADER_LEN)?;
        let len = usize::from(self.len());
        if len < HEADER_LEN {
            return Err(Error::Malformed);
        }
        field::need(buf, len)
    }

    /// Returns the buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The source port.
    pub fn src_port(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::SRC_PORT)
    }

    /// The destination port.
    pub fn dst_port(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::DST_PORT)
    }

    /// The length field (header plus payload).
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::LENGTH)
    }

    /// The checksum field.
    pub fn checksum(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::CHECKSUM)
    }

    /// The datagram bytes covered by the length field.
    fn datagram(&self) -> &[u8] {
        let buf = self.buffer.as_ref();
        field::slice(buf, 0..usize::from(self.len()).min(buf.len()))
    }

    /// The payload.
    pub fn payload(&self) -> &[u8] {
        field::rest(self.datagram(), HEADER_LEN)
    }

    /// The checksum the datagram should carry between `src` and `dst`
    /// (0 is sent as 0xffff).
    pub fn compute_checksum(&self, src: &IpAddr, dst: &IpAddr) -> u16 {
        let dgram = self.datagram();
        let len = u32::from(self.len());
        let sum = checksum::combine(&[
            checksum::pseudo_header(src, dst, IpProtocol::Udp, len),
            checksum::data(dgram),
            !self.checksum(),
        ]);
        match !sum {
            0 => 0xffff,
            c => c,
        }
    }

    /// Whether the checksum is valid. A zero checksum means "none" and is
    /// accepted over IPv4, rejected over IPv6 (RFC 8200 §8.1).
    pub fn verify_checksum(&self, src: &IpAddr, dst: &IpAddr) -> bool {
        if self.checksum() == 0 {
            return matches!(src, IpAddr::V4(_));
        }
        let dgram = self.datagram();
        let len = u32::from(self.len());
        checksum::combine(&[
            checksum::pseudo_header(src, dst, IpProtocol::Udp, len),
            checksum::data(dgram),
        ]) == 0xffff
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Sets the source port.
    pub fn set_src_port(&mut self, value: u16) {
        field::set_u16(self.buffer.as_mut(), offs::SRC_PORT, value);
    }

    /// Sets the destination port.
    pub fn set_dst_port(&mut self, value: u16) {
        field::set_u16(self.buffer.as_mut(), offs::DST_PORT, value);
    }

    /// Sets the length field.
    pub fn set_len(&mut self, value: u16) {
        field::set_u16(self.buffer.as_mut(), offs::LENGTH, value);
    }

    /// Sets the checksum field.
    pub fn set_checksum(&mut self, value: u16) {
        field::set_u16(self.buffer.as_mut(), offs::CHECKSUM, value);
    }

    /// Computes and writes the full checksum.
    pub fn fill_checksum(&mut self, src: &IpAddr, dst: &IpAddr) {
        self.set_checksum(0);
        let sum = self.compute_checksum(src, dst);
        self.set_checksum(sum);
    }

    /// Writes what Linux writes on `lo` (CHECKSUM_PARTIAL): the folded
    /// pseudo-header sum only.
    pub fn fill_partial_checksum(&mut self, src: &IpAddr, dst: &IpAddr) {
        let sum = checksum::pseudo_header(src, dst, IpProtocol::Udp, u32::from(self.len()));
        self.set_checksum(sum);
    }

    /// The mutable payload.
    pub fn payload_mut(&mut self) -> &mut [u8] {
        let end = usize::from(self.len()).min(self.buffer.as_ref().len());
        field::slice_mut(self.buffer.as_mut(), HEADER_LEN..end)
    }
}

/// A parsed UDP datagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Repr<'a> {
    /// Source port.
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// Payload bytes.
    pub payload: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a datagram. The checksum is not verified here (Linux trusts
    /// `lo`); call [`Packet::verify_checksum`] where it matters.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        let buf: &'a [u8] = packet.buffer.as_ref();
        let end = usize::from(packet.len());
        Ok(Repr {
            src_port: packet.src_port(),
            dst_port: packet.dst_port(),
            payload: field::slice(buf, HEADER_LEN..end),
        })
    }

    /// Header plus payload.
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN + self.payload.len()
    }

    /// Writes header, payload and checksum into the start of `packet`.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(
        &self,
        packet: &mut Packet<T>,
        src: &IpAddr,
        dst: &IpAddr,
        mode: ChecksumMode,
    ) -> Result<()> {
        let len = u16::try_from(self.buffer_len()).map_err(|_| Error::Malformed)?;
        field::need(packet.buffer.as_ref(), self.buffer_len())?;
        packet.set_src_port(self.src_port);
        packet.set_dst_port(self.dst_port);
        packet.set_len(len);
        field::set_bytes(packet.payload_mut(), 0, self.payload);
        match mode {
            ChecksumMode::Full => packet.fill_checksum(src, dst),
            ChecksumMode::Partial => packet.fill_partial_checksum(src, dst),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::fixtures;
    use alloc::vec;
    use core::net::{Ipv4Addr, Ipv6Addr};

    const LO4: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
    const LO6: IpAddr = IpAddr::V6(Ipv6Addr::LOCALHOST);

    #[test]
    fn test_parse() {
        // `echo hello | nc -u -w1 127.0.0.1 9000`: "127.0.0.1.53141 > 127.0.0.1.9000: UDP, length 6"
        let packet = Packet::new_checked(&fixtures::UDPV4_HELLO[20..]).unwrap();
        let repr = Repr::parse(&packet).unwrap();
        assert_eq!(
            repr,
            Repr {
                src_port: 53141,
                dst_port: 9000,
                payload: b"hello\n"
            }
        );
        // On lo the checksum is the partial one, so it does not verify...
        assert!(!packet.verify_checksum(&LO4, &LO4));
        // ...and equals the pseudo-header sum.
        assert_eq!(
            packet.checksum(),
            checksum::pseudo_header(&LO4, &LO4, IpProtocol::Udp, 14)
        );
    }

    #[test]
    fn test_emit_partial_matches_capture() {
        // `echo hi6 | nc -u -w1 ::1 9001`: "bad udp cksum 0x001f -> 0x6c76!"
        let bytes = &fixtures::UDPV6_TO_CLOSED_PORT[40..];
        let repr = Repr::parse(&Packet::new_checked(bytes).unwrap()).unwrap();
        let mut buf = vec![0u8; repr.buffer_len()];
        repr.emit(
            &mut Packet::new_unchecked(&mut buf),
            &LO6,
            &LO6,
            ChecksumMode::Partial,
        )
        .unwrap();
        assert_eq!(&buf[..], bytes);
        repr.emit(
            &mut Packet::new_unchecked(&mut buf),
            &LO6,
            &LO6,
            ChecksumMode::Full,
        )
        .unwrap();
        let packet = Packet::new_checked(&buf[..]).unwrap();
        assert_eq!(packet.checksum(), 0x6c76);
        assert!(packet.verify_checksum(&LO6, &LO6));
    }

    #[test]
    fn test_zero_checksum_rules() {
        let mut buf = [0u8; 8];
        let repr = Repr {
            src_port: 1,
            dst_port: 2,
            payload: &[],
        };
        repr.emit(
            &mut Packet::new_unchecked(&mut buf[..]),
            &LO4,
            &LO4,
            ChecksumMode::Full,
        )
        .unwrap();
        let mut packet = Packet::new_unchecked(&mut buf[..]);
        assert!(packet.verify_checksum(&LO4, &LO4));
        packet.set_checksum(0);
        assert!(packet.verify_checksum(&LO4, &LO4));
        assert!(!packet.verify_checksum(&LO6, &LO6));
        // A sum that computes to 0 is sent as 0xffff: find one by brute force.
        let mut hit = false;
        for port in 0..=u16::MAX {
            let repr = Repr {
                src_port: port,
                dst_port: 0,
                payload: &[],
            };
            let mut buf = [0u8; 8];
            repr.emit(
                &mut Packet::new_unchecked(&mut buf[..]),
                &LO4,
                &LO4,
                ChecksumMode::Full,
            )
            .unwrap();
            let packet = Packet::new_unchecked(&buf[..]);
            assert_ne!(packet.checksum(), 0);
            if packet.checksum() == 0xffff {
                assert!(packet.verify_checksum(&LO4, &LO4));
                hit = true;
            }
        }
        assert!(hit);
    }

    #[test]
    fn test_truncated() {
        let bytes = &fixtures::UDPV4_HELLO[20..];
        for len in 0..bytes.len() {
            assert!(Repr::parse(&Packet::new_unchecked(&bytes[..len])).is_err());
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn parse_emit_round_trip(src in any::<u16>(), dst in any::<u16>(),
                                     payload in proptest::collection::vec(any::<u8>(), 0..200), v6 in any::<bool>()) {
                let repr = Repr { src_port: src, dst_port: dst, payload: &payload };
                let (s, d) = if v6 { (LO6, LO6) } else { (LO4, IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))) };
                let mut buf = vec![0u8; repr.buffer_len()];
                repr.emit(&mut Packet::new_unchecked(&mut buf), &s, &d, ChecksumMode::Full).unwrap();
                let packet = Packet::new_checked(&buf[..]).unwrap();
                prop_assert!(packet.verify_checksum(&s, &d));
                prop_assert_eq!(Repr::parse(&packet).unwrap(), repr);
            }
        }
    }
}
