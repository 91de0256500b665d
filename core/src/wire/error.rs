//! The error of every wire operation.

use core::fmt;

/// Why bytes could not be parsed or a representation could not be emitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Error {
    /// The buffer is shorter than the header or a length field says.
    Truncated,
    /// A field holds a value the format does not allow (version, header
    /// length, option length, a length field smaller than the header...).
    Malformed,
    /// A checksum that must be verified does not match.
    Checksum,
    /// The bytes are well formed but of a kind this module does not handle.
    Unsupported,
}

/// The result of a wire operation.
pub type Result<T> = core::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Error::Truncated => "truncated packet",
            Error::Malformed => "malformed packet",
            Error::Checksum => "bad checksum",
            Error::Unsupported => "unsupported packet",
        })
    }
}

impl core::error::Error for Error {}
