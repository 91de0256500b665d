//! Which server the tools ask: the one named on the command line (an
//! address, or a name looked up with `getaddrinfo`), else the
//! `nameserver` lines of `/etc/resolv.conf`, as BIND's `dighost.c` reads
//! them; with none (or none of the family `-4`/`-6` allows) the local
//! host, `127.0.0.1` and `::1`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::names::{self, ResolvConf};
use crate::process::{Ctx, Started};
use crate::tools::{netutil, resolve};

/// The address families a tool may use (`-4`, `-6`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Transport {
    /// Either.
    #[default]
    Any,
    /// `-4`.
    V4,
    /// `-6`.
    V6,
}

impl Transport {
    fn allows(self, a: &IpAddr) -> bool {
        match self {
            Transport::Any => true,
            Transport::V4 => a.is_ipv4(),
            Transport::V6 => a.is_ipv6(),
        }
    }
}

/// `/etc/resolv.conf`, parsed (empty if it cannot be read).
pub(crate) fn resolv_conf(ctx: &mut Ctx<'_>) -> ResolvConf {
    let text = ctx.sys().read_file("/etc/resolv.conf").unwrap_or_default();
    ResolvConf::parse(&text)
}

/// The servers of `/etc/resolv.conf` the transport allows; the local host
/// when there are none.
pub(crate) fn from_resolv_conf(ctx: &mut Ctx<'_>, t: Transport) -> Vec<IpAddr> {
    let listed: Vec<IpAddr> = resolv_conf(ctx)
        .nameservers
        .into_iter()
        .filter(|a| t.allows(a))
        .collect();
    if !listed.is_empty() {
        return listed;
    }
    let local = [
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(Ipv6Addr::LOCALHOST),
    ];
    local.into_iter().filter(|a| t.allows(a)).collect()
}

/// The servers to ask, and how the tool names them.
#[derive(Clone, Debug)]
pub(crate) struct Servers {
    /// Their addresses, in order.
    pub(crate) addrs: Vec<IpAddr>,
    /// The server as the user wrote it (`router.lan`), if given.
    pub(crate) given: Option<String>,
}

impl Servers {
    /// How `;; SERVER:` names `addr`: the name given, else the address.
    pub(crate) fn label(&self, addr: IpAddr) -> String {
        self.given.clone().unwrap_or_else(|| format!("{addr}"))
    }
}

/// Runs `rest` with the servers to ask: `server` if given (an address at
/// once, a name after its lookup), else resolv.conf's. A name that does
/// not resolve ends `program` as BIND's `fatal` does:
/// `dig: couldn't get address for 'x': not found`, status 1.
pub(crate) fn then(
    ctx: &mut Ctx<'_>,
    program: &'static str,
    server: Option<String>,
    t: Transport,
    rest: impl FnOnce(&mut Ctx<'_>, Servers) -> Started + 'static,
) -> Started {
    let Some(given) = server else {
        let addrs = from_resolv_conf(ctx, t);
        return rest(ctx, Servers { addrs, given: None });
    };
    if let Ok(a) = given.parse::<IpAddr>() {
        let addrs = if t.allows(&a) {
            alloc::vec![a]
        } else {
            Vec::new()
        };
        return rest(
            ctx,
            Servers {
                addrs,
                given: Some(given),
            },
        );
    }
    let family = match t {
        Transport::Any => names::Family::Unspec,
        Transport::V4 => names::Family::Inet,
        Transport::V6 => names::Family::Inet6,
    };
    let lookup = netutil::gai_lookup(ctx, Some(&given), None, family, false);
    resolve::then(ctx, program, lookup, move |ctx, found| {
        let mut addrs: Vec<IpAddr> = Vec::new();
        for a in found.addrs(ctx).unwrap_or_default() {
            if !addrs.contains(&a) {
                addrs.push(a);
            }
        }
        if addrs.is_empty() {
            ctx.err(&format!(
                "{program}: couldn't get address for '{given}': not found\n"
            ));
            return Started::Exited(1);
        }
        rest(
            ctx,
            Servers {
                addrs,
                given: Some(given),
            },
        )
    })
}
