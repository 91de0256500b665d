//! Route model tests against outputs recorded on a real Linux 6.18 kernel
//! with iproute2 6.1 (`ip netns add rt`, as root). The recorded transcript is
//! in `core/tests/fixtures/route/transcript.txt`.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::IpAddr;

use super::fib::{AddrFlags, Fib, Flow, IfAddr, LinkInfo, LookupError, NetView, SimpleNet};
use super::types::{Family, Prefix, RouteType, RtnlError, Scope, TableId};
use crate::iface::IfIndex;
use crate::snapshot::{show_routes, show_rules};
use crate::tools::ip::cmd::{CmdError, parse_route, parse_route_get, parse_rule};
use crate::tools::ip::format::{TableSel, route_get, route_get_error};

const ETH0: IfIndex = IfIndex(2);

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// A namespace: the interface side is simulated here the way the kernel
/// does it, calling the `Fib` events like the interface layer will.
struct Ns {
    net: SimpleNet,
    fib: Fib,
}

impl Ns {
    fn fresh() -> Ns {
        Ns {
            net: SimpleNet {
                links: alloc::vec![LinkInfo {
                    index: IfIndex::LOOPBACK,
                    name: "lo".into(),
                    up: false,
                    loopback: true,
                    multicast: false,
                }],
                addrs: Vec::new(),
            },
            fib: Fib::new(),
        }
    }

    fn names(&self) -> impl Fn(IfIndex) -> Option<String> + '_ {
        move |i| self.net.link(i).map(|l| l.name)
    }

    fn set_up(&mut self, index: IfIndex, up: bool) {
        for l in &mut self.net.links {
            if l.index == index {
                l.up = up;
            }
        }
    }

    fn add_addr(&mut self, index: IfIndex, addr: &str, len: u8, scope: Scope, flags: AddrFlags) {
        let a = IfAddr {
            index,
            addr: ip(addr),
            prefix_len: len,
            scope,
        };
        self.net.addrs.push(a.clone());
        self.fib.handle_addr_added(&a, flags, &self.net);
    }

    fn del_addr(&mut self, index: IfIndex, addr: &str) {
        let Some(pos) = self
            .net
            .addrs
            .iter()
            .position(|a| a.index == index && a.addr == ip(addr))
        else {
            return;
        };
        let a = self.net.addrs[pos].clone();
        self.fib.handle_addr_removed(&a, &self.net);
        self.net.addrs.remove(pos);
    }

    /// `ip link set lo up`: the kernel adds 127.0.0.1/8 the first time and
    /// `::1/128` (no prefix route) every time.
    fn lo_up(&mut self) {
        self.set_up(IfIndex::LOOPBACK, true);
        self.fib.handle_link_up(IfIndex::LOOPBACK, &self.net);
        if !self
            .net
            .addrs
            .iter()
            .any(|a| a.index == IfIndex::LOOPBACK && a.addr.is_ipv4())
        {
            self.add_addr(
                IfIndex::LOOPBACK,
                "127.0.0.1",
                8,
                Scope::HOST,
                AddrFlags::default(),
            );
        }
        self.add_addr(
            IfIndex::LOOPBACK,
            "::1",
            128,
            Scope::HOST,
            AddrFlags {
                prefix_route: false,
            },
        );
    }

    /// `ip link set X down`: IPv6 addresses go with the link.
    fn link_down(&mut self, index: IfIndex) {
        self.set_up(index, false);
        self.net
            .addrs
            .retain(|a| !(a.index == index && a.addr.is_ipv6()));
        self.fib.handle_link_down(index);
    }

    fn add_eth0(&mut self) {
        self.net.links.push(LinkInfo {
            index: ETH0,
            name: "eth0".into(),
            up: false,
            loopback: false,
            multicast: true,
        });
    }

    fn eth0_up(&mut self) {
        self.set_up(ETH0, true);
        self.fib.handle_link_up(ETH0, &self.net);
        self.add_addr(
            ETH0,
            "fe80::5054:ff:fe12:3456",
            64,
            Scope::LINK,
            AddrFlags::default(),
        );
    }

    fn show(&self, family: Option<Family>, sel: TableSel) -> String {
        show_routes(&self.fib, family, sel, &self.names())
    }

    /// `ip ...` for the subcommands under test; returns (stdout, stderr, status).
    fn ip(&mut self, line: &str) -> (String, String, i32) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let (family, rest) = match words.first() {
            Some(&"-6") => (Some(Family::V6), &words[1..]),
            Some(&"-4") => (Some(Family::V4), &words[1..]),
            _ => (None, &words[..]),
        };
        let devs = |n: &str| self.net.link_by_name(n).map(|l| l.index);
        let cmd_err = |e: CmdError| (String::new(), e.stderr, e.status);
        let rtnl = |e: RtnlError| (String::new(), alloc::format!("{e}\n"), 2);
        match rest {
            ["route", "get", args @ ..] => {
                let flow = match parse_route_get(family, args, &devs) {
                    Ok(f) => f,
                    Err(e) => return cmd_err(e),
                };
                match self.fib.lookup(&flow, &self.net) {
                    Ok(d) => (route_get(&d, &self.names(), 0, None), String::new(), 0),
                    Err(f) => (String::new(), route_get_error(f.error), 2),
                }
            }
            ["route", verb @ ("add" | "del" | "replace"), args @ ..] => {
                let a = match parse_route(family, args, *verb == "del", &devs) {
                    Ok(a) => a,
                    Err(e) => return cmd_err(e),
                };
                let res = match *verb {
                    "del" => self.fib.del_route(a.route.dst, &a.matcher).map(|_| ()),
                    _ => {
                        if a.host_bits && a.route.family() == Family::V4 {
                            Err(RtnlError::extack(
                                super::types::Errno::EINVAL,
                                "Invalid prefix for given prefix length",
                            ))
                        } else {
                            match self.fib.resolve_route(a.route, &self.net) {
                                Err(e) => Err(e),
                                Ok(r) if *verb == "add" => self.fib.add_route(r),
                                Ok(r) => {
                                    self.fib.replace_route(r);
                                    Ok(())
                                }
                            }
                        }
                    }
                };
                match res {
                    Ok(()) => (String::new(), String::new(), 0),
                    Err(e) => rtnl(e),
                }
            }
            ["rule", verb @ ("add" | "del"), args @ ..] => {
                let a = match parse_rule(family, args) {
                    Ok(a) => a,
                    Err(e) => return cmd_err(e),
                };
                let res = if *verb == "add" {
                    self.fib.add_rule(a.family, a.priority, a.rule).map(|_| ())
                } else {
                    self.fib.del_rule(a.family, &a.matcher).map(|_| ())
                };
                match res {
                    Ok(()) => (String::new(), String::new(), 0),
                    Err(e) => rtnl(e),
                }
            }
            ["rule", "show"] => (
                show_rules(&self.fib, family.unwrap_or(Family::V4)),
                String::new(),
                0,
            ),
            _ => panic!("not simulated: {line}"),
        }
    }

    #[track_caller]
    fn ok(&mut self, line: &str) {
        let (_, err, status) = self.ip(line);
        assert_eq!((err.as_str(), status), ("", 0), "ip {line}");
    }

    #[track_caller]
    fn out(&mut self, line: &str, expected: &str) {
        let (out, err, status) = self.ip(line);
        assert_eq!(err, "", "ip {line}");
        assert_eq!(status, 0, "ip {line}");
        assert_eq!(out, expected, "ip {line}");
    }

    #[track_caller]
    fn fails(&mut self, line: &str, stderr: &str, status: i32) {
        let (out, err, st) = self.ip(line);
        assert_eq!(out, "", "ip {line}");
        assert_eq!((err.as_str(), st), (stderr, status), "ip {line}");
    }
}

