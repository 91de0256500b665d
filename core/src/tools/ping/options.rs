//! Parsing ping's options the way iputils 20221126 does (getopt, then its
//! own number parsers), with its error texts.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;

/// ping's usage text (printed after an invalid option, exit status 2).
pub(crate) const USAGE: &str = "
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -C                 call connect() syscall on socket creation
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -e <identifier>    define identifier for ping session, default is random for
                     SOCK_RAW and kernel defined for SOCK_DGRAM
                     Imply using SOCK_RAW (for IPv4 only for identifier 0)
  -f                 flood ping
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>
  -n                 no dns name resolution
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument

For more details see ping(8).
";

/// Which address family `-4`/`-6` asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FamilyWanted {
    Any,
    V4,
    V6,
}

/// Everything ping was asked to do.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Options {
    pub(crate) count: Option<u64>,
    /// Interval between probes, in microseconds.
    pub(crate) interval_us: u64,
    pub(crate) interval_given: bool,
    pub(crate) size: usize,
    pub(crate) ttl: Option<u8>,
    /// -W: how long to wait for a reply, in microseconds.
    pub(crate) linger_us: Option<u64>,
    /// -w: the deadline in seconds.
    pub(crate) deadline_s: Option<u64>,
    pub(crate) interface: Option<String>,
    pub(crate) family: FamilyWanted,
    pub(crate) broadcast: bool,
    pub(crate) quiet: bool,
    pub(crate) numeric: bool,
    pub(crate) timestamps: bool,
    pub(crate) flood: bool,
    pub(crate) verbose: bool,
    /// -a: a bell after each reply.
    pub(crate) audible: bool,
    /// -A: the interval follows the round trip.
    pub(crate) adaptive: bool,
    /// -B: the source address is fixed (and shown in the header).
    pub(crate) sticky_source: bool,
    /// -l: probes sent at once at the start.
    pub(crate) preload: u32,
    /// -p: the payload's fill bytes.
    pub(crate) pattern: Option<alloc::vec::Vec<u8>>,
    /// -O: say when a probe's reply is still missing as the next leaves.
    pub(crate) outstanding: bool,
    /// -e: the echo identifier.
    pub(crate) ident: Option<u16>,
    /// -m: the mark asked for.
    pub(crate) mark: Option<u32>,
    /// -M do: never fragment (a probe larger than the path MTU fails).
    pub(crate) pmtu_do: bool,
    /// -R (record route) or -T (timestamps): an IPv4 option asked for,
    /// with the name ping gives the setsockopt in its error.
    pub(crate) ip_option: Option<&'static str>,
    /// -N: an IPv6 node information query.
    pub(crate) node_info: bool,
    pub(crate) destination: String,
    /// Warnings printed before anything else (`option argument contains garbage`).
    pub(crate) warnings: String,
}

/// What parsing decided.
#[derive(Debug, PartialEq)]
pub(crate) enum Parsed {
    Run(Box<Options>),
    /// Print this on stdout and exit 0 (`-V`).
    Version,
    /// Print [`NODE_INFO_HELP`] on stdout and exit 0 (`-N help`).
    NodeInfoHelp,
    /// Print this on stderr and exit with the status.
    Fail(String, i32),
}

/// `strtol_or_err`: a whole integer within bounds.
fn int_arg(arg: &str, min: i64, max: i64) -> Result<i64, Parsed> {
    match arg.trim_start().parse::<i64>() {
        Ok(v) if v >= min && v <= max => Ok(v),
        Ok(_) => Err(Parsed::Fail(
            format!("ping: invalid argument: '{arg}': out of range: {min} <= value <= {max}\n"),
            1,
        )),
        Err(_) => Err(Parsed::Fail(
            format!("ping: invalid argument: '{arg}'\n"),
            1,
        )),
    }
}

