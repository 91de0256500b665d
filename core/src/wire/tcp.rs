//! TCP header (RFC 9293), options (RFC 7323, 2018) and sequence numbers.

use alloc::string::String;
use alloc::vec::Vec;
use core::{cmp::Ordering, fmt, net::IpAddr, ops};

use super::field::{self, u8_at, u16_at, u32_at};
use super::{ChecksumMode, Error, IpProtocol, Result, checksum};

/// Byte offsets of the fixed header.
mod offs {
    pub(super) const SRC_PORT: usize = 0;
    pub(super) const DST_PORT: usize = 2;
    pub(super) const SEQ_NUM: usize = 4;
    pub(super) const ACK_NUM: usize = 8;
    pub(super) const FLAGS: usize = 12;
    pub(super) const WIN_SIZE: usize = 14;
    pub(super) const CHECKSUM: usize = 16;
    pub(super) const URGENT: usize = 18;
}

/// Length of the header without options.
pub const HEADER_LEN: usize = 20;
/// Longest header (data offset 15).
pub const MAX_HEADER_LEN: usize = 60;

/// A TCP sequence number, compared with wrapping (RFC 1982) arithmetic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SeqNumber(pub u32);

impl SeqNumber {
    /// The signed distance from `other` to `self`.
    pub fn diff(self, other: SeqNumber) -> i32 {
        self.0.wrapping_sub(other.0) as i32
    }
}

impl PartialOrd for SeqNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.diff(*other).cmp(&0))
    }
}

impl ops::Add<usize> for SeqNumber {
    type Output = SeqNumber;
    /// Advances by `rhs` bytes, wrapping.
    fn add(self, rhs: usize) -> SeqNumber {
        SeqNumber(self.0.wrapping_add(rhs as u32))
    }
}

impl ops::Sub<usize> for SeqNumber {
    type Output = SeqNumber;
    /// Goes back by `rhs` bytes, wrapping.
    fn sub(self, rhs: usize) -> SeqNumber {
        SeqNumber(self.0.wrapping_sub(rhs as u32))
    }
}

