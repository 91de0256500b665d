//! ICMP for IPv6 (RFC 4443): echo, destination unreachable, packet too big,
//! time exceeded. Neighbour discovery and MLD are kept as `Other`.

use core::net::Ipv6Addr;

use super::field::{self, u8_at, u16_at, u32_at};
use super::{Error, IpProtocol, Result, checksum, ipv6};

/// Byte offsets of the header.
mod offs {
    pub(super) const TYPE: usize = 0;
    pub(super) const CODE: usize = 1;
    pub(super) const CHECKSUM: usize = 2;
    pub(super) const IDENT: usize = 4;
    pub(super) const SEQ_NO: usize = 6;
    pub(super) const REST: usize = 4;
}

/// Length of the header (type, code, checksum, 4 more bytes).
pub const HEADER_LEN: usize = 8;

/// Message types this module names.
pub mod msg_type {
    /// Destination unreachable.
    pub const DST_UNREACHABLE: u8 = 1;
    /// Packet too big.
    pub const PACKET_TOO_BIG: u8 = 2;
    /// Time exceeded.
    pub const TIME_EXCEEDED: u8 = 3;
    /// Echo request.
    pub const ECHO_REQUEST: u8 = 128;
    /// Echo reply.
    pub const ECHO_REPLY: u8 = 129;
}

/// Destination-unreachable codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DstUnreachable {
    /// 0: no route to destination.
    NoRoute,
    /// 1: communication administratively prohibited.
    AdminProhibit,
    /// 2: beyond scope of source address.
    BeyondScope,
    /// 3: address unreachable.
    AddrUnreachable,
    /// 4: port unreachable.
    PortUnreachable,
    /// 5: source address failed ingress/egress policy.
    FailedPolicy,
    /// 6: reject route to destination.
    RejectRoute,
    /// Any other code.
    Other(u8),
}

impl From<u8> for DstUnreachable {
    fn from(code: u8) -> Self {
        match code {
            0 => Self::NoRoute,
            1 => Self::AdminProhibit,
            2 => Self::BeyondScope,
            3 => Self::AddrUnreachable,
            4 => Self::PortUnreachable,
            5 => Self::FailedPolicy,
            6 => Self::RejectRoute,
            c => Self::Other(c),
        }
    }
}

impl From<DstUnreachable> for u8 {
    fn from(reason: DstUnreachable) -> u8 {
        match reason {
            DstUnreachable::NoRoute => 0,
            DstUnreachable::AdminProhibit => 1,
            DstUnreachable::BeyondScope => 2,
            DstUnreachable::AddrUnreachable => 3,
            DstUnreachable::PortUnreachable => 4,
            DstUnreachable::FailedPolicy => 5,
            DstUnreachable::RejectRoute => 6,
            DstUnreachable::Other(c) => c,
        }
    }
}

/// Time-exceeded codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeExceeded {
    /// 0: hop limit exceeded in transit.
    HopLimitExceeded,
    /// 1: fragment reassembly time exceeded.
    FragReassemblyExceeded,
    /// Any other code.
    Other(u8),
}

impl From<u8> for TimeExceeded {
    fn from(code: u8) -> Self {
        match code {
            0 => Self::HopLimitExceeded,
            1 => Self::FragReassemblyExceeded,
            c => Self::Other(c),
        }
    }
}

impl From<TimeExceeded> for u8 {
    fn from(reason: TimeExceeded) -> u8 {
        match reason {
            TimeExceeded::HopLimitExceeded => 0,
            TimeExceeded::FragReassemblyExceeded => 1,
            TimeExceeded::Other(c) => c,
        }
    }
}

