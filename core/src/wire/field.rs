//! Bounds-checked byte access shared by the wire modules.
//!
//! Reads outside the buffer give zero (or an empty slice) and writes outside
//! it are ignored, so no getter or setter can panic on short input. Every
//! `Packet::new_checked` validates lengths first, so on checked packets these
//! never hit the fallback.

use core::ops::Range;

use super::{Error, Result};

/// The byte at `at`, or 0.
pub(crate) fn u8_at(buf: &[u8], at: usize) -> u8 {
    buf.get(at).copied().unwrap_or(0)
}

/// The big-endian u16 at `at`, or 0.
pub(crate) fn u16_at(buf: &[u8], at: usize) -> u16 {
    match buf.get(at..at.saturating_add(2)) {
        Some(&[a, b]) => u16::from_be_bytes([a, b]),
        _ => 0,
    }
}

/// The big-endian u32 at `at`, or 0.
pub(crate) fn u32_at(buf: &[u8], at: usize) -> u32 {
    match buf.get(at..at.saturating_add(4)) {
        Some(&[a, b, c, d]) => u32::from_be_bytes([a, b, c, d]),
        _ => 0,
    }
}

/// The `N` bytes at `at`, or zeros.
pub(crate) fn array_at<const N: usize>(buf: &[u8], at: usize) -> [u8; N] {
    let mut out = [0u8; N];
    if let Some(src) = buf.get(at..at.saturating_add(N)) {
        out.copy_from_slice(src);
    }
    out
}

/// The bytes in `range`, or an empty slice.
pub(crate) fn slice(buf: &[u8], range: Range<usize>) -> &[u8] {
    buf.get(range).unwrap_or(&[])
}

/// The bytes from `at` to the end, or an empty slice.
pub(crate) fn rest(buf: &[u8], at: usize) -> &[u8] {
    buf.get(at..).unwrap_or(&[])
}

/// Mutable bytes in `range`, or an empty slice.
pub(crate) fn slice_mut(buf: &mut [u8], range: Range<usize>) -> &mut [u8] {
    buf.get_mut(range).unwrap_or(&mut [])
}

/// Writes the byte at `at` if it exists.
pub(crate) fn set_u8(buf: &mut [u8], at: usize, value: u8) {
    if let Some(b) = buf.get_mut(at) {
        *b = value;
    }
}

/// Writes `bytes` at `at` if they fit.
pub(crate) fn set_bytes(buf: &mut [u8], at: usize, bytes: &[u8]) {
    if let Some(dst) = buf.get_mut(at..at.saturating_add(bytes.len())) {
        dst.copy_from_slice(bytes);
    }
}

/// Writes a big-endian u16 at `at` if it fits.
pub(crate) fn set_u16(buf: &mut [u8], at: usize, value: u16) {
    set_bytes(buf, at, &value.to_be_bytes());
}

/// Writes a big-endian u32 at `at` if it fits.
pub(crate) fn set_u32(buf: &mut [u8], at: usize, value: u32) {
    set_bytes(buf, at, &value.to_be_bytes());
}

/// `Ok` when `buf` holds at least `len` bytes.
pub(crate) fn need(buf: &[u8], len: usize) -> Result<()> {
    if buf.len() < len {
        Err(Error::Truncated)
    } else {
        Ok(())
    }
}

/// Mutable bytes from `at` to the end, or an empty slice.
pub(crate) fn rest_mut(buf: &mut [u8], at: usize) -> &mut [u8] {
    buf.get_mut(at..).unwrap_or(&mut [])
}
