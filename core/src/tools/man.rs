//! `man CMD`: a command's manual page, as man-db prints it into a pipe:
//! the page's header and footer lines (recorded from Debian 12's pages),
//! NAME, SYNOPSIS and a DESCRIPTION of the options the command has.

use alloc::format;
use alloc::string::String;

use crate::process::{Ctx, Started};

/// One page.
struct Page {
    name: &'static str,
    /// The first line (`HEAD(1)   User Commands   HEAD(1)`).
    header: &'static str,
    /// The last line.
    footer: &'static str,
    /// NAME's line (whatis).
    whatis: &'static str,
    synopsis: &'static str,
    description: &'static str,
}

const PAGES: &[Page] = &[
    Page {
        name: "dig",
        header: "DIG(1)                              BIND 9                              DIG(1)",
        footer: "9.18.47-1~deb12u1-Debian          2026-03-13                            DIG(1)",
        whatis: "dig - DNS lookup utility",
        synopsis: "dig [@server] [-x ADDR] [-t TYPE] [-p PORT] [-4|-6] [+short] [+tcp] [+noall +answer] [NAME] [TYPE]",
        description: "Asks a DNS server and prints its whole answer (bind9-dnsutils 9.18): the header,\nthe flags (aa: the server is authoritative), the sections, the query time.\nThe server is @server, else the nameserver of /etc/resolv.conf (the router, 192.168.1.1).\ndig never reads /etc/hosts: 'getent hosts NAME' shows what programs get, dig what DNS says.\n  -x ADDR  the PTR of an address   +short  the data only   +tcp  over TCP (ANY always is)\n  +time=N +tries=N  wait N s, try N times (5 s, 3)   no answer: exit status 9",
    },
    Page {
        name: "host",
        header: "HOST(1)                             BIND 9                             HOST(1)",
        footer: "9.18.47-1~deb12u1-Debian          2026-03-13                           HOST(1)",
        whatis: "host - DNS lookup utility",
        synopsis: "host [-t TYPE] [-a] [-v] [-l] [-p PORT] [-W SEC] [-R N] [-T] [-4|-6] NAME|ADDR [SERVER]",
        description: "Looks a name up in DNS (A, AAAA and MX) or an address (PTR) (bind9-dnsutils 9.18).\n'Host x not found: 3(NXDOMAIN)' and exit status 1 when the name does not exist.",
    },
    Page {
        name: "nslookup",
        header: "NSLOOKUP(1)                         BIND 9                         NSLOOKUP(1)",
        footer: "9.18.47-1~deb12u1-Debian          2026-03-13                       NSLOOKUP(1)",
        whatis: "nslookup - query Internet name servers interactively",
        synopsis: "nslookup [-type=TYPE] [-port=N] [-timeout=SEC] [-retry=N] NAME|ADDR [SERVER]",
        description: "Queries a DNS server (bind9-dnsutils 9.18). 'Non-authoritative answer:' when the\nserver did not answer from its own zone. With no NAME it reads names from standard input.",
    },
    Page {
        name: "wget",
        header: "WGET(1)                            GNU Wget                            WGET(1)",
        footer: "GNU Wget 1.21.3                   2025-03-03                           WGET(1)",
        whatis: "Wget - The non-interactive network downloader.",
        synopsis: "wget [-O FILE|-O -] [-q] [-S] [--spider] [-T SEC] [-t N] [-4|-6] URL...",
        description: "Downloads URLs into files named after them (GNU Wget 1.21.3, http:// only); an\nexisting name gets .1, .2... Its log goes to standard error.\n  -O FILE save there (- is standard output)  -q quiet  -S the server's headers\n  --spider only check  -T SEC timeout  -t N tries (20; a refused connection is not retried)\nExit status 4 on a network failure, 8 when the server answers with an error (404).",
    },
    Page {
        name: "telnet",
        header: "TELNET(1)                   User's Reference Manual                  TELNET(1)",
        footer: "GNU Network Utilities          February 9, 2019          GNU Network Utilities",
        whatis: "telnet — user interface to the TELNET protocol",
        synopsis: "telnet [-4|-6] HOST [PORT]",
        description: "Opens a TCP connection and shows what the server sends (inetutils-telnet 2.4, as\nDebian 12's telnet). Standard input (a pipe, a file) is sent, lines ending in CR LF;\nits end closes the connection.",
    },
    Page {
        name: "head",
        header: "HEAD(1)                          User Commands                         HEAD(1)",
        footer: "GNU coreutils 9.1               September 2022                         HEAD(1)",
        whatis: "head - output the first part of files",
        synopsis: "head [OPTION]... [FILE]...",
        description: "Print the first 10 lines of each FILE to standard output. With more than one FILE,\nprecede each with a header giving the file name. With no FILE, or when FILE is -,\nread standard input.\n  -c, --bytes=[-]NUM   print the first NUM bytes; with the leading '-', all but\n                       the last NUM bytes\n  -n, --lines=[-]NUM   print the first NUM lines (-NUM is the same); with the\n                       leading '-', all but the last NUM lines\n  -q, --quiet, --silent  never print headers giving file names\n  -v, --verbose        always print headers giving file names\n  -z, --zero-terminated  line delimiter is NUL, not newline\nBehind a pipe head stops reading once it has its lines; the writer then gets\nSIGPIPE, so 'ping 127.0.0.1 | head -3' ends.",
    },
    Page {
        name: "tail",
        header: "TAIL(1)                          User Commands                         TAIL(1)",
        footer: "GNU coreutils 9.1               September 2022                         TAIL(1)",
        whatis: "tail - output the last part of files",
        synopsis: "tail [OPTION]... [FILE]...",
        description: "Print the last 10 lines of each FILE to standard output. With more than one FILE,\nprecede each with a header giving the file name. With no FILE, or when FILE is -,\nread standard input.\n  -c, --bytes=[+]NUM   output the last NUM bytes; or use -c +NUM to output\n                       starting with byte NUM of each file\n  -f, --follow         output appended data as the file grows\n  -n, --lines=[+]NUM   output the last NUM lines; or use -n +NUM to skip NUM-1 lines\n  -q, --quiet, --silent  never output headers giving file names\n  -s, --sleep-interval=N  with -f, sleep for approximately N seconds between\n                       iterations\n  -v, --verbose        always output headers giving file names\n  -z, --zero-terminated  line delimiter is NUL, not newline\nWith -f, tail runs until interrupted (Ctrl-C); a file that shrinks is reported as\ntruncated and followed from its start.",
    },
    Page {
        name: "wc",
        header: "WC(1)                            User Commands                           WC(1)",
        footer: "GNU coreutils 9.1               September 2022                           WC(1)",
        whatis: "wc - print newline, word, and byte counts for each file",
        synopsis: "wc [OPTION]... [FILE]...",
        description: "Print newline, word, and byte counts for each FILE, and a total line if more than\none FILE is specified. With no FILE, or when FILE is -, read standard input.\n  -c, --bytes            print the byte counts\n  -m, --chars            print the character counts\n  -l, --lines            print the newline counts\n  -L, --max-line-length  print the maximum display width\n  -w, --words            print the word counts",
    },
    Page {
        name: "sort",
        header: "SORT(1)                          User Commands                         SORT(1)",
        footer: "GNU coreutils 9.1               September 2022                         SORT(1)",
        whatis: "sort - sort lines of text files",
        synopsis: "sort [OPTION]... [FILE]...",
        description: "Write sorted concatenation of all FILE(s) to standard output. With no FILE, or\nwhen FILE is -, read standard input.\n  -b, --ignore-leading-blanks  ignore leading blanks\n  -n, --numeric-sort     compare according to string numerical value\n  -r, --reverse          reverse the result of comparisons\n  -k, --key=KEYDEF       sort via a key; KEYDEF gives location and type\n  -t, --field-separator=SEP  use SEP instead of non-blank to blank transition\n  -u, --unique           output only the first of an equal run\nKEYDEF is F[.C][OPTS][,F[.C][OPTS]] for start and stop position, where F is a field\nnumber and C a character position in the field; both are origin 1. OPTS is one or\nmore single-letter ordering options [bnr].\nsort reads all of its input before it writes: behind 'ping' without -c it waits\nfor Ctrl-C.",
    },
    Page {
        name: "uniq",
        header: "UNIQ(1)                          User Commands                         UNIQ(1)",
        footer: "GNU coreutils 9.1               September 2022                         UNIQ(1)",
        whatis: "uniq - report or omit repeated lines",
        synopsis: "uniq [OPTION]... [INPUT [OUTPUT]]",
        description: "Filter adjacent matching lines from INPUT (or standard input), writing to OUTPUT\n(or standard output). With no options, matching lines are merged to the first\noccurrence.\n  -c, --count            prefix lines by the number of occurrences\n  -d, --repeated         only print duplicate lines, one for each group\n  -D                     print all duplicate lines\n      --all-repeated[=METHOD]  like -D, but allow separating groups with an empty\n                         line; METHOD={none(default),prepend,separate}\n  -f, --skip-fields=N    avoid comparing the first N fields\n  -i, --ignore-case      ignore differences in case when comparing\n  -s, --skip-chars=N     avoid comparing the first N characters\n  -u, --unique           only print unique lines\n  -z, --zero-terminated  line delimiter is NUL, not newline\n  -w, --check-chars=N    compare no more than N characters in lines\n'uniq' does not detect repeated lines unless they are adjacent: sort first.",
    },
    Page {
        name: "cat",
        header: "CAT(1)                           User Commands                          CAT(1)",
        footer: "GNU coreutils 9.1               September 2022                          CAT(1)",
        whatis: "cat - concatenate files and print on the standard output",
        synopsis: "cat [OPTION]... [FILE]...",
        description: "Concatenate FILE(s) to standard output. With no FILE, or when FILE is -, read\nstandard input, as it comes from a pipe.",
    },
    Page {
        name: "grep",
        header: "GREP(1)                          User Commands                         GREP(1)",
        footer: "GNU grep 3.8                      2019-12-29                           GREP(1)",
        whatis: "grep, egrep, fgrep, rgrep - print lines that match patterns",
        synopsis: "grep [OPTION...] PATTERNS [FILE...]\n       grep [OPTION...] -e PATTERNS ... [FILE...]\n       grep [OPTION...] -f PATTERN_FILE ... [FILE...]",
        description: "grep searches for PATTERNS in each FILE. PATTERNS is one or more patterns separated\nby newline characters, and grep prints each line that matches a pattern. A FILE of\n- stands for standard input; with no FILE, recursive searches examine the working\ndirectory, and nonrecursive searches read standard input.\n  -E, -F, -G             extended, fixed-string, basic (default) patterns\n  -e PATTERNS, -f FILE   patterns from the command line, from FILE\n  -i, -w, -x             ignore case; whole words; whole lines\n  -v, -c, -n, -b         invert; count; line numbers; byte offsets\n  -o, -q, -s             only the matching parts; quiet; no file errors\n  -l, -L                 names of files with / without a match\n  -m NUM                 stop after NUM selected lines\n  -A NUM, -B NUM, -C NUM (-NUM)  context after / before / around each match\n  -H, -h, --label=LABEL  file names on / off; the name of standard input\n  -T, -Z, -z             initial tab; NUL after file names; NUL-terminated lines\n  -a, -I, --binary-files=TYPE  binary files as text; as not matching\n  -r, -R, -d ACTION, -D ACTION  recurse into directories; how to read them\n  --include=GLOB, --exclude=GLOB, --exclude-dir=GLOB  which files -r reads\n  --line-buffered        flush output on every line\nBasic regular expressions: . * ^ $ [...] [[:digit:]] \\< \\> \\b \\w \\s, \\+ \\? \\| \\( \\)\n\\{n,m\\} and back-references \\1 to \\9; -E writes + ? | ( ) {n,m} without backslashes.\nInto a pipe the output is block-buffered (4 KiB); --line-buffered flushes each line.\nExit status is 0 if a line is selected, 1 if no lines were selected, and 2 if an\nerror occurred.",
    },
    Page {
        name: "ping",
        header: "PING(8)                             iputils                            PING(8)",
        footer: "iputils 20221126                                                       PING(8)",
        whatis: "ping - send ICMP ECHO_REQUEST to network hosts",
        synopsis: "ping [-aAbBdCDfhHLnOqrRUvV46] [-c count] [-e identifier] [-F flowlabel]\n            [-i interval] [-I interface] [-l preload] [-m mark] [-M pmtudisc_option]\n            [-N nodeinfo_option] [-w deadline] [-W timeout] [-p pattern] [-Q tos]\n            [-s packetsize] [-S sndbuf] [-t ttl] [-T timestamp option] destination",
        description: "ping uses the ICMP protocol's mandatory ECHO_REQUEST datagram to elicit an ICMP\nECHO_RESPONSE from a host or gateway.\n  -4, -6        use IPv4, IPv6 only          -a  audible ping\n  -A            adaptive ping: the interval follows the round-trip time\n  -b            allow pinging a broadcast address\n  -B            do not allow ping to change the source address of probes\n  -c count      stop after sending count ECHO_REQUEST packets\n  -D            print timestamp before each line\n  -e identifier the identification field of ECHO_REQUEST\n  -f            flood ping (root)          -i interval  seconds between packets\n  -I interface  interface name or address  -l preload   packets sent at once\n  -m mark, -M pmtudisc_option (do, want, dont), -Q tos, -S sndbuf, -F flowlabel\n  -n            numeric output only        -O  report outstanding replies\n  -p pattern    up to 16 pad bytes         -q  quiet output\n  -s packetsize data bytes (56)            -t ttl  IP time to live\n  -W timeout    time to wait for a response  -w deadline  seconds before exit\n  -N nodeinfo_option  IPv6 node information queries ('help' lists them)\nWithout -c or -w, ping runs until interrupted, then prints its statistics.",
    },
    Page {
        name: "curl",
        header: "curl(1)                           curl Manual                          curl(1)",
        footer: "curl 7.88.1                    February 19 2023                        curl(1)",
        whatis: "curl - transfer a URL",
        synopsis: "curl [options / URLs]",
        description: "curl is a tool for transferring data from or to a server (http:// here).\n  -v -s -S -i -I -o FILE -L -f -4 -6 -X METHOD -d DATA -H HEADER -w FORMAT\n  --connect-timeout SEC  -m/--max-time SEC  --resolve HOST:PORT:ADDR  --interface IF\ncurl resolves localhost and *.localhost itself (127.0.0.1 then ::1).",
    },
    Page {
        name: "python3",
        header: "PYTHON(1)                   General Commands Manual                  PYTHON(1)",
        footer: "                                                                     PYTHON(1)",
        whatis: "python - an interpreted, interactive, object-oriented programming language",
        synopsis: "python3 -m http.server [PORT] [--bind ADDR] [-d DIR]",
        description: "The http.server module serves the files of a directory over HTTP. Default port\n8000, default address 0.0.0.0 (every interface). Ctrl-C stops it.",
    },
    Page {
        name: "nc",
        header: "NC(1)                     BSD General Commands Manual                    NC(1)",
        footer: "BSD                           September 11, 2022                           BSD",
        whatis: "nc — arbitrary TCP and UDP connections and listens",
        synopsis: "nc [-46kluvz] [-w timeout] [destination] [port]",
        description: "The nc (or netcat) utility is used for just about anything under the sun involving\nTCP or UDP: it can open TCP connections, send UDP packets, listen on arbitrary TCP\nand UDP ports (-l) and do port scanning (-z).",
    },
    Page {
        name: "ip",
        header: "IP(8)                                Linux                               IP(8)",
        footer: "iproute2                          20 Dec 2011                            IP(8)",
        whatis: "ip - show / manipulate routing, network devices, interfaces and tunnels",
        synopsis: "ip [ OPTIONS ] OBJECT { COMMAND | help }",
        description: "Show and manipulate routing, network devices, interfaces and tunnels.\n  OBJECT := { address | link | route | rule | neigh | netns | maddress | ... }\n  OPTIONS := { -4 | -6 | -s[tatistics] | -d[etails] | -br[ief] | -j[son] | -n[etns] name }\n  ip route get ADDRESS   shows the route the kernel picks for ADDRESS",
    },
    Page {
        name: "ss",
        header: "SS(8)                       System Manager's Manual                      SS(8)",
        footer: "                                                                         SS(8)",
        whatis: "ss - another utility to investigate sockets",
        synopsis: "ss [options] [ FILTER ]",
        description: "ss is used to dump socket statistics: states, queues, addresses, owning processes.\n  -t -u -l -a -n -p -e -i -4 -6 -H\nFILTER := [ state STATE-FILTER ] [ EXPRESSION ], e.g.\n  ss -tn state established '( dport = :ssh or sport = :ssh )'\n  ss -t src 127.0.0.1 dport gt :1024",
    },
    Page {
        name: "tcpdump",
        header: "TCPDUMP(8)                  System Manager's Manual                 TCPDUMP(8)",
        footer: "                                 30 July 2022                       TCPDUMP(8)",
        whatis: "tcpdump - dump traffic on a network",
        synopsis: "tcpdump [ -nvX ] [ -c count ] [ -i interface ] [ -w file ] [ expression ]",
        description: "tcpdump prints a description of the contents of packets on a network interface\nthat match the Boolean expression: host, src/dst host, port, src/dst port, tcp, udp,\nicmp, icmp6, ip, ip6, and/or/not, parentheses. Capturing needs root.",
    },
    Page {
        name: "tc",
        header: "TC(8)                                Linux                               TC(8)",
        footer: "iproute2                       16 December 2001                          TC(8)",
        whatis: "tc - show / manipulate traffic control settings",
        synopsis: "tc qdisc [ add | change | replace | del | show ] dev DEV root netem [ OPTIONS ]",
        description: "Tc is used to configure Traffic Control in the Linux kernel. netem adds delay\n[JITTER], loss P%, duplicate P%, reorder P%, corrupt P% and rate R to the packets\nleaving DEV (even lo).",
    },
    Page {
        name: "sysctl",
        header: "SYSCTL(8)                    System Administration                   SYSCTL(8)",
        footer: "procps-ng                         2021-03-29                         SYSCTL(8)",
        whatis: "sysctl - configure kernel parameters at runtime",
        synopsis: "sysctl [options] [variable[=value]] [...]",
        description: "sysctl is used to modify kernel parameters at runtime (route_localnet,\nlog_martians, rp_filter, ip_local_port_range, ...). Writing needs root.\n  -n  print values only   -a  display all values   -w  change settings",
    },
    Page {
        name: "getent",
        header: "getent(1)                   General Commands Manual                  getent(1)",
        footer: "Linux man-pages 6.03              2023-01-07                         getent(1)",
        whatis: "getent - get entries from Name Service Switch libraries",
        synopsis: "getent [option]... database key...",
        description: "getent displays entries from databases supported by the Name Service Switch\nlibraries, which are configured in /etc/nsswitch.conf: hosts, ahosts, ahostsv4,\nahostsv6.",
    },
    Page {
        name: "ssh",
        header: "SSH(1)                    BSD General Commands Manual                   SSH(1)",
        footer: "BSD                            November 28, 2022                           BSD",
        whatis: "ssh — OpenSSH remote login client",
        synopsis: "ssh destination [command [argument ...]]",
        description: "ssh (SSH client) is a program for logging into a remote machine and for executing\ncommands on a remote machine. The LAN holds laptop (192.168.1.20) and\nrouter (192.168.1.1).",
    },
    Page {
        name: "ifconfig",
        header: "IFCONFIG(8)           Linux System Administrator's Manual          IFCONFIG(8)",
        footer: "net-tools                         2008-10-03                       IFCONFIG(8)",
        whatis: "ifconfig - configure a network interface",
        synopsis: "ifconfig [-v] [-a] [-s] [interface]\n       ifconfig [-v] interface [aftype] options | address ...",
        description: "Ifconfig is used to configure the kernel-resident network interfaces.\n  up, down            activate, shut down the interface\n  [-]arp              (not on this kernel)\n  mtu N               the Maximum Transfer Unit\n  netmask addr        the IP network mask\n  add addr/prefixlen  add an IPv6 address\n  del addr/prefixlen  remove an IPv6 address\n  address             the IP address assigned to this interface",
    },
    Page {
        name: "hostname",
        header: "HOSTNAME(1)                Linux Programmer's Manual               HOSTNAME(1)",
        footer: "net-tools                         2009-09-16                       HOSTNAME(1)",
        whatis: "hostname - show or set the system's host name",
        synopsis: "hostname [-a|--alias] [-d|--domain] [-f|--fqdn|--long] [-A|--all-fqdns]\n       [-i|--ip-address] [-I|--all-ip-addresses] [-s|--short] [-y|--yp|--nis]",
        description: "Hostname is used to display the system's DNS name: -I all addresses of the host,\n-i the addresses of the host name, -s the short name, -f the FQDN.",
    },
    Page {
        name: "dmesg",
        header: "DMESG(1)                         User Commands                        DMESG(1)",
        footer: "util-linux 2.38.1                 2022-05-11                          DMESG(1)",
        whatis: "dmesg - print or control the kernel ring buffer",
        synopsis: "dmesg [options]",
        description: "dmesg is used to examine the kernel ring buffer (martian packets with\nlog_martians=1). -c clears it after printing. Debian restricts it to root.",
    },
];

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let Some(name) = args.get(1) else {
        ctx.err("What manual page do you want?\nFor example, try 'man man'.\n");
        return Started::Exited(1);
    };
    if let Some(p) = PAGES.iter().find(|p| p.name == name) {
        ctx.out(&format!(
            "{}\n\nNAME\n       {}\n\nSYNOPSIS\n{}\nDESCRIPTION\n{}\n{}\n",
            p.header,
            p.whatis,
            indent(p.synopsis),
            indent(p.description),
            p.footer
        ));
        return Started::Exited(0);
    }
    match super::find(name) {
        Some(c) => {
            ctx.out(&format!("{name} - {}\n", c.summary));
            Started::Exited(0)
        }
        None => {
            ctx.err(&format!("No manual entry for {name}\n"));
            Started::Exited(16)
        }
    }
}

