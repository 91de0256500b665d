//! One captured IP datagram as tcpdump 4.99 prints it: read straight from
//! the bytes (a malformed packet prints what can be read, never panics).

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::wire::TcpPacket;

/// What the filter looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Source address.
    pub src: IpAddr,
    /// Destination address.
    pub dst: IpAddr,
    /// Protocol / next header.
    pub proto: u8,
    /// TCP/UDP ports.
    pub ports: Option<(u16, u16)>,
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_be_bytes([
        b.get(i).copied().unwrap_or(0),
        b.get(i + 1).copied().unwrap_or(0),
    ])
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    (u32::from(u16_at(b, i)) << 16) | u32::from(u16_at(b, i + 2))
}

/// The parsed headers.
pub(crate) struct Ip<'a> {
    pub summary: Summary,
    /// The transport bytes.
    pub payload: &'a [u8],
    header: &'a [u8],
}

/// Parses the IP header; `None` for bytes that are not IP.
pub(crate) fn parse(bytes: &[u8]) -> Option<Ip<'_>> {
    let version = bytes.first()? >> 4;
    let (src, dst, proto, hlen, total) = match version {
        4 => {
            let ihl = usize::from(bytes.first()? & 0x0f) * 4;
            if ihl < 20 || bytes.len() < ihl {
                return None;
            }
            let src = Ipv4Addr::new(
                *bytes.get(12)?,
                *bytes.get(13)?,
                *bytes.get(14)?,
                *bytes.get(15)?,
            );
            let dst = Ipv4Addr::new(
                *bytes.get(16)?,
                *bytes.get(17)?,
                *bytes.get(18)?,
                *bytes.get(19)?,
            );
            let total = usize::from(u16_at(bytes, 2)).clamp(ihl, bytes.len());
            (IpAddr::V4(src), IpAddr::V4(dst), *bytes.get(9)?, ihl, total)
        }
        6 => {
            if bytes.len() < 40 {
                return None;
            }
            let mut s = [0u8; 16];
            let mut d = [0u8; 16];
            s.copy_from_slice(bytes.get(8..24)?);
            d.copy_from_slice(bytes.get(24..40)?);
            let total = (40 + usize::from(u16_at(bytes, 4))).min(bytes.len());
            (
                IpAddr::V6(Ipv6Addr::from(s)),
                IpAddr::V6(Ipv6Addr::from(d)),
                *bytes.get(6)?,
                40,
                total,
            )
        }
        _ => return None,
    };
    let payload = bytes.get(hlen..total).unwrap_or(&[]);
    let ports = match proto {
        6 | 17 if payload.len() >= 4 => Some((u16_at(payload, 0), u16_at(payload, 2))),
        _ => None,
    };
    Some(Ip {
        summary: Summary {
            src,
            dst,
            proto,
            ports,
        },
        payload,
        header: bytes.get(..hlen).unwrap_or(&[]),
    })
}

/// How names are printed.
pub(crate) struct Namer<'a> {
    /// `-n`: numbers only.
    pub numeric: bool,
    /// Address to name.
    pub host: &'a mut dyn FnMut(IpAddr) -> String,
}

impl Namer<'_> {
    fn addr(&mut self, a: IpAddr) -> String {
        if self.numeric {
            format!("{a}")
        } else {
            (self.host)(a)
        }
    }

    fn port(&self, p: u16, proto: u8) -> String {
        if !self.numeric {
            let pr = if proto == 6 {
                crate::tools::netnames::Proto::Tcp
            } else {
                crate::tools::netnames::Proto::Udp
            };
            if let Some(n) = crate::tools::netnames::service(p, pr) {
                return String::from(n);
            }
        }
        format!("{p}")
    }
}

/// tcpdump's relative sequence numbers: per connection (both directions
/// share an entry), the numbers of the first ACK-bearing segment seen.
#[derive(Debug, Default)]
pub(crate) struct SeqTracker {
    seen: BTreeMap<(IpAddr, IpAddr, u32), (u32, u32)>,
}

