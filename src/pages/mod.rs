//! One module per page.

pub mod about;
pub mod coming;
pub mod config_error;
pub mod contact;
pub mod integrate;
pub mod not_found;
pub mod privacy;
pub mod start;
