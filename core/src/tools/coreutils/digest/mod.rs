//! The message digests of `md5sum`, `sha1sum` and `sha256sum` (RFC 1321,
//! FIPS 180-4), written out here so `core` stays free of crates.

mod md5;
mod sha;

pub(crate) use md5::md5;
pub(crate) use sha::{sha1, sha256};

/// The message padded as all three pad it: `0x80`, zeros, then the bit
/// length in 8 bytes (little-endian for MD5, big-endian for SHA).
fn padded(data: &[u8], little_endian: bool) -> alloc::vec::Vec<u8> {
    let mut m = alloc::vec::Vec::with_capacity(data.len() + 72);
    m.extend_from_slice(data);
    m.push(0x80);
    while m.len() % 64 != 56 {
        m.push(0);
    }
    let bits = (data.len() as u64).wrapping_mul(8);
    m.extend_from_slice(&if little_endian {
        bits.to_le_bytes()
    } else {
        bits.to_be_bytes()
    });
    m
}

/// The 32-bit words of a 64-byte block.
fn words(block: &[u8], little_endian: bool) -> [u32; 16] {
    core::array::from_fn(|i| {
        let b: [u8; 4] = core::array::from_fn(|k| block.get(i * 4 + k).copied().unwrap_or(0));
        if little_endian {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    })
}

/// Lower-case hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> alloc::string::String {
    bytes.iter().map(|b| alloc::format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Recorded: `echo hi | md5sum` and friends (coreutils 9.1).
    #[test]
    fn known_digests() {
        assert_eq!(hex(&md5(b"hi\n")), "764efa883dda1e11db47671c4a3bbd9e");
        assert_eq!(hex(&md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            hex(&sha1(b"hi\n")),
            "55ca6286e3e4f4fba5d0448333fa99fc5a404a73"
        );
        assert_eq!(
            hex(&sha256(b"hi\n")),
            "98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4"
        );
        let long = [b'a'; 200];
        assert_eq!(hex(&md5(&long)).len(), 32);
    }
}
