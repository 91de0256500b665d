//! Where the stack calls netfilter: the hooks on the output, input and
//! forward paths run the namespace's [`crate::netfilter::Netfilter`], and
//! this file does what their verdicts ask of the stack: trace each hook
//! (conntrack state, the rule that decided, the NAT rewrite, a drop as
//! `SKB_DROP_REASON_NETFILTER_DROP`), write `LOG` lines to the kernel log,
//! and answer a `REJECT` with ICMP unreachable or a TCP reset.
//!
//! A hook with no chain registered (and no conntrack running) costs a
//! look-up and records nothing, so a lab without rules traces as before.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;
use core::net::IpAddr;

use super::{Network, NsKind};
use crate::iface::IfIndex;
use crate::netfilter::rule::{AddrType, RejectWith, ct_bits};
use crate::netfilter::{Hook, NfFamily, Outcome, Place, Verdict as NfVerdict, log};
use crate::trace::{Direction, DropReason, Layer, NsId, PacketId, Verdict};
use crate::wire::{Datagram, TransportRepr};

/// The names of the [`ct_bits`] state a packet got.
fn ct_name(bits: u8) -> &'static str {
    match bits {
        ct_bits::NEW => "NEW",
        ct_bits::ESTABLISHED => "ESTABLISHED",
        ct_bits::RELATED => "RELATED",
        ct_bits::UNTRACKED => "UNTRACKED",
        _ => "INVALID",
    }
}

fn endpoint(a: IpAddr, port: u16) -> String {
    match (a, port) {
        (IpAddr::V6(_), 0) | (IpAddr::V4(_), 0) => format!("{a}"),
        (IpAddr::V6(_), p) => format!("[{a}]:{p}"),
        (IpAddr::V4(_), p) => format!("{a}:{p}"),
    }
}

/// The trace line of one hook.
fn summary(hook: Hook, out: &Outcome) -> String {
    let mut s = format!("netfilter {}:", hook.chain_name());
    if let Some(state) = out.ctstate {
        let _ = write!(
            s,
            " conntrack {}{};",
            ct_name(state),
            if out.ct_new { " (new entry)" } else { "" }
        );
    }
    for st in &out.steps {
        if st.rule == 0 {
            let _ = write!(s, " {} {} policy {};", st.table.name(), st.chain, st.target);
        } else {
            let _ = write!(
                s,
                " {} {} rule {} -> {};",
                st.table.name(),
                st.chain,
                st.rule,
                st.target
            );
        }
    }
    for r in &out.rewrites {
        let _ = write!(
            s,
            " {} {} -> {};",
            if r.src {
                "source NAT"
            } else {
                "destination NAT"
            },
            endpoint(r.from.0, r.from.1),
            endpoint(r.to.0, r.to.1)
        );
    }
    if out.table_full {
        s.push_str(" conntrack table full;");
    }
    match out.verdict {
        NfVerdict::Accept => s.push_str(" accepted"),
        NfVerdict::Drop => s.push_str(" dropped"),
        NfVerdict::Reject(w) => {
            let _ = write!(s, " rejected with {}", w.name());
        }
    }
    s
}

impl Network {
    /// Whether `hook` has anything to do in `ns` for packets of `family`.
    pub(crate) fn nf_active(&self, ns: NsId, family: NfFamily, hook: Hook) -> bool {
        self.namespaces
            .get(&ns)
            .is_some_and(|n| n.nf.active(family, hook))
    }

    /// The first address of the family on `dev`.
    fn primary_addr(&self, ns: NsId, dev: IfIndex, v6: bool) -> Option<IpAddr> {
        let i = self.namespaces.get(&ns)?.ifaces.get(&dev)?;
        if v6 {
            i.ipv6.first().map(|a| IpAddr::V6(a.addr))
        } else {
            i.ipv4.first().map(|a| IpAddr::V4(a.addr))
        }
    }

