//! Eligibility rules as data (`public/data/instruments.json`) and the small interpreter that explains,
//! for every instrument, whether it fits a person's answers and why.
//!
//! ```text
//! Questionnaire::from_json ─┐
//!                           ├─ Rulebook::new ── assess(&answers, &rulebook, today) ── Vec<Outcome>
//! Instruments::from_json ───┘                                                     ├── relevant (drops other regions' funds)
//!                                                                                 └── AssessmentSummary (relevant ones only)
//! ```

mod compile;
mod engine;
pub mod model;
mod outcome;
mod overview;
mod relevance;
mod summary;
pub(crate) mod template;

pub use compile::{REVIEW_DUE, Rulebook};
pub use engine::{BadAnswers, assess};
pub use model::{CriterionState, Instruments, LoanTerms, NonRepayable, NoteKind, Rate, RateBasis, Source, SourceKind, SupportKind};
pub use outcome::{
    AnswerUsed, Closure, ClosureReason, CriterionInfo, CriterionOutcome, InstrumentInfo, Note, Outcome, Status, SuccessorRef,
};
pub use overview::{DeskSearch, GROUPS, Overview};
pub use relevance::{REGION_QUESTION, concerns, region_of, relevant};
pub use summary::{AssessmentSummary, SummaryOutcome};
