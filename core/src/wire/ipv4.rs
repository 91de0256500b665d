//! IPv4 header (RFC 791).

use alloc::vec::Vec;
use core::net::Ipv4Addr;

use super::field::{self, u8_at, u16_at};
use super::{Error, IpProtocol, Result, checksum};

/// Byte offsets of the fixed header.
mod offs {
    pub(super) const VER_IHL: usize = 0;
    pub(super) const DSCP_ECN: usize = 1;
    pub(super) const LENGTH: usize = 2;
    pub(super) const IDENT: usize = 4;
    pub(super) const FLG_OFF: usize = 6;
    pub(super) const TTL: usize = 8;
    pub(super) const PROTOCOL: usize = 9;
    pub(super) const CHECKSUM: usize = 10;
    pub(super) const SRC: usize = 12;
    pub(super) const DST: usize = 16;
}

/// Length of the header without options.
pub const HEADER_LEN: usize = 20;
/// Longest header (IHL 15).
pub const MAX_HEADER_LEN: usize = 60;

/// A read/write view of an IPv4 datagram in a byte buffer.
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

    /// Checks that the header and the total length fit in the buffer and are
    /// consistent (IHL >= 5, total length >= header length). Bytes after the
    /// total length (link padding) are allowed.
    pub fn check_len(&self) -> Result<()> {
        let buf = self.buffer.as_ref();
        field::need(buf, HEADER_LEN)?;
        let header_len = usize::from(self.header_len());
        if header_len < HEADER_LEN {
            return Err(Error::Malformed);
        }
        field::need(buf, header_len)?;
        let total = usize::from(self.total_len());
        if total < header_len {
            return Err(Error::Malformed);
        }
        field::need(buf, total)
    }

    /// Returns the buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The version nibble (4 for IPv4).
    pub fn version(&self) -> u8 {
        u8_at(self.buffer.as_ref(), offs::VER_IHL) >> 4
    }

    /// The header length in bytes (IHL * 4).
    pub fn header_len(&self) -> u8 {
        (u8_at(self.buffer.as_ref(), offs::VER_IHL) & 0x0f) * 4
    }

    /// The DSCP/ECN byte (the old TOS).
    pub fn dscp_ecn(&self) -> u8 {
        u8_at(self.buffer.as_ref(), offs::DSCP_ECN)
    }

    /// The total length field.
    pub fn total_len(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::LENGTH)
    }

    /// The identification field.
    pub fn ident(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::IDENT)
    }

    /// The reserved (evil) bit.
    pub fn reserved_flag(&self) -> bool {
        u16_at(self.buffer.as_ref(), offs::FLG_OFF) & 0x8000 != 0
    }

    /// The don't-fragment flag.
    pub fn dont_frag(&self) -> bool {
        u16_at(self.buffer.as_ref(), offs::FLG_OFF) & 0x4000 != 0
    }

    /// The more-fragments flag.
    pub fn more_frags(&self) -> bool {
        u16_at(self.buffer.as_ref(), offs::FLG_OFF) & 0x2000 != 0
    }

    /// The fragment offset in bytes (the field times 8).
    pub fn frag_offset(&self) -> u16 {
        (u16_at(self.buffer.as_ref(), offs::FLG_OFF) & 0x1fff) << 3
    }

    /// The time to live.
    pub fn ttl(&self) -> u8 {
        u8_at(self.buffer.as_ref(), offs::TTL)
    }

    /// The protocol of the payload.
    pub fn protocol(&self) -> IpProtocol {
        IpProtocol::from(u8_at(self.buffer.as_ref(), offs::PROTOCOL))
    }

    /// The header checksum field.
    pub fn checksum(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::CHECKSUM)
    }

    /// The source address.
    pub fn src_addr(&self) -> Ipv4Addr {
        Ipv4Addr::from(field::array_at::<4>(self.buffer.as_ref(), offs::SRC))
    }

    /// The destination address.
    pub fn dst_addr(&self) -> Ipv4Addr {
        Ipv4Addr::from(field::array_at::<4>(self.buffer.as_ref(), offs::DST))
    }

    /// The whole header, options included.
    pub fn header(&self) -> &[u8] {
        field::slice(self.buffer.as_ref(), 0..usize::from(self.header_len()))
    }

    /// The options bytes (between the fixed header and the payload).
    pub fn options(&self) -> &[u8] {
        field::slice(
            self.buffer.as_ref(),
            HEADER_LEN..usize::from(self.header_len()),
        )
    }

    /// Whether the header checksum is correct.
    pub fn verify_checksum(&self) -> bool {
        let header = self.header();
        header.len() >= HEADER_LEN && checksum::data(header) == 0xffff
    }

    /// The header checksum the header should carry.
    pub fn compute_checksum(&self) -> u16 {
        let header = self.header();
        let stored = self.checksum();
        // Sum with the stored checksum taken out again.
        !checksum::combine(&[checksum::data(header), !stored])
    }

    /// The payload, up to the total length (link padding excluded).
    pub fn payload(&self) -> &[u8] {
        let buf = self.buffer.as_ref();
        let end = usize::from(self.total_len()).min(buf.len());
        field::slice(buf, usize::from(self.header_len())..end)
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Sets version and header length (in bytes, a multiple of 4).
    pub fn set_version_and_header_len(&mut self, version: u8, header_len: u8) {
        field::set_u8(
            self.buffer.as_mut(),
            offs::VER_IHL,
            (version << 4) | ((header_len / 4) & 0x0f),
        );
    }

    /// Sets the DSCP/ECN byte.
    pub fn set_dscp_ecn(&mut self, value: u8) {
        field::set_u8(self.buffer.as_mut(), offs::DSCP_ECN, value);
    }

    /// Sets the total length.
    pub fn set_total_len(&mut self, value: u16) {
        field::set_u16(self.buffer.as_mut(), offs::LENGTH, value);
    }

    /// Sets the identification.
    pub fn set_ident(&mut self, value: u16) {
        field::set_u16(self.buffer.as_mut(), offs::IDENT, value);
    }

    /// Sets flags and fragment offset (in bytes, a multiple of 8).
    pub fn set_flags_and_frag_offset(
        &mut self,
        dont_frag: bool,
        more_frags: bool,
        frag_offset: u16,
    ) {
        let mut raw = (frag_offset >> 3) & 0x1fff;
        if dont_frag {
            raw |= 0x4000;
        }
        if more_frags {
            raw |= 0x2000;
        }
        field::set_u16(self.buffer.as_mut(), offs::FLG_OFF, raw);
    }

    /// Sets the time to live.
    pub fn set_ttl(&mut self, value: u8) {
        field::set_u8(self.buffer.as_mut(), offs::TTL, value);
    }

    /// Sets the protocol.
    pub fn set_protocol(&mut self, value: IpProtocol) {
        field::set_u8(self.buffer.as_mut(), offs::PROTOCOL, value.into());
    }

    /// Sets the checksum field.
    pub fn set_checksum(&mut self, value: u16) {
        field::set_u16(self.buffer.as_mut(), offs::CHECKSUM, value);
    }

    /// Sets the source address.
    pub fn set_src_addr(&mut self, value: Ipv4Addr) {
        field::set_bytes(self.buffer.as_mut(), offs::SRC, &value.octets());
    }

    /// Sets the destination address.
    pub fn set_dst_addr(&mut self, value: Ipv4Addr) {
        field::set_bytes(self.buffer.as_mut(), offs::DST, &value.octets());
    }

    /// Computes and writes the header checksum.
    pub fn fill_checksum(&mut self) {
        self.set_checksum(0);
        let sum = checksum::checksum(self.header());
        self.set_checksum(sum);
    }

    /// The mutable options bytes.
    pub fn options_mut(&mut self) -> &mut [u8] {
        let end = usize::from(self.header_len());
        field::slice_mut(self.buffer.as_mut(), HEADER_LEN..end)
    }

    /// The mutable payload, up to the total length.
    pub fn payload_mut(&mut self) -> &mut [u8] {
        let start = usize::from(self.header_len());
        let end = usize::from(self.total_len()).min(self.buffer.as_ref().len());
        field::slice_mut(self.buffer.as_mut(), start..end)
    }
}

