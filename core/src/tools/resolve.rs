//! The glue between tools and the resolver: the host's files become a
//! resolver configuration, a namespace becomes the resolver's view of the
//! network, and DNS queries go over the lab's UDP to the router's server.

use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::net::{IpAddr, SocketAddr};

use crate::host::Host;
use crate::names::{self, Config, DnsError, DnsSource, Modules, RecordType, dns};
use crate::net::{Network, SockType};
use crate::route::{Flow, NetView as _};
use crate::socket::bind::Family;
use crate::time::Duration;
use crate::trace::NsId;

/// The resolver configuration read from the host's files, as glibc reads
/// them on each lookup.
pub(crate) fn config(host: &Host) -> Config {
    let f = &host.files;
    Config::from_files(
        f.read("/etc/hosts").ok(),
        f.read("/etc/nsswitch.conf").ok(),
        f.read("/etc/gai.conf").ok(),
        f.read("/etc/resolv.conf").ok(),
        &host.hostname,
        // The lab has libnss-myhostname and libnss-resolve installed, so
        // naming them in nsswitch.conf takes effect.
        Modules {
            myhostname: true,
            resolve: true,
            mdns: false,
        },
    )
}

/// One namespace as the resolver sees it.
#[derive(Debug)]
pub(crate) struct NsView<'a> {
    pub(crate) net: &'a Network,
    pub(crate) ns: NsId,
}

impl names::NetView for NsView<'_> {
    fn addresses(&self) -> Vec<names::IfAddr> {
        self.net
            .ns(self.ns)
            .map(|n| {
                n.addrs()
                    .into_iter()
                    .map(|a| names::IfAddr::new(a.addr, a.prefix_len))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn source_for(&self, dst: IpAddr) -> Option<names::IfAddr> {
        let n = self.net.ns(self.ns)?;
        let d = n.fib.lookup(&Flow::to(dst), n).ok()?;
        let src = d.src?;
        let len = n
            .addrs()
            .into_iter()
            .find(|a| a.addr == src)
            .map_or(0, |a| a.prefix_len);
        Some(names::IfAddr::new(src, len))
    }
}

/// The network shared by the resolver's view of the namespace and its DNS
/// client during one lookup (glibc's `getaddrinfo` is synchronous: while
/// it waits for the server nothing else of the process runs).
#[derive(Debug)]
pub(crate) struct NetCell<'a> {
    net: RefCell<&'a mut Network>,
    ns: NsId,
}

impl<'a> NetCell<'a> {
    /// Shares `net` for lookups from namespace `ns`.
    pub(crate) fn new(net: &'a mut Network, ns: NsId) -> Self {
        NetCell {
            net: RefCell::new(net),
            ns,
        }
    }

    /// The namespace as the resolver sees it.
    pub(crate) fn view(&self) -> CellView<'_, 'a> {
        CellView { cell: self }
    }

    /// The DNS client, with resolv.conf's timeout and attempts.
    pub(crate) fn dns(&self, cfg: &Config) -> LabDns<'_, 'a> {
        LabDns {
            cell: self,
            timeout_us: u64::from(cfg.resolv.timeout_secs.max(1)) * 1_000_000,
            attempts: cfg.resolv.attempts.max(1),
            silent: false,
        }
    }
}

/// [`NsView`] through a [`NetCell`].
#[derive(Debug)]
pub(crate) struct CellView<'c, 'a> {
    cell: &'c NetCell<'a>,
}

impl names::NetView for CellView<'_, '_> {
    fn addresses(&self) -> Vec<names::IfAddr> {
        match self.cell.net.try_borrow() {
            Ok(net) => NsView {
                net: &net,
                ns: self.cell.ns,
            }
            .addresses(),
            Err(_) => Vec::new(),
        }
    }

    fn source_for(&self, dst: IpAddr) -> Option<names::IfAddr> {
        let net = self.cell.net.try_borrow().ok()?;
        NsView {
            net: &net,
            ns: self.cell.ns,
        }
        .source_for(dst)
    }
}

/// The lab's DNS client: each query is a real datagram from the namespace
/// to the nameserver's port 53 (the router runs a server, see
/// `dns_server`), and the network is run (`Network::poll`, virtual time)
/// until the answer comes or `timeout` passes, `attempts` times, as glibc's
/// `res_send` waits. A namespace with no route to the server fails at once
/// with EAI_AGAIN (`connect` fails); a port unreachable from the server is
/// "unreachable" (ECONNREFUSED); a server that never answers makes
/// the lookup take timeout x attempts, once per lookup (glibc sends the A
/// and AAAA queries together, so they time out together).
#[derive(Debug)]
pub(crate) struct LabDns<'c, 'a> {
    cell: &'c NetCell<'a>,
    timeout_us: u64,
    attempts: u8,
    /// A query of this lookup already timed out.
    silent: bool,
}

/// The most network steps one DNS query may run.
const DNS_STEP_LIMIT: usize = 100_000;

impl LabDns<'_, '_> {
    fn exchange(
        &mut self,
        server: Option<IpAddr>,
        name: &str,
        qtype: u16,
    ) -> Result<dns::Message, DnsError> {
        let server = server.ok_or(DnsError::Unreachable)?;
        if self.silent {
            return Err(DnsError::Timeout);
        }
        let ns = self.cell.ns;
        let mut guard = self
            .cell
            .net
            .try_borrow_mut()
            .map_err(|_| DnsError::Unreachable)?;
        let net: &mut Network = &mut guard;
        let family = if server.is_ipv4() {
            Family::Inet
        } else {
            Family::Inet6
        };
        let sid = net
            .socket(ns, family, SockType::Dgram, 0)
            .map_err(|_| DnsError::Unreachable)?;
        net.set_owner(ns, sid, 0, "getaddrinfo");
        let result = (|| {
            // No route to the server: glibc gives up at once and
            // getaddrinfo says EAI_AGAIN (checked on Linux in a fresh
            // namespace: "Temporary failure in name resolution").
            net.connect_dgram(ns, sid, SocketAddr::new(server, 53))
                .map_err(|_| DnsError::Timeout)?;
            for _ in 0..self.attempts {
                let id = net.rng.next_u16();
                let query = dns::query(id, name, qtype).ok_or(DnsError::NxDomain)?;
                net.udp_send(ns, sid, &query, None)
                    .map_err(|_| DnsError::Unreachable)?;
                let deadline = net.now() + Duration::from_micros(self.timeout_us);
                let mut steps = 0;
                loop {
                    match net.recv(ns, sid) {
                        Err(_) => return Err(DnsError::Unreachable),
                        Ok(Some(d)) => match dns::parse(&d.data) {
                            Some(m) if m.response && m.id == id => return Ok(m),
                            _ => continue,
                        },
                        Ok(None) => {}
                    }
                    steps += 1;
                    match net.poll_at() {
                        Some(t) if t <= deadline && t > net.now() && steps < DNS_STEP_LIMIT => {
                            net.poll(t)
                        }
                        Some(t) if t <= deadline && steps < DNS_STEP_LIMIT && steps % 64 != 0 => {
                            net.poll(t)
                        }
                        _ => {
                            net.poll(deadline);
                            if let Ok(Some(d)) = net.recv(ns, sid)
                                && let Some(m) = dns::parse(&d.data)
                                && m.response
                                && m.id == id
                            {
                                return Ok(m);
                            }
                            break;
                        }
                    }
                }
            }
            Err(DnsError::Timeout)
        })();
        net.close(ns, sid);
        if result == Err(DnsError::Timeout) {
            // The other queries of this lookup fail the same way at once.
            self.silent = true;
        }
        result
    }
}

fn rcode_error(m: &dns::Message) -> Option<DnsError> {
    match m.rcode {
        dns::RCODE_NOERROR => None,
        dns::RCODE_NXDOMAIN => Some(DnsError::NxDomain),
        _ => Some(DnsError::ServFail),
    }
}

impl DnsSource for LabDns<'_, '_> {
    fn query(
        &mut self,
        server: Option<IpAddr>,
        name: &str,
        t: RecordType,
    ) -> Result<Vec<IpAddr>, DnsError> {
        let qtype = match t {
            RecordType::A => dns::TYPE_A,
            RecordType::Aaaa => dns::TYPE_AAAA,
        };
        let m = self.exchange(server, name, qtype)?;
        match rcode_error(&m) {
            Some(e) => Err(e),
            None => Ok(m.addresses),
        }
    }

    fn reverse(&mut self, server: Option<IpAddr>, addr: IpAddr) -> Result<Vec<String>, DnsError> {
        let m = self.exchange(server, &dns::ptr_name(addr), dns::TYPE_PTR)?;
        match rcode_error(&m) {
            Some(e) => Err(e),
            None => Ok(m.names),
        }
    }
}

/// After a lookup that ran the network, the process's clock catches up
/// with it (the lookup took that long).
pub(crate) fn sync_clock(ctx: &mut crate::process::Ctx<'_>) {
    let t = ctx.host.net.now();
    if t > ctx.now {
        ctx.now = t;
    }
}

/// The DNS for lookups made where the process cannot run the network (a
/// read-only context: `ss`, `nc -v` names, tcpdump filters): what the
/// router at 192.168.1.1 answers for names outside its zone, without packets
/// (every name does not exist). A namespace
/// that cannot reach the server gets "unreachable", as glibc's `connect`
/// on its UDP socket would.
#[derive(Debug)]
pub(crate) struct OfflineDns<'a> {
    pub(crate) view: NsView<'a>,
}