const PROTO_NAMES: [(u8, &str); 4] = [(1, "ICMP"), (6, "TCP"), (17, "UDP"), (58, "ICMPv6")];

fn proto_name(p: u8) -> String {
    PROTO_NAMES
        .iter()
        .find(|(n, _)| *n == p)
        .map_or_else(|| String::from("unknown"), |(_, s)| String::from(*s))
}

/// The line(s) for one packet, without the timestamp.
pub(crate) fn format_packet(
    bytes: &[u8],
    verbose: u8,
    namer: &mut Namer<'_>,
    seqs: &mut SeqTracker,
) -> String {
    let Some(ip) = parse(bytes) else {
        return String::from("unknown packet\n");
    };
    let s = ip.summary;
    let mut out = String::new();
    let v4 = s.src.is_ipv4();
    if v4 {
        out.push_str("IP ");
        if verbose > 0 {
            let h = ip.header;
            let frag = u16_at(h, 6);
            let mut flags = String::new();
            if frag & 0x8000 != 0 {
                flags.push_str("rsvd");
            }
            if frag & 0x4000 != 0 {
                flags.push_str("DF");
            }
            if frag & 0x2000 != 0 {
                flags.push('+');
            }
            if flags.is_empty() {
                flags.push_str("none");
            }
            out.push_str(&format!(
                "(tos 0x{:x}, ttl {}, id {}, offset {}, flags [{flags}], proto {} ({}), length {})\n    ",
                h.get(1).copied().unwrap_or(0),
                h.get(8).copied().unwrap_or(0),
                u16_at(h, 4),
                (frag & 0x1fff) * 8,
                proto_name(s.proto),
                s.proto,
                u16_at(h, 2)
            ));
        }
    } else {
        out.push_str("IP6 ");
        if verbose > 0 {
            let h = ip.header;
            let flow = u32_at(h, 0) & 0x000f_ffff;
            let tclass = (u16_at(h, 0) >> 4) & 0xff;
            let mut parts = Vec::new();
            if tclass != 0 {
                parts.push(format!("class 0x{tclass:x}"));
            }
            if flow != 0 {
                parts.push(format!("flowlabel 0x{flow:05x}"));
            }
            parts.push(format!("hlim {}", h.get(7).copied().unwrap_or(0)));
            out.push_str(&format!(
                "({}, next-header {} ({}) payload length: {}) ",
                parts.join(", "),
                proto_name(s.proto),
                s.proto,
                u16_at(h, 4)
            ));
        }
    }
    let src = namer.addr(s.src);
    let dst = namer.addr(s.dst);
    let p = ip.payload;
    match s.proto {
        6 => {
            let (sp, dp) = s.ports.unwrap_or((0, 0));
            out.push_str(&format!(
                "{src}.{} > {dst}.{}: ",
                namer.port(sp, 6),
                namer.port(dp, 6)
            ));
            out.push_str(&tcp(p, &s, verbose, seqs));
        }
        17 => {
            let (sp, dp) = s.ports.unwrap_or((0, 0));
            out.push_str(&format!(
                "{src}.{} > {dst}.{}: UDP, length {}",
                namer.port(sp, 17),
                namer.port(dp, 17),
                usize::from(u16_at(p, 4)).saturating_sub(8)
            ));
        }
        1 => {
            out.push_str(&format!("{src} > {dst}: ICMP "));
            out.push_str(&icmp4(p, namer));
        }
        58 => {
            out.push_str(&format!("{src} > {dst}: ICMP6, "));
            out.push_str(&icmp6(p));
        }
        n => out.push_str(&format!("{src} > {dst}: ip-proto-{n} {}", p.len())),
    }
    out.push('\n');
    out
}

