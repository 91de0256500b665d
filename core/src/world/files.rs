//! The stock files of a Debian 12 host in the lab's world, as a fresh
//! install has them (the resolver's nameserver is the LAN's DNS server).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::DNS_SERVER;

/// Debian 12's stock `/etc/hosts` for a host named `hostname`.
pub fn etc_hosts(hostname: &str) -> String {
    format!(
        "127.0.0.1\tlocalhost\n127.0.1.1\t{hostname}\n\n# The following lines are desirable for IPv6 capable hosts\n::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n"
    )
}

/// `/etc/resolv.conf` as the LAN's DHCP leaves it: the router's DNS server.
pub fn resolv_conf() -> String {
    format!("nameserver {DNS_SERVER}\n")
}

/// Debian 12's stock `/etc/nsswitch.conf`.
pub const NSSWITCH_CONF: &str = "# /etc/nsswitch.conf
#
# Example configuration of GNU Name Service Switch functionality.
# If you have the `glibc-doc-reference' and `info' packages installed, try:
# `info libc \"Name Service Switch\"' for information about this file.

passwd:         files
group:          files
shadow:         files
gshadow:        files

hosts:          files dns
networks:       files

protocols:      db files
services:       db files
ethers:         db files
rpc:            db files

netgroup:       nis
";

/// Debian 12's `/etc/gai.conf`: every line a comment, so glibc uses its
/// built-in RFC 3484 tables.
pub const GAI_CONF: &str = "# Configuration for getaddrinfo(3).
#
# So far only configuration for the destination address sorting is needed.
# RFC 3484 governs the sorting.  But the RFC also says that system
# administrators should be able to overwrite the defaults.  This can be
# achieved here.
#
# All lines have an initial identifier specifying the option followed by
# up to two values.  Information specified in this file replaces the
# default information.  Complete absence of data of one kind causes the
# appropriate default information to be used.  The supported commands include:
#
#label   <mask>   <value>
#precedence  <mask>   <value>
#scopev4  <mask>  <value>
#
#precedence  ::1/128       50
#precedence  ::/0          40
#precedence  2002::/16     30
#precedence ::/96          20
#precedence ::ffff:0:0/96  10
#
#    For sites which prefer IPv4 connections change the last line to
#
#precedence ::ffff:0:0/96  100
";

/// Debian 12's `/etc/os-release` (a link to `/usr/lib/os-release`), as
/// `cat /etc/os-release` prints it on a stock bookworm host.
pub const OS_RELEASE: &str = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"
NAME=\"Debian GNU/Linux\"
VERSION_ID=\"12\"
VERSION=\"12 (bookworm)\"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL=\"https://www.debian.org/\"
SUPPORT_URL=\"https://www.debian.org/support\"
BUG_REPORT_URL=\"https://bugs.debian.org/\"
";

/// `/etc/debian_version`: the point release that shipped the kernel
/// `uname -a` reports (6.1.119-1, 2024-11-22).
pub const DEBIAN_VERSION: &str = "12.8\n";

/// Every stock file of a host named `hostname`, as (path, contents).
pub fn stock(hostname: &str) -> Vec<(&'static str, String)> {
    alloc::vec![
        ("/etc/hostname", format!("{hostname}\n")),
        ("/etc/hosts", etc_hosts(hostname)),
        ("/etc/nsswitch.conf", String::from(NSSWITCH_CONF)),
        ("/etc/resolv.conf", resolv_conf()),
        ("/etc/gai.conf", String::from(GAI_CONF)),
        ("/etc/os-release", String::from(OS_RELEASE)),
        ("/etc/debian_version", String::from(DEBIAN_VERSION)),
        ("/etc/passwd", String::from(super::accounts::PASSWD)),
        ("/etc/group", String::from(super::accounts::GROUP)),
    ]
}
