//! A layer tree of any frame for the UI inspector, worded as Wireshark
//! words it ("Time to Live: 64", "Header Checksum: 0xa981 [correct]").
//! Never panics: what cannot be read becomes a "Malformed" field.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;
use core::ops::Range;

use super::field::{self, u16_at};
use super::{IpProtocol, icmpv4, icmpv6, ipv4, ipv6, pcap, tcp, udp};

/// How the frame starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkType {
    /// The frame is an IP datagram.
    RawIp,
    /// A 14-byte Ethernet header first (zero MACs on `lo` captures).
    Ethernet,
}

/// One line of the tree.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    /// The Wireshark display-filter name, e.g. `ip.ttl`.
    pub name: String,
    /// The text to show, e.g. `Time to Live: 64`.
    pub value: String,
    /// The bytes of the frame the field covers.
    pub range: Range<usize>,
    /// Sub-fields (flag bits, options).
    pub children: Vec<Field>,
}

/// One protocol layer.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Layer {
    /// The protocol name, e.g. `Internet Protocol Version 4`.
    pub name: String,
    /// The header line, e.g. `Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.1`.
    pub summary: String,
    /// The bytes of the frame the layer covers.
    pub range: Range<usize>,
    /// The fields.
    pub fields: Vec<Field>,
}

fn fld(name: &str, value: String, range: Range<usize>) -> Field {
    Field {
        name: name.into(),
        value,
        range,
        children: Vec::new(),
    }
}

fn malformed(reason: &str, range: Range<usize>) -> Field {
    fld(
        "_ws.malformed",
        format!("[Malformed Packet: {reason}]"),
        range,
    )
}

fn status(ok: bool, should: u16) -> String {
    if ok {
        String::from("[correct]")
    } else {
        format!("[incorrect, should be 0x{should:04x}]")
    }
}

/// Dissects a frame into layers, outermost first.
pub fn dissect(frame: &[u8], link: LinkType) -> Vec<Layer> {
    let mut layers = Vec::new();
    let ip_start = match link {
        LinkType::RawIp => 0,
        LinkType::Ethernet => {
            let end = frame.len().min(pcap::ETHERNET_HEADER_LEN);
            let mut layer = Layer {
                name: "Ethernet II".into(),
                summary: String::from(
                    "Ethernet II, Src: 00:00:00_00:00:00 (00:00:00:00:00:00), Dst: 00:00:00_00:00:00 (00:00:00:00:00:00)",
                ),
                range: 0..end,
                fields: Vec::new(),
            };
            if frame.len() < pcap::ETHERNET_HEADER_LEN {
                layer
                    .fields
                    .push(malformed("Ethernet header cut short", 0..end));
                layers.push(layer);
                return layers;
            }
            let mac = |at: usize| {
                let m = field::array_at::<6>(frame, at);
                format!(
                    "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                    m[0], m[1], m[2], m[3], m[4], m[5]
                )
            };
            layer.summary = format!("Ethernet II, Src: {}, Dst: {}", mac(6), mac(0));
            layer
                .fields
                .push(fld("eth.dst", format!("Destination: {}", mac(0)), 0..6));
            layer
                .fields
                .push(fld("eth.src", format!("Source: {}", mac(6)), 6..12));
            let ty = u16_at(frame, 12);
            let ty_name = match ty {
                pcap::ETHERTYPE_IPV4 => "IPv4",
                pcap::ETHERTYPE_IPV6 => "IPv6",
                _ => "Unknown",
            };
            layer.fields.push(fld(
                "eth.type",
                format!("Type: {ty_name} (0x{ty:04x})"),
                12..14,
            ));
            layers.push(layer);
            if !matches!(ty, pcap::ETHERTYPE_IPV4 | pcap::ETHERTYPE_IPV6) {
                push_data(&mut layers, frame, 14..frame.len());
                return layers;
            }
            pcap::ETHERNET_HEADER_LEN
        }
    };
    let ip = field::rest(frame, ip_start);
    match ip.first().map(|b| b >> 4) {
        Some(4) => dissect_ipv4(&mut layers, frame, ip_start),
        Some(6) => dissect_ipv6(&mut layers, frame, ip_start),
        _ => layers.push(Layer {
            name: "Internet Protocol".into(),
            summary: "Internet Protocol, bogus version".into(),
            range: ip_start..frame.len(),
            fields: alloc::vec![malformed("not IPv4 or IPv6", ip_start..frame.len())],
        }),
    }
    layers
}

