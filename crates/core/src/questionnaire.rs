//! The self-check questionnaire (`public/data/questionnaire.json`): questions, answers, branching,
//! navigation, input parsing and share links.
//!
//! Question ids and option values are a public contract (partners write answers files with them), so
//! nothing here renames or reorders them; the file's order is the order people see.

mod answers;
mod condition;
pub(crate) mod display;
mod flow;
mod input;
mod navigation;
mod progress;
mod share;
pub(crate) mod state;

pub use answers::{Answer, Answers};
pub use condition::{Condition, Tri};
pub use display::{format_cents, format_date, format_euros, format_integer};
pub use flow::{Draft, Step};
pub use input::{AnswersFileError, InputCode, InputProblem, RawInput};
pub use progress::{PathLengths, SECONDS_PER_QUESTION};
pub use share::{ShareError, decode, encode};

pub(crate) use condition::{Cond, Ctx, Mode, Witness, compile};

use crate::datacheck::DataError;
use crate::lang::Text;
use serde::{Deserialize, Serialize};

/// The file name used in error messages.
pub const FILE: &str = "questionnaire.json";

/// The schema version this code reads.
pub const SCHEMA: u32 = 1;

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A whole number between `min` and `max`, shown with `unit`.
    Integer,
    /// Exactly one of `options` (radios).
    Single,
    /// One or more of `options` (checkboxes); `exclusive` options cannot be combined with others.
    Multiple,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
}

/// How an integer answer is written back to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum NumberFormat {
    #[default]
    Plain,
    /// Euros with thousands separators: "60.000 €" / "€60,000".
    Euro,
}

/// One answer option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Stable value stored in answers (public contract).
    pub value: String,
    /// The radio or checkbox label.
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    /// A short form used inside sentences ("Lavori come {status}"); the label when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<Text>,
    /// The option is offered only when this holds for the earlier answers (e.g. "attiva da più di 5 anni"
    /// is not offered to someone starting a new business). Answers files may still give it: the
    /// check-your-answers page then shows the contradiction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
}

impl Choice {
    /// The words to use when quoting this choice back inside a sentence.
    pub fn short_label(&self) -> &Text {
        self.short.as_ref().unwrap_or(&self.label)
    }
}

/// Messages shown when an input cannot be accepted. Placeholders: `{min}`, `{max}`, `{unit}`, `{option}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    pub required: Text,
    pub not_a_number: Text,
    pub below_min: Text,
    pub above_max: Text,
    pub not_a_date: Text,
    pub not_an_option: Text,
    pub exclusive: Text,
    pub unknown_question: Text,
    pub wrong_type: Text,
    /// How an unanswered question is written in summaries ("non risposto").
    pub no_answer: Text,
}

/// Per-question replacements for some [`Messages`] (e.g. "L'età deve essere tra 14 e 100 anni").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MessageOverrides {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_a_number: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below_min: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub above_max: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_a_date: Option<Text>,
}

/// One question page.
///
/// The fields are flat, as in the JSON; which ones apply depends on `kind` (`options` for choices,
/// `min`/`max`/`unit`/`format` for integers). `microwork check-data` reports fields that do not fit the kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub kind: Kind,
    /// The question itself: the page's `<h1>` (inside the fieldset's legend).
    pub legend: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// The option that means "non so": rules treat it as an unknown answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown_option: Option<String>,
    /// Options of a multiple-choice question that exclude every other (e.g. "nessuna").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusive: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    #[serde(default)]
    pub format: NumberFormat,
    /// The question is asked only when this holds for the earlier answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    #[serde(default)]
    pub messages: MessageOverrides,
}

impl Question {
    pub fn option(&self, value: &str) -> Option<&Choice> {
        self.options.iter().find(|c| c.value == value)
    }

    pub(crate) fn option_index(&self, value: &str) -> Option<usize> {
        self.options.iter().position(|c| c.value == value)
    }

    pub fn is_choice(&self) -> bool {
        matches!(self.kind, Kind::Single | Kind::Multiple)
    }

    /// The "non so" choice, if this question has one.
    pub fn unknown_choice(&self) -> Option<&Choice> {
        self.unknown_option.as_deref().and_then(|v| self.option(v))
    }

    /// Lowest accepted integer (the type's minimum when the file gives none).
    pub fn min_value(&self) -> i64 {
        self.min.unwrap_or(i64::MIN)
    }