/// `ping_strtod`: a number of seconds; trailing garbage is warned about
/// (and the number before it used), as iputils 20221126 does.
fn seconds_arg(arg: &str, what: &str, warnings: &mut String) -> Result<f64, Parsed> {
    let trimmed = arg.trim_start();
    let end = trimmed
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '+' || *c == '-'))))
        .map_or(trimmed.len(), |(i, _)| i);
    let number = trimmed.get(..end).unwrap_or("");
    let value = if number.is_empty() || number == "." {
        Some(0.0)
    } else {
        number.parse::<f64>().ok()
    };
    let Some(value) = value else {
        return Err(Parsed::Fail(format!("ping: {what}: {arg}\n"), 2));
    };
    if end < trimmed.len() || number.is_empty() {
        warnings.push_str(&format!(
            "ping: option argument contains garbage: {}\nping: this will become fatal error in the future\n",
            trimmed.get(end..).filter(|s| !s.is_empty()).unwrap_or(arg)
        ));
    }
    if !value.is_finite() || value < 0.0 {
        return Err(Parsed::Fail(format!("ping: {what}: {arg}\n"), 2));
    }
    Ok(value)
}

/// Options that take an argument.
const WITH_ARG: &str = "cIiswWtelmMpQSTFN";

/// `ping -N help`'s text (stdout, exit 0).
pub(crate) const NODE_INFO_HELP: &str = "ping -6 -N <nodeinfo opt>
Help:
  help
Query:
  name
  ipv6
  ipv6-all
  ipv6-compatible
  ipv6-global
  ipv6-linklocal
  ipv6-sitelocal
  ipv4
  ipv4-all
Subject:
  subject-ipv6=addr
  subject-ipv4=addr
  subject-name=name
  subject-fqdn=name
";

/// iputils' `fill()`: hex digits taken two at a time (`fff` is ff 0f), at
/// most 16 bytes; anything else is its error.
fn pattern_arg(arg: &str) -> Result<alloc::vec::Vec<u8>, Parsed> {
    if !arg.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Parsed::Fail(
            format!("ping: patterns must be specified as hex digits: {arg}\n"),
            2,
        ));
    }
    Ok(arg
        .as_bytes()
        .chunks(2)
        .take(16)
        .filter_map(|pair| u8::from_str_radix(core::str::from_utf8(pair).ok()?, 16).ok())
        .collect())
}

/// `-Q`: a TOS byte, decimal or `0x` hex.
fn tos_arg(arg: &str) -> Result<u8, Parsed> {
    let value = match arg.strip_prefix("0x").or_else(|| arg.strip_prefix("0X")) {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => arg.parse::<i64>().ok(),
    };
    let Some(value) = value else {
        return Err(Parsed::Fail(format!("ping: bad TOS value: {arg}\n"), 2));
    };
    u8::try_from(value).map_err(|_| {
        Parsed::Fail(
            format!("ping: the decimal value of TOS bits must be in range 0-255: {value}\n"),
            2,
        )
    })
}

