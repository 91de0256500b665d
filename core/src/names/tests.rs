//! Scenario tests. Every expected output below was produced by the real
//! command on Debian 12 (glibc 2.36-9+deb12u14, curl 7.88.1-10+deb12u15),
//! as root, with `run.sh H N CMD` =
//! `unshare -m sh -c "mount --bind H /etc/hosts; mount --bind N /etc/nsswitch.conf; CMD"`
//! and N = `hosts: files`. Namespaces: `ip netns add nm; ip -n nm link set lo up`
//! (lo only) and a second one with `eth0` 192.168.1.50/24 (a veth moved in,
//! no IPv6 on it). The host running the tests was gVisor-based, so kernel
//! details may differ from bare metal; glibc's behaviour is what is checked.

use super::*;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

const STOCK: &str = include_str!("../../tests/fixtures/names/debian12.hosts");
const ODD: &str = include_str!("../../tests/fixtures/names/odd.hosts");

fn cfg(hosts: &str) -> Config {
    Config::from_files(
        Some(hosts),
        Some("hosts: files\n"),
        None,
        None,
        "lab",
        Modules::default(),
    )
}

/// The root namespace of the machine used for checking: lo, eth0 with
/// IPv4 and IPv6 and default routes for both.
fn dual() -> SimpleNet {
    let mut n = SimpleNet::loopback_only();
    n.addrs
        .push(IfAddr::new(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 2)), 24));
    n.addrs.push(IfAddr::new("fd00::2".parse().unwrap(), 64));
    n.default_v4 = true;
    n.default_v6 = true;
    n
}

#[track_caller]
fn ahosts(c: &Config, net: &dyn NetView, which: Ahosts, key: &str) -> (String, i32) {
    let o = getent_ahosts(c, net, &mut NoDns, which, &[key]);
    (o.stdout, o.status)
}

#[track_caller]
fn hosts(c: &Config, net: &dyn NetView, keys: &[&str]) -> (String, i32) {
    let o = getent_hosts(c, net, &mut NoDns, keys);
    (o.stdout, o.status)
}

const LOCALHOST_V6_FIRST: &str = "::1             STREAM localhost\n::1             DGRAM  \n::1             RAW    \n127.0.0.1       STREAM \n127.0.0.1       DGRAM  \n127.0.0.1       RAW    \n";
const LOCALHOST_V4_TWICE: &str = "127.0.0.1       STREAM localhost\n127.0.0.1       DGRAM  \n127.0.0.1       RAW    \n127.0.0.1       STREAM \n127.0.0.1       DGRAM  \n127.0.0.1       RAW    \n";

// $ run.sh stock nss getent ahosts localhost | cat -A
// ::1             STREAM localhost$
// ::1             DGRAM  $
// ::1             RAW    $
// 127.0.0.1       STREAM $
// 127.0.0.1       DGRAM  $
// 127.0.0.1       RAW    $
#[test]
fn stock_ahosts_localhost_dual_stack() {
    let c = cfg(STOCK);
    assert_eq!(
        ahosts(&c, &dual(), Ahosts::Any, "localhost"),
        (LOCALHOST_V6_FIRST.into(), 0)
    );
    let r = getaddrinfo(
        &c,
        &dual(),
        &mut NoDns,
        Some("localhost"),
        None,
        &Hints::default(),
    );
    assert!(
        r.trace
            .iter()
            .any(|s| s.stage == Stage::Sort && s.text.contains("::1 before 127.0.0.1: rule 6"))
    );
}

