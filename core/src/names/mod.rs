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
//! * [`resolver`]: `getaddrinfo`, `gethostbyname2`, `gethostbyaddr`.
//! * [`getent`]: `getent hosts|ahosts|ahostsv4|ahostsv6` output.
//! * [`curl`]: curl's own `localhost` rule.
//!
//! ```
//! use lolab_core::names::{getent_ahosts, Ahosts, Config, NoDns, SimpleNet};
//! let cfg = Config::debian12("lab");
//! let out = getent_ahosts(&cfg, &SimpleNet::loopback_only(), &mut NoDns, Ahosts::V4, &["localhost"]);
//! assert_eq!(out.status, 2); // AI_ADDRCONFIG: only lo, so no IPv4 "configured"
//! ```

pub mod curl;
pub mod dns;
pub mod gaiconf;
pub mod getent;
pub mod hosts;
pub mod inet;
pub mod net;
pub mod nsswitch;
pub mod resolvconf;
pub mod resolver;

#[cfg(test)]
mod tests;

pub use curl::{CurlResolveError, IpResolve, curl_resolve, is_curl_localhost};
pub use gaiconf::GaiConf;
pub use getent::{Ahosts, GetentOutput, getent_ahosts, getent_hosts};
pub use hosts::{Family, HostsFile};
pub use net::{AddrConfig, FnNet, IfAddr, NetView, SimpleNet};
pub use nsswitch::NsSwitch;
pub use resolvconf::ResolvConf;
pub use resolver::{
    AddrInfo, AiFlags, Config, DnsError, DnsSource, GaiError, Hints, HostEnt, HostError, Modules,
    NoDns, RecordType, Resolution, SockType, Stage, Step, getaddrinfo, gethostbyaddr,
    gethostbyname2,
};
