//! The Micro Work backend: serves the built app from `dist/`, takes contact requests over a small JSON API and
//! keeps them in SQLite; operator commands live beside it in the `microwork` binary.

pub mod assets;
pub mod catalog;
pub mod commands;
pub mod contacts;
pub mod db;
pub mod http;
pub mod messages;
pub mod serve;
pub mod webhook;
pub mod service_worker;
