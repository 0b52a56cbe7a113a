//! Micro Work domain: pure Rust shared by the app (wasm) and the server.
//!
//! No I/O, no clocks, no browser APIs: callers pass data and `today` in.

pub mod config;
pub mod contact;
pub mod date;
pub mod lang;

pub use lang::Lang;