/// The eth0 setup of the recordings: veth `eth0` 52:54:00:12:34:56,
/// `ip addr add 192.168.1.50/24 dev eth0; ip link set eth0 up;
/// ip route add default via 192.168.1.1`.
fn lab() -> Ns {
    let mut ns = Ns::fresh();
    ns.lo_up();
    ns.add_eth0();
    ns.add_addr(
        ETH0,
        "192.168.1.50",
        24,
        Scope::GLOBAL,
        AddrFlags::default(),
    );
    ns.eth0_up();
    ns.ok("route add default via 192.168.1.1");
    ns
}

// $ ip netns add rt; ip -n rt route show table all      (nothing)
// $ ip -n rt rule show; ip -n rt -6 rule show
#[test]
fn fresh_namespace() {
    let ns = Ns::fresh();
    assert_eq!(ns.show(None, TableSel::All), "");
    assert_eq!(
        show_rules(&ns.fib, Family::V4),
        "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n"
    );
    assert_eq!(
        show_rules(&ns.fib, Family::V6),
        "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n"
    );
}

const LO_UP: &str = "\
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
local ::1 dev lo table local proto kernel metric 0 pref medium
";

// $ ip -n rt link set lo up; ip -n rt route show table all
// $ ip -n rt link set lo down; ip -n rt route show table all
#[test]
fn lo_up_down_up() {
    let mut ns = Ns::fresh();
    ns.lo_up();
    assert_eq!(ns.show(None, TableSel::All), LO_UP);
    ns.link_down(IfIndex::LOOPBACK);
    assert_eq!(
        ns.show(None, TableSel::All),
        "\
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
"
    );
    // lo down: the local routes are still there and still answer.
    ns.out(
        "route get 127.0.0.1",
        "local 127.0.0.1 dev lo src 127.0.0.1 uid 0 \n    cache <local> \n",
    );
    ns.lo_up();
    assert_eq!(ns.show(None, TableSel::All), LO_UP);
}

// systemd's loopback setup re-adds ::1/128 without noprefixroute:
// $ ip -n rt -6 addr replace ::1/128 dev lo; ip -n rt -6 route show table all
#[test]
fn systemd_loopback_adds_prefix_route() {
    let mut ns = Ns::fresh();
    ns.lo_up();
    let a = IfAddr {
        index: IfIndex::LOOPBACK,
        addr: ip("::1"),
        prefix_len: 128,
        scope: Scope::HOST,
    };
    ns.fib.handle_addr_added(&a, AddrFlags::default(), &ns.net);
    assert_eq!(
        ns.show(Some(Family::V6), TableSel::All),
        "::1 dev lo proto kernel metric 256 pref medium\nlocal ::1 dev lo table local proto kernel metric 0 pref medium\n"
    );
    assert_eq!(
        ns.show(Some(Family::V6), TableSel::Id(TableId::MAIN)),
        "::1 dev lo proto kernel metric 256 pref medium\n"
    );
}

const ETH0_ALL: &str = "\
default via 192.168.1.1 dev eth0 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.50 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
local 192.168.1.50 dev eth0 table local proto kernel scope host src 192.168.1.50 
broadcast 192.168.1.255 dev eth0 table local proto kernel scope link src 192.168.1.50 
fe80::/64 dev eth0 proto kernel metric 256 pref medium
local ::1 dev lo table local proto kernel metric 0 pref medium
local fe80::5054:ff:fe12:3456 dev eth0 table local proto kernel metric 0 pref medium
multicast ff00::/8 dev eth0 table local proto kernel metric 256 pref medium
";

