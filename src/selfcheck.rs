//! The person's self-check answers: one store for every page, saved on the device (localStorage) at every
//! change and read back on return. Nothing here leaves the device unless the person attaches the summary to
//! a contact request.

use crate::components::lang::lang_of;
use crate::data::use_data;
use crate::dom;
use crate::i18n::*;
use leptos::prelude::*;
use microwork_core::questionnaire::{Answer, Answers};
use microwork_core::rules::{AssessmentSummary, Rulebook, Status};

/// Versioned: a future incompatible format gets a new key instead of misreading this one.
const ANSWERS_KEY: &str = "mw.answers.v1";


#[derive(Clone, Copy)]
pub struct SelfCheck {
    pub answers: RwSignal<Answers>,
}

impl SelfCheck {
    /// Reads the saved answers and keeps saving them (provided once by the shell).
    pub fn start() -> SelfCheck {
        let saved = crate::dom::local_storage()
            .and_then(|s| s.get_item(ANSWERS_KEY).ok().flatten())
            .and_then(|t| serde_json::from_str::<Answers>(&t).ok())
            .unwrap_or_default();
        let answers = RwSignal::new(saved);
        Effect::new(move |_| {
            let a = answers.get();
            if let Some(s) = crate::dom::local_storage() {
                let _ = if a.is_empty() {
                    s.remove_item(ANSWERS_KEY)
                } else {
                    serde_json::to_string(&a).map(|t| s.set_item(ANSWERS_KEY, &t)).unwrap_or(Ok(()))
                };
            }
        });
        SelfCheck { answers }
    }

    /// Records an answer and drops answers that the change made irrelevant (branching).
    pub fn set(self, rules: &Rulebook, id: &str, answer: Answer) {
        self.answers.update(|a| {
            a.set(id.to_string(), answer);
            *a = rules.questionnaire().prune(a);
        });
    }

    /// Keeps only answers that still fit the current questions (a newer questionnaire may have changed).
    pub fn clean(self, rules: &Rulebook) {
        let q = rules.questionnaire();
        let current = self.answers.get_untracked();
        let mut valid: Answers = current.iter().filter(|(id, a)| q.check_answer(id, a).is_ok()).map(|(id, a)| (id.to_string(), a.clone())).collect();
        valid = q.prune(&valid);
        if valid != current {
            self.answers.set(valid);
        }
    }

    pub fn clear(self) {
        self.answers.set(Answers::new());
    }
}

pub fn use_selfcheck() -> SelfCheck {
    use_context::<SelfCheck>().expect("SelfCheck is provided by the shell")
}

pub fn status_label(locale: Locale, status: Status) -> String {
    match status {
        Status::Eligible => td_string!(locale, results.status_eligible),
        Status::Possible => td_string!(locale, results.status_possible),
        Status::NotEligible => td_string!(locale, results.status_not_eligible),
        Status::Closed => td_string!(locale, results.status_closed),
    }
    .to_string()
}

/// The self-check as a person may attach it to a contact request: the JSON sent, and the same in words.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachableSummary {
    pub json: serde_json::Value,
    /// (instrument, verdict)
    pub outcomes: Vec<(String, String)>,
    /// (question, answer)
    pub answers: Vec<(String, String)>,
}

/// Present once the self-check is complete and the rules are loaded.
pub fn use_attachable_summary() -> Signal<Option<AttachableSummary>> {
    let i18n = use_i18n();
    let data = use_data();
    let selfcheck = use_selfcheck();
    Signal::derive(move || {
        let answers = selfcheck.answers.get();
        if answers.is_empty() {
            return None;
        }
        let Some(Ok(rules)) = data.rules() else { return None };
        let q = rules.questionnaire();
        if !q.is_complete(&answers) {
            return None;
        }
        let locale = i18n.get_locale();
        let lang = lang_of(locale);
        let today = dom::today();
        let outcomes = microwork_core::rules::relevant(rules.assess(&answers, today), &answers);
        let summary = AssessmentSummary::new(&answers, &outcomes, today);
        Some(AttachableSummary {
            json: summary.to_json(),
            outcomes: outcomes
                .iter()
                .filter(|o| o.status != Status::Closed)
                .map(|o| (o.info.name.get(lang).to_string(), status_label(locale, o.status)))
                .collect(),
            answers: summary
                .answers
                .iter()
                .filter_map(|(id, a)| {
                    let question = q.question(id)?;
                    Some((question.legend.get(lang).to_string(), q.display(id, a).get(lang).to_string()))
                })
                .collect(),
        })
    })
}
