//! Network interfaces: `lo`, `eth0`, veth ends.

/// An interface index, as `ip link` numbers them (`lo` is 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IfIndex(pub u32);

impl IfIndex {
    /// The loopback interface of every namespace.
    pub const LOOPBACK: IfIndex = IfIndex(1);
}