/// A parsed IPv4 header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Repr {
    /// Source address.
    pub src_addr: Ipv4Addr,
    /// Destination address.
    pub dst_addr: Ipv4Addr,
    /// Protocol of the payload.
    pub protocol: IpProtocol,
    /// Payload length in bytes (total length minus header length).
    pub payload_len: usize,
    /// Time to live.
    pub ttl: u8,
    /// Identification.
    pub ident: u16,
    /// Don't-fragment flag.
    pub dont_frag: bool,
    /// More-fragments flag.
    pub more_frags: bool,
    /// Fragment offset in bytes (a multiple of 8).
    pub frag_offset: u16,
    /// The DSCP/ECN byte (TOS): Linux ICMP errors use 0xc0.
    pub dscp_ecn: u8,
    /// Raw option bytes, not interpreted but kept (length a multiple of 4,
    /// at most 40). Empty (and not allocated) for nearly every packet.
    pub options: Vec<u8>,
}

impl Repr {
    /// A header with Linux defaults: TTL 64, DF set, no options.
    pub fn new(
        src_addr: Ipv4Addr,
        dst_addr: Ipv4Addr,
        protocol: IpProtocol,
        payload_len: usize,
    ) -> Self {
        Repr {
            src_addr,
            dst_addr,
            protocol,
            payload_len,
            ttl: 64,
            ident: 0,
            dont_frag: true,
            more_frags: false,
            frag_offset: 0,
            dscp_ecn: 0,
            options: Vec::new(),
        }
    }

