//! `hostname` from Debian's hostname 3.23 package, with `-i` (the host
//! name resolved by glibc) and `-I` (every address of the namespace, from
//! the kernel's link dump); `gethostname`/`sethostname` for the name.

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

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    match args.get(1).map(String::as_str) {
        None | Some("-s" | "--short" | "-f" | "--fqdn" | "--long" | "-A" | "--all-fqdns") => {
            let name = ctx.sys().gethostname();
            ctx.out(&format!("{name}\n"));
            Started::Exited(0)
        }
        Some("-I" | "--all-ip-addresses") => {
            let text = all_addresses(ctx);
            ctx.out(&text);
            Started::Exited(0)
        }
        Some("-i" | "--ip-address") => resolved_addresses(ctx),
        Some("-d" | "--domain" | "-a" | "--alias") => {
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
