//! Pieces shared by pages: the site frame, form controls in the GOV.UK manner, page titles.

pub mod back_link;
pub mod desk_info;
pub mod error_summary;
pub mod form;
pub mod heading;
pub mod lang;
pub mod layout;
pub mod load_failed;
pub mod map;
pub mod page;
pub mod place_search;
