//! Pieces shared by pages: the site frame and notices, and form controls in the GOV.UK manner, one file per
//! control, each with its own texts (`components.*` in `locales/`) and a browser test (`browser_tests`).

pub mod back_link;
pub mod button;
pub mod character_count;
pub mod checkboxes;
pub mod date_input;
pub mod details;
pub mod error_message;
pub mod error_summary;
pub mod field;
pub mod heading;
pub mod lang;
pub mod layout;
pub mod load_failed;
pub mod map;
pub mod notices;
pub mod page;
pub mod place_search;
pub mod radios;
pub mod select;
pub mod start_again;
pub mod text_input;
