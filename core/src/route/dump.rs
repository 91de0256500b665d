//! The kernel's dump of a routing table (`RTM_GETROUTE` with `NLM_F_DUMP`):
//! the routes of one table in the order the kernel walks them.

use alloc::vec::Vec;
use core::cmp::Ordering;

use super::fib::Fib;
use super::types::{Family, Route, TableId, addr_bits, mask};

/// The kernel's dump order inside one table.
///
/// IPv4 (fib_trie): by address, then longer prefix first, then metric.
/// IPv6 (fib6 tree walk): a more specific prefix before the prefix that
/// contains it, otherwise by address; then metric.
pub fn dump_order(a: &Route, b: &Route) -> Ordering {
    let (ab, bb) = (addr_bits(&a.dst.addr()), addr_bits(&b.dst.addr()));
    let ord = match a.family() {
        Family::V4 => ab
            .cmp(&bb)
            .then(b.dst.prefix_len().cmp(&a.dst.prefix_len())),
        Family::V6 => {
            let m = mask(a.dst.prefix_len().min(b.dst.prefix_len()));
            (ab & m)
                .cmp(&(bb & m))
                .then(b.dst.prefix_len().cmp(&a.dst.prefix_len()))
                .then(ab.cmp(&bb))
        }
    };
    ord.then(a.metric.cmp(&b.metric))
}

/// The routes of one table, copied out in dump order.
pub fn routes(fib: &Fib, family: Family, table: TableId) -> Vec<Route> {
    let mut routes: Vec<Route> = fib.table(family, table).to_vec();
    crate::sort::sort_by(&mut routes, dump_order);
    routes
}