impl OfflineDns<'_> {
    fn reach(&self, server: Option<IpAddr>) -> Result<(), DnsError> {
        let server = server.ok_or(DnsError::Unreachable)?;
        let n = self
            .view
            .net
            .ns(self.view.ns)
            .ok_or(DnsError::Unreachable)?;
        n.fib
            .lookup(&Flow::to(server), n)
            .map_err(|_| DnsError::Unreachable)?;
        if server == IpAddr::V4(core::net::Ipv4Addr::new(192, 168, 1, 1)) {
            Ok(())
        } else {
            Err(DnsError::Timeout)
        }
    }
}

impl DnsSource for OfflineDns<'_> {
    fn query(
        &mut self,
        server: Option<IpAddr>,
        _name: &str,
        _t: RecordType,
    ) -> Result<Vec<IpAddr>, DnsError> {
        self.reach(server)?;
        Err(DnsError::NxDomain)
    }

    fn reverse(&mut self, server: Option<IpAddr>, _addr: IpAddr) -> Result<Vec<String>, DnsError> {
        self.reach(server)?;
        Err(DnsError::NxDomain)
    }
}

/// Records a resolver journey in the lab's trace (layer `resolver`), one
/// event per step, so the inspector and `--json` show how a name became
/// addresses: which source was asked, what it said, how the list was sorted.
pub(crate) fn record_steps(ctx: &mut crate::process::Ctx<'_>, what: &str, steps: &[names::Step]) {
    let ns = ctx.ns;
    for step in steps {
        ctx.host.net.ev(
            ns,
            crate::trace::Layer::Resolver,
            crate::trace::Direction::None,
            None,
            crate::trace::Verdict::Pass,
            || alloc::format!("{what}: {}", step.text),
        );
    }
}
