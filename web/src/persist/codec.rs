//! The share-link encoding: `v1=` + base64url(deflate(text form)), with a
//! size cap on both ends.

use crate::record::{MAX_TEXT, Record, RecordError};

/// The hash parameter that carries a record.
pub const HASH_KEY: &str = "v1";
/// The longest encoded record accepted (characters of base64url).
pub const MAX_ENCODED: usize = 12 * 1024;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Reads base64url (padding tolerated); `None` on any other character.
pub fn from_base64url(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The record as the value of `v1=`.
pub fn encode(record: &Record) -> String {
    let text = record.to_text();
    base64url(&miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9))
}

/// Why an encoded record was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Longer than [`MAX_ENCODED`], or inflating past [`MAX_TEXT`].
    TooLarge,
    /// Not base64url, not deflate, not UTF-8.
    Garbled,
    /// Inflated, but not a good record.
    Record(RecordError),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::TooLarge => f.write_str("it is larger than the limit"),
            DecodeError::Garbled => f.write_str("it is not a valid encoding"),
            DecodeError::Record(e) => e.fmt(f),
        }
    }
}

/// Reads the value of `v1=`.
pub fn decode(value: &str) -> Result<Record, DecodeError> {
    if value.len() > MAX_ENCODED {
        return Err(DecodeError::TooLarge);
    }
    let bytes = from_base64url(value).ok_or(DecodeError::Garbled)?;
    let text = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_TEXT).map_err(
        |e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => DecodeError::TooLarge,
            _ => DecodeError::Garbled,
        },
    )?;
    let text = String::from_utf8(text).map_err(|_| DecodeError::Garbled)?;
    Record::from_text(&text).map_err(DecodeError::Record)
}
