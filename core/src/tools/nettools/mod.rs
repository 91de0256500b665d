//! net-tools 2.10 (`netstat`, `route`) over `/proc/net/*`, `/proc/*/fd`
//! and the kernel's routing calls, as the real programs read and change
//! them.

mod netstat;
mod procnet;
mod routes;

use crate::process::Command;

/// net-tools' programs.
pub(crate) const COMMANDS: &[Command] = &[Command {
    name: "netstat",
    summary: "print sockets, routes and interfaces (net-tools 2.10; -t -u -l -a -n -p -e -o -r -i)",
    start: netstat::start,
}];
