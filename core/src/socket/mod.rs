//! Sockets with Linux semantics: the bind rules, the socket table, ping
//! sockets, UDP and TCP.

pub mod bind;
pub mod tcp;

pub use bind::{Binding, Family, Transport};
