//! How facts read: dates, opening hours, a desk's status, a distance. Core computes the facts
//! (`microwork_core::{hours, sportelli, geo}`); the words and their order come from `locales/`.

pub mod dates;
pub mod desks;
pub mod problems;
