//! The selectors of `ip route show` and `ip route flush`, as iproute2 6.1's
//! `iproute_list_flush_or_save` parses them (`table`, `dev`/`oif`, `proto`,
//! `scope`, `type`, `via`, `src`, `metric`, `cache`, and a destination as
//! `root P`, `match P`, `exact P` or a bare `P`), which routes they admit
//! (`filter_nlmsg`), and which fields `print_route` then leaves out because
//! the filter already says them (`dev`, `proto`, `scope`, `via`, `src`,
//! `metric`).

use alloc::format;
use core::net::IpAddr;

use super::cmd::{CmdError, DevLookup, incomplete, invarg, parse_prefix, parse_table};
use super::format::{Hidden, TableSel};
use crate::sys::link::IfIndex;
use crate::sys::routing::{Family, Proto, Route, RouteType, Scope, TableId};

/// A parsed route filter.
#[derive(Clone, Debug)]
pub(crate) struct RouteFilter {
    /// `table` (main when not given).
    pub(crate) table: TableSel,
    /// The family the words fixed (`via`, a prefix), if any.
    pub(crate) family: Option<Family>,
    /// `cache`/`cached`/`cloned`: `flush cache`.
    pub(crate) cloned: bool,
    dev: Option<IfIndex>,
    proto: Option<Proto>,
    scope: Option<Scope>,
    kind: Option<RouteType>,
    via: Option<(IpAddr, u8)>,
    src: Option<(IpAddr, u8)>,
    metric: Option<u32>,
    /// `root P`: routes inside P.
    root: Option<(IpAddr, u8)>,
    /// `match P`: routes that cover P.
    covers: Option<(IpAddr, u8)>,
}

/// Bits of `a` under a mask of `len` bits, as a number (IPv4 in the low 32).
fn bits(a: &IpAddr) -> u128 {
    match a {
        IpAddr::V4(v) => u128::from(u32::from(*v)),
        IpAddr::V6(v) => u128::from(*v),
    }
}

/// `inet_addr_match`: the first `len` bits of `a` and `b` are equal.
fn same_bits(a: &IpAddr, b: &IpAddr, len: u8) -> bool {
    if Family::of(a) != Family::of(b) {
        return false;
    }
    let width = Family::of(a).bits();
    if len == 0 {
        return true;
    }
    let len = len.min(width);
    let shift = u32::from(width - len);
    (bits(a) >> shift) == (bits(b) >> shift)
}

/// Parses the selectors after `show`/`flush` (the family from `-4`/`-6`).
pub(crate) fn parse(
    family: Option<Family>,
    args: &[&str],
    devs: DevLookup<'_>,
) -> Result<RouteFilter, CmdError> {
    let mut f = RouteFilter {
        table: TableSel::Id(TableId::MAIN),
        family,
        cloned: false,
        dev: None,
        proto: None,
        scope: None,
        kind: None,
        via: None,
        src: None,
        metric: None,
        root: None,
        covers: None,
    };
    let mut dev_name: Option<&str> = None;
    let mut it = args.iter().copied();
    while let Some(word) = it.next() {
        let mut value = || it.next().ok_or_else(incomplete);
        let is = |w: &str| super::matches(word, w);
        if is("table") {
            let t = value()?;
            f.table = match t {
                "all" => TableSel::All,
                _ => match parse_table(t) {
                    Some(TableId(0)) => TableSel::All,
                    Some(id) => TableSel::Id(id),
                    None => return Err(invarg("table id value is invalid", t)),
                },
            };
        } else if is("cached") || is("cloned") {
            f.cloned = true;
        } else if is("protocol") {
            let p = value()?;
            f.proto = match Proto::parse(p) {
                Some(p) => Some(p),
                None if p == "all" => None,
                None => return Err(invarg("invalid \"protocol\"", p)),
            };
        } else if is("scope") {
            let s = value()?;
            f.scope = match Scope::parse(s) {
                Some(s) => Some(s),
                None if s == "all" => None,
                None => return Err(invarg("invalid \"scope\"", s)),
            };
        } else if is("type") {
            let t = value()?;
            f.kind = Some(
                RouteType::from_keyword(t)
                    .ok_or_else(|| invarg("node type value is invalid", t))?,
            );
        } else if word == "dev" || word == "oif" {
            dev_name = Some(value()?);
        } else if is("metric") || is("priority") || word == "preference" {
            let m = value()?;
            f.metric = Some(
                crate::num::parse_u32(m).ok_or_else(|| invarg("\"metric\" value is invalid", m))?,
            );
        } else if word == "via" {
            let v = parse_prefix(value()?, f.family)?;
            f.family.get_or_insert(Family::of(&v.0));
            f.via = Some(v);
        } else if word == "src" {
            let v = parse_prefix(value()?, f.family)?;
            f.family.get_or_insert(Family::of(&v.0));
            f.src = Some(v);
        } else {
            let mut word = word;
            if super::matches(word, "to") {
                word = value()?;
            }
            let (root, covers) = if super::matches(word, "root") {
                (true, false)
            } else if super::matches(word, "match") {
                (false, true)
            } else {
                if super::matches(word, "exact") {
                    word = value()?;
                }
                let p = parse_prefix(word, f.family)?;
                f.family.get_or_insert(Family::of(&p.0));
                f.root = Some(p);
                f.covers = Some(p);
                continue;
            };
            let p = parse_prefix(value()?, f.family)?;
            f.family.get_or_insert(Family::of(&p.0));
            if root {
                f.root = Some(p);
            }
            if covers {
                f.covers = Some(p);
            }
        }
    }
    if let Some(name) = dev_name {
        f.dev = Some(devs(name).ok_or_else(|| CmdError {
            stderr: format!("Cannot find device \"{name}\"\n"),
            status: 1,
        })?);
    }
    Ok(f)
}

impl RouteFilter {
    /// Whether a dumped route passes the filter (`filter_nlmsg`).
    pub(crate) fn admits(&self, r: &Route) -> bool {
        let dst = r.dst.addr();
        let len = r.dst.prefix_len();
        if let Some((p, plen)) = self.root
            && (Family::of(&p) != r.family() || plen > len || !same_bits(&dst, &p, plen))
        {
            return false;
        }
        if let Some((p, plen)) = self.covers
            && (Family::of(&p) != r.family() || plen < len || !same_bits(&dst, &p, len))
        {
            return false;
        }
        if self.dev.is_some() && r.dev != self.dev {
            return false;
        }
        if self.proto.is_some_and(|p| p != r.proto)
            || self.scope.is_some_and(|s| s != r.scope)
            || self.kind.is_some_and(|k| k != r.kind)
            || self.metric.is_some_and(|m| m != r.metric)
        {
            return false;
        }
        if let Some((v, vlen)) = self.via
            && !r.via.is_some_and(|g| same_bits(&g, &v, vlen))
        {
            return false;
        }
        if let Some((s, slen)) = self.src
            && !r.src.is_some_and(|a| same_bits(&a, &s, slen))
        {
            return false;
        }
        true
    }

    /// The fields a listing leaves out.
    pub(crate) fn hidden(&self) -> Hidden {
        let whole =
            |p: Option<(IpAddr, u8)>| p.is_some_and(|(a, len)| len == Family::of(&a).bits());
        Hidden {
            dev: self.dev.is_some(),
            proto: self.proto.is_some(),
            scope: self.scope.is_some(),
            via: whole(self.via),
            src: whole(self.src),
            metric: self.metric.is_some(),
        }
    }
}
