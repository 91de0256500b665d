//! `hostname` from Debian's hostname 3.23 package, with `-i` (the host
//! name resolved by glibc), `-f` (its canonical name), `-d` (the domain of
//! that name), `-A` (the names of the namespace's addresses, looked up
//! backwards), `-I` (every address of the namespace, from the kernel's
//! link dump) and `-y`; `gethostname`/`sethostname` for the name.
//! Real outputs: core/tests/fixtures/nettools/hostname_real.txt.

use alloc::format;
use alloc::string::String;

use crate::process::{Ctx, Started};
use crate::sys::Errno;
use crate::sys::User;
use crate::sys::link::AddrScope;

/// hostname 3.23 prints its whole usage text after "invalid option".
const USAGE: &str = "Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name

       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)
       {yp,nis,}domainname                      display NIS domain name

       dnsdomainname                            display dns domain name

       hostname -V|--version|-h|--help          print info and exit

Program name:
       {yp,nis,}domainname=hostname -y
       dnsdomainname=hostname -d

Program options:
    -a, --alias            alias names
    -A, --all-fqdns        all long host names (FQDNs)
    -b, --boot             set default hostname if none available
    -d, --domain           DNS domain name
    -f, --fqdn, --long     long host name (FQDN)
    -F, --file             read host name or NIS domain name from given file
    -i, --ip-address       addresses for the host name
    -I, --all-ip-addresses all addresses for the host
    -s, --short            short host name
    -y, --yp, --nis        NIS/YP domain name

Description:
   This command can get or set the host name or the NIS domain name. You can
   also get the DNS domain or the FQDN (fully qualified domain name).
   Unless you are using bind or NIS for host lookups you can change the
   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is
   part of the FQDN) in the /etc/hosts file.
";

