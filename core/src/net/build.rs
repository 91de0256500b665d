//! Building outgoing datagrams from a transport message and addresses.

use alloc::vec::Vec;
use core::net::IpAddr;

use crate::errno::Errno;
use crate::wire::{ChecksumMode, Datagram, IpProtocol, IpRepr, Ipv4Repr, Ipv6Repr, TransportRepr};

/// IP header fields the sender chooses.
#[derive(Clone, Copy, Debug)]
pub(crate) struct IpFields {
    /// TTL / hop limit.
    pub ttl: u8,
    /// IPv4 identification.
    pub ident: u16,
    /// IPv4 don't-fragment flag.
    pub dont_frag: bool,
}

fn protocol_of(t: &TransportRepr<'_>, v6: bool) -> IpProtocol {
    match t {
        TransportRepr::Icmpv4(_) => IpProtocol::Icmp,
        TransportRepr::Icmpv6(_) => IpProtocol::Icmpv6,
        TransportRepr::Udp(_) => IpProtocol::Udp,
        TransportRepr::Tcp(_) => IpProtocol::Tcp,
        TransportRepr::Raw(_) if v6 => IpProtocol::Unknown(59),
        TransportRepr::Raw(_) => IpProtocol::Unknown(255),
    }
}

/// Emits a datagram; `EMSGSIZE` if it cannot fit an IP length field.
pub(crate) fn datagram(
    src: IpAddr,
    dst: IpAddr,
    fields: IpFields,
    transport: TransportRepr<'_>,
) -> Result<Vec<u8>, Errno> {
    let payload_len = transport.buffer_len();
    let ip = match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            if payload_len + 20 > usize::from(u16::MAX) {
                return Err(Errno::EMSGSIZE);
            }
            let mut r = Ipv4Repr::new(s, d, protocol_of(&transport, false), payload_len);
            r.ttl = fields.ttl;
            r.ident = fields.ident;
            r.dont_frag = fields.dont_frag;
            IpRepr::Ipv4(r)
        }
        (IpAddr::V6(s), IpAddr::V6(d)) => {
            if payload_len > usize::from(u16::MAX) {
                return Err(Errno::EMSGSIZE);
            }
            let mut r = Ipv6Repr::new(s, d, protocol_of(&transport, true), payload_len);
            r.hop_limit = fields.ttl;
            IpRepr::Ipv6(r)
        }
        _ => return Err(Errno::EAFNOSUPPORT),
    };
    let mut out = Vec::with_capacity(payload_len + 40);
    Datagram { ip, transport }
        .emit(&mut out, ChecksumMode::Full)
        .map_err(|_| Errno::EINVAL)?;
    Ok(out)
}

/// Emits a TCP segment in an IP datagram into `out` (cleared first; pass a
/// recycled buffer to reuse its allocation). The payload is copied once,
/// straight from the segment into place, without zero-filling the buffer
/// first (the bulk-transfer path).
pub(crate) fn tcp_datagram(
    src: IpAddr,
    dst: IpAddr,
    fields: IpFields,
    seg: &crate::wire::TcpRepr<'_>,
    mut out: Vec<u8>,
) -> Result<Vec<u8>, Errno> {
    use crate::wire::{Ipv4Packet, Ipv6Packet, TcpPacket};
    let tcp_len = seg.buffer_len();
    let header_len = if src.is_ipv4() { 20 } else { 40 };
    let tcp_header_len = seg.header_len();
    out.clear();
    out.reserve(header_len + tcp_len);
    // Headers as zeros (a few dozen bytes), then the payload copied in place.
    out.resize(header_len + tcp_header_len, 0);
    out.extend_from_slice(seg.payload);
    let (head, body) = out.split_at_mut_checked(header_len).ok_or(Errno::EINVAL)?;
    match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            if header_len + tcp_len > usize::from(u16::MAX) {
                return Err(Errno::EMSGSIZE);
            }
            let mut r = Ipv4Repr::new(s, d, IpProtocol::Tcp, tcp_len);
            r.ttl = fields.ttl;
            r.ident = fields.ident;
            r.dont_frag = fields.dont_frag;
            r.emit(&mut Ipv4Packet::new_unchecked(head))
                .map_err(|_| Errno::EINVAL)?;
        }
        (IpAddr::V6(s), IpAddr::V6(d)) => {
            let mut r = Ipv6Repr::new(s, d, IpProtocol::Tcp, tcp_len);
            r.hop_limit = fields.ttl;
            r.emit(&mut Ipv6Packet::new_unchecked(head))
                .map_err(|_| Errno::EINVAL)?;
        }
        _ => return Err(Errno::EAFNOSUPPORT),
    }
    seg.emit_around_payload(
        &mut TcpPacket::new_unchecked(body),
        &src,
        &dst,
        ChecksumMode::Full,
    )
    .map_err(|_| Errno::EINVAL)?;
    Ok(out)
}
