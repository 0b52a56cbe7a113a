//! One module per page.

pub mod about;
pub mod config_error;
pub mod contact;
pub mod contact_sent;
pub mod integrate;
pub mod not_found;
pub mod privacy;
pub mod results;
pub mod selfcheck;
pub mod sportelli;
pub mod sportello;
pub mod start;
