//! hping3's command line, read as its `antigetopt` and `parse_options`
//! read it (antirez/hping `antigetopt.c`, `parseoptions.c`): short options
//! may be clustered (`-1S`; an option with an argument must end the
//! cluster), a long option may be abbreviated to any prefix that names one
//! of hping3's long options alone (`--fl` is `--flood`, `--fa` is
//! ambiguous), an option that needs an argument takes the next word
//! whatever it is (`-i --values` is an interval of `--values`, which
//! `strtol` reads as 0), a second host is an error, and the count and the
//! interval are checked once every option is read.

use alloc::format;
use alloc::string::String;
use core::net::Ipv4Addr;

use crate::num::strtol;
use crate::time::Duration;
use crate::wire::TcpFlags;

/// The kind of probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    Tcp,
    Udp,
    Icmp,
}

/// What the command line asks for.
#[derive(Clone, Debug)]
pub(super) struct Options {
    pub(super) mode: Mode,
    pub(super) flags: TcpFlags,
    pub(super) dport: u16,
    pub(super) base_sport: Option<u16>,
    pub(super) spoof: Option<Ipv4Addr>,
    /// `None`: until Ctrl-C (no `-c`, or `-c -1`).
    pub(super) count: Option<u64>,
    /// The time between probes; `None`: no probe after the first (hping3
    /// arms no timer: `-i 0`, `-i u0`, or `-i u1000000` and more, which
    /// `setitimer` refuses with EINVAL).
    pub(super) interval: Option<Duration>,
    /// `--flood`: probes as fast as it can send them, replies never read.
    pub(super) flood: bool,
    pub(super) ttl: u8,
    pub(super) quiet: bool,
    /// The host; empty when none was given.
    pub(super) target: String,
}

/// hping3's parse error: `(stdout, stderr, status)`.
pub(super) type ParseError = (String, String, i32);

/// The options the lab's hping3 implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opt {
    Icmp,
    Udp,
    Flag(TcpFlags),
    Numeric,
    Quiet,
    Fast,
    Faster,
    Flood,
    Count,
    Interval,
    DestPort,
    BasePort,
    Ttl,
    Spoof,
}

impl Opt {
    /// True for an option that takes an argument (`AGO_NEEDARG`).
    fn needs_arg(self) -> bool {
        matches!(
            self,
            Opt::Count | Opt::Interval | Opt::DestPort | Opt::BasePort | Opt::Ttl | Opt::Spoof
        )
    }
}

/// The implemented options: short letter (`'\0'`: none) and long name.
const OPTIONS: &[(char, &str, Opt)] = &[
    ('c', "count", Opt::Count),
    ('i', "interval", Opt::Interval),
    ('n', "numeric", Opt::Numeric),
    ('q', "quiet", Opt::Quiet),
    ('p', "destport", Opt::DestPort),
    ('s', "baseport", Opt::BasePort),
    ('t', "ttl", Opt::Ttl),
    ('a', "spoof", Opt::Spoof),
    ('F', "fin", Opt::Flag(TcpFlags::FIN)),
    ('S', "syn", Opt::Flag(TcpFlags::SYN)),
    ('R', "rst", Opt::Flag(TcpFlags::RST)),
    ('P', "push", Opt::Flag(TcpFlags::PSH)),
    ('A', "ack", Opt::Flag(TcpFlags::ACK)),
    ('U', "urg", Opt::Flag(TcpFlags::URG)),
    ('1', "icmp", Opt::Icmp),
    ('2', "udp", Opt::Udp),
    ('\0', "fast", Opt::Fast),
    ('\0', "faster", Opt::Faster),
    ('\0', "flood", Opt::Flood),
];