impl fmt::Display for SeqNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The flag bits of the header (the 12 bits after the data offset, so the
/// reserved bits and AE/NS are kept).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TcpFlags(pub u16);

impl TcpFlags {
    /// No flags.
    pub const NONE: TcpFlags = TcpFlags(0);
    /// FIN: no more data from the sender.
    pub const FIN: TcpFlags = TcpFlags(0x001);
    /// SYN: synchronize sequence numbers.
    pub const SYN: TcpFlags = TcpFlags(0x002);
    /// RST: reset the connection.
    pub const RST: TcpFlags = TcpFlags(0x004);
    /// PSH: push.
    pub const PSH: TcpFlags = TcpFlags(0x008);
    /// ACK: the acknowledgment field is significant.
    pub const ACK: TcpFlags = TcpFlags(0x010);
    /// URG: the urgent pointer is significant.
    pub const URG: TcpFlags = TcpFlags(0x020);
    /// ECE: ECN echo.
    pub const ECE: TcpFlags = TcpFlags(0x040);
    /// CWR: congestion window reduced.
    pub const CWR: TcpFlags = TcpFlags(0x080);

    /// Whether every bit of `other` is set.
    pub const fn contains(self, other: TcpFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// `self` with the bits of `other` set or cleared.
    pub const fn with(self, other: TcpFlags, on: bool) -> TcpFlags {
        if on {
            TcpFlags(self.0 | other.0)
        } else {
            TcpFlags(self.0 & !other.0)
        }
    }

    /// The flags as tcpdump prints them between brackets: `S`, `S.`, `P.`,
    /// `F.`, `R.`, or `none`.
    pub fn tcpdump(self) -> String {
        const TABLE: [(TcpFlags, char); 8] = [
            (TcpFlags::FIN, 'F'),
            (TcpFlags::SYN, 'S'),
            (TcpFlags::RST, 'R'),
            (TcpFlags::PSH, 'P'),
            (TcpFlags::ACK, '.'),
            (TcpFlags::URG, 'U'),
            (TcpFlags::ECE, 'E'),
            (TcpFlags::CWR, 'W'),
        ];
        let out: String = TABLE
            .iter()
            .filter(|(f, _)| self.contains(*f))
            .map(|(_, c)| *c)
            .collect();
        if out.is_empty() { "none".into() } else { out }
    }
}

impl ops::BitOr for TcpFlags {
    type Output = TcpFlags;
    fn bitor(self, rhs: TcpFlags) -> TcpFlags {
        TcpFlags(self.0 | rhs.0)
    }
}

impl ops::BitOrAssign for TcpFlags {
    fn bitor_assign(&mut self, rhs: TcpFlags) {
        self.0 |= rhs.0;
    }
}

/// Up to four SACK blocks (left edge, right edge), stored inline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SackBlocks {
    blocks: [(SeqNumber, SeqNumber); 4],
    len: u8,
}

impl SackBlocks {
    /// The blocks, or `None` if there are more than four.
    pub fn new(blocks: &[(SeqNumber, SeqNumber)]) -> Option<SackBlocks> {
        let mut out = SackBlocks::default();
        out.blocks.get_mut(..blocks.len())?.copy_from_slice(blocks);
        out.len = u8::try_from(blocks.len()).ok()?;
        Some(out)
    }

    /// The blocks.
    pub fn as_slice(&self) -> &[(SeqNumber, SeqNumber)] {
        self.blocks.get(..usize::from(self.len)).unwrap_or(&[])
    }
}

/// One TCP option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TcpOption<'a> {
    /// End of option list (kind 0); what follows is padding.
    EndOfList,
    /// No operation (kind 1), used for alignment.
    NoOperation,
    /// Maximum segment size (kind 2).
    MaxSegmentSize(u16),
    /// Window scale shift count (kind 3).
    WindowScale(u8),
    /// SACK permitted (kind 4).
    SackPermitted,
    /// SACK blocks (kind 5).
    Sack(SackBlocks),
    /// Timestamps (kind 8).
    Timestamp {
        /// TSval: the sender's clock.
        tsval: u32,
        /// TSecr: the echoed TSval (0 on a SYN).
        tsecr: u32,
    },
    /// Any other option, kept verbatim.
    Unknown {
        /// The kind byte.
        kind: u8,
        /// The bytes after kind and length.
        data: &'a [u8],
    },
}

impl<'a> TcpOption<'a> {
    /// Parses one option at the start of `bytes`; returns it and the rest.
    pub fn parse(bytes: &'a [u8]) -> Result<(TcpOption<'a>, &'a [u8])> {
        let (&kind, after_kind) = bytes.split_first().ok_or(Error::Truncated)?;
        match kind {
            0 => return Ok((TcpOption::EndOfList, &[])),
            1 => return Ok((TcpOption::NoOperation, after_kind)),
            _ => {}
        }
        let &len = after_kind.first().ok_or(Error::Truncated)?;
        let len = usize::from(len);
        if len < 2 {
            return Err(Error::Malformed);
        }
        let (opt, rest) = bytes.split_at_checked(len).ok_or(Error::Truncated)?;
        let data = field::rest(opt, 2);
        let option = match (kind, len) {
            (2, 4) => TcpOption::MaxSegmentSize(u16_at(data, 0)),
            (3, 3) => TcpOption::WindowScale(u8_at(data, 0)),
            (4, 2) => TcpOption::SackPermitted,
            (5, _) if (len - 2) % 8 == 0 && len <= 34 => {
                let mut blocks = SackBlocks::default();
                for (i, pair) in data.chunks_exact(8).enumerate() {
                    if let Some(slot) = blocks.blocks.get_mut(i) {
                        *slot = (SeqNumber(u32_at(pair, 0)), SeqNumber(u32_at(pair, 4)));
                    }
                }
                blocks.len = u8::try_from((len - 2) / 8).map_err(|_| Error::Malformed)?;
                TcpOption::Sack(blocks)
            }
            (8, 10) => TcpOption::Timestamp {
                tsval: u32_at(data, 0),
                tsecr: u32_at(data, 4),
            },
            (2..=5 | 8, _) => return Err(Error::Malformed),
            _ => TcpOption::Unknown { kind, data },
        };
        Ok((option, rest))
    }

