//! ICMP for IPv4 (RFC 792): echo, destination unreachable, time exceeded.

use super::field::{self, u8_at, u16_at};
use super::{Error, Result, checksum, ipv4};

/// Byte offsets of the header.
mod offs {
    pub(super) const TYPE: usize = 0;
    pub(super) const CODE: usize = 1;
    pub(super) const CHECKSUM: usize = 2;
    pub(super) const IDENT: usize = 4;
    pub(super) const SEQ_NO: usize = 6;
    pub(super) const MTU: usize = 6;
    pub(super) const REST: usize = 4;
}

/// Length of the header (type, code, checksum, 4 more bytes).
pub const HEADER_LEN: usize = 8;

/// Message types this module names.
pub mod msg_type {
    /// Echo reply.
    pub const ECHO_REPLY: u8 = 0;
    /// Destination unreachable.
    pub const DST_UNREACHABLE: u8 = 3;
    /// Echo request.
    pub const ECHO_REQUEST: u8 = 8;
    /// Time exceeded.
    pub const TIME_EXCEEDED: u8 = 11;
}

/// Destination-unreachable codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DstUnreachable {
    /// 0: network unreachable.
    NetUnreachable,
    /// 1: host unreachable.
    HostUnreachable,
    /// 2: protocol unreachable.
    ProtoUnreachable,
    /// 3: port unreachable.
    PortUnreachable,
    /// 4: fragmentation needed and DF set, with the next-hop MTU.
    FragRequired {
        /// The MTU of the next hop (RFC 1191).
        next_hop_mtu: u16,
    },
    /// 5: source route failed.
    SrcRouteFailed,
    /// 9: network administratively prohibited.
    NetProhibited,
    /// 10: host administratively prohibited.
    HostProhibited,
    /// 13: communication administratively prohibited (`iptables -j REJECT
    /// --reject-with icmp-admin-prohibited`).
    CommProhibited,
    /// Any other code.
    Other(u8),
}

impl DstUnreachable {
    fn from_code(code: u8, mtu: u16) -> Self {
        match code {
            0 => Self::NetUnreachable,
            1 => Self::HostUnreachable,
            2 => Self::ProtoUnreachable,
            3 => Self::PortUnreachable,
            4 => Self::FragRequired { next_hop_mtu: mtu },
            5 => Self::SrcRouteFailed,
            9 => Self::NetProhibited,
            10 => Self::HostProhibited,
            13 => Self::CommProhibited,
            c => Self::Other(c),
        }
    }

    /// The code byte.
    pub fn code(self) -> u8 {
        match self {
            Self::NetUnreachable => 0,
            Self::HostUnreachable => 1,
            Self::ProtoUnreachable => 2,
            Self::PortUnreachable => 3,
            Self::FragRequired { .. } => 4,
            Self::SrcRouteFailed => 5,
            Self::NetProhibited => 9,
            Self::HostProhibited => 10,
            Self::CommProhibited => 13,
            Self::Other(c) => c,
        }
    }
}

/// Time-exceeded codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeExceeded {
    /// 0: TTL exceeded in transit.
    TtlExpired,
    /// 1: fragment reassembly time exceeded.
    FragExpired,
    /// Any other code.
    Other(u8),
}

impl TimeExceeded {
    fn from_code(code: u8) -> Self {
        match code {
            0 => Self::TtlExpired,
            1 => Self::FragExpired,
            c => Self::Other(c),
        }
    }

    /// The code byte.
    pub fn code(self) -> u8 {
        match self {
            Self::TtlExpired => 0,
            Self::FragExpired => 1,
            Self::Other(c) => c,
        }
    }
}

/// A read/write view of an ICMPv4 message (the whole buffer).
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

    /// The next-hop MTU of a fragmentation-needed message.
    pub fn next_hop_mtu(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::MTU)
    }

    /// Bytes 4..8 of the header.
    pub fn rest_of_header(&self) -> [u8; 4] {
        field::array_at::<4>(self.buffer.as_ref(), offs::REST)
    }

    /// The bytes after the 8-byte header.
    pub fn data(&self) -> &[u8] {
        field::rest(self.buffer.as_ref(), HEADER_LEN)
    }

    /// Whether the checksum over the whole message is correct.
    pub fn verify_checksum(&self) -> bool {
        checksum::data(self.buffer.as_ref()) == 0xffff
    }

    /// The checksum the message should carry.
    pub fn compute_checksum(&self) -> u16 {
        !checksum::combine(&[checksum::data(self.buffer.as_ref()), !self.checksum()])
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
    pub fn fill_checksum(&mut self) {
        self.set_checksum(0);
        let sum = checksum::checksum(self.buffer.as_ref());
        self.set_checksum(sum);
    }
}

