//! `instruments.json` exactly as written: instruments with their criteria, amounts, notes and sources.
//! Parsing is strict about shape (unknown fields are errors) and lenient about content: missing dates,
//! translations or references are left for [`crate::datacheck`] to list all at once.

use crate::date::{Date, iso};
use crate::lang::Text;
use crate::questionnaire::Condition;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FILE: &str = "instruments.json";
pub const SCHEMA: u32 = 1;

/// The whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instruments {
    pub schema: u32,
    /// The engine's own sentences (unknown answers, closed measures…).
    pub texts: EngineTexts,
    /// Named conditions, used as `{"ref": "sud8"}`.
    #[serde(default)]
    pub define: BTreeMap<String, Condition>,
    /// Criteria shared by several instruments, used as `{"use": "eta_18_34"}`.
    #[serde(default)]
    pub common_criteria: BTreeMap<String, Criterion>,
    pub instruments: Vec<Instrument>,
}

impl Instruments {
    /// Parses `instruments.json`. Errors name the file and the JSON path.
    pub fn from_json(json: &str) -> Result<Instruments, crate::datacheck::DataError> {
        let file: Instruments = crate::datacheck::parse_json(FILE, json)?;
        if file.schema != SCHEMA {
            return Err(crate::datacheck::DataError::new(
                FILE,
                "schema",
                format!("schema {} is not supported (expected {SCHEMA})", file.schema),
            ));
        }
        Ok(file)
    }

    pub fn get(&self, id: &str) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.id == id)
    }
}

/// Sentences the engine writes for every instrument. Placeholders: `{question}` (the question asked),
/// `{date}`, `{successor}`, `{reason}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineTexts {
    /// A criterion depends on a question not answered: `{question}`.
    pub unanswered: Text,
    /// A criterion depends on a "non so" answer: `{question}`.
    pub dont_know: Text,
    /// The measure's current status is not confirmed.
    pub verify_open: Text,
    /// Applications closed on `{date}`.
    pub closed: Text,
    /// Applications open on `{date}`.
    pub not_yet_open: Text,
    /// Applications suspended until `{date}`: `{reason}`.
    pub paused: Text,
    /// The measure that replaced a closed one: `{successor}`.
    pub successor: Text,
    /// How a missing answer is shown next to a criterion.
    pub no_answer: Text,
    /// The label of the check the engine adds once an instrument is past its `review_by` date.
    pub review_label: Text,
    /// Its explanation: `{date}` is the instrument's `checked_on` ("l'ultima verifica è del {date}…").
    pub review_due: Text,
}

/// How a measure supports people (for icons and filters; the words are in `support`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportKind {
    Loan,
    ZeroInterestLoan,
    Grant,
    Voucher,
    Guarantee,
    MonthlyAllowance,
    LumpSum,
    Tutoring,
}

/// One measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    pub id: String,
    pub name: Text,
    pub managing_body: Text,
    /// ISTAT code of the region, for regional funds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The form of support in words (loan, grant, guarantee…).
    pub support: Text,
    #[serde(default)]
    pub support_kinds: Vec<SupportKind>,
    /// The law or decree, as a citation.
    pub legal_basis: Text,
    /// First day applications are accepted.
    #[serde(default, with = "iso::option", skip_serializing_if = "Option::is_none")]
    pub opens_on: Option<Date>,
    /// Last day applications are accepted (closed from the day after).
    #[serde(default, with = "iso::option", skip_serializing_if = "Option::is_none")]
    pub closes_on: Option<Date>,
    /// Temporary suspensions (e.g. a platform change).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pauses: Vec<Pause>,
    /// The rulebook does not confirm the measure is open now: never more than "possible".
    #[serde(default)]
    pub verify_open: bool,
    /// The instrument that replaced this one, once closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    /// Instruments to suggest when this one does not fit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    /// Replaces the engine's "closed on {date}" for this instrument.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_text: Option<Text>,
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub amounts: Vec<AmountRule>,
    #[serde(default)]
    pub prepare: Vec<Item>,
    #[serde(default)]
    pub next_steps: Vec<Item>,
    #[serde(default)]
    pub notes: Vec<NoteRule>,
    #[serde(default)]
    pub sources: Vec<Source>,
    /// When the rule was last checked against its sources.
    #[serde(default, with = "iso::option", skip_serializing_if = "Option::is_none")]
    pub checked_on: Option<Date>,
    /// After this day the data is stale: a first-come call may have run out of money, so `eligible`
    /// becomes `possible` with "check the call is still open". The end of the window stated by a source,
    /// or `checked_on` plus at most 12 months, whichever comes first (check-data enforces the 12 months).
    #[serde(default, with = "iso::option", skip_serializing_if = "Option::is_none")]
    pub review_by: Option<Date>,
    /// Narrower windows for some answers (a line of the measure that closed earlier or opened later).
    /// The first line whose `when` holds for the answers decides the dates; otherwise the instrument's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Line>,
    /// What borrowing costs, for instruments that lend money.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loan: Option<LoanTerms>,
    /// Parts that are never repaid (vouchers, grants, the share of a loan written off), said in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub non_repayable: Vec<NonRepayable>,
}