fn push_data(layers: &mut Vec<Layer>, frame: &[u8], range: Range<usize>) {
    let data = field::slice(frame, range.clone());
    if data.is_empty() {
        return;
    }
    let hex: String = data.iter().take(32).map(|b| format!("{b:02x}")).collect();
    let more = if data.len() > 32 { "…" } else { "" };
    layers.push(Layer {
        name: "Data".into(),
        summary: format!("Data ({} bytes)", data.len()),
        range: range.clone(),
        fields: alloc::vec![
            fld("data.data", format!("Data: {hex}{more}"), range.clone()),
            fld("data.len", format!("[Length: {}]", data.len()), range),
        ],
    });
}

fn dissect_ipv4(layers: &mut Vec<Layer>, frame: &[u8], s: usize) {
    let bytes = field::rest(frame, s);
    let p = ipv4::Packet::new_unchecked(bytes);
    let hl = usize::from(p.header_len());
    let mut fields = Vec::new();
    let name = String::from("Internet Protocol Version 4");
    if bytes.len() < ipv4::HEADER_LEN {
        fields.push(malformed("IPv4 header cut short", s..frame.len()));
        layers.push(Layer {
            summary: name.clone(),
            name,
            range: s..frame.len(),
            fields,
        });
        return;
    }
    let r = |a: usize, b: usize| s + a..s + b;
    fields.push(fld(
        "ip.version",
        format!("{:04b} .... = Version: 4", p.version()),
        r(0, 1),
    ));
    fields.push(fld(
        "ip.hdr_len",
        format!(
            ".... {:04b} = Header Length: {hl} bytes ({})",
            hl / 4,
            hl / 4
        ),
        r(0, 1),
    ));
    let tos = p.dscp_ecn();
    fields.push(fld(
        "ip.dsfield",
        format!(
            "Differentiated Services Field: 0x{tos:02x} (DSCP: {}, ECN: {})",
            dscp_name(tos >> 2),
            ecn_name(tos & 3)
        ),
        r(1, 2),
    ));
    fields.push(fld(
        "ip.len",
        format!("Total Length: {}", p.total_len()),
        r(2, 4),
    ));
    fields.push(fld(
        "ip.id",
        format!("Identification: 0x{:04x} ({})", p.ident(), p.ident()),
        r(4, 6),
    ));
    let flags = (u16_at(bytes, 6) >> 13) as u8;
    let flag_text = if p.dont_frag() {
        ", Don't fragment"
    } else if p.more_frags() {
        ", More fragments"
    } else {
        ""
    };
    let mut flag_field = fld(
        "ip.flags",
        format!("{:03b}. .... = Flags: 0x{flags:x}{flag_text}", flags),
        r(6, 7),
    );
    let bit = |b: bool| if b { "Set" } else { "Not set" };
    flag_field.children = alloc::vec![
        fld(
            "ip.flags.rb",
            format!(
                "{}... .... = Reserved bit: {}",
                u8::from(p.reserved_flag()),
                bit(p.reserved_flag())
            ),
            r(6, 7)
        ),
        fld(
            "ip.flags.df",
            format!(
                ".{}.. .... = Don't fragment: {}",
                u8::from(p.dont_frag()),
                bit(p.dont_frag())
            ),
            r(6, 7)
        ),
        fld(
            "ip.flags.mf",
            format!(
                "..{}. .... = More fragments: {}",
                u8::from(p.more_frags()),
                bit(p.more_frags())
            ),
            r(6, 7)
        ),
    ];
    fields.push(flag_field);
    fields.push(fld(
        "ip.frag_offset",
        format!("Fragment Offset: {}", p.frag_offset()),
        r(6, 8),
    ));
    fields.push(fld("ip.ttl", format!("Time to Live: {}", p.ttl()), r(8, 9)));
    fields.push(fld(
        "ip.proto",
        format!("Protocol: {}", p.protocol()),
        r(9, 10),
    ));
    let header_ok = hl >= ipv4::HEADER_LEN && bytes.len() >= hl;
    let ck = if header_ok {
        status(p.verify_checksum(), p.compute_checksum())
    } else {
        String::from("[unverified]")
    };
    fields.push(fld(
        "ip.checksum",
        format!("Header Checksum: 0x{:04x} {ck}", p.checksum()),
        r(10, 12),
    ));
    fields.push(fld(
        "ip.src",
        format!("Source Address: {}", p.src_addr()),
        r(12, 16),
    ));
    fields.push(fld(
        "ip.dst",
        format!("Destination Address: {}", p.dst_addr()),
        r(16, 20),
    ));
    let summary = format!("{name}, Src: {}, Dst: {}", p.src_addr(), p.dst_addr());
    if let Err(e) = p.check_len() {
        fields.push(malformed(
            &format!("{e}: header length {hl}, total length {}", p.total_len()),
            s..frame.len(),
        ));
        layers.push(Layer {
            name,
            summary,
            range: s..frame.len(),
            fields,
        });
        return;
    }
    if hl > ipv4::HEADER_LEN {
        fields.push(fld(
            "ip.options",
            format!("Options: ({} bytes)", hl - ipv4::HEADER_LEN),
            r(ipv4::HEADER_LEN, hl),
        ));
    }
    layers.push(Layer {
        name,
        summary,
        range: r(0, hl),
        fields,
    });
    let end = s + usize::from(p.total_len());
    let (src, dst) = (IpAddr::V4(p.src_addr()), IpAddr::V4(p.dst_addr()));
    if p.more_frags() || p.frag_offset() != 0 {
        push_data(layers, frame, s + hl..end);
        return;
    }
    dissect_transport(layers, frame, p.protocol(), s + hl..end, src, dst);
}

