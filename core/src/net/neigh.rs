//! A namespace's neighbour table (ARP for IPv4, NDP for IPv6), as
//! `net/core/neighbour.c` keeps it: an entry per (device, next hop) the
//! namespace resolved or tried to resolve on an Ethernet or veth device.
//!
//! A frame sent to a next hop that answers makes its entry REACHABLE
//! (confirmed now); it turns STALE `REACHABLE_TIME` after its last
//! confirmation. A next hop no one answers stays INCOMPLETE while the
//! kernel solicits it (`mcast_solicit` 3 x `retrans_time` 1 s), then is
//! FAILED. A host that receives a solicitation learns the asker's address
//! as STALE. `ip neigh`, `arp` and `/proc/net/arp` read it.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::net::IpAddr;

use crate::iface::IfIndex;
use crate::time::{Duration, Instant};

/// `base_reachable_time_ms`: how long a confirmation keeps an entry
/// REACHABLE (Linux randomises it between half and one and a half times).
pub const REACHABLE_TIME: Duration = Duration::from_secs(30);
/// How long a next hop is solicited before it is FAILED: 3 probes 1 s
/// apart, and the timer's last round; measured on Linux 6.18 (`ping -D`
/// to an absent LAN host: the host unreachable comes 3.07-3.08 s after
/// the first datagram).
pub const SOLICIT_TIME: Duration = Duration::from_millis(3075);
/// The most entries a namespace keeps (`gc_thresh3`).
const MAX_ENTRIES: usize = 1024;

/// An entry's state (`NUD_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NudState {
    /// Being solicited: no link-layer address yet.
    Incomplete,
    /// Confirmed recently.
    Reachable,
    /// Known, not confirmed recently.
    Stale,
    /// Soliciting it failed.
    Failed,
    /// Set by hand (`arp -s`, `ip neigh add ... nud permanent`): never
    /// expires, never re-resolved.
    Permanent,
}

/// One entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    /// The link-layer address, once known.
    lladdr: Option<[u8; 6]>,
    /// When it was last confirmed (or, without an address, first
    /// solicited).
    since: Instant,
    /// It was learned from the neighbour's own solicitation, never
    /// confirmed by this host.
    learned: bool,
    /// Set by hand: its address stays whatever is seen on the wire.
    permanent: bool,
}

/// One entry as a dump gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Neighbour {
    /// The device.
    pub dev: IfIndex,
    /// The neighbour's address.
    pub addr: IpAddr,
    /// Its link-layer address, if known.
    pub lladdr: Option<[u8; 6]>,
    /// Its state now.
    pub state: NudState,
}

/// The table.
#[derive(Clone, Debug, Default)]
pub struct NeighTable {
    entries: BTreeMap<(IfIndex, IpAddr), Entry>,
}

impl NeighTable {
    fn entry(&mut self, dev: IfIndex, addr: IpAddr, now: Instant) -> Option<&mut Entry> {
        if !self.entries.contains_key(&(dev, addr)) {
            if self.entries.len() >= MAX_ENTRIES {
                return None;
            }
            self.entries.insert(
                (dev, addr),
                Entry {
                    lladdr: None,
                    since: now,
                    learned: false,
                    permanent: false,
                },
            );
        }
        self.entries.get_mut(&(dev, addr))
    }

    /// A permanent entry (`SIOCSARP` with `ATF_PERM`): replaces what the
    /// table had for `addr` on `dev`.
    pub(crate) fn set_permanent(&mut self, dev: IfIndex, addr: IpAddr, mac: [u8; 6], now: Instant) {
        if let Some(e) = self.entry(dev, addr, now) {
            e.lladdr = Some(mac);
            e.since = now;
            e.learned = false;
            e.permanent = true;
        }
    }

    /// The address a permanent entry gives `addr` on `dev`, if one does.
    pub(crate) fn permanent(&self, dev: IfIndex, addr: IpAddr) -> Option<[u8; 6]> {
        self.entries
            .get(&(dev, addr))
            .filter(|e| e.permanent)
            .and_then(|e| e.lladdr)
    }

    /// The next hop answered: REACHABLE with its address.
    pub(crate) fn confirm(&mut self, dev: IfIndex, addr: IpAddr, mac: [u8; 6], now: Instant) {
        if let Some(e) = self.entry(dev, addr, now)
            && !e.permanent
        {
            e.lladdr = Some(mac);
            e.since = now;
            e.learned = false;
        }
    }

