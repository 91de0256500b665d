//! `man CMD`: a short manual page for each command of the lab — what it
//! does and the options the lab implements (the real pages are far longer).

use alloc::format;
use alloc::string::String;

use crate::process::{Ctx, Started};

/// (command, synopsis, the lab's options and notes).
const PAGES: &[(&str, &str, &str)] = &[
    (
        "head",
        "head [-n N|-N|-n -N|-c N] [-q|-v] [FILE]...",
        "Prints the first 10 lines (or N) of each FILE, or of standard input (coreutils 9.1).\n  -n N  the first N lines (-N is the same)   -n -N  all but the last N lines\n  -c N  the first N bytes   -q no ==> FILE <== headers   -v always headers\nBehind a pipe it stops reading once it has its lines: the writer then dies of\nSIGPIPE, so 'ping 127.0.0.1 | head -3' ends.",
    ),
    (
        "tail",
        "tail [-n N|-N|-n +K|-c N] [-q|-v] [FILE]...",
        "Prints the last 10 lines (or N) of each FILE, or of standard input (coreutils 9.1).\n  -n N  the last N lines (-N is the same)   -n +K  from line K on   -c N  the last N bytes\n-f is not available in this lab: nothing appends to the lab's files while tail runs.",
    ),
    (
        "wc",
        "wc [-l] [-w] [-c] [-m] [FILE]...",
        "Counts newlines, words and bytes (all three by default) of each FILE, or of\nstandard input, with a total line for several FILEs (coreutils 9.1).\n  -l lines   -w words   -c bytes   -m characters\nColumns are as wide as the total size of the files, at least 7 for a pipe.",
    ),
    (
        "sort",
        "sort [-n] [-r] [-u] [-b] [-t C] [-k F1[,F2][nrb]]... [FILE]...",
        "Sorts lines byte by byte, as in the C.UTF-8 locale (coreutils 9.1).\n  -n by leading number   -r reverse   -u one line of each run of equal ones\n  -k F1[,F2] sort by fields F1 to F2 (modifiers n, r, b)   -t C fields separated by C\n  -b ignore leading blanks   (character positions -k F.C are not in the lab)\nIt reads all of its input before printing: behind 'ping' (no -c) it waits for Ctrl-C.",
    ),
    (
        "uniq",
        "uniq [-c] [-d] [-u] [-i] [INPUT [OUTPUT]]",
        "Drops repeated adjacent lines (coreutils 9.1); sort first to drop all repeats.\n  -c prefix lines with their count   -d only repeated lines   -u only unique lines\n  -i ignore case",
    ),
    (
        "cat",
        "cat [FILE]...",
        "Prints FILEs (coreutils 9.1); with no FILE, or '-', copies standard input,\nas it comes from a pipe.",
    ),
    (
        "grep",
        "grep [-i] [-v] [-c] [-n] [-w] [-x] [-o] [-q] [-s] [-l|-L] [-m N] [-A N] [-B N] [-C N] [-h|-H] [-E|-F|-G] [-e PATTERN]... PATTERN [FILE]...",
        "Prints the lines of the FILEs (or of standard input, such as a pipe) that match\nPATTERN (GNU grep 3.8). Basic regular expressions by default: . * ^ $ [...] [[:digit:]]\n\\< \\> \\b \\w \\s, GNU's \\+ \\? \\| \\( \\) \\{n,m\\}; -E adds + ? | ( ) {n,m}; -F takes it literally.\n  -i ignore case  -v non-matching lines  -c count  -n line numbers  -w whole words\n  -x whole lines  -o only the matching parts  -q quiet (status only)  -s no file errors\n  -l/-L names of files with/without a match  -m N stop after N lines\n  -A N / -B N / -C N (-N)  N lines of context after / before / around each match\nInto a pipe its output is block-buffered (4 KiB, as stdio does); --line-buffered flushes each line.\nA file with NUL bytes (a capture) is binary: grep says 'binary file matches'.\nExit status 0 if a line was selected, 1 if none, 2 on an error.\nBack-references (\\1) are not available in this lab.\nExample: ip -4 addr | grep inet",
    ),
    (
        "ping",
        "ping [-4|-6] [-b] [-c count] [-D] [-f] [-I interface] [-i interval] [-n] [-q] [-s size] [-t ttl] [-v] [-W timeout] [-w deadline] destination",
        "Sends ICMP ECHO_REQUEST packets and prints each ECHO_REPLY (iputils 20221126).\n  -4/-6  use IPv4/IPv6      -b  allow pinging a broadcast address\n  -c N   stop after N replies   -i SEC  interval (root may go below 0.002)\n  -s N   data bytes (56)    -t N  TTL    -W SEC  wait for a reply    -w SEC  deadline\n  -I IF  bind to an interface   -n  numeric output   -q  quiet   -D  timestamps   -f  flood (root)\nWithout -c, ping runs until Ctrl-C, then prints its statistics.",
    ),
    (
        "curl",
        "curl [options] URL",
        "Transfers a URL over the lab's TCP (curl 7.88.1, http:// only).\n  -v -s -S -i -I -o FILE -L -f -4 -6 -X METHOD -d DATA -H HEADER -w FORMAT\n  --connect-timeout SEC  -m/--max-time SEC  --resolve HOST:PORT:ADDR  --interface IF\ncurl answers localhost and *.localhost itself (127.0.0.1 then ::1) without /etc/hosts.",
    ),
    (
        "dig",
        "dig [@server] [-x ADDR] [-t TYPE] [-p PORT] [-4|-6] [+short] [+tcp] [+noall +answer] [NAME] [TYPE]",
        "Asks a DNS server and prints its whole answer (bind9-dnsutils 9.18): the header,\nthe flags (aa: the server is authoritative), the sections, the query time.\nThe server is @server, else the nameserver of /etc/resolv.conf (the router, 192.168.1.1).\ndig never reads /etc/hosts: 'getent hosts NAME' shows what programs get, dig what DNS says.\n  -x ADDR  the PTR of an address   +short  the data only   +tcp  over TCP (ANY always is)\n  +time=N +tries=N  wait N s, try N times (5 s, 3)   no answer: exit status 9",
    ),
    (
        "host",
        "host [-t TYPE] [-a] [-v] [-l] [-p PORT] [-W SEC] [-R N] [-T] [-4|-6] NAME|ADDR [SERVER]",
        "Looks a name up in DNS (A, AAAA and MX) or an address (PTR) (bind9-dnsutils 9.18).\n'Host x not found: 3(NXDOMAIN)' and exit status 1 when the name does not exist.",
    ),
    (
        "nslookup",
        "nslookup [-type=TYPE] [-port=N] [-timeout=SEC] [-retry=N] NAME|ADDR [SERVER]",
        "Queries a DNS server (bind9-dnsutils 9.18). 'Non-authoritative answer:' when the\nserver did not answer from its own zone. With no NAME it reads names from standard input.",
    ),
    (
        "wget",
        "wget [-O FILE|-O -] [-q] [-S] [--spider] [-T SEC] [-t N] [-4|-6] URL...",
        "Downloads URLs into files named after them (GNU Wget 1.21.3, http:// only); an\nexisting name gets .1, .2... Its log goes to standard error.\n  -O FILE save there (- is standard output)  -q quiet  -S the server's headers\n  --spider only check  -T SEC timeout  -t N tries (20; a refused connection is not retried)\nExit status 4 on a network failure, 8 when the server answers with an error (404).",
    ),
    (
        "telnet",
        "telnet [-4|-6] HOST [PORT]",
        "Opens a TCP connection and shows what the server sends (inetutils-telnet 2.4, as\nDebian 12's telnet). Standard input (a pipe, a file) is sent, lines ending in CR LF;\nits end closes the connection. The lab cannot type into it: Ctrl-C ends it.",
    ),
    (
        "python3",
        "python3 -m http.server [PORT] [--bind ADDR] [-d DIR]",
        "Serves files of the lab's file system over HTTP (Python 3.11). Default port 8000,\ndefault address 0.0.0.0 (every interface). Ctrl-C stops it.",
    ),
    (
        "nc",
        "nc [-l] [-k] [-u] [-v] [-z] [-w SEC] [HOST] PORT",
        "netcat (OpenBSD): connect to a port, listen on one (-l), scan ports (-z).",
    ),
    (
        "bind",
        "bind ADDR:PORT [--udp] [--v6only] [--reuseaddr] [--freebind]",
        "A lab command: opens a socket, sets the options, binds and listens, printing each\nsystem call as strace does. Use [::1]:8000 for IPv6. Runs until Ctrl-C.",
    ),
    (
        "ip",
        "ip [-4|-6] [-s] [-br] [-j] [-d] [-n NS] OBJECT COMMAND",
        "Shows and changes addresses, links, routes, rules and namespaces (iproute2 6.1).\n  OBJECT: addr, link, route, rule, neigh, netns\n  ip route get ADDR   shows which rule, table and route the kernel picks",
    ),
    (
        "ss",
        "ss [-t] [-u] [-l] [-a] [-n] [-p] [-e] [-i] [-4|-6]",
        "Lists sockets: state, queues, addresses, owning process (iproute2 6.1).",
    ),
    (
        "tcpdump",
        "tcpdump -i IF|any [-n] [-v] [-X] [-c N] [EXPRESSION]",
        "Prints the packets crossing an interface. EXPRESSION: host, src/dst host, port,\nsrc/dst port, tcp, udp, icmp, icmp6, ip, ip6, and/or/not, parentheses. Root only.",
    ),
    (
        "tc",
        "tc qdisc add|change|replace|del|show dev IF root netem [delay T [JITTER]] [loss P%] [duplicate P%] [reorder P%] [corrupt P%] [rate R]",
        "Fault injection: makes an interface (even lo) slow or lossy.",
    ),
    (
        "sysctl",
        "sysctl [-n] [-a] [-w] KEY[=VALUE]...",
        "Reads and writes the lab's kernel parameters (route_localnet, log_martians, rp_filter,\nip_local_port_range, ip_unprivileged_port_start, ...). Writing needs root.",
    ),
    (
        "getent",
        "getent hosts|ahosts|ahostsv4|ahostsv6 [NAME...]",
        "Resolves names the way glibc does (nsswitch, /etc/hosts, DNS).",
    ),
    (
        "ssh",
        "ssh HOST COMMAND...",
        "Runs COMMAND as root on another machine of the LAN: laptop (192.168.1.20) or router (192.168.1.1).",
    ),
    (
        "ifconfig",
        "ifconfig [-a] [IF] [up|down]",
        "The old net-tools view of the interfaces.",
    ),
    (
        "hostname",
        "hostname [-i|-I|-s|-f]",
        "Prints the host name; -I all addresses, -i the addresses of the name.",
    ),
    (
        "dmesg",
        "dmesg [-c]",
        "The kernel log (martian packets with log_martians=1). Root only on Debian.",
    ),
    (
        "redis-server",
        "redis-server [--bind ADDR] [--port N]",
        "A tiny Redis (PING, ECHO, GET, SET, DEL, EXISTS).",
    ),
    (
        "redis-cli",
        "redis-cli [-h HOST] [-p PORT] COMMAND...",
        "Talks RESP to redis-server.",
    ),
];

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let Some(name) = args.get(1) else {
        ctx.err("What manual page do you want?\nFor example, try 'man man'.\n");
        return Started::Exited(1);
    };
    if let Some((_, synopsis, text)) = PAGES.iter().find(|(n, _, _)| n == name) {
        ctx.out(&format!(
            "{upper}(1)                       Loopback Lab                       {upper}(1)\n\nNAME\n       {name}\n\nSYNOPSIS\n       {synopsis}\n\nIN THIS LAB\n{body}\n",
            upper = name.to_ascii_uppercase(),
            body = indent(text)
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
        assert!(r.stdout().contains("SYNOPSIS\n       ping [-4|-6]"));
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
            .find(|(name, _, _)| *name == "ssh")
            .map(|(_, _, text)| *text)
            .unwrap_or_default();
        for m in [crate::world::LAPTOP, crate::world::ROUTER] {
            assert!(
                text.contains(&alloc::format!("{} ({})", m.name, m.addr)),
                "{text}"
            );
        }
    }
}