/// A read/write view of an ICMPv6 message (the whole buffer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Wraps a buffer without checking it.
    pub const fn new_unchecked(buffer: T) -> Self {
        Packet { buffer }
    }

    /// Wraps a buffer of at least 8 bytes.
    pub fn new_checked(buffer: T) -> Result<Self> {
        field::need(buffer.as_ref(), HEADER_LEN)?;
        Ok(Self::new_unchecked(buffer))
    }

    /// Returns the buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The message type.
    pub fn msg_type(&self) -> u8 {
        u8_at(self.buffer.as_ref(), offs::TYPE)
    }

    /// The code.
    pub fn msg_code(&self) -> u8 {
        u8_at(self.buffer.as_ref(), offs::CODE)
    }

    /// The checksum field.
    pub fn checksum(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::CHECKSUM)
    }

    /// The echo identifier.
    pub fn echo_ident(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::IDENT)
    }

    /// The echo sequence number.
    pub fn echo_seq_no(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::SEQ_NO)
    }

    /// The MTU of a packet-too-big message.
    pub fn mtu(&self) -> u32 {
        u32_at(self.buffer.as_ref(), offs::REST)
    }

    /// Bytes 4..8 of the header.
    pub fn rest_of_header(&self) -> [u8; 4] {
        field::array_at::<4>(self.buffer.as_ref(), offs::REST)
    }

    /// The bytes after the 8-byte header.
    pub fn data(&self) -> &[u8] {
        field::rest(self.buffer.as_ref(), HEADER_LEN)
    }

    fn sum(&self, src: &Ipv6Addr, dst: &Ipv6Addr) -> u16 {
        let buf = self.buffer.as_ref();
        let len = u32::try_from(buf.len()).unwrap_or(u32::MAX);
        checksum::combine(&[
            checksum::pseudo_header_v6(src, dst, IpProtocol::Icmpv6, len),
            checksum::data(buf),
        ])
    }

    /// Whether the checksum (with the IPv6 pseudo-header) is correct.
    pub fn verify_checksum(&self, src: &Ipv6Addr, dst: &Ipv6Addr) -> bool {
        self.sum(src, dst) == 0xffff
    }

    /// The checksum the message should carry.
    pub fn compute_checksum(&self, src: &Ipv6Addr, dst: &Ipv6Addr) -> u16 {
        !checksum::combine(&[self.sum(src, dst), !self.checksum()])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Packet<T> {
    /// Sets the message type.
    pub fn set_msg_type(&mut self, value: u8) {
        field::set_u8(self.buffer.as_mut(), offs::TYPE, value);
    }

    /// Sets the code.
    pub fn set_msg_code(&mut self, value: u8) {
        field::set_u8(self.buffer.as_mut(), offs::CODE, value);
    }

    /// Sets the checksum field.
    pub fn set_checksum(&mut self, value: u16) {
        field::set_u16(self.buffer.as_mut(), offs::CHECKSUM, value);
    }

    /// Sets bytes 4..8 of the header.
    pub fn set_rest_of_header(&mut self, value: [u8; 4]) {
        field::set_bytes(self.buffer.as_mut(), offs::REST, &value);
    }

    /// The mutable bytes after the header.
    pub fn data_mut(&mut self) -> &mut [u8] {
        field::rest_mut(self.buffer.as_mut(), HEADER_LEN)
    }

    /// Computes and writes the checksum over the whole buffer.
    pub fn fill_checksum(&mut self, src: &Ipv6Addr, dst: &Ipv6Addr) {
        self.set_checksum(0);
        let sum = self.compute_checksum(src, dst);
        self.set_checksum(sum);
    }
}

/// A parsed ICMPv6 message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Repr<'a> {
    /// Echo request (type 128).
    EchoRequest {
        /// Identifier.
        ident: u16,
        /// Sequence number.
        seq_no: u16,
        /// Payload.
        data: &'a [u8],
    },
    /// Echo reply (type 129).
    EchoReply {
        /// Identifier.
        ident: u16,
        /// Sequence number.
        seq_no: u16,
        /// Payload.
        data: &'a [u8],
    },
    /// Destination unreachable (type 1).
    DstUnreachable {
        /// The code.
        reason: DstUnreachable,
        /// The header of the offending packet.
        header: ipv6::Repr,
        /// The quoted bytes after that header.
        data: &'a [u8],
    },
    /// Packet too big (type 2).
    PacketTooBig {
        /// The MTU of the next hop.
        mtu: u32,
        /// The header of the offending packet.
        header: ipv6::Repr,
        /// The quoted bytes after that header.
        data: &'a [u8],
    },
    /// Time exceeded (type 3).
    TimeExceeded {
        /// The code.
        reason: TimeExceeded,
        /// The header of the offending packet.
        header: ipv6::Repr,
        /// The quoted bytes after that header.
        data: &'a [u8],
    },
    /// Any other message (NDP, MLD...), kept raw.
    Other {
        /// Type.
        msg_type: u8,
        /// Code.
        code: u8,
        /// Bytes 4..8 of the header.
        rest_of_header: [u8; 4],
        /// Bytes after the header.
        data: &'a [u8],
    },
}

