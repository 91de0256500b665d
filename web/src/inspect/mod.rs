//! View models of the lab for the inspector: plain data built from the
//! core by the reducer, so the components only draw.

pub mod journey;
pub mod netstate;
pub mod packets;
