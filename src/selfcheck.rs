//! The person's self-check answers: one store for every page, saved on the device (localStorage) at every
//! change and read back on return. Nothing here leaves the device unless the person attaches the summary to
//! a contact request.

use crate::data::use_data;
use crate::dom;
use crate::i18n::{I18n, k, use_i18n};
use leptos::prelude::*;
use microwork_core::questionnaire::{Answer, Answers, Questionnaire};
use microwork_core::rules::Status;

/// Versioned: a future incompatible format gets a new key instead of misreading this one.
const ANSWERS_KEY: &str = "mw.answers.v1";

#[derive(Clone, Copy)]
pub struct SelfCheck {
    pub answers: RwSignal<Answers>,
}

impl SelfCheck {
    /// Reads the saved answers and keeps saving them (provided once by the shell).
    pub fn start() -> SelfCheck {
        let saved = dom::local_storage()
            .and_then(|s| s.get_item(ANSWERS_KEY).ok().flatten())
            .and_then(|t| serde_json::from_str::<Answers>(&t).ok())
            .unwrap_or_default();
        let answers = RwSignal::new(saved);
        Effect::new(move |started: Option<()>| {
            let a = answers.get();
            // Saved on change only: written back at start, an empty store would wipe answers another tab (or
            // a page the app has not started on yet) saved in the meantime.
            if started.is_none() {
                return;
            }
            if let Some(s) = dom::local_storage() {
                // A device that will not keep them still has them for this visit.
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
    pub fn set(self, questionnaire: &Questionnaire, id: &str, answer: Answer) {
        self.answers.update(|a| {
            a.set(id.to_string(), answer);
            *a = questionnaire.prune(a);
        });
    }

    /// Keeps only answers that still fit the current questions (a newer questionnaire may have changed).
    pub fn clean(self, questionnaire: &Questionnaire) {
        let current = self.answers.get_untracked();
        let valid = questionnaire.clean(&current);
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

pub fn status_label(i18n: I18n, status: Status) -> String {
    i18n.text(match status {
        Status::Eligible => k::results::STATUS_ELIGIBLE,
        Status::Possible => k::results::STATUS_POSSIBLE,
        Status::NotEligible => k::results::STATUS_NOT_ELIGIBLE,
        Status::Closed => k::results::STATUS_CLOSED,
    })
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
        // No answers, nothing to attach: the contact page does not download the rules for it.
        if answers.is_empty() {
            return None;
        }
        let Some(Ok(rules)) = data.rules() else { return None };
        let q = rules.questionnaire();
        if !q.is_complete(&answers) {
            return None;
        }
        let lang = i18n.lang();
        let overview = rules.overview(&answers, dom::today());
        let summary = overview.summary();
        Some(AttachableSummary {
            json: summary.to_json(),
            outcomes: overview.verdicts().map(|(name, status)| (name.get(lang).to_string(), status_label(i18n, status))).collect(),
            answers: summary
                .answers
                .iter()
                .filter_map(|(id, a)| Some((q.question(id)?.legend.get(lang).to_string(), q.display(id, a).get(lang).to_string())))
                .collect(),
        })
    })
}