#[test]
fn eth0_address_link_and_default_route() {
    let mut ns = Ns::fresh();
    ns.lo_up();
    ns.add_eth0();
    // $ ip -n rt addr add 192.168.1.50/24 dev eth0   (eth0 still down)
    ns.add_addr(
        ETH0,
        "192.168.1.50",
        24,
        Scope::GLOBAL,
        AddrFlags::default(),
    );
    assert_eq!(
        ns.show(Some(Family::V4), TableSel::All),
        alloc::format!(
            "{}local 192.168.1.50 dev eth0 table local proto kernel scope host src 192.168.1.50 \n",
            LO_UP
                .lines()
                .take(3)
                .map(|l| alloc::format!("{l}\n"))
                .collect::<String>()
        )
    );
    ns.eth0_up();
    ns.ok("route add default via 192.168.1.1");
    assert_eq!(ns.show(None, TableSel::All), ETH0_ALL);
    assert_eq!(
        ns.show(None, TableSel::Id(TableId::MAIN)),
        "default via 192.168.1.1 dev eth0 \n192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.50 \n"
    );
    assert_eq!(
        ns.show(None, TableSel::Id(TableId::LOCAL)),
        "\
local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 
local 192.168.1.50 dev eth0 proto kernel scope host src 192.168.1.50 
broadcast 192.168.1.255 dev eth0 proto kernel scope link src 192.168.1.50 
"
    );
    assert_eq!(
        ns.show(Some(Family::V6), TableSel::Id(TableId::LOCAL)),
        "\
local ::1 dev lo proto kernel metric 0 pref medium
local fe80::5054:ff:fe12:3456 dev eth0 proto kernel metric 0 pref medium
multicast ff00::/8 dev eth0 proto kernel metric 256 pref medium
"
    );
    // $ ip -n rt3 link set eth0 down: static routes and non-host routes on
    // eth0 are flushed, `local 192.168.1.50` stays; v6 on eth0 all gone.
    ns.link_down(ETH0);
    assert_eq!(
        ns.show(None, TableSel::All),
        alloc::format!(
            "{}local 192.168.1.50 dev eth0 table local proto kernel scope host src 192.168.1.50 \nlocal ::1 dev lo table local proto kernel metric 0 pref medium\n",
            LO_UP
                .lines()
                .take(3)
                .map(|l| alloc::format!("{l}\n"))
                .collect::<String>()
        )
    );
    ns.out(
        "route get 192.168.1.50",
        "local 192.168.1.50 dev lo src 192.168.1.50 uid 0 \n    cache <local> \n",
    );
    ns.fails(
        "route get 8.8.8.8",
        "RTNETLINK answers: Network is unreachable\n",
        2,
    );
    // up again: prefix and broadcast come back, the default route does not.
    ns.eth0_up();
    let all = ns.show(None, TableSel::All);
    assert_eq!(
        all,
        ETH0_ALL.replace("default via 192.168.1.1 dev eth0 \n", "")
    );
    // $ ip addr del 192.168.1.50/24 dev eth0
    ns.del_addr(ETH0, "192.168.1.50");
    assert!(!ns.show(None, TableSel::All).contains("192.168.1"));
}

// $ ip addr add 10.9.9.9/32 dev lo; ip addr add 127.0.0.2/8 dev lo;
// $ ip addr add 10.7.7.0/31 dev lo; ip route show table local
#[test]
fn loopback_extra_addresses() {
    let mut ns = Ns::fresh();
    ns.lo_up();
    ns.add_addr(
        IfIndex::LOOPBACK,
        "10.9.9.9",
        32,
        Scope::GLOBAL,
        AddrFlags::default(),
    );
    ns.add_addr(
        IfIndex::LOOPBACK,
        "127.0.0.2",
        8,
        Scope::HOST,
        AddrFlags::default(),
    );
    ns.add_addr(
        IfIndex::LOOPBACK,
        "10.7.7.0",
        31,
        Scope::GLOBAL,
        AddrFlags::default(),
    );
    assert_eq!(
        ns.show(Some(Family::V4), TableSel::All),
        "\
local 10.7.7.0 dev lo table local proto kernel scope host src 10.7.7.0 
local 10.7.7.0/31 dev lo table local proto kernel scope host src 10.7.7.0 
local 10.9.9.9 dev lo table local proto kernel scope host src 10.9.9.9 
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 
local 127.0.0.2 dev lo table local proto kernel scope host src 127.0.0.1 
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 
"
    );
}