/// Every long option of hping3 3.0.0-alpha-2, in its table's order: an
/// abbreviation is looked up among all of them, as `ago_lookup` does.
const HPING3_LONG: &[&str] = &[
    "count",
    "interval",
    "numeric",
    "quiet",
    "interface",
    "help",
    "version",
    "destport",
    "baseport",
    "ttl",
    "id",
    "win",
    "spoof",
    "fin",
    "syn",
    "rst",
    "push",
    "ack",
    "urg",
    "xmas",
    "ymas",
    "frag",
    "morefrag",
    "dontfrag",
    "fragoff",
    "tcpoff",
    "rel",
    "data",
    "rawip",
    "icmp",
    "udp",
    "scan",
    "bind",
    "unbind",
    "debug",
    "verbose",
    "winid",
    "keep",
    "file",
    "dump",
    "print",
    "sign",
    "listen",
    "safe",
    "traceroute",
    "tos",
    "mtu",
    "seqnum",
    "badcksum",
    "setseq",
    "setack",
    "icmptype",
    "icmpcode",
    "end",
    "rroute",
    "ipproto",
    "icmp-help",
    "icmp-ipver",
    "icmp-iphlen",
    "icmp-iplen",
    "icmp-ipid",
    "icmp-ipproto",
    "icmp-cksum",
    "icmp-ts",
    "icmp-addr",
    "tcpexitcode",
    "fast",
    "faster",
    "tr-keep-ttl",
    "tcp-timestamp",
    "tr-stop",
    "tr-no-rtt",
    "rand-dest",
    "rand-source",
    "lsrr",
    "ssrr",
    "route-help",
    "apd-send",
    "icmp-ipsrc",
    "icmp-ipdst",
    "icmp-gw",
    "icmp-srcport",
    "icmp-dstport",
    "force-icmp",
    "beep",
    "flood",
    "clock-skew",
    "clock-skew-win",
    "clock-skew-win-shift",
    "clock-skew-packets-per-sample",
];

/// A usage error as `ago_gnu_error` prints it, then "Try hping3 --help".
fn usage_err(text: String) -> ParseError {
    (
        String::new(),
        format!("hping3: {text}\nTry hping3 --help\n"),
        1,
    )
}

/// `ago_lookup` for `--name`: an exact name, else the one long option
/// `name` begins; the error text when there are several or none (or the
/// one it names is not one the lab implements).
fn lookup_long(name: &str) -> Result<(Opt, &'static str), ParseError> {
    let mut found = None;
    for long in HPING3_LONG {
        if *long == name {
            found = Some(*long);
            break;
        }
        if long.starts_with(name) {
            if found.is_some() {
                return Err(usage_err(format!("option `--{name}' is ambiguos")));
            }
            found = Some(*long);
        }
    }
    let unknown = || usage_err(format!("unrecognized option `--{name}'"));
    let long = found.ok_or_else(unknown)?;
    OPTIONS
        .iter()
        .find(|(_, l, _)| *l == long)
        .map(|(_, l, opt)| (*opt, *l))
        .ok_or_else(unknown)
}

/// `ago_lookup` for `-c`.
fn lookup_short(c: char) -> Result<Opt, ParseError> {
    OPTIONS
        .iter()
        .find(|(short, _, _)| *short == c && c != '\0')
        .map(|(_, _, opt)| *opt)
        .ok_or_else(|| usage_err(format!("invalid option -- {c}")))
}

/// What `-i`, `--fast` and `--faster` set, as hping3 keeps it: seconds
/// for `alarm` (`sending_wait`, an `int`) and, once any microsecond form
/// was given, microseconds for `setitimer` (`usec_delay`), which then win.
#[derive(Clone, Copy, Debug)]
struct Wait {
    secs: i32,
    usecs: Option<i64>,
}

impl Wait {
    /// "Option error: bad timing interval" for a negative one, else the
    /// time between probes (`None`: no timer is armed).
    fn interval(self) -> Result<Option<Duration>, ParseError> {
        let bad = || {
            (
                String::from("Option error: bad timing interval\n"),
                String::new(),
                1,
            )
        };
        if self.secs < 0 {
            return Err(bad());
        }
        match self.usecs {
            Some(us) if us < 0 => Err(bad()),
            // setitimer: a zero it_value disarms; tv_usec past 999,999 is
            // EINVAL, which hping3 does not check: no timer either.
            Some(us) => Ok(u64::try_from(us)
                .ok()
                .filter(|us| (1..1_000_000).contains(us))
                .map(Duration::from_micros)),
            // alarm(0) cancels the alarm.
            None => Ok(u64::try_from(self.secs)
                .ok()
                .filter(|s| *s > 0)
                .map(Duration::from_secs)),
        }
    }
}

