//! The playground's views. Each takes plain props and callbacks; none sees
//! the reducer.

pub mod guided;
pub mod header;
pub mod hosts_editor;
pub mod inspector;
pub mod journey;
pub mod lessons;
pub mod lessons_panel;
pub mod packet_detail;
pub mod packet_list;
pub mod prompt;
pub mod scrollback;
pub mod state_panels;
pub mod terminal;
pub mod terminal_tabs;
pub mod theme_toggle;
pub mod toolbar;