    /// A neighbour's solicitation told us its address: STALE, unless the
    /// entry already has one.
    pub(crate) fn learn(&mut self, dev: IfIndex, addr: IpAddr, mac: [u8; 6], now: Instant) {
        let fresh = !self.entries.contains_key(&(dev, addr));
        if let Some(e) = self.entry(dev, addr, now)
            && (fresh || e.lladdr.is_none())
            && !e.permanent
        {
            e.lladdr = Some(mac);
            e.since = now;
            e.learned = true;
        }
    }

    /// No one answered for `addr`: INCOMPLETE from now (an entry already
    /// being solicited keeps its start; a known one keeps its address).
    /// Returns when the solicitation fails, if it will.
    pub(crate) fn unanswered(
        &mut self,
        dev: IfIndex,
        addr: IpAddr,
        now: Instant,
    ) -> Option<Instant> {
        let state = self.get(dev, addr, now);
        let e = self.entry(dev, addr, now)?;
        if e.lladdr.is_none() && state == Some(NudState::Failed) {
            e.since = now;
        }
        e.lladdr.is_none().then_some(e.since + SOLICIT_TIME)
    }

    fn state_of(e: &Entry, now: Instant) -> NudState {
        let age = if now > e.since {
            now - e.since
        } else {
            Duration::ZERO
        };
        match e.lladdr {
            Some(_) if e.permanent => NudState::Permanent,
            Some(_) if !e.learned && age < REACHABLE_TIME => NudState::Reachable,
            Some(_) => NudState::Stale,
            None if age < SOLICIT_TIME => NudState::Incomplete,
            None => NudState::Failed,
        }
    }

    fn get(&self, dev: IfIndex, addr: IpAddr, now: Instant) -> Option<NudState> {
        self.entries
            .get(&(dev, addr))
            .map(|e| Self::state_of(e, now))
    }

    /// Every entry at `now`, in the table's walk order. Linux walks its
    /// hash buckets (a salted hash of address and device); the lab walks
    /// by device and address, highest first, which is as arbitrary and
    /// stays the same from one dump to the next.
    pub fn dump(&self, now: Instant) -> Vec<Neighbour> {
        self.entries
            .iter()
            .rev()
            .map(|(&(dev, addr), e)| Neighbour {
                dev,
                addr,
                lladdr: e.lladdr,
                state: Self::state_of(e, now),
            })
            .collect()
    }

    /// Removes the entry for `addr` (on `dev`, or on any device); false if
    /// there was none.
    pub(crate) fn remove(&mut self, dev: Option<IfIndex>, addr: IpAddr) -> bool {
        let key = self
            .entries
            .keys()
            .find(|(d, a)| *a == addr && dev.is_none_or(|x| x == *d))
            .copied();
        key.is_some_and(|k| self.entries.remove(&k).is_some())
    }

    /// Forgets every entry of a device (it went down or away).
    pub(crate) fn flush_dev(&mut self, dev: IfIndex) {
        self.entries.retain(|(d, _), _| *d != dev);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answered_next_hop_is_reachable_then_stale() {
        let mut t = NeighTable::default();
        let gw: IpAddr = "192.168.1.1".parse().unwrap();
        let dev = IfIndex(2);
        t.confirm(dev, gw, [2, 0, 0, 0, 0, 1], Instant::ZERO);
        assert_eq!(t.dump(Instant::ZERO)[0].state, NudState::Reachable);
        let later = Instant::ZERO + Duration::from_secs(31);
        assert_eq!(t.dump(later)[0].state, NudState::Stale);
        let nobody: IpAddr = "192.168.1.9".parse().unwrap();
        t.unanswered(dev, nobody, later);
        let d = t.dump(later);
        assert_eq!((d[0].addr, d[0].state), (nobody, NudState::Incomplete));
        assert_eq!((d[1].addr, d[1].state), (gw, NudState::Stale));
        let d = t.dump(later + SOLICIT_TIME);
        assert_eq!(d[0].state, NudState::Failed);
        assert!(t.remove(None, gw));
        assert!(!t.remove(None, gw));
    }
}