    /// Encoded length in bytes.
    pub fn buffer_len(&self) -> usize {
        match self {
            TcpOption::EndOfList | TcpOption::NoOperation => 1,
            TcpOption::MaxSegmentSize(_) => 4,
            TcpOption::WindowScale(_) => 3,
            TcpOption::SackPermitted => 2,
            TcpOption::Sack(blocks) => 2 + 8 * blocks.as_slice().len(),
            TcpOption::Timestamp { .. } => 10,
            TcpOption::Unknown { data, .. } => 2 + data.len(),
        }
    }

    /// Writes the option at the start of `buf`; returns the rest.
    pub fn emit<'b>(&self, buf: &'b mut [u8]) -> Result<&'b mut [u8]> {
        let len = self.buffer_len();
        let (out, rest) = buf.split_at_mut_checked(len).ok_or(Error::Truncated)?;
        let len8 = u8::try_from(len).map_err(|_| Error::Malformed)?;
        match *self {
            TcpOption::EndOfList => field::set_u8(out, 0, 0),
            TcpOption::NoOperation => field::set_u8(out, 0, 1),
            TcpOption::MaxSegmentSize(mss) => {
                field::set_bytes(out, 0, &[2, 4]);
                field::set_u16(out, 2, mss);
            }
            TcpOption::WindowScale(shift) => field::set_bytes(out, 0, &[3, 3, shift]),
            TcpOption::SackPermitted => field::set_bytes(out, 0, &[4, 2]),
            TcpOption::Sack(blocks) => {
                field::set_bytes(out, 0, &[5, len8]);
                for (i, (l, r)) in blocks.as_slice().iter().enumerate() {
                    field::set_u32(out, 2 + 8 * i, l.0);
                    field::set_u32(out, 6 + 8 * i, r.0);
                }
            }
            TcpOption::Timestamp { tsval, tsecr } => {
                field::set_bytes(out, 0, &[8, 10]);
                field::set_u32(out, 2, tsval);
                field::set_u32(out, 6, tsecr);
            }
            TcpOption::Unknown { kind, data } => {
                field::set_bytes(out, 0, &[kind, len8]);
                field::set_bytes(out, 2, data);
            }
        }
        Ok(rest)
    }

    /// The options of a Linux SYN over `lo`, in Linux's order:
    /// `mss M,sackOK,TS val V ecr E,nop,wscale W` (20 bytes, aligned).
    pub fn linux_syn(mss: u16, tsval: u32, tsecr: u32, wscale: u8) -> Vec<TcpOption<'a>> {
        alloc::vec![
            TcpOption::MaxSegmentSize(mss),
            TcpOption::SackPermitted,
            TcpOption::Timestamp { tsval, tsecr },
            TcpOption::NoOperation,
            TcpOption::WindowScale(wscale),
        ]
    }

    /// The options of a Linux data/ACK segment: `nop,nop,TS val V ecr E`.
    pub fn linux_data(tsval: u32, tsecr: u32) -> Vec<TcpOption<'a>> {
        alloc::vec![
            TcpOption::NoOperation,
            TcpOption::NoOperation,
            TcpOption::Timestamp { tsval, tsecr }
        ]
    }
}

/// Iterates over the options in an options area (stops after EOL, yields
/// an `Err` once on a malformed option).
#[derive(Debug, Clone)]
pub struct OptionsIter<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for OptionsIter<'a> {
    type Item = Result<TcpOption<'a>>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        match TcpOption::parse(self.rest) {
            Ok((opt, rest)) => {
                self.rest = rest;
                Some(Ok(opt))
            }
            Err(e) => {
                self.rest = &[];
                Some(Err(e))
            }
        }
    }
}

