//! Connection tracking: one entry per connection with its original and
//! reply tuples (the reply tuple carries the NAT binding), the TCP state
//! and the timeouts of Linux 6.1's defaults (`nf_conntrack_tcp_timeout_*`,
//! `udp_timeout`, `icmp_timeout`).
//!
//! A packet is `NEW` when no entry knows it (the entry is made then and
//! confirmed when the packet leaves the last hook), `ESTABLISHED` once
//! the entry has seen both directions (or any packet of it after the
//! first, in the original direction), `RELATED` when it is an ICMP error
//! about a tracked connection, `INVALID` when it is an ICMP error about
//! none.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::packet::{View, proto, tcp_flags};
use super::rule::ct_bits;
use crate::time::{Duration, Instant};

/// The most entries (`nf_conntrack_max`, the lab's bound).
pub const ENTRY_LIMIT: usize = 8192;

/// One direction of a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Tuple {
    /// The protocol number.
    pub proto: u8,
    /// Source address.
    pub src: IpAddr,
    /// Destination address.
    pub dst: IpAddr,
    /// Source port (ICMP: the echo identifier).
    pub sport: u16,
    /// Destination port (ICMP: 0 for a request, 1 for a reply).
    pub dport: u16,
}

impl Tuple {
    /// The tuple of a packet, if conntrack knows its protocol.
    pub fn of(v: &View) -> Option<Tuple> {
        let (sport, dport) = match v.proto {
            proto::TCP | proto::UDP => (v.sport?, v.dport?),
            proto::ICMP | proto::ICMPV6 => {
                let (t, _) = v.icmp?;
                let id = v.icmp_id?;
                (id, u16::from(matches!(t, 0 | 129)))
            }
            _ => return None,
        };
        Some(Tuple {
            proto: v.proto,
            src: v.src,
            dst: v.dst,
            sport,
            dport,
        })
    }

    /// The same connection seen from the other end.
    pub fn invert(&self) -> Tuple {
        let (sport, dport) = match self.proto {
            proto::ICMP | proto::ICMPV6 => (self.sport, 1 - self.dport.min(1)),
            _ => (self.dport, self.sport),
        };
        Tuple {
            proto: self.proto,
            src: self.dst,
            dst: self.src,
            sport,
            dport,
        }
    }
}

/// Which way a packet goes on its connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dir {
    /// The way the first packet went.
    Original,
    /// The other way.
    Reply,
}

/// The TCP states conntrack tracks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpState {
    /// `SYN_SENT`.
    SynSent,
    /// `SYN_RECV`.
    SynRecv,
    /// `ESTABLISHED`.
    Established,
    /// `FIN_WAIT`.
    FinWait,
    /// `CLOSE_WAIT`.
    CloseWait,
    /// `LAST_ACK`.
    LastAck,
    /// `TIME_WAIT`.
    TimeWait,
    /// `CLOSE`.
    Close,
}

impl TcpState {
    /// Its name in `conntrack -L`.
    pub const fn name(self) -> &'static str {
        match self {
            TcpState::SynSent => "SYN_SENT",
            TcpState::SynRecv => "SYN_RECV",
            TcpState::Established => "ESTABLISHED",
            TcpState::FinWait => "FIN_WAIT",
            TcpState::CloseWait => "CLOSE_WAIT",
            TcpState::LastAck => "LAST_ACK",
            TcpState::TimeWait => "TIME_WAIT",
            TcpState::Close => "CLOSE",
        }
    }

    /// `nf_conntrack_tcp_timeout_*`.
    pub const fn timeout(self) -> Duration {
        Duration::from_secs(match self {
            TcpState::SynSent => 120,
            TcpState::SynRecv => 60,
            TcpState::Established => 432_000,
            TcpState::FinWait => 120,
            TcpState::CloseWait => 60,
            TcpState::LastAck => 30,
            TcpState::TimeWait => 120,
            TcpState::Close => 10,
        })
    }
}