// $ run.sh stock nss getent ahostsv4 localhost   (the ::1 line is read as 127.0.0.1)
// 127.0.0.1       STREAM localhost / DGRAM / RAW, then 127.0.0.1 STREAM / DGRAM / RAW again
// $ run.sh stock nss getent ahostsv6 localhost
// ::1             STREAM localhost$ ::1 DGRAM  $ ::1 RAW    $
#[test]
fn stock_ahostsv4_twice_and_v6() {
    let c = cfg(STOCK);
    assert_eq!(
        ahosts(&c, &dual(), Ahosts::V4, "localhost"),
        (LOCALHOST_V4_TWICE.into(), 0)
    );
    assert_eq!(
        ahosts(&c, &dual(), Ahosts::V6, "localhost"),
        (
            "::1             STREAM localhost\n::1             DGRAM  \n::1             RAW    \n"
                .into(),
            0
        )
    );
    // $ getent ahostsv6 lab -> ::ffff:127.0.1.1 STREAM lab (AI_V4MAPPED)
    assert_eq!(
        ahosts(&c, &dual(), Ahosts::V6, "lab").0,
        "::ffff:127.0.1.1 STREAM lab\n::ffff:127.0.1.1 DGRAM  \n::ffff:127.0.1.1 RAW    \n"
    );
    // $ getent ahostsv4 ip6-allnodes -> exit 2; $ getent ahostsv4 ip6-localhost -> 127.0.0.1 STREAM localhost
    assert_eq!(ahosts(&c, &dual(), Ahosts::V4, "ip6-allnodes").1, 2);
    assert!(
        ahosts(&c, &dual(), Ahosts::V4, "ip6-localhost")
            .0
            .starts_with("127.0.0.1       STREAM localhost\n")
    );
}

// $ run.sh stock nss getent hosts localhost       -> ::1             localhost ip6-localhost ip6-loopback
// $ run.sh stock nss getent hosts LOCALHOST       -> same
// $ run.sh stock nss getent hosts lab             -> 127.0.1.1       lab
// $ run.sh stock nss getent hosts 127.0.0.1       -> 127.0.0.1       localhost
// $ run.sh stock nss getent hosts ::1             -> ::1             localhost ip6-localhost ip6-loopback
// $ run.sh stock nss getent hosts ff02::1         -> ff02::1         ip6-allnodes
// $ run.sh stock nss getent hosts 127.1           -> 127.0.0.1       127.1
// $ run.sh stock nss getent hosts 2130706433      -> 127.0.0.1       2130706433
// $ run.sh stock nss getent hosts 0x7f000001      -> (nothing) rc=2
// $ run.sh stock nss getent hosts nosuch          -> rc=2
// $ run.sh stock nss getent hosts                 -> 127.0.0.1 localhost / 127.0.1.1 lab /
//                                                    127.0.0.1 localhost ip6-localhost ip6-loopback
#[test]
fn stock_getent_hosts() {
    let c = cfg(STOCK);
    let n = dual();
    let v6 = "::1             localhost ip6-localhost ip6-loopback\n";
    assert_eq!(hosts(&c, &n, &["localhost"]), (v6.into(), 0));
    assert_eq!(hosts(&c, &n, &["LOCALHOST"]), (v6.into(), 0));
    assert_eq!(hosts(&c, &n, &["lab"]).0, "127.0.1.1       lab\n");
    assert_eq!(
        hosts(&c, &n, &["127.0.0.1"]).0,
        "127.0.0.1       localhost\n"
    );
    assert_eq!(hosts(&c, &n, &["::1"]).0, v6);
    assert_eq!(
        hosts(&c, &n, &["ff02::1"]).0,
        "ff02::1         ip6-allnodes\n"
    );
    assert_eq!(hosts(&c, &n, &["127.1"]).0, "127.0.0.1       127.1\n");
    assert_eq!(
        hosts(&c, &n, &["2130706433"]).0,
        "127.0.0.1       2130706433\n"
    );
    assert_eq!(hosts(&c, &n, &["0x7f000001"]), (String::new(), 2));
    assert_eq!(hosts(&c, &n, &["nosuch"]), (String::new(), 2));
    assert_eq!(
        hosts(&c, &n, &[]).0,
        "127.0.0.1       localhost\n127.0.1.1       lab\n127.0.0.1       localhost ip6-localhost ip6-loopback\n"
    );
}

