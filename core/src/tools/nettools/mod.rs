//! net-tools 2.10 (`netstat`, `route`, `arp`) over `/proc/net/*`, `/proc/*/fd`
//! and the kernel's routing calls, as the real programs read and change
//! them; the table also lists the other socket inspectors built on the
//! same readers (`lsof`) and iputils' `tracepath`.

mod arp;
mod lsof;
mod netstat;
mod procnet;
mod route;
mod routes;

use crate::process::Command;

/// net-tools' programs.
pub(crate) const COMMANDS: &[Command] = &[
    Command {
        name: "arp",
        summary: "show and change the ARP cache (net-tools 2.10; -a -e -n -i IF, -d HOST, -s HOST HWADDR)",
        start: arp::start,
    },
    Command {
        name: "lsof",
        summary: "list the processes' Internet sockets (lsof 4.95; -i [46][PROTO][@HOST][:PORT] -n -P -t -a -p -c -s)",
        start: lsof::start,
    },
    Command {
        name: "netstat",
        summary: "print sockets, routes and interfaces (net-tools 2.10; -t -u -l -a -n -p -e -o -c -r -i)",
        start: netstat::start,
    },
    Command {
        name: "route",
        summary: "show and change the IPv4 routing table (net-tools 2.10; -n -e, add/del -net/-host gw metric reject dev)",
        start: route::start,
    },
    Command {
        name: "tracepath",
        summary: "trace the path to a host and its MTU (iputils 20221126; -4 -6 -b -l -m -n -p)",
        start: super::tracepath::start,
    },
];