/// One tracked connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its id.
    pub id: u64,
    /// The first packet's tuple.
    pub orig: Tuple,
    /// What a reply looks like (after NAT).
    pub reply: Tuple,
    /// The TCP state (TCP only).
    pub tcp: Option<TcpState>,
    /// Which side sent the first FIN.
    fin_from: Option<Dir>,
    /// When it expires.
    pub expires: Instant,
    /// A packet went the reply way.
    pub seen_reply: bool,
    /// `[ASSURED]`: the connection is past its first exchange.
    pub assured: bool,
    /// Its first packet left the last hook (an unconfirmed entry is the
    /// first packet's alone, and is forgotten if that packet is dropped).
    pub confirmed: bool,
    /// When its first packet was seen.
    started: Instant,
    /// The nat table was asked about the destination (PREROUTING or OUTPUT).
    pub nat_dst_done: bool,
    /// The nat table was asked about the source (POSTROUTING or INPUT).
    pub nat_src_done: bool,
}

impl Entry {
    /// The tuple a packet going `dir` is rewritten to: the inverse of the
    /// other direction's tuple.
    pub fn target(&self, dir: Dir) -> Tuple {
        match dir {
            Dir::Original => self.reply.invert(),
            Dir::Reply => self.orig.invert(),
        }
    }

    /// Whether the destination was translated.
    pub fn dst_nat(&self) -> bool {
        let t = self.reply.invert();
        t.dst != self.orig.dst || t.dport != self.orig.dport
    }

    /// Whether the source was translated.
    pub fn src_nat(&self) -> bool {
        let t = self.reply.invert();
        t.src != self.orig.src || t.sport != self.orig.sport
    }
}

/// What conntrack says of one packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Info {
    /// The entry, if any.
    pub id: Option<u64>,
    /// The packet's direction on it.
    pub dir: Dir,
    /// The [`ct_bits`] state.
    pub state: u8,
    /// The table is full: a new connection's packet is dropped.
    pub full: bool,
}

/// The connection tracking table of one namespace.
#[derive(Clone, Debug, Default)]
pub struct Conntrack {
    entries: BTreeMap<u64, Entry>,
    /// Every tuple a packet of an entry can carry (before and after its
    /// NAT, both ways) to the entry and the direction.
    index: BTreeMap<Tuple, (u64, Dir)>,
    next_id: u64,
    /// When the table was last swept for expired entries.
    swept: Option<Instant>,
    /// When "table full" was last logged.
    full_logged: Option<Instant>,
}

/// The tuples a packet of `e` can carry, with their direction.
fn keys(e: &Entry) -> [(Tuple, Dir); 4] {
    [
        (e.orig, Dir::Original),
        (e.reply.invert(), Dir::Original),
        (e.reply, Dir::Reply),
        (e.orig.invert(), Dir::Reply),
    ]
}