// $ run.sh stock nss getent ahosts 127.1       -> 127.0.0.1       STREAM 127.1  (DGRAM, RAW)
// same for 0x7f000001, 2130706433, 127.0.1, 0177.0.0.1 (canonical name = the text typed)
// $ getent ahosts 127.0.0.300 / 08.0.0.1 / 1.2.3.4.5 / 4294967296 / 127.0.0.1. -> rc=2
// $ getent ahostsv6 127.1             -> ::ffff:127.0.0.1 STREAM 127.1
// $ getent ahostsv4 ::1               -> rc=2
// $ getent ahostsv4 ::ffff:127.0.0.1  -> 127.0.0.1       STREAM ::ffff:127.0.0.1
#[test]
fn numeric_shorthands() {
    let c = cfg(STOCK);
    let n = dual();
    for s in ["127.1", "0x7f000001", "2130706433", "127.0.1", "0177.0.0.1"] {
        let want = alloc::format!(
            "127.0.0.1       STREAM {s}\n127.0.0.1       DGRAM  \n127.0.0.1       RAW    \n"
        );
        assert_eq!(ahosts(&c, &n, Ahosts::Any, s), (want, 0), "{s}");
    }
    for s in [
        "127.0.0.300",
        "08.0.0.1",
        "1.2.3.4.5",
        "4294967296",
        "127.0.0.1.",
        "127.0.0.1 ",
    ] {
        assert_eq!(ahosts(&c, &n, Ahosts::Any, s).1, 2, "{s}");
    }
    assert!(
        ahosts(&c, &n, Ahosts::V6, "127.1")
            .0
            .starts_with("::ffff:127.0.0.1 STREAM 127.1\n")
    );
    assert_eq!(ahosts(&c, &n, Ahosts::V4, "::1").1, 2);
    assert!(
        ahosts(&c, &n, Ahosts::V4, "::ffff:127.0.0.1")
            .0
            .starts_with("127.0.0.1       STREAM ::ffff:127.0.0.1\n")
    );
    let r = getaddrinfo(
        &c,
        &n,
        &mut NoDns,
        Some("::1"),
        None,
        &Hints {
            family: Family::Inet,
            ..Hints::default()
        },
    );
    assert_eq!(r.result, Err(GaiError::AddrFamily));
}

// Fixture odd.hosts (see hosts.rs). Real outputs:
// $ getent ahosts localhost   -> ::1, 127.0.0.1, 10.0.0.5 (each STREAM/DGRAM/RAW; "localhost" on the first)
// $ getent ahostsv4 localhost -> 127.0.0.1, 127.0.0.1, 10.0.0.5
// $ getent ahosts LOCALHOST   -> same as ahosts localhost
// $ getent hosts lh           -> 10.0.0.5        LocalHost lh
// $ getent ahosts web         -> 1.2.3.5 STREAM web ... 1.2.3.6 ...
// $ getent hosts www          -> 1.2.3.6         Web www
// $ getent ahosts mapped      -> ::ffff:1.2.3.7  STREAM mapped
// $ getent ahostsv4 mapped    -> 1.2.3.7         STREAM mapped
// $ getent hosts bad / short, getent ahosts ll -> nothing
// $ getent hosts  (enumerate) -> ... "1.2.3.4         " (a line with no name) ...
#[test]
fn odd_hosts_file_dns_misconfiguration_lesson() {
    let c = cfg(ODD);
    let n = dual();
    let addrs = |which, key| -> Vec<String> {
        ahosts(&c, &n, which, key)
            .0
            .lines()
            .filter(|l| l.contains("STREAM"))
            .map(|l| l.split(' ').next().unwrap_or("").into())
            .collect()
    };
    assert_eq!(
        addrs(Ahosts::Any, "localhost"),
        ["::1", "127.0.0.1", "10.0.0.5"]
    );
    assert_eq!(
        addrs(Ahosts::Any, "LOCALHOST"),
        ["::1", "127.0.0.1", "10.0.0.5"]
    );
    assert_eq!(
        addrs(Ahosts::V4, "localhost"),
        ["127.0.0.1", "127.0.0.1", "10.0.0.5"]
    );
    assert!(
        ahosts(&c, &n, Ahosts::Any, "localhost")
            .0
            .starts_with("::1             STREAM localhost\n")
    );
    assert_eq!(hosts(&c, &n, &["lh"]).0, "10.0.0.5        LocalHost lh\n");
    assert_eq!(addrs(Ahosts::Any, "web"), ["1.2.3.5", "1.2.3.6"]);
    assert_eq!(hosts(&c, &n, &["www"]).0, "1.2.3.6         Web www\n");
    assert!(
        ahosts(&c, &n, Ahosts::Any, "mapped")
            .0
            .starts_with("::ffff:1.2.3.7  STREAM mapped\n")
    );
    assert!(
        ahosts(&c, &n, Ahosts::V4, "mapped")
            .0
            .starts_with("1.2.3.7         STREAM mapped\n")
    );
    assert_eq!(hosts(&c, &n, &["bad"]).1, 2);
    assert_eq!(hosts(&c, &n, &["short"]).1, 2);
    assert_eq!(ahosts(&c, &n, Ahosts::Any, "ll").1, 2);
    assert_eq!(
        hosts(&c, &n, &[]).0,
        "127.0.0.1       localhost\n127.0.0.1       localhost\n10.0.0.5        LocalHost lh\n1.2.3.4         \n1.2.3.5         web\n1.2.3.6         Web www\n1.2.3.7         mapped\n"
    );
}

