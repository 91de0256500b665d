//! What the resolver's `dns` module asks of the DNS: record types, the
//! ways a query fails, and the [`DnsSource`] a caller answers queries with.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::net::IpAddr;

use super::nsswitch::Status;

/// A DNS record type the resolver asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordType {
    /// IPv4 address.
    A,
    /// IPv6 address.
    Aaaa,
}

/// How a DNS query failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnsError {
    /// The name does not exist (NXDOMAIN): `NOTFOUND`.
    NxDomain,
    /// The server answered SERVFAIL: `TRYAGAIN`.
    ServFail,
    /// No server answered in time: `TRYAGAIN`.
    Timeout,
    /// No server could be contacted (ECONNREFUSED, no route): `UNAVAIL`.
    Unreachable,
}

impl DnsError {
    pub(crate) fn status(self) -> Status {
        match self {
            DnsError::NxDomain => Status::NotFound,
            DnsError::ServFail | DnsError::Timeout => Status::TryAgain,
            DnsError::Unreachable => Status::Unavail,
        }
    }
}

impl fmt::Display for DnsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DnsError::NxDomain => "NXDOMAIN",
            DnsError::ServFail => "SERVFAIL",
            DnsError::Timeout => "timed out",
            DnsError::Unreachable => "no server reachable",
        })
    }
}

/// The DNS as the simulated host sees it; the caller (a simulated server,
/// or a canned table in tests) answers queries.
pub trait DnsSource {
    /// Answers a forward query: `Ok(vec![])` is NODATA (name exists, no record).
    fn query(
        &mut self,
        server: Option<IpAddr>,
        name: &str,
        rtype: RecordType,
    ) -> Result<Vec<IpAddr>, DnsError>;
    /// Answers a PTR query for `addr`.
    fn reverse(&mut self, server: Option<IpAddr>, addr: IpAddr) -> Result<Vec<String>, DnsError>;
}

/// A DNS that never answers (the lab with no reachable server): every
/// query times out.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDns;

impl DnsSource for NoDns {
    fn query(
        &mut self,
        _: Option<IpAddr>,
        _: &str,
        _: RecordType,
    ) -> Result<Vec<IpAddr>, DnsError> {
        Err(DnsError::Timeout)
    }
    fn reverse(&mut self, _: Option<IpAddr>, _: IpAddr) -> Result<Vec<String>, DnsError> {
        Err(DnsError::Timeout)
    }
}
