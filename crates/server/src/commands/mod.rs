//! Operator and data commands of the `microwork` binary, one module each.

pub mod assess;
pub mod check_data;
pub mod export;
pub mod export_sportelli;
pub mod import_comuni;
pub mod import_sportelli;
pub mod migrate;
pub mod operator;
pub mod purge;