// multi.hosts = "127.0.0.1 localhost\n1.2.3.5 web w1\n1.2.3.6 Web w2\n1.2.3.5 other\n"
// $ getent hosts web     -> 1.2.3.5         web w1 w2 Web$ / 1.2.3.6         web w1 w2 Web$
// $ getent hosts 1.2.3.5 -> 1.2.3.5         web w1
#[test]
fn multi_merges_aliases() {
    let c = cfg("127.0.0.1 localhost\n1.2.3.5 web w1\n1.2.3.6 Web w2\n1.2.3.5 other\n");
    let n = dual();
    assert_eq!(
        hosts(&c, &n, &["web"]).0,
        "1.2.3.5         web w1 w2 Web\n1.2.3.6         web w1 w2 Web\n"
    );
    assert_eq!(hosts(&c, &n, &["1.2.3.5"]).0, "1.2.3.5         web w1\n");
}

// $ ip netns add nmtest; ip netns exec nmtest ip link set lo up   (lo only)
// $ ip netns exec nmtest run.sh stock nss getent ahostsv4 localhost -> rc=2
// $ ... getent ahostsv6 localhost -> rc=2
// $ ... getent ahosts localhost   -> ::1 ... then 127.0.0.1 ... (AF_UNSPEC is not narrowed)
// $ ... getent ahostsv4 127.0.0.1 -> rc=2   (AI_ADDRCONFIG fails before the numeric parse)
// $ ... getent hosts localhost    -> ::1             localhost ip6-localhost ip6-loopback
#[test]
fn loopback_only_namespace_addrconfig() {
    let c = cfg(STOCK);
    let n = SimpleNet::loopback_only();
    assert_eq!(ahosts(&c, &n, Ahosts::V4, "localhost"), (String::new(), 2));
    assert_eq!(ahosts(&c, &n, Ahosts::V6, "localhost").1, 2);
    assert_eq!(ahosts(&c, &n, Ahosts::V4, "127.0.0.1").1, 2);
    assert_eq!(
        ahosts(&c, &n, Ahosts::Any, "localhost"),
        (LOCALHOST_V6_FIRST.into(), 0)
    );
    assert_eq!(
        hosts(&c, &n, &["localhost"]).0,
        "::1             localhost ip6-localhost ip6-loopback\n"
    );
    let hints = Hints {
        family: Family::Inet,
        flags: AiFlags {
            addrconfig: true,
            ..AiFlags::default()
        },
        ..Hints::default()
    };
    let r = getaddrinfo(&c, &n, &mut NoDns, Some("localhost"), None, &hints);
    assert_eq!(r.result, Err(GaiError::NoName));
    assert_eq!(
        alloc::format!("{}", GaiError::NoName),
        "Name or service not known"
    );
    // $ ip -n nm2 addr add 127.0.0.2/8 dev lo; ip netns exec nm2 getent ahostsv4 localhost -> works:
    // glibc only ignores exactly 127.0.0.1.
    let mut n2 = SimpleNet::loopback_only();
    n2.addrs
        .push(IfAddr::new(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)), 8));
    assert_eq!(ahosts(&c, &n2, Ahosts::V4, "localhost").1, 0);
}

// Namespace with eth0 192.168.1.50/24 only (no IPv6 on eth0):
// $ ip netns exec nm3 run.sh stock nss getent ahosts localhost
// 127.0.0.1       STREAM localhost$ ... 127.0.0.1       STREAM $ ...  (AF_UNSPEC narrowed to AF_INET)
// $ ... getent ahostsv6 localhost -> rc=2 ; getent ahosts ::1 -> rc=2 ; getent ahosts lab -> 127.0.1.1 STREAM lab
#[test]
fn ipv4_only_namespace_narrows_unspec() {
    let c = cfg(STOCK);
    let n = SimpleNet::debian_lab();
    assert_eq!(
        ahosts(&c, &n, Ahosts::Any, "localhost"),
        (LOCALHOST_V4_TWICE.into(), 0)
    );
    assert_eq!(ahosts(&c, &n, Ahosts::V6, "localhost").1, 2);
    assert_eq!(ahosts(&c, &n, Ahosts::Any, "::1").1, 2);
    assert!(
        ahosts(&c, &n, Ahosts::Any, "lab")
            .0
            .starts_with("127.0.1.1       STREAM lab\n")
    );
}

