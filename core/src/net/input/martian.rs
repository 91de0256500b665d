//! Martian filtering on a non-loopback device (`ip_route_input_slow`'s
//! checks, `rp_filter`, `route_localnet`, `accept_local`, IPv6's loopback
//! rule) and the kernel log lines `log_martians` writes.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};

use crate::iface::IfIndex;
use crate::net::{Netns, Network};
use crate::route::Flow;
use crate::trace::{Direction, DropReason, Layer, NsId, PacketId, Verdict};
use crate::world;

/// Hex bytes as the kernel's `print_hex_dump` shows them.
fn hex_bytes(bytes: &[u8]) -> String {
    let mut s = String::new();
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Why `ip_route_input_slow` would call a datagram martian.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Martian {
    /// An IPv4 martian: the drop reason and which address is at fault
    /// (`"source"` or `"destination"`, as the kernel log says).
    V4 {
        /// The drop reason.
        reason: DropReason,
        /// `"source"` or `"destination"`.
        what: &'static str,
    },
    /// An IPv6 loopback address arriving on another device.
    V6Loopback,
}

/// The martian checks of IP input, without side effects: the multicast,
/// broadcast and zero source, the zero destination, 127.0.0.0/8 either
/// way unless `route_localnet`, one of our own addresses as the source
/// unless `accept_local`, and `rp_filter` (strict: the way back must leave
/// by `iif`; loose: there must be one). `None` for a datagram that passes.
pub(crate) fn classify(
    n: &Netns,
    iif: IfIndex,
    dev: &str,
    src: IpAddr,
    dst: IpAddr,
) -> Option<Martian> {
    let localnet = n.sysctls.ipv4_conf_or(dev, "route_localnet");
    let accept_local = n.sysctls.ipv4_conf_or(dev, "accept_local");
    let src_is_ours = n.has_addr(&src);
    let rp_filter = n.sysctls.rp_filter(dev);
    let rp_ok = rp_filter == 0 || {
        let back = Flow {
            dst: src,
            src: None,
            oif: None,
            iif: None,
            mark: 0,
        };
        match n.fib.lookup(&back, n) {
            Ok(d) => rp_filter == 2 || d.dev == iif,
            Err(_) => false,
        }
    };
    let (reason, what) = match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            if s.is_multicast() || s == Ipv4Addr::BROADCAST || s.is_unspecified() {
                (DropReason::IpInvalidSource, "source")
            } else if d.is_unspecified() {
                (DropReason::IpInvalidSource, "destination")
            } else if d.is_loopback() && !localnet {
                (DropReason::IpLocalnet, "destination")
            } else if s.is_loopback() && !localnet {
                (DropReason::IpLocalnet, "source")
            } else if src_is_ours && !accept_local {
                (DropReason::IpLocalSource, "source")
            } else if !rp_ok {
                (DropReason::IpRpFilter, "source")
            } else {
                return None;
            }
        }
        (IpAddr::V6(s), IpAddr::V6(d)) if s.is_loopback() || d.is_loopback() => {
            return Some(Martian::V6Loopback);
        }
        _ => return None,
    };
    Some(Martian::V4 { reason, what })
}

impl Network {
    /// Martian filtering on a non-loopback device. Returns the drop reason
    /// if the packet was dropped (and logs it when `log_martians` is on).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn martian(
        &mut self,
        ns: NsId,
        iif: IfIndex,
        dev: &str,
        src: IpAddr,
        dst: IpAddr,
        dst_mac: [u8; 6],
        bytes: &[u8],
        id: PacketId,
    ) -> Option<DropReason> {
        let n = self.namespaces.get(&ns)?;
        let log = n.sysctls.ipv4_conf_or(dev, "log_martians");
        let (reason, what) = match classify(n, iif, dev, src, dst)? {
            Martian::V4 { reason, what } => (reason, what),
            Martian::V6Loopback => {
                // ip6_rcv_core: loopback addresses never arrive from outside.
                self.ev(ns, Layer::IpInput, Direction::Ingress, Some(id), Verdict::Drop(DropReason::IpInvalidSource), || {
                    format!("::1 can only be used on lo: {src} -> {dst} arrived on {dev} and is dropped")
                });
                return Some(DropReason::IpInvalidSource);
            }
        };
        if log {
            let now = self.now;
            if what == "source" {
                self.klog.log(
                    now,
                    format!("IPv4: martian source {dst} from {src}, on dev {dev}"),
                );
                let mut ll = Vec::with_capacity(14);
                ll.extend_from_slice(&dst_mac);
                ll.extend_from_slice(&self.sender_mac(src));
                ll.extend_from_slice(&[0x08, 0x00]);
                self.klog
                    .log(now, format!("ll header: 00000000: {}", hex_bytes(&ll)));
            } else {
                self.klog.log(
                    now,
                    format!("IPv4: martian destination {dst} from {src}, dev {dev}"),
                );
            }
        }
        let _ = bytes;
        self.ev(
            ns,
            Layer::IpInput,
            Direction::Ingress,
            Some(id),
            Verdict::Drop(reason),
            || {
                format!(
                    "martian {what} on {dev}: {src} -> {dst} ({})",
                    reason.explain()
                )
            },
        );
        Some(reason)
    }

    /// The MAC a LAN sender would have used (for the martian log line).
    fn sender_mac(&self, _src: IpAddr) -> [u8; 6] {
        // The frame came from whoever sent it on the LAN; the lab's LAN
        // machines are the only senders, and the laptop is the one that
        // sends martians (`ssh laptop hping3 -a 127.0.0.1 ...`).
        world::LAPTOP.mac
    }
}