fn tcp(p: &[u8], s: &Summary, verbose: u8, seqs: &mut SeqTracker) -> String {
    if p.len() < 20 {
        return String::from("[|tcp]");
    }
    let (sp, dp) = s.ports.unwrap_or((0, 0));
    let mut seq = u32_at(p, 4);
    let mut ack = u32_at(p, 8);
    let hlen = usize::from(p.get(12).copied().unwrap_or(0) >> 4) * 4;
    let flags = u16_at(p, 12) & 0x0fff;
    let win = u16_at(p, 14);
    let data_len = p.len().saturating_sub(hlen);
    let mut out = format!("Flags [{}], ", crate::wire::TcpFlags(flags).tcpdump());
    if verbose > 0
        && let Ok(pkt) = TcpPacket::new_checked(p)
    {
        {
            let sum = pkt.checksum();
            if pkt.verify_checksum(&s.src, &s.dst) {
                out.push_str(&format!("cksum 0x{sum:04x} (correct), "));
            } else {
                out.push_str(&format!(
                    "cksum 0x{sum:04x} (incorrect -> 0x{:04x}), ",
                    pkt.compute_checksum(&s.src, &s.dst)
                ));
            }
        }
    }
    let syn = flags & 0x02 != 0;
    if flags & 0x10 != 0 {
        let rev = s.src > s.dst || (s.src == s.dst && sp > dp);
        let key = if rev {
            (s.dst, s.src, (u32::from(dp) << 16) | u32::from(sp))
        } else {
            (s.src, s.dst, (u32::from(sp) << 16) | u32::from(dp))
        };
        match seqs.seen.get(&key) {
            Some(&(fwd_seq, fwd_ack)) if !syn => {
                if rev {
                    seq = seq.wrapping_sub(fwd_ack);
                    ack = ack.wrapping_sub(fwd_seq);
                } else {
                    seq = seq.wrapping_sub(fwd_seq);
                    ack = ack.wrapping_sub(fwd_ack);
                }
            }
            _ => {
                let entry = if rev {
                    (ack.wrapping_sub(1), seq)
                } else {
                    (seq, ack.wrapping_sub(1))
                };
                if seqs.seen.len() < 4096 {
                    seqs.seen.insert(key, entry);
                }
            }
        }
    }
    if data_len > 0 {
        out.push_str(&format!(
            "seq {seq}:{}, ",
            seq.wrapping_add(data_len as u32)
        ));
    } else if flags & 0x07 != 0 {
        out.push_str(&format!("seq {seq}, "));
    }
    if flags & 0x10 != 0 {
        out.push_str(&format!("ack {ack}, "));
    }
    out.push_str(&format!("win {win}, "));
    let opts = p.get(20..hlen.min(p.len())).unwrap_or(&[]);
    if !opts.is_empty() {
        out.push_str(&format!("options [{}], ", tcp_options(opts)));
    }
    out.push_str(&format!("length {data_len}"));
    out
}

fn tcp_options(mut o: &[u8]) -> String {
    let mut parts: Vec<String> = Vec::new();
    while let Some((&kind, rest)) = o.split_first() {
        match kind {
            0 => {
                parts.push(String::from("eol"));
                break;
            }
            1 => {
                parts.push(String::from("nop"));
                o = rest;
                continue;
            }
            _ => {}
        }
        let len = usize::from(rest.first().copied().unwrap_or(0));
        if len < 2 || len > o.len() {
            parts.push(String::from("bad opt"));
            break;
        }
        let body = o.get(2..len).unwrap_or(&[]);
        parts.push(match (kind, body.len()) {
            (2, 2) => format!("mss {}", u16_at(body, 0)),
            (3, 1) => format!("wscale {}", body.first().copied().unwrap_or(0)),
            (4, 0) => String::from("sackOK"),
            (8, 8) => format!("TS val {} ecr {}", u32_at(body, 0), u32_at(body, 4)),
            (5, n) => {
                let blocks: Vec<String> = (0..n / 8)
                    .map(|i| format!("{{{}:{}}}", u32_at(body, i * 8), u32_at(body, i * 8 + 4)))
                    .collect();
                format!("sack {} {}", n / 8, blocks.join(""))
            }
            (k, _) => format!("unknown-{k}"),
        });
        o = o.get(len..).unwrap_or(&[]);
    }
    parts.join(",")
}

