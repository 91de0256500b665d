//! The lessons, as data. Every claim here was checked against what the lab
//! prints and traces (`cargo run -p lolab-cli -- -c '…'`).

use crate::inspector::{Focus, Tab};

/// A multiple-choice prediction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question {
    /// What to predict.
    pub prompt: &'static str,
    /// The choices.
    pub choices: &'static [&'static str],
    /// The index of the right choice.
    pub answer: usize,
}

/// One step: a command to run (maybe after a prediction) and what it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The command line, typed into the lab's terminal.
    pub command: &'static str,
    /// Why this step (shown before running).
    pub lead: &'static str,
    /// The prediction to make first, if any.
    pub question: Option<Question>,
    /// What happened (shown once the command has run).
    pub explain: &'static str,
    /// A button that points the inspector at the evidence: (label, focus).
    pub show: Option<(&'static str, Focus)>,
}

/// One lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// A stable id (URL- and selector-safe).
    pub id: &'static str,
    /// The title.
    pub title: &'static str,
    /// One line for the landing list.
    pub summary: &'static str,
    /// Paragraphs before the steps.
    pub intro: &'static [&'static str],
    /// Commands run silently on a fresh lab before the lesson starts.
    pub setup: &'static [&'static str],
    /// A replacement /etc/hosts written before the setup commands.
    pub hosts: Option<&'static str>,
    /// The steps, in order.
    pub steps: &'static [Step],
}

const fn q(
    prompt: &'static str,
    choices: &'static [&'static str],
    answer: usize,
) -> Option<Question> {
    Some(Question {
        prompt,
        choices,
        answer,
    })
}