fn dissect_ipv6(layers: &mut Vec<Layer>, frame: &[u8], s: usize) {
    let bytes = field::rest(frame, s);
    let p = ipv6::Packet::new_unchecked(bytes);
    let name = String::from("Internet Protocol Version 6");
    let mut fields = Vec::new();
    if bytes.len() < ipv6::HEADER_LEN {
        fields.push(malformed("IPv6 header cut short", s..frame.len()));
        layers.push(Layer {
            summary: name.clone(),
            name,
            range: s..frame.len(),
            fields,
        });
        return;
    }
    let r = |a: usize, b: usize| s + a..s + b;
    fields.push(fld(
        "ipv6.version",
        format!("0110 .... = Version: {}", p.version()),
        r(0, 1),
    ));
    let tc = p.traffic_class();
    fields.push(fld(
        "ipv6.tclass",
        format!(
            "Traffic Class: 0x{tc:02x} (DSCP: {}, ECN: {})",
            dscp_name(tc >> 2),
            ecn_name(tc & 3)
        ),
        r(0, 2),
    ));
    fields.push(fld(
        "ipv6.flow",
        format!("Flow Label: 0x{:05x}", p.flow_label()),
        r(1, 4),
    ));
    fields.push(fld(
        "ipv6.plen",
        format!("Payload Length: {}", p.payload_len()),
        r(4, 6),
    ));
    fields.push(fld(
        "ipv6.nxt",
        format!("Next Header: {}", p.next_header()),
        r(6, 7),
    ));
    fields.push(fld(
        "ipv6.hlim",
        format!("Hop Limit: {}", p.hop_limit()),
        r(7, 8),
    ));
    fields.push(fld(
        "ipv6.src",
        format!("Source Address: {}", p.src_addr()),
        r(8, 24),
    ));
    fields.push(fld(
        "ipv6.dst",
        format!("Destination Address: {}", p.dst_addr()),
        r(24, 40),
    ));
    let summary = format!("{name}, Src: {}, Dst: {}", p.src_addr(), p.dst_addr());
    if let Err(e) = p.check_len() {
        fields.push(malformed(
            &format!("{e}: payload length {}", p.payload_len()),
            s..frame.len(),
        ));
        layers.push(Layer {
            name,
            summary,
            range: s..frame.len(),
            fields,
        });
        return;
    }
    layers.push(Layer {
        name,
        summary,
        range: r(0, 40),
        fields,
    });
    let end = s + ipv6::HEADER_LEN + usize::from(p.payload_len());
    let (src, dst) = (IpAddr::V6(p.src_addr()), IpAddr::V6(p.dst_addr()));
    dissect_transport(
        layers,
        frame,
        p.next_header(),
        s + ipv6::HEADER_LEN..end,
        src,
        dst,
    );
}