/// A line of a measure with its own window, e.g. Fondo Impresa Femminile's desk for new businesses
/// (19 May 2022 only) and for existing ones (7 June 2022 only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub when: Condition,
    /// Replaces the instrument's `opens_on` for these answers.
    #[serde(default, with = "iso::option", skip_serializing_if = "Option::is_none")]
    pub opens_on: Option<Date>,
    /// Replaces the instrument's `closes_on` for these answers.
    #[serde(default, with = "iso::option", skip_serializing_if = "Option::is_none")]
    pub closes_on: Option<Date>,
    /// Replaces the instrument's `closed_text` for these answers (`{date}`: this line's dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_text: Option<Text>,
}

/// The terms of the loan part of a measure, enough to estimate the monthly instalment
/// ([`crate::loan`]) for the person's amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoanTerms {
    /// The longest repayment, in monthly instalments (after any grace period).
    pub max_term_months: u32,
    /// Months at the start with no instalment (preammortamento); interest, if any, is still due.
    #[serde(default)]
    pub grace_months: u32,
    /// How much of the person's amount is lent, in percent (ON lends about 70% of spending).
    #[serde(default = "hundred")]
    pub lends_percent: u32,
    /// The largest loan (e.g. €75,000 for business microcredit); none if the measure has no cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<i64>,
    /// The share of the loan that is repaid, in percent (Smart&Start in the South: 70).
    #[serde(default = "hundred")]
    pub repaid_percent: u32,
    pub rate: Rate,
    /// Figures that change with the answers (90% for a team of women or young people; in the South only
    /// 70% is repaid). Every adjustment whose `when` holds applies, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjust: Vec<LoanAdjust>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoanAdjust {
    pub when: Condition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lends_percent: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repaid_percent: Option<u32>,
}

fn hundred() -> u32 {
    100
}

/// The annual interest rate used for the estimate, and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    /// Yearly nominal rate in percent (0 for zero-interest loans).
    pub percent: f64,
    pub basis: RateBasis,
    /// Where the figure comes from (required for an illustrative rate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// What the person should know about it ("the bank sets the rate: ask…").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateBasis {
    /// Set by the measure's own rules (ON, Smart&Start: 0%).
    Fixed,
    /// Only an example: the lender sets the real rate. The app must say so next to every figure.
    Illustrative,
}

/// A part of the support that is never paid back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NonRepayable {
    pub kind: SupportKind,
    pub text: Text,
}

impl Instrument {
    /// Whether applications are accepted on `today`: not before `opens_on`, not after `closes_on`, not
    /// during a pause. The same rule the engine uses for `Status::Closed` ([`shut_on`]), whatever the
    /// answers; `verify_open` is not a closure (the engine says "possible", not "closed").
    pub fn accepts_applications(&self, today: Date) -> bool {
        shut_on(self.opens_on, self.closes_on, self.pauses.iter().map(|p| (p.from, p.to)), today).is_none()
    }
}

/// Why an instrument does not accept applications on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shut {
    /// Opens on this day.
    NotYetOpen(Date),
    /// Last accepted applications on this day.
    Closed(Date),
    /// In the pause at this index (of the instrument's pauses), which ends on `until`.
    Paused { index: usize, until: Date },
}