// `ip route get` on the lab namespace before any `ip rule add` (local and
// main still merged: no `table local` printed).
#[test]
fn route_get_merged() {
    let mut ns = lab();
    ns.out(
        "route get 127.1.2.3",
        "local 127.1.2.3 dev lo src 127.0.0.1 uid 0 \n    cache <local> \n",
    );
    ns.out(
        "route get 127.0.0.1",
        "local 127.0.0.1 dev lo src 127.0.0.1 uid 0 \n    cache <local> \n",
    );
    ns.out(
        "route get 127.255.255.255",
        "broadcast 127.255.255.255 dev lo src 127.0.0.1 uid 0 \n    cache <local,brd> \n",
    );
    ns.out(
        "route get 192.168.1.7",
        "192.168.1.7 dev eth0 src 192.168.1.50 uid 0 \n    cache \n",
    );
    ns.out(
        "route get 8.8.8.8",
        "8.8.8.8 via 192.168.1.1 dev eth0 src 192.168.1.50 uid 0 \n    cache \n",
    );
    ns.out(
        "route get ::1",
        "local ::1 from :: dev lo table local proto kernel src ::1 metric 0 pref medium\n",
    );
    ns.out(
        "route get 0.0.0.0",
        "local 0.0.0.0 dev lo src 127.0.0.1 uid 0 \n    cache <local> \n",
    );
    ns.out(
        "route get 255.255.255.255",
        "broadcast 255.255.255.255 dev eth0 src 192.168.1.50 uid 0 \n    cache <local,brd> \n",
    );
    ns.out(
        "route get 224.0.0.1",
        "multicast 224.0.0.1 dev eth0 src 192.168.1.50 rt_offload_failed uid 0 \n    cache <local,mc> \n",
    );
    ns.out(
        "route get fe80::1",
        "fe80::1 from :: dev eth0 proto kernel src fe80::5054:ff:fe12:3456 metric 256 pref medium\n",
    );
    ns.out(
        "route get fe80::5054:ff:fe12:3456",
        "local fe80::5054:ff:fe12:3456 from :: dev lo table local proto kernel src fe80::5054:ff:fe12:3456 metric 0 pref medium\n",
    );
    ns.out(
        "route get ff02::1",
        "multicast ff02::1 from :: dev eth0 table local proto kernel src fe80::5054:ff:fe12:3456 metric 256 pref medium\n",
    );
    ns.fails(
        "route get 3000::1",
        "RTNETLINK answers: Network is unreachable\n",
        2,
    );
    ns.out(
        "route get 8.8.8.8 oif lo",
        "8.8.8.8 dev lo src 192.168.1.50 uid 0 \n    cache <local> \n",
    );
    ns.fails(
        "route get 8.8.8.8 from 127.0.0.1",
        "RTNETLINK answers: Invalid argument\n",
        2,
    );
    ns.fails(
        "route get 192.168.1.9 from 127.0.0.1",
        "RTNETLINK answers: Invalid argument\n",
        2,
    );
    ns.out(
        "route get 192.168.1.9 oif eth0 from 192.168.1.50",
        "192.168.1.9 from 192.168.1.50 dev eth0 uid 0 \n    cache \n",
    );
    ns.out(
        "route get 127.0.0.1 oif eth0",
        "127.0.0.1 via 192.168.1.1 dev eth0 src 192.168.1.50 uid 0 \n    cache \n",
    );
    ns.fails(
        "-6 route get ::1 oif eth0",
        "RTNETLINK answers: Network is unreachable\n",
        2,
    );
}

#[test]
fn decision_explains_loopback_source() {
    let ns = lab();
    let d = ns.fib.lookup(&Flow::to(ip("127.0.0.5")), &ns.net).unwrap();
    assert_eq!(d.rule, Some(0));
    assert_eq!(d.table, TableId::LOCAL);
    assert_eq!(d.kind, RouteType::Local);
    assert_eq!(d.dev, IfIndex::LOOPBACK);
    assert_eq!(d.src, Some(ip("127.0.0.1")));
    assert_eq!(
        d.route.as_ref().map(|r| r.dst.to_string()),
        Some("127.0.0.0/8".into())
    );
    let d = ns
        .fib
        .lookup(&Flow::to(ip("192.168.1.77")), &ns.net)
        .unwrap();
    assert_eq!(
        (d.dev, d.src, d.via, d.scope),
        (ETH0, Some(ip("192.168.1.50")), None, Scope::LINK)
    );
    assert_eq!(
        d.rule,
        Some(0),
        "merged local+main answers at the first rule"
    );
}

// Type semantics, recorded with `ip route get`, python3 `socket.connect`
// (UDP and TCP) and ping in the namespace:
//   unreachable -> 113 No route to host      (ping: connect: No route to host)
//   prohibit    -> 13  Permission denied     (ping: "Do you want to ping broadcast? ...")
//   blackhole   -> 22  Invalid argument      (ping: connect: Invalid argument)
//   throw       -> 101 Network is unreachable (next rule; default table empty)
// The same for IPv6 (blackhole is EINVAL too).
#[test]
fn error_route_types_and_rules() {
    let mut ns = lab();
    ns.ok("route add unreachable 10.1.0.0/16");
    ns.ok("route add prohibit 10.2.0.0/16");
    ns.ok("route add blackhole 10.3.0.0/16");
    ns.ok("route add throw 10.4.0.0/16");
    ns.ok("route add unreachable 2001:db8:2::/48");
    ns.ok("route add prohibit 2001:db8:3::/48");
    ns.ok("route add blackhole 2001:db8:4::/48");
    ns.ok("route add throw 2001:db8:5::/48");
    for (dst, e) in [
        ("10.1.2.3", LookupError::HostUnreachable),
        ("10.2.2.3", LookupError::Prohibited),
        ("10.3.2.3", LookupError::Invalid),
        ("10.4.2.3", LookupError::NetUnreachable),
        ("2001:db8:2::1", LookupError::HostUnreachable),
        ("2001:db8:3::1", LookupError::Prohibited),
        ("2001:db8:4::1", LookupError::Invalid),
        ("2001:db8:5::1", LookupError::NetUnreachable),
    ] {
        let f = ns.fib.lookup(&Flow::to(ip(dst)), &ns.net).unwrap_err();
        assert_eq!(f.error, e, "{dst}");
    }
    assert_eq!(LookupError::HostUnreachable.errno().number(), 113);
    assert_eq!(LookupError::Prohibited.errno().number(), 13);
    assert_eq!(LookupError::Invalid.errno().number(), 22);
    assert_eq!(LookupError::NetUnreachable.errno().number(), 101);
    ns.fails(
        "route get 10.1.2.3",
        "RTNETLINK answers: No route to host\n",
        2,
    );
    ns.fails(
        "route get 10.2.2.3",
        "RTNETLINK answers: Permission denied\n",
        2,
    );
    ns.fails(
        "route get 10.3.2.3",
        "RTNETLINK answers: Invalid argument\n",
        2,
    );
    ns.fails(
        "route get 10.4.2.3",
        "RTNETLINK answers: Network is unreachable\n",
        2,
    );
    assert_eq!(
        ns.show(None, TableSel::Id(TableId::MAIN)),
        "\
default via 192.168.1.1 dev eth0 
unreachable 10.1.0.0/16 
prohibit 10.2.0.0/16 
blackhole 10.3.0.0/16 
throw 10.4.0.0/16 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.50 
"
    );
    assert_eq!(
        ns.show(Some(Family::V6), TableSel::Id(TableId::MAIN)),
        "\
unreachable 2001:db8:2::/48 dev lo metric 1024 pref medium
prohibit 2001:db8:3::/48 dev lo metric 1024 pref medium
blackhole 2001:db8:4::/48 dev lo metric 1024 pref medium
throw 2001:db8:5::/48 dev lo metric 1024 pref medium
fe80::/64 dev eth0 proto kernel metric 256 pref medium
"
    );
    // rule actions
    ns.ok("rule add to 198.51.100.0/24 blackhole pref 204");
    ns.ok("rule add to 198.51.100.1 unreachable pref 203");
    ns.fails(
        "route get 198.51.100.9",
        "RTNETLINK answers: Invalid argument\n",
        2,
    );
    ns.fails(
        "route get 198.51.100.1",
        "RTNETLINK answers: No route to host\n",
        2,
    );
    // after a custom rule, local and main are split: `table local` shows.
    ns.out(
        "route get 127.1.2.3",
        "local 127.1.2.3 dev lo table local src 127.0.0.1 uid 0 \n    cache <local> \n",
    );
    ns.ok("rule del pref 204");
    ns.ok("rule del pref 203");
    ns.out(
        "route get 127.1.2.3",
        "local 127.1.2.3 dev lo table local src 127.0.0.1 uid 0 \n    cache <local> \n",
    );
}