impl Conntrack {
    /// Every entry, oldest first.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values().filter(|e| e.confirmed)
    }

    /// An entry.
    pub fn get(&self, id: u64) -> Option<&Entry> {
        self.entries.get(&id)
    }

    /// `conntrack -F`: forgets every entry.
    pub fn flush(&mut self) {
        self.entries.clear();
        self.index.clear();
    }

    fn insert(&mut self, e: Entry) {
        for (t, d) in keys(&e) {
            self.index.insert(t, (e.id, d));
        }
        self.entries.insert(e.id, e);
    }

    fn remove(&mut self, id: u64) {
        if let Some(e) = self.entries.remove(&id) {
            for (t, _) in keys(&e) {
                if self.index.get(&t).is_some_and(|(i, _)| *i == id) {
                    self.index.remove(&t);
                }
            }
        }
    }

    /// Forgets entries that expired before `now`, and unconfirmed ones
    /// from an earlier instant (their first packet was dropped on the way:
    /// a martian, no route).
    pub fn expire(&mut self, now: Instant) {
        let gone: Vec<u64> = self
            .entries
            .values()
            .filter(|e| {
                if e.confirmed {
                    e.expires <= now
                } else {
                    e.started < now
                }
            })
            .map(|e| e.id)
            .collect();
        for id in gone {
            self.remove(id);
        }
        self.swept = Some(now);
    }

    /// Sweeps at most once a virtual second (a flood must not scan the
    /// table for every packet).
    fn maybe_expire(&mut self, now: Instant) {
        if self
            .swept
            .is_none_or(|t| now.saturating_since(t) >= Duration::from_secs(1))
        {
            self.expire(now);
        }
    }

    /// The entry a packet with tuple `t` belongs to, as it looks before or
    /// after its NAT (a packet the loopback turned around keeps its entry).
    fn find(&mut self, t: &Tuple, now: Instant) -> Option<(u64, Dir)> {
        let (id, dir) = *self.index.get(t)?;
        let stale = match self.entries.get(&id) {
            Some(e) if e.confirmed => e.expires <= now,
            Some(e) => e.started < now,
            None => true,
        };
        if stale {
            self.remove(id);
            self.index.remove(t);
            return None;
        }
        Some((id, dir))
    }

    /// Marks that the nat table was asked for this entry's destination
    /// (`src: false`) or source; true if it had been already.
    pub fn nat_asked(&mut self, id: u64, src: bool) -> bool {
        match self.entries.get_mut(&id) {
            Some(e) if src => core::mem::replace(&mut e.nat_src_done, true),
            Some(e) => core::mem::replace(&mut e.nat_dst_done, true),
            None => true,
        }
    }

    /// Classifies a packet entering the first hook (PREROUTING or OUTPUT),
    /// making a new unconfirmed entry for a new connection. `quoted` is the
    /// datagram an ICMP error quotes.
    pub fn classify(&mut self, v: &View, quoted: Option<&View>, now: Instant) -> Info {
        self.maybe_expire(now);
        let untracked = Info {
            id: None,
            dir: Dir::Original,
            state: ct_bits::INVALID,
            full: false,
        };
        if v.is_icmp_error() {
            let found = quoted.and_then(Tuple::of).and_then(|t| self.find(&t, now));
            return match found {
                Some((id, d)) => Info {
                    id: Some(id),
                    dir: match d {
                        Dir::Original => Dir::Reply,
                        Dir::Reply => Dir::Original,
                    },
                    state: ct_bits::RELATED,
                    full: false,
                },
                None => untracked,
            };
        }
        let Some(t) = Tuple::of(v) else {
            return untracked;
        };
        if let Some((id, dir)) = self.find(&t, now) {
            let state = match self.entries.get(&id) {
                Some(e) if !e.confirmed => ct_bits::NEW,
                Some(e) if dir == Dir::Reply || e.seen_reply => ct_bits::ESTABLISHED,
                // Another packet before any reply: still NEW.
                _ => ct_bits::NEW,
            };
            return Info {
                id: Some(id),
                dir,
                state,
                full: false,
            };
        }
        // An ICMP reply or a TCP reset with no connection is not a new one.
        let flags = v.flags.unwrap_or(0);
        if (v.proto == proto::ICMP || v.proto == proto::ICMPV6) && t.dport == 1 {
            return untracked;
        }
        if v.proto == proto::TCP && flags & tcp_flags::RST != 0 {
            return untracked;
        }
        if self.entries.len() >= ENTRY_LIMIT {
            // nf_conntrack_alloc fails: the packet is dropped.
            return Info {
                full: true,
                ..untracked
            };
        }
        let id = self.next_id;
        self.next_id += 1;
        let tcp = (v.proto == proto::TCP).then_some(TcpState::SynSent);
        let timeout = match tcp {
            Some(s) => s.timeout(),
            None => Duration::from_secs(30),
        };
        self.insert(Entry {
            id,
            orig: t,
            reply: t.invert(),
            tcp,
            fin_from: None,
            expires: now + timeout,
            seen_reply: false,
            assured: false,
            confirmed: false,
            started: now,
            nat_dst_done: false,
            nat_src_done: false,
        });
        Info {
            id: Some(id),
            dir: Dir::Original,
            state: ct_bits::NEW,
            full: false,
        }
    }

    /// Records a NAT binding on a new entry: the destination (`src: false`)
    /// or source becomes `addr`/`port`, so replies come back to it.
    pub fn bind_nat(&mut self, id: u64, src: bool, addr: IpAddr, port: Option<u16>) {
        let Some(mut e) = self.entries.get(&id).cloned() else {
            return;
        };
        self.remove(id);
        {
            let e = &mut e;
            if src {
                e.reply.dst = addr;
                if let Some(p) = port {
                    e.reply.dport = p;
                }
            } else {
                e.reply.src = addr;
                if let Some(p) = port {
                    e.reply.sport = p;
                }
            }
        }
        self.insert(e);
    }

    /// Forgets an entry whose first packet was dropped.
    pub fn drop_unconfirmed(&mut self, id: u64) {
        if self.entries.get(&id).is_some_and(|e| !e.confirmed) {
            self.remove(id);
        }
    }

    /// A packet of entry `id` going `dir` left its last hook: confirms a
    /// new entry and moves the state machine.
    pub fn confirm(&mut self, id: u64, dir: Dir, v: &View, now: Instant, update: bool) {
        let Some(e) = self.entries.get_mut(&id) else {
            return;
        };
        let first = !e.confirmed;
        e.confirmed = true;
        if !update && !first {
            return;
        }
        if dir == Dir::Reply {
            e.seen_reply = true;
        }
        let timeout = match e.tcp {
            Some(state) => {
                let next = tcp_next(state, e.fin_from, dir, v.flags.unwrap_or(0));
                if next.1.is_some() {
                    e.fin_from = next.1;
                }
                if next.0 == TcpState::Established {
                    e.assured = true;
                }
                e.tcp = Some(next.0);
                next.0.timeout()
            }
            None if v.proto == proto::UDP => {
                if e.seen_reply && now.saturating_since(e.started) >= Duration::from_secs(2) {
                    e.assured = true;
                }
                Duration::from_secs(if e.assured { 120 } else { 30 })
            }
            None => Duration::from_secs(30),
        };
        e.expires = now + timeout;
    }

    /// Whether to log "table full" now (`net_ratelimit`: once a second
    /// here).
    pub fn note_full(&mut self, now: Instant) -> bool {
        let due = self
            .full_logged
            .is_none_or(|t| now.saturating_since(t) >= Duration::from_secs(1));
        if due {
            self.full_logged = Some(now);
        }
        due
    }

    /// How many entries are confirmed.
    pub fn len(&self) -> usize {
        self.entries().count()
    }

    /// Whether no entry is confirmed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ids of every entry (for dumps that outlive a borrow).
    pub fn ids(&self) -> Vec<u64> {
        self.entries().map(|e| e.id).collect()
    }
}

/// The TCP state after a segment with `flags` going `dir`, and who sent
/// the first FIN if this segment is it.
fn tcp_next(s: TcpState, fin_from: Option<Dir>, dir: Dir, flags: u8) -> (TcpState, Option<Dir>) {
    use TcpState::*;
    let syn = flags & tcp_flags::SYN != 0;
    let ack = flags & tcp_flags::ACK != 0;
    let fin = flags & tcp_flags::FIN != 0;
    if flags & tcp_flags::RST != 0 {
        return (Close, None);
    }
    let next = match (s, dir) {
        (SynSent, Dir::Reply) if syn && ack => SynRecv,
        (SynSent, Dir::Original) if syn => SynSent,
        (SynRecv, Dir::Original) if ack && !syn => Established,
        (Established, _) if fin => return (FinWait, Some(dir)),
        (FinWait, d) if fin && Some(d) != fin_from => LastAck,
        (FinWait, d) if ack && Some(d) != fin_from => CloseWait,
        (CloseWait, d) if fin && Some(d) != fin_from => LastAck,
        (LastAck, _) if ack && !fin => TimeWait,
        (Close | TimeWait, Dir::Original) if syn && !ack => SynSent,
        (s, _) => s,
    };
    (next, None)
}