/// A canned DNS for the misconfiguration lesson.
struct Table(Vec<(&'static str, IpAddr)>, Option<DnsError>);
impl DnsSource for Table {
    fn query(
        &mut self,
        _: Option<IpAddr>,
        name: &str,
        t: RecordType,
    ) -> Result<Vec<IpAddr>, DnsError> {
        if let Some(e) = self.1 {
            return Err(e);
        }
        let v: Vec<IpAddr> = self
            .0
            .iter()
            .filter(|(n, a)| *n == name && a.is_ipv4() == (t == RecordType::A))
            .map(|(_, a)| *a)
            .collect();
        if self.0.iter().any(|(n, _)| *n == name) {
            Ok(v)
        } else {
            Err(DnsError::NxDomain)
        }
    }
    fn reverse(&mut self, _: Option<IpAddr>, addr: IpAddr) -> Result<Vec<String>, DnsError> {
        self.0
            .iter()
            .find(|(_, a)| *a == addr)
            .map(|(n, _)| vec![String::from(*n)])
            .ok_or(DnsError::NxDomain)
    }
}

#[test]
fn dns_fallback_and_errors() {
    // No localhost line in /etc/hosts: the name goes to DNS, which can say anything.
    let c = Config::from_files(
        Some("127.0.1.1 lab\n"),
        Some("hosts: files dns\n"),
        None,
        Some("nameserver 192.168.1.1\n"),
        "lab",
        Modules::default(),
    );
    let n = SimpleNet::debian_lab();
    let mut dns = Table(
        vec![("localhost", IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7)))],
        None,
    );
    let r = getaddrinfo(&c, &n, &mut dns, Some("localhost"), None, &Hints::default());
    assert_eq!(
        r.result.as_ref().map(|v| v.first().map(|a| a.addr)),
        Ok(Some(IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7))))
    );
    assert!(
        r.trace
            .iter()
            .any(|s| s.stage == Stage::Dns && s.text.contains("asked 192.168.1.1 for A localhost"))
    );
    let r = getaddrinfo(
        &c,
        &n,
        &mut NoDns,
        Some("example.org"),
        None,
        &Hints::default(),
    );
    assert_eq!(r.result, Err(GaiError::Again));
    assert_eq!(
        alloc::format!("{}", GaiError::Again),
        "Temporary failure in name resolution"
    );
    let mut nx = Table(vec![], None);
    let r = getaddrinfo(
        &c,
        &n,
        &mut nx,
        Some("example.org"),
        None,
        &Hints::default(),
    );
    assert_eq!(r.result, Err(GaiError::NoName));
    // files-only: DNS never consulted.
    let c2 = cfg(STOCK);
    let r = getaddrinfo(
        &c2,
        &n,
        &mut NoDns,
        Some("example.org"),
        None,
        &Hints::default(),
    );
    assert_eq!(r.result, Err(GaiError::NoName));
    assert!(!r.trace.iter().any(|s| s.stage == Stage::Dns));
}