const MAIN_AFTER_ADDS: &str = "\
default via 192.168.1.1 dev eth0 
10.0.0.0/24 dev eth0 scope link 
10.0.0.0/16 via 192.168.1.1 dev eth0 
10.0.0.0/8 dev eth0 scope link metric 1 
10.0.0.0/8 dev eth0 scope link metric 5 
10.5.0.0/16 via 192.168.1.1 dev eth0 proto static src 192.168.1.50 
10.6.0.0/16 dev eth0 
unreachable 10.7.0.0/16 metric 3 
10.8.0.0/16 dev lo scope link 
10.12.0.0/16 dev eth0 scope link src 192.168.1.50 metric 7 
10.30.0.0/16 dev eth0 proto openr scope link 
10.31.0.0/16 dev eth0 proto dhcp scope link 
10.32.0.0/16 dev eth0 scope 7 
192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.50 
";

#[test]
fn route_add_formatting_and_lookup() {
    let mut ns = lab();
    for c in [
        "10.0.0.0/24 dev eth0",
        "10.0.0.0/8 dev eth0 metric 5",
        "10.0.0.0/16 via 192.168.1.1",
        "10.0.0.0/8 dev eth0 metric 1",
        "10.5.0.0/16 via 192.168.1.1 src 192.168.1.50 proto static",
        "10.6.0.0/16 dev eth0 proto boot scope global",
        "unreachable 10.7.0.0/16 metric 3",
        "10.8.0.0/16 dev lo",
        "local 10.9.0.1 dev lo",
        "10.10.0.0/16 table 100 dev eth0",
        "10.11.0.0/16 table 1000 dev eth0",
        "10.12.0.0/16 dev eth0 src 192.168.1.50 metric 7",
        "10.30.0.0/16 dev eth0 proto 99",
        "10.31.0.0/16 dev eth0 proto dhcp",
        "10.32.0.0/16 dev eth0 scope 7",
    ] {
        ns.ok(&alloc::format!("route add {c}"));
    }
    assert_eq!(ns.show(None, TableSel::Id(TableId::MAIN)), MAIN_AFTER_ADDS);
    let all = ns.show(Some(Family::V4), TableSel::All);
    assert!(all.starts_with("10.10.0.0/16 dev eth0 table 100 scope link \n10.11.0.0/16 dev eth0 table 1000 scope link \ndefault via"));
    assert!(all.contains("local 10.9.0.1 dev lo table local scope host \nlocal 127.0.0.0/8"));
    ns.out(
        "route get 10.0.0.5",
        "10.0.0.5 dev eth0 src 192.168.1.50 uid 0 \n    cache \n",
    );
    ns.out(
        "route get 10.0.5.5",
        "10.0.5.5 via 192.168.1.1 dev eth0 src 192.168.1.50 uid 0 \n    cache \n",
    );
    ns.out(
        "route get 10.5.1.1",
        "10.5.1.1 via 192.168.1.1 dev eth0 src 192.168.1.50 uid 0 \n    cache \n",
    );
    ns.fails(
        "route get 10.7.1.1",
        "RTNETLINK answers: No route to host\n",
        2,
    );
    ns.out(
        "route get 10.8.1.1",
        "10.8.1.1 dev lo src 192.168.1.50 uid 0 \n    cache <local> \n",
    );
    ns.out(
        "route get 10.9.0.1",
        "local 10.9.0.1 dev lo src 10.9.0.1 uid 0 \n    cache <local> \n",
    );
    ns.out(
        "route get 192.168.1.255",
        "broadcast 192.168.1.255 dev eth0 src 192.168.1.50 uid 0 \n    cache <local,brd> \n",
    );
    // replace keeps one route in the slot
    ns.ok("route replace 10.12.0.0/16 dev eth0 src 192.168.1.50 metric 7 proto static");
    assert!(
        ns.show(None, TableSel::Id(TableId::MAIN))
            .contains("10.12.0.0/16 dev eth0 proto static scope link src 192.168.1.50 metric 7 \n")
    );
}

