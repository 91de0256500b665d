//! `lolab-web`: Loopback Lab in the browser.
//!
//! A Yew app around [`lolab_core::Lab`]. The state ([`state`]) changes only
//! through the reducer ([`reducer`], actions in [`action`]), which is pure
//! except for the lab it shares behind a versioned handle ([`lab_handle`]);
//! views live in [`components`]; the browser clock and the timers belong to
//! [`clock`] alone. docs/ARCHITECTURE.md draws the modules' floors.

pub mod action;
pub mod api;
pub mod app;
pub mod clock;
pub mod completion;
pub mod components;
pub mod defer;
pub mod download;
pub mod embed;
pub mod guided;
pub mod handlers;
pub mod history;
pub mod inspect;
pub mod inspector;
pub mod lab_handle;
pub mod landing;
pub mod lessons;
pub mod perf;
pub mod persist;
pub mod record;
pub mod reducer;
pub mod replay;
pub mod screens;
pub mod scrollback;
pub mod speed;
pub mod state;
pub mod terminal_tabs;
pub mod typeahead;
pub mod warm;

pub use app::App;
