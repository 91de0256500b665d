//! The resolver's configuration: the files glibc reads on each lookup,
//! parsed, plus the host name and the NSS modules installed.

use alloc::string::{String, ToString};

use super::gaiconf::GaiConf;
use super::hosts::HostsFile;
use super::nsswitch::NsSwitch;
use super::resolvconf::ResolvConf;

/// Which optional NSS modules the simulated host has installed / running.
/// `files` and `dns` are always there (they ship with glibc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Modules {
    /// `libnss-myhostname` is installed.
    pub myhostname: bool,
    /// `libnss-resolve` is installed and `systemd-resolved` is running.
    pub resolve: bool,
    /// `libnss-mdns` is installed (`mdns4_minimal` & co).
    pub mdns: bool,
}

/// Everything the resolver reads from disk, already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `/etc/hosts`.
    pub hosts: HostsFile,
    /// `/etc/nsswitch.conf`.
    pub nsswitch: NsSwitch,
    /// `/etc/gai.conf`.
    pub gai: GaiConf,
    /// `/etc/resolv.conf`.
    pub resolv: ResolvConf,
    /// The kernel host name (`uname -n`).
    pub hostname: String,
    /// Installed optional modules.
    pub modules: Modules,
}

impl Config {
    /// A stock Debian 12 host named `hostname`.
    pub fn debian12(hostname: &str) -> Self {
        Config {
            hosts: HostsFile::parse(&super::hosts::debian_default(hostname)),
            nsswitch: NsSwitch::debian_default(),
            gai: GaiConf::default(),
            resolv: ResolvConf::parse(&crate::world::files::resolv_conf()),
            hostname: hostname.to_string(),
            modules: Modules::default(),
        }
    }

    /// Builds a config from the four files' contents (`None` = file missing).
    pub fn from_files(
        hosts: Option<&str>,
        nsswitch: Option<&str>,
        gai: Option<&str>,
        resolv: Option<&str>,
        hostname: &str,
        modules: Modules,
    ) -> Self {
        Config {
            hosts: HostsFile::parse(hosts.unwrap_or("")),
            nsswitch: NsSwitch::parse(nsswitch.unwrap_or("")),
            gai: GaiConf::parse(gai.unwrap_or("")),
            resolv: ResolvConf::parse(resolv.unwrap_or("")),
            hostname: hostname.to_string(),
            modules,
        }
    }
}