#[test]
fn ipv6_route_formatting() {
    let mut ns = lab();
    for c in [
        "2001:db8::/32 dev eth0",
        "2001:db8:1::/48 via fe80::1 dev eth0",
        "2001:db8:6::/48 dev lo metric 5",
        "default via fe80::1 dev eth0",
        "2001:db8:7::/48 dev eth0 proto static",
        "2001:db8:8::/48 dev eth0 table 100",
    ] {
        ns.ok(&alloc::format!("route add {c}"));
    }
    assert_eq!(
        ns.show(Some(Family::V6), TableSel::All),
        "\
2001:db8:8::/48 dev eth0 table 100 metric 1024 pref medium
2001:db8:1::/48 via fe80::1 dev eth0 metric 1024 pref medium
2001:db8:6::/48 dev lo metric 5 pref medium
2001:db8:7::/48 dev eth0 proto static metric 1024 pref medium
2001:db8::/32 dev eth0 metric 1024 pref medium
fe80::/64 dev eth0 proto kernel metric 256 pref medium
default via fe80::1 dev eth0 metric 1024 pref medium
local ::1 dev lo table local proto kernel metric 0 pref medium
local fe80::5054:ff:fe12:3456 dev eth0 table local proto kernel metric 0 pref medium
multicast ff00::/8 dev eth0 table local proto kernel metric 256 pref medium
"
    );
    ns.out(
        "route get 2001:db8:1::1",
        "2001:db8:1::1 from :: via fe80::1 dev eth0 src fe80::5054:ff:fe12:3456 metric 1024 pref medium\n",
    );
    ns.out(
        "route get 2001:db8:9::1",
        "2001:db8:9::1 from :: dev eth0 src fe80::5054:ff:fe12:3456 metric 1024 pref medium\n",
    );
    ns.out(
        "route get 3000::1",
        "3000::1 from :: via fe80::1 dev eth0 src fe80::5054:ff:fe12:3456 metric 1024 pref medium\n",
    );
}

#[test]
fn rules_add_del_show() {
    let mut ns = lab();
    for c in [
        "rule add from 10.0.0.0/8 lookup 100",
        "rule add to 172.16.0.0/12 table main",
        "rule add from 10.0.0.0/8 lookup 100",
        "rule add iif lo lookup 1000 pref 200",
        "rule add oif eth0 lookup 100 pref 201",
        "rule add fwmark 0x1 lookup 100 pref 202",
        "rule add fwmark 3/0xff lookup 100 pref 203",
        "rule add to 198.51.100.0/24 blackhole pref 204",
        "rule add to 198.51.100.1 unreachable pref 205",
        "rule add to 198.51.100.2 prohibit pref 206",
        "rule add from all to 203.0.113.0/24 lookup default pref 207",
        "rule add from 1.2.3.4 to 5.6.7.8 iif eth0 oif lo lookup 300 pref 208",
        "rule add lookup 0 pref 209",
    ] {
        ns.ok(c);
    }
    ns.out(
        "rule show",
        "\
0:\tfrom all lookup local
200:\tfrom all iif lo lookup 1000
201:\tfrom all oif eth0 lookup 100
202:\tfrom all fwmark 0x1 lookup 100
203:\tfrom all fwmark 0x3/0xff lookup 100
204:\tfrom all to 198.51.100.0/24 blackhole
205:\tfrom all to 198.51.100.1 unreachable
206:\tfrom all to 198.51.100.2 prohibit
207:\tfrom all to 203.0.113.0/24 lookup default
208:\tfrom 1.2.3.4 to 5.6.7.8 iif eth0 oif lo lookup 300
209:\tfrom all lookup 1
32763:\tfrom 10.0.0.0/8 lookup 100
32764:\tfrom all to 172.16.0.0/12 lookup main
32765:\tfrom 10.0.0.0/8 lookup 100
32766:\tfrom all lookup main
32767:\tfrom all lookup default
",
    );
    ns.fails(
        "rule add pref 209 lookup 1",
        "RTNETLINK answers: File exists\n",
        2,
    );
    ns.fails(
        "rule del pref 12345",
        "RTNETLINK answers: No such file or directory\n",
        2,
    );
    ns.ok("rule del from 10.0.0.0/8 lookup 100");
    let (out, _, _) = ns.ip("rule show");
    assert!(!out.contains("32763:"));
    assert!(out.contains("32765:\tfrom 10.0.0.0/8 lookup 100\n"));
    ns.ok("-6 rule add from 2001:db8::/32 lookup 100");
    ns.ok("-6 rule add to ::1 unreachable pref 5");
    ns.out(
        "-6 rule show",
        "0:\tfrom all lookup local\n5:\tfrom all to ::1 unreachable\n32765:\tfrom 2001:db8::/32 lookup 100\n32766:\tfrom all lookup main\n",
    );
    ns.ok("rule del pref 0");
    ns.ok("rule add pref 0 lookup local");
    // `from` selectors need a bound source: unbound flows see saddr 0.
    ns.ok("route add 10.10.0.0/16 table 100 dev eth0");
    ns.fails(
        "route get 10.10.0.1 from 10.1.1.1",
        "RTNETLINK answers: Network is unreachable\n",
        2,
    );
}

