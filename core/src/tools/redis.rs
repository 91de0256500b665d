//! placeholder
use alloc::string::String;
use crate::process::{Ctx, Started};
pub(super) fn cli(_: &mut Ctx<'_>, _: &[String]) -> Started { Started::Exited(1) }
pub(super) fn server(_: &mut Ctx<'_>, _: &[String]) -> Started { Started::Exited(1) }