/// A read/write view of a TCP segment in a byte buffer.
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

    /// Checks that the header (data offset >= 5) fits in the buffer. The
    /// segment is the whole buffer: slice it to the IP payload first.
    pub fn check_len(&self) -> Result<()> {
        let buf = self.buffer.as_ref();
        field::need(buf, HEADER_LEN)?;
        let header_len = usize::from(self.header_len());
        if header_len < HEADER_LEN {
            return Err(Error::Malformed);
        }
        field::need(buf, header_len)
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

    /// The sequence number.
    pub fn seq_number(&self) -> SeqNumber {
        SeqNumber(u32_at(self.buffer.as_ref(), offs::SEQ_NUM))
    }

    /// The acknowledgment number field (meaningful only with ACK).
    pub fn ack_number(&self) -> SeqNumber {
        SeqNumber(u32_at(self.buffer.as_ref(), offs::ACK_NUM))
    }

    /// The header length in bytes (data offset * 4).
    pub fn header_len(&self) -> u8 {
        (u8_at(self.buffer.as_ref(), offs::FLAGS) >> 4) * 4
    }

    /// The flags (12 bits, reserved bits included).
    pub fn flags(&self) -> TcpFlags {
        TcpFlags(u16_at(self.buffer.as_ref(), offs::FLAGS) & 0x0fff)
    }

    /// The window field (not scaled).
    pub fn window_len(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::WIN_SIZE)
    }

    /// The checksum field.
    pub fn checksum(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::CHECKSUM)
    }

    /// The urgent pointer.
    pub fn urgent_at(&self) -> u16 {
        u16_at(self.buffer.as_ref(), offs::URGENT)
    }

    /// The options area.
    pub fn options(&self) -> &[u8] {
        field::slice(
            self.buffer.as_ref(),
            HEADER_LEN..usize::from(self.header_len()),
        )
    }

    /// The options, one by one.
    pub fn options_iter(&self) -> OptionsIter<'_> {
        OptionsIter {
            rest: self.options(),
        }
    }

    /// The payload.
    pub fn payload(&self) -> &[u8] {
        field::rest(self.buffer.as_ref(), usize::from(self.header_len()))
    }

    /// The folded sum of the segment and its pseudo-header.
    fn sum(&self, src: &IpAddr, dst: &IpAddr) -> u16 {
        let buf = self.buffer.as_ref();
        let len = u32::try_from(buf.len()).unwrap_or(u32::MAX);
        checksum::combine(&[
            checksum::pseudo_header(src, dst, IpProtocol::Tcp, len),
            checksum::data(buf),
        ])
    }

    /// Whether the checksum is correct (the whole buffer is the segment).
    pub fn verify_checksum(&self, src: &IpAddr, dst: &IpAddr) -> bool {
        self.sum(src, dst) == 0xffff
    }

    /// Whether the checksum is the partial one Linux leaves on `lo`.
    pub fn is_partial_checksum(&self, src: &IpAddr, dst: &IpAddr) -> bool {
        let len = u32::try_from(self.buffer.as_ref().len()).unwrap_or(u32::MAX);
        self.checksum() == checksum::pseudo_header(src, dst, IpProtocol::Tcp, len)
    }

    /// The checksum the segment should carry.
    pub fn compute_checksum(&self, src: &IpAddr, dst: &IpAddr) -> u16 {
        !checksum::combine(&[self.sum(src, dst), !self.checksum()])
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

    /// Sets the sequence number.
    pub fn set_seq_number(&mut self, value: SeqNumber) {
        field::set_u32(self.buffer.as_mut(), offs::SEQ_NUM, value.0);
    }

    /// Sets the acknowledgment number.
    pub fn set_ack_number(&mut self, value: SeqNumber) {
        field::set_u32(self.buffer.as_mut(), offs::ACK_NUM, value.0);
    }

    /// Sets data offset (header length in bytes, a multiple of 4) and flags.
    pub fn set_header_len_and_flags(&mut self, header_len: u8, flags: TcpFlags) {
        let word = (u16::from(header_len / 4) << 12) | (flags.0 & 0x0fff);
        field::set_u16(self.buffer.as_mut(), offs::FLAGS, word);
    }

    /// Sets the window.
    pub fn set_window_len(&mut self, value: u16) {
        field::set_u16(self.buffer.as_mut(), offs::WIN_SIZE, value);
    }

    /// Sets the checksum field.
    pub fn set_checksum(&mut self, value: u16) {
        field::set_u16(self.buffer.as_mut(), offs::CHECKSUM, value);
    }

    /// Sets the urgent pointer.
    pub fn set_urgent_at(&mut self, value: u16) {
        field::set_u16(self.buffer.as_mut(), offs::URGENT, value);
    }

    /// Computes and writes the full checksum.
    pub fn fill_checksum(&mut self, src: &IpAddr, dst: &IpAddr) {
        self.set_checksum(0);
        let sum = self.compute_checksum(src, dst);
        self.set_checksum(sum);
    }

    /// Writes what Linux writes on `lo`: the pseudo-header sum only.
    pub fn fill_partial_checksum(&mut self, src: &IpAddr, dst: &IpAddr) {
        let len = u32::try_from(self.buffer.as_ref().len()).unwrap_or(u32::MAX);
        self.set_checksum(checksum::pseudo_header(src, dst, IpProtocol::Tcp, len));
    }
}