#[test]
fn parser_and_kernel_errors() {
    let mut ns = lab();
    ns.ok("route add 10.0.0.0/8 dev eth0 metric 1");
    ns.ok("route add 10.0.0.0/24 dev eth0");
    ns.fails(
        "route add foo dev eth0",
        "Error: any valid prefix is expected rather than \"foo\".\n",
        1,
    );
    ns.fails(
        "-4 route add foo dev eth0",
        "Error: inet prefix is expected rather than \"foo\".\n",
        1,
    );
    ns.fails(
        "route add 1.2.3.4/40 dev eth0",
        "Error: any valid prefix is expected rather than \"1.2.3.4/40\".\n",
        1,
    );
    ns.fails(
        "route add 2001:db8::/129 dev eth0",
        "Error: any valid prefix is expected rather than \"2001:db8::/129\".\n",
        1,
    );
    ns.fails(
        "route add 1.2.3.4/24 dev eth0",
        "Error: Invalid prefix for given prefix length.\n",
        2,
    );
    ns.fails(
        "route add 10.0.0.0/24 dev eth0",
        "RTNETLINK answers: File exists\n",
        2,
    );
    ns.fails(
        "route add 10.20.0.0/16 dev eth9",
        "Cannot find device \"eth9\"\n",
        1,
    );
    ns.fails(
        "route add 10.20.0.0/16 via foo",
        "Error: inet address is expected rather than \"foo\".\n",
        1,
    );
    ns.ok("route add 10.20.0.0/16 via 10.99.0.1");
    ns.fails(
        "route add 10.21.0.0/16 via 192.168.1.1 dev lo",
        "Error: Nexthop has invalid gateway.\n",
        2,
    );
    ns.fails(
        "route add 10.42.0.0/16 via 172.31.0.1",
        "Error: Nexthop has invalid gateway.\n",
        2,
    );
    ns.fails(
        "route add 10.20.0.0/16",
        "RTNETLINK answers: No such device\n",
        2,
    );
    ns.fails(
        "route add 10.20.0.0/16 table foo dev eth0",
        "Error: argument \"foo\" is wrong: \"table\" value is invalid\n\n",
        255,
    );
    ns.fails(
        "route add 10.20.0.0/16 dev eth0 metric foo",
        "Error: argument \"foo\" is wrong: \"metric\" value is invalid\n\n",
        255,
    );
    ns.fails(
        "route add 10.20.0.0/16 dev eth0 scope foo",
        "Error: argument \"foo\" is wrong: invalid \"scope\" value\n\n",
        255,
    );
    ns.fails(
        "route add 10.20.0.0/16 dev eth0 proto foo",
        "Error: argument \"foo\" is wrong: \"protocol\" value is invalid\n\n",
        255,
    );
    ns.fails(
        "route add 10.20.0.0/16 dev eth0 src 1.1.1.1",
        "Error: Invalid prefsrc address.\n",
        2,
    );
    ns.fails(
        "route add 10.20.0.0/16 dev eth0 src foo",
        "Error: inet address is expected rather than \"foo\".\n",
        1,
    );
    ns.fails(
        "route add 10.20.0.0/16 dev eth0 bogus",
        "Error: either \"to\" is duplicate, or \"bogus\" is a garbage.\n",
        255,
    );
    ns.fails(
        "route add 10.20.0.0/16 via 2001:db8::1",
        "Error: inet address is expected rather than \"2001:db8::1\".\n",
        1,
    );
    let (_, usage, st) = ns.ip("route add");
    assert_eq!(st, 255);
    assert!(usage.starts_with("Usage: ip route { list | flush } SELECTOR\n"));
    ns.fails(
        "route del 10.99.0.0/16",
        "RTNETLINK answers: No such process\n",
        2,
    );
    ns.fails(
        "route del 10.0.0.0/24 dev lo",
        "RTNETLINK answers: No such process\n",
        2,
    );
    ns.ok("route del 10.0.0.0/24");
    ns.fails(
        "route get foo",
        "Error: any valid prefix is expected rather than \"foo\".\n",
        1,
    );
    ns.fails(
        "route get 1.2.3.4/40",
        "Error: any valid prefix is expected rather than \"1.2.3.4/40\".\n",
        1,
    );
    ns.fails("route get", "need at least a destination address\n", 1);
    ns.fails(
        "rule add lookup foo",
        "Error: argument \"foo\" is wrong: invalid table ID\n\n",
        255,
    );
    ns.fails(
        "rule add from foo lookup 100",
        "Error: any valid prefix is expected rather than \"foo\".\n",
        1,
    );
    ns.fails(
        "rule add bogus",
        "Error: argument \"bogus\" is wrong: Failed to parse rule type\n",
        255,
    );
    ns.fails(
        "rule del pref foo",
        "Error: argument \"foo\" is wrong: preference value is invalid\n\n",
        255,
    );
    // a down device (`ip link add eth1 type veth ...`, left down)
    ns.net.links.push(LinkInfo {
        index: IfIndex(3),
        name: "eth1".into(),
        up: false,
        loopback: false,
        multicast: true,
    });
    ns.fails(
        "route add 10.40.0.0/16 dev eth1",
        "Error: Device for nexthop is not up.\n",
        2,
    );
    // IPv6 prefsrc must be local; IPv6 masks host bits instead of refusing.
    ns.ok("route add 2001:db8::/32 dev eth0");
    ns.fails(
        "-6 route add 2001:db8:a::/48 dev eth0 src 2001:db8::99",
        "Error: Invalid source address.\n",
        2,
    );
    ns.fails(
        "-6 route add 2001:db8::1/32 dev eth0",
        "RTNETLINK answers: File exists\n",
        2,
    );
}

