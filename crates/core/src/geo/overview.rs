//! What the locator's map shows before (and beside) a search: every office that passes the filters, and the
//! main towns, so a map without tiles still tells a person where they are looking.

use super::{DeskFilter, DeskIndex, Gazetteer, Point};
use crate::sportelli::Desk;

/// A town the map names.
#[derive(Debug, Clone, PartialEq)]
pub struct Town<'a> {
    pub name: &'a str,
    pub point: Point,
}

impl DeskFilter {
    /// Whether a desk passes: the same tests as [`DeskIndex::nearest`], on one desk.
    pub fn accepts(&self, d: &Desk) -> bool {
        (self.host_types.is_empty() || self.host_types.contains(&d.host.kind))
            && (self.instruments.is_empty() || self.instruments.iter().any(|i| d.helps_with(i)))
            && self.open_on.is_none_or(|day| d.hours.as_ref().is_some_and(|h| h.opens_on(day)))
    }
}

impl DeskIndex {
    /// Every office with a position that passes `filter`, in file order: the map's overview.
    pub fn offices(&self, filter: &DeskFilter) -> Vec<&Desk> {
        self.desks()
            .iter()
            .filter(|d| d.kind == crate::sportelli::DeskKind::Office && d.point().is_some_and(Point::is_valid))
            .filter(|d| filter.accepts(d))
            .collect()
    }
}

impl Gazetteer {
    /// The towns worth naming on an overview map, most important first: the provincial capitals and every
    /// comune with more than one CAP (only cities have several), ranked by how many CAPs they have (the shipped
    /// data has no population; the number of postal codes follows it closely: Roma 73, Milano 42, Napoli 33…),
    /// capitals before other towns with as many. The map shows as many as fit without overlapping.
    pub fn main_towns(&self) -> Vec<Town<'_>> {
        let mut towns: Vec<_> = self.comuni().iter().filter(|c| c.capoluogo || c.caps.len() > 1).collect();
        towns.sort_by(|a, b| b.caps.len().cmp(&a.caps.len()).then(b.capoluogo.cmp(&a.capoluogo)).then(a.istat.cmp(&b.istat)));
        towns
            .into_iter()
            .map(|c| Town {
                // "Bolzano/Bozen": the Italian name is the one every reader of the map knows.
                name: c.bilingual.as_ref().map_or(c.name.as_str(), |(it, _)| it.as_str()),
                point: c.point,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data/comuni.json")).unwrap();
        Gazetteer::from_json(&json).unwrap()
    }

    #[test]
    fn the_biggest_cities_come_first_and_every_provincial_capital_is_named() {
        let g = gazetteer();
        let towns = g.main_towns();
        let first: Vec<_> = towns.iter().take(4).map(|t| t.name).collect();
        assert_eq!(first[0], "Roma");
        for city in ["Milano", "Napoli", "Torino"] {
            assert!(towns.iter().take(10).any(|t| t.name == city), "{city} not among the first: {first:?}");
        }
        let capitals = g.comuni().iter().filter(|c| c.capoluogo).count();
        assert!(capitals >= 100 && towns.len() >= capitals, "{} towns, {capitals} capitals", towns.len());
        assert!(towns.iter().any(|t| t.name == "Bolzano"), "the Italian name of Bolzano/Bozen");
        assert!(towns.iter().all(|t| t.point.is_valid()));
    }

    #[test]
    fn the_overview_holds_every_office_and_follows_the_filters() {
        let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data/sportelli.json")).unwrap();
        let file: crate::sportelli::SportelliFile = serde_json::from_str(&json).unwrap();
        let index = DeskIndex::from_file(file);
        let all = index.offices(&DeskFilter::default());
        let offices = index.desks().iter().filter(|d| d.kind == crate::sportelli::DeskKind::Office).count();
        assert_eq!(all.len(), offices);
        assert!(all.len() > 40);
        let cciaa = DeskFilter { host_types: vec![crate::sportelli::HostType::Cciaa], ..Default::default() };
        let some = index.offices(&cciaa);
        assert!(!some.is_empty() && some.len() < all.len());
        assert!(some.iter().all(|d| d.host.kind == crate::sportelli::HostType::Cciaa));
    }
}
