//! Shared helpers for the browser suites live in `tests/`; this crate has no library code of its own.
