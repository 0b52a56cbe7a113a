//! Pieces shared by pages: the site frame, form controls in the GOV.UK manner, page titles.

pub mod error_summary;
pub mod form;
pub mod heading;
pub mod lang;
pub mod layout;
pub mod page;