fn dissect_transport(
    layers: &mut Vec<Layer>,
    frame: &[u8],
    protocol: IpProtocol,
    range: Range<usize>,
    src: IpAddr,
    dst: IpAddr,
) {
    match (protocol, src, dst) {
        (IpProtocol::Icmp, IpAddr::V4(_), _) => dissect_icmpv4(layers, frame, range),
        (IpProtocol::Icmpv6, IpAddr::V6(s), IpAddr::V6(d)) => {
            dissect_icmpv6(layers, frame, range, s, d)
        }
        (IpProtocol::Udp, ..) => dissect_udp(layers, frame, range, src, dst),
        (IpProtocol::Tcp, ..) => dissect_tcp(layers, frame, range, src, dst),
        _ => push_data(layers, frame, range),
    }
}

fn icmp_fields(
    bytes: &[u8],
    s: usize,
    ty: &str,
    code: u8,
    ck: String,
    fields: &mut Vec<Field>,
    prefix: &str,
) {
    let r = |a: usize, b: usize| s + a..s + b;
    fields.push(fld(
        &format!("{prefix}.type"),
        format!("Type: {} ({ty})", field::u8_at(bytes, 0)),
        r(0, 1),
    ));
    fields.push(fld(
        &format!("{prefix}.code"),
        format!("Code: {code}"),
        r(1, 2),
    ));
    fields.push(fld(
        &format!("{prefix}.checksum"),
        format!("Checksum: 0x{:04x} {ck}", u16_at(bytes, 2)),
        r(2, 4),
    ));
}

fn dissect_icmpv4(layers: &mut Vec<Layer>, frame: &[u8], range: Range<usize>) {
    let s = range.start;
    let bytes = field::slice(frame, range.clone());
    let name = String::from("Internet Control Message Protocol");
    let p = icmpv4::Packet::new_unchecked(bytes);
    let mut fields = Vec::new();
    if bytes.len() < icmpv4::HEADER_LEN {
        fields.push(malformed("ICMP header cut short", range.clone()));
        layers.push(Layer {
            summary: name.clone(),
            name,
            range,
            fields,
        });
        return;
    }
    let ty = match p.msg_type() {
        0 => "Echo (ping) reply",
        3 => "Destination unreachable",
        8 => "Echo (ping) request",
        11 => "Time-to-live exceeded",
        _ => "Unknown",
    };
    icmp_fields(
        bytes,
        s,
        ty,
        p.msg_code(),
        status(p.verify_checksum(), p.compute_checksum()),
        &mut fields,
        "icmp",
    );
    let r = |a: usize, b: usize| s + a..s + b;
    match p.msg_type() {
        0 | 8 => {
            fields.push(fld(
                "icmp.ident",
                format!(
                    "Identifier (BE): {} (0x{:04x})",
                    p.echo_ident(),
                    p.echo_ident()
                ),
                r(4, 6),
            ));
            fields.push(fld(
                "icmp.seq",
                format!(
                    "Sequence Number (BE): {} (0x{:04x})",
                    p.echo_seq_no(),
                    p.echo_seq_no()
                ),
                r(6, 8),
            ));
            layers.push(Layer {
                summary: name.clone(),
                name,
                range: range.clone(),
                fields,
            });
            push_data(layers, frame, s + 8..range.end);
        }
        3 | 11 => {
            if p.msg_type() == 3 && p.msg_code() == 4 {
                fields.push(fld(
                    "icmp.mtu",
                    format!("MTU of next hop: {}", p.next_hop_mtu()),
                    r(6, 8),
                ));
            }
            layers.push(Layer {
                summary: name.clone(),
                name,
                range: range.clone(),
                fields,
            });
            // The quoted datagram, nested as Wireshark shows it.
            dissect_ipv4(layers, field::slice(frame, 0..range.end), s + 8);
        }
        _ => {
            layers.push(Layer {
                summary: name.clone(),
                name,
                range: range.clone(),
                fields,
            });
            push_data(layers, frame, s + 8..range.end);
        }
    }
}