    /// Runs `hook` on the datagram in `bytes` (NAT rewrites it in place);
    /// false if netfilter dropped it (a `REJECT` is answered here).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn nf_hook(
        &mut self,
        ns: NsId,
        hook: Hook,
        bytes: &mut [u8],
        iif: Option<IfIndex>,
        oif: Option<IfIndex>,
        id: PacketId,
        looped: bool,
    ) -> bool {
        let Some(first) = bytes.first() else {
            return true;
        };
        let v6 = first >> 4 == 6;
        let family = if v6 { NfFamily::Ipv6 } else { NfFamily::Ipv4 };
        if !self.nf_active(ns, family, hook) {
            return true;
        }
        let now = self.now;
        let iif_name =
            iif.map(|i| String::from(self.namespaces.get(&ns).map_or("?", |n| n.iface_name(i))));
        let oif_name =
            oif.map(|i| String::from(self.namespaces.get(&ns).map_or("?", |n| n.iface_name(i))));
        let masq_addr = oif.and_then(|o| self.primary_addr(ns, o, v6));
        let redirect_addr = match iif {
            Some(i) => self.primary_addr(ns, i, v6),
            None if v6 => Some(IpAddr::V6(core::net::Ipv6Addr::LOCALHOST)),
            None => Some(IpAddr::V4(core::net::Ipv4Addr::LOCALHOST)),
        };
        let Some(n) = self.namespaces.get_mut(&ns) else {
            return true;
        };
        let locals: Vec<IpAddr> = n
            .ifaces
            .values()
            .flat_map(|i| {
                i.ipv4
                    .iter()
                    .map(|a| IpAddr::V4(a.addr))
                    .chain(i.ipv6.iter().map(|a| IpAddr::V6(a.addr)))
            })
            .collect();
        let addr_type = move |a: IpAddr| -> AddrType {
            let local = locals.contains(&a) || matches!(a, IpAddr::V4(v) if v.is_loopback());
            if local {
                AddrType::Local
            } else if a.is_multicast() {
                AddrType::Multicast
            } else if matches!(a, IpAddr::V4(v) if v.is_broadcast()) {
                AddrType::Broadcast
            } else {
                AddrType::Unicast
            }
        };
        let place = Place {
            hook,
            iif: iif_name.as_deref(),
            oif: oif_name.as_deref(),
            addr_type: &addr_type,
            masq_addr,
            redirect_addr,
            looped,
        };
        let before = bytes.to_vec();
        let out = n.nf.hook(bytes, &place, now);
        // nf_log_all_netns is 0: a container's namespace logs nothing. The
        // kernel log is the lab host's, so the LAN's machines' LOG lines
        // (their own kernels') do not land in it either.
        let logs_allowed = n.kind == NsKind::Host;
        if out.table_full && n.nf.conntrack.note_full(now) {
            self.klog.log(
                now,
                String::from("nf_conntrack: nf_conntrack: table full, dropping packet"),
            );
        }
        let Some(n) = self.namespaces.get(&ns) else {
            return true;
        };
        if logs_allowed && !out.logs.is_empty() {
            let mac: Option<Vec<u8>> = iif.map(|i| {
                let mut m = Vec::with_capacity(14);
                let dst = n.ifaces.get(&i).map(|x| x.mac()).unwrap_or([0; 6]);
                m.extend_from_slice(&dst);
                m.extend_from_slice(&[0; 6]);
                m.extend_from_slice(if v6 { &[0x86, 0xdd] } else { &[0x08, 0x00] });
                m
            });
            for (prefix, _level) in &out.logs {
                let line = log::line(
                    prefix,
                    iif_name.as_deref(),
                    oif_name.as_deref(),
                    mac.as_deref(),
                    &before,
                );
                self.klog.log(now, line);
            }
        }
        let dir = match hook {
            Hook::Output | Hook::Postrouting | Hook::Forward => Direction::Egress,
            Hook::Prerouting | Hook::Input => Direction::Ingress,
        };
        let verdict = match out.verdict {
            NfVerdict::Accept => Verdict::Pass,
            NfVerdict::Drop | NfVerdict::Reject(_) => Verdict::Drop(DropReason::NetfilterDrop),
        };
        self.ev(ns, Layer::Netfilter, dir, Some(id), verdict, || {
            summary(hook, &out)
        });
        match out.verdict {
            NfVerdict::Accept => true,
            NfVerdict::Drop => false,
            NfVerdict::Reject(w) => {
                self.nf_reject(ns, &before, w);
                false
            }
        }
    }

    /// `REJECT`: answers the datagram with an ICMP unreachable of the
    /// chosen code, or a TCP reset (only for a TCP segment that is not a
    /// reset itself); never answers an ICMP error.
    fn nf_reject(&mut self, ns: NsId, bytes: &[u8], with: RejectWith) {
        if crate::netfilter::packet::View::parse(bytes).is_some_and(|v| v.is_icmp_error()) {
            return;
        }
        let Ok(d) = Datagram::parse(bytes) else {
            return;
        };
        match (with.code(), &d.transport) {
            (None, TransportRepr::Tcp(seg)) => {
                if !seg.flags.contains(crate::wire::TcpFlags::RST) {
                    self.send_reset(ns, &d.ip, seg);
                }
            }
            (None, _) => {}
            (Some(code), _) => self.send_unreachable(ns, &d.ip, bytes, code),
        }
    }
}
