//! Micro Work domain: pure Rust shared by the app (wasm) and the server.
//!
//! No I/O, no clocks, no browser APIs: callers pass data and `today` in.

pub mod account;
pub mod catalog;
pub mod config;
pub mod contact;
pub mod contradictions;
pub mod datacheck;
pub mod date;
pub mod desk_position;
pub mod embed;
pub mod geo;
pub mod glossary;
pub mod guide;
pub mod hours;
pub mod lang;
pub mod loan;
pub mod overlay;
pub mod outbox;
pub mod questionnaire;
pub mod rules;
pub mod sportelli;
pub mod topojson;
pub mod workdays;

pub use lang::Lang;