fn dissect_icmpv6(
    layers: &mut Vec<Layer>,
    frame: &[u8],
    range: Range<usize>,
    src: core::net::Ipv6Addr,
    dst: core::net::Ipv6Addr,
) {
    let s = range.start;
    let bytes = field::slice(frame, range.clone());
    let name = String::from("Internet Control Message Protocol v6");
    let p = icmpv6::Packet::new_unchecked(bytes);
    let mut fields = Vec::new();
    if bytes.len() < icmpv6::HEADER_LEN {
        fields.push(malformed("ICMPv6 header cut short", range.clone()));
        layers.push(Layer {
            summary: name.clone(),
            name,
            range,
            fields,
        });
        return;
    }
    let ty = match p.msg_type() {
        1 => "Destination Unreachable",
        2 => "Packet Too Big",
        3 => "Time Exceeded",
        128 => "Echo (ping) request",
        129 => "Echo (ping) reply",
        _ => "Unknown",
    };
    let ck = status(
        p.verify_checksum(&src, &dst),
        p.compute_checksum(&src, &dst),
    );
    icmp_fields(bytes, s, ty, p.msg_code(), ck, &mut fields, "icmpv6");
    let r = |a: usize, b: usize| s + a..s + b;
    match p.msg_type() {
        128 | 129 => {
            fields.push(fld(
                "icmpv6.echo.identifier",
                format!("Identifier: 0x{:04x}", p.echo_ident()),
                r(4, 6),
            ));
            fields.push(fld(
                "icmpv6.echo.sequence_number",
                format!("Sequence: {}", p.echo_seq_no()),
                r(6, 8),
            ));
            layers.push(Layer {
                summary: name.clone(),
                name,
                range: range.clone(),
                fields,
            });
            push_data(layers, frame, s + 8..range.end);
        }
        1..=3 => {
            if p.msg_type() == 2 {
                fields.push(fld("icmpv6.mtu", format!("MTU: {}", p.mtu()), r(4, 8)));
            }
            layers.push(Layer {
                summary: name.clone(),
                name,
                range: range.clone(),
                fields,
            });
            dissect_ipv6(layers, field::slice(frame, 0..range.end), s + 8);
        }
        _ => {
            layers.push(Layer {
                summary: name.clone(),
                name,
                range: range.clone(),
                fields,
            });
            push_data(layers, frame, s + 8..range.end);
        }
    }
}

