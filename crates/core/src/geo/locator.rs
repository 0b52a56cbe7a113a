//! The help-desk locator's decisions: from where to search (the person's position, a comune, or only their
//! region), which filter applies, and how each desk in the list reads in facts (distance, same comune, where,
//! whether its position is only the comune's). The page adds the words.

use super::{DeskFilter, DeskIndex, Gazetteer, Place, Point};
use crate::date::Weekday;
use crate::sportelli::{Desk, GeoPrecision, HostType};

/// How many desks the list shows around a point.
pub const LIST_LENGTH: usize = 10;

/// Under this distance from a comune's reference point, a desk is "in the same comune" (its own position
/// may be the comune's point, and "0 m away" would be silly).
const SAME_COMUNE_KM: f64 = 0.5;

/// What the person asked the locator for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Search<'a> {
    /// Their position, when they shared it: it wins over a comune.
    pub position: Option<Point>,
    /// A comune's ISTAT code.
    pub comune: Option<&'a str>,
    /// A region's ISTAT code (from the results page, or a partner's embed).
    pub region: Option<&'a str>,
}

/// The search point.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    Position,
    Comune(Place<'a>),
}

/// What the list shows.
#[derive(Debug, Clone)]
pub enum Listing<'a> {
    /// The comuni list is needed to answer (and not loaded yet).
    NeedsComuni,
    /// Nothing to search from yet.
    Prompt,
    /// Nearest first; `nothing_near`: none within [`super::NEAR_KM`] (the list still shows the nearest).
    Near { origin: Origin<'a>, rows: Vec<DeskRow<'a>>, nothing_near: bool },
    /// A region's desks, by comune.
    Region { name: &'a str, rows: Vec<DeskRow<'a>> },
}

/// One desk of a list, in facts.
#[derive(Debug, Clone)]
pub struct DeskRow<'a> {
    pub desk: &'a Desk,
    /// Distance from the search point, when the list is sorted by it.
    pub km: Option<f64>,
    /// Searching from a comune, the desk is (as far as we know its position) in that comune.
    pub same_comune: bool,
}

impl<'a> DeskRow<'a> {
    pub fn new(desk: &'a Desk) -> DeskRow<'a> {
        DeskRow { desk, km: None, same_comune: false }
    }

    /// "Via Roma 1, Latina (LT)", or just the comune; `None` for the online network.
    pub fn place(&self) -> Option<String> {
        self.desk.location.as_ref().map(|l| match &l.address {
            Some(a) => format!("{a}, {} ({})", l.comune.name, l.comune.prov),
            None => format!("{} ({})", l.comune.name, l.comune.prov),
        })
    }

    /// The desk's position is only its comune's (no street position known): the map and distance are approximate.
    pub fn approximate(&self) -> bool {
        self.desk.location.as_ref().is_some_and(|l| l.geo_precision == GeoPrecision::Comune)
    }
}

/// The filter from the locator's fields: a measure chosen in the filter replaces those that fit the person
/// (brought from the results page).
pub fn filter(hosts: &[HostType], instrument: Option<&str>, fitting: &[String], day: Option<Weekday>) -> DeskFilter {
    DeskFilter {
        host_types: hosts.to_vec(),
        instruments: match instrument {
            Some(i) => vec![i.to_string()],
            None => fitting.to_vec(),
        },
        open_on: day,
    }
}

impl DeskIndex {
    /// The list for a search: around the person's position, else around a comune, else a region's desks, else
    /// a prompt to say where. `comuni` is needed only for a comune or a region.
    pub fn listing<'a>(&'a self, comuni: Option<&'a Gazetteer>, search: &Search, filter: &DeskFilter) -> Listing<'a> {
        let near = |from: Point, origin: Origin<'a>| {
            let found = self.nearest(from, LIST_LENGTH, filter);
            let from_comune = matches!(origin, Origin::Comune(_));
            let rows = found
                .hits
                .iter()
                .map(|h| DeskRow { desk: h.desk, km: Some(h.km), same_comune: from_comune && h.km < SAME_COMUNE_KM })
                .collect();
            Listing::Near { origin, rows, nothing_near: found.nothing_near }
        };
        if let Some(p) = search.position {
            return near(p, Origin::Position);
        }
        if search.comune.is_none() && search.region.is_none() {
            return Listing::Prompt;
        }
        let Some(gazetteer) = comuni else { return Listing::NeedsComuni };
        if let Some(place) = search.comune.and_then(|istat| gazetteer.by_istat(istat)) {
            return near(place.comune.point, Origin::Comune(place));
        }
        match search.region.and_then(|code| gazetteer.regions().iter().find(|r| r.code == code)) {
            Some(region) => Listing::Region {
                name: &region.name,
                rows: self.in_region(&region.name, filter).into_iter().map(DeskRow::new).collect(),
            },
            None => Listing::Prompt,
        }
    }

    /// The online network's desks, offered under every list.
    pub fn online_rows(&self) -> Vec<DeskRow<'_>> {
        self.online().map(DeskRow::new).collect()
    }
}
