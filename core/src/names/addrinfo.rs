//! The resolver's types in glibc's terms: `struct addrinfo` and its hints,
//! `EAI_*` errors, `hostent` and `h_errno`, and a lookup's [`Resolution`].

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::net::IpAddr;

use super::hosts::Family;
use super::journey::Step;

/// `getaddrinfo` errors, with glibc's `gai_strerror` texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GaiError {
    /// `EAI_BADFLAGS` (-1).
    BadFlags,
    /// `EAI_NONAME` (-2).
    NoName,
    /// `EAI_AGAIN` (-3).
    Again,
    /// `EAI_FAIL` (-4).
    Fail,
    /// `EAI_NODATA` (-5).
    NoData,
    /// `EAI_FAMILY` (-6).
    Family,
    /// `EAI_SOCKTYPE` (-7).
    SockType,
    /// `EAI_SERVICE` (-8).
    Service,
    /// `EAI_ADDRFAMILY` (-9).
    AddrFamily,
}

impl GaiError {
    /// The numeric `EAI_*` code glibc returns.
    pub fn code(self) -> i32 {
        match self {
            GaiError::BadFlags => -1,
            GaiError::NoName => -2,
            GaiError::Again => -3,
            GaiError::Fail => -4,
            GaiError::NoData => -5,
            GaiError::Family => -6,
            GaiError::SockType => -7,
            GaiError::Service => -8,
            GaiError::AddrFamily => -9,
        }
    }

    /// The constant's name, e.g. `EAI_NONAME`.
    pub fn name(self) -> &'static str {
        match self {
            GaiError::BadFlags => "EAI_BADFLAGS",
            GaiError::NoName => "EAI_NONAME",
            GaiError::Again => "EAI_AGAIN",
            GaiError::Fail => "EAI_FAIL",
            GaiError::NoData => "EAI_NODATA",
            GaiError::Family => "EAI_FAMILY",
            GaiError::SockType => "EAI_SOCKTYPE",
            GaiError::Service => "EAI_SERVICE",
            GaiError::AddrFamily => "EAI_ADDRFAMILY",
        }
    }
}

impl fmt::Display for GaiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GaiError::BadFlags => "Bad value for ai_flags",
            GaiError::NoName => "Name or service not known",
            GaiError::Again => "Temporary failure in name resolution",
            GaiError::Fail => "Non-recoverable failure in name resolution",
            GaiError::NoData => "No address associated with hostname",
            GaiError::Family => "ai_family not supported",
            GaiError::SockType => "ai_socktype not supported",
            GaiError::Service => "Servname not supported for ai_socktype",
            GaiError::AddrFamily => "Address family for hostname not supported",
        })
    }
}

impl core::error::Error for GaiError {}

/// Socket type in hints and results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SockType {
    /// 0: any (results come as STREAM, DGRAM, RAW).
    #[default]
    Any,
    /// `SOCK_STREAM` (TCP).
    Stream,
    /// `SOCK_DGRAM` (UDP).
    Dgram,
    /// `SOCK_RAW`.
    Raw,
}

impl SockType {
    /// The word `getent ahosts` prints.
    pub fn getent_word(self) -> &'static str {
        match self {
            SockType::Stream => "STREAM",
            SockType::Dgram => "DGRAM",
            SockType::Raw => "RAW",
            SockType::Any => "",
        }
    }
    /// The protocol number glibc fills in (6, 17, 0).
    pub fn protocol(self) -> u8 {
        match self {
            SockType::Stream => 6,
            SockType::Dgram => 17,
            _ => 0,
        }
    }
}

/// `ai_flags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AiFlags {
    /// `AI_PASSIVE`: a NULL name means the wildcard address.
    pub passive: bool,
    /// `AI_CANONNAME`: fill in the canonical name.
    pub canonname: bool,
    /// `AI_NUMERICHOST`: never look the name up.
    pub numerichost: bool,
    /// `AI_NUMERICSERV`: the service must be a number.
    pub numericserv: bool,
    /// `AI_V4MAPPED`: with `AF_INET6`, map IPv4 answers to `::ffff:a.b.c.d`.
    pub v4mapped: bool,
    /// `AI_ALL`: with `AI_V4MAPPED`, return both IPv6 and mapped IPv4.
    pub all: bool,
    /// `AI_ADDRCONFIG`: only families the namespace has non-loopback addresses for.
    pub addrconfig: bool,
}

/// `getaddrinfo` hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hints {
    /// `ai_family`.
    pub family: Family,
    /// `ai_socktype`.
    pub socktype: SockType,
    /// `ai_flags`.
    pub flags: AiFlags,
}

/// One `struct addrinfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddrInfo {
    /// The address (`ai_family` follows from it).
    pub addr: IpAddr,
    /// The port from the service (0 if none).
    pub port: u16,
    /// `ai_socktype`.
    pub socktype: SockType,
    /// `ai_protocol`.
    pub protocol: u8,
    /// `ai_canonname` (first result only, with `AI_CANONNAME`).
    pub canonname: Option<String>,
}

/// A lookup's answer plus its journey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution<T, E> {
    /// The answer.
    pub result: Result<T, E>,
    /// Every step, in order.
    pub trace: Vec<Step>,
}

/// The `hostent` of `gethostbyname2` / `gethostbyaddr`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostEnt {
    /// `h_name`.
    pub name: String,
    /// `h_aliases`.
    pub aliases: Vec<String>,
    /// `h_addr_list` (all of one family).
    pub addrs: Vec<IpAddr>,
}

/// `h_errno` values for the old API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostError {
    /// `HOST_NOT_FOUND`: "Unknown host".
    NotFound,
    /// `TRY_AGAIN`: "Host name lookup failure".
    TryAgain,
    /// `NO_DATA`: "No address associated with name".
    NoData,
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HostError::NotFound => "Unknown host",
            HostError::TryAgain => "Host name lookup failure",
            HostError::NoData => "No address associated with name",
        })
    }
}