impl<'a> Repr<'a> {
    /// Parses a message. The checksum is not verified here; see
    /// [`Packet::verify_checksum`].
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        let buf: &'a [u8] = packet.buffer.as_ref();
        field::need(buf, HEADER_LEN)?;
        let data = field::rest(buf, HEADER_LEN);
        let (ident, seq_no) = (packet.echo_ident(), packet.echo_seq_no());
        Ok(match (packet.msg_type(), packet.msg_code()) {
            (msg_type::ECHO_REQUEST, 0) => Repr::EchoRequest {
                ident,
                seq_no,
                data,
            },
            (msg_type::ECHO_REPLY, 0) => Repr::EchoReply {
                ident,
                seq_no,
                data,
            },
            (msg_type::DST_UNREACHABLE, code) => {
                let (header, data) = ipv6::Repr::parse_quoted(data)?;
                Repr::DstUnreachable {
                    reason: code.into(),
                    header,
                    data,
                }
            }
            (msg_type::PACKET_TOO_BIG, 0) => {
                let (header, data) = ipv6::Repr::parse_quoted(data)?;
                Repr::PacketTooBig {
                    mtu: packet.mtu(),
                    header,
                    data,
                }
            }
            (msg_type::TIME_EXCEEDED, code) => {
                let (header, data) = ipv6::Repr::parse_quoted(data)?;
                Repr::TimeExceeded {
                    reason: code.into(),
                    header,
                    data,
                }
            }
            (msg_type, code) => Repr::Other {
                msg_type,
                code,
                rest_of_header: packet.rest_of_header(),
                data,
            },
        })
    }

    /// The message length.
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN
            + match self {
                Repr::EchoRequest { data, .. }
                | Repr::EchoReply { data, .. }
                | Repr::Other { data, .. } => data.len(),
                Repr::DstUnreachable { data, .. }
                | Repr::PacketTooBig { data, .. }
                | Repr::TimeExceeded { data, .. } => ipv6::HEADER_LEN + data.len(),
            }
    }

    /// Writes the message with its checksum into `packet`, whose buffer
    /// must be exactly [`Repr::buffer_len`] bytes.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(
        &self,
        packet: &mut Packet<T>,
        src: &Ipv6Addr,
        dst: &Ipv6Addr,
    ) -> Result<()> {
        if packet.buffer.as_ref().len() != self.buffer_len() {
            return Err(Error::Truncated);
        }
        let echo = |ident: u16, seq_no: u16| {
            let [a, b] = ident.to_be_bytes();
            let [c, d] = seq_no.to_be_bytes();
            [a, b, c, d]
        };
        let (ty, code, rest, quoted, data) = match *self {
            Repr::EchoRequest {
                ident,
                seq_no,
                data,
            } => (msg_type::ECHO_REQUEST, 0, echo(ident, seq_no), None, data),
            Repr::EchoReply {
                ident,
                seq_no,
                data,
            } => (msg_type::ECHO_REPLY, 0, echo(ident, seq_no), None, data),
            Repr::DstUnreachable {
                reason,
                header,
                data,
            } => (
                msg_type::DST_UNREACHABLE,
                reason.into(),
                [0; 4],
                Some(header),
                data,
            ),
            Repr::PacketTooBig { mtu, header, data } => (
                msg_type::PACKET_TOO_BIG,
                0,
                mtu.to_be_bytes(),
                Some(header),
                data,
            ),
            Repr::TimeExceeded {
                reason,
                header,
                data,
            } => (
                msg_type::TIME_EXCEEDED,
                reason.into(),
                [0; 4],
                Some(header),
                data,
            ),
            Repr::Other {
                msg_type,
                code,
                rest_of_header,
                data,
            } => (msg_type, code, rest_of_header, None, data),
        };
        packet.set_msg_type(ty);
        packet.set_msg_code(code);
        packet.set_rest_of_header(rest);
        let mut body = packet.data_mut();
        if let Some(header) = quoted {
            let (head, tail) = body
                .split_at_mut_checked(ipv6::HEADER_LEN)
                .ok_or(Error::Truncated)?;
            header.emit(&mut ipv6::Packet::new_unchecked(head))?;
            body = tail;
        }
        field::set_bytes(body, 0, data);
        packet.fill_checksum(src, dst);
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::wire::fixtures;
    use alloc::vec;

    const LO: Ipv6Addr = Ipv6Addr::LOCALHOST;

    #[test]
    fn test_parse_echo() {
        // `ping -6 -c1 ::1`: "[icmp6 sum ok] ICMP6, echo request, id 16911, seq 1"
        let packet = Packet::new_checked(&fixtures::ICMPV6_ECHO_REQUEST[40..]).unwrap();
        assert!(packet.verify_checksum(&LO, &LO));
        assert_eq!(packet.checksum(), 0x1f02);
        let Repr::EchoRequest {
            ident: 16911,
            seq_no: 1,
            data,
        } = Repr::parse(&packet).unwrap()
        else {
            panic!()
        };
        assert_eq!(data.len(), 56);
    }

    #[test]
    fn test_parse_port_unreachable() {
        // `echo hi6 | nc -u -w1 ::1 9001`: "destination unreachable, unreachable port, ::1 udp port 9001"
        let packet = Packet::new_checked(&fixtures::ICMPV6_PORT_UNREACHABLE[40..]).unwrap();
        assert!(packet.verify_checksum(&LO, &LO));
        let Repr::DstUnreachable {
            reason,
            header,
            data,
        } = Repr::parse(&packet).unwrap()
        else {
            panic!()
        };
        assert_eq!(reason, DstUnreachable::PortUnreachable);
        assert_eq!(header.next_header, IpProtocol::Udp);
        assert_eq!(data, &fixtures::UDPV6_TO_CLOSED_PORT[40..]);
    }

    #[test]
    fn test_emit() {
        for bytes in [
            fixtures::ICMPV6_ECHO_REQUEST,
            fixtures::ICMPV6_ECHO_REPLY,
            fixtures::ICMPV6_PORT_UNREACHABLE,
        ] {
            let msg = &bytes[40..];
            let repr = Repr::parse(&Packet::new_checked(msg).unwrap()).unwrap();
            let mut buf = vec![0u8; repr.buffer_len()];
            repr.emit(&mut Packet::new_unchecked(&mut buf), &LO, &LO)
                .unwrap();
            assert_eq!(&buf[..], msg);
        }
    }

    #[test]
    fn test_truncated() {
        let msg = &fixtures::ICMPV6_PORT_UNREACHABLE[40..];
        for len in 0..48 {
            assert!(Repr::parse(&Packet::new_unchecked(&msg[..len])).is_err());
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) mod prop {
        use super::*;
        use crate::wire::ipv6::tests::prop::arb_repr as arb_ipv6;
        use proptest::prelude::*;

        static DATA: [u8; 64] = [0x24; 64];

        /// Any ICMPv6 message.
        pub(crate) fn arb_repr() -> impl Strategy<Value = Repr<'static>> {
            let data = (0usize..64).prop_map(|n| &DATA[..n]);
            prop_oneof![
                (any::<u16>(), any::<u16>(), data.clone()).prop_map(|(ident, seq_no, data)| {
                    Repr::EchoRequest {
                        ident,
                        seq_no,
                        data,
                    }
                }),
                (any::<u16>(), any::<u16>(), data.clone()).prop_map(|(ident, seq_no, data)| {
                    Repr::EchoReply {
                        ident,
                        seq_no,
                        data,
                    }
                }),
                (any::<u8>(), arb_ipv6(), data.clone()).prop_map(|(c, header, data)| {
                    Repr::DstUnreachable {
                        reason: c.into(),
                        header,
                        data,
                    }
                }),
                (any::<u32>(), arb_ipv6(), data.clone())
                    .prop_map(|(mtu, header, data)| Repr::PacketTooBig { mtu, header, data }),
                (any::<u8>(), arb_ipv6(), data.clone()).prop_map(|(c, header, data)| {
                    Repr::TimeExceeded {
                        reason: c.into(),
                        header,
                        data,
                    }
                }),
                (any::<u8>(), any::<u8>(), any::<[u8; 4]>(), data)
                    .prop_filter("named types", |(t, c, ..)| !matches!(
                        (t, c),
                        (128 | 129 | 2, 0) | (1 | 3, _)
                    ))
                    .prop_map(|(msg_type, code, rest_of_header, data)| Repr::Other {
                        msg_type,
                        code,
                        rest_of_header,
                        data
                    }),
            ]
        }

        proptest! {
            #[test]
            fn parse_emit_round_trip(repr in arb_repr()) {
                let mut buf = vec![0u8; repr.buffer_len()];
                repr.emit(&mut Packet::new_unchecked(&mut buf), &LO, &LO).unwrap();
                let packet = Packet::new_checked(&buf[..]).unwrap();
                prop_assert!(packet.verify_checksum(&LO, &LO));
                prop_assert_eq!(Repr::parse(&packet).unwrap(), repr);
            }
        }
    }
}