    pub fn max_value(&self) -> i64 {
        self.max.unwrap_or(i64::MAX)
    }
}

/// `questionnaire.json` exactly as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireFile {
    pub schema: u32,
    pub messages: Messages,
    pub questions: Vec<Question>,
}

/// The questionnaire, ready to navigate: questions in order and the branching conditions compiled against the
/// questions they refer to.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    file: QuestionnaireFile,
    show_if: Vec<Cond>,
    /// Per question, per option, the option's own `show_if` (`Const(True)` when it has none).
    option_show_if: Vec<Vec<Cond>>,
    /// Per question, the index of its "non so" option.
    unknown: Vec<Option<u8>>,
    /// Per question, whether some condition (a question's or an option's `show_if`) reads it. Computed once:
    /// the progress walk asks for every question at every step.
    branching: Vec<bool>,
}

impl PartialEq for Questionnaire {
    fn eq(&self, other: &Self) -> bool {
        self.file == other.file
    }
}

impl Questionnaire {
    /// Parses `questionnaire.json`. Errors name the file and the JSON path. References between questions
    /// (`show_if`) are checked by [`crate::datacheck`]; here a broken one simply never shows its question.
    pub fn from_json(json: &str) -> Result<Questionnaire, DataError> {
        let file: QuestionnaireFile = crate::datacheck::parse_json(FILE, json)?;
        if file.schema != SCHEMA {
            return Err(DataError::new(FILE, "schema", format!("schema {} is not supported (expected {SCHEMA})", file.schema)));
        }
        Ok(Questionnaire::new(file))
    }

    pub fn new(file: QuestionnaireFile) -> Questionnaire {
        let unknown = file
            .questions
            .iter()
            .map(|q| q.unknown_option.as_deref().and_then(|v| q.option_index(v)).and_then(|i| u8::try_from(i).ok()))
            .collect();
        let mut questionnaire =
            Questionnaire { file, show_if: Vec::new(), option_show_if: Vec::new(), unknown, branching: Vec::new() };
        let no_defines = |_: &str| None;
        questionnaire.show_if = questionnaire
            .file
            .questions
            .iter()
            .map(|q| q.show_if.as_ref().map_or(Cond::Const(Tri::True), |c| compile(c, &questionnaire, &no_defines)))
            .collect();
        questionnaire.option_show_if = questionnaire
            .file
            .questions
            .iter()
            .map(|q| {
                q.options
                    .iter()
                    .map(|o| o.show_if.as_ref().map_or(Cond::Const(Tri::True), |c| compile(c, &questionnaire, &no_defines)))
                    .collect()
            })
            .collect();
        let mut branching = vec![false; questionnaire.file.questions.len()];
        let mut read = Vec::new();
        for c in questionnaire.show_if.iter().chain(questionnaire.option_show_if.iter().flatten()) {
            c.questions(&mut read);
        }
        for q in read {
            if let Some(b) = branching.get_mut(usize::from(q)) {
                *b = true;
            }
        }
        questionnaire.branching = branching;
        questionnaire
    }

    pub fn file(&self) -> &QuestionnaireFile {
        &self.file
    }

    pub fn questions(&self) -> &[Question] {
        &self.file.questions
    }

    pub fn messages(&self) -> &Messages {
        &self.file.messages
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.index(id).map(|i| &self.file.questions[i])
    }

    /// The position of question `id`: the first with that id (check-data reports duplicates). A search, not a
    /// hash map: a few dozen questions, and no hashing code in the app's first module.
    #[inline(never)]
    pub(crate) fn index(&self, id: &str) -> Option<usize> {
        self.file.questions.iter().position(|q| q.id == id)
    }

    pub(crate) fn unknown_indices(&self) -> &[Option<u8>] {
        &self.unknown
    }

    /// Whether some condition reads question `i`.
    pub(crate) fn is_branching(&self, i: usize) -> bool {
        self.branching.get(i).copied().unwrap_or(false)
    }

    pub(crate) fn compiled_show_if(&self, i: usize) -> &Cond {
        &self.show_if[i]
    }

    /// The `show_if` of each option of question `i`.
    pub(crate) fn compiled_option_show_if(&self, i: usize) -> &[Cond] {
        &self.option_show_if[i]
    }
}
