//! What wget reads and writes on a connection: the TLS hello it starts
//! an `https://` connection with, whether a response is whole, and the
//! `Length:` line it says of one.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::tools::netutil;

/// A TLS 1.2/1.3 ClientHello as GnuTLS begins one (the lab has no TLS
/// server to finish it): record and handshake headers, a zero random, one
/// cipher suite, the `supported_groups` extension (type 10: a `\n` byte a
/// line-reading server stops at), padded to 517 bytes.
pub(super) fn client_hello() -> Vec<u8> {
    let mut hello = Vec::with_capacity(517);
    hello.extend_from_slice(&[
        0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03,
    ]);
    hello.extend_from_slice(&[0; 32]);
    // No session id, one suite (TLS_AES_128_GCM_SHA256), no compression.
    hello.extend_from_slice(&[0x00, 0x00, 0x02, 0x13, 0x01, 0x01, 0x00]);
    // Extensions: supported_groups (x25519), then padding.
    hello.extend_from_slice(&[0x01, 0xa9, 0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x1d]);
    hello.resize(517, 0);
    hello
}

/// True once `buf` holds a whole response: its head, and as many body
/// bytes as `Content-Length` says (none for `HEAD`).
pub(super) fn complete(buf: &[u8], head_only: bool) -> bool {
    let Some(end) = netutil::find_bytes(buf, b"\r\n\r\n") else {
        return false;
    };
    if head_only {
        return true;
    }
    let head = netutil::lossy(buf.get(..end).unwrap_or_default()).to_ascii_lowercase();
    let length = head
        .split("\r\n")
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    length.is_some_and(|l| buf.len() >= end + 4 + l)
}

/// `Length: 12 [text/plain]`, `Length: 2048 (2.0K) [text/html]`,
/// `Length: unspecified [text/html]`.
pub(super) fn length_line(length: Option<u64>, ctype: &str) -> String {
    let kind = if ctype.is_empty() {
        String::new()
    } else {
        format!(" [{ctype}]")
    };
    match length {
        None => format!("Length: unspecified{kind}\n"),
        Some(l) if l < 1024 => format!("Length: {l}{kind}\n"),
        Some(l) => format!("Length: {l} ({}){kind}\n", super::progress::human(l)),
    }
}