/// Naive reference: scan every route, keep the longest covering prefix,
/// ties to the lowest metric, then the oldest.
fn naive(routes: &[super::types::Route], dst: &IpAddr) -> Option<super::types::Route> {
    let mut best: Option<&super::types::Route> = None;
    for r in routes {
        if !r.dst.contains(dst) {
            continue;
        }
        let better = match best {
            None => true,
            Some(b) => {
                r.dst.prefix_len() > b.dst.prefix_len()
                    || (r.dst.prefix_len() == b.dst.prefix_len() && r.metric < b.metric)
            }
        };
        if better {
            best = Some(r);
        }
    }
    best.cloned()
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn lpm_matches_naive(
            routes in proptest::collection::vec((any::<u32>(), 0u8..=32, 0u32..4), 0..40),
            probes in proptest::collection::vec(any::<u32>(), 1..20),
            cluster in any::<u32>(),
        ) {
            let mut ns = lab();
            // main table only: drop the kernel routes for a clean reference
            ns.fib.del_route(Prefix::default_for(Family::V4), &Default::default()).unwrap();
            let p = Prefix::new_masked(ip("192.168.1.0"), 24).unwrap();
            ns.fib.del_route(p, &Default::default()).unwrap();
            for (a, len, metric) in routes {
                // cluster addresses so prefixes overlap
                let a = (a & 0x00ff_ffff) | (cluster & 0xff00_0000);
                let dst = Prefix::new_masked(IpAddr::V4(a.into()), len).unwrap();
                let r = super::super::types::Route {
                    table: TableId::MAIN,
                    dst,
                    kind: RouteType::Unicast,
                    dev: Some(ETH0),
                    via: None,
                    proto: super::super::types::Proto::BOOT,
                    scope: Scope::LINK,
                    src: None,
                    metric,
                };
                let _ = ns.fib.add_route(r);
            }
            let routes = ns.fib.table(Family::V4, TableId::MAIN).to_vec();
            for p in probes {
                let dst = IpAddr::V4(((p & 0x00ff_ffff) | (cluster & 0xff00_0000)).into());
                let got = match ns.fib.table_lookup(Family::V4, TableId::MAIN, &dst, None, &ns.net) {
                    super::super::fib::TableOutcome::Matched(r) => Some(r),
                    _ => None,
                };
                // the merged local table may also answer for local addresses
                let want = naive(&routes, &dst);
                if got.as_ref().is_some_and(|r| r.table == TableId::LOCAL) {
                    continue;
                }
                prop_assert_eq!(got, want);
            }
        }

        /// The IPv6 main table against the same naive scan (the v4 test
        /// above covers 32-bit prefixes only).
        #[test]
        fn lpm_matches_naive_v6(
            routes in proptest::collection::vec((any::<u64>(), 0u8..=128, 0u32..4), 0..40),
            probes in proptest::collection::vec(any::<u64>(), 1..20),
            cluster in any::<u64>(),
        ) {
            let mut ns = lab();
            // main table only: drop what the kernel put there for a clean reference
            for r in ns.fib.table(Family::V6, TableId::MAIN).to_vec() {
                let _ = ns.fib.del_route(r.dst, &Default::default());
            }
            // Addresses share the top 64 bits of `cluster`, and only the
            // ends of the low 64 vary, so short and long prefixes overlap.
            let addr = |low: u64| {
                let low = low & 0xffff_0000_0000_00ff;
                IpAddr::V6(((u128::from(cluster) << 64) | u128::from(low)).into())
            };
            for (low, len, metric) in routes {
                let dst = Prefix::new_masked(addr(low), len).unwrap();
                let r = super::super::types::Route {
                    table: TableId::MAIN,
                    dst,
                    kind: RouteType::Unicast,
                    dev: Some(ETH0),
                    via: None,
                    proto: super::super::types::Proto::BOOT,
                    scope: Scope::GLOBAL,
                    src: None,
                    metric,
                };
                let _ = ns.fib.add_route(r);
            }
            let routes = ns.fib.table(Family::V6, TableId::MAIN).to_vec();
            for p in probes {
                let dst = addr(p);
                let got = match ns.fib.table_lookup(Family::V6, TableId::MAIN, &dst, None, &ns.net) {
                    super::super::fib::TableOutcome::Matched(r) => Some(r),
                    _ => None,
                };
                if got.as_ref().is_some_and(|r| r.table == TableId::LOCAL) {
                    continue;
                }
                prop_assert_eq!(got, naive(&routes, &dst));
            }
        }

        #[test]
        fn lookup_never_panics(dst in any::<[u8; 16]>(), v4 in any::<bool>(), oif in 0u32..5, src in any::<u32>()) {
            let ns = lab();
            let dst = if v4 { IpAddr::V4([dst[0], dst[1], dst[2], dst[3]].into()) } else { IpAddr::V6(dst.into()) };
            let flow = Flow { dst, src: if v4 && src % 3 == 0 { Some(IpAddr::V4(src.into())) } else { None }, oif: if oif == 0 { None } else { Some(IfIndex(oif)) }, iif: None, mark: 0 };
            let _ = ns.fib.lookup(&flow, &ns.net);
        }

        #[test]
        fn parsers_never_panic(words in proptest::collection::vec("[a-z0-9:./]{0,12}", 0..8)) {
            let ns = lab();
            let args: Vec<&str> = words.iter().map(String::as_str).collect();
            let devs = |n: &str| ns.net.link_by_name(n).map(|l| l.index);
            let _ = parse_route(None, &args, false, &devs);
            let _ = parse_route_get(None, &args, &devs);
            let _ = parse_rule(None, &args);
        }
    }
}