/// True if `name` is a host name the kernel and hostname(1) accept.
fn valid_hostname(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// `hostname -I`: every configured address except loopback and IPv6
/// link-local ones, IPv4 first (getifaddrs order), each followed by a space.
fn all_addresses(ctx: &mut Ctx<'_>) -> String {
    let links = ctx.sys().links();
    let mut s = String::new();
    for i in &links {
        for a in &i.ipv4 {
            if !a.addr.is_loopback() {
                s.push_str(&format!("{} ", a.addr));
            }
        }
    }
    for i in &links {
        for a in &i.ipv6 {
            if !a.addr.is_loopback() && a.scope != AddrScope::Link {
                s.push_str(&format!("{} ", a.addr));
            }
        }
    }
    s.push('\n');
    s
}

/// `hostname -i`: getaddrinfo on the host name, each address once.
fn resolved_addresses(ctx: &mut Ctx<'_>) -> Started {
    let name = ctx.sys().gethostname();
    let hints = crate::names::Hints::default();
    let lookup = super::resolve::lookup(ctx, move |cfg, view, dns| {
        crate::names::getaddrinfo(cfg, view, dns, Some(&name), None, &hints)
    });
    super::resolve::then(ctx, "hostname", lookup, print_addresses)
}

/// What `hostname -i` prints once the lookup is over.
fn print_addresses(
    ctx: &mut Ctx<'_>,
    r: crate::names::Resolution<alloc::vec::Vec<crate::names::AddrInfo>, crate::names::GaiError>,
) -> Started {
    match r.result {
        Ok(list) => {
            let mut seen: alloc::vec::Vec<core::net::IpAddr> = alloc::vec::Vec::new();
            for ai in list {
                if !seen.contains(&ai.addr) {
                    seen.push(ai.addr);
                }
            }
            let words: alloc::vec::Vec<String> = seen.iter().map(|a| format!("{a}")).collect();
            ctx.out(&format!("{}\n", words.join(" ")));
            Started::Exited(0)
        }
        Err(_) => {
            ctx.err("hostname: Name or service not known\n");
            Started::Exited(1)
        }
    }
}

/// `hostname -f` (and `-d`, the part after the first dot): getaddrinfo
/// with `AI_CANONNAME` on the host name.
fn canonical(ctx: &mut Ctx<'_>, domain_only: bool) -> Started {
    let name = ctx.sys().gethostname();
    let hints = crate::names::Hints {
        flags: crate::names::AiFlags {
            canonname: true,
            ..crate::names::AiFlags::default()
        },
        ..crate::names::Hints::default()
    };
    let lookup = super::resolve::lookup(ctx, move |cfg, view, dns| {
        crate::names::getaddrinfo(cfg, view, dns, Some(&name), None, &hints)
    });
    super::resolve::then(ctx, "hostname", lookup, move |ctx, r| match r.result {
        Ok(list) => {
            let fqdn = list
                .first()
                .and_then(|ai| ai.canonname.clone())
                .unwrap_or_else(|| ctx.sys().gethostname());
            if domain_only {
                if let Some((_, domain)) = fqdn.split_once('.') {
                    ctx.out(&format!("{domain}\n"));
                }
            } else {
                ctx.out(&format!("{fqdn}\n"));
            }
            Started::Exited(0)
        }
        Err(e) => {
            ctx.err(&format!("hostname: {e}\n"));
            Started::Exited(1)
        }
    })
}

/// `hostname -A`: the name of each address of the namespace but loopback
/// and IPv6 link-local ones (getnameinfo with `NI_NAMEREQD`), each
/// followed by a space; addresses without a name are skipped.
fn all_fqdns(ctx: &mut Ctx<'_>) -> Started {
    let addrs: alloc::vec::Vec<core::net::IpAddr> = super::resolve::addresses(&ctx.sys())
        .into_iter()
        .map(|a| a.addr)
        .filter(|a| match a {
            core::net::IpAddr::V4(v4) => !v4.is_loopback(),
            core::net::IpAddr::V6(v6) => !v6.is_loopback() && !v6.is_unicast_link_local(),
        })
        .collect();
    let lookup = super::resolve::lookup(ctx, move |cfg, view, dns| {
        addrs
            .iter()
            .filter_map(|a| crate::names::gethostbyaddr(cfg, view, dns, *a).result.ok())
            .map(|h| h.name)
            .collect::<alloc::vec::Vec<String>>()
    });
    super::resolve::then(ctx, "hostname", lookup, |ctx, names| {
        let mut line = String::new();
        for n in names {
            line.push_str(&n);
            line.push(' ');
        }
        line.push('\n');
        ctx.out(&line);
        Started::Exited(0)
    })
}

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    match args.get(1).map(String::as_str) {
        None | Some("-s" | "--short" | "-b" | "--boot") => {
            let name = ctx.sys().gethostname();
            let short = name.split('.').next().unwrap_or_default();
            let name = if matches!(args.get(1).map(String::as_str), Some("-s" | "--short")) {
                short
            } else {
                name.as_str()
            };
            ctx.out(&format!("{name}\n"));
            Started::Exited(0)
        }
        Some("-f" | "--fqdn" | "--long") => canonical(ctx, false),
        Some("-d" | "--domain") => canonical(ctx, true),
        Some("-A" | "--all-fqdns") => all_fqdns(ctx),
        Some("-y" | "--yp" | "--nis") => {
            ctx.err("hostname: Local domain name not set\n");
            Started::Exited(1)
        }
        Some("-I" | "--all-ip-addresses") => {
            let text = all_addresses(ctx);
            ctx.out(&text);
            Started::Exited(0)
        }
        Some("-i" | "--ip-address") => resolved_addresses(ctx),
        Some("-a" | "--alias") => {
            ctx.out("\n");
            Started::Exited(0)
        }
        Some("-V" | "--version") => {
            ctx.err("hostname 3.23\n");
            Started::Exited(0)
        }
        Some("-h" | "--help") => {
            ctx.err(USAGE);
            Started::Exited(0)
        }
        Some(opt) if opt.starts_with('-') => {
            let c = opt.chars().nth(1).unwrap_or('-');
            if opt.starts_with("--") {
                ctx.err(&format!("hostname: unrecognized option '{opt}'\n{USAGE}"));
            } else {
                ctx.err(&format!("hostname: invalid option -- '{c}'\n{USAGE}"));
            }
            Started::Exited(255)
        }
        Some(name) => {
            if ctx.user() != User::Root {
                ctx.err("hostname: you must be root to change the host name\n");
                return Started::Exited(1);
            }
            if !valid_hostname(name) {
                ctx.err("hostname: the specified hostname is invalid\n");
                return Started::Exited(1);
            }
            match ctx.sys().sethostname(name) {
                Ok(()) => Started::Exited(0),
                Err(Errno::EPERM) => {
                    ctx.err("hostname: you must be root to change the host name\n");
                    Started::Exited(1)
                }
                Err(_) => {
                    ctx.err("hostname: the specified hostname is invalid\n");
                    Started::Exited(1)
                }
            }
        }
    }
}
