//! `nslookup` (BIND 9.18).
use alloc::string::String;
use crate::process::{Ctx, Started};
pub(super) fn start(_ctx: &mut Ctx<'_>, _argv: &[String]) -> Started { Started::Exited(1) }
