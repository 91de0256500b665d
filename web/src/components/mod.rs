//! The playground's views. Each takes plain props and callbacks; none sees
//! the reducer.

pub mod header;
pub mod prompt;
pub mod scrollback;
pub mod terminal;
pub mod toolbar;