fn dissect_udp(
    layers: &mut Vec<Layer>,
    frame: &[u8],
    range: Range<usize>,
    src: IpAddr,
    dst: IpAddr,
) {
    let s = range.start;
    let bytes = field::slice(frame, range.clone());
    let name = String::from("User Datagram Protocol");
    let p = udp::Packet::new_unchecked(bytes);
    let mut fields = Vec::new();
    if bytes.len() < udp::HEADER_LEN {
        fields.push(malformed("UDP header cut short", range.clone()));
        layers.push(Layer {
            summary: name.clone(),
            name,
            range,
            fields,
        });
        return;
    }
    let r = |a: usize, b: usize| s + a..s + b;
    fields.push(fld(
        "udp.srcport",
        format!("Source Port: {}", p.src_port()),
        r(0, 2),
    ));
    fields.push(fld(
        "udp.dstport",
        format!("Destination Port: {}", p.dst_port()),
        r(2, 4),
    ));
    fields.push(fld("udp.length", format!("Length: {}", p.len()), r(4, 6)));
    let summary = format!(
        "{name}, Src Port: {}, Dst Port: {}",
        p.src_port(),
        p.dst_port()
    );
    if let Err(e) = p.check_len() {
        fields.push(fld(
            "udp.checksum",
            format!("Checksum: 0x{:04x} [unverified]", p.checksum()),
            r(6, 8),
        ));
        fields.push(malformed(
            &format!("{e}: length {}", p.len()),
            range.clone(),
        ));
        layers.push(Layer {
            name,
            summary,
            range,
            fields,
        });
        return;
    }
    let ck = if p.checksum() == 0 && src.is_ipv4() {
        String::from("[zero-value ignored]")
    } else if p.checksum()
        == super::checksum::pseudo_header(&src, &dst, IpProtocol::Udp, u32::from(p.len()))
    {
        format!(
            "[partial: only the pseudo-header sum, as Linux leaves it on lo; full would be 0x{:04x}]",
            p.compute_checksum(&src, &dst)
        )
    } else {
        status(
            p.verify_checksum(&src, &dst),
            p.compute_checksum(&src, &dst),
        )
    };
    fields.push(fld(
        "udp.checksum",
        format!("Checksum: 0x{:04x} {ck}", p.checksum()),
        r(6, 8),
    ));
    layers.push(Layer {
        name,
        summary,
        range: r(0, 8),
        fields,
    });
    push_data(layers, frame, s + 8..s + usize::from(p.len()));
}