/// Parses `args` (without `argv[0]`).
pub(crate) fn parse(args: &[String]) -> Parsed {
    let mut o = Options {
        count: None,
        interval_us: 1_000_000,
        interval_given: false,
        size: 56,
        ttl: None,
        linger_us: None,
        deadline_s: None,
        interface: None,
        family: FamilyWanted::Any,
        broadcast: false,
        quiet: false,
        numeric: false,
        timestamps: false,
        flood: false,
        verbose: false,
        audible: false,
        adaptive: false,
        sticky_source: false,
        preload: 1,
        pattern: None,
        outstanding: false,
        ident: None,
        mark: None,
        pmtu_do: false,
        ip_option: None,
        node_info: false,
        destination: String::new(),
        warnings: String::new(),
    };
    let mut operands = alloc::vec::Vec::new();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        if arg == "--" {
            operands.extend(args.get(i..).unwrap_or_default().iter().cloned());
            break;
        }
        let Some(flags) = arg.strip_prefix('-').filter(|f| !f.is_empty()) else {
            operands.push(arg.clone());
            continue;
        };
        let chars = flags.char_indices();
        for (pos, c) in chars {
            let value = if WITH_ARG.contains(c) {
                let rest = flags.get(pos + c.len_utf8()..).unwrap_or("");
                let v = if !rest.is_empty() {
                    String::from(rest)
                } else if let Some(next) = args.get(i) {
                    i += 1;
                    next.clone()
                } else {
                    return Parsed::Fail(
                        format!("ping: option requires an argument -- '{c}'\n{USAGE}"),
                        2,
                    );
                };
                Some(v)
            } else {
                None
            };
            let v = value.clone().unwrap_or_default();
            let result: Result<(), Parsed> = (|| {
                match c {
                    '4' => o.family = FamilyWanted::V4,
                    '6' => o.family = FamilyWanted::V6,
                    'b' => o.broadcast = true,
                    'c' => o.count = Some(u64::try_from(int_arg(&v, 1, i64::MAX)?).unwrap_or(1)),
                    'D' => o.timestamps = true,
                    'f' => o.flood = true,
                    'h' => {
                        return Err(Parsed::Fail(
                            String::from(USAGE.trim_start_matches('\n')),
                            2,
                        ));
                    }
                    'I' => o.interface = Some(v.clone()),
                    'i' => {
                        let secs = seconds_arg(&v, "bad timing interval", &mut o.warnings)?;
                        if secs > f64::from(i32::MAX / 1000) {
                            return Err(Parsed::Fail(
                                format!("ping: bad timing interval: {v}\n"),
                                2,
                            ));
                        }
                        o.interval_us = (secs * 1_000_000.0) as u64;
                        o.interval_given = true;
                    }
                    'n' => o.numeric = true,
                    'q' => o.quiet = true,
                    's' => {
                        o.size = usize::try_from(int_arg(&v, 0, i64::from(i32::MAX))?).unwrap_or(56)
                    }
                    't' => o.ttl = Some(u8::try_from(int_arg(&v, 0, 255)?).unwrap_or(64)),
                    'v' => o.verbose = true,
                    'V' => return Err(Parsed::Version),
                    'W' => {
                        let secs = seconds_arg(&v, "bad linger time", &mut o.warnings)?;
                        o.linger_us = Some((secs * 1_000_000.0) as u64);
                    }
                    'w' => {
                        o.deadline_s =
                            Some(u64::try_from(int_arg(&v, 0, i64::from(i32::MAX))?).unwrap_or(0))
                    }
                    'a' => o.audible = true,
                    'A' => o.adaptive = true,
                    'B' => o.sticky_source = true,
                    // SO_DEBUG, IP_MULTICAST_LOOP off, connect(), user-to-user
                    // times, SO_DONTROUTE to a host on a direct route: nothing
                    // a reply line shows.
                    'd' | 'L' | 'C' | 'U' | 'r' => {}
                    'e' => o.ident = Some(u16::try_from(int_arg(&v, 0, 65535)?).unwrap_or(0)),
                    'l' => o.preload = u32::try_from(int_arg(&v, 1, 65536)?).unwrap_or(1),
                    'm' => {
                        o.mark =
                            Some(u32::try_from(int_arg(&v, 0, i64::from(u32::MAX))?).unwrap_or(0))
                    }
                    'M' => match v.as_str() {
                        "do" => o.pmtu_do = true,
                        "dont" | "want" => o.pmtu_do = false,
                        _ => {
                            return Err(Parsed::Fail(
                                format!("ping: invalid -M argument: {v}\n"),
                                2,
                            ));
                        }
                    },
                    'O' => o.outstanding = true,
                    'p' => o.pattern = Some(pattern_arg(&v)?),
                    'Q' => {
                        tos_arg(&v)?;
                    }
                    'S' => {
                        int_arg(&v, 1, i64::from(i32::MAX))?;
                    }
                    'F' => {
                        let label = u32::from_str_radix(v.strip_prefix("0x").unwrap_or(&v), 16)
                            .map_err(|_| {
                                Parsed::Fail(format!("ping: bad value for flowinfo: {v}\n"), 2)
                            })?;
                        if label > 0xfffff {
                            return Err(Parsed::Fail(
                                format!("ping: flow value is greater than 20 bits: {v}\n"),
                                2,
                            ));
                        }
                    }
                    'R' => o.ip_option = Some("record route"),
                    'T' => match v.as_str() {
                        "tsonly" | "tsandaddr" | "tsprespec" => o.ip_option = Some("ts option"),
                        _ => {
                            return Err(Parsed::Fail(
                                format!("ping: invalid timestamp type: {v}\n"),
                                2,
                            ));
                        }
                    },
                    'N' => match v.as_str() {
                        "help" => return Err(Parsed::NodeInfoHelp),
                        "name" | "ipv6" | "ipv6-all" | "ipv6-compatible" | "ipv6-global"
                        | "ipv6-linklocal" | "ipv6-sitelocal" | "ipv4" | "ipv4-all" => {
                            o.node_info = true;
                        }
                        // A subject alone asks nothing: an echo request goes.
                        _ if v.starts_with("subject-ipv6=")
                            || v.starts_with("subject-ipv4=")
                            || v.starts_with("subject-name=")
                            || v.starts_with("subject-fqdn=") => {}
                        _ => return Err(Parsed::Fail(String::from(NODE_INFO_HELP), 2)),
                    },
                    c => {
                        return Err(Parsed::Fail(
                            format!("ping: invalid option -- '{c}'\n{USAGE}"),
                            2,
                        ));
                    }
                }
                Ok(())
            })();
            if let Err(p) = result {
                return p;
            }
            if value.is_some() {
                break;
            }
        }
    }
    match operands.len() {
        0 => Parsed::Fail(
            String::from("ping: usage error: Destination address required\n"),
            1,
        ),
        1 => {
            o.destination = operands.into_iter().next().unwrap_or_default();
            Parsed::Run(Box::new(o))
        }
        _ => Parsed::Fail(
            String::from("ping: usage error: Only one destination address allowed\n"),
            1,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Parsed {
        let args: alloc::vec::Vec<String> = s.split_whitespace().map(String::from).collect();
        parse(&args)
    }

    /// Each expectation is what iputils 20221126 printed in a real namespace
    /// (core/tests/fixtures/ping_real.txt).
    #[test]
    fn errors_match_iputils() {
        assert_eq!(
            p(""),
            Parsed::Fail(
                "ping: usage error: Destination address required\n".into(),
                1
            )
        );
        assert_eq!(
            p("-c 0 127.0.0.1"),
            Parsed::Fail(
                "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n"
                    .into(),
                1
            )
        );
        assert_eq!(
            p("-c abc 127.0.0.1"),
            Parsed::Fail("ping: invalid argument: 'abc'\n".into(), 1)
        );
        assert_eq!(
            p("-c1 -t 300 127.0.0.1"),
            Parsed::Fail(
                "ping: invalid argument: '300': out of range: 0 <= value <= 255\n".into(),
                1
            )
        );
        assert_eq!(
            p("-c1 -s -1 127.0.0.1"),
            Parsed::Fail(
                "ping: invalid argument: '-1': out of range: 0 <= value <= 2147483647\n".into(),
                1
            )
        );
        match p("-c1 -Z 127.0.0.1") {
            Parsed::Fail(text, 2) => {
                assert!(text.starts_with("ping: invalid option -- 'Z'\n\nUsage\n"))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(p("-V"), Parsed::Version);
    }

    #[test]
    fn flags_and_values() {
        let Parsed::Run(o) = p("-qc2 -i0.5 -s 100 -W 1 -4 localhost") else {
            panic!()
        };
        assert_eq!(
            (o.quiet, o.count, o.interval_us, o.size),
            (true, Some(2), 500_000, 100)
        );
        assert_eq!((o.linger_us, o.family), (Some(1_000_000), FamilyWanted::V4));
        assert_eq!(o.destination, "localhost");
        let Parsed::Run(o) = p("-c1 -i abc 127.0.0.1") else {
            panic!()
        };
        assert_eq!(o.interval_us, 0);
        assert_eq!(
            o.warnings,
            "ping: option argument contains garbage: abc\nping: this will become fatal error in the future\n"
        );
    }
}
