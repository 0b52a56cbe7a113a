//! A results page's content, decided here rather than in the page: the outcomes that concern the person
//! grouped by verdict, whether anything fits, where to look instead of a measure that does not, and which
//! desks to show next (the person's region and the measures that may fit them).

use super::compile::Rulebook;
use super::outcome::{Outcome, Status};
use super::relevance::region_of;
use super::summary::AssessmentSummary;
use crate::date::Date;
use crate::lang::Text;
use crate::questionnaire::Answers;

/// The verdicts in the order a results page shows them.
pub const GROUPS: [Status; 4] = [Status::Eligible, Status::Possible, Status::NotEligible, Status::Closed];

/// The outcomes that concern a person ([`Rulebook::assess_relevant`]) and what follows from them.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    outcomes: Vec<Outcome>,
    region: Option<String>,
    summary: AssessmentSummary,
}

/// Which desks suit the person after the self-check: in their region, helping with what may fit them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeskSearch {
    pub region: Option<String>,
    pub instruments: Vec<String>,
}

impl Rulebook {
    pub fn overview(&self, answers: &Answers, today: Date) -> Overview {
        let outcomes = self.assess_relevant(answers, today);
        let summary = AssessmentSummary::new(answers, &outcomes, today);
        Overview { region: region_of(answers).map(str::to_string), summary, outcomes }
    }
}

impl Overview {
    /// Every outcome, in the rulebook's order.
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// The outcomes with this verdict.
    pub fn group(&self, status: Status) -> Vec<&Outcome> {
        self.outcomes.iter().filter(|o| o.status == status).collect()
    }

    /// The measures that fit or may fit.
    pub fn hopeful(&self) -> Vec<&str> {
        self.outcomes.iter().filter(|o| matches!(o.status, Status::Eligible | Status::Possible)).map(Outcome::id).collect()
    }

    /// Nothing fits nor may fit: the page says so before the list.
    pub fn nothing_fits(&self) -> bool {
        self.hopeful().is_empty()
    }

    /// The desks to look at next.
    pub fn desk_search(&self) -> DeskSearch {
        DeskSearch { region: self.region.clone(), instruments: self.hopeful().into_iter().map(str::to_string).collect() }
    }

    /// Where to look instead of a measure that does not fit: its alternatives that this page lists too.
    pub fn alternatives<'a>(&'a self, outcome: &'a Outcome) -> Vec<(&'a str, &'a Text)> {
        if outcome.status != Status::NotEligible {
            return Vec::new();
        }
        outcome
            .info
            .alternatives
            .iter()
            .filter_map(|id| self.outcomes.iter().find(|o| o.id() == id))
            .map(|o| (o.id(), &o.info.name))
            .collect()
    }

    /// What a person may attach to a contact request ([`AssessmentSummary`]).
    pub fn summary(&self) -> &AssessmentSummary {
        &self.summary
    }

    /// The verdict per measure, in words a person recognises (closed measures left out: nobody is asked
    /// to help with them).
    pub fn verdicts(&self) -> impl Iterator<Item = (&Text, Status)> {
        self.outcomes.iter().filter(|o| o.status != Status::Closed).map(|o| (&o.info.name, o.status))
    }
}
