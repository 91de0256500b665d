//! The `LOG` target's kernel log line, as `nf_log_syslog` writes it:
//! `PREFIX IN=lo OUT= MAC=... SRC=... DST=... LEN=... TOS=... PREC=...
//! TTL=... ID=... DF PROTO=TCP SPT=... DPT=... WINDOW=... RES=0x00 SYN
//! URGP=0 ` (with its trailing space); an ICMP error quotes the datagram
//! it is about in brackets.

use alloc::format;
use alloc::string::String;
use core::fmt::Write;

use super::packet::{View, proto};

fn be16(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([
        b.get(at).copied().unwrap_or(0),
        b.get(at + 1).copied().unwrap_or(0),
    ])
}

fn be32(b: &[u8], at: usize) -> u32 {
    (u32::from(be16(b, at)) << 16) | u32::from(be16(b, at + 2))
}

/// The whole line: `prefix`, the devices, the link-layer header (on
/// input), then the datagram.
pub fn line(
    prefix: &str,
    iif: Option<&str>,
    oif: Option<&str>,
    mac: Option<&[u8]>,
    bytes: &[u8],
) -> String {
    let mut s = format!(
        "{prefix}IN={} OUT={} ",
        iif.unwrap_or(""),
        oif.unwrap_or("")
    );
    if let Some(mac) = mac {
        s.push_str("MAC=");
        let hex: alloc::vec::Vec<String> = mac.iter().map(|b| format!("{b:02x}")).collect();
        s.push_str(&hex.join(":"));
        s.push(' ');
    }
    datagram(&mut s, bytes, false);
    s
}

/// The datagram's part of the line (`nf_log_ip_packet` / `dump_ipv6_packet`).
fn datagram(s: &mut String, bytes: &[u8], quoted: bool) {
    let Some(v) = View::parse(bytes) else {
        let _ = write!(s, "TRUNCATED ");
        return;
    };
    if v.src.is_ipv4() {
        let tos = bytes.get(1).copied().unwrap_or(0);
        let frag = be16(bytes, 6);
        let _ = write!(
            s,
            "SRC={} DST={} LEN={} TOS=0x{:02X} PREC=0x{:02X} TTL={} ID={} ",
            v.src,
            v.dst,
            be16(bytes, 2),
            tos & 0x1e,
            tos & 0xe0,
            bytes.get(8).copied().unwrap_or(0),
            be16(bytes, 4)
        );
        if frag & 0x8000 != 0 {
            s.push_str("CE ");
        }
        if frag & 0x4000 != 0 {
            s.push_str("DF ");
        }
        if frag & 0x2000 != 0 {
            s.push_str("MF ");
        }
    } else {
        let word = be32(bytes, 0);
        let _ = write!(
            s,
            "SRC={} DST={} LEN={} TC={} HOPLIMIT={} FLOWLBL={} ",
            v.src,
            v.dst,
            usize::from(be16(bytes, 4)) + 40,
            (word >> 20) & 0xff,
            bytes.get(7).copied().unwrap_or(0),
            word & 0xfffff
        );
    }
    let l4 = v.l4;
    match v.proto {
        proto::TCP => {
            s.push_str("PROTO=TCP ");
            if bytes.len() < l4 + 20 {
                let _ = write!(s, "INCOMPLETE [{} bytes] ", bytes.len().saturating_sub(l4));
                return;
            }
            let _ = write!(
                s,
                "SPT={} DPT={} WINDOW={} RES=0x{:02x} ",
                be16(bytes, l4),
                be16(bytes, l4 + 2),
                be16(bytes, l4 + 14),
                (bytes.get(l4 + 12).copied().unwrap_or(0) & 0x0f) << 2
            );
            let flags = bytes.get(l4 + 13).copied().unwrap_or(0);
            for (bit, name) in [
                (0x80, "CWR"),
                (0x40, "ECE"),
                (0x20, "URG"),
                (0x10, "ACK"),
                (0x08, "PSH"),
                (0x04, "RST"),
                (0x02, "SYN"),
                (0x01, "FIN"),
            ] {
                if flags & bit != 0 {
                    s.push_str(name);
                    s.push(' ');
                }
            }
            let _ = write!(s, "URGP={} ", be16(bytes, l4 + 18));
        }
        proto::UDP => {
            let _ = write!(
                s,
                "PROTO=UDP SPT={} DPT={} LEN={} ",
                be16(bytes, l4),
                be16(bytes, l4 + 2),
                be16(bytes, l4 + 4)
            );
        }
        proto::ICMP | proto::ICMPV6 => {
            let name = if v.proto == proto::ICMP {
                "ICMP"
            } else {
                "ICMPv6"
            };
            let (t, c) = v.icmp.unwrap_or((0, 0));
            let _ = write!(s, "PROTO={name} TYPE={t} CODE={c} ");
            if v.icmp_id.is_some() {
                let _ = write!(s, "ID={} SEQ={} ", be16(bytes, l4 + 4), be16(bytes, l4 + 6));
            } else if v.is_icmp_error() && !quoted {
                s.push('[');
                if let Some(inner) = bytes.get(l4 + 8..) {
                    datagram(s, inner, true);
                }
                s.push_str("] ");
                if v.proto == proto::ICMP && t == 3 && c == 4 {
                    let _ = write!(s, "MTU={} ", be16(bytes, l4 + 6));
                }
            }
        }
        p => {
            let _ = write!(s, "PROTO={p} ");
        }
    }
}