/// The command line being read: the options so far.
struct Reader {
    o: Options,
    count: i64,
    wait: Wait,
}

impl Reader {
    /// Applies option `opt` (with its argument, if it takes one).
    fn apply(&mut self, opt: Opt, arg: &str) -> Result<(), ParseError> {
        let o = &mut self.o;
        match opt {
            Opt::Icmp => o.mode = Mode::Icmp,
            Opt::Udp => o.mode = Mode::Udp,
            Opt::Flag(f) => o.flags = o.flags.with(f, true),
            Opt::Numeric => {}
            Opt::Quiet => o.quiet = true,
            Opt::Fast => self.wait.usecs = Some(100_000),
            Opt::Faster => self.wait.usecs = Some(1),
            Opt::Flood => o.flood = true,
            Opt::Count => self.count = strtol(arg, 0),
            Opt::Interval => match arg.strip_prefix('u') {
                Some(us) => self.wait.usecs = Some(strtol(us, 10)),
                // `sending_wait` is an int: C keeps the low 32 bits.
                None => self.wait.secs = strtol(arg, 0) as i32,
            },
            Opt::DestPort => {
                o.dport = arg
                    .trim_start_matches('+')
                    .trim()
                    .parse::<u16>()
                    .unwrap_or(0);
            }
            Opt::BasePort => o.base_sport = Some(arg.trim().parse::<u16>().unwrap_or(0)),
            Opt::Ttl => o.ttl = arg.trim().parse::<u8>().unwrap_or(64),
            Opt::Spoof => match arg.parse::<Ipv4Addr>() {
                Ok(a) => o.spoof = Some(a),
                Err(_) => return Err((String::new(), format!("Unable to resolve '{arg}'\n"), 1)),
            },
        }
        Ok(())
    }
}