    /// Parses a checked packet. Like Linux `ip_rcv`, rejects a wrong version
    /// and a bad header checksum.
    pub fn parse<T: AsRef<[u8]>>(packet: &Packet<T>) -> Result<Repr> {
        packet.check_len()?;
        if !packet.verify_checksum() {
            return Err(Error::Checksum);
        }
        Self::parse_unverified(packet)
    }

    /// Parses the header quoted inside an ICMP error: the datagram may be
    /// cut short (total length beyond the buffer) and the checksum is not
    /// verified. Returns the header and the quoted payload bytes.
    pub fn parse_quoted(bytes: &[u8]) -> Result<(Repr, &[u8])> {
        let packet = Packet::new_unchecked(bytes);
        field::need(bytes, HEADER_LEN)?;
        let header_len = usize::from(packet.header_len());
        if header_len < HEADER_LEN || usize::from(packet.total_len()) < header_len {
            return Err(Error::Malformed);
        }
        field::need(bytes, header_len)?;
        let repr = Self::parse_unverified(&packet)?;
        Ok((repr, field::rest(bytes, header_len)))
    }

    fn parse_unverified<T: AsRef<[u8]>>(packet: &Packet<T>) -> Result<Repr> {
        if packet.version() != 4 {
            return Err(Error::Malformed);
        }
        let header_len = packet.header_len();
        Ok(Repr {
            src_addr: packet.src_addr(),
            dst_addr: packet.dst_addr(),
            protocol: packet.protocol(),
            payload_len: usize::from(packet.total_len().saturating_sub(u16::from(header_len))),
            ttl: packet.ttl(),
            ident: packet.ident(),
            dont_frag: packet.dont_frag(),
            more_frags: packet.more_frags(),
            frag_offset: packet.frag_offset(),
            dscp_ecn: packet.dscp_ecn(),
            options: packet.options().to_vec(),
        })
    }

    /// The header length: 20 plus the options padded to 4 bytes.
    pub fn header_len(&self) -> usize {
        HEADER_LEN + self.options.len().next_multiple_of(4)
    }

    /// The bytes [`Repr::emit`] writes: the header only.
    pub fn buffer_len(&self) -> usize {
        self.header_len()
    }

    /// The total length: header plus payload.
    pub fn total_len(&self) -> usize {
        self.header_len() + self.payload_len
    }