fn icmp4(p: &[u8], namer: &mut Namer<'_>) -> String {
    let ty = p.first().copied().unwrap_or(0);
    let code = p.get(1).copied().unwrap_or(0);
    let len = p.len();
    match ty {
        8 | 0 => format!(
            "echo {}, id {}, seq {}, length {len}",
            if ty == 8 { "request" } else { "reply" },
            u16_at(p, 4),
            u16_at(p, 6)
        ),
        3 => {
            let inner = p.get(8..).and_then(parse);
            let what = match (code, inner) {
                (3, Some(i)) => {
                    let dst = namer.addr(i.summary.dst);
                    let proto = if i.summary.proto == 6 { "tcp" } else { "udp" };
                    let port = i.summary.ports.map_or(0, |(_, d)| d);
                    format!(
                        "{dst} {proto} port {} unreachable",
                        namer.port(port, i.summary.proto)
                    )
                }
                (2, Some(i)) => format!(
                    "{} protocol {} unreachable",
                    namer.addr(i.summary.dst),
                    i.summary.proto
                ),
                (1, Some(i)) => format!("host {} unreachable", namer.addr(i.summary.dst)),
                (0, Some(i)) => format!("net {} unreachable", namer.addr(i.summary.dst)),
                (c, _) => format!("unreachable code {c}"),
            };
            format!("{what}, length {len}")
        }
        11 => format!(
            "time exceeded in-transit{}, length {len}",
            if code == 1 { " (reassembly)" } else { "" }
        ),
        t => format!("type-#{t}, length {len}"),
    }
}

fn icmp6(p: &[u8]) -> String {
    let ty = p.first().copied().unwrap_or(0);
    let len = p.len();
    match ty {
        128 | 129 => format!(
            "echo {}, id {}, seq {}, length {len}",
            if ty == 128 { "request" } else { "reply" },
            u16_at(p, 4),
            u16_at(p, 6)
        ),
        1 => {
            let inner = p.get(8..).and_then(parse);
            match (p.get(1).copied().unwrap_or(0), inner) {
                (4, Some(i)) => format!(
                    "destination unreachable, unreachable port, {} udp port {}, length {len}",
                    i.summary.dst,
                    i.summary.ports.map_or(0, |(_, d)| d)
                ),
                (_, _) => format!("destination unreachable, length {len}"),
            }
        }
        3 => format!("time exceeded in-transit, length {len}"),
        133 => format!("router solicitation, length {len}"),
        135 => format!("neighbor solicitation, length {len}"),
        136 => format!("neighbor advertisement, length {len}"),
        t => format!("type-#{t}, length {len}"),
    }
}

/// `-X`: hex and ASCII, 16 bytes a line, from the IP header on.
pub(crate) fn hex_ascii(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (n, chunk) in bytes.chunks(16).enumerate() {
        let mut hex = String::new();
        for pair in chunk.chunks(2) {
            match pair {
                [a, b] => hex.push_str(&format!(" {a:02x}{b:02x}")),
                [a] => hex.push_str(&format!(" {a:02x}")),
                _ => {}
            }
        }
        let ascii: String = chunk
            .iter()
            .map(|&c| {
                if (0x20..0x7f).contains(&c) {
                    char::from(c)
                } else {
                    '.'
                }
            })
            .collect();
        out.push_str(&format!("\t0x{:04x}: {hex:<40}  {ascii}\n", n * 16));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_dump_matches_real() {
        // Real (td4.out): tcpdump -X of `ping -c 1 ::1`, the last line.
        let tail = [0x30u8, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37];
        let mut bytes = alloc::vec![0u8; 0x60];
        bytes.extend_from_slice(&tail);
        let dump = hex_ascii(&bytes);
        assert!(
            dump.ends_with("\t0x0060:  3031 3233 3435 3637                      01234567\n"),
            "{dump}"
        );
    }
}
