//! `lolab-core`: the whole simulated Linux host of Loopback Lab.
//!
//! The crate is `no_std` + `alloc` and sans-IO: it never reads a clock or an
//! entropy source. The caller passes the current virtual [`time::Instant`] to
//! [`Lab::poll`] and asks [`Lab::poll_at`] when to call again; randomness comes
//! from the seed in [`LabConfig`]. The same seed and the same inputs give the
//! same bytes, the same output and the same trace, natively and in wasm.
//!
//! # Call order
//!
//! ```
//! use lolab_core::{Lab, LabConfig};
//! let mut lab = Lab::new(LabConfig::default());
//! let result = lab.run("echo hello; nmap");
//! assert_eq!(result.stdout(), "hello\n");
//! assert_eq!(result.stderr(), "bash: nmap: command not found\n");
//! assert_eq!(result.status, 127);
//! ```
//!
//! Interactive front ends use the finer-grained API: [`Lab::start`] a line,
//! then [`Lab::poll`] at the instants [`Lab::poll_at`] names, draining
//! [`Lab::take_output`] after each call, and [`Lab::interrupt`] for Ctrl-C.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

extern crate alloc;

pub mod errno;
pub mod fd;
pub mod host;
pub mod iface;
pub mod lab;
pub mod names;
pub mod net;
pub mod netfilter;
pub mod num;
pub mod output;
pub mod pipe;
pub mod printf;
pub mod proc;
pub mod process;
pub mod procfs;
pub mod rand;
pub mod route;
pub mod shell;
pub mod snapshot;
pub mod socket;
pub mod sort;
pub mod sys;
pub mod sysctl;
pub mod time;
pub mod tools;
pub mod trace;
pub mod wire;
pub mod world;

pub use lab::{LINE_WORK_BUDGET, Lab, LabConfig, RunResult, RunStop};
pub use output::{OutputEvent, Stream};
pub use time::{Duration, Instant};