fn indent(text: &str) -> String {
    let mut s = String::new();
    for line in text.lines() {
        s.push_str("       ");
        s.push_str(line);
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use crate::{Lab, LabConfig};

    #[test]
    fn man_pages_and_errors() {
        let mut lab = Lab::new(LabConfig::default());
        let r = lab.run("man ping");
        assert!(r.stdout().starts_with("PING(8)                             iputils                            PING(8)\n\nNAME\n       ping - send ICMP ECHO_REQUEST to network hosts\n\nSYNOPSIS\n       ping [-aAbBdCDfhHLnOqrRUvV46]"));
        assert!(!r.stdout().contains("the lab"));
        // Real man-db: `man foo` -> "No manual entry for foo", exit 16.
        let r = lab.run("man foo");
        assert_eq!(
            (r.stderr().as_str(), r.status),
            ("No manual entry for foo\n", 16)
        );
        let r = lab.run("man");
        assert_eq!(
            r.stderr(),
            "What manual page do you want?\nFor example, try 'man man'.\n"
        );
        assert_eq!(r.status, 1);
        assert_eq!(
            lab.run("man uname").stdout(),
            "uname - print system information\n"
        );
    }

    /// The page's prose names the machines of the world as `world` has them.
    #[test]
    fn ssh_page_matches_the_world() {
        let text = super::PAGES
            .iter()
            .find(|p| p.name == "ssh")
            .map(|p| p.description)
            .unwrap_or_default();
        for m in [crate::world::LAPTOP, crate::world::ROUTER] {
            assert!(
                text.contains(&alloc::format!("{} ({})", m.name, m.addr)),
                "{text}"
            );
        }
    }
}
