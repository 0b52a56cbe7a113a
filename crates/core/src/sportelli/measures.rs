//! What a desk helps with, named as a person reads it; and the few facts about each measure this needs.

use super::{Desk, NATIONAL_INSTRUMENTS, is_known_instrument};
use crate::date::{Date, iso};
use crate::lang::Text;
use crate::rules::Rulebook;
use crate::rules::model::shut_on;
use serde::{Deserialize, Serialize};

/// Each measure's name and when it takes applications: all a desk's page and the locator's filter need of the
/// rules. The build writes it (`data/measures.json`, from the rulebook) in the shape of instruments.json, so
/// that the language overlays' paths (`instruments.<id>.name`) apply to it unchanged; those pages then do not
/// download and compile the whole rulebook (instruments.json is over 200 KB).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureList {
    pub instruments: Vec<Measure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub id: String,
    pub name: Text,
    #[serde(default, with = "iso::option", skip_serializing_if = "Option::is_none")]
    pub opens_on: Option<Date>,
    #[serde(default, with = "iso::option", skip_serializing_if = "Option::is_none")]
    pub closes_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pauses: Vec<Window>,
}

/// A pause in applications, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Window {
    #[serde(with = "iso")]
    pub from: Date,
    #[serde(with = "iso")]
    pub to: Date,
}

impl Measure {
    /// The rulebook's own closure rule ([`crate::rules::Instrument::accepts_applications`]), on the same dates.
    pub fn accepts_applications(&self, today: Date) -> bool {
        shut_on(self.opens_on, self.closes_on, self.pauses.iter().map(|p| (p.from, p.to)), today).is_none()
    }
}

impl MeasureList {
    pub fn from_rulebook(rules: &Rulebook) -> MeasureList {
        let instruments = rules
            .instruments()
            .instruments
            .iter()
            .map(|i| Measure {
                id: i.id.clone(),
                name: i.name.clone(),
                opens_on: i.opens_on,
                closes_on: i.closes_on,
                pauses: i.pauses.iter().map(|p| Window { from: p.from, to: p.to }).collect(),
            })
            .collect();
        MeasureList { instruments }
    }

    pub fn from_json(json: &str) -> Result<MeasureList, serde_json::Error> {
        serde_json::from_str(json)
    }

    pub fn get(&self, id: &str) -> Option<&Measure> {
        self.instruments.iter().find(|m| m.id == id)
    }

    /// The measures taking applications on `today`, in the rulebook's order: the locator's "measure" filter.
    pub fn open(&self, today: Date) -> Vec<(&str, &Text)> {
        self.instruments.iter().filter(|m| m.accepts_applications(today)).map(|m| (m.id.as_str(), &m.name)).collect()
    }
}

/// A desk's measures: those the rulebook knows, by name, and whether the desk also helps with its region's own
/// measures that the rulebook does not cover (named once, in words, never by id).
#[derive(Debug, Clone, PartialEq)]
pub struct Measures<'a> {
    /// Those that take applications on the day asked: what the desk "can help you with".
    pub known: Vec<&'a Text>,
    /// Those it lists that are closed that day (ended, paused or not yet open): never offered as help.
    pub closed: Vec<&'a Text>,
    pub regional: bool,
}

impl Desk {
    pub fn measures<'a>(&self, list: &'a MeasureList, today: Date) -> Measures<'a> {
        let (open, closed): (Vec<_>, Vec<_>) =
            self.instruments.iter().filter_map(|id| list.get(id)).partition(|m| m.accepts_applications(today));
        Measures {
            known: open.into_iter().map(|m| &m.name).collect(),
            closed: closed.into_iter().map(|m| &m.name).collect(),
            regional: self.instruments.iter().any(|id| is_regional(id) && list.get(id).is_none()),
        }
    }
}

/// A region's own measures (`regionale_puglia`) or one of its funds (`regionale_puglia_microprestito`).
fn is_regional(id: &str) -> bool {
    is_known_instrument(id) && !NATIONAL_INSTRUMENTS.contains(&id)
}