    /// Writes the header (options padded with zero, checksum filled) into
    /// the start of `packet`. Errors if the buffer is too short, the options
    /// exceed 40 bytes or the total length exceeds 65535.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) -> Result<()> {
        let header_len = self.header_len();
        if header_len > MAX_HEADER_LEN {
            return Err(Error::Malformed);
        }
        let total = u16::try_from(self.total_len()).map_err(|_| Error::Malformed)?;
        field::need(packet.buffer.as_ref(), header_len)?;
        let header_len8 = u8::try_from(header_len).map_err(|_| Error::Malformed)?;
        packet.set_version_and_header_len(4, header_len8);
        packet.set_dscp_ecn(self.dscp_ecn);
        packet.set_total_len(total);
        packet.set_ident(self.ident);
        packet.set_flags_and_frag_offset(self.dont_frag, self.more_frags, self.frag_offset);
        packet.set_ttl(self.ttl);
        packet.set_protocol(self.protocol);
        packet.set_src_addr(self.src_addr);
        packet.set_dst_addr(self.dst_addr);
        let opts = packet.options_mut();
        opts.fill(0);
        field::set_bytes(opts, 0, &self.options);
        packet.fill_checksum();
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
        // `ping -c1 127.0.0.1`: "IP (tos 0x0, ttl 64, id 37669, offset 0, flags [DF], proto ICMP (1), length 84)"
        let packet = Packet::new_checked(fixtures::ICMPV4_ECHO_REQUEST).unwrap();
        assert_eq!(packet.version(), 4);
        assert_eq!(packet.header_len(), 20);
        assert_eq!(packet.total_len(), 84);
        assert_eq!(packet.checksum(), 0xa981);
        assert!(packet.verify_checksum());
        assert_eq!(packet.compute_checksum(), 0xa981);
        let repr = Repr::parse(&packet).unwrap();
        assert_eq!(
            repr,
            Repr {
                src_addr: Ipv4Addr::LOCALHOST,
                dst_addr: Ipv4Addr::LOCALHOST,
                protocol: IpProtocol::Icmp,
                payload_len: 64,
                ttl: 64,
                ident: 37669,
                dont_frag: true,
                more_frags: false,
                frag_offset: 0,
                dscp_ecn: 0,
                options: vec![],
            }
        );
        // The port-unreachable error: "tos 0xc0 ... flags [none]".
        let err =
            Repr::parse(&Packet::new_checked(fixtures::ICMPV4_PORT_UNREACHABLE).unwrap()).unwrap();
        assert_eq!(err.dscp_ecn, 0xc0);
        assert!(!err.dont_frag);
    }

    #[test]
    fn test_emit() {
        for bytes in fixtures::ALL.iter().filter(|b| b[0] >> 4 == 4) {
            let repr = Repr::parse(&Packet::new_checked(*bytes).unwrap()).unwrap();
            let mut buf = vec![0u8; repr.buffer_len()];
            repr.emit(&mut Packet::new_unchecked(&mut buf)).unwrap();
            assert_eq!(&buf[..], &bytes[..20]);
        }
    }

    #[test]
    fn test_bad_checksum_and_version() {
        let mut bytes = fixtures::ICMPV4_ECHO_REQUEST.to_vec();
        bytes[11] ^= 1;
        assert_eq!(
            Repr::parse(&Packet::new_unchecked(&bytes)),
            Err(Error::Checksum)
        );
        let mut bytes = fixtures::ICMPV4_ECHO_REQUEST.to_vec();
        bytes[0] = 0x65;
        Packet::new_unchecked(&mut bytes).fill_checksum();
        assert_eq!(
            Repr::parse(&Packet::new_unchecked(&bytes)),
            Err(Error::Malformed)
        );
    }

    #[test]
    fn test_truncated() {
        for bytes in fixtures::ALL.iter().filter(|b| b[0] >> 4 == 4) {
            for len in 0..bytes.len() {
                assert!(Repr::parse(&Packet::new_unchecked(&bytes[..len])).is_err());
            }
        }
    }

    #[test]
    fn test_options_preserved() {
        let mut repr = Repr::new(
            Ipv4Addr::LOCALHOST,
            Ipv4Addr::new(127, 0, 0, 2),
            IpProtocol::Udp,
            8,
        );
        repr.options = vec![0x94, 0x04, 0x00, 0x00]; // Router Alert
        let mut buf = vec![0u8; repr.total_len()];
        repr.emit(&mut Packet::new_unchecked(&mut buf)).unwrap();
        assert_eq!(buf[0], 0x46);
        assert_eq!(
            Repr::parse(&Packet::new_checked(&buf).unwrap()).unwrap(),
            repr
        );
        repr.options = vec![0; 44];
        assert_eq!(
            repr.emit(&mut Packet::new_unchecked(&mut [0u8; 64])),
            Err(Error::Malformed)
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) mod prop {
        use super::*;
        use proptest::prelude::*;

        /// Any valid IPv4 header.
        pub(crate) fn arb_repr() -> impl Strategy<Value = Repr> {
            (
                (
                    any::<u32>(),
                    any::<u32>(),
                    any::<u8>(),
                    0usize..2000,
                    any::<u8>(),
                    any::<u16>(),
                ),
                (
                    any::<bool>(),
                    any::<bool>(),
                    0u16..0x2000,
                    any::<u8>(),
                    0usize..=10,
                ),
                proptest::collection::vec(any::<u8>(), 40),
            )
                .prop_map(
                    |((s, d, p, len, ttl, id), (df, mf, off, tos, words), opts)| Repr {
                        src_addr: Ipv4Addr::from(s),
                        dst_addr: Ipv4Addr::from(d),
                        protocol: IpProtocol::from(p),
                        payload_len: len,
                        ttl,
                        ident: id,
                        dont_frag: df,
                        more_frags: mf,
                        frag_offset: off << 3,
                        dscp_ecn: tos,
                        options: opts[..words * 4].to_vec(),
                    },
                )
        }

        proptest! {
            #[test]
            fn parse_emit_round_trip(repr in arb_repr()) {
                let mut buf = vec![0u8; repr.total_len()];
                repr.emit(&mut Packet::new_unchecked(&mut buf)).unwrap();
                prop_assert_eq!(Repr::parse(&Packet::new_checked(&buf).unwrap()).unwrap(), repr);
            }

            #[test]
            fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
                let _ = Repr::parse(&Packet::new_unchecked(&bytes));
                let _ = Repr::parse_quoted(&bytes);
            }
        }
    }
}
