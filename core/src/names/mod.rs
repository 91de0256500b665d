//! Names: how `localhost` becomes an address on a Debian 12 host
//! (glibc 2.36, curl 7.88.1).
//!
//! Everything here is a pure function over file contents plus a small
//! description of the namespace ([`NetView`]) and a caller-supplied
//! [`DnsSource`]. Each lookup returns a [`Resolution`]: the answer and a
//! list of [`Step`]s for the journey view.
//!
//! * [`hosts`]: `/etc/hosts` parser and validator.
//! * [`nsswitch`], [`gaiconf`], [`resolvconf`]: the other config files.
//! * [`config`]: the parsed files a lookup reads; [`addrinfo`]: glibc's
//!   types (`addrinfo`, hints, `EAI_*`, `hostent`); [`journey`]: the steps.
//! * [`resolver`]: `getaddrinfo`; [`hostent`]: `gethostbyname2`,
//!   `gethostbyaddr`; the `hosts:` modules and RFC 3484 sorting beside them.
//! * [`dns`]: the stub resolver's queries and answers; [`dnsmsg`]: whole
//!   messages (every section, EDNS), as `dig` prints them.
//! * [`dnssource`]: what the `dns` module asks ([`DnsSource`]).
//! * [`lookup`]: any of these lookups made resumable ([`Lookup`]): it asks
//!   for DNS exchanges ([`exchange`]: `res_send` without I/O) and is handed
//!   the answers, so the caller never blocks.
//! * [`getent`]: `getent hosts|ahosts|ahostsv4|ahostsv6` output.
//! * [`curl`]: curl's own `localhost` rule.
//!
//! ```
//! use lolab_core::names::{getent_ahosts, Ahosts, Config, NoDns, SimpleNet};
//! let cfg = Config::debian12("lab");
//! let out = getent_ahosts(&cfg, &SimpleNet::loopback_only(), &mut NoDns, Ahosts::V4, &["localhost"]);
//! assert_eq!(out.status, 2); // AI_ADDRCONFIG: only lo, so no IPv4 "configured"
//! ```

pub mod addrinfo;
pub mod config;
pub mod curl;
pub mod dns;
pub mod dnsmsg;
pub mod dnssource;
pub mod exchange;
pub mod gaiconf;
pub mod getent;
pub mod hostent;
pub mod hosts;
pub mod inet;
pub mod journey;
pub mod lookup;
mod modules;
pub mod net;
pub mod nsswitch;
pub mod resolvconf;
pub mod resolver;
mod rfc3484;
mod services;
mod walk;

#[cfg(test)]
mod lookup_tests;
#[cfg(test)]
mod tests;

pub use addrinfo::{AddrInfo, AiFlags, GaiError, Hints, HostEnt, HostError, Resolution, SockType};
pub use config::{Config, Modules};
pub use curl::{CurlResolveError, IpResolve, curl_resolve, is_curl_localhost};
pub use dnssource::{DnsError, DnsSource, NoDns, RecordType};
pub use exchange::{Io, Question};
pub use gaiconf::GaiConf;
pub use getent::{Ahosts, GetentOutput, getent_ahosts, getent_hosts};
pub use hostent::{gethostbyaddr, gethostbyname2};
pub use hosts::{Family, HostsFile};
pub use journey::{Stage, Step};
pub use lookup::{Lookup, LookupEnv};
pub use modules::is_localhost_name;
pub use net::{AddrConfig, FnNet, IfAddr, NetView, SimpleNet};
pub use nsswitch::NsSwitch;
pub use resolvconf::ResolvConf;
pub use resolver::getaddrinfo;
