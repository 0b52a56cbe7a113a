//! The Micro Work backend: serves the built app from `dist/`, takes contact requests over a small JSON API and
//! keeps them in SQLite (or PostgreSQL, for several instances); operator commands live beside it in the
//! `microwork` binary.

pub mod assets;
pub mod catalog;
pub mod clock;
pub mod commands;
pub mod desks;
pub mod http;
pub mod messages;
pub mod pg_cluster;
pub mod serve;
pub mod spreadsheet;
pub mod static_host;
pub mod store;
pub mod webhook;
pub mod service_worker;