fn dissect_tcp(
    layers: &mut Vec<Layer>,
    frame: &[u8],
    range: Range<usize>,
    src: IpAddr,
    dst: IpAddr,
) {
    let s = range.start;
    let bytes = field::slice(frame, range.clone());
    let name = String::from("Transmission Control Protocol");
    let p = tcp::Packet::new_unchecked(bytes);
    let mut fields = Vec::new();
    if bytes.len() < tcp::HEADER_LEN {
        fields.push(malformed("TCP header cut short", range.clone()));
        layers.push(Layer {
            summary: name.clone(),
            name,
            range,
            fields,
        });
        return;
    }
    let r = |a: usize, b: usize| s + a..s + b;
    let hl = usize::from(p.header_len());
    fields.push(fld(
        "tcp.srcport",
        format!("Source Port: {}", p.src_port()),
        r(0, 2),
    ));
    fields.push(fld(
        "tcp.dstport",
        format!("Destination Port: {}", p.dst_port()),
        r(2, 4),
    ));
    fields.push(fld(
        "tcp.seq_raw",
        format!("Sequence Number (raw): {}", p.seq_number()),
        r(4, 8),
    ));
    fields.push(fld(
        "tcp.ack_raw",
        format!("Acknowledgment number (raw): {}", p.ack_number()),
        r(8, 12),
    ));
    fields.push(fld(
        "tcp.hdr_len",
        format!(
            "{:04b} .... = Header Length: {hl} bytes ({})",
            hl / 4,
            hl / 4
        ),
        r(12, 13),
    ));
    let flags = p.flags();
    let mut flag_field = fld(
        "tcp.flags",
        format!("Flags: 0x{:03x} ({})", flags.0, flags.tcpdump()),
        r(12, 14),
    );
    for (flag, label) in [
        (tcp::TcpFlags::CWR, "Congestion Window Reduced"),
        (tcp::TcpFlags::ECE, "ECN-Echo"),
        (tcp::TcpFlags::URG, "Urgent"),
        (tcp::TcpFlags::ACK, "Acknowledgment"),
        (tcp::TcpFlags::PSH, "Push"),
        (tcp::TcpFlags::RST, "Reset"),
        (tcp::TcpFlags::SYN, "Syn"),
        (tcp::TcpFlags::FIN, "Fin"),
    ] {
        let set = if flags.contains(flag) {
            "Set"
        } else {
            "Not set"
        };
        flag_field
            .children
            .push(fld("tcp.flags", format!("{label}: {set}"), r(13, 14)));
    }
    fields.push(flag_field);
    fields.push(fld(
        "tcp.window_size_value",
        format!("Window: {}", p.window_len()),
        r(14, 16),
    ));
    let summary = format!(
        "{name}, Src Port: {}, Dst Port: {}, Seq: {}, Len: {}",
        p.src_port(),
        p.dst_port(),
        p.seq_number(),
        bytes.len().saturating_sub(hl)
    );
    if let Err(e) = p.check_len() {
        fields.push(malformed(
            &format!("{e}: header length {hl}"),
            range.clone(),
        ));
        layers.push(Layer {
            name,
            summary,
            range,
            fields,
        });
        return;
    }
    let ck = if p.is_partial_checksum(&src, &dst) {
        format!(
            "[partial: only the pseudo-header sum, as Linux leaves it on lo; full would be 0x{:04x}]",
            p.compute_checksum(&src, &dst)
        )
    } else {
        status(
            p.verify_checksum(&src, &dst),
            p.compute_checksum(&src, &dst),
        )
    };
    fields.push(fld(
        "tcp.checksum",
        format!("Checksum: 0x{:04x} {ck}", p.checksum()),
        r(16, 18),
    ));
    fields.push(fld(
        "tcp.urgent_pointer",
        format!("Urgent Pointer: {}", p.urgent_at()),
        r(18, 20),
    ));
    if hl > tcp::HEADER_LEN {
        let mut opts = fld(
            "tcp.options",
            format!("Options: ({} bytes)", hl - tcp::HEADER_LEN),
            r(20, hl),
        );
        let mut at = tcp::HEADER_LEN;
        for option in p.options_iter() {
            match option {
                Ok(o) => {
                    let len = o.buffer_len();
                    opts.children
                        .push(fld("tcp.option_kind", option_text(&o), r(at, at + len)));
                    at += len;
                }
                Err(e) => {
                    opts.children
                        .push(malformed(&format!("TCP option: {e}"), r(at, hl)));
                    break;
                }
            }
        }
        fields.push(opts);
    }
    layers.push(Layer {
        name,
        summary,
        range: r(0, hl),
        fields,
    });
    push_data(layers, frame, s + hl..range.end);
}

fn option_text(o: &tcp::TcpOption<'_>) -> String {
    use tcp::TcpOption as O;
    match o {
        O::EndOfList => "TCP Option - End of Option List (EOL)".into(),
        O::NoOperation => "TCP Option - No-Operation (NOP)".into(),
        O::MaxSegmentSize(m) => format!("TCP Option - Maximum segment size: {m} bytes"),
        O::WindowScale(w) => format!(
            "TCP Option - Window scale: {w} (multiply by {})",
            1u32.checked_shl(u32::from(*w)).unwrap_or(0)
        ),
        O::SackPermitted => "TCP Option - SACK permitted".into(),
        O::Sack(b) => {
            let blocks: Vec<String> = b
                .as_slice()
                .iter()
                .map(|(l, r)| format!("{l}-{r}"))
                .collect();
            format!("TCP Option - SACK {}", blocks.join(" "))
        }
        O::Timestamp { tsval, tsecr } => {
            format!("TCP Option - Timestamps: TSval {tsval}, TSecr {tsecr}")
        }
        O::Unknown { kind, data } => format!(
            "TCP Option - Unknown (kind {kind}, {} bytes)",
            data.len() + 2
        ),
    }
}

fn dscp_name(dscp: u8) -> String {
    match dscp {
        0 => "CS0".into(),
        8 | 16 | 24 | 32 | 40 | 48 | 56 => format!("CS{}", dscp / 8),
        46 => "EF PHB".into(),
        other => format!("{other}"),
    }
}

