//! Wire formats: IPv4, IPv6, ICMPv4, ICMPv6, UDP and TCP, the internet
//! checksum, a whole-datagram view for the stack, a dissector for the
//! inspector and a pcap writer/reader.
//!
//! Each protocol follows the smoltcp shape: a zero-copy `Packet<T: AsRef<[u8]>>`
//! over a byte buffer (getters on `AsRef`, setters on `AsMut`, `new_checked`
//! for untrusted bytes) and a validated high-level `Repr` with `parse`,
//! `buffer_len` and `emit`. Malformed bytes give an [`Error`], never a panic.
//! Getters on a packet made with `new_unchecked` over a too-short buffer read
//! missing bytes as zero; setters ignore them.

pub mod checksum;
pub mod datagram;
mod error;
mod field;
pub mod ip;
pub mod ipv4;
pub mod ipv6;
pub mod udp;

#[cfg(test)]
pub(crate) mod fixtures;

pub use checksum::ChecksumMode;
pub use datagram::{Datagram, IpRepr, TransportRepr};
pub use error::{Error, Result};
pub use ip::IpProtocol;
pub use ipv4::{Packet as Ipv4Packet, Repr as Ipv4Repr};
pub use ipv6::{Packet as Ipv6Packet, Repr as Ipv6Repr};
pub mod icmpv4;
pub use icmpv4::{Packet as Icmpv4Packet, Repr as Icmpv4Repr};
pub mod icmpv6;
pub use icmpv6::{Packet as Icmpv6Packet, Repr as Icmpv6Repr};
pub mod tcp;
pub use tcp::{Packet as TcpPacket, Repr as TcpRepr, SeqNumber, TcpFlags, TcpOption};
pub use udp::{Packet as UdpPacket, Repr as UdpRepr};