/// The one closure rule, shared by [`Instrument::accepts_applications`] and the engine so the two cannot
/// disagree. In order: not yet open, closed (from the day after `closes_on`), paused (both ends included).
pub(crate) fn shut_on(
    opens_on: Option<Date>,
    closes_on: Option<Date>,
    pauses: impl IntoIterator<Item = (Date, Date)>,
    today: Date,
) -> Option<Shut> {
    if let Some(open) = opens_on.filter(|d| today < *d) {
        return Some(Shut::NotYetOpen(open));
    }
    if let Some(close) = closes_on.filter(|d| today > *d) {
        return Some(Shut::Closed(close));
    }
    pauses
        .into_iter()
        .enumerate()
        .find(|(_, (from, to))| *from <= today && today <= *to)
        .map(|(index, (_, until))| Shut::Paused { index, until })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pause {
    #[serde(with = "iso")]
    pub from: Date,
    #[serde(with = "iso")]
    pub to: Date,
    pub reason: Text,
}

/// One requirement, decided by the first case whose `when` holds. Either written in place or
/// `{"use": "<common criterion>"}`. When no case holds (e.g. the question was skipped by branching)
/// the criterion does not apply and is left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
    pub uses: Option<String>,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub label: Text,
    /// Explanation when an answer this criterion needs is missing or "non so" (else the engine's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<Text>,
    #[serde(default)]
    pub cases: Vec<Case>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Absent: always holds (a final "otherwise").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    pub state: CriterionState,
    /// An unmet criterion rules the instrument out unless this is `false` (then it only needs checking).
    #[serde(default = "yes")]
    pub blocking: bool,
    /// Said in terms of the person's own answers; `{question_id}` inserts an answer.
    pub explain: Text,
    /// For unmet cases: what would change the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub would_fit_if: Option<Text>,
}

fn yes() -> bool {
    true
}

/// How one criterion came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionState {
    Met,
    Unmet,
    Unknown,
}

/// An amount line. With `basis`, `{basis}` is the answer to that integer question (capped at `max`)
/// and `{value}` is `percent`% of it (or the basis itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<u32>,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    pub q: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

/// A line of "what to prepare" or "next steps", possibly only for some answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    pub kind: NoteKind,
    pub text: Text,
}

/// What kind of caveat a note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// Useful to know.
    Info,
    /// Sources disagree; the data uses the rulebook's recommended value (the other is said here).
    Conflict,
    /// Not confirmed by a reliable source.
    Unconfirmed,
    /// Something that can cost the person the benefit (deadlines, repayments).
    Warning,
    /// Check the measure is open before applying.
    Verify,
    /// Something not settled by the sources, said as the question to ask at the help desk.
    Ask,
}

/// Where a rule comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
    /// The source's own date, or when it was consulted if it shows none (see `date_kind`).
    #[serde(default, with = "iso::option")]
    pub date: Option<Date>,
    #[serde(default)]
    pub date_kind: DateKind,
    /// Official (law, Gazzetta Ufficiale, ministry, Invitalia, INPS, ENM, the Region…) or secondary
    /// (press, consultancies): the app labels secondary sources. check-data requires it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SourceKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Official,
    Secondary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    #[default]
    Published,
    Consulted,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_iso;

    const SHIPPED: &str = include_str!("../../../../public/data/instruments.json");

    fn day(s: &str) -> Date {
        parse_iso(s).unwrap_or_else(|| panic!("{s}"))
    }

    fn shipped(id: &str) -> Instrument {
        let file = Instruments::from_json(SHIPPED).unwrap_or_else(|e| panic!("{e}"));
        file.get(id).cloned().unwrap_or_else(|| panic!("{id} not in the shipped instruments.json"))
    }

    #[test]
    fn a_closed_instrument_accepts_applications_up_to_its_last_day_only() {
        let resto = shipped("resto_al_sud");
        assert_eq!(resto.closes_on, Some(day("2025-10-14")));
        assert!(resto.accepts_applications(day("2025-10-13")));
        assert!(resto.accepts_applications(day("2025-10-14")), "the last day still counts");
        assert!(!resto.accepts_applications(day("2025-10-15")));
        assert!(!resto.accepts_applications(day("2026-03-10")));
    }

    #[test]
    fn openings_and_pauses_follow_the_same_rule() {
        let next = shipped("resto_al_sud_2");
        assert!(!next.accepts_applications(day("2025-10-14")));
        assert!(next.accepts_applications(day("2025-10-15")), "the first day counts");
        let paused = shipped("on_tasso_zero");
        assert!(paused.accepts_applications(day("2025-11-25")));
        assert!(!paused.accepts_applications(day("2025-11-26")));
        assert!(!paused.accepts_applications(day("2025-12-11")));
        assert!(paused.accepts_applications(day("2025-12-12")));
        let p = (day("2025-11-26"), day("2025-12-11"));
        assert_eq!(shut_on(None, None, [p, p], day("2025-12-01")), Some(Shut::Paused { index: 0, until: day("2025-12-11") }));
    }
}
