//! bind9-dnsutils 9.18 as Debian 12 ships it: `dig`, `host` and
//! `nslookup`. They read `/etc/resolv.conf` for their server (not
//! `/etc/hosts`, not nsswitch: a DNS tool asks DNS), build their queries
//! with [`crate::names::dnsmsg`], send them with system calls
//! ([`transport`]) and print the answers in BIND's presentation format
//! ([`text`]). Recorded outputs they are checked against:
//! core/tests/fixtures/dnsutils/.

mod dig;
mod dig_opts;
mod host;
mod nslookup;
mod servers;
mod text;
mod transport;

use alloc::string::String;
use alloc::vec::Vec;

use crate::names::dnsmsg::{self, Edns, Header, Message, Question};
use crate::process::{Command, Ctx};

/// The version the tools print (`dig -v`, the `; <<>> DiG` line).
pub(crate) const VERSION: &str = "9.18.47-1~deb12u1-Debian";

/// The EDNS payload size BIND 9.18 advertises.
const EDNS_UDP_SIZE: u16 = 1232;

/// The programs of the family.
pub(crate) const COMMANDS: &[Command] = &[
    Command {
        name: "dig",
        summary: "ask a DNS server (bind9-dnsutils 9.18; @server, -x, -t, -p, -4/-6, +short, +tcp, +noall +answer)",
        start: dig::start,
    },
    Command {
        name: "host",
        summary: "look a name or an address up in DNS (bind9-dnsutils 9.18; -t, -p, -W, -R, -T, -4/-6)",
        start: host::start,
    },
    Command {
        name: "nslookup",
        summary: "query a DNS server (bind9-dnsutils 9.18, non-interactive; -type=, -port=, -timeout=, -retry=)",
        start: nslookup::start,
    },
];

/// How a query is built.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QueryFlags {
    /// RD.
    pub(crate) recurse: bool,
    /// AD (dig's default `+adflag`).
    pub(crate) ad: bool,
    /// An OPT record, with a client cookie if `cookie`.
    pub(crate) edns: bool,
    /// A COOKIE option (dig's default `+cookie`).
    pub(crate) cookie: bool,
}

/// A query for `name` (`type`, `class`) with a fresh id from the kernel's
/// random numbers: its bytes and its id. `None` if the name cannot be
/// carried on the wire.
pub(crate) fn build_query(
    ctx: &mut Ctx<'_>,
    name: &str,
    qtype: u16,
    qclass: u16,
    flags: QueryFlags,
) -> Option<(Vec<u8>, u16)> {
    let mut sys = ctx.sys();
    let id = sys.getrandom_u16();
    let edns = flags.edns.then(|| {
        let mut options = Vec::new();
        if flags.cookie {
            let cookie = sys.getrandom_u64().to_be_bytes().to_vec();
            options.push((dnsmsg::OPTION_COOKIE, cookie));
        }
        Edns {
            udp_size: EDNS_UDP_SIZE,
            options,
            ..Edns::default()
        }
    });
    let m = Message {
        header: Header {
            id,
            rd: flags.recurse,
            ad: flags.ad,
            ..Header::default()
        },
        questions: alloc::vec![Question {
            name: String::from(name.trim_end_matches('.')),
            qtype,
            qclass,
        }],
        edns,
        ..Message::default()
    };
    Some((m.emit()?, id))
}
