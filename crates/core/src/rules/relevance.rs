//! Which outcomes concern a person at all. Another region's fund is not something that "does not fit":
//! it simply does not apply, so results pages and contact summaries leave it out rather than list it as
//! "not eligible".

use super::compile::Rulebook;
use super::outcome::Outcome;
use crate::date::Date;
use crate::questionnaire::{Answer, Answers};

/// The question whose answer (an ISTAT region code) says where the business will be.
pub const REGION_QUESTION: &str = "region";

/// The person's region code, if they answered the region question.
pub fn region_of(answers: &Answers) -> Option<&str> {
    match answers.get(REGION_QUESTION) {
        Some(Answer::Choice(code)) => Some(code),
        _ => None,
    }
}

/// Whether an outcome concerns the person: national measures always; a regional fund only in its own
/// region. Without a region answer nothing can be ruled out, so everything is kept.
pub fn concerns(outcome: &Outcome, answers: &Answers) -> bool {
    match (outcome.info.region.as_deref(), region_of(answers)) {
        (Some(fund), Some(person)) => fund == person,
        _ => true,
    }
}

/// Drops the outcomes that do not concern the person (see [`concerns`]), keeping the order.
pub fn relevant(mut outcomes: Vec<Outcome>, answers: &Answers) -> Vec<Outcome> {
    outcomes.retain(|o| concerns(o, answers));
    outcomes
}

impl Rulebook {
    /// [`Rulebook::assess`], then [`relevant`]: what a results page shows.
    pub fn assess_relevant(&self, answers: &Answers, today: Date) -> Vec<Outcome> {
        relevant(self.assess(answers, today), answers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{InstrumentInfo, Status};
    use std::sync::Arc;

    fn outcome(id: &str, region: Option<&str>) -> Outcome {
        let info = InstrumentInfo {
            id: id.into(),
            name: Default::default(),
            managing_body: Default::default(),
            region: region.map(Into::into),
            support: Default::default(),
            support_kinds: Vec::new(),
            legal_basis: Default::default(),
            sources: Vec::new(),
            checked_on: None,
            opens_on: None,
            closes_on: None,
            alternatives: Vec::new(),
            ..Default::default()
        };
        Outcome {
            info: Arc::new(info),
            status: Status::NotEligible,
            criteria: Vec::new(),
            amounts: Vec::new(),
            prepare: Vec::new(),
            next_steps: Vec::new(),
            notes: Vec::new(),
            closed: None,
            verify_open: false,
            loan: None,
        }
    }

    fn ids(outcomes: &[Outcome]) -> Vec<&str> {
        outcomes.iter().map(Outcome::id).collect()
    }

    fn all() -> Vec<Outcome> {
        vec![outcome("national", None), outcome("puglia", Some("16")), outcome("lazio", Some("12")), outcome("puglia_2", Some("16"))]
    }

    #[test]
    fn other_regions_funds_are_dropped_and_the_order_kept() {
        let a = Answers::new().with("region", Answer::choice("16"));
        assert_eq!(ids(&relevant(all(), &a)), ["national", "puglia", "puglia_2"]);
        let a = Answers::new().with("region", Answer::choice("03"));
        assert_eq!(ids(&relevant(all(), &a)), ["national"], "a region without a fund keeps the national measures");
    }

    #[test]
    fn without_a_region_answer_everything_is_kept() {
        assert_eq!(ids(&relevant(all(), &Answers::new())).len(), 4);
        // Not a single choice (malformed input): nothing to compare with, so nothing is ruled out.
        let a = Answers::new().with("region", Answer::Integer(16));
        assert_eq!(ids(&relevant(all(), &a)).len(), 4);
    }
}