/// Parses hping3's arguments (see the module's doc).
/// `Err((stdout, stderr, status))` on a bad one.
pub(super) fn parse(args: &[String]) -> Result<Options, ParseError> {
    let mut r = Reader {
        o: Options {
            mode: Mode::Tcp,
            flags: TcpFlags::NONE,
            dport: 0,
            base_sport: None,
            spoof: None,
            count: None,
            interval: None,
            flood: false,
            ttl: 64,
            quiet: false,
            target: String::new(),
        },
        count: -1,
        wait: Wait {
            secs: 1,
            usecs: None,
        },
    };
    let mut target_set = false;
    let mut end_of_options = false;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        if word == "--" && !end_of_options {
            // Every word after it is a host.
            end_of_options = true;
            continue;
        }
        if end_of_options || word == "-" || !word.starts_with('-') {
            if target_set {
                return Err((
                    String::new(),
                    String::from("hping3: you must specify only one target host at a time\n"),
                    1,
                ));
            }
            r.o.target = word.clone();
            target_set = true;
        } else if let Some(name) = word.strip_prefix("--") {
            let (opt, long) = lookup_long(name)?;
            let arg = if opt.needs_arg() {
                let Some(arg) = words.next() else {
                    return Err(usage_err(format!("option `--{long}' requires an argument")));
                };
                arg.as_str()
            } else {
                ""
            };
            r.apply(opt, arg)?;
        } else if let Some(cluster) = word.strip_prefix('-') {
            let mut chars = cluster.chars().peekable();
            while let Some(c) = chars.next() {
                let opt = lookup_short(c)?;
                let arg = if opt.needs_arg() {
                    // Only the cluster's last letter may take the next word.
                    match (chars.peek(), words.next()) {
                        (None, Some(arg)) => arg.as_str(),
                        _ => {
                            return Err(usage_err(format!("option requires an argument -- {c}")));
                        }
                    }
                } else {
                    ""
                };
                r.apply(opt, arg)?;
            }
        }
    }
    // parse_options' checks, in its order, once every option is read.
    if r.count <= 0 && r.count != -1 {
        return Err((
            String::from("Option error: count must > 0\n"),
            String::new(),
            1,
        ));
    }
    r.o.count = u64::try_from(r.count).ok();
    r.o.interval = r.wait.interval()?;
    Ok(r.o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn a(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn options() {
        let o = parse(&a("-1 -a 127.0.0.1 192.168.1.50 -c 1")).unwrap();
        assert_eq!(o.mode, Mode::Icmp);
        assert_eq!(o.spoof, Some(Ipv4Addr::LOCALHOST));
        assert_eq!(o.count, Some(1));
        assert_eq!(o.target, "192.168.1.50");
        assert_eq!(
            parse(&a("-c abc -1 x")).unwrap_err(),
            (
                String::from("Option error: count must > 0\n"),
                String::new(),
                1
            )
        );
        assert_eq!(
            parse(&a("--bogus x")).unwrap_err().1,
            "hping3: unrecognized option `--bogus'\nTry hping3 --help\n"
        );
    }

    #[test]
    fn intervals_and_hosts_as_hping3_reads_them() {
        let interval = |s: &str| parse(&a(s)).unwrap().interval;
        assert_eq!(interval("x"), Some(Duration::from_secs(1)));
        assert_eq!(interval("x -i 2"), Some(Duration::from_secs(2)));
        assert_eq!(interval("x -i 0x3"), Some(Duration::from_secs(3)));
        assert_eq!(interval("x -i u10"), Some(Duration::from_micros(10)));
        assert_eq!(interval("x --fast"), Some(Duration::from_micros(100_000)));
        assert_eq!(interval("x --faster"), Some(Duration::from_micros(1)));
        // Once a microsecond form is given it wins over seconds.
        assert_eq!(interval("x -i u10 -i 5"), Some(Duration::from_micros(10)));
        assert_eq!(interval("x -i --values"), None);
        assert_eq!(interval("x -i u0"), None);
        assert_eq!(interval("x -i u1000000"), None);
        assert_eq!(interval("x -i 4294967296"), None);
        let bad = (
            String::from("Option error: bad timing interval\n"),
            String::new(),
            1,
        );
        assert_eq!(parse(&a("x -i -2")).unwrap_err(), bad);
        assert_eq!(parse(&a("x -i u-1")).unwrap_err(), bad);
        assert_eq!(
            parse(&a("a -i --values b")).unwrap_err().1,
            "hping3: you must specify only one target host at a time\n"
        );
        // The count is checked once every option is read; -1 is "forever".
        assert_eq!(parse(&a("x -c -1")).unwrap().count, None);
        assert_eq!(parse(&a("x -c 0x10")).unwrap().count, Some(16));
        assert!(parse(&a("x --flood")).unwrap().flood);
    }

    #[test]
    fn clusters_and_abbreviations_as_antigetopt_reads_them() {
        let o = parse(&a("-1q -c 2 x")).unwrap();
        assert_eq!((o.mode, o.quiet, o.count), (Mode::Icmp, true, Some(2)));
        let o = parse(&a("-SAc 3 x")).unwrap();
        assert_eq!(o.flags, TcpFlags::SYN.with(TcpFlags::ACK, true));
        assert_eq!(o.count, Some(3));
        // An option with an argument must end its cluster.
        assert_eq!(
            parse(&a("-c1 x")).unwrap_err().1,
            "hping3: option requires an argument -- c\nTry hping3 --help\n"
        );
        assert!(parse(&a("--fl x")).unwrap().flood);
        assert_eq!(parse(&a("--cou 4 x")).unwrap().count, Some(4));
        assert_eq!(
            parse(&a("--fa x")).unwrap_err().1,
            "hping3: option `--fa' is ambiguos\nTry hping3 --help\n"
        );
        assert_eq!(
            parse(&a("x --count")).unwrap_err().1,
            "hping3: option `--count' requires an argument\nTry hping3 --help\n"
        );
        assert_eq!(
            parse(&a("x -i")).unwrap_err().1,
            "hping3: option requires an argument -- i\nTry hping3 --help\n"
        );
        assert_eq!(
            parse(&a("-z x")).unwrap_err().1,
            "hping3: invalid option -- z\nTry hping3 --help\n"
        );
        // `-` alone is a host, and so is every word after `--`.
        assert_eq!(parse(&a("-")).unwrap().target, "-");
        assert_eq!(parse(&a("-c 1 -- -x")).unwrap().target, "-x");
    }
}