/// Every lesson, in the seed's order.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "localhost",
        title: "1. What localhost is",
        summary: "lo, 127.0.0.1 and ::1: a packet that never leaves the machine",
        intro: &[
            "Every Linux host has a virtual interface called lo. It has no hardware: whatever it transmits, it receives. localhost is a name, 127.0.0.1 is an address, lo is an interface; they are related but not the same thing.",
        ],
        setup: &[],
        hosts: None,
        steps: &[
            Step {
                command: "ip addr show lo",
                lead: "Look at the loopback interface.",
                question: q(
                    "Which addresses does lo carry?",
                    &[
                        "127.0.0.1/8 and ::1/128",
                        "192.168.1.50/24",
                        "none: lo needs no address",
                    ],
                    0,
                ),
                explain: "lo holds 127.0.0.1/8 (so the whole 127.0.0.0/8 block) and ::1/128. Its link address is 00:00:00:00:00:00: there is no wire, so no real MAC is needed.",
                show: Some(("Show lo in the State tab", Focus::Tab(Tab::State))),
            },
            Step {
                command: "ping -c 1 127.0.0.1",
                lead: "Ping the loopback address and watch the packet's journey.",
                question: q(
                    "Does the echo request go out of eth0?",
                    &[
                        "No: the route lookup picks lo, and lo's transmit is its receive",
                        "Yes: it goes to the router and comes back",
                        "Yes, but only the first packet",
                    ],
                    0,
                ),
                explain: "The route lookup finds 'local 127.0.0.1 dev lo' in the local table. The loopback driver hands the packet straight to its own receive backlog; the IP receive path sees a local destination and the kernel answers the echo itself. The round trip takes a few hundredths of a millisecond.",
                show: Some(("Follow the echo request", Focus::FirstPacket)),
            },
            Step {
                command: "ping -c 1 localhost",
                lead: "Now the name instead of the address.",
                question: q(
                    "Which address does ping use for localhost?",
                    &["127.0.0.1", "::1", "192.168.1.50"],
                    1,
                ),
                explain: "/etc/hosts maps localhost to both 127.0.0.1 and ::1. ping asks getaddrinfo for any family, and glibc's RFC 3484 sort puts ::1 first, so ping prints 'localhost (::1)'. Same result: the packet turns around on lo.",
                show: Some(("Follow the ICMPv6 echo", Focus::FirstPacket)),
            },
        ],
    },
    Lesson {
        id: "block",
        title: "2. The whole 127.0.0.0/8 block",
        summary: "16 million addresses, all of them this host",
        intro: &[
            "127.0.0.1 is only the best-known address of the loopback block. The whole 127.0.0.0/8 (127.0.0.0 to 127.255.255.255) is reserved for loopback, and Linux answers on all of it.",
        ],
        setup: &[],
        hosts: None,
        steps: &[
            Step {
                command: "ping -c1 127.1.2.3",
                lead: "127.1.2.3 is not configured anywhere.",
                question: q(
                    "What happens?",
                    &[
                        "It answers: every 127.x.y.z is this host",
                        "connect: Network is unreachable",
                        "No answer: nobody owns that address",
                    ],
                    0,
                ),
                explain: "It answers from 127.1.2.3. No interface lists that exact address; one route covers the whole block.",
                show: Some(("Show the route lookup", Focus::FirstPacket)),
            },
            Step {
                command: "ip route show table local",
                lead: "The local table is the one the kernel consults first (rule 0).",
                question: q(
                    "Which route makes 127.1.2.3 work?",
                    &[
                        "local 127.0.0.0/8 dev lo",
                        "the default route via 192.168.1.1",
                        "a route added for each address on first use",
                    ],
                    0,
                ),
                explain: "'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1': every destination in the block is local and goes through lo, with 127.0.0.1 as the preferred source. The kernel added it when 127.0.0.1/8 was put on lo.",
                show: None,
            },
            Step {
                command: "ping -c1 127.255.255.255",
                lead: "The last address of the block.",
                question: q(
                    "Does 127.255.255.255 answer like the others?",
                    &[
                        "No: it is the block's broadcast address and ping refuses without -b",
                        "Yes, like 127.1.2.3",
                        "It reaches every host on the LAN",
                    ],
                    0,
                ),
                explain: "The local table has 'broadcast 127.255.255.255 dev lo': ping refuses to ping a broadcast address unless you pass -b.",
                show: None,
            },
        ],
    },
    Lesson {
        id: "names",
        title: "3. localhost, 127.0.0.1 and ::1",
        summary: "name resolution, IPv6 first, and curl's fallback",
        intro: &[
            "'localhost' is a host name: programs look it up, usually in /etc/hosts, and may get 127.0.0.1, ::1 or both, in an order that depends on the program and its flags. A server bound to one of them is not reachable on the other.",
        ],
        setup: &[],
        hosts: None,
        steps: &[
            Step {
                command: "getent ahosts localhost",
                lead: "getent ahosts asks getaddrinfo the way most programs do (with AI_ADDRCONFIG).",
                question: q(
                    "What does it list?",
                    &["::1, then 127.0.0.1", "only 127.0.0.1", "only ::1"],
                    0,
                ),
                explain: "::1 first, then 127.0.0.1: /etc/hosts names localhost on two lines and glibc returns both, sorted by RFC 3484 (::1 has precedence 50, IPv4 addresses 10). AI_ADDRCONFIG keeps IPv6 because eth0 has an IPv6 address (its fe80:: link-local). A program that tries only the first answer talks to ::1, not 127.0.0.1: that is the 'localhost is not always 127.0.0.1' surprise.",
                show: None,
            },
            Step {
                command: "python3 -m http.server 8000 --bind ::1 &",
                lead: "Start a web server that listens on ::1 only.",
                question: None,
                explain: "The server listens on [::1]:8000 and nowhere else: see the Sockets table.",
                show: Some(("Show the listening socket", Focus::Tab(Tab::State))),
            },
            Step {
                command: "curl -v http://localhost:8000/",
                lead: "curl 7.88.1 resolves 'localhost' itself (to 127.0.0.1 and ::1) and tries IPv4 first.",
                question: q(
                    "What happens?",
                    &[
                        "127.0.0.1 is refused, curl falls back to ::1 and gets the page",
                        "It fails: the server is IPv6 only",
                        "It connects to ::1 straight away",
                    ],
                    0,
                ),
                explain: "'connect to 127.0.0.1 port 8000 failed: Connection refused', then 'Trying [::1]:8000... Connected'. The SYN to 127.0.0.1 found no socket, the kernel answered with a RST, and curl tried the next address.",
                show: Some(("Show the SYN nobody accepted", Focus::Dropped)),
            },
            Step {
                command: "curl http://127.0.0.1:8000/",
                lead: "Now the IPv4 literal.",
                question: q(
                    "What happens?",
                    &[
                        "Connection refused (exit 7): nothing listens on IPv4",
                        "The page: 127.0.0.1 and ::1 are the same socket",
                        "A timeout",
                    ],
                    0,
                ),
                explain: "curl: (7) Failed to connect. 127.0.0.1 and ::1 are different addresses of different families; the server only bound ::1. Use 127.0.0.1 when you mean IPv4, ::1 when you mean IPv6.",
                show: Some(("Show the refused SYN", Focus::Dropped)),
            },
        ],
    },
    Lesson {
        id: "binding",
        title: "4. Binding 127.0.0.1, 0.0.0.0 or 192.168.1.50",
        summary: "who can reach your server depends on the address it binds",
        intro: &[
            "A server chooses which local address it listens on. 127.0.0.1: only this machine. 0.0.0.0: every address of this machine, so anyone who can route to it. 192.168.1.50: only through that address. The laptop (192.168.1.20) is on the same LAN as lab (192.168.1.50).",
        ],
        setup: &[],
        hosts: None,
        steps: &[
            Step {
                command: "python3 -m http.server 8000 --bind 127.0.0.1 &",
                lead: "A development server, bound to loopback.",
                question: None,
                explain: "Listening on 127.0.0.1:8000.",
                show: None,
            },
            Step {
                command: "ssh laptop curl http://192.168.1.50:8000/",
                lead: "The laptop asks for lab's LAN address, port 8000.",
                question: q(
                    "What does the laptop get?",
                    &[
                        "Connection refused: nothing listens on 192.168.1.50:8000",
                        "The page",
                        "A timeout: a firewall drops it",
                    ],
                    0,
                ),
                explain: "The SYN crossed the LAN and reached lab's eth0, but no socket listens on 192.168.1.50:8000, so lab's kernel answered with a RST. A server on 127.0.0.1 cannot be reached from another host.",
                show: Some(("Show the SYN that found no socket", Focus::Dropped)),
            },
            Step {
                command: "python3 -m http.server 8001 --bind 0.0.0.0 &",
                lead: "A second server, on port 8001, bound to the wildcard 0.0.0.0.",
                question: None,
                explain: "Listening on 0.0.0.0:8001: every IPv4 address of lab.",
                show: Some(("Compare the two sockets", Focus::Tab(Tab::State))),
            },
            Step {
                command: "ssh laptop curl -I http://192.168.1.50:8001/",
                lead: "The laptop tries port 8001.",
                question: q(
                    "What now?",
                    &[
                        "HTTP/1.0 200 OK: 0.0.0.0 includes 192.168.1.50",
                        "Refused again",
                        "Only 127.0.0.1 can reach 0.0.0.0",
                    ],
                    0,
                ),
                explain: "200 OK, and the server logs the client 192.168.1.20. Binding 0.0.0.0 exposes the service on the network: it needs authentication.",
                show: Some(("Follow the SYN across the LAN", Focus::FirstPacket)),
            },
            Step {
                command: "python3 -m http.server 8002 --bind 192.168.1.50 &",
                lead: "A third server, bound to the LAN address only.",
                question: None,
                explain: "Listening on 192.168.1.50:8002.",
                show: None,
            },
            Step {
                command: "curl http://127.0.0.1:8002/",
                lead: "From lab itself, through loopback.",
                question: q(
                    "Does 127.0.0.1:8002 reach it?",
                    &[
                        "No: refused, the socket is bound to 192.168.1.50 only",
                        "Yes: it is the same machine",
                    ],
                    0,
                ),
                explain: "Refused. A specific address is matched exactly; curl http://192.168.1.50:8002/ would work, from lab and from the laptop.",
                show: Some(("Show the refused SYN", Focus::Dropped)),
            },
        ],
    },
    Lesson {
        id: "refused",
        title: "5. Testing \"connection refused\"",
        summary: "a closed port on localhost answers at once, with a RST",
        intro: &[
            "Tests of error handling often connect to a port where nothing listens, such as 127.0.0.1:59999. On loopback the answer is immediate and certain.",
        ],
        setup: &[],
        hosts: None,
        steps: &[
            Step {
                command: "curl http://127.0.0.1:59999/",
                lead: "Nothing listens on port 59999.",
                question: q(
                    "What does curl report?",
                    &[
                        "Exit 7, couldn't connect, immediately",
                        "A timeout after a few minutes",
                        "HTTP 404",
                    ],
                    0,
                ),
                explain: "'curl: (7) Failed to connect to 127.0.0.1 port 59999 after 0 ms'. The SYN reached the socket demux, found no listener, and the kernel sent back a RST: connect() fails with ECONNREFUSED.",
                show: Some(("Show the RST", Focus::Labelled("[R"))),
            },
            Step {
                command: "echo $?",
                lead: "curl's exit status.",
                question: None,
                explain: "7: curl's code for 'Failed to connect to host'. A test can check for it, as Python's ConnectionRefusedError.",
                show: None,
            },
            Step {
                command: "nc -vz 127.0.0.1 59999",
                lead: "netcat's port check says the same in its own words.",
                question: None,
                explain: "'Connection refused': the same RST, seen by another program.",
                show: Some(("Show the SYN that found no socket", Focus::Dropped)),
            },
            Step {
                command: "python3 -c \"import socket; s = socket.socket(); s.connect(('127.0.0.1', 59999))\"",
                lead: "The test the way a test suite writes it: a Python socket connecting to the closed port.",
                question: q(
                    "What does Python raise?",
                    &[
                        "ConnectionRefusedError: [Errno 111] Connection refused",
                        "TimeoutError: timed out",
                        "OSError: [Errno 99] Cannot assign requested address",
                    ],
                    0,
                ),
                explain: "ConnectionRefusedError, errno 111 (ECONNREFUSED), with its traceback, and python3 exits 1. connect() sent the same SYN and got the same RST: an error-handling test can catch ConnectionRefusedError (or OSError) and be sure it is not waiting on a timeout.",
                show: Some(("Show the RST", Focus::Labelled("[R"))),
            },
        ],
    },
    Lesson {
        id: "martians",
        title: "6. Martian packets and route_localnet",
        summary: "127.0.0.0/8 to or from eth0 is dropped",
        intro: &[
            "A packet for 127.0.0.0/8 that arrives on a real interface cannot be genuine: Linux drops it as a 'martian' and, with log_martians on, logs it. We break the laptop's routing on purpose so that it sends such a packet to lab, then forge one that claims to come from 127.0.0.1.",
        ],
        setup: &[],
        hosts: None,
        steps: &[
            Step {
                command: "sudo sysctl -w net.ipv4.conf.all.log_martians=1",
                lead: "Ask lab's kernel to log martians.",
                question: None,
                explain: "net.ipv4.conf.all.log_martians = 1",
                show: None,
            },
            Step {
                command: "ssh laptop ping -c1 127.0.0.5",
                lead: "The laptop pings 127.0.0.5.",
                question: q(
                    "Where does the packet go?",
                    &[
                        "Nowhere: the laptop's own lo answers",
                        "To lab over the LAN",
                        "To the router",
                    ],
                    0,
                ),
                explain: "The laptop has its own 'local 127.0.0.0/8 dev lo' route: 127.0.0.5 is the laptop itself. Loopback never leaves a host.",
                show: Some(("Show the laptop's route lookup", Focus::FirstPacket)),
            },
            Step {
                command: "ssh laptop ip route del local 127.0.0.0/8 dev lo table local; ssh laptop ip route add 127.0.0.0/8 via 192.168.1.50",
                lead: "Break the laptop: remove its loopback block route (127.0.0.1 itself stays) and send 127.0.0.0/8 to lab.",
                question: None,
                explain: "The laptop now routes 127.0.0.5 via 192.168.1.50 on eth0.",
                show: None,
            },
            Step {
                command: "ssh laptop ping -c1 127.0.0.5",
                lead: "Again.",
                question: q(
                    "The echo request reaches lab's eth0. What does lab do?",
                    &[
                        "Drops it as a martian destination",
                        "Answers it: 127.0.0.5 is one of lab's addresses",
                        "Forwards it to lo",
                    ],
                    0,
                ),
                explain: "100% packet loss. lab's IP receive path saw a 127.0.0.0/8 destination on eth0 with route_localnet off and dropped it (SKB_DROP_REASON_IP_LOCALNET).",
                show: Some(("Show the martian drop", Focus::Dropped)),
            },
            Step {
                command: "ssh laptop hping3 -1 -a 127.0.0.1 192.168.1.50 -c 1",
                lead: "Now the other way round: the laptop forges an echo request that claims to come FROM 127.0.0.1 (hping3 -a spoofs the source) and sends it to lab's real address.",
                question: q(
                    "Does lab answer it?",
                    &[
                        "No: a 127.0.0.1 source arriving on eth0 is a martian source and is dropped",
                        "Yes, to 127.0.0.1, that is to itself",
                        "Yes, to the laptop",
                    ],
                    0,
                ),
                explain: "100% packet loss. A packet from 127.0.0.0/8 can only be genuine on lo; on eth0 it is a spoof, and lab's receive path drops it before any socket or ICMP code sees it. This is the guarantee firewalls rely on when they trust 127.0.0.1.",
                show: Some(("Show the martian source drop", Focus::Dropped)),
            },
            Step {
                command: "sudo dmesg",
                lead: "lab's kernel log.",
                question: None,
                explain: "'IPv4: martian destination 127.0.0.5 from 192.168.1.20, dev eth0' for the first packet, then 'IPv4: martian source 192.168.1.50 from 127.0.0.1, on dev eth0' (the kernel names the destination first) with the frame's Ethernet header in hex.",
                show: None,
            },
            Step {
                command: "sudo sysctl -w net.ipv4.conf.all.route_localnet=1; ssh laptop ping -c1 127.0.0.5",
                lead: "route_localnet=1 lets lab accept 127.0.0.0/8 on eth0 (for testing only).",
                question: q(
                    "Does the laptop get a reply now?",
                    &[
                        "No: lab accepts the request, but its reply from 127.0.0.5 cannot be routed out of eth0",
                        "Yes: route_localnet makes loopback routable both ways",
                        "No: the request is still dropped as a martian",
                    ],
                    0,
                ),
                explain: "The request is delivered and the kernel builds an echo reply, but the route lookup for the reply (source 127.0.0.5, out of eth0) fails with EINVAL. Even with route_localnet, the loopback block is not a network address.",
                show: Some(("Show where the reply dies", Focus::FirstPacket)),
            },
        ],
    },
    Lesson {
        id: "containers",
        title: "7. Containers have their own loopback",
        summary: "localhost inside a network namespace is not the host's",
        intro: &[
            "Docker and friends put each container in its own network namespace, with its own lo. 'localhost' inside the container means the container. We make a namespace called web, as a container runtime would.",
        ],
        setup: &[],
        hosts: None,
        steps: &[
            Step {
                command: "sudo ip netns add web",
                lead: "Create the namespace. A terminal tab for it appears above the terminal.",
                question: None,
                explain: "web exists: only a lo interface, down, no addresses.",
                show: None,
            },
            Step {
                command: "sudo ip netns exec web ping -c1 127.0.0.1",
                lead: "Ping loopback inside the fresh namespace.",
                question: q(
                    "Does it answer?",
                    &[
                        "No: web's lo is still down (Network is unreachable)",
                        "Yes: loopback always works",
                        "Yes, the host's lo answers",
                    ],
                    0,
                ),
                explain: "'ping: connect: Network is unreachable': a new namespace's lo starts down, with no route to 127.0.0.0/8.",
                show: None,
            },
            Step {
                command: "sudo ip netns exec web ip link set lo up",
                lead: "Bring web's lo up (container runtimes do this for you).",
                question: None,
                explain: "web's lo is up with 127.0.0.1/8 and ::1.",
                show: None,
            },
            Step {
                command: "sudo ip netns exec web python3 -m http.server 8000 &",
                lead: "A server inside web, on 0.0.0.0:8000.",
                question: None,
                explain: "Listening on 0.0.0.0:8000, inside web.",
                show: None,
            },
            Step {
                command: "curl http://localhost:8000/",
                lead: "From the host.",
                question: q(
                    "Does the host reach the container's server at localhost:8000?",
                    &[
                        "No: refused, the host's loopback has no listener on 8000",
                        "Yes: localhost is shared",
                    ],
                    0,
                ),
                explain: "Refused. The SYN went through the host's lo and found no socket; the server's socket lives in web's table. This is why a container publishes ports ('127.0.0.1:3000:3000').",
                show: Some(("Show the refused SYN", Focus::Dropped)),
            },
            Step {
                command: "sudo ip netns exec web curl -I http://localhost:8000/",
                lead: "From inside web.",
                question: q(
                    "And inside the container?",
                    &["HTTP/1.0 200 OK", "Refused too"],
                    0,
                ),
                explain: "200 OK: inside web, localhost is web's own loopback.",
                show: Some(("Follow the SYN in web", Focus::FirstPacket)),
            },
        ],
    },
    Lesson {
        id: "nodes",
        title: "8. A cluster on 127.0.0.1, .2 and .3",
        summary: "several 'nodes' on one machine, same port",
        intro: &[
            "Test suites run cluster nodes on 127.0.0.1, 127.0.0.2 and 127.0.0.3: each node has its own address and can use the same port.",
        ],
        setup: &[],
        hosts: None,
        steps: &[
            Step {
                command: "python3 -m http.server 8000 --bind 127.0.0.1 & python3 -m http.server 8000 --bind 127.0.0.2 & python3 -m http.server 8000 --bind 127.0.0.3 &",
                lead: "Three servers, all on port 8000.",
                question: q(
                    "What happens?",
                    &[
                        "All three start: each binds a different address",
                        "The second fails: Address already in use",
                    ],
                    0,
                ),
                explain: "Three 'Serving HTTP on 127.0.0.N port 8000' lines. A bind conflicts only when the addresses overlap.",
                show: Some(("Show the three sockets", Focus::Tab(Tab::State))),
            },
            Step {
                command: "curl -I http://127.0.0.2:8000/",
                lead: "Talk to node 2. Its log line shows the client's address.",
                question: q(
                    "Which client address does node 2 log?",
                    &[
                        "127.0.0.1: the route's preferred source",
                        "127.0.0.2, the same as the server",
                        "192.168.1.50",
                    ],
                    0,
                ),
                explain: "'127.0.0.1 - - … \"HEAD / HTTP/1.1\" 200': the local route 'local 127.0.0.0/8 dev lo … src 127.0.0.1' picks 127.0.0.1 as the source. A node that needs its own source address must bind it before connecting.",
                show: Some(("Follow the SYN to node 2", Focus::FirstPacket)),
            },
            Step {
                command: "python3 -m http.server 8000",
                lead: "A fourth server on the wildcard 0.0.0.0, same port.",
                question: q(
                    "Does it start?",
                    &[
                        "No: OSError: [Errno 98] Address already in use",
                        "Yes: 0.0.0.0 is a different address",
                    ],
                    0,
                ),
                explain: "Address already in use: the wildcard overlaps 127.0.0.1-3.",
                show: None,
            },
        ],
    },
    Lesson {
        id: "hosts",
        title: "9. When localhost is misconfigured",
        summary: "/etc/hosts decides what 'localhost' means (except to curl)",
        intro: &[
            "Someone edited lab's /etc/hosts: the first line now says '192.168.1.20 localhost' (the laptop) and ::1 lost its localhost name. Look at the file in State → /etc/hosts; you can edit it there.",
        ],
        setup: &[],
        hosts: Some(
            "192.168.1.20\tlocalhost\n127.0.1.1\tlab\n\n# The following lines are desirable for IPv6 capable hosts\n::1     ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n",
        ),
        steps: &[
            Step {
                command: "getent ahosts localhost",
                lead: "Ask glibc's getaddrinfo, as every ordinary program does.",
                question: q(
                    "What does localhost resolve to?",
                    &["192.168.1.20", "127.0.0.1: localhost is hard-wired", "::1"],
                    0,
                ),
                explain: "192.168.1.20 (once per socket type): glibc believes the file. ('getent hosts localhost' asks for IPv6 first; the file no longer names ::1 localhost, so that question goes on to DNS, and the router's dnsmasq answers ::1 from its own /etc/hosts.)",
                show: Some(("Open /etc/hosts", Focus::Tab(Tab::State))),
            },
            Step {
                command: "ping -c1 localhost",
                lead: "Ping 'localhost'.",
                question: q(
                    "Where do the packets go?",
                    &["Out of eth0 to the laptop", "Through lo as usual"],
                    0,
                ),
                explain: "'PING localhost (192.168.1.20)': the echo request leaves through eth0, and the laptop answers. Anything using 'localhost' now talks to another machine: a security problem.",
                show: Some(("Follow the packet out of eth0", Focus::FirstPacket)),
            },
            Step {
                command: "python3 -m http.server 8000 --bind 127.0.0.1 & curl -sI http://localhost:8000/",
                lead: "A local server on 127.0.0.1, then curl http://localhost:8000/.",
                question: q(
                    "Which server answers curl?",
                    &[
                        "Ours on 127.0.0.1: curl 7.88.1 never asks /etc/hosts about localhost",
                        "Nobody: curl goes to the laptop and is refused",
                    ],
                    0,
                ),
                explain: "HTTP/1.0 200 OK from 127.0.0.1. curl resolves 'localhost' itself, to 127.0.0.1 and ::1 (RFC 6761), so it is immune to this mistake; most programs are not.",
                show: None,
            },
            Step {
                command: "getent hosts localhost",
                lead: "Fix the file: in State → /etc/hosts, change the first line to '127.0.0.1 localhost', press Save, then run this again.",
                question: None,
                explain: "After the fix: 127.0.0.1 localhost.",
                show: Some(("Open the /etc/hosts editor", Focus::Tab(Tab::State))),
            },
        ],
    },
    Lesson {
        id: "latency",
        title: "10. Loopback hides latency",
        summary: "tc netem adds the delay and loss a real network has",
        intro: &[
            "Loopback is an idealised network: microseconds, no loss. Code that works there can fail on a real network. tc netem lets you add delay and loss to lo. Tip: choose 10× or instant speed in the toolbar for the long ping.",
        ],
        setup: &[],
        hosts: None,
        steps: &[
            Step {
                command: "ping -c 3 127.0.0.1",
                lead: "The baseline.",
                question: q(
                    "What round-trip time do you expect?",
                    &[
                        "A few hundredths of a millisecond",
                        "About 1 ms",
                        "About 20 ms",
                    ],
                    0,
                ),
                explain: "time=0.016 ms or so: a few tens of microseconds.",
                show: None,
            },
            Step {
                command: "sudo tc qdisc add dev lo root netem delay 100ms loss 10%",
                lead: "Add 100 ms of delay and 10% loss to everything lo transmits.",
                question: None,
                explain: "A netem qdisc sits on lo now: see the Queueing discipline box in the journey.",
                show: None,
            },
            Step {
                command: "ping -c 10 127.0.0.1",
                lead: "Ping again (10 packets take 10 seconds at 1×).",
                question: q(
                    "What round-trip time now?",
                    &[
                        "About 200 ms: the request and the reply both cross lo",
                        "About 100 ms",
                        "Unchanged: netem does not affect loopback",
                    ],
                    0,
                ),
                explain: "time=200 ms, and about one packet in ten is lost: the request and the reply each wait 100 ms in lo's qdisc.",
                show: Some(("Show the packet waiting in the qdisc", Focus::FirstPacket)),
            },
            Step {
                command: "sudo tc qdisc del dev lo root",
                lead: "Put lo back.",
                question: None,
                explain: "lo is instant again.",
                show: None,
            },
        ],
    },
    Lesson {
        id: "localnet",
        title: "11. DNAT to 127.0.0.1 and route_localnet",
        summary: "a service bound to 127.0.0.1 exposed to the LAN (CVE-2020-8558)",
        intro: &[
            "Binding a development server to 127.0.0.1 keeps it off the network: packets to 127.0.0.0/8 never arrive from outside. Netfilter can rewrite a packet's destination (DNAT) before the kernel decides where it goes. This lesson follows what happens when a rule sends the LAN's packets to 127.0.0.1, and the sysctl, route_localnet, that decides whether Linux lets them in. Kubernetes' kube-proxy once set it, and every service bound to localhost on a node became reachable from its neighbours (CVE-2020-8558).",
        ],
        setup: &[],
        hosts: None,
        steps: &[
            Step {
                command: "python3 -m http.server 3000 --bind 127.0.0.1 &",
                lead: "A development server, bound to 127.0.0.1 only.",
                question: None,
                explain: "Serving HTTP on 127.0.0.1 port 3000: only a client on this machine can reach it.",
                show: None,
            },
            Step {
                command: "ssh laptop curl -sS -m 3 http://192.168.1.50:3000/",
                lead: "The laptop tries the lab's LAN address, port 3000.",
                question: q(
                    "What does the laptop get?",
                    &[
                        "Connection refused: nothing listens on 192.168.1.50:3000",
                        "The server's page",
                        "A timeout",
                    ],
                    0,
                ),
                explain: "curl: (7): the SYN reached the lab, no socket is bound to 192.168.1.50:3000 or to 0.0.0.0:3000, and the kernel answered with a reset.",
                show: Some(("Follow the refused SYN", Focus::FirstPacket)),
            },
            Step {
                command: "sudo iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 3000 -j DNAT --to-destination 127.0.0.1:3000",
                lead: "Someone 'forwards' the port: packets arriving on eth0 for port 3000 get 127.0.0.1 as their destination, in PREROUTING, before the route lookup.",
                question: None,
                explain: "The rule is in the nat table's PREROUTING chain: `sudo iptables -t nat -L -n -v` shows it. Connection tracking now runs, and the nat table sees the first packet of every connection.",
                show: None,
            },
            Step {
                command: "ssh laptop curl -sS -m 3 http://192.168.1.50:3000/",
                lead: "The laptop tries again.",
                question: q(
                    "Does the laptop get the page now?",
                    &[
                        "No: after the rewrite the packet is a martian, 127.0.0.1 arriving on eth0",
                        "Yes: the DNAT sends it to the server",
                        "No: connection refused, as before",
                    ],
                    0,
                ),
                explain: "curl: (28), a timeout. Netfilter rewrote the SYN to 127.0.0.1:3000 (see the PREROUTING step), then the input route found a loopback destination on a real device and dropped it: SKB_DROP_REASON_IP_LOCALNET. No reset comes back, so the laptop waits.",
                show: Some(("Show where the rewritten SYN dies", Focus::Dropped)),
            },
            Step {
                command: "sudo sysctl -w net.ipv4.conf.eth0.route_localnet=1",
                lead: "route_localnet=1 tells the kernel to route 127.0.0.0/8 on eth0 like any other address.",
                question: None,
                explain: "The martian check for 127.0.0.0/8 is off for eth0; so is the rule that a 127.0.0.0/8 source may not leave through it.",
                show: None,
            },
            Step {
                command: "ssh laptop curl -sSI -m 3 http://192.168.1.50:3000/",
                lead: "And once more.",
                question: q(
                    "What now?",
                    &[
                        "HTTP 200: the service bound to 127.0.0.1 answers the laptop",
                        "Still a timeout",
                    ],
                    0,
                ),
                explain: "200 OK, and the server logs 192.168.1.20 as its client. The reply leaves from 127.0.0.1:3000; conntrack undoes the DNAT on the way out (POSTROUTING), so the laptop sees 192.168.1.50:3000 answer. Binding to 127.0.0.1 protected nothing here.",
                show: Some(("Follow the SYN through PREROUTING", Focus::FirstPacket)),
            },
            Step {
                command: "sudo conntrack -L",
                lead: "The connection tracking table holds the translation.",
                question: None,
                explain: "Each entry has two tuples: the packets as the laptop sent them (dst=192.168.1.50 dport=3000), and the replies as they leave the server (src=127.0.0.1 sport=3000). The difference is the NAT binding.",
                show: None,
            },
        ],
    },
    Lesson {
        id: "python",
        title: "12. Sockets from code: an echo server on 127.0.0.2",
        summary: "a Python server and client on the loopback, seen by ss and nc",
        intro: &[
            "Developers meet localhost most often from code. Here a dozen lines of Python listen on 127.0.0.2, another address of the loopback (the whole 127.0.0.0/8 is local), and answer a Python client and netcat.",
        ],
        setup: &[
            "echo -e 'import socket\\nwith socket.socket() as s:\\n    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\\n    s.bind((\"127.0.0.2\", 9000))\\n    s.listen()\\n    print(\"listening on\", s.getsockname(), flush=True)\\n    while True:\\n        conn, addr = s.accept()\\n        with conn:\\n            print(\"connection from\", addr, flush=True)\\n            data = conn.recv(1024)\\n            conn.sendall(data.upper())' > server.py",
            "echo -e 'import socket\\nwith socket.create_connection((\"127.0.0.2\", 9000)) as c:\\n    c.sendall(b\"hello\")\\n    print(c.recv(1024))' > client.py",
        ],
        hosts: None,
        steps: &[
            Step {
                command: "cat server.py",
                lead: "A tiny echo server: it binds 127.0.0.2 port 9000, listens, and answers each connection with what it received, in capitals.",
                question: None,
                explain: "socket(), bind(), listen(), accept(), recv(), sendall(): the system calls every server makes, the same ones curl, nc and http.server make in the lab.",
                show: None,
            },
            Step {
                command: "python3 server.py &",
                lead: "Start it in the background.",
                question: q(
                    "Where does it listen?",
                    &[
                        "127.0.0.2:9000 only",
                        "Every address of the machine",
                        "127.0.0.1:9000",
                    ],
                    0,
                ),
                explain: "'listening on ('127.0.0.2', 9000)': the socket is bound to one address of the loopback. 127.0.0.2 needs no configuration: lo holds 127.0.0.1/8, and the local route covers the whole block.",
                show: None,
            },
            Step {
                command: "ss -tlnp",
                lead: "Ask the kernel which sockets listen, and whose they are.",
                question: q(
                    "What does the Process column show?",
                    &[
                        "users:((\"python3\",pid=…,fd=3))",
                        "Nothing: a script is not a process",
                        "users:((\"bash\",…))",
                    ],
                    0,
                ),
                explain: "127.0.0.2:9000 in LISTEN, owned by python3: the interpreter is the process, its socket is descriptor 3 (0, 1 and 2 are the standard streams).",
                show: Some(("Show the sockets", Focus::Tab(Tab::State))),
            },
            Step {
                command: "python3 client.py",
                lead: "A client connects, sends b'hello' and prints the answer.",
                question: q(
                    "What does the server log as the client's address?",
                    &[
                        "127.0.0.1, the route's source address",
                        "127.0.0.2, the address it connected to",
                        "192.168.1.50",
                    ],
                    0,
                ),
                explain: "b'HELLO' comes back, and the server logs a connection from 127.0.0.1: the kernel picks the client's source from the local route (src 127.0.0.1), even to reach 127.0.0.2. The journey stays on lo.",
                show: Some(("Show the SYN", Focus::FirstPacket)),
            },
            Step {
                command: "echo ping | nc -N 127.0.0.2 9000",
                lead: "netcat speaks to the same server: a socket does not care which program is at the other end.",
                question: None,
                explain: "PING: the bytes went through the same loopback, upper-cased by the Python server.",
                show: None,
            },
            Step {
                command: "python3 -c \"import socket; socket.create_connection(('127.0.0.1', 9000))\"",
                lead: "The same port on 127.0.0.1.",
                question: q(
                    "Does 127.0.0.1:9000 reach the server?",
                    &[
                        "No: it is bound to 127.0.0.2 only, so the SYN is refused",
                        "Yes: both are localhost",
                    ],
                    0,
                ),
                explain: "ConnectionRefusedError, raised inside socket.create_connection (its frames in the traceback): a socket bound to one address is matched exactly, as in the binding lesson.",
                show: Some(("Show the refused SYN", Focus::Dropped)),
            },
        ],
    },
];

/// The lesson with this id.
pub fn find(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}
