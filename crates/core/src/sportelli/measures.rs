//! What a desk helps with, named as a person reads it.

use super::{Desk, NATIONAL_INSTRUMENTS, is_known_instrument};
use crate::date::Date;
use crate::lang::Text;
use crate::rules::Rulebook;

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
    pub fn measures<'a>(&self, rules: &'a Rulebook, today: Date) -> Measures<'a> {
        let catalogue = rules.instruments();
        let (open, closed): (Vec<_>, Vec<_>) =
            self.instruments.iter().filter_map(|id| catalogue.get(id)).partition(|i| i.accepts_applications(today));
        Measures {
            known: open.into_iter().map(|i| &i.name).collect(),
            closed: closed.into_iter().map(|i| &i.name).collect(),
            regional: self.instruments.iter().any(|id| is_regional(id) && catalogue.get(id).is_none()),
        }
    }
}

/// A region's own measures (`regionale_puglia`) or one of its funds (`regionale_puglia_microprestito`).
fn is_regional(id: &str) -> bool {
    is_known_instrument(id) && !NATIONAL_INSTRUMENTS.contains(&id)
}
