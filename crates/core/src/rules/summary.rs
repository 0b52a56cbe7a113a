//! The short form of a self-check that a person may attach to a contact request: when it was done,
//! the verdict per instrument, and only the answers the rules actually read.

use super::outcome::{Outcome, Status};
use crate::date::{Date, iso};
use crate::questionnaire::Answers;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentSummary {
    pub schema: u32,
    #[serde(with = "iso")]
    pub assessed_on: Date,
    /// The answers some criterion used, by question id.
    pub answers: Answers,
    pub outcomes: Vec<SummaryOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryOutcome {
    pub instrument: String,
    pub status: Status,
    /// Ids of the criteria that were not met or are unknown (what the operator should look at).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to_check: Vec<String>,
}

impl AssessmentSummary {
    /// Summarises the outcomes that concern the person ([`super::relevant`]): another region's fund is
    /// not "not eligible" for them, and listing it would mislead the operator reading the request.
    pub fn new(answers: &Answers, outcomes: &[Outcome], assessed_on: Date) -> AssessmentSummary {
        let outcomes: Vec<&Outcome> = outcomes.iter().filter(|o| super::concerns(o, answers)).collect();
        let mut kept = Answers::new();
        for used in outcomes.iter().flat_map(|o| &o.criteria).flat_map(|c| &c.answers) {
            if let Some(a) = answers.get(&used.question).filter(|_| used.value.is_some()) {
                kept.set(used.question.to_string(), a.clone());
            }
        }
        let outcomes = outcomes
            .into_iter()
            .map(|o| SummaryOutcome {
                instrument: o.id().to_owned(),
                status: o.status,
                to_check: if o.status == Status::Closed {
                    Vec::new()
                } else {
                    o.criteria.iter().filter(|c| c.state != super::model::CriterionState::Met).map(|c| c.info.id.clone()).collect()
                },
            })
            .collect();
        AssessmentSummary { schema: 1, assessed_on, answers: kept, outcomes }
    }

    /// As JSON, ready for the `assessment` field of a contact request.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}