fn ecn_name(ecn: u8) -> &'static str {
    match ecn {
        0 => "Not-ECT",
        1 => "ECT(1)",
        2 => "ECT(0)",
        _ => "CE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::fixtures;

    fn values(layer: &Layer) -> Vec<&str> {
        layer.fields.iter().map(|f| f.value.as_str()).collect()
    }

    #[test]
    fn test_ipv4_icmp_like_wireshark() {
        let layers = dissect(fixtures::ICMPV4_ECHO_REQUEST, LinkType::RawIp);
        let names: Vec<_> = layers.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Internet Protocol Version 4",
                "Internet Control Message Protocol",
                "Data"
            ]
        );
        assert_eq!(
            layers[0].summary,
            "Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.1"
        );
        let v = values(&layers[0]);
        assert!(v.contains(&"Time to Live: 64"));
        assert!(v.contains(&"Header Checksum: 0xa981 [correct]"));
        assert!(v.contains(&"Protocol: ICMP (1)"));
        assert!(v.contains(&"010. .... = Flags: 0x2, Don't fragment"));
        assert!(values(&layers[1]).contains(&"Checksum: 0x7f8e [correct]"));
        let ttl = layers[0]
            .fields
            .iter()
            .find(|f| f.name == "ip.ttl")
            .unwrap();
        assert_eq!(ttl.range, 8..9);
    }

    #[test]
    fn test_ethernet_tcp_syn() {
        let mut frame = alloc::vec![0u8; 12];
        frame.extend_from_slice(&[0x08, 0x00]);
        frame.extend_from_slice(fixtures::TCPV4_SYN);
        let layers = dissect(&frame, LinkType::Ethernet);
        assert_eq!(layers[0].name, "Ethernet II");
        let tcp = &layers[2];
        assert_eq!(
            tcp.summary,
            "Transmission Control Protocol, Src Port: 57894, Dst Port: 8000, Seq: 3016965906, Len: 0"
        );
        let opts = tcp.fields.iter().find(|f| f.name == "tcp.options").unwrap();
        assert_eq!(opts.children.len(), 5);
        assert_eq!(
            opts.children[0].value,
            "TCP Option - Maximum segment size: 65495 bytes"
        );
        assert_eq!(opts.children[0].range, 14 + 40..14 + 44);
        assert!(
            values(tcp)
                .iter()
                .any(|v| v.starts_with("Checksum: 0xfe30 [partial"))
        );
    }

    #[test]
    fn test_icmp_errors_nest_the_quoted_header() {
        let layers = dissect(fixtures::ICMPV6_PORT_UNREACHABLE, LinkType::RawIp);
        let names: Vec<_> = layers.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Internet Protocol Version 6",
                "Internet Control Message Protocol v6",
                "Internet Protocol Version 6",
                "User Datagram Protocol",
                "Data"
            ]
        );
        let layers = dissect(fixtures::ICMPV4_PORT_UNREACHABLE, LinkType::RawIp);
        assert_eq!(layers.len(), 5);
    }

    #[test]
    fn test_every_prefix_is_dissected_without_panic() {
        for bytes in fixtures::ALL {
            for len in 0..=bytes.len() {
                let layers = dissect(&bytes[..len], LinkType::RawIp);
                if len < bytes.len() {
                    let any_malformed = layers
                        .iter()
                        .flat_map(|l| &l.fields)
                        .any(|f| f.name == "_ws.malformed");
                    assert!(any_malformed || len == 0, "prefix {len}: {layers:?}");
                }
                let _ = dissect(&bytes[..len], LinkType::Ethernet);
            }
            assert!(
                !dissect(bytes, LinkType::RawIp)
                    .iter()
                    .flat_map(|l| &l.fields)
                    .any(|f| f.name == "_ws.malformed")
            );
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
                let _ = dissect(&bytes, LinkType::RawIp);
                let _ = dissect(&bytes, LinkType::Ethernet);
            }
        }
    }
}
