//! What the engine says about one instrument for one person. Serializable as is: the app renders it,
//! `microwork assess` prints it.

use super::model::{CriterionState, LoanTerms, NonRepayable, NoteKind, Source, SupportKind};
use crate::date::{Date, iso};
use crate::lang::Text;
use crate::questionnaire::Answer;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The verdict for one instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every criterion is met by the answers.
    Eligible,
    /// Nothing rules the person out, but something needs checking (an unknown answer, a borderline
    /// rule, a fund whose call may not be open).
    Possible,
    /// At least one criterion rules the person out (see `would_fit_if`).
    NotEligible,
    /// Not accepting applications on the assessment date, whatever the answers.
    Closed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Eligible => "eligible",
            Status::Possible => "possible",
            Status::NotEligible => "not_eligible",
            Status::Closed => "closed",
        }
    }
}

/// What does not change from one person to the next; shared, not copied, between outcomes.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct InstrumentInfo {
    #[serde(rename = "instrument")]
    pub id: String,
    pub name: Text,
    pub managing_body: Text,
    /// ISTAT code of the region, for regional funds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The form of support in words.
    pub support: Text,
    pub support_kinds: Vec<SupportKind>,
    pub legal_basis: Text,
    pub sources: Vec<Source>,
    #[serde(with = "iso::option")]
    pub checked_on: Option<Date>,
    /// After this day an `eligible` outcome is only `possible` (see [`crate::rules::REVIEW_DUE`]).
    #[serde(with = "iso::option")]
    pub review_by: Option<Date>,
    #[serde(with = "iso::option")]
    pub opens_on: Option<Date>,
    #[serde(with = "iso::option")]
    pub closes_on: Option<Date>,
    pub alternatives: Vec<String>,
    /// For measures that lend money: what it costs (see [`crate::loan`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loan: Option<LoanTerms>,
    /// Parts never paid back (vouchers, grants).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub non_repayable: Vec<NonRepayable>,
}

/// The label of a criterion, shared between outcomes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionInfo {
    #[serde(rename = "criterion")]
    pub id: String,
    pub label: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    #[serde(flatten)]
    pub info: Arc<InstrumentInfo>,
    pub status: Status,
    pub criteria: Vec<CriterionOutcome>,
    /// Ready-to-show amounts computed from the person's numbers.
    pub amounts: Vec<Arc<Text>>,
    pub prepare: Vec<Arc<Text>>,
    pub next_steps: Vec<Arc<Text>>,
    pub notes: Vec<Note>,
    /// Set when the status is `closed`: since when, why, and what replaced it.
    pub closed: Option<Closure>,
    /// The fund's current call is not confirmed: the person must check it is open.
    pub verify_open: bool,
    /// For measures that lend money: the terms for this person and, when the amount is known, the
    /// monthly instalment and total repaid over the longest term ([`crate::loan`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loan: Option<crate::loan::PersonLoan>,
}

impl Outcome {
    pub fn id(&self) -> &str {
        &self.info.id
    }

    pub fn criterion(&self, id: &str) -> Option<&CriterionOutcome> {
        self.criteria.iter().find(|c| c.info.id == id)
    }

    /// The one line a folded results card gives as the reason: the last check's date when the rule is due
    /// for review, else the first criterion that rules the person out (not eligible) or needs checking
    /// (possible). `None` for a fit (every criterion met) and for a closed measure (its closure says why).
    pub fn headline(&self) -> Option<&CriterionOutcome> {
        match self.status {
            Status::Eligible | Status::Closed => None,
            Status::NotEligible => self.blocking().next(),
            Status::Possible => self.criterion(super::REVIEW_DUE).filter(|c| c.state != CriterionState::Met).or_else(|| {
                self.criteria.iter().find(|c| c.state == CriterionState::Unknown || (c.state == CriterionState::Unmet && !c.blocking))
            }),
        }
    }

    /// The criteria that rule the person out.
    pub fn blocking(&self) -> impl Iterator<Item = &CriterionOutcome> {
        self.criteria.iter().filter(|c| c.state == CriterionState::Unmet && c.blocking)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionOutcome {
    #[serde(flatten)]
    pub info: Arc<CriterionInfo>,
    pub state: CriterionState,
    /// For `unmet`: whether it rules the instrument out (`false`: it only needs checking).
    pub blocking: bool,
    /// The answers that decided it.
    pub answers: Vec<AnswerUsed>,
    /// In terms of the person's own answers.
    pub explanation: Arc<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub would_fit_if: Option<Arc<Text>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerUsed {
    pub question: Arc<str>,
    /// `null` when not answered.
    pub value: Option<Answer>,
    /// The answer as words ("Lombardia", "60.000 €"), or the "not answered" text.
    pub display: Arc<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub kind: NoteKind,
    pub text: Arc<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosureReason {
    Closed,
    NotYetOpen,
    Paused,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Closure {
    pub reason: ClosureReason,
    /// Closed: the last day applications were accepted. Not yet open: the first day. Paused: the last
    /// day of the pause.
    #[serde(with = "iso")]
    pub date: Date,
    pub text: Arc<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<SuccessorRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuccessorRef {
    #[serde(rename = "instrument")]
    pub id: String,
    pub name: Text,
}