#[test]
fn myhostname_resolve_and_mdns() {
    let nss =
        "hosts: files mdns4_minimal [NOTFOUND=return] resolve [!UNAVAIL=return] myhostname dns\n";
    let mods = Modules {
        myhostname: true,
        resolve: false,
        mdns: true,
    };
    let c = Config::from_files(Some(""), Some(nss), None, None, "lab", mods);
    let n = dual();
    let r = getaddrinfo(
        &c,
        &n,
        &mut NoDns,
        Some("foo.localhost"),
        None,
        &Hints::default(),
    );
    let got: Vec<IpAddr> = r
        .result
        .unwrap_or_default()
        .iter()
        .map(|a| a.addr)
        .collect();
    assert!(
        got.contains(&IpAddr::V6(Ipv6Addr::LOCALHOST))
            && got.contains(&IpAddr::V4(Ipv4Addr::LOCALHOST))
    );
    // Host name with eth0 addresses -> those addresses.
    let r = getaddrinfo(
        &c,
        &n,
        &mut NoDns,
        Some("LAB"),
        None,
        &Hints {
            family: Family::Inet,
            ..Hints::default()
        },
    );
    assert_eq!(
        r.result.unwrap_or_default().first().map(|a| a.addr),
        Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 2)))
    );
    // A .local name stops at mdns4_minimal [NOTFOUND=return].
    let r = getaddrinfo(
        &c,
        &n,
        &mut NoDns,
        Some("printer.local"),
        None,
        &Hints::default(),
    );
    assert_eq!(r.result, Err(GaiError::NoName));
    assert!(
        r.trace
            .iter()
            .any(|s| s.text.starts_with("not consulted: resolve myhostname dns"))
    );
    // glibc's stock files-only host: *.localhost is unknown.
    let r = getaddrinfo(
        &cfg(STOCK),
        &n,
        &mut NoDns,
        Some("foo.localhost"),
        None,
        &Hints::default(),
    );
    assert_eq!(r.result, Err(GaiError::NoName));
}

// curl 7.88.1 with /etc/hosts = "10.9.9.9 localhost foo.localhost" (see curl.rs)
#[test]
fn curl_localhost_rules() {
    let c = cfg("10.9.9.9 localhost foo.localhost\n");
    let n = SimpleNet::loopback_only();
    let lo = vec![
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(Ipv6Addr::LOCALHOST),
    ];
    for h in ["localhost", "foo.localhost", "LocalHost"] {
        assert_eq!(
            curl_resolve(&c, &n, &mut NoDns, h, IpResolve::Whatever).result,
            Ok(lo.clone())
        );
    }
    assert_eq!(
        curl_resolve(&c, &n, &mut NoDns, "localhost", IpResolve::V4).result,
        Ok(vec![IpAddr::V4(Ipv4Addr::LOCALHOST)])
    );
    let e = curl_resolve(&c, &n, &mut NoDns, "localhost.", IpResolve::Whatever).result;
    assert_eq!(
        e.map_err(|e| alloc::format!("{e}")),
        Err("Could not resolve host: localhost.".into())
    );
}

#[test]
fn reverse_for_ping() {
    // ping localhost prints "64 bytes from localhost (::1)"; ping 127.0.1.1 -> name lab via files
    let c = cfg(STOCK);
    let n = dual();
    let r = gethostbyaddr(&c, &n, &mut NoDns, IpAddr::V4(Ipv4Addr::new(127, 0, 1, 1)));
    assert_eq!(r.result.map(|h| h.name), Ok("lab".into()));
    let r = gethostbyaddr(&c, &n, &mut NoDns, IpAddr::V6(Ipv6Addr::LOCALHOST));
    assert_eq!(r.result.map(|h| h.name), Ok("localhost".into()));
}

#[test]
fn services_and_passive() {
    let c = cfg(STOCK);
    let n = dual();
    let h = Hints {
        flags: AiFlags {
            passive: true,
            ..AiFlags::default()
        },
        ..Hints::default()
    };
    let r = getaddrinfo(&c, &n, &mut NoDns, None, Some("8080"), &h);
    let v = r.result.unwrap_or_default();
    assert!(
        v.iter()
            .all(|a| a.port == 8080 && a.socktype != SockType::Raw)
    );
    assert!(
        v.iter()
            .any(|a| a.addr == IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    );
    let r = getaddrinfo(
        &c,
        &n,
        &mut NoDns,
        Some("localhost"),
        Some("nope"),
        &Hints::default(),
    );
    assert_eq!(r.result.map(|_| ()), Err(GaiError::Service));
    assert_eq!(
        alloc::format!("{}", GaiError::Service),
        "Servname not supported for ai_socktype"
    );
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    #[test]
    fn resolver_never_panics(hosts in "\\PC{0,200}", name in "\\PC{0,40}") {
        let c = cfg(&hosts);
        let n = dual();
        let _ = getent_ahosts(&c, &n, &mut NoDns, Ahosts::Any, &[&name]);
        let _ = getent_hosts(&c, &n, &mut NoDns, &[&name]);
        let _ = curl_resolve(&c, &n, &mut NoDns, &name, IpResolve::Whatever);
    }
}