/// A parsed TCP segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Repr<'a> {
    /// Source port.
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// Sequence number.
    pub seq_number: SeqNumber,
    /// Acknowledgment number; `Some` exactly when the ACK flag is set
    /// (emit sets or clears ACK from it).
    pub ack_number: Option<SeqNumber>,
    /// All flags (the ACK bit follows `ack_number` on emit).
    pub flags: TcpFlags,
    /// Window field as sent (before scaling).
    pub window_len: u16,
    /// Urgent pointer.
    pub urgent_at: u16,
    /// Options in wire order. Emit pads to 4 bytes with EOL and zeros.
    pub options: Vec<TcpOption<'a>>,
    /// Payload bytes.
    pub payload: &'a [u8],
}

impl<'a> Repr<'a> {
    /// Parses a segment (the whole buffer). The checksum is not verified
    /// (Linux trusts `lo`); use [`Packet::verify_checksum`].
    pub fn parse<T: AsRef<[u8]> + ?Sized>(packet: &Packet<&'a T>) -> Result<Repr<'a>> {
        packet.check_len()?;
        let buf: &'a [u8] = packet.buffer.as_ref();
        let header_len = usize::from(packet.header_len());
        let mut options = Vec::new();
        let iter = OptionsIter {
            rest: field::slice(buf, HEADER_LEN..header_len),
        };
        for option in iter {
            options.push(option?);
        }
        let flags = packet.flags();
        Ok(Repr {
            src_port: packet.src_port(),
            dst_port: packet.dst_port(),
            seq_number: packet.seq_number(),
            ack_number: flags.contains(TcpFlags::ACK).then(|| packet.ack_number()),
            flags,
            window_len: packet.window_len(),
            urgent_at: packet.urgent_at(),
            options,
            payload: field::rest(buf, header_len),
        })
    }

    /// The header length: 20 plus options rounded up to 4.
    pub fn header_len(&self) -> usize {
        HEADER_LEN
            + self
                .options
                .iter()
                .map(TcpOption::buffer_len)
                .sum::<usize>()
                .next_multiple_of(4)
    }

    /// Header plus payload.
    pub fn buffer_len(&self) -> usize {
        self.header_len() + self.payload.len()
    }

    /// Sequence space the segment takes: payload plus one for SYN and FIN.
    pub fn segment_len(&self) -> usize {
        self.payload.len()
            + usize::from(self.flags.contains(TcpFlags::SYN))
            + usize::from(self.flags.contains(TcpFlags::FIN))
    }

    /// Writes the segment into `packet`, which must be exactly
    /// [`Repr::buffer_len`] bytes (the checksum covers the whole buffer).
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(
        &self,
        packet: &mut Packet<T>,
        src: &IpAddr,
        dst: &IpAddr,
        mode: ChecksumMode,
    ) -> Result<()> {
        self.emit_inner(packet, src, dst, mode, true)
    }

    /// [`Repr::emit`] into a buffer whose payload part (after
    /// [`Repr::header_len`]) already holds `self.payload`: writes the header
    /// and the checksum only. The bulk path copies the payload straight from
    /// the send buffer into the datagram and saves zero-filling it first.
    pub fn emit_around_payload<T: AsRef<[u8]> + AsMut<[u8]>>(
        &self,
        packet: &mut Packet<T>,
        src: &IpAddr,
        dst: &IpAddr,
        mode: ChecksumMode,
    ) -> Result<()> {
        self.emit_inner(packet, src, dst, mode, false)
    }

    fn emit_inner<T: AsRef<[u8]> + AsMut<[u8]>>(
        &self,
        packet: &mut Packet<T>,
        src: &IpAddr,
        dst: &IpAddr,
        mode: ChecksumMode,
        copy_payload: bool,
    ) -> Result<()> {
        let header_len = self.header_len();
        if header_len > MAX_HEADER_LEN {
            return Err(Error::Malformed);
        }
        if packet.buffer.as_ref().len() != self.buffer_len() {
            return Err(Error::Truncated);
        }
        let header_len8 = u8::try_from(header_len).map_err(|_| Error::Malformed)?;
        let flags = self.flags.with(TcpFlags::ACK, self.ack_number.is_some());
        packet.set_src_port(self.src_port);
        packet.set_dst_port(self.dst_port);
        packet.set_seq_number(self.seq_number);
        packet.set_ack_number(self.ack_number.unwrap_or_default());
        packet.set_header_len_and_flags(header_len8, flags);
        packet.set_window_len(self.window_len);
        packet.set_urgent_at(self.urgent_at);
        let buf = packet.buffer.as_mut();
        let (header, payload) = buf
            .split_at_mut_checked(header_len)
            .ok_or(Error::Truncated)?;
        let mut opts = field::rest_mut(header, HEADER_LEN);
        for option in &self.options {
            opts = option.emit(opts)?;
        }
        opts.fill(0);
        if copy_payload {
            payload.copy_from_slice(self.payload);
        } else {
            debug_assert!(*payload == *self.payload, "the payload is in place");
        }
        match mode {
            ChecksumMode::Full => packet.fill_checksum(src, dst),
            ChecksumMode::Partial => packet.fill_partial_checksum(src, dst),
        }
        Ok(())
    }

    /// The MSS option, if present.
    pub fn mss(&self) -> Option<u16> {
        self.options.iter().find_map(|o| match o {
            TcpOption::MaxSegmentSize(m) => Some(*m),
            _ => None,
        })
    }

    /// The window scale option, if present.
    pub fn window_scale(&self) -> Option<u8> {
        self.options.iter().find_map(|o| match o {
            TcpOption::WindowScale(w) => Some(*w),
            _ => None,
        })
    }

    /// The timestamps option `(tsval, tsecr)`, if present.
    pub fn timestamp(&self) -> Option<(u32, u32)> {
        self.options.iter().find_map(|o| match o {
            TcpOption::Timestamp { tsval, tsecr } => Some((*tsval, *tsecr)),
            _ => None,
        })
    }

    /// Whether SACK-permitted is present.
    pub fn sack_permitted(&self) -> bool {
        self.options.contains(&TcpOption::SackPermitted)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::wire::fixtures;
    use alloc::vec;
    use core::net::{Ipv4Addr, Ipv6Addr};

    const LO4: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
    const LO6: IpAddr = IpAddr::V6(Ipv6Addr::LOCALHOST);

    #[test]
    fn test_parse_syn() {
        // `curl http://127.0.0.1:8000/`: "Flags [S], cksum 0xfe30 (incorrect -> 0xbde6),
        // seq 3016965906, win 65495, options [mss 65495,sackOK,TS val 45456150 ecr 0,nop,wscale 10]"
        let packet = Packet::new_checked(&fixtures::TCPV4_SYN[20..]).unwrap();
        let repr = Repr::parse(&packet).unwrap();
        assert_eq!(
            repr,
            Repr {
                src_port: 57894,
                dst_port: 8000,
                seq_number: SeqNumber(3016965906),
                ack_number: None,
                flags: TcpFlags::SYN,
                window_len: 65495,
                urgent_at: 0,
                options: TcpOption::linux_syn(65495, 45456150, 0, 10),
                payload: &[],
            }
        );
        assert_eq!(packet.checksum(), 0xfe30);
        assert!(packet.is_partial_checksum(&LO4, &LO4));
        assert_eq!(packet.compute_checksum(&LO4, &LO4), 0xbde6);
        assert_eq!(repr.flags.tcpdump(), "S");
        assert_eq!(repr.mss(), Some(65495));
        assert_eq!(repr.window_scale(), Some(10));
        assert!(repr.sack_permitted());
    }

    #[test]
    fn test_parse_data() {
        // "Flags [P.], seq 1:79, ack 1, win 64, options [nop,nop,TS val 45456151 ecr 537142195], length 78"
        let packet = Packet::new_checked(&fixtures::TCPV4_HTTP_GET[20..]).unwrap();
        let repr = Repr::parse(&packet).unwrap();
        assert_eq!(repr.flags.tcpdump(), "P.");
        assert_eq!(repr.ack_number, Some(SeqNumber(848282653)));
        assert_eq!(repr.options, TcpOption::linux_data(45456151, 537142195));
        assert!(repr.payload.starts_with(b"GET / HTTP/1.1\r\n"));
        assert_eq!(repr.payload.len(), 78);
        assert_eq!(packet.compute_checksum(&LO4, &LO4), 0x2f45);
    }

    #[test]
    fn test_emit_matches_capture() {
        // Partial checksums reproduce the captured bytes exactly.
        for bytes in fixtures::ALL {
            let (hdr, proto) = if bytes[0] >> 4 == 4 {
                (20, bytes[9])
            } else {
                (40, bytes[6])
            };
            if proto != 6 {
                continue;
            }
            let seg = &bytes[hdr..];
            let (s, d) = if hdr == 20 { (LO4, LO4) } else { (LO6, LO6) };
            let repr = Repr::parse(&Packet::new_checked(seg).unwrap()).unwrap();
            let mut buf = vec![0u8; repr.buffer_len()];
            repr.emit(
                &mut Packet::new_unchecked(&mut buf),
                &s,
                &d,
                ChecksumMode::Partial,
            )
            .unwrap();
            assert_eq!(&buf[..], seg);
            repr.emit(
                &mut Packet::new_unchecked(&mut buf),
                &s,
                &d,
                ChecksumMode::Full,
            )
            .unwrap();
            assert!(
                Packet::new_checked(&buf[..])
                    .unwrap()
                    .verify_checksum(&s, &d)
            );
        }
    }

    #[test]
    fn test_linux_syn_layout() {
        let repr = Repr {
            src_port: 1,
            dst_port: 2,
            seq_number: SeqNumber(7),
            ack_number: None,
            flags: TcpFlags::SYN,
            window_len: 65495,
            urgent_at: 0,
            options: TcpOption::linux_syn(65495, 0x01020304, 0, 7),
            payload: &[],
        };
        assert_eq!(repr.header_len(), 40);
        let mut buf = vec![0u8; 40];
        repr.emit(
            &mut Packet::new_unchecked(&mut buf),
            &LO4,
            &LO4,
            ChecksumMode::Full,
        )
        .unwrap();
        assert_eq!(
            &buf[20..],
            &[
                2, 4, 0xff, 0xd7, 4, 2, 8, 10, 1, 2, 3, 4, 0, 0, 0, 0, 1, 3, 3, 7
            ]
        );
    }

    #[test]
    fn test_seq_number_wraps() {
        let a = SeqNumber(u32::MAX - 1);
        let b = a + 4;
        assert_eq!(b, SeqNumber(2));
        assert!(a < b);
        assert_eq!(b.diff(a), 4);
        assert_eq!(b - 4, a);
    }

    #[test]
    fn test_bad_options() {
        for bad in [
            &[2u8, 3, 0][..],
            &[2, 4, 1],
            &[5, 2 + 7],
            &[8, 9, 0, 0, 0, 0, 0, 0, 0],
            &[30, 1],
            &[30],
        ] {
            assert!(TcpOption::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn test_truncated() {
        for bytes in fixtures::ALL {
            let (hdr, proto) = if bytes[0] >> 4 == 4 {
                (20, bytes[9])
            } else {
                (40, bytes[6])
            };
            if proto != 6 {
                continue;
            }
            let seg = &bytes[hdr..];
            let header_len = usize::from(seg[12] >> 4) * 4;
            for len in 0..header_len {
                assert!(Repr::parse(&Packet::new_unchecked(&seg[..len])).is_err());
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) mod prop {
        use super::*;
        use proptest::prelude::*;

        fn arb_option() -> impl Strategy<Value = TcpOption<'static>> {
            prop_oneof![
                Just(TcpOption::NoOperation),
                any::<u16>().prop_map(TcpOption::MaxSegmentSize),
                any::<u8>().prop_map(TcpOption::WindowScale),
                Just(TcpOption::SackPermitted),
                proptest::collection::vec((any::<u32>(), any::<u32>()), 1..=3).prop_map(|v| {
                    let v: Vec<_> = v
                        .into_iter()
                        .map(|(a, b)| (SeqNumber(a), SeqNumber(b)))
                        .collect();
                    TcpOption::Sack(SackBlocks::new(&v).unwrap())
                }),
                (any::<u32>(), any::<u32>())
                    .prop_map(|(tsval, tsecr)| TcpOption::Timestamp { tsval, tsecr }),
                (9u8..=255, 0usize..6).prop_map(|(kind, n)| TcpOption::Unknown {
                    kind,
                    data: &[0xab; 6][..n]
                }),
            ]
        }

        /// Any TCP segment whose options fit and are padded with NOPs.
        pub(crate) fn arb_repr(payload: &'static [u8]) -> impl Strategy<Value = Repr<'static>> {
            (
                (
                    any::<u16>(),
                    any::<u16>(),
                    any::<u32>(),
                    proptest::option::of(any::<u32>()),
                ),
                (
                    any::<u16>(),
                    any::<u16>(),
                    any::<u16>(),
                    0usize..=payload.len(),
                ),
                proptest::collection::vec(arb_option(), 0..5),
            )
                .prop_map(move |((sp, dp, seq, ack), (flags, win, urg, n), opts)| {
                    let mut options = Vec::new();
                    let mut used = 0;
                    for o in opts {
                        if used + o.buffer_len() <= 40 {
                            used += o.buffer_len();
                            options.push(o);
                        }
                    }
                    while used % 4 != 0 {
                        options.push(TcpOption::NoOperation);
                        used += 1;
                    }
                    let flags = TcpFlags(flags & 0x0fff).with(TcpFlags::ACK, ack.is_some());
                    Repr {
                        src_port: sp,
                        dst_port: dp,
                        seq_number: SeqNumber(seq),
                        ack_number: ack.map(SeqNumber),
                        flags,
                        window_len: win,
                        urgent_at: urg,
                        options,
                        payload: &payload[..n],
                    }
                })
        }

        static PAYLOAD: [u8; 100] = [0x5a; 100];

        proptest! {
            #[test]
            fn parse_emit_round_trip(repr in arb_repr(&PAYLOAD)) {
                let mut buf = vec![0u8; repr.buffer_len()];
                repr.emit(&mut Packet::new_unchecked(&mut buf), &LO6, &LO6, ChecksumMode::Full).unwrap();
                let packet = Packet::new_checked(&buf[..]).unwrap();
                prop_assert!(packet.verify_checksum(&LO6, &LO6));
                prop_assert_eq!(Repr::parse(&packet).unwrap(), repr);
            }

            #[test]
            fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
                let _ = Repr::parse(&Packet::new_unchecked(&bytes[..]));
            }
        }
    }
}