/// A parsed ICMPv4 message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Repr<'a> {
    /// Echo request (type 8), what `ping` sends.
    EchoRequest {
        /// Identifier (the ping socket's port on Linux).
        ident: u16,
        /// Sequence number.
        seq_no: u16,
        /// Payload (iputils puts a timeval then 0x10, 0x11...).
        data: &'a [u8],
    },
    /// Echo reply (type 0).
    EchoReply {
        /// Identifier.
        ident: u16,
        /// Sequence number.
        seq_no: u16,
        /// Payload.
        data: &'a [u8],
    },
    /// Destination unreachable (type 3).
    DstUnreachable {
        /// The code (and the MTU for fragmentation needed).
        reason: DstUnreachable,
        /// The header of the offending datagram.
        header: ipv4::Repr,
        /// The quoted bytes after that header.
        data: &'a [u8],
    },
    /// Time exceeded (type 11).
    TimeExceeded {
        /// The code.
        reason: TimeExceeded,
        /// The header of the offending datagram.
        header: ipv4::Repr,
        /// The quoted bytes after that header.
        data: &'a [u8],
    },
    /// Any other message, kept raw.
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
    /// [`Packet::verify_checksum`]. Errors whose quoted header is not IPv4
    /// are malformed.
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
                let (header, data) = ipv4::Repr::parse_quoted(data)?;
                let reason = DstUnreachable::from_code(code, packet.next_hop_mtu());
                Repr::DstUnreachable {
                    reason,
                    header,
                    data,
                }
            }
            (msg_type::TIME_EXCEEDED, code) => {
                let (header, data) = ipv4::Repr::parse_quoted(data)?;
                Repr::TimeExceeded {
                    reason: TimeExceeded::from_code(code),
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
                Repr::DstUnreachable { header, data, .. }
                | Repr::TimeExceeded { header, data, .. } => header.buffer_len() + data.len(),
            }
    }

    /// Writes the message with its checksum into `packet`, whose buffer
    /// must be exactly [`Repr::buffer_len`] bytes.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, packet: &mut Packet<T>) -> Result<()> {
        if packet.buffer.as_ref().len() != self.buffer_len() {
            return Err(Error::Truncated);
        }
        let (ty, code, rest, quoted, data) = match self {
            Repr::EchoRequest {
                ident,
                seq_no,
                data,
            }
            | Repr::EchoReply {
                ident,
                seq_no,
                data,
            } => {
                let ty = if matches!(self, Repr::EchoRequest { .. }) {
                    msg_type::ECHO_REQUEST
                } else {
                    msg_type::ECHO_REPLY
                };
                let [a, b] = ident.to_be_bytes();
                let [c, d] = seq_no.to_be_bytes();
                (ty, 0, [a, b, c, d], None, *data)
            }
            Repr::DstUnreachable {
                reason,
                header,
                data,
            } => {
                let mtu = match reason {
                    DstUnreachable::FragRequired { next_hop_mtu } => *next_hop_mtu,
                    _ => 0,
                };
                let [c, d] = mtu.to_be_bytes();
                (
                    msg_type::DST_UNREACHABLE,
                    reason.code(),
                    [0, 0, c, d],
                    Some(header),
                    *data,
                )
            }
            Repr::TimeExceeded {
                reason,
                header,
                data,
            } => (
                msg_type::TIME_EXCEEDED,
                reason.code(),
                [0; 4],
                Some(header),
                *data,
            ),
            Repr::Other {
                msg_type,
                code,
                rest_of_header,
                data,
            } => (*msg_type, *code, *rest_of_header, None, *data),
        };
        packet.set_msg_type(ty);
        packet.set_msg_code(code);
        packet.set_rest_of_header(rest);
        let mut body = packet.data_mut();
        if let Some(header) = quoted {
            let (head, tail) = body
                .split_at_mut_checked(header.buffer_len())
                .ok_or(Error::Truncated)?;
            header.emit(&mut ipv4::Packet::new_unchecked(head))?;
            body = tail;
        }
        field::set_bytes(body, 0, data);
        packet.fill_checksum();
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::wire::{IpProtocol, fixtures};
    use alloc::vec;
    use core::net::Ipv4Addr;

    #[test]
    fn test_parse_echo() {
        // `ping -c1 127.0.0.1`: "ICMP echo request, id 16910, seq 1, length 64", checksum 7f8e.
        let packet = Packet::new_checked(&fixtures::ICMPV4_ECHO_REQUEST[20..]).unwrap();
        assert!(packet.verify_checksum());
        assert_eq!(packet.checksum(), 0x7f8e);
        let repr = Repr::parse(&packet).unwrap();
        let Repr::EchoRequest {
            ident: 16910,
            seq_no: 1,
            data,
        } = repr
        else {
            panic!("{repr:?}")
        };
        assert_eq!(data.len(), 56);
        let reply =
            Repr::parse(&Packet::new_checked(&fixtures::ICMPV4_ECHO_REPLY[20..]).unwrap()).unwrap();
        assert_eq!(
            reply,
            Repr::EchoReply {
                ident: 16910,
                seq_no: 1,
                data
            }
        );
    }

    #[test]
    fn test_parse_port_unreachable() {
        // `echo hi | nc -u -w1 127.0.0.1 9001`: "ICMP 127.0.0.1 udp port 9001 unreachable, length 39"
        let packet = Packet::new_checked(&fixtures::ICMPV4_PORT_UNREACHABLE[20..]).unwrap();
        assert!(packet.verify_checksum());
        let Repr::DstUnreachable {
            reason,
            header,
            data,
        } = Repr::parse(&packet).unwrap()
        else {
            panic!()
        };
        assert_eq!(reason, DstUnreachable::PortUnreachable);
        assert_eq!(header.protocol, IpProtocol::Udp);
        assert_eq!(header.ident, 56761);
        assert_eq!(header.src_addr, Ipv4Addr::LOCALHOST);
        assert_eq!(data, &fixtures::UDPV4_TO_CLOSED_PORT[20..]);
    }

    #[test]
    fn test_emit() {
        for bytes in [
            fixtures::ICMPV4_ECHO_REQUEST,
            fixtures::ICMPV4_ECHO_REPLY,
            fixtures::ICMPV4_PORT_UNREACHABLE,
        ] {
            let msg = &bytes[20..];
            let repr = Repr::parse(&Packet::new_checked(msg).unwrap()).unwrap();
            let mut buf = vec![0u8; repr.buffer_len()];
            repr.emit(&mut Packet::new_unchecked(&mut buf)).unwrap();
            assert_eq!(&buf[..], msg);
        }
    }

    #[test]
    fn test_frag_required() {
        let header = ipv4::Repr::new(
            Ipv4Addr::LOCALHOST,
            Ipv4Addr::LOCALHOST,
            IpProtocol::Udp,
            3000,
        );
        let repr = Repr::DstUnreachable {
            reason: DstUnreachable::FragRequired { next_hop_mtu: 1500 },
            header,
            data: &[1, 2, 3, 4, 5, 6, 7, 8],
        };
        let mut buf = vec![0u8; repr.buffer_len()];
        repr.emit(&mut Packet::new_unchecked(&mut buf)).unwrap();
        assert_eq!(&buf[4..8], &[0, 0, 0x05, 0xdc]);
        assert_eq!(
            Repr::parse(&Packet::new_checked(&buf[..]).unwrap()).unwrap(),
            repr
        );
    }

    #[test]
    fn test_truncated() {
        let msg = &fixtures::ICMPV4_PORT_UNREACHABLE[20..];
        for len in 0..28 {
            assert!(Repr::parse(&Packet::new_unchecked(&msg[..len])).is_err());
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) mod prop {
        use super::*;
        use crate::wire::ipv4::tests::prop::arb_repr as arb_ipv4;
        use proptest::prelude::*;

        static DATA: [u8; 64] = [0x42; 64];

        /// Any ICMPv4 message.
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
                (any::<u8>(), any::<u16>(), arb_ipv4(), data.clone()).prop_map(
                    |(code, mtu, header, data)| {
                        let mtu = if code == 4 { mtu } else { 0 };
                        Repr::DstUnreachable {
                            reason: DstUnreachable::from_code(code, mtu),
                            header,
                            data,
                        }
                    }
                ),
                (any::<u8>(), arb_ipv4(), data.clone()).prop_map(|(code, header, data)| {
                    Repr::TimeExceeded {
                        reason: TimeExceeded::from_code(code),
                        header,
                        data,
                    }
                }),
                (any::<u8>(), any::<u8>(), any::<[u8; 4]>(), data)
                    .prop_filter("named types", |(t, c, ..)| !matches!(
                        (t, c),
                        (0 | 8, 0) | (3 | 11, _)
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
                repr.emit(&mut Packet::new_unchecked(&mut buf)).unwrap();
                let packet = Packet::new_checked(&buf[..]).unwrap();
                prop_assert!(packet.verify_checksum());
                prop_assert_eq!(Repr::parse(&packet).unwrap(), repr);
            }

            #[test]
            fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
                let _ = Repr::parse(&Packet::new_unchecked(&bytes[..]));
            }
        }
    }
}
