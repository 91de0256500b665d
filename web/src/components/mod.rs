//! The playground's views. Each takes plain props and callbacks; none sees
//! the reducer.

pub mod header;
pub mod inspector;
pub mod journey;
pub mod packet_detail;
pub mod packet_list;
pub mod prompt;
pub mod scrollback;
pub mod state_panels;
pub mod terminal;
pub mod toolbar;
