//! Geography for the help-desk locator: comuni by name or CAP, great-circle distances, nearest desks.
//!
//! The app downloads `data/comuni.json` (a compact columnar file, see [`ComuniFile`]) and `data/sportelli.json`
//! once, builds a [`Gazetteer`] and a [`DeskIndex`] from them, and answers every keystroke and map move from
//! memory. Both are built in a few milliseconds and queried in well under one (see `benches/geo.rs`).

mod cap;
mod comuni;
mod confirmed;
mod contact_desks;
mod distance;
mod fold;
mod locator;
mod nearest;
mod overview;
mod search;

pub use cap::{Cap, CapError, CapMatch};
pub use confirmed::Alternatives;
pub use contact_desks::DeskChoice;
pub use comuni::{Comune, ComuniFile, ComuniParts, Gazetteer, GeoDataError, Place, Province, Region};
pub use distance::{EARTH_RADIUS_KM, Point, format_km, haversine_km};
pub use fold::{fold, fold_into};
pub use locator::{DeskRow, LIST_LENGTH, Listing, Origin, Search, filter};
pub use nearest::{DeskFilter, DeskHit, DeskIndex, NEAR_KM, Nearest};
pub use overview::Town;
pub use search::{ComuneMatch, MatchQuality};
